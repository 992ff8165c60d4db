//! Statistics Denmark connectors: which StatBank table an indicator's values are fetched from,
//! with which filter, how often, and how the last fetch went.

use crate::indicator::Unit;
use crate::{FieldError, FieldErrors};
use chrono::{DateTime, Datelike, Utc};
use std::collections::BTreeMap;

/// How often a connector fetches its table by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refresh {
    None,
    Daily,
    Weekly,
    Monthly,
}

codes!(Refresh, unknown: None, [None = "none", Daily = "daily", Weekly = "weekly", Monthly = "monthly"]);

impl Refresh {
    /// Whether a connector last run at `last_run` is due at `now`: never run, or run in an
    /// earlier day, ISO week or month (UTC) than `now`, so an hourly check fetches once a period.
    pub fn is_due(self, last_run: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
        let Some(last) = last_run else { return self != Refresh::None };
        let (last, now) = (last.date_naive(), now.date_naive());
        match self {
            Refresh::None => false,
            Refresh::Daily => last < now,
            Refresh::Weekly => last.iso_week() < now.iso_week(),
            Refresh::Monthly => (last.year(), last.month()) < (now.year(), now.month()),
        }
    }
}

/// A variable or value code as the schema states it: what [`is_code`] takes, around spaces.
#[cfg(feature = "openapi")]
const CODE_PATTERN: &str = r"^\s*[\w*.-]{1,40}\s*$";

/// Variable codes to lists of 1–200 value codes, at most 200 variables.
#[cfg(feature = "openapi")]
fn filter_schema() -> utoipa::openapi::Object {
    use utoipa::openapi::schema::{AdditionalProperties, ArrayBuilder, ObjectBuilder, Type};
    let code = || crate::api_schema::string_matching(CODE_PATTERN.to_owned());
    let values = ArrayBuilder::new().items(code()).min_items(Some(1)).max_items(Some(FILTER_MAX)).build();
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property_names(Some(code()))
        .additional_properties(Some(AdditionalProperties::RefOr(values.into())))
        .max_properties(Some(FILTER_MAX))
        .build()
}

#[cfg(feature = "openapi")]
impl Refresh {
    pub fn optional_schema() -> utoipa::openapi::schema::Schema {
        crate::api_schema::optional_choice(Self::ALL.map(Self::code))
    }
}

/// How a connector's last fetch went; the web layer shows `connector-status-<code>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectorStatus {
    Ok,
    /// StatBank answered with an error (its message kept).
    ServiceError,
    /// The answer was no CSV table (an HTML error page, say).
    NotCsv,
    /// No answer within the time allowed.
    Timeout,
    /// StatBank could not be reached.
    Unreachable,
    /// The answer had rows that are no values of the indicator (the lines kept).
    BadRows,
}

codes!(ConnectorStatus, unknown: ServiceError, [
    Ok = "ok",
    ServiceError = "service_error",
    NotCsv = "not_csv",
    Timeout = "timeout",
    Unreachable = "unreachable",
    BadRows = "bad_rows",
]);

/// Longest variable code and value code kept in a filter.
const CODE_MAX: usize = 40;
/// Most variables, and most values per variable, in a filter.
const FILTER_MAX: usize = 200;

/// A connector as backbone staff set it up (form or API).
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectorInput {
    /// The StatBank table's code, e.g. `FOLK1A`.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^\s*[A-Za-z0-9]{1,20}\s*$"))]
    pub table: String,
    /// Variable code → value codes, e.g. `{"OMRÅDE": ["101", "147"], "Tid": ["*"]}`. Left
    /// out or empty: the initiative's municipalities and every period.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = filter_schema))]
    pub filter: BTreeMap<String, Vec<String>>,
    /// `none`, `daily`, `weekly` or `monthly` (`none` when left out or blank).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = Refresh::optional_schema))]
    pub refresh: String,
}

/// A connector's settings, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectorPlan {
    /// Upper case, e.g. `FOLK1A`.
    pub table: String,
    /// Empty for the default filter.
    pub filter: BTreeMap<String, Vec<String>>,
    pub refresh: Refresh,
}

fn is_code(s: &str) -> bool {
    !s.is_empty() && s.chars().count() <= CODE_MAX && s.chars().all(|c| c.is_alphanumeric() || "_-*.".contains(c))
}

impl ConnectorInput {
    pub fn validate(&self) -> Result<ConnectorPlan, FieldErrors> {
        let mut errors = FieldErrors::default();
        let table = self.table.trim();
        if table.is_empty() {
            errors.add("table", FieldError::new("required"));
        } else if table.len() > 20 || !table.chars().all(|c| c.is_ascii_alphanumeric()) {
            errors.add("table", FieldError::new("statbank-table-invalid"));
        }
        let table = table.to_ascii_uppercase();
        let mut filter = BTreeMap::new();
        for (variable, values) in &self.filter {
            let values: Vec<String> = values.iter().map(|v| v.trim().to_owned()).collect();
            if !is_code(variable.trim()) || values.is_empty() || !values.iter().all(|v| is_code(v)) {
                errors.add("filter", FieldError::new("statbank-filter-invalid"));
                break;
            }
            filter.insert(variable.trim().to_owned(), values);
        }
        if filter.len() > FILTER_MAX || filter.values().any(|v| v.len() > FILTER_MAX) {
            errors.add("filter", FieldError::new("statbank-filter-invalid"));
        }
        let refresh = match self.refresh.trim() {
            "" => Some(Refresh::None),
            code => errors.take("refresh", Refresh::parse(code)),
        };
        match refresh {
            Some(refresh) if errors.is_empty() => Ok(ConnectorPlan { table, filter, refresh }),
            _ => Err(errors),
        }
    }
}

/// The filter lines of the connector form: `OMRÅDE = 101, 147`, one variable a line.
pub fn parse_filter_lines(text: &str) -> Result<BTreeMap<String, Vec<String>>, FieldError> {
    let mut filter = BTreeMap::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (variable, values) = line.split_once(['=', ':']).ok_or(FieldError::new("statbank-filter-invalid"))?;
        let values = values.split(',').map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned).collect();
        filter.insert(variable.trim().to_owned(), values);
    }
    Ok(filter)
}

/// The filter as the form's lines.
pub fn filter_lines(filter: &BTreeMap<String, Vec<String>>) -> String {
    filter.iter().map(|(variable, values)| format!("{variable} = {}", values.join(", "))).collect::<Vec<_>>().join("\n")
}

/// StatBank's area variable and time variable.
pub const AREA_VARIABLE: &str = "OMRÅDE";
pub const TIME_VARIABLE: &str = "Tid";

/// The filter a connector asks with: its own, or else the initiative's municipalities as
/// StatBank codes them (`0101` → `101`) and every period.
pub fn effective_filter(
    filter: &BTreeMap<String, Vec<String>>,
    municipalities: &[String],
) -> BTreeMap<String, Vec<String>> {
    if !filter.is_empty() {
        return filter.clone();
    }
    let mut filter = BTreeMap::new();
    if !municipalities.is_empty() {
        let areas = municipalities.iter().map(|code| Unit::Municipality(code.clone())).map(|u| area_code(&u));
        filter.insert(AREA_VARIABLE.to_owned(), areas.collect());
    }
    filter.insert(TIME_VARIABLE.to_owned(), vec!["*".to_owned()]);
    filter
}

/// A unit as StatBank codes areas: `000` the country, `101` a municipality, `084` a region.
pub fn area_code(unit: &Unit) -> String {
    match unit {
        Unit::Country => "000".to_owned(),
        Unit::Region(code) | Unit::Municipality(code) => code[code.len().saturating_sub(3)..].to_owned(),
        Unit::Custom(id) => id.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
    }

    #[test]
    fn a_refresh_is_due_once_a_period() {
        let now = at(2026, 12, 4);
        assert!(Refresh::Daily.is_due(None, now), "never run");
        assert!(!Refresh::None.is_due(None, now));
        assert!(!Refresh::Daily.is_due(Some(at(2026, 12, 4)), now));
        assert!(Refresh::Daily.is_due(Some(at(2026, 12, 3)), now));
        assert!(!Refresh::Weekly.is_due(Some(at(2026, 11, 30)), now), "the Monday of the same week");
        assert!(Refresh::Weekly.is_due(Some(at(2026, 11, 29)), now));
        assert!(!Refresh::Monthly.is_due(Some(at(2026, 12, 1)), now));
        assert!(Refresh::Monthly.is_due(Some(at(2026, 11, 30)), now));
        assert!(!Refresh::None.is_due(Some(at(2020, 1, 1)), now));
    }

    #[test]
    fn connectors_validate() {
        let input = ConnectorInput {
            table: " folk1a ".into(),
            filter: BTreeMap::from([("OMRÅDE".into(), vec!["101".into(), " 147".into()])]),
            refresh: "weekly".into(),
        };
        let plan = input.validate().unwrap();
        assert_eq!(plan.table, "FOLK1A");
        assert_eq!(plan.filter["OMRÅDE"], ["101", "147"]);
        assert_eq!(plan.refresh, Refresh::Weekly);
        let bad = ConnectorInput {
            table: "FOLK 1A".into(),
            filter: BTreeMap::from([("OMRÅDE".into(), vec![])]),
            refresh: "hourly".into(),
        };
        let errors = bad.validate().unwrap_err();
        assert_eq!(errors.get("table"), Some("statbank-table-invalid"));
        assert_eq!(errors.get("filter"), Some("statbank-filter-invalid"));
        assert_eq!(errors.get("refresh"), Some("unknown-choice"));
    }

    #[test]
    fn the_default_filter_is_the_initiatives_municipalities_and_every_period() {
        let filter = effective_filter(&BTreeMap::new(), &["0101".into(), "0147".into()]);
        assert_eq!(filter[AREA_VARIABLE], ["101", "147"]);
        assert_eq!(filter[TIME_VARIABLE], ["*"]);
        let own = BTreeMap::from([("OMRÅDE".to_owned(), vec!["000".to_owned()])]);
        assert_eq!(effective_filter(&own, &["0101".into()]), own);
        assert_eq!(area_code(&Unit::Region("1084".into())), "084");
        assert_eq!(area_code(&Unit::Country), "000");
    }

    #[test]
    fn filter_lines_round_trip() {
        let filter = parse_filter_lines("OMRÅDE = 101, 147\n\nTid: *").unwrap();
        assert_eq!(filter["OMRÅDE"], ["101", "147"]);
        assert_eq!(filter["Tid"], ["*"]);
        assert_eq!(parse_filter_lines(&filter_lines(&filter)).unwrap(), filter);
        assert!(parse_filter_lines("OMRÅDE 101").is_err());
    }
}
