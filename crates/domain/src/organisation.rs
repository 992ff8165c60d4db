//! Organisations (aktører): the municipality, associations, schools, businesses, foundations and
//! citizens' groups that make up an alliance.

use crate::geo::parse_municipality_code;
use crate::slug::{Slug, name_and_slug};
use crate::{FieldError, FieldErrors, text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sector {
    Municipality,
    Region,
    State,
    Association,
    VolunteerGroup,
    Business,
    Foundation,
    Education,
    CitizensGroup,
}

impl Sector {
    pub const ALL: [Sector; 9] = [
        Sector::Municipality,
        Sector::Region,
        Sector::State,
        Sector::Association,
        Sector::VolunteerGroup,
        Sector::Business,
        Sector::Foundation,
        Sector::Education,
        Sector::CitizensGroup,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Sector::Municipality => "municipality",
            Sector::Region => "region",
            Sector::State => "state",
            Sector::Association => "association",
            Sector::VolunteerGroup => "volunteer_group",
            Sector::Business => "business",
            Sector::Foundation => "foundation",
            Sector::Education => "education",
            Sector::CitizensGroup => "citizens_group",
        }
    }

    pub fn parse(code: &str) -> Result<Self, FieldError> {
        if code.trim().is_empty() {
            return Err(FieldError::new("required"));
        }
        Self::ALL.into_iter().find(|s| s.code() == code.trim()).ok_or(FieldError::new("unknown-choice"))
    }

    /// The sector of a stored code (written from `code()`); an unknown one reads as a citizens'
    /// group, the sector that claims least.
    pub fn of_code(code: &str) -> Self {
        Self::ALL.into_iter().find(|s| s.code() == code).unwrap_or(Sector::CitizensGroup)
    }

    /// The sector codes as a JSON schema (utoipa's `schema_with`): an empty sector is refused.
    #[cfg(feature = "openapi")]
    pub fn schema() -> utoipa::openapi::Object {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::String)
            .enum_values(Some(Self::ALL.map(Sector::code)))
            .build()
    }

    /// The broad group the sector belongs to: public, civil society, private.
    pub fn group(self) -> &'static str {
        match self {
            Sector::Municipality | Sector::Region | Sector::State => "public",
            Sector::Association | Sector::VolunteerGroup | Sector::CitizensGroup => "civil",
            Sector::Business => "business",
            Sector::Foundation => "foundation",
            Sector::Education => "education",
        }
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::required_line_schema::<160>))]
    pub name: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::optional_slug))]
    pub slug: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = Sector::schema, required = true))]
    pub sector: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::optional_municipality_code))]
    pub municipality_code: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::optional_website))]
    pub website: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_text_schema::<5000>))]
    pub description: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrganisationProfile {
    pub name: String,
    pub slug: Slug,
    pub sector: Sector,
    pub municipality_code: Option<String>,
    pub website: Option<String>,
    pub description: String,
}

impl OrganisationInput {
    pub fn validate(&self) -> Result<OrganisationProfile, FieldErrors> {
        let mut errors = FieldErrors::default();
        let (name, slug) = name_and_slug(&mut errors, &self.name, &self.slug);
        let sector = errors.take("sector", Sector::parse(&self.sector));
        let municipality_code = if self.municipality_code.trim().is_empty() {
            Some(None)
        } else {
            errors.take("municipality_code", parse_municipality_code(&self.municipality_code)).map(Some)
        };
        let website = errors.take("website", parse_website(&self.website));
        let description = errors.take("description", text::optional_text(&self.description, 5000));
        match (name, slug, sector, municipality_code, website, description) {
            (Some(name), Some(slug), Some(sector), Some(municipality_code), Some(website), Some(description)) => {
                Ok(OrganisationProfile { name, slug, sector, municipality_code, website, description })
            }
            _ => Err(errors),
        }
    }
}

pub const WEBSITE_MAX_CHARS: usize = 300;

/// An optional http(s) address; "www.example.dk" gets "https://" in front.
pub fn parse_website(input: &str) -> Result<Option<String>, FieldError> {
    let Some(s) = text::optional_line(input, WEBSITE_MAX_CHARS)? else {
        return Ok(None);
    };
    let url = if s.starts_with("http://") || s.starts_with("https://") { s } else { format!("https://{s}") };
    // The address as stored must pass again when the form is saved unchanged.
    if url.chars().count() > WEBSITE_MAX_CHARS {
        return Err(FieldError::new("too-long"));
    }
    let host = url.split("://").nth(1).unwrap_or("").split(['/', '?', '#']).next().unwrap_or("");
    let host_ok = host.contains('.') && host.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.' || c == ':');
    if !host_ok || url.chars().any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>') {
        return Err(FieldError::new("url-format"));
    }
    Ok(Some(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_website_passes_again() {
        let typed = format!("eksempel.dk/{}", "a".repeat(WEBSITE_MAX_CHARS - 20));
        let stored = parse_website(&typed).unwrap().unwrap();
        assert_eq!(parse_website(&stored).unwrap().as_deref(), Some(stored.as_str()));
        let too_long = format!("eksempel.dk/{}", "a".repeat(WEBSITE_MAX_CHARS - 14));
        assert!(too_long.chars().count() <= WEBSITE_MAX_CHARS);
        assert_eq!(parse_website(&too_long).unwrap_err().code, "too-long");
    }

    #[test]
    fn a_stored_sector_reads_back() {
        for s in Sector::ALL {
            assert_eq!(Sector::of_code(s.code()), s);
        }
        assert_eq!(Sector::of_code("guild"), Sector::CitizensGroup);
    }

    #[test]
    fn validates_an_organisation() {
        let p = OrganisationInput {
            name: "Ældre Sagen Ærø".into(),
            sector: "association".into(),
            municipality_code: "0492".into(),
            website: "www.example.dk/ærø".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(p.slug.as_str(), "aeldre-sagen-aeroe");
        assert_eq!(p.website.as_deref(), Some("https://www.example.dk/ærø"));
        assert_eq!(p.sector.group(), "civil");
    }

    #[test]
    fn refuses_bad_fields() {
        let e = OrganisationInput {
            name: "X".into(),
            sector: "mafia".into(),
            website: "javascript:alert(1)".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.get("sector"), Some("unknown-choice"));
        assert_eq!(e.get("website"), Some("url-format"));
    }
}
