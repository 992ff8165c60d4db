//! Inviting a person into an initiative with a role, and the roles a person can hold there.

use crate::account::Email;
use crate::{FieldError, FieldErrors};
use chrono::{DateTime, Utc};

/// A person's role in one initiative. (Platform administrators are a flag on the account; the
/// public holds no role.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InitiativeRole {
    /// Secretariat staff who run the initiative.
    Backbone,
    /// A person acting for one member organisation.
    Member,
}

impl InitiativeRole {
    /// The codes as a JSON schema.
    #[cfg(feature = "openapi")]
    pub fn schema() -> utoipa::openapi::Object {
        crate::api_schema::choice(Self::ALL.map(Self::code))
    }

    pub const ALL: [InitiativeRole; 2] = [InitiativeRole::Backbone, InitiativeRole::Member];

    pub fn code(self) -> &'static str {
        match self {
            InitiativeRole::Backbone => "backbone",
            InitiativeRole::Member => "member",
        }
    }

    pub fn parse(code: &str) -> Result<Self, FieldError> {
        Self::ALL.into_iter().find(|r| r.code() == code.trim()).ok_or(FieldError::new("unknown-choice"))
    }

    /// The role of a stored code (written from `code()`); an unknown one reads as the role
    /// allowed least, a member's.
    pub fn of_code(code: &str) -> Self {
        Self::ALL.into_iter().find(|r| r.code() == code).unwrap_or(InitiativeRole::Member)
    }
}

/// Where an invitation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationStatus {
    Pending,
    Accepted,
    /// Not accepted within its lifetime.
    Expired,
}

impl InvitationStatus {
    pub fn of(accepted: bool, expires_at: DateTime<Utc>, now: DateTime<Utc>) -> Self {
        match accepted {
            true => InvitationStatus::Accepted,
            false if expires_at < now => InvitationStatus::Expired,
            false => InvitationStatus::Pending,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            InvitationStatus::Pending => "pending",
            InvitationStatus::Accepted => "accepted",
            InvitationStatus::Expired => "expired",
        }
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub email: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = InitiativeRole::schema, required = true))]
    pub role: String,
    #[serde(default)]
    pub organisation: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Invitation {
    pub email: Email,
    pub role: InitiativeRole,
    /// Required for members, who always act for an organisation.
    pub organisation_slug: Option<String>,
}

impl InvitationInput {
    pub fn validate(&self) -> Result<Invitation, FieldErrors> {
        let mut errors = FieldErrors::default();
        let email = errors.take("email", Email::parse(&self.email));
        let role = errors.take("role", InitiativeRole::parse(&self.role));
        let organisation = self.organisation.trim();
        let organisation_slug = (!organisation.is_empty()).then(|| organisation.to_owned());
        if role == Some(InitiativeRole::Member) && organisation_slug.is_none() {
            errors.add("organisation", FieldError::new("organisation-required"));
        }
        match (email, role) {
            (Some(email), Some(role)) if errors.is_empty() => Ok(Invitation { email, role, organisation_slug }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invitation_expires_unless_accepted() {
        let now = Utc::now();
        let past = now - chrono::Duration::days(1);
        assert_eq!(InvitationStatus::of(false, now + chrono::Duration::days(1), now), InvitationStatus::Pending);
        assert_eq!(InvitationStatus::of(false, past, now), InvitationStatus::Expired);
        assert_eq!(InvitationStatus::of(true, past, now), InvitationStatus::Accepted);
        assert_eq!(InvitationStatus::Expired.code(), "expired");
    }

    #[test]
    fn a_stored_role_reads_back() {
        for r in InitiativeRole::ALL {
            assert_eq!(InitiativeRole::of_code(r.code()), r);
        }
        assert_eq!(InitiativeRole::of_code("owner"), InitiativeRole::Member);
    }

    #[test]
    fn members_need_an_organisation() {
        let e = InvitationInput { email: "ny@example.dk".into(), role: "member".into(), organisation: "".into() }
            .validate()
            .unwrap_err();
        assert_eq!(e.get("organisation"), Some("organisation-required"));
        assert!(
            InvitationInput { email: "ny@example.dk".into(), role: "backbone".into(), organisation: "".into() }
                .validate()
                .is_ok()
        );
    }
}
