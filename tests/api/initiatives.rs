//! Creating and editing initiatives, alliance memberships with their history, invitations and
//! the audit log.

use crate::helpers::*;

#[tokio::test]
async fn admin_creates_an_initiative_and_backbone_edits_it() {
    let app = spawn_app().await;
    let admin = app.logged_in("admin@example.dk", true).await;
    assert_eq!(admin.get("/initiativer/ny").await.status, 200);
    let page = admin
        .post(
            "/initiativer/ny",
            &[
                ("name", "Børn i trivsel"),
                ("problem_statement", "Linje 1\nLinje 2"),
                ("vision", "Alle børn trives"),
                ("municipalities", "0350"),
                ("municipalities", "0101"),
                ("starts_on", "2026-01-01"),
                ("ends_on", "31.12.2029"),
                ("is_public", "true"),
            ],
        )
        .await;
    page.assert_redirect("/initiativer/boern-i-trivsel");
    let public = app.client().get("/initiativer/boern-i-trivsel").await;
    assert_eq!(public.status, 200);
    assert!(public.body.contains("Børn i trivsel"));
    assert!(public.body.contains("København, Lejre"), "{}", public.body);
    assert!(public.body.contains("1. januar 2026 – 31. december 2029"));

    // backbone staff edit the profile
    let id = app.store.initiative_by_slug("boern-i-trivsel").await.unwrap().unwrap().row.id;
    let backbone_id = app.user("sekretariat@example.dk", false).await;
    app.store
        .grant_role(
            id,
            backbone_id,
            rygrad_domain::invitation::InitiativeRole::Backbone,
            None,
            &rygrad_store::AuditActor::system(),
        )
        .await
        .unwrap();
    let backbone = app.client();
    backbone.login("sekretariat@example.dk", PASSWORD).await;
    let form = backbone.get("/initiativer/boern-i-trivsel/rediger").await;
    assert!(form.body.contains("value=\"0350\" checked"));
    backbone
        .post(
            "/initiativer/boern-i-trivsel/rediger",
            &[("name", "Børn i trivsel"), ("slug", "trivsel"), ("vision", "Ny vision"), ("municipalities", "0350")],
        )
        .await
        .assert_redirect("/initiativer/trivsel");
    // not public any more: the public sees nothing
    assert_eq!(app.client().get("/initiativer/trivsel").await.status, 404);
    assert_eq!(backbone.get("/initiativer/trivsel").await.status, 200);

    let log = backbone.get("/initiativer/trivsel/log").await;
    assert_eq!(log.status, 200);
    assert!(log.body.contains("Alle børn trives → Ny vision"), "{}", log.body);
    assert!(log.body.contains("Test sekretariat"));
}

#[tokio::test]
async fn profile_errors_are_shown_beside_the_fields() {
    let app = spawn_app().await;
    let admin = app.logged_in("admin@example.dk", true).await;
    let page = admin
        .post(
            "/initiativer/ny",
            &[
                ("name", "Gyldigt navn"),
                ("slug", "Ugyldig Slug!"),
                ("municipalities", "9999"),
                ("starts_on", "2027-01-01"),
                ("ends_on", "2026-01-01"),
                ("vision", "Behold mig"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains("Brug kun små bogstaver"));
    assert!(page.body.contains("Vælg en af de 98 kommuner"));
    assert!(page.body.contains("Slutdatoen ligger før startdatoen"));
    assert!(page.body.contains(">Behold mig</textarea>"));
    // a taken short URL
    initiative(&app, "optaget", true).await;
    let taken = admin.post("/initiativer/ny", &[("name", "X"), ("slug", "optaget")]).await;
    assert_eq!(taken.status, 422);
    assert!(taken.body.contains("allerede i brug"));
}

/// Joins an organisation to the alliance on its members page.
async fn join(admin: &Client, organisation: &str, role: &str, starts_on: &str) -> Page {
    let fields = [("organisation", organisation), ("role", role), ("starts_on", starts_on)];
    admin.post("/initiativer/alliance/medlemmer", &fields).await
}

/// Ends a membership of the alliance on its members page.
async fn leave(admin: &Client, membership: i64, ends_on: &str, reason: &str) -> Page {
    admin
        .post(
            &format!("/initiativer/alliance/medlemmer/{membership}/udtraed"),
            &[("ends_on", ends_on), ("reason", reason)],
        )
        .await
}

/// The id of the alliance's first membership.
async fn first_membership(app: &TestApp) -> i64 {
    let initiative_id = app.store.initiative_by_slug("alliance").await.unwrap().unwrap().row.id;
    app.store.memberships_of_initiative(initiative_id).await.unwrap()[0].0.id
}

#[tokio::test]
async fn memberships_keep_their_history() {
    let app = spawn_app().await;
    let admin = app.logged_in("admin@example.dk", true).await;
    initiative(&app, "alliance", true).await;
    organisation(&app, "idraet").await;
    join(&admin, "idraet", "chair", "2025-01-01").await.assert_redirect("/initiativer/alliance/medlemmer");
    let twice = join(&admin, "idraet", "member", "2025-02-01").await;
    assert_eq!(twice.status, 422);
    assert!(twice.body.contains("allerede medlem"));
    let unknown = join(&admin, "findes-ikke", "member", "2025-02-01").await;
    assert!(unknown.body.contains("Organisationen findes ikke"));

    let public = app.client().get("/initiativer/alliance").await.body;
    assert!(public.contains("Organisation idraet") && public.contains("Formand") && public.contains("1. januar 2025"));

    let membership = first_membership(&app).await;
    let early = leave(&admin, membership, "2024-01-01", "").await;
    assert_eq!(early.status, 422);
    assert!(early.body.contains("Slutdatoen ligger før startdatoen"));
    leave(&admin, membership, "2025-06-30", "Ny formand i klubben")
        .await
        .assert_redirect("/initiativer/alliance/medlemmer");
    let public = app.client().get("/initiativer/alliance").await.body;
    assert!(public.contains("Tidligere medlemmer"));
    assert!(public.contains("Ny formand i klubben"));
    assert!(public.contains("30. juni 2025"));
    let org_page = app.client().get("/organisationer/idraet").await.body;
    assert!(org_page.contains("udtrådt"));
    // after leaving, it can join again
    join(&admin, "idraet", "member", "2026-01-01").await.assert_redirect("/initiativer/alliance/medlemmer");
}

#[tokio::test]
async fn invitation_with_a_new_account_grants_the_role() {
    let app = spawn_app().await;
    let admin = app.logged_in("admin@example.dk", true).await;
    let initiative_id = initiative(&app, "alliance", true).await;
    let org_id = organisation(&app, "skolen").await;
    join(&admin, "skolen", "member", "2025-01-01").await;
    let missing_org =
        admin.post("/initiativer/alliance/invitationer", &[("email", "ny@example.dk"), ("role", "member")]).await;
    assert_eq!(missing_org.status, 422);
    assert!(missing_org.body.contains("Vælg den organisation"));
    admin
        .post(
            "/initiativer/alliance/invitationer",
            &[("email", "Ny@Example.dk"), ("role", "member"), ("organisation", "skolen")],
        )
        .await
        .assert_redirect("/initiativer/alliance/invitationer");
    let mail = app.mail_to("ny@example.dk").await;
    assert!(mail.body().contains("Organisation skolen"), "{}", mail.body());
    let link = mail.link(&format!("{}/invitation/", app.address));

    let invitee = app.client();
    let page = invitee.get(&link).await;
    assert!(page.body.contains("Opret en konto"));
    let bad = invitee.post(&format!("{link}/opret"), &[("name", "Nina"), ("password", "kort")]).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("value=\"Nina\""));
    invitee
        .post(&format!("{link}/opret"), &[("name", "Nina Nielsen"), ("password", PASSWORD)])
        .await
        .assert_redirect("/initiativer/alliance");
    let user = app.store.user_by_email("ny@example.dk").await.unwrap().unwrap();
    assert!(user.email_confirmed_at.is_some(), "the mailed link proves the address");
    let grants = app.store.grants_of(user.id).await.unwrap();
    assert_eq!(grants.len(), 1);
    assert_eq!(grants[0].initiative_id, initiative_id);
    assert_eq!(grants[0].organisation_id, Some(org_id));
    // the invitation is used up
    assert_eq!(invitee.get(&link).await.status, 404);
    // the member may now edit its own organisation
    assert_eq!(invitee.get("/organisationer/skolen/rediger").await.status, 200);
    // the list shows it accepted
    assert!(admin.get("/initiativer/alliance/invitationer").await.body.contains("Accepteret"));
}

#[tokio::test]
async fn invitation_accepted_by_a_signed_in_account() {
    let app = spawn_app().await;
    let admin = app.logged_in("admin@example.dk", true).await;
    initiative(&app, "alliance", false).await;
    admin
        .post("/initiativer/alliance/invitationer", &[("email", "kollega@example.dk"), ("role", "backbone")])
        .await
        .assert_redirect("/initiativer/alliance/invitationer");
    let link = app.mail_to("kollega@example.dk").await.link(&format!("{}/invitation/", app.address));
    let colleague = app.logged_in("kollega@example.dk", false).await;
    assert_eq!(colleague.get("/initiativer/alliance").await.status, 404, "private until accepted");
    colleague.post(&link, &[]).await.assert_redirect("/initiativer/alliance");
    assert_eq!(colleague.get("/initiativer/alliance/rediger").await.status, 200, "backbone now");
    let log = admin.get("/initiativer/alliance/log").await.body;
    assert!(log.contains("Inviteret") && log.contains("Rolle givet"));
    assert!(!log.contains("kollega@example.dk"), "addresses stay out of the log");
}

#[tokio::test]
async fn a_member_that_leaves_today_is_no_longer_a_current_member() {
    let app = spawn_app().await;
    let admin = app.logged_in("admin@example.dk", true).await;
    initiative(&app, "alliance", true).await;
    organisation(&app, "idraet").await;
    join(&admin, "idraet", "member", "2025-01-01").await.assert_redirect("/initiativer/alliance/medlemmer");
    let membership = first_membership(&app).await;
    let current = admin.get("/initiativer/alliance/medlemmer").await.body;
    assert!(current.contains("Medlem siden 1. januar 2025") && !current.contains("Medlem, Medlem siden"), "{current}");
    let today = rygrad_domain::format::local_date(chrono::Utc::now()).to_string();
    leave(&admin, membership, &today, "").await.assert_redirect("/initiativer/alliance/medlemmer");

    let members = admin.get("/initiativer/alliance/medlemmer").await.body;
    assert!(!members.contains(&format!("medlemmer/{membership}/udtraed")), "the leave form is still offered");
    assert!(members.contains("Tidligere medlemmer") && members.contains("Ingen medlemmer endnu"), "{members}");
    let public = app.client().get("/initiativer/alliance").await.body;
    assert!(public.contains("Tidligere medlemmer"), "{public}");
    let org_page = app.client().get("/organisationer/idraet").await.body;
    assert!(org_page.contains("udtrådt"));
}

/// The audit log reads in words: names for ids and short addresses, labels for codes, dates and
/// times in the reader's format, in Danish and in English.
#[tokio::test]
async fn the_audit_log_shows_each_change_in_words() {
    let app = spawn_app().await;
    let own = initiative(&app, "alliancen", true).await;
    let by = rygrad_store::AuditActor::system();
    for slug in ["skolen", "klubben"] {
        member_organisation(&app, own, slug, "2025-01-01").await;
    }
    let backbone = app.user("sekretariat@example.dk", false).await;
    app.store.grant_role(own, backbone, rygrad_domain::invitation::InitiativeRole::Backbone, None, &by).await.unwrap();
    let token = app.api_token("sekretariat@example.dk").await;
    let c = app.client();
    c.login("sekretariat@example.dk", PASSWORD).await;

    let mut meeting = serde_json::json!({
        "title": "Alliancemøde", "kind": "alliance_group", "date": "2027-03-10", "starts_at": "16:00",
        "ends_at": "18:00", "participants": ["skolen", "klubben"],
    });
    let (status, created) =
        c.send_json(reqwest::Method::POST, "/api/v1/initiatives/alliancen/meetings", Some(&token), &meeting).await;
    assert_eq!(status, 201, "{created}");
    meeting["participants"] = serde_json::json!(["skolen"]);
    let path = format!("/api/v1/meetings/{}", created["id"]);
    assert_eq!(c.send_json(reqwest::Method::PATCH, &path, Some(&token), &meeting).await.0, 200);
    c.post("/initiativer/alliancen/maal", &[("title", "Alle børn spiser med"), ("level", "vision")]).await;
    let vision = app.store.goals_of(own).await.unwrap()[0].id.to_string();
    c.post("/initiativer/alliancen/maal", &[("title", "Flere fællesspisninger"), ("parent_id", &vision)]).await;
    c.post("/initiativer/alliancen/spor", &[("title", "Skolerne"), ("lead_organisation", "skolen")])
        .await
        .assert_redirect("/initiativer/alliancen/maal");

    let log = c.get("/initiativer/alliancen/log").await.body;
    for words in [
        "<dt>Type</dt><dd>Alliancegruppen</dd>",
        "<dt>Starter</dt><dd>10. marts 2027 kl. 16.00</dd>",
        "<dt>Deltagende organisationer</dt><dd>Organisation skolen, Organisation klubben → Organisation skolen</dd>",
        "<dt>Niveau</dt><dd>Langsigtet mål</dd>",
        "<dt>Overordnet mål</dt><dd>Alle børn spiser med</dd>",
        "<dt>Ledende organisation</dt><dd>Organisation skolen</dd>",
        "<dt>Rolle</dt><dd>Medlem</dd>",
        "<dt>Start</dt><dd>1. januar 2025</dd>",
    ] {
        assert!(log.contains(words), "missing {words}: {log}");
    }
    for raw in [
        "alliance_group",
        "long_term",
        "T15:00:00Z",
        "participants",
        "parent_id",
        "lead_organisation",
        "[",
        "<dd>skolen</dd>",
    ] {
        assert!(!log.contains(raw), "developer output {raw} in the log");
    }

    c.post("/sprog", &[("lang", "en"), ("return_to", "/")]).await;
    let english = c.get("/initiativer/alliancen/log").await.body;
    for words in [
        "<dt>Kind</dt><dd>Alliance group</dd>",
        "<dt>Starts</dt><dd>10 March 2027 at 16:00</dd>",
        "<dt>Level</dt><dd>Long-term goal</dd>",
        "<dt>Lead organisation</dt><dd>Organisation skolen</dd>",
    ] {
        assert!(english.contains(words), "missing {words}: {english}");
    }
}
