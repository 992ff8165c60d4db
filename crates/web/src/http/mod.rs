//! Plumbing that every concept uses and none owns: the state and its settings, errors, the
//! page actor and sessions, forms and their field errors, CSRF and security headers, client
//! addresses and rate limits, the page cache, translations, mail, CSV and XLSX writers, and
//! background jobs. Nothing here knows a concept's rules.

pub mod auth;
pub(crate) mod client_ip;
pub mod config;
pub(crate) mod error;
pub(crate) mod export;
pub(crate) mod form;
pub mod i18n;
pub mod jobs;
pub mod mail;
pub(crate) mod page;
pub(crate) mod page_cache;
pub(crate) mod rate_limit;
pub(crate) mod security;
pub(crate) mod state;

/// Today's date in Copenhagen, the day every date rule of the product counts in.
pub fn today() -> chrono::NaiveDate {
    rygrad_domain::format::local_date(chrono::Utc::now())
}
