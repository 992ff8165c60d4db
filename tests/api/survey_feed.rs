//! A survey question feeding an indicator: the link, the values a closed wave writes (share in
//! percent with n and the Wilson interval), suppressed groups giving none, and a refresh that
//! finds nothing new writing nothing.

use crate::helpers::*;
use crate::surveys::{answer_many, create_group, create_survey, create_wave, post};
use reqwest::Method;
use rygrad_domain::indicator::{Period, Unit, ValueSource};
use rygrad_domain::survey_stats::wilson;
use serde_json::{Value, json};

/// A yearly percentage indicator of the alliance at `geography`.
async fn percent_indicator(app: &TestApp, token: &str, geography: &str) -> i64 {
    let body = json!({
        "name": "Andel der er glade for klassen",
        "unit": "%",
        "direction": "up",
        "frequency": "year",
        "geography": geography,
    });
    let (status, out) = post(app, "/api/v1/initiatives/alliancen/indicators", Some(token), body).await;
    assert_eq!(status, 201, "{out}");
    out["id"].as_i64().unwrap()
}

/// One of the alliance's own units; its id.
async fn own_unit(app: &TestApp, token: &str, name: &str) -> i64 {
    let (status, out) =
        post(app, "/api/v1/initiatives/alliancen/indicator-units", Some(token), json!({"name": name})).await;
    assert_eq!(status, 201, "{out}");
    out["id"].as_i64().unwrap()
}

async fn link(app: &TestApp, token: &str, indicator: i64, body: Value) -> (reqwest::StatusCode, Value) {
    app.client()
        .send_json(Method::PUT, &format!("/api/v1/indicators/{indicator}/survey-link"), Some(token), &body)
        .await
}

async fn refresh(app: &TestApp, token: &str, indicator: i64) -> Value {
    let (status, out) =
        post(app, &format!("/api/v1/indicators/{indicator}/survey-link/refresh"), Some(token), json!({})).await;
    assert_eq!(status, 200, "{out}");
    out
}

async fn close(app: &TestApp, token: &str, wave: i64) {
    let (status, out) = post(app, &format!("/api/v1/survey-waves/{wave}/close"), Some(token), json!({})).await;
    assert_eq!(status, 200, "{out}");
}

/// The series point of `unit` for this year.
async fn point(app: &TestApp, indicator: i64, unit: &str) -> Option<Value> {
    let path = format!("/api/v1/indicators/{indicator}/series?unit={unit}");
    let (status, series) = app.client().get_json(&path, Some(&app.api_token("sekretariat@example.dk").await)).await;
    assert_eq!(status, 200, "{series}");
    let year = chrono::Utc::now().format("%Y").to_string();
    series["points"].as_array().unwrap().iter().find(|p| p["period"] == year.as_str()).cloned()
}

fn close_to(a: &Value, b: f64) -> bool {
    (a.as_f64().unwrap() - b).abs() < 1e-9
}

#[tokio::test]
async fn a_question_is_linked_with_its_counted_options_and_a_bad_link_is_refused_by_field() {
    let (app, id, token) = backbone_alliance(false).await;
    let survey = create_survey(&app, &token, false).await;
    let schools = percent_indicator(&app, &token, "custom").await;
    let body = json!({"survey_id": survey, "question": "ro", "options": [3, 2, 3], "units": "groups"});
    let (status, out) = link(&app, &token, schools, body).await;
    assert_eq!(status, 200, "{out}");
    assert_eq!(
        out,
        json!({"indicator_id": schools, "survey_id": survey, "question": "ro", "options": [2, 3], "units": "groups", "unit": null})
    );
    let (status, again) =
        app.client().get_json(&format!("/api/v1/indicators/{schools}/survey-link"), Some(&token)).await;
    assert_eq!((status.as_u16(), again), (200, out));

    let municipal = percent_indicator(&app, &token, "municipality").await;
    for (body, field, code) in [
        (
            json!({"survey_id": survey, "question": "ro", "options": [1], "units": "groups"}),
            "units",
            "survey-feed-groups-need-custom",
        ),
        (
            json!({"survey_id": survey, "question": "kommentar", "options": [1], "units": "wave", "unit": "DK"}),
            "question",
            "survey-feed-question-not-choice",
        ),
        (
            json!({"survey_id": survey, "question": "glad", "options": [3], "units": "wave", "unit": "DK"}),
            "options",
            "survey-feed-option-unknown",
        ),
        (
            json!({"survey_id": survey + 1000, "question": "glad", "options": [1], "units": "wave", "unit": "DK"}),
            "survey_id",
            "survey-feed-survey-unknown",
        ),
    ] {
        let (status, errors) = link(&app, &token, municipal, body).await;
        assert_eq!(status, 422, "{errors}");
        assert_eq!(errors["fields"][field], code, "{errors}");
    }
    let log = app.store.audit_log(id, None, 100).await.unwrap();
    assert!(log.iter().any(|e| e.entity == "indicator_survey_link" && e.action == "create"));
}

#[tokio::test]
async fn closing_a_wave_writes_each_groups_share_with_n_and_its_interval_and_suppressed_groups_give_none() {
    let (app, _, token) = backbone_alliance(false).await;
    let survey = create_survey(&app, &token, false).await;
    let indicator = percent_indicator(&app, &token, "custom").await;
    let a = own_unit(&app, &token, "5.A").await;
    let b = own_unit(&app, &token, "5.B").await;
    let c = own_unit(&app, &token, "5.C").await;
    let (status, out) = link(
        &app,
        &token,
        indicator,
        json!({"survey_id": survey, "question": "glad", "options": [1], "units": "groups"}),
    )
    .await;
    assert_eq!(status, 200, "{out}");
    let wave = create_wave(&app, &token, survey, "Runde 0").await;
    let codes = [
        create_group(&app, &token, wave, "5.A").await,
        create_group(&app, &token, wave, "5.b").await,
        create_group(&app, &token, wave, "5.C").await,
        create_group(&app, &token, wave, "6.A").await,
    ];
    answer_many(&app, &codes[0], 6, 4).await;
    answer_many(&app, &codes[1], 4, 4).await;
    // 5.C is under 5, and 6.A, the next smallest, goes with it
    answer_many(&app, &codes[2], 2, 1).await;
    answer_many(&app, &codes[3], 5, 1).await;
    assert_eq!(point(&app, indicator, &a.to_string()).await, None, "an open wave gives nothing yet");

    close(&app, &token, wave).await;
    let shown = point(&app, indicator, &a.to_string()).await.expect("5.A's share");
    let (low, high) = wilson(6, 10).unwrap();
    assert!(close_to(&shown["value"], 60.0), "{shown}");
    assert_eq!(shown["n"], 10);
    assert!(close_to(&shown["ci_low"], low * 100.0) && close_to(&shown["ci_high"], high * 100.0), "{shown}");
    let by_name = point(&app, indicator, &b.to_string()).await.expect("5.b is the unit 5.B");
    assert!(close_to(&by_name["value"], 50.0) && by_name["n"] == 8, "{by_name}");
    assert_eq!(point(&app, indicator, &c.to_string()).await, None, "under 5 answers");
    let staff = app.client();
    staff.login("sekretariat@example.dk", PASSWORD).await;
    let csv = staff.get(&format!("/initiativer/alliancen/indikatorer/{indicator}/data.csv")).await;
    let line: Vec<&str> = csv.body.lines().find(|l| l.contains("\"5.A\"")).expect("5.A's line").split(';').collect();
    let number = |cell: &str| json!(cell.trim_matches('"').replace(',', ".").parse::<f64>().unwrap());
    assert_eq!(line[4], "\"10\"", "n");
    assert!(close_to(&number(line[5]), low * 100.0) && close_to(&number(line[6]), high * 100.0), "{line:?}");

    let stored = app.store.indicator(indicator).await.unwrap().unwrap();
    let series = app.store.indicator_series(&stored, &Unit::Custom(a)).await.unwrap();
    assert_eq!((series[0].source, series[0].source_name.as_str()), (ValueSource::Survey, "Trivsel 2026"));
    assert_eq!(
        series[0].period,
        Period::containing(chrono::Utc::now().date_naive(), rygrad_domain::indicator::Frequency::Year)
    );

    let report = refresh(&app, &token, indicator).await;
    assert_eq!(report["imported"], 0, "{report}");
    assert_eq!(report["unchanged"], 2, "{report}");
    assert_eq!(report["hidden"], 2, "5.C and its complement: {report}");
    assert_eq!(report["unmatched"], json!([]), "{report}");
    assert!(app.store.indicator_value_history(&stored, &Unit::Custom(a), series[0].period).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_whole_wave_feeds_one_unit_and_a_group_without_a_unit_is_named() {
    let (app, _, token) = backbone_alliance(false).await;
    let survey = create_survey(&app, &token, false).await;
    let municipal = percent_indicator(&app, &token, "municipality").await;
    let body = json!({"survey_id": survey, "question": "glad", "options": [1, 2], "units": "wave", "unit": "350"});
    let (status, out) = link(&app, &token, municipal, body).await;
    assert_eq!((status.as_u16(), out["unit"].clone()), (200, json!("0350")), "{out}");
    let schools = percent_indicator(&app, &token, "custom").await;
    link(&app, &token, schools, json!({"survey_id": survey, "question": "glad", "options": [2], "units": "groups"}))
        .await;
    let wave = create_wave(&app, &token, survey, "Runde 0").await;
    let a = create_group(&app, &token, wave, "Nordskolen").await;
    let b = create_group(&app, &token, wave, "Sydskolen").await;
    answer_many(&app, &a, 5, 3).await;
    answer_many(&app, &b, 4, 2).await;
    close(&app, &token, wave).await;
    let whole = point(&app, municipal, "0350").await.expect("the wave's share");
    assert!(close_to(&whole["value"], 100.0) && whole["n"] == 14, "both options count: {whole}");
    let report = refresh(&app, &token, schools).await;
    assert_eq!(report["unmatched"], json!(["Nordskolen", "Sydskolen"]), "{report}");
    assert_eq!(report["imported"], 0);
}

#[tokio::test]
async fn backbone_staff_link_a_question_on_the_indicators_page_and_its_chart_draws_the_interval() {
    let (app, _, token) = backbone_alliance(false).await;
    let survey = create_survey(&app, &token, false).await;
    let indicator = percent_indicator(&app, &token, "municipality").await;
    let wave = create_wave(&app, &token, survey, "Runde 0").await;
    let code = create_group(&app, &token, wave, "5.A").await;
    // 5 said no: fewer, and the whole wave's "no" would be hidden, and "yes" with it
    answer_many(&app, &code, 7, 5).await;
    let c = app.client();
    c.login("sekretariat@example.dk", PASSWORD).await;
    let page = format!("/initiativer/alliancen/indikatorer/{indicator}/spoergeskema");
    let form = c.get(&page).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains(&format!("value=\"{survey}:glad\"")), "{}", form.body);
    let refused = c.post(&page, &[("question", &format!("{survey}:glad")), ("options", "ja"), ("units", "wave")]).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Skriv numre på spørgsmålets svarmuligheder."), "{}", refused.body);
    let fields = [
        ("question", format!("{survey}:glad")),
        ("options", "1".into()),
        ("units", "wave".into()),
        ("unit", "0101".into()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    c.post(&page, &fields).await.assert_redirect(&page);
    close(&app, &token, wave).await;
    c.post(&format!("{page}/opdater"), &[]).await.assert_redirect(&page);
    let refreshed = c.get(&page).await.body;
    assert!(refreshed.contains("0 værdier nye eller ændrede, 1 uændrede, 0 grupper uden tal"), "{refreshed}");

    let chart = c.get(&format!("/initiativer/alliancen/indikatorer/{indicator}?enhed=0101")).await;
    assert_eq!(chart.status, 200);
    assert!(chart.body.contains("class=\"ind-whisker\""), "{}", chart.body);
    let (low, high) = wilson(7, 12).unwrap();
    let shown = |v: f64| rygrad_domain::format::number(rygrad_domain::format::Lang::Da, v * 100.0, 1);
    assert!(chart.body.contains(&format!("{}–{}", shown(low), shown(high))), "the table's interval");
    assert!(chart.body.contains(&format!("href=\"/initiativer/alliancen/indikatorer/{indicator}/spoergeskema\"")));
}
