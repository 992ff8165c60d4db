//! The common agenda's goal hierarchy (målhierarki): vision → long-term goals → intermediate
//! goals → concrete targets; and strategic tracks (spor).

use crate::initiative::parse_optional_period;
use crate::{FieldErrors, text};
use chrono::NaiveDate;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalLevel {
    Vision,
    LongTerm,
    Intermediate,
    Target,
}

codes!(GoalLevel, unknown: Vision, [
    Vision = "vision",
    LongTerm = "long_term",
    Intermediate = "intermediate",
    Target = "target",
]);

impl GoalLevel {
    /// The codes as a JSON schema; blank for the default.
    #[cfg(feature = "openapi")]
    pub fn optional_schema() -> utoipa::openapi::schema::Schema {
        crate::api_schema::optional_choice(Self::ALL.map(Self::code))
    }

    /// The level a child of this level has by default.
    pub fn below(self) -> Self {
        match self {
            GoalLevel::Vision => GoalLevel::LongTerm,
            GoalLevel::LongTerm => GoalLevel::Intermediate,
            GoalLevel::Intermediate | GoalLevel::Target => GoalLevel::Target,
        }
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoalInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::required_line_schema::<200>))]
    pub title: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_text_schema::<5000>))]
    pub description: String,
    /// `vision`, `long_term`, `intermediate` or `target`; below the parent's level when empty.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = GoalLevel::optional_schema))]
    pub level: String,
    /// The goal this one serves; none for a top goal.
    #[serde(default)]
    pub parent_id: Option<i64>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::optional_date))]
    pub starts_on: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::optional_date))]
    pub ends_on: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GoalPlan {
    pub title: String,
    pub description: String,
    pub level: Option<GoalLevel>,
    pub parent_id: Option<i64>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
}

/// The title and description that goals and tracks both have, checked alike.
fn title_and_description(errors: &mut FieldErrors, title: &str, description: &str) -> (Option<String>, Option<String>) {
    (
        errors.take("title", text::required_line(title, 200)),
        errors.take("description", text::optional_text(description, 5000)),
    )
}

impl GoalInput {
    pub fn validate(&self) -> Result<GoalPlan, FieldErrors> {
        let mut errors = FieldErrors::default();
        let (title, description) = title_and_description(&mut errors, &self.title, &self.description);
        let level = if self.level.trim().is_empty() {
            Some(None)
        } else {
            errors.take("level", GoalLevel::parse(&self.level)).map(Some)
        };
        let period = parse_optional_period(&mut errors, &self.starts_on, &self.ends_on);
        match (title, description, level, period) {
            (Some(title), Some(description), Some(level), Some((starts_on, ends_on))) if errors.is_empty() => {
                Ok(GoalPlan { title, description, level, parent_id: self.parent_id, starts_on, ends_on })
            }
            _ => Err(errors),
        }
    }
}

/// Whether hanging `goal` under `new_parent` would make a cycle, given every goal's parent.
pub fn creates_cycle(goal: i64, new_parent: Option<i64>, parents: &HashMap<i64, Option<i64>>) -> bool {
    let mut cursor = new_parent;
    let mut steps = 0;
    while let Some(id) = cursor {
        if id == goal || steps > parents.len() {
            return true;
        }
        cursor = parents.get(&id).copied().flatten();
        steps += 1;
    }
    false
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrackInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::required_line_schema::<200>))]
    pub title: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_text_schema::<5000>))]
    pub description: String,
    /// The slug of the organisation that leads the track.
    #[serde(default)]
    pub lead_organisation: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TrackPlan {
    pub title: String,
    pub description: String,
    pub lead_organisation: Option<String>,
}

impl TrackInput {
    pub fn validate(&self) -> Result<TrackPlan, FieldErrors> {
        let mut errors = FieldErrors::default();
        let (title, description) = title_and_description(&mut errors, &self.title, &self.description);
        let lead = self.lead_organisation.trim();
        match (title, description) {
            (Some(title), Some(description)) => {
                Ok(TrackPlan { title, description, lead_organisation: (!lead.is_empty()).then(|| lead.to_owned()) })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_are_found() {
        // 1 ← 2 ← 3
        let parents = HashMap::from([(1, None), (2, Some(1)), (3, Some(2))]);
        assert!(creates_cycle(1, Some(3), &parents), "1 under its own grandchild");
        assert!(creates_cycle(2, Some(2), &parents), "under itself");
        assert!(!creates_cycle(3, Some(1), &parents), "moving up is fine");
        assert!(!creates_cycle(1, None, &parents));
    }

    #[test]
    fn goals_validate() {
        let e = GoalInput {
            title: "".into(),
            level: "dream".into(),
            starts_on: "2027-01-01".into(),
            ends_on: "2026-01-01".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.get("title"), Some("required"));
        assert_eq!(e.get("level"), Some("unknown-choice"));
        assert_eq!(e.get("ends_on"), Some("end-before-start"));
        assert_eq!(GoalLevel::LongTerm.below(), GoalLevel::Intermediate);
    }

    #[test]
    fn levels_round_trip_through_their_codes() {
        for level in GoalLevel::ALL {
            assert_eq!(GoalLevel::of_code(level.code()), level);
        }
        assert_eq!(GoalLevel::of_code("dream"), GoalLevel::Vision);
    }
}
