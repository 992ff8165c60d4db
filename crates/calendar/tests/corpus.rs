//! Reads the 30 real-world files of the shared corpus (read at test time, never copied here).
//! Every expected count below was checked by hand against the file; see the comments.

use chrono::{DateTime, Datelike, TimeZone, Utc, Weekday};
use rygrad_calendar::{CalendarEvent, ReadCalendar, read_calendar};
use std::collections::BTreeMap;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/ics");

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

/// 2000-01-01 up to and including 2030-12-31.
fn window() -> (DateTime<Utc>, DateTime<Utc>) {
    (at(2000, 1, 1, 0, 0), at(2031, 1, 1, 0, 0))
}

fn read(name: &str) -> ReadCalendar {
    let bytes = std::fs::read(format!("{CORPUS}/{name}.ics")).unwrap();
    read_calendar(&bytes, window()).unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

fn by_uid<'a>(calendar: &'a ReadCalendar, uid: &str) -> Vec<&'a CalendarEvent> {
    calendar.events.iter().filter(|event| event.uid == uid || event.uid.starts_with(&format!("{uid}/"))).collect()
}

const ALL_DAY: &str = "all-day event: a meal needs a start time";

/// (file, imported, skipped, reasons that must account for every skipped entry)
const EXPECTED: &[(&str, usize, usize, &[&str])] = &[
    // Europe/Vienna, 10:30-10:40 CEST.
    ("apple_iphone__structured_location_vienna", 1, 0, &[]),
    // Three VCALENDAR blocks, one event each.
    ("apple_macos__multiple_vcalendar_blocks", 3, 0, &[]),
    // TENTATIVE, CONFIRMED and no STATUS imported; STATUS:CANCELLED skipped.
    ("apple_macos__tentative_cancelled_attendees", 3, 1, &["cancelled"]),
    // Quoted Windows TZID "W. Europe Standard Time".
    ("emclient__vtimezone_year_0001", 1, 0, &[]),
    ("exchange2010__eastern_unquoted_tzid", 1, 0, &[]),
    // 1 single + 235 (MO-SA weekly 2020-06-09..2021-03-09, its DTSTART repaired from the
    // quoted "Zone:value" TZID) + 1 single + 135 (TU,TH,FR,SU 2020-07-07..2021-03-09 = 141
    // minus 6 EXDATEs) = 372.
    ("exchange2010__many_windows_timezones", 372, 0, &[]),
    // All-day series and its moved all-day instance.
    ("exchange2010__whole_day_moved_recurrence", 0, 2, &[ALL_DAY]),
    // "Pacific Time (US & Canada), Tijuana" resolved through X-MICROSOFT-CDO-TZID.
    ("exchange_cdo__tijuana_tzid_empty_class", 1, 0, &[]),
    ("facebook__event_export", 1, 0, &[]),
    // 96 VEVENTs, all with date-only DTSTARTs (written with a TZID, without VALUE=DATE).
    ("google__aus_holidays_allday_large", 0, 96, &[ALL_DAY]),
    ("google__birthday_yearly", 0, 4, &[ALL_DAY]),
    // Daily 25-28 Aug 2016 (UNTIL 11:00Z = 14:00 Kyiv, inclusive), the 26th overridden.
    ("google__kiev_tz_recurrence_id", 4, 0, &[]),
    // Third Saturday monthly from 2020-05-16: 8 in 2020 + 12 a year for 2021-2030 = 128.
    ("google__takeout_export_small", 128, 0, &[]),
    ("google__whole_day_moved_over_dst", 0, 2, &[ALL_DAY]),
    // TZID "Western/Central Europe" is defined only by its VTIMEZONE rules (the EU's); DTSTART
    // and four RDATE periods, the first of them at the DTSTART: four meetings.
    ("khal__rdate_period_tzid_crlf", 4, 0, &[]),
    // 20 VEVENTs without any property.
    ("malformed__icalendar_empty_events", 0, 20, &["no start time"]),
    ("malformed__icaljs_blank_line_mid", 0, 0, &[]),
    // calcard reads "20160816T::" as the date 2016-08-16.
    ("malformed__nextcloud_double_colon_time", 0, 1, &[ALL_DAY]),
    ("meetup__phoenix_timed_tz", 1, 0, &[]),
    ("mozilla_calendar__estonia_holidays_nonascii", 0, 152, &[ALL_DAY]),
    // 2 timed events (floating, so Copenhagen); 4 all-day; 1 cancelled; 3 VTODOs are not events.
    ("mozilla_calendar__twinkle_invalid", 2, 5, &[ALL_DAY, "cancelled"]),
    ("nextcloud__yearly_allday_four_valarms", 0, 1, &[ALL_DAY]),
    // Floating times (Copenhagen), QUOTED-PRINTABLE text.
    ("outlook2003__quoted_printable_two_vcalendars", 2, 0, &[]),
    // Weekly on Fridays from 2008-10-31 to 2030-12-27: 1157.
    ("outlook2007__weekly_windows_tz", 1157, 0, &[]),
    ("plone__unicode_calendar_name", 0, 0, &[]),
    ("sabredav__unicode_noncharacter_nbsp", 1, 1, &[ALL_DAY]),
    // First Tuesday monthly Oct 2012..Dec 2030 = 219, minus 3 EXDATEs, plus 5 RDATEs = 221;
    // two RECURRENCE-ID overrides move instances (one of them an RDATE).
    ("zimbra__recur_instances_exceptions", 221, 0, &[]),
];

/// Files that are refused as a whole: a NUL byte, and time-zone libraries without events.
const NOT_CALENDARS: &[&str] = &[
    "malformed__icalendar_fuzz_nul_component",
    "vtimezone__europe_berlin_icaljs",
    "vtimezone__europe_copenhagen_tzurl_historic",
];

#[test]
fn every_corpus_file_reads_as_expected() {
    let mut files: Vec<String> = std::fs::read_dir(CORPUS)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ics"))
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut expected: Vec<&str> = EXPECTED.iter().map(|row| row.0).chain(NOT_CALENDARS.iter().copied()).collect();
    expected.sort();
    assert_eq!(files, expected, "the corpus changed: update the tables");
    for name in NOT_CALENDARS {
        let bytes = std::fs::read(format!("{CORPUS}/{name}.ics")).unwrap();
        assert_eq!(read_calendar(&bytes, window()), Err(rygrad_calendar::ReadError::NotACalendar), "{name}");
    }

    for (name, imported, skipped, reasons) in EXPECTED {
        let calendar = read(name);
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for entry in &calendar.skipped {
            *seen.entry(entry.reason.as_str()).or_default() += 1;
        }
        assert_eq!((calendar.events.len(), calendar.skipped.len()), (*imported, *skipped), "{name}: skipped {seen:?}");
        for entry in &calendar.skipped {
            assert!(
                reasons.iter().any(|reason| entry.reason.contains(reason)),
                "{name}: unexpected reason {:?}",
                entry.reason
            );
        }
        for event in &calendar.events {
            assert!(event.ends_at >= event.starts_at, "{name}: {event:?}");
            assert!(!event.uid.is_empty(), "{name}: {event:?}");
        }
        let mut uids: Vec<&str> = calendar.events.iter().map(|e| e.uid.as_str()).collect();
        uids.sort();
        uids.dedup();
        assert_eq!(uids.len(), calendar.events.len(), "{name}: duplicate uids");
    }
}

#[test]
fn facebook_event_in_utc() {
    let calendar = read("facebook__event_export");
    let event = &calendar.events[0];
    assert_eq!(event.uid, "e501511573641525@facebook.com");
    assert_eq!(event.title, "Photo Comp - Prize Giving");
    assert_eq!(event.location, "TBC");
    assert_eq!(event.url.as_deref(), Some("https://www.facebook.com/events/501511573641525/"));
    assert_eq!(event.starts_at, at(2018, 8, 31, 7, 0));
    assert_eq!(event.ends_at, at(2018, 8, 31, 10, 0));
    // Facebook folds every ~34 characters: the folds must be gone.
    assert!(event.description.starts_with("The much anticipated 2018 West Coast"));
}

#[test]
fn a_time_zone_defined_only_by_the_files_own_rules_is_used() {
    // khal: "Western/Central Europe", 16:00 in November and February (CET) = 15:00Z, and the
    // 16:30 end of each RDATE period.
    let khal = read("khal__rdate_period_tzid_crlf");
    let starts: Vec<_> = khal.events.iter().map(|e| e.starts_at).collect();
    assert_eq!(starts, [at(2021, 11, 1, 15, 0), at(2021, 12, 6, 15, 0), at(2022, 1, 3, 15, 0), at(2022, 2, 7, 15, 0)]);
    assert!(khal.events.iter().all(|e| e.ends_at - e.starts_at == chrono::Duration::minutes(30)));
}

#[test]
fn windows_time_zones_are_mapped() {
    // "W. Europe Standard Time" 10:00 in June = 08:00Z.
    let emclient = read("emclient__vtimezone_year_0001");
    assert_eq!(emclient.events[0].starts_at, at(2024, 6, 1, 8, 0));
    // "Eastern Standard Time" 17:00 on 28 Oct 2024 (still EDT) = 21:00Z.
    let eastern = read("exchange2010__eastern_unquoted_tzid");
    assert_eq!(eastern.events[0].starts_at, at(2024, 10, 28, 21, 0));
    // "Pacific Time (US & Canada), Tijuana" 22:30 on 11 Oct 2004 (PDT) = 05:30Z next day.
    let tijuana = read("exchange_cdo__tijuana_tzid_empty_class");
    assert_eq!(tijuana.events[0].starts_at, at(2004, 10, 12, 5, 30));
    assert_eq!(tijuana.events[0].ends_at, at(2004, 10, 12, 7, 0));

    let many = read("exchange2010__many_windows_timezones");
    let single = by_uid(
        &many,
        "040000008200E00074C5B7101A82E0080000000070DE40F38786D601000000000000000010000000D2A9BA8A3668CA4ABB2CC6838268179F",
    );
    assert_eq!(single.len(), 1);
    assert_eq!(single[0].starts_at, at(2020, 9, 10, 7, 0));
    // "Pacific Standard Time" 08:30 on 15 Sep 2020 (PDT) = 15:30Z.
    let pacific = many.events.iter().find(|e| e.title == "Not the actual summary 1").unwrap();
    assert_eq!(pacific.starts_at, at(2020, 9, 15, 15, 30));

    // Weekly TU,TH,FR,SU at 12:00 Pacific: 19:00Z in summer, 20:00Z after 1 Nov 2020.
    let weekly: Vec<_> = many.events.iter().filter(|e| e.title == "Not the actual summary either").collect();
    assert_eq!(weekly.len(), 135);
    assert_eq!(weekly[0].starts_at, at(2020, 7, 7, 19, 0));
    assert_eq!(weekly[0].ends_at, at(2020, 7, 7, 19, 30));
    assert!(weekly.iter().any(|e| e.starts_at == at(2020, 11, 3, 20, 0)));
    assert_eq!(weekly.last().unwrap().starts_at, at(2021, 3, 9, 20, 0));
    // EXDATE 2020-07-21 12:00 Pacific.
    assert!(!weekly.iter().any(|e| e.starts_at == at(2020, 7, 21, 19, 0)));
    assert!(weekly[1].uid.ends_with("/20200709T190000Z"), "{}", weekly[1].uid);

    // Exchange's DTSTART;TZID="W. Europe Standard Time:20200609T090000" is repaired.
    let jira: Vec<_> = many.events.iter().filter(|e| e.title == "Log Yesterday's Jira time").collect();
    assert_eq!(jira.len(), 235);
    assert_eq!(jira[0].starts_at, at(2020, 6, 9, 7, 0));
    assert_eq!(jira.last().unwrap().starts_at, at(2021, 3, 9, 8, 0));
}

#[test]
fn outlook_weekly_occurrences_are_expanded() {
    // TZID "Kuala Lumpur\, Singapore": 09:30 local = 01:30Z, every Friday.
    let calendar = read("outlook2007__weekly_windows_tz");
    assert_eq!(calendar.events.len(), 1157);
    let first = &calendar.events[0];
    assert_eq!(first.starts_at, at(2008, 10, 31, 1, 30));
    assert_eq!(first.ends_at, at(2008, 10, 31, 1, 40));
    assert!(first.uid.ends_with("/20081031T013000Z"));
    assert_eq!(first.title, "Scheduled Reboot");
    for event in &calendar.events {
        assert_eq!(event.starts_at.weekday(), Weekday::Fri);
        assert_eq!(event.starts_at.format("%H:%M").to_string(), "01:30");
    }
    assert_eq!(calendar.events.last().unwrap().starts_at, at(2030, 12, 27, 1, 30));
}

#[test]
fn recurrence_overrides_and_exdates() {
    let kiev = read("google__kiev_tz_recurrence_id");
    let titles: Vec<(DateTime<Utc>, &str)> = kiev.events.iter().map(|e| (e.starts_at, e.title.as_str())).collect();
    assert_eq!(
        titles,
        [
            (at(2016, 8, 25, 11, 0), "repeated"),
            (at(2016, 8, 26, 11, 0), "bla bla"),
            (at(2016, 8, 27, 11, 0), "repeated"),
            (at(2016, 8, 28, 11, 0), "repeated"),
        ]
    );
    assert_eq!(kiev.events[1].uid, "6m2q7kb2l02798oagemrcgm6pk@google.com/20160826T110000Z");

    let zimbra = read("zimbra__recur_instances_exceptions");
    let starts: Vec<DateTime<Utc>> = zimbra.events.iter().map(|e| e.starts_at).collect();
    // The first instance moved from 10:00 to 15:00 Los Angeles (PDT) with a new description.
    assert_eq!(starts[0], at(2012, 10, 2, 22, 0));
    assert_eq!(zimbra.events[0].description, "I HAZ CHANGED!");
    // The RDATE of 5 Nov 10:00 PST (18:00Z) moved to 6 Nov 20:00 PST.
    assert!(!starts.contains(&at(2012, 11, 5, 18, 0)));
    assert!(starts.contains(&at(2012, 11, 7, 4, 0)));
    // EXDATEs 4 Dec 2012, 5 Feb 2013 and 2 Apr 2013 at 10:00 Los Angeles.
    for excluded in [at(2012, 12, 4, 18, 0), at(2013, 2, 5, 18, 0), at(2013, 4, 2, 17, 0)] {
        assert!(!starts.contains(&excluded));
    }
    for kept in [at(2013, 1, 1, 18, 0), at(2013, 3, 5, 18, 0), at(2013, 5, 7, 17, 0)] {
        assert!(starts.contains(&kept));
    }
    // RDATE;VALUE=PERIOD keeps its own end.
    let period = zimbra.events.iter().find(|e| e.starts_at == at(2023, 11, 25, 9, 0)).unwrap();
    assert_eq!(period.ends_at, at(2023, 11, 25, 12, 30));

    // Across the NZ DST change (27 Sep 2020): 15:00 NZST = 03:00Z, 15:00 NZDT = 02:00Z.
    let takeout = read("google__takeout_export_small");
    assert_eq!(takeout.events[0].starts_at, at(2020, 5, 16, 3, 0));
    assert_eq!(takeout.events[5].starts_at, at(2020, 10, 17, 2, 0));
}

#[test]
fn floating_times_are_copenhagen_and_text_is_decoded() {
    let outlook = read("outlook2003__quoted_printable_two_vcalendars");
    // DTSTART:20180730T092500 without zone: 09:25 in Copenhagen (CEST) = 07:25Z.
    assert_eq!(outlook.events[0].starts_at, at(2018, 7, 30, 7, 25));
    assert_eq!(outlook.events[0].ends_at, at(2018, 7, 30, 8, 15));
    assert!(outlook.events[0].description.starts_with("Booking number 9876543\n\n"));
    assert!(!outlook.events[0].description.contains('\r'));

    let twinkle = read("mozilla_calendar__twinkle_invalid");
    // DTSTART:20041220T151000 floating: 15:10 Copenhagen (CET) = 14:10Z.
    assert_eq!(twinkle.events[0].starts_at, at(2004, 12, 20, 14, 10));

    let iphone = read("apple_iphone__structured_location_vienna");
    assert_eq!(iphone.events[0].starts_at, at(2026, 5, 22, 8, 30));
    assert_eq!(iphone.events[0].location, "Hauptstraße 1-5; 4041 Linz");
}

#[test]
fn skipped_events_name_their_uid() {
    let apple = read("apple_macos__tentative_cancelled_attendees");
    assert_eq!(apple.skipped[0].uid, "8CAB46C5-669F-4249-B1AD-52BFA72F4E0A");
    assert_eq!(apple.skipped[0].reason, "cancelled");
    let empty = read("malformed__icalendar_empty_events");
    // 20 events without UID or any other property: each reported, under the same derived key.
    assert_eq!(empty.skipped.len(), 20);
    assert!(empty.skipped.iter().all(|s| s.uid.starts_with("no-uid:")), "{:?}", empty.skipped[0]);
}

#[test]
fn the_window_limits_what_is_imported() {
    let bytes = std::fs::read(format!("{CORPUS}/google__takeout_export_small.ics")).unwrap();
    let calendar = read_calendar(&bytes, (at(2025, 1, 1, 0, 0), at(2026, 1, 1, 0, 0))).unwrap();
    assert_eq!(calendar.events.len(), 12);
    assert!(calendar.skipped.is_empty());

    let calendar = read_calendar(&bytes, (at(2000, 1, 1, 0, 0), at(2020, 1, 1, 0, 0))).unwrap();
    assert_eq!(calendar.events.len(), 0);
    assert_eq!(calendar.skipped[0].reason, "no occurrence inside the import window");

    let bytes = std::fs::read(format!("{CORPUS}/facebook__event_export.ics")).unwrap();
    let calendar = read_calendar(&bytes, (at(2025, 1, 1, 0, 0), at(2026, 1, 1, 0, 0))).unwrap();
    assert_eq!(calendar.skipped[0].reason, "outside the import window");
}
