//! The indicators in the workspace: the list, the form backbone staff define an indicator with
//! (goals, owner, baseline, targets), deleting one, the initiative's own units, and the grid
//! partners enter values in, with each value's history.

use super::api::{current_input, owners};
use super::rules::{
    check_indicator, headline_unit, refusal_errors, series_view, unit_name, values_work, visible_indicator,
};
use crate::http::error::WebError;
use crate::http::form::{CsrfForm, FormView, NoFields};
use crate::http::page::{Page, flash_redirect, form_error, render};
use crate::http::state::AppState;
use crate::initiatives::pages::audit_actor;
use crate::initiatives::rules::{alliance, scope, visible};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use rygrad_domain::format;
use rygrad_domain::geo::geodata;
use rygrad_domain::indicator::{
    Direction, Frequency, Geography, IndicatorInput, Measurement, Period, PointInput, StatusRule, Unit, ValueSource,
    due_period, parse_value,
};
use rygrad_domain::policy::Action;
use rygrad_domain::{FieldError, FieldErrors};
use rygrad_store::goals::Goal;
use rygrad_store::indicators::{Indicator, IndicatorUnit, Provenance, StoredValue};
use rygrad_store::initiatives::Initiative;
use rygrad_store::organisations::Organisation;
use std::collections::HashMap;
use tower_sessions::Session;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/initiativer/{slug}/indikatorer", get(list))
        .route("/initiativer/{slug}/indikatorer/ny", get(new_form).post(create))
        .route("/initiativer/{slug}/indikatorer/{id}/rediger", get(edit_form).post(update))
        .route("/initiativer/{slug}/indikatorer/{id}/slet", get(confirm_delete).post(delete))
        .route("/initiativer/{slug}/indikatorer/{id}/tal", get(grid).post(save_grid))
        .route("/initiativer/{slug}/indikatorer/{id}/tal/{unit}/{period}", get(history))
        .route("/initiativer/{slug}/enheder", get(units).post(add_unit))
        .route("/initiativer/{slug}/enheder/{id}", post(rename_unit))
}

/// Blank target rows the form offers beyond the targets set (no script adds rows).
const BLANK_TARGETS: usize = 3;

/// Periods the grid shows at a time.
const GRID_PERIODS: i64 = 8;

/// A value as a form shows it for editing: in full, with the language's decimal mark.
fn typed(page: &Page, value: f64) -> String {
    let text = value.to_string();
    if page.tr.lang == format::Lang::Da { text.replace('.', ",") } else { text }
}

fn shown(page: &Page, indicator: &Indicator, value: f64) -> String {
    format::number(page.tr.lang, value, indicator.decimals as usize)
}

/// The indicator at `id` of the initiative at `slug`, if the actor may see it.
async fn indicator_at(state: &AppState, page: &Page, slug: &str, id: i64) -> Result<(Initiative, Indicator), WebError> {
    let (initiative, indicator) = visible_indicator(state, &page.actor, id).await?;
    if initiative.row.slug != slug {
        return Err(WebError::NotFound);
    }
    Ok((initiative, indicator))
}

// ---------------------------------------------------------------- the list

struct ListRow {
    indicator: Indicator,
    owner: Option<String>,
    goals: Vec<String>,
    /// The headline unit's latest value, with its period.
    latest: Option<(String, String)>,
    status: &'static str,
    may_enter: bool,
}

#[derive(Template)]
#[template(path = "indicators/list.html")]
struct ListPage {
    page: Page,
    initiative: Initiative,
    rows: Vec<ListRow>,
    can_manage: bool,
}

async fn list(State(state): State<AppState>, page: Page, Path(slug): Path<String>) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    let goals: HashMap<i64, String> =
        state.store.goals_of(initiative.row.id).await?.into_iter().map(|g| (g.id, g.title)).collect();
    let names: HashMap<i64, String> =
        alliance(&state, initiative.row.id).await?.into_iter().map(|o| (o.id, o.name)).collect();
    let mut rows = Vec::new();
    for indicator in state.store.indicators_of(initiative.row.id).await? {
        if !super::rules::may_view(&page.actor, &initiative, &indicator) {
            continue;
        }
        let owner = match indicator.organisation_id {
            Some(id) => match names.get(&id) {
                Some(name) => Some(name.clone()),
                None => state.store.organisation(id).await?.map(|o| o.name),
            },
            None => None,
        };
        let points = state.store.indicator_series(&indicator, &headline_unit(&initiative, &indicator)).await?;
        let status = series_view(&indicator, &points, crate::http::today()).status.code();
        let latest = points.last().map(|p| (shown(&page, &indicator, p.value), p.period.code()));
        rows.push(ListRow {
            owner,
            goals: indicator.goal_ids.iter().filter_map(|id| goals.get(id).cloned()).collect(),
            latest,
            status,
            may_enter: page.can(&Action::EnterIndicatorValues(values_work(&initiative, &indicator))),
            indicator,
        });
    }
    let can_manage = page.can(&Action::ManageIndicators(scope(&initiative)));
    render(ListPage { page, initiative, rows, can_manage })
}

// ---------------------------------------------------------------- the definition form

/// The form as typed: every number as text, so that nothing typed is lost; targets as rows.
#[derive(serde::Deserialize, serde::Serialize, Default)]
struct IndicatorForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    definition: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    direction: String,
    #[serde(default)]
    frequency: String,
    #[serde(default)]
    geography: String,
    #[serde(default)]
    decimals: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    goal_ids: Vec<String>,
    #[serde(default)]
    baseline_period: String,
    #[serde(default)]
    baseline_value: String,
    #[serde(default)]
    target_period: Vec<String>,
    #[serde(default)]
    target_value: Vec<String>,
    #[serde(default)]
    status_rule: String,
    #[serde(default)]
    noise: String,
    #[serde(default)]
    public: String,
}

/// A period and a value typed in two fields: none when both are blank.
fn point(period: &str, value: &str) -> Result<Option<PointInput>, FieldError> {
    match (period.trim(), parse_value(value)?) {
        ("", None) => Ok(None),
        ("", Some(_)) => Err(FieldError::new("period-missing")),
        (_, None) => Err(FieldError::new("number-invalid")),
        (period, Some(value)) => Ok(Some(PointInput { period: period.to_owned(), value })),
    }
}

impl IndicatorForm {
    fn of(page: &Page, input: IndicatorInput) -> Self {
        let (baseline_period, baseline_value) =
            input.baseline.map(|p| (p.period, typed(page, p.value))).unwrap_or_default();
        IndicatorForm {
            name: input.name,
            definition: input.definition,
            unit: input.unit,
            direction: input.direction,
            frequency: input.frequency,
            geography: input.geography,
            decimals: input.decimals.map(|d| d.to_string()).unwrap_or_default(),
            source: input.source,
            organisation: input.organisation,
            goal_ids: input.goal_ids.iter().map(i64::to_string).collect(),
            baseline_period,
            baseline_value,
            target_period: input.targets.iter().map(|t| t.period.clone()).collect(),
            target_value: input.targets.iter().map(|t| typed(page, t.value)).collect(),
            status_rule: input.status_rule,
            noise: input.noise.filter(|n| *n != 0.0).map(|n| typed(page, n)).unwrap_or_default(),
            public: if input.public { "1".into() } else { String::new() },
        }
    }

    /// The input the form stands for, and the errors of the fields that are no number or
    /// period at all.
    fn input(&self) -> (IndicatorInput, FieldErrors) {
        let mut errors = FieldErrors::default();
        let decimals = match self.decimals.trim() {
            "" => None,
            d => errors.take("decimals", d.parse::<u8>().map_err(|_| FieldError::new("number-invalid"))),
        };
        let noise = errors.take("noise", parse_value(&self.noise)).flatten();
        let baseline = errors.take("baseline", point(&self.baseline_period, &self.baseline_value)).flatten();
        let mut targets = Vec::new();
        for (index, period) in self.target_period.iter().enumerate() {
            let value = self.target_value.get(index).map_or("", String::as_str);
            if let Some(Some(target)) = errors.take("targets", point(period, value)) {
                targets.push(target);
            }
        }
        let mut goal_ids = Vec::new();
        for id in &self.goal_ids {
            if let Some(id) = errors.take("goal_ids", id.parse().map_err(|_| FieldError::new("indicator-foreign-goal")))
            {
                goal_ids.push(id);
            }
        }
        let input = IndicatorInput {
            name: self.name.clone(),
            definition: self.definition.clone(),
            unit: self.unit.clone(),
            direction: self.direction.clone(),
            frequency: self.frequency.clone(),
            geography: self.geography.clone(),
            decimals,
            source: self.source.clone(),
            organisation: self.organisation.clone(),
            goal_ids,
            baseline,
            targets,
            status_rule: self.status_rule.clone(),
            noise,
            public: self.public == "1",
        };
        (input, errors)
    }
}

#[derive(Template)]
#[template(path = "indicators/form.html")]
struct FormPage {
    page: Page,
    initiative: Initiative,
    form: FormView,
    action: String,
    heading: String,
    goals: Vec<Goal>,
    organisations: Vec<Organisation>,
    /// Period and value of each target row, blank rows last.
    targets: Vec<(String, String)>,
    /// The fields chosen from a list, with their choices.
    selects: Vec<(&'static str, Vec<&'static str>)>,
    checked_goals: Vec<String>,
}

impl FormPage {
    fn has_goal(&self, id: &i64) -> bool {
        self.checked_goals.contains(&id.to_string())
    }
}

async fn form_page(
    state: &AppState,
    page: Page,
    initiative: Initiative,
    existing: Option<&Indicator>,
    form: &IndicatorForm,
    errors: &FieldErrors,
) -> Result<FormPage, WebError> {
    let slug = &initiative.row.slug;
    let (action, heading) = match existing {
        None => (format!("/initiativer/{slug}/indikatorer/ny"), page.t("indicator-new")),
        Some(x) => (
            format!("/initiativer/{slug}/indikatorer/{}/rediger", x.id),
            page.tr.t1("indicator-edit-title", "name", &x.name),
        ),
    };
    let mut targets: Vec<(String, String)> = form
        .target_period
        .iter()
        .enumerate()
        .map(|(i, p)| (p.clone(), form.target_value.get(i).cloned().unwrap_or_default()))
        .filter(|(p, v)| !p.trim().is_empty() || !v.trim().is_empty())
        .collect();
    targets.extend(std::iter::repeat_n((String::new(), String::new()), BLANK_TARGETS));
    Ok(FormPage {
        form: FormView::new(form, errors, &page.tr),
        action,
        heading,
        goals: state.store.goals_of(initiative.row.id).await?,
        organisations: alliance(state, initiative.row.id).await?,
        targets,
        selects: vec![
            ("direction", Direction::ALL.iter().map(|d| d.code()).collect()),
            ("frequency", Frequency::ALL.iter().map(|f| f.code()).collect()),
            ("geography", Geography::ALL.iter().map(|g| g.code()).collect()),
            ("status_rule", StatusRule::ALL.iter().map(|r| r.code()).collect()),
        ],
        checked_goals: form.goal_ids.clone(),
        page,
        initiative,
    })
}

/// Saves the form as a new indicator or over `existing`: the indicator, or every error.
async fn save(
    state: &AppState,
    page: &Page,
    initiative: &Initiative,
    existing: Option<&Indicator>,
    form: &IndicatorForm,
) -> Result<Result<Indicator, FieldErrors>, WebError> {
    let (input, mut errors) = form.input();
    let (plan, owner) = match check_indicator(state, initiative, &input).await? {
        Ok(checked) if errors.is_empty() => checked,
        Ok(_) => return Ok(Err(errors)),
        Err(more) => {
            for (field, code) in more.iter() {
                errors.add(field, FieldError::new(code));
            }
            return Ok(Err(errors));
        }
    };
    let by = audit_actor(page);
    let saved = match existing {
        None => state.store.create_indicator(initiative.row.id, &plan, owner, &by).await?,
        Some(x) => state.store.update_indicator(x.id, &plan, owner, &by).await?,
    };
    Ok(saved.map_err(refusal_errors))
}

async fn new_form(State(state): State<AppState>, page: Page, Path(slug): Path<String>) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    page.require(&Action::ManageIndicators(scope(&initiative)))?;
    let form = IndicatorForm { decimals: "1".into(), ..Default::default() };
    render(form_page(&state, page, initiative, None, &form, &FieldErrors::default()).await?)
}

async fn create(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(slug): Path<String>,
    CsrfForm(form): CsrfForm<IndicatorForm>,
) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    page.require(&Action::ManageIndicators(scope(&initiative)))?;
    match save(&state, &page, &initiative, None, &form).await? {
        Ok(_) => flash_redirect(&session, page.t("indicator-added"), &format!("/initiativer/{slug}/indikatorer")).await,
        Err(errors) => form_error(form_page(&state, page, initiative, None, &form, &errors).await?),
    }
}

async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let (initiative, indicator) = indicator_at(&state, &page, &slug, id).await?;
    page.require(&Action::ManageIndicators(scope(&initiative)))?;
    let owners = owners(&state, &initiative, std::slice::from_ref(&indicator)).await?;
    let form = IndicatorForm::of(&page, current_input(&indicator, &owners));
    render(form_page(&state, page, initiative, Some(&indicator), &form, &FieldErrors::default()).await?)
}

async fn update(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<IndicatorForm>,
) -> Result<Response, WebError> {
    let (initiative, indicator) = indicator_at(&state, &page, &slug, id).await?;
    page.require(&Action::ManageIndicators(scope(&initiative)))?;
    match save(&state, &page, &initiative, Some(&indicator), &form).await? {
        Ok(_) => flash_redirect(&session, page.t("saved"), &format!("/initiativer/{slug}/indikatorer")).await,
        Err(errors) => form_error(form_page(&state, page, initiative, Some(&indicator), &form, &errors).await?),
    }
}

#[derive(Template)]
#[template(path = "indicators/delete.html")]
struct DeletePage {
    page: Page,
    initiative: Initiative,
    indicator: Indicator,
}

async fn confirm_delete(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let (initiative, indicator) = indicator_at(&state, &page, &slug, id).await?;
    page.require(&Action::ManageIndicators(scope(&initiative)))?;
    render(DeletePage { page, initiative, indicator })
}

async fn delete(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, WebError> {
    let (initiative, indicator) = indicator_at(&state, &page, &slug, id).await?;
    page.require(&Action::ManageIndicators(scope(&initiative)))?;
    state.store.delete_indicator(indicator.id, &audit_actor(&page)).await?;
    let message = page.tr.t1("indicator-deleted", "name", &indicator.name);
    flash_redirect(&session, message, &format!("/initiativer/{slug}/indikatorer")).await
}

// ---------------------------------------------------------------- the initiative's own units

#[derive(Template)]
#[template(path = "indicators/units.html")]
struct UnitsPage {
    page: Page,
    initiative: Initiative,
    units: Vec<IndicatorUnit>,
    add_form: FormView,
    /// A refused rename: the unit, what was typed and why.
    rename_error: Option<(i64, String, String)>,
}

impl UnitsPage {
    /// The name a unit's rename field shows: what was typed when the rename was refused.
    fn name_of(&self, unit: &IndicatorUnit) -> String {
        match &self.rename_error {
            Some((id, typed, _)) if *id == unit.id => typed.clone(),
            _ => unit.name.clone(),
        }
    }

    fn error_of(&self, id: &i64) -> Option<&str> {
        self.rename_error.as_ref().filter(|(unit, _, _)| unit == id).map(|(_, _, message)| message.as_str())
    }
}

async fn managed(state: &AppState, page: &Page, slug: &str) -> Result<Initiative, WebError> {
    let initiative = visible(state, &page.actor, slug).await?;
    page.require(&Action::ManageIndicators(scope(&initiative)))?;
    Ok(initiative)
}

/// The indicator of `slug` with id `id`, if the page's person may manage it (the pages of its
/// connector and of its survey link).
pub(super) async fn managed_indicator(
    state: &AppState,
    page: &Page,
    slug: &str,
    id: i64,
) -> Result<(Initiative, Indicator), WebError> {
    let (initiative, indicator) = super::rules::visible_indicator(state, &page.actor, id).await?;
    if initiative.row.slug != slug {
        return Err(WebError::NotFound);
    }
    page.require(&Action::ManageIndicators(scope(&initiative)))?;
    Ok((initiative, indicator))
}

async fn units_page(
    state: &AppState,
    page: Page,
    initiative: Initiative,
    add_form: FormView,
    rename_error: Option<(i64, String, String)>,
) -> Result<UnitsPage, WebError> {
    let units = state.store.indicator_units_of(initiative.row.id).await?;
    Ok(UnitsPage { page, initiative, units, add_form, rename_error })
}

async fn units(State(state): State<AppState>, page: Page, Path(slug): Path<String>) -> Result<Response, WebError> {
    let initiative = managed(&state, &page, &slug).await?;
    render(units_page(&state, page, initiative, FormView::empty(), None).await?)
}

#[derive(serde::Deserialize, serde::Serialize)]
struct UnitForm {
    #[serde(default)]
    name: String,
}

/// A unit name checked and saved with `save`: the errors to show, if any.
async fn save_unit(
    form: &UnitForm,
    save: impl AsyncFnOnce(String) -> Result<IndicatorUnit, rygrad_store::StoreError>,
) -> Result<Result<IndicatorUnit, FieldErrors>, WebError> {
    let input = rygrad_domain::indicator::IndicatorUnitInput { name: form.name.clone() };
    crate::http::form::save_form(input.validate(), save).await
}

async fn add_unit(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(slug): Path<String>,
    CsrfForm(form): CsrfForm<UnitForm>,
) -> Result<Response, WebError> {
    let initiative = managed(&state, &page, &slug).await?;
    let by = audit_actor(&page);
    let saved =
        save_unit(&form, async |name| state.store.create_indicator_unit(initiative.row.id, &name, &by).await).await?;
    match saved {
        Ok(unit) => {
            let message = page.tr.t1("indicator-unit-added", "name", &unit.name);
            flash_redirect(&session, message, &format!("/initiativer/{slug}/enheder")).await
        }
        Err(errors) => {
            let add_form = FormView::new(&form, &errors, &page.tr);
            form_error(units_page(&state, page, initiative, add_form, None).await?)
        }
    }
}

async fn rename_unit(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<UnitForm>,
) -> Result<Response, WebError> {
    let initiative = managed(&state, &page, &slug).await?;
    state.store.indicator_unit(id).await?.filter(|u| u.initiative_id == initiative.row.id).ok_or(WebError::NotFound)?;
    let by = audit_actor(&page);
    match save_unit(&form, async |name| state.store.rename_indicator_unit(id, &name, &by).await).await? {
        Ok(_) => flash_redirect(&session, page.t("saved"), &format!("/initiativer/{slug}/enheder")).await,
        Err(errors) => {
            let message = errors.get("name").map(|code| page.t(format!("err-{code}"))).unwrap_or_default();
            form_error(units_page(&state, page, initiative, FormView::empty(), Some((id, form.name, message))).await?)
        }
    }
}

// ---------------------------------------------------------------- the grid of values

/// The units an indicator's values are entered for: the initiative's municipalities (or
/// their regions) and the country, or the initiative's own units.
fn grid_units(initiative: &Initiative, indicator: &Indicator, own: &[IndicatorUnit]) -> Vec<Unit> {
    let mut units: Vec<Unit> = match indicator.geography {
        Geography::Country => Vec::new(),
        Geography::Municipality => initiative.municipalities.iter().cloned().map(Unit::Municipality).collect(),
        Geography::Region => initiative
            .municipalities
            .iter()
            .filter_map(|code| geodata().municipality(code))
            .map(|m| Unit::Region(m.region_code.clone()))
            .collect(),
        Geography::Custom => own.iter().map(|u| Unit::Custom(u.id)).collect(),
    };
    units.sort();
    units.dedup();
    if indicator.geography != Geography::Custom {
        units.push(Unit::Country);
    }
    units
}

struct GridCell {
    period: String,
    /// The field names of the value and its note.
    value_name: String,
    note_name: String,
    value: String,
    note: String,
    error: Option<String>,
    /// Whether a value is stored (its history is linked).
    stored: bool,
}

struct GridRow {
    key: String,
    name: String,
    cells: Vec<GridCell>,
}

#[derive(Template)]
#[template(path = "indicators/grid.html")]
struct GridPage {
    page: Page,
    initiative: Initiative,
    indicator: Indicator,
    periods: Vec<String>,
    rows: Vec<GridRow>,
    /// The last period shown, sent back with the form.
    until: String,
    earlier: String,
    later: Option<String>,
    has_errors: bool,
}

#[derive(serde::Deserialize, Default)]
struct GridQuery {
    /// `?til=2024` ends the columns at that period.
    #[serde(default)]
    til: String,
}

/// The periods shown, oldest first, ending at `until` (the period due now unless given).
fn grid_periods(indicator: &Indicator, until: &str) -> Vec<Period> {
    let due = due_period(indicator.frequency, crate::http::today());
    let last = Period::parse_for(until, indicator.frequency).unwrap_or(due);
    (0..GRID_PERIODS).rev().map(|back| Period::from_index(indicator.frequency, last.index() - back)).collect()
}

fn field_names(unit: &Unit, period: Period) -> (String, String) {
    (format!("v-{}-{}", unit.key(), period.code()), format!("n-{}-{}", unit.key(), period.code()))
}

/// What a grid form sent: the typed value and note of each field, and errors by field name.
type Typed = HashMap<String, String>;

async fn grid_page(
    state: &AppState,
    page: Page,
    initiative: Initiative,
    indicator: Indicator,
    until: &str,
    typed_in: Option<(&Typed, &HashMap<String, String>)>,
) -> Result<GridPage, WebError> {
    let own = state.store.indicator_units_of(initiative.row.id).await?;
    let periods = grid_periods(&indicator, until);
    let mut rows = Vec::new();
    for unit in grid_units(&initiative, &indicator, &own) {
        let stored: HashMap<Period, StoredValue> =
            state.store.indicator_series(&indicator, &unit).await?.into_iter().map(|v| (v.period, v)).collect();
        let cells = periods
            .iter()
            .map(|period| {
                let (value_name, note_name) = field_names(&unit, *period);
                let value = stored.get(period);
                let (value_text, note) = match typed_in {
                    Some((typed, _)) => (
                        typed.get(&value_name).cloned().unwrap_or_default(),
                        typed.get(&note_name).cloned().unwrap_or_default(),
                    ),
                    None => (
                        value.map(|v| typed(&page, v.value)).unwrap_or_default(),
                        value.map(|v| v.note.clone()).unwrap_or_default(),
                    ),
                };
                GridCell {
                    period: period.code(),
                    error: typed_in.and_then(|(_, errors)| errors.get(&value_name).cloned()),
                    value: value_text,
                    note,
                    stored: value.is_some(),
                    value_name,
                    note_name,
                }
            })
            .collect();
        rows.push(GridRow {
            key: unit.key(),
            name: unit_name(&page.tr, &unit, |id| own.iter().find(|u| u.id == id).map(|u| u.name.clone())),
            cells,
        });
    }
    let first = periods[0];
    let last = periods[periods.len() - 1];
    let due = due_period(indicator.frequency, crate::http::today());
    let earlier = Period::from_index(indicator.frequency, first.index() - 1).code();
    let later = (last < due)
        .then(|| Period::from_index(indicator.frequency, (last.index() + GRID_PERIODS).min(due.index())).code());
    Ok(GridPage {
        periods: periods.iter().map(|p| p.code()).collect(),
        until: last.code(),
        earlier,
        later,
        has_errors: typed_in.is_some_and(|(_, errors)| !errors.is_empty()),
        rows,
        page,
        initiative,
        indicator,
    })
}

/// The indicator whose values the actor may enter.
async fn enterable(state: &AppState, page: &Page, slug: &str, id: i64) -> Result<(Initiative, Indicator), WebError> {
    let (initiative, indicator) = indicator_at(state, page, slug, id).await?;
    page.require(&Action::EnterIndicatorValues(values_work(&initiative, &indicator)))?;
    Ok((initiative, indicator))
}

async fn grid(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<GridQuery>,
) -> Result<Response, WebError> {
    let (initiative, indicator) = enterable(&state, &page, &slug, id).await?;
    render(grid_page(&state, page, initiative, indicator, &query.til, None).await?)
}

/// Saves the cells that changed (a value or its note) with the form as their source. A stored
/// value is not removed by emptying its cell: that is an error beside the cell.
async fn save_grid(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(typed_in): CsrfForm<Typed>,
) -> Result<Response, WebError> {
    let (initiative, indicator) = enterable(&state, &page, &slug, id).await?;
    let until = typed_in.get("til").cloned().unwrap_or_default();
    let own = state.store.indicator_units_of(initiative.row.id).await?;
    let periods = grid_periods(&indicator, &until);
    let mut changed = Vec::new();
    let mut errors: HashMap<String, String> = HashMap::new();
    for unit in grid_units(&initiative, &indicator, &own) {
        let stored: HashMap<Period, StoredValue> =
            state.store.indicator_series(&indicator, &unit).await?.into_iter().map(|v| (v.period, v)).collect();
        for period in &periods {
            let (value_name, note_name) = field_names(&unit, *period);
            let value = typed_in.get(&value_name).map_or("", String::as_str);
            let note = typed_in.get(&note_name).map_or("", |n| n.trim());
            let old = stored.get(period);
            let checked = parse_value(value).and_then(|v| {
                let note = rygrad_domain::text::optional_line(note, 500)?.unwrap_or_default();
                Ok((v, note))
            });
            let code = match (checked, old) {
                (Err(e), _) => Some(e.code),
                (Ok((None, _)), Some(_)) => Some("indicator-value-cleared"),
                (Ok((None, note)), None) if !note.is_empty() => Some("indicator-note-without-value"),
                (Ok((None, _)), None) => None,
                (Ok((Some(v), note)), old) => {
                    if old.is_none_or(|o| o.value != v || o.note != note) {
                        changed.push(Measurement { unit: unit.clone(), period: *period, value: v, note, sample: None });
                    }
                    None
                }
            };
            if let Some(code) = code {
                errors.insert(value_name, page.t(format!("err-{code}")));
            }
        }
    }
    if !errors.is_empty() {
        return form_error(grid_page(&state, page, initiative, indicator, &until, Some((&typed_in, &errors))).await?);
    }
    let entered_by = page.user.as_ref().map(|u| u.id);
    let provenance = Provenance { source: ValueSource::Form, source_name: String::new(), entered_by };
    let counts = state.store.apply_import(&indicator, &changed, &provenance, &audit_actor(&page)).await?;
    let message = page.tr.count("indicator-values-saved", counts.imported as i64);
    flash_redirect(&session, message, &format!("/initiativer/{slug}/indikatorer/{id}/tal?til={until}")).await
}

// ---------------------------------------------------------------- one value's history

struct HistoryLine {
    value: String,
    note: String,
    how: String,
    who: String,
    when: String,
    replaced: Option<String>,
}

#[derive(Template)]
#[template(path = "indicators/history.html")]
struct HistoryPage {
    page: Page,
    initiative: Initiative,
    indicator: Indicator,
    unit_name: String,
    period: String,
    lines: Vec<HistoryLine>,
}

async fn history(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id, unit, period)): Path<(String, i64, String, String)>,
) -> Result<Response, WebError> {
    let (initiative, indicator) = enterable(&state, &page, &slug, id).await?;
    let unit = Unit::parse_key(&unit, indicator.geography).map_err(|_| WebError::NotFound)?;
    let period = Period::parse_for(&period, indicator.frequency).map_err(|_| WebError::NotFound)?;
    let own = state.store.indicator_units_of(initiative.row.id).await?;
    let current = state.store.indicator_series(&indicator, &unit).await?.into_iter().find(|v| v.period == period);
    let older = state.store.indicator_value_history(&indicator, &unit, period).await?;
    let mut lines = Vec::new();
    let mut names: HashMap<i64, String> = HashMap::new();
    let entries =
        current.into_iter().map(|v| (v, None)).chain(older.into_iter().map(|h| (h.value, Some(h.replaced_at))));
    for (value, replaced_at) in entries {
        let who = match value.entered_by {
            Some(user) => match names.get(&user) {
                Some(name) => name.clone(),
                None => {
                    let name = state.store.user_by_id(user).await?.map(|u| u.name).unwrap_or_default();
                    names.insert(user, name.clone());
                    name
                }
            },
            None => String::new(),
        };
        let how = page.t(format!("indicator-source-{}", value.source.code()));
        lines.push(HistoryLine {
            value: shown(&page, &indicator, value.value),
            note: value.note,
            how: if value.source_name.is_empty() { how } else { format!("{how} ({})", value.source_name) },
            who,
            when: format::date_time(page.tr.lang, value.entered_at),
            replaced: replaced_at.map(|t| format::date_time(page.tr.lang, t)),
        });
    }
    if lines.is_empty() {
        return Err(WebError::NotFound);
    }
    let unit_name = unit_name(&page.tr, &unit, |id| own.iter().find(|u| u.id == id).map(|u| u.name.clone()));
    render(HistoryPage { page, initiative, indicator, unit_name, period: period.code(), lines })
}
