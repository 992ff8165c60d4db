//! JSON schemas of input fields for the API's OpenAPI document (utoipa's `schema_with`). Each
//! states exactly what the matching parser accepts, no more and no less, so that a client (or
//! a fuzzer) can tell a valid request from an invalid one before sending it. What needs other
//! records (a reference, a taken name) or the clock cannot be stated here.

use crate::text::blank_pattern;
use utoipa::openapi::schema::{AnyOfBuilder, Array, ArrayBuilder, ObjectBuilder, Schema, Type};
use utoipa::openapi::{KnownFormat, Object, SchemaFormat};

pub fn string_matching(pattern: String) -> Object {
    ObjectBuilder::new().schema_type(Type::String).pattern(Some(pattern)).build()
}

/// `schema`, or a string of nothing but whitespace for "not given".
fn or_blank(schema: Object) -> Schema {
    AnyOfBuilder::new().item(schema).item(string_matching(blank_pattern())).build().into()
}

/// A calendar date as `parse_optional_date` reads it, written the ISO way (`2027-04-25`;
/// `25.04.2027` is also read): years 1900 to 2200. The 29th of February is left out, as a
/// pattern cannot tell leap years.
pub fn date() -> Object {
    const MONTH_DAY: &str =
        r"((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))";
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
        .pattern(Some(format!("^(19[0-9]{{2}}|2[01][0-9]{{2}}|2200)-{MONTH_DAY}$")))
        .build()
}

pub fn optional_date() -> Schema {
    or_blank(date())
}

/// A period as the API writes it, Statistics Denmark's way: `2024`, `2024K3`, `2024M07`,
/// `2024W07`, years 1900 to 2200. Whether it fits the indicator's frequency (and week 53 its
/// year) needs the indicator.
pub fn period() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some("As Statistics Denmark writes periods: `2024`, `2024K3`, `2024M07`, `2024W07`."))
        .pattern(Some(r"^(19[0-9]{2}|2[01][0-9]{2}|2200)(K[1-4]|M(0[1-9]|1[0-2])|W(0[1-9]|[1-4][0-9]|5[0-3]))?$"))
        .build()
}

/// A unit of measurement: `DK`, a region or municipality code, or a custom unit's id. Whether it
/// is of the indicator's level needs the indicator.
pub fn unit_key() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some("`DK`, a region code (`1084`), a municipality code (`0101`) or a custom unit's id."))
        .pattern(Some(r"^(DK|[0-9]{1,18})$"))
        .build()
}

/// A time of day, `18:00` (`18.00` is also read).
pub fn time() -> Object {
    string_matching(r"^([01][0-9]|2[0-3]):[0-5][0-9]$".into())
}

/// A short name for addresses (`boern-i-trivsel`), or blank to derive it from the name.
pub fn optional_slug() -> Schema {
    or_blank(
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some("^[a-z0-9]+(-[a-z0-9]+)*$"))
            .min_length(Some(2))
            .max_length(Some(crate::slug::Slug::MAX_LEN))
            .build(),
    )
}

/// An http(s) address of at most 300 characters, `https://` put in front when left out
/// (addresses with letters beyond ASCII are read too), or blank.
pub fn optional_website() -> Schema {
    const REST: &str = r#"[A-Za-z0-9:-]*\.[A-Za-z0-9.:-]*([/?#][^\s"<>\x00-\x1f\x7f-\x9f]*)?$"#;
    let max = crate::organisation::WEBSITE_MAX_CHARS;
    let with_scheme =
        ObjectBuilder::new().schema_type(Type::String).pattern(Some(format!("^https?://{REST}"))).max_length(Some(max));
    let without = ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(format!("^{REST}")))
        .max_length(Some(max - "https://".len()));
    AnyOfBuilder::new().item(with_scheme).item(without).item(string_matching(blank_pattern())).build().into()
}

/// `schema`, or `null` for "leave as it is".
pub fn or_null(schema: Object) -> Object {
    let mut schema = schema;
    if let utoipa::openapi::schema::SchemaType::Type(t) = schema.schema_type {
        schema.schema_type = utoipa::openapi::schema::SchemaType::from_iter([t, Type::Null]);
    }
    schema
}

/// One of `codes`.
pub fn choice(codes: impl IntoIterator<Item = &'static str>) -> Object {
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(codes)).build()
}

/// One of `codes`, or blank for the default.
pub fn optional_choice(codes: impl IntoIterator<Item = &'static str>) -> Schema {
    or_blank(choice(codes))
}

/// A whole number from `MIN` to `MAX`, or `null` (or a blank string) when not given.
pub fn optional_count<const MIN: i64, const MAX: i64>() -> Schema {
    AnyOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(MIN)).maximum(Some(MAX)))
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .item(string_matching(blank_pattern()))
        .build()
        .into()
}

/// A four-digit municipality code (`0101` is Copenhagen).
pub fn municipality_code() -> Object {
    let mut codes: Vec<String> = crate::geo::geodata().municipalities().iter().map(|m| m.code.clone()).collect();
    codes.sort();
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(codes)).build()
}

/// Municipality codes; blank entries are left out.
pub fn municipality_codes() -> Array {
    ArrayBuilder::new().items(utoipa::openapi::RefOr::T(optional_municipality_code())).build()
}

pub fn optional_municipality_code() -> Schema {
    or_blank(municipality_code())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::initiative::parse_optional_date;
    use crate::meal::parse_time;

    fn pattern(schema: &Object) -> regex::Regex {
        regex::Regex::new(schema.pattern.as_deref().unwrap()).unwrap()
    }

    #[test]
    fn every_date_the_pattern_admits_is_read_and_the_ones_it_refuses_are_not() {
        let admits = pattern(&date());
        for d in ["1900-01-01", "2027-04-25", "2200-12-31", "2026-02-28", "2026-11-30"] {
            assert!(admits.is_match(d), "{d}");
            assert!(parse_optional_date(d).unwrap().is_some(), "{d}");
        }
        for d in ["1899-12-31", "2201-01-01", "2026-02-30", "2026-04-31", "2026-13-01", "25.04.2027", "", " 2026-01-01"]
        {
            assert!(!admits.is_match(d), "{d}");
        }
        assert!(parse_optional_date("2026-02-30").is_err() && parse_optional_date("1899-12-31").is_err());
    }

    #[test]
    fn every_time_the_pattern_admits_is_read() {
        let admits = pattern(&time());
        for h in 0..24 {
            for m in [0, 7, 59] {
                let t = format!("{h:02}:{m:02}");
                assert!(admits.is_match(&t) && parse_time(&t).is_ok(), "{t}");
            }
        }
        assert!(!admits.is_match("24:00") && !admits.is_match("18:60"));
    }

    #[test]
    fn the_municipality_codes_are_the_98() {
        let codes = municipality_code().enum_values.unwrap();
        assert_eq!(codes.len(), 98);
        assert!(codes.iter().all(|c| crate::geo::parse_municipality_code(c.as_str().unwrap()).is_ok()));
    }

    #[test]
    fn every_period_the_pattern_admits_is_read_as_written() {
        use crate::indicator::{Frequency, Period};
        let admits = pattern(&period());
        for p in ["1900", "2024", "2200", "2024K1", "2024K4", "2024M01", "2024M12", "2024W01", "2020W53"] {
            assert!(admits.is_match(p), "{p}");
            assert_eq!(Period::parse(p, Frequency::Year).map(Period::code).as_deref(), Ok(p));
        }
        for p in ["1899", "2201", "2024K5", "2024M13", "2024W54", "2024W7", "2024-07", "", "2024q3"] {
            assert!(!admits.is_match(p), "{p}");
        }
    }
}
