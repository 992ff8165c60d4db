//! Surveys through the API: building one, waves and groups, anonymous answers (and what is
//! never stored with them), suppressed results and who may see what. The exports and the
//! rate limit on answers are in `survey_exports.rs`, with the helpers here.

use crate::helpers::*;
use crate::survey_pages::results_row;
use reqwest::{Method, StatusCode};
use rygrad_domain::invitation::InitiativeRole;
use rygrad_store::AuditActor;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

/// Glad (yes/no, required), a 3-point scale (optional) and a comment (optional free text).
pub(crate) fn survey_body(panel: bool) -> Value {
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

pub(crate) async fn post(app: &TestApp, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
    app.client().send_json(Method::POST, path, token, &body).await
}

pub(crate) async fn created(app: &TestApp, path: &str, token: &str, body: Value) -> Value {
    let (status, out) = post(app, path, Some(token), body).await;
    assert_eq!(status, 201, "{path}: {out}");
    assert!(out["id"].as_i64().is_some(), "{out}");
    out
}

pub(crate) async fn create_survey(app: &TestApp, token: &str, panel: bool) -> i64 {
    created(app, "/api/v1/initiatives/alliancen/surveys", token, survey_body(panel)).await["id"].as_i64().unwrap()
}

pub(crate) async fn create_wave(app: &TestApp, token: &str, survey: i64, name: &str) -> i64 {
    let body = json!({"name": name, "baseline": name.contains("0")});
    created(app, &format!("/api/v1/surveys/{survey}/waves"), token, body).await["id"].as_i64().unwrap()
}

/// A group's code.
pub(crate) async fn create_group(app: &TestApp, token: &str, wave: i64, name: &str) -> String {
    let group = created(app, &format!("/api/v1/survey-waves/{wave}/groups"), token, json!({"name": name})).await;
    group["code"].as_str().unwrap().to_owned()
}

pub(crate) async fn answer(app: &TestApp, code: &str, answers: Value) -> (StatusCode, Value) {
    post(app, "/api/v1/survey-responses", None, json!({"code": code, "answers": answers})).await
}

/// `yes` answers of Ja and `no` of Nej to the group with `code`.
pub(crate) async fn answer_many(app: &TestApp, code: &str, yes: usize, no: usize) {
    for i in 0..yes + no {
        let glad = if i < yes { "1" } else { "2" };
        let (status, out) = answer(app, code, json!({"glad": glad, "ro": "3", "kommentar": format!("Svar {i}")})).await;
        assert_eq!(status, 201, "{out}");
    }
}

pub(crate) async fn responses_stored(app: &TestApp, wave: i64) -> u64 {
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
    let (status, reopened) = post(&app, &format!("/api/v1/survey-waves/{wave}/reopen"), Some(&token), json!({})).await;
    assert_eq!((status.as_u16(), reopened["status"].as_str()), (200, Some("open")), "{reopened}");
    let (status, out) = answer(&app, &code, json!({"glad": "1"})).await;
    assert_eq!(status, 201, "the same code answers again: {out}");
    assert_eq!(responses_stored(&app, wave).await, 1);
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
    for export in [
        format!("/api/v1/surveys/{survey}/responses/export?format=csv"),
        format!("/api/v1/surveys/{survey}/codebook.csv"),
    ] {
        assert_eq!(app.client().get_json(&export, Some(&outsider)).await.0, 404);
    }
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

async fn answer_all(app: &TestApp, code: &str, answers: &[(Option<&str>, Value)]) {
    for (word, answers) in answers {
        let body = json!({"code": code, "answers": answers, "panel_code": word});
        let (status, out) = post(app, "/api/v1/survey-responses", None, body).await;
        assert_eq!(status, 201, "{out}");
    }
}

async fn wave_results(app: &TestApp, token: &str, survey: i64, wave: i64) -> Value {
    let (status, results) =
        app.client().get_json(&format!("/api/v1/surveys/{survey}/results?wave_id={wave}"), Some(token)).await;
    assert_eq!(status, 200, "{results}");
    results
}

/// A group's (`overall` for everyone) result of one question.
fn question(results: &Value, group: &str, key: &str) -> Value {
    let group = if group == "overall" {
        &results["overall"]
    } else {
        results["groups"].as_array().unwrap().iter().find(|g| g["name"] == group).unwrap()
    };
    group["questions"].as_array().unwrap().iter().find(|q| q["key"] == key).unwrap().clone()
}

#[tokio::test]
async fn results_give_means_of_scales_and_numbers_but_none_for_hidden_groups() {
    let (app, _, token) = backbone_alliance(false).await;
    let mut body = survey_body(false);
    body["questions"]
        .as_array_mut()
        .unwrap()
        .push(json!({"key": "alder", "text": "Alder?", "kind": "number", "required": false}));
    let survey = created(&app, "/api/v1/initiatives/alliancen/surveys", &token, body).await["id"].as_i64().unwrap();
    let wave = create_wave(&app, &token, survey, "Runde 0").await;
    let mut everyone = Vec::new();
    for (name, n) in [("5.A", 10), ("5.B", 6), ("5.C", 3)] {
        let code = create_group(&app, &token, wave, name).await;
        let answers: Vec<(Option<&str>, Value)> =
            (0..n).map(|i| (None, json!({"glad": "1", "ro": (i % 3 + 1).to_string(), "alder": 10 + i % 2}))).collect();
        everyone.extend(answers.iter().map(|(_, a)| a.clone()));
        answer_all(&app, &code, &answers).await;
    }
    let results = wave_results(&app, &token, survey, wave).await;
    let mean = |group: &str, key: &str| question(&results, group, key)["mean"].clone();
    let scores = |of: &[Value], key: &str| -> Vec<f64> {
        of.iter().map(|a| a[key].as_str().map_or_else(|| a[key].as_f64().unwrap(), |s| s.parse().unwrap())).collect()
    };
    let a = rygrad_domain::survey_stats::mean_ci(&scores(&everyone[..10], "ro")).unwrap();
    let shown = mean("5.A", "ro");
    assert_eq!(shown["n"], 10);
    for (field, expected) in [("mean", a.mean), ("ci_low", a.low), ("ci_high", a.high)] {
        assert!((shown[field].as_f64().unwrap() - expected).abs() < 1e-9, "{field}: {shown}");
    }
    let all = rygrad_domain::survey_stats::mean_ci(&scores(&everyone, "alder")).unwrap();
    assert_eq!(mean("overall", "alder")["n"], 19);
    assert!((mean("overall", "alder")["mean"].as_f64().unwrap() - all.mean).abs() < 1e-12);
    assert_eq!(mean("5.A", "alder")["n"], 10);
    for hidden in ["5.B", "5.C"] {
        assert_eq!((mean(hidden, "ro"), mean(hidden, "alder")), (Value::Null, Value::Null), "{hidden}");
    }
    assert!(question(&results, "5.A", "alder")["options"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_number_questions_means_from_the_kept_sums_are_those_of_the_answers_also_after_a_backfill() {
    use rygrad_domain::survey_stats::{MeanCi, NumberSums, mean_ci};
    use sea_orm_migration::MigratorTrait;
    let (app, _, token) = backbone_alliance(false).await;
    let mut body = survey_body(false);
    body["questions"].as_array_mut().unwrap().push(
        json!({"key": "timer", "text": "Timer på skærm?", "kind": "number", "min": 0, "max": 24, "required": false}),
    );
    let survey = created(&app, "/api/v1/initiatives/alliancen/surveys", &token, body).await["id"].as_i64().unwrap();
    let wave = create_wave(&app, &token, survey, "Runde 0").await;
    for (name, n) in [("5.A", 12), ("5.B", 9)] {
        let code = create_group(&app, &token, wave, name).await;
        // one in four skips the question; the rest answer in quarter hours
        let answers: Vec<(Option<&str>, Value)> = (0..n)
            .map(|i| {
                let glad = if i % 2 == 0 { "1" } else { "2" };
                let answer = if i % 4 == 3 {
                    json!({"glad": glad})
                } else {
                    json!({"glad": glad, "timer": 1.25 * f64::from(i + n % 5)})
                };
                (None, answer)
            })
            .collect();
        answer_all(&app, &code, &answers).await;
    }
    // the means as worked out from the stored answers themselves
    let groups = app.store.survey_groups_of(wave).await.unwrap();
    let stored = app.store.survey_responses_of(survey).await.unwrap();
    let numbers = |keep: &dyn Fn(&rygrad_store::surveys::StoredResponse) -> bool| -> Vec<f64> {
        stored.iter().filter(|r| keep(r)).filter_map(|r| r.answers.get("timer").and_then(Value::as_f64)).collect()
    };
    let in_group = |name: &str| {
        let id = groups.iter().find(|g| g.name == name).unwrap().id;
        numbers(&move |r| r.group_id == id)
    };
    let by_answer = |glad: &str| numbers(&|r| r.answers.get("glad").and_then(Value::as_str) == Some(glad));
    let expected: Vec<(&str, &str, MeanCi)> = vec![
        ("group", "5.A", mean_ci(&in_group("5.A")).unwrap()),
        ("group", "5.B", mean_ci(&in_group("5.B")).unwrap()),
        ("group", "overall", mean_ci(&numbers(&|_| true)).unwrap()),
        ("glad", "Ja", mean_ci(&by_answer("1")).unwrap()),
        ("glad", "Nej", mean_ci(&by_answer("2")).unwrap()),
    ];
    let check = |when: &'static str| {
        let (app, token, expected) = (&app, &token, &expected);
        async move {
            for (group_by, group, mean) in expected {
                let path = format!("/api/v1/surveys/{survey}/results?wave_id={wave}&group_by={group_by}");
                let (status, results) = app.client().get_json(&path, Some(token)).await;
                assert_eq!(status, 200, "{results}");
                let shown = question(&results, group, "timer")["mean"].clone();
                assert_eq!(shown["n"], mean.n, "{when}, {group}: {shown}");
                for (field, value) in [("mean", mean.mean), ("ci_low", mean.low), ("ci_high", mean.high)] {
                    let got = shown[field].as_f64().unwrap();
                    assert!((got - value).abs() < 1e-9, "{when}, {group}, {field}: {got} against {value}");
                }
            }
        }
    };
    check("kept with the answers").await;
    let kept = app.store.survey_number_sums_by_group(wave).await.unwrap();
    let counted_by_answer = app.store.survey_counts_by_answer(wave, "glad").await.unwrap();
    // the sums gone and summed again from the stored answers, as on migrating a database
    // that has answers
    let migrations = rygrad_store::migration::Migrator::get_applied_migrations(app.store.connection()).await.unwrap();
    // back to before the backfill, the later migrations with it
    let back = migrations.iter().rev().position(|m| m.name() == "m0019_survey_number_sums").unwrap() + 1;
    rygrad_store::migration::Migrator::down(app.store.connection(), Some(back as u32)).await.unwrap();
    app.store.migrate().await.unwrap();
    assert_eq!(app.store.survey_number_sums_by_group(wave).await.unwrap().len(), 2);
    for ((group, _), sums) in &app.store.survey_number_sums_by_group(wave).await.unwrap() {
        let name = &groups.iter().find(|g| g.id == *group).unwrap().name;
        let again = NumberSums::of(&in_group(name));
        assert_eq!(sums.n, again.n);
        assert!((sums.sum - again.sum).abs() < 1e-9 && (sums.sum_squares - again.sum_squares).abs() < 1e-9);
        assert_eq!(sums.n, kept[&(*group, "timer".to_owned())].n);
    }
    check("summed by the migration").await;
    let again = app.store.survey_counts_by_answer(wave, "glad").await.unwrap();
    assert_eq!(again, counted_by_answer, "the counts by an answer as kept with each answer");
    assert_eq!(again.respondents.values().sum::<u64>(), 21);
}

#[tokio::test]
async fn changes_since_the_baseline_and_the_wave_before_say_when_they_are_not_significant() {
    let (app, _, token) = backbone_alliance(false).await;
    let survey = create_survey(&app, &token, false).await;
    let mut waves = Vec::new();
    for (name, yes, no) in [("Runde 0", 5, 15), ("Runde 1", 15, 5), ("Runde 2", 20, 5)] {
        let wave = create_wave(&app, &token, survey, name).await;
        let code = create_group(&app, &token, wave, "5.A").await;
        answer_many(&app, &code, yes, no).await;
        waves.push(wave);
    }
    let results = wave_results(&app, &token, survey, waves[2]).await;
    for group in ["5.A", "overall"] {
        let changes = question(&results, group, "glad")["changes"].clone();
        let change = |since: i64, option: &str| {
            changes.as_array().unwrap().iter().find(|c| c["since"] == since && c["option"] == option).unwrap().clone()
        };
        let baseline = change(waves[0], "1");
        let expected = rygrad_domain::survey_stats::two_proportions(5, 20, 20, 25).unwrap();
        assert!((baseline["difference"].as_f64().unwrap() - 0.55).abs() < 1e-12, "{baseline}");
        assert!((baseline["p_value"].as_f64().unwrap() - expected.significance.p_value).abs() < 1e-12, "{baseline}");
        assert_eq!(baseline["significant"], true);
        assert_eq!((&baseline["test"], &baseline["pairs"]), (&json!("two_proportions"), &Value::Null));
        let previous = change(waves[1], "1");
        assert!((previous["difference"].as_f64().unwrap() - 0.05).abs() < 1e-12, "{previous}");
        assert_eq!(previous["significant"], false);
    }
    let first = wave_results(&app, &token, survey, waves[0]).await;
    assert!(
        question(&first, "overall", "glad")["changes"].as_array().unwrap().is_empty(),
        "nothing before the baseline"
    );
    let client = app.client();
    client.login("sekretariat@example.dk", PASSWORD).await;
    let page =
        client.get(&format!("/initiativer/alliancen/undersoegelser/{survey}/resultater?boelge={}", waves[2])).await;
    assert_eq!(page.status, 200, "{}", page.body);
    for group in ["5.A", "Alle"] {
        let cells = results_row(&page.body, group, 1);
        assert_eq!(cells.len(), 4, "Ja and Nej since each wave: {cells:?}");
        assert!(cells[0].starts_with("+55 (p &#60; 0,001)") && !cells[0].contains("ikke"), "{cells:?}");
        assert!(cells[1].starts_with("+5 (p = ") && cells[1].ends_with("ikke signifikant</em>"), "{cells:?}");
        assert!(cells[2].starts_with("-55 (p &#60; 0,001)") && cells[3].starts_with("-5 (p = "), "{cells:?}");
    }
    let scale = results_row(&page.body, "5.A", 2);
    // a scale's mean comes from released counts only, and two of its options are hidden here
    let hidden = "<span class=\"muted\">skjult</span>".to_owned();
    assert_eq!(scale.first().zip(scale.last()), Some((&"25".to_owned(), &hidden)), "{scale:?}");
    for text in [
        "<th scope=\"col\">Gennemsnit (1–3)</th>",
        "ændringer pr. gruppe, andele i procentpoint",
        "<th scope=\"col\">Ja: Siden basislinjen (Runde 0)</th><th scope=\"col\">Ja: Siden Runde 1</th>",
        "z-test for to andele",
        "role=\"img\" aria-labelledby=\"chart-glad-title chart-glad-desc\"",
    ] {
        assert!(page.body.contains(text), "{text}: {}", page.body);
    }
}

/// A panel code word and whether it answers Ja.
type CodedAnswer = (String, bool);

#[tokio::test]
async fn a_panel_follows_the_same_code_words_and_hides_a_group_of_fewer_than_5_pairs_with_a_partner() {
    let (app, _, token) = backbone_alliance(false).await;
    let survey = create_survey(&app, &token, true).await;
    // 5.A: 8 followed, 4 of them from Nej to Ja; 5.B: 4 followed and 2 new; 5.C: 6 followed
    let glad = |yes: bool| json!({"glad": if yes { "1" } else { "2" }});
    let plan: [(&str, [Vec<CodedAnswer>; 2]); 3] = [
        (
            "5.A",
            [
                (0..8).map(|i| (format!("kode-a{i}"), i < 2)).collect(),
                (0..8).map(|i| (format!("kode-a{i}"), i < 6)).collect(),
            ],
        ),
        (
            "5.B",
            [
                (0..6).map(|i| (format!("kode-b{i}"), i < 3)).collect(),
                (2..8).map(|i| (format!("kode-b{i}"), i < 5)).collect(),
            ],
        ),
        (
            "5.C",
            [
                (0..6).map(|i| (format!("kode-c{i}"), i < 3)).collect(),
                (0..6).map(|i| (format!("kode-c{i}"), i < 3)).collect(),
            ],
        ),
    ];
    let mut waves = Vec::new();
    for (w, name) in ["Runde 0", "Runde 1"].into_iter().enumerate() {
        let wave = create_wave(&app, &token, survey, name).await;
        for (group, answers) in &plan {
            let code = create_group(&app, &token, wave, group).await;
            let answers: Vec<(Option<&str>, Value)> =
                answers[w].iter().map(|(word, yes)| (Some(word.as_str()), glad(*yes))).collect();
            answer_all(&app, &code, &answers).await;
        }
        waves.push(wave);
    }
    let results = wave_results(&app, &token, survey, waves[1]).await;
    assert_eq!(results["groups"].as_array().unwrap().iter().filter(|g| g["suppressed"] == true).count(), 0);
    let changes = |group: &str| question(&results, group, "glad")["changes"].as_array().unwrap().clone();
    let yes = changes("5.A").into_iter().find(|c| c["option"] == "1").unwrap();
    assert_eq!((&yes["since"], &yes["test"], &yes["pairs"]), (&json!(waves[0]), &json!("mcnemar"), &json!(8)));
    assert!((yes["difference"].as_f64().unwrap() - 0.5).abs() < 1e-12, "{yes}");
    let mcnemar = rygrad_domain::survey_stats::mcnemar(0, 4);
    assert!((yes["p_value"].as_f64().unwrap() - mcnemar.p_value).abs() < 1e-12, "{yes}");
    assert_eq!(yes["significant"], false);
    assert!(changes("5.B").is_empty(), "4 pairs are too few");
    assert!(
        changes("5.C").is_empty(),
        "the smallest other group hides beside 5.B, or everyone less 5.A gives 5.B away"
    );
    let everyone = changes("overall");
    assert_eq!(everyone.len(), 2, "{everyone:?}");
    assert!(everyone.iter().all(|c| c["pairs"] == 18 && c["test"] == "mcnemar"), "{everyone:?}");
}

/// Every view an alliance can read of a survey: each wave's results by group and by each
/// answer, in the API and on the results page, the answers exported as CSV and the codebook;
/// group codes (random per server) and the page's CSRF tokens left out.
async fn every_view(app: &TestApp, token: &str, survey: i64, waves: &[i64]) -> Vec<Value> {
    fn without_codes(value: &mut Value) {
        match value {
            Value::Object(map) => {
                map.remove("code");
                map.values_mut().for_each(without_codes);
            }
            Value::Array(items) => items.iter_mut().for_each(without_codes),
            _ => {}
        }
    }
    let mut views = Vec::new();
    for wave in waves {
        for group_by in ["group", "glad", "ro"] {
            let path = format!("/api/v1/surveys/{survey}/results?wave_id={wave}&group_by={group_by}");
            let (status, mut results) = app.client().get_json(&path, Some(token)).await;
            assert_eq!(status, 200, "{path}: {results}");
            without_codes(&mut results);
            views.push(results);
        }
    }
    let backbone = app.client();
    backbone.login("sekretariat@example.dk", PASSWORD).await;
    for wave in waves {
        for group_by in ["group", "glad", "ro"] {
            let path = format!(
                "/initiativer/alliancen/undersoegelser/{survey}/resultater?boelge={wave}&gruppering={group_by}"
            );
            let page = backbone.get(&path).await;
            assert_eq!(page.status, 200, "{path}: {}", page.body);
            // the session's CSRF tokens are the page's only words of its own
            let (mut page, mut rest) = (String::new(), page.body.as_str());
            while let Some((before, after)) = rest.split_once("name=\"_csrf\" value=\"") {
                page.push_str(before);
                rest = &after[after.find('"').unwrap()..];
            }
            page.push_str(rest);
            views.push(Value::String(page));
        }
    }
    for path in [
        format!("/api/v1/surveys/{survey}/responses/export?format=csv"),
        format!("/api/v1/surveys/{survey}/codebook.csv"),
    ] {
        let response =
            reqwest::Client::new().get(format!("{}{path}", app.address)).bearer_auth(token).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        views.push(Value::String(response.text().await.unwrap()));
    }
    views
}

/// Two alliances whose small class 5.C answered differently (all three glad, or none), with
/// its complement 5.B making up the difference, and a second wave alike: since every view
/// (the API's and the results page's) and export of the one is the same as the other's, nothing the alliance can read, alone or
/// together, gives away how 5.C answered.
#[tokio::test]
async fn no_combination_of_views_and_exports_tells_a_hidden_class_apart() {
    let mut seen = Vec::new();
    for (b_yes, b_no, c_yes, c_no) in [(4, 3, 3, 0), (7, 0, 0, 3)] {
        let (app, _, token) = backbone_alliance(false).await;
        let survey = create_survey(&app, &token, false).await;
        let first = create_wave(&app, &token, survey, "Runde 0").await;
        let codes = [
            create_group(&app, &token, first, "5.A").await,
            create_group(&app, &token, first, "5.B").await,
            create_group(&app, &token, first, "5.C").await,
        ];
        answer_many(&app, &codes[0], 6, 4).await;
        answer_many(&app, &codes[1], b_yes, b_no).await;
        answer_many(&app, &codes[2], c_yes, c_no).await;
        let path = format!("/api/v1/survey-waves/{first}/close");
        assert_eq!(post(&app, &path, Some(&token), json!({})).await.0, 200, "{path}");
        let second = create_wave(&app, &token, survey, "Runde 1").await;
        for (name, yes, no) in [("5.A", 5, 5), ("5.B", 4, 2), ("5.C", 1, 1)] {
            let code = create_group(&app, &token, second, name).await;
            answer_many(&app, &code, yes, no).await;
        }
        seen.push(every_view(&app, &token, survey, &[first, second]).await);
    }
    assert_eq!(seen[0].len(), seen[1].len());
    for (one, other) in seen[0].iter().zip(&seen[1]) {
        assert_eq!(one, other, "a view differs between the two alliances");
    }
}
