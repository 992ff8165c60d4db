//! Pages every visitor meets: health checks, 404 and error pages, security headers, language.

use crate::helpers::*;

#[tokio::test]
async fn health_and_readiness() {
    let app = spawn_app().await;
    let c = app.client();
    assert_eq!(c.get("/healthz").await.body, "ok");
    assert_eq!(c.get("/readyz").await.body, "ready");
}

#[tokio::test]
async fn unknown_pages_get_a_404_page_in_the_layout() {
    let app = spawn_app().await;
    let page = app.client().get("/findes/ikke").await;
    assert_eq!(page.status, 404);
    assert!(page.body.contains("Siden findes ikke"), "{}", page.body);
    assert!(page.body.contains("<nav"), "rendered in the site's layout");
    let (status, json) = app.client().get_json("/api/v1/findes-ikke", None).await;
    assert_eq!(status, 404);
    assert_eq!(json["error"], "not-found");
}

#[tokio::test]
async fn malformed_requests_get_400() {
    let app = spawn_app().await;
    let c = app.client();
    let page = c.get("/konto/tokens/ikke-et-tal/slet").await;
    assert_eq!(page.status, 405, "GET on a POST route");
    let token = c.csrf().await;
    let response = c
        .http
        .post(format!("{}/konto/tokens/ikke-et-tal/slet", app.address))
        .form(&[("_csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400, "a path parameter that does not parse");
    // with a token: an API write without one is refused with 401 before its body is read
    app.user("admin@example.dk", true).await;
    let admin = app.api_token("admin@example.dk").await;
    let response = c
        .http
        .post(format!("{}/api/v1/initiatives", app.address))
        .bearer_auth(admin)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn security_headers_are_set() {
    let app = spawn_app().await;
    let response = reqwest::get(format!("{}/", app.address)).await.unwrap();
    let h = response.headers();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    let cookie = h["set-cookie"].to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
}

#[tokio::test]
async fn forms_without_the_csrf_token_are_refused() {
    let app = spawn_app().await;
    let c = app.client();
    c.get("/").await;
    let response = c
        .http
        .post(format!("{}/konto/opret", app.address))
        .form(&[("name", "X"), ("email", "x@example.dk"), ("password", "langt-nok-kodeord")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(response.text().await.unwrap().contains("Formularen er udløbet"));
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = spawn_app().await;
    let c = app.client();
    let token = c.csrf().await;
    let response = c
        .http
        .post(format!("{}/log-ind", app.address))
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .form(&[("_csrf", token.as_str()), ("email", "a@b.dk"), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn language_is_switched_and_remembered() {
    let app = spawn_app().await;
    let c = app.client();
    assert!(c.get("/").await.body.contains("<html lang=\"da\">"));
    let page = c.post("/sprog", &[("lang", "en"), ("return_to", "/organisationer")]).await;
    page.assert_redirect("/organisationer");
    let english = c.get("/organisationer").await.body;
    assert!(english.contains("<html lang=\"en\">"), "{english}");
    assert!(english.contains("Organisations"));
    // a foreign return address is not followed
    c.post("/sprog", &[("lang", "da"), ("return_to", "//evil.example")]).await.assert_redirect("/");
    assert!(c.get("/").await.body.contains("<html lang=\"da\">"));
}

#[tokio::test]
async fn about_the_data_gives_the_attribution() {
    let app = spawn_app().await;
    let body = app.client().get("/om-data").await.body;
    assert!(body.contains("98 kommuner"), "{body}");
    assert!(body.contains("1.089 postnumre"));
    assert!(body.contains("GeoNames"));
    assert!(body.contains("Danmarks Statistik"));
    assert!(
        body.contains("href=\"/api/v1/open-data/meals.json\"") && body.contains("href=\"/api/v1/open-data/meals.csv\"")
    );
    assert!(body.contains("Åbne data om kommende måltider"));
    assert!(app.client().get("/om-data/postnumre.csv").await.body.starts_with("nr,navn,lat,lon"));
}

#[tokio::test]
async fn outbox_page_exists_only_without_smtp() {
    let app = spawn_app().await;
    assert_eq!(app.client().get("/udbakke").await.status, 404);
    let dev = spawn_app_with(|c| c.smtp_url = None).await;
    // outside demo mode the outbox holds reset links: administrators only
    assert_eq!(dev.client().get("/udbakke").await.status, 303);
    dev.user("admin@example.dk", true).await;
    let c = dev.client();
    c.login("admin@example.dk", PASSWORD).await;
    c.post("/konto/glemt", &[("email", "ingen@example.dk")]).await;
    dev.user("findes@example.dk", false).await;
    c.post("/konto/glemt", &[("email", "findes@example.dk")]).await;
    let mut body = String::new();
    for _ in 0..50 {
        body = c.get("/udbakke").await.body;
        if body.contains("Ny adgangskode") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(body.contains("findes@example.dk") && body.contains("/konto/nulstil/"), "{body}");
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = spawn_app().await;
    let c = app.client();
    let token = c.csrf().await;
    let huge = "x".repeat(2 * 1024 * 1024);
    let response = c
        .http
        .post(format!("{}/konto/opret", app.address))
        .form(&[("_csrf", token.as_str()), ("name", huge.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    assert!(response.text().await.unwrap().contains("For stor forespørgsel"));
}

#[tokio::test]
async fn the_site_has_a_favicon_served_with_caching() {
    let app = spawn_app().await;
    for (path, kind) in [("/favicon.ico", "image/x-icon"), ("/favicon.svg", "image/svg+xml")] {
        let response = reqwest::get(format!("{}{path}", app.address)).await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["content-type"], kind);
        assert!(response.headers()["cache-control"].to_str().unwrap().contains("max-age="), "{path}");
        assert!(response.bytes().await.unwrap().len() < 4096, "{path} is small");
    }
    let home = app.client().get("/").await.body;
    assert!(home.contains(r#"<link rel="icon" href="/favicon.svg""#), "{home}");
}

/// Every `Set-Cookie` of a response, by cookie name.
fn set_cookies(response: &reqwest::Response) -> Vec<(String, String)> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .map(|c| (c.split('=').next().unwrap().to_owned(), c))
        .collect()
}

#[tokio::test]
async fn with_secure_cookies_on_every_cookie_is_secure() {
    let app = spawn_app_with(|c| c.secure_cookies = true).await;
    app.user("sikker@example.dk", false).await;
    // A plain client: a cookie jar would not send Secure cookies back over http.
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let first = http.get(format!("{}/", app.address)).send().await.unwrap();
    let mut seen = set_cookies(&first);
    let csrf = seen.iter().find(|(n, _)| n == "rygrad_csrf").expect("a CSRF cookie").1.clone();
    let token = csrf.split(';').next().unwrap().trim_start_matches("rygrad_csrf=").to_owned();
    let post = |path: &str, fields: Vec<(&str, &str)>| {
        http.post(format!("{}{path}", app.address))
            .header("cookie", format!("rygrad_csrf={token}"))
            .form(&[vec![("_csrf", token.as_str())], fields].concat())
            .send()
    };
    seen.extend(set_cookies(&post("/sprog", vec![("lang", "en"), ("return_to", "/")]).await.unwrap()));
    let login = post("/log-ind", vec![("email", "sikker@example.dk"), ("password", PASSWORD)]).await.unwrap();
    assert!(login.status().is_redirection());
    seen.extend(set_cookies(&login));
    for name in ["rygrad_csrf", "rygrad_lang", "rygrad_session"] {
        assert!(seen.iter().any(|(n, _)| n == name), "no {name} cookie in {seen:?}");
    }
    for (name, cookie) in &seen {
        assert!(cookie.contains("; Secure"), "{name} is not Secure: {cookie}");
    }

    // Without the setting (plain http in development) no cookie claims Secure.
    let plain = spawn_app().await;
    let response = reqwest::get(format!("{}/", plain.address)).await.unwrap();
    assert!(set_cookies(&response).iter().all(|(_, c)| !c.contains("Secure")));
}

#[tokio::test]
async fn the_api_sets_no_cookies_while_pages_still_set_the_csrf_cookie() {
    let app = spawn_app().await;
    let api = reqwest::get(format!("{}/api/v1/initiatives", app.address)).await.unwrap();
    assert_eq!(api.status(), 200);
    assert!(api.headers().get("set-cookie").is_none(), "{:?}", api.headers().get("set-cookie"));
    let page = reqwest::get(format!("{}/initiativer", app.address)).await.unwrap();
    assert!(page.headers().get("set-cookie").is_some_and(|c| c.to_str().unwrap().starts_with("rygrad_csrf=")));
}

#[tokio::test]
async fn a_write_through_the_api_clears_the_public_page_cache() {
    use serde_json::json;
    let app = spawn_app().await;
    app.user("admin@example.dk", true).await;
    let token = app.api_token("admin@example.dk").await;
    let anonymous = reqwest::Client::new();
    let list =
        async || anonymous.get(format!("{}/initiativer", app.address)).send().await.unwrap().text().await.unwrap();
    assert!(!list().await.contains("Spisevenner i Ry"), "the page is now cached without it");
    let body = json!({"name": "Spisevenner i Ry", "starts_on": "2026-01-01", "is_public": true});
    let (status, _) = app.client().send_json(reqwest::Method::POST, "/api/v1/initiatives", Some(&token), &body).await;
    assert_eq!(status, 201);
    assert!(list().await.contains("Spisevenner i Ry"), "a page cached before the write was served");
}
