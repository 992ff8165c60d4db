//! The organisation list, search, and editing rights.

use crate::helpers::*;

#[tokio::test]
async fn list_search_and_filter() {
    let app = spawn_app().await;
    let admin = app.logged_in("admin@example.dk", true).await;
    for (name, sector, municipality) in [
        ("Ærø Ældreklub", "association", "0492"),
        ("Århus Skole", "education", "0751"),
        ("Aabenraa Erhverv", "business", "0580"),
    ] {
        admin
            .post("/organisationer/ny", &[("name", name), ("sector", sector), ("municipality_code", municipality)])
            .await;
    }
    let all = app.client().get("/organisationer").await.body;
    assert!(all.contains("3 organisationer"));
    let found = app.client().get("/organisationer?q=%C3%86R%C3%98").await.body;
    assert!(found.contains("Ærø Ældreklub") && found.contains("1 organisation"), "case-insensitive Danish search");
    let schools = app.client().get("/organisationer?sektor=education").await.body;
    assert!(schools.contains("Århus Skole") && !schools.contains("Ærø Ældreklub"));
    let by_municipality = app.client().get("/organisationer?kommune=0580").await.body;
    assert!(by_municipality.contains("Aabenraa Erhverv") && by_municipality.contains("1 organisation"));
}

#[tokio::test]
async fn organisation_form_validates() {
    let app = spawn_app().await;
    let admin = app.logged_in("admin@example.dk", true).await;
    let page = admin
        .post(
            "/organisationer/ny",
            &[("name", "Klubben"), ("sector", ""), ("website", "ikke en adresse"), ("description", "Beholdes")],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains("Udfyld feltet"));
    assert!(page.body.contains("Skriv en gyldig webadresse"));
    assert!(page.body.contains(">Beholdes</textarea>"));
    admin
        .post("/organisationer/ny", &[("name", "Klubben"), ("sector", "association"), ("website", "klubben.dk")])
        .await
        .assert_redirect("/organisationer/klubben");
    let show = app.client().get("/organisationer/klubben").await.body;
    assert!(show.contains("https://klubben.dk") && show.contains("Forening"));
}

#[tokio::test]
async fn only_the_right_people_edit_an_organisation() {
    let app = spawn_app().await;
    organisation(&app, "klub").await;
    let user = app.logged_in("bruger@example.dk", false).await;
    assert_eq!(user.get("/organisationer/klub/rediger").await.status, 403);
    assert_eq!(
        user.post("/organisationer/klub/rediger", &[("name", "Hacket"), ("sector", "business")]).await.status,
        403
    );
    assert_eq!(app.client().get("/organisationer/klub/rediger").await.status, 303, "anonymous: log in first");
    let admin = app.logged_in("admin@example.dk", true).await;
    admin
        .post("/organisationer/klub/rediger", &[("name", "Klubben 2"), ("sector", "association")])
        .await
        .assert_redirect("/organisationer/klubben-2");
}
