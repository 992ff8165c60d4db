//! What the agenda's pages and its API share: a track's input checked, with its lead
//! organisation looked up by slug.

use crate::http::error::WebError;
use crate::http::state::AppState;
use rygrad_domain::goal::{TrackInput, TrackPlan};
use rygrad_domain::{FieldError, FieldErrors};

/// Validates a track and finds its lead organisation: the plan and the lead's id, or the field
/// errors (an unknown lead among them).
pub async fn check_track(
    state: &AppState,
    input: &TrackInput,
) -> Result<Result<(TrackPlan, Option<i64>), FieldErrors>, WebError> {
    let plan = match input.validate() {
        Ok(plan) => plan,
        Err(errors) => return Ok(Err(errors)),
    };
    let lead = match &plan.lead_organisation {
        Some(slug) => match state.store.organisation_by_slug(slug).await? {
            Some(o) => Some(o.id),
            None => {
                let mut errors = FieldErrors::default();
                errors.add("lead_organisation", FieldError::new("unknown-organisation"));
                return Ok(Err(errors));
            }
        },
        None => None,
    };
    Ok(Ok((plan, lead)))
}
