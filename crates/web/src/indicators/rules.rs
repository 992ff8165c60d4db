//! What the indicators' pages and their API share: who may see an indicator, an indicator's
//! input checked with its owner looked up in the alliance, values checked against the
//! indicator, and the series view (the seam where the statistics come in).

use crate::http::error::WebError;
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use crate::initiatives::rules::{alliance, scope, visible_by_id};
use chrono::NaiveDate;
use rygrad_domain::geo::geodata;
use rygrad_domain::indicator::{
    Frequency, IndicatorInput, IndicatorPlan, IndicatorStatus, Measurement, Period, Unit, ValueInput, due_period,
};
use rygrad_domain::indicator_stats::{ForecastPoint, StatusInput, TREND_POINTS, forecast, status, trend};
use rygrad_domain::policy::{Action, Actor, IndicatorScope, OrganisationWork, allows};
use rygrad_domain::{FieldError, FieldErrors};
use rygrad_store::indicators::{Indicator, IndicatorRefusal, StoredValue};
use rygrad_store::initiatives::Initiative;

/// A unit's name in the visitor's language; `own` names the initiative's own units.
pub(crate) fn unit_name(tr: &Tr, unit: &Unit, own: impl Fn(i64) -> Option<String>) -> String {
    match unit {
        Unit::Country => tr.t("indicator-country"),
        Unit::Municipality(code) => tr.municipality(code),
        Unit::Region(code) => geodata().region_name(code).map_or_else(|| code.clone(), str::to_owned),
        Unit::Custom(id) => own(*id).unwrap_or_else(|| id.to_string()),
    }
}

pub(crate) fn indicator_scope(i: &Initiative, indicator: &Indicator) -> IndicatorScope {
    IndicatorScope { initiative: scope(i), public: indicator.public }
}

/// The indicator as work of its owning organisation, for entering its values.
pub(crate) fn values_work(i: &Initiative, indicator: &Indicator) -> OrganisationWork {
    OrganisationWork { initiative: scope(i), organisation_id: indicator.organisation_id }
}

pub(crate) fn may_view(actor: &Actor, i: &Initiative, indicator: &Indicator) -> bool {
    allows(actor, &Action::ViewIndicator(indicator_scope(i, indicator)))
}

/// An indicator with its initiative, if the actor may see it; otherwise it is not found.
pub(crate) async fn visible_indicator(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> Result<(Initiative, Indicator), WebError> {
    let indicator = state.store.indicator(id).await?.ok_or(WebError::NotFound)?;
    let i = visible_by_id(state, actor, indicator.initiative_id).await?;
    if !may_view(actor, &i, &indicator) {
        return Err(WebError::NotFound);
    }
    Ok((i, indicator))
}

/// Validates an indicator and finds its owner among the alliance's current members: the plan
/// and the owner's id, or every field error at once.
pub(crate) async fn check_indicator(
    state: &AppState,
    initiative: &Initiative,
    input: &IndicatorInput,
) -> Result<Result<(IndicatorPlan, Option<i64>), FieldErrors>, WebError> {
    let (plan, mut errors) = match input.validate() {
        Ok(plan) => (Some(plan), FieldErrors::default()),
        Err(errors) => (None, errors),
    };
    let owner = match input.organisation.trim() {
        "" => None,
        slug => match alliance(state, initiative.row.id).await?.into_iter().find(|o| o.slug == slug) {
            Some(o) => Some(o.id),
            None => {
                let code = match state.store.organisation_by_slug(slug).await? {
                    Some(_) => "organisation-not-member",
                    None => "unknown-organisation",
                };
                errors.add("organisation", FieldError::new(code));
                None
            }
        },
    };
    Ok(match plan {
        Some(plan) if errors.is_empty() => Ok((plan, owner)),
        _ => Err(errors),
    })
}

/// The field errors of a refused save.
pub(crate) fn refusal_errors(refusal: IndicatorRefusal) -> FieldErrors {
    let mut errors = FieldErrors::default();
    match refusal {
        IndicatorRefusal::ForeignGoal => errors.add("goal_ids", FieldError::new("indicator-foreign-goal")),
        IndicatorRefusal::ValuesFixShape => errors.add("frequency", FieldError::new("indicator-values-fix-shape")),
    }
    errors
}

/// A value that cannot be written: its place in the list (from 0), the field and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ValueError {
    pub index: usize,
    pub field: &'static str,
    pub code: &'static str,
}

/// Checks values for an indicator: every unit at its geography (a custom unit must be one of
/// the initiative's own), every period of its frequency, every value a number. All the errors,
/// or the values to write.
pub(crate) async fn check_values(
    state: &AppState,
    indicator: &Indicator,
    inputs: &[ValueInput],
) -> Result<Result<Vec<Measurement>, Vec<ValueError>>, WebError> {
    let own_units: Vec<i64> =
        state.store.indicator_units_of(indicator.initiative_id).await?.into_iter().map(|u| u.id).collect();
    let mut values = Vec::with_capacity(inputs.len());
    let mut errors = Vec::new();
    for (index, input) in inputs.iter().enumerate() {
        match input.validate(indicator.geography, indicator.frequency) {
            Ok(Measurement { unit: Unit::Custom(id), .. }) if !own_units.contains(&id) => {
                errors.push(ValueError { index, field: "unit", code: "unit-unknown" })
            }
            Ok(m) => values.push(m),
            Err((field, e)) => errors.push(ValueError { index, field, code: e.code }),
        }
    }
    Ok(if errors.is_empty() { Ok(values) } else { Err(errors) })
}

/// A period and a value of the series.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SeriesPoint {
    pub period: Period,
    pub value: f64,
    pub n: Option<i64>,
    /// The 95 % interval, where the value has one (a survey's share).
    pub ci: Option<(f64, f64)>,
    /// Where the value came from (a file's name, a connector's table, `api`) and its note.
    pub source_name: String,
    pub note: String,
}

/// What a turn-the-curve chart shows for one unit.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SeriesView {
    pub points: Vec<SeriesPoint>,
    pub baseline: Option<(Period, f64)>,
    pub targets: Vec<(Period, f64)>,
    /// If nothing changes: the trend of the last points carried on with its 95 % band.
    pub forecast: Vec<ForecastPoint>,
    pub status: IndicatorStatus,
    /// The latest period whose value is due by today; an older latest value is stale.
    pub due: Period,
}

impl SeriesView {
    /// The points as (period, value) pairs, as the statistics and the charts take them.
    pub fn pairs(&self) -> Vec<(Period, f64)> {
        self.points.iter().map(|p| (p.period, p.value)).collect()
    }

    /// The points' 95 % intervals, where they have one, as the chart's whiskers take them.
    pub fn intervals(&self) -> Vec<(Period, f64, f64)> {
        self.points.iter().filter_map(|p| p.ci.map(|(low, high)| (p.period, low, high))).collect()
    }
}

/// The latest period whose value is due by `today`: the latest that has ended, allowing the
/// owner a grace period after its end to collect the figures (a week's within 14 days, a
/// month's within 30, a quarter's within 45 and a year's within 90 — by then most sources,
/// Statistics Denmark's too, have published). The dashboard's "missing" and the status's
/// staleness both use it.
pub(crate) fn due_by(frequency: Frequency, today: NaiveDate) -> Period {
    let grace = match frequency {
        Frequency::Week => 14,
        Frequency::Month => 30,
        Frequency::Quarter => 45,
        Frequency::Year => 90,
    };
    due_period(frequency, today - chrono::Duration::days(grace))
}

/// How far the forecast reaches: to the last target if that lies ahead, else a year past the
/// latest value (the horizon an alliance plans for).
fn forecast_until(last: Period, targets: &[(Period, f64)]) -> Period {
    let frequency = last.frequency();
    let year_on = Period::from_index(frequency, last.index() + frequency.per_year() as i64);
    targets.iter().map(|&(p, _)| p).filter(|p| p.frequency() == frequency).fold(year_on, |a, b| a.max(b))
}

/// The series of one unit as the chart, the table and the API show it, with the forecast of
/// its trend and its status by the indicator's rule as of `today`.
pub(crate) fn series_view(indicator: &Indicator, points: &[StoredValue], today: NaiveDate) -> SeriesView {
    let pairs: Vec<(Period, f64)> = points.iter().map(|p| (p.period, p.value)).collect();
    let due = due_by(indicator.frequency, today);
    let forecast = trend(&pairs, TREND_POINTS)
        .map(|t| forecast(&t, forecast_until(t.last, &indicator.targets)))
        .unwrap_or_default();
    let status = status(&StatusInput {
        rule: indicator.status_rule,
        direction: indicator.direction,
        noise: indicator.noise,
        baseline: indicator.baseline,
        targets: &indicator.targets,
        points: &pairs,
        due: Some(due),
    });
    SeriesView {
        points: points
            .iter()
            .map(|p| SeriesPoint {
                period: p.period,
                value: p.value,
                n: p.n,
                ci: p.ci,
                source_name: p.source_name.clone(),
                note: p.note.clone(),
            })
            .collect(),
        baseline: indicator.baseline,
        targets: indicator.targets.clone(),
        forecast,
        status,
        due,
    }
}

/// The unit an indicator is followed by at a glance (the dashboard's sparkline): the
/// initiative's first municipality for a municipal indicator, else the country.
pub(crate) fn headline_unit(initiative: &Initiative, indicator: &Indicator) -> Unit {
    match (indicator.geography, initiative.municipalities.first()) {
        (rygrad_domain::indicator::Geography::Municipality, Some(code)) => Unit::Municipality(code.clone()),
        _ => Unit::Country,
    }
}

#[cfg(test)]
mod tests {
    use crate::http::i18n::Tr;
    use rygrad_domain::format::Lang;

    /// Messages named by codes built here and by the log, which the general i18n test cannot see.
    #[test]
    fn i18n_ids_of_indicator_codes_exist() {
        for lang in [Lang::Da, Lang::En] {
            let tr = Tr::new(lang);
            for id in [
                "err-indicator-foreign-goal",
                "err-indicator-values-fix-shape",
                "err-organisation-not-member",
                "log-entity-indicator",
                "log-entity-indicator_unit",
                "log-action-values",
                "log-action-rename",
            ] {
                assert!(tr.has(id), "{id}");
            }
        }
    }
}
