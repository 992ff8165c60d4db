//! Shared meals (Danmark spiser sammen): what a host registers, checked before it is stored.

use crate::geo::geodata;
use crate::initiative::parse_required_date;
use crate::organisation::parse_website;
use crate::relay::BatonCode;
use crate::{FieldError, FieldErrors, text};
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Copenhagen;

/// How guests join a meal.
/// Whether a meal is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MealStatus {
    Published,
    /// Hidden by the backbone after reports, or unpublished.
    Hidden,
}

impl MealStatus {
    pub fn code(self) -> &'static str {
        match self {
            MealStatus::Published => "published",
            MealStatus::Hidden => "hidden",
        }
    }

    /// The status of a stored code; anything but "published" is not listed.
    pub fn of_code(code: &str) -> Self {
        if code == MealStatus::Published.code() { MealStatus::Published } else { MealStatus::Hidden }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JoinMode {
    /// Sign up on the site, with capacity and a waiting list (a form that names none).
    #[default]
    SignUp,
    /// Sign up at the host's own link.
    External,
    /// By invitation only: counted, not listed.
    Invitation,
}

impl JoinMode {
    pub const ALL: [JoinMode; 3] = [JoinMode::SignUp, JoinMode::External, JoinMode::Invitation];

    pub fn code(self) -> &'static str {
        match self {
            JoinMode::SignUp => "sign_up",
            JoinMode::External => "external",
            JoinMode::Invitation => "invitation",
        }
    }

    pub fn parse(code: &str) -> Result<Self, FieldError> {
        Self::ALL.into_iter().find(|m| m.code() == code.trim()).ok_or(FieldError::new("unknown-choice"))
    }

    /// The join mode of a stored code; an unknown one is by invitation (not listed, no sign-up).
    pub fn of_code(code: &str) -> Self {
        Self::parse(code).unwrap_or(JoinMode::Invitation)
    }
}

/// The themes a meal can carry, as codes (the UI names them).
pub const THEMES: [&str; 8] =
    ["young_people", "elderly", "unemployed", "refugees", "families", "across_generations", "students", "neighbours"];

pub const MAX_CAPACITY: u32 = 5000;

/// Longest title, description and address of a meal, typed or imported.
pub const TITLE_MAX_CHARS: usize = 120;
pub const DESCRIPTION_MAX_CHARS: usize = 5000;
pub const ADDRESS_MAX_CHARS: usize = 200;

/// Seats still free; never below zero, even where capacity was lowered under the sign-ups.
pub fn seats_left(capacity: i32, seats_taken: i32) -> i64 {
    i64::from((capacity - seats_taken).max(0))
}

/// A meal form or API call as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MealInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::required_line_schema::<TITLE_MAX_CHARS>))]
    pub title: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_text_schema::<DESCRIPTION_MAX_CHARS>))]
    pub description: String,
    /// Street and number, shown to guests.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_line_schema::<ADDRESS_MAX_CHARS>))]
    pub address: String,
    /// A postal code or town, geocoded offline when no pin (lat/lon) is given.
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub lat: String,
    #[serde(default)]
    pub lon: String,
    /// The day, `2027-04-25` or `25.04.2027`.
    #[serde(default)]
    pub date: String,
    /// Local time in Copenhagen, `18:00` or `18.00`.
    #[serde(default)]
    pub starts_at: String,
    #[serde(default)]
    pub ends_at: String,
    #[serde(default)]
    pub capacity: String,
    #[serde(default)]
    pub join_mode: String,
    #[serde(default)]
    pub external_url: String,
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_text_schema::<1000>))]
    pub accessibility: String,
    /// Empty or 0 for free; otherwise a contribution in kroner, `25` or `27,50`.
    #[serde(default)]
    pub price: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_line_schema::<40>))]
    pub language: String,
    /// The baton code of the meal this one was passed on from.
    #[serde(default)]
    pub baton_code: String,
    /// The organisation the host acts for, as chosen in the form; the web layer checks it
    /// against the host's roles.
    #[serde(default)]
    pub organisation_id: String,
    /// The campaign the meal joins, as chosen in the form.
    #[serde(default)]
    pub campaign_id: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct MealPlan {
    pub title: String,
    pub description: String,
    pub address: String,
    pub lat: f64,
    pub lon: f64,
    pub municipality_code: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: u32,
    pub join_mode: JoinMode,
    pub external_url: Option<String>,
    pub themes: Vec<String>,
    pub accessibility: String,
    /// In øre; `None` is free.
    pub price_ore: Option<u32>,
    pub language: String,
    pub parent_baton: Option<BatonCode>,
}

impl MealInput {
    /// Checks everything; `now` decides what is in the past.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<MealPlan, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = errors.take("title", text::required_line(&self.title, TITLE_MAX_CHARS));
        let description = errors.take("description", text::optional_text(&self.description, DESCRIPTION_MAX_CHARS));
        let address = errors
            .take("address", text::optional_line(&self.address, ADDRESS_MAX_CHARS).map(Option::unwrap_or_default));
        let point = errors.take("place", self.point());
        let date = errors.take("date", parse_required_date(&self.date));
        let start = errors.take("starts_at", parse_time(&self.starts_at));
        let end = errors.take("ends_at", parse_time(&self.ends_at));
        let (mut starts_at, mut ends_at) = (None, None);
        if let (Some(date), Some(start), Some(end)) = (date, start, end) {
            starts_at = errors.take("starts_at", local_instant(date, start));
            ends_at = errors.take("ends_at", local_instant(date, end));
            if let (Some(s), Some(e)) = (starts_at, ends_at) {
                if e <= s {
                    errors.add("ends_at", FieldError::new("end-before-start-time"));
                }
                if s < now {
                    errors.add("date", FieldError::new("meal-in-past"));
                }
            }
        }
        let capacity = errors.take("capacity", parse_capacity(&self.capacity));
        let join_mode = errors.take(
            "join_mode",
            if self.join_mode.trim().is_empty() { Ok(JoinMode::default()) } else { JoinMode::parse(&self.join_mode) },
        );
        let external_url = errors.take("external_url", parse_website(&self.external_url));
        if join_mode == Some(JoinMode::External) && external_url == Some(None) {
            errors.add("external_url", FieldError::new("required"));
        }
        let mut themes = Vec::new();
        for theme in self.themes.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
            if !THEMES.contains(&theme) {
                errors.add("themes", FieldError::new("unknown-choice"));
            } else if !themes.iter().any(|t| t == theme) {
                themes.push(theme.to_owned());
            }
        }
        let accessibility = errors.take("accessibility", text::optional_text(&self.accessibility, 1000));
        let price_ore = errors.take("price", parse_price(&self.price));
        let language = errors.take("language", text::optional_line(&self.language, 40).map(Option::unwrap_or_default));
        let parent_baton = if self.baton_code.trim().is_empty() {
            Some(None)
        } else {
            errors.take("baton_code", BatonCode::parse(&self.baton_code)).map(Some)
        };
        match (
            title,
            description,
            address,
            point,
            starts_at,
            ends_at,
            capacity,
            join_mode,
            external_url,
            accessibility,
            price_ore,
            language,
            parent_baton,
        ) {
            (
                Some(title),
                Some(description),
                Some(address),
                Some((lat, lon, municipality_code)),
                Some(starts_at),
                Some(ends_at),
                Some(capacity),
                Some(join_mode),
                Some(external_url),
                Some(accessibility),
                Some(price_ore),
                Some(language),
                Some(parent_baton),
            ) if errors.is_empty() => Ok(MealPlan {
                title,
                description,
                address,
                lat,
                lon,
                municipality_code,
                starts_at,
                ends_at,
                capacity,
                join_mode,
                external_url,
                themes,
                accessibility,
                price_ore,
                language,
                parent_baton,
            }),
            _ => Err(errors),
        }
    }

    /// The meal's point: the pin when given, else the postal code or town; and the
    /// municipality it lies in.
    fn point(&self) -> Result<(f64, f64, String), FieldError> {
        let g = geodata();
        let (lat, lon) = (self.lat.trim(), self.lon.trim());
        if !lat.is_empty() || !lon.is_empty() {
            let (Ok(lat), Ok(lon)) = (lat.replace(',', ".").parse::<f64>(), lon.replace(',', ".").parse::<f64>())
            else {
                return Err(FieldError::new("coordinates-format"));
            };
            let municipality = g.municipality_at(lat, lon).ok_or(FieldError::new("outside-denmark"))?;
            return Ok((lat, lon, municipality.code.clone()));
        }
        if self.place.trim().is_empty() {
            return Err(FieldError::new("required"));
        }
        let place = g.geocode(&self.place, 1).into_iter().next().ok_or(FieldError::new("place-not-found"))?;
        Ok((place.lat, place.lon, place.municipality_code))
    }
}

/// "18:00", "18.00" or "1800".
pub fn parse_time(input: &str) -> Result<NaiveTime, FieldError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(FieldError::new("required"));
    }
    for format in ["%H:%M", "%H.%M", "%H%M", "%H:%M:%S"] {
        if let Ok(t) = NaiveTime::parse_from_str(s, format) {
            return Ok(t);
        }
    }
    Err(FieldError::new("time-format"))
}

/// A local Copenhagen time as an instant; a time skipped by the spring-forward has none.
pub fn local_instant(date: NaiveDate, time: NaiveTime) -> Result<DateTime<Utc>, FieldError> {
    Copenhagen
        .from_local_datetime(&date.and_time(time))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or(FieldError::new("time-does-not-exist"))
}

pub fn parse_capacity(input: &str) -> Result<u32, FieldError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(FieldError::new("required"));
    }
    let n: u32 = s.replace('.', "").parse().map_err(|_| FieldError::new("number-format"))?;
    if n == 0 || n > MAX_CAPACITY {
        return Err(FieldError::new("capacity-range"));
    }
    Ok(n)
}

/// A price in kroner as Danes write it ("25", "27,50", "1.000") to øre; empty or 0 is free.
pub fn parse_price(input: &str) -> Result<Option<u32>, FieldError> {
    let s = input.trim().trim_end_matches(",-").trim_start_matches("kr.").trim_end_matches("kr.").trim();
    if s.is_empty() {
        return Ok(None);
    }
    let normalised = s.replace('.', "").replace(',', ".");
    let kroner: f64 = normalised.parse().map_err(|_| FieldError::new("number-format"))?;
    if !(0.0..=10_000.0).contains(&kroner) {
        return Err(FieldError::new("price-range"));
    }
    let ore = (kroner * 100.0).round() as u32;
    Ok((ore > 0).then_some(ore))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2027-01-01T12:00:00Z".parse().unwrap()
    }

    fn input() -> MealInput {
        MealInput {
            title: "Fællesspisning i Skagen".into(),
            place: "9990".into(),
            date: "25.04.2027".into(),
            starts_at: "18.00".into(),
            ends_at: "21:00".into(),
            capacity: "40".into(),
            themes: vec!["elderly".into(), "elderly".into()],
            price: "27,50".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_meal_is_placed_and_timed_in_copenhagen() {
        let plan = input().validate(now()).unwrap();
        assert_eq!(plan.municipality_code, "0813");
        assert_eq!(plan.starts_at.to_rfc3339(), "2027-04-25T16:00:00+00:00");
        assert_eq!(plan.price_ore, Some(2750));
        assert_eq!(plan.themes, vec!["elderly"]);
        assert_eq!(plan.join_mode, JoinMode::SignUp);
    }

    #[test]
    fn a_pin_wins_over_the_postal_code() {
        let plan = MealInput { lat: "55,6761".into(), lon: "12.5683".into(), ..input() }.validate(now()).unwrap();
        assert_eq!(plan.municipality_code, "0101");
    }

    #[test]
    fn bad_meals_are_refused_field_by_field() {
        let e = MealInput {
            title: "".into(),
            place: "Atlantis".into(),
            date: "01.01.2026".into(),
            starts_at: "20:00".into(),
            ends_at: "19:00".into(),
            capacity: "0".into(),
            join_mode: "external".into(),
            themes: vec!["pirates".into()],
            price: "mange".into(),
            baton_code: "XXXXXX".into(),
            ..Default::default()
        }
        .validate(now())
        .unwrap_err();
        assert_eq!(e.get("title"), Some("required"));
        assert_eq!(e.get("place"), Some("place-not-found"));
        assert_eq!(e.get("ends_at"), Some("end-before-start-time"));
        assert_eq!(e.get("date"), Some("meal-in-past"));
        assert_eq!(e.get("capacity"), Some("capacity-range"));
        assert_eq!(e.get("external_url"), Some("required"));
        assert_eq!(e.get("themes"), Some("unknown-choice"));
        assert_eq!(e.get("price"), Some("number-format"));
        assert!(e.get("baton_code").is_some());
    }

    #[test]
    fn a_pin_on_a_postal_code_centre_off_the_simplified_coast_is_accepted() {
        // 4000 Roskilde's centre, which the map pin writes, lies in the fjord on the simplified border
        let plan = MealInput { lat: "55.65647".into(), lon: "12.06373".into(), ..input() }.validate(now()).unwrap();
        assert_eq!(plan.municipality_code, "0265");
    }

    #[test]
    fn a_pin_at_sea_is_refused() {
        let e = MealInput { lat: "56.5".into(), lon: "11.5".into(), ..input() }.validate(now()).unwrap_err();
        assert_eq!(e.get("place"), Some("outside-denmark"));
    }

    #[test]
    fn the_spring_forward_hour_does_not_exist() {
        let d = NaiveDate::from_ymd_opt(2027, 3, 28).unwrap();
        assert_eq!(
            local_instant(d, NaiveTime::from_hms_opt(2, 30, 0).unwrap()).unwrap_err().code,
            "time-does-not-exist"
        );
    }

    #[test]
    fn stored_codes_read_back_and_unknown_ones_are_by_invitation() {
        for mode in JoinMode::ALL {
            assert_eq!(JoinMode::of_code(mode.code()), mode);
        }
        assert_eq!(JoinMode::of_code("open"), JoinMode::Invitation);
    }

    #[test]
    fn prices() {
        assert_eq!(parse_price("").unwrap(), None);
        assert_eq!(parse_price("0").unwrap(), None);
        assert_eq!(parse_price("kr. 1.000,-").unwrap(), Some(100_000));
        assert_eq!(parse_price("-5").unwrap_err().code, "price-range");
    }
}
