//! The indicators' pages: the definition form, the initiative's own units, the grid of values
//! with each value's history, and who may use them.

use crate::helpers::*;
use rygrad_domain::indicator::{Period, Unit};
use rygrad_domain::invitation::InitiativeRole;
use rygrad_store::AuditActor;

/// An initiative `alliancen` in Copenhagen (0101) and Aarhus (0751), with a client logged in as
/// its backbone staff: the app, the initiative's id and the client.
async fn alliance() -> (TestApp, i64, Client) {
    let app = spawn_app().await;
    let profile = rygrad_domain::initiative::InitiativeInput {
        name: "Alliancen".into(),
        slug: "alliancen".into(),
        is_public: true,
        municipalities: vec!["0101".into(), "0751".into()],
        ..Default::default()
    }
    .validate()
    .unwrap();
    let id = app.store.create_initiative(&profile, &AuditActor::system()).await.unwrap().id;
    let client = app.logged_in("sekretariat@example.dk", false).await;
    let user = app.store.user_by_email("sekretariat@example.dk").await.unwrap().unwrap().id;
    app.store.grant_role(id, user, InitiativeRole::Backbone, None, &AuditActor::system()).await.unwrap();
    (app, id, client)
}

const NEW: &str = "/initiativer/alliancen/indikatorer/ny";

/// A yearly municipal indicator through the form, with `extra` fields: its id.
async fn create(app: &TestApp, client: &Client, extra: &[(&str, &str)]) -> i64 {
    let mut fields = vec![
        ("name", "Andel børn, der ofte føler sig ensomme"),
        ("unit", "%"),
        ("direction", "down"),
        ("frequency", "year"),
        ("geography", "municipality"),
        ("status_rule", "target_path"),
        ("decimals", "1"),
    ];
    fields.extend_from_slice(extra);
    let page = client.post(NEW, &fields).await;
    page.assert_redirect("/initiativer/alliancen/indikatorer");
    let initiative = app.store.initiative_by_slug("alliancen").await.unwrap().unwrap();
    app.store.indicators_of(initiative.row.id).await.unwrap().last().unwrap().id
}

async fn stored(app: &TestApp, id: i64, unit: &str) -> Vec<(Period, f64, String)> {
    let indicator = app.store.indicator(id).await.unwrap().unwrap();
    let unit = Unit::Municipality(unit.into());
    app.store
        .indicator_series(&indicator, &unit)
        .await
        .unwrap()
        .into_iter()
        .map(|v| (v.period, v.value, v.note))
        .collect()
}

#[tokio::test]
async fn the_form_defines_an_indicator_with_baseline_and_targets_and_the_list_shows_it() {
    let (app, _, client) = alliance().await;
    let id = create(
        &app,
        &client,
        &[
            ("baseline_period", "2021"),
            ("baseline_value", "12,5"),
            ("target_period", "2030"),
            ("target_value", "8"),
            ("target_period", ""),
            ("target_value", ""),
            ("target_period", "2026"),
            ("target_value", "10,25"),
        ],
    )
    .await;
    let indicator = app.store.indicator(id).await.unwrap().unwrap();
    assert_eq!(indicator.baseline, Some((Period::Year(2021), 12.5)));
    assert_eq!(indicator.targets, [(Period::Year(2026), 10.25), (Period::Year(2030), 8.0)]);
    let list = client.get("/initiativer/alliancen/indikatorer").await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains("Andel børn, der ofte føler sig ensomme"), "{}", list.body);
}

#[tokio::test]
async fn a_bad_form_shows_each_error_beside_its_field_and_keeps_what_was_typed() {
    let (app, id, client) = alliance().await;
    let page = client
        .post(
            NEW,
            &[
                ("name", ""),
                ("unit", "%"),
                ("direction", "down"),
                ("frequency", "year"),
                ("geography", "municipality"),
                ("baseline_period", "2021"),
                ("baseline_value", "tolv"),
                ("target_period", "2030K1"),
                ("target_value", "8"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains(r#"id="f-name-error""#), "{}", page.body);
    assert!(page.body.contains(r#"id="f-baseline-error""#));
    assert!(page.body.contains(r#"id="f-targets-error""#));
    assert!(page.body.contains(r#"value="tolv""#), "the typed baseline is kept");
    assert!(page.body.contains(r#"value="2030K1""#), "the typed target is kept");
    assert!(app.store.indicators_of(id).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_edit_form_shows_the_indicator_and_saves_changes() {
    let (app, _, client) = alliance().await;
    let id = create(&app, &client, &[("baseline_period", "2021"), ("baseline_value", "12,5")]).await;
    let edit = format!("/initiativer/alliancen/indikatorer/{id}/rediger");
    let page = client.get(&edit).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"value="12,5""#), "{}", page.body);
    let page = client
        .post(
            &edit,
            &[
                ("name", "Ensomme børn"),
                ("unit", "%"),
                ("direction", "down"),
                ("frequency", "year"),
                ("geography", "municipality"),
            ],
        )
        .await;
    page.assert_redirect("/initiativer/alliancen/indikatorer");
    let indicator = app.store.indicator(id).await.unwrap().unwrap();
    assert_eq!(indicator.name, "Ensomme børn");
    assert_eq!(indicator.baseline, None);
}

#[tokio::test]
async fn deleting_asks_first_and_then_deletes() {
    let (app, initiative, client) = alliance().await;
    let id = create(&app, &client, &[]).await;
    let path = format!("/initiativer/alliancen/indikatorer/{id}/slet");
    let confirm = client.get(&path).await;
    assert_eq!(confirm.status, 200);
    assert!(app.store.indicator(id).await.unwrap().is_some(), "asking deletes nothing");
    client.post(&path, &[]).await.assert_redirect("/initiativer/alliancen/indikatorer");
    assert!(app.store.indicators_of(initiative).await.unwrap().is_empty());
}

#[tokio::test]
async fn own_units_are_added_renamed_and_a_taken_name_is_refused() {
    let (app, id, client) = alliance().await;
    let units = "/initiativer/alliancen/enheder";
    client.post(units, &[("name", "Nordskolen")]).await.assert_redirect(units);
    client.post(units, &[("name", "Sydskolen")]).await.assert_redirect(units);
    let taken = client.post(units, &[("name", "nordskolen")]).await;
    assert_eq!(taken.status, 422);
    let list = app.store.indicator_units_of(id).await.unwrap();
    assert_eq!(list.len(), 2);
    let rename = format!("{units}/{}", list[0].id);
    client.post(&rename, &[("name", "Nordskolen i Byen")]).await.assert_redirect(units);
    let refused = client.post(&rename, &[("name", "Sydskolen")]).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains(&format!(r#"id="f-unit-{}-error""#, list[0].id)), "{}", refused.body);
    assert_eq!(app.store.indicator_unit(list[0].id).await.unwrap().unwrap().name, "Nordskolen i Byen");
}

#[tokio::test]
async fn the_grid_saves_the_changed_cells_with_their_notes() {
    let (app, _, client) = alliance().await;
    let id = create(&app, &client, &[]).await;
    let grid = format!("/initiativer/alliancen/indikatorer/{id}/tal");
    let page = client.get(&format!("{grid}?til=2024")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"name="v-0751-2024""#), "a row per municipality: {}", page.body);
    assert!(page.body.contains(r#"name="v-DK-2017""#), "the country, eight years back");
    let saved = client
        .post(&grid, &[("til", "2024"), ("v-0101-2023", "12,5"), ("n-0101-2023", "Ny metode"), ("v-DK-2024", "10")])
        .await;
    saved.assert_redirect(&format!("{grid}?til=2024"));
    assert_eq!(stored(&app, id, "0101").await, [(Period::Year(2023), 12.5, "Ny metode".to_owned())]);
    let page = client.get(&format!("{grid}?til=2024")).await;
    assert!(page.body.contains(r#"value="12,5""#), "the stored value is shown: {}", page.body);
}

#[tokio::test]
async fn a_bad_cell_saves_nothing_and_is_named_beside_the_cell() {
    let (app, _, client) = alliance().await;
    let id = create(&app, &client, &[]).await;
    let grid = format!("/initiativer/alliancen/indikatorer/{id}/tal");
    let page = client.post(&grid, &[("til", "2024"), ("v-0101-2023", "12,5"), ("v-0751-2023", "tolv")]).await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains(r#"id="v-0751-2023-error""#), "{}", page.body);
    assert!(page.body.contains(r#"value="tolv""#), "what was typed is kept");
    assert!(stored(&app, id, "0101").await.is_empty(), "all or nothing");
}

#[tokio::test]
async fn a_corrected_value_keeps_the_old_one_in_its_history() {
    let (app, _, client) = alliance().await;
    let id = create(&app, &client, &[]).await;
    let grid = format!("/initiativer/alliancen/indikatorer/{id}/tal");
    client.post(&grid, &[("til", "2024"), ("v-0101-2023", "12,5")]).await.assert_redirect(&format!("{grid}?til=2024"));
    client.post(&grid, &[("til", "2024"), ("v-0101-2023", "13,75")]).await.assert_redirect(&format!("{grid}?til=2024"));
    let history = client.get(&format!("{grid}/0101/2023")).await;
    assert_eq!(history.status, 200);
    assert!(history.body.contains("13,8") && history.body.contains("12,5"), "{}", history.body);
}

#[tokio::test]
async fn the_owners_people_enter_values_and_another_partner_may_not() {
    let (app, initiative, client) = alliance().await;
    let (owner, _) = member_organisation(&app, initiative, "kommunen", "2025-01-01").await;
    let (other, _) = member_organisation(&app, initiative, "foreningen", "2025-01-01").await;
    let id = create(&app, &client, &[("organisation", "kommunen")]).await;
    let grid = format!("/initiativer/alliancen/indikatorer/{id}/tal");
    let mut clients = Vec::new();
    for (email, org) in [("data@example.dk", owner), ("frivillig@example.dk", other)] {
        let partner = app.logged_in(email, false).await;
        let user = app.store.user_by_email(email).await.unwrap().unwrap().id;
        app.store.grant_role(initiative, user, InitiativeRole::Member, Some(org), &AuditActor::system()).await.unwrap();
        clients.push(partner);
    }
    assert_eq!(clients[0].get(&grid).await.status, 200);
    assert_eq!(clients[1].get(&grid).await.status, 403);
    assert_eq!(clients[1].post(&grid, &[("til", "2024"), ("v-0101-2023", "1")]).await.status, 403);
    assert_eq!(clients[1].get(NEW).await.status, 403, "defining indicators is the backbone's");
    assert!(stored(&app, id, "0101").await.is_empty());
}

/// Uploads a file on the import page: the preview (or the form again).
async fn upload(client: &Client, id: i64, name: &str, bytes: Vec<u8>, period: &str) -> Page {
    let form = reqwest::multipart::Form::new()
        .text("_csrf", client.csrf().await)
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()))
        .text("period", period.to_owned());
    let response = client
        .http
        .post(format!("{}/initiativer/alliancen/indikatorer/{id}/import", client.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let location = response.headers().get("location").map(|l| l.to_str().unwrap().to_owned());
    Page { status, location, body: response.text().await.unwrap() }
}

/// Starts the import of the uploaded file with `mapping` and waits for the status page's end.
async fn import(client: &Client, id: i64, mapping: &[(&str, &str)]) -> String {
    let queued = client.post(&format!("/initiativer/alliancen/indikatorer/{id}/import/start"), mapping).await;
    assert_eq!(queued.status, 303, "{}", queued.body);
    let path = queued.location.unwrap();
    for _ in 0..600 {
        let page = client.get(&path).await;
        assert_eq!(page.status, 200, "{}", page.body);
        if !page.body.contains("data-running") {
            return page.body;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the import at {path} did not finish");
}

const WITH_A_BAD_ROW: &str = "kommune;år;andel\n0101;2023;12,5\n0751;2023;tolv\n";
const CLEAN: &str = "kommune;år;andel\n0101;2023;12,5\n0751;2023;9\n";

#[tokio::test]
async fn the_preview_lists_the_bad_line_and_offers_no_import() {
    let (app, _, client) = alliance().await;
    let id = create(&app, &client, &[]).await;
    let preview = upload(&client, id, "tal.csv", WITH_A_BAD_ROW.into(), "").await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(preview.body.contains("Linje 3: Værdien «tolv» er ikke et tal."), "{}", preview.body);
    assert!(!preview.body.contains("/import/start"), "no import button while the file has errors");
}

#[tokio::test]
async fn a_file_with_an_error_imports_nothing() {
    let (app, _, client) = alliance().await;
    let id = create(&app, &client, &[]).await;
    upload(&client, id, "tal.csv", WITH_A_BAD_ROW.into(), "").await;
    let refused = client.post(&format!("/initiativer/alliancen/indikatorer/{id}/import/start"), &[]).await;
    assert_eq!(refused.status, 422);
    assert!(stored(&app, id, "0101").await.is_empty());
}

#[tokio::test]
async fn a_clean_file_imports_and_importing_it_again_changes_nothing() {
    let (app, _, client) = alliance().await;
    let id = create(&app, &client, &[]).await;
    let preview = upload(&client, id, "tal.csv", CLEAN.into(), "").await;
    assert!(preview.body.contains("/import/start"), "{}", preview.body);
    let done = import(&client, id, &[]).await;
    assert!(done.contains("2 nye eller ændrede, 0 uændrede."), "{done}");
    assert_eq!(stored(&app, id, "0101").await, [(Period::Year(2023), 12.5, String::new())]);
    upload(&client, id, "tal.csv", CLEAN.into(), "").await;
    let again = import(&client, id, &[]).await;
    assert!(again.contains("0 nye eller ændrede, 2 uændrede."), "{again}");
    let indicator = app.store.indicator(id).await.unwrap().unwrap();
    let unit = Unit::Municipality("0101".into());
    let history = app.store.indicator_value_history(&indicator, &unit, Period::Year(2023)).await.unwrap();
    assert!(history.is_empty(), "no history without a change");
}

#[tokio::test]
async fn a_file_over_the_limit_is_refused_with_a_message() {
    let (app, _, client) = alliance().await;
    let id = create(&app, &client, &[]).await;
    let form = client.get(&format!("/initiativer/alliancen/indikatorer/{id}/import")).await;
    assert!(form.body.contains(&format!("data-max-bytes=\"{}\"", 64 << 20)), "the script refuses it before sending");
    let just_over = vec![b'1'; (64 << 20) + 1000];
    let refused = upload(&client, id, "stor.csv", just_over, "").await;
    assert_eq!(refused.status, 413);
    assert!(refused.body.contains("Filen er større end 64 MB"), "{}", refused.body);
}

#[tokio::test]
async fn a_far_bigger_upload_is_refused_before_it_is_read() {
    let (app, _, client) = alliance().await;
    let id = create(&app, &client, &[]).await;
    let refused = upload(&client, id, "stor.csv", vec![b'1'; 80 << 20], "").await;
    assert_eq!(refused.status, 413);
    assert!(refused.body.contains("Det indsendte er for stort."), "{}", refused.body);
}

#[tokio::test]
async fn the_ssi_file_imports_all_98_municipalities() {
    let (app, _, client) = alliance().await;
    let id = create(&app, &client, &[]).await;
    let path =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/csv/ssi_covid__municipality_test_pos_bom.csv");
    let bytes = std::fs::read(path).expect("the shared corpus");
    let preview = upload(&client, id, "ssi.csv", bytes, "2020").await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    let mapping = [("value_column", "5"), ("period", "2020")];
    let shown = client.post(&format!("/initiativer/alliancen/indikatorer/{id}/import/vis"), &mapping).await;
    assert!(shown.body.contains("Linje 49: Udeladt: «Christiansø» er ikke en af de 98 kommuner."), "{}", shown.body);
    let done = import(&client, id, &mapping).await;
    assert!(done.contains("98 nye eller ændrede, 0 uændrede."), "{done}");
    let indicator = app.store.indicator(id).await.unwrap().unwrap();
    assert_eq!(app.store.indicator_values_in(&indicator, Period::Year(2020)).await.unwrap().len(), 98);
}

/// Posts a file to the import operation of the API.
async fn api_import(app: &TestApp, token: &str, id: i64, query: &str, csv: &str) -> (u16, serde_json::Value) {
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("tal.csv"));
    let client = app.client();
    let response = client
        .http
        .post(format!("{}/api/v1/indicators/{id}/imports?{query}", client.base))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

#[tokio::test]
async fn the_api_import_names_every_bad_line_and_writes_nothing() {
    let (app, _, client) = alliance().await;
    let id = create(&app, &client, &[]).await;
    let token = app.api_token("sekretariat@example.dk").await;
    let (status, body) = api_import(&app, &token, id, "", WITH_A_BAD_ROW).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["errors"],
        serde_json::json!([{"line": 3, "reason": "value-invalid", "message": "Værdien «tolv» er ikke et tal."}])
    );
    assert_eq!(body["mapping"]["value"]["header"], "andel");
    assert!(stored(&app, id, "0101").await.is_empty());
}

#[tokio::test]
async fn the_api_import_dry_runs_then_imports_and_again_changes_nothing() {
    let (app, _, client) = alliance().await;
    let id = create(&app, &client, &[]).await;
    let token = app.api_token("sekretariat@example.dk").await;
    let (status, body) = api_import(&app, &token, id, "dry_run=true&value_column=3", CLEAN).await;
    assert_eq!((status, &body["imported"]), (200, &serde_json::json!(0)), "{body}");
    assert!(stored(&app, id, "0101").await.is_empty(), "a dry run writes nothing");
    let (status, body) = api_import(&app, &token, id, "value_column=andel", CLEAN).await;
    assert_eq!((status, &body["imported"], &body["unchanged"]), (200, &serde_json::json!(2), &serde_json::json!(0)));
    let (_, body) = api_import(&app, &token, id, "", CLEAN).await;
    assert_eq!((&body["imported"], &body["unchanged"]), (&serde_json::json!(0), &serde_json::json!(2)));
}
