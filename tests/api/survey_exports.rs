//! The surveys' exports for researchers (the answers as CSV and as XLSX with the codebook on a
//! second sheet, the codebook as CSV) under the results' suppression, and the rate limit on
//! answers: a class behind one address gets through, a flood of its code is stopped and cannot
//! shut the class out.

use crate::helpers::*;
use crate::surveys::{answer, answer_many, create_group, create_survey, create_wave, responses_stored};
use reqwest::Method;
use serde_json::{Value, json};

/// An API file: its status, content type and bytes.
async fn download(app: &TestApp, path: &str, token: &str) -> (u16, String, Vec<u8>) {
    let response =
        reqwest::Client::new().get(format!("{}/api/v1{path}", app.address)).bearer_auth(token).send().await.unwrap();
    let status = response.status().as_u16();
    let kind = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (status, kind, response.bytes().await.unwrap().to_vec())
}

/// A CSV file's header and rows, as a spreadsheet user would read them.
fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let table = rygrad_sheets::read(bytes, "svar.csv").unwrap();
    assert_eq!(table.separator, Some(';'));
    std::iter::once(table.header).chain(table.rows.into_iter().map(|r| r.cells)).collect()
}

/// Every sheet of a workbook by name, its cells as text (numbers as written: 1, 12.5).
fn xlsx_sheets(bytes: Vec<u8>) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range.rows().map(|row| row.iter().map(|cell| cell.to_string()).collect()).collect();
            (name, rows)
        })
        .collect()
}

/// One wave: 5.A with 10 answers (shown), 5.B with one (hidden, and its free text names a
/// pupil) and 5.C with 6 (hidden beside 5.B, so that 5.B cannot be worked out).
async fn wave_with_a_small_group(app: &TestApp, token: &str) -> i64 {
    let survey = create_survey(app, token, false).await;
    let wave = create_wave(app, token, survey, "Runde 0").await;
    let (big, small, other) = (
        create_group(app, token, wave, "5.A").await,
        create_group(app, token, wave, "5.B").await,
        create_group(app, token, wave, "5.C").await,
    );
    answer_many(app, &big, 5, 5).await;
    answer_many(app, &other, 3, 3).await;
    let (status, out) = answer(app, &small, json!({"glad": "1", "kommentar": "Jeg hedder Ida"})).await;
    assert_eq!(status, 201, "{out}");
    survey
}

#[tokio::test]
async fn the_answers_as_csv_and_as_xlsx_blank_suppressed_groups_alike() {
    let (app, _, token) = backbone_alliance(false).await;
    let survey = wave_with_a_small_group(&app, &token).await;
    let (status, kind, csv) = download(&app, &format!("/surveys/{survey}/responses/export?format=csv"), &token).await;
    assert_eq!((status, kind.as_str()), (200, "text/csv; charset=utf-8"));
    let rows = csv_rows(&csv);
    assert_eq!(rows[0], ["wave", "group", "glad", "ro", "kommentar"]);
    assert_eq!(rows.len(), 1 + 17, "one row per response, and no codebook below them");
    assert_eq!(rows.iter().filter(|r| r[1] == "5.A").count(), 10);
    assert_eq!(rows.iter().filter(|r| r[1].is_empty()).count(), 7, "5.B and 5.C blanked");
    let text = String::from_utf8(csv.clone()).unwrap();
    assert!(!text.contains("5.B") && !text.contains("5.C"), "{text}");
    assert!(!text.contains("Ida"), "free text of a hidden group is left out");
    assert!(text.contains("Svar 0"), "the shown group's free text is there");

    let (status, kind, xlsx) = download(&app, &format!("/surveys/{survey}/responses/export?format=xlsx"), &token).await;
    assert_eq!((status, kind.as_str()), (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
    let sheets = xlsx_sheets(xlsx);
    let names: Vec<&str> = sheets.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["Svar", "Kodebog"]);
    assert_eq!(sheets[0].1, rows, "the spreadsheet's answers are the CSV's, cell for cell");
    let (status, _, codebook) = download(&app, &format!("/surveys/{survey}/codebook.csv"), &token).await;
    assert_eq!(status, 200);
    assert_eq!(sheets[1].1, csv_rows(&codebook), "the second sheet is the codebook");

    let (status, _, _) = download(&app, &format!("/surveys/{survey}/responses/export?format=pdf"), &token).await;
    assert_eq!(status, 400, "csv or xlsx only");
}

#[tokio::test]
async fn the_codebook_explains_each_question_its_options_range_condition_and_version() {
    let (app, _, token) = backbone_alliance(false).await;
    let questions = json!([
        {"key": "glad", "text": "Er du glad for din klasse?", "text_en": "Do you like your class?", "kind": "single",
         "options": ["Ja", "Nej"], "section": "Klassen"},
        {"key": "hvorfor", "text": "Hvad er svært?", "kind": "multi", "options": ["Frikvarteret", "Timerne"],
         "required": false, "show_if": {"question": "glad", "answers": ["2"]}},
        {"key": "ro", "text": "Er der ro i timerne?", "kind": "likert", "options": ["Sjældent", "Nogle gange", "Tit", "Altid"]},
    ]);
    let (status, created) = app
        .client()
        .send_json(
            Method::POST,
            "/api/v1/initiatives/alliancen/surveys",
            Some(&token),
            &json!({"title": "Trivsel", "questions": questions}),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let survey = created["id"].as_i64().unwrap();
    let mut more = questions.as_array().unwrap().clone();
    more.push(json!({"key": "alder", "text": "Hvor gammel er du?", "kind": "number", "min": 6, "max": 18.5, "required": false}));
    let (status, changed) = app
        .client()
        .send_json(Method::PATCH, &format!("/api/v1/surveys/{survey}"), Some(&token), &json!({"questions": more}))
        .await;
    assert_eq!((status.as_u16(), changed["version"].clone()), (200, json!(2)), "{changed}");

    let (status, kind, csv) = download(&app, &format!("/surveys/{survey}/codebook.csv"), &token).await;
    assert_eq!((status, kind.as_str()), (200, "text/csv; charset=utf-8"));
    let rows = csv_rows(&csv);
    let header = [
        "question",
        "kind",
        "option",
        "label",
        "text_da",
        "text_en",
        "section",
        "min",
        "max",
        "shown_if_question",
        "shown_if_answers",
        "required",
        "version",
    ];
    assert_eq!(rows[0], header);
    let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    let find = |key: &str, option: &str| rows.iter().find(|r| r[0] == key && r[2] == option).unwrap().clone();
    assert_eq!(
        find("glad", ""),
        row(&[
            "glad",
            "single",
            "",
            "",
            "Er du glad for din klasse?",
            "Do you like your class?",
            "Klassen",
            "",
            "",
            "",
            "",
            "yes",
            "2"
        ])
    );
    assert_eq!(find("glad", "2"), row(&["glad", "single", "2", "Nej", "", "", "", "", "", "", "", "", "2"]));
    let condition = find("hvorfor", "");
    assert_eq!((condition[9].as_str(), condition[10].as_str(), condition[11].as_str()), ("glad", "2", "no"));
    let scale = find("ro", "");
    assert_eq!((scale[7].as_str(), scale[8].as_str()), ("1", "4"), "a scale's points");
    assert_eq!(find("ro", "4")[3], "Altid");
    let number = find("alder", "");
    assert_eq!((number[7].as_str(), number[8].as_str()), ("6", "18.5"), "a number's range");
    assert_eq!(rows.len(), 1 + 4 + 2 + 2 + 4, "a row per question and per option");
}

#[tokio::test]
async fn a_wave_under_5_answers_in_all_is_left_out_of_the_export() {
    let (app, _, token) = backbone_alliance(false).await;
    let survey = create_survey(&app, &token, false).await;
    let baseline = create_wave(&app, &token, survey, "Runde 0").await;
    let later = create_wave(&app, &token, survey, "Runde 1").await;
    answer_many(&app, &create_group(&app, &token, baseline, "5.A").await, 4, 4).await;
    answer_many(&app, &create_group(&app, &token, later, "5.A").await, 2, 1).await;
    let (status, results) =
        app.client().get_json(&format!("/api/v1/surveys/{survey}/results?wave_id={later}"), Some(&token)).await;
    assert_eq!((status.as_u16(), results["total"].clone()), (200, Value::Null), "the results hide the wave's total");
    let (_, _, csv) = download(&app, &format!("/surveys/{survey}/responses/export?format=csv"), &token).await;
    let rows = csv_rows(&csv);
    assert_eq!(rows.iter().filter(|r| r[0] == "Runde 0").count(), 8);
    assert_eq!(rows.iter().filter(|r| r[0] == "Runde 1").count(), 0, "no row count gives the hidden total away");
}

/// Waits, if the rate limit's ten-minute window ends within a minute, until the next begins,
/// so that a test counting up to the limit stays in one window.
async fn in_one_rate_window() {
    let into = chrono::Utc::now().timestamp().rem_euclid(600);
    if into > 540 {
        tokio::time::sleep(std::time::Duration::from_secs((600 - into + 1) as u64)).await;
    }
}

/// An answer to the group with `code` from a browser at `client`'s address.
async fn answer_from(client: &Client, code: &str) -> (u16, Value) {
    let body = json!({"code": code, "answers": {"glad": "1"}});
    let (status, out) = client.send_json(Method::POST, "/api/v1/survey-responses", None, &body).await;
    (status.as_u16(), out)
}

#[tokio::test]
async fn a_class_behind_one_address_gets_through_and_a_flood_of_its_code_is_stopped() {
    let (app, _, token) =
        backbone_alliance_with(false, |c| c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]).await;
    let survey = create_survey(&app, &token, false).await;
    let wave = create_wave(&app, &token, survey, "Runde 0").await;
    let (class, next_door) =
        (create_group(&app, &token, wave, "5.A").await, create_group(&app, &token, wave, "5.B").await);
    in_one_rate_window().await;
    // the whole class at once, behind the school's one address
    let school = "198.51.100.7";
    let tasks: Vec<_> = (0..60)
        .map(|_| {
            let (client, code) = (app.client_at(school), class.clone());
            tokio::spawn(async move { answer_from(&client, &code).await.0 })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), 201);
    }
    // someone at home floods the class's code
    let flooder = app.client_at("203.0.113.66");
    for _ in 0..100 {
        assert_eq!(answer_from(&flooder, &class).await.0, 201);
    }
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/survey-responses", app.address))
        .header("x-forwarded-for", "203.0.113.66")
        .json(&json!({"code": class, "answers": {"glad": "1"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    let wait: i64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=600).contains(&wait), "{wait}");
    let refused: Value = response.json().await.unwrap();
    assert_eq!(refused["error"], "too_many_requests");
    assert!(refused["message"].as_str().unwrap().contains("Vent et par minutter"), "{refused}");
    assert_eq!(responses_stored(&app, wave).await, 160, "the flood stopped at 100");
    // the flood did not use up the class's answers: a late pupil still gets through
    let pupil = app.client_at(school);
    assert_eq!(answer_from(&pupil, &class).await.0, 201);
    // a flood from the school's own address holds back that group only
    for _ in 0..39 {
        assert_eq!(answer_from(&pupil, &class).await.0, 201);
    }
    assert_eq!(answer_from(&pupil, &class).await.0, 429);
    assert_eq!(answer_from(&pupil, &next_door).await.0, 201, "the class next door answers");
    assert_eq!(responses_stored(&app, wave).await, 201);
}

#[tokio::test]
async fn a_send_over_the_limit_shows_the_summary_again_with_the_answers_kept() {
    let (app, _, token) = backbone_alliance(false).await;
    let survey = create_survey(&app, &token, false).await;
    let wave = create_wave(&app, &token, survey, "Runde 0").await;
    let code = create_group(&app, &token, wave, "5.A").await;
    in_one_rate_window().await;
    answer_many(&app, &code, 100, 0).await;
    let browser = app.client();
    assert_eq!(browser.get(&format!("/svar/{code}")).await.status, 200);
    let fields = [("at", "opsummering"), ("nav", "send"), ("a.glad", "2"), ("a.kommentar", "Det er fint")];
    let page = browser.post(&format!("/svar/{code}"), &fields).await;
    assert_eq!(page.status, 429, "{}", page.body);
    assert!(page.body.contains("Tjek dine svar") && page.body.contains("Vent et par minutter"), "{}", page.body);
    assert!(page.body.contains("name=\"a.glad\" value=\"2\""), "the answers ride along: {}", page.body);
    assert!(page.body.contains("value=\"Det er fint\""), "{}", page.body);
    assert_eq!(responses_stored(&app, wave).await, 100);
}

#[tokio::test]
async fn the_results_page_links_each_download_under_a_danish_name() {
    let (app, _, token) = backbone_alliance(false).await;
    let survey = wave_with_a_small_group(&app, &token).await;
    let backbone = app.client();
    backbone.login("sekretariat@example.dk", PASSWORD).await;
    let base = format!("/initiativer/alliancen/undersoegelser/{survey}");
    let page = backbone.get(&format!("{base}/resultater")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    for (file, name) in [
        ("svar.csv", format!("spoergeskema-{survey}-svar.csv")),
        ("svar.xlsx", format!("spoergeskema-{survey}-svar.xlsx")),
        ("kodebog.csv", format!("spoergeskema-{survey}-kodebog.csv")),
    ] {
        assert!(page.body.contains(&format!("href=\"{base}/{file}\"")), "{file}: {}", page.body);
        let response = backbone.http.get(format!("{}{base}/{file}", app.address)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{file}");
        let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
        assert_eq!(disposition, format!("attachment; filename=\"{name}\""));
    }
    let sheets = xlsx_sheets(
        backbone
            .http
            .get(format!("{}{base}/svar.xlsx", app.address))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap()
            .to_vec(),
    );
    assert_eq!(sheets[0].1.iter().filter(|r| r[1].is_empty()).count(), 7, "the page's file blanks as the API's does");
}
