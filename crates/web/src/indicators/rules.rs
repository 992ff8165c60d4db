//! What the indicators' pages and their API share: who may see an indicator, an indicator's
//! input checked with its owner looked up in the alliance, values checked against the
//! indicator, and the series view (the seam where the statistics come in).

use crate::http::error::WebError;
use crate::http::state::AppState;
use crate::initiatives::rules::{alliance, scope, visible_by_id};
use rygrad_domain::indicator::{IndicatorInput, IndicatorPlan, IndicatorStatus, Measurement, Period, Unit, ValueInput};
use rygrad_domain::policy::{Action, Actor, IndicatorScope, OrganisationWork, allows};
use rygrad_domain::{FieldError, FieldErrors};
use rygrad_store::indicators::{Indicator, IndicatorRefusal, StoredValue};
use rygrad_store::initiatives::Initiative;

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
}

/// The forecast if nothing changes: a value and its band for a coming period.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ForecastPoint {
    pub period: Period,
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

/// What a turn-the-curve chart shows for one unit.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SeriesView {
    pub points: Vec<SeriesPoint>,
    pub baseline: Option<(Period, f64)>,
    pub targets: Vec<(Period, f64)>,
    pub forecast: Vec<ForecastPoint>,
    pub status: IndicatorStatus,
}

/// The series of one unit as the chart, the table and the API show it. The seam for the
/// statistics (`rygrad_domain::indicator_stats`): the forecast is left empty and the status
/// `no_data` until they are wired in here.
pub(crate) fn series_view(indicator: &Indicator, points: &[StoredValue]) -> SeriesView {
    SeriesView {
        points: points.iter().map(|p| SeriesPoint { period: p.period, value: p.value, n: p.n }).collect(),
        baseline: indicator.baseline,
        targets: indicator.targets.clone(),
        forecast: Vec::new(),
        status: IndicatorStatus::NoData,
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
