//! The turn-the-curve page of an indicator and its downloads: the chart of one unit with the
//! same figures as a table, its status by the indicator's rule, the chain goal → indicator, the
//! small multiples of every unit and the map of one period; the chart as SVG and the data as
//! CSV (Danish) and JSON. Public indicators are open to anyone; others 404 for outsiders.

use super::api::SeriesOut;
use super::chart::{self, CurveLabels, CurveSpec, MapLabels, MapSpec};
use super::rules::{SeriesView, headline_unit, may_view, series_view, unit_name, visible_indicator};
use crate::http::error::WebError;
use crate::http::export::{self, attachment};
use crate::http::i18n::Tr;
use crate::http::page::{Page, render};
use crate::http::security::Frameable;
use crate::http::state::AppState;
use crate::initiatives::rules::scope;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use rygrad_domain::format::{self, Lang};
use rygrad_domain::indicator::{Frequency, Geography, IndicatorStatus, Period, Unit};
use rygrad_domain::indicator_stats::{Change, target_path};
use rygrad_domain::policy::{Action, Actor};
use rygrad_store::activities::ActivityFilter;
use rygrad_store::goals::Goal;
use rygrad_store::indicators::Indicator;
use rygrad_store::initiatives::Initiative;
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/initiativer/{slug}/indikatorer/{id}", get(show))
        .route("/initiativer/{slug}/indikatorer/{id}/graf.svg", get(chart_svg))
        .route("/initiativer/{slug}/indikatorer/{id}/graf.png", get(chart_png))
        .route("/initiativer/{slug}/indikatorer/{id}/data.csv", get(data_csv))
        .route("/initiativer/{slug}/indikatorer/{id}/data.xlsx", get(data_xlsx))
        .route("/initiativer/{slug}/indikatorer/{id}/data.json", get(data_json))
        .route("/initiativer/{slug}/indikatorer/{id}/indlejr", get(embed))
}

/// At most this many activities per goal on the page; the catalogue, filtered by goal, has all.
const ACTIVITIES_SHOWN: u64 = 20;

/// The periods the chart and its table span up to the latest unless the whole course is asked
/// for: a weekly series of decades would be a table of a thousand rows.
fn chart_span(frequency: Frequency) -> i64 {
    match frequency {
        Frequency::Year => 200,
        Frequency::Quarter => 80,
        Frequency::Month => 120,
        Frequency::Week => 260,
    }
}

/// The periods the small multiples span up to the latest: enough to see a course, few enough
/// for a hundred small charts on one page (the unit's own chart and the downloads have all).
fn multiples_span(frequency: Frequency) -> i64 {
    match frequency {
        Frequency::Year => 20,
        Frequency::Quarter => 40,
        Frequency::Month => 60,
        Frequency::Week => 52,
    }
}

/// An indicator of the initiative named in the URL, if the visitor may see it.
async fn load(state: &AppState, page: &Page, slug: &str, id: i64) -> Result<(Initiative, Indicator), WebError> {
    let (i, indicator) = visible_indicator(state, &page.actor, id).await?;
    if i.row.slug != slug {
        return Err(WebError::NotFound);
    }
    Ok((i, indicator))
}

#[derive(serde::Deserialize, Default)]
struct ResultsQuery {
    /// The unit shown: `DK`, a region or municipality code or a custom unit's id.
    #[serde(default)]
    enhed: String,
    /// The period of the map.
    #[serde(default)]
    periode: String,
    /// `alle`: the whole course rather than the recent periods.
    #[serde(default)]
    vis: String,
}

/// A unit with its name, for the picker and the small multiples.
struct UnitChoice {
    key: String,
    name: String,
}

/// The units to choose from: the initiative's municipalities (for a municipal indicator) and
/// the units with values in the recent span (`with_values`; one with older values only is still
/// shown when asked for by the URL, and the downloads have it).
async fn unit_choices(
    state: &AppState,
    tr: &Tr,
    i: &Initiative,
    indicator: &Indicator,
    with_values: impl IntoIterator<Item = Unit>,
) -> Result<(Vec<Unit>, HashMap<i64, String>), WebError> {
    let own: HashMap<i64, String> =
        state.store.indicator_units_of(i.row.id).await?.into_iter().map(|u| (u.id, u.name)).collect();
    let mut units = Vec::new();
    if indicator.geography == Geography::Municipality {
        units.extend(i.municipalities.iter().cloned().map(Unit::Municipality));
    }
    for unit in with_values {
        if !units.contains(&unit) {
            units.push(unit);
        }
    }
    units.sort_by_key(|u| (*u != Unit::Country, unit_name(tr, u, |id| own.get(&id).cloned())));
    Ok((units, own))
}

/// The unit asked for, if it fits the indicator, else the headline unit.
fn chosen_unit(i: &Initiative, indicator: &Indicator, key: &str) -> Unit {
    Unit::parse_key(key, indicator.geography).unwrap_or_else(|_| headline_unit(i, indicator))
}

/// One period in the table: measured, aimed for or forecast.
struct Row {
    period: String,
    value: Option<String>,
    n: Option<i64>,
    /// The 95 % interval, "24,1–38,0".
    ci: Option<String>,
    /// Where the value came from, and its note.
    source: String,
    /// `better`, `worse` or `within_noise` against the previous value.
    change: Option<Change>,
    target: Option<String>,
    forecast: Option<String>,
}

/// The rows of the table: every period measured, targeted or forecast, in time order.
fn rows(lang: Lang, indicator: &Indicator, view: &SeriesView) -> Vec<Row> {
    let decimals = usize::from(indicator.decimals);
    let number = |v: f64| format::number(lang, v, decimals);
    let mut periods: Vec<Period> = view.points.iter().map(|p| p.period).collect();
    periods.extend(view.targets.iter().map(|&(p, _)| p));
    periods.extend(view.forecast.iter().map(|f| f.period));
    periods.sort_by_key(|p| p.index());
    periods.dedup();
    let mut previous: Option<f64> = None;
    periods
        .into_iter()
        .map(|period| {
            let point = view.points.iter().find(|p| p.period == period);
            let change = match (previous, point) {
                (Some(from), Some(p)) => Some(Change::between(from, p.value, indicator.direction, indicator.noise)),
                _ => None,
            };
            if let Some(p) = point {
                previous = Some(p.value);
            }
            let forecast = view
                .forecast
                .iter()
                .find(|f| f.period == period)
                .map(|f| format!("{} ({}–{})", number(f.value), number(f.low), number(f.high)));
            Row {
                period: period.code(),
                value: point.map(|p| number(p.value)),
                n: point.and_then(|p| p.n),
                ci: point.and_then(|p| p.ci).map(|(low, high)| format!("{}–{}", number(low), number(high))),
                source: point
                    .map(|p| {
                        [p.source_name.as_str(), p.note.as_str()]
                            .into_iter()
                            .filter(|t| !t.is_empty())
                            .collect::<Vec<_>>()
                            .join(": ")
                    })
                    .unwrap_or_default(),
                change,
                target: target_path(view.baseline, &view.targets, period).map(number),
                forecast,
            }
        })
        .collect()
}

/// The chart's texts in the visitor's language.
fn curve_labels(tr: &Tr, indicator: &Indicator, view: &SeriesView, unit_name: &str) -> CurveLabels {
    let span = match (view.points.first(), view.points.last()) {
        (Some(a), Some(b)) => format!("{}–{}", a.period.code(), b.period.code()),
        _ => tr.t("indr-no-values"),
    };
    CurveLabels {
        description: tr.with("indr-chart-description", &[("unit", unit_name.to_owned()), ("span", span)]),
        measured: tr.t("indr-measured"),
        baseline: tr.t("indr-baseline"),
        target: tr.t("indr-target"),
        forecast: tr.t("indr-forecast"),
        interval: tr.t("indr-interval"),
        source: if indicator.source.is_empty() {
            String::new()
        } else {
            tr.t1("indr-source", "source", &indicator.source)
        },
    }
}

fn curve(tr: &Tr, indicator: &Indicator, view: &SeriesView, unit_name: &str) -> String {
    let labels = curve_labels(tr, indicator, view, unit_name);
    chart::turn_the_curve(&CurveSpec {
        id: "curve",
        name: &indicator.name,
        unit: &indicator.unit,
        lang: tr.lang,
        decimals: usize::from(indicator.decimals),
        points: &view.pairs(),
        intervals: &view.intervals(),
        baseline: view.baseline,
        targets: &view.targets,
        forecast: &view.forecast,
        labels: &labels,
    })
}

#[derive(Template)]
#[template(path = "indicators/series.html")]
struct SeriesPage {
    page: Page,
    initiative: Initiative,
    indicator: Indicator,
    units: Vec<UnitChoice>,
    unit: UnitChoice,
    chart: String,
    rows: Vec<Row>,
    status: IndicatorStatus,
    baseline: Option<String>,
    targets: Vec<(String, String)>,
    owner: Option<String>,
    goals: Vec<Goal>,
    /// Activities serving those goals: id and title.
    activities: Vec<(i64, String)>,
    multiples: Vec<String>,
    map: Option<String>,
    map_period: Option<String>,
    map_rows: Vec<(String, String)>,
    base: String,
    /// The `<iframe>` to copy, for an indicator the public may see.
    embed: Option<String>,
    /// The first period shown, when the course goes back further.
    earlier: Option<String>,
    /// Whether the visitor may manage the indicator (link it to a survey).
    can_manage: bool,
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<ResultsQuery>,
) -> Result<Response, WebError> {
    let (i, indicator) = load(&state, &page, &slug, id).await?;
    let tr = page.tr;
    let decimals = usize::from(indicator.decimals);
    let number = |v: f64| format::number(tr.lang, v, decimals);
    let latest = state.store.latest_indicator_period(&indicator).await?;
    // every unit's recent course in one read: the small multiples, and the units to choose from
    let mut recent = match latest {
        Some(latest) => {
            let from =
                Period::from_index(indicator.frequency, latest.index() + 1 - multiples_span(indicator.frequency));
            state.store.indicator_values_from(&indicator, from).await?
        }
        None => HashMap::new(),
    };
    let (units, own) = unit_choices(&state, &tr, &i, &indicator, recent.keys().cloned()).await?;
    let unit = chosen_unit(&i, &indicator, &query.enhed);
    let today = crate::http::today();
    let from = match latest {
        Some(latest) if query.vis != "alle" => {
            Some(Period::from_index(indicator.frequency, latest.index() + 1 - chart_span(indicator.frequency)))
        }
        _ => None,
    };
    let stored = state.store.indicator_series_from(&indicator, &unit, from).await?;
    // a full window may have more before it: offer the whole course
    let earlier = from.filter(|&from| stored.first().is_some_and(|v| v.period == from)).map(Period::code);
    let view = series_view(&indicator, &stored, today);
    let chosen = UnitChoice { key: unit.key(), name: unit_name(&tr, &unit, |id| own.get(&id).cloned()) };
    let chart = curve(&tr, &indicator, &view, &chosen.name);
    let mut series = Vec::new();
    for u in &units {
        if let Some(points) = recent.remove(u) {
            series.push((unit_name(&tr, u, |id| own.get(&id).cloned()), points));
        }
    }
    let multiples =
        if series.len() > 1 { chart::small_multiples(&series, &indicator.unit, decimals, tr.lang) } else { Vec::new() };
    let map_period = Period::parse_for(&query.periode, indicator.frequency).ok().or(latest);
    let (mut map, mut map_rows) = (None, Vec::new());
    if let (Geography::Municipality, Some(period)) = (indicator.geography, map_period) {
        let values: HashMap<String, f64> = state
            .store
            .indicator_values_in(&indicator, period)
            .await?
            .into_iter()
            .filter_map(|v| match v.unit {
                Unit::Municipality(code) => Some((code, v.value)),
                _ => None,
            })
            .collect();
        let mut listed: Vec<(String, String)> =
            values.iter().map(|(code, v)| (tr.municipality(code), number(*v))).collect();
        listed.sort();
        map_rows = listed;
        let labels = MapLabels {
            title: tr.with("indr-map-title", &[("name", indicator.name.clone()), ("period", period.code())]),
            no_data: tr.t("indr-no-data"),
            darker_is_better: tr.t("indr-darker-is-better"),
        };
        map = Some(chart::choropleth(&MapSpec {
            id: "map",
            values: &values,
            direction: indicator.direction,
            unit: &indicator.unit,
            decimals,
            lang: tr.lang,
            labels: &labels,
        }));
    }
    let owner = match indicator.organisation_id {
        Some(id) => state.store.organisation(id).await?.map(|o| o.name),
        None => None,
    };
    let goals =
        state.store.goals_of(i.row.id).await?.into_iter().filter(|g| indicator.goal_ids.contains(&g.id)).collect();
    let mut activities: Vec<(i64, String)> = Vec::new();
    for &goal_id in &indicator.goal_ids {
        let filter = ActivityFilter { goal_id: Some(goal_id), ..Default::default() };
        for a in state.store.activities(i.row.id, &filter, Some(ACTIVITIES_SHOWN)).await?.0 {
            if !activities.iter().any(|(id, _)| *id == a.id) {
                activities.push((a.id, a.plan.title));
            }
        }
    }
    let base = format!("/initiativer/{}/indikatorer/{}", i.row.slug, indicator.id);
    let embed = may_view(&Actor::anonymous(), &i, &indicator).then(|| {
        let src = format!("{}{base}/indlejr?enhed={}", state.config.base_url.trim_end_matches('/'), unit.key());
        format!(
            "<iframe src=\"{src}\" title=\"{}\" width=\"660\" height=\"460\" style=\"border:0\"></iframe>",
            indicator.name.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
        )
    });
    render(SeriesPage {
        base,
        embed,
        earlier,
        activities,
        rows: rows(tr.lang, &indicator, &view),
        status: view.status,
        baseline: indicator.baseline.map(|(p, v)| format!("{}: {}", p.code(), number(v))),
        targets: indicator.targets.iter().map(|&(p, v)| (p.code(), number(v))).collect(),
        units: units
            .iter()
            .map(|u| UnitChoice { key: u.key(), name: unit_name(&tr, u, |id| own.get(&id).cloned()) })
            .collect(),
        unit: chosen,
        chart,
        owner,
        goals,
        multiples,
        map,
        map_period: map_period.map(Period::code),
        map_rows,
        can_manage: page.can(&Action::ManageIndicators(scope(&i))),
        page,
        initiative: i,
        indicator,
    })
}

/// The indicator, the unit asked for and its series, with the unit's name.
async fn chosen_series(
    state: &AppState,
    page: &Page,
    slug: &str,
    id: i64,
    key: &str,
) -> Result<(Indicator, Unit, SeriesView, String), WebError> {
    let (i, indicator) = load(state, page, slug, id).await?;
    let unit = chosen_unit(&i, &indicator, key);
    let view = series_view(&indicator, &state.store.indicator_series(&indicator, &unit).await?, crate::http::today());
    let own: HashMap<i64, String> =
        state.store.indicator_units_of(i.row.id).await?.into_iter().map(|u| (u.id, u.name)).collect();
    let name = unit_name(&page.tr, &unit, |id| own.get(&id).cloned());
    Ok((indicator, unit, view, name))
}

/// The turn-the-curve chart of the unit asked for.
async fn chosen_curve(state: &AppState, page: &Page, slug: &str, id: i64, key: &str) -> Result<String, WebError> {
    let (indicator, _, view, name) = chosen_series(state, page, slug, id, key).await?;
    Ok(curve(&page.tr, &indicator, &view, &name))
}

/// The turn-the-curve chart of one unit as an SVG file.
async fn chart_svg(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<ResultsQuery>,
) -> Result<Response, WebError> {
    let svg = chosen_curve(&state, &page, &slug, id, &query.enhed).await?;
    Ok(([(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8")], svg).into_response())
}

/// The same chart as a PNG image, for slides and documents.
async fn chart_png(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<ResultsQuery>,
) -> Result<Response, WebError> {
    let svg = chosen_curve(&state, &page, &slug, id, &query.enhed).await?;
    let png = tokio::task::spawn_blocking(move || rygrad_print::svg_png(&svg))
        .await
        .map_err(|e| WebError::Internal(e.into()))?
        .map_err(|e| WebError::Internal(e.into()))?;
    Ok(attachment(png, "image/png", &format!("indikator-{id}.png")))
}

/// The series of one unit as JSON, in the shape of the API's `getIndicatorSeries`.
async fn data_json(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<ResultsQuery>,
) -> Result<Response, WebError> {
    let (_, unit, view, _) = chosen_series(&state, &page, &slug, id, &query.enhed).await?;
    Ok(axum::Json(SeriesOut::new(&unit, view)).into_response())
}

#[derive(Template)]
#[template(path = "indicators/embed.html")]
struct EmbedPage {
    page: Page,
    indicator: Indicator,
    unit: String,
    chart: String,
    status: IndicatorStatus,
    link: String,
}

/// The chart alone, for other sites to show in a frame: public indicators of public
/// initiatives only, drawn as the public sees them. Only this page lifts `frame-ancestors`.
async fn embed(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<ResultsQuery>,
) -> Result<Response, WebError> {
    let public = Page { actor: Actor::anonymous(), user: None, ..page };
    let (indicator, unit, view, name) = chosen_series(&state, &public, &slug, id, &query.enhed).await?;
    let chart = curve(&public.tr, &indicator, &view, &name);
    let link = format!("/initiativer/{slug}/indikatorer/{id}?enhed={}", unit.key());
    let mut response = render(EmbedPage { status: view.status, unit: name, chart, link, indicator, page: public })?;
    response.extensions_mut().insert(Frameable);
    Ok(response)
}

/// Every value of the indicator by unit and period under a header, with the sample's n and
/// 95 % interval where it has one, each number written by `number`.
async fn value_lines(
    state: &AppState,
    page: &Page,
    slug: &str,
    id: i64,
    number: impl Fn(f64) -> String,
) -> Result<Vec<Vec<String>>, WebError> {
    let (i, indicator) = load(state, page, slug, id).await?;
    let tr = page.tr;
    let own: HashMap<i64, String> =
        state.store.indicator_units_of(i.row.id).await?.into_iter().map(|u| (u.id, u.name)).collect();
    let mut lines = vec![
        [
            "indr-col-unit-code",
            "indr-col-unit",
            "indr-col-period",
            "indr-col-value",
            "indr-col-n",
            "indr-col-ci-low",
            "indr-col-ci-high",
            "indr-col-note",
        ]
        .map(|id| tr.t(id))
        .to_vec(),
    ];
    for v in state.store.indicator_values_all(&indicator).await? {
        let (low, high) = v.ci.map_or((String::new(), String::new()), |(low, high)| (number(low), number(high)));
        lines.push(vec![
            v.unit.key(),
            unit_name(&tr, &v.unit, |id| own.get(&id).cloned()),
            v.period.code(),
            number(v.value),
            v.n.map(|n| n.to_string()).unwrap_or_default(),
            low,
            high,
            v.note,
        ]);
    }
    Ok(lines)
}

/// Every value of the indicator as CSV for Danish Excel: semicolons and decimal commas.
async fn data_csv(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    // every digit stored, no thousands separator: a figure, not a display
    let lines = value_lines(&state, &page, &slug, id, |v| v.to_string().replace('.', ",")).await?;
    Ok(attachment(export::csv(&lines), export::CSV, &format!("indikator-{id}.csv")))
}

/// Every value of the indicator as a spreadsheet, the values as numbers.
async fn data_xlsx(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let lines = value_lines(&state, &page, &slug, id, |v| v.to_string()).await?;
    Ok(attachment(export::xlsx(lines, 12.0).await?, export::XLSX, &format!("indikator-{id}.xlsx")))
}

#[cfg(test)]
mod tests {
    use crate::http::i18n::Tr;
    use rygrad_domain::format::Lang;
    use rygrad_domain::indicator::{IndicatorStatus, StatusRule};
    use rygrad_domain::indicator_stats::Change;

    /// Messages named by codes built at run time, which the general i18n test cannot see.
    #[test]
    fn i18n_ids_built_from_codes_exist() {
        let statuses =
            [IndicatorStatus::OnTrack, IndicatorStatus::AtRisk, IndicatorStatus::OffTrack, IndicatorStatus::NoData];
        let mut ids: Vec<String> = statuses.iter().map(|s| format!("indr-status-{}", s.code())).collect();
        ids.extend([StatusRule::TargetPath, StatusRule::Trend].map(|r| format!("indr-rule-{}", r.code())));
        ids.extend([Change::Better, Change::Worse, Change::WithinNoise].map(|c| format!("indr-change-{}", c.code())));
        ids.extend(["indr-col-unit-code", "indr-col-note"].map(String::from));
        for lang in [Lang::Da, Lang::En] {
            let tr = Tr::new(lang);
            for id in &ids {
                assert!(tr.has(id), "{id}");
            }
        }
    }
}
