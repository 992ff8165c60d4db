//! Every hostile and unusual string of the shared corpus, fed to a form and to the API: stored
//! and shown back exactly (escaped), or refused with a message — never a 500.

use crate::helpers::*;

fn corpus() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/strings");
    let mut all = Vec::new();
    for file in ["blns.json", "danish_samples.json"] {
        let text = std::fs::read_to_string(format!("{dir}/{file}")).unwrap_or_else(|e| panic!("{dir}/{file}: {e}"));
        let strings: Vec<String> = serde_json::from_str(&text).unwrap();
        all.extend(strings);
    }
    assert!(all.len() > 600, "the corpus has {} strings", all.len());
    all
}

#[tokio::test]
async fn hostile_strings_in_the_organisation_form() {
    let app = spawn_app().await;
    let admin = app.logged_in("admin@example.dk", true).await;
    let mut stored = 0;
    let mut refused = 0;
    for (i, s) in corpus().iter().enumerate() {
        let slug = format!("h{i}");
        let page = admin
            .post("/organisationer/ny", &[("name", s), ("slug", &slug), ("sector", "association"), ("description", s)])
            .await;
        match page.status.as_u16() {
            303 => {
                stored += 1;
                let shown = app.client().get(&format!("/organisationer/{slug}")).await;
                assert_eq!(shown.status, 200, "string {i}: {s:?}");
                let expected = html_escape(s.trim());
                assert!(shown.body.contains(&format!("<h1>{expected}</h1>")), "string {i} not shown exactly: {s:?}");
            }
            422 => {
                refused += 1;
                assert!(page.body.contains("class=\"error\""), "string {i} refused without a message: {s:?}");
            }
            other => panic!("string {i} {s:?} gave {other}"),
        }
        let search = app.client().get(&format!("/organisationer?q={}", urlencoding(s))).await;
        assert_eq!(search.status, 200, "search for string {i}: {s:?}");
    }
    assert!(stored > 400, "stored {stored}, refused {refused}");
}

#[tokio::test]
async fn hostile_strings_through_the_api() {
    let app = spawn_app().await;
    app.user("admin@example.dk", true).await;
    let token = app.api_token("admin@example.dk").await;
    let c = app.client();
    let mut stored = 0;
    for (i, s) in corpus().iter().enumerate() {
        let slug = format!("api-{i}");
        let (status, body) = c
            .send_json(
                reqwest::Method::POST,
                "/api/v1/initiatives",
                Some(&token),
                &serde_json::json!({"name": s, "slug": slug, "problem_statement": s, "vision": s, "is_public": true}),
            )
            .await;
        match status.as_u16() {
            201 => {
                stored += 1;
                let (status, got) = c.get_json(&format!("/api/v1/initiatives/{slug}"), None).await;
                assert_eq!(status, 200);
                assert_eq!(got["name"].as_str(), Some(s.trim()), "string {i}");
                assert_eq!(got["problem_statement"].as_str(), Some(s.trim()), "string {i}");
                let page = c.get(&format!("/initiativer/{slug}")).await;
                let h1 = page.body.split("<h1>").nth(1).and_then(|b| b.split("</h1>").next()).unwrap_or("");
                assert_eq!(h1, html_escape(s.trim()), "string {i} on the page");
            }
            422 => {
                assert_eq!(body["error"], "validation", "string {i}");
                assert!(body["messages"].as_object().is_some_and(|m| !m.is_empty()));
            }
            other => panic!("string {i} {s:?} gave {other}: {body}"),
        }
    }
    assert!(stored > 400, "stored {stored}");
}

fn urlencoding(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

#[tokio::test]
async fn hostile_strings_in_account_and_membership_forms() {
    let app = spawn_app().await;
    let admin = app.logged_in("admin@example.dk", true).await;
    let initiative_id = initiative(&app, "alliance", true).await;
    for (i, s) in corpus().iter().enumerate() {
        // the account name
        let page = admin.post("/konto/navn", &[("name", s)]).await;
        match page.status.as_u16() {
            303 => {
                let account = admin.get("/konto").await.body;
                assert!(account.contains(&format!("value=\"{}\"", html_escape(s.trim()))), "string {i}: {s:?}");
            }
            422 => assert!(page.body.contains("class=\"error\""), "string {i}"),
            other => panic!("string {i} {s:?} gave {other}"),
        }
        // a membership's reason for leaving, and an invitation's address
        let (_, membership) = member_organisation(&app, initiative_id, &format!("o{i}"), "2025-01-01").await;
        let page = admin
            .post(
                &format!("/initiativer/alliance/medlemmer/{}/udtraed", membership),
                &[("ends_on", "2025-12-31"), ("reason", s)],
            )
            .await;
        assert!(matches!(page.status.as_u16(), 303 | 422), "string {i} {s:?} gave {}", page.status);
        let page = admin.post("/initiativer/alliance/invitationer", &[("email", s), ("role", "backbone")]).await;
        assert!(matches!(page.status.as_u16(), 303 | 422), "string {i} {s:?} gave {}", page.status);
    }
    let public = app.client().get("/initiativer/alliance").await;
    assert_eq!(public.status, 200);
}

#[tokio::test]
async fn form_text_that_is_not_utf8_is_refused_never_stored_garbled() {
    let app = spawn_app().await;
    let c = app.client();
    let token = c.csrf().await;
    let post = |body: String| {
        c.http
            .post(format!("{}/konto/opret", app.address))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    let fields = "email=garbled%40example.dk&password=langt-nok-kodeord";
    for bad in [format!("name=%FF%FE&{fields}"), format!("name=Ok&%C3=x&{fields}")] {
        let response = post(format!("_csrf={token}&{bad}")).await.unwrap();
        assert_eq!(response.status(), 400, "{bad}");
        assert!(response.text().await.unwrap().contains("ikke er gyldig tekst"), "{bad}");
    }
    let raw =
        [format!("_csrf={token}&name=").into_bytes(), vec![0xC3, 0x28], format!("&{fields}").into_bytes()].concat();
    let response = c
        .http
        .post(format!("{}/konto/opret", app.address))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(raw)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400, "raw bytes that are not UTF-8");
    assert!(app.store.user_by_email("garbled@example.dk").await.unwrap().is_none(), "nothing was stored");
    // Danish letters, percent-encoded as UTF-8, are text as ever.
    post(format!("_csrf={token}&name=S%C3%B8ren+%C3%86bel%C3%B8&{fields}")).await.unwrap();
    let user = app.store.user_by_email("garbled@example.dk").await.unwrap().unwrap();
    assert_eq!(user.name, "Søren Æbelø");
}

#[tokio::test]
async fn multipart_text_that_is_not_utf8_is_refused() {
    let app = spawn_app().await;
    organisation(&app, "klubben").await;
    let admin = app.logged_in("admin@example.dk", true).await;
    let form = reqwest::multipart::Form::new()
        .text("_csrf", admin.csrf().await)
        .part("url", reqwest::multipart::Part::bytes(vec![b'h', 0xFF, 0xFE]));
    let response = admin
        .http
        .post(format!("{}/organisationer/klubben/importer", app.address))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("ikke er gyldig tekst"));
}
