//! The action plan: activities, commitments and deliveries, the action plan overview, exports
//! and the network, through the API and the workspace pages.

use crate::helpers::*;
use reqwest::Method;
use rygrad_domain::invitation::InitiativeRole;
use rygrad_domain::membership::MembershipRole;
use rygrad_store::AuditActor;
use serde_json::{Value, json};

/// An alliance with a secretariat (the municipality), a sports club whose member acts for it,
/// a school, and another initiative with a goal of its own.
struct Alliance {
    app: TestApp,
    backbone: String,
    member: String,
    vision: i64,
    goal: i64,
    foreign_goal: i64,
    track: i64,
}

async fn alliance() -> Alliance {
    let app = spawn_app().await;
    let own = initiative(&app, "alliancen", true).await;
    let other = initiative(&app, "anden", true).await;
    let by = AuditActor::system();
    let d = |s: &str| s.parse().unwrap();
    let kommune = organisation(&app, "kommunen").await;
    let klub = organisation(&app, "klubben").await;
    let skole = organisation(&app, "skolen").await;
    app.store.add_membership(own, kommune, MembershipRole::Secretariat, d("2024-01-01"), &by).await.unwrap();
    app.store.add_membership(own, klub, MembershipRole::Member, d("2024-01-01"), &by).await.unwrap();
    app.store.add_membership(own, skole, MembershipRole::Member, d("2024-01-01"), &by).await.unwrap();
    let backbone_id = app.user("sekretariat@example.dk", false).await;
    app.store.grant_role(own, backbone_id, InitiativeRole::Backbone, None, &by).await.unwrap();
    let member_id = app.user("klub@example.dk", false).await;
    app.store.grant_role(own, member_id, InitiativeRole::Member, Some(klub), &by).await.unwrap();
    let goal = |initiative: i64, title: &str, parent: Option<i64>| {
        let plan = rygrad_domain::goal::GoalInput { title: title.into(), parent_id: parent, ..Default::default() }
            .validate()
            .unwrap();
        let store = app.store.clone();
        async move { store.create_goal(initiative, &plan, &AuditActor::system()).await.unwrap().unwrap().id }
    };
    let vision = goal(own, "Alle børn trives", None).await;
    let goal_id = goal(own, "Flere børn i fritidsliv", Some(vision)).await;
    let foreign_goal = goal(other, "Andet mål", None).await;
    let track_plan =
        rygrad_domain::goal::TrackInput { title: "Fritid for alle".into(), ..Default::default() }.validate().unwrap();
    let track = app.store.create_track(own, &track_plan, Some(klub), &by).await.unwrap().id;
    let backbone = app.api_token("sekretariat@example.dk").await;
    let member = app.api_token("klub@example.dk").await;
    Alliance { app, backbone, member, vision, goal: goal_id, foreign_goal, track }
}

impl Alliance {
    async fn send(&self, method: Method, path: &str, token: &str, body: Value) -> (u16, Value) {
        let (status, json) = self.app.client().send_json(method, path, Some(token), &body).await;
        (status.as_u16(), json)
    }

    async fn create_activity(&self, token: &str, body: Value) -> (u16, Value) {
        self.send(Method::POST, "/api/v1/initiatives/alliancen/activities", token, body).await
    }

    async fn commit(&self, token: &str, body: Value) -> (u16, Value) {
        self.send(Method::POST, "/api/v1/initiatives/alliancen/commitments", token, body).await
    }

    /// The backbone creates the municipality's running "Fritidspas" with both other organisations.
    async fn fritidspas(&self) -> (u16, Value) {
        self.create_activity(
            &self.backbone,
            json!({
                "title": "Fritidspas for 4. klasse", "description": "Gratis prøvetimer i foreningerne.",
                "track_ids": [self.track], "goal_ids": [self.goal], "lead_organisation": "kommunen",
                "partners": ["klubben", "skolen"], "status": "running",
                "starts_on": "2026-02-01", "ends_on": "2026-06-30", "participants_reached": 120, "satisfaction": "4"
            }),
        )
        .await
    }

    /// The club's member proposes an activity the club leads.
    async fn propose(&self) -> (u16, Value) {
        self.create_activity(
            &self.member,
            json!({"title": "Åben hal om fredagen", "lead_organisation": "klubben", "status": "running"}),
        )
        .await
    }

    /// The club's member renames its proposal and lets it serve the goal.
    async fn edit_proposal(&self, proposal: i64) -> (u16, Value) {
        self.send(
            Method::PATCH,
            &format!("/api/v1/activities/{proposal}"),
            &self.member,
            json!({"title": "Åben hal fredag aften", "lead_organisation": "klubben", "goal_ids": [self.goal]}),
        )
        .await
    }

    /// The club's member commits 40 staff hours to an activity.
    async fn club_hours(&self, activity: i64) -> (u16, Value) {
        self.commit(
            &self.member,
            json!({"organisation": "klubben", "activity_id": activity, "kind": "staff_hours", "amount": 40,
                   "starts_on": "2026-02-01", "ends_on": "2026-06-30"}),
        )
        .await
    }

    /// The backbone commits money from the school to the vision, in Danish notation.
    async fn school_money_for_the_vision(&self) -> (u16, Value) {
        self.commit(
            &self.backbone,
            json!({"organisation": "skolen", "goal_id": self.vision, "kind": "money", "amount": "12.500,50", "starts_on": "2026-03-01"}),
        )
        .await
    }

    /// The club's member raises its commitment to 60 hours, trying to move it to the school.
    async fn raise_club_hours(&self, commitment: i64) -> (u16, Value) {
        self.send(
            Method::PATCH,
            &format!("/api/v1/commitments/{commitment}"),
            &self.member,
            json!({"organisation": "skolen", "goal_id": self.vision, "kind": "staff_hours", "amount": 60, "unit": "timer"}),
        )
        .await
    }

    /// The club's member reports 12 hours delivered.
    async fn deliver(&self, commitment: i64) -> (u16, Value) {
        self.send(
            Method::POST,
            &format!("/api/v1/commitments/{commitment}/deliveries"),
            &self.member,
            json!({"description": "Trænere i hallen", "amount": 12, "delivered_on": "2026-03-15"}),
        )
        .await
    }

    /// The whole action plan through the API: the "Fritidspas", the club's edited proposal, the
    /// club's raised and partly delivered hours for the pass and its own hours for its proposal,
    /// and the school's money for the vision. Returns the proposal's id.
    async fn planned(&self) -> i64 {
        let activity = id(&created(self.fritidspas().await));
        let proposal = id(&created(self.propose().await));
        assert_eq!(self.edit_proposal(proposal).await.0, 200);
        let club_commitment = id(&created(self.club_hours(activity).await));
        created(self.school_money_for_the_vision().await);
        assert_eq!(self.raise_club_hours(club_commitment).await.0, 200);
        created(self.deliver(club_commitment).await);
        // the club's own hours for the activity it leads are no partnership
        let (status, _) = self
            .commit(
                &self.member,
                json!({"organisation": "klubben", "activity_id": proposal, "kind": "staff_hours", "amount": 5}),
            )
            .await;
        assert_eq!(status, 201);
        proposal
    }
}

/// The created resource of a 201 answer.
fn created((status, body): (u16, Value)) -> Value {
    assert_eq!(status, 201, "{body}");
    body
}

fn id(resource: &Value) -> i64 {
    resource["id"].as_i64().unwrap()
}

fn titles(list: &Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(|x| x["title"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn the_backbone_creates_an_activity_through_the_api_without_acceptance() {
    let a = alliance().await;
    let (status, activity) = a.fritidspas().await;
    assert_eq!(status, 201, "{activity}");
    assert!(activity["id"].is_i64());
    assert_eq!(activity["status"], "running");
    assert_eq!(activity["proposed"], false, "backbone staff need no acceptance");
    assert_eq!(activity["lead_organisation"], "kommunen");
    assert_eq!(activity["goal_ids"], json!([a.goal]));
    assert_eq!(activity["track_ids"], json!([a.track]));
    assert_eq!(activity["partners"].as_array().unwrap().len(), 2);
    assert_eq!(activity["participants_reached"], 120);
}

#[tokio::test]
async fn an_activity_through_the_api_is_refused_with_what_is_wrong_in_each_field() {
    let a = alliance().await;
    // a goal of another initiative, stopped without a reason, dates out of order
    let (status, errors) =
        a.create_activity(&a.backbone, json!({"title": "Snyd", "goal_ids": [a.goal, a.foreign_goal]})).await;
    assert_eq!(status, 422);
    assert_eq!(errors["fields"]["goal_ids"], "activity-foreign-goal");
    assert!(errors["messages"]["goal_ids"].as_str().unwrap().contains("dette initiativ"));
    let (status, errors) = a
        .create_activity(
            &a.backbone,
            json!({"title": "Stop", "status": "stopped", "starts_on": "2026-05-01", "ends_on": "2026-04-01"}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(errors["fields"]["stop_reason"], "activity-stop-reason");
    assert_eq!(errors["fields"]["ends_on"], "end-before-start");
    let (status, errors) = a
        .create_activity(&a.backbone, json!({"title": "X", "lead_organisation": "findes-ikke", "status": "dream"}))
        .await;
    assert_eq!(status, 422);
    assert_eq!(errors["fields"]["lead_organisation"], "unknown-organisation");
    assert_eq!(errors["fields"]["status"], "unknown-choice");
    let activity = id(&created(a.fritidspas().await));
    let (status, errors) = a
        .send(
            Method::PATCH,
            &format!("/api/v1/activities/{activity}"),
            &a.backbone,
            json!({"title": "X", "track_ids": [9999]}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(errors["fields"]["track_ids"], "activity-foreign-track");
}

#[tokio::test]
async fn a_members_proposal_is_an_idea_until_accepted_whatever_status_it_asks_for() {
    let a = alliance().await;
    let (status, proposal) = a.propose().await;
    assert_eq!(status, 201, "{proposal}");
    assert_eq!((proposal["status"].as_str(), proposal["proposed"].as_bool()), (Some("idea"), Some(true)));
}

#[tokio::test]
async fn a_member_edits_what_its_organisation_leads_not_what_the_municipality_leads() {
    let a = alliance().await;
    let activity = id(&created(a.fritidspas().await));
    let proposal = id(&created(a.propose().await));
    let (status, _) = a
        .send(Method::PATCH, &format!("/api/v1/activities/{activity}"), &a.member, json!({"title": "Overtaget"}))
        .await;
    assert_eq!(status, 403);
    let (status, edited) = a.edit_proposal(proposal).await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["title"], "Åben hal fredag aften");
}

#[tokio::test]
async fn a_stranger_cannot_propose_an_activity_and_without_a_token_it_is_401() {
    let a = alliance().await;
    a.app.user("fremmed@example.dk", false).await;
    let stranger = a.app.api_token("fremmed@example.dk").await;
    assert_eq!(a.create_activity(&stranger, json!({"title": "X"})).await.0, 403);
    let (status, _) = a
        .app
        .client()
        .send_json(Method::POST, "/api/v1/initiatives/alliancen/activities", None, &json!({"title": "X"}))
        .await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn a_member_commits_through_the_api_for_its_own_organisation_only() {
    let a = alliance().await;
    let activity = id(&created(a.fritidspas().await));
    let (status, commitment) = a.club_hours(activity).await;
    assert_eq!(status, 201, "{commitment}");
    assert_eq!((commitment["unit"].as_str(), commitment["amount"].as_f64()), (Some("timer"), Some(40.0)));
    let (status, _) = a
        .commit(&a.member, json!({"organisation": "skolen", "activity_id": activity, "kind": "money", "amount": 10}))
        .await;
    assert_eq!(status, 403, "not for another organisation");
}

#[tokio::test]
async fn a_commitment_through_the_api_is_refused_for_a_bad_amount_or_a_foreign_goal() {
    let a = alliance().await;
    let activity = id(&created(a.fritidspas().await));
    for (amount, code) in
        [(json!(-5), "amount-negative"), (json!(2e9), "amount-absurd"), (json!("mange"), "number-format")]
    {
        let (status, errors) = a
            .commit(
                &a.backbone,
                json!({"organisation": "skolen", "activity_id": activity, "kind": "money", "amount": amount}),
            )
            .await;
        assert_eq!(status, 422);
        assert_eq!(errors["fields"]["amount"], code);
    }
    let (status, errors) = a
        .commit(&a.backbone, json!({"organisation": "skolen", "goal_id": a.foreign_goal, "kind": "data", "amount": 1}))
        .await;
    assert_eq!(status, 422);
    assert_eq!(errors["fields"]["goal_id"], "commitment-foreign-goal");
}

#[tokio::test]
async fn a_commitment_to_a_goal_reads_an_amount_in_danish_notation() {
    let a = alliance().await;
    let (status, to_goal) = a.school_money_for_the_vision().await;
    assert_eq!(status, 201);
    assert_eq!(to_goal["amount"], 12500.5);
}

#[tokio::test]
async fn the_club_changes_its_own_commitment_but_not_whom_it_is_from_or_for() {
    let a = alliance().await;
    let activity = id(&created(a.fritidspas().await));
    let cid = id(&created(a.club_hours(activity).await));
    let (status, changed) = a.raise_club_hours(cid).await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!((changed["amount"].as_f64(), changed["organisation"].as_str()), (Some(60.0), Some("klubben")));
    assert_eq!(changed["activity_id"], activity);
    let (status, errors) = a
        .send(Method::PATCH, &format!("/api/v1/commitments/{cid}"), &a.member, json!({"kind": "money", "amount": -1}))
        .await;
    assert_eq!((status, errors["fields"]["amount"].as_str()), (422, Some("amount-negative")));
}

#[tokio::test]
async fn the_club_reports_deliveries_on_its_own_commitments_and_cannot_touch_the_schools() {
    let a = alliance().await;
    let activity = id(&created(a.fritidspas().await));
    let cid = id(&created(a.club_hours(activity).await));
    let goal_commitment = id(&created(a.school_money_for_the_vision().await));
    let (status, delivery) = a.deliver(cid).await;
    assert_eq!(status, 201, "{delivery}");
    assert_eq!(delivery["commitment_id"], cid);
    let (status, _) = a
        .send(
            Method::PATCH,
            &format!("/api/v1/commitments/{goal_commitment}"),
            &a.member,
            json!({"kind": "money", "amount": 1}),
        )
        .await;
    assert_eq!(status, 403, "the school's commitment is not the club's to change");
    let (status, _) = a
        .send(
            Method::POST,
            &format!("/api/v1/commitments/{goal_commitment}/deliveries"),
            &a.member,
            json!({"description": "x", "amount": 1, "delivered_on": "2026-03-15"}),
        )
        .await;
    assert_eq!(status, 403, "the school's commitment is not the club's to report on");
    let (status, errors) = a
        .send(
            Method::POST,
            &format!("/api/v1/commitments/{cid}/deliveries"),
            &a.member,
            json!({"description": "", "amount": -1, "delivered_on": "i går"}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(errors["fields"]["description"], "required");
    assert_eq!(errors["fields"]["amount"], "amount-negative");
    assert_eq!(errors["fields"]["delivered_on"], "date-format");
}

#[tokio::test]
async fn the_action_plan_shows_what_lacks_activities_or_partners_and_who_promised_and_delivered() {
    let a = alliance().await;
    a.planned().await;
    // the vision has no activity; the proposal has no partner's commitment; one of two led
    // activities is the secretariat's
    let (status, plan) = a.app.client().get_json("/api/v1/initiatives/alliancen/action-plan", None).await;
    assert_eq!(status, 200);
    assert_eq!(titles(&plan["goals_without_activities"]), ["Alle børn trives"]);
    assert_eq!(titles(&plan["activities_without_partners"]), ["Åben hal fredag aften"]);
    assert_eq!(plan["secretariat_driven_share"], 0.5);
    assert_eq!(plan["secretariat"], json!(["kommunen"]));
    let cells = plan["matrix"].as_array().unwrap();
    let club = cells.iter().find(|c| c["organisation"] == "klubben" && c["track_id"] == a.track).unwrap();
    assert_eq!(
        (club["track_id"].as_i64(), club["promised"].as_u64(), club["delivered"].as_u64()),
        (Some(a.track), Some(1), Some(1))
    );
    let school = cells.iter().find(|c| c["organisation"] == "skolen").unwrap();
    assert!(school["track_id"].is_null(), "a goal's commitment has no track");
}

#[tokio::test]
async fn the_network_ties_the_organisations_that_share_an_activity() {
    let a = alliance().await;
    a.planned().await;
    // the municipality, the club and the school share the pass
    let (_, network) = a.app.client().get_json("/api/v1/initiatives/alliancen/network", None).await;
    assert_eq!(network["nodes"].as_array().unwrap().len(), 3);
    assert_eq!(network["edges"].as_array().unwrap().len(), 3);
    // compact ties: [source, target, shared activities, index into new_per_quarter]
    for edge in network["edges"].as_array().unwrap() {
        let e: Vec<i64> = edge.as_array().unwrap().iter().map(|v| v.as_i64().unwrap()).collect();
        assert_eq!((e.len(), e[0] < e[1], e[2], e[3]), (4, true, 1, 0), "{edge}");
    }
    let first = &network["new_per_quarter"][0];
    assert_eq!(
        (first["year"].as_i64(), first["quarter"].as_i64(), first["ties"].as_i64()),
        (Some(2026), Some(1), Some(3))
    );
    let (_, by_sector) = a.app.client().get_json("/api/v1/initiatives/alliancen/network?sector=business", None).await;
    assert!(by_sector["edges"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn the_activity_catalogue_in_the_api_is_filtered_like_the_page() {
    let a = alliance().await;
    let proposal = a.planned().await;
    let (status, list) = a.app.client().get_json("/api/v1/initiatives/alliancen/activities?q=FRITIDSPAS", None).await;
    assert_eq!(status, 200);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["lead_organisation"], "kommunen");
    let (_, ideas) = a
        .app
        .client()
        .get_json("/api/v1/initiatives/alliancen/activities?status=idea&organisation=klubben", None)
        .await;
    assert_eq!(ideas.as_array().unwrap().iter().map(id).collect::<Vec<_>>(), [proposal]);
}

#[tokio::test]
async fn activities_export_as_csv_and_xlsx_and_no_other_format() {
    let a = alliance().await;
    a.planned().await;
    let client = a.app.client();
    let csv = client.get("/api/v1/initiatives/alliancen/activities/export?format=csv").await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.contains("Fritidspas for 4. klasse") && csv.body.contains("Åben hal fredag aften"));
    let xlsx = client
        .http
        .get(format!("{}/api/v1/initiatives/alliancen/activities/export?format=xlsx", a.app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(xlsx.status(), 200);
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"), "an XLSX file is a zip");
    assert_eq!(client.get("/api/v1/initiatives/alliancen/activities/export?format=doc").await.status, 404);
}

#[tokio::test]
async fn the_openapi_document_names_the_action_plan_operations() {
    let app = spawn_app().await;
    let (_, doc) = app.client().get_json("/api/v1/openapi.json", None).await;
    let text = doc.to_string();
    for op in [
        "createActivity",
        "updateActivity",
        "createCommitment",
        "recordDelivery",
        "getActionPlan",
        "exportActivities",
        "getNetwork",
    ] {
        assert!(text.contains(&format!("\"operationId\":\"{op}\"")), "{op}");
    }
}

/// Whether a log entry's changes mention `text`.
fn changed(entry: &rygrad_store::audit::AuditEntry, text: &str) -> bool {
    serde_json::to_string(&entry.changes).unwrap().contains(text)
}

#[tokio::test]
async fn every_change_to_the_action_plan_is_in_the_audit_log() {
    let a = alliance().await;
    a.planned().await;
    let log = a.app.store.audit_log(1, None, 100).await.unwrap();
    for entity in ["activity", "commitment", "delivery"] {
        assert!(log.iter().any(|e| e.entity == entity && e.action == "create"), "{entity}");
    }
    assert!(log.iter().any(|e| e.entity == "commitment" && e.action == "update" && changed(e, "60")));
    assert!(log.iter().any(|e| e.entity == "activity" && e.action == "update" && changed(e, "Åben hal fredag aften")));
}

const NEW_ACTIVITY: &str = "/initiativer/alliancen/aktiviteter/ny";
const GOAL_COMMITMENTS: &str = "/initiativer/alliancen/tilsagn";

async fn club_member(a: &Alliance) -> Client {
    let member = a.app.client();
    member.login("klub@example.dk", PASSWORD).await;
    member
}

/// The club's member proposes "Svømning for ældre" in the browser, with the school as partner;
/// the activity's page.
async fn propose_swimming(a: &Alliance, member: &Client) -> String {
    let (goal, track) = (a.goal.to_string(), a.track.to_string());
    let created = member
        .post(
            NEW_ACTIVITY,
            &[
                ("title", "Svømning for ældre"),
                ("lead_organisation", "klubben"),
                ("partners", "skolen"),
                ("goal_ids", &goal),
                ("track_ids", &track),
            ],
        )
        .await;
    created.location.clone().expect("a redirect to the new activity")
}

/// The member commits 1.500,5 hours of the club to the activity at `location`; the commitment's id.
async fn commit_hours(a: &Alliance, member: &Client, location: &str) -> i64 {
    member
        .post(
            &format!("{location}/tilsagn"),
            &[("organisation", "klubben"), ("kind", "staff_hours"), ("amount", "1.500,5")],
        )
        .await
        .assert_redirect(&format!("{location}#tilsagn"));
    let activity = location.rsplit('/').next().unwrap().parse().unwrap();
    a.app.store.commitments_of_activity(activity).await.unwrap()[0].commitment.id
}

/// The member reports 3 of the hours delivered.
async fn deliver_hours(member: &Client, location: &str, commitment: i64) {
    member
        .post(
            &format!("/tilsagn/{commitment}/levering"),
            &[("description", "Træning"), ("amount", "3"), ("delivered_on", "2026-03-01")],
        )
        .await
        .assert_redirect(&format!("{location}#tilsagn-{commitment}"));
}

/// The member promises 4 volunteers of the club to the goal on the action plan page and reports
/// 2 delivered; the commitment's id.
async fn volunteers_for_the_goal(a: &Alliance, member: &Client) -> String {
    let goal = a.goal.to_string();
    let made = member
        .post(
            GOAL_COMMITMENTS,
            &[("organisation", "klubben"), ("goal_id", &goal), ("kind", "volunteers"), ("amount", "4")],
        )
        .await;
    let anchor = made.location.expect("back to the action plan");
    assert!(anchor.starts_with("/initiativer/alliancen/handleplan#tilsagn-"), "{anchor}");
    let goal_cid = anchor.rsplit('-').next().unwrap().to_owned();
    member
        .post(
            &format!("/tilsagn/{goal_cid}/levering"),
            &[("description", "Hjælpere"), ("amount", "2"), ("delivered_on", "2026-04-01")],
        )
        .await
        .assert_redirect(&anchor);
    goal_cid
}

/// The member raises the volunteers promised to 5 on the commitment's own page.
async fn raise_volunteers(member: &Client, goal_cid: &str) {
    member
        .post(&format!("/tilsagn/{goal_cid}"), &[("kind", "volunteers"), ("amount", "5"), ("unit", "frivillige")])
        .await
        .assert_redirect(&format!("/tilsagn/{goal_cid}"));
}

/// The backbone accepts the activity at `location` into the catalogue.
async fn accept(a: &Alliance, location: &str) {
    let backbone = a.app.client();
    backbone.login("sekretariat@example.dk", PASSWORD).await;
    backbone.post(&format!("{location}/accepter"), &[]).await.assert_redirect(location);
}

/// The action plan made in the browser: the accepted swimming with the club's partly delivered
/// hours, and the club's partly delivered volunteers for the goal.
async fn planned_in_the_browser(a: &Alliance) {
    let member = club_member(a).await;
    let location = propose_swimming(a, &member).await;
    let cid = commit_hours(a, &member, &location).await;
    deliver_hours(&member, &location, cid).await;
    let goal_cid = volunteers_for_the_goal(a, &member).await;
    raise_volunteers(&member, &goal_cid).await;
    accept(a, &location).await;
}

#[tokio::test]
async fn the_activity_form_lets_the_members_club_lead_and_keeps_bad_input() {
    let a = alliance().await;
    let member = club_member(&a).await;
    let form = member.get(NEW_ACTIVITY).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("value=\"klubben\" selected"), "the member's club leads by default");
    let foreign = a.foreign_goal.to_string();
    let bad = member
        .post(
            NEW_ACTIVITY,
            &[
                ("title", "Svømning for ældre"),
                ("description", "Behold mig"),
                ("goal_ids", &foreign),
                ("starts_on", "2026-09-01"),
                ("ends_on", "2026-08-01"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains(">Behold mig</textarea>") && bad.body.contains("value=\"Svømning for ældre\""));
    assert!(bad.body.contains("Slutdatoen ligger før startdatoen"));
    let bad = member.post(NEW_ACTIVITY, &[("title", "Svømning for ældre"), ("goal_ids", &foreign)]).await;
    assert!(bad.body.contains("Vælg kun mål fra dette initiativ"));
}

#[tokio::test]
async fn a_members_activity_from_the_browser_is_a_proposal_it_cannot_accept() {
    let a = alliance().await;
    let member = club_member(&a).await;
    let location = propose_swimming(&a, &member).await;
    let page = member.get(&location).await.body;
    assert!(page.contains("Forslag") && page.contains("Organisation skolen"));
    assert!(!page.contains("Tag med i kataloget"), "members do not accept");
    assert_eq!(member.post(&format!("{location}/accepter"), &[]).await.status, 403);
}

#[tokio::test]
async fn a_member_commits_its_clubs_hours_in_the_browser_in_danish_numbers() {
    let a = alliance().await;
    let member = club_member(&a).await;
    let location = propose_swimming(&a, &member).await;
    let commit = format!("{location}/tilsagn");
    let bad = member
        .post(&commit, &[("organisation", "klubben"), ("kind", "staff_hours"), ("amount", "-3"), ("unit", "timer")])
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Mængden kan ikke være negativ") && bad.body.contains("value=\"-3\""));
    assert_eq!(
        member.post(&commit, &[("organisation", "skolen"), ("kind", "money"), ("amount", "10")]).await.status,
        403
    );
    commit_hours(&a, &member, &location).await;
    let page = member.get(&location).await.body;
    assert!(page.contains("1.500,5 timer"), "Danish number formatting");
}

#[tokio::test]
async fn a_member_records_a_delivery_in_the_browser_and_a_bad_one_keeps_what_was_typed() {
    let a = alliance().await;
    let member = club_member(&a).await;
    let location = propose_swimming(&a, &member).await;
    let cid = commit_hours(&a, &member, &location).await;
    let bad = member
        .post(&format!("/tilsagn/{cid}/levering"), &[("description", "Træning"), ("amount", "3"), ("delivered_on", "")])
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("value=\"Træning\""));
    deliver_hours(&member, &location, cid).await;
    assert!(member.get(&location).await.body.contains("Leveret: 3 af 1.500,5 timer"));
}

#[tokio::test]
async fn a_commitment_to_a_goal_is_made_and_reported_on_from_the_action_plan_page() {
    let a = alliance().await;
    let member = club_member(&a).await;
    let foreign = a.foreign_goal.to_string();
    let bad = member
        .post(
            GOAL_COMMITMENTS,
            &[("organisation", "klubben"), ("goal_id", &foreign), ("kind", "money"), ("amount", "500")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Målet findes ikke i dette initiativ") && bad.body.contains("value=\"500\""));
    let goal_cid = volunteers_for_the_goal(&a, &member).await;
    let bad = member.post(&format!("/tilsagn/{goal_cid}/levering"), &[("description", "Flere"), ("amount", "x")]).await;
    assert_eq!(bad.status, 422, "a bad delivery comes back on the commitment's own page");
    assert!(bad.body.contains("value=\"Flere\"") && bad.body.contains("Skriv et tal."));
}

#[tokio::test]
async fn a_commitment_is_corrected_on_its_own_page_and_the_action_plan_follows() {
    let a = alliance().await;
    let member = club_member(&a).await;
    let goal_cid = volunteers_for_the_goal(&a, &member).await;
    let own_page = member.get(&format!("/tilsagn/{goal_cid}")).await.body;
    assert!(own_page.contains("Ret tilsagnet") && own_page.contains("value=\"4\""));
    let bad = member.post(&format!("/tilsagn/{goal_cid}"), &[("kind", "volunteers"), ("amount", "9999999")]).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("urealistisk stor") && bad.body.contains("value=\"9999999\""));
    raise_volunteers(&member, &goal_cid).await;
    let plan = member.get("/initiativer/alliancen/handleplan").await.body;
    assert!(plan.contains("Til målet: Flere børn i fritidsliv") && plan.contains("Leveret: 2 af 5 frivillige"));
}

#[tokio::test]
async fn the_backbone_accepts_a_proposal_into_the_catalogue() {
    let a = alliance().await;
    let location = propose_swimming(&a, &club_member(&a).await).await;
    let backbone = a.app.client();
    backbone.login("sekretariat@example.dk", PASSWORD).await;
    assert!(backbone.get(&location).await.body.contains("Tag med i kataloget"));
    accept(&a, &location).await;
    assert!(!backbone.get(&location).await.body.contains("Tag med i kataloget"));
}

#[tokio::test]
async fn the_catalogue_page_folds_danish_letters_filters_and_prints() {
    let a = alliance().await;
    planned_in_the_browser(&a).await;
    let catalogue = a.app.client();
    let hit = catalogue.get("/initiativer/alliancen/aktiviteter?q=SVØMNING").await.body;
    assert!(hit.contains("Svømning for ældre") && hit.contains("1 aktivitet"));
    assert!(catalogue.get("/initiativer/alliancen/aktiviteter?status=running").await.body.contains("0 aktiviteter"));
    assert!(catalogue.get("/initiativer/alliancen/aktiviteter?organisation=skolen").await.body.contains("1 aktivitet"));
    let pdf = catalogue
        .http
        .get(format!("{}/initiativer/alliancen/aktiviteter/eksport/pdf", a.app.address))
        .send()
        .await
        .unwrap();
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));
}

#[tokio::test]
async fn the_action_plan_page_shows_goals_without_activities_and_what_was_delivered() {
    let a = alliance().await;
    planned_in_the_browser(&a).await;
    let plan = a.app.client().get("/initiativer/alliancen/handleplan").await;
    assert_eq!(plan.status, 200);
    assert!(plan.body.contains("Alle børn trives"), "a goal without activities");
    assert!(plan.body.contains("1 tilsagn, 1 leveret"));
}

#[tokio::test]
async fn the_network_page_draws_the_ties_for_its_script_to_highlight_and_filter() {
    let a = alliance().await;
    planned_in_the_browser(&a).await;
    let catalogue = a.app.client();
    let network = catalogue.get("/initiativer/alliancen/netvaerk").await;
    assert!(network.body.contains("<svg") && network.body.contains("Organisation klubben – Organisation skolen"));
    // the script that highlights and filters an organisation's ties finds what it needs
    assert!(network.body.contains("data-org=\"klubben\"") && network.body.contains("data-a=\""));
    assert!(network.body.contains("src=\"/static/network.js\""));
    let script = catalogue.get("/static/network.js").await;
    assert!(script.status == 200 && script.body.contains("addEventListener"));
}

#[tokio::test]
async fn the_initiative_page_leads_to_its_activities() {
    let a = alliance().await;
    assert!(a.app.client().get("/initiativer/alliancen").await.body.contains("/initiativer/alliancen/aktiviteter"));
}

#[tokio::test]
async fn a_goal_that_activities_serve_is_not_deleted() {
    let a = alliance().await;
    let (status, _) = a.create_activity(&a.backbone, json!({"title": "Lektiecafé", "goal_ids": [a.goal]})).await;
    assert_eq!(status, 201);
    let path = format!("/api/v1/goals/{}", a.goal);
    let (status, refused) = a.send(Method::DELETE, &path, &a.backbone, json!({})).await;
    assert_eq!(status, 409, "{refused}");
    assert_eq!(refused["child_goals"], 0);
    assert_eq!(refused["activities"], 1);
    assert!(refused["message"].as_str().unwrap().contains("arkivér"));
    // the activity still serves the goal
    let (_, list) = a.send(Method::GET, "/api/v1/initiatives/alliancen/activities", &a.backbone, json!({})).await;
    assert!(list.to_string().contains(&format!("\"goal_ids\":[{}]", a.goal)), "{list}");
}

#[tokio::test]
async fn my_page_lists_what_the_organisation_committed_and_delivered() {
    let a = alliance().await;
    let (_, activity) = a
        .create_activity(
            &a.backbone,
            json!({"title": "Åben hal om lørdagen", "lead_organisation": "kommunen", "status": "running"}),
        )
        .await;
    let id = activity["id"].as_i64().unwrap();
    let (status, hours) = a
        .commit(
            &a.member,
            json!({"organisation": "klubben", "activity_id": id, "kind": "staff_hours", "amount": 40, "unit": "timer"}),
        )
        .await;
    assert_eq!(status, 201, "{hours}");
    let (status, _) = a
        .commit(&a.member, json!({"organisation": "klubben", "goal_id": a.goal, "kind": "volunteers", "amount": 6}))
        .await;
    assert_eq!(status, 201);
    // another organisation's commitment is not the club's
    let (status, _) =
        a.commit(&a.backbone, json!({"organisation": "skolen", "activity_id": id, "kind": "rooms", "amount": 3})).await;
    assert_eq!(status, 201);
    let (status, _) = a
        .send(
            Method::POST,
            &format!("/api/v1/commitments/{}/deliveries", hours["id"]),
            &a.member,
            json!({"description": "Trænere i hallen", "amount": 12.5, "delivered_on": "2026-03-15"}),
        )
        .await;
    assert_eq!(status, 201);

    let page = club_member(&a).await.get("/mig").await.body;
    assert!(page.contains("Jeres tilsagn"), "{page}");
    let section = &page[page.find("Jeres tilsagn").unwrap()..];
    assert!(section.contains(&format!("href=\"/aktiviteter/{id}\">Åben hal om lørdagen</a>")));
    assert!(section.contains("Til målet: Flere børn i fritidsliv"));
    assert!(section.contains("Medarbejdertimer") && section.contains("Frivillige"));
    assert!(section.contains("40 timer") && section.contains("12,5 timer"), "promised and delivered, in Danish");
    assert!(section.contains("Intet endnu"), "the volunteers are not delivered yet");
    assert!(!section.contains("Lokaler og faciliteter"), "the school's rooms are the school's");

    // the backbone acts for no organisation: no list of commitments
    let backbone = a.app.client();
    backbone.login("sekretariat@example.dk", PASSWORD).await;
    assert!(!backbone.get("/mig").await.body.contains("Jeres tilsagn"));
}
