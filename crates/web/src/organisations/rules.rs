//! What the organisation's pages and its API share: its form input.

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
