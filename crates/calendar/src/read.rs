//! The iCalendar reader: calcard parses and expands; this module decides, per event, what a
//! meal can be made of, and works around the calcard behaviours noted at each step.

use crate::{
    CalendarEvent, MAX_EVENTS_PER_FILE, MAX_EXPANSION_PER_EVENT, MAX_EXPANSION_PER_FILE, MAX_INPUT_BYTES,
    MAX_OCCURRENCES_PER_EVENT, ReadCalendar, ReadError, SkippedEvent,
};
use calcard::{
    Entry, Parser,
    common::{DateTimeResult, PartialDateTime, timezone::Tz},
    icalendar::{
        ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarEntry, ICalendarFrequency, ICalendarParameter,
        ICalendarParameterName, ICalendarParameterValue, ICalendarProperty, ICalendarStatus, ICalendarValue,
        dates::{CalendarErrorType, TimeOrDelta},
        timezone::TzResolver,
    },
};
use chrono::{DateTime, Datelike, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Utc};
use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

/// Floating times (no TZID, no Z) are read as Danish local time: rygrad's users are in Denmark.
const FLOATING_ZONE: chrono_tz::Tz = chrono_tz::Europe::Copenhagen;

/// Length of an event that has a start but neither DTEND nor DURATION: a meal, not a whole day.
const DEFAULT_DURATION_HOURS: i64 = 2;

/// Upper bound on the text copied into imported events (titles, descriptions...): a long
/// DESCRIPTION repeated over thousands of occurrences must not exhaust memory.
const MAX_OUTPUT_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// Wall-clock bound on expanding one file's recurring events: calcard gives up on a rule that
/// never matches only after 100,000 steps, so a file of many such rules is expensive in a way
/// that no occurrence count shows. Events not reached in time are skipped with a reason.
/// (A release build spends about 6 ms on such a rule, a debug build 250 ms.)
const EXPANSION_TIME_LIMIT: Duration = Duration::from_secs(5);

/// Keys derived for events without UID start with this, so they never match a real UID.
const NO_UID_PREFIX: &str = "no-uid:";

/// Occurrence uids carry the start in this form.
const UID_TIME_FORMAT: &str = "%Y%m%dT%H%M%SZ";

/// Shared by DATE-valued DTSTARTs and Google's `DTSTART;TZID=…:20041225` (a date with a zone).
const REASON_ALL_DAY: &str = "all-day event: a meal needs a start time";

/// The import window, half-open: an occurrence is imported when `window.0 <= start < window.1`.
type Window = (DateTime<Utc>, DateTime<Utc>);

/// See `crate::read_calendar`: size check, decoding, guarded parse, then event by event.
pub(crate) fn read_calendar(bytes: &[u8], window: Window) -> Result<ReadCalendar, ReadError> {
    let calendars = parse_checked(bytes)?;
    let mut reader = Reader {
        window,
        out: ReadCalendar::default(),
        imported_uids: HashSet::new(),
        expansion_budget: MAX_EXPANSION_PER_FILE,
        text_budget: MAX_OUTPUT_TEXT_BYTES,
        started: Instant::now(),
    };
    for calendar in &calendars {
        reader.calendar(calendar);
    }
    Ok(reader.out)
}

/// See `crate::check_calendar`.
pub(crate) fn check_calendar(bytes: &[u8]) -> Result<(), ReadError> {
    parse_checked(bytes).map(|_| ())
}

/// The calendars of a file that is one: size check, decoding, and a parse that cannot panic.
fn parse_checked(bytes: &[u8]) -> Result<Vec<ICalendar>, ReadError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge);
    }
    // No calendar program writes NUL, and a text file never holds one: this is binary data.
    if bytes.contains(&0) {
        return Err(ReadError::NotACalendar);
    }
    let text = decode(bytes);
    // Last guard: calcard has not panicked on the corpus or on mutated copies of it, but a
    // panic here must become a refused file, never a crashed request.
    catch_unwind(AssertUnwindSafe(|| parse(&text))).map_err(|_| ReadError::NotACalendar)?
}

/// UTF-8 as it should be; otherwise lossy UTF-8 when the file is mostly UTF-8 with a few
/// broken bytes, and Latin-1 for old 8-bit exports (Outlook 2003 and the like).
fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => {
            let lossy = String::from_utf8_lossy(bytes);
            if lossy.chars().any(|c| !c.is_ascii() && c != char::REPLACEMENT_CHARACTER) {
                lossy.into_owned()
            } else {
                bytes.iter().map(|&b| char::from(b)).collect()
            }
        }
    }
}

/// Every iCalendar object of the input (a file may hold several VCALENDAR blocks).
fn parse(text: &str) -> Result<Vec<ICalendar>, ReadError> {
    let mut parser = Parser::new(text);
    let mut calendars = Vec::new();
    // Each entry consumes input, so this bound is never reached unless the parser stalls.
    for _ in 0..=text.len().saturating_add(1) {
        match parser.entry() {
            Entry::ICalendar(calendar) => calendars.push(calendar),
            Entry::Eof => break,
            // Stray lines, vCards and unbalanced END lines carry no events.
            _ => {}
        }
    }
    // A VCALENDAR of to-dos, journal entries or time-zone definitions only is some other kind
    // of file (a task list, a zone library) that happens to use the same syntax; a VCALENDAR
    // with no components at all is an empty calendar.
    let has_events = calendars
        .iter()
        .any(|calendar| calendar.components.iter().any(|c| c.component_type == ICalendarComponentType::VEvent));
    let has_other_components = calendars
        .iter()
        .any(|calendar| calendar.components.iter().any(|c| c.component_type != ICalendarComponentType::VCalendar));
    if calendars.is_empty() || (!has_events && has_other_components) {
        Err(ReadError::NotACalendar)
    } else {
        Ok(calendars)
    }
}

/// State of one read: the result so far and the budgets that bound a hostile file.
struct Reader {
    window: Window,
    out: ReadCalendar,
    imported_uids: HashSet<String>,
    expansion_budget: usize,
    text_budget: usize,
    started: Instant,
}

/// A checked DTSTART: where the event's times live and when it starts.
struct Start {
    /// Zone of DTSTART: the TZID's zone, UTC/fixed for an explicit offset, Copenhagen if floating.
    zone: Tz,
    /// Whether DTSTART carried its own offset (…Z); calcard then needs that zone as default.
    has_offset: bool,
    /// Wall-clock start in `zone`, to compare a floating UNTIL with.
    local: NaiveDateTime,
    /// The start as an instant.
    at: DateTime<Utc>,
    /// DTSTART rebuilt from Exchange's `DTSTART;TZID="Zone:20200609T090000"` quirk.
    repaired: Option<ICalendarEntry>,
}

impl Reader {
    fn skip(&mut self, uid: &str, reason: impl Into<String>) {
        self.out.skipped.push(SkippedEvent { uid: uid.to_owned(), reason: reason.into() });
    }

    fn calendar(&mut self, calendar: &ICalendar) {
        let years = (self.window.0.year() - 1, self.window.1.year() + 1);
        let named = crate::vtimezone::name_zones_by_their_rules(calendar, years);
        let calendar = named.as_ref().unwrap_or(calendar);
        let resolver = calendar.build_tz_resolver();
        let zones: Vec<(String, ICalendarComponent)> = calendar.timezones().filter_map(timezone_stub).collect();

        // Group VEVENTs by UID: a recurring event is one master plus its RECURRENCE-ID overrides.
        let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
        let mut by_uid: HashMap<&str, usize> = HashMap::new();
        for (index, component) in calendar.components.iter().enumerate() {
            if component.component_type != ICalendarComponentType::VEvent {
                continue;
            }
            match component.uid().map(str::trim).filter(|uid| !uid.is_empty()) {
                Some(uid) => match by_uid.get(uid) {
                    Some(&group) => groups[group].1.push(index),
                    None => {
                        by_uid.insert(uid, groups.len());
                        groups.push((uid.to_owned(), vec![index]));
                    }
                },
                // Never grouped: two such events are two meals unless they are identical.
                None => groups.push((derived_uid(component, &resolver), vec![index])),
            }
        }

        for (uid, members) in groups {
            let context = Context { calendar, resolver: &resolver, zones: &zones };
            let outcome = catch_unwind(AssertUnwindSafe(|| self.group(&context, &uid, &members)));
            if outcome.is_err() {
                self.skip(&uid, "could not be read (internal error)");
            }
        }
    }

    fn group(&mut self, context: &Context<'_>, uid: &str, members: &[usize]) {
        let calendar = context.calendar;
        let (overrides, masters): (Vec<usize>, Vec<usize>) =
            members.iter().partition(|&&index| calendar.components[index].is_recurrence_override());
        match masters.split_first() {
            Some((&master, duplicates)) => {
                for _ in duplicates {
                    self.skip(uid, "duplicate UID: another event in the file has the same UID");
                }
                self.series(context, uid, master, &overrides, false);
            }
            // Overrides whose recurring event is not in the file stand on their own.
            None => {
                for &index in &overrides {
                    self.series(context, uid, index, &[], true);
                }
            }
        }
    }

    /// Imports one event: a single VEVENT, or a recurring master with its overrides.
    fn series(
        &mut self,
        context: &Context<'_>,
        uid: &str,
        master_index: usize,
        override_indices: &[usize],
        orphan: bool,
    ) {
        let calendar = context.calendar;
        let master = &calendar.components[master_index];
        let start = match check_event(master, context.resolver) {
            Ok(start) => start,
            Err(reason) => {
                for _ in override_indices {
                    self.skip(uid, format!("recurring event not imported: {reason}"));
                }
                self.skip(uid, reason);
                return;
            }
        };

        let mut rrule_unreadable = false;
        let mut sub_daily = false;
        let mut master_entries = time_entries(master);
        if let Some(repaired) = &start.repaired {
            master_entries.retain(|entry| entry.name != ICalendarProperty::Dtstart);
            master_entries.push(repaired.clone());
        }
        for entry in &mut master_entries {
            if entry.name == ICalendarProperty::Rrule {
                match entry.values.first_mut() {
                    Some(ICalendarValue::RecurrenceRule(rule)) => {
                        sub_daily |= matches!(
                            rule.freq,
                            ICalendarFrequency::Hourly | ICalendarFrequency::Minutely | ICalendarFrequency::Secondly
                        );
                        rule.until = Some(clamped_until(rule.until.as_ref(), &start, self.window));
                    }
                    _ => rrule_unreadable = true,
                }
            }
        }
        if rrule_unreadable {
            // calcard keeps an unreadable RRULE as text and would import the first date only.
            self.skip(uid, "recurrence could not be expanded: the RRULE could not be read");
            return;
        }
        if sub_daily {
            // No meal repeats hourly, and such rules are the costly ones to expand (a sparse
            // SECONDLY rule took seconds per event in a debug build).
            self.skip(uid, "recurrence could not be expanded: it repeats more often than daily");
            return;
        }
        if ends_before_start(&master_entries, &start, context.resolver) {
            self.skip(uid, "ends before it starts");
            return;
        }
        let recurring = orphan
            || !override_indices.is_empty()
            || master_entries
                .iter()
                .any(|entry| matches!(entry.name, ICalendarProperty::Rrule | ICalendarProperty::Rdate));

        // Overrides that cannot be placed keep the original occurrence and are reported.
        let mut members = vec![(master_index, master_entries)];
        for &index in override_indices {
            let component = &calendar.components[index];
            match check_override(component, context.resolver) {
                Ok(()) => members.push((index, time_entries(component))),
                Err(reason) => self.skip(uid, reason),
            }
        }

        // A calendar of its own for this event: calcard's expansion limit then applies per event,
        // and only the properties that matter for time are copied.
        let mut mini = ICalendar {
            components: vec![ICalendarComponent {
                component_type: ICalendarComponentType::VCalendar,
                ..Default::default()
            }],
        };
        let used_zones: HashSet<&str> =
            members.iter().flat_map(|(_, entries)| entries.iter().filter_map(ICalendarEntry::tz_id)).collect();
        for (tzid, stub) in context.zones {
            if used_zones.contains(tzid.as_str()) {
                mini.components.push(stub.clone());
            }
        }
        let first_member = mini.components.len();
        let mut sources = Vec::with_capacity(members.len());
        for (index, entries) in members {
            sources.push(index);
            mini.components.push(ICalendarComponent {
                component_type: ICalendarComponentType::VEvent,
                entries,
                component_ids: Vec::new(),
            });
        }
        mini.components[0].component_ids = (first_member as u32..mini.components.len() as u32).collect();

        // calcard interprets the occurrences of a Z-time DTSTART in the default zone: make the
        // default that offset. Floating times are Danish.
        let default_zone = if start.has_offset { start.zone } else { Tz::Tz(FLOATING_ZONE) };
        let limit = if recurring {
            if self.started.elapsed() > EXPANSION_TIME_LIMIT {
                self.skip(uid, "recurrence could not be expanded: the file took too long to expand");
                return;
            }
            if self.out.events.len() >= MAX_EVENTS_PER_FILE {
                self.skip(
                    uid,
                    format!(
                        "the file has more than {MAX_EVENTS_PER_FILE} events to import: the rest were not imported"
                    ),
                );
                return;
            }
            if self.expansion_budget == 0 {
                self.skip(uid, "recurrence could not be expanded: the file has too many occurrences in total");
                return;
            }
            (MAX_EXPANSION_PER_EVENT + 1).min(self.expansion_budget)
        } else {
            1
        };
        let expanded = mini.expand_dates(default_zone, limit);

        let source_of = |comp_id: u32| -> Option<(usize, &ICalendarComponent)> {
            let position = (comp_id as usize).checked_sub(first_member)?;
            let component = mini.components.get(comp_id as usize)?;
            Some((*sources.get(position)?, component))
        };

        for error in &expanded.errors {
            let reason = match &error.error {
                CalendarErrorType::MissingDtStart => "no start time".to_owned(),
                CalendarErrorType::InvalidDtStart => {
                    "start time could not be read: it does not exist or is ambiguous in its time zone".to_owned()
                }
                CalendarErrorType::InvalidDtEnd => "end time could not be read".to_owned(),
                CalendarErrorType::InvalidDuration => "duration could not be read".to_owned(),
                CalendarErrorType::RRule(error) => {
                    format!("recurrence could not be expanded: {error}")
                }
            };
            let is_master = source_of(error.comp_id).is_some_and(|(index, _)| index == master_index);
            self.skip(uid, reason);
            if is_master {
                return;
            }
        }

        let mut accounted = false;
        if recurring {
            let exdates: usize = mini.components[first_member..]
                .iter()
                .flat_map(|component| component.entries.iter())
                .filter(|entry| entry.name == ICalendarProperty::Exdate)
                .map(|entry| entry.values.len())
                .sum();
            // calcard reports no count: occurrences produced plus those removed by EXDATE is at
            // least the number computed, so reaching the limit means the rule was cut short.
            let computed = expanded.events.len().saturating_add(exdates);
            self.expansion_budget = self.expansion_budget.saturating_sub(computed.min(limit));
            if computed >= limit {
                accounted = true;
                self.skip(
                    uid,
                    format!(
                        "recurrence has too many occurrences: only the first {} from its start were computed",
                        limit - 1
                    ),
                );
            }
        }

        // calcard applies EXDATE and RECURRENCE-ID to RRULE occurrences only: an RDATE (or the
        // DTSTART of an RDATE-only event) that is excluded or overridden would stay. Drop the
        // master's occurrences at those instants; an override brings its own.
        let master_component = &mini.components[first_member];
        let mut removed: HashSet<i64> =
            instants(master_component, &ICalendarProperty::Exdate, context.resolver, start.zone);
        for component in &mini.components[first_member + 1..] {
            removed.extend(instants(component, &ICalendarProperty::RecurrenceId, context.resolver, start.zone));
        }

        let mut events = expanded.events;
        events.sort_by_key(|event| (event.start.timestamp(), event.comp_id));
        let mut imported = 0usize;
        // An RDATE at the DTSTART (khal writes both) is the same occurrence, not a second one.
        let mut master_starts = HashSet::new();
        for event in events {
            let Some((source_index, time_component)) = source_of(event.comp_id) else {
                continue;
            };
            if source_index == master_index
                && (removed.contains(&event.start.timestamp()) || !master_starts.insert(event.start.timestamp()))
            {
                continue;
            }
            let source = &calendar.components[source_index];
            let starts_at = event.start.with_timezone(&Utc);
            if starts_at < self.window.0 || starts_at >= self.window.1 {
                continue;
            }
            let ends_at = if has_end(time_component) {
                end_instant(&event.start, &event.end)
            } else {
                starts_at.checked_add_signed(TimeDelta::hours(DEFAULT_DURATION_HOURS))
            };
            let occurrence_uid =
                if recurring { format!("{uid}/{}", starts_at.format(UID_TIME_FORMAT)) } else { uid.to_owned() };
            if is_cancelled(source) {
                self.skip(&occurrence_uid, "cancelled");
                accounted = true;
                continue;
            }
            let Some(ends_at) = ends_at.filter(|end| *end >= starts_at) else {
                self.skip(&occurrence_uid, "ends before it starts");
                accounted = true;
                continue;
            };
            if imported == MAX_OCCURRENCES_PER_EVENT {
                self.skip(
                    uid,
                    format!(
                        "more than {MAX_OCCURRENCES_PER_EVENT} occurrences inside the import window: the rest were not imported"
                    ),
                );
                accounted = true;
                break;
            }
            if !occurrence_uid.is_empty() && self.imported_uids.contains(&occurrence_uid) {
                self.skip(&occurrence_uid, "duplicate UID: already imported from this file");
                accounted = true;
                continue;
            }
            let candidate = CalendarEvent {
                uid: occurrence_uid,
                title: text_property(source, &ICalendarProperty::Summary),
                description: text_property(source, &ICalendarProperty::Description),
                location: text_property(source, &ICalendarProperty::Location),
                url: Some(text_property(source, &ICalendarProperty::Url)).filter(|url| !url.trim().is_empty()),
                starts_at,
                ends_at,
            };
            let size = candidate.uid.len()
                + candidate.title.len()
                + candidate.description.len()
                + candidate.location.len()
                + candidate.url.as_ref().map_or(0, String::len);
            if self.out.events.len() >= MAX_EVENTS_PER_FILE {
                self.skip(
                    uid,
                    format!(
                        "the file has more than {MAX_EVENTS_PER_FILE} events to import: the rest were not imported"
                    ),
                );
                accounted = true;
                break;
            }
            if size > self.text_budget {
                self.skip(uid, "the file holds too much text to import in full");
                accounted = true;
                break;
            }
            self.text_budget -= size;
            if !candidate.uid.is_empty() {
                self.imported_uids.insert(candidate.uid.clone());
            }
            self.out.events.push(candidate);
            imported += 1;
        }
        if imported == 0 && !accounted {
            let reason = if recurring { "no occurrence inside the import window" } else { "outside the import window" };
            self.skip(uid, reason);
        }
    }
}

/// What `series` needs from the calendar the event came from.
struct Context<'a> {
    calendar: &'a ICalendar,
    resolver: &'a TzResolver<&'a str>,
    /// VTIMEZONEs reduced to what calcard uses to name a zone, keyed by TZID.
    zones: &'a [(String, ICalendarComponent)],
}

/// A stable key for an event without UID (Apple and some Exchange exports write none), so that
/// re-importing the same file updates rather than duplicates: a hash of its start instant (or
/// the DTSTART as written when it cannot be resolved), SUMMARY and LOCATION.
fn derived_uid(component: &ICalendarComponent, resolver: &TzResolver<&str>) -> String {
    use sha2::{Digest, Sha256};
    let start = match check_event(component, resolver) {
        Ok(start) => start.at.format(UID_TIME_FORMAT).to_string(),
        Err(_) => component
            .property(&ICalendarProperty::Dtstart)
            .and_then(|entry| entry.values.first())
            .map(|value| format!("{value:?}"))
            .unwrap_or_default(),
    };
    let mut hash = Sha256::new();
    for part in [
        start,
        text_property(component, &ICalendarProperty::Summary),
        text_property(component, &ICalendarProperty::Location),
    ] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    let digest = hash.finalize();
    let hex: String = digest[..16].iter().map(|byte| format!("{byte:02x}")).collect();
    format!("{NO_UID_PREFIX}{hex}")
}

/// A VTIMEZONE reduced to the properties calcard's resolver reads (TZID, X-LIC-LOCATION,
/// X-MICROSOFT-CDO-TZID); its STANDARD/DAYLIGHT rules are not used by calcard.
fn timezone_stub(zone: &ICalendarComponent) -> Option<(String, ICalendarComponent)> {
    let tzid = zone.property(&ICalendarProperty::Tzid)?.values.first()?.as_text()?.to_owned();
    let entries = zone
        .entries
        .iter()
        .filter(|entry| match &entry.name {
            ICalendarProperty::Tzid => true,
            ICalendarProperty::Other(name) => name == "X-LIC-LOCATION" || name == "X-MICROSOFT-CDO-TZID",
            _ => false,
        })
        .cloned()
        .collect();
    Some((
        tzid,
        ICalendarComponent { component_type: ICalendarComponentType::VTimezone, entries, component_ids: Vec::new() },
    ))
}

/// The properties calcard's expansion reads, minus SEQUENCE (calcard only matches an override
/// to an occurrence when both carry the same SEQUENCE, which Google's files do not) and minus
/// a DTEND or DURATION it cannot read (the event then gets the default length).
fn time_entries(component: &ICalendarComponent) -> Vec<ICalendarEntry> {
    component
        .entries
        .iter()
        .filter(|entry| match entry.name {
            ICalendarProperty::Dtstart
            | ICalendarProperty::Rrule
            | ICalendarProperty::Rdate
            | ICalendarProperty::Exdate
            | ICalendarProperty::RecurrenceId => true,
            ICalendarProperty::Dtend => matches!(
                entry.values.first(),
                Some(ICalendarValue::PartialDateTime(dt)) if dt.to_date_time().is_some()
            ),
            ICalendarProperty::Duration => {
                matches!(entry.values.first(), Some(ICalendarValue::Duration(_)))
            }
            _ => false,
        })
        .cloned()
        .collect()
}

fn has_end(component: &ICalendarComponent) -> bool {
    component.entries.iter().any(|entry| matches!(entry.name, ICalendarProperty::Dtend | ICalendarProperty::Duration))
}

fn is_cancelled(component: &ICalendarComponent) -> bool {
    component.status() == Some(&ICalendarStatus::Cancelled)
        || component
            .property(&ICalendarProperty::Status)
            .and_then(|entry| entry.values.first())
            .and_then(ICalendarValue::as_text)
            .is_some_and(|status| status.trim().eq_ignore_ascii_case("CANCELLED"))
}

/// The checks a VEVENT must pass before it is expanded, in the order a user would want to hear
/// about them.
fn check_event(component: &ICalendarComponent, resolver: &TzResolver<&str>) -> Result<Start, String> {
    if is_cancelled(component) {
        return Err("cancelled".to_owned());
    }
    let entry = component.property(&ICalendarProperty::Dtstart).ok_or("no start time")?;
    let (value, tzid, repaired) = match entry.values.first() {
        Some(ICalendarValue::PartialDateTime(value)) => ((**value).clone(), entry.tz_id().map(str::to_owned), None),
        _ => {
            let (value, tzid, repaired) = repair_exchange_dtstart(entry).ok_or("no start time")?;
            (value, Some(tzid), Some(repaired))
        }
    };
    if !value.has_date() {
        return Err("start time could not be read".to_owned());
    }
    if !value.has_time() {
        return Err(REASON_ALL_DAY.to_owned());
    }
    let parsed = value.to_date_time().ok_or("start time could not be read")?;
    let (zone, has_offset) = match (parsed.tz(), &tzid) {
        (Some(zone), _) => (zone, true),
        (None, Some(tzid)) => (
            resolver
                .resolve(tzid)
                .filter(|zone| !zone.is_floating())
                .ok_or_else(|| format!("start time zone unknown: {tzid}"))?,
            false,
        ),
        (None, None) => (Tz::Tz(FLOATING_ZONE), false),
    };
    let at = local_instant(&parsed, zone).ok_or("start time could not be read: it does not exist in its time zone")?;
    Ok(Start { zone, has_offset, local: at.with_timezone(&zone).naive_local(), at, repaired })
}

/// Overrides are checked like events, except that a missing DTSTART means "unchanged start"
/// (calcard then uses the RECURRENCE-ID).
fn check_override(component: &ICalendarComponent, resolver: &TzResolver<&str>) -> Result<(), String> {
    if is_cancelled(component) {
        // Kept: it replaces its occurrence, which is then reported as cancelled.
        return Ok(());
    }
    if !component.has_property(&ICalendarProperty::Dtstart) {
        return Ok(());
    }
    check_event(component, resolver).map(|_| ())
}

/// Exchange 2010 writes `DTSTART;TZID="W. Europe Standard Time:20200609T090000"`: the value
/// ended up inside the quoted parameter and the property value is empty. Split it back.
fn repair_exchange_dtstart(entry: &ICalendarEntry) -> Option<(PartialDateTime, String, ICalendarEntry)> {
    let raw = entry.tz_id()?;
    let (tzid, value) = raw.rsplit_once(':')?;
    let tzid = tzid.trim();
    let mut parsed = PartialDateTime::default();
    if tzid.is_empty() || !parsed.parse_timestamp(&mut value.trim().as_bytes().iter().peekable(), false) {
        return None;
    }
    let mut params: Vec<ICalendarParameter> =
        entry.params.iter().filter(|param| param.name != ICalendarParameterName::Tzid).cloned().collect();
    params.push(ICalendarParameter {
        name: ICalendarParameterName::Tzid,
        value: ICalendarParameterValue::Text(tzid.to_owned()),
    });
    let repaired = ICalendarEntry {
        name: ICalendarProperty::Dtstart,
        params,
        values: vec![ICalendarValue::PartialDateTime(Box::new(parsed.clone()))],
    };
    Some((parsed, tzid.to_owned(), repaired))
}

/// The instant of a parsed local time in `zone` (an explicit offset wins). In the hour that
/// repeats when DST ends, the first of the two is taken.
fn local_instant(value: &DateTimeResult, zone: Tz) -> Option<DateTime<Utc>> {
    match value.tz() {
        Some(offset_zone) => {
            offset_zone.from_local_datetime(&value.date_time).earliest().map(|at| at.with_timezone(&Utc))
        }
        None => zone.from_local_datetime(&value.date_time).earliest().map(|at| at.with_timezone(&Utc)),
    }
}

/// The RRULE's UNTIL, made floating in DTSTART's zone and cut at the window's end.
///
/// calcard iterates a rule in floating time and compares UNTIL with it as it is, so a UTC UNTIL
/// (the normal form) would be off by the zone's offset and could drop the last occurrence.
/// Cutting at the window's end stops the expansion where it stops being useful.
fn clamped_until(until: Option<&PartialDateTime>, start: &Start, window: Window) -> PartialDateTime {
    let window_end = window.1.with_timezone(&start.zone).naive_local();
    let original = until.and_then(|until| {
        let parsed = until.to_date_time()?;
        if parsed.offset.is_some() {
            local_instant(&parsed, start.zone).map(|at| at.with_timezone(&start.zone).naive_local())
        } else if until.has_time() {
            Some(parsed.date_time)
        } else {
            // A DATE UNTIL on a timed event: the whole last day is included.
            Some(parsed.date_time.date().and_time(NaiveTime::from_hms_opt(23, 59, 59)?))
        }
    });
    let until = original.map_or(window_end, |original| original.min(window_end));
    // An UNTIL before DTSTART would be rejected; DTSTART is always an occurrence.
    let until = until.max(start.local);
    floating(until)
}

fn floating(at: NaiveDateTime) -> PartialDateTime {
    use chrono::{Datelike, Timelike};
    PartialDateTime {
        year: u16::try_from(at.year()).ok(),
        month: Some(at.month() as u8),
        day: Some(at.day() as u8),
        hour: Some(at.hour() as u8),
        minute: Some(at.minute() as u8),
        second: Some(at.second() as u8),
        ..Default::default()
    }
}

/// DTEND before DTSTART, or a negative DURATION, would make every occurrence end before it starts.
fn ends_before_start(entries: &[ICalendarEntry], start: &Start, resolver: &TzResolver<&str>) -> bool {
    entries.iter().any(|entry| match (&entry.name, entry.values.first()) {
        (ICalendarProperty::Dtend, Some(ICalendarValue::PartialDateTime(end))) => {
            let zone = entry
                .tz_id()
                .and_then(|tzid| resolver.resolve(tzid))
                .filter(|zone| !zone.is_floating())
                .unwrap_or(start.zone);
            end.to_date_time().and_then(|end| local_instant(&end, zone)).is_some_and(|end| end < start.at)
        }
        (ICalendarProperty::Duration, Some(ICalendarValue::Duration(duration))) => duration.as_seconds() < 0,
        _ => false,
    })
}

/// The end of an expanded occurrence: DTEND as given, or the start plus the duration in local
/// time (so "P1D" stays one calendar day across a DST change), or plainly when that fails.
fn end_instant(start: &DateTime<Tz>, end: &TimeOrDelta<DateTime<Tz>, TimeDelta>) -> Option<DateTime<Utc>> {
    match end {
        TimeOrDelta::Time(end) => Some(end.with_timezone(&Utc)),
        TimeOrDelta::Delta(delta) => start
            .naive_local()
            .checked_add_signed(*delta)
            .and_then(|end| start.timezone().from_local_datetime(&end).earliest())
            .map(|end| end.with_timezone(&Utc))
            .or_else(|| start.with_timezone(&Utc).checked_add_signed(*delta)),
    }
}

/// The instants (Unix seconds) of a date-time property's values; values without TZID or offset
/// are in `zone`, the zone of the event's DTSTART, as calcard reads them.
fn instants(
    component: &ICalendarComponent,
    name: &ICalendarProperty,
    resolver: &TzResolver<&str>,
    zone: Tz,
) -> HashSet<i64> {
    component
        .properties(name)
        .flat_map(|entry| {
            let zone = entry
                .tz_id()
                .and_then(|tzid| resolver.resolve(tzid))
                .filter(|zone| !zone.is_floating())
                .unwrap_or(zone);
            entry.values.iter().filter_map(move |value| match value {
                ICalendarValue::PartialDateTime(at) => {
                    at.to_date_time().and_then(|at| local_instant(&at, zone)).map(|at| at.timestamp())
                }
                _ => None,
            })
        })
        .collect()
}

/// A TEXT property's value, unescaped by calcard, with line breaks as "\n" ("" when absent).
fn text_property(component: &ICalendarComponent, name: &ICalendarProperty) -> String {
    component
        .property(name)
        .map(|entry| {
            entry
                .values
                .iter()
                .filter_map(ICalendarValue::as_text)
                .collect::<Vec<_>>()
                .join(",")
                .replace("\r\n", "\n")
                .replace('\r', "\n")
        })
        .unwrap_or_default()
}
