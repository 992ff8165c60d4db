//! `spawn_app()`: a server on port 0 with its own database and SMTP sink, and a browser-like
//! client (cookies, CSRF token) to drive it.

use crate::smtp_sink::{ReceivedMail, SmtpSink};
use reqwest::StatusCode;
use reqwest::cookie::CookieStore;
use rygrad_store::Store;
use rygrad_web::{AppState, WebConfig};
use std::sync::Arc;
use std::time::Duration;

pub struct TestApp {
    pub address: String,
    pub store: Store,
    pub state: AppState,
    pub smtp: SmtpSink,
    pub database_url: String,
    _dir: Option<TempDir>,
}

/// A directory removed when the test ends.
pub struct TempDir(pub std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        chrono::Utc::now().timestamp_subsec_nanos()
    )
}

pub fn backend() -> &'static str {
    match std::env::var("RYGRAD_TEST_DATABASE").as_deref() {
        Ok("postgres") => "postgres",
        _ => "sqlite",
    }
}

/// A fresh, empty database for one test: its URL and, for SQLite, the directory holding it.
pub async fn fresh_database() -> (String, Option<TempDir>) {
    if backend() == "postgres" {
        let admin_url =
            std::env::var("RYGRAD_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
        let schema = unique("t_");
        let admin = Store::connect(&admin_url).await.expect("PostgreSQL must answer for the postgres run");
        use sea_orm::ConnectionTrait;
        admin.connection().execute_unprepared(&format!("CREATE SCHEMA {schema}")).await.unwrap();
        admin.close().await.unwrap();
        let sep = if admin_url.contains('?') { '&' } else { '?' };
        (format!("{admin_url}{sep}options=-c%20search_path%3D{schema}"), None)
    } else {
        let dir = std::env::temp_dir().join(unique("rygrad-test-"));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}/test.db", dir.display());
        (url, Some(TempDir(dir)))
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(configure: impl FnOnce(&mut WebConfig)) -> TestApp {
    let (database_url, dir) = fresh_database().await;
    let store = Store::connect(&database_url).await.unwrap();
    store.migrate().await.unwrap();
    let smtp = SmtpSink::start().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let mut config = WebConfig {
        base_url: address.clone(),
        smtp_url: Some(format!("smtp://127.0.0.1:{}", smtp.port)),
        worker_poll: Duration::from_millis(200),
        ..WebConfig::default()
    };
    configure(&mut config);
    let state = AppState::new(store.clone(), config).unwrap();
    tokio::spawn(rygrad_web::serve(listener, state.clone()));
    TestApp { address, store, state, smtp, database_url, _dir: dir }
}

impl TestApp {
    pub fn client(&self) -> Client {
        self.client_builder(reqwest::Client::builder())
    }

    /// A browser at `ip`, as a trusted proxy in front of the server would say (the app must trust
    /// 127.0.0.1 as a proxy).
    pub fn client_at(&self, ip: &str) -> Client {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-forwarded-for", ip.parse().unwrap());
        self.client_builder(reqwest::Client::builder().default_headers(headers))
    }

    fn client_builder(&self, builder: reqwest::ClientBuilder) -> Client {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let http = builder.cookie_provider(jar.clone()).redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Client { http, jar, base: self.address.clone() }
    }

    /// Waits for a mail to `to` and returns the newest one.
    pub async fn mail_to(&self, to: &str) -> ReceivedMail {
        for _ in 0..100 {
            if let Some(m) = self.smtp.mails.lock().unwrap().iter().rev().find(|m| m.to.iter().any(|t| t == to)) {
                return m.clone();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no mail to {to} arrived");
    }

    pub fn mail_count(&self, to: &str) -> usize {
        self.smtp.mails.lock().unwrap().iter().filter(|m| m.to.iter().any(|t| t == to)).count()
    }

    /// A confirmed account, created directly in the store.
    pub async fn user(&self, email: &str, admin: bool) -> i64 {
        let hash = rygrad_web::http::auth::password::hash(PASSWORD.into()).await.unwrap();
        self.store
            .create_user(rygrad_store::accounts::NewUser {
                email,
                name: &format!("Test {}", email.split('@').next().unwrap()),
                password_hash: &hash,
                is_admin: admin,
                email_confirmed: true,
            })
            .await
            .unwrap()
            .id
    }

    /// A client logged in as a new confirmed account.
    pub async fn logged_in(&self, email: &str, admin: bool) -> Client {
        self.user(email, admin).await;
        let client = self.client();
        client.login(email, PASSWORD).await;
        client
    }

    pub async fn api_token(&self, email: &str) -> String {
        let user = self.store.user_by_email(email).await.unwrap().unwrap();
        let token = rygrad_web::http::auth::tokens::new_token();
        self.store
            .create_api_token(user.id, &rygrad_web::http::auth::tokens::hash_token(&token), "test")
            .await
            .unwrap();
        token
    }
}

impl TestApp {
    /// Queues a mail straight into the outbox and wakes the worker.
    pub async fn queue_mail(&self, to: &str) {
        use sea_orm::ConnectionTrait;
        use sea_orm::sea_query::Query;
        let insert = Query::insert()
            .into_table("outbox")
            .columns(["to_address", "subject", "body_text", "created_at", "attempts"])
            .values_panic([to.into(), "Emne".into(), "Tekst".into(), chrono::Utc::now().into(), 0.into()])
            .to_owned();
        self.store.connection().execute(&insert).await.unwrap();
        self.state.wake_mailer();
    }

    /// Every row of the outbox, newest first.
    pub async fn outbox(&self) -> Vec<rygrad_store::outbox::OutboxMail> {
        self.store.recent_mail(1000).await.unwrap()
    }

    /// Makes every mail waiting for its next attempt due now, as if the wait had passed.
    pub async fn make_mail_due(&self) {
        use sea_orm::ConnectionTrait;
        use sea_orm::sea_query::{Expr, ExprTrait, Query};
        let due = Query::update()
            .table("outbox")
            .value("next_attempt_at", chrono::Utc::now() - chrono::Duration::seconds(1))
            .and_where(Expr::col("next_attempt_at").is_not_null())
            .to_owned();
        self.store.connection().execute(&due).await.unwrap();
        self.state.wake_mailer();
    }
}

pub const PASSWORD: &str = "korrekt-hest-batteri";

pub struct Client {
    pub http: reqwest::Client,
    jar: Arc<reqwest::cookie::Jar>,
    pub base: String,
}

pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub body: String,
}

impl Page {
    pub fn assert_redirect(&self, to: &str) {
        assert!(self.status.is_redirection(), "expected a redirect, got {}: {}", self.status, self.body);
        assert_eq!(self.location.as_deref(), Some(to));
    }
}

impl Client {
    pub fn jar(&self) -> &reqwest::cookie::Jar {
        &self.jar
    }

    fn url(&self, path: &str) -> String {
        if path.starts_with("http") { path.to_owned() } else { format!("{}{path}", self.base) }
    }

    async fn page(response: reqwest::Response) -> Page {
        Page {
            status: response.status(),
            location: response.headers().get("location").map(|v| v.to_str().unwrap().to_owned()),
            body: response.text().await.unwrap(),
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        Self::page(self.http.get(self.url(path)).send().await.unwrap()).await
    }

    /// The CSRF token from the cookie the site set (a first GET sets it).
    pub async fn csrf(&self) -> String {
        let url: reqwest::Url = self.base.parse().unwrap();
        if self.jar.cookies(&url).is_none() {
            self.get("/").await;
        }
        let cookies = self.jar.cookies(&url).unwrap();
        cookies
            .to_str()
            .unwrap()
            .split("; ")
            .find_map(|c| c.strip_prefix("rygrad_csrf="))
            .expect("the site sets a CSRF cookie")
            .to_owned()
    }

    /// Posts a form with the CSRF token added, as the browser would.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = vec![("_csrf", &token)];
        all.extend_from_slice(fields);
        Self::page(self.http.post(self.url(path)).form(&all).send().await.unwrap()).await
    }

    pub async fn login(&self, email: &str, password: &str) {
        let page = self.post("/log-ind", &[("email", email), ("password", password)]).await;
        assert!(page.status.is_redirection(), "login failed: {} {}", page.status, page.body);
    }

    pub async fn get_json(&self, path: &str, token: Option<&str>) -> (StatusCode, serde_json::Value) {
        let mut request = self.http.get(self.url(path));
        if let Some(t) = token {
            request = request.bearer_auth(t);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(serde_json::Value::Null))
    }

    pub async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: &serde_json::Value,
    ) -> (StatusCode, serde_json::Value) {
        let mut request = self.http.request(method, self.url(path)).json(body);
        if let Some(t) = token {
            request = request.bearer_auth(t);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(serde_json::Value::Null))
    }
}

/// The escaped form of text as it appears in HTML.
/// Runs the `rygrad` binary on `database_url`. Awaited, not blocked on: the test's server runs
/// on the same single-threaded runtime, and a write transaction it holds would otherwise stay
/// open (and the database locked) until the command gave up.
pub async fn rygrad_cli(database_url: &str, args: &[&str]) -> std::process::Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_rygrad"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .output()
        .await
        .unwrap()
}

/// 16:00 UTC, `days` from today: when the API's test meals start.
pub fn meal_start(days: i64) -> chrono::DateTime<chrono::Utc> {
    (chrono::Utc::now() + chrono::Duration::days(days)).date_naive().and_hms_opt(16, 0, 0).unwrap().and_utc()
}

/// A meal for `POST /api/v1/meals` from 16:00 to 19:00 UTC `days` from today, with `fields`
/// (title, place, capacity …) added.
pub fn meal_body(days: i64, fields: serde_json::Value) -> serde_json::Value {
    let starts = meal_start(days);
    let mut body = serde_json::json!({
        "starts_at": starts.to_rfc3339(), "ends_at": (starts + chrono::Duration::hours(3)).to_rfc3339()
    });
    for (field, value) in fields.as_object().unwrap() {
        body[field] = value.clone();
    }
    body
}

pub fn html_escape(s: &str) -> String {
    s.replace('&', "&#38;").replace('<', "&#60;").replace('>', "&#62;").replace('"', "&#34;").replace('\'', "&#39;")
}

/// Creates an initiative through the store; returns its id.
pub async fn initiative(app: &TestApp, slug: &str, is_public: bool) -> i64 {
    let profile = rygrad_domain::initiative::InitiativeInput {
        name: format!("Initiativ {slug}"),
        slug: slug.into(),
        is_public,
        ..Default::default()
    }
    .validate()
    .unwrap();
    app.store.create_initiative(&profile, &rygrad_store::AuditActor::system()).await.unwrap().id
}

pub async fn organisation(app: &TestApp, slug: &str) -> i64 {
    let profile = rygrad_domain::organisation::OrganisationInput {
        name: format!("Organisation {slug}"),
        slug: slug.into(),
        sector: "association".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    app.store.create_organisation(&profile, None, &rygrad_store::AuditActor::system()).await.unwrap().id
}

/// A new organisation that is a member of `initiative_id` since `since` (YYYY-MM-DD): its id and
/// the membership's.
pub async fn member_organisation(app: &TestApp, initiative_id: i64, slug: &str, since: &str) -> (i64, i64) {
    let org = organisation(app, slug).await;
    let membership = app
        .store
        .add_membership(
            initiative_id,
            org,
            rygrad_domain::membership::MembershipRole::Member,
            since.parse().unwrap(),
            &rygrad_store::AuditActor::system(),
        )
        .await
        .unwrap();
    (org, membership.id)
}

/// An initiative `alliancen` with sekretariat@example.dk as backbone staff: the app, the
/// initiative's id and the backbone's token.
pub async fn backbone_alliance(is_public: bool) -> (TestApp, i64, String) {
    backbone_alliance_with(is_public, |_| {}).await
}

/// [`backbone_alliance`] on a server with `configure`d settings.
pub async fn backbone_alliance_with(is_public: bool, configure: impl FnOnce(&mut WebConfig)) -> (TestApp, i64, String) {
    let app = spawn_app_with(configure).await;
    let id = initiative(&app, "alliancen", is_public).await;
    let user = app.user("sekretariat@example.dk", false).await;
    let role = rygrad_domain::invitation::InitiativeRole::Backbone;
    app.store.grant_role(id, user, role, None, &rygrad_store::AuditActor::system()).await.unwrap();
    let token = app.api_token("sekretariat@example.dk").await;
    (app, id, token)
}
