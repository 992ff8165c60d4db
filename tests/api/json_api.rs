//! The JSON API: public reads, token writes, validation, and the OpenAPI document.

use crate::helpers::*;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn public_reads_hide_private_initiatives() {
    let app = spawn_app().await;
    initiative(&app, "offentlig", true).await;
    initiative(&app, "privat", false).await;
    organisation(&app, "klub").await;
    let c = app.client();
    let (status, list) = c.get_json("/api/v1/initiatives", None).await;
    assert_eq!(status, 200);
    let slugs: Vec<_> = list.as_array().unwrap().iter().map(|i| i["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, ["offentlig"]);
    assert!(list[0]["name"].is_string());
    assert_eq!(c.get_json("/api/v1/initiatives/privat", None).await.0, 404);
    let (_, orgs) = c.get_json("/api/v1/organisations", None).await;
    assert_eq!(orgs[0]["slug"], "klub");
    assert_eq!(orgs[0]["name"], "Organisation klub");
    // an admin's token sees the private one too
    app.user("admin@example.dk", true).await;
    let token = app.api_token("admin@example.dk").await;
    assert_eq!(c.get_json("/api/v1/initiatives", Some(&token)).await.1.as_array().unwrap().len(), 2);
    assert_eq!(c.get_json("/api/v1/initiatives", Some("forkert-token")).await.0, 401);
}

#[tokio::test]
async fn writes_need_a_token_with_the_right_role() {
    let app = spawn_app().await;
    app.user("admin@example.dk", true).await;
    app.user("bruger@example.dk", false).await;
    let admin = app.api_token("admin@example.dk").await;
    let user = app.api_token("bruger@example.dk").await;
    let c = app.client();
    let body = json!({"name": "API-initiativ", "municipalities": ["0101", "0851"], "starts_on": "2026-01-01", "is_public": true});
    assert_eq!(c.send_json(Method::POST, "/api/v1/initiatives", None, &body).await.0, 401);
    assert_eq!(c.send_json(Method::POST, "/api/v1/initiatives", Some(&user), &body).await.0, 403);
    let (status, created) = c.send_json(Method::POST, "/api/v1/initiatives", Some(&admin), &body).await;
    assert_eq!(status, 201);
    assert_eq!(created["slug"], "api-initiativ");
    assert_eq!(created["municipalities"], json!(["0101", "0851"]));

    let (status, errors) = c
        .send_json(Method::POST, "/api/v1/initiatives", Some(&admin), &json!({"name": "", "municipalities": ["1234"]}))
        .await;
    assert_eq!(status, 422);
    assert_eq!(errors["fields"]["name"], "required");
    assert_eq!(errors["fields"]["municipalities"], "unknown-municipality");
    assert_eq!(errors["messages"]["name"], "Udfyld feltet.");
    let (status, errors) = c.send_json(Method::POST, "/api/v1/initiatives", Some(&admin), &body).await;
    assert_eq!(status, 422);
    assert_eq!(errors["fields"]["slug"], "taken");

    let (status, org) = c
        .send_json(
            Method::POST,
            "/api/v1/organisations",
            Some(&admin),
            &json!({"name": "Klubben", "sector": "association", "municipality_code": "0101"}),
        )
        .await;
    assert_eq!(status, 201, "{org}");
    let (status, m) = c
        .send_json(
            Method::POST,
            "/api/v1/initiatives/api-initiativ/memberships",
            Some(&admin),
            &json!({"organisation": "klubben", "role": "vice_chair", "starts_on": "2026-02-01"}),
        )
        .await;
    assert_eq!(status, 201, "{m}");
    let id = m["id"].as_i64().unwrap();
    let (status, ended) = c
        .send_json(
            Method::POST,
            &format!("/api/v1/initiatives/api-initiativ/memberships/{id}/end"),
            Some(&admin),
            &json!({"ends_on": "2026-12-31", "reason": "Udtrådt"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(ended["ends_on"], "2026-12-31");
    let (_, list) = c.get_json("/api/v1/initiatives/api-initiativ/memberships", None).await;
    assert_eq!(list[0]["organisation"], "klubben");
    assert_eq!(list[0]["end_reason"], "Udtrådt");

    let (status, updated) = c
        .send_json(
            Method::PUT,
            "/api/v1/initiatives/api-initiativ",
            Some(&admin),
            &json!({"name": "Nyt navn", "slug": "api-initiativ", "is_public": true}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(updated["name"], "Nyt navn");
}

#[tokio::test]
async fn openapi_document_lists_the_operations() {
    let app = spawn_app().await;
    let (status, doc) = app.client().get_json("/api/v1/openapi.json", None).await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/initiatives",
        "/api/v1/initiatives/{slug}",
        "/api/v1/organisations",
        "/api/v1/organisations/{slug}",
        "/api/v1/initiatives/{slug}/memberships",
        "/api/v1/initiatives/{slug}/memberships/{id}/end",
        "/api/v1/geocode",
        "/api/v1/municipalities",
    ] {
        assert!(paths.contains_key(path), "{path} missing from {:?}", paths.keys());
    }
    assert!(doc["components"]["schemas"]["InitiativeInput"].is_object());
}

#[tokio::test]
async fn geocoder_and_municipalities() {
    let app = spawn_app().await;
    let c = app.client();
    let (_, places) = c.get_json("/api/v1/geocode?q=8000", None).await;
    assert_eq!(places[0]["label"], "8000 Aarhus C");
    assert_eq!(places[0]["municipality_code"], "0751");
    let (_, places) = c.get_json("/api/v1/geocode?q=Skagen", None).await;
    assert_eq!(places[0]["municipality_code"], "0813");
    let (_, all) = c.get_json("/api/v1/municipalities", None).await;
    assert_eq!(all.as_array().unwrap().len(), 98);
}
