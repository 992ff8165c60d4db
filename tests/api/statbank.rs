//! The Statistics Denmark connector against a local StatBank: an axum server on port 0 serving
//! the recorded answers of `fixtures/statbank/` by the table asked for.

use crate::helpers::*;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use reqwest::Method;
use rygrad_domain::indicator::{Period, Unit, ValueSource};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/api/fixtures/statbank");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).unwrap()
}

/// The requests the local StatBank was sent.
type Asked = Arc<Mutex<Vec<Value>>>;

async fn data(State(asked): State<Asked>, Json(request): Json<Value>) -> Response {
    asked.lock().unwrap().push(request.clone());
    let csv = |name: &str| ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], fixture(name)).into_response();
    match request["table"].as_str().unwrap_or_default() {
        "FOLK1A" => ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], filtered(&request, "folk1a_quarters.csv"))
            .into_response(),
        "BADROW" => csv("folk1a_bad_row.csv"),
        "HTML" => (StatusCode::BAD_GATEWAY, [(header::CONTENT_TYPE, "text/html")], fixture("error_gateway.html"))
            .into_response(),
        "SLOW" => {
            tokio::time::sleep(Duration::from_secs(3)).await;
            csv("folk1a_quarters.csv")
        }
        _ => (
            StatusCode::BAD_REQUEST,
            [(header::CONTENT_TYPE, "application/json")],
            fixture("error_table_not_found.json"),
        )
            .into_response(),
    }
}

/// A recorded answer with only the rows of the areas asked for, as StatBank answers.
fn filtered(request: &Value, name: &str) -> Vec<u8> {
    let areas: Vec<&str> = request["variables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["code"] == "OMRÅDE")
        .map(|v| v["values"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect())
        .unwrap_or_default();
    let text = String::from_utf8(fixture(name)).unwrap();
    let mut lines = text.split_inclusive("\r\n");
    let mut kept = lines.next().unwrap().to_owned();
    for line in lines {
        let area = line.split(';').next().unwrap();
        if areas.is_empty() || areas.contains(&"*") || areas.contains(&area) {
            kept.push_str(line);
        }
    }
    kept.into_bytes()
}

/// A local StatBank: its base URL and the requests it gets.
async fn statbank() -> (String, Asked) {
    let asked = Asked::default();
    let app = axum::Router::new().route("/v1/data", axum::routing::post(data)).with_state(asked.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, asked)
}

struct Setup {
    app: TestApp,
    asked: Asked,
    token: String,
    initiative_id: i64,
    indicator_id: i64,
}

/// An alliance in København and Frederiksberg with a quarterly municipal indicator, its
/// backbone staff's token, and the app talking to a local StatBank.
async fn setup() -> Setup {
    let (url, asked) = statbank().await;
    setup_at(url, asked).await
}

/// As [`setup`], with StatBank at `url`.
async fn setup_at(url: String, asked: Asked) -> Setup {
    let app = spawn_app_with(|c| {
        c.statbank_url = url;
        c.statbank_timeout = Duration::from_millis(500);
    })
    .await;
    let profile = rygrad_domain::initiative::InitiativeInput {
        name: "Alliancen".into(),
        slug: "alliancen".into(),
        is_public: true,
        municipalities: vec!["0101".into(), "0147".into()],
        ..Default::default()
    }
    .validate()
    .unwrap();
    let initiative_id = app.store.create_initiative(&profile, &rygrad_store::AuditActor::system()).await.unwrap().id;
    let user = app.user("sekretariat@example.dk", false).await;
    use rygrad_domain::invitation::InitiativeRole::Backbone;
    app.store.grant_role(initiative_id, user, Backbone, None, &rygrad_store::AuditActor::system()).await.unwrap();
    let token = app.api_token("sekretariat@example.dk").await;
    let indicator = json!({"name": "Indbyggere", "unit": "personer", "direction": "up", "frequency": "quarter",
        "geography": "municipality"});
    let (status, created) = app
        .client()
        .send_json(Method::POST, "/api/v1/initiatives/alliancen/indicators", Some(&token), &indicator)
        .await;
    assert_eq!(status, 201, "{created}");
    Setup { indicator_id: created["id"].as_i64().unwrap(), app, asked, token, initiative_id }
}

impl Setup {
    async fn connect(&self, body: Value) -> (StatusCode, Value) {
        let path = format!("/api/v1/indicators/{}/connector", self.indicator_id);
        self.app.client().send_json(Method::PUT, &path, Some(&self.token), &body).await
    }

    /// Fetches now and waits for the run: the connector afterwards.
    async fn run(&self) -> Value {
        let path = format!("/api/v1/indicators/{}/connector/runs", self.indicator_id);
        let (status, queued) = self.app.client().send_json(Method::POST, &path, Some(&self.token), &json!({})).await;
        assert_eq!(status, 202, "{queued}");
        self.last_run().await
    }

    async fn last_run(&self) -> Value {
        let path = format!("/api/v1/indicators/{}/connector", self.indicator_id);
        for _ in 0..100 {
            let (_, connector) = self.app.client().get_json(&path, Some(&self.token)).await;
            if !connector["last_run_at"].is_null() {
                return connector;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the connector never ran");
    }

    async fn values(&self, unit: &str) -> Vec<rygrad_store::indicators::StoredValue> {
        let indicator = self.app.store.indicator(self.indicator_id).await.unwrap().unwrap();
        self.app.store.indicator_series(&indicator, &Unit::Municipality(unit.into())).await.unwrap()
    }

    /// The counts the log recorded for each run, oldest first.
    async fn logged_runs(&self) -> Vec<(String, i64)> {
        let log = self.app.store.audit_log(self.initiative_id, None, 100).await.unwrap();
        log.iter()
            .rev()
            .filter(|e| e.entity == "indicator_connector" && e.action == "run")
            .map(|e| (e.changes["status"].as_str().unwrap().to_owned(), e.changes["imported"].as_i64().unwrap()))
            .collect()
    }
}

#[tokio::test]
async fn a_connector_fetches_the_initiatives_municipalities_and_writes_their_values() {
    let s = setup().await;
    let (status, connector) = s.connect(json!({"table": "folk1a", "refresh": "weekly"})).await;
    assert_eq!(status, 200, "{connector}");
    assert_eq!(connector["table"], "FOLK1A");
    let run = s.run().await;
    assert_eq!(run["last_status"], "ok", "{run}");
    // the last of the runs (see the end): the first, or a periodic refresh that found nothing new
    let counts = &run["last_counts"];
    assert!(
        *counts == json!({"imported": 6, "unchanged": 0}) || *counts == json!({"imported": 0, "unchanged": 6}),
        "{run}"
    );
    let asked = s.asked.lock().unwrap()[0].clone();
    assert_eq!(asked["format"], "CSV");
    assert_eq!(asked["valuePresentation"], "Code");
    assert_eq!(
        asked["variables"],
        json!([{"code": "OMRÅDE", "values": ["101", "147"]}, {"code": "Tid", "values": ["*"]}])
    );
    let copenhagen = s.values("0101").await;
    let periods: Vec<String> = copenhagen.iter().map(|v| v.period.code()).collect();
    assert_eq!(periods, ["2024K1", "2024K2", "2024K3"]);
    assert_eq!(copenhagen[2].value, 656787.0);
    assert_eq!((copenhagen[0].source, copenhagen[0].source_name.as_str()), (ValueSource::Connector, "FOLK1A"));
    assert_eq!(s.values("0147").await.len(), 3);
    // a new connector is due until it has run, so the periodic refresh may have fetched it too:
    // the same answer again changes nothing
    let runs = s.logged_runs().await;
    assert_eq!(runs[0], ("ok".to_owned(), 6));
    assert!(runs[1..].iter().all(|run| *run == ("ok".to_owned(), 0)), "{runs:?}");
}

#[tokio::test]
async fn fetching_the_same_answer_again_changes_nothing() {
    let s = setup().await;
    s.connect(json!({"table": "FOLK1A"})).await;
    s.run().await;
    let first = s.app.store.audit_log(s.initiative_id, None, 1).await.unwrap()[0].id;
    let path = format!("/api/v1/indicators/{}/connector/runs", s.indicator_id);
    s.app.client().send_json(Method::POST, &path, Some(&s.token), &json!({})).await;
    for _ in 0..100 {
        if s.app.store.audit_log(s.initiative_id, None, 1).await.unwrap()[0].id != first {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(s.logged_runs().await, [("ok".to_owned(), 6), ("ok".to_owned(), 0)]);
    let indicator = s.app.store.indicator(s.indicator_id).await.unwrap().unwrap();
    let history = s
        .app
        .store
        .indicator_value_history(&indicator, &Unit::Municipality("0101".into()), Period::Quarter(2024, 1))
        .await
        .unwrap();
    assert!(history.is_empty(), "no value was replaced");
}

#[tokio::test]
async fn an_error_answer_writes_nothing_and_keeps_statbanks_message() {
    let s = setup().await;
    s.connect(json!({"table": "FOLK9X"})).await;
    let run = s.run().await;
    assert_eq!(run["last_status"], "service_error");
    assert_eq!(run["last_message"], "EXTRACT-NOTFOUND: Tabellen FOLK9X findes ikke.");
    assert!(s.values("0101").await.is_empty());
    assert_eq!(s.logged_runs().await, [("service_error".to_owned(), 0)]);
}

#[tokio::test]
async fn an_html_page_writes_nothing() {
    let s = setup().await;
    s.connect(json!({"table": "HTML"})).await;
    let run = s.run().await;
    assert_eq!(run["last_status"], "not_csv", "{run}");
    assert!(s.values("0101").await.is_empty());
}

#[tokio::test]
async fn an_answer_slower_than_the_timeout_writes_nothing() {
    let s = setup().await;
    s.connect(json!({"table": "SLOW"})).await;
    let run = s.run().await;
    assert_eq!(run["last_status"], "timeout", "{run}");
    assert!(s.values("0101").await.is_empty());
}

#[tokio::test]
async fn a_bad_row_writes_nothing_and_names_its_line() {
    let s = setup().await;
    s.connect(json!({"table": "BADROW"})).await;
    let run = s.run().await;
    assert_eq!(run["last_status"], "bad_rows");
    assert_eq!(run["last_message"], "3: unit-unknown (999)");
    assert!(s.values("0101").await.is_empty(), "line 2 was good, yet nothing is written");
}

#[tokio::test]
async fn a_connector_is_checked_and_set_up_by_backbone_staff_only() {
    let s = setup().await;
    let (status, errors) = s.connect(json!({"table": "FOLK 1A", "refresh": "hourly"})).await;
    assert_eq!(status, 422);
    assert_eq!(errors["fields"]["table"], "statbank-table-invalid");
    assert_eq!(errors["fields"]["refresh"], "unknown-choice");
    let path = format!("/api/v1/indicators/{}/connector", s.indicator_id);
    assert_eq!(s.app.client().get_json(&path, Some(&s.token)).await.0, 404, "none yet");
    // a public indicator, so that an outsider sees it and is refused rather than not found
    let indicator = format!("/api/v1/indicators/{}", s.indicator_id);
    s.app.client().send_json(Method::PATCH, &indicator, Some(&s.token), &json!({"public": true})).await;
    s.app.user("gaest@example.dk", false).await;
    let other = s.app.api_token("gaest@example.dk").await;
    let body = json!({"table": "FOLK1A"});
    assert_eq!(s.app.client().send_json(Method::PUT, &path, Some(&other), &body).await.0, 403);
    assert_eq!(s.app.client().send_json(Method::PUT, &path, None, &body).await.0, 401);
    let runs = format!("{path}/runs");
    assert_eq!(s.app.client().send_json(Method::POST, &runs, Some(&other), &json!({})).await.0, 403);
}

#[tokio::test]
async fn the_refresh_queues_connectors_that_are_due_once_a_period() {
    let s = setup().await;
    s.connect(json!({"table": "FOLK1A", "refresh": "daily"})).await;
    let now = chrono::Utc::now();
    assert_eq!(rygrad_web::http::jobs::queue_due_connectors(&s.app.state, now).await.unwrap(), 1);
    assert_eq!(s.last_run().await["last_status"], "ok");
    assert_eq!(rygrad_web::http::jobs::queue_due_connectors(&s.app.state, now).await.unwrap(), 0, "ran today");
    let tomorrow = now + chrono::Duration::days(1);
    assert_eq!(rygrad_web::http::jobs::queue_due_connectors(&s.app.state, tomorrow).await.unwrap(), 1);
}

#[tokio::test]
async fn backbone_staff_set_a_connector_up_on_its_page_and_fetch_now() {
    let s = setup().await;
    let c = s.app.client();
    c.login("sekretariat@example.dk", PASSWORD).await;
    let page = format!("/initiativer/alliancen/indikatorer/{}/forbindelse", s.indicator_id);
    assert_eq!(c.get(&page).await.status, 200);
    c.post(&page, &[("table", "FOLK1A"), ("filter", "OMRÅDE = 101\nTid = *"), ("refresh", "monthly")])
        .await
        .assert_redirect(&page);
    c.post(&format!("{page}/hent"), &[]).await.assert_redirect(&page);
    s.last_run().await;
    let shown = c.get(&page).await.body;
    assert!(shown.contains("Tallene er hentet."), "{shown}");
    assert!(shown.contains("3 værdier nye eller ændrede, 0 uændrede."), "{shown}");
    assert!(shown.contains("OMRÅDE = 101"));
    assert_eq!(s.asked.lock().unwrap()[0]["variables"][0], json!({"code": "OMRÅDE", "values": ["101"]}));
    assert_eq!(s.values("0101").await.len(), 3);
    assert!(s.values("0147").await.is_empty(), "not in the filter");
}

#[tokio::test]
async fn a_filter_that_cannot_be_read_is_shown_beside_its_field() {
    let s = setup().await;
    let c = s.app.client();
    c.login("sekretariat@example.dk", PASSWORD).await;
    let page = format!("/initiativer/alliancen/indikatorer/{}/forbindelse", s.indicator_id);
    let refused = c.post(&page, &[("table", "FOLK1A"), ("filter", "OMRÅDE 101"), ("refresh", "none")]).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Skriv én variabel pr. linje"), "{}", refused.body);
    assert!(s.app.store.indicator_connector(s.indicator_id).await.unwrap().is_none());
}

#[tokio::test]
async fn the_connector_page_is_for_backbone_staff_only() {
    let s = setup().await;
    let c = s.app.logged_in("gaest@example.dk", false).await;
    let page = format!("/initiativer/alliancen/indikatorer/{}/forbindelse", s.indicator_id);
    assert_eq!(c.get(&page).await.status, 404, "an internal indicator is not found for outsiders");
    assert_eq!(s.app.client().get(&page).await.status, 404);
}

#[tokio::test]
async fn an_unreachable_statbank_writes_nothing() {
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1", closed.local_addr().unwrap());
    drop(closed);
    let s = setup_at(url, Asked::default()).await;
    s.connect(json!({"table": "FOLK1A"})).await;
    let run = s.run().await;
    assert_eq!(run["last_status"], "unreachable", "{run}");
    assert!(s.values("0101").await.is_empty());
}

#[tokio::test]
async fn changing_a_connector_keeps_its_last_run() {
    let s = setup().await;
    s.connect(json!({"table": "FOLK1A"})).await;
    let ran = s.run().await;
    let (status, changed) = s.connect(json!({"table": "FOLK1A", "refresh": "monthly"})).await;
    assert_eq!(status, 200);
    assert_eq!(changed["refresh"], "monthly");
    assert_eq!(changed["last_run_at"], ran["last_run_at"]);
    let log = s.app.store.audit_log(s.initiative_id, None, 1).await.unwrap();
    assert_eq!((log[0].action.as_str(), &log[0].changes["refresh"]), ("update", &json!(["none", "monthly"])));
}

#[tokio::test]
async fn a_table_of_every_area_gives_the_country_and_the_municipalities_and_leaves_regions_out() {
    let s = setup().await;
    s.connect(json!({"table": "FOLK1A", "filter": {"OMRÅDE": ["*"], "Tid": ["*"]}})).await;
    let run = s.run().await;
    assert_eq!(run["last_status"], "ok", "{run}");
    let indicator = s.app.store.indicator(s.indicator_id).await.unwrap().unwrap();
    let country = s.app.store.indicator_series(&indicator, &Unit::Country).await.unwrap();
    assert_eq!(country.len(), 3);
    assert_eq!(s.values("0147").await.len(), 3);
    assert_eq!(s.logged_runs().await, [("ok".to_owned(), 9)], "Region Hovedstaden (084) left out");
}
