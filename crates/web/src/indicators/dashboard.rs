//! The initiative's overview for an alliance meeting (`/initiativer/{slug}/overblik`, and the
//! API's `getInitiativeDashboard`): the goals in tree order with their indicators' statuses and
//! roll-up, what came in since the last meeting, and the values due but missing by owner.

use super::chart;
use super::rules::{SeriesView, headline_unit, may_view, series_view};
use crate::goals::pages::{OutlineRow, outline};
use crate::http::error::WebError;
use crate::http::i18n::Tr;
use crate::http::page::{Page, render};
use crate::http::state::AppState;
use crate::initiatives::rules::visible;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use chrono::{DateTime, Utc};
use rygrad_domain::format;
use rygrad_domain::indicator::{IndicatorStatus, Period, Unit};
use rygrad_domain::indicator_stats::roll_up;
use rygrad_domain::policy::Actor;
use rygrad_store::indicators::{Glance, Indicator};
use rygrad_store::initiatives::Initiative;
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new().route("/initiativer/{slug}/overblik", get(show))
}

/// The periods of a card's course: enough for the trend, the status and a sparkline (a weekly
/// indicator's year; a yearly one's whole history).
const RECENT_PERIODS: i64 = 52;

/// New values are counted up to this many; beyond it a card says "more than".
pub(crate) const NEW_VALUES_COUNTED: u64 = 1000;

/// An indicator at a glance: its headline unit's recent series and status.
pub(crate) struct Card {
    pub indicator: Indicator,
    pub unit: Unit,
    pub view: SeriesView,
    /// Values entered since the dashboard's `since`, counted up to one more than
    /// [`NEW_VALUES_COUNTED`].
    pub new_values: u64,
    /// The status as it stood at `since`, on the values entered by then.
    pub status_then: IndicatorStatus,
    /// The latest period with any value, of any unit.
    pub latest: Option<Period>,
}

impl Card {
    /// Whether a value is due but missing: no value at all, or none for the period due.
    pub fn missing(&self) -> bool {
        self.latest.is_none_or(|p| p.index() < self.view.due.index())
    }
}

/// A goal in tree order with the roll-up of the indicators measuring it that the reader sees.
pub(crate) struct GoalRow {
    pub row: OutlineRow,
    /// Indexes into [`Dashboard::cards`].
    pub cards: Vec<usize>,
    pub status: IndicatorStatus,
}

pub(crate) struct Dashboard {
    /// The start of the latest meeting that has begun, else 30 days back.
    pub since: DateTime<Utc>,
    pub goals: Vec<GoalRow>,
    pub cards: Vec<Card>,
}

/// The dashboard of `i` as `actor` may see it (the public sees the indicators marked public).
pub(crate) async fn dashboard(state: &AppState, actor: &Actor, i: &Initiative) -> Result<Dashboard, WebError> {
    let now = Utc::now();
    let since = state
        .store
        .meetings_of(i.row.id)
        .await?
        .into_iter()
        .map(|m| m.plan.starts_at)
        .filter(|starts| *starts <= now)
        .max()
        .unwrap_or(now - chrono::Duration::days(30));
    let today = crate::http::today();
    let shown: Vec<(Indicator, Unit)> = state
        .store
        .indicators_of(i.row.id)
        .await?
        .into_iter()
        .filter(|x| may_view(actor, i, x))
        .map(|x| {
            let unit = headline_unit(i, &x);
            (x, unit)
        })
        .collect();
    let wanted: Vec<(&Indicator, Unit)> = shown.iter().map(|(x, u)| (x, u.clone())).collect();
    let mut replaced = state.store.indicator_values_replaced_since(&wanted, since).await?;
    // a few statements for the whole page, however many indicators it shows
    let glances = state.store.indicator_glances(i.row.id, since, NEW_VALUES_COUNTED).await?;
    let glance = |id: i64| glances.get(&id).copied().unwrap_or_default();
    let windows: Vec<(&Indicator, Unit, Option<Period>)> = shown
        .iter()
        .map(|(x, u)| {
            let from = glance(x.id).latest.map(|p| Period::from_index(x.frequency, p.index() + 1 - RECENT_PERIODS));
            (x, u.clone(), from)
        })
        .collect();
    let mut series = state.store.indicator_series_of(&windows).await?;
    let mut cards = Vec::new();
    for (indicator, unit) in shown {
        let stored = series.remove(&indicator.id).unwrap_or_default();
        let view = series_view(&indicator, &stored, today);
        // the series as it stood then: the values entered by then, corrected ones as they were
        let mut then: Vec<_> = stored.into_iter().filter(|v| v.entered_at <= since).collect();
        then.extend(replaced.remove(&indicator.id).unwrap_or_default());
        then.sort_by_key(|v| v.period);
        let status_then = series_view(&indicator, &then, format::local_date(since)).status;
        let Glance { latest, new_values } = glance(indicator.id);
        cards.push(Card { indicator, unit, view, new_values, status_then, latest });
    }
    let goals = outline(state.store.goals_of(i.row.id).await?)
        .into_iter()
        .map(|row| {
            let measuring: Vec<usize> =
                (0..cards.len()).filter(|&c| cards[c].indicator.goal_ids.contains(&row.goal.id)).collect();
            let status = roll_up(measuring.iter().map(|&c| cards[c].view.status));
            GoalRow { row, cards: measuring, status }
        })
        .collect();
    Ok(Dashboard { since, goals, cards })
}

/// A goal's roll-up and its indicators' statuses, for the goal tree.
pub(crate) struct GoalStatus {
    pub status: IndicatorStatus,
    /// Id, name and status of each indicator measuring the goal.
    pub indicators: Vec<(i64, String, IndicatorStatus)>,
}

/// The status of each goal of `i` that has indicators `actor` may see, by goal id.
pub(crate) async fn goal_statuses(
    state: &AppState,
    actor: &Actor,
    i: &Initiative,
) -> Result<HashMap<i64, GoalStatus>, WebError> {
    let d = dashboard(state, actor, i).await?;
    Ok(d.goals
        .iter()
        .filter(|g| !g.cards.is_empty())
        .map(|g| {
            let indicators = g
                .cards
                .iter()
                .map(|&c| (d.cards[c].indicator.id, d.cards[c].indicator.name.clone(), d.cards[c].view.status))
                .collect();
            (g.row.goal.id, GoalStatus { status: g.status, indicators })
        })
        .collect())
}

/// The indicators measuring any of `goal_ids`, each once, with their status: what an activity
/// serving those goals is to move.
pub(crate) async fn indicators_of_goals(
    state: &AppState,
    actor: &Actor,
    i: &Initiative,
    goal_ids: &[i64],
) -> Result<Vec<(i64, String, IndicatorStatus)>, WebError> {
    let mut out: Vec<(i64, String, IndicatorStatus)> = Vec::new();
    for (_, goal) in goal_statuses(state, actor, i).await?.into_iter().filter(|(id, _)| goal_ids.contains(id)) {
        for indicator in goal.indicators {
            if !out.iter().any(|(id, ..)| *id == indicator.0) {
                out.push(indicator);
            }
        }
    }
    out.sort_by_key(|(id, ..)| *id);
    Ok(out)
}

/// A card as a page shows it: the indicator's name, status, sparkline and latest value.
pub(crate) struct CardView {
    pub id: i64,
    pub name: String,
    pub status: IndicatorStatus,
    pub sparkline: String,
    pub latest: String,
}

fn card_view(tr: &Tr, c: &Card) -> CardView {
    let decimals = usize::from(c.indicator.decimals);
    let latest = c
        .view
        .points
        .last()
        .map(|p| format!("{}: {} {}", p.period.code(), format::number(tr.lang, p.value, decimals), c.indicator.unit))
        .unwrap_or_else(|| tr.t("indr-no-values"));
    let latest = latest.trim_end().to_owned();
    CardView {
        id: c.indicator.id,
        name: c.indicator.name.clone(),
        status: c.view.status,
        sparkline: if c.view.points.is_empty() { String::new() } else { chart::sparkline(&c.view.pairs(), &latest) },
        latest,
    }
}

/// The cards of the indicators the public may see, for the initiative's public page.
pub(crate) async fn public_cards(state: &AppState, tr: &Tr, i: &Initiative) -> Result<Vec<CardView>, WebError> {
    Ok(dashboard(state, &Actor::anonymous(), i).await?.cards.iter().map(|c| card_view(tr, c)).collect())
}

/// Values due but missing for one owner.
struct MissingGroup {
    owner: String,
    items: Vec<(i64, String, String)>,
}

#[derive(Template)]
#[template(path = "indicators/dashboard.html")]
struct DashboardPage {
    page: Page,
    initiative: Initiative,
    since: String,
    goals: Vec<(OutlineRow, IndicatorStatus, Vec<usize>)>,
    cards: Vec<CardView>,
    /// Indicators with new values or a new status since the last meeting: card index, count of
    /// new values in words and, when the status has changed, the change in words.
    changed: Vec<(usize, String, Option<String>)>,
    missing: Vec<MissingGroup>,
}

async fn show(State(state): State<AppState>, page: Page, Path(slug): Path<String>) -> Result<Response, WebError> {
    let i = visible(&state, &page.actor, &slug).await?;
    let d = dashboard(&state, &page.actor, &i).await?;
    let tr = page.tr;
    let mut owners: HashMap<Option<i64>, String> = HashMap::new();
    let mut missing: Vec<MissingGroup> = Vec::new();
    for card in d.cards.iter().filter(|c| c.missing()) {
        let key = card.indicator.organisation_id;
        let owner = match owners.get(&key) {
            Some(name) => name.clone(),
            None => {
                let name = match key {
                    Some(id) => state.store.organisation(id).await?.map(|o| o.name),
                    None => None,
                }
                .unwrap_or_else(|| tr.t("indr-no-owner"));
                owners.insert(key, name.clone());
                name
            }
        };
        let item = (
            card.indicator.id,
            card.indicator.name.clone(),
            tr.with(
                "indr-missing-item",
                &[
                    ("due", card.view.due.code()),
                    ("latest", card.latest.map_or_else(|| tr.t("indr-none"), Period::code)),
                ],
            ),
        );
        match missing.iter_mut().find(|g| g.owner == owner) {
            Some(g) => g.items.push(item),
            None => missing.push(MissingGroup { owner, items: vec![item] }),
        }
    }
    missing.sort_by(|a, b| a.owner.cmp(&b.owner));
    let cards: Vec<CardView> = d.cards.iter().map(|c| card_view(&tr, c)).collect();
    let changed = d
        .cards
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let change = (c.status_then != c.view.status).then(|| {
                let name = |s: IndicatorStatus| tr.t(&format!("indr-status-{}", s.code()));
                tr.with("indr-status-changed", &[("from", name(c.status_then)), ("to", name(c.view.status))])
            });
            (k, c.new_values, change)
        })
        .filter(|(_, n, change)| *n > 0 || change.is_some())
        .map(|(k, n, change)| {
            let new_values = match n {
                n if n > NEW_VALUES_COUNTED => tr.count("indr-new-values-more", NEW_VALUES_COUNTED),
                n => tr.count("indr-new-values", n),
            };
            (k, new_values, change)
        })
        .collect();
    render(DashboardPage {
        since: tr.datetime(&d.since),
        goals: d.goals.into_iter().map(|g| (g.row, g.status, g.cards)).collect(),
        cards,
        changed,
        missing,
        page,
        initiative: i,
    })
}
