//! A survey question feeding an indicator, what its API (`survey_feed_api.rs`) and its page
//! (`survey_feed_pages.rs`) share: each closed wave of the linked survey gives the period its
//! first answer's day falls in (by the indicator's frequency; of two waves in one period the
//! later counts), and each group (by name, to the custom unit of that name) or the whole wave
//! (to one unit) the share choosing the counted options, in percent, with n and the Wilson
//! 95 % interval. The numbers come only from `surveys::rules::wave_results`, so a suppressed
//! group, or a suppressed option, gives no value. Values are written by `apply_import` with
//! the survey's title as provenance, on closing a wave and on asking.

use crate::http::error::WebError;
use crate::http::state::AppState;
use crate::surveys::rules::{Numbers, OptionResult, wave_results};
use rygrad_domain::indicator::{Measurement, Period, Unit, ValueSource};
use rygrad_domain::survey::WaveStatus;
use rygrad_domain::survey_feed::{FeedMapping, SurveyLinkInput, SurveyLinkPlan, feed_value};
use rygrad_domain::text::search_key;
use rygrad_domain::{FieldError, FieldErrors};
use rygrad_store::indicators::{Indicator, Provenance, ValueCounts};
use rygrad_store::survey_feeds::SurveyLink;
use rygrad_store::surveys::{Survey, SurveyCounts};
use rygrad_store::{AuditActor, Store, StoreError};
use std::collections::{BTreeMap, HashMap};

/// What a refresh wrote, and what it could not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedReport {
    pub counts: ValueCounts,
    /// Groups (or whole waves) that gave no value: suppressed, or the counted options are.
    pub hidden: u64,
    /// Names of groups with a value but no unit of that name.
    pub unmatched: Vec<String>,
}

/// The key of the one group a whole wave is counted as.
const WHOLE_WAVE: i64 = 0;

/// A wave's counts as one group.
fn as_one_group(counts: SurveyCounts) -> SurveyCounts {
    let mut cells = BTreeMap::new();
    for ((_, question, option), n) in counts.cells {
        *cells.entry((WHOLE_WAVE, question, option)).or_default() += n;
    }
    SurveyCounts { total: counts.total, respondents: BTreeMap::from([(WHOLE_WAVE, counts.total)]), cells }
}

/// The values the linked question gives for `indicator`, with what gave none.
async fn feed_values(
    store: &Store,
    indicator: &Indicator,
    survey: &Survey,
    plan: &SurveyLinkPlan,
) -> Result<(Vec<Measurement>, FeedReport), StoreError> {
    let own: HashMap<String, i64> = match plan.mapping {
        FeedMapping::Groups => store
            .indicator_units_of(indicator.initiative_id)
            .await?
            .into_iter()
            .map(|u| (search_key(&u.name), u.id))
            .collect(),
        FeedMapping::Wave(_) => HashMap::new(),
    };
    let mut values = Vec::new();
    let mut report = FeedReport::default();
    for wave in store.survey_waves_of(survey.id).await? {
        if wave.status != WaveStatus::Closed {
            continue;
        }
        // the day answers came in rather than the wave's opening, which is reset on reopening
        let Some(day) = store.survey_wave_answered_from(wave.id).await? else { continue };
        let period = Period::containing(day, indicator.frequency);
        let counts = store.survey_counts_by_group(wave.id).await?;
        let (groups, counts) = match plan.mapping {
            FeedMapping::Groups => {
                let groups = store.survey_groups_of(wave.id).await?.into_iter().map(|g| (g.id, g.name));
                (groups.collect::<Vec<_>>(), counts)
            }
            FeedMapping::Wave(_) => (vec![(WHOLE_WAVE, wave.name.clone())], as_one_group(counts)),
        };
        let results = wave_results(&survey.plan, &groups, &counts, &Numbers::new(), &wave.name);
        for ((_, name), group) in groups.iter().zip(results.groups) {
            let question = group.questions.iter().find(|q| q.key == plan.question);
            let value = question.and_then(|q| {
                let counted: Vec<&OptionResult> =
                    plan.options.iter().filter_map(|&o| q.options.iter().find(|r| r.option == o)).collect();
                // the options of one question share their base
                let base = counted.first().and_then(|r| r.base);
                feed_value(&counted.iter().map(|r| r.count).collect::<Vec<_>>(), base)
            });
            let Some((value, sample)) = value else {
                report.hidden += 1;
                continue;
            };
            let unit = match &plan.mapping {
                FeedMapping::Wave(unit) => unit.clone(),
                FeedMapping::Groups => match own.get(&search_key(name)) {
                    Some(&id) => Unit::Custom(id),
                    None => {
                        report.unmatched.push(name.clone());
                        continue;
                    }
                },
            };
            values.push(Measurement { unit, period, value, note: wave.name.clone(), sample: Some(sample) });
        }
    }
    Ok((values, report))
}

/// Writes the values an indicator's linked question gives, as any values are written (the
/// history, the log), with the survey's title as their source. The demo data uses it too.
pub async fn write_feed(
    store: &Store,
    indicator: &Indicator,
    link: &SurveyLink,
    by: &AuditActor,
) -> Result<FeedReport, StoreError> {
    let survey = store.survey(link.plan.survey_id).await?;
    let survey = survey.filter(|s| s.initiative_id == indicator.initiative_id).ok_or(StoreError::NotFound)?;
    let (values, mut report) = feed_values(store, indicator, &survey, &link.plan).await?;
    let provenance =
        Provenance { source: ValueSource::Survey, source_name: survey.plan.title.clone(), entered_by: by.user_id };
    report.counts = store.apply_import(indicator, &values, &provenance, by).await?;
    Ok(report)
}

/// [`write_feed`] from a request, clearing the page cache after.
pub async fn refresh(
    state: &AppState,
    indicator: &Indicator,
    link: &SurveyLink,
    by: &AuditActor,
) -> Result<FeedReport, WebError> {
    let report = write_feed(&state.store, indicator, link, by).await?;
    state.page_cache.invalidate();
    Ok(report)
}

/// Refreshes every indicator a survey feeds (after one of its waves closed).
pub async fn refresh_fed_by(state: &AppState, survey_id: i64, by: &AuditActor) -> Result<(), WebError> {
    for id in state.store.indicators_fed_by(survey_id).await? {
        let Some(indicator) = state.store.indicator(id).await? else { continue };
        if let Some(link) = state.store.indicator_survey_link(&indicator).await? {
            refresh(state, &indicator, &link, by).await?;
        }
    }
    Ok(())
}

/// Checks a link against its survey, which must be one of the indicator's initiative.
pub(crate) async fn check_link(
    state: &AppState,
    indicator: &Indicator,
    input: &SurveyLinkInput,
) -> Result<Result<SurveyLinkPlan, FieldErrors>, WebError> {
    let survey = state.store.survey(input.survey_id).await?.filter(|s| s.initiative_id == indicator.initiative_id);
    let Some(survey) = survey else {
        let mut errors = FieldErrors::default();
        errors.add("survey_id", FieldError::new("survey-feed-survey-unknown"));
        return Ok(Err(errors));
    };
    Ok(input.validate(&survey.plan, indicator.geography, &indicator.unit))
}

#[cfg(test)]
mod tests {
    use crate::http::i18n::Tr;
    use rygrad_domain::format::Lang;
    use rygrad_domain::survey_feed::FeedUnits;

    #[test]
    fn i18n_ids_built_from_feed_codes_exist() {
        for lang in [Lang::Da, Lang::En] {
            let tr = Tr::new(lang);
            let mut ids: Vec<String> =
                FeedUnits::ALL.iter().map(|u| format!("survey-feed-units-{}", u.code())).collect();
            ids.extend(
                [
                    "log-entity-indicator_survey_link",
                    "indicator-source-survey",
                    "err-survey-feed-unit-not-percent",
                    "err-survey-feed-question-unknown",
                    "err-survey-feed-question-not-choice",
                    "err-survey-feed-option-unknown",
                    "err-survey-feed-multi-one-option",
                    "err-survey-feed-groups-need-custom",
                    "err-survey-feed-survey-unknown",
                ]
                .map(str::to_owned),
            );
            for id in ids {
                assert!(tr.has(&id), "{id} in {lang:?}");
            }
        }
    }
}
