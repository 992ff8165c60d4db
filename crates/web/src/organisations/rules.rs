//! What the organisation's pages and its API share: its form input and who may edit it.

use crate::http::error::WebError;
use crate::http::state::AppState;
use rygrad_domain::organisation::OrganisationInput;
use rygrad_store::organisations::Organisation;

pub(crate) fn input_of(o: &Organisation) -> OrganisationInput {
    OrganisationInput {
        name: o.name.clone(),
        slug: o.slug.clone(),
        sector: o.sector.code().to_owned(),
        municipality_code: o.municipality_code.clone().unwrap_or_default(),
        website: o.website.clone().unwrap_or_default(),
        description: o.description.clone(),
    }
}

/// The alliances an organisation belongs to today, from which the policy decides who may edit
/// it (its own members, those alliances' backbone staff).
pub(crate) async fn edit_scope_of(state: &AppState, organisation_id: i64) -> Result<Vec<i64>, WebError> {
    Ok(state.store.current_initiatives_of_organisation(organisation_id, crate::http::today()).await?)
}
