//! The common agenda: the goal hierarchy and tracks, and deleting, archiving and re-linking goals,
//! through the API and the workspace page.

use crate::helpers::*;
use reqwest::Method;
use serde_json::{Value, json};

/// Makes sekretariat@example.dk backbone staff of the initiative.
async fn secretariat(app: &TestApp, initiative_id: i64) {
    use rygrad_domain::invitation::InitiativeRole::Backbone;
    let user = app.user("sekretariat@example.dk", false).await;
    app.store.grant_role(initiative_id, user, Backbone, None, &rygrad_store::AuditActor::system()).await.unwrap();
}

#[tokio::test]
async fn goals_form_a_tree_without_cycles() {
    let app = spawn_app().await;
    let own = initiative(&app, "alliancen", true).await;
    initiative(&app, "anden", true).await;
    organisation(&app, "skolen").await;
    secretariat(&app, own).await;
    let token = app.api_token("sekretariat@example.dk").await;
    let c = app.client();
    let create = |slug: &'static str, body: Value| {
        let (c, token) = (&c, token.clone());
        async move { c.send_json(Method::POST, &format!("/api/v1/initiatives/{slug}/goals"), Some(&token), &body).await }
    };
    let (status, vision) = create("alliancen", json!({"title": "Alle børn trives"})).await;
    assert_eq!(status, 201, "{vision}");
    assert_eq!(vision["level"], "vision");
    let (_, long) =
        create("alliancen", json!({"title": "Færre børn føler sig ensomme", "parent_id": vision["id"]})).await;
    assert_eq!(long["level"], "long_term", "one level below its parent");
    assert_eq!(long["parent_id"], vision["id"]);
    let (_, target) =
        create("alliancen", json!({"title": "20 nye fritidstilbud", "parent_id": long["id"], "level": "target"})).await;
    assert!(target["id"].is_i64());

    // the vision under its own grandchild: refused
    let (status, errors) = c
        .send_json(
            Method::PATCH,
            &format!("/api/v1/goals/{}", vision["id"]),
            Some(&token),
            &json!({"title": "Alle børn trives", "parent_id": target["id"]}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(errors["fields"]["parent_id"], "goal-cycle");
    // moving the target up under the vision is fine
    let (status, moved) = c
        .send_json(
            Method::PATCH,
            &format!("/api/v1/goals/{}", target["id"]),
            Some(&token),
            &json!({"title": "20 nye fritidstilbud", "parent_id": vision["id"]}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(moved["parent_id"], vision["id"]);
    // a parent of another initiative: refused; another initiative's goals: forbidden
    app.user("admin@example.dk", true).await;
    let admin = app.api_token("admin@example.dk").await;
    let (_, foreign) =
        c.send_json(Method::POST, "/api/v1/initiatives/anden/goals", Some(&admin), &json!({"title": "Andet"})).await;
    let (status, errors) = create("alliancen", json!({"title": "Snyd", "parent_id": foreign["id"]})).await;
    assert_eq!(status, 422);
    assert_eq!(errors["fields"]["parent_id"], "goal-unknown-parent");
    assert_eq!(create("anden", json!({"title": "Ikke mit"})).await.0, 403);
    let (status, errors) =
        create("alliancen", json!({"title": "", "starts_on": "2027-01-01", "ends_on": "2026-01-01"})).await;
    assert_eq!(status, 422);
    assert_eq!(errors["fields"]["title"], "required");
    assert_eq!(errors["fields"]["ends_on"], "end-before-start");

    let (status, track) = c
        .send_json(
            Method::POST,
            "/api/v1/initiatives/alliancen/tracks",
            Some(&token),
            &json!({"title": "Fritid for alle", "lead_organisation": "skolen"}),
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(track["lead_organisation"], "skolen");

    // the workspace page shows the outline in order, and the log names the changes
    let page = app.client().get("/initiativer/alliancen/maal").await.body;
    let (a, b, t) = (
        page.find("Alle børn trives").unwrap(),
        page.find("Færre børn").unwrap(),
        page.find("Fritid for alle").unwrap(),
    );
    assert!(a < b && b < t, "vision, then its goals, then the tracks");
    assert!(page.contains("depth-1"));
    let (_, list) = c.get_json("/api/v1/initiatives/alliancen/goals", None).await;
    assert_eq!(list.as_array().unwrap().len(), 3);
    let (_, doc) = c.get_json("/api/v1/openapi.json", None).await;
    let text = doc.to_string();
    for id in ["createGoal", "updateGoal", "createTrack"] {
        assert!(text.contains(&format!("\"operationId\":\"{id}\"")), "{id}");
    }
}

#[tokio::test]
async fn backbone_adds_goals_and_tracks_in_the_browser_form() {
    let app = spawn_app().await;
    let own = initiative(&app, "alliancen", true).await;
    secretariat(&app, own).await;
    let c = app.client();
    c.login("sekretariat@example.dk", PASSWORD).await;
    c.post("/initiativer/alliancen/maal", &[("title", "Vision"), ("parent_id", "")])
        .await
        .assert_redirect("/initiativer/alliancen/maal");
    let bad =
        c.post("/initiativer/alliancen/maal", &[("title", ""), ("description", "Behold"), ("parent_id", "999")]).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains(">Behold</textarea>"));
    let bad_track =
        c.post("/initiativer/alliancen/spor", &[("title", "Spor"), ("lead_organisation", "findes-ikke")]).await;
    assert_eq!(bad_track.status, 422);
    assert!(bad_track.body.contains("Organisationen findes ikke"));
    c.post("/initiativer/alliancen/spor", &[("title", "Spor 1")]).await.assert_redirect("/initiativer/alliancen/maal");
    assert_eq!(
        app.logged_in("fremmed@example.dk", false)
            .await
            .post("/initiativer/alliancen/maal", &[("title", "X")])
            .await
            .status,
        403
    );
    let log = c.get("/initiativer/alliancen/log").await.body;
    assert!(log.contains("mål") && log.contains("spor"));
}

#[tokio::test]
async fn a_track_lead_is_chosen_by_name_from_the_alliance() {
    let app = spawn_app().await;
    let own = initiative(&app, "alliancen", true).await;
    secretariat(&app, own).await;
    for slug in ["skolen", "klubben"] {
        member_organisation(&app, own, slug, "2025-01-01").await;
    }
    organisation(&app, "udenfor").await;
    let c = app.client();
    c.login("sekretariat@example.dk", PASSWORD).await;

    let page = c.get("/initiativer/alliancen/maal").await.body;
    assert!(page.contains(r#"<select id="f-track-lead_organisation" name="lead_organisation""#), "{page}");
    assert!(page.contains(r#"<option value="klubben">Organisation klubben</option>"#), "{page}");
    assert!(!page.contains("Organisation udenfor"), "only the alliance's members are offered");
    assert!(page.find("Organisation klubben") < page.find("Organisation skolen"), "sorted by name");

    let bad = c
        .post("/initiativer/alliancen/spor", &[("title", "Behold titlen"), ("lead_organisation", "findes-ikke")])
        .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body.contains(r#"<p class="error" id="f-track-lead_organisation-error">Organisationen findes ikke"#),
        "{}",
        bad.body
    );
    assert!(
        bad.body.contains(r#"aria-describedby="f-track-lead_organisation-error""#)
            && bad.body.contains("Behold titlen")
    );

    c.post("/initiativer/alliancen/spor", &[("title", "Bevægelse"), ("lead_organisation", "skolen")])
        .await
        .assert_redirect("/initiativer/alliancen/maal");
    let tracks = app.store.tracks_of(own).await.unwrap();
    let skolen = app.store.organisation_by_slug("skolen").await.unwrap().unwrap();
    assert_eq!(tracks[0].lead_organisation_id, Some(skolen.id));
}

#[tokio::test]
async fn a_goal_others_point_at_is_not_deleted_but_moved_or_archived() {
    let app = spawn_app().await;
    let (backbone, _) = crate::meetings::alliance(&app).await;
    let c = app.client();
    let create = |body: Value| {
        let (c, token) = (&c, backbone.clone());
        async move { c.send_json(Method::POST, "/api/v1/initiatives/alliancen/goals", Some(&token), &body).await.1 }
    };
    let vision = create(json!({"title": "Alle børn trives"})).await;
    let long = create(json!({"title": "Færre ensomme børn", "parent_id": vision["id"]})).await;
    let target = create(json!({"title": "20 nye klubber", "parent_id": long["id"]})).await;
    let other = create(json!({"title": "Flere i foreningslivet", "parent_id": vision["id"]})).await;
    let send = |method: Method, path: String, body: Value| {
        let (c, token) = (&c, backbone.clone());
        async move { c.send_json(method, &path, Some(&token), &body).await }
    };

    let (status, refused) = send(Method::DELETE, format!("/api/v1/goals/{}", long["id"]), json!({})).await;
    assert_eq!(status, 409, "{refused}");
    assert_eq!((refused["error"].as_str(), refused["child_goals"].as_u64()), (Some("goal-has-dependants"), Some(1)));
    // re-linking under its own child would make a cycle
    let (status, errors) =
        send(Method::POST, format!("/api/v1/goals/{}/relink", long["id"]), json!({"to": target["id"]})).await;
    assert_eq!((status.as_u16(), errors["fields"]["parent_id"].as_str()), (422, Some("goal-cycle")));
    let (status, moved) =
        send(Method::POST, format!("/api/v1/goals/{}/relink", long["id"]), json!({"to": other["id"]})).await;
    assert_eq!((status.as_u16(), moved["moved"].as_u64()), (200, Some(1)));
    assert_eq!(send(Method::DELETE, format!("/api/v1/goals/{}", long["id"]), json!({})).await.0, 204);
    let (_, goals) = c.get_json("/api/v1/initiatives/alliancen/goals", None).await;
    let target_now = goals.as_array().unwrap().iter().find(|g| g["id"] == target["id"]).unwrap().clone();
    assert_eq!(target_now["parent_id"], other["id"], "nothing is lost");

    // in the browser: the refusal says what to do, archiving keeps the goal findable
    let b = app.client();
    b.login("sekretariat@example.dk", PASSWORD).await;
    let page = b.post(&format!("/initiativer/alliancen/maal/{}/slet", other["id"]), &[]).await;
    assert_eq!(page.status, 409);
    assert!(page.body.contains("kan ikke slettes, fordi 1 delmål peger på det"), "{}", page.body);
    assert!(page.body.contains("Flyt delmålene under"));
    let tree = app.client().get("/initiativer/alliancen/maal").await.body;
    assert_eq!(
        tree.matches("<details open class=\"goal-node\">").count(),
        2,
        "the vision and its goal with a sub-goal fold"
    );
    assert_eq!(tree.matches("</ul></details></li>").count(), 2, "every fold is closed");
    b.post(&format!("/initiativer/alliancen/maal/{}/arkiv", other["id"]), &[("archived", "1")]).await;
    let (_, archived) = c.get_json("/api/v1/initiatives/alliancen/goals?archived=true", None).await;
    assert_eq!(archived[0]["title"], "Flere i foreningslivet");
    let agenda = app.client().get("/initiativer/alliancen/maal?arkiverede=1").await.body;
    assert!(agenda.contains("Arkiverede mål") && agenda.contains("Flere i foreningslivet"));
    let (status, _) = c.send_json(Method::DELETE, &format!("/api/v1/goals/{}", target["id"]), None, &json!({})).await;
    assert_eq!(status, 401);
}
