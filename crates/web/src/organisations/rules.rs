//! What the organisation's pages and its API share: its form input.

use rygrad_domain::organisation::OrganisationInput;
use rygrad_store::entity::organisation;

pub(crate) fn input_of(o: &organisation::Model) -> OrganisationInput {
    OrganisationInput {
        name: o.name.clone(),
        slug: o.slug.clone(),
        sector: o.sector.clone(),
        municipality_code: o.municipality_code.clone().unwrap_or_default(),
        website: o.website.clone().unwrap_or_default(),
        description: o.description.clone(),
    }
}
