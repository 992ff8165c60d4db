//! A campaign of a movement (e.g. "Danmark spiser sammen 2027"), its week and its targets.

use crate::initiative::parse_optional_date;
use crate::meal::THEMES;
use crate::{FieldError, FieldErrors, text};
use chrono::{NaiveDate, Weekday};

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::required_line_schema::<120>))]
    pub name: String,
    #[serde(default)]
    pub year: String,
    /// ISO week of the campaign week; 17 when empty.
    #[serde(default)]
    pub iso_week: String,
    /// The period meals count in; the whole year when empty.
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub target_meals: String,
    #[serde(default)]
    pub target_member_meals: String,
    #[serde(default)]
    pub target_flagships: String,
    /// Guests each flagship meal should reach.
    #[serde(default)]
    pub target_flagship_guests: String,
    #[serde(default)]
    pub target_guests: String,
    #[serde(default)]
    pub target_rural_municipalities: String,
    #[serde(default)]
    pub target_urban_municipalities: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Targets {
    pub meals: i32,
    pub member_meals: i32,
    pub flagships: i32,
    pub flagship_guests: i32,
    pub guests: i32,
    pub rural_municipalities: i32,
    pub urban_municipalities: i32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CampaignPlan {
    pub name: String,
    pub year: i32,
    pub iso_week: u32,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub themes: Vec<String>,
    pub targets: Targets,
}

fn target(input: &str, max: i32) -> Result<i32, FieldError> {
    let s = input.trim().replace('.', "");
    if s.is_empty() {
        return Ok(0);
    }
    let n: i32 = s.parse().map_err(|_| FieldError::new("number-format"))?;
    if !(0..=max).contains(&n) {
        return Err(FieldError::new("number-range"));
    }
    Ok(n)
}

impl CampaignInput {
    pub fn validate(&self, this_year: i32) -> Result<CampaignPlan, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.take("name", text::required_line(&self.name, 120));
        let year = errors.take(
            "year",
            match self.year.trim() {
                "" => Ok(this_year),
                y => y.parse::<i32>().ok().filter(|y| (2000..=2100).contains(y)).ok_or(FieldError::new("number-range")),
            },
        );
        let iso_week = errors.take(
            "iso_week",
            match self.iso_week.trim() {
                "" => Ok(17),
                w => w.parse::<u32>().ok().filter(|w| (1..=53).contains(w)).ok_or(FieldError::new("number-range")),
            },
        );
        let starts_on = errors.take("starts_on", parse_optional_date(&self.starts_on));
        let ends_on = errors.take("ends_on", parse_optional_date(&self.ends_on));
        let mut themes = Vec::new();
        for t in self.themes.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
            if THEMES.contains(&t) {
                themes.push(t.to_owned());
            } else {
                errors.add("themes", FieldError::new("unknown-choice"));
            }
        }
        let mut targets = Targets::default();
        for (field, value, slot, max) in [
            ("target_meals", &self.target_meals, &mut targets.meals, 10_000_000),
            ("target_member_meals", &self.target_member_meals, &mut targets.member_meals, 10_000_000),
            ("target_flagships", &self.target_flagships, &mut targets.flagships, 10_000),
            ("target_flagship_guests", &self.target_flagship_guests, &mut targets.flagship_guests, 100_000),
            ("target_guests", &self.target_guests, &mut targets.guests, 100_000_000),
            ("target_rural_municipalities", &self.target_rural_municipalities, &mut targets.rural_municipalities, 98),
            ("target_urban_municipalities", &self.target_urban_municipalities, &mut targets.urban_municipalities, 98),
        ] {
            if let Some(n) = errors.take(field, target(value, max)) {
                *slot = n;
            }
        }
        let (Some(name), Some(year), Some(iso_week), Some(starts_on), Some(ends_on)) =
            (name, year, iso_week, starts_on, ends_on)
        else {
            return Err(errors);
        };
        if NaiveDate::from_isoywd_opt(year, iso_week, Weekday::Mon).is_none() {
            errors.add("iso_week", FieldError::new("number-range"));
        }
        let starts_on = starts_on.unwrap_or_else(|| NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default());
        let ends_on = ends_on.unwrap_or_else(|| NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default());
        if ends_on < starts_on {
            errors.add("ends_on", FieldError::new("end-before-start"));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CampaignPlan { name, year, iso_week, starts_on, ends_on, themes, targets })
    }
}

/// The Monday and Sunday of an ISO week.
pub fn week_dates(year: i32, week: u32) -> Option<(NaiveDate, NaiveDate)> {
    Some((NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?, NaiveDate::from_isoywd_opt(year, week, Weekday::Sun)?))
}

/// A campaign target with its goal, the current count, and how far along it is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = TargetOut))]
pub struct TargetProgress {
    /// `meals`, `member_meals`, `flagships`, `flagship_guests`, `guests`, `rural_municipalities`,
    /// `urban_municipalities`.
    pub target: &'static str,
    pub goal: i32,
    pub current: i64,
    /// 0–100.
    pub percent: u32,
}

impl TargetProgress {
    pub fn new(target: &'static str, goal: i32, current: i64) -> Self {
        Self { target, goal, current, percent: percent(current, goal) }
    }
}

/// Share of a target reached, 0–100 (a target of 0 counts as reached).
pub fn percent(value: i64, goal: i32) -> u32 {
    if goal <= 0 {
        return 100;
    }
    ((value as f64 / f64::from(goal)) * 100.0).round().clamp(0.0, 100.0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_to_week_17_and_the_whole_year() {
        let plan = CampaignInput {
            name: "Danmark spiser sammen 2027".into(),
            target_meals: "1.000".into(),
            ..Default::default()
        }
        .validate(2027)
        .unwrap();
        assert_eq!(plan.iso_week, 17);
        assert_eq!(plan.targets.meals, 1000);
        assert_eq!(plan.starts_on.to_string(), "2027-01-01");
        assert_eq!(week_dates(2027, 17).unwrap().0.to_string(), "2027-04-26");
    }

    #[test]
    fn bad_targets_are_refused() {
        let e = CampaignInput {
            name: "X".into(),
            iso_week: "54".into(),
            target_meals: "-1".into(),
            target_rural_municipalities: "99".into(),
            ..Default::default()
        }
        .validate(2027)
        .unwrap_err();
        assert_eq!(e.get("iso_week"), Some("number-range"));
        assert_eq!(e.get("target_meals"), Some("number-range"));
        assert_eq!(e.get("target_rural_municipalities"), Some("number-range"));
    }

    #[test]
    fn percentages() {
        assert_eq!(percent(500, 1000), 50);
        assert_eq!(percent(2000, 1000), 100);
        assert_eq!(percent(0, 0), 100);
    }
}
