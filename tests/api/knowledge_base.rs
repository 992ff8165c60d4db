//! The knowledge base: revisions of each section, their history, comments and support.

use crate::helpers::*;
use crate::meetings::{alliance, signed_in};
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn the_knowledge_base_keeps_every_revision_and_counts_support() {
    let app = spawn_app().await;
    let (backbone, member) = alliance(&app).await;
    let c = app.client();
    // the profile's statement becomes the section's first revision
    signed_in(&app, "sekretariat@example.dk")
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
    let (_, sections) = c.get_json("/api/v1/initiatives/alliancen/agenda-sections", None).await;
    let vision = sections.as_array().unwrap().iter().find(|s| s["kind"] == "vision").unwrap().clone();
    assert_eq!((vision["revision"].as_i64(), vision["body"].as_str()), (Some(1), Some("Alle børn trives.")));

    // a revision through the API: kept as number 2, and the initiative shows the new text
    let put = |token: &str, kind: &str, body: Value| {
        let (c, token, path) = (&c, token.to_owned(), format!("/api/v1/initiatives/alliancen/agenda-sections/{kind}"));
        async move { c.send_json(Method::PATCH, &path, Some(&token), &body).await }
    };
    let (status, revised) =
        put(&backbone, "vision", json!({"body": "Alle børn trives.\nOgså i fritiden.", "note": "Fritiden med"})).await;
    assert_eq!(status, 200, "{revised}");
    assert_eq!(revised["revision"], 2);
    assert!(revised["id"].is_i64());
    let (_, i) = c.get_json("/api/v1/initiatives/alliancen", None).await;
    assert_eq!(i["vision"], "Alle børn trives.\nOgså i fritiden.");
    assert_eq!(put(&backbone, "vision", json!({"body": " "})).await.1["fields"]["body"], "required");
    assert_eq!(put(&member, "vision", json!({"body": "Mit forslag"})).await.0, 403);
    assert_eq!(put(&backbone, "drømme", json!({"body": "x"})).await.0, 404);
    let (status, strategies) =
        put(&backbone, "strategies", json!({"body": "Fem spor", "sources": "Rapport 2024"})).await;
    assert_eq!((status.as_u16(), strategies["revision"].as_i64()), (200, Some(1)));

    // the history shows both versions, what changed, and an old version in full
    let history = app.client().get("/initiativer/alliancen/vidensgrundlag/vision/historik").await.body;
    assert!(history.contains("Version 2") && history.contains("Version 1") && history.contains("Fritiden med"));
    assert!(history.contains("<ins>") && history.contains("Også i fritiden."));
    let old = app.client().get("/initiativer/alliancen/vidensgrundlag/vision/historik?version=1").await.body;
    assert!(old.contains("h-shown"));
    assert_eq!(app.client().get("/initiativer/alliancen/vidensgrundlag/vision/historik?version=9").await.status, 404);

    // members comment and support, once each; support can be withdrawn
    let m = app.client();
    m.login("medlem@example.dk", PASSWORD).await;
    let bad = m.post("/initiativer/alliancen/vidensgrundlag/vision/kommentarer", &[("comment", "  ")]).await;
    assert_eq!(bad.status, 422);
    m.post("/initiativer/alliancen/vidensgrundlag/vision/kommentarer", &[("comment", "Husk de unge over 18")])
        .await
        .assert_redirect("/initiativer/alliancen/vidensgrundlag#section-vision");
    for _ in 0..2 {
        m.post("/initiativer/alliancen/vidensgrundlag/vision/stoette", &[("support", "1")]).await;
    }
    let supporters = || async {
        let (_, s) = app.client().get_json("/api/v1/initiatives/alliancen/agenda-sections", None).await;
        s.as_array().unwrap().iter().find(|s| s["kind"] == "vision").unwrap()["supporters"].as_u64().unwrap()
    };
    assert_eq!(supporters().await, 1, "one mark per person");
    let page = m.get("/initiativer/alliancen/vidensgrundlag").await.body;
    assert!(page.contains("Husk de unge over 18") && page.contains("Træk støtten til Vision tilbage"));
    assert!(page.contains("Test sekretariat") && page.contains("Test medlem"), "the alliance sees who wrote what");
    let public = app.client().get("/initiativer/alliancen/vidensgrundlag").await.body;
    assert!(
        public.contains("Også i fritiden.") && !public.contains("Husk de unge over 18"),
        "comments stay in the alliance"
    );
    assert!(!public.contains("Test sekretariat"), "and so do the authors' names");
    m.post("/initiativer/alliancen/vidensgrundlag/vision/stoette", &[("support", "0")]).await;
    assert_eq!(supporters().await, 0);
    // a stranger may not comment
    let stranger = app.logged_in("fremmed@example.dk", false).await;
    assert_eq!(
        stranger.post("/initiativer/alliancen/vidensgrundlag/vision/kommentarer", &[("comment", "Hej")]).await.status,
        403
    );
}
