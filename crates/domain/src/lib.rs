//! Pure types and rules of rygrad: no I/O, no async, no SQL.
//!
//! Every concept has the same name here as in `store` and `web`.

/// Gives a field-less enum its codes, as stored and as sent: `ALL` (in order), `code()`,
/// `parse()` (a code with spaces around it; `unknown-choice` for any other) and `of_code()` (a
/// stored code; `unknown` for one that was never written).
macro_rules! codes {
    ($name:ident, unknown: $unknown:ident, [$($variant:ident = $code:literal),+ $(,)?]) => {
        impl $name {
            pub const ALL: [$name; [$($code),+].len()] = [$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            pub fn parse(code: &str) -> Result<Self, $crate::FieldError> {
                let code = code.trim();
                Self::ALL.into_iter().find(|v| v.code() == code).ok_or($crate::FieldError::new("unknown-choice"))
            }

            pub fn of_code(code: &str) -> Self {
                Self::parse(code).unwrap_or($name::$unknown)
            }
        }
    };
}

pub mod account;
pub mod activity;
#[cfg(feature = "openapi")]
pub mod api_schema;
pub mod background_job;
pub mod campaign;
pub mod cluster;
pub mod format;
pub mod geo;
pub mod goal;
pub mod indicator;
pub mod indicator_import;
pub mod indicator_stats;
pub mod initiative;
pub mod invitation;
pub mod knowledge_base;
pub mod mail;
pub mod meal;
pub mod meeting;
pub mod membership;
pub mod organisation;
pub mod policy;
pub mod relay;
pub mod signup;
pub mod slug;
pub mod statbank;
pub mod survey;
pub mod survey_feed;
pub mod survey_stats;
pub mod survey_templates;
pub mod text;
pub mod validation;

pub use validation::{FieldError, FieldErrors};
