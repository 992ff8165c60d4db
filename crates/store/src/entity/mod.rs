//! Table rows as sea-orm entities, one file per table.

pub mod activity;
pub mod activity_goal;
pub mod activity_partner;
pub mod activity_track;
pub mod api_token;
pub mod audit_entry;
pub mod campaign;
pub mod commitment;
pub mod delivery;
pub mod email_token;
pub mod goal;
pub mod initiative;
pub mod initiative_municipality;
pub mod initiative_role;
pub mod invitation;
pub mod job_run;
pub mod meal;
pub mod membership;
pub mod organisation;
pub mod outbox_mail;
pub mod rate_limit;
pub mod session;
pub mod signup;
pub mod track;
pub mod user;
