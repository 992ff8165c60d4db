//! People's accounts: e-mail addresses, passwords and display names.

use crate::{FieldError, text};
use std::fmt;

/// An e-mail address, trimmed and lower-cased so that one address is one account.
#[derive(Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(FieldError::new("required"));
        }
        if s.len() > 254 {
            return Err(FieldError::new("too-long"));
        }
        let Some((local, domain)) = s.rsplit_once('@') else {
            return Err(FieldError::new("email-format"));
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && local.chars().all(|c| !c.is_whitespace() && !c.is_control() && !"<>()[],;:\\\"@".contains(c));
        if !domain_ok || !local_ok {
            return Err(FieldError::new("email-format"));
        }
        Ok(Self(s.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A form that is safe for logs: the domain only.
    pub fn redacted(&self) -> String {
        let domain = self.0.rsplit_once('@').map_or("", |(_, d)| d);
        format!("***@{domain}")
    }
}

// Debug must not leak the address into logs.
impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Email({})", self.redacted())
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password as chosen by its owner; never printed.
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 200;

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let n = input.chars().count();
        if n == 0 {
            return Err(FieldError::new("required"));
        }
        if n < Self::MIN_CHARS {
            return Err(FieldError::new("password-short"));
        }
        if n > Self::MAX_CHARS {
            return Err(FieldError::new("too-long"));
        }
        if input.chars().any(char::is_control) {
            return Err(FieldError::new("control-chars"));
        }
        Ok(Self(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// A person's display name.
pub fn parse_person_name(input: &str) -> Result<String, FieldError> {
    text::required_line(input, 120)
}

/// Failed logins one account allows from one source before it has to wait.
pub const FREE_LOGIN_FAILURES: i64 = 5;

/// Seconds to wait after `failures` failed logins of one account from one source: none for the
/// first few (typos), then doubling from 2 s up to 15 minutes. Only that source waits, so a
/// stranger's guessing slows the stranger, never the owner.
pub fn login_delay_secs(failures: i64) -> i64 {
    let over = failures - FREE_LOGIN_FAILURES;
    if over <= 0 { 0 } else { (1i64 << over.min(10)).min(15 * 60) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn failed_logins_slow_down_rather_than_lock() {
        let delays: Vec<i64> = (1..=8).map(login_delay_secs).collect();
        assert_eq!(delays, [0, 0, 0, 0, 0, 2, 4, 8]);
        assert_eq!(login_delay_secs(50), 15 * 60);
        assert_eq!(login_delay_secs(i64::MAX), 15 * 60);
    }

    #[test]
    fn accepts_and_lowercases_addresses() {
        assert_eq!(Email::parse(" Anna.Jensen@Example.DK ").unwrap().as_str(), "anna.jensen@example.dk");
        assert!(Email::parse("søren@æblegård.dk").is_ok());
    }

    #[test]
    fn refuses_malformed_addresses() {
        for bad in ["", "plain", "a@b", "a b@c.dk", "@c.dk", "a@.dk", "a@c..dk", "<a>@c.dk"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn debug_never_shows_the_address() {
        let e = Email::parse("hemmelig@example.dk").unwrap();
        assert_eq!(format!("{e:?}"), "Email(***@example.dk)");
    }

    #[test]
    fn password_rules() {
        assert_eq!(NewPassword::parse("short").unwrap_err().code, "password-short");
        assert!(NewPassword::parse("langt nok kodeord æøå").is_ok());
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC*") {
            let _ = Email::parse(&s);
        }
    }
}
