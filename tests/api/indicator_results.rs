//! The turn-the-curve page, its downloads and the dashboard: what a reader of the results sees,
//! and what the public may not see.

use crate::helpers::*;
use chrono::Datelike;
use reqwest::Method;
use serde_json::{Value, json};

/// A yearly municipal indicator (lower is better), with `fields` laid over it.
async fn create(app: &TestApp, token: &str, fields: Value) -> Value {
    let mut body = json!({
        "name": "Andel unge, der ryger",
        "unit": "%",
        "direction": "down",
        "frequency": "year",
        "geography": "municipality",
        "decimals": 1,
        "noise": 0.5,
        "public": true,
    });
    for (field, value) in fields.as_object().unwrap() {
        body[field] = value.clone();
    }
    let (status, indicator) =
        app.client().send_json(Method::POST, "/api/v1/initiatives/alliancen/indicators", Some(token), &body).await;
    assert_eq!(status, 201, "{indicator}");
    indicator
}

/// The latest year whose value is due today (a year's figures are due 90 days after it ends).
fn due_year() -> i32 {
    (chrono::Utc::now() - chrono::Duration::days(90)).year() - 1
}

/// Values for `unit` falling by one a year up to the year due: 15,5 … 12,5.
async fn falling_values(app: &TestApp, token: &str, id: &Value, unit: &str) {
    let last = due_year();
    let values: Vec<Value> = (0..4)
        .map(|k| json!({"unit": unit, "period": (last - 3 + k).to_string(), "value": 15.5 - f64::from(k)}))
        .collect();
    let (status, body) = app
        .client()
        .send_json(Method::PUT, &format!("/api/v1/indicators/{id}/values"), Some(token), &json!({"values": values}))
        .await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn the_series_has_a_forecast_with_its_band_and_a_status_by_the_rule() {
    let (app, _, token) = backbone_alliance(true).await;
    let indicator = create(&app, &token, json!({"status_rule": "trend"})).await;
    falling_values(&app, &token, &indicator["id"], "0101").await;
    let (_, series) =
        app.client().get_json(&format!("/api/v1/indicators/{}/series?unit=0101", indicator["id"]), None).await;
    assert_eq!(series["status"], "on_track", "{series}");
    let first = &series["forecast"]["points"][0];
    assert_eq!(first["period"], (due_year() + 1).to_string());
    assert!((first["value"].as_f64().unwrap() - 11.5).abs() < 1e-9, "{first}");
    assert!(first["low"].as_f64().unwrap() <= 11.5 && first["high"].as_f64().unwrap() >= 11.5);
}

#[tokio::test]
async fn a_series_whose_latest_value_is_overdue_has_no_status() {
    let (app, _, token) = backbone_alliance(true).await;
    let indicator = create(&app, &token, json!({"status_rule": "trend"})).await;
    let old = due_year() - 1;
    let values: Vec<Value> = (0..3)
        .map(|k| json!({"unit": "0101", "period": (old - k).to_string(), "value": 10.0 + f64::from(k)}))
        .collect();
    app.client()
        .send_json(
            Method::PUT,
            &format!("/api/v1/indicators/{}/values", indicator["id"]),
            Some(&token),
            &json!({"values": values}),
        )
        .await;
    let (_, series) =
        app.client().get_json(&format!("/api/v1/indicators/{}/series?unit=0101", indicator["id"]), None).await;
    assert_eq!(series["status"], "no_data", "{series}");
}

#[tokio::test]
async fn the_turn_the_curve_page_shows_the_chart_and_its_table() {
    let (app, _, token) = backbone_alliance(true).await;
    let indicator = create(&app, &token, json!({"status_rule": "trend"})).await;
    falling_values(&app, &token, &indicator["id"], "0101").await;
    let page = app.client().get(&format!("/initiativer/alliancen/indikatorer/{}?enhed=0101", indicator["id"])).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("<svg"), "the chart is inline SVG");
    assert!(page.body.contains("<table>") && page.body.contains("<caption>Tallene bag grafen"));
    assert!(page.body.contains("<th scope=\"row\">") && page.body.contains("12,5"), "the values in Danish");
    assert!(page.body.contains("På sporet"), "the status");
}

#[tokio::test]
async fn the_public_sees_a_public_indicator_but_not_an_internal_one() {
    let (app, _, token) = backbone_alliance(true).await;
    let open = create(&app, &token, json!({})).await;
    let internal = create(&app, &token, json!({"name": "Internt tal", "public": false})).await;
    let c = app.client();
    assert_eq!(c.get(&format!("/initiativer/alliancen/indikatorer/{}", open["id"])).await.status, 200);
    assert_eq!(c.get(&format!("/initiativer/alliancen/indikatorer/{}", internal["id"])).await.status, 404);
    assert_eq!(c.get(&format!("/initiativer/alliancen/indikatorer/{}/data.csv", internal["id"])).await.status, 404);
    let staff = app.client();
    staff.login("sekretariat@example.dk", PASSWORD).await;
    assert_eq!(staff.get(&format!("/initiativer/alliancen/indikatorer/{}", internal["id"])).await.status, 200);
}

#[tokio::test]
async fn the_data_download_is_danish_csv() {
    let (app, _, token) = backbone_alliance(true).await;
    let indicator = create(&app, &token, json!({})).await;
    falling_values(&app, &token, &indicator["id"], "0101").await;
    let page = app.client().get(&format!("/initiativer/alliancen/indikatorer/{}/data.csv", indicator["id"])).await;
    assert_eq!(page.status, 200);
    let last = due_year();
    assert!(page.body.contains(&format!("\"0101\";\"København\";\"{last}\";\"12,5\"")), "{}", page.body);
}

#[tokio::test]
async fn the_chart_downloads_as_svg() {
    let (app, _, token) = backbone_alliance(true).await;
    let indicator = create(&app, &token, json!({})).await;
    let response = app
        .client()
        .http
        .get(format!("{}/initiativer/alliancen/indikatorer/{}/graf.svg", app.client().base, indicator["id"]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "image/svg+xml; charset=utf-8");
    assert!(response.text().await.unwrap().starts_with("<svg"));
}

#[tokio::test]
async fn the_dashboard_lists_missing_data_by_owner() {
    let (app, id, token) = backbone_alliance(true).await;
    member_organisation(&app, id, "skolen", "2024-01-01").await;
    create(&app, &token, json!({"name": "Trivsel i skolen", "organisation": "skolen"})).await;
    let page = app.client().get("/initiativer/alliancen/overblik").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let missing = page.body.split("Data, der mangler").nth(1).expect("the missing section");
    assert!(missing.contains("Trivsel i skolen"), "{missing}");
    assert!(missing.contains(&format!("tal for {} mangler", due_year())), "{missing}");
}

#[tokio::test]
async fn a_goal_takes_the_worst_status_of_its_indicators() {
    let (app, _, token) = backbone_alliance(true).await;
    let (_, goal) = app
        .client()
        .send_json(Method::POST, "/api/v1/initiatives/alliancen/goals", Some(&token), &json!({"title": "Færre rygere"}))
        .await;
    let rising =
        create(&app, &token, json!({"status_rule": "trend", "goal_ids": [goal["id"]], "geography": "country"})).await;
    let last = due_year();
    let values: Vec<Value> = (0..3)
        .map(|k| json!({"unit": "DK", "period": (last - 2 + k).to_string(), "value": 10.0 + f64::from(k)}))
        .collect();
    app.client()
        .send_json(
            Method::PUT,
            &format!("/api/v1/indicators/{}/values", rising["id"]),
            Some(&token),
            &json!({"values": values}),
        )
        .await;
    create(&app, &token, json!({"name": "Uden tal", "goal_ids": [goal["id"]]})).await;
    let (_, dashboard) = app.client().get_json("/api/v1/initiatives/alliancen/dashboard", None).await;
    assert_eq!(dashboard["goals"][0]["status"], "off_track", "{dashboard}");
    assert_eq!(dashboard["goals"][0]["indicator_ids"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn the_goal_tree_shows_each_goals_status_and_its_indicators() {
    let (app, _, token) = backbone_alliance(true).await;
    let (_, goal) = app
        .client()
        .send_json(Method::POST, "/api/v1/initiatives/alliancen/goals", Some(&token), &json!({"title": "Færre rygere"}))
        .await;
    let indicator =
        create(&app, &token, json!({"status_rule": "trend", "goal_ids": [goal["id"]], "geography": "country"})).await;
    falling_values(&app, &token, &indicator["id"], "DK").await;
    let page = app.client().get("/initiativer/alliancen/maal").await;
    assert_eq!(page.status, 200);
    let outline = page.body.split(&format!("id=\"goal-{}\"", goal["id"])).nth(1).expect("the goal in the outline");
    assert!(outline.starts_with(">") && outline.contains("På sporet"), "{outline}");
    assert!(
        outline
            .contains(&format!("/initiativer/alliancen/indikatorer/{}\">Andel unge, der ryger</a>", indicator["id"]))
    );
}

#[tokio::test]
async fn the_embed_page_of_a_public_indicator_may_be_framed_by_any_site() {
    let (app, _, token) = backbone_alliance(true).await;
    let indicator = create(&app, &token, json!({})).await;
    let c = app.client();
    let response = c
        .http
        .get(format!("{}/initiativer/alliancen/indikatorer/{}/indlejr", c.base, indicator["id"]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("frame-ancestors *"), "{csp}");
    assert!(response.headers().get("x-frame-options").is_none());
    let page =
        c.http.get(format!("{}/initiativer/alliancen/indikatorer/{}", c.base, indicator["id"])).send().await.unwrap();
    assert_eq!(page.headers()["x-frame-options"], "DENY", "the indicator's own page stays unframeable");
    assert!(page.text().await.unwrap().contains("indlejr?enhed=DK&#34;"), "the page offers the iframe code");
}

#[tokio::test]
async fn an_internal_indicator_has_no_embed_page_even_for_the_alliance() {
    let (app, _, token) = backbone_alliance(true).await;
    let internal = create(&app, &token, json!({"public": false})).await;
    let staff = app.client();
    staff.login("sekretariat@example.dk", PASSWORD).await;
    assert_eq!(staff.get(&format!("/initiativer/alliancen/indikatorer/{}/indlejr", internal["id"])).await.status, 404);
}

#[tokio::test]
async fn the_json_download_has_the_shape_of_the_api_series() {
    let (app, _, token) = backbone_alliance(true).await;
    let indicator = create(&app, &token, json!({})).await;
    falling_values(&app, &token, &indicator["id"], "0101").await;
    let c = app.client();
    let (_, api) = c.get_json(&format!("/api/v1/indicators/{}/series?unit=0101", indicator["id"]), None).await;
    let (status, page) =
        c.get_json(&format!("/initiativer/alliancen/indikatorer/{}/data.json?enhed=0101", indicator["id"]), None).await;
    assert_eq!(status, 200);
    assert_eq!(page, api);
}

#[tokio::test]
async fn the_chart_and_the_data_download_as_png_and_xlsx() {
    let (app, _, token) = backbone_alliance(true).await;
    let indicator = create(&app, &token, json!({})).await;
    falling_values(&app, &token, &indicator["id"], "0101").await;
    let c = app.client();
    for (file, magic) in [("graf.png?enhed=0101", &b"\x89PNG"[..]), ("data.xlsx", &b"PK"[..])] {
        let response = c
            .http
            .get(format!("{}/initiativer/alliancen/indikatorer/{}/{file}", c.base, indicator["id"]))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{file}");
        assert!(response.bytes().await.unwrap().starts_with(magic), "{file}");
    }
}

#[tokio::test]
async fn the_initiatives_page_lists_its_public_indicators_with_status() {
    let (app, _, token) = backbone_alliance(true).await;
    let open = create(&app, &token, json!({"name": "Offentligt tal"})).await;
    create(&app, &token, json!({"name": "Internt tal", "public": false})).await;
    let staff = app.client();
    staff.login("sekretariat@example.dk", PASSWORD).await;
    let page = staff.get("/initiativer/alliancen").await;
    assert!(page.body.contains(&format!("/initiativer/alliancen/indikatorer/{}\">Offentligt tal</a>", open["id"])));
    assert!(page.body.contains("Ingen data"), "its status");
    assert!(!page.body.contains("Internt tal"), "not even for the alliance: the page is the public face");
}

#[tokio::test]
async fn an_indicator_and_the_activities_serving_its_goal_link_to_each_other() {
    let (app, _, token) = backbone_alliance(true).await;
    let (_, goal) = app
        .client()
        .send_json(Method::POST, "/api/v1/initiatives/alliancen/goals", Some(&token), &json!({"title": "Færre rygere"}))
        .await;
    let indicator = create(&app, &token, json!({"goal_ids": [goal["id"]]})).await;
    let (status, activity) = app
        .client()
        .send_json(
            Method::POST,
            "/api/v1/initiatives/alliancen/activities",
            Some(&token),
            &json!({"title": "Røgfri skoletid", "goal_ids": [goal["id"]]}),
        )
        .await;
    assert_eq!(status, 201, "{activity}");
    let c = app.client();
    let page = c.get(&format!("/initiativer/alliancen/indikatorer/{}", indicator["id"])).await;
    assert!(
        page.body.contains(&format!("<a href=\"/aktiviteter/{}\">Røgfri skoletid</a>", activity["id"])),
        "{}",
        page.body
    );
    let page = c.get(&format!("/aktiviteter/{}", activity["id"])).await;
    assert!(
        page.body
            .contains(&format!("/initiativer/alliancen/indikatorer/{}\">Andel unge, der ryger</a>", indicator["id"]))
    );
}

#[tokio::test]
async fn the_dashboard_tells_new_values_and_status_changes_since_the_last_meeting() {
    let (app, _, token) = backbone_alliance(true).await;
    let indicator = create(&app, &token, json!({"status_rule": "trend", "geography": "country"})).await;
    falling_values(&app, &token, &indicator["id"], "DK").await;
    let (_, dashboard) = app.client().get_json("/api/v1/initiatives/alliancen/dashboard", None).await;
    let card = &dashboard["indicators"][0];
    assert_eq!(
        (&card["status_then"], &card["status"], &card["new_values"]),
        (&json!("no_data"), &json!("on_track"), &json!(4))
    );
    let page = app.client().get("/initiativer/alliancen/overblik").await;
    let changed = page.body.split("Nyt siden").nth(1).expect("the section of changes");
    assert!(changed.contains("4 nye værdier; status fra Ingen data til På sporet"), "{changed}");
}

#[tokio::test]
async fn the_status_then_is_read_from_the_values_as_they_stood_before_a_correction() {
    use sea_orm::ConnectionTrait;
    let (app, _, token) = backbone_alliance(true).await;
    let indicator = create(&app, &token, json!({"status_rule": "trend", "geography": "country"})).await;
    falling_values(&app, &token, &indicator["id"], "DK").await;
    // the values were entered two days ago, before yesterday's meeting
    let db = app.store.connection();
    let two_days_ago = chrono::Utc::now() - chrono::Duration::days(2);
    let backdate = sea_orm::Statement::from_sql_and_values(
        db.get_database_backend(),
        "UPDATE indicator_values SET entered_at = $1",
        [two_days_ago.into()],
    );
    db.execute_raw(backdate).await.unwrap();
    let yesterday = (chrono::Utc::now() - chrono::Duration::days(1)).date_naive().to_string();
    let meeting = json!({"title": "Alliancemøde", "date": yesterday, "starts_at": "12:00", "ends_at": "13:00"});
    let (status, body) =
        app.client().send_json(Method::POST, "/api/v1/initiatives/alliancen/meetings", Some(&token), &meeting).await;
    assert_eq!(status, 201, "{body}");
    // after the meeting the latest value is corrected upwards: the curve no longer falls
    let latest = json!({"values": [{"unit": "DK", "period": due_year().to_string(), "value": 20.0}]});
    let path = format!("/api/v1/indicators/{}/values", indicator["id"]);
    let (status, body) = app.client().send_json(Method::PUT, &path, Some(&token), &latest).await;
    assert_eq!(status, 200, "{body}");
    let (_, dashboard) = app.client().get_json("/api/v1/initiatives/alliancen/dashboard", None).await;
    let card = &dashboard["indicators"][0];
    assert_eq!((&card["status_then"], &card["new_values"]), (&json!("on_track"), &json!(1)), "{card}");
    assert_ne!(card["status"], json!("on_track"), "{card}");
}

/// `weeks` weekly values for the country from the first week of 2005.
async fn weekly_values(app: &TestApp, token: &str, id: &Value, weeks: i64) {
    let first = chrono::NaiveDate::from_isoywd_opt(2005, 1, chrono::Weekday::Mon).unwrap();
    let values: Vec<Value> = (0..weeks)
        .map(|k| {
            let week = (first + chrono::Duration::weeks(k)).iso_week();
            json!({"unit": "DK", "period": format!("{}-W{:02}", week.year(), week.week()), "value": 10.0})
        })
        .collect();
    let path = format!("/api/v1/indicators/{id}/values");
    let (status, body) = app.client().send_json(Method::PUT, &path, Some(token), &json!({"values": values})).await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn the_dashboard_counts_new_values_up_to_a_thousand_and_says_more() {
    let (app, _, token) = backbone_alliance(true).await;
    let indicator = create(&app, &token, json!({"frequency": "week", "geography": "country"})).await;
    weekly_values(&app, &token, &indicator["id"], 1200).await;
    let (_, dashboard) = app.client().get_json("/api/v1/initiatives/alliancen/dashboard", None).await;
    assert_eq!(dashboard["indicators"][0]["new_values"], 1001, "1,001 means more than 1,000");
    let page = app.client().get("/initiativer/alliancen/overblik").await.body;
    assert!(page.contains("over 1.000 nye værdier"), "{page}");
}

#[tokio::test]
async fn a_long_weekly_course_shows_its_last_five_years_and_the_whole_on_request() {
    let (app, _, token) = backbone_alliance(true).await;
    let indicator = create(&app, &token, json!({"frequency": "week", "geography": "country"})).await;
    weekly_values(&app, &token, &indicator["id"], 300).await;
    let page = format!("/initiativer/alliancen/indikatorer/{}?enhed=DK", indicator["id"]);
    let recent = app.client().get(&page).await.body;
    assert!(recent.contains("Vis hele forløbet"), "{recent}");
    assert!(!recent.contains("<th scope=\"row\">2005W01</th>"), "the first weeks are not in the table");
    let all = app.client().get(&format!("{page}&vis=alle")).await.body;
    assert!(all.contains("<th scope=\"row\">2005W01</th>"));
    assert!(!all.contains("Vis hele forløbet"));
}

#[tokio::test]
async fn the_table_marks_a_change_inside_the_noise() {
    let (app, _, token) = backbone_alliance(true).await;
    let indicator = create(&app, &token, json!({})).await;
    let values = json!([
        {"unit": "0101", "period": "2020", "value": 12.0},
        {"unit": "0101", "period": "2021", "value": 12.3, "note": "Ny metode"},
    ]);
    app.client()
        .send_json(
            Method::PUT,
            &format!("/api/v1/indicators/{}/values", indicator["id"]),
            Some(&token),
            &json!({"values": values}),
        )
        .await;
    let page = app.client().get(&format!("/initiativer/alliancen/indikatorer/{}?enhed=0101", indicator["id"])).await;
    let row = page.body.split("<th scope=\"row\">2021</th>").nth(1).unwrap().split("</tr>").next().unwrap();
    assert!(
        row.contains("<td>12,3</td>") && row.contains("api: Ny metode") && row.contains("Inden for støjen"),
        "{row}"
    );
}
