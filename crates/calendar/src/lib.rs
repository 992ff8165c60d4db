//! Reading and writing iCalendar (RFC 5545) files for shared meals.
//!
//! Reading is built on calcard, the parser that handled every file of the shared corpus
//! (see shared/STACK.md, "iCalendar parsers on real files"): it is lenient, maps Windows and
//! Outlook time-zone names to IANA zones and expands recurrence rules without panicking.
//! Writing is our own short writer, so that folding and escaping are exactly what Google,
//! Apple and Outlook accept.

use chrono::{DateTime, Utc};

mod read;
mod vtimezone;
mod write;

/// Largest input `read_calendar` accepts (5 MiB): uploads beyond this are refused before
/// parsing so that a hostile file cannot make the server parse and expand without bound.
pub const MAX_INPUT_BYTES: usize = 5 * 1024 * 1024;

/// At most this many occurrences of one recurring event are imported from the window;
/// the rest are reported in `skipped`, so a runaway rule cannot flood the meal list.
pub const MAX_OCCURRENCES_PER_EVENT: usize = 10_000;

/// At most this many occurrences of one recurring event are computed, counted from its
/// DTSTART up to the end of the window: this bounds the work a single rule can cause
/// (a rule that started long before the window still reaches into it).
pub const MAX_EXPANSION_PER_EVENT: usize = 100_000;

/// At most this many occurrences are computed for a whole file, so that a file made of many
/// recurring events cannot multiply the per-event bound.
pub const MAX_EXPANSION_PER_FILE: usize = 1_000_000;

/// At most this many events are imported from one file: a memory bound for hostile files
/// (a year of daily meals for 270 groups still fits).
pub const MAX_EVENTS_PER_FILE: usize = 100_000;

/// One meal-like event with a definite start and end, ready to become a shared meal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    /// Stable identity across re-imports: the event's UID, or "<UID>/<start as
    /// yyyymmddThhmmssZ>" for an occurrence of a recurring event. An event without UID gets
    /// "no-uid:<hash of its start, SUMMARY and LOCATION>", never "".
    pub uid: String,
    /// SUMMARY, the name shown for the meal ("" when absent).
    pub title: String,
    /// DESCRIPTION, free text with newlines kept ("" when absent).
    pub description: String,
    /// LOCATION as written by the organiser ("" when absent).
    pub location: String,
    /// URL, a link back to the event page, when the file has one.
    pub url: Option<String>,
    /// Start as an instant, so that time zones never need to be carried further.
    pub starts_at: DateTime<Utc>,
    /// End as an instant (start + 2 hours when the file gives neither DTEND nor DURATION).
    pub ends_at: DateTime<Utc>,
}

/// An event of the file that was not imported, with the reason, so the user can be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedEvent {
    /// The event's UID (or occurrence uid, or derived key as in `CalendarEvent::uid`).
    pub uid: String,
    /// A short English sentence such as "no start time" or "cancelled".
    pub reason: String,
}

/// The result of reading a file: what can be imported and what cannot, and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadCalendar {
    /// Events (and occurrences of recurring events) inside the window, sorted per event by start.
    pub events: Vec<CalendarEvent>,
    /// Every VEVENT or occurrence that was not imported, with its reason.
    pub skipped: Vec<SkippedEvent>,
}

/// Why a whole file was refused (single bad events are reported in `ReadCalendar::skipped`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The input holds no calendar of events: no BEGIN:VCALENDAR, nothing parseable, a NUL
    /// byte (binary data), or only to-dos, journal entries or time-zone definitions. A
    /// VCALENDAR without any component is an empty calendar, not this.
    #[error("the file is not an iCalendar file")]
    NotACalendar,
    /// The input is larger than `MAX_INPUT_BYTES`.
    #[error("the file is larger than 5 MB")]
    TooLarge,
}

/// Reads every VEVENT of an iCalendar file.
///
/// Recurring events (RRULE, RDATE) are expanded to the occurrences that start inside `window`
/// (half-open: `window.0 <= start < window.1`); each occurrence gets the uid
/// "<UID>/<start as yyyymmddThhmmssZ>", and RECURRENCE-ID overrides and EXDATE are honoured.
/// A single event outside the window is skipped ("outside the import window").
/// Time zones: IANA TZIDs, Windows/Outlook names (mapped by calcard, also via the VTIMEZONE's
/// X-LIC-LOCATION or X-MICROSOFT-CDO-TZID), a VTIMEZONE known only by its STANDARD/DAYLIGHT
/// rules (read as the IANA zone those rules follow over the window's years), UTC and fixed
/// offsets; floating times are taken as Europe/Copenhagen. An event with DTSTART but no DTEND/DURATION lasts 2 hours. Every event
/// not imported appears in `skipped` with its reason. Several VCALENDAR blocks in one file are
/// all read; text that is not UTF-8 is read as Latin-1.
///
/// Rules that repeat more often than daily are refused (no meal repeats hourly, and they are the
/// costly ones). Work is bounded by `MAX_EXPANSION_PER_EVENT`, `MAX_EXPANSION_PER_FILE`,
/// `MAX_EVENTS_PER_FILE` and a 5-second limit on expansion; what a bound cuts off is reported
/// in `skipped`. Real files take milliseconds, but a hostile one can take seconds: call this
/// from `tokio::task::spawn_blocking`, not on an async worker.
///
/// Never panics: the parse runs under `catch_unwind`, a panic while parsing gives
/// `ReadError::NotACalendar` and a panic while handling one event gives a skipped entry.
/// calcard's parser keeps nesting on the heap, so deeply nested input cannot overflow the stack.
pub fn read_calendar(bytes: &[u8], window: (DateTime<Utc>, DateTime<Utc>)) -> Result<ReadCalendar, ReadError> {
    read::read_calendar(bytes, window)
}

/// Whether `read_calendar` would accept the file at all (size, not binary, a calendar of
/// events), without expanding anything: a quick answer to give beside an upload field before
/// the import itself runs in the background.
pub fn check_calendar(bytes: &[u8]) -> Result<(), ReadError> {
    read::check_calendar(bytes)
}

/// Writes a VCALENDAR that Google, Apple and Outlook accept: CRLF line endings, lines folded
/// at 75 octets (never inside a UTF-8 character), TEXT values escaped (\\ ; , and newlines),
/// DTSTAMP, UID, DTSTART/DTEND in UTC (Z), SUMMARY, DESCRIPTION, LOCATION, URL, plus
/// X-WR-CALNAME, PRODID "-//rygrad//rygrad//DA" and METHOD:PUBLISH.
/// Times are written to the second; empty DESCRIPTION/LOCATION and a missing URL are left out.
pub fn write_calendar(name: &str, events: &[CalendarEvent]) -> String {
    write::write_calendar(name, events)
}
