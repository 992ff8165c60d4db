//! The OpenAPI document: valid OpenAPI 3.1 by a real validator, operations named once each,
//! every response described, and any change to it reviewed against the committed snapshot.

use crate::helpers::*;
use reqwest::Method;
use serde_json::json;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

const SNAPSHOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/api/openapi.json");

async fn document() -> serde_json::Value {
    let app = spawn_app().await;
    let (status, doc) = app.client().get_json("/api/v1/openapi.json", None).await;
    assert_eq!(status, 200);
    doc
}

fn operations(doc: &serde_json::Value) -> Vec<(String, &serde_json::Value)> {
    let mut all = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            all.push((format!("{method} {path}"), op));
        }
    }
    all
}

#[tokio::test]
async fn every_operation_has_a_unique_camel_case_id_and_every_response_a_description() {
    let doc = document().await;
    let mut ids = BTreeSet::new();
    for (name, op) in operations(&doc) {
        let id = op["operationId"].as_str().unwrap_or_else(|| panic!("{name} has no operationId"));
        assert!(
            id.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && id.chars().all(|c| c.is_ascii_alphanumeric()),
            "{name}: operationId {id} is not camelCase"
        );
        assert!(ids.insert(id.to_owned()), "operationId {id} repeats ({name})");
        for (status, response) in op["responses"].as_object().unwrap() {
            assert!(
                response["description"].as_str().is_some_and(|d| !d.is_empty()),
                "{name} {status} has no description"
            );
        }
    }
}

/// The Python validator from `scripts/api-tools` (openapi-spec-validator), or `None` outside CI
/// when it is not installed.
fn validator() -> Option<PathBuf> {
    let python = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/api-tools/bin/python"));
    let installed = python.exists()
        && Command::new(&python).args(["-c", "import openapi_spec_validator"]).status().is_ok_and(|s| s.success());
    if installed {
        return Some(python);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "openapi-spec-validator is missing: scripts/api-tools installs it into target/api-tools"
    );
    eprintln!("SKIPPED: openapi-spec-validator is not installed; run scripts/api-tools");
    None
}

#[tokio::test]
async fn the_document_is_valid_openapi_3_1() {
    let doc = document().await;
    assert_eq!(doc["openapi"], "3.1.0");
    let Some(python) = validator() else { return };
    let file = std::env::temp_dir().join(format!("{}.json", unique("openapi")));
    std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();
    let out = Command::new(python).args(["-m", "openapi_spec_validator"]).arg(&file).output().unwrap();
    std::fs::remove_file(&file).ok();
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

/// Set `UPDATE_OPENAPI=1` to write the snapshot after reviewing the change.
#[tokio::test]
async fn the_document_matches_its_snapshot() {
    let doc = document().await;
    let text = serde_json::to_string_pretty(&doc).unwrap() + "\n";
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(SNAPSHOT, &text).unwrap();
    }
    let committed = std::fs::read_to_string(SNAPSHOT).unwrap_or_default();
    assert!(committed == text, "the OpenAPI document changed: review it and rerun with UPDATE_OPENAPI=1");
}

fn query_parameter<'a>(doc: &'a serde_json::Value, path: &str, name: &str) -> &'a serde_json::Value {
    let params = doc["paths"][path]["get"]["parameters"].as_array().unwrap();
    let param = params.iter().find(|p| p["name"] == name).unwrap_or_else(|| panic!("{path} has no {name}"));
    &param["schema"]
}

/// Integers are documented with the bound the server enforces, so a number the document allows
/// is accepted and one beyond it is refused (before, `page` was a u64 documented as int64).
#[tokio::test]
async fn paging_numbers_beyond_their_documented_maximum_are_refused() {
    let app = spawn_app().await;
    let (_, doc) = app.client().get_json("/api/v1/openapi.json", None).await;
    let max =
        query_parameter(&doc, "/api/v1/organisations", "page")["maximum"].as_u64().expect("page states its maximum");
    let (allowed, _) = app.client().get_json(&format!("/api/v1/organisations?page={max}"), None).await;
    assert_eq!(allowed, 200);
    let (beyond, _) = app.client().get_json(&format!("/api/v1/organisations?page={}", max + 1), None).await;
    assert_eq!(beyond, 400);
    let (huge, _) = app.client().get_json("/api/v1/organisations?page=9223372036854775808", None).await;
    assert_eq!(huge, 400);
    let max = query_parameter(&doc, "/api/v1/geocode", "limit")["maximum"].as_u64().expect("limit states its maximum");
    let (allowed, places) = app.client().get_json(&format!("/api/v1/geocode?q=Aarhus&limit={max}"), None).await;
    assert_eq!((allowed.as_u16(), places.as_array().unwrap().len() <= 50), (200, true));
    let (beyond, _) = app.client().get_json(&format!("/api/v1/geocode?q=Aarhus&limit={}", max + 1), None).await;
    assert_eq!(beyond, 400);
}

/// A theme filter the document allows is accepted: the document lists the theme codes.
#[tokio::test]
async fn theme_filters_are_documented_as_the_theme_codes() {
    let doc = document().await;
    let themes: Vec<&str> = rygrad_domain::meal::THEMES.to_vec();
    for path in ["/api/v1/meals", "/api/v1/meal-clusters"] {
        let listed: Vec<&str> = query_parameter(&doc, path, "theme")["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("{path}: theme lists no codes"))
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(listed, themes, "{path}");
    }
}

/// A new organisation's document says what the domain refuses: a blank name, a missing or
/// unknown sector.
#[tokio::test]
async fn a_new_organisation_is_documented_with_its_required_name_and_sector_codes() {
    let doc = document().await;
    let input = &doc["components"]["schemas"]["OrganisationInput"];
    let required: Vec<&str> = input["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(required, ["name", "sector"]);
    assert_eq!(input["properties"]["name"]["pattern"], rygrad_domain::text::required_line_pattern(160));
    let codes: Vec<&str> = rygrad_domain::organisation::Sector::ALL.iter().map(|s| s.code()).collect();
    assert_eq!(input["properties"]["sector"]["enum"], serde_json::json!(codes));
}

/// A documented range holds whether or not the rest of the query uses the value.
#[tokio::test]
async fn a_radius_out_of_its_range_is_refused_even_without_a_point() {
    let app = spawn_app().await;
    let (status, errors) = app.client().get_json("/api/v1/meals?radius_km=-1", None).await;
    assert_eq!((status.as_u16(), errors["fields"]["radius_km"].as_str()), (422, Some("number-range")));
}

/// A taken slug is a conflict with another record, not invalid input: 409, with the field named.
#[tokio::test]
async fn a_taken_slug_is_a_conflict() {
    let app = spawn_app().await;
    app.user("admin@example.dk", true).await;
    let token = app.api_token("admin@example.dk").await;
    let c = app.client();
    let org = json!({"name": "Klubben", "slug": "klubben", "sector": "association"});
    assert_eq!(c.send_json(Method::POST, "/api/v1/organisations", Some(&token), &org).await.0, 201);
    let (status, errors) = c.send_json(Method::POST, "/api/v1/organisations", Some(&token), &org).await;
    assert_eq!((status.as_u16(), errors["fields"]["slug"].as_str()), (409, Some("taken")));
    let other = json!({"name": "Andre", "slug": "andre", "sector": "association"});
    assert_eq!(c.send_json(Method::POST, "/api/v1/organisations", Some(&token), &other).await.0, 201);
    let (status, _) =
        c.send_json(Method::PATCH, "/api/v1/organisations/andre", Some(&token), &json!({"slug": "klubben"})).await;
    assert_eq!(status, 409);
}

/// Reads that are only for an alliance's people answer 401 without a token, as the document
/// says, before anything is looked up.
#[tokio::test]
async fn reads_for_an_alliances_people_need_a_token() {
    let app = spawn_app().await;
    initiative(&app, "aaben", true).await;
    for path in [
        "/api/v1/initiatives/aaben/audit-log",
        "/api/v1/initiatives/aaben/invitations",
        "/api/v1/initiatives/aaben/agenda-sections/vision/comments",
        "/api/v1/initiatives/findes-ikke/audit-log",
    ] {
        assert_eq!(app.client().get_json(path, None).await.0, 401, "{path}");
    }
}

/// A path whose id cannot be read names no resource: 404, like an id that does not exist.
#[tokio::test]
async fn an_unreadable_id_in_a_path_is_not_found() {
    let app = spawn_app().await;
    for path in ["/api/v1/meals/abc", "/api/v1/meals/5.0", "/api/v1/meetings/99999999999999999999"] {
        assert_eq!(app.client().get_json(path, None).await.0, 404, "{path}");
    }
}
