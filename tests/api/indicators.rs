//! Shared measurement through the API: indicators, their values with provenance and history,
//! the series, the map and who may see and enter what; and the store's staged import.

use crate::helpers::*;
use reqwest::Method;
use rygrad_domain::invitation::InitiativeRole;
use rygrad_store::AuditActor;
use serde_json::{Value, json};

/// A yearly municipal indicator, with `fields` laid over it.
fn indicator_body(fields: Value) -> Value {
    let mut body = json!({
        "name": "Andel børn, der ofte føler sig ensomme",
        "unit": "%",
        "direction": "down",
        "frequency": "year",
        "geography": "municipality",
        "public": true,
    });
    for (field, value) in fields.as_object().unwrap() {
        body[field] = value.clone();
    }
    body
}

async fn create(app: &TestApp, token: &str, fields: Value) -> Value {
    let (status, indicator) = app
        .client()
        .send_json(Method::POST, "/api/v1/initiatives/alliancen/indicators", Some(token), &indicator_body(fields))
        .await;
    assert_eq!(status, 201, "{indicator}");
    indicator
}

async fn put_values(app: &TestApp, token: &str, id: &Value, values: Value) -> (reqwest::StatusCode, Value) {
    app.client()
        .send_json(Method::PUT, &format!("/api/v1/indicators/{id}/values"), Some(token), &json!({"values": values}))
        .await
}

#[tokio::test]
async fn an_indicator_is_created_with_its_goal_baseline_and_targets() {
    let (app, _, token) = backbone_alliance(true).await;
    let (_, goal) = app
        .client()
        .send_json(Method::POST, "/api/v1/initiatives/alliancen/goals", Some(&token), &json!({"title": "Trivsel"}))
        .await;
    let created = create(
        &app,
        &token,
        json!({
            "goal_ids": [goal["id"]],
            "baseline": {"period": "2021", "value": 12.5},
            "targets": [{"period": "2030", "value": 8.0}, {"period": "2026", "value": 10.0}],
        }),
    )
    .await;
    let (status, read) = app.client().get_json(&format!("/api/v1/indicators/{}", created["id"]), None).await;
    assert_eq!(status, 200);
    assert_eq!(read["goal_ids"], json!([goal["id"]]));
    assert_eq!(read["baseline"], json!({"period": "2021", "value": 12.5}));
    assert_eq!(read["targets"], json!([{"period": "2026", "value": 10.0}, {"period": "2030", "value": 8.0}]));
    assert_eq!(read["direction"], "down");
}

#[tokio::test]
async fn bad_input_is_refused_with_an_error_per_field() {
    let (app, _, token) = backbone_alliance(true).await;
    let (status, errors) = app
        .client()
        .send_json(
            Method::POST,
            "/api/v1/initiatives/alliancen/indicators",
            Some(&token),
            &indicator_body(json!({
                "name": "",
                "direction": "sideways",
                "baseline": {"period": "2021K1", "value": 1.0},
                "organisation": "findes-ikke",
                "goal_ids": [999],
            })),
        )
        .await;
    assert_eq!(status, 422, "{errors}");
    assert_eq!(errors["fields"]["name"], "required");
    assert_eq!(errors["fields"]["direction"], "unknown-choice");
    assert_eq!(errors["fields"]["baseline"], "period-wrong-frequency");
    assert_eq!(errors["fields"]["organisation"], "unknown-organisation");
}

#[tokio::test]
async fn values_put_come_back_as_the_series_in_time_order() {
    let (app, _, token) = backbone_alliance(true).await;
    let indicator = create(&app, &token, json!({"baseline": {"period": "2020", "value": 14.0}})).await;
    let (status, counts) = put_values(
        &app,
        &token,
        &indicator["id"],
        json!([
            {"unit": "0101", "period": "2023", "value": 11.5},
            {"unit": "0101", "period": "2021", "value": 13.0},
            {"unit": "101", "period": "2022", "value": 12.25, "note": "Ny metode"},
            {"unit": "0147", "period": "2022", "value": 9.0},
        ]),
    )
    .await;
    assert_eq!(status, 200, "{counts}");
    assert_eq!(counts, json!({"imported": 4, "unchanged": 0}));
    let (status, series) =
        app.client().get_json(&format!("/api/v1/indicators/{}/series?unit=0101", indicator["id"]), None).await;
    assert_eq!(status, 200, "{series}");
    let points: Vec<(String, f64)> = series["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["period"].as_str().unwrap().to_owned(), p["value"].as_f64().unwrap()))
        .collect();
    assert_eq!(points, [("2021".to_owned(), 13.0), ("2022".to_owned(), 12.25), ("2023".to_owned(), 11.5)]);
    assert_eq!(series["baseline"], json!({"period": "2020", "value": 14.0}));
    assert_eq!(series["status"], "no_data");
}

#[tokio::test]
async fn values_that_do_not_fit_the_indicator_write_nothing_and_are_named() {
    let (app, _, token) = backbone_alliance(true).await;
    let indicator = create(&app, &token, json!({})).await;
    let (status, errors) = put_values(
        &app,
        &token,
        &indicator["id"],
        json!([
            {"unit": "0101", "period": "2023", "value": 1.0},
            {"unit": "1084", "period": "2023", "value": 1.0},
            {"unit": "0101", "period": "2023K1", "value": 1.0},
        ]),
    )
    .await;
    assert_eq!(status, 422, "{errors}");
    let refused: Vec<(u64, &str)> = errors["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["index"].as_u64().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(refused, [(1, "unit-unknown"), (2, "period-wrong-frequency")]);
    let (_, series) =
        app.client().get_json(&format!("/api/v1/indicators/{}/series?unit=0101", indicator["id"]), None).await;
    assert_eq!(series["points"], json!([]), "the good value was not written either");
}

#[tokio::test]
async fn a_correction_keeps_the_old_value_in_the_history() {
    let (app, _, token) = backbone_alliance(true).await;
    let indicator = create(&app, &token, json!({})).await;
    put_values(&app, &token, &indicator["id"], json!([{"unit": "0101", "period": "2023", "value": 11.5}])).await;
    let (_, counts) = put_values(
        &app,
        &token,
        &indicator["id"],
        json!([{"unit": "0101", "period": "2023", "value": 11.8, "note": "Rettet"}]),
    )
    .await;
    assert_eq!(counts, json!({"imported": 1, "unchanged": 0}));
    let stored = app.store.indicator(indicator["id"].as_i64().unwrap()).await.unwrap().unwrap();
    let unit = rygrad_domain::indicator::Unit::Municipality("0101".into());
    let period = rygrad_domain::indicator::Period::Year(2023);
    let history = app.store.indicator_value_history(&stored, &unit, period).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].value.value, 11.5);
    assert_eq!(history[0].value.source, rygrad_domain::indicator::ValueSource::Api);
    let current = app.store.indicator_series(&stored, &unit).await.unwrap();
    assert_eq!((current[0].value, current[0].note.as_str()), (11.8, "Rettet"));
}

#[tokio::test]
async fn equal_values_are_counted_unchanged_and_write_nothing() {
    let (app, id, token) = backbone_alliance(true).await;
    let indicator = create(&app, &token, json!({})).await;
    let values = json!([
        {"unit": "0101", "period": "2022", "value": 12.0},
        {"unit": "0101", "period": "2023", "value": 11.5},
    ]);
    put_values(&app, &token, &indicator["id"], values.clone()).await;
    let log_before = app.store.audit_log(id, None, 100).await.unwrap().len();
    let (status, counts) = put_values(&app, &token, &indicator["id"], values).await;
    assert_eq!(status, 200);
    assert_eq!(counts, json!({"imported": 0, "unchanged": 2}));
    assert_eq!(app.store.audit_log(id, None, 100).await.unwrap().len(), log_before, "no log entry");
    let stored = app.store.indicator(indicator["id"].as_i64().unwrap()).await.unwrap().unwrap();
    let unit = rygrad_domain::indicator::Unit::Municipality("0101".into());
    let history =
        app.store.indicator_value_history(&stored, &unit, rygrad_domain::indicator::Period::Year(2023)).await.unwrap();
    assert!(history.is_empty());
}

#[tokio::test]
async fn the_owning_organisations_people_enter_values_and_another_partners_may_not() {
    let (app, id, token) = backbone_alliance(true).await;
    let (owner, _) = member_organisation(&app, id, "kommunen", "2025-01-01").await;
    let (other, _) = member_organisation(&app, id, "foreningen", "2025-01-01").await;
    let by = AuditActor::system();
    let mut tokens = Vec::new();
    for (email, org) in [("data@example.dk", owner), ("frivillig@example.dk", other)] {
        let user = app.user(email, false).await;
        app.store.grant_role(id, user, InitiativeRole::Member, Some(org), &by).await.unwrap();
        tokens.push(app.api_token(email).await);
    }
    let indicator = create(&app, &token, json!({"organisation": "kommunen"})).await;
    assert_eq!(indicator["organisation"], "kommunen");
    let value = json!([{"unit": "0101", "period": "2023", "value": 3.0}]);
    assert_eq!(put_values(&app, &tokens[0], &indicator["id"], value.clone()).await.0, 200);
    assert_eq!(put_values(&app, &tokens[1], &indicator["id"], value).await.0, 403);
}

#[tokio::test]
async fn an_owner_outside_the_alliance_is_refused() {
    let (app, _, token) = backbone_alliance(true).await;
    organisation(&app, "udenfor").await;
    let (status, errors) = app
        .client()
        .send_json(
            Method::POST,
            "/api/v1/initiatives/alliancen/indicators",
            Some(&token),
            &indicator_body(json!({"organisation": "udenfor"})),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(errors["fields"]["organisation"], "organisation-not-member");
}

#[tokio::test]
async fn a_private_initiatives_indicators_are_hidden_from_outsiders() {
    let (app, _, token) = backbone_alliance(false).await;
    let indicator = create(&app, &token, json!({})).await;
    let c = app.client();
    assert_eq!(c.get_json("/api/v1/initiatives/alliancen/indicators", None).await.0, 404);
    assert_eq!(c.get_json(&format!("/api/v1/indicators/{}", indicator["id"]), None).await.0, 404);
    assert_eq!(c.get_json(&format!("/api/v1/indicators/{}/series", indicator["id"]), None).await.0, 404);
    assert_eq!(c.get_json(&format!("/api/v1/indicators/{}", indicator["id"]), Some(&token)).await.0, 200);
}

#[tokio::test]
async fn an_indicator_not_marked_public_is_hidden_from_the_public() {
    let (app, _, token) = backbone_alliance(true).await;
    let internal = create(&app, &token, json!({"name": "Internt tal", "public": false})).await;
    create(&app, &token, json!({"name": "Offentligt tal"})).await;
    let c = app.client();
    let (_, list) = c.get_json("/api/v1/initiatives/alliancen/indicators", None).await;
    let names: Vec<&str> = list.as_array().unwrap().iter().map(|x| x["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Offentligt tal"]);
    assert_eq!(c.get_json(&format!("/api/v1/indicators/{}", internal["id"]), None).await.0, 404);
    let (_, dashboard) = c.get_json("/api/v1/initiatives/alliancen/dashboard", None).await;
    assert_eq!(dashboard["indicators"].as_array().unwrap().len(), 1);
    let (_, list) = c.get_json("/api/v1/initiatives/alliancen/indicators", Some(&token)).await;
    assert_eq!(list.as_array().unwrap().len(), 2, "the alliance sees both");
}

#[tokio::test]
async fn the_map_answers_a_value_per_municipality_for_a_period() {
    let (app, _, token) = backbone_alliance(true).await;
    let indicator = create(&app, &token, json!({})).await;
    put_values(
        &app,
        &token,
        &indicator["id"],
        json!([
            {"unit": "0101", "period": "2022", "value": 12.0},
            {"unit": "0147", "period": "2022", "value": 9.5},
            {"unit": "DK", "period": "2022", "value": 10.0},
            {"unit": "0101", "period": "2023", "value": 11.0},
        ]),
    )
    .await;
    let c = app.client();
    let (status, map) = c.get_json(&format!("/api/v1/indicators/{}/map?period=2022", indicator["id"]), None).await;
    assert_eq!(status, 200, "{map}");
    assert_eq!(map, json!({"period": "2022", "values": {"0101": 12.0, "0147": 9.5}}));
    let (_, latest) = c.get_json(&format!("/api/v1/indicators/{}/map", indicator["id"]), None).await;
    assert_eq!(latest, json!({"period": "2023", "values": {"0101": 11.0}}), "the latest period by default");
    let (status, _) = c.get_json(&format!("/api/v1/indicators/{}/map?period=2022K1", indicator["id"]), None).await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn changes_to_indicators_and_their_values_are_logged() {
    let (app, id, token) = backbone_alliance(true).await;
    let indicator = create(&app, &token, json!({})).await;
    let path = format!("/api/v1/indicators/{}", indicator["id"]);
    let (status, _) =
        app.client().send_json(Method::PATCH, &path, Some(&token), &json!({"name": "Ensomhed blandt børn"})).await;
    assert_eq!(status, 200);
    put_values(&app, &token, &indicator["id"], json!([{"unit": "0101", "period": "2023", "value": 11.5}])).await;
    let log = app.store.audit_log(id, None, 100).await.unwrap();
    let entries: Vec<(&str, &str)> =
        log.iter().filter(|e| e.entity == "indicator").map(|e| (e.action.as_str(), e.entity.as_str())).rev().collect();
    assert_eq!(entries, [("create", "indicator"), ("update", "indicator"), ("values", "indicator")]);
    let values = log.iter().find(|e| e.action == "values").unwrap();
    assert_eq!(values.changes["imported"], 1);
    assert_eq!(values.changes["source"], "api");
    let update = log.iter().find(|e| e.action == "update").unwrap();
    assert_eq!(update.changes["name"][1], "Ensomhed blandt børn");
    assert_eq!(app.client().send_json(Method::DELETE, &path, Some(&token), &json!({})).await.0, 204);
    assert_eq!(app.store.audit_log(id, None, 1).await.unwrap()[0].action, "delete");
}

#[tokio::test]
async fn the_frequency_stays_once_an_indicator_has_values() {
    let (app, _, token) = backbone_alliance(true).await;
    let indicator = create(&app, &token, json!({})).await;
    put_values(&app, &token, &indicator["id"], json!([{"unit": "0101", "period": "2023", "value": 1.0}])).await;
    let (status, errors) = app
        .client()
        .send_json(
            Method::PATCH,
            &format!("/api/v1/indicators/{}", indicator["id"]),
            Some(&token),
            &json!({"frequency": "quarter"}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(errors["fields"]["frequency"], "indicator-values-fix-shape");
}

#[tokio::test]
async fn values_of_an_initiatives_own_units_must_name_one_of_them() {
    let (app, _, token) = backbone_alliance(true).await;
    let (status, school) = app
        .client()
        .send_json(
            Method::POST,
            "/api/v1/initiatives/alliancen/indicator-units",
            Some(&token),
            &json!({"name": "Nordskolen"}),
        )
        .await;
    assert_eq!(status, 201, "{school}");
    let indicator = create(&app, &token, json!({"geography": "custom"})).await;
    let own = school["id"].to_string();
    let (status, _) =
        put_values(&app, &token, &indicator["id"], json!([{"unit": own, "period": "2023", "value": 1.0}])).await;
    assert_eq!(status, 200);
    let (status, _) =
        put_values(&app, &token, &indicator["id"], json!([{"unit": "987654", "period": "2023", "value": 1.0}])).await;
    assert_eq!(status, 422);
    let (_, units) = app.client().get_json("/api/v1/initiatives/alliancen/indicator-units", None).await;
    assert_eq!(units, json!([{"id": school["id"], "name": "Nordskolen"}]));
}

/// A store alone (no server whose worker would claim a job) with a weekly municipal
/// indicator; the directory holding a SQLite database goes when the test ends.
async fn store_with_indicator() -> (rygrad_store::Store, rygrad_store::indicators::Indicator, Option<TempDir>) {
    let (url, dir) = fresh_database().await;
    let store = rygrad_store::Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let by = AuditActor::system();
    let profile = rygrad_domain::initiative::InitiativeInput {
        name: "Alliancen".into(),
        slug: "alliancen".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    let initiative = store.create_initiative(&profile, &by).await.unwrap().id;
    let plan = rygrad_domain::indicator::IndicatorInput {
        name: "Borgere".into(),
        unit: "personer".into(),
        direction: "up".into(),
        frequency: "week".into(),
        geography: "municipality".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    let indicator = store.create_indicator(initiative, &plan, None, &by).await.unwrap().unwrap();
    (store, indicator, dir)
}

/// A value of `municipality` in the `week`th week from the first of 2000.
fn weekly(municipality: &str, week: i64, value: f64) -> rygrad_domain::indicator::Measurement {
    use rygrad_domain::indicator::{Frequency, Measurement, Period, Unit};
    Measurement {
        unit: Unit::Municipality(municipality.into()),
        period: Period::from_index(Frequency::Week, Period::Week(2000, 1).index() + week),
        value,
        note: String::new(),
        sample: None,
    }
}

fn file(name: &str) -> rygrad_store::indicators::Provenance {
    let source = rygrad_domain::indicator::ValueSource::File;
    rygrad_store::indicators::Provenance { source, source_name: name.into(), entered_by: None }
}

/// More values than one statement holds are written, and counted, in the one transaction.
#[tokio::test]
async fn a_write_longer_than_a_statement_counts_every_value() {
    use rygrad_store::indicators::ValueCounts;
    let (store, indicator, _dir) = store_with_indicator().await;
    let by = AuditActor::system();
    let values: Vec<_> = (0..12_000).map(|i| weekly(if i < 6000 { "0101" } else { "0147" }, i % 6000, 1.0)).collect();
    let counts = store.apply_import(&indicator, &values, &file("stor.csv"), &by).await.unwrap();
    assert_eq!(counts, ValueCounts { imported: 12_000, unchanged: 0 });
    let again = store.apply_import(&indicator, &values, &file("stor.csv"), &by).await.unwrap();
    assert_eq!(again, ValueCounts { imported: 0, unchanged: 12_000 });
}

/// A unit and period given twice in one write keeps the last value (one row, once upserted).
#[tokio::test]
async fn the_last_of_a_repeated_value_in_one_write_is_kept() {
    let (store, indicator, _dir) = store_with_indicator().await;
    let values = [weekly("0101", 0, 1.0), weekly("0101", 0, 2.0)];
    let counts = store.apply_import(&indicator, &values, &file("dobbelt.csv"), &AuditActor::system()).await.unwrap();
    assert_eq!(counts.imported, 1);
    let unit = rygrad_domain::indicator::Unit::Municipality("0101".into());
    let series = store.indicator_series(&indicator, &unit).await.unwrap();
    assert_eq!(series.iter().map(|v| v.value).collect::<Vec<_>>(), [2.0]);
}

/// A big import, staged in two batches with the job's progress, merges in one transaction; the
/// same rows again change nothing.
#[tokio::test]
async fn a_staged_import_merges_all_its_rows_and_a_repeat_changes_nothing() {
    use rygrad_store::background_jobs::{JobClaim, JobProgress};
    use rygrad_store::indicators::{StagedRow, ValueCounts};
    let (store, indicator, _dir) = store_with_indicator().await;
    let by = AuditActor::system();
    let rows: Vec<StagedRow> = (0..3000)
        .map(|i| StagedRow {
            line: i + 2,
            measurement: weekly(if i % 2 == 0 { "0101" } else { "0147" }, i / 2, i as f64),
        })
        .collect();
    let provenance = file("FOLK1A.csv");
    let progress = |done: i64| JobProgress { cursor: done, done, total: 3000, result: "null".into() };
    let import = async |rows: &[StagedRow]| -> ValueCounts {
        let kind = rygrad_domain::background_job::JobKind::CalendarImport;
        let job = store.enqueue_job(kind, "{}", None, None).await.unwrap();
        store.claim_job("test", chrono::Duration::seconds(60), Some(job)).await.unwrap().unwrap();
        let claim = JobClaim { job_id: job, worker: "test".into() };
        for (n, batch) in rows.chunks(1800).enumerate() {
            store.stage_import_rows(&claim, batch, &progress((n as i64 + 1) * 1800)).await.unwrap();
        }
        store.merge_staged_import(&claim, &indicator, &provenance, &by, |_| progress(3000)).await.unwrap()
    };
    assert_eq!(import(&rows).await, ValueCounts { imported: 3000, unchanged: 0 });
    assert_eq!(import(&rows).await, ValueCounts { imported: 0, unchanged: 3000 });
    let series =
        store.indicator_series(&indicator, &rygrad_domain::indicator::Unit::Municipality("0147".into())).await.unwrap();
    assert_eq!(series.len(), 1500);
    assert!(series.windows(2).all(|w| w[0].period < w[1].period), "in time order");
    assert_eq!(series[0].source_name, "FOLK1A.csv");
    let mut corrected = rows[..1].to_vec();
    corrected[0].measurement.value = -1.0;
    assert_eq!(import(&corrected).await, ValueCounts { imported: 1, unchanged: 0 });
    let first = &rows[0].measurement;
    let history = store.indicator_value_history(&indicator, &first.unit, first.period).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].value.value, 0.0);
}

#[tokio::test]
async fn the_dashboard_shows_goals_with_their_indicators_new_values_and_what_is_missing() {
    let (app, id, token) = backbone_alliance(true).await;
    member_organisation(&app, id, "kommunen", "2025-01-01").await;
    let (_, goal) = app
        .client()
        .send_json(Method::POST, "/api/v1/initiatives/alliancen/goals", Some(&token), &json!({"title": "Trivsel"}))
        .await;
    let fed = create(&app, &token, json!({"name": "Med tal", "goal_ids": [goal["id"]]})).await;
    let empty = create(&app, &token, json!({"name": "Uden tal", "organisation": "kommunen"})).await;
    let due = rygrad_domain::indicator::due_period(
        rygrad_domain::indicator::Frequency::Year,
        rygrad_domain::format::local_date(chrono::Utc::now()),
    );
    put_values(
        &app,
        &token,
        &fed["id"],
        json!([{"unit": "DK", "period": "2020", "value": 5.0}, {"unit": "DK", "period": due.code(), "value": 4.0}]),
    )
    .await;
    let (status, dashboard) = app.client().get_json("/api/v1/initiatives/alliancen/dashboard", None).await;
    assert_eq!(status, 200, "{dashboard}");
    assert_eq!(dashboard["goals"][0]["indicator_ids"], json!([fed["id"]]));
    let card = &dashboard["indicators"][0];
    assert_eq!(card["sparkline"], json!([{"period": "2020", "value": 5.0}, {"period": due.code(), "value": 4.0}]));
    assert_eq!(card["new_values"], 2);
    assert_eq!(
        dashboard["missing"],
        json!([{"indicator_id": empty["id"], "organisation": "kommunen", "due_period": due.code(), "latest_period": null}])
    );
}

#[tokio::test]
async fn the_openapi_document_names_the_indicator_operations() {
    let app = spawn_app().await;
    let (_, doc) = app.client().get_json("/api/v1/openapi.json", None).await;
    let text = doc.to_string();
    for id in [
        "createIndicator",
        "listIndicators",
        "getIndicator",
        "updateIndicator",
        "deleteIndicator",
        "putIndicatorValues",
        "getIndicatorSeries",
        "getIndicatorMap",
        "getInitiativeDashboard",
        "listIndicatorUnits",
        "createIndicatorUnit",
    ] {
        assert!(text.contains(&format!("\"operationId\":\"{id}\"")), "{id}");
    }
}

#[tokio::test]
async fn deleting_the_one_who_entered_values_or_their_indicator_leaves_nothing_behind() {
    // PostgreSQL keeps no foreign keys on the values (migration m0020); the store does their work
    let (app, _, token) = backbone_alliance(true).await;
    let indicator = create(&app, &token, json!({})).await;
    let values =
        json!([{"unit": "0101", "period": "2022", "value": 12.0}, {"unit": "0101", "period": "2023", "value": 11.0}]);
    assert_eq!(put_values(&app, &token, &indicator["id"], values).await.0, 200);
    let stored = app.store.indicator(indicator["id"].as_i64().unwrap()).await.unwrap().unwrap();
    let unit = rygrad_domain::indicator::Unit::Municipality("0101".into());
    let entered_by = |values: Vec<rygrad_store::indicator_values::StoredValue>| {
        values.into_iter().map(|v| v.entered_by).collect::<Vec<_>>()
    };
    let user = app.store.user_by_email("sekretariat@example.dk").await.unwrap().unwrap();
    let series = app.store.indicator_series(&stored, &unit).await.unwrap();
    assert_eq!(entered_by(series), [Some(user.id), Some(user.id)]);

    app.store.delete_user(user.id).await.unwrap();
    let series = app.store.indicator_series(&stored, &unit).await.unwrap();
    assert_eq!(entered_by(series), [None, None], "the values stay, without who entered them");

    app.store.delete_indicator(stored.id, &AuditActor::system()).await.unwrap();
    assert_eq!(app.store.indicator_series(&stored, &unit).await.unwrap(), [], "no value outlives its indicator");
}
