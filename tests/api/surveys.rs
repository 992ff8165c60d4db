//! Surveys through the API: building one, waves and groups, anonymous answers (and what is
//! never stored with them), suppressed results, the export and who may see what.

use crate::helpers::*;
use reqwest::{Method, StatusCode};
use rygrad_domain::invitation::InitiativeRole;
use rygrad_store::AuditActor;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

/// Glad (yes/no, required), a 3-point scale (optional) and a comment (optional free text).
fn survey_body(panel: bool) -> Value {
    json!({
        "title": "Trivsel 2026",
        "panel": panel,
        "questions": [
            {"key": "glad", "text": "Er du glad for din klasse?", "kind": "single", "options": ["Ja", "Nej"]},
            {"key": "ro", "text": "Er der ro i timerne?", "kind": "likert", "options": ["Sjældent", "Nogle gange", "Tit"], "required": false},
            {"key": "kommentar", "text": "Vil du sige mere?", "kind": "text", "required": false},
        ],
    })
}

async fn post(app: &TestApp, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
    app.client().send_json(Method::POST, path, token, &body).await
}

async fn created(app: &TestApp, path: &str, token: &str, body: Value) -> Value {
    let (status, out) = post(app, path, Some(token), body).await;
    assert_eq!(status, 201, "{path}: {out}");
    assert!(out["id"].as_i64().is_some(), "{out}");
    out
}

async fn create_survey(app: &TestApp, token: &str, panel: bool) -> i64 {
    created(app, "/api/v1/initiatives/alliancen/surveys", token, survey_body(panel)).await["id"].as_i64().unwrap()
}

async fn create_wave(app: &TestApp, token: &str, survey: i64, name: &str) -> i64 {
    let body = json!({"name": name, "baseline": name.contains("0")});
    created(app, &format!("/api/v1/surveys/{survey}/waves"), token, body).await["id"].as_i64().unwrap()
}

/// A group's code.
async fn create_group(app: &TestApp, token: &str, wave: i64, name: &str) -> String {
    let group = created(app, &format!("/api/v1/survey-waves/{wave}/groups"), token, json!({"name": name})).await;
    group["code"].as_str().unwrap().to_owned()
}

async fn answer(app: &TestApp, code: &str, answers: Value) -> (StatusCode, Value) {
    post(app, "/api/v1/survey-responses", None, json!({"code": code, "answers": answers})).await
}

/// `yes` answers of Ja and `no` of Nej to the group with `code`.
async fn answer_many(app: &TestApp, code: &str, yes: usize, no: usize) {
    for i in 0..yes + no {
        let glad = if i < yes { "1" } else { "2" };
        let (status, out) = answer(app, code, json!({"glad": glad, "ro": "3", "kommentar": format!("Svar {i}")})).await;
        assert_eq!(status, 201, "{out}");
    }
}

async fn responses_stored(app: &TestApp, wave: i64) -> u64 {
    app.store.survey_counts_by_group(wave).await.unwrap().total
}

#[tokio::test]
async fn results_hide_a_small_group_and_its_complement_but_show_the_total() {
    let (app, _, token) = backbone_alliance(false).await;
    let survey = create_survey(&app, &token, false).await;
    let wave = create_wave(&app, &token, survey, "Runde 0").await;
    let a = create_group(&app, &token, wave, "5.A").await;
    let b = create_group(&app, &token, wave, "5.B").await;
    let c = create_group(&app, &token, wave, "5.C").await;
    answer_many(&app, &a, 6, 4).await;
    answer_many(&app, &b, 4, 3).await;
    answer_many(&app, &c, 2, 1).await;
    let (status, results) =
        app.client().get_json(&format!("/api/v1/surveys/{survey}/results?wave_id={wave}"), Some(&token)).await;
    assert_eq!(status, 200, "{results}");
    assert_eq!(results["total"], 20);
    assert!(results["method"].as_str().unwrap().contains("Wilson"));
    let groups = results["groups"].as_array().unwrap();
    let by_name = |name: &str| groups.iter().find(|g| g["name"] == name).unwrap().clone();
    let (shown, partner, small) = (by_name("5.A"), by_name("5.B"), by_name("5.C"));
    assert_eq!((shown["n"].clone(), shown["suppressed"].clone()), (json!(10), json!(false)));
    assert_eq!((small["n"].clone(), small["suppressed"].clone()), (Value::Null, json!(true)), "under 5");
    assert_eq!((partner["n"].clone(), partner["suppressed"].clone()), (Value::Null, json!(true)), "its complement");
    let glad = |g: &Value| g["questions"].as_array().unwrap().iter().find(|q| q["key"] == "glad").unwrap().clone();
    let yes = &glad(&shown)["options"][0];
    assert_eq!((yes["label"].clone(), yes["count"].clone()), (json!("Ja"), json!(6)));
    assert!((yes["share"].as_f64().unwrap() - 0.6).abs() < 1e-9);
    let (low, high) = rygrad_domain::survey_stats::wilson(6, 10).unwrap();
    assert_eq!((yes["ci_low"].as_f64().unwrap(), yes["ci_high"].as_f64().unwrap()), (low, high));
    for hidden in [&small, &partner] {
        for option in glad(hidden)["options"].as_array().unwrap() {
            assert_eq!((option["count"].clone(), option["share"].clone()), (Value::Null, Value::Null), "{option}");
        }
    }
}

#[tokio::test]
async fn results_group_by_the_answer_to_a_single_choice_question() {
    let (app, _, token) = backbone_alliance(false).await;
    let survey = create_survey(&app, &token, false).await;
    let wave = create_wave(&app, &token, survey, "Runde 0").await;
    let a = create_group(&app, &token, wave, "5.A").await;
    answer_many(&app, &a, 7, 6).await;
    let path = format!("/api/v1/surveys/{survey}/results?wave_id={wave}&group_by=glad");
    let (status, results) = app.client().get_json(&path, Some(&token)).await;
    assert_eq!(status, 200, "{results}");
    let names: Vec<&str> = results["groups"].as_array().unwrap().iter().map(|g| g["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Ja", "Nej"]);
    assert_eq!(results["groups"][0]["n"], 7);
    let (status, _) = app
        .client()
        .get_json(&format!("/api/v1/surveys/{survey}/results?wave_id={wave}&group_by=kommentar"), Some(&token))
        .await;
    assert_eq!(status, 422, "free text is no grouping");
}

#[tokio::test]
async fn a_closed_wave_refuses_answers_with_a_clear_message() {
    let (app, _, token) = backbone_alliance(false).await;
    let survey = create_survey(&app, &token, false).await;
    let wave = create_wave(&app, &token, survey, "Runde 1").await;
    let code = create_group(&app, &token, wave, "5.A").await;
    let (status, _) = post(&app, &format!("/api/v1/survey-waves/{wave}/close"), Some(&token), json!({})).await;
    assert_eq!(status, 200);
    let (status, groups) = app.client().get_json(&format!("/api/v1/survey-waves/{wave}/groups"), Some(&token)).await;
    assert_eq!((status.as_u16(), groups[0]["code"].as_str()), (200, Some(code.as_str())), "the codes stay listed");
    let (status, refused) = answer(&app, &code, json!({"glad": "1"})).await;
    assert_eq!(status, 404, "{refused}");
    assert!(refused["message"].as_str().unwrap().contains("lukket"), "{refused}");
    let (status, _) = answer(&app, "ZZZ-ZZZ", json!({"glad": "1"})).await;
    assert_eq!(status, 404, "an unknown code");
    assert_eq!(responses_stored(&app, wave).await, 0);
}

#[tokio::test]
async fn bad_answers_are_refused_by_question_and_nothing_is_stored() {
    let (app, _, token) = backbone_alliance(false).await;
    let survey = create_survey(&app, &token, false).await;
    let wave = create_wave(&app, &token, survey, "Runde 1").await;
    let code = create_group(&app, &token, wave, "5.A").await;
    let (status, refused) =
        answer(&app, &code, json!({"ro": "4", "kommentar": "x".repeat(100_000), "navn": "Ida"})).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["fields"]["answers.glad"], "required");
    assert_eq!(refused["fields"]["answers.ro"], "option-unknown");
    assert_eq!(refused["fields"]["answers.kommentar"], "answer-too-long");
    assert_eq!(refused["fields"]["answers.navn"], "question-unknown");
    assert!(refused["messages"]["answers.ro"].as_str().unwrap().contains("svarmulighed"));
    assert_eq!(responses_stored(&app, wave).await, 0);
}

/// The stored responses' column names and rows as text.
async fn stored_responses(app: &TestApp) -> (Vec<String>, Vec<(String, String)>) {
    let db = app.store.connection();
    let columns_sql = if backend() == "postgres" {
        "SELECT column_name FROM information_schema.columns \
         WHERE table_name = 'survey_responses' AND table_schema = current_schema()"
    } else {
        "SELECT name FROM pragma_table_info('survey_responses')"
    };
    let columns = db
        .query_all_raw(sea_orm::Statement::from_string(app.store.backend(), columns_sql))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect();
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            app.store.backend(),
            "SELECT panel_key, answers FROM survey_responses ORDER BY id",
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| (r.try_get_by_index::<String>(0).unwrap(), r.try_get_by_index::<String>(1).unwrap()))
        .collect();
    (columns, rows)
}

#[tokio::test]
async fn a_panel_code_word_links_two_waves_by_its_keyed_hash_only() {
    let (app, _, token) = backbone_alliance(false).await;
    let survey = create_survey(&app, &token, true).await;
    let mut codes = Vec::new();
    for name in ["Runde 0", "Runde 1"] {
        let wave = create_wave(&app, &token, survey, name).await;
        codes.push(create_group(&app, &token, wave, "5.A").await);
    }
    for (code, typed) in codes.iter().zip(["Hest-Ørn-77", " hest-ørn-77 "]) {
        let body = json!({"code": code, "answers": {"glad": "1"}, "panel_code": typed});
        let (status, out) = post(&app, "/api/v1/survey-responses", None, body).await;
        assert_eq!(status, 201, "{out}");
    }
    let (columns, rows) = stored_responses(&app).await;
    let mut columns = columns;
    columns.sort();
    assert_eq!(columns, ["answered_on", "answers", "group_id", "id", "panel_key", "version", "wave_id"]);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].0, rows[1].0, "the same code word gives the same key in both waves");
    assert_eq!(rows[0].0.len(), 64);
    for (key, answers) in &rows {
        let row = format!("{key} {answers}").to_lowercase();
        for trace in ["hest", "ørn", "127.0.0.1", "reqwest"] {
            assert!(!row.contains(trace), "{trace} in {row}");
        }
    }
}

#[tokio::test]
async fn the_log_has_the_waves_creation_and_nothing_of_an_answer() {
    let (app, initiative, token) = backbone_alliance(false).await;
    let survey = create_survey(&app, &token, false).await;
    let wave = create_wave(&app, &token, survey, "Runde 0").await;
    let code = create_group(&app, &token, wave, "5.A").await;
    let before = app.store.audit_log(initiative, None, 100).await.unwrap();
    assert!(
        before.iter().any(|e| e.entity == "survey_wave" && e.action == "create" && e.entity_id == Some(wave)),
        "{before:?}"
    );
    assert!(before.iter().any(|e| e.entity == "survey_group" && e.action == "create"));
    answer_many(&app, &code, 1, 0).await;
    let after = app.store.audit_log(initiative, None, 100).await.unwrap();
    assert_eq!(after.len(), before.len(), "an answer writes no log entry");
}

#[tokio::test]
async fn results_are_for_the_alliance_only() {
    let (app, _, token) = backbone_alliance(false).await;
    let survey = create_survey(&app, &token, false).await;
    let wave = create_wave(&app, &token, survey, "Runde 0").await;
    let open = initiative(&app, "aaben", true).await;
    let by = AuditActor::system();
    let boss = app.user("chef@example.dk", false).await;
    app.store.grant_role(open, boss, InitiativeRole::Backbone, None, &by).await.unwrap();
    let boss_token = app.api_token("chef@example.dk").await;
    let open_survey = created(&app, "/api/v1/initiatives/aaben/surveys", &boss_token, survey_body(false)).await;
    let open_wave =
        created(&app, &format!("/api/v1/surveys/{}/waves", open_survey["id"]), &boss_token, json!({"name": "R"})).await;
    app.user("udefra@example.dk", false).await;
    let outsider = app.api_token("udefra@example.dk").await;
    let private = format!("/api/v1/surveys/{survey}/results?wave_id={wave}");
    let public = format!("/api/v1/surveys/{}/results?wave_id={}", open_survey["id"], open_wave["id"]);
    assert_eq!(app.client().get_json(&private, None).await.0, 401);
    assert_eq!(app.client().get_json(&private, Some(&outsider)).await.0, 404);
    assert_eq!(app.client().get_json(&public, Some(&outsider)).await.0, 403);
    assert_eq!(app.client().get_json(&public, Some(&token)).await.0, 403, "another alliance's backbone");
    assert_eq!(app.client().get_json(&private, Some(&token)).await.0, 200);
    let export = format!("/api/v1/surveys/{survey}/responses.csv");
    assert_eq!(app.client().get_json(&export, Some(&outsider)).await.0, 404);
}

#[tokio::test]
async fn sixty_four_concurrent_answers_are_all_stored() {
    let (app, _, token) = backbone_alliance(false).await;
    let survey = create_survey(&app, &token, false).await;
    let wave = create_wave(&app, &token, survey, "Runde 0").await;
    let code = create_group(&app, &token, wave, "5.A").await;
    let tasks: Vec<_> = (0..64)
        .map(|i| {
            let client = app.client();
            let body = json!({"code": code, "answers": {"glad": if i % 2 == 0 { "1" } else { "2" }}});
            tokio::spawn(async move { client.send_json(Method::POST, "/api/v1/survey-responses", None, &body).await.0 })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), 201);
    }
    assert_eq!(responses_stored(&app, wave).await, 64);
    // the counts kept with each answer add up under concurrent writes too
    let counts = app.store.survey_counts_by_group(wave).await.unwrap();
    let glad: Vec<u64> = counts.cells.iter().filter(|((_, q, _), _)| q == "glad").map(|(_, n)| *n).collect();
    assert_eq!(glad, [32, 32]);
}

#[tokio::test]
async fn an_answered_question_cannot_be_removed_but_a_new_one_is_a_new_version() {
    let (app, _, token) = backbone_alliance(false).await;
    let survey = create_survey(&app, &token, false).await;
    let wave = create_wave(&app, &token, survey, "Runde 0").await;
    let code = create_group(&app, &token, wave, "5.A").await;
    answer_many(&app, &code, 1, 0).await;
    let path = format!("/api/v1/surveys/{survey}");
    let mut questions = survey_body(false)["questions"].clone();
    questions.as_array_mut().unwrap().remove(0);
    let (status, refused) =
        app.client().send_json(Method::PATCH, &path, Some(&token), &json!({"questions": questions})).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["fields"]["questions"], "answered-question-removed");
    let mut questions = survey_body(false)["questions"].clone();
    questions
        .as_array_mut()
        .unwrap()
        .push(json!({"key": "alder", "text": "Alder?", "kind": "number", "required": false}));
    let (status, changed) =
        app.client().send_json(Method::PATCH, &path, Some(&token), &json!({"questions": questions})).await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["version"], 2);
}

#[tokio::test]
async fn the_export_blanks_suppressed_groups_and_their_free_text() {
    let (app, _, token) = backbone_alliance(false).await;
    let survey = create_survey(&app, &token, false).await;
    let wave = create_wave(&app, &token, survey, "Runde 0").await;
    let big = create_group(&app, &token, wave, "5.A").await;
    let small = create_group(&app, &token, wave, "5.B").await;
    let other = create_group(&app, &token, wave, "5.C").await;
    answer_many(&app, &big, 5, 5).await;
    answer_many(&app, &other, 3, 3).await;
    let (status, _) = answer(&app, &small, json!({"glad": "1", "kommentar": "Jeg hedder Ida"})).await;
    assert_eq!(status, 201);
    let response = reqwest::Client::new()
        .get(format!("{}/api/v1/surveys/{survey}/responses.csv", app.address))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let csv = response.text().await.unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows[0].contains("\"glad\";\"ro\";\"kommentar\""), "{}", rows[0]);
    let responses: Vec<&&str> = rows[1..].iter().take_while(|l| !l.is_empty()).collect();
    assert_eq!(responses.len(), 17);
    assert_eq!(responses.iter().filter(|r| r.contains("\"5.A\"")).count(), 10);
    assert!(!csv.contains("5.B") && !csv.contains("5.C"), "the small group and its complement are blanked");
    assert!(!csv.contains("Ida"), "free text of a hidden group is left out");
    assert!(csv.contains("Svar 0"), "the shown group's free text is there");
    assert!(csv.contains("\"glad\";\"single\";\"1\";\"Ja\""), "the codebook");
}
