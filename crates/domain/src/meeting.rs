//! Meetings of the alliance group and its working groups: when and where, agenda, minutes,
//! decisions (a searchable log) and action items given to an organisation with a due date.

use crate::initiative::parse_required_date;
use crate::meal::{local_instant, parse_time};
use crate::{FieldError, FieldErrors, text};
use chrono::{DateTime, NaiveDate, Utc};

/// Which group meets: the whole alliance group, or a named working group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingKind {
    AllianceGroup,
    WorkingGroup,
}

impl MeetingKind {
    /// The codes as a JSON schema.
    #[cfg(feature = "openapi")]
    pub fn schema() -> utoipa::openapi::Object {
        crate::api_schema::choice(Self::ALL.map(Self::code))
    }

    pub const ALL: [MeetingKind; 2] = [MeetingKind::AllianceGroup, MeetingKind::WorkingGroup];

    pub fn code(self) -> &'static str {
        match self {
            MeetingKind::AllianceGroup => "alliance_group",
            MeetingKind::WorkingGroup => "working_group",
        }
    }

    pub fn parse(code: &str) -> Result<Self, FieldError> {
        match code.trim() {
            "" | "alliance_group" => Ok(MeetingKind::AllianceGroup),
            "working_group" => Ok(MeetingKind::WorkingGroup),
            _ => Err(FieldError::new("unknown-choice")),
        }
    }

    /// The kind of a stored code; an unknown one (never written) reads as the alliance group.
    pub fn of_code(code: &str) -> Self {
        Self::parse(code).unwrap_or(MeetingKind::AllianceGroup)
    }
}

/// A meeting as typed in a form or sent to the API; times are Copenhagen wall-clock times.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::required_line_schema::<200>))]
    pub title: String,
    /// `alliance_group` (default) or `working_group`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = MeetingKind::schema, required = true))]
    pub kind: String,
    /// The working group's name; required for `working_group`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_line_schema::<120>))]
    pub working_group: String,
    /// The day, `2026-05-04` (or `04.05.2026`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::date, required = true))]
    pub date: String,
    /// Start, `16:00`, Europe/Copenhagen.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::time, required = true))]
    pub starts_at: String,
    /// End, `18:00`, Europe/Copenhagen; after the start.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::time, required = true))]
    pub ends_at: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_line_schema::<300>))]
    pub place: String,
    /// A link for online participation.
    #[serde(default)]
    pub link: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_text_schema::<20_000>))]
    pub agenda: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_text_schema::<50_000>))]
    pub minutes: String,
    /// Slugs of the participating organisations.
    #[serde(default)]
    pub participants: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MeetingPlan {
    pub title: String,
    pub kind: MeetingKind,
    pub working_group: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    pub link: Option<String>,
    pub agenda: String,
    pub minutes: String,
    pub participants: Vec<String>,
}

impl MeetingInput {
    pub fn validate(&self) -> Result<MeetingPlan, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = errors.take("title", text::required_line(&self.title, 200));
        let kind = errors.take("kind", MeetingKind::parse(&self.kind));
        let working_group = errors.take("working_group", text::optional_line(&self.working_group, 120));
        if kind == Some(MeetingKind::WorkingGroup) && working_group == Some(None) {
            errors.add("working_group", FieldError::new("required"));
        }
        let date = errors.take("date", parse_required_date(&self.date));
        let start = errors.take("starts_at", parse_time(&self.starts_at));
        let end = errors.take("ends_at", parse_time(&self.ends_at));
        let (mut starts_at, mut ends_at) = (None, None);
        if let (Some(date), Some(start), Some(end)) = (date, start, end) {
            starts_at = errors.take("starts_at", local_instant(date, start));
            ends_at = errors.take("ends_at", local_instant(date, end));
            if let (Some(s), Some(e)) = (starts_at, ends_at)
                && e <= s
            {
                errors.add("ends_at", FieldError::new("meeting-end-before-start"));
            }
        }
        let place = errors.take("place", text::optional_line(&self.place, 300));
        let link = errors.take("link", crate::organisation::parse_website(&self.link));
        let agenda = errors.take("agenda", text::optional_text(&self.agenda, 20_000));
        let minutes = errors.take("minutes", text::optional_text(&self.minutes, 50_000));
        let mut participants: Vec<String> = Vec::new();
        for slug in self.participants.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            if !participants.iter().any(|p| p == slug) {
                participants.push(slug.to_owned());
            }
        }
        match (title, kind, working_group, starts_at, ends_at, place, link, agenda, minutes) {
            (
                Some(title),
                Some(kind),
                Some(working_group),
                Some(starts_at),
                Some(ends_at),
                Some(place),
                Some(link),
                Some(agenda),
                Some(minutes),
            ) if errors.is_empty() => Ok(MeetingPlan {
                title,
                kind,
                // an alliance-group meeting has no working group, whatever was typed
                working_group: if kind == MeetingKind::WorkingGroup {
                    working_group.unwrap_or_default()
                } else {
                    String::new()
                },
                starts_at,
                ends_at,
                place: place.unwrap_or_default(),
                link,
                agenda,
                minutes,
                participants,
            }),
            _ => Err(errors),
        }
    }
}

/// A decision recorded at a meeting.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::required_joined_line_schema::<2000>))]
    pub text: String,
}

impl DecisionInput {
    pub fn validate(&self) -> Result<String, FieldErrors> {
        let mut errors = FieldErrors::default();
        match errors.take("text", text::required_joined_line(&self.text, 2000)) {
            Some(text) => Ok(text),
            None => Err(errors),
        }
    }
}

/// An action item from a meeting, given to one organisation.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionItemInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::required_line_schema::<300>))]
    pub title: String,
    /// The slug of the organisation that carries it out.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::required_line_schema::<160>, required = true))]
    pub organisation: String,
    /// `2026-06-01`; not before the meeting's day.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::date, required = true))]
    pub due_on: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ActionItemPlan {
    pub title: String,
    pub organisation: String,
    pub due_on: NaiveDate,
}

impl ActionItemInput {
    /// `meeting_day` is the meeting's day in Copenhagen: an item cannot fall due before it was given.
    pub fn validate(&self, meeting_day: NaiveDate) -> Result<ActionItemPlan, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = errors.take("title", text::required_line(&self.title, 300));
        let organisation = self.organisation.trim();
        if organisation.is_empty() {
            errors.add("organisation", FieldError::new("required"));
        }
        let due_on = errors.take("due_on", parse_required_date(&self.due_on));
        if let Some(due) = due_on
            && due < meeting_day
        {
            errors.add("due_on", FieldError::new("due-before-meeting"));
        }
        match (title, due_on) {
            (Some(title), Some(due_on)) if errors.is_empty() => {
                Ok(ActionItemPlan { title, organisation: organisation.to_owned(), due_on })
            }
            _ => Err(errors),
        }
    }
}

/// Whether an open item is past its due date on `today`.
pub fn is_overdue(due_on: NaiveDate, done: bool, today: NaiveDate) -> bool {
    !done && due_on < today
}

/// How many days before the due date the organisation is reminded.
pub const REMINDER_DAYS_BEFORE: i64 = 3;

/// Whether an open item is due for its one reminder on `today`: within the reminder window, not
/// yet past due (an overdue item is shown as overdue instead of mailed about).
pub fn needs_reminder(due_on: NaiveDate, done: bool, reminded: bool, today: NaiveDate) -> bool {
    !done && !reminded && due_on >= today && (due_on - today).num_days() <= REMINDER_DAYS_BEFORE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_codes() {
        for kind in MeetingKind::ALL {
            assert_eq!(MeetingKind::of_code(kind.code()), kind);
        }
        assert_eq!(MeetingKind::of_code("board"), MeetingKind::AllianceGroup);
    }

    fn meeting() -> MeetingInput {
        MeetingInput {
            title: "Alliancemøde".into(),
            date: "2027-03-10".into(),
            starts_at: "16:00".into(),
            ends_at: "18:00".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_meeting_is_read_in_copenhagen_time() {
        let plan = meeting().validate().unwrap();
        assert_eq!(plan.starts_at.to_rfc3339(), "2027-03-10T15:00:00+00:00");
        assert_eq!(plan.kind, MeetingKind::AllianceGroup);
    }

    #[test]
    fn bad_meetings_are_refused_field_by_field() {
        let e = MeetingInput { title: " ".into(), ends_at: "15:00".into(), kind: "working_group".into(), ..meeting() }
            .validate()
            .unwrap_err();
        assert_eq!(e.get("title"), Some("required"));
        assert_eq!(e.get("ends_at"), Some("meeting-end-before-start"));
        assert_eq!(e.get("working_group"), Some("required"));
        let e = MeetingInput { date: "".into(), link: "ikke et link".into(), ..meeting() }.validate().unwrap_err();
        assert_eq!(e.get("date"), Some("required"));
        assert_eq!(e.get("link"), Some("url-format"));
    }

    #[test]
    fn action_items_fall_due_on_or_after_the_meeting() {
        let day: NaiveDate = "2027-03-10".parse().unwrap();
        let item = |due: &str| ActionItemInput {
            title: "Send referat".into(),
            organisation: "skolen".into(),
            due_on: due.into(),
        };
        assert_eq!(item("2027-03-09").validate(day).unwrap_err().get("due_on"), Some("due-before-meeting"));
        assert_eq!(item("2027-03-10").validate(day).unwrap().due_on, day);
        let e = ActionItemInput::default().validate(day).unwrap_err();
        assert_eq!(
            (e.get("title"), e.get("organisation"), e.get("due_on")),
            (Some("required"), Some("required"), Some("required"))
        );
    }

    #[test]
    fn reminders_and_overdue() {
        let today: NaiveDate = "2027-03-10".parse().unwrap();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert!(needs_reminder(d("2027-03-13"), false, false, today));
        assert!(!needs_reminder(d("2027-03-14"), false, false, today), "too early");
        assert!(!needs_reminder(d("2027-03-12"), false, true, today), "once only");
        assert!(!needs_reminder(d("2027-03-12"), true, false, today), "done");
        assert!(!needs_reminder(d("2027-03-09"), false, false, today), "already overdue");
        assert!(is_overdue(d("2027-03-09"), false, today));
        assert!(!is_overdue(d("2027-03-09"), true, today));
        assert!(!is_overdue(today, false, today));
    }
}
