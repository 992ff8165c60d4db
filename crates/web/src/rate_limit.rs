//! Rate limits on login, sign-up, password reset and other abusable forms. Counters live in
//! the database so that every server process sees the same count.

use crate::error::WebError;
use crate::state::AppState;

/// A limit: at most `max` hits per `window_secs` for one key.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub name: &'static str,
    pub max: i64,
    pub window_secs: i64,
}

pub const LOGIN_PER_IP: Limit = Limit { name: "login-ip", max: 20, window_secs: 300 };
pub const LOGIN_PER_ACCOUNT: Limit = Limit { name: "login-account", max: 10, window_secs: 900 };
pub const SIGNUP_PER_IP: Limit = Limit { name: "signup-ip", max: 10, window_secs: 3600 };
pub const RESET_PER_IP: Limit = Limit { name: "reset-ip", max: 10, window_secs: 3600 };
pub const MAIL_PER_ACCOUNT: Limit = Limit { name: "mail-account", max: 5, window_secs: 3600 };

impl AppState {
    /// Counts a hit on `key` (an IP address or a hashed account) and refuses beyond the limit.
    pub async fn check_rate(&self, limit: Limit, key: &str) -> Result<(), WebError> {
        let now = chrono::Utc::now().timestamp();
        let window_start = now - now.rem_euclid(limit.window_secs);
        // Addresses are personal data: the table holds a hash of the key only.
        let key = crate::auth::tokens::hash_token(&format!("{}:{key}", limit.name));
        let hits = self.store.hit_rate_limit(&key, window_start).await?;
        if hits > limit.max {
            return Err(WebError::TooManyRequests);
        }
        Ok(())
    }
}
