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
    assert_eq!(status, 409);
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
            Method::PATCH,
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

#[tokio::test]
async fn patching_an_initiative_with_only_its_name_keeps_everything_else() {
    let app = spawn_app().await;
    app.user("admin@example.dk", true).await;
    let admin = app.api_token("admin@example.dk").await;
    let c = app.client();
    let full = json!({"name": "Fuld", "slug": "fuld", "problem_statement": "Problemet", "vision": "Visionen",
        "guiding_principles": "Principperne", "municipalities": ["0101"], "starts_on": "2026-01-01",
        "ends_on": "2027-12-31", "is_public": true});
    assert_eq!(c.send_json(Method::POST, "/api/v1/initiatives", Some(&admin), &full).await.0, 201);
    let (status, patched) =
        c.send_json(Method::PATCH, "/api/v1/initiatives/fuld", Some(&admin), &json!({"name": "Nyt navn"})).await;
    assert_eq!(status, 200, "{patched}");
    let mut expected = full.clone();
    expected["name"] = json!("Nyt navn");
    for (field, value) in expected.as_object().unwrap() {
        assert_eq!(&patched[field], value, "{field}");
    }
    // null empties a field that may be empty, and is refused where a value is required
    let (_, cleared) =
        c.send_json(Method::PATCH, "/api/v1/initiatives/fuld", Some(&admin), &json!({"ends_on": null})).await;
    assert_eq!((cleared["ends_on"].clone(), cleared["vision"].clone()), (json!(null), json!("Visionen")));
    let (status, errors) =
        c.send_json(Method::PATCH, "/api/v1/initiatives/fuld", Some(&admin), &json!({"name": null})).await;
    assert_eq!((status.as_u16(), errors["fields"]["name"].clone()), (422, json!("required")));
    assert_eq!(c.send_json(Method::PATCH, "/api/v1/initiatives/fuld", Some(&admin), &json!(["x"])).await.0, 400);
    assert_eq!(c.send_json(Method::PUT, "/api/v1/initiatives/fuld", Some(&admin), &full).await.0, 405);

    let org = json!({"name": "Klubben", "sector": "association", "municipality_code": "0101", "website": "https://klubben.dk"});
    assert_eq!(c.send_json(Method::POST, "/api/v1/organisations", Some(&admin), &org).await.0, 201);
    let (status, patched) =
        c.send_json(Method::PATCH, "/api/v1/organisations/klubben", Some(&admin), &json!({"description": "Ny"})).await;
    assert_eq!(status, 200, "{patched}");
    assert_eq!(
        (
            patched["name"].as_str(),
            patched["sector"].as_str(),
            patched["website"].as_str(),
            patched["description"].as_str()
        ),
        (Some("Klubben"), Some("association"), Some("https://klubben.dk"), Some("Ny"))
    );
}

#[tokio::test]
async fn a_hidden_meal_answers_exactly_like_a_missing_one() {
    let app = spawn_app().await;
    app.user("vaert@example.dk", false).await;
    let token = app.api_token("vaert@example.dk").await;
    let c = app.client();
    let starts = meal_start(5);
    let body = json!({"title": "Skjult måltid", "starts_at": starts.to_rfc3339(),
        "ends_at": (starts + chrono::Duration::hours(3)).to_rfc3339(), "postal_code": "9990", "capacity": 4});
    let (status, created) = c.send_json(Method::POST, "/api/v1/meals", Some(&token), &body).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    let (status, meal) = c.get_json(&format!("/api/v1/meals/{id}"), None).await;
    assert_eq!(status, 200);
    assert_eq!((meal["title"].as_str(), meal["seats_left"].as_i64()), (Some("Skjult måltid"), Some(4)));
    assert!(meal.get("host_email").is_none() && meal.get("guests").is_none());

    app.store.set_meal_status(id, rygrad_domain::meal::MealStatus::Hidden).await.unwrap();
    let guest = json!({"name": "Gæst", "email": "gaest@example.dk", "party_size": 1});
    let missing = id + 1000;
    let hidden_signup = c.send_json(Method::POST, &format!("/api/v1/meals/{id}/signups"), None, &guest).await;
    let missing_signup = c.send_json(Method::POST, &format!("/api/v1/meals/{missing}/signups"), None, &guest).await;
    assert_eq!(hidden_signup.0, 404);
    assert_eq!(hidden_signup, missing_signup);
    let hidden_read = c.get_json(&format!("/api/v1/meals/{id}"), None).await;
    assert_eq!(hidden_read.0, 404);
    assert_eq!(hidden_read, c.get_json(&format!("/api/v1/meals/{missing}"), None).await);
    // its host still sees it
    assert_eq!(c.get_json(&format!("/api/v1/meals/{id}"), Some(&token)).await.0, 200);
}

#[tokio::test]
async fn upcoming_public_meals_are_open_data_without_personal_data() {
    let app = spawn_app().await;
    app.user("vaert@example.dk", false).await;
    let token = app.api_token("vaert@example.dk").await;
    let c = app.client();
    let starts = meal_start(3);
    let meal = |title: &str| {
        json!({"title": title, "starts_at": starts.to_rfc3339(), "ends_at": (starts + chrono::Duration::hours(2)).to_rfc3339(),
            "postal_code": "8000", "capacity": 6, "address": "Hemmeligvej 7"})
    };
    let (_, shown) = c.send_json(Method::POST, "/api/v1/meals", Some(&token), &meal("Åbent bord")).await;
    let (_, hidden) = c.send_json(Method::POST, "/api/v1/meals", Some(&token), &meal("Skjult bord")).await;
    app.store.set_meal_status(hidden["id"].as_i64().unwrap(), rygrad_domain::meal::MealStatus::Hidden).await.unwrap();
    c.send_json(
        Method::POST,
        &format!("/api/v1/meals/{}/signups", shown["id"]),
        None,
        &json!({"name": "Gæst Gæstesen", "email": "gaest@example.dk", "party_size": 2}),
    )
    .await;

    let (status, list) = c.get_json("/api/v1/open-data/meals.json", None).await;
    assert_eq!(status, 200);
    let titles: Vec<_> = list.as_array().unwrap().iter().map(|m| m["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Åbent bord"]);
    assert_eq!((list[0]["seats_left"].as_i64(), list[0]["municipality_code"].as_str()), (Some(4), Some("0751")));
    let response = reqwest::get(format!("{}/api/v1/open-data/meals.csv", app.address)).await.unwrap();
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = response.text().await.unwrap();
    assert!(csv.starts_with("\u{feff}\"id\";\"title\";\"starts_at\""), "{csv}");
    assert!(csv.contains(";\"Åbent bord\";") && !csv.contains("Skjult"));
    for personal in ["vaert@example.dk", "gaest@example.dk", "Gæstesen", "Hemmeligvej"] {
        assert!(!csv.contains(personal) && !list.to_string().contains(personal), "{personal}");
    }
}
