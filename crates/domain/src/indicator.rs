//! Shared measurement: indicators, the periods and units their values are kept by, and the
//! input a backbone defines one with.

use crate::{FieldError, FieldErrors, text};
use chrono::{Datelike, NaiveDate, Weekday};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Up,
    Down,
}

codes!(Direction, unknown: Up, [Up = "up", Down = "down"]);

impl Direction {
    /// +1 when a higher value is better, −1 when a lower one is.
    pub fn sign(self) -> f64 {
        match self {
            Direction::Up => 1.0,
            Direction::Down => -1.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Year,
    Quarter,
    Month,
    Week,
}

codes!(Frequency, unknown: Year, [Year = "year", Quarter = "quarter", Month = "month", Week = "week"]);

impl Frequency {
    /// Periods in a year, for trends measured per year.
    pub fn per_year(self) -> f64 {
        match self {
            Frequency::Year => 1.0,
            Frequency::Quarter => 4.0,
            Frequency::Month => 12.0,
            Frequency::Week => 52.1775,
        }
    }
}

/// The level of the units an indicator's values are given for. The country (`DK`) is accepted
/// at every level, as the figure to compare with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Geography {
    Country,
    Region,
    Municipality,
    /// Units of the initiative's own, such as schools or neighbourhoods.
    Custom,
}

codes!(Geography, unknown: Country, [
    Country = "country",
    Region = "region",
    Municipality = "municipality",
    Custom = "custom",
]);

/// How an indicator's status for its latest period is worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusRule {
    /// The distance from the path that runs from the baseline through the targets.
    TargetPath,
    /// The direction of the trend over the last points.
    Trend,
}

codes!(StatusRule, unknown: TargetPath, [TargetPath = "target_path", Trend = "trend"]);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorStatus {
    OnTrack,
    AtRisk,
    OffTrack,
    NoData,
}

codes!(IndicatorStatus, unknown: NoData, [
    OnTrack = "on_track",
    AtRisk = "at_risk",
    OffTrack = "off_track",
    NoData = "no_data",
]);

/// How a value came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueSource {
    Form,
    File,
    Connector,
    Api,
    /// A survey question linked to the indicator (`survey_feed`).
    Survey,
}

codes!(ValueSource, unknown: Form, [
    Form = "form",
    File = "file",
    Connector = "connector",
    Api = "api",
    Survey = "survey",
]);

/// One period of an indicator's frequency. Written as Statistics Denmark writes periods
/// (`2024`, `2024K3`, `2024M07`, `2024W07`), which also sort in time order within a frequency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Year(i32),
    /// Year and quarter 1–4.
    Quarter(i32, u32),
    /// Year and month 1–12.
    Month(i32, u32),
    /// ISO year and ISO week 1–53.
    Week(i32, u32),
}

/// StatBank's historical series reach back to the 1700s (population from 1769).
const FIRST_YEAR: i32 = 1700;
const LAST_YEAR: i32 = 2200;

impl Period {
    pub fn frequency(self) -> Frequency {
        match self {
            Period::Year(_) => Frequency::Year,
            Period::Quarter(..) => Frequency::Quarter,
            Period::Month(..) => Frequency::Month,
            Period::Week(..) => Frequency::Week,
        }
    }

    /// The period as Statistics Denmark writes it, e.g. `2024K3`.
    pub fn code(self) -> String {
        self.to_string()
    }

    /// Reads a period as Statistics Denmark, spreadsheets and people write it: `2024`, `2024K3`
    /// (or `2024Q3`, `2024-K3`), `2024M07` (or `2024-07`, `07-2024`), `2024W07` (or `2024-W07`,
    /// `2024U07`), or a date (`2024-07-15`, `15-07-2024`, `15.07.2024`), which is read as the
    /// period of `frequency` it falls in. Any other frequency than `frequency` is refused.
    pub fn parse_for(input: &str, frequency: Frequency) -> Result<Period, FieldError> {
        let period = Self::parse(input, frequency)?;
        if period.frequency() != frequency {
            return Err(FieldError::new("period-wrong-frequency"));
        }
        Ok(period)
    }

    /// As [`Period::parse_for`], but a period of any frequency is returned as written; only a
    /// date needs `frequency` to know its period.
    pub fn parse(input: &str, frequency: Frequency) -> Result<Period, FieldError> {
        let s: String = input.trim().chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        if s.is_empty() {
            return Err(FieldError::new("required"));
        }
        let invalid = || FieldError::new("period-invalid");
        if let Some(date) = parse_date(&s) {
            return Ok(Period::containing(date, frequency));
        }
        let digits_end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let (head, rest) = s.split_at(digits_end);
        if head.len() == 2 && rest.starts_with('-') && rest.len() == 5 {
            // 07-2024: a month before its year.
            let month: u32 = head.parse().map_err(|_| invalid())?;
            let year: i32 = rest[1..].parse().map_err(|_| invalid())?;
            return Period::Month(year, month).checked();
        }
        if head.len() != 4 {
            return Err(invalid());
        }
        let year: i32 = head.parse().map_err(|_| invalid())?;
        let rest = rest.strip_prefix('-').unwrap_or(rest);
        if rest.is_empty() {
            return Period::Year(year).checked();
        }
        let number = |t: &str| -> Result<u32, FieldError> {
            if t.is_empty() || t.len() > 2 || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid());
            }
            t.parse().map_err(|_| invalid())
        };
        let period = match rest.as_bytes()[0] {
            b'K' | b'Q' => Period::Quarter(year, number(&rest[1..])?),
            b'M' => Period::Month(year, number(&rest[1..])?),
            b'W' | b'U' => Period::Week(year, number(&rest[1..])?),
            b'0'..=b'9' => Period::Month(year, number(rest)?),
            _ => return Err(invalid()),
        };
        period.checked()
    }

    fn checked(self) -> Result<Period, FieldError> {
        let (year, ok) = match self {
            Period::Year(y) => (y, true),
            Period::Quarter(y, q) => (y, (1..=4).contains(&q)),
            Period::Month(y, m) => (y, (1..=12).contains(&m)),
            Period::Week(y, w) => (y, (1..=weeks_in(y)).contains(&w)),
        };
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) || !ok {
            return Err(FieldError::new("period-invalid"));
        }
        Ok(self)
    }

    /// The period of `frequency` that `date` falls in.
    pub fn containing(date: NaiveDate, frequency: Frequency) -> Period {
        match frequency {
            Frequency::Year => Period::Year(date.year()),
            Frequency::Quarter => Period::Quarter(date.year(), (date.month() - 1) / 3 + 1),
            Frequency::Month => Period::Month(date.year(), date.month()),
            Frequency::Week => {
                let week = date.iso_week();
                Period::Week(week.year(), week.week())
            }
        }
    }

    /// The first day of the period.
    pub fn starts_on(self) -> NaiveDate {
        let date = match self {
            Period::Year(y) => NaiveDate::from_ymd_opt(y, 1, 1),
            Period::Quarter(y, q) => NaiveDate::from_ymd_opt(y, (q - 1) * 3 + 1, 1),
            Period::Month(y, m) => NaiveDate::from_ymd_opt(y, m, 1),
            Period::Week(y, w) => NaiveDate::from_isoywd_opt(y, w, Weekday::Mon),
        };
        date.unwrap_or(NaiveDate::MIN)
    }

    /// A running number: consecutive periods of one frequency differ by one, so trends and
    /// target paths can be worked out on it.
    pub fn index(self) -> i64 {
        match self {
            Period::Year(y) => i64::from(y),
            Period::Quarter(y, q) => i64::from(y) * 4 + i64::from(q) - 1,
            Period::Month(y, m) => i64::from(y) * 12 + i64::from(m) - 1,
            Period::Week(..) => self.starts_on().signed_duration_since(week_epoch()).num_days().div_euclid(7),
        }
    }

    /// The period of `frequency` with the running number `index`.
    pub fn from_index(frequency: Frequency, index: i64) -> Period {
        let year = |i: i64| i32::try_from(i).unwrap_or(LAST_YEAR);
        match frequency {
            Frequency::Year => Period::Year(year(index)),
            Frequency::Quarter => Period::Quarter(year(index.div_euclid(4)), index.rem_euclid(4) as u32 + 1),
            Frequency::Month => Period::Month(year(index.div_euclid(12)), index.rem_euclid(12) as u32 + 1),
            Frequency::Week => Period::containing(week_epoch() + chrono::Duration::weeks(index), Frequency::Week),
        }
    }

    pub fn next(self) -> Period {
        Period::from_index(self.frequency(), self.index() + 1)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Quarter(y, q) => write!(f, "{y}K{q}"),
            Period::Month(y, m) => write!(f, "{y}M{m:02}"),
            Period::Week(y, w) => write!(f, "{y}W{w:02}"),
        }
    }
}

/// A Monday (1 January 1900) that week numbers count from; earlier weeks count below zero.
fn week_epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN)
}

fn weeks_in(year: i32) -> u32 {
    NaiveDate::from_ymd_opt(year, 12, 28).map_or(52, |d| d.iso_week().week())
}

/// `2024-07-15`, `15-07-2024`, `15.07.2024`, `15/07/2024`.
fn parse_date(s: &str) -> Option<NaiveDate> {
    // each format has two separators; the check spares periods (every stored value read back,
    // every row of a file) four failed parses
    if s.bytes().filter(|b| matches!(b, b'-' | b'.' | b'/')).count() != 2 {
        return None;
    }
    ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(s, format).ok())
        .filter(|d| (FIRST_YEAR..=LAST_YEAR).contains(&d.year()))
}

/// Where a value was measured: the country, a region or municipality by its official code, or
/// one of the initiative's own units by its id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit {
    Country,
    Region(String),
    Municipality(String),
    Custom(i64),
}

/// The country's key in the API and in files.
pub const COUNTRY: &str = "DK";

impl Unit {
    /// The key the API and the store use: `DK`, `1084`, `0101`, or a custom unit's id.
    pub fn key(&self) -> String {
        match self {
            Unit::Country => COUNTRY.to_owned(),
            Unit::Region(code) | Unit::Municipality(code) => code.clone(),
            Unit::Custom(id) => id.to_string(),
        }
    }

    /// Reads a key for an indicator at `geography`: the country always, regions and
    /// municipalities by code at their level, custom units by id (whether the id exists is the
    /// store's to say).
    pub fn parse_key(key: &str, geography: Geography) -> Result<Unit, FieldError> {
        let key = key.trim();
        if key.eq_ignore_ascii_case(COUNTRY) {
            return Ok(Unit::Country);
        }
        let unknown = || FieldError::new("unit-unknown");
        let geodata = crate::geo::geodata();
        match geography {
            Geography::Country => Err(unknown()),
            Geography::Region => geodata
                .municipalities()
                .iter()
                .find(|m| m.region_code == key)
                .map(|m| Unit::Region(m.region_code.clone()))
                .ok_or_else(unknown),
            Geography::Municipality => {
                let code = if key.len() == 3 { format!("0{key}") } else { key.to_owned() };
                geodata.municipality(&code).map(|m| Unit::Municipality(m.code.clone())).ok_or_else(unknown)
            }
            Geography::Custom => key.parse::<i64>().ok().filter(|id| *id > 0).map(Unit::Custom).ok_or_else(unknown),
        }
    }
}

/// An indicator as the backbone defines it (form or API).
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::required_line_schema::<200>))]
    pub name: String,
    /// What is counted, and how.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_text_schema::<5000>))]
    pub definition: String,
    /// The unit of the values, e.g. `%` or `personer`.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::required_line_schema::<40>))]
    pub unit: String,
    /// `up` when a higher value is better, `down` when a lower one is.
    #[cfg_attr(feature = "openapi", schema(schema_with = Direction::schema))]
    pub direction: String,
    /// `year`, `quarter`, `month` or `week`.
    #[cfg_attr(feature = "openapi", schema(schema_with = Frequency::schema))]
    pub frequency: String,
    /// `country`, `region`, `municipality` or `custom` (the initiative's own units).
    #[cfg_attr(feature = "openapi", schema(schema_with = Geography::schema))]
    pub geography: String,
    /// Decimals shown, 0–4 (1 when left out).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 4))]
    pub decimals: Option<u8>,
    /// Where the figures come from, e.g. "Danmarks Statistik, FOLK1A".
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_line_schema::<200>))]
    pub source: String,
    /// The slug of the organisation that owns the indicator and enters its values.
    #[serde(default)]
    pub organisation: String,
    /// The goals of the goal hierarchy the indicator measures.
    #[serde(default)]
    pub goal_ids: Vec<i64>,
    #[serde(default)]
    pub baseline: Option<PointInput>,
    #[serde(default)]
    pub targets: Vec<PointInput>,
    /// `target_path` (distance from the path through baseline and targets, the default) or
    /// `trend` (the direction of the last points).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = StatusRule::optional_schema))]
    pub status_rule: String,
    /// A change smaller than this, in the indicator's unit, is noise and not called a change.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub noise: Option<f64>,
    /// Whether the indicator, its values and status are shown on the initiative's public pages.
    #[serde(default)]
    pub public: bool,
}

/// A period and a value: a baseline, a target or a measurement.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointInput {
    /// As Statistics Denmark writes it: `2024`, `2024K3`, `2024M07`, `2024W07`.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::period))]
    pub period: String,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorPlan {
    pub name: String,
    pub definition: String,
    pub unit: String,
    pub direction: Direction,
    pub frequency: Frequency,
    pub geography: Geography,
    pub decimals: u8,
    pub source: String,
    pub organisation: Option<String>,
    pub goal_ids: Vec<i64>,
    pub baseline: Option<(Period, f64)>,
    pub targets: Vec<(Period, f64)>,
    pub status_rule: StatusRule,
    pub noise: f64,
    pub public: bool,
}

#[cfg(feature = "openapi")]
macro_rules! choice_schemas {
    ($($name:ident),+) => {$(
        impl $name {
            pub fn schema() -> utoipa::openapi::Object {
                crate::api_schema::choice(Self::ALL.map(Self::code))
            }

            pub fn optional_schema() -> utoipa::openapi::schema::Schema {
                crate::api_schema::optional_choice(Self::ALL.map(Self::code))
            }
        }
    )+};
}

#[cfg(feature = "openapi")]
choice_schemas!(Direction, Frequency, Geography, StatusRule);

/// A value as typed: finite, and not beyond what a figure can sensibly be.
pub fn check_value(value: f64) -> Result<f64, FieldError> {
    if value.is_finite() && value.abs() < 1e15 { Ok(value) } else { Err(FieldError::new("number-invalid")) }
}

/// A value as typed in a form: `1234,5`, `1.234,5` (Danish), `1234.5` or `-3`; `None` when the
/// field is empty.
pub fn parse_value(input: &str) -> Result<Option<f64>, FieldError> {
    let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return Ok(None);
    }
    // with a comma, dots group thousands ("1.234,5"); without, a dot is the decimal point
    let normal = if s.contains(',') { s.replace('.', "").replace(',', ".") } else { s };
    let value: f64 = normal.parse().map_err(|_| FieldError::new("number-invalid"))?;
    check_value(value).map(Some)
}

/// One of an initiative's own units (a school, a neighbourhood), as the backbone names it.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorUnitInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::required_line_schema::<200>))]
    pub name: String,
}

impl IndicatorUnitInput {
    pub fn validate(&self) -> Result<String, FieldErrors> {
        let mut errors = FieldErrors::default();
        match errors.take("name", text::required_line(&self.name, 200)) {
            Some(name) => Ok(name),
            None => Err(errors),
        }
    }
}

/// The latest period of `frequency` that has ended by `today`: its values are due.
pub fn due_period(frequency: Frequency, today: NaiveDate) -> Period {
    let current = Period::containing(today, frequency);
    Period::from_index(frequency, current.index() - 1)
}

/// A value for one unit and period, checked: what the store writes.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    pub unit: Unit,
    pub period: Period,
    pub value: f64,
    pub note: String,
    /// For a figure estimated from a sample (a survey): its n and interval.
    pub sample: Option<Sample>,
}

/// The sample behind a value: its size and the 95 % interval, in the value's unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub n: u64,
    pub ci_low: f64,
    pub ci_high: f64,
}

/// A value as the API and the grid form give it.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ValueInput {
    /// `DK`, a region code (`1084`), a municipality code (`0101`) or a custom unit's id.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::unit_key))]
    pub unit: String,
    /// As Statistics Denmark writes it: `2024`, `2024K3`, `2024M07`, `2024W07`.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::api_schema::period))]
    pub period: String,
    pub value: f64,
    /// E.g. "new method from 2024".
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_line_schema::<500>))]
    pub note: String,
}

impl ValueInput {
    /// The value for an indicator of `geography` and `frequency`, or the field that is wrong
    /// and why. Whether a custom unit exists is the store's to say.
    pub fn validate(
        &self,
        geography: Geography,
        frequency: Frequency,
    ) -> Result<Measurement, (&'static str, FieldError)> {
        let unit = Unit::parse_key(&self.unit, geography).map_err(|e| ("unit", e))?;
        let period = Period::parse_for(&self.period, frequency).map_err(|e| ("period", e))?;
        let value = check_value(self.value).map_err(|e| ("value", e))?;
        let note = text::optional_line(&self.note, 500).map_err(|e| ("note", e))?.unwrap_or_default();
        Ok(Measurement { unit, period, value, note, sample: None })
    }
}

impl IndicatorInput {
    pub fn validate(&self) -> Result<IndicatorPlan, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.take("name", text::required_line(&self.name, 200));
        let definition = errors.take("definition", text::optional_text(&self.definition, 5000));
        let unit = errors.take("unit", text::required_line(&self.unit, 40));
        let direction = errors.take("direction", Direction::parse(&self.direction));
        let frequency = errors.take("frequency", Frequency::parse(&self.frequency));
        let geography = errors.take("geography", Geography::parse(&self.geography));
        let decimals = match self.decimals {
            None => Some(1),
            Some(d) if d <= 4 => Some(d),
            Some(_) => errors.take("decimals", Err(FieldError::new("out-of-range"))),
        };
        let source = errors.take("source", text::optional_line(&self.source, 200)).map(Option::unwrap_or_default);
        let status_rule = if self.status_rule.trim().is_empty() {
            Some(StatusRule::TargetPath)
        } else {
            errors.take("status_rule", StatusRule::parse(&self.status_rule))
        };
        let noise = match self.noise {
            None => Some(0.0),
            Some(n) if (0.0..1e15).contains(&n) => Some(n),
            Some(_) => errors.take("noise", Err(FieldError::new("out-of-range"))),
        };
        let point = |p: &PointInput, f: Frequency| -> Result<(Period, f64), FieldError> {
            Ok((Period::parse_for(&p.period, f)?, check_value(p.value)?))
        };
        let (baseline, targets) = match frequency {
            Some(f) => {
                let baseline = match &self.baseline {
                    None => Some(None),
                    Some(p) => errors.take("baseline", point(p, f)).map(Some),
                };
                let mut targets: Vec<(Period, f64)> = Vec::new();
                for t in &self.targets {
                    if let Some(target) = errors.take("targets", point(t, f)) {
                        targets.push(target);
                    }
                }
                targets.sort_by_key(|t| t.0);
                if targets.windows(2).any(|w| w[0].0 == w[1].0) {
                    errors.add("targets", FieldError::new("period-repeated"));
                }
                (baseline, Some(targets))
            }
            None => (None, None),
        };
        let mut goal_ids = self.goal_ids.clone();
        goal_ids.sort_unstable();
        goal_ids.dedup();
        let organisation = self.organisation.trim();
        match (
            name,
            definition,
            unit,
            direction,
            frequency,
            geography,
            decimals,
            source,
            status_rule,
            noise,
            baseline,
            targets,
        ) {
            (
                Some(name),
                Some(definition),
                Some(unit),
                Some(direction),
                Some(frequency),
                Some(geography),
                Some(decimals),
                Some(source),
                Some(status_rule),
                Some(noise),
                Some(baseline),
                Some(targets),
            ) if errors.is_empty() => Ok(IndicatorPlan {
                name,
                definition,
                unit,
                direction,
                frequency,
                geography,
                decimals,
                source,
                organisation: (!organisation.is_empty()).then(|| organisation.to_owned()),
                goal_ids,
                baseline,
                targets,
                status_rule,
                noise,
                public: self.public,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str, f: Frequency) -> Period {
        Period::parse(s, f).unwrap_or_else(|e| panic!("{s}: {}", e.code))
    }

    #[test]
    fn values_are_read_as_danes_and_computers_write_them() {
        assert_eq!(parse_value(" 1.234,5 "), Ok(Some(1234.5)));
        assert_eq!(parse_value("1234.5"), Ok(Some(1234.5)));
        assert_eq!(parse_value("-3"), Ok(Some(-3.0)));
        assert_eq!(parse_value(""), Ok(None));
        assert_eq!(parse_value("12 %").map_err(|e| e.code), Err("number-invalid"));
        assert_eq!(parse_value("1e20").map_err(|e| e.code), Err("number-invalid"));
    }

    #[test]
    fn periods_read_as_statistics_denmark_and_spreadsheets_write_them() {
        assert_eq!(p("2024", Frequency::Year), Period::Year(2024));
        assert_eq!(p("2024K3", Frequency::Year), Period::Quarter(2024, 3));
        assert_eq!(p("2024q3", Frequency::Year), Period::Quarter(2024, 3));
        assert_eq!(p("2024M07", Frequency::Year), Period::Month(2024, 7));
        assert_eq!(p("2024-07", Frequency::Year), Period::Month(2024, 7));
        assert_eq!(p("07-2024", Frequency::Year), Period::Month(2024, 7));
        assert_eq!(p("2024-W07", Frequency::Year), Period::Week(2024, 7));
        assert_eq!(p("2024U07", Frequency::Year), Period::Week(2024, 7));
        assert_eq!(p(" 2024W7 ", Frequency::Year), Period::Week(2024, 7));
        assert_eq!(p("2024-07-15", Frequency::Quarter), Period::Quarter(2024, 3));
        assert_eq!(p("15.07.2024", Frequency::Month), Period::Month(2024, 7));
        assert_eq!(p("31-12-2024", Frequency::Week), Period::Week(2025, 1), "ISO week of a date");
        for bad in ["", "24", "2024K5", "2024M13", "2024W54", "2021W53", "1699", "2024X1", "2024-07-32"] {
            assert!(Period::parse(bad, Frequency::Year).is_err(), "{bad}");
        }
        assert!(Period::parse("2020W53", Frequency::Week).is_ok(), "2020 had 53 weeks");
    }

    #[test]
    fn a_period_of_another_frequency_is_refused() {
        assert_eq!(Period::parse_for("2024K3", Frequency::Year).unwrap_err().code, "period-wrong-frequency");
        assert_eq!(Period::parse_for("2024", Frequency::Year), Ok(Period::Year(2024)));
    }

    #[test]
    fn periods_are_written_as_statistics_denmark_writes_them_and_sort_in_time() {
        let written: Vec<String> =
            [Period::Year(2024), Period::Quarter(2024, 3), Period::Month(2024, 7), Period::Week(2024, 7)]
                .map(Period::code)
                .to_vec();
        assert_eq!(written, ["2024", "2024K3", "2024M07", "2024W07"]);
        assert!(Period::Month(2024, 9).code() < Period::Month(2024, 10).code());
        assert!(Period::Week(2024, 9).code() < Period::Week(2024, 10).code());
    }

    #[test]
    fn running_numbers_step_by_one_and_round_trip() {
        let starts = [Period::Year(2019), Period::Quarter(2019, 4), Period::Month(2019, 12), Period::Week(2020, 52)];
        // weeks before the epoch of 1900 too, as StatBank's historical series go back further
        for start in starts.into_iter().chain([Period::Week(1831, 18), Period::Week(1899, 50)]) {
            let mut period = start;
            for _ in 0..120 {
                let next = period.next();
                assert_eq!(next.index(), period.index() + 1, "{period} → {next}");
                assert_eq!(Period::from_index(period.frequency(), period.index()), period);
                assert!(next > period);
                period = next;
            }
        }
        assert_eq!(Period::Week(2020, 53).next(), Period::Week(2021, 1));
    }

    #[test]
    fn units_are_read_at_their_level() {
        assert_eq!(Unit::parse_key("DK", Geography::Municipality), Ok(Unit::Country));
        assert_eq!(Unit::parse_key("101", Geography::Municipality), Ok(Unit::Municipality("0101".into())));
        assert_eq!(Unit::parse_key("1084", Geography::Region), Ok(Unit::Region("1084".into())));
        assert!(Unit::parse_key("1084", Geography::Municipality).is_err());
        assert!(Unit::parse_key("0101", Geography::Region).is_err());
        assert_eq!(Unit::parse_key("7", Geography::Custom), Ok(Unit::Custom(7)));
        assert_eq!(Unit::Municipality("0101".into()).key(), "0101");
    }

    #[test]
    fn values_validate_against_the_indicators_geography_and_frequency() {
        let input = ValueInput { unit: "101".into(), period: "2024".into(), value: 3.5, note: " Ny metode ".into() };
        let m = input.validate(Geography::Municipality, Frequency::Year).unwrap();
        assert_eq!(
            m,
            Measurement {
                unit: Unit::Municipality("0101".into()),
                period: Period::Year(2024),
                value: 3.5,
                note: "Ny metode".into(),
                sample: None,
            }
        );
        assert_eq!(input.validate(Geography::Region, Frequency::Year).unwrap_err().0, "unit");
        assert_eq!(input.validate(Geography::Municipality, Frequency::Quarter).unwrap_err().0, "period");
        let nan = ValueInput { value: f64::NAN, ..input };
        assert_eq!(nan.validate(Geography::Municipality, Frequency::Year).unwrap_err().0, "value");
    }

    #[test]
    fn the_period_due_is_the_last_that_has_ended() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
        assert_eq!(due_period(Frequency::Year, day), Period::Year(2025));
        assert_eq!(due_period(Frequency::Quarter, day), Period::Quarter(2025, 4));
        assert_eq!(due_period(Frequency::Month, day), Period::Month(2025, 12));
        assert_eq!(due_period(Frequency::Week, day), Period::Week(2026, 2));
    }

    #[test]
    fn indicators_validate() {
        let input = IndicatorInput {
            name: "Andel der ofte føler sig ensomme".into(),
            unit: "%".into(),
            direction: "down".into(),
            frequency: "year".into(),
            geography: "municipality".into(),
            baseline: Some(PointInput { period: "2021".into(), value: 12.5 }),
            targets: vec![
                PointInput { period: "2030".into(), value: 8.0 },
                PointInput { period: "2026".into(), value: 10.0 },
            ],
            goal_ids: vec![3, 1, 3],
            ..Default::default()
        };
        let plan = input.validate().unwrap();
        assert_eq!(plan.direction, Direction::Down);
        assert_eq!(plan.baseline, Some((Period::Year(2021), 12.5)));
        assert_eq!(plan.targets, vec![(Period::Year(2026), 10.0), (Period::Year(2030), 8.0)]);
        assert_eq!(plan.goal_ids, vec![1, 3]);
        assert_eq!(plan.decimals, 1);
        let errors = IndicatorInput {
            name: String::new(),
            direction: "sideways".into(),
            frequency: "quarter".into(),
            baseline: Some(PointInput { period: "2021".into(), value: 1.0 }),
            noise: Some(-1.0),
            ..input
        }
        .validate()
        .unwrap_err();
        assert_eq!(errors.get("name"), Some("required"));
        assert_eq!(errors.get("direction"), Some("unknown-choice"));
        assert_eq!(errors.get("baseline"), Some("period-wrong-frequency"));
        assert_eq!(errors.get("targets"), Some("period-wrong-frequency"));
        assert_eq!(errors.get("noise"), Some("out-of-range"));
    }
}
