//! An organisation's membership of an alliance, with its history: members leave (*udtrådt*)
//! and the record of when and why stays.

use crate::initiative::{parse_optional_date, parse_required_date};
use crate::{FieldError, FieldErrors, text};
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MembershipRole {
    Chair,
    ViceChair,
    Member,
    Secretariat,
}

impl MembershipRole {
    /// The codes as a JSON schema.
    #[cfg(feature = "openapi")]
    pub fn schema() -> utoipa::openapi::Object {
        crate::api_schema::choice(Self::ALL.map(Self::code))
    }

    pub const ALL: [MembershipRole; 4] =
        [MembershipRole::Chair, MembershipRole::ViceChair, MembershipRole::Member, MembershipRole::Secretariat];

    pub fn code(self) -> &'static str {
        match self {
            MembershipRole::Chair => "chair",
            MembershipRole::ViceChair => "vice_chair",
            MembershipRole::Member => "member",
            MembershipRole::Secretariat => "secretariat",
        }
    }

    pub fn parse(code: &str) -> Result<Self, FieldError> {
        Self::ALL.into_iter().find(|r| r.code() == code.trim()).ok_or(FieldError::new("unknown-choice"))
    }

    /// The role of a stored code (written from `code()`); an unknown one reads as a plain member.
    pub fn of_code(code: &str) -> Self {
        Self::ALL.into_iter().find(|r| r.code() == code).unwrap_or(MembershipRole::Member)
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JoinInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::required_line_schema::<80>, required = true))]
    pub organisation: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = MembershipRole::schema, required = true))]
    pub role: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::date, required = true))]
    pub starts_on: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Join {
    pub organisation_slug: String,
    pub role: MembershipRole,
    pub starts_on: NaiveDate,
}

impl JoinInput {
    pub fn validate(&self) -> Result<Join, FieldErrors> {
        let mut errors = FieldErrors::default();
        let organisation = errors.take("organisation", text::required_line(&self.organisation, 80));
        let role = errors.take("role", MembershipRole::parse(&self.role));
        let starts_on = errors.take("starts_on", parse_required_date(&self.starts_on));
        match (organisation, role, starts_on) {
            (Some(organisation_slug), Some(role), Some(starts_on)) => Ok(Join { organisation_slug, role, starts_on }),
            _ => Err(errors),
        }
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeaveInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::date, required = true))]
    pub ends_on: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_text_schema::<1000>))]
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Leave {
    pub ends_on: NaiveDate,
    pub reason: String,
}

impl LeaveInput {
    /// A member leaves no earlier than it joined.
    pub fn validate(&self, joined_on: NaiveDate) -> Result<Leave, FieldErrors> {
        let mut errors = FieldErrors::default();
        let ends_on = errors.take("ends_on", parse_required_date(&self.ends_on));
        let reason = errors.take("reason", text::optional_text(&self.reason, 1000));
        if let Some(end) = ends_on
            && end < joined_on
        {
            errors.add("ends_on", FieldError::new("end-before-start"));
        }
        match (ends_on, reason) {
            (Some(ends_on), Some(reason)) if errors.is_empty() => Ok(Leave { ends_on, reason }),
            _ => Err(errors),
        }
    }
}

/// Whether a membership counts on a given day. The end date is the day the member left
/// (*udtrådt*), so from that day on it is a former member.
pub fn is_active(starts_on: NaiveDate, ends_on: Option<NaiveDate>, on: NaiveDate) -> bool {
    starts_on <= on && !has_left(ends_on, on)
}

/// Whether a member has left by a given day (a membership that starts later has not).
pub fn has_left(ends_on: Option<NaiveDate>, on: NaiveDate) -> bool {
    ends_on.is_some_and(|end| end <= on)
}

/// Used by forms that accept an optional date for "today".
pub fn date_or_today(input: &str, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    Ok(parse_optional_date(input)?.unwrap_or(today))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_stored_role_reads_back() {
        for r in MembershipRole::ALL {
            assert_eq!(MembershipRole::of_code(r.code()), r);
        }
        assert_eq!(MembershipRole::of_code("patron"), MembershipRole::Member);
    }

    #[test]
    fn leaving_before_joining_is_refused() {
        let e = LeaveInput { ends_on: "2025-01-01".into(), reason: "Ny stilling".into() }
            .validate(d("2026-01-01"))
            .unwrap_err();
        assert_eq!(e.get("ends_on"), Some("end-before-start"));
    }

    #[test]
    fn activity_window() {
        assert!(is_active(d("2026-01-01"), None, d("2026-06-01")));
        assert!(is_active(d("2026-01-01"), Some(d("2026-06-01")), d("2026-05-31")));
        assert!(!is_active(d("2026-01-01"), Some(d("2026-06-01")), d("2026-06-02")));
        assert!(!is_active(d("2026-01-01"), None, d("2025-12-31")));
    }

    #[test]
    fn a_member_that_leaves_today_is_former_from_today() {
        assert!(!is_active(d("2026-01-01"), Some(d("2026-06-01")), d("2026-06-01")));
        assert!(has_left(Some(d("2026-06-01")), d("2026-06-01")));
        assert!(!has_left(Some(d("2026-06-02")), d("2026-06-01")));
        assert!(!has_left(None, d("2026-06-01")));
    }

    #[test]
    fn join_needs_all_fields() {
        let e = JoinInput::default().validate().unwrap_err();
        assert_eq!(e.get("organisation"), Some("required"));
        assert_eq!(e.get("role"), Some("unknown-choice"));
        assert_eq!(e.get("starts_on"), Some("required"));
    }
}
