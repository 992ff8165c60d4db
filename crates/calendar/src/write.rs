//! The iCalendar writer: small enough to own, so folding and escaping are exactly right.

use crate::CalendarEvent;
use chrono::{DateTime, Utc};

/// RFC 5545 limit for one content line, in octets, without the CRLF.
const MAX_LINE_OCTETS: usize = 75;

/// UTC DATE-TIME form used for every time we write; clients need no VTIMEZONE for it.
const UTC_FORMAT: &str = "%Y%m%dT%H%M%SZ";

pub(crate) fn write_calendar(name: &str, events: &[CalendarEvent]) -> String {
    let mut out = String::with_capacity(256 + events.len() * 320);
    let stamp = utc(&Utc::now());
    push_line(&mut out, "BEGIN:VCALENDAR");
    push_line(&mut out, "VERSION:2.0");
    push_line(&mut out, "PRODID:-//rygrad//rygrad//DA");
    push_line(&mut out, "CALSCALE:GREGORIAN");
    push_line(&mut out, "METHOD:PUBLISH");
    push_line(&mut out, &format!("X-WR-CALNAME:{}", escape_text(name)));
    for event in events {
        push_line(&mut out, "BEGIN:VEVENT");
        push_line(&mut out, &format!("UID:{}", escape_text(&event.uid)));
        push_line(&mut out, &format!("DTSTAMP:{stamp}"));
        push_line(&mut out, &format!("DTSTART:{}", utc(&event.starts_at)));
        push_line(&mut out, &format!("DTEND:{}", utc(&event.ends_at)));
        push_line(&mut out, &format!("SUMMARY:{}", escape_text(&event.title)));
        if !event.description.is_empty() {
            let text = escape_text(&event.description);
            push_line(&mut out, &format!("DESCRIPTION:{text}"));
        }
        if !event.location.is_empty() {
            push_line(&mut out, &format!("LOCATION:{}", escape_text(&event.location)));
        }
        if let Some(url) = event.url.as_deref() {
            // A URI value is not TEXT: it is not escaped, but it must not break the line.
            let url: String = url.chars().filter(|c| !c.is_control()).collect();
            if !url.is_empty() {
                push_line(&mut out, &format!("URL:{url}"));
            }
        }
        push_line(&mut out, "END:VEVENT");
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

/// Formats an instant as a UTC DATE-TIME (sub-second precision is dropped).
fn utc(at: &DateTime<Utc>) -> String {
    at.format(UTC_FORMAT).to_string()
}

/// Escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks;
/// other control characters are not allowed in TEXT and are dropped.
fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                // CRLF and a lone CR are both one line break.
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so that no physical line exceeds 75 octets: each
/// continuation starts with a space, and a fold never falls inside a UTF-8 character.
fn push_line(out: &mut String, line: &str) {
    let mut octets = 0;
    for c in line.chars() {
        let width = c.len_utf8();
        if octets + width > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            octets = 1;
        }
        out.push(c);
        octets += width;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_specials() {
        assert_eq!(escape_text("a\\b;c,d\ne\r\nf\rg"), "a\\\\b\\;c\\,d\\ne\\nf\\ng");
        assert_eq!(escape_text("nul\u{0}bell\u{7}"), "nulbell");
    }

    #[test]
    fn folds_at_75_octets_on_char_boundaries() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "æøå".repeat(40));
        push_line(&mut out, &line);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= MAX_LINE_OCTETS, "{physical}");
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }
}
