//! Sign-up, confirmation, login, logout, password reset, the account page and GDPR deletion.

use crate::helpers::*;

#[tokio::test]
async fn sign_up_confirm_and_log_in() {
    let app = spawn_app().await;
    let c = app.client();
    let page = c
        .post("/konto/opret", &[("name", "Signe Søndergaard"), ("email", "Signe@Example.dk"), ("password", PASSWORD)])
        .await;
    page.assert_redirect("/log-ind");
    assert!(c.get("/log-ind").await.body.contains("Vi har sendt en mail til signe@example.dk"));
    let mail = app.mail_to("signe@example.dk").await;
    assert!(mail.body().contains("Bekræft din e-mailadresse"), "{}", mail.body());
    let user = app.store.user_by_email("signe@example.dk").await.unwrap().unwrap();
    assert!(user.email_confirmed_at.is_none());
    assert!(user.password_hash.starts_with("$argon2id$"));

    let link = mail.link(&format!("{}/konto/bekraeft/", app.address));
    c.get(&link).await.assert_redirect("/log-ind");
    let user = app.store.user_by_email("signe@example.dk").await.unwrap().unwrap();
    assert!(user.email_confirmed_at.is_some());
    // the link works once
    c.get(&link).await;
    assert!(c.get("/log-ind").await.body.contains("ugyldigt eller udløbet"));

    c.login("signe@example.dk", PASSWORD).await;
    let account = c.get("/konto").await;
    assert_eq!(account.status, 200);
    assert!(account.body.contains("signe@example.dk"));
    c.post("/log-ud", &[]).await.assert_redirect("/");
    c.get("/konto").await.assert_redirect("/log-ind?naeste=%2Fkonto");
}

#[tokio::test]
async fn sign_up_errors_keep_what_was_typed() {
    let app = spawn_app().await;
    let c = app.client();
    let page = c.post("/konto/opret", &[("name", "Åse Ærø"), ("email", "ikke-en-mail"), ("password", "kort")]).await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains("value=\"Åse Ærø\""), "name kept");
    assert!(page.body.contains("value=\"ikke-en-mail\""), "e-mail kept");
    assert!(page.body.contains("Skriv en gyldig e-mailadresse"));
    assert!(page.body.contains("Adgangskoden skal være mindst 10 tegn"));
    assert!(page.body.contains("aria-invalid=\"true\""));
    assert!(!page.body.contains("value=\"kort\""), "passwords are never echoed");
}

#[tokio::test]
async fn signing_up_twice_does_not_reveal_the_account() {
    let app = spawn_app().await;
    app.user("taget@example.dk", false).await;
    let c = app.client();
    let page = c.post("/konto/opret", &[("name", "X"), ("email", "taget@example.dk"), ("password", PASSWORD)]).await;
    page.assert_redirect("/log-ind");
    let mail = app.mail_to("taget@example.dk").await;
    assert!(mail.body().contains("har allerede en konto"));
}

#[tokio::test]
async fn wrong_password_is_refused_and_login_is_rate_limited() {
    let app = spawn_app().await;
    app.user("a@example.dk", false).await;
    let c = app.client();
    let page = c.post("/log-ind", &[("email", "a@example.dk"), ("password", "forkert-kodeord")]).await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains("E-mail eller adgangskode er forkert"));
    assert!(page.body.contains("value=\"a@example.dk\""));
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(c.post("/log-ind", &[("email", "a@example.dk"), ("password", "forkert")]).await.status);
    }
    assert!(statuses.contains(&reqwest::StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
}

#[tokio::test]
async fn login_renews_the_session_id() {
    let app = spawn_app().await;
    app.user("s@example.dk", false).await;
    let c = app.client();
    // get a session before login (a flash message creates one)
    c.post("/konto/glemt", &[("email", "ukendt@example.dk")]).await;
    let before = session_cookie(&c, &app).await;
    assert!(before.is_some());
    c.login("s@example.dk", PASSWORD).await;
    let after = session_cookie(&c, &app).await;
    assert!(after.is_some() && after != before);
}

async fn session_cookie(c: &Client, app: &TestApp) -> Option<String> {
    use reqwest::cookie::CookieStore;
    let url: reqwest::Url = app.address.parse().unwrap();
    c.jar().cookies(&url).and_then(|h| {
        h.to_str().unwrap().split("; ").find_map(|c| c.strip_prefix("rygrad_session=").map(str::to_owned))
    })
}

#[tokio::test]
async fn password_reset() {
    let app = spawn_app().await;
    app.user("glemsk@example.dk", false).await;
    let c = app.client();
    c.post("/konto/glemt", &[("email", "glemsk@example.dk")]).await.assert_redirect("/log-ind");
    let link = app.mail_to("glemsk@example.dk").await.link(&format!("{}/konto/nulstil/", app.address));
    assert_eq!(c.get(&link).await.status, 200);
    let short = c.post(&link, &[("password", "kort")]).await;
    assert_eq!(short.status, 422);
    c.post(&link, &[("password", "et-helt-nyt-kodeord")]).await.assert_redirect("/log-ind");
    c.login("glemsk@example.dk", "et-helt-nyt-kodeord").await;
    assert_eq!(c.get(&link).await.status, 404, "a used link is gone");
    // unknown addresses get the same answer and no mail
    c.post("/konto/glemt", &[("email", "ukendt@example.dk")]).await.assert_redirect("/log-ind");
    assert_eq!(app.mail_count("ukendt@example.dk"), 0);
}

#[tokio::test]
async fn change_name_email_and_password() {
    let app = spawn_app().await;
    let c = app.logged_in("gammel@example.dk", false).await;
    c.post("/konto/navn", &[("name", "Nyt Navn")]).await.assert_redirect("/konto");
    assert!(c.get("/konto").await.body.contains("value=\"Nyt Navn\""));
    let bad = c.post("/konto/navn", &[("name", "")]).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Udfyld feltet"));

    c.post("/konto/email", &[("email", "ny@example.dk")]).await.assert_redirect("/konto");
    let link = app.mail_to("ny@example.dk").await.link(&format!("{}/konto/ny-email/", app.address));
    assert!(app.store.user_by_email("gammel@example.dk").await.unwrap().is_some(), "unchanged until confirmed");
    c.get(&link).await;
    assert!(app.store.user_by_email("ny@example.dk").await.unwrap().is_some());

    let wrong =
        c.post("/konto/adgangskode", &[("current_password", "forkert"), ("new_password", "nyt-langt-kodeord")]).await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("Adgangskoden er forkert"));
    c.post("/konto/adgangskode", &[("current_password", PASSWORD), ("new_password", "nyt-langt-kodeord")])
        .await
        .assert_redirect("/konto");
    let other = app.client();
    other.login("ny@example.dk", "nyt-langt-kodeord").await;
}

#[tokio::test]
async fn deleting_ones_account_erases_personal_data() {
    let app = spawn_app().await;
    let c = app.logged_in("slet@example.dk", true).await;
    let page = c.post("/initiativer/ny", &[("name", "Slettetest"), ("slug", "slettetest")]).await;
    page.assert_redirect("/initiativer/slettetest");
    let wrong = c.post("/konto/slet", &[("password", "forkert")]).await;
    assert_eq!(wrong.status, 422);
    c.post("/konto/slet", &[("password", PASSWORD)]).await.assert_redirect("/");
    assert!(app.store.user_by_email("slet@example.dk").await.unwrap().is_none());
    let initiative = app.store.initiative_by_slug("slettetest").await.unwrap().unwrap();
    let log = app.store.audit_log(initiative.row.id, None, 10).await.unwrap();
    assert!(!log.is_empty(), "the change stays in the log");
    assert!(log.iter().all(|e| e.actor_user_id.is_none()
        && !e.actor_name.contains("slet@example.dk")
        && !e.actor_name.contains("Test")));
    assert_eq!(c.get("/konto").await.status, 303, "the session is gone");
}

#[tokio::test]
async fn api_tokens_are_shown_once_and_work() {
    let app = spawn_app().await;
    let c = app.logged_in("token@example.dk", true).await;
    let page = c.post("/konto/tokens", &[("label", "Mit script")]).await;
    assert_eq!(page.status, 200);
    let start = page.body.find("<code class=\"token\">").unwrap() + "<code class=\"token\">".len();
    let token = &page.body[start..start + 43];
    let (status, _) = c
        .send_json(
            reqwest::Method::POST,
            "/api/v1/organisations",
            Some(token),
            &serde_json::json!({"name": "Via token", "sector": "business"}),
        )
        .await;
    assert_eq!(status, 201);
    assert!(!c.get("/konto").await.body.contains(token), "shown only once");
}

async fn try_login(c: &Client, email: &str, password: &str) -> Page {
    c.post("/log-ind", &[("email", email), ("password", password)]).await
}

#[tokio::test]
async fn a_strangers_guessing_slows_the_stranger_and_never_locks_the_owner_out() {
    let app = spawn_app_with(|c| c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]).await;
    app.user("ejer@example.dk", false).await;
    // The owner has logged in from the café's network before; this browser is known.
    let owner_at_cafe = app.client_at("203.0.113.9");
    owner_at_cafe.login("ejer@example.dk", PASSWORD).await;
    owner_at_cafe.post("/log-ud", &[]).await;

    let attacker = app.client_at("203.0.113.9");
    let mut statuses = Vec::new();
    for i in 0..50 {
        statuses.push(try_login(&attacker, "ejer@example.dk", &format!("gæt-nummer-{i}")).await.status);
    }
    let slowed = statuses.iter().filter(|s| **s == reqwest::StatusCode::TOO_MANY_REQUESTS).count();
    assert!(slowed >= 40, "the attacker must wait after a few tries: {statuses:?}");
    let waiting = try_login(&attacker, "ejer@example.dk", PASSWORD).await;
    assert_eq!(waiting.status, 429, "even the right password waits its turn from there");
    assert!(waiting.body.contains("Prøv igen om"), "{}", waiting.body);
    assert!(waiting.body.contains("value=\"ejer@example.dk\""), "what was typed stays");

    // The owner elsewhere logs in at once.
    let owner_at_home = app.client_at("198.51.100.7");
    owner_at_home.login("ejer@example.dk", PASSWORD).await;
    // The owner's known browser on the attacker's network logs in at once too.
    owner_at_cafe.login("ejer@example.dk", PASSWORD).await;
    // A new browser on another IPv6 address of the attacker's /64 shares the attacker's wait.
    let v6 = |host: &str| app.client_at(&format!("2001:db8:7:7::{host}"));
    for i in 0..10 {
        try_login(&v6("1"), "ejer@example.dk", &format!("v6-gæt-{i}")).await;
    }
    assert_eq!(try_login(&v6("2"), "ejer@example.dk", PASSWORD).await.status, 429);
}

#[tokio::test]
async fn changing_the_password_ends_every_other_session() {
    let app = spawn_app().await;
    let here = app.logged_in("skifter@example.dk", false).await;
    let elsewhere = app.client();
    elsewhere.login("skifter@example.dk", PASSWORD).await;
    let token = app.api_token("skifter@example.dk").await;
    let before = session_cookie(&here, &app).await;
    here.post("/konto/adgangskode", &[("current_password", PASSWORD), ("new_password", "nyt-langt-kodeord")])
        .await
        .assert_redirect("/konto");
    assert_eq!(here.get("/konto").await.status, 200, "this browser stays signed in");
    assert_ne!(session_cookie(&here, &app).await, before, "under a new session id");
    assert_ne!(elsewhere.get("/konto").await.status, 200, "the other browser is signed out");
    // API tokens are the person's own, listed and revoked one by one on the account page.
    assert_eq!(here.get_json("/api/v1/initiatives", Some(&token)).await.0, 200, "the API token still works");
}

#[tokio::test]
async fn resetting_the_password_ends_every_session() {
    let app = spawn_app().await;
    let thief = app.logged_in("nulstil@example.dk", false).await;
    let owner = app.client();
    owner.post("/konto/glemt", &[("email", "nulstil@example.dk")]).await;
    let link = app.mail_to("nulstil@example.dk").await.link(&format!("{}/konto/nulstil/", app.address));
    owner.post(&link, &[("password", "et-helt-nyt-kodeord")]).await.assert_redirect("/log-ind");
    assert_ne!(thief.get("/konto").await.status, 200, "whoever knew the old password is out");
    owner.login("nulstil@example.dk", "et-helt-nyt-kodeord").await;
    assert_eq!(owner.get("/konto").await.status, 200);
}

#[tokio::test]
async fn a_mailed_login_link_lets_the_owner_in_while_the_address_must_wait() {
    let app = spawn_app_with(|c| c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]).await;
    app.user("link@example.dk", false).await;
    let attacker = app.client_at("203.0.113.50");
    for i in 0..10 {
        try_login(&attacker, "link@example.dk", &format!("gæt-{i}")).await;
    }
    // The owner, in a new browser behind the same address, must wait like the attacker...
    let owner = app.client_at("203.0.113.50");
    assert_eq!(try_login(&owner, "link@example.dk", PASSWORD).await.status, 429);
    // ...or asks for a link.
    assert_eq!(owner.post("/log-ind/link", &[("link_email", "ikke en adresse")]).await.status, 422);
    owner.post("/log-ind/link", &[("link_email", "link@example.dk")]).await.assert_redirect("/log-ind");
    let link = app.mail_to("link@example.dk").await.link(&format!("{}/log-ind/link/", app.address));
    assert_eq!(owner.get(&link).await.status, 200, "opening the link (a mail scanner may) uses nothing up");
    owner.post(&link, &[]).await.assert_redirect("/");
    assert_eq!(owner.get("/konto").await.status, 200);
    assert_eq!(app.client().post(&link, &[]).await.status, 404, "the link works once");
    // Unknown addresses get the same answer and no mail.
    owner.post("/log-ind/link", &[("link_email", "ukendt@example.dk")]).await.assert_redirect("/log-ind");
    assert_eq!(app.mail_count("ukendt@example.dk"), 0);
}
