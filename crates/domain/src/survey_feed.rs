//! A survey question feeding an indicator: which question, the options that count (e.g.
//! "often" and "sometimes"), and how a wave's groups map to the indicator's units. Each closed
//! wave gives one period, the period of the indicator's frequency its first answer came in;
//! the value is the share in percent with its n and Wilson 95 % interval.

use crate::indicator::{Geography, Sample, Unit};
use crate::survey::{QuestionKind, SurveyPlan};
use crate::survey_stats::wilson;
use crate::{FieldError, FieldErrors};

/// How a wave's answers map to the indicator's units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedUnits {
    /// Each group of a wave to the initiative's own unit of the same name.
    Groups,
    /// The whole wave to one unit.
    Wave,
}

codes!(FeedUnits, unknown: Groups, [Groups = "groups", Wave = "wave"]);

#[cfg(feature = "openapi")]
impl FeedUnits {
    pub fn schema() -> utoipa::openapi::Object {
        crate::api_schema::choice(Self::ALL.map(Self::code))
    }
}

/// The link as the backbone gives it (form or API).
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyLinkInput {
    /// A survey of the indicator's initiative.
    pub survey_id: i64,
    /// The key of a single-choice, likert or multiple-choice question.
    pub question: String,
    /// The option numbers (from 1) whose share is the value, e.g. `[3, 4]` for "often" and
    /// "sometimes"; exactly one for a multiple-choice question.
    pub options: Vec<u32>,
    /// `groups`: each group to the custom unit of the same name; `wave`: the whole wave to `unit`.
    #[cfg_attr(feature = "openapi", schema(schema_with = FeedUnits::schema))]
    pub units: String,
    /// With `wave`: `DK`, a region or municipality code, or a custom unit's id.
    #[serde(default)]
    pub unit: Option<String>,
}

/// Where a link's values go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedMapping {
    Groups,
    Wave(Unit),
}

impl FeedMapping {
    pub fn units(&self) -> FeedUnits {
        match self {
            FeedMapping::Groups => FeedUnits::Groups,
            FeedMapping::Wave(_) => FeedUnits::Wave,
        }
    }

    pub fn unit(&self) -> Option<&Unit> {
        match self {
            FeedMapping::Groups => None,
            FeedMapping::Wave(unit) => Some(unit),
        }
    }
}

/// A link checked against its survey and indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyLinkPlan {
    pub survey_id: i64,
    pub question: String,
    /// Sorted, without repeats.
    pub options: Vec<u32>,
    pub mapping: FeedMapping,
}

/// Whether an indicator's unit is a percentage, which a share is written as.
pub fn is_percent_unit(unit: &str) -> bool {
    let unit = unit.trim().to_lowercase();
    unit == "%" || unit.starts_with("pct") || unit.starts_with("procent") || unit.starts_with("percent")
}

impl SurveyLinkInput {
    /// The link for an indicator of `geography` measured in `indicator_unit`, fed by `survey`.
    /// Whether the survey belongs to the indicator's initiative, and a custom unit to it, is
    /// for the caller to say.
    pub fn validate(
        &self,
        survey: &SurveyPlan,
        geography: Geography,
        indicator_unit: &str,
    ) -> Result<SurveyLinkPlan, FieldErrors> {
        let mut errors = FieldErrors::default();
        if !is_percent_unit(indicator_unit) {
            errors.add("survey_id", FieldError::new("survey-feed-unit-not-percent"));
        }
        let question = survey.questions.iter().find(|q| q.key == self.question.trim());
        let mut options = self.options.clone();
        options.sort_unstable();
        options.dedup();
        match question {
            None if self.question.trim().is_empty() => errors.add("question", FieldError::new("required")),
            None => errors.add("question", FieldError::new("survey-feed-question-unknown")),
            Some(q) if !q.kind.has_options() => {
                errors.add("question", FieldError::new("survey-feed-question-not-choice"))
            }
            Some(q) => {
                if options.is_empty() {
                    errors.add("options", FieldError::new("required"));
                } else if options.iter().any(|&o| o == 0 || o as usize > q.options.len()) {
                    errors.add("options", FieldError::new("survey-feed-option-unknown"));
                } else if q.kind == QuestionKind::Multi && options.len() > 1 {
                    // the released counts of two options of a multiple choice do not add up to
                    // the respondents who chose either, and nothing else may be released
                    errors.add("options", FieldError::new("survey-feed-multi-one-option"));
                }
            }
        }
        let mapping = match FeedUnits::parse(&self.units) {
            Err(e) => {
                errors.add("units", e);
                None
            }
            Ok(FeedUnits::Groups) if geography != Geography::Custom => {
                errors.add("units", FieldError::new("survey-feed-groups-need-custom"));
                None
            }
            Ok(FeedUnits::Groups) => Some(FeedMapping::Groups),
            Ok(FeedUnits::Wave) => match Unit::parse_key(self.unit.as_deref().unwrap_or_default(), geography) {
                Ok(unit) => Some(FeedMapping::Wave(unit)),
                Err(e) => {
                    let e = if self.unit.as_deref().unwrap_or_default().trim().is_empty() {
                        FieldError::new("required")
                    } else {
                        e
                    };
                    errors.add("unit", e);
                    None
                }
            },
        };
        match (question, mapping) {
            (Some(q), Some(mapping)) if errors.is_empty() => {
                Ok(SurveyLinkPlan { survey_id: self.survey_id, question: q.key.clone(), options, mapping })
            }
            _ => Err(errors),
        }
    }
}

/// The value a group gives: the share of `base` respondents who chose the counted options,
/// in percent, with n and the Wilson 95 % interval in percent. `counted` are the released
/// counts of those options: none where any of them or the base is suppressed, so the value is
/// worked out from released numbers only and reveals nothing the results do not.
pub fn feed_value(counted: &[Option<u64>], base: Option<u64>) -> Option<(f64, Sample)> {
    let base = base.filter(|&n| n > 0)?;
    let count = counted.iter().copied().sum::<Option<u64>>()?.min(base);
    let (low, high) = wilson(count, base)?;
    let sample = Sample { n: base, ci_low: low * 100.0, ci_high: high * 100.0 };
    Some((count as f64 / base as f64 * 100.0, sample))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::{QuestionInput, SurveyInput};

    fn plan() -> SurveyPlan {
        let q = |key: &str, kind: &str, options: &[&str]| QuestionInput {
            key: key.into(),
            text: format!("{key}?"),
            kind: kind.into(),
            options: options.iter().map(|o| o.to_string()).collect(),
            ..Default::default()
        };
        SurveyInput {
            title: "Trivsel".into(),
            questions: vec![
                q("ensom", "likert", &["Aldrig", "Sjældent", "Nogle gange", "Ofte"]),
                q("hvor", "multi", &["Skolegården", "Klassen"]),
                q("alder", "number", &[]),
            ],
            ..Default::default()
        }
        .validate()
        .unwrap()
    }

    fn input(question: &str, options: &[u32], units: &str, unit: Option<&str>) -> SurveyLinkInput {
        SurveyLinkInput {
            survey_id: 7,
            question: question.into(),
            options: options.to_vec(),
            units: units.into(),
            unit: unit.map(str::to_owned),
        }
    }

    #[test]
    fn a_link_names_a_choice_question_its_options_and_where_the_values_go() {
        let link = input("ensom", &[4, 3, 4], "groups", None).validate(&plan(), Geography::Custom, "%").unwrap();
        assert_eq!(link.options, [3, 4]);
        assert_eq!(link.mapping, FeedMapping::Groups);
        let link =
            input("ensom", &[4], "wave", Some("101")).validate(&plan(), Geography::Municipality, "pct.").unwrap();
        assert_eq!(link.mapping, FeedMapping::Wave(Unit::Municipality("0101".into())));
    }

    #[test]
    fn a_bad_link_says_which_field_is_wrong() {
        let errors = |i: SurveyLinkInput, g: Geography, unit: &str| i.validate(&plan(), g, unit).unwrap_err();
        assert_eq!(
            errors(input("alder", &[1], "wave", Some("DK")), Geography::Country, "%").get("question"),
            Some("survey-feed-question-not-choice")
        );
        assert_eq!(
            errors(input("nej", &[1], "wave", Some("DK")), Geography::Country, "%").get("question"),
            Some("survey-feed-question-unknown")
        );
        assert_eq!(
            errors(input("ensom", &[5], "wave", Some("DK")), Geography::Country, "%").get("options"),
            Some("survey-feed-option-unknown")
        );
        assert_eq!(
            errors(input("ensom", &[], "wave", Some("DK")), Geography::Country, "%").get("options"),
            Some("required")
        );
        assert_eq!(
            errors(input("hvor", &[1, 2], "wave", Some("DK")), Geography::Country, "%").get("options"),
            Some("survey-feed-multi-one-option")
        );
        assert_eq!(
            errors(input("ensom", &[4], "groups", None), Geography::Municipality, "%").get("units"),
            Some("survey-feed-groups-need-custom")
        );
        assert_eq!(
            errors(input("ensom", &[4], "wave", None), Geography::Municipality, "%").get("unit"),
            Some("required")
        );
        assert_eq!(
            errors(input("ensom", &[4], "wave", Some("DK")), Geography::Country, "personer").get("survey_id"),
            Some("survey-feed-unit-not-percent")
        );
    }

    #[test]
    fn the_value_is_a_percentage_with_n_and_its_wilson_interval() {
        let (value, sample) = feed_value(&[Some(2), Some(4)], Some(20)).unwrap();
        assert!((value - 30.0).abs() < 1e-9);
        let (low, high) = wilson(6, 20).unwrap();
        assert_eq!(sample, Sample { n: 20, ci_low: low * 100.0, ci_high: high * 100.0 });
        assert_eq!(feed_value(&[Some(2), None], Some(20)), None, "a hidden option hides the value");
        assert_eq!(feed_value(&[Some(2)], None), None, "a hidden group gives none");
        assert_eq!(feed_value(&[Some(0)], Some(0)), None);
    }
}
