//! The action plan of an alliance: activities (aktivitetskatalog) serving its goals, the
//! resources organisations commit to an activity or a goal (tilsagn), and what they delivered.

use crate::geo::parse_municipality_code;
use crate::initiative::{parse_optional_date, parse_required_date};
use crate::{FieldError, FieldErrors, text};
use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    Idea,
    Planned,
    Running,
    Completed,
    /// Carried on in a partner's regular operation.
    Anchored,
    Stopped,
}

codes!(ActivityStatus, unknown: Idea, [
    Idea = "idea",
    Planned = "planned",
    Running = "running",
    Completed = "completed",
    Anchored = "anchored",
    Stopped = "stopped",
]);

impl ActivityStatus {
    /// The codes as a JSON schema; blank for the default.
    #[cfg(feature = "openapi")]
    pub fn optional_schema() -> utoipa::openapi::schema::Schema {
        crate::api_schema::optional_choice(Self::ALL.map(Self::code))
    }
}

/// Accepts `12` as well as `"12"`, so that the JSON API takes numbers while forms send text.
fn number_or_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Either {
        Text(String),
        Number(serde_json::Number),
        Nothing(()),
    }
    Ok(match serde::Deserialize::deserialize(d)? {
        Either::Text(s) => s,
        Either::Number(n) => n.to_string(),
        Either::Nothing(()) => String::new(),
    })
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityInput {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::required_line_schema::<200>))]
    pub title: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_text_schema::<5000>))]
    pub description: String,
    /// Tracks (spor) of the same initiative.
    #[serde(default)]
    pub track_ids: Vec<i64>,
    /// Goals of the same initiative that the activity serves.
    #[serde(default)]
    pub goal_ids: Vec<i64>,
    /// The slug of the organisation that leads the activity.
    #[serde(default)]
    pub lead_organisation: String,
    /// Slugs of the partner organisations.
    #[serde(default)]
    pub partners: Vec<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_line_schema::<200>))]
    pub target_group: String,
    /// A 4-digit municipality code.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::optional_municipality_code))]
    pub municipality_code: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_line_schema::<300>))]
    pub address: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::optional_date))]
    pub starts_on: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::optional_date))]
    pub ends_on: String,
    /// `idea`, `planned`, `running`, `completed`, `anchored` or `stopped`; `idea` when empty.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = ActivityStatus::optional_schema))]
    pub status: String,
    /// Required when the status is `stopped`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_text_schema::<2000>))]
    pub stop_reason: String,
    #[serde(default, deserialize_with = "number_or_text")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::optional_count::<0, 10_000_000>))]
    pub participants_reached: String,
    /// Evaluation: what helped.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_text_schema::<2000>))]
    pub helped: String,
    /// Evaluation: what hindered.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_text_schema::<2000>))]
    pub hindered: String,
    /// Evaluation: satisfaction from 1 to 5.
    #[serde(default, deserialize_with = "number_or_text")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::optional_count::<1, 5>))]
    pub satisfaction: String,
}

/// A valid activity; the links (tracks, goals, organisations) are checked against the
/// initiative by the store.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityPlan {
    pub title: String,
    pub description: String,
    pub target_group: String,
    pub municipality_code: Option<String>,
    pub address: String,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub status: ActivityStatus,
    pub stop_reason: String,
    pub participants_reached: Option<i64>,
    pub helped: String,
    pub hindered: String,
    pub satisfaction: Option<i32>,
}

fn optional_count(input: &str, min: i64, max: i64) -> Result<Option<i64>, FieldError> {
    let s = input.trim().replace('.', "");
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
        Ok(_) => Err(FieldError::new("number-range")),
        Err(_) => Err(FieldError::new("number-format")),
    }
}

fn dates_in_order(errors: &mut FieldErrors, starts_on: Option<Option<NaiveDate>>, ends_on: Option<Option<NaiveDate>>) {
    if let (Some(Some(s)), Some(Some(e))) = (starts_on, ends_on)
        && e < s
    {
        errors.add("ends_on", FieldError::new("end-before-start"));
    }
}

impl ActivityInput {
    pub fn validate(&self) -> Result<ActivityPlan, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = errors.take("title", text::required_line(&self.title, 200));
        let description = errors.take("description", text::optional_text(&self.description, 5000));
        let target_group = errors.take("target_group", text::optional_line(&self.target_group, 200));
        let municipality_code = if self.municipality_code.trim().is_empty() {
            Some(None)
        } else {
            errors.take("municipality_code", parse_municipality_code(&self.municipality_code)).map(Some)
        };
        let address = errors.take("address", text::optional_line(&self.address, 300));
        let starts_on = errors.take("starts_on", parse_optional_date(&self.starts_on));
        let ends_on = errors.take("ends_on", parse_optional_date(&self.ends_on));
        dates_in_order(&mut errors, starts_on, ends_on);
        let status = if self.status.trim().is_empty() {
            Some(ActivityStatus::Idea)
        } else {
            errors.take("status", ActivityStatus::parse(&self.status))
        };
        let stop_reason = errors.take("stop_reason", text::optional_text(&self.stop_reason, 2000));
        if status == Some(ActivityStatus::Stopped) && stop_reason.as_deref() == Some("") {
            errors.add("stop_reason", FieldError::new("activity-stop-reason"));
        }
        let participants =
            errors.take("participants_reached", optional_count(&self.participants_reached, 0, 10_000_000));
        let helped = errors.take("helped", text::optional_text(&self.helped, 2000));
        let hindered = errors.take("hindered", text::optional_text(&self.hindered, 2000));
        let satisfaction = errors.take("satisfaction", optional_count(&self.satisfaction, 1, 5));
        if !errors.is_empty() {
            return Err(errors);
        }
        match (
            title,
            description,
            target_group,
            municipality_code,
            address,
            starts_on,
            ends_on,
            status,
            stop_reason,
            participants,
            helped,
            hindered,
            satisfaction,
        ) {
            (
                Some(title),
                Some(description),
                Some(target_group),
                Some(municipality_code),
                Some(address),
                Some(starts_on),
                Some(ends_on),
                Some(status),
                Some(stop_reason),
                Some(participants_reached),
                Some(helped),
                Some(hindered),
                Some(satisfaction),
            ) => Ok(ActivityPlan {
                title,
                description,
                target_group: target_group.unwrap_or_default(),
                municipality_code,
                address: address.unwrap_or_default(),
                starts_on,
                ends_on,
                status,
                stop_reason: if status == ActivityStatus::Stopped { stop_reason } else { String::new() },
                participants_reached,
                helped,
                hindered,
                satisfaction: satisfaction.map(|s| s as i32),
            }),
            _ => Err(errors),
        }
    }
}

/// Serialized as its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentKind {
    StaffHours,
    Money,
    Rooms,
    Volunteers,
    Communication,
    Data,
    Other,
}

codes!(CommitmentKind, unknown: Other, [
    StaffHours = "staff_hours",
    Money = "money",
    Rooms = "rooms",
    Volunteers = "volunteers",
    Communication = "communication",
    Data = "data",
    Other = "other",
]);

impl CommitmentKind {
    /// The codes as a JSON schema.
    #[cfg(feature = "openapi")]
    pub fn schema() -> utoipa::openapi::Object {
        crate::api_schema::choice(Self::ALL.map(Self::code))
    }

    /// The largest amount that can be meant seriously: more is a typing error.
    fn limit(self) -> f64 {
        match self {
            CommitmentKind::Money => 1e9,
            CommitmentKind::StaffHours => 1e6,
            CommitmentKind::Volunteers => 1e5,
            _ => 1e6,
        }
    }

    /// The unit when none is given.
    pub fn default_unit(self) -> &'static str {
        match self {
            CommitmentKind::StaffHours => "timer",
            CommitmentKind::Money => "kr.",
            CommitmentKind::Volunteers => "frivillige",
            _ => "",
        }
    }
}

/// An amount as typed: `1500`, `1.500,50` (Danish) or `1500.5`; never negative, never absurd.
pub fn parse_amount(input: &str, kind: CommitmentKind) -> Result<f64, FieldError> {
    let s: String = input.trim().chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return Err(FieldError::new("required"));
    }
    // with a comma, dots group thousands ("1.500,50"); without, a dot is the decimal point
    let normal = if s.contains(',') { s.replace('.', "").replace(',', ".") } else { s };
    let amount: f64 = normal.parse().map_err(|_| FieldError::new("number-format"))?;
    if !amount.is_finite() {
        return Err(FieldError::new("number-format"));
    }
    if amount < 0.0 {
        return Err(FieldError::new("amount-negative"));
    }
    if amount > kind.limit() {
        return Err(FieldError::new("amount-absurd"));
    }
    Ok(amount)
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommitmentInput {
    /// The committing organisation's slug.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::required_line_schema::<160>, required = true))]
    pub organisation: String,
    /// The activity committed to; give this or `goal_id`.
    #[serde(default)]
    pub activity_id: Option<i64>,
    /// The goal committed to; give this or `activity_id`.
    #[serde(default)]
    pub goal_id: Option<i64>,
    /// `staff_hours`, `money` (DKK), `rooms`, `volunteers`, `communication`, `data` or `other`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = CommitmentKind::schema, required = true))]
    pub kind: String,
    #[serde(default, deserialize_with = "number_or_text")]
    #[cfg_attr(feature = "openapi", schema(value_type = f64, minimum = 0, required = true))]
    pub amount: String,
    /// E.g. `timer`, `kr.`, `lokaler`; the kind's usual unit when empty.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_line_schema::<40>))]
    pub unit: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_text_schema::<2000>))]
    pub description: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::optional_date))]
    pub starts_on: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::optional_date))]
    pub ends_on: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommitmentTarget {
    Activity(i64),
    Goal(i64),
}

/// What a commitment promises: the only part of it that changes once made.
#[derive(Debug, Clone, PartialEq)]
pub struct CommitmentTerms {
    pub kind: CommitmentKind,
    pub amount: f64,
    pub unit: String,
    pub description: String,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CommitmentPlan {
    pub organisation: String,
    pub target: CommitmentTarget,
    pub terms: CommitmentTerms,
}

impl CommitmentInput {
    pub fn validate(&self) -> Result<CommitmentPlan, FieldErrors> {
        let mut errors = FieldErrors::default();
        let organisation = self.organisation.trim().to_owned();
        if organisation.is_empty() {
            errors.add("organisation", FieldError::new("required"));
        }
        let target = match (self.activity_id, self.goal_id) {
            (Some(a), None) => Some(CommitmentTarget::Activity(a)),
            (None, Some(g)) => Some(CommitmentTarget::Goal(g)),
            _ => {
                errors.add("activity_id", FieldError::new("commitment-target"));
                None
            }
        };
        let kind = errors.take("kind", CommitmentKind::parse(&self.kind));
        let amount = kind.and_then(|k| errors.take("amount", parse_amount(&self.amount, k)));
        let unit = errors.take("unit", text::optional_line(&self.unit, 40));
        let description = errors.take("description", text::optional_text(&self.description, 2000));
        let starts_on = errors.take("starts_on", parse_optional_date(&self.starts_on));
        let ends_on = errors.take("ends_on", parse_optional_date(&self.ends_on));
        dates_in_order(&mut errors, starts_on, ends_on);
        match (target, kind, amount, unit, description, starts_on, ends_on) {
            (Some(target), Some(kind), Some(amount), Some(unit), Some(description), Some(starts_on), Some(ends_on))
                if errors.is_empty() =>
            {
                let unit = unit.unwrap_or_else(|| kind.default_unit().to_owned());
                let terms = CommitmentTerms { kind, amount, unit, description, starts_on, ends_on };
                Ok(CommitmentPlan { organisation, target, terms })
            }
            _ => Err(errors),
        }
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryInput {
    /// What was delivered.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::required_line_schema::<300>))]
    pub description: String,
    #[serde(default, deserialize_with = "number_or_text")]
    #[cfg_attr(feature = "openapi", schema(value_type = f64, minimum = 0, required = true))]
    pub amount: String,
    /// The day it was delivered (`2027-03-01`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::date, required = true))]
    pub delivered_on: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DeliveryPlan {
    pub description: String,
    pub amount: f64,
    pub delivered_on: NaiveDate,
}

impl DeliveryInput {
    /// A delivery is measured in its commitment's kind, under the same limits.
    pub fn validate(&self, kind: CommitmentKind) -> Result<DeliveryPlan, FieldErrors> {
        let mut errors = FieldErrors::default();
        let description = errors.take("description", text::required_line(&self.description, 300));
        let amount = errors.take("amount", parse_amount(&self.amount, kind));
        let delivered_on = errors.take("delivered_on", parse_required_date(&self.delivered_on));
        match (description, amount, delivered_on) {
            (Some(description), Some(amount), Some(delivered_on)) => {
                Ok(DeliveryPlan { description, amount, delivered_on })
            }
            _ => Err(errors),
        }
    }
}

/// A calendar quarter, e.g. 2027 Q2, used to show the action plan and the network over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Quarter {
    pub year: i32,
    pub quarter: u32,
}

impl Quarter {
    pub fn of(d: NaiveDate) -> Self {
        Self { year: d.year(), quarter: d.month0() / 3 + 1 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activity_statuses_round_trip_through_their_codes() {
        for status in ActivityStatus::ALL {
            assert_eq!(ActivityStatus::of_code(status.code()), status);
        }
        assert_eq!(ActivityStatus::of_code("dreamt"), ActivityStatus::Idea);
    }

    #[test]
    fn commitment_kinds_round_trip_through_their_codes() {
        for kind in CommitmentKind::ALL {
            assert_eq!(CommitmentKind::of_code(kind.code()), kind);
        }
        assert_eq!(CommitmentKind::of_code("gold"), CommitmentKind::Other);
        for kind in CommitmentKind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.code(), "serialized as its code");
        }
    }

    #[test]
    fn a_stopped_activity_needs_a_reason_and_dates_must_be_in_order() {
        let e = ActivityInput {
            title: "Fritidspas".into(),
            status: "stopped".into(),
            starts_on: "2027-05-01".into(),
            ends_on: "2027-01-01".into(),
            satisfaction: "6".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.get("stop_reason"), Some("activity-stop-reason"));
        assert_eq!(e.get("ends_on"), Some("end-before-start"));
        assert_eq!(e.get("satisfaction"), Some("number-range"));
        let ok = ActivityInput {
            title: "Fritidspas".into(),
            status: "stopped".into(),
            stop_reason: "Ingen tilmeldte".into(),
            participants_reached: "1.200".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(ok.participants_reached, Some(1200));
        assert_eq!(
            ActivityInput { title: "X".into(), ..Default::default() }.validate().unwrap().status,
            ActivityStatus::Idea
        );
    }

    #[test]
    fn amounts_are_danish_never_negative_never_absurd() {
        assert_eq!(parse_amount("1.500,50", CommitmentKind::Money), Ok(1500.5));
        assert_eq!(parse_amount("1500.5", CommitmentKind::Money), Ok(1500.5));
        assert_eq!(parse_amount("-1", CommitmentKind::Money).unwrap_err().code, "amount-negative");
        assert_eq!(parse_amount("2000000000", CommitmentKind::Money).unwrap_err().code, "amount-absurd");
        assert_eq!(parse_amount("2000000", CommitmentKind::StaffHours).unwrap_err().code, "amount-absurd");
        assert_eq!(parse_amount("NaN", CommitmentKind::Money).unwrap_err().code, "number-format");
        assert_eq!(parse_amount("inf", CommitmentKind::Money).unwrap_err().code, "number-format");
    }

    #[test]
    fn a_commitment_goes_to_an_activity_or_a_goal() {
        let input = CommitmentInput {
            organisation: "skolen".into(),
            activity_id: Some(1),
            goal_id: Some(2),
            kind: "money".into(),
            amount: "10".into(),
            ..Default::default()
        };
        assert_eq!(input.validate().unwrap_err().get("activity_id"), Some("commitment-target"));
        let plan = CommitmentInput { goal_id: None, ..input }.validate().unwrap();
        assert_eq!((plan.target, plan.terms.unit.as_str()), (CommitmentTarget::Activity(1), "kr."));
    }

    #[test]
    fn quarters() {
        let q = Quarter::of(NaiveDate::from_ymd_opt(2027, 4, 1).unwrap());
        assert_eq!((q.year, q.quarter), (2027, 2));
        assert_eq!(Quarter::of(NaiveDate::from_ymd_opt(2027, 12, 31).unwrap()).quarter, 4);
    }
}
