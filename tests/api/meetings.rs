//! Meetings, decisions and action items, through the API and the workspace pages.

use crate::helpers::*;
use reqwest::Method;
use rygrad_domain::invitation::InitiativeRole;
use rygrad_domain::membership::MembershipRole;
use rygrad_store::AuditActor;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

/// An alliance with two member organisations, a backbone user and a member acting for "skolen";
/// returns the API tokens of the backbone and the member. The knowledge base and goals are
/// tested in the same alliance.
pub async fn alliance(app: &TestApp) -> (String, String) {
    let own = initiative(app, "alliancen", true).await;
    let by = AuditActor::system();
    for slug in ["skolen", "klubben"] {
        let org = organisation(app, slug).await;
        app.store.add_membership(own, org, MembershipRole::Member, "2025-01-01".parse().unwrap(), &by).await.unwrap();
    }
    organisation(app, "udenfor").await;
    let skolen = app.store.organisation_by_slug("skolen").await.unwrap().unwrap().id;
    let backbone = app.user("sekretariat@example.dk", false).await;
    app.store.grant_role(own, backbone, InitiativeRole::Backbone, None, &by).await.unwrap();
    let member = app.user("medlem@example.dk", false).await;
    app.store.grant_role(own, member, InitiativeRole::Member, Some(skolen), &by).await.unwrap();
    (app.api_token("sekretariat@example.dk").await, app.api_token("medlem@example.dk").await)
}

/// A client logged in as an existing user.
pub async fn signed_in(app: &TestApp, email: &str) -> Client {
    let c = app.client();
    c.login(email, PASSWORD).await;
    c
}

fn meeting(date: &str) -> Value {
    json!({
        "title": "Alliancemøde om fritid",
        "date": date,
        "starts_at": "16:00",
        "ends_at": "18:00",
        "place": "Rådhuset, mødelokale 2",
        "agenda": "1. Velkomst\n2. Status på sporene",
        "link": "https://moede.example.dk/alliancen",
        "participants": ["skolen", "klubben"],
    })
}

/// POSTs `body` as JSON with `token`.
async fn post(app: &TestApp, path: &str, token: &str, body: Value) -> (reqwest::StatusCode, Value) {
    app.client().send_json(Method::POST, path, Some(token), &body).await
}

/// The backbone creates a meeting on 2027-03-10 through the API; its id.
async fn api_meeting(app: &TestApp, backbone: &str) -> i64 {
    let (status, m) = post(app, "/api/v1/initiatives/alliancen/meetings", backbone, meeting("2027-03-10")).await;
    assert_eq!(status, 201, "{m}");
    m["id"].as_i64().unwrap()
}

fn item(title: &str, org: &str, due: &str) -> Value {
    json!({"title": title, "organisation": org, "due_on": due})
}

/// Ticks an action item off (or on again) through the API.
async fn tick(app: &TestApp, item_id: &Value, token: &str, done: bool) -> (reqwest::StatusCode, Value) {
    patch(app, &format!("/api/v1/action-items/{item_id}"), token, json!({"done": done})).await
}

#[tokio::test]
async fn a_meeting_through_the_api_keeps_its_way_in_inside_the_alliance() {
    let app = spawn_app().await;
    let (backbone, member) = alliance(&app).await;
    let c = app.client();
    let (status, m) = post(&app, "/api/v1/initiatives/alliancen/meetings", &backbone, meeting("2027-03-10")).await;
    assert_eq!(status, 201, "{m}");
    assert!(m["id"].is_i64());
    assert_eq!(m["starts_at"], "2027-03-10T15:00:00Z", "16:00 in Copenhagen is 15:00 UTC in March");
    assert_eq!(m["participants"], json!(["klubben", "skolen"]));
    assert_eq!(m["kind"], "alliance_group");
    let id = m["id"].as_i64().unwrap();
    // the way in stays inside the alliance, even in a public initiative
    let (_, public) = c.get_json("/api/v1/initiatives/alliancen/meetings", None).await;
    assert_eq!((public[0]["title"].as_str(), public[0]["link"].clone()), (Some("Alliancemøde om fritid"), Value::Null));
    let (_, inside) = c.get_json("/api/v1/initiatives/alliancen/meetings", Some(&member)).await;
    assert_eq!(inside[0]["link"], "https://moede.example.dk/alliancen");
    let ics = c.get(&format!("/initiativer/alliancen/moeder/{id}/kalender.ics")).await.body;
    assert!(ics.contains("SUMMARY:Alliancemøde om fritid") && !ics.contains("moede.example.dk"), "{ics}");
}

#[tokio::test]
async fn a_meeting_through_the_api_is_refused_with_what_is_wrong_in_each_field() {
    let app = spawn_app().await;
    let (backbone, _) = alliance(&app).await;
    // no title, the end before the start, a working group without its name
    let mut bad = meeting("2027-03-10");
    bad["title"] = json!("  ");
    bad["ends_at"] = json!("15:00");
    bad["kind"] = json!("working_group");
    bad["participants"] = json!(["findes-ikke"]);
    let (status, errors) = post(&app, "/api/v1/initiatives/alliancen/meetings", &backbone, bad).await;
    assert_eq!(status, 422);
    assert_eq!(errors["fields"]["title"], "required");
    assert_eq!(errors["fields"]["ends_at"], "meeting-end-before-start");
    assert_eq!(errors["fields"]["working_group"], "required");
    assert_eq!(errors["fields"]["participants"], "unknown-organisation");
    assert_eq!(errors["messages"]["ends_at"], "Mødet skal slutte, efter det er begyndt.");
}

#[tokio::test]
async fn decisions_through_the_api_are_found_in_the_log_folding_letters_and_case() {
    let app = spawn_app().await;
    let (backbone, _) = alliance(&app).await;
    let c = app.client();
    let id = api_meeting(&app, &backbone).await;
    let decisions = format!("/api/v1/meetings/{id}/decisions");
    let (status, d) =
        post(&app, &decisions, &backbone, json!({"text": "Æblehaven åbner for alle børn om lørdagen"})).await;
    assert_eq!(status, 201, "{d}");
    assert!(d["id"].is_i64());
    assert_eq!(d["meeting_id"], id);
    post(&app, &decisions, &backbone, json!({"text": "Næste møde holdes i Hvalsø"})).await;
    let (status, errors) = post(&app, &decisions, &backbone, json!({"text": ""})).await;
    assert_eq!((status.as_u16(), errors["fields"]["text"].as_str()), (422, Some("required")));
    // the log folds Æ/Ø/Å and case, as organisation search does
    let (_, found) = c.get_json("/api/v1/initiatives/alliancen/decisions?q=%C3%86BLEHAVEN", None).await;
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    assert_eq!(found[0]["text"], "Æblehaven åbner for alle børn om lørdagen");
    let (_, all) = c.get_json("/api/v1/initiatives/alliancen/decisions", None).await;
    assert_eq!(all.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn action_items_are_due_on_or_after_the_meeting_and_given_to_an_organisation_of_the_alliance() {
    let app = spawn_app().await;
    let (backbone, _) = alliance(&app).await;
    let items = format!("/api/v1/meetings/{}/action-items", api_meeting(&app, &backbone).await);
    let (status, a) = post(&app, &items, &backbone, item("Send referatet", "skolen", "2027-03-17")).await;
    assert_eq!(status, 201, "{a}");
    assert!(a["id"].is_i64());
    assert_eq!((a["organisation"].as_str(), a["done"].as_bool()), (Some("skolen"), Some(false)));
    let (status, errors) = post(&app, &items, &backbone, item("For tidligt", "skolen", "2027-03-09")).await;
    assert_eq!((status.as_u16(), errors["fields"]["due_on"].as_str()), (422, Some("due-before-meeting")));
    let (status, errors) = post(&app, &items, &backbone, item("Udefra", "udenfor", "2027-03-17")).await;
    assert_eq!(
        (status.as_u16(), errors["fields"]["organisation"].as_str()),
        (422, Some("organisation-not-in-alliance"))
    );
}

#[tokio::test]
async fn a_member_ticks_off_its_own_organisations_item_through_the_api_and_creates_nothing() {
    let app = spawn_app().await;
    let (backbone, member) = alliance(&app).await;
    let c = app.client();
    let id = api_meeting(&app, &backbone).await;
    let items = format!("/api/v1/meetings/{id}/action-items");
    let (_, own) = post(&app, &items, &backbone, item("Send referatet", "skolen", "2027-03-17")).await;
    let (_, other) = post(&app, &items, &backbone, item("Book hallen", "klubben", "2027-03-20")).await;
    let (status, done) = tick(&app, &own["id"], &member, true).await;
    assert_eq!((status.as_u16(), done["done"].as_bool()), (200, Some(true)));
    assert_eq!(tick(&app, &other["id"], &member, true).await.0, 403);
    assert_eq!(post(&app, &format!("/api/v1/meetings/{id}/decisions"), &member, json!({"text": "Nej"})).await.0, 403);
    assert_eq!(post(&app, "/api/v1/initiatives/alliancen/meetings", &member, meeting("2027-03-10")).await.0, 403);
    let (status, _) =
        c.send_json(Method::POST, "/api/v1/initiatives/alliancen/meetings", None, &meeting("2027-03-10")).await;
    assert_eq!(status, 401);
    let (_, open) = c.get_json("/api/v1/initiatives/alliancen/action-items?open=true", None).await;
    assert_eq!(open.as_array().unwrap().len(), 1, "the member's item is done");
    assert_eq!(open[0]["organisation"], "klubben");
}

#[tokio::test]
async fn the_backbone_adds_minutes_and_changes_participants_through_the_api() {
    let app = spawn_app().await;
    let (backbone, _) = alliance(&app).await;
    let id = api_meeting(&app, &backbone).await;
    let mut edit = meeting("2027-03-10");
    edit["minutes"] = json!("Alle var til stede.");
    edit["participants"] = json!(["skolen"]);
    let (status, edited) =
        app.client().send_json(Method::PATCH, &format!("/api/v1/meetings/{id}"), Some(&backbone), &edit).await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(
        (edited["minutes"].as_str(), edited["participants"].clone()),
        (Some("Alle var til stede."), json!(["skolen"]))
    );
}

#[tokio::test]
async fn the_openapi_document_names_the_meeting_and_correction_operations() {
    let app = spawn_app().await;
    let (_, doc) = app.client().get_json("/api/v1/openapi.json", None).await;
    let text = doc.to_string();
    for op in [
        "createMeeting",
        "createDecision",
        "createActionItem",
        "listDecisions",
        "updateActionItem",
        "updateDecision",
        "updateAgendaSection",
    ] {
        assert!(text.contains(&format!("\"operationId\":\"{op}\"")), "{op}");
    }
}

#[tokio::test]
async fn the_audit_log_names_what_was_recorded_and_ticked_off_through_the_api() {
    let app = spawn_app().await;
    let (backbone, member) = alliance(&app).await;
    let id = api_meeting(&app, &backbone).await;
    post(&app, &format!("/api/v1/meetings/{id}/decisions"), &backbone, json!({"text": "Vi mødes igen"})).await;
    let items = format!("/api/v1/meetings/{id}/action-items");
    let (_, a) = post(&app, &items, &backbone, item("Send referatet", "skolen", "2027-03-17")).await;
    tick(&app, &a["id"], &member, true).await;
    let log = signed_in(&app, "sekretariat@example.dk").await.get("/initiativer/alliancen/log").await.body;
    for entity in ["møde", "beslutning", "opgave"] {
        assert!(log.contains(&format!("Oprettet · {entity}")), "{entity} in the log");
    }
    assert!(log.contains("Ændret · opgave"), "ticking an item off is logged");
}

#[tokio::test]
async fn reminders_go_once_to_the_people_of_the_organisation() {
    let app = spawn_app().await;
    let (backbone, _) = alliance(&app).await;
    let c = app.client();
    let today = rygrad_domain::format::local_date(chrono::Utc::now());
    let (_, m) = c
        .send_json(
            Method::POST,
            "/api/v1/initiatives/alliancen/meetings",
            Some(&backbone),
            &meeting(&today.to_string()),
        )
        .await;
    let items = [("Snart", "skolen", 2), ("Senere", "skolen", 10), ("Klubbens", "klubben", 1)];
    for (title, org, days) in items {
        let due = (today + chrono::Duration::days(days)).to_string();
        let (status, _) = c
            .send_json(
                Method::POST,
                &format!("/api/v1/meetings/{}/action-items", m["id"]),
                Some(&backbone),
                &json!({"title": title, "organisation": org, "due_on": due}),
            )
            .await;
        assert_eq!(status, 201);
    }
    // a reminder is claimed with its mail or not at all: when the mail cannot be written, the
    // next run reminds
    let db = app.store.connection();
    db.execute_unprepared("ALTER TABLE outbox RENAME TO outbox_away").await.unwrap();
    assert!(rygrad_web::http::jobs::send_action_item_reminders(&app.state).await.is_err());
    db.execute_unprepared("ALTER TABLE outbox_away RENAME TO outbox").await.unwrap();
    // the hourly job may already have run in the background; either way each item goes once
    rygrad_web::http::jobs::send_action_item_reminders(&app.state).await.unwrap();
    let mail = app.mail_to("medlem@example.dk").await;
    assert!(mail.data.contains("Snart"), "{}", mail.data);
    rygrad_web::http::jobs::send_action_item_reminders(&app.state).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(app.mail_count("medlem@example.dk"), 1, "once, and not for the item due in 10 days");
    assert_eq!(app.mail_count("sekretariat@example.dk"), 0, "klubben has no people; the backbone is not mailed");
}

/// The meeting form's fields but the title and end time: 5 January 2026 from 16:00 in the library.
const BROWSER_MEETING: [(&str, &str); 4] =
    [("date", "2026-01-05"), ("starts_at", "16:00"), ("place", "Biblioteket"), ("participants", "skolen")];

/// A meeting the backbone made in the browser, with a decision and an overdue item for "skolen".
struct BrowserMeeting {
    staff: Client,
    location: String,
    id: i64,
}

impl BrowserMeeting {
    async fn new(app: &TestApp) -> BrowserMeeting {
        alliance(app).await;
        let staff = signed_in(app, "sekretariat@example.dk").await;
        let mut fields = BROWSER_MEETING.to_vec();
        fields.extend([("title", "Januarmødet"), ("ends_at", "18:00")]);
        let created = staff.post("/initiativer/alliancen/moeder", &fields).await;
        let location = created.location.clone().expect("redirect to the meeting");
        let id: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
        staff
            .post(&format!("{location}/beslutninger"), &[("text", "Vi starter en lektiecafé")])
            .await
            .assert_redirect(&format!("{location}#h-decisions"));
        staff
            .post(&format!("{location}/opgaver"), &item_fields("2026-01-20"))
            .await
            .assert_redirect(&format!("{location}#h-items"));
        BrowserMeeting { staff, location, id }
    }
}

fn item_fields(due_on: &str) -> [(&str, &str); 3] {
    [("title", "Find frivillige"), ("organisation", "skolen"), ("due_on", due_on)]
}

#[tokio::test]
async fn a_bad_meeting_in_the_browser_keeps_what_was_typed_and_says_what_is_wrong_beside_the_field() {
    let app = spawn_app().await;
    alliance(&app).await;
    let c = signed_in(&app, "sekretariat@example.dk").await;
    let mut fields = BROWSER_MEETING.to_vec();
    fields.extend([("title", ""), ("ends_at", "15.00"), ("agenda", "Punkt 1: trivsel")]);
    let bad = c.post("/initiativer/alliancen/moeder", &fields).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Udfyld feltet."));
    assert!(bad.body.contains("Mødet skal slutte, efter det er begyndt."));
    assert!(bad.body.contains(">Punkt 1: trivsel</textarea>"));
    assert!(bad.body.contains("value=\"skolen\" checked"));
}

#[tokio::test]
async fn an_action_item_due_before_its_meeting_is_refused_in_the_browser_keeping_what_was_typed() {
    let app = spawn_app().await;
    let meeting = BrowserMeeting::new(&app).await;
    let bad_item = meeting.staff.post(&format!("{}/opgaver", meeting.location), &item_fields("2026-01-01")).await;
    assert_eq!(bad_item.status, 422);
    assert!(bad_item.body.contains("Fristen kan ikke ligge før mødet."));
    assert!(bad_item.body.contains("value=\"Find frivillige\""));
}

#[tokio::test]
async fn the_meeting_page_shows_its_decisions_and_highlights_an_overdue_item() {
    let app = spawn_app().await;
    let meeting = BrowserMeeting::new(&app).await;
    let page = meeting.staff.get(&meeting.location).await.body;
    assert!(page.contains("Vi starter en lektiecafé"));
    assert!(page.contains("class=\"overdue\""), "a past due date is highlighted");
    assert!(page.contains("Overskredet"));
}

#[tokio::test]
async fn my_page_shows_the_backbone_what_is_overdue_and_the_member_its_open_items_until_ticked_off() {
    let app = spawn_app().await;
    let meeting = BrowserMeeting::new(&app).await;
    let c = &meeting.staff;
    let mine = c.get("/mig").await.body;
    assert!(mine.contains("Find frivillige") && mine.contains("Overskredne opgaver i alliancen"));
    let member = signed_in(&app, "medlem@example.dk").await;
    let theirs = member.get("/mig").await.body;
    assert!(theirs.contains("Jeres åbne opgaver") && theirs.contains("Find frivillige"));
    let initiative_id = app.store.initiative_by_slug("alliancen").await.unwrap().unwrap().row.id;
    let item_id = app.store.action_items(initiative_id, None, Some(meeting.id), false).await.unwrap()[0].item.id;
    member
        .post(&format!("/initiativer/alliancen/opgaver/{item_id}/status"), &[("done", "1"), ("back", "/mig")])
        .await
        .assert_redirect("/mig");
    assert!(!member.get("/mig").await.body.contains("Find frivillige"), "done items leave my page");
    assert!(!c.get("/mig").await.body.contains("Find frivillige"), "and are no longer overdue");
}

#[tokio::test]
async fn a_member_neither_records_decisions_nor_edits_a_meeting_in_the_browser() {
    let app = spawn_app().await;
    let meeting = BrowserMeeting::new(&app).await;
    let member = signed_in(&app, "medlem@example.dk").await;
    let location = &meeting.location;
    assert_eq!(member.post(&format!("{location}/beslutninger"), &[("text", "Nej")]).await.status, 403);
    assert_eq!(member.get(&format!("{location}/rediger")).await.status, 403);
}

#[tokio::test]
async fn the_meeting_form_holds_the_copenhagen_times_and_adds_minutes() {
    let app = spawn_app().await;
    let BrowserMeeting { staff: c, location, .. } = BrowserMeeting::new(&app).await;
    let edit = c.get(&format!("{location}/rediger")).await;
    assert!(edit.body.contains("value=\"16:00\"") && edit.body.contains("value=\"2026-01-05\""));
    let mut fields = BROWSER_MEETING.to_vec();
    fields.extend([("title", "Januarmødet"), ("ends_at", "18:00"), ("minutes", "Referat: vi mødtes.")]);
    c.post(&format!("{location}/rediger"), &fields).await.assert_redirect(&location);
    assert!(c.get(&location).await.body.contains("Referat: vi mødtes."));
}

#[tokio::test]
async fn the_decision_log_finds_decisions_by_their_words() {
    let app = spawn_app().await;
    let c = BrowserMeeting::new(&app).await.staff;
    let log = c.get("/initiativer/alliancen/beslutninger?q=lektiecaf%C3%A9").await.body;
    assert!(log.contains("Vi starter en lektiecafé") && log.contains("1 beslutning"));
    assert!(c.get("/initiativer/alliancen/beslutninger?q=zzz").await.body.contains("0 beslutninger"));
}

#[tokio::test]
async fn a_meeting_is_in_its_own_calendar_and_the_initiatives_feed() {
    let app = spawn_app().await;
    let meeting = BrowserMeeting::new(&app).await;
    let ics = app.client().get(&format!("{}/kalender.ics", meeting.location)).await.body;
    assert!(
        ics.contains("BEGIN:VEVENT")
            && ics.contains("DTSTART:20260105T150000Z")
            && ics.contains("LOCATION:Biblioteket")
    );
    let feed = app.client().get("/initiativer/alliancen/moeder/kalender.ics").await.body;
    assert_eq!(feed.matches("BEGIN:VEVENT").count(), 1);
}

#[tokio::test]
async fn the_initiative_page_leads_to_its_meetings_and_knowledge_base() {
    let app = spawn_app().await;
    alliance(&app).await;
    let initiative_page = app.client().get("/initiativer/alliancen").await.body;
    assert!(
        initiative_page.contains("/initiativer/alliancen/moeder")
            && initiative_page.contains("/initiativer/alliancen/vidensgrundlag")
    );
}

/// A meeting through the API with a decision and an item for "skolen" to correct.
struct Record {
    meeting: i64,
    decision: Value,
    item: Value,
}

impl Record {
    async fn new(app: &TestApp, backbone: &str) -> Record {
        let meeting = api_meeting(app, backbone).await;
        let (_, d) =
            post(app, &format!("/api/v1/meetings/{meeting}/decisions"), backbone, json!({"text": "Vi mødes i hallen"}))
                .await;
        let items = format!("/api/v1/meetings/{meeting}/action-items");
        let (_, item) = post(app, &items, backbone, item("Book hallen", "skolen", "2027-03-17")).await;
        Record { meeting, decision: d["id"].clone(), item: item["id"].clone() }
    }

    fn decision_api(&self) -> String {
        format!("/api/v1/decisions/{}", self.decision)
    }

    fn item_api(&self) -> String {
        format!("/api/v1/action-items/{}", self.item)
    }

    fn meeting_page(&self) -> String {
        format!("/initiativer/alliancen/moeder/{}", self.meeting)
    }

    fn decision_form(&self) -> String {
        format!("/initiativer/alliancen/beslutninger/{}/rediger", self.decision)
    }

    fn item_form(&self) -> String {
        format!("/initiativer/alliancen/opgaver/{}/rediger", self.item)
    }

    /// The backbone gives the item to "klubben" with a new title and due date, through the API.
    async fn move_item_to_klubben(&self, app: &TestApp, backbone: &str) -> (reqwest::StatusCode, Value) {
        let correction = json!({"title": "Book Ørstedhallen", "organisation": "klubben", "due_on": "2027-03-24"});
        patch(app, &self.item_api(), backbone, correction).await
    }

    /// The item given to "klubben" and ticked off by the backbone, as the correction forms find it.
    async fn moved_and_done(app: &TestApp, backbone: &str) -> Record {
        let record = Record::new(app, backbone).await;
        record.move_item_to_klubben(app, backbone).await;
        let (status, done) = patch(app, &record.item_api(), backbone, json!({"done": true})).await;
        assert_eq!((status.as_u16(), done["done"].as_bool()), (200, Some(true)));
        record
    }
}

/// PATCHes `body` as JSON with `token`.
async fn patch(app: &TestApp, path: &str, token: &str, body: Value) -> (reqwest::StatusCode, Value) {
    app.client().send_json(Method::PATCH, path, Some(token), &body).await
}

#[tokio::test]
async fn the_backbone_corrects_a_decision_through_the_api_and_the_search_follows() {
    let app = spawn_app().await;
    let (backbone, _) = alliance(&app).await;
    let record = Record::new(&app, &backbone).await;
    let (status, fixed) =
        patch(&app, &record.decision_api(), &backbone, json!({"text": "Vi mødes i Ørstedhallen"})).await;
    assert_eq!(status, 200, "{fixed}");
    assert_eq!(
        (fixed["id"].clone(), fixed["text"].as_str()),
        (record.decision.clone(), Some("Vi mødes i Ørstedhallen"))
    );
    let (_, found) = app.client().get_json("/api/v1/initiatives/alliancen/decisions?q=%C3%B8rstedhallen", None).await;
    assert_eq!(found.as_array().unwrap().len(), 1, "the search follows the new text: {found}");
}

#[tokio::test]
async fn a_decision_is_not_corrected_by_a_member_nor_to_nothing() {
    let app = spawn_app().await;
    let (backbone, member) = alliance(&app).await;
    let record = Record::new(&app, &backbone).await;
    assert_eq!(patch(&app, &record.decision_api(), &member, json!({"text": "Nej"})).await.0, 403);
    let (status, errors) = patch(&app, &record.decision_api(), &backbone, json!({"text": " "})).await;
    assert_eq!((status.as_u16(), errors["fields"]["text"].as_str()), (422, Some("required")));
    assert_eq!(errors["messages"]["text"], "Udfyld feltet.");
}

#[tokio::test]
async fn the_backbone_corrects_an_action_item_through_the_api_and_a_member_of_another_organisation_may_not() {
    let app = spawn_app().await;
    let (backbone, member) = alliance(&app).await;
    let record = Record::new(&app, &backbone).await;
    let (status, edited) = record.move_item_to_klubben(&app, &backbone).await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(
        (
            edited["title"].as_str(),
            edited["organisation"].as_str(),
            edited["due_on"].as_str(),
            edited["done"].as_bool()
        ),
        (Some("Book Ørstedhallen"), Some("klubben"), Some("2027-03-24"), Some(false))
    );
    let path = record.item_api();
    assert_eq!(patch(&app, &path, &member, json!({"title": "Mit"})).await.0, 403);
    assert_eq!(patch(&app, &path, &member, json!({"done": true})).await.0, 403, "klubben's item now");
    let (status, done) = patch(&app, &path, &backbone, json!({"done": true})).await;
    assert_eq!((status.as_u16(), done["done"].as_bool()), (200, Some(true)));
}

#[tokio::test]
async fn a_refused_action_item_correction_changes_nothing_not_even_done() {
    let app = spawn_app().await;
    let (backbone, _) = alliance(&app).await;
    let record = Record::new(&app, &backbone).await;
    record.move_item_to_klubben(&app, &backbone).await;
    let (status, errors) = patch(
        &app,
        &record.item_api(),
        &backbone,
        json!({"title": "", "organisation": "udenfor", "due_on": "2027-03-01", "done": true}),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(errors["fields"]["title"], "required");
    assert_eq!(errors["fields"]["organisation"], "organisation-not-in-alliance");
    assert_eq!(errors["fields"]["due_on"], "due-before-meeting");
    assert_eq!(errors["messages"]["due_on"], "Fristen kan ikke ligge før mødet.");
    let (_, items) = app.client().get_json("/api/v1/initiatives/alliancen/action-items", None).await;
    assert_eq!(
        (items[0]["title"].as_str(), items[0]["done"].as_bool()),
        (Some("Book Ørstedhallen"), Some(false)),
        "a refused change changes nothing, not even done"
    );
}

#[tokio::test]
async fn the_backbone_sees_the_correction_links_and_forms_and_a_member_gets_403() {
    let app = spawn_app().await;
    let (backbone, _) = alliance(&app).await;
    let record = Record::new(&app, &backbone).await;
    let staff = signed_in(&app, "sekretariat@example.dk").await;
    let (edit_decision, edit_item) = (record.decision_form(), record.item_form());
    let show = staff.get(&record.meeting_page()).await.body;
    assert!(show.contains(&edit_decision) && show.contains(&edit_item));
    let theirs = signed_in(&app, "medlem@example.dk").await;
    assert!(!theirs.get(&record.meeting_page()).await.body.contains(&edit_decision));
    assert_eq!(theirs.get(&edit_item).await.status, 403);
    assert_eq!(theirs.post(&edit_decision, &[("text", "Nej")]).await.status, 403);
}

#[tokio::test]
async fn a_correction_form_holds_the_record_as_it_is_and_keeps_bad_input_with_the_message() {
    let app = spawn_app().await;
    let (backbone, _) = alliance(&app).await;
    let record = Record::moved_and_done(&app, &backbone).await;
    let staff = signed_in(&app, "sekretariat@example.dk").await;
    let form = staff.get(&record.item_form()).await.body;
    assert!(form.contains("value=\"Book Ørstedhallen\"") && form.contains("value=\"2027-03-24\""));
    assert!(form.contains("value=\"klubben\" selected") && form.contains("name=\"done\" value=\"true\" checked"));
    let bad = staff
        .post(
            &record.item_form(),
            &[("title", "Book hallen igen"), ("organisation", "klubben"), ("due_on", "2027-03-01")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Fristen kan ikke ligge før mødet.") && bad.body.contains("value=\"Book hallen igen\""));
    let bad = staff.post(&record.decision_form(), &[("text", "")]).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Udfyld feltet."));
}

/// The backbone corrects the item in the browser: back to "skolen", due later, the box unticked.
async fn correct_item_in_the_browser(staff: &Client, record: &Record) {
    staff
        .post(
            &record.item_form(),
            &[("title", "Book hallen igen"), ("organisation", "skolen"), ("due_on", "2027-03-31")],
        )
        .await
        .assert_redirect(&format!("{}#h-items", record.meeting_page()));
}

#[tokio::test]
async fn corrections_in_the_browser_show_on_the_meeting_and_an_unticked_box_reopens_the_item() {
    let app = spawn_app().await;
    let (backbone, _) = alliance(&app).await;
    let record = Record::moved_and_done(&app, &backbone).await;
    let staff = signed_in(&app, "sekretariat@example.dk").await;
    correct_item_in_the_browser(&staff, &record).await;
    staff
        .post(&record.decision_form(), &[("text", "Vi mødes i Hvalsø")])
        .await
        .assert_redirect(&format!("{}#h-decisions", record.meeting_page()));
    let show = staff.get(&record.meeting_page()).await.body;
    assert!(show.contains("Vi mødes i Hvalsø") && show.contains("Book hallen igen"));
    let (_, items) = app.client().get_json("/api/v1/initiatives/alliancen/action-items", None).await;
    assert_eq!(
        (items[0]["organisation"].as_str(), items[0]["due_on"].as_str(), items[0]["done"].as_bool()),
        (Some("skolen"), Some("2027-03-31"), Some(false)),
        "an unticked box reopens the item"
    );
}

#[tokio::test]
async fn every_correction_is_in_the_audit_log() {
    let app = spawn_app().await;
    let (backbone, _) = alliance(&app).await;
    let record = Record::moved_and_done(&app, &backbone).await;
    patch(&app, &record.decision_api(), &backbone, json!({"text": "Vi mødes i Ørstedhallen"})).await;
    let staff = signed_in(&app, "sekretariat@example.dk").await;
    correct_item_in_the_browser(&staff, &record).await;
    let log = staff.get("/initiativer/alliancen/log").await.body;
    assert!(log.contains("Ændret · beslutning"), "a corrected decision is logged");
    assert!(log.matches("Ændret · opgave").count() >= 3, "edits and ticks are logged");
}

#[tokio::test]
async fn an_item_of_an_organisation_that_left_can_still_be_corrected() {
    let app = spawn_app().await;
    let (backbone, _) = alliance(&app).await;
    let items = format!("/api/v1/meetings/{}/action-items", api_meeting(&app, &backbone).await);
    let (_, item) = post(&app, &items, &backbone, item("Book hallen", "klubben", "2027-03-17")).await;
    let own = app.store.initiative_by_slug("alliancen").await.unwrap().unwrap().row.id;
    let klubben = app.store.organisation_by_slug("klubben").await.unwrap().unwrap().id;
    let (membership, _) =
        app.store.memberships_of_initiative(own).await.unwrap().into_iter().find(|(_, o)| o.id == klubben).unwrap();
    let yesterday = chrono::Utc::now().date_naive() - chrono::Days::new(1);
    let leave = rygrad_domain::membership::Leave { ends_on: yesterday, reason: "Lukket".into() };
    app.store.end_membership(membership.id, &leave, &AuditActor::system()).await.unwrap();

    let path = format!("/api/v1/action-items/{}", item["id"]);
    let (status, fixed) = patch(&app, &path, &backbone, json!({"title": "Book Ørstedhallen"})).await;
    assert_eq!(status, 200, "{fixed}");
    assert_eq!((fixed["title"].as_str(), fixed["organisation"].as_str()), (Some("Book Ørstedhallen"), Some("klubben")));
    let (status, _) = patch(&app, &path, &backbone, json!({"organisation": "udenfor"})).await;
    assert_eq!(status, 422, "a new organisation must still be in the alliance");

    let staff = signed_in(&app, "sekretariat@example.dk").await;
    let form = staff.get(&format!("/initiativer/alliancen/opgaver/{}/rediger", item["id"])).await.body;
    assert!(form.contains("value=\"klubben\" selected"), "the current organisation stays chosen");
}
