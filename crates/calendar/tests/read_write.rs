//! Hostile input, edge cases of reading, and the writer's output read back.

use chrono::{DateTime, TimeZone, Utc};
use rygrad_calendar::{
    CalendarEvent, MAX_INPUT_BYTES, MAX_OCCURRENCES_PER_EVENT, ReadError, read_calendar, write_calendar,
};

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

fn window() -> (DateTime<Utc>, DateTime<Utc>) {
    (at(2000, 1, 1, 0, 0), at(2031, 1, 1, 0, 0))
}

fn calendar(body: &str) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n")
}

fn event(uid: &str, lines: &str) -> String {
    format!("BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:Fællesspisning\r\n{lines}END:VEVENT\r\n")
}

#[test]
fn text_that_is_not_a_calendar_is_refused() {
    for input in [
        &b""[..],
        b"hello world\n",
        b"<html><body>BEGIN:VCALENDAR? no</body></html>",
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:John Doe\r\nEND:VCARD\r\n",
        b"\xff\xfe\x00\x01 binary junk \x00",
    ] {
        assert_eq!(read_calendar(input, window()), Err(ReadError::NotACalendar), "{input:?}");
    }
}

#[test]
fn task_lists_zone_files_binary_data_and_bare_components_are_not_calendars() {
    let todo = "BEGIN:VTODO\r\nUID:t\r\nSUMMARY:Køb ind\r\nEND:VTODO\r\n";
    let zone = "BEGIN:VTIMEZONE\r\nTZID:Europe/Copenhagen\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n\
                TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";
    let bare_event = event("e", "DTSTART:20250601T170000Z\r\n");
    for input in [
        todo.to_owned(),
        calendar(todo),
        calendar(zone),
        zone.to_owned(),
        format!("{}\0", calendar(&bare_event)),
        "BeGIN:\0\n".to_owned(),
        "Fællesspisning fredag kl. 18 i Medborgerhuset\n".to_owned(),
    ] {
        assert_eq!(read_calendar(input.as_bytes(), window()), Err(ReadError::NotACalendar), "{input:?}");
    }
}

#[test]
fn a_calendar_without_events_is_an_empty_calendar() {
    let read = read_calendar(calendar("X-WR-CALNAME:Tom\r\n").as_bytes(), window()).unwrap();
    assert!(read.events.is_empty() && read.skipped.is_empty());
}

#[test]
fn events_without_uid_are_kept_apart_under_a_key_that_survives_a_reimport() {
    let no_uid = |start: &str, title: &str| {
        format!("BEGIN:VEVENT\r\nSUMMARY:{title}\r\nLOCATION:Medborgerhuset\r\nDTSTART:{start}\r\nEND:VEVENT\r\n")
    };
    let file = calendar(&format!(
        "{}{}{}",
        no_uid("20250601T170000Z", "Fællesspisning"),
        no_uid("20250608T170000Z", "Fællesspisning"),
        no_uid("20250601T170000Z", "Suppeaften"),
    ));
    let first = read_calendar(file.as_bytes(), window()).unwrap();
    assert_eq!(first.events.len(), 3, "{:?}", first.skipped);
    let mut keys: Vec<&str> = first.events.iter().map(|e| e.uid.as_str()).collect();
    assert!(keys.iter().all(|key| key.starts_with("no-uid:")), "{keys:?}");
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 3, "each event has its own key");
    // The same events in another order, written with a different but equal time form.
    let again = calendar(&format!(
        "{}{}{}",
        no_uid("20250601T170000Z", "Suppeaften"),
        no_uid("20250608T190000", "Fællesspisning"),
        no_uid("20250601T170000Z", "Fællesspisning"),
    ));
    let second = read_calendar(again.as_bytes(), window()).unwrap();
    let key_of = |read: &rygrad_calendar::ReadCalendar, title: &str, start: DateTime<Utc>| {
        read.events.iter().find(|e| e.title == title && e.starts_at == start).unwrap().uid.clone()
    };
    for (title, start) in [
        ("Fællesspisning", at(2025, 6, 1, 17, 0)),
        ("Fællesspisning", at(2025, 6, 8, 17, 0)),
        ("Suppeaften", at(2025, 6, 1, 17, 0)),
    ] {
        assert_eq!(key_of(&first, title, start), key_of(&second, title, start), "{title} {start}");
    }
}

/// Exchange's "Customized Time Zone" and other zones that only the file's VTIMEZONE defines.
fn custom_zone(tzid: &str, observances: &str) -> String {
    format!("BEGIN:VTIMEZONE\r\nTZID:{tzid}\r\n{observances}END:VTIMEZONE\r\n")
}

const DANISH_RULES: &str = "BEGIN:STANDARD\r\nDTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n\
    RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\n\
    BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n\
    RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\n";

#[test]
fn times_in_a_zone_the_file_defines_follow_its_rules() {
    let tzid = "Customized Time Zone";
    let file = calendar(&format!(
        "{}{}{}",
        custom_zone(tzid, DANISH_RULES),
        event(
            "sommer",
            &format!("DTSTART;TZID=\"{tzid}\":20250601T180000\r\nDTEND;TZID=\"{tzid}\":20250601T200000\r\n")
        ),
        event("vinter", &format!("DTSTART;TZID={tzid}:20250110T180000\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\n")),
    ));
    let read = read_calendar(file.as_bytes(), window()).unwrap();
    assert!(read.skipped.is_empty(), "{:?}", read.skipped);
    let starts: Vec<_> = read.events.iter().map(|e| (e.uid.as_str(), e.starts_at)).collect();
    assert_eq!(
        starts,
        [
            ("sommer", at(2025, 6, 1, 16, 0)),
            ("vinter/20250110T170000Z", at(2025, 1, 10, 17, 0)),
            ("vinter/20250117T170000Z", at(2025, 1, 17, 17, 0)),
            ("vinter/20250124T170000Z", at(2025, 1, 24, 17, 0)),
        ]
    );
    assert_eq!(read.events[0].ends_at, at(2025, 6, 1, 18, 0));

    // a zone without daylight saving time, at a half-hour offset (India's)
    let file = calendar(&format!(
        "{}{}",
        custom_zone(
            "Min zone",
            "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0530\r\nTZOFFSETTO:+0530\r\nEND:STANDARD\r\n"
        ),
        event("indien", "DTSTART;TZID=Min zone:20250601T180000\r\n"),
    ));
    assert_eq!(read_calendar(file.as_bytes(), window()).unwrap().events[0].starts_at, at(2025, 6, 1, 12, 30));

    // rules no real zone follows, and a TZID without any VTIMEZONE, stay unknown
    let file = calendar(&format!(
        "{}{}{}",
        custom_zone(
            "Mars",
            "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0117\r\nTZOFFSETTO:+0117\r\nEND:STANDARD\r\n"
        ),
        event("mars", "DTSTART;TZID=Mars:20250601T180000\r\n"),
        event("ingen", "DTSTART;TZID=Ingen zone:20250601T180000\r\n"),
    ));
    let reasons: Vec<String> =
        read_calendar(file.as_bytes(), window()).unwrap().skipped.into_iter().map(|s| s.reason).collect();
    assert_eq!(reasons, ["start time zone unknown: Mars", "start time zone unknown: Ingen zone"]);
}

#[test]
fn input_over_the_limit_is_refused() {
    let mut input = calendar("").into_bytes();
    input.resize(MAX_INPUT_BYTES + 1, b'\n');
    assert_eq!(read_calendar(&input, window()), Err(ReadError::TooLarge));
}

#[test]
fn deep_nesting_does_not_crash() {
    for depth in [1_600, 100_000] {
        let input = format!("BEGIN:VCALENDAR\r\n{}", "BEGIN:VEVENT\r\n".repeat(depth));
        let read = read_calendar(input.as_bytes(), window()).unwrap();
        assert!(read.events.is_empty());
        assert_eq!(read.skipped.len(), depth);
        let input = "BEGIN:X\n".repeat(depth);
        assert_eq!(read_calendar(input.as_bytes(), window()), Err(ReadError::NotACalendar));
    }
}

#[test]
fn default_length_is_two_hours_and_utc_and_floating_work() {
    let input = calendar(&format!(
        "{}{}",
        event("a", "DTSTART:20250601T170000Z\r\n"),
        event("b", "DTSTART:20250601T170000\r\nDURATION:PT90M\r\n"),
    ));
    let read = read_calendar(input.as_bytes(), window()).unwrap();
    assert_eq!(read.events[0].starts_at, at(2025, 6, 1, 17, 0));
    assert_eq!(read.events[0].ends_at, at(2025, 6, 1, 19, 0));
    assert_eq!(read.events[0].title, "Fællesspisning");
    // Floating 17:00 is Copenhagen summer time, 15:00Z.
    assert_eq!(read.events[1].starts_at, at(2025, 6, 1, 15, 0));
    assert_eq!(read.events[1].ends_at, at(2025, 6, 1, 16, 30));
}

#[test]
fn recurring_utc_events_keep_their_time() {
    // calcard would read the occurrences of a Z start in the default zone; they must stay 17:00Z.
    let input = calendar(&event(
        "weekly",
        "DTSTART:20250106T170000Z\r\nDTEND:20250106T190000Z\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nEXDATE:20250113T170000Z\r\n",
    ));
    let read = read_calendar(input.as_bytes(), window()).unwrap();
    let uids: Vec<&str> = read.events.iter().map(|e| e.uid.as_str()).collect();
    assert_eq!(uids, ["weekly/20250106T170000Z", "weekly/20250120T170000Z"]);
    assert_eq!(read.events[1].ends_at, at(2025, 1, 20, 19, 0));
}

#[test]
fn recurrence_until_in_utc_includes_the_last_local_occurrence() {
    // 18:00 Copenhagen (CEST) = 16:00Z; UNTIL is exactly the last start.
    let input = calendar(&event(
        "daily",
        "DTSTART;TZID=Europe/Copenhagen:20250601T180000\r\nRRULE:FREQ=DAILY;UNTIL=20250603T160000Z\r\n",
    ));
    let read = read_calendar(input.as_bytes(), window()).unwrap();
    assert_eq!(read.events.len(), 3);
    assert_eq!(read.events[2].starts_at, at(2025, 6, 3, 16, 0));
}

#[test]
fn bad_events_are_skipped_with_reasons() {
    let input = calendar(
        &[
            event("no-start", ""),
            event("all-day", "DTSTART;VALUE=DATE:20250601\r\n"),
            event("cancelled", "DTSTART:20250601T170000Z\r\nSTATUS:CANCELLED\r\n"),
            event("zone", "DTSTART;TZID=Mars/Olympus:20250601T170000\r\n"),
            event("backwards", "DTSTART:20250601T170000Z\r\nDTEND:20250601T160000Z\r\n"),
            event("hourly", "DTSTART:20250601T170000Z\r\nRRULE:FREQ=HOURLY\r\n"),
            event("bad-rule", "DTSTART:20250601T170000Z\r\nRRULE:FREQ=WEEKLY;BYDAY=ØA\r\n"),
            event("never", "DTSTART:20250601T170000Z\r\nRRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30\r\n"),
            event("dup", "DTSTART:20250601T170000Z\r\n"),
            event("dup", "DTSTART:20250602T170000Z\r\n"),
        ]
        .concat(),
    );
    let read = read_calendar(input.as_bytes(), window()).unwrap();
    let skipped: Vec<(&str, &str)> = read.skipped.iter().map(|s| (s.uid.as_str(), s.reason.as_str())).collect();
    assert_eq!(
        skipped,
        [
            ("no-start", "no start time"),
            ("all-day", "all-day event: a meal needs a start time"),
            ("cancelled", "cancelled"),
            ("zone", "start time zone unknown: Mars/Olympus"),
            ("backwards", "ends before it starts"),
            ("hourly", "recurrence could not be expanded: it repeats more often than daily"),
            ("bad-rule", "recurrence could not be expanded: the RRULE could not be read"),
            ("never", "no occurrence inside the import window"),
            ("dup", "duplicate UID: another event in the file has the same UID"),
        ]
    );
    assert_eq!(read.events.len(), 1);
    assert_eq!(read.events[0].uid, "dup");
}

#[test]
fn cancelled_occurrence_is_reported() {
    let input = calendar(&format!(
        "{}{}",
        event("s", "DTSTART:20250601T170000Z\r\nRRULE:FREQ=DAILY;COUNT=3\r\n"),
        event("s", "RECURRENCE-ID:20250602T170000Z\r\nDTSTART:20250602T170000Z\r\nSTATUS:CANCELLED\r\n"),
    ));
    let read = read_calendar(input.as_bytes(), window()).unwrap();
    assert_eq!(read.events.len(), 2);
    assert_eq!(read.skipped.len(), 1);
    assert_eq!(read.skipped[0].uid, "s/20250602T170000Z");
    assert_eq!(read.skipped[0].reason, "cancelled");
}

#[test]
fn expansion_is_capped_per_event() {
    let input = calendar(&event("daily", "DTSTART:20000101T170000Z\r\nRRULE:FREQ=DAILY\r\n"));
    let read = read_calendar(input.as_bytes(), window()).unwrap();
    assert_eq!(read.events.len(), MAX_OCCURRENCES_PER_EVENT);
    assert_eq!(read.skipped.len(), 1);
    assert!(read.skipped[0].reason.starts_with("more than 10000 occurrences"));
}

#[test]
fn latin1_input_is_decoded() {
    let input = calendar(&event("l", "DTSTART:20250601T170000Z\r\nLOCATION:Køkken\r\n"));
    // Every character here is below U+0100, so one byte each is Latin-1.
    let latin1: Vec<u8> = input.chars().map(|c| u8::try_from(c).unwrap()).collect();
    assert!(std::str::from_utf8(&latin1).is_err());
    let read = read_calendar(&latin1, window()).unwrap();
    assert_eq!(read.events[0].title, "Fællesspisning");
    assert_eq!(read.events[0].location, "Køkken");
}

fn sample_events() -> Vec<CalendarEvent> {
    vec![
        CalendarEvent {
            uid: "meal-1@rygrad".into(),
            title: "Fællesspisning: æble, ørred; ål".into(),
            description: "Første linje\nAnden linje, med komma; og semikolon\\ og backslash\n\nSidst: ÆØÅ".into(),
            location: "Fælleshuset, Søndergade 1; 8000 Aarhus C".into(),
            url: Some("https://rygrad.dk/maaltider/1?a=1&b=2".into()),
            starts_at: at(2026, 3, 28, 17, 30),
            ends_at: at(2026, 3, 28, 19, 30),
        },
        CalendarEvent {
            uid: "meal-2@rygrad".into(),
            title: "Lang titel ".to_owned() + &"æøå, ; ".repeat(26) + "slutten",
            description: String::new(),
            location: String::new(),
            url: None,
            starts_at: at(2026, 10, 25, 0, 30),
            ends_at: at(2026, 10, 25, 3, 0),
        },
    ]
}

#[test]
fn written_calendar_reads_back_the_same() {
    let events = sample_events();
    assert_eq!(events[1].title.chars().count(), 200);
    let text = write_calendar("Rygrad – fællesspisning, uge 13", &events);
    let read = read_calendar(text.as_bytes(), window()).unwrap();
    assert!(read.skipped.is_empty(), "{:?}", read.skipped);
    assert_eq!(read.events, events);
}

#[test]
fn written_calendar_is_well_formed() {
    let text = write_calendar("Rygrad – fællesspisning", &sample_events());
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(!text.replace("\r\n", "").contains(['\r', '\n']), "bare CR or LF");
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    for line in &lines {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    assert!(lines.iter().any(|l| l.starts_with(' ')), "the long title must be folded");
    for required in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//rygrad//rygrad//DA",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Rygrad – fællesspisning",
        "UID:meal-1@rygrad",
        "DTSTART:20260328T173000Z",
        "DTEND:20260328T193000Z",
        "SUMMARY:Fællesspisning: æble\\, ørred\\; ål",
        "URL:https://rygrad.dk/maaltider/1?a=1&b=2",
    ] {
        assert!(lines.contains(&required), "missing {required}");
    }
    assert_eq!(lines.iter().filter(|l| l.starts_with("DTSTAMP:")).count(), 2);
    let unfolded = text.replace("\r\n ", "");
    assert!(unfolded.contains(
        "DESCRIPTION:Første linje\\nAnden linje\\, med komma\\; og semikolon\\\\ og backslash\\n\\nSidst: ÆØÅ\r\n"
    ));
}
