//! A collective impact initiative: its profile as edited by its backbone staff.

use crate::geo::parse_municipality_code;
use crate::slug::{Slug, name_and_slug};
use crate::{FieldError, FieldErrors, text};
use chrono::NaiveDate;

/// What a form or an API call submits for an initiative's profile, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InitiativeInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::required_line_schema::<160>))]
    pub name: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::optional_slug))]
    pub slug: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_text_schema::<LONG_TEXT_MAX>))]
    pub problem_statement: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_text_schema::<LONG_TEXT_MAX>))]
    pub vision: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_text_schema::<LONG_TEXT_MAX>))]
    pub guiding_principles: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::municipality_codes))]
    pub municipalities: Vec<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::optional_date))]
    pub starts_on: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::optional_date))]
    pub ends_on: String,
    #[serde(default)]
    pub is_public: bool,
}

/// A validated profile.
#[derive(Debug, Clone, PartialEq)]
pub struct InitiativeProfile {
    pub name: String,
    pub slug: Slug,
    pub is_public: bool,
    /// Where and when it works.
    pub municipalities: Vec<String>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    /// The statements the knowledge base keeps every revision of.
    pub problem_statement: String,
    pub vision: String,
    pub guiding_principles: String,
}

pub const LONG_TEXT_MAX: usize = 20_000;

impl InitiativeInput {
    pub fn validate(&self) -> Result<InitiativeProfile, FieldErrors> {
        let mut errors = FieldErrors::default();
        let (name, slug) = name_and_slug(&mut errors, &self.name, &self.slug);
        let problem_statement =
            errors.take("problem_statement", text::optional_text(&self.problem_statement, LONG_TEXT_MAX));
        let vision = errors.take("vision", text::optional_text(&self.vision, LONG_TEXT_MAX));
        let guiding_principles =
            errors.take("guiding_principles", text::optional_text(&self.guiding_principles, LONG_TEXT_MAX));
        let mut municipalities = Vec::new();
        for code in self.municipalities.iter().filter(|c| !c.trim().is_empty()) {
            if let Some(code) = errors.take("municipalities", parse_municipality_code(code))
                && !municipalities.contains(&code)
            {
                municipalities.push(code);
            }
        }
        municipalities.sort();
        let period = parse_optional_period(&mut errors, &self.starts_on, &self.ends_on);
        match (name, slug, problem_statement, vision, guiding_principles, period) {
            (
                Some(name),
                Some(slug),
                Some(problem_statement),
                Some(vision),
                Some(guiding_principles),
                Some((starts_on, ends_on)),
            ) if errors.is_empty() => Ok(InitiativeProfile {
                name,
                slug,
                problem_statement,
                vision,
                guiding_principles,
                municipalities,
                starts_on,
                ends_on,
                is_public: self.is_public,
            }),
            _ => Err(errors),
        }
    }
}

/// An ISO date (`2026-04-25`, as `<input type="date">` sends) or a Danish one (`25.04.2026`,
/// `25-04-2026`); empty is `None`.
pub fn parse_optional_date(input: &str) -> Result<Option<NaiveDate>, FieldError> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    for format in ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, format) {
            return if (1900..=2200).contains(&chrono::Datelike::year(&d)) {
                Ok(Some(d))
            } else {
                Err(FieldError::new("date-range"))
            };
        }
    }
    Err(FieldError::new("date-format"))
}

pub fn parse_required_date(input: &str) -> Result<NaiveDate, FieldError> {
    parse_optional_date(input)?.ok_or(FieldError::new("required"))
}

/// A period whose start and end may each be left empty; an end before the start is refused.
/// `None` when a date cannot be read; what is wrong goes into `errors`.
pub fn parse_optional_period(
    errors: &mut FieldErrors,
    starts_on: &str,
    ends_on: &str,
) -> Option<(Option<NaiveDate>, Option<NaiveDate>)> {
    let starts_on = errors.take("starts_on", parse_optional_date(starts_on));
    let ends_on = errors.take("ends_on", parse_optional_date(ends_on));
    if let (Some(Some(s)), Some(Some(e))) = (starts_on, ends_on)
        && e < s
    {
        errors.add("ends_on", FieldError::new("end-before-start"));
    }
    Some((starts_on?, ends_on?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> InitiativeInput {
        InitiativeInput {
            name: "Børn i trivsel".into(),
            municipalities: vec!["0101".into(), "0101".into(), "".into()],
            starts_on: "2026-01-01".into(),
            ends_on: "31.12.2028".into(),
            is_public: true,
            ..Default::default()
        }
    }

    #[test]
    fn derives_slug_and_dedupes_municipalities() {
        let p = input().validate().unwrap();
        assert_eq!(p.slug.as_str(), "boern-i-trivsel");
        assert_eq!(p.municipalities, vec!["0101"]);
        assert_eq!(p.ends_on, NaiveDate::from_ymd_opt(2028, 12, 31));
    }

    #[test]
    fn reports_every_bad_field() {
        let bad = InitiativeInput {
            name: "".into(),
            slug: "Ugyldig slug".into(),
            municipalities: vec!["9999".into()],
            starts_on: "2027-01-01".into(),
            ends_on: "2026-01-01".into(),
            ..Default::default()
        };
        let e = bad.validate().unwrap_err();
        assert_eq!(e.get("name"), Some("required"));
        assert_eq!(e.get("slug"), Some("slug-format"));
        assert_eq!(e.get("municipalities"), Some("unknown-municipality"));
        assert_eq!(e.get("ends_on"), Some("end-before-start"));
    }

    #[test]
    fn dates() {
        assert_eq!(parse_optional_date("").unwrap(), None);
        assert_eq!(parse_optional_date("2026-13-01").unwrap_err().code, "date-format");
        assert_eq!(parse_optional_date("0001-01-01").unwrap_err().code, "date-range");
        assert!(parse_optional_date("25.04.2026").unwrap().is_some());
    }
}
