//! A guest's sign-up for a meal: what the guest types, checked.

use crate::account::{Email, parse_person_name};
use crate::{FieldError, FieldErrors, text};

/// A sign-up: a seat, a place on the waiting list, or given up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignupStatus {
    Confirmed,
    Waitlisted,
    Cancelled,
}

impl SignupStatus {
    pub fn code(self) -> &'static str {
        match self {
            SignupStatus::Confirmed => "confirmed",
            SignupStatus::Waitlisted => "waitlisted",
            SignupStatus::Cancelled => "cancelled",
        }
    }
}

#[derive(serde::Deserialize, serde::Serialize, Default)]
pub struct SignupInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub party_size: String,
    #[serde(default)]
    pub note: String,
}

/// A checked sign-up.
pub struct Guest {
    pub name: String,
    pub email: Email,
    pub party_size: u32,
    pub note: String,
}

impl SignupInput {
    pub fn validate(&self) -> Result<Guest, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.take("name", parse_person_name(&self.name));
        let email = errors.take("email", Email::parse(&self.email));
        let party_size = errors.take(
            "party_size",
            match self.party_size.trim() {
                "" => Ok(1),
                s => s.parse::<u32>().ok().filter(|n| (1..=20).contains(n)).ok_or(FieldError::new("party-size-range")),
            },
        );
        let note = errors.take("note", text::optional_text(&self.note, 1000));
        match (name, email, party_size, note) {
            (Some(name), Some(email), Some(party_size), Some(note)) => Ok(Guest { name, email, party_size, note }),
            _ => Err(errors),
        }
    }
}
