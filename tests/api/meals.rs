//! Danmark spiser sammen: hosting, finding, signing up with capacity and a waiting list, the
//! relay, calendars and imports, through pages and the API.

use crate::helpers::*;
use chrono::{Duration, Utc};
use reqwest::Method;
use rygrad_domain::signup::SignupStatus;
use serde_json::json;

fn future_date(days: i64) -> String {
    (Utc::now() + Duration::days(days)).date_naive().to_string()
}

/// Hosts a meal through the form; returns its id and baton code.
pub(crate) async fn host(c: &Client, fields: &[(&str, &str)]) -> Page {
    let date = future_date(10);
    let mut all: Vec<(&str, &str)> = vec![
        ("title", "Fællesspisning"),
        ("place", "8000"),
        ("date", &date),
        ("starts_at", "18:00"),
        ("ends_at", "21:00"),
        ("capacity", "10"),
    ];
    for (k, v) in fields {
        all.retain(|(key, _)| key != k);
        all.push((k, v));
    }
    c.post("/maaltider/ny", &all).await
}

pub(crate) fn meal_id(page: &Page) -> i64 {
    page.location
        .as_deref()
        .and_then(|l| l.strip_prefix("/maaltider/"))
        .and_then(|id| id.parse().ok())
        .expect("redirect to the meal")
}

#[tokio::test]
async fn a_confirmed_person_hosts_a_meal_that_anyone_can_find() {
    let app = spawn_app().await;
    let host_client = app.logged_in("vaert@example.dk", false).await;
    let page = host(&host_client, &[("title", "Suppe i Aarhus"), ("themes", "elderly"), ("price", "25")]).await;
    let id = meal_id(&page);
    let shown = app.client().get(&format!("/maaltider/{id}")).await.body;
    assert!(
        shown.contains("Suppe i Aarhus")
            && shown.contains("Aarhus")
            && shown.contains("25 kr.")
            && shown.contains("Ældre")
    );
    assert!(shown.contains("og:title"), "Open Graph metadata for sharing");
    let near = app.client().get("/maaltider?sted=8000&radius=5").await.body;
    assert!(near.contains("Suppe i Aarhus"), "found near its postal code");
    let located = app.client().get("/maaltider?lat=56.1567&lon=10.2108&radius=5").await.body;
    assert!(located.contains("Suppe i Aarhus") && located.contains("din position"), "near the browser's position");
    let far = app.client().get("/maaltider?sted=9990&radius=25").await.body;
    assert!(!far.contains("Suppe i Aarhus"), "not near Skagen");
    let other_theme = app.client().get("/maaltider?sted=8000&tema=refugees").await.body;
    assert!(!other_theme.contains("Suppe i Aarhus"));
    let unknown = app.client().get("/maaltider?sted=Atlantis").await;
    assert!(unknown.body.contains("Vi kunne ikke finde stedet"));

    // an address that cannot be placed, times out of order, a meal in the past: all refused,
    // with the typed title kept
    let bad = host(
        &host_client,
        &[("title", "Beholdes"), ("place", "Atlantis"), ("ends_at", "17:00"), ("date", "2020-01-01")],
    )
    .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("value=\"Beholdes\""));
    assert!(
        bad.body.contains("Vi kunne ikke finde stedet")
            && bad.body.contains("Måltidet skal slutte, efter det er begyndt")
            && bad.body.contains("fortiden")
    );

    // an account with an unconfirmed address cannot host
    let c = app.client();
    c.post("/konto/opret", &[("name", "Ny"), ("email", "ny@example.dk"), ("password", PASSWORD)]).await;
    c.login("ny@example.dk", PASSWORD).await;
    assert_eq!(c.get("/maaltider/ny").await.status, 403);
}

#[tokio::test]
async fn sign_ups_fill_the_meal_then_wait_and_move_up() {
    let app = spawn_app().await;
    let host_client = app.logged_in("vaert@example.dk", false).await;
    let id = meal_id(&host(&host_client, &[("capacity", "3")]).await);
    let c = app.client();
    let path = format!("/maaltider/{id}/tilmeld");
    c.post(&path, &[("name", "Anna"), ("email", "anna@example.dk"), ("party_size", "2")])
        .await
        .assert_redirect(&format!("/maaltider/{id}"));
    let mail = app.mail_to("anna@example.dk").await;
    assert!(mail.data.contains("BEGIN:VCALENDAR") && mail.data.contains("text/calendar"), "the .ics is attached");
    let cancel_link = mail.link(&format!("{}/afmeld/", app.address));
    c.post(&path, &[("name", "Bo"), ("email", "bo@example.dk"), ("party_size", "2")]).await;
    assert!(app.mail_to("bo@example.dk").await.body().contains("ventelisten"), "beyond capacity: waiting list");
    c.post(&path, &[("name", "Cille"), ("email", "cille@example.dk"), ("party_size", "1")]).await;
    assert!(
        app.mail_to("cille@example.dk").await.body().contains("ventelisten"),
        "one seat is free, but Bo waits first"
    );
    let twice = c.post(&path, &[("name", "Anna"), ("email", "anna@example.dk"), ("party_size", "1")]).await;
    assert_eq!(twice.status, 422);
    assert!(twice.body.contains("allerede tilmeldt"));
    let bad = c.post(&path, &[("name", ""), ("email", "ikke-en-mail"), ("party_size", "99")]).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("value=\"ikke-en-mail\""));

    // the host sees and exports the guest list; others do not
    let guests = host_client.get(&format!("/maaltider/{id}/gaester")).await.body;
    assert!(guests.contains("anna@example.dk") && guests.contains("Venteliste"));
    let csv = host_client.get(&format!("/maaltider/{id}/gaester.csv")).await.body;
    assert!(csv.starts_with('\u{feff}') && csv.contains("\"Bo\";\"bo@example.dk\";\"2\";\"Venteliste\""), "{csv}");
    assert_eq!(
        app.logged_in("fremmed@example.dk", false).await.get(&format!("/maaltider/{id}/gaester")).await.status,
        403
    );

    // Anna cancels: Bo's party of two moves up
    let token_path = cancel_link.trim_start_matches(&app.address).to_owned();
    assert_eq!(c.get(&token_path).await.status, 200);
    c.post(&token_path, &[]).await.assert_redirect(&format!("/maaltider/{id}"));
    assert_eq!(c.post(&token_path, &[]).await.status, 404, "a cancel link works once");
    for _ in 0..50 {
        if app.mail_count("bo@example.dk") == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(app.mail_to("bo@example.dk").await.body().contains("Der er blevet en plads ledig"));
    let statuses: Vec<SignupStatus> =
        app.store.signups_of_meal(id).await.unwrap().into_iter().map(|s| s.status).collect();
    assert_eq!(statuses, [SignupStatus::Cancelled, SignupStatus::Confirmed, SignupStatus::Confirmed]);
    assert_eq!(app.store.meal(id).await.unwrap().unwrap().seats_taken, 3);

    // after the meal, guests' personal data goes; the counts stay
    let erased = app.store.erase_guest_data(Utc::now() + Duration::days(60)).await.unwrap();
    assert_eq!(erased, 3);
    let after = app.store.signups_of_meal(id).await.unwrap();
    assert!(after.iter().all(|s| s.name.is_none() && s.email.is_none()));
    assert_eq!(after.iter().filter(|s| s.status == SignupStatus::Confirmed).map(|s| s.party_size).sum::<i32>(), 3);
}

#[tokio::test]
async fn two_hundred_guests_race_for_the_last_ten_seats() {
    let app = spawn_app_with(|c| c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]).await;
    let host_client = app.logged_in("vaert@example.dk", false).await;
    let id = meal_id(&host(&host_client, &[("capacity", "10")]).await);
    let client = reqwest::Client::new();
    let mut tasks = Vec::new();
    for i in 0..200 {
        let (client, url) = (client.clone(), format!("{}/api/v1/meals/{id}/signups", app.address));
        tasks.push(tokio::spawn(async move {
            let response = client
                .post(url)
                .header("x-forwarded-for", format!("10.0.{}.{}", i / 200, i % 200 + 1))
                .json(&json!({"name": format!("Gæst {i}"), "email": format!("g{i}@example.dk"), "party_size": 1}))
                .send()
                .await
                .unwrap();
            let status = response.status();
            let body: serde_json::Value = response.json().await.unwrap();
            assert_eq!(status, 201, "{body}");
            body["status"].as_str().unwrap().to_owned()
        }));
    }
    let mut confirmed = 0;
    let mut waitlisted = 0;
    for t in tasks {
        match t.await.unwrap().as_str() {
            "confirmed" => confirmed += 1,
            "waitlisted" => waitlisted += 1,
            other => panic!("{other}"),
        }
    }
    assert_eq!((confirmed, waitlisted), (10, 190));
    assert_eq!(app.store.meal(id).await.unwrap().unwrap().seats_taken, 10);
}

#[tokio::test]
async fn the_relay_follows_the_baton() {
    let app = spawn_app().await;
    let a = app.logged_in("a@example.dk", false).await;
    let first = meal_id(&host(&a, &[("title", "Første måltid"), ("place", "5000")]).await);
    let code = app.store.meal(first).await.unwrap().unwrap().baton_code;
    assert!(!code.contains(['0', 'O', '1', 'I', 'L']));
    let b = app.logged_in("b@example.dk", false).await;
    // typed as a person would: lower case with a hyphen
    let typed = format!("{}-{}", &code[..3], &code[3..]).to_lowercase();
    let second = meal_id(&host(&b, &[("title", "Andet måltid"), ("place", "9000"), ("baton_code", &typed)]).await);
    let third = meal_id(
        &host(
            &a,
            &[
                ("title", "Tredje måltid"),
                ("place", "6700"),
                ("baton_code", &app.store.meal(second).await.unwrap().unwrap().baton_code),
            ],
        )
        .await,
    );

    let relay = app.client().get(&format!("/stafet/{code}")).await.body;
    assert!(relay.contains("Andet måltid") && relay.contains("Tredje måltid"), "descendants listed");
    assert!(relay.contains("3 måltider") && relay.contains("3 led") && relay.contains("3 kommuner"), "{relay}");
    let (status, api) = app
        .client()
        .get_json(&format!("/api/v1/relays/{}", app.store.meal(third).await.unwrap().unwrap().baton_code), None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(api["meals"], 1);
    assert_eq!(api["line"].as_array().unwrap().len(), 3);
    assert_eq!(api["line"][0]["title"], "Første måltid");

    // a mistyped code: refused, with the right one suggested
    let mut wrong = code.clone().into_bytes();
    wrong[1] = if wrong[1] == b'X' { b'Y' } else { b'X' };
    let wrong = String::from_utf8(wrong).unwrap();
    let page = host(&b, &[("baton_code", &wrong)]).await;
    assert_eq!(page.status, 422);
    let display = format!("{}-{}", &code[..3], &code[3..]);
    assert!(page.body.contains(&format!("Mente du {display}?")), "{}", page.body);
    let lookup = app.client().get(&format!("/stafet?kode={wrong}")).await.body;
    assert!(lookup.contains(&format!("Mente du {display}?")));
    // a well-formed code that belongs to no meal
    let unknown = rygrad_domain::relay::BatonCode::from_number(999_999).as_str().to_owned();
    let page = host(&b, &[("baton_code", &unknown)]).await;
    assert!(page.body.contains("Vi kender ikke den stafetkode"));
    let national = app.client().get("/stafet").await.body;
    assert!(national.contains("Første måltid"), "the longest and widest relays");
    assert!(
        national.contains("Sådan har stafetten bredt sig") && national.contains("Til og med"),
        "the spread year by year"
    );
}

#[tokio::test]
async fn meals_through_the_api() {
    let app = spawn_app().await;
    app.user("vaert@example.dk", false).await;
    let token = app.api_token("vaert@example.dk").await;
    let c = app.client();
    let starts = meal_start(5);
    let body = meal_body(5, json!({ "title": "API-måltid", "postal_code": "9990", "capacity": 2 }));
    assert_eq!(c.send_json(Method::POST, "/api/v1/meals", None, &body).await.0, 401);
    let (status, created) = c.send_json(Method::POST, "/api/v1/meals", Some(&token), &body).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["municipality_code"], "0813");
    let id = created["id"].as_i64().unwrap();
    let (status, child) = c
        .send_json(Method::POST, "/api/v1/meals", Some(&token), &json!({
            "title": "Barn", "starts_at": starts.to_rfc3339(), "ends_at": (starts + Duration::hours(2)).to_rfc3339(),
            "lat": 55.6761, "lon": 12.5683, "capacity": 5, "baton_code": created["baton_code"]
        }))
        .await;
    assert_eq!(status, 201);
    assert_eq!(child["municipality_code"], "0101");
    let (status, errors) = c
        .send_json(Method::POST, "/api/v1/meals", Some(&token), &json!({
            "title": "", "starts_at": starts.to_rfc3339(), "ends_at": starts.to_rfc3339(), "postal_code": "0000", "capacity": 0
        }))
        .await;
    assert_eq!(status, 422);
    assert_eq!(errors["fields"]["title"], "required");
    assert_eq!(errors["fields"]["postal_code"], "place-not-found");
    assert_eq!(errors["fields"]["capacity"], "capacity-range");

    let (_, list) = c.get_json("/api/v1/meals?lat=57.72&lon=10.58&radius_km=10", None).await;
    let first = &list[0];
    assert_eq!(first["id"], id);
    assert!(first["distance_km"].as_f64().unwrap() < 10.0);
    assert_eq!(first["seats_left"], 2);
    assert!(
        first["starts_at"].as_str().unwrap().ends_with("+01:00")
            || first["starts_at"].as_str().unwrap().ends_with("+02:00")
    );
    let sign = |email: &'static str| {
        let c = &c;
        async move {
            c.send_json(
                Method::POST,
                &format!("/api/v1/meals/{id}/signups"),
                None,
                &json!({"name": "Gæst", "email": email, "party_size": 2}),
            )
            .await
        }
    };
    assert_eq!(sign("en@example.dk").await.1["status"], "confirmed");
    assert_eq!(sign("to@example.dk").await.1["status"], "waitlisted");
    let (status, errors) = sign("en@example.dk").await;
    assert_eq!(status, 422);
    assert_eq!(errors["fields"]["email"], "already-signed-up");
}

#[tokio::test]
async fn calendar_feeds_parse_as_icalendar() {
    let app = spawn_app().await;
    let host_client = app.logged_in("vaert@example.dk", false).await;
    let id =
        meal_id(&host(&host_client, &[("title", "Kalendermåltid; med komma, og æøå"), ("themes", "families")]).await);
    let window = (Utc::now() - Duration::days(365), Utc::now() + Duration::days(365));
    for path in [
        "/kalender.ics".to_owned(),
        "/kalender/kommune/0751.ics".into(),
        "/kalender/tema/familier.ics".into(),
        format!("/maaltider/{id}/kalender.ics"),
    ] {
        let page = app.client().get(&path).await;
        assert_eq!(page.status, 200, "{path}");
        let read = rygrad_calendar::read_calendar(page.body.as_bytes(), window).unwrap();
        assert_eq!(read.events.len(), 1, "{path}");
        assert_eq!(read.events[0].title, "Kalendermåltid; med komma, og æøå");
    }
    assert_eq!(app.client().get("/kalender/tema/pirates.ics").await.status, 404);
    let empty = app.client().get("/kalender/kommune/0101.ics").await;
    assert_eq!(rygrad_calendar::read_calendar(empty.body.as_bytes(), window).unwrap().events.len(), 0);
}

#[tokio::test]
async fn import_ics_creates_updates_and_reports() {
    let app = spawn_app().await;
    organisation(&app, "madklubben").await;
    let dir = std::env::temp_dir().join(unique("rygrad-ics-"));
    std::fs::create_dir_all(&dir).unwrap();
    let start = (Utc::now() + Duration::days(20)).format("%Y%m%dT170000Z").to_string();
    let ics = |title: &str| {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n\
BEGIN:VEVENT\r\nUID:spis-1@example.dk\r\nDTSTART:{start}\r\nSUMMARY:{title}\r\nLOCATION:Torvet 1\\, 8600 Silkeborg\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:ude-1@example.dk\r\nDTSTART:{start}\r\nSUMMARY:I udlandet\r\nLOCATION:Berlin\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:heldag@example.dk\r\nDTSTART;VALUE=DATE:20270425\r\nSUMMARY:Heldag\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n"
        )
    };
    let file = dir.join("spis.ics");
    std::fs::write(&file, ics("Fællesspisning i Silkeborg")).unwrap();
    let out =
        rygrad_cli(&app.database_url, &["import-ics", file.to_str().unwrap(), "--organisation", "madklubben"]).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["imported"], 1);
    assert_eq!(summary["updated"], 0);
    let skipped: Vec<&str> =
        summary["skipped"].as_array().unwrap().iter().map(|s| s["uid"].as_str().unwrap()).collect();
    assert_eq!(skipped, ["heldag@example.dk", "ude-1@example.dk"], "{summary}");
    // a second import of the same UID updates the meal
    std::fs::write(&file, ics("Ny titel")).unwrap();
    let out =
        rygrad_cli(&app.database_url, &["import-ics", file.to_str().unwrap(), "--organisation", "madklubben"]).await;
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((summary["imported"].as_i64(), summary["updated"].as_i64()), (Some(0), Some(1)));
    let found = app.client().get("/maaltider?sted=8600").await.body;
    assert!(found.contains("Ny titel") && !found.contains("Fællesspisning i Silkeborg"));

    // not a calendar at all: a clear message and a non-zero exit
    std::fs::write(&file, "Hej, dette er ikke en kalender").unwrap();
    let out =
        rygrad_cli(&app.database_url, &["import-ics", file.to_str().unwrap(), "--organisation", "madklubben"]).await;
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not an iCalendar file"), "{stderr}");

    // every real-world calendar of the corpus: read without failing, every event accounted for
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/ics");
    for entry in std::fs::read_dir(corpus).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ics") {
            continue;
        }
        let out =
            rygrad_cli(&app.database_url, &["import-ics", path.to_str().unwrap(), "--organisation", "madklubben"])
                .await;
        // a time-zone library and a file with a NUL byte are not calendars of events
        let name = path.file_name().unwrap().to_string_lossy();
        if name.starts_with("vtimezone__") || name.contains("_nul_") {
            assert!(!out.status.success(), "{name}");
            assert!(String::from_utf8_lossy(&out.stderr).contains("not an iCalendar file"), "{name}");
            continue;
        }
        assert!(out.status.success(), "{}: {}", path.display(), String::from_utf8_lossy(&out.stderr));
        let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(summary["skipped"].as_array().unwrap().iter().all(|s| !s["reason"].as_str().unwrap().is_empty()));
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_campaign_follows_its_targets() {
    let app = spawn_app().await;
    let initiative_id = initiative(&app, "bevaegelsen", true).await;
    let (member_org, _) = member_organisation(&app, initiative_id, "madklubben", "2020-01-01").await;
    let by = rygrad_store::AuditActor::system();
    let backbone_id = app.user("sekretariat@example.dk", false).await;
    app.store
        .grant_role(initiative_id, backbone_id, rygrad_domain::invitation::InitiativeRole::Backbone, None, &by)
        .await
        .unwrap();
    let member_id = app.user("medlem@example.dk", false).await;
    app.store
        .grant_role(initiative_id, member_id, rygrad_domain::invitation::InitiativeRole::Member, Some(member_org), &by)
        .await
        .unwrap();
    let backbone = app.client();
    backbone.login("sekretariat@example.dk", PASSWORD).await;
    let year = (Utc::now() + Duration::days(10)).date_naive().format("%Y").to_string();
    let bad = backbone
        .post(
            "/initiativer/bevaegelsen/kampagner/ny",
            &[("name", "Kampagnen"), ("iso_week", "60"), ("target_meals", "mange")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("value=\"Kampagnen\""));
    let page = backbone
        .post(
            "/initiativer/bevaegelsen/kampagner/ny",
            &[
                ("name", "Spis sammen"),
                ("year", &year),
                ("target_meals", "2"),
                ("target_member_meals", "1"),
                ("target_flagships", "1"),
                ("target_guests", "100"),
            ],
        )
        .await;
    let location = page.location.clone().expect("redirect to the dashboard");
    let campaign_id: i64 = location.trim_start_matches("/kampagner/").parse().unwrap();
    assert_eq!(
        app.logged_in("fremmed@example.dk", false).await.get("/initiativer/bevaegelsen/kampagner/ny").await.status,
        403
    );

    // a member hosts for its organisation in the campaign; a citizen hosts privately
    let member = app.client();
    member.login("medlem@example.dk", PASSWORD).await;
    let campaign = campaign_id.to_string();
    let org = member_org.to_string();
    let first =
        meal_id(&host(&member, &[("organisation_id", &org), ("campaign_id", &campaign), ("place", "4000")]).await);
    let citizen = app.logged_in("borger@example.dk", false).await;
    host(&citizen, &[("campaign_id", &campaign), ("place", "9990")]).await;
    let refused = host(&citizen, &[("organisation_id", &org)]).await;
    assert_eq!(refused.status, 422, "only members act for an organisation");
    backbone.post(&format!("/maaltider/{first}/moderer"), &[("action", "flagship")]).await;

    let dashboard = app.client().get(&location).await.body;
    assert!(dashboard.contains("Spis sammen") && dashboard.contains("Kampagneuge 17"), "{dashboard}");
    let (status, progress) = app.client().get_json(&format!("/api/v1/campaigns/{campaign_id}/progress"), None).await;
    assert_eq!(status, 200);
    let target =
        |name: &str| progress["targets"].as_array().unwrap().iter().find(|t| t["target"] == name).unwrap().clone();
    assert_eq!((target("meals")["goal"].as_i64(), target("meals")["current"].as_i64()), (Some(2), Some(2)));
    assert_eq!(target("meals")["percent"], 100);
    assert_eq!(target("member_meals")["current"], 1);
    assert_eq!(target("flagships")["current"], 1);
    // Skagen lies in Frederikshavn (a rural municipality group), Roskilde is urban
    assert_eq!(target("rural_municipalities")["current"], 1);
    assert_eq!(target("urban_municipalities")["current"], 1);

    let csv = app.client().get(&format!("/kampagner/{campaign_id}/fremdrift.csv")).await.body;
    assert!(csv.contains("\"Måltider\";\"2\";\"2\";\"100\""), "{csv}");
    let xlsx = reqwest::get(format!("{}/kampagner/{campaign_id}/fremdrift.xlsx", app.address)).await.unwrap();
    assert_eq!(xlsx.status(), 200);
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"), "an XLSX file is a zip archive");
    let feed = app.client().get(&format!("/kalender/kampagne/{campaign_id}.ics")).await.body;
    assert_eq!(
        rygrad_calendar::read_calendar(
            feed.as_bytes(),
            (Utc::now() - Duration::days(1), Utc::now() + Duration::days(60))
        )
        .unwrap()
        .events
        .len(),
        2
    );
}

#[tokio::test]
async fn host_guide_and_a_share_page_that_hides_the_guests() {
    let app = spawn_app().await;
    let guide = app.client().get("/vaertsguide").await.body;
    assert!(
        guide.contains("Godt værtskab") && guide.contains("Barrierer, du kan fjerne") && guide.contains("ikke kender")
    );
    let host_client = app.logged_in("vaert@example.dk", false).await;
    let id = meal_id(&host(&host_client, &[("title", "Delbart måltid")]).await);
    app.client()
        .post(&format!("/maaltider/{id}/tilmeld"), &[("name", "Hemmelig Gæst"), ("email", "hemmelig@example.dk")])
        .await;
    let share = app.client().get(&format!("/maaltider/{id}/del?som=gaest")).await.body;
    assert!(share.contains("Jeg spiste med til et fællesmåltid") && share.contains("Delbart måltid"));
    assert!(share.contains("og:title"));
    assert!(!share.contains("Hemmelig") && !share.contains("hemmelig@example.dk"), "other guests are not revealed");
}

#[tokio::test]
async fn the_starter_kit_prints() {
    let app = spawn_app().await;
    let host_client = app.logged_in("vaert@example.dk", false).await;
    let id = meal_id(&host(&host_client, &[("title", "Æblekage og kaffe i Ærøskøbing"), ("place", "5970")]).await);
    let bytes = |c: &Client, path: String| {
        let (http, url) = (c.http.clone(), format!("{}{path}", app.address));
        async move {
            let r = http.get(url).send().await.unwrap();
            (
                r.status(),
                r.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()),
                r.bytes().await.unwrap(),
            )
        }
    };
    for name in ["invitation.pdf", "plakat-a4.pdf", "plakat-a3.pdf"] {
        let (status, kind, body) = bytes(&app.client(), format!("/maaltider/{id}/startkit/{name}")).await;
        assert_eq!(status, 200, "{name}");
        assert_eq!(kind.as_deref(), Some("application/pdf"));
        assert!(body.starts_with(b"%PDF-") && body.windows(5).any(|w| w == b"%%EOF"), "{name}");
    }
    let (status, kind, png) = bytes(&app.client(), format!("/maaltider/{id}/startkit/postkort.png")).await;
    assert_eq!((status.as_u16(), kind.as_deref()), (200, Some("image/png")));
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    // baton cards carry the code: for the host only
    assert_eq!(bytes(&host_client, format!("/maaltider/{id}/startkit/stafetkort.pdf")).await.0, 200);
    assert_eq!(
        bytes(&app.logged_in("gaest@example.dk", false).await, format!("/maaltider/{id}/startkit/stafetkort.pdf"))
            .await
            .0,
        403
    );
    assert_eq!(bytes(&app.client(), format!("/maaltider/{id}/startkit/ukendt.pdf")).await.0, 404);
    let (status, _, guide) = bytes(&app.client(), "/vaertsguide.pdf".into()).await;
    assert_eq!(status, 200);
    assert!(guide.starts_with(b"%PDF-"));
}

#[tokio::test]
async fn the_host_edits_a_meal_but_not_below_its_sign_ups() {
    let app = spawn_app().await;
    let host_client = app.logged_in("vaert@example.dk", false).await;
    let id = meal_id(&host(&host_client, &[("title", "Før"), ("capacity", "5"), ("price", "27,50")]).await);
    let form = host_client.get(&format!("/maaltider/{id}/rediger")).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("value=\"Før\"") && form.body.contains("value=\"27,5\""), "prefilled");
    for (i, email) in ["a@example.dk", "b@example.dk", "c@example.dk"].iter().enumerate() {
        app.client()
            .post(&format!("/maaltider/{id}/tilmeld"), &[("name", &format!("Gæst {i}")), ("email", email)])
            .await;
    }
    let date = future_date(11);
    let edit = |capacity: &'static str| {
        let (c, date) = (&host_client, date.clone());
        async move {
            c.post(
                &format!("/maaltider/{id}/rediger"),
                &[
                    ("title", "Efter"),
                    ("place", "8000"),
                    ("date", &date),
                    ("starts_at", "17:00"),
                    ("ends_at", "20:00"),
                    ("capacity", capacity),
                ],
            )
            .await
        }
    };
    let refused = edit("2").await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Der er allerede tilmeldt flere") && refused.body.contains("value=\"Efter\""));
    edit("8").await.assert_redirect(&format!("/maaltider/{id}"));
    let m = app.store.meal(id).await.unwrap().unwrap();
    assert_eq!((m.title.as_str(), m.capacity, m.seats_taken), ("Efter", 8, 3));
    assert_eq!(
        app.logged_in("fremmed@example.dk", false).await.get(&format!("/maaltider/{id}/rediger")).await.status,
        403
    );
}
