//! Answering a survey through the pages, without an account: a group's code, one question per
//! screen carried in hidden fields, the device cookie, and the results pages.

use crate::helpers::*;
use reqwest::Method;
use rygrad_domain::invitation::InitiativeRole;
use rygrad_store::AuditActor;
use serde_json::{Value, json};

struct Survey {
    app: TestApp,
    id: i64,
    wave: i64,
    code: String,
}

/// An alliance's survey: glad (Ja/Nej, required), where it goes wrong (multiple choice, shown
/// only after Nej), calm in class (a 3-point scale, optional) and a comment (optional); one
/// wave with the group 5.A.
async fn survey() -> Survey {
    let app = spawn_app().await;
    let initiative_id = initiative(&app, "alliancen", false).await;
    let user = app.user("sekretariat@example.dk", false).await;
    app.store.grant_role(initiative_id, user, InitiativeRole::Backbone, None, &AuditActor::system()).await.unwrap();
    let token = app.api_token("sekretariat@example.dk").await;
    let body = json!({
        "title": "Trivsel 2026",
        "questions": [
            {"key": "glad", "text": "Er du glad for din klasse?", "kind": "single", "options": ["Ja", "Nej"]},
            {"key": "hvor", "text": "Hvor er det svært?", "kind": "multi", "options": ["Skolegården", "Klassen", "Nettet"],
             "required": false, "show_if": {"question": "glad", "answers": ["2"]}},
            {"key": "ro", "text": "Er der ro i timerne?", "kind": "likert", "options": ["Sjældent", "Nogle gange", "Tit"], "required": false},
            {"key": "kommentar", "text": "Vil du sige mere?", "kind": "text", "required": false},
        ],
    });
    let client = app.client();
    let send = async |path: String, body: Value| {
        let (status, out) = client.send_json(Method::POST, &path, Some(&token), &body).await;
        assert_eq!(status, 201, "{path}: {out}");
        out
    };
    let id = send("/api/v1/initiatives/alliancen/surveys".into(), body).await["id"].as_i64().unwrap();
    let wave = send(format!("/api/v1/surveys/{id}/waves"), json!({"name": "Runde 0", "baseline": true})).await["id"]
        .as_i64()
        .unwrap();
    let group = send(format!("/api/v1/survey-waves/{wave}/groups"), json!({"name": "5.A"})).await;
    let code = group["code"].as_str().unwrap().to_owned();
    Survey { app, id, wave, code }
}

impl Survey {
    async fn stored(&self) -> Vec<rygrad_store::surveys::StoredResponse> {
        self.app.store.survey_responses_of(self.id).await.unwrap()
    }
}

/// Every form that posts carries the CSRF field.
fn assert_forms_have_csrf(body: &str) {
    let posting = body.matches("method=\"post\"").count();
    assert!(posting > 0, "{body}");
    assert_eq!(body.matches("name=\"_csrf\"").count(), posting, "{body}");
}

/// Posts a step of the questionnaire.
async fn step(client: &Client, code: &str, at: &str, nav: &str, answers: &[(&str, &str)]) -> Page {
    let mut fields = vec![("at", at), ("nav", nav)];
    fields.extend_from_slice(answers);
    client.post(&format!("/svar/{code}"), &fields).await
}

#[tokio::test]
async fn answering_step_by_step_stores_one_response_with_the_answers() {
    let s = survey().await;
    let client = s.app.client();
    let first = client.get(&format!("/svar/{}", s.code)).await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert!(first.body.contains("Er du glad for din klasse?"), "{}", first.body);
    assert!(first.body.contains("Spørgsmål 1 af 3") && first.body.contains("<progress"), "{}", first.body);
    assert!(!first.body.contains("value=\"back\""), "no way back from the first question");
    let second = step(&client, &s.code, "q.glad", "next", &[("a.glad", "1")]).await;
    assert_eq!(second.status, 200, "{}", second.body);
    assert!(
        second.body.contains("Er der ro i timerne?") && second.body.contains("Spørgsmål 2 af 3"),
        "{}",
        second.body
    );
    assert!(second.body.contains(r#"name="a.glad" value="1""#), "the answer so far is carried: {}", second.body);
    assert!(second.body.contains("value=\"back\""));
    let answers = [("a.glad", "1"), ("a.ro", "3"), ("a.kommentar", "Det er fint")];
    let third = step(&client, &s.code, "q.ro", "next", &answers[..2]).await;
    assert!(third.body.contains("Vil du sige mere?"), "{}", third.body);
    let summary = step(&client, &s.code, "q.kommentar", "next", &answers).await;
    assert!(summary.body.contains("Tjek dine svar") && summary.body.contains("Det er fint"), "{}", summary.body);
    assert!(summary.body.contains("value=\"send\""));
    assert!(s.stored().await.is_empty(), "nothing is stored before Send");
    let sent = step(&client, &s.code, "opsummering", "send", &answers).await;
    sent.assert_redirect("/svar/tak");
    let stored = s.stored().await;
    assert_eq!(stored.len(), 1);
    assert_eq!(
        serde_json::to_value(&stored[0].answers).unwrap(),
        json!({"glad": "1", "ro": "3", "kommentar": "Det er fint"})
    );
}

#[tokio::test]
async fn going_back_keeps_the_answer_typed() {
    let s = survey().await;
    let client = s.app.client();
    let back = step(&client, &s.code, "q.ro", "back", &[("a.glad", "2"), ("a.ro", "2")]).await;
    assert!(back.body.contains("Hvor er det svært?"), "back to the conditional question: {}", back.body);
    assert!(back.body.contains(r#"name="a.ro" value="2""#), "{}", back.body);
}

#[tokio::test]
async fn a_conditional_question_is_skipped_when_hidden_and_asked_when_shown() {
    let s = survey().await;
    let client = s.app.client();
    let yes = step(&client, &s.code, "q.glad", "next", &[("a.glad", "1")]).await;
    assert!(!yes.body.contains("Hvor er det svært?") && yes.body.contains("Er der ro i timerne?"), "{}", yes.body);
    let no = step(&client, &s.code, "q.glad", "next", &[("a.glad", "2")]).await;
    assert!(no.body.contains("Hvor er det svært?") && no.body.contains("Spørgsmål 2 af 4"), "{}", no.body);
}

#[tokio::test]
async fn a_wrong_option_is_refused_beside_the_question_with_the_other_answers_kept() {
    let s = survey().await;
    let client = s.app.client();
    let page = step(&client, &s.code, "q.ro", "next", &[("a.glad", "1"), ("a.ro", "9")]).await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(page.body.contains("Er der ro i timerne?"), "{}", page.body);
    assert!(page.body.contains("Svaret er ikke en af svarmulighederne."), "{}", page.body);
    assert!(page.body.contains(r#"name="a.glad" value="1""#), "{}", page.body);
    let sent = step(&client, &s.code, "opsummering", "send", &[("a.glad", "1"), ("a.ro", "9")]).await;
    assert_eq!(sent.status, 422);
    assert!(sent.body.contains("Svaret er ikke en af svarmulighederne."), "{}", sent.body);
    assert!(s.stored().await.is_empty());
}

#[tokio::test]
async fn a_required_question_left_out_is_asked_again() {
    let s = survey().await;
    let page = step(&s.app.client(), &s.code, "q.glad", "next", &[]).await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains("Er du glad for din klasse?") && page.body.contains("class=\"error\""), "{}", page.body);
}

#[tokio::test]
async fn the_device_cookie_stops_a_second_answer_but_not_another_device() {
    let s = survey().await;
    let client = s.app.client();
    let answers = [("a.glad", "1")];
    step(&client, &s.code, "opsummering", "send", &answers).await.assert_redirect("/svar/tak");
    let again = client.get(&format!("/svar/{}", s.code)).await;
    assert!(again.body.contains("Du har allerede svaret – tak!"), "{}", again.body);
    let other = s.app.client().get(&format!("/svar/{}", s.code)).await;
    assert!(other.body.contains("Er du glad for din klasse?"), "never the first device's page from the page cache");
    let resent = step(&client, &s.code, "opsummering", "send", &answers).await;
    assert!(resent.body.contains("Du har allerede svaret – tak!"), "{}", resent.body);
    assert_eq!(s.stored().await.len(), 1);
    step(&s.app.client(), &s.code, "opsummering", "send", &answers).await.assert_redirect("/svar/tak");
    assert_eq!(s.stored().await.len(), 2);
}

#[tokio::test]
async fn a_forged_device_cookie_does_not_stop_an_answer() {
    let s = survey().await;
    let client = s.app.client();
    let url: reqwest::Url = client.base.parse().unwrap();
    let group = s.app.store.survey_groups_of(s.wave).await.unwrap()[0].id;
    client.jar().add_cookie_str(&format!("rygrad_svar_{group}=00ff"), &url);
    let page = client.get(&format!("/svar/{}", s.code)).await;
    assert!(page.body.contains("Er du glad for din klasse?"), "{}", page.body);
}

#[tokio::test]
async fn a_code_is_read_however_typed_and_an_unknown_code_is_told() {
    let s = survey().await;
    let client = s.app.client();
    let typed = format!("{}-{} ", s.code[..3].to_lowercase(), &s.code[3..]);
    let found = client.get(&format!("/svar?kode={}", typed.replace(' ', "%20"))).await;
    found.assert_redirect(&format!("/svar/{}", s.code));
    let unknown = client.get("/svar?kode=zz-zz-zz").await;
    assert_eq!(unknown.status, 404);
    assert!(unknown.body.contains("Koden findes ikke"), "{}", unknown.body);
    assert!(unknown.body.contains("value=\"zz-zz-zz\""), "what was typed is kept: {}", unknown.body);
    assert_eq!(client.get("/svar/ABCDEF").await.status, 404);
}

#[tokio::test]
async fn every_form_of_the_answering_pages_has_the_csrf_field() {
    let s = survey().await;
    let client = s.app.client();
    assert_forms_have_csrf(&client.get(&format!("/svar/{}", s.code)).await.body);
    assert_forms_have_csrf(&step(&client, &s.code, "q.glad", "next", &[("a.glad", "2")]).await.body);
    assert_forms_have_csrf(&step(&client, &s.code, "q.glad", "next", &[]).await.body);
    assert_forms_have_csrf(&step(&client, &s.code, "q.kommentar", "next", &[("a.glad", "1")]).await.body);
}

#[tokio::test]
async fn a_step_without_the_csrf_token_is_refused() {
    let s = survey().await;
    let client = s.app.client();
    client.csrf().await;
    let url = format!("{}/svar/{}", client.base, s.code);
    let response =
        client.http.post(url).form(&[("at", "opsummering"), ("nav", "send"), ("a.glad", "1")]).send().await.unwrap();
    assert!(response.status().is_client_error());
    assert!(s.stored().await.is_empty());
}

#[tokio::test]
async fn a_panel_survey_asks_for_the_code_word_first_and_refuses_a_short_one() {
    let s = survey().await;
    let token = s.app.api_token("sekretariat@example.dk").await;
    let patch = json!({"panel": true});
    let (status, out) =
        s.app.client().send_json(Method::PATCH, &format!("/api/v1/surveys/{}", s.id), Some(&token), &patch).await;
    assert_eq!(status, 200, "{out}");
    let client = s.app.client();
    let first = client.get(&format!("/svar/{}", s.code)).await;
    assert!(first.body.contains("Find på et kodeord, du kan huske til næste år."), "{}", first.body);
    let short = step(&client, &s.code, "kodeord", "next", &[("kodeord", "abc")]).await;
    assert_eq!(short.status, 422);
    assert!(short.body.contains("mindst 4 tegn") && short.body.contains("value=\"abc\""), "{}", short.body);
    let next = step(&client, &s.code, "kodeord", "next", &[("kodeord", "Hest1234")]).await;
    assert!(next.body.contains("Er du glad for din klasse?"), "{}", next.body);
    step(&client, &s.code, "opsummering", "send", &[("kodeord", "Hest1234"), ("a.glad", "1")])
        .await
        .assert_redirect("/svar/tak");
    let stored = s.stored().await;
    assert_eq!(stored.len(), 1);
}

impl Survey {
    /// A new group of the wave, with `yes` answers of Ja and `no` of Nej (through the API).
    async fn group_with_answers(&self, name: &str, yes: usize, no: usize) -> String {
        let token = self.app.api_token("sekretariat@example.dk").await;
        let client = self.app.client();
        let path = format!("/api/v1/survey-waves/{}/groups", self.wave);
        let (status, group) = client.send_json(Method::POST, &path, Some(&token), &json!({"name": name})).await;
        assert_eq!(status, 201, "{group}");
        let code = group["code"].as_str().unwrap().to_owned();
        for i in 0..yes + no {
            let glad = if i < yes { "1" } else { "2" };
            let body = json!({"code": code, "answers": {"glad": glad, "kommentar": format!("Tekst {name} {i}")}});
            let (status, out) = client.send_json(Method::POST, "/api/v1/survey-responses", None, &body).await;
            assert_eq!(status, 201, "{out}");
        }
        code
    }

    /// A browser logged in as the backbone's staff member.
    async fn backbone(&self) -> Client {
        let client = self.app.client();
        client.login("sekretariat@example.dk", PASSWORD).await;
        client
    }

    fn results_path(&self) -> String {
        format!("/initiativer/alliancen/undersoegelser/{}/resultater?boelge={}", self.id, self.wave)
    }
}

#[tokio::test]
async fn the_results_page_shows_a_groups_first_ten_free_texts_and_how_many_more() {
    let s = survey().await;
    s.group_with_answers("5.B", 8, 5).await;
    s.group_with_answers("5.C", 6, 0).await;
    let page = s.backbone().await.get(&s.results_path()).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let first: Vec<usize> = (0..13).filter(|i| page.body.contains(&format!("<li>Tekst 5.B {i}</li>"))).collect();
    assert_eq!(first, (0..10).collect::<Vec<_>>(), "the first ten in the order they came");
    assert!(page.body.contains("og 3 tekster mere"), "{}", page.body);
    assert!((0..6).all(|i| page.body.contains(&format!("<li>Tekst 5.C {i}</li>"))), "{}", page.body);
    let details = page.body.split("<details class=\"survey-free-text\">").nth(1).expect("the texts collapsed");
    assert!(details.starts_with("\n    <summary>Fritekst fra 2 grupper</summary>"), "{details}");
    assert!(details[..details.find("</details>").unwrap()].contains("<li>Tekst 5.C 5</li>"), "{details}");
}

#[tokio::test]
async fn the_chart_draws_the_groups_of_a_school_but_only_everyone_beside_the_tables_of_more() {
    let s = survey().await;
    for class in 1..=24 {
        s.group_with_answers(&format!("Klasse {class:02}"), 3, 2).await;
    }
    let backbone = s.backbone().await;
    let page = backbone.get(&s.results_path()).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("<title>Alle: ") && page.body.contains("<title>Klasse 24: "), "{}", page.body);
    s.group_with_answers("Klasse 25", 3, 2).await;
    let page = backbone.get(&s.results_path()).await;
    assert!(page.body.contains("<title>Alle: "), "{}", page.body);
    assert!(!page.body.contains("<title>Klasse"), "no group in the chart");
    assert!(page.body.contains("Andel for alle med 95 %-konfidensinterval"), "{}", page.body);
    for class in ["Klasse 01", "Klasse 25"] {
        assert_eq!(
            results_row(&page.body, class, 0),
            ["5", "60 % (23,1–88,2)", "40 % (11,8–76,9)"],
            "{class}: a row of the table"
        );
    }
}

#[tokio::test]
async fn the_results_page_shows_fifty_groups_a_page_with_everyone_on_each() {
    let s = survey().await;
    // with 5.A, the fixture's group (no answers): 51 groups
    for class in 1..=50 {
        s.group_with_answers(&format!("Klasse {class:02}"), 3, 2).await;
    }
    let backbone = s.backbone().await;
    let first = backbone.get(&s.results_path()).await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert!(first.body.contains("grupperne 1–50 af 51"), "{}", first.body);
    assert_eq!(results_row(&first.body, "Alle", 0)[0], "250", "everyone counts every group");
    assert_eq!(results_row(&first.body, "Klasse 49", 0)[0], "5");
    assert!(results_row(&first.body, "Klasse 50", 0).is_empty(), "the 51st group is on the next page");
    assert!(
        first.body.contains("Tekst Klasse 49 0") && !first.body.contains("Tekst Klasse 50"),
        "free text of the page"
    );
    let next = format!("?boelge={}&#38;gruppering=group&#38;side=2", s.wave);
    assert!(first.body.contains(&format!("href=\"{next}\" rel=\"next\"")), "{}", first.body);
    let second = backbone.get(&format!("{}&side=2", s.results_path())).await;
    assert!(second.body.contains("grupperne 51–51 af 51"), "{}", second.body);
    assert_eq!(results_row(&second.body, "Alle", 0)[0], "250");
    assert_eq!(results_row(&second.body, "Klasse 50", 0), ["5", "60 % (23,1–88,2)", "40 % (11,8–76,9)"]);
    assert!(results_row(&second.body, "Klasse 01", 0).is_empty());
    assert!(second.body.contains("Tekst Klasse 50 0") && !second.body.contains("Tekst Klasse 01 "), "{}", second.body);
    let beyond = backbone.get(&format!("{}&side=99", s.results_path())).await;
    assert_eq!(results_row(&beyond.body, "Klasse 50", 0)[0], "5", "a page beyond the last is the last");
}

/// The cells of `name`'s row in the `nth` table of the results page: its answers, then its
/// shares (or its changes); empty when the table has no such row.
pub(crate) fn results_row(body: &str, name: &str, nth: usize) -> Vec<String> {
    let table = body.split("<table class=\"survey-table\">").nth(nth + 1).expect("the table");
    let table = &table[..table.find("</table>").unwrap()];
    let start = format!("<tr><th scope=\"row\">{name}</th>");
    let Some(at) = table.find(&start) else { return Vec::new() };
    let row = &table[at + start.len()..];
    let row = &row[..row.find("</tr>").unwrap()];
    row.split("</td>").filter_map(|cell| cell.split_once('>').map(|(_, text)| text.to_owned())).collect()
}

#[tokio::test]
async fn the_results_page_hides_a_group_under_5_and_its_partner() {
    let s = survey().await;
    s.group_with_answers("5.B", 6, 4).await;
    s.group_with_answers("5.C", 4, 3).await;
    s.group_with_answers("5.D", 2, 1).await;
    let backbone = s.backbone().await;
    let page = backbone.get(&s.results_path()).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(results_row(&page.body, "5.B", 0), ["10", "60 % (31,3–83,2)", "40 % (16,8–68,7)"], "{}", page.body);
    assert_eq!(results_row(&page.body, "Alle", 0)[0], "20", "everyone first");
    assert!(page.body.contains("Wilson"), "{}", page.body);
    for hidden in ["5.C", "5.D"] {
        assert_eq!(results_row(&page.body, hidden, 0), ["Færre end 5 svar"], "{hidden}: {}", page.body);
        assert!(!page.body.contains(&format!("{hidden}: ")), "{hidden} is in no chart: {}", page.body);
    }
    assert!(page.body.contains("Tekst 5.B 0"), "the backbone reads free text of a group of 5 or more");
    assert!(!page.body.contains("Tekst 5.C") && !page.body.contains("Tekst 5.D"), "{}", page.body);
    assert!(page.body.contains("Svar i alt:</strong> 20"), "{}", page.body);
}

#[tokio::test]
async fn the_results_pages_are_not_found_for_outsiders() {
    let s = survey().await;
    let outsider = s.app.logged_in("nabo@example.dk", false).await;
    assert_eq!(outsider.get(&s.results_path()).await.status, 404);
    assert_eq!(outsider.get("/initiativer/alliancen/undersoegelser").await.status, 404);
    assert_eq!(s.app.client().get(&s.results_path()).await.status, 404);
}

#[tokio::test]
async fn the_list_shows_the_waves_and_the_groups_codes_to_the_backbone() {
    let s = survey().await;
    let backbone = s.backbone().await;
    let page = backbone.get("/initiativer/alliancen/undersoegelser").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Trivsel 2026") && page.body.contains("Runde 0"), "{}", page.body);
    assert!(page.body.contains(&s.code), "{}", page.body);
    assert!(page.body.contains(&format!("resultater?boelge={}", s.wave)), "{}", page.body);
    let csv = backbone.get(&format!("/initiativer/alliancen/undersoegelser/{}/svar.csv", s.id)).await;
    assert_eq!(csv.status, 200);
}

#[tokio::test]
async fn a_closed_wave_tells_the_respondent_and_stores_nothing() {
    let s = survey().await;
    let token = s.app.api_token("sekretariat@example.dk").await;
    let path = format!("/api/v1/survey-waves/{}/close", s.wave);
    let (status, out) = s.app.client().send_json(Method::POST, &path, Some(&token), &json!({})).await;
    assert_eq!(status, 200, "{out}");
    let client = s.app.client();
    let page = client.get(&format!("/svar/{}", s.code)).await;
    assert_eq!(page.status, 404);
    assert!(page.body.contains("Koden findes ikke, eller spørgeskemaet er lukket for svar."), "{}", page.body);
    let sent = step(&client, &s.code, "opsummering", "send", &[("a.glad", "1")]).await;
    assert_eq!(sent.status, 404);
    assert!(s.stored().await.is_empty());
}

#[tokio::test]
async fn a_free_text_too_long_is_refused_beside_the_question() {
    let s = survey().await;
    let long = "a".repeat(100_000);
    let page = step(&s.app.client(), &s.code, "q.kommentar", "next", &[("a.glad", "1"), ("a.kommentar", &long)]).await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains("Svaret er for langt"), "{}", &page.body[..2000.min(page.body.len())]);
    assert!(s.stored().await.is_empty());
}

#[tokio::test]
async fn the_results_page_groups_by_the_answer_to_a_question() {
    let s = survey().await;
    s.group_with_answers("5.B", 6, 6).await;
    let page = s.backbone().await.get(&format!("{}&gruppering=glad", s.results_path())).await;
    assert_eq!(page.status, 200, "{}", page.body);
    for answer in ["Ja", "Nej"] {
        assert_eq!(results_row(&page.body, answer, 0)[0], "6", "{answer}: {}", page.body);
    }
    assert!(!page.body.contains("Tekst 5.B"), "no free text when grouped by an answer");
    let bad = s.backbone().await.get(&format!("{}&gruppering=kommentar", s.results_path())).await;
    assert_eq!(bad.status, 404);
}
