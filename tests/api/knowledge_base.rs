//! The knowledge base: revisions of each section, their history, comments and support.

use crate::helpers::*;
use crate::meetings::{alliance, signed_in};
use reqwest::Method;
use serde_json::{Value, json};

const COMMENTS: &str = "/initiativer/alliancen/vidensgrundlag/vision/kommentarer";
const SUPPORT: &str = "/initiativer/alliancen/vidensgrundlag/vision/stoette";

/// The alliance, whose backbone has written a vision on the initiative's profile; the API tokens
/// of the backbone and the member.
async fn alliance_with_a_vision(app: &TestApp) -> (String, String) {
    let tokens = alliance(app).await;
    signed_in(app, "sekretariat@example.dk")
        .await
        .post(
            "/initiativer/alliancen/rediger",
            &[
                ("name", "Initiativ alliancen"),
                ("slug", "alliancen"),
                ("vision", "Alle børn trives."),
                ("is_public", "true"),
            ],
        )
        .await
        .assert_redirect("/initiativer/alliancen");
    tokens
}

/// PATCHes a section of the alliance's knowledge base through the API.
async fn revise(app: &TestApp, token: &str, kind: &str, body: Value) -> (reqwest::StatusCode, Value) {
    let path = format!("/api/v1/initiatives/alliancen/agenda-sections/{kind}");
    app.client().send_json(Method::PATCH, &path, Some(token), &body).await
}

/// The alliance's vision as the API shows it.
async fn vision(app: &TestApp) -> Value {
    let (_, sections) = app.client().get_json("/api/v1/initiatives/alliancen/agenda-sections", None).await;
    sections.as_array().unwrap().iter().find(|s| s["kind"] == "vision").unwrap().clone()
}

/// The alliance with its vision revised once through the API (to version 2); the tokens.
async fn alliance_with_a_revised_vision(app: &TestApp) -> (String, String) {
    let (backbone, member) = alliance_with_a_vision(app).await;
    let (status, revised) = revise(
        app,
        &backbone,
        "vision",
        json!({"body": "Alle børn trives.\nOgså i fritiden.", "note": "Fritiden med"}),
    )
    .await;
    assert_eq!(status, 200, "{revised}");
    assert_eq!(revised["revision"], 2);
    assert!(revised["id"].is_i64());
    (backbone, member)
}

#[tokio::test]
async fn the_profiles_statement_becomes_the_sections_first_revision() {
    let app = spawn_app().await;
    alliance_with_a_vision(&app).await;
    let vision = vision(&app).await;
    assert_eq!((vision["revision"].as_i64(), vision["body"].as_str()), (Some(1), Some("Alle børn trives.")));
}

#[tokio::test]
async fn a_revision_through_the_api_is_kept_as_the_next_number_and_the_initiative_shows_it() {
    let app = spawn_app().await;
    let (backbone, _) = alliance_with_a_revised_vision(&app).await;
    let (_, i) = app.client().get_json("/api/v1/initiatives/alliancen", None).await;
    assert_eq!(i["vision"], "Alle børn trives.\nOgså i fritiden.");
    let (status, strategies) =
        revise(&app, &backbone, "strategies", json!({"body": "Fem spor", "sources": "Rapport 2024"})).await;
    assert_eq!((status.as_u16(), strategies["revision"].as_i64()), (200, Some(1)));
}

#[tokio::test]
async fn only_the_backbone_revises_a_known_section_and_not_to_nothing() {
    let app = spawn_app().await;
    let (backbone, member) = alliance_with_a_vision(&app).await;
    assert_eq!(revise(&app, &backbone, "vision", json!({"body": " "})).await.1["fields"]["body"], "required");
    assert_eq!(revise(&app, &member, "vision", json!({"body": "Mit forslag"})).await.0, 403);
    assert_eq!(revise(&app, &backbone, "drømme", json!({"body": "x"})).await.0, 404);
}

#[tokio::test]
async fn the_history_shows_every_version_what_changed_and_an_old_version_in_full() {
    let app = spawn_app().await;
    alliance_with_a_revised_vision(&app).await;
    let history = app.client().get("/initiativer/alliancen/vidensgrundlag/vision/historik").await.body;
    assert!(history.contains("Version 2") && history.contains("Version 1") && history.contains("Fritiden med"));
    assert!(history.contains("<ins>") && history.contains("Også i fritiden."));
    let old = app.client().get("/initiativer/alliancen/vidensgrundlag/vision/historik?version=1").await.body;
    assert!(old.contains("h-shown"));
    assert_eq!(app.client().get("/initiativer/alliancen/vidensgrundlag/vision/historik?version=9").await.status, 404);
}

#[tokio::test]
async fn members_comment_and_support_once_each_and_support_can_be_withdrawn() {
    let app = spawn_app().await;
    alliance_with_a_revised_vision(&app).await;
    let m = signed_in(&app, "medlem@example.dk").await;
    assert_eq!(m.post(COMMENTS, &[("comment", "  ")]).await.status, 422);
    m.post(COMMENTS, &[("comment", "Husk de unge over 18")])
        .await
        .assert_redirect("/initiativer/alliancen/vidensgrundlag#section-vision");
    for _ in 0..2 {
        m.post(SUPPORT, &[("support", "1")]).await;
    }
    assert_eq!(vision(&app).await["supporters"].as_u64(), Some(1), "one mark per person");
    let page = m.get("/initiativer/alliancen/vidensgrundlag").await.body;
    assert!(page.contains("Husk de unge over 18") && page.contains("Træk støtten til Vision tilbage"));
    m.post(SUPPORT, &[("support", "0")]).await;
    assert_eq!(vision(&app).await["supporters"].as_u64(), Some(0));
}

#[tokio::test]
async fn comments_and_their_authors_stay_in_the_alliance() {
    let app = spawn_app().await;
    alliance_with_a_revised_vision(&app).await;
    let m = signed_in(&app, "medlem@example.dk").await;
    m.post(COMMENTS, &[("comment", "Husk de unge over 18")]).await;
    let page = m.get("/initiativer/alliancen/vidensgrundlag").await.body;
    assert!(page.contains("Test sekretariat") && page.contains("Test medlem"), "the alliance sees who wrote what");
    let public = app.client().get("/initiativer/alliancen/vidensgrundlag").await.body;
    assert!(
        public.contains("Også i fritiden.") && !public.contains("Husk de unge over 18"),
        "comments stay in the alliance"
    );
    assert!(!public.contains("Test sekretariat"), "and so do the authors' names");
}

#[tokio::test]
async fn a_stranger_may_not_comment() {
    let app = spawn_app().await;
    alliance_with_a_vision(&app).await;
    let stranger = app.logged_in("fremmed@example.dk", false).await;
    assert_eq!(stranger.post(COMMENTS, &[("comment", "Hej")]).await.status, 403);
}
