//! Dates, times and numbers as people read them, per language, in Europe/Copenhagen.
//! chrono only knows English month names, so the Danish ones are here.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use chrono_tz::Europe::Copenhagen;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub enum Lang {
    #[default]
    Da,
    En,
}

impl Lang {
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "da" => Some(Self::Da),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Da => "da",
            Self::En => "en",
        }
    }
}

const DA_MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "25. april 2026" / "25 April 2026".
pub fn date(lang: Lang, d: NaiveDate) -> String {
    let m = d.month0() as usize;
    match lang {
        Lang::Da => format!("{}. {} {}", d.day(), DA_MONTHS[m], d.year()),
        Lang::En => format!("{} {} {}", d.day(), EN_MONTHS[m], d.year()),
    }
}

/// "25. april 2026 kl. 18.00" / "25 April 2026 at 18:00", in Copenhagen time.
pub fn date_time(lang: Lang, t: DateTime<Utc>) -> String {
    let local = t.with_timezone(&Copenhagen);
    let day = date(lang, local.date_naive());
    match lang {
        Lang::Da => format!("{day} kl. {:02}.{:02}", local.hour(), local.minute()),
        Lang::En => format!("{day} at {:02}:{:02}", local.hour(), local.minute()),
    }
}

/// "18.00" / "18:00" in Copenhagen.
pub fn time(lang: Lang, t: DateTime<Utc>) -> String {
    let local = t.with_timezone(&Copenhagen);
    match lang {
        Lang::Da => format!("{:02}.{:02}", local.hour(), local.minute()),
        Lang::En => format!("{:02}:{:02}", local.hour(), local.minute()),
    }
}

/// The calendar date in Copenhagen of an instant.
pub fn local_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&Copenhagen).date_naive()
}

/// "1.234,5" / "1,234.5", with at most `decimals` decimals and trailing zeros dropped.
pub fn number(lang: Lang, value: f64, decimals: usize) -> String {
    let (thousands, decimal) = match lang {
        Lang::Da => ('.', ','),
        Lang::En => (',', '.'),
    };
    let formatted = format!("{:.*}", decimals, value.abs());
    let (int_part, frac_part) = formatted.split_once('.').unwrap_or((&formatted, ""));
    let frac_part = frac_part.trim_end_matches('0');
    let mut grouped = String::new();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(thousands);
        }
        grouped.push(c);
    }
    let sign = if value < 0.0 && formatted.chars().any(|c| c.is_ascii_digit() && c != '0') { "-" } else { "" };
    if frac_part.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped}{decimal}{frac_part}") }
}

/// An amount in øre as kroner: whole amounts without decimals ("25"), others with two ("27,50").
pub fn kroner(lang: Lang, ore: i64) -> String {
    if ore % 100 == 0 {
        integer(lang, ore / 100)
    } else {
        let whole = number(lang, (ore / 100) as f64, 0);
        let sep = if lang == Lang::Da { ',' } else { '.' };
        format!("{whole}{sep}{:02}", (ore % 100).abs())
    }
}

pub fn integer(lang: Lang, value: i64) -> String {
    number(lang, value as f64, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn danish_dates() {
        let d = NaiveDate::from_ymd_opt(2026, 4, 25).unwrap();
        assert_eq!(date(Lang::Da, d), "25. april 2026");
        assert_eq!(date(Lang::En, d), "25 April 2026");
    }

    #[test]
    fn times_are_shown_in_copenhagen() {
        // 16:00 UTC is 18:00 in Copenhagen in summer time.
        let t = Utc.with_ymd_and_hms(2026, 4, 25, 16, 0, 0).unwrap();
        assert_eq!(date_time(Lang::Da, t), "25. april 2026 kl. 18.00");
        assert_eq!(date_time(Lang::En, t), "25 April 2026 at 18:00");
        // and 17:00 in winter time
        let w = Utc.with_ymd_and_hms(2026, 12, 24, 16, 0, 0).unwrap();
        assert_eq!(date_time(Lang::Da, w), "24. december 2026 kl. 17.00");
    }

    #[test]
    fn numbers() {
        assert_eq!(number(Lang::Da, 1234.5, 1), "1.234,5");
        assert_eq!(number(Lang::En, 1234.5, 1), "1,234.5");
        assert_eq!(number(Lang::Da, 1234567.0, 2), "1.234.567");
        assert_eq!(number(Lang::Da, -0.04, 1), "0");
        assert_eq!(number(Lang::Da, -12.25, 2), "-12,25");
        assert_eq!(integer(Lang::Da, 100), "100");
        assert_eq!(kroner(Lang::Da, 2750), "27,50");
        assert_eq!(kroner(Lang::Da, 123_400), "1.234");
        assert_eq!(kroner(Lang::En, 2705), "27.05");
    }
}
