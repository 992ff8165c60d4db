//! Time zones a file defines only by its own VTIMEZONE rules: khal's "Western/Central Europe",
//! Exchange's "Customized Time Zone". calcard resolves a TZID by its name (IANA, Windows,
//! X-LIC-LOCATION, X-MICROSOFT-CDO-TZID) and never reads the STANDARD/DAYLIGHT rules, so such
//! events would have no time zone. Here the rules are evaluated (RFC 5545, 3.6.5: the offset in
//! effect is the TZOFFSETTO of the last onset) over the years of the import window, and the IANA
//! zone that gives the same offset at every onset and through every season of those years is
//! named in an X-LIC-LOCATION, which calcard then resolves as usual: one code path for times.

use calcard::common::PartialDateTime;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarEntry, ICalendarFrequency, ICalendarProperty,
    ICalendarValue, ICalendarWeekday,
};
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc, Weekday};

/// Years of rules evaluated at most, however wide the window: bounds the work per zone.
const MAX_YEARS: i32 = 100;

/// Zones per calendar matched by their rules at most: each is compared with every IANA zone,
/// and a real file defines a handful, so a file of thousands cannot make the work grow.
const MAX_ZONES: usize = 50;

/// The calendar with an X-LIC-LOCATION added to each VTIMEZONE that calcard cannot name but
/// whose rules an IANA zone follows over `years`; `None` when there is nothing to add.
pub(crate) fn name_zones_by_their_rules(calendar: &ICalendar, years: (i32, i32)) -> Option<ICalendar> {
    let years = (years.0, years.1.min(years.0.saturating_add(MAX_YEARS)));
    let named: Vec<(usize, &'static str)> = calendar
        .components
        .iter()
        .enumerate()
        .filter(|(_, zone)| zone.component_type == ICalendarComponentType::VTimezone && zone.timezone().is_none())
        .take(MAX_ZONES)
        .filter_map(|(index, zone)| Some((index, zone_following(&Rules::of(calendar, zone)?, years)?)))
        .collect();
    if named.is_empty() {
        return None;
    }
    let mut patched = calendar.clone();
    for (index, name) in named {
        patched.components[index].entries.push(ICalendarEntry {
            name: ICalendarProperty::Other("X-LIC-LOCATION".to_owned()),
            params: Vec::new(),
            values: vec![ICalendarValue::Text(name.to_owned())],
        });
    }
    Some(patched)
}

/// One STANDARD or DAYLIGHT observance: from its local DTSTART on, TZOFFSETTO applies at each
/// onset (DTSTART, each RDATE, each occurrence of a yearly RRULE).
struct Observance {
    start: NaiveDateTime,
    from: i32,
    to: i32,
    rdates: Vec<NaiveDateTime>,
    rule: Option<YearlyRule>,
}

/// The yearly rules VTIMEZONEs use: the nth (or last) weekday of a month, or the first given
/// weekday on or after a day of the month (older writers' BYMONTHDAY=8,9,…,14;BYDAY=SU).
struct YearlyRule {
    month: u32,
    weekday: Weekday,
    nth: i16,
    monthdays: Vec<i8>,
    until: Option<i64>,
    count: Option<u32>,
}

struct Rules(Vec<Observance>);

impl Rules {
    /// The observances of a VTIMEZONE, or `None` when one of them cannot be read or uses a rule
    /// other than the yearly kinds above (the zone then stays unresolved).
    fn of(calendar: &ICalendar, zone: &ICalendarComponent) -> Option<Rules> {
        let observances = zone
            .component_ids
            .iter()
            .filter_map(|&id| calendar.components.get(id as usize))
            .filter(|c| matches!(c.component_type, ICalendarComponentType::Standard | ICalendarComponentType::Daylight))
            .map(Observance::of)
            .collect::<Option<Vec<_>>>()?;
        (!observances.is_empty()).then_some(Rules(observances))
    }

    /// Every onset up to the end of `last_year`, as (UTC seconds, offset after), sorted.
    fn onsets(&self, last_year: i32) -> Vec<(i64, i32)> {
        let mut onsets = Vec::new();
        for observance in &self.0 {
            let onset =
                |local: NaiveDateTime| (local.and_utc().timestamp() - i64::from(observance.from), observance.to);
            onsets.push(onset(observance.start));
            onsets.extend(observance.rdates.iter().map(|&local| onset(local)));
            let Some(rule) = &observance.rule else { continue };
            let mut count = 1;
            for year in observance.start.year() + 1..=last_year {
                if rule.count.is_some_and(|limit| count >= limit) {
                    break;
                }
                let Some(date) = rule.date_in(year) else { continue };
                let (at, to) = onset(date.and_time(observance.start.time()));
                if rule.until.is_some_and(|until| at > until) {
                    break;
                }
                onsets.push((at, to));
                count += 1;
            }
        }
        onsets.sort_unstable();
        onsets
    }
}

impl Observance {
    fn of(component: &ICalendarComponent) -> Option<Observance> {
        let start = local_time(component.property(&ICalendarProperty::Dtstart)?.values.first()?)?;
        let from = offset(component, &ICalendarProperty::Tzoffsetfrom)?;
        let to = offset(component, &ICalendarProperty::Tzoffsetto)?;
        let rdates = component
            .properties(&ICalendarProperty::Rdate)
            .flat_map(|entry| entry.values.iter().filter_map(local_time))
            .collect();
        let rule = match component.property(&ICalendarProperty::Rrule) {
            None => None,
            Some(entry) => {
                let Some(ICalendarValue::RecurrenceRule(rule)) = entry.values.first() else { return None };
                let ([month], [day]) = (rule.bymonth.as_slice(), rule.byday.as_slice()) else { return None };
                if rule.freq != ICalendarFrequency::Yearly || rule.interval.is_some_and(|i| i != 1) {
                    return None;
                }
                if day.ordwk.is_none() && rule.bymonthday.is_empty() {
                    return None;
                }
                let until = match &rule.until {
                    None => None,
                    Some(until) => {
                        let until = until.to_date_time()?;
                        // UNTIL is in UTC as the RFC asks; a local one is read in the offset before
                        Some(
                            until.date_time.and_utc().timestamp()
                                - if until.offset.is_some() { 0 } else { i64::from(from) },
                        )
                    }
                };
                Some(YearlyRule {
                    month: u32::from(month.month()),
                    weekday: weekday(day.weekday),
                    nth: day.ordwk.unwrap_or(0),
                    monthdays: rule.bymonthday.clone(),
                    until,
                    count: rule.count,
                })
            }
        };
        Some(Observance { start, from, to, rdates, rule })
    }
}

impl YearlyRule {
    fn date_in(&self, year: i32) -> Option<NaiveDate> {
        if !self.monthdays.is_empty() {
            let last = last_day_of_month(year, self.month)?;
            return self
                .monthdays
                .iter()
                .filter_map(|&day| {
                    let day = if day < 0 { i64::from(last) + 1 + i64::from(day) } else { i64::from(day) };
                    NaiveDate::from_ymd_opt(year, self.month, u32::try_from(day).ok()?)
                })
                .filter(|date| date.weekday() == self.weekday)
                .min();
        }
        if self.nth > 0 {
            NaiveDate::from_weekday_of_month_opt(year, self.month, self.weekday, u8::try_from(self.nth).ok()?)
        } else {
            let last = NaiveDate::from_ymd_opt(year, self.month, last_day_of_month(year, self.month)?)?;
            let back = (7 + last.weekday().num_days_from_monday() - self.weekday.num_days_from_monday()) % 7;
            let weeks_back = i64::from(self.nth.unsigned_abs().checked_sub(1)?);
            last.checked_sub_signed(chrono::TimeDelta::days(i64::from(back) + 7 * weeks_back))
                .filter(|date| date.month() == self.month)
        }
    }
}

fn last_day_of_month(year: i32, month: u32) -> Option<u32> {
    let next =
        if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) };
    next?.pred_opt().map(|date| date.day())
}

fn weekday(day: ICalendarWeekday) -> Weekday {
    match day {
        ICalendarWeekday::Monday => Weekday::Mon,
        ICalendarWeekday::Tuesday => Weekday::Tue,
        ICalendarWeekday::Wednesday => Weekday::Wed,
        ICalendarWeekday::Thursday => Weekday::Thu,
        ICalendarWeekday::Friday => Weekday::Fri,
        ICalendarWeekday::Saturday => Weekday::Sat,
        ICalendarWeekday::Sunday => Weekday::Sun,
    }
}

/// A local date-time value (observance onsets are written without zone).
fn local_time(value: &ICalendarValue) -> Option<NaiveDateTime> {
    match value {
        ICalendarValue::PartialDateTime(value) if value.has_time() => value.to_date_time().map(|dt| dt.date_time),
        _ => None,
    }
}

/// TZOFFSETFROM/TZOFFSETTO in seconds east of UTC.
fn offset(component: &ICalendarComponent, name: &ICalendarProperty) -> Option<i32> {
    let Some(ICalendarValue::PartialDateTime(value)) = component.property(name)?.values.first() else { return None };
    let PartialDateTime { tz_hour: Some(hours), tz_minute, tz_minus, .. } = **value else { return None };
    let seconds = i32::from(hours) * 3600 + i32::from(tz_minute.unwrap_or(0)) * 60;
    Some(if tz_minus { -seconds } else { seconds })
}

/// How far from a rule's onset an IANA zone may change: files often write the change at the
/// wrong local hour (khal's EU rule says 02:00 in October, the EU changes at 03:00).
const ONSET_TOLERANCE_SECONDS: i64 = 6 * 3600;

/// The first IANA zone whose offsets equal the rules' in the middle of January and July of each
/// of `years`, and before and after each onset inside them (within the tolerance): the same
/// offsets, changed on the same days.
fn zone_following(rules: &Rules, years: (i32, i32)) -> Option<&'static str> {
    let onsets = rules.onsets(years.1);
    let before_first = rules.0.iter().min_by_key(|o| o.start).map(|o| o.from)?;
    let offset_at = |at: i64| match onsets.partition_point(|(onset, _)| *onset <= at).checked_sub(1) {
        Some(position) => onsets[position].1,
        None => before_first,
    };
    let first = Utc.with_ymd_and_hms(years.0, 1, 1, 0, 0, 0).single()?.timestamp();
    let end = Utc.with_ymd_and_hms(years.1.checked_add(1)?, 1, 1, 0, 0, 0).single()?.timestamp();
    let mut samples: Vec<i64> = onsets
        .iter()
        .filter(|(at, _)| (first..end).contains(at))
        .flat_map(|&(at, _)| [at - ONSET_TOLERANCE_SECONDS, at + ONSET_TOLERANCE_SECONDS])
        .collect();
    for year in years.0..=years.1 {
        for month in [1, 7] {
            samples.extend(Utc.with_ymd_and_hms(year, month, 15, 12, 0, 0).single().map(|at| at.timestamp()));
        }
    }
    let expected: Vec<(DateTime<Utc>, i32)> =
        samples.into_iter().filter_map(|at| Some((DateTime::from_timestamp(at, 0)?, offset_at(at)))).collect();
    chrono_tz::TZ_VARIANTS
        .iter()
        .find(|zone| {
            expected
                .iter()
                .all(|(at, offset)| zone.offset_from_utc_datetime(&at.naive_utc()).fix().local_minus_utc() == *offset)
        })
        .map(|zone| zone.name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_and_nth_weekdays_and_monthday_ranges() {
        let rule = |nth, monthdays: Vec<i8>| YearlyRule {
            month: 3,
            weekday: Weekday::Sun,
            nth,
            monthdays,
            until: None,
            count: None,
        };
        assert_eq!(rule(-1, vec![]).date_in(2025), NaiveDate::from_ymd_opt(2025, 3, 30));
        assert_eq!(rule(2, vec![]).date_in(2025), NaiveDate::from_ymd_opt(2025, 3, 9));
        assert_eq!(rule(0, (8..=14).collect()).date_in(2025), NaiveDate::from_ymd_opt(2025, 3, 9));
        assert_eq!(rule(-2, vec![]).date_in(2024), NaiveDate::from_ymd_opt(2024, 3, 24));
        assert_eq!(rule(5, vec![]).date_in(2025), Some(NaiveDate::from_ymd_opt(2025, 3, 30).unwrap()));
    }
}
