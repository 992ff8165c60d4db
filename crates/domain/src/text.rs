//! Free text from users: kept exactly as typed (no normalisation), but refused when it holds
//! control characters that no person types and some databases reject (PostgreSQL refuses NUL).
//! Text from other programs (imported calendars), which no one can be asked to correct, is made
//! into what a person could have typed (`as_line`, `as_text`) and then meets the same checks.

use crate::FieldError;

fn has_forbidden_control(s: &str, allow_newlines: bool) -> bool {
    s.chars().any(|c| {
        let newline = c == '\n' || c == '\r' || c == '\t';
        (c.is_control() && !(allow_newlines && newline)) || (!allow_newlines && newline && c != '\t')
    })
}

/// A required one-line value such as a name or a title, trimmed, at most `max` characters.
pub fn required_line(input: &str, max: usize) -> Result<String, FieldError> {
    let value = input.trim();
    if value.is_empty() {
        return Err(FieldError::new("required"));
    }
    line(value, max)
}

// Character classes of the pattern below, written so that ECMA-262 (the document's dialect),
// Python (the fuzzer) and Rust's regex read them alike: Rust's `char::is_whitespace`
// (`str::trim`) and `char::is_control`.
const WHITESPACE: &str = r"[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]";
const NOT_CONTROL: &str = r"[^\x00-\x1f\x7f-\x9f]";
const NEITHER: &str = r"[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]";

/// The regular expression that matches exactly what `required_line(_, max)` accepts, for API
/// documents: so a client (or a fuzzer) knows which names and titles the server takes.
pub fn required_line_pattern(max: usize) -> String {
    let inner = max.saturating_sub(2);
    format!("^{WHITESPACE}*{NEITHER}(?:{NOT_CONTROL}{{0,{inner}}}{NEITHER})?{WHITESPACE}*$")
}

/// A required line typed in a box that allows line breaks (a decision): each break becomes a
/// space, then it is a `required_line`.
pub fn required_joined_line(input: &str, max: usize) -> Result<String, FieldError> {
    required_line(&input.replace(['\r', '\n'], " "), max)
}

/// The regular expression of `required_joined_line(_, max)`: a required line that may hold
/// line breaks, but no tabs or other control characters inside.
pub fn required_joined_line_pattern(max: usize) -> String {
    let inner = max.saturating_sub(2);
    format!("^{WHITESPACE}*{NEITHER}(?:{LINE_OR_BREAK}{{0,{inner}}}{NEITHER})?{WHITESPACE}*$")
}

const LINE_OR_BREAK: &str = r"[^\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]";

/// The regular expression that matches exactly the non-empty texts `optional_text(_, max)`
/// accepts: line breaks and tabs allowed inside.
pub fn required_text_pattern(max: usize) -> String {
    let inner = max.saturating_sub(2);
    format!("^{WHITESPACE}*{NEITHER}(?:{TEXT_CHAR}{{0,{inner}}}{NEITHER})?{WHITESPACE}*$")
}

const TEXT_CHAR: &str = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]";

/// The regular expressions of `optional_line(_, max)` and `optional_text(_, max)`: blank, or
/// what the required form accepts.
pub fn optional_line_pattern(max: usize) -> String {
    optional(&required_line_pattern(max))
}

pub fn optional_text_pattern(max: usize) -> String {
    optional(&required_text_pattern(max))
}

fn optional(required: &str) -> String {
    let inner = &required[1..required.len() - 1];
    format!("^(?:{inner}|{WHITESPACE}*)$")
}

/// What an optional field accepts as "left empty".
pub fn blank_pattern() -> String {
    format!("^{WHITESPACE}*$")
}

/// The JSON schema of a string `required_line(_, MAX)` accepts (utoipa's `schema_with`).
#[cfg(feature = "openapi")]
pub fn required_line_schema<const MAX: usize>() -> utoipa::openapi::Object {
    crate::api_schema::string_matching(required_line_pattern(MAX))
}

#[cfg(feature = "openapi")]
pub fn optional_line_schema<const MAX: usize>() -> utoipa::openapi::Object {
    crate::api_schema::string_matching(optional_line_pattern(MAX))
}

#[cfg(feature = "openapi")]
pub fn optional_text_schema<const MAX: usize>() -> utoipa::openapi::Object {
    crate::api_schema::string_matching(optional_text_pattern(MAX))
}

#[cfg(feature = "openapi")]
pub fn required_joined_line_schema<const MAX: usize>() -> utoipa::openapi::Object {
    crate::api_schema::string_matching(required_joined_line_pattern(MAX))
}

/// The JSON schema of a required multi-line text of at most `MAX` characters.
#[cfg(feature = "openapi")]
pub fn required_text_schema<const MAX: usize>() -> utoipa::openapi::Object {
    crate::api_schema::string_matching(required_text_pattern(MAX))
}

/// An optional one-line value; empty becomes `None`.
pub fn optional_line(input: &str, max: usize) -> Result<Option<String>, FieldError> {
    let value = input.trim();
    if value.is_empty() {
        return Ok(None);
    }
    line(value, max).map(Some)
}

fn line(value: &str, max: usize) -> Result<String, FieldError> {
    if has_forbidden_control(value, false) {
        return Err(FieldError::new("control-chars"));
    }
    if value.chars().count() > max {
        return Err(FieldError::new("too-long"));
    }
    Ok(value.to_owned())
}

/// Optional multi-line text (descriptions, statements); line breaks are kept.
pub fn optional_text(input: &str, max: usize) -> Result<String, FieldError> {
    let value = input.trim();
    if has_forbidden_control(value, true) {
        return Err(FieldError::new("control-chars"));
    }
    if value.chars().count() > max {
        return Err(FieldError::new("too-long"));
    }
    Ok(value.to_owned())
}

/// Text from another program (an imported calendar) made into what a person could have typed
/// into a one-line field: each run of whitespace, line breaks included, becomes one space,
/// other control characters go, and it is cut at `max` characters. The result passes
/// `required_line` (unless empty) and `optional_line`, the checks typed text gets.
pub fn as_line(input: &str, max: usize) -> String {
    input
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(max)
        .collect::<String>()
        .trim_end()
        .to_owned()
}

/// The same for multi-line fields: line breaks become "\n", other control characters but tabs
/// go, and it is trimmed and cut at `max` characters, so that it passes `optional_text`.
pub fn as_text(input: &str, max: usize) -> String {
    let unified = input.replace("\r\n", "\n").replace('\r', "\n");
    let kept: String = unified.chars().filter(|&c| !c.is_control() || c == '\n' || c == '\t').collect();
    kept.trim().chars().take(max).collect::<String>().trim_end().to_owned()
}

/// A lower-case form for searching: SQLite's `lower()` does not fold Æ/Ø/Å and PostgreSQL's
/// `LIKE` is case-sensitive, so search columns are computed here.
pub fn search_key(input: &str) -> String {
    input.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_danish_and_emoji_exactly() {
        assert_eq!(required_line(" Ærø Ø-hop 👨‍👩‍👧 ", 100).unwrap(), "Ærø Ø-hop 👨‍👩‍👧");
    }

    #[test]
    fn refuses_nul_and_newlines_in_a_line() {
        assert_eq!(required_line("a\0b", 10).unwrap_err().code, "control-chars");
        assert_eq!(required_line("a\nb", 10).unwrap_err().code, "control-chars");
        assert_eq!(optional_text("a\nb", 10).unwrap(), "a\nb");
        assert_eq!(optional_text("a\u{0}b", 10).unwrap_err().code, "control-chars");
    }

    #[test]
    fn imported_text_becomes_what_the_form_accepts() {
        let title = as_line("  Fælles-\r\nspisning\ti\u{0}\n\nhuset ", 120);
        assert_eq!(title, "Fælles- spisning i huset");
        assert_eq!(required_line(&title, 120).unwrap(), title);
        assert_eq!(as_line(&"æ ".repeat(100), 11), "æ æ æ æ æ æ");
        assert_eq!(as_line("\n\r\t", 10), "");
        let description = as_text(" Første linje\r\nanden\rtredje\u{7} ", 5000);
        assert_eq!(description, "Første linje\nanden\ntredje");
        assert_eq!(optional_text(&description, 5000).unwrap(), description);
        assert_eq!(as_text(&"ø".repeat(20), 10).chars().count(), 10);
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert!(required_line(&"æ".repeat(10), 10).is_ok());
        assert_eq!(required_line(&"æ".repeat(11), 10).unwrap_err().code, "too-long");
    }

    #[test]
    fn empty_is_required_or_none() {
        assert_eq!(required_line("   ", 10).unwrap_err().code, "required");
        assert_eq!(optional_line("  ", 10).unwrap(), None);
    }

    proptest::proptest! {
        /// The documented pattern and the check agree on every string, blanks and control
        /// characters at either end or inside included.
        #[test]
        fn the_required_line_pattern_matches_exactly_what_required_line_accepts(
            input in "[a\\tæ \n\r\u{0}\u{85}\u{a0}\u{1c}\u{3000}\u{feff}👨]{0,6}"
        ) {
            let pattern = regex::Regex::new(&required_line_pattern(4)).unwrap();
            proptest::prop_assert_eq!(pattern.is_match(&input), required_line(&input, 4).is_ok(), "{:?}", input);
        }

        /// The same for the optional line and for multi-line text, required and optional.
        #[test]
        fn the_other_text_patterns_match_exactly_what_their_checks_accept(
            input in "[a\tæ \n\r\u{0}\u{b}\u{85}\u{a0}\u{1c}\u{3000}\u{feff}👨]{0,6}"
        ) {
            let matches = |p: String| regex::Regex::new(&p).unwrap().is_match(&input);
            proptest::prop_assert_eq!(matches(optional_line_pattern(4)), optional_line(&input, 4).is_ok());
            proptest::prop_assert_eq!(matches(optional_text_pattern(4)), optional_text(&input, 4).is_ok());
            let required_text = optional_text(&input, 4).is_ok_and(|t| !t.is_empty());
            proptest::prop_assert_eq!(matches(required_text_pattern(4)), required_text);
            proptest::prop_assert_eq!(matches(required_joined_line_pattern(4)), required_joined_line(&input, 4).is_ok());
        }
    }

    #[test]
    fn search_key_folds_danish_letters() {
        assert_eq!(search_key("ÆBLEØ Å"), "æbleø å");
    }
}
