//! Backbone staff build and run a survey in the browser: a new survey from a template, the
//! question editor (its errors beside the fields, nothing typed lost), waves and groups, closing
//! a wave (with the refresh of the indicators it feeds queued in the same transaction), and the
//! groups' QR posters.

use crate::helpers::*;
use rygrad_domain::background_job::{JobKind, JobStatus};
use rygrad_domain::invitation::InitiativeRole;
use rygrad_domain::survey::WaveStatus;
use rygrad_store::AuditActor;
use sea_orm::ConnectionTrait;
use serde_json::json;

const SURVEYS: &str = "/initiativer/alliancen/undersoegelser";

/// A private alliance with its backbone logged in.
async fn backbone() -> (TestApp, i64, Client) {
    let (app, id, _) = backbone_alliance(false).await;
    let client = app.client();
    client.login("sekretariat@example.dk", PASSWORD).await;
    (app, id, client)
}

/// The survey's id in a redirect to its editor or page.
fn survey_id(location: Option<&str>) -> i64 {
    let rest = location.unwrap().strip_prefix(&format!("{SURVEYS}/")).unwrap();
    rest.split('/').next().unwrap().parse().unwrap()
}

/// A survey made from the loneliness template through the form: its id.
async fn from_template(client: &Client) -> i64 {
    let created = client.post(&format!("{SURVEYS}/ny"), &[("title", "Ensomhed i Nordby"), ("start", "ensomhed")]).await;
    assert!(created.status.is_redirection(), "{}: {}", created.status, created.body);
    let id = survey_id(created.location.as_deref());
    assert_eq!(created.location.as_deref(), Some(format!("{SURVEYS}/{id}/rediger").as_str()));
    id
}

/// The first wave's id and its group codes, after adding the wave and groups through the page.
async fn wave_with_groups(app: &TestApp, client: &Client, id: i64, groups: &[&str]) -> (i64, Vec<String>) {
    let page = client.post(&format!("{SURVEYS}/{id}/boelger"), &[("name", "Foråret 2027"), ("baseline", "1")]).await;
    page.assert_redirect(&format!("{SURVEYS}/{id}"));
    let wave = app.store.survey_waves_of(id).await.unwrap().remove(0);
    assert!(wave.baseline && wave.status == WaveStatus::Open);
    for name in groups {
        let page = client.post(&format!("{SURVEYS}/{id}/boelger/{}/grupper", wave.id), &[("name", name)]).await;
        page.assert_redirect(&format!("{SURVEYS}/{id}"));
    }
    let codes = app.store.survey_groups_of(wave.id).await.unwrap().into_iter().map(|g| g.code).collect();
    (wave.id, codes)
}

#[tokio::test]
async fn a_survey_from_a_template_is_created_and_opens_in_its_editor() {
    let (app, initiative, client) = backbone().await;
    let list = client.get(SURVEYS).await;
    assert!(list.body.contains(&format!("href=\"{SURVEYS}/ny\"")), "the list links the new survey: {}", list.body);
    let form = client.get(&format!("{SURVEYS}/ny")).await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(form.body.contains("value=\"trivsel\"") && form.body.contains("value=\"ensomhed\""), "{}", form.body);

    let id = from_template(&client).await;
    let surveys = app.store.surveys_of(initiative).await.unwrap();
    assert_eq!(surveys.len(), 1);
    assert_eq!(surveys[0].plan.title, "Ensomhed i Nordby");
    assert_eq!(surveys[0].plan.questions.len(), 4);
    let editor = client.get(&format!("{SURVEYS}/{id}/rediger")).await;
    assert_eq!(editor.status, 200, "{}", editor.body);
    assert!(editor.body.contains(r#"name="questions[0].key" type="text" value="mangler_selskab""#), "{}", editor.body);
    assert!(editor.body.contains(&html_escape("Hvor ofte føler du dig afskåret fra andre mennesker?")));
    let log = app.store.audit_log(initiative, None, 10).await.unwrap();
    assert!(log.iter().any(|e| e.entity == "survey" && e.action == "create"));
}

#[tokio::test]
async fn a_bad_question_shows_its_error_beside_the_field_and_keeps_everything_typed() {
    let (app, initiative, client) = backbone().await;
    let blank = client.post(&format!("{SURVEYS}/ny"), &[("title", "Vores eget skema"), ("start", "tom")]).await;
    assert_eq!(blank.status, 200, "a blank survey opens in the editor unsaved: {}", blank.body);
    assert!(blank.body.contains(r#"name="questions[0].key""#), "{}", blank.body);
    assert!(app.store.surveys_of(initiative).await.unwrap().is_empty());

    let editor = format!("{SURVEYS}/ny/spoergsmaal");
    let typed = [
        ("title", "Vores eget skema"),
        ("questions[0].key", "Glad Nu!"),
        ("questions[0].text", "Hvordan har du det i dag?"),
        ("questions[0].kind", "single"),
        ("questions[0].options", "Godt\nSkidt"),
        ("questions[0].required", "1"),
        ("questions[1].key", "ro"),
        ("questions[1].text", "Er der ro i klassen?"),
        ("questions[1].kind", "likert"),
        ("questions[1].options", "Aldrig\nAltid"),
        ("questions[2].key", "alder"),
        ("questions[2].text", "Hvor gammel er du?"),
        ("questions[2].kind", "number"),
        ("questions[2].min", "ti"),
        ("questions[2].show_if", "hvem"),
    ];
    let mut fields = typed.to_vec();
    fields.push(("action", "gem"));
    let refused = client.post(&editor, &fields).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    let beside = |id: &str, message: &str| {
        let error = format!(r#"<p class="error" id="{id}-error">{}</p>"#, html_escape(message));
        assert!(refused.body.contains(&error), "{error} in {}", refused.body);
        assert!(
            refused.body.contains(&format!(r#"aria-describedby="{id}-hint {id}-error""#))
                || refused.body.contains(&format!(r#"aria-describedby="{id}-error""#))
        );
    };
    beside("q0-key", "Nøglen må kun have små bogstaver a-z, tal og _ (højst 40 tegn).");
    beside("q1-options", "En skala skal have 3 til 7 trin.");
    beside("q2-min", "Skriv et tal.");
    for kept in ["Glad Nu!", "Hvordan har du det i dag?", "Er der ro i klassen?", "Aldrig\nAltid", "ti"] {
        assert!(refused.body.contains(&html_escape(kept)), "{kept} is kept: {}", refused.body);
    }
    assert!(refused.body.contains(r#"<option value="likert" selected>"#), "{}", refused.body);
    let condition =
        refused.body.split(r#"name="questions[2].show_if""#).nth(1).unwrap().split("</select>").next().unwrap();
    assert!(condition.contains(r#"<option value="ro">ro: Er der ro i klassen?</option>"#), "{condition}");
    assert!(condition.contains(r#"<option value="hvem" selected>hvem</option>"#), "a key typed is kept: {condition}");
    assert!(app.store.surveys_of(initiative).await.unwrap().is_empty(), "nothing is saved");

    // the buttons change the form and save nothing: add a question, move it up, remove one
    let mut fields = typed.to_vec();
    fields.push(("action", "tilfoej"));
    let added = client.post(&editor, &fields).await;
    assert_eq!(added.status, 200, "{}", added.body);
    assert!(added.body.contains(r#"name="questions[3].key""#) && !added.body.contains("class=\"error\""));
    let mut fields = typed.to_vec();
    fields.push(("action", "op-1"));
    let moved = client.post(&editor, &fields).await;
    let (ro, glad) = (moved.body.find("Er der ro i klassen?").unwrap(), moved.body.find("Hvordan har du").unwrap());
    assert!(ro < glad, "question 2 moved up: {}", moved.body);
    let mut fields = typed.to_vec();
    fields.push(("action", "fjern-0"));
    let removed = client.post(&editor, &fields).await;
    assert!(!removed.body.contains("Hvordan har du det i dag?") && removed.body.contains("Er der ro i klassen?"));
    assert!(app.store.surveys_of(initiative).await.unwrap().is_empty(), "still nothing saved");

    let good = [
        ("title", "Vores eget skema"),
        ("questions[0].key", "glad"),
        ("questions[0].text", "Hvordan har du det i dag?"),
        ("questions[0].kind", "single"),
        ("questions[0].options", "Godt\r\nSkidt"),
        ("questions[0].required", "1"),
        ("questions[1].key", "hvorfor"),
        ("questions[1].text", "Hvad er svært?"),
        ("questions[1].kind", "text"),
        ("questions[1].show_if", "glad"),
        ("questions[1].show_if_answers", "2"),
        ("action", "gem"),
    ];
    let saved = client.post(&editor, &good).await;
    assert!(saved.status.is_redirection(), "{}: {}", saved.status, saved.body);
    let survey = app.store.surveys_of(initiative).await.unwrap().remove(0);
    assert_eq!(saved.location, Some(format!("{SURVEYS}/{}", survey.id)));
    assert_eq!(survey.plan.questions[0].options, ["Godt", "Skidt"]);
    assert!(!survey.plan.questions[1].required);
    assert_eq!(survey.plan.questions[1].show_if.as_ref().unwrap().answers, [2]);
    let editing = client.get(&format!("{SURVEYS}/{}/rediger", survey.id)).await;
    let first = editing.body.split(r#"name="questions[0].show_if""#).nth(1).unwrap().split("</select>").next().unwrap();
    assert_eq!(first.matches("<option").count(), 1, "nothing above the first question: {first}");
    let second =
        editing.body.split(r#"name="questions[1].show_if""#).nth(1).unwrap().split("</select>").next().unwrap();
    assert!(second.contains(r#"<option value="glad" selected>glad: Hvordan har du det i dag?</option>"#), "{second}");
    assert!(editing.body.contains("fx 1 eller 1, 3: 1 = Godt, 2 = Skidt."), "the options named: {}", editing.body);
}

#[tokio::test]
async fn an_answered_question_cannot_be_removed_and_a_change_is_a_new_version() {
    let (app, _, client) = backbone().await;
    let id = from_template(&client).await;
    let (_, codes) = wave_with_groups(&app, &client, id, &["5.A"]).await;
    let answers = json!({"code": codes[0], "answers": {"mangler_selskab": "1", "udenfor": "2", "afskaaret": "3", "uoensket_alene": "4"}});
    let (status, out) = client.send_json(reqwest::Method::POST, "/api/v1/survey-responses", None, &answers).await;
    assert_eq!(status, 201, "{out}");
    let editor = format!("{SURVEYS}/{id}/rediger");
    let page = client.get(&editor).await;
    assert!(page.body.contains("Version 1"), "{}", page.body);
    let survey = app.store.survey(id).await.unwrap().unwrap();
    let mut fields: Vec<(String, String)> = vec![("title".into(), "Ensomhed i Nordby".into())];
    // the first question left out, the second reworded
    for (i, q) in survey.plan.questions.iter().skip(1).enumerate() {
        let text = if i == 0 { "Hvor tit føler du dig holdt udenfor?" } else { q.text.as_str() };
        fields.extend([
            (format!("questions[{i}].key"), q.key.clone()),
            (format!("questions[{i}].text"), text.to_owned()),
            (format!("questions[{i}].kind"), q.kind.code().to_owned()),
            (format!("questions[{i}].options"), q.options.join("\n")),
            (format!("questions[{i}].required"), "1".into()),
        ]);
    }
    fields.push(("action".into(), "gem".into()));
    let refs: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let refused = client.post(&editor, &refs).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains(&html_escape("Et spørgsmål, der allerede er svaret på, kan ikke fjernes.")));
    assert!(refused.body.contains("Hvor tit føler du dig holdt udenfor?"), "the rewording is kept");
    assert_eq!(app.store.survey(id).await.unwrap().unwrap().version, 1);

    let mut fields: Vec<(String, String)> = fields.into_iter().filter(|(n, _)| n != "action").collect();
    let first = &survey.plan.questions[0];
    let last = survey.plan.questions.len() - 1;
    fields.extend([
        (format!("questions[{last}].key"), first.key.clone()),
        (format!("questions[{last}].text"), first.text.clone()),
        (format!("questions[{last}].kind"), "likert".into()),
        (format!("questions[{last}].options"), first.options.join("\n")),
        ("action".into(), "gem".into()),
    ]);
    let refs: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let saved = client.post(&editor, &refs).await;
    saved.assert_redirect(&format!("{SURVEYS}/{id}"));
    let survey = app.store.survey(id).await.unwrap().unwrap();
    assert_eq!(survey.version, 2);
    assert_eq!(survey.plan.questions[0].text, "Hvor tit føler du dig holdt udenfor?");
    assert_eq!(survey.plan.questions[3].key, "mangler_selskab", "moved to the end, kept");
}

#[tokio::test]
async fn waves_and_groups_are_added_on_the_survey_page_and_a_bad_name_is_shown_beside_its_field() {
    let (app, initiative, client) = backbone().await;
    let id = from_template(&client).await;
    let (wave, codes) = wave_with_groups(&app, &client, id, &["5.A", "5.B"]).await;
    assert_eq!(codes.len(), 2);
    let page = client.get(&format!("{SURVEYS}/{id}")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    for code in &codes {
        assert!(page.body.contains(&format!("<code>{code}</code>")), "{}", page.body);
    }
    assert!(
        page.body.contains("Foråret 2027") && page.body.contains("0-punktsmåling") && page.body.contains("Svar: 0")
    );
    let today = rygrad_domain::format::date(rygrad_domain::format::Lang::Da, rygrad_web::http::today());
    assert!(page.body.contains(&format!("(fra {today})")), "opened today, in Danish: {}", page.body);
    for link in ["/resultater", "/svar.csv", "/kodebog.csv", "/rediger", &format!("/boelger/{wave}/luk")] {
        assert!(page.body.contains(&format!("href=\"{SURVEYS}/{id}{link}\"")), "{link}: {}", page.body);
    }

    let refused = client.post(&format!("{SURVEYS}/{id}/boelger/{wave}/grupper"), &[("name", "   ")]).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains(&format!(r#"<p class="error" id="group-name-{wave}-error">Udfyld feltet.</p>"#)));
    let refused = client.post(&format!("{SURVEYS}/{id}/boelger"), &[("name", ""), ("baseline", "1")]).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains(r#"<p class="error" id="f-wave-name-error">Udfyld feltet.</p>"#), "{}", refused.body);
    assert!(refused.body.contains(r#"name="baseline" value="1" checked"#), "the box stays ticked");
    assert_eq!(app.store.survey_waves_of(id).await.unwrap().len(), 1);
    let log = app.store.audit_log(initiative, None, 20).await.unwrap();
    assert_eq!(log.iter().filter(|e| e.entity == "survey_group" && e.action == "create").count(), 2);
}

#[tokio::test]
async fn closing_a_wave_on_its_page_stops_its_codes_and_its_refresh_job_is_done() {
    let (app, initiative, client) = backbone().await;
    let id = from_template(&client).await;
    let (wave, codes) = wave_with_groups(&app, &client, id, &["5.A"]).await;
    let confirm = client.get(&format!("{SURVEYS}/{id}/boelger/{wave}/luk")).await;
    assert_eq!(confirm.status, 200, "{}", confirm.body);
    assert!(confirm.body.contains("Ja, luk runden"), "{}", confirm.body);
    assert_eq!(app.store.survey_wave(wave).await.unwrap().unwrap().status, WaveStatus::Open, "asking closes nothing");
    let closed = client.post(&format!("{SURVEYS}/{id}/boelger/{wave}/luk"), &[]).await;
    closed.assert_redirect(&format!("{SURVEYS}/{id}"));
    assert_eq!(app.store.survey_wave(wave).await.unwrap().unwrap().status, WaveStatus::Closed);
    assert!(app.store.open_survey_group(&codes[0]).await.unwrap().is_none(), "the code takes no answers");
    let log = app.store.audit_log(initiative, None, 20).await.unwrap();
    assert!(log.iter().any(|e| e.entity == "survey_wave" && e.action == "close"));
    // the refresh was queued with the closing and done before the page answered
    let job = app.store.claim_job("test", chrono::Duration::zero(), None).await.unwrap();
    assert!(job.is_none(), "no refresh left waiting: {job:?}");
    let overview = client.get(&format!("{SURVEYS}/{id}")).await;
    assert!(overview.body.contains(&format!("boelger/{wave}/genaabn")), "{}", overview.body);
    let reopened = client.post(&format!("{SURVEYS}/{id}/boelger/{wave}/genaabn"), &[]).await;
    reopened.assert_redirect(&format!("{SURVEYS}/{id}"));
    assert_eq!(app.store.survey_wave(wave).await.unwrap().unwrap().status, WaveStatus::Open);
    assert!(app.store.open_survey_group(&codes[0]).await.unwrap().is_some(), "the code takes answers again");
    let log = app.store.audit_log(initiative, None, 20).await.unwrap();
    assert!(log.iter().any(|e| e.entity == "survey_wave" && e.action == "open"), "the reopening is logged");
}

#[tokio::test]
async fn closing_a_wave_queues_the_feed_refresh_in_the_same_transaction() {
    let (app, initiative, _) = backbone_alliance(false).await;
    let by = AuditActor::system();
    let plan = rygrad_domain::survey_templates::loneliness().validate().unwrap();
    let survey = app.store.create_survey(initiative, &plan, &[7; 32], &by).await.unwrap();
    let wave = app.store.create_survey_wave(survey.id, "Runde 0", true, &by).await.unwrap();
    let payload = json!({"survey_id": survey.id, "user_id": null, "user_name": "test"}).to_string();
    let (closed, job) = app.store.close_survey_wave(wave.id, &payload, &by).await.unwrap();
    assert_eq!(closed.status, WaveStatus::Closed);
    let job = app.store.background_job(job.expect("a job queued with the closing")).await.unwrap().unwrap();
    assert_eq!((job.kind, job.payload.as_str()), (JobKind::SurveyFeedRefresh, payload.as_str()));
    let (_, again) = app.store.close_survey_wave(wave.id, &payload, &by).await.unwrap();
    assert_eq!(again, None, "closing a closed wave queues nothing");
    // whichever worker claims it (the server's or this one) finishes it
    rygrad_web::http::jobs::run_background_jobs(&app.state, "test").await.unwrap();
    for _ in 0..50 {
        if app.store.background_job(job.id).await.unwrap().unwrap().status == JobStatus::Done {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the refresh job was never done");
}

#[tokio::test]
async fn a_wave_whose_refresh_cannot_be_queued_is_not_closed() {
    let (app, initiative, client) = backbone().await;
    let id = from_template(&client).await;
    let (wave, codes) = wave_with_groups(&app, &client, id, &["5.A"]).await;
    let db = app.store.connection();
    // the job cannot be written (as if the process died before it was)
    db.execute_unprepared("ALTER TABLE background_jobs RENAME TO background_jobs_away").await.unwrap();
    assert_eq!(client.post(&format!("{SURVEYS}/{id}/boelger/{wave}/luk"), &[]).await.status, 500);
    assert_eq!(app.store.survey_wave(wave).await.unwrap().unwrap().status, WaveStatus::Open, "no closing without it");
    assert!(app.store.open_survey_group(&codes[0]).await.unwrap().is_some(), "the code still takes answers");
    let log = app.store.audit_log(initiative, None, 20).await.unwrap();
    assert!(!log.iter().any(|e| e.entity == "survey_wave" && e.action == "close"), "nor its log entry");

    db.execute_unprepared("ALTER TABLE background_jobs_away RENAME TO background_jobs").await.unwrap();
    client.post(&format!("{SURVEYS}/{id}/boelger/{wave}/luk"), &[]).await.assert_redirect(&format!("{SURVEYS}/{id}"));
    assert_eq!(app.store.survey_wave(wave).await.unwrap().unwrap().status, WaveStatus::Closed, "trying again works");
}

#[tokio::test]
async fn a_groups_poster_shows_its_code_and_is_a_pdf_and_a_wave_prints_one_page_per_group() {
    let (app, _, client) = backbone().await;
    let id = from_template(&client).await;
    let (wave, codes) = wave_with_groups(&app, &client, id, &["5.A", "5.B"]).await;
    let group = app.store.survey_groups_of(wave).await.unwrap().remove(0);
    let poster = format!("{SURVEYS}/{id}/boelger/{wave}/grupper/{}/plakat", group.id);
    let page = client.get(&poster).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains(&format!(r#"<p class="survey-code-big">{}</p>"#, group.code)), "{}", page.body);
    assert!(page.body.contains(&format!("{}/svar/{}", app.address, group.code)));
    assert!(page.body.contains("Scan QR-koden"), "{}", page.body);
    let qr = client.http.get(format!("{}{}", app.address, poster.replace("/plakat", "/qr.svg"))).send().await.unwrap();
    assert_eq!((qr.status().as_u16(), qr.headers()["content-type"].to_str().unwrap()), (200, "image/svg+xml"));
    assert!(qr.text().await.unwrap().starts_with("<svg"));
    assert!(page.body.contains(&format!("{}/qr.svg\"", poster.trim_end_matches("/plakat"))), "{}", page.body);

    let pdf = client.http.get(format!("{}{poster}.pdf", app.address)).send().await.unwrap();
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let bytes = pdf.bytes().await.unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(bytes.starts_with(b"%PDF-") && text.contains("/Count 1"));
    assert!(text.contains(&group.code), "the code is in the PDF");

    let all = client.http.get(format!("{}{SURVEYS}/{id}/boelger/{wave}/plakater.pdf", app.address)).send().await;
    let bytes = all.unwrap().bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-") && String::from_utf8_lossy(&bytes).contains("/Count 2"));
    assert!(codes.contains(&group.code));
}

#[tokio::test]
async fn a_member_without_manage_surveys_is_refused_and_a_form_without_csrf_changes_nothing() {
    let (app, initiative, client) = backbone().await;
    let id = from_template(&client).await;
    let (wave, _) = wave_with_groups(&app, &client, id, &["5.A"]).await;
    let (org, _) = member_organisation(&app, initiative, "klubben", "2026-01-01").await;
    let member = app.user("medlem@example.dk", false).await;
    app.store.grant_role(initiative, member, InitiativeRole::Member, Some(org), &AuditActor::system()).await.unwrap();
    let partner = app.client();
    partner.login("medlem@example.dk", PASSWORD).await;
    let group = app.store.survey_groups_of(wave).await.unwrap().remove(0);
    for path in [
        format!("{SURVEYS}/ny"),
        format!("{SURVEYS}/{id}"),
        format!("{SURVEYS}/{id}/rediger"),
        format!("{SURVEYS}/{id}/boelger/{wave}/luk"),
        format!("{SURVEYS}/{id}/boelger/{wave}/grupper/{}/plakat", group.id),
        format!("{SURVEYS}/{id}/boelger/{wave}/grupper/{}/plakat.pdf", group.id),
        format!("{SURVEYS}/{id}/boelger/{wave}/grupper/{}/qr.svg", group.id),
        format!("{SURVEYS}/{id}/boelger/{wave}/plakater.pdf"),
    ] {
        assert_eq!(partner.get(&path).await.status, 403, "{path}");
        assert_eq!(app.client().get(&path).await.status, 404, "a private alliance is not found: {path}");
    }
    let list = partner.get(SURVEYS).await;
    assert!(!list.body.contains(&format!("{SURVEYS}/ny")), "no link to what the member may not do");
    assert_eq!(partner.post(&format!("{SURVEYS}/{id}/boelger"), &[("name", "Runde 2")]).await.status, 403);
    assert_eq!(partner.post(&format!("{SURVEYS}/{id}/boelger/{wave}/luk"), &[]).await.status, 403);

    client.csrf().await;
    let no_token = client
        .http
        .post(format!("{}{SURVEYS}/{id}/boelger", app.address))
        .form(&[("name", "Runde 2")])
        .send()
        .await
        .unwrap();
    assert!(no_token.status().is_client_error(), "{}", no_token.status());
    let no_token = client.http.post(format!("{}{SURVEYS}/{id}/boelger/{wave}/luk", app.address)).send().await.unwrap();
    assert!(no_token.status().is_client_error());
    assert_eq!(app.store.survey_waves_of(id).await.unwrap().len(), 1);
    assert_eq!(app.store.survey_wave(wave).await.unwrap().unwrap().status, WaveStatus::Open);
}
