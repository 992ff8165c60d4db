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
    pub const ALL: [SignupStatus; 3] = [SignupStatus::Confirmed, SignupStatus::Waitlisted, SignupStatus::Cancelled];

    pub fn code(self) -> &'static str {
        match self {
            SignupStatus::Confirmed => "confirmed",
            SignupStatus::Waitlisted => "waitlisted",
            SignupStatus::Cancelled => "cancelled",
        }
    }

    /// The status of a stored code; an unknown one holds no seat.
    pub fn of_code(code: &str) -> Self {
        [SignupStatus::Confirmed, SignupStatus::Waitlisted]
            .into_iter()
            .find(|s| s.code() == code)
            .unwrap_or(SignupStatus::Cancelled)
    }

    /// The id of the message naming the status (guest lists).
    pub fn message_id(self) -> &'static str {
        match self {
            SignupStatus::Confirmed => "signup-status-confirmed",
            SignupStatus::Waitlisted => "signup-status-waitlisted",
            SignupStatus::Cancelled => "signup-status-cancelled",
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meal::MealStatus;

    #[test]
    fn stored_codes_read_back_as_their_status() {
        for s in SignupStatus::ALL {
            assert_eq!(SignupStatus::of_code(s.code()), s);
        }
        assert_eq!(SignupStatus::of_code("unknown"), SignupStatus::Cancelled);
        for s in [MealStatus::Published, MealStatus::Hidden] {
            assert_eq!(MealStatus::of_code(s.code()), s);
        }
        assert_eq!(MealStatus::of_code(""), MealStatus::Hidden);
    }

    #[test]
    fn a_guest_needs_a_name_and_an_address_and_comes_alone_by_default() {
        let input = SignupInput { name: "Gæst".into(), email: "gaest@example.dk".into(), ..Default::default() };
        assert_eq!(input.validate().ok().map(|g| g.party_size), Some(1));
        let errors = SignupInput { party_size: "21".into(), ..Default::default() }.validate().err().unwrap();
        assert_eq!(
            (errors.get("name"), errors.get("email"), errors.get("party_size")),
            (Some("required"), Some("required"), Some("party-size-range"))
        );
    }
}
