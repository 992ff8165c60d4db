//! Pure types and rules of rygrad: no I/O, no async, no SQL.
//!
//! Every concept has the same name here as in `store` and `web`.

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
pub mod text;
pub mod validation;

pub use validation::{FieldError, FieldErrors};
