//! Settings of the web layer; the binary fills them from flags and the environment.

use axum::http::HeaderValue;
use std::net::IpAddr;
use tower_sessions::cookie::time::Duration;
use tower_sessions::cookie::{Cookie, SameSite};

#[derive(Clone)]
pub struct WebConfig {
    /// Demo mode: the login page lists the demo users.
    pub demo: bool,
    /// The address people reach the site at, for links in mail.
    pub base_url: String,
    /// `smtp://user:pass@host:587`; without it mail stays in the outbox page.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// Cookies with `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// Days after a meal that its guests' names, addresses and notes are deleted.
    pub guest_data_days: i64,
    /// Days sent mail is kept (then it is deleted, with its recipient and text).
    pub sent_mail_days: i64,
    /// How often the mail worker looks for work when nobody wakes it (other processes' mail).
    pub worker_poll: std::time::Duration,
    /// A map tile URL template (`https://tile.example.org/{z}/{x}/{y}.png`); without it maps show
    /// the embedded municipality borders only and need no other server.
    pub tile_url: Option<String>,
    /// Credit line the tile provider asks for, shown in the map's corner.
    pub tile_attribution: String,
    /// Statistics Denmark's StatBank API, which indicator connectors fetch tables from.
    pub statbank_url: String,
    /// How long a connector waits for StatBank's answer.
    pub statbank_timeout: std::time::Duration,
}

impl WebConfig {
    /// A site-wide `Set-Cookie` value (path `/`, SameSite=Lax, HttpOnly as asked) that is
    /// `Secure` whenever the session cookie is; `max_age_days` None lasts the browser session.
    pub fn cookie(&self, name: &str, value: &str, max_age_days: Option<i64>, http_only: bool) -> HeaderValue {
        let mut cookie = Cookie::build((name, value))
            .path("/")
            .http_only(http_only)
            .same_site(SameSite::Lax)
            .secure(self.secure_cookies);
        if let Some(days) = max_age_days {
            cookie = cookie.max_age(Duration::days(days));
        }
        // Names and values are ours (tokens, language codes): always valid header text.
        HeaderValue::from_str(&cookie.to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
    }

    /// Mail is shown on the site (and not sent) when no SMTP server is configured.
    pub fn outbox_page_enabled(&self) -> bool {
        self.smtp_url.is_none()
    }
}

// The SMTP URL may hold a password: never print it.
impl std::fmt::Debug for WebConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebConfig")
            .field("demo", &self.demo)
            .field("base_url", &self.base_url)
            .field("smtp_url", &self.smtp_url.as_ref().map(|_| "***"))
            .field("trusted_proxies", &self.trusted_proxies)
            .field("secure_cookies", &self.secure_cookies)
            .field("statbank_url", &self.statbank_url)
            .finish()
    }
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            demo: false,
            base_url: "http://127.0.0.1:8080".into(),
            smtp_url: None,
            mail_from: "rygrad <noreply@rygrad.local>".into(),
            trusted_proxies: Vec::new(),
            secure_cookies: false,
            worker_poll: std::time::Duration::from_secs(5),
            guest_data_days: 30,
            sent_mail_days: 7,
            tile_url: None,
            tile_attribution: String::new(),
            statbank_url: "https://api.statbank.dk/v1".into(),
            statbank_timeout: std::time::Duration::from_secs(30),
        }
    }
}
