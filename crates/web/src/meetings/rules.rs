//! What the meeting's pages and its API share: an action item's checks and policy scope,
//! participants, and a meeting's form input.

use crate::http::error::WebError;
use crate::http::state::AppState;
use chrono::Utc;
use rygrad_domain::format::local_date;
use rygrad_domain::meeting::{ActionItemInput, ActionItemPlan, MeetingInput};
use rygrad_domain::policy::ActionItemScope;
use rygrad_domain::{FieldError, FieldErrors};
use rygrad_store::meetings::{ActionItem, Meeting};
use rygrad_store::organisations::Organisation;

/// Validates an action item against its meeting and finds its organisation, which must be a
/// current member of the alliance: the plan and the organisation's id, or the field errors.
/// Checks a new action item, or an edit of `current`: an edit may keep an organisation that has
/// left the alliance since, and a due date set before the meeting was moved.
pub async fn check_action_item(
    state: &AppState,
    meeting: &Meeting,
    input: &ActionItemInput,
    current: Option<&ActionItem>,
) -> Result<Result<(ActionItemPlan, i64), FieldErrors>, WebError> {
    let slug = input.organisation.trim();
    let org = alliance_with(state, meeting.initiative_id, current.map(|i| i.organisation_id))
        .await?
        .into_iter()
        .find(|o| o.slug == slug);
    let meeting_day = local_date(meeting.plan.starts_at);
    let (plan, mut errors) = split(input.validate(current.map_or(meeting_day, |i| meeting_day.min(i.due_on))));
    if org.is_none() && !slug.is_empty() {
        errors.add("organisation", FieldError::new("organisation-not-in-alliance"));
    }
    Ok(match (plan, org) {
        (Some(plan), Some(org)) if errors.is_empty() => Ok((plan, org.id)),
        _ => Err(errors),
    })
}

pub fn item_scope(row: &ActionItem) -> ActionItemScope {
    ActionItemScope { initiative_id: row.initiative_id, organisation_id: row.organisation_id }
}

/// Looks up participants by slug; an unknown one is a field error.
pub async fn participant_ids(
    state: &AppState,
    slugs: &[String],
    errors: &mut FieldErrors,
) -> Result<Vec<i64>, WebError> {
    let mut ids = Vec::new();
    for slug in slugs {
        match state.store.organisation_by_slug(slug).await? {
            Some(o) => ids.push(o.id),
            None => errors.add("participants", FieldError::new("unknown-organisation")),
        }
    }
    Ok(ids)
}

/// A validation result as the plan (if any) and errors that more checks can add to.
pub fn split<T>(result: Result<T, FieldErrors>) -> (Option<T>, FieldErrors) {
    match result {
        Ok(plan) => (Some(plan), FieldErrors::default()),
        Err(errors) => (None, errors),
    }
}

/// A meeting as its form shows it, to edit.
pub(crate) fn input_of(m: &Meeting) -> MeetingInput {
    let local = |t: chrono::DateTime<Utc>| t.with_timezone(&chrono_tz::Europe::Copenhagen);
    let plan = &m.plan;
    MeetingInput {
        title: plan.title.clone(),
        kind: plan.kind.code().into(),
        working_group: plan.working_group.clone(),
        date: local(plan.starts_at).date_naive().to_string(),
        starts_at: local(plan.starts_at).format("%H:%M").to_string(),
        ends_at: local(plan.ends_at).format("%H:%M").to_string(),
        place: plan.place.clone(),
        link: plan.link.clone().unwrap_or_default(),
        agenda: plan.agenda.clone(),
        minutes: plan.minutes.clone(),
        participants: plan.participants.clone(),
    }
}

/// The alliance, plus the organisation an existing item is given to if it has left since.
pub(crate) async fn alliance_with(
    state: &AppState,
    initiative_id: i64,
    current: Option<i64>,
) -> Result<Vec<Organisation>, WebError> {
    let mut orgs = crate::initiatives::rules::alliance(state, initiative_id).await?;
    if let Some(id) = current.filter(|id| !orgs.iter().any(|o| o.id == *id))
        && let Some(org) = state.store.organisation(id).await?
    {
        orgs.push(org);
    }
    Ok(orgs)
}
