//! The authorization matrix over HTTP: every role × every protected page × own/other initiative
//! and organisation, one table per area. (The policy itself has its own exhaustive matrix in the
//! domain crate; this checks that every handler asks it.) Each table checks every cell before it
//! fails, so that one run names all the cells that differ.

use crate::helpers::*;
use rygrad_domain::invitation::InitiativeRole;
use rygrad_domain::membership::MembershipRole;
use rygrad_store::AuditActor;

const ROLES: [&str; 5] = ["public", "user", "member", "backbone", "admin"];

type Fields = &'static [(&'static str, &'static str)];

/// Two private initiatives, each with a member organisation, and a client per role: the member
/// acts for the own initiative's organisation, the backbone is the own initiative's.
struct Matrix {
    app: TestApp,
    own: i64,
    other: i64,
    own_org: i64,
    other_org: i64,
    clients: Vec<Client>,
    failures: Vec<String>,
}

impl Matrix {
    async fn new() -> Matrix {
        let app = spawn_app().await;
        let own = initiative(&app, "own", false).await;
        let other = initiative(&app, "other", false).await;
        let own_org = organisation(&app, "own-org").await;
        let other_org = organisation(&app, "other-org").await;
        let by = AuditActor::system();
        for (initiative, org) in [(own, own_org), (other, other_org)] {
            app.store.add_membership(initiative, org, MembershipRole::Member, day("2025-01-01"), &by).await.unwrap();
        }
        let mut clients = Vec::new();
        for role in ROLES {
            let client = match role {
                "public" => app.client(),
                "admin" => app.logged_in("admin@example.dk", true).await,
                other_role => {
                    let email = format!("{other_role}@example.dk");
                    let id = app.user(&email, false).await;
                    match other_role {
                        "member" => {
                            app.store.grant_role(own, id, InitiativeRole::Member, Some(own_org), &by).await.unwrap()
                        }
                        "backbone" => app.store.grant_role(own, id, InitiativeRole::Backbone, None, &by).await.unwrap(),
                        _ => {}
                    }
                    let c = app.client();
                    c.login(&email, PASSWORD).await;
                    c
                }
            };
            clients.push(client);
        }
        Matrix { app, own, other, own_org, other_org, clients, failures: Vec::new() }
    }

    /// Every role GETs `path`; `expected` is the status for: public, user, member, backbone, admin.
    async fn get(&mut self, path: &str, expected: [u16; 5]) {
        for ((role, client), want) in ROLES.iter().zip(&self.clients).zip(expected) {
            let got = client.get(path).await.status.as_u16();
            if got != want {
                self.failures.push(format!("GET {path} × {role}: expected {want}, got {got}"));
            }
        }
    }

    /// Every role in turn POSTs `fields` to `path`, so a write that succeeds is there for the next.
    async fn post(&mut self, path: &str, fields: Fields, expected: [u16; 5]) {
        for ((role, client), want) in ROLES.iter().zip(&self.clients).zip(expected) {
            let got = client.post(path, fields).await.status.as_u16();
            if got != want {
                self.failures.push(format!("POST {path} × {role}: expected {want}, got {got}"));
            }
        }
    }

    fn assert_as_expected(self) {
        let failures = self.failures;
        assert!(failures.is_empty(), "{} cells differ:\n{}", failures.len(), failures.join("\n"));
    }
}

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

// 303 = sent to log in; 404 = a private initiative is invisible; 403 = visible but not allowed.

#[tokio::test]
async fn an_initiatives_own_pages_answer_every_role_as_the_matrix_says() {
    let mut m = Matrix::new().await;
    let pages: &[(&str, [u16; 5])] = &[
        ("/initiativer/own", [404, 404, 200, 200, 200]),
        ("/initiativer/other", [404, 404, 404, 404, 200]),
        ("/initiativer/own/rediger", [404, 404, 403, 200, 200]),
        ("/initiativer/other/rediger", [404, 404, 404, 404, 200]),
        ("/initiativer/own/medlemmer", [404, 404, 403, 200, 200]),
        ("/initiativer/other/medlemmer", [404, 404, 404, 404, 200]),
        ("/initiativer/own/invitationer", [404, 404, 403, 200, 200]),
        ("/initiativer/own/log", [404, 404, 403, 200, 200]),
        ("/initiativer/other/log", [404, 404, 404, 404, 200]),
        ("/initiativer/ny", [303, 403, 403, 403, 200]),
    ];
    for (path, expected) in pages {
        m.get(path, *expected).await;
    }
    // Writes are checked by the same policy: a member and a stranger cannot edit or add members.
    let writes: &[(&str, Fields, [u16; 5])] = &[
        ("/initiativer/own/rediger", &[("name", "Ændret"), ("slug", "own")], [404, 404, 403, 303, 303]),
        (
            "/initiativer/own/medlemmer",
            &[("organisation", "other-org"), ("role", "member"), ("starts_on", "2025-01-01")],
            [404, 404, 403, 303, 422],
        ),
        (
            "/initiativer/other/invitationer",
            &[("email", "x@example.dk"), ("role", "backbone")],
            [404, 404, 404, 404, 303],
        ),
        ("/initiativer/ny", &[("name", "Nyt")], [401, 403, 403, 403, 303]),
    ];
    for (path, fields, expected) in writes {
        m.post(path, fields, *expected).await;
    }
    m.assert_as_expected();
}

#[tokio::test]
async fn an_initiatives_meetings_and_knowledge_base_answer_every_role_as_the_matrix_says() {
    let mut m = Matrix::new().await;
    let pages: &[(&str, [u16; 5])] = &[
        ("/initiativer/own/moeder", [404, 404, 200, 200, 200]),
        ("/initiativer/other/moeder", [404, 404, 404, 404, 200]),
        ("/initiativer/own/beslutninger", [404, 404, 200, 200, 200]),
        ("/initiativer/own/vidensgrundlag", [404, 404, 200, 200, 200]),
        ("/initiativer/own/vidensgrundlag/vision/rediger", [404, 404, 403, 200, 200]),
        ("/initiativer/other/vidensgrundlag/vision/rediger", [404, 404, 404, 404, 200]),
    ];
    for (path, expected) in pages {
        m.get(path, *expected).await;
    }
    // Action items of the own initiative: one given to the member's organisation, one to another.
    let by = AuditActor::system();
    let meeting = rygrad_domain::meeting::MeetingInput {
        title: "Møde".into(),
        date: "2026-03-01".into(),
        starts_at: "16:00".into(),
        ends_at: "17:00".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    let meeting = m.app.store.create_meeting(m.own, &meeting, &[], &by).await.unwrap();
    let mut item_paths = Vec::new();
    for org in [m.own_org, m.other_org] {
        let plan = rygrad_domain::meeting::ActionItemInput {
            title: "Opgave".into(),
            organisation: "x".into(),
            due_on: "2026-03-10".into(),
        }
        .validate(day("2026-03-01"))
        .unwrap();
        let item = m.app.store.create_action_item(&meeting, &plan, org, &by).await.unwrap();
        item_paths.push(format!("/initiativer/own/opgaver/{}/status", item.id));
    }
    // correcting what a meeting recorded is the backbone's (an empty text gets past the policy to 422)
    let decision = m.app.store.create_decision(&meeting, "Beslutning", &by).await.unwrap();
    let record_pages = [
        format!("/initiativer/own/beslutninger/{}/rediger", decision.id),
        item_paths[0].replace("/status", "/rediger"),
    ];
    for path in &record_pages {
        m.get(path, [404, 404, 403, 200, 200]).await;
        m.post(path, &[("text", ""), ("title", "")], [404, 404, 403, 422, 422]).await;
    }
    let done: Fields = &[("done", "1")];
    m.post(&item_paths[0], done, [404, 404, 303, 303, 303]).await;
    m.post(&item_paths[1], done, [404, 404, 403, 303, 303]).await;
    let writes: &[(&str, Fields, [u16; 5])] = &[
        // meetings are the backbone's (an empty title shows that the write got past the policy)
        ("/initiativer/own/moeder", &[("title", "")], [404, 404, 403, 422, 422]),
        // the knowledge base: the backbone revises, the alliance's people comment
        ("/initiativer/own/vidensgrundlag/vision/rediger", &[("body", "")], [404, 404, 403, 422, 422]),
        ("/initiativer/own/vidensgrundlag/vision/kommentarer", &[("comment", "")], [404, 404, 422, 422, 422]),
        ("/initiativer/other/vidensgrundlag/vision/kommentarer", &[("comment", "")], [404, 404, 404, 404, 422]),
    ];
    for (path, fields, expected) in writes {
        m.post(path, fields, *expected).await;
    }
    m.assert_as_expected();
}

#[tokio::test]
async fn an_initiatives_action_plan_answers_every_role_as_the_matrix_says() {
    let mut m = Matrix::new().await;
    let (own, other, own_org, other_org) = (m.own, m.other, m.own_org, m.other_org);
    let by = AuditActor::system();
    // another organisation joins the own initiative, so that its work there is someone else's
    m.app.store.add_membership(own, other_org, MembershipRole::Member, day("2025-01-01"), &by).await.unwrap();
    // The action plan: an activity the member's organisation leads, and one nobody leads.
    let plan = |title: &str| {
        rygrad_domain::activity::ActivityInput { title: title.into(), ..Default::default() }.validate().unwrap()
    };
    let store = &m.app.store;
    let led = rygrad_store::activities::ActivityLinks { lead_organisation_id: Some(own_org), ..Default::default() };
    let own_led = store.create_activity(own, &plan("Egen"), &led, false, &by).await.unwrap().unwrap().id;
    let unled = store.create_activity(own, &plan("Fælles"), &Default::default(), false, &by).await.unwrap().unwrap().id;
    let other_led =
        store.create_activity(other, &plan("Andres"), &Default::default(), false, &by).await.unwrap().unwrap().id;
    let commitment = |org: &str| rygrad_domain::activity::CommitmentInput {
        organisation: org.into(),
        activity_id: Some(own_led),
        kind: "money".into(),
        amount: "10".into(),
        ..Default::default()
    };
    let own_commitment = store
        .create_commitment(own, own_org, &commitment("own-org").validate().unwrap(), &by)
        .await
        .unwrap()
        .unwrap()
        .id;
    let others_commitment = store
        .create_commitment(own, other_org, &commitment("other-org").validate().unwrap(), &by)
        .await
        .unwrap()
        .unwrap()
        .id;
    let pages: Vec<(String, [u16; 5])> = vec![
        (format!("/tilsagn/{own_commitment}"), [404, 404, 200, 200, 200]),
        ("/initiativer/own/aktiviteter".into(), [404, 404, 200, 200, 200]),
        ("/initiativer/other/aktiviteter".into(), [404, 404, 404, 404, 200]),
        ("/initiativer/own/aktiviteter/ny".into(), [404, 404, 200, 200, 200]),
        ("/initiativer/own/handleplan".into(), [404, 404, 200, 200, 200]),
        ("/initiativer/other/handleplan".into(), [404, 404, 404, 404, 200]),
        ("/initiativer/own/netvaerk".into(), [404, 404, 200, 200, 200]),
        ("/initiativer/own/aktiviteter/eksport/csv".into(), [404, 404, 200, 200, 200]),
        (format!("/aktiviteter/{own_led}"), [404, 404, 200, 200, 200]),
        (format!("/aktiviteter/{other_led}"), [404, 404, 404, 404, 200]),
        (format!("/aktiviteter/{own_led}/rediger"), [404, 404, 200, 200, 200]),
        (format!("/aktiviteter/{unled}/rediger"), [404, 404, 403, 200, 200]),
    ];
    for (path, expected) in &pages {
        m.get(path, *expected).await;
    }
    let writes: Vec<(String, Fields, [u16; 5])> = vec![
        ("/initiativer/own/aktiviteter/ny".into(), &[("title", "Ny")], [404, 404, 303, 303, 303]),
        ("/initiativer/other/aktiviteter/ny".into(), &[("title", "Ny")], [404, 404, 404, 404, 303]),
        (format!("/aktiviteter/{unled}/rediger"), &[("title", "Ændret")], [404, 404, 403, 303, 303]),
        (format!("/aktiviteter/{own_led}/accepter"), &[], [404, 404, 403, 303, 303]),
        (format!("/tilsagn/{own_commitment}"), &[("kind", "money"), ("amount", "7")], [404, 404, 303, 303, 303]),
        (format!("/tilsagn/{others_commitment}"), &[("kind", "money"), ("amount", "7")], [404, 404, 403, 303, 303]),
        (
            format!("/tilsagn/{others_commitment}/levering"),
            &[("description", "x"), ("amount", "1"), ("delivered_on", "2026-01-01")],
            [404, 404, 403, 303, 303],
        ),
        (
            format!("/aktiviteter/{own_led}/tilsagn"),
            &[("organisation", "own-org"), ("kind", "money"), ("amount", "5")],
            [404, 404, 303, 303, 303],
        ),
        (
            "/initiativer/own/tilsagn".into(),
            &[("organisation", "own-org"), ("goal_id", "0"), ("kind", "money"), ("amount", "5")],
            [404, 404, 422, 422, 422],
        ),
        (
            "/initiativer/own/tilsagn".into(),
            &[("organisation", "other-org"), ("goal_id", "0"), ("kind", "money"), ("amount", "5")],
            [404, 404, 403, 422, 422],
        ),
        (
            format!("/aktiviteter/{own_led}/tilsagn"),
            &[("organisation", "other-org"), ("kind", "money"), ("amount", "5")],
            [404, 404, 403, 303, 303],
        ),
    ];
    for (path, fields, expected) in &writes {
        m.post(path, fields, *expected).await;
    }
    m.assert_as_expected();
}

#[tokio::test]
async fn organisation_pages_answer_every_role_as_the_matrix_says() {
    let mut m = Matrix::new().await;
    let pages: &[(&str, [u16; 5])] = &[
        ("/organisationer/ny", [303, 403, 403, 200, 200]),
        ("/organisationer/own-org/rediger", [303, 403, 200, 200, 200]),
        ("/organisationer/other-org/rediger", [303, 403, 403, 403, 200]),
    ];
    for (path, expected) in pages {
        m.get(path, *expected).await;
    }
    m.assert_as_expected();
}

#[tokio::test]
async fn account_pages_answer_every_role_as_the_matrix_says() {
    let mut m = Matrix::new().await;
    for path in ["/konto", "/mig"] {
        m.get(path, [303, 200, 200, 200, 200]).await;
    }
    m.assert_as_expected();
}

/// A meal imported from a calendar has no host: the people who act for the organisation that
/// imported it manage it, people of another organisation do not.
#[tokio::test]
async fn the_organisation_that_imported_a_meal_edits_it_and_sees_its_guests() {
    let app = spawn_app().await;
    let own = initiative(&app, "own", false).await;
    let own_org = organisation(&app, "own-org").await;
    let other_org = organisation(&app, "other-org").await;
    let by = AuditActor::system();
    let mut members = Vec::new();
    for (email, org) in [("klub@example.dk", own_org), ("fremmed@example.dk", other_org)] {
        let id = app.user(email, false).await;
        app.store.grant_role(own, id, InitiativeRole::Member, Some(org), &by).await.unwrap();
        let c = app.client();
        c.login(email, PASSWORD).await;
        members.push(c);
    }
    let (member, stranger) = (&members[0], &members[1]);

    let day = chrono::Utc::now() + chrono::Duration::days(9);
    let ics = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nBEGIN:VEVENT\r\nUID:import-1@example.dk\r\nDTSTART:{}\r\nDTEND:{}\r\nSUMMARY:Importeret fællesspisning\r\nLOCATION:Kulturhuset\\, 9990 Skagen\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        day.format("%Y%m%dT160000Z"),
        day.format("%Y%m%dT190000Z"),
    );
    crate::import::import(member, "own-org", ics.into_bytes()).await;
    let meal = app.store.max_meal_id().await.unwrap();
    assert_eq!(app.store.meal(meal).await.unwrap().unwrap().organisation_id, Some(own_org), "imported");
    app.client()
        .post(&format!("/maaltider/{meal}/tilmeld"), &[("name", "Gæst Gæstesen"), ("email", "gaest@example.dk")])
        .await;

    for path in [format!("/maaltider/{meal}/rediger"), format!("/maaltider/{meal}/gaester")] {
        assert_eq!(member.get(&path).await.status, 200, "{path}");
        assert_eq!(stranger.get(&path).await.status, 403, "{path}");
    }
    assert!(member.get(&format!("/maaltider/{meal}/gaester")).await.body.contains("Gæst Gæstesen"));
    let date = day.date_naive().to_string();
    let edit = [
        ("title", "Omdøbt fællesspisning"),
        ("place", "9990"),
        ("date", date.as_str()),
        ("starts_at", "17:00"),
        ("ends_at", "20:00"),
        ("capacity", "12"),
    ];
    assert_eq!(stranger.post(&format!("/maaltider/{meal}/rediger"), &edit).await.status, 403);
    member.post(&format!("/maaltider/{meal}/rediger"), &edit).await.assert_redirect(&format!("/maaltider/{meal}"));
    assert_eq!(app.store.meal(meal).await.unwrap().unwrap().title, "Omdøbt fællesspisning");
}

#[tokio::test]
async fn api_writes_without_a_token_answer_401_before_anything_is_looked_up() {
    let app = spawn_app().await;
    let c = app.client();
    let empty = serde_json::json!({});
    let mut failures = Vec::new();
    for (method, path) in [
        (reqwest::Method::PATCH, "/api/v1/action-items/1"),
        (reqwest::Method::DELETE, "/api/v1/goals/1"),
        (reqwest::Method::PATCH, "/api/v1/initiatives/findes-ikke"),
        (reqwest::Method::POST, "/api/v1/goals/1/archive"),
        (reqwest::Method::POST, "/api/v1/meetings/1/decisions"),
    ] {
        let got = c.send_json(method.clone(), path, None, &empty).await.0.as_u16();
        if got != 401 {
            failures.push(format!("{method} {path} × public: expected 401, got {got}"));
        }
    }
    assert!(failures.is_empty(), "{} cells differ:\n{}", failures.len(), failures.join("\n"));
}

/// The indicators' API: every role (by API token) × reading, entering values and defining
/// indicators of the own and the other initiative, and of a public one.
#[tokio::test]
async fn the_indicators_api_answers_every_role_as_the_matrix_says() {
    use reqwest::Method;
    use serde_json::json;
    let m = Matrix::new().await;
    let app = &m.app;
    let by = AuditActor::system();
    let open = initiative(app, "open", true).await;
    let define = |public: bool| {
        rygrad_domain::indicator::IndicatorInput {
            name: "Indikator".into(),
            unit: "%".into(),
            direction: "up".into(),
            frequency: "year".into(),
            geography: "municipality".into(),
            public,
            ..Default::default()
        }
        .validate()
        .unwrap()
    };
    let create = async |initiative: i64, owner: Option<i64>, public: bool| -> i64 {
        let plan = define(public);
        app.store.create_indicator(initiative, &plan, owner, &by).await.unwrap().unwrap().id
    };
    let owned = create(m.own, Some(m.own_org), false).await;
    let unowned = create(m.own, None, false).await;
    let others = create(m.other, Some(m.other_org), false).await;
    let open_public = create(open, None, true).await;
    let open_internal = create(open, None, false).await;
    let mut tokens = vec![None];
    for role in &ROLES[1..] {
        tokens.push(Some(app.api_token(&format!("{role}@example.dk")).await));
    }
    let value = json!({"values": [{"unit": "0101", "period": "2024", "value": 1.0}]});
    let invalid = json!({"name": "", "unit": "%", "direction": "up", "frequency": "year", "geography": "country"});
    let cells: Vec<(Method, String, serde_json::Value, [u16; 5])> = vec![
        (Method::GET, format!("/api/v1/indicators/{owned}"), json!(null), [404, 404, 200, 200, 200]),
        (Method::GET, format!("/api/v1/indicators/{others}"), json!(null), [404, 404, 404, 404, 200]),
        (Method::GET, "/api/v1/initiatives/own/indicators".into(), json!(null), [404, 404, 200, 200, 200]),
        (Method::GET, format!("/api/v1/indicators/{open_public}/series"), json!(null), [200, 200, 200, 200, 200]),
        (Method::GET, format!("/api/v1/indicators/{open_internal}/map"), json!(null), [404, 404, 404, 404, 200]),
        (Method::GET, "/api/v1/initiatives/own/dashboard".into(), json!(null), [404, 404, 200, 200, 200]),
        (Method::PUT, format!("/api/v1/indicators/{owned}/values"), value.clone(), [401, 404, 200, 200, 200]),
        (Method::PUT, format!("/api/v1/indicators/{unowned}/values"), value.clone(), [401, 404, 403, 200, 200]),
        (Method::PUT, format!("/api/v1/indicators/{others}/values"), value.clone(), [401, 404, 404, 404, 200]),
        (Method::PUT, format!("/api/v1/indicators/{open_public}/values"), value, [401, 403, 403, 403, 200]),
        (Method::POST, "/api/v1/initiatives/own/indicators".into(), invalid.clone(), [401, 404, 403, 422, 422]),
        (Method::POST, "/api/v1/initiatives/open/indicators".into(), invalid, [401, 403, 403, 403, 422]),
        (Method::PATCH, format!("/api/v1/indicators/{owned}"), json!({"name": ""}), [401, 404, 403, 422, 422]),
        (
            Method::POST,
            "/api/v1/initiatives/own/indicator-units".into(),
            json!({"name": ""}),
            [401, 404, 403, 422, 422],
        ),
        (
            Method::PUT,
            format!("/api/v1/indicators/{owned}/survey-link"),
            json!({"survey_id": 0, "question": "glad", "options": [1], "units": "wave", "unit": "DK"}),
            [401, 404, 403, 422, 422],
        ),
        (Method::GET, format!("/api/v1/indicators/{owned}/survey-link"), json!(null), [401, 404, 403, 404, 404]),
        (
            Method::POST,
            format!("/api/v1/indicators/{others}/survey-link/refresh"),
            json!({}),
            [401, 404, 404, 404, 404],
        ),
        (Method::DELETE, format!("/api/v1/indicators/{others}"), json!({}), [401, 404, 404, 404, 204]),
    ];
    let mut failures = Vec::new();
    for (method, path, body, expected) in &cells {
        for ((role, token), want) in ROLES.iter().zip(&tokens).zip(expected) {
            let c = app.client();
            let got = if *method == Method::GET {
                c.get_json(path, token.as_deref()).await.0
            } else {
                c.send_json(method.clone(), path, token.as_deref(), body).await.0
            };
            if got.as_u16() != *want {
                failures.push(format!("{method} {path} × {role}: expected {want}, got {got}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} cells differ:\n{}", failures.len(), failures.join("\n"));
}

/// An indicator of `initiative_id`, made through the store.
async fn indicator(app: &TestApp, initiative_id: i64) -> i64 {
    let plan = rygrad_domain::indicator::IndicatorInput {
        name: "Indbyggere".into(),
        unit: "personer".into(),
        direction: "up".into(),
        frequency: "quarter".into(),
        geography: "municipality".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    app.store.create_indicator(initiative_id, &plan, None, &AuditActor::system()).await.unwrap().unwrap().id
}

#[tokio::test]
async fn the_statbank_connector_page_answers_every_role_as_the_matrix_says() {
    let mut m = Matrix::new().await;
    let own = indicator(&m.app, m.own).await;
    let other = indicator(&m.app, m.other).await;
    let own_page = format!("/initiativer/own/indikatorer/{own}/forbindelse");
    let other_page = format!("/initiativer/other/indikatorer/{other}/forbindelse");
    m.get(&own_page, [404, 404, 403, 200, 200]).await;
    m.get(&other_page, [404, 404, 404, 404, 200]).await;
    m.get(&format!("/initiativer/other/indikatorer/{own}/forbindelse"), [404, 404, 404, 404, 404]).await;
    m.post(&own_page, &[("table", "FOLK1A"), ("refresh", "none")], [404, 404, 403, 303, 303]).await;
    m.post(&format!("{own_page}/hent"), &[], [404, 404, 403, 303, 303]).await;
    m.assert_as_expected();
}

#[tokio::test]
async fn the_survey_link_page_answers_every_role_as_the_matrix_says() {
    let mut m = Matrix::new().await;
    let own = indicator(&m.app, m.own).await;
    let other = indicator(&m.app, m.other).await;
    let own_page = format!("/initiativer/own/indikatorer/{own}/spoergeskema");
    m.get(&own_page, [404, 404, 403, 200, 200]).await;
    m.get(&format!("/initiativer/other/indikatorer/{other}/spoergeskema"), [404, 404, 404, 404, 200]).await;
    m.post(&own_page, &[("question", "0:glad"), ("options", "1"), ("units", "wave")], [404, 404, 403, 422, 422]).await;
    m.post(&format!("{own_page}/opdater"), &[], [404, 404, 403, 303, 303]).await;
    m.post(&format!("{own_page}/fjern"), &[], [404, 404, 403, 303, 303]).await;
    m.assert_as_expected();
}

/// A survey of one question: glad, yes or no.
fn survey_plan() -> rygrad_domain::survey::SurveyPlan {
    rygrad_domain::survey::SurveyInput {
        title: "Trivsel".into(),
        questions: vec![rygrad_domain::survey::QuestionInput {
            key: "glad".into(),
            text: "Glad?".into(),
            kind: "single".into(),
            options: vec!["Ja".into(), "Nej".into()],
            required: true,
            ..Default::default()
        }],
        ..Default::default()
    }
    .validate()
    .unwrap()
}

/// The survey pages' downloads: the answers for backbone staff, the codebook for whoever reads
/// the results.
#[tokio::test]
async fn the_survey_downloads_answer_every_role_as_the_matrix_says() {
    let mut m = Matrix::new().await;
    let survey = m.app.store.create_survey(m.own, &survey_plan(), &[7; 32], &AuditActor::system()).await.unwrap();
    let own = format!("/initiativer/own/undersoegelser/{}", survey.id);
    m.get(&format!("{own}/svar.csv"), [404, 404, 403, 200, 200]).await;
    m.get(&format!("{own}/svar.xlsx"), [404, 404, 403, 200, 200]).await;
    m.get(&format!("{own}/kodebog.csv"), [404, 404, 200, 200, 200]).await;
    m.get(&format!("/initiativer/other/undersoegelser/{}/kodebog.csv", survey.id), [404, 404, 404, 404, 404]).await;
    m.assert_as_expected();
}

/// The surveys' API: every role (by API token) × reading, results, the export and building
/// surveys of the own and the other initiative, and of a public one. Answering is public.
#[tokio::test]
async fn the_surveys_api_answers_every_role_as_the_matrix_says() {
    use reqwest::Method;
    use serde_json::json;
    let m = Matrix::new().await;
    let app = &m.app;
    let by = AuditActor::system();
    let open = initiative(app, "open", true).await;
    let plan = survey_plan();
    let create = async |initiative: i64| -> (i64, i64) {
        let survey = app.store.create_survey(initiative, &plan, &[7; 32], &by).await.unwrap();
        let wave = app.store.create_survey_wave(survey.id, "Runde 0", true, &by).await.unwrap();
        (survey.id, wave.id)
    };
    let (own, own_wave) = create(m.own).await;
    let (others, others_wave) = create(m.other).await;
    let (public, public_wave) = create(open).await;
    let mut tokens = vec![None];
    for role in &ROLES[1..] {
        tokens.push(Some(app.api_token(&format!("{role}@example.dk")).await));
    }
    let invalid = json!({"title": "", "questions": []});
    let cells: Vec<(Method, String, serde_json::Value, [u16; 5])> = vec![
        (Method::GET, format!("/api/v1/surveys/{own}"), json!(null), [401, 404, 200, 200, 200]),
        (Method::GET, format!("/api/v1/surveys/{others}"), json!(null), [401, 404, 404, 404, 200]),
        (Method::GET, format!("/api/v1/surveys/{public}"), json!(null), [401, 403, 403, 403, 200]),
        (Method::GET, "/api/v1/initiatives/own/surveys".into(), json!(null), [401, 404, 200, 200, 200]),
        (
            Method::GET,
            format!("/api/v1/surveys/{own}/results?wave_id={own_wave}"),
            json!(null),
            [401, 404, 200, 200, 200],
        ),
        (
            Method::GET,
            format!("/api/v1/surveys/{public}/results?wave_id={public_wave}"),
            json!(null),
            [401, 403, 403, 403, 200],
        ),
        (
            Method::GET,
            format!("/api/v1/surveys/{own}/responses/export?format=xlsx"),
            json!(null),
            [401, 404, 403, 200, 200],
        ),
        (Method::GET, format!("/api/v1/surveys/{own}/codebook.csv"), json!(null), [401, 404, 200, 200, 200]),
        (Method::GET, format!("/api/v1/surveys/{public}/codebook.csv"), json!(null), [401, 403, 403, 403, 200]),
        (Method::POST, "/api/v1/initiatives/own/surveys".into(), invalid.clone(), [401, 404, 403, 422, 422]),
        (Method::POST, "/api/v1/initiatives/open/surveys".into(), invalid, [401, 403, 403, 403, 422]),
        (Method::PATCH, format!("/api/v1/surveys/{own}"), json!({"title": ""}), [401, 404, 403, 422, 422]),
        (Method::POST, format!("/api/v1/surveys/{own}/waves"), json!({"name": ""}), [401, 404, 403, 422, 422]),
        (
            Method::POST,
            format!("/api/v1/survey-waves/{own_wave}/groups"),
            json!({"name": ""}),
            [401, 404, 403, 422, 422],
        ),
        (Method::GET, format!("/api/v1/survey-waves/{own_wave}/groups"), json!(null), [401, 404, 403, 200, 200]),
        (Method::POST, format!("/api/v1/survey-waves/{others_wave}/close"), json!({}), [401, 404, 404, 404, 200]),
        (Method::POST, format!("/api/v1/survey-waves/{others_wave}/reopen"), json!({}), [401, 404, 404, 404, 200]),
        (
            Method::POST,
            "/api/v1/survey-responses".into(),
            json!({"code": "ZZZ-ZZZ", "answers": {}}),
            [404, 404, 404, 404, 404],
        ),
    ];
    let mut failures = Vec::new();
    for (method, path, body, expected) in &cells {
        for ((role, token), want) in ROLES.iter().zip(&tokens).zip(expected) {
            let c = app.client();
            let got = if *method == Method::GET {
                c.get_json(path, token.as_deref()).await.0
            } else {
                c.send_json(method.clone(), path, token.as_deref(), body).await.0
            };
            if got.as_u16() != *want {
                failures.push(format!("{method} {path} × {role}: expected {want}, got {got}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} cells differ:\n{}", failures.len(), failures.join("\n"));
}
