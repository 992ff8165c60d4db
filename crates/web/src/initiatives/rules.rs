//! What the initiative's pages and its API share: who may see an initiative (a private one is
//! "not found" to others), the policy scope of an initiative, and its form input.

use crate::http::error::WebError;
use crate::http::state::AppState;
use rygrad_domain::initiative::InitiativeInput;
use rygrad_domain::policy::{Action, Actor, InitiativeScope, allows};
use rygrad_store::initiatives::Initiative;
use rygrad_store::organisations::Organisation;
use std::collections::HashMap;

/// The audit log is read this many entries at a time.
pub(crate) const LOG_PAGE_SIZE: u64 = 100;

pub fn scope(i: &Initiative) -> InitiativeScope {
    InitiativeScope { id: i.row.id, is_public: i.row.is_public }
}

/// The initiative at `slug`, if the actor may see it; a private one is "not found" to others.
pub(crate) async fn visible(state: &AppState, actor: &Actor, slug: &str) -> Result<Initiative, WebError> {
    let initiative = state.store.initiative_by_slug(slug).await?.ok_or(WebError::NotFound)?;
    seen_by(initiative, actor)
}

/// The same for an initiative known by its id (that of a commitment or a campaign).
pub(crate) async fn visible_by_id(state: &AppState, actor: &Actor, id: i64) -> Result<Initiative, WebError> {
    let initiative = state.store.initiative(id).await?.ok_or(WebError::NotFound)?;
    seen_by(initiative, actor)
}

fn seen_by(initiative: Initiative, actor: &Actor) -> Result<Initiative, WebError> {
    if allows(actor, &Action::ViewInitiative(scope(&initiative))) { Ok(initiative) } else { Err(WebError::NotFound) }
}

pub(crate) fn input_of(i: &Initiative) -> InitiativeInput {
    InitiativeInput {
        name: i.row.name.clone(),
        slug: i.row.slug.clone(),
        problem_statement: i.row.problem_statement.clone(),
        vision: i.row.vision.clone(),
        guiding_principles: i.row.guiding_principles.clone(),
        municipalities: i.municipalities.clone(),
        starts_on: i.row.starts_on.map(|d| d.to_string()).unwrap_or_default(),
        ends_on: i.row.ends_on.map(|d| d.to_string()).unwrap_or_default(),
        is_public: i.row.is_public,
    }
}

/// The organisations that can take part: the alliance's current members.
pub(crate) async fn alliance(state: &AppState, initiative_id: i64) -> Result<Vec<Organisation>, WebError> {
    let today = crate::http::today();
    let mut orgs: Vec<Organisation> = state
        .store
        .memberships_of_initiative(initiative_id)
        .await?
        .into_iter()
        .filter(|(m, _)| rygrad_domain::membership::is_active(m.starts_on, m.ends_on, today))
        .map(|(_, o)| o)
        .collect();
    orgs.sort_by(|a, b| a.name_search.cmp(&b.name_search));
    orgs.dedup_by_key(|o| o.id);
    Ok(orgs)
}

/// Organisation slugs by id: the alliance's members in one query, any other organisation named
/// one by one (rare: former members are members too).
pub(crate) async fn slugs(
    state: &AppState,
    initiative_id: i64,
    named: Vec<i64>,
) -> Result<HashMap<i64, String>, WebError> {
    let mut map: HashMap<i64, String> =
        state.store.memberships_of_initiative(initiative_id).await?.into_iter().map(|(_, o)| (o.id, o.slug)).collect();
    for id in named {
        if !map.contains_key(&id)
            && let Some(o) = state.store.organisation(id).await?
        {
            map.insert(id, o.slug);
        }
    }
    Ok(map)
}
