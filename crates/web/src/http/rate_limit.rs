//! Rate limits on login, sign-up, password reset and other abusable forms, and the delays after
//! failed logins. Counters live in the database so that every server process sees the same count.

use crate::http::error::WebError;
use crate::http::state::AppState;
use rygrad_domain::account::login_delay_secs;
use std::net::IpAddr;

/// A limit: at most `max` hits per `window_secs` for one key.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub name: &'static str,
    pub max: i64,
    pub window_secs: i64,
}

/// Generous: a school or office behind one address logs in together. Guessing one account is
/// slowed per account and source by [`LoginThrottle`].
pub const LOGIN_PER_IP: Limit = Limit { name: "login-ip", max: 100, window_secs: 300 };
/// Attempts to confirm a signed-in person's password (changing it, deleting the account).
pub const PASSWORD_CHECK_PER_ACCOUNT: Limit = Limit { name: "login-account", max: 10, window_secs: 900 };
pub const SIGNUP_PER_IP: Limit = Limit { name: "signup-ip", max: 10, window_secs: 3600 };
pub const RESET_PER_IP: Limit = Limit { name: "reset-ip", max: 10, window_secs: 3600 };
pub const MAIL_PER_ACCOUNT: Limit = Limit { name: "mail-account", max: 5, window_secs: 3600 };

impl AppState {
    /// Counts a hit on `key` (an IP address or a hashed account) and refuses beyond the limit.
    pub async fn check_rate(&self, limit: Limit, key: &str) -> Result<(), WebError> {
        match self.rate_wait(limit, key).await? {
            Some(_) => Err(WebError::TooManyRequests),
            None => Ok(()),
        }
    }

    /// Counts a hit on `key` and, beyond the limit, the seconds until its window ends, for a
    /// caller that answers the refusal itself.
    pub async fn rate_wait(&self, limit: Limit, key: &str) -> Result<Option<i64>, WebError> {
        let now = chrono::Utc::now().timestamp();
        let into_window = now.rem_euclid(limit.window_secs);
        // Addresses are personal data: the table holds a hash of the key only.
        let key = crate::http::auth::tokens::hash_token(&format!("{}:{key}", limit.name));
        let hits = self.store.hit_rate_limit(&key, now - into_window).await?;
        Ok((hits > limit.max).then_some(limit.window_secs - into_window))
    }
}

/// Where login attempts come from: the address, or for IPv6 its /64 (one household or device
/// gets a whole /64 and can change addresses within it at will).
pub fn source_of(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// Failed logins of one account from one source: a browser the owner logged in from before
/// (its device cookie), else the address. Each source waits for its own failures only.
pub struct LoginThrottle {
    key: String,
}

impl LoginThrottle {
    pub fn new(email: &str, source: &str) -> Self {
        Self { key: crate::http::auth::tokens::hash_token(&format!("login:{email}:{source}")) }
    }

    /// Seconds this source must still wait before trying again, if any.
    pub async fn wait_secs(&self, state: &AppState) -> Result<Option<i64>, WebError> {
        let until = state.store.login_blocked_until(&self.key).await?;
        Ok(until.map(|u| (u - chrono::Utc::now()).num_seconds().max(1)))
    }

    /// Counts a failure; returns the seconds to wait now, if any.
    pub async fn failed(&self, state: &AppState) -> Result<Option<i64>, WebError> {
        let delay = login_delay_secs(state.store.count_login_failure(&self.key).await?);
        if delay == 0 {
            return Ok(None);
        }
        state.store.block_login(&self.key, chrono::Utc::now() + chrono::Duration::seconds(delay)).await?;
        Ok(Some(delay))
    }

    pub async fn succeeded(&self, state: &AppState) -> Result<(), WebError> {
        Ok(state.store.clear_login_failures(&self.key).await?)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_ipv6_source_is_its_64_block() {
        let source = |ip: &str| super::source_of(ip.parse().unwrap());
        assert_eq!(source("192.0.2.7"), "192.0.2.7");
        assert_eq!(source("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(source("2001:db8:1:2:bbbb:cccc:dddd:eeee"), "2001:db8:1:2::/64");
        assert_eq!(source("::ffff:192.0.2.7"), "192.0.2.7");
    }
}
