//! The reads clients expect: campaigns, tracks, commitments, a single meeting, invitations, the
//! audit log, and the knowledge base's history and comments — each for those the matching page
//! shows it to, and not found where the initiative is private to the caller.

use crate::helpers::*;
use reqwest::Method;
use rygrad_domain::invitation::InitiativeRole;
use rygrad_domain::knowledge_base::SectionKind;
use rygrad_domain::membership::MembershipRole;
use rygrad_store::AuditActor;
use serde_json::{Value, json};

struct Alliance {
    app: TestApp,
    backbone: String,
    member: String,
    outsider: String,
    admin: String,
    campaign: i64,
    track: i64,
    activity: i64,
    commitment: i64,
    meeting: i64,
}

/// An initiative with two member organisations, a track, a campaign, an activity with a
/// commitment and a delivery, a meeting with a decision and an action item, a revised and
/// commented vision, and an invitation; and API tokens for its backbone staff, a member acting
/// for "skolen", someone outside and an administrator.
async fn alliance(is_public: bool) -> Alliance {
    let app = spawn_app().await;
    let own = initiative(&app, "alliancen", is_public).await;
    let by = AuditActor::system();
    for slug in ["skolen", "klubben"] {
        let org = organisation(&app, slug).await;
        app.store.add_membership(own, org, MembershipRole::Member, "2025-01-01".parse().unwrap(), &by).await.unwrap();
    }
    let skolen = app.store.organisation_by_slug("skolen").await.unwrap().unwrap().id;
    let backbone_id = app.user("sekretariat@example.dk", false).await;
    app.store.grant_role(own, backbone_id, InitiativeRole::Backbone, None, &by).await.unwrap();
    let member_id = app.user("medlem@example.dk", false).await;
    app.store.grant_role(own, member_id, InitiativeRole::Member, Some(skolen), &by).await.unwrap();
    app.user("udenfor@example.dk", false).await;
    app.user("admin@example.dk", true).await;
    let backbone = app.api_token("sekretariat@example.dk").await;
    let member = app.api_token("medlem@example.dk").await;
    let outsider = app.api_token("udenfor@example.dk").await;
    let admin = app.api_token("admin@example.dk").await;

    let track_plan =
        rygrad_domain::goal::TrackInput { title: "Fritid for alle".into(), ..Default::default() }.validate().unwrap();
    let track = app.store.create_track(own, &track_plan, Some(skolen), &by).await.unwrap().id;
    let campaign_plan = rygrad_domain::campaign::CampaignInput {
        name: "Danmark spiser sammen 2027".into(),
        year: "2027".into(),
        target_meals: "10".into(),
        ..Default::default()
    }
    .validate(2026)
    .unwrap();
    let campaign = app.store.create_campaign(own, &campaign_plan, &by).await.unwrap().id;
    app.store
        .create_invitation(
            rygrad_store::invitations::NewInvitation {
                initiative_id: own,
                organisation_id: Some(skolen),
                role: InitiativeRole::Member,
                email: "ny@example.dk",
                token_hash: "hemmelig-hash",
            },
            &by,
            &rygrad_store::outbox::NewMail {
                to: "ny@example.dk".into(),
                subject: "Invitation".into(),
                body: "Kom med".into(),
                attachment: None,
            },
        )
        .await
        .unwrap();

    let c = app.client();
    let send = |method: Method, path: String, body: Value| {
        let (c, token) = (&c, backbone.clone());
        async move {
            let (status, json) = c.send_json(method, &path, Some(&token), &body).await;
            assert!(status.is_success(), "{path}: {status} {json}");
            json
        }
    };
    let activity = send(Method::POST, "/api/v1/initiatives/alliancen/activities".into(), json!({"title": "Åben hal"}))
        .await["id"]
        .as_i64()
        .unwrap();
    let commitment = send(
        Method::POST,
        "/api/v1/initiatives/alliancen/commitments".into(),
        json!({"organisation": "skolen", "activity_id": activity, "kind": "staff_hours", "amount": 40}),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    send(
        Method::POST,
        format!("/api/v1/commitments/{commitment}/deliveries"),
        json!({"description": "Lærere i hallen", "amount": 12, "delivered_on": "2026-03-15"}),
    )
    .await;
    let meeting = send(
        Method::POST,
        "/api/v1/initiatives/alliancen/meetings".into(),
        json!({"title": "Alliancemøde", "date": "2027-03-10", "starts_at": "16:00", "ends_at": "18:00",
               "place": "Rådhuset", "participants": ["skolen", "klubben"]}),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    send(Method::POST, format!("/api/v1/meetings/{meeting}/decisions"), json!({"text": "Hallen åbner om lørdagen"}))
        .await;
    send(
        Method::POST,
        format!("/api/v1/meetings/{meeting}/action-items"),
        json!({"title": "Send referatet", "organisation": "skolen", "due_on": "2027-03-17"}),
    )
    .await;
    for body in ["Alle børn trives.", "Alle børn trives.\nOgså i fritiden."] {
        send(Method::PATCH, "/api/v1/initiatives/alliancen/agenda-sections/vision".into(), json!({"body": body})).await;
    }
    let commenter = AuditActor { user_id: Some(member_id), name: "Test medlem".into() };
    app.store.comment_on_section(own, SectionKind::Vision, "Godt formuleret", &commenter).await.unwrap();
    Alliance { app, backbone, member, outsider, admin, campaign, track, activity, commitment, meeting }
}

impl Alliance {
    async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let (status, json) = self.app.client().get_json(&format!("/api/v1{path}"), token).await;
        (status.as_u16(), json)
    }

    /// Every new read of the alliance, as paths.
    fn reads(&self) -> Vec<String> {
        vec![
            "/initiatives/alliancen/campaigns".into(),
            format!("/campaigns/{}", self.campaign),
            "/initiatives/alliancen/tracks".into(),
            format!("/initiatives/alliancen/tracks/{}", self.track),
            format!("/activities/{}/commitments", self.activity),
            format!("/commitments/{}", self.commitment),
            format!("/meetings/{}", self.meeting),
            "/initiatives/alliancen/agenda-sections/vision/revisions".into(),
            "/initiatives/alliancen/agenda-sections/vision/comments".into(),
            "/initiatives/alliancen/invitations".into(),
            "/initiatives/alliancen/audit-log".into(),
        ]
    }
}

#[tokio::test]
async fn every_read_of_a_private_initiative_is_not_found_for_those_outside_it() {
    let a = alliance(false).await;
    for path in a.reads() {
        // reads only for an alliance's people need a token before anything is looked up
        let for_people = ["/comments", "/invitations", "/audit-log"].iter().any(|end| path.ends_with(end));
        assert_eq!(a.get(&path, None).await.0, if for_people { 401 } else { 404 }, "{path} without a token");
        assert_eq!(a.get(&path, Some(&a.outsider)).await.0, 404, "{path} for someone outside");
        let expected = if path.ends_with("/invitations") || path.ends_with("/audit-log") { 403 } else { 200 };
        assert_eq!(a.get(&path, Some(&a.member)).await.0, expected, "{path} for a member");
        assert_eq!(a.get(&path, Some(&a.backbone)).await.0, 200, "{path} for backbone staff");
        assert_eq!(a.get(&path, Some(&a.admin)).await.0, 200, "{path} for an administrator");
    }
}

#[tokio::test]
async fn campaigns_tracks_commitments_and_a_meeting_read_as_their_pages_show_them() {
    let a = alliance(true).await;
    let (status, campaigns) = a.get("/initiatives/alliancen/campaigns", None).await;
    assert_eq!(status, 200, "{campaigns}");
    assert_eq!(campaigns.as_array().unwrap().len(), 1);
    let (_, campaign) = a.get(&format!("/campaigns/{}", a.campaign), None).await;
    assert_eq!(
        (campaign["name"].as_str(), campaign["initiative"].as_str()),
        (Some("Danmark spiser sammen 2027"), Some("alliancen"))
    );
    assert_eq!(campaign["iso_week"], 17);
    let meals = campaign["targets"].as_array().unwrap().iter().find(|t| t["target"] == "meals").unwrap();
    assert_eq!((meals["goal"].as_i64(), meals["current"].as_i64()), (Some(10), Some(0)));
    assert_eq!(a.get("/campaigns/999999", None).await.0, 404);

    let (_, tracks) = a.get("/initiatives/alliancen/tracks", None).await;
    assert_eq!(
        tracks,
        json!([{"id": a.track, "title": "Fritid for alle", "description": "", "lead_organisation": "skolen"}])
    );
    let (_, track) = a.get(&format!("/initiatives/alliancen/tracks/{}", a.track), None).await;
    assert_eq!(track["title"], "Fritid for alle");
    assert_eq!(a.get("/initiatives/alliancen/tracks/999999", None).await.0, 404);

    let (_, commitments) = a.get(&format!("/activities/{}/commitments", a.activity), None).await;
    assert_eq!(commitments.as_array().unwrap().len(), 1, "{commitments}");
    assert_eq!(
        (commitments[0]["organisation"].as_str(), commitments[0]["amount"].as_f64()),
        (Some("skolen"), Some(40.0))
    );
    assert_eq!(commitments[0]["delivered"], 12.0);
    assert_eq!(commitments[0]["deliveries"][0]["description"], "Lærere i hallen");
    let (_, commitment) = a.get(&format!("/commitments/{}", a.commitment), None).await;
    assert_eq!((commitment["id"].as_i64(), commitment["activity_id"].as_i64()), (Some(a.commitment), Some(a.activity)));
    assert_eq!(a.get("/commitments/999999", None).await.0, 404);
    assert_eq!(a.get("/activities/999999/commitments", None).await.0, 404);

    let (status, meeting) = a.get(&format!("/meetings/{}", a.meeting), None).await;
    assert_eq!(status, 200, "{meeting}");
    assert_eq!(meeting["title"], "Alliancemøde");
    assert_eq!(meeting["participants"], json!(["klubben", "skolen"]));
    assert_eq!(meeting["decisions"][0]["text"], "Hallen åbner om lørdagen");
    assert_eq!(meeting["action_items"][0]["title"], "Send referatet");
    assert_eq!(meeting["action_items"][0]["organisation"], "skolen");
    assert_eq!(a.get("/meetings/999999", None).await.0, 404);
}

#[tokio::test]
async fn invitations_and_the_audit_log_are_for_backbone_staff_and_administrators_only() {
    let a = alliance(true).await;
    for path in ["/initiatives/alliancen/invitations", "/initiatives/alliancen/audit-log"] {
        assert_eq!(a.get(path, None).await.0, 401, "{path} without a token");
        assert_eq!(a.get(path, Some(&a.outsider)).await.0, 403, "{path} for someone outside");
        assert_eq!(a.get(path, Some(&a.member)).await.0, 403, "{path} for a member");
        assert_eq!(a.get(path, Some(&a.admin)).await.0, 200, "{path} for an administrator");
    }
    let (status, invitations) = a.get("/initiatives/alliancen/invitations", Some(&a.backbone)).await;
    assert_eq!(status, 200, "{invitations}");
    let invitation = &invitations[0];
    assert_eq!(invitation["email"], "ny@example.dk");
    assert_eq!((invitation["role"].as_str(), invitation["organisation"].as_str()), (Some("member"), Some("skolen")));
    assert_eq!(invitation["status"], "pending");
    assert!(!invitations.to_string().contains("hemmelig-hash"), "no token: {invitations}");

    let (status, log) = a.get("/initiatives/alliancen/audit-log", Some(&a.backbone)).await;
    assert_eq!(status, 200, "{log}");
    let entries = log["entries"].as_array().unwrap();
    assert_eq!(log["next_before"], Value::Null, "one page");
    let newest = &entries[0];
    assert_eq!((newest["action"].as_str(), newest["entity"].as_str()), (Some("comment"), Some("kb_section")));
    assert_eq!(newest["actor_name"], "Test medlem");
    assert!(newest["created_at"].is_string() && newest["changes"].is_object(), "{newest}");
    assert!(entries.iter().any(|e| e["entity"] == "meeting" && e["action"] == "create"));
    assert!(!log.to_string().contains("@example.dk"), "no e-mail addresses in the log: {log}");
    // paging: entries older than a given one
    let second = entries[1]["id"].as_i64().unwrap();
    let (_, older) = a.get(&format!("/initiatives/alliancen/audit-log?before={second}"), Some(&a.backbone)).await;
    assert_eq!(older["entries"][0]["id"], entries[2]["id"]);
    assert_eq!(older["entries"].as_array().unwrap().len(), entries.len() - 2);
}

#[tokio::test]
async fn the_knowledge_base_history_is_public_and_its_comments_and_authors_the_alliances() {
    let a = alliance(true).await;
    let path = "/initiatives/alliancen/agenda-sections/vision/revisions";
    let (status, public) = a.get(path, None).await;
    assert_eq!(status, 200, "{public}");
    let numbers: Vec<i64> = public.as_array().unwrap().iter().map(|r| r["number"].as_i64().unwrap()).collect();
    assert_eq!(numbers, [2, 1], "newest first");
    assert_eq!(public[0]["body"], "Alle børn trives.\nOgså i fritiden.");
    assert_eq!(public[0]["author"], Value::Null, "authors are the alliance's");
    let (_, inside) = a.get(path, Some(&a.member)).await;
    assert_eq!(inside[0]["author"], "Test sekretariat");
    assert_eq!(a.get("/initiatives/alliancen/agenda-sections/drømme/revisions", None).await.0, 404);

    let path = "/initiatives/alliancen/agenda-sections/vision/comments";
    assert_eq!(a.get(path, None).await.0, 401);
    assert_eq!(a.get(path, Some(&a.outsider)).await.0, 403);
    let (status, comments) = a.get(path, Some(&a.member)).await;
    assert_eq!(status, 200, "{comments}");
    assert_eq!(comments.as_array().unwrap().len(), 1);
    assert_eq!((comments[0]["body"].as_str(), comments[0]["revision"].as_i64()), (Some("Godt formuleret"), Some(2)));
    assert_eq!(comments[0]["author"], "Test medlem");
}
