//! Campaigns: backbone staff set one up with its week and targets; everyone who may see the
//! initiative follows its progress live, and can export it as CSV or XLSX.

use crate::http::error::WebError;
use crate::http::export;
use crate::http::form::{CsrfForm, FormView};
use crate::http::page::form_error;
use crate::http::page::render;
use crate::http::page::{Page, flash};
use crate::http::state::AppState;
use crate::initiatives::pages::audit_actor;
use crate::initiatives::rules::scope;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::Datelike;
use rygrad_domain::FieldErrors;
use rygrad_domain::campaign::{CampaignInput, week_dates};
use rygrad_domain::meal::THEMES;
use rygrad_domain::policy::Action;
use rygrad_store::campaigns::Campaign;
use rygrad_store::campaigns::Progress;
use rygrad_store::initiatives::Initiative;
use tower_sessions::Session;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/initiativer/{slug}/kampagner/ny", get(new_form).post(create))
        .route("/kampagner/{id}", get(dashboard))
        .route("/kampagner/{id}/fremdrift.csv", get(export_csv))
        .route("/kampagner/{id}/fremdrift.xlsx", get(export_xlsx))
}

async fn initiative(state: &AppState, page: &Page, slug: &str) -> Result<Initiative, WebError> {
    let i = state.store.initiative_by_slug(slug).await?.ok_or(WebError::NotFound)?;
    if !page.can(&Action::ViewInitiative(scope(&i))) {
        return Err(WebError::NotFound);
    }
    Ok(i)
}

#[derive(Template)]
#[template(path = "campaigns/form.html")]
struct FormPage {
    page: Page,
    initiative: Initiative,
    form: FormView,
    themes: Vec<&'static str>,
}

async fn new_form(State(state): State<AppState>, page: Page, Path(slug): Path<String>) -> Result<Response, WebError> {
    let initiative = initiative(&state, &page, &slug).await?;
    page.require(&Action::ManageCampaigns(scope(&initiative)))?;
    let year = chrono::Utc::now().year() + 1;
    let defaults = CampaignInput {
        name: format!("{} {year}", initiative.row.name),
        year: year.to_string(),
        iso_week: "17".into(),
        ..Default::default()
    };
    let form = FormView::new(&defaults, &FieldErrors::default(), &page.tr);
    render(FormPage { page, initiative, form, themes: THEMES.to_vec() })
}

async fn create(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(slug): Path<String>,
    CsrfForm(input): CsrfForm<CampaignInput>,
) -> Result<Response, WebError> {
    let initiative = initiative(&state, &page, &slug).await?;
    page.require(&Action::ManageCampaigns(scope(&initiative)))?;
    match input.validate(chrono::Utc::now().year()) {
        Ok(plan) => {
            let c = state.store.create_campaign(initiative.row.id, &plan, &audit_actor(&page)).await?;
            flash(&session, page.t("campaign-created")).await?;
            Ok(Redirect::to(&format!("/kampagner/{}", c.id)).into_response())
        }
        Err(errors) => {
            let form = FormView::new(&input, &errors, &page.tr);
            form_error(FormPage { page, initiative, form, themes: THEMES.to_vec() })
        }
    }
}

/// A target as the dashboard shows it.
pub struct TargetLine {
    pub label: String,
    pub goal: String,
    pub current: String,
    pub percent: u32,
}

#[derive(Template)]
#[template(path = "campaigns/dashboard.html")]
struct DashboardPage {
    page: Page,
    campaign: Campaign,
    initiative: Initiative,
    week: String,
    targets: Vec<TargetLine>,
    progress: Progress,
    municipalities: Vec<(String, i64)>,
    map: crate::meals::map::MapView,
}

async fn load(state: &AppState, page: &Page, id: i64) -> Result<(Campaign, Initiative, Progress), WebError> {
    let c = state.store.campaign(id).await?.ok_or(WebError::NotFound)?;
    let i = state.store.initiative(c.initiative_id).await?.ok_or(WebError::NotFound)?;
    if !page.can(&Action::ViewInitiative(scope(&i))) {
        return Err(WebError::NotFound);
    }
    let p = state.store.campaign_progress(&c).await?;
    Ok((c, i, p))
}

fn target_lines(page: &Page, p: &Progress) -> Vec<TargetLine> {
    p.targets
        .iter()
        .map(|t| TargetLine {
            label: page.t(format!("target-{}", t.target.replace('_', "-"))),
            goal: page.tr.int(t.goal),
            current: page.tr.int(t.current),
            percent: t.percent,
        })
        .collect()
}

async fn dashboard(State(state): State<AppState>, page: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let (campaign, initiative, progress) = load(&state, &page, id).await?;
    let week = week_dates(campaign.year, campaign.iso_week as u32)
        .map(|(mon, sun)| {
            page.tr.t2(
                "campaign-week",
                "week",
                campaign.iso_week,
                "dates",
                format!("{} – {}", page.tr.date(&mon), page.tr.date(&sun)),
            )
        })
        .unwrap_or_default();
    let mut municipalities: Vec<(String, i64)> =
        progress.per_municipality.iter().map(|(code, n)| (page.tr.municipality(code), *n)).collect();
    municipalities.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let map = crate::meals::map::MapView::municipality_counts(&progress.per_municipality);
    render(DashboardPage {
        targets: target_lines(&page, &progress),
        page,
        campaign,
        initiative,
        week,
        progress,
        municipalities,
        map,
    })
}

/// Rows of the export: target, goal, current, percent; then meals per municipality.
fn export_rows(page: &Page, p: &Progress) -> Vec<[String; 4]> {
    let mut rows =
        vec![[page.t("export-target"), page.t("export-goal"), page.t("export-current"), page.t("export-percent")]];
    for t in &p.targets {
        rows.push([
            page.t(format!("target-{}", t.target.replace('_', "-"))),
            t.goal.to_string(),
            t.current.to_string(),
            t.percent.to_string(),
        ]);
    }
    rows.push([page.t("campaign-week-meals"), String::new(), p.campaign_week_meals.to_string(), String::new()]);
    rows.push([page.t("campaign-other-meals"), String::new(), p.other_meals.to_string(), String::new()]);
    rows.push([page.t("campaign-relay-meals"), String::new(), p.relay_meals.to_string(), String::new()]);
    rows.push([page.t("label-municipality"), page.t("export-code"), page.t("export-meals"), String::new()]);
    for (code, n) in &p.per_municipality {
        rows.push([page.tr.municipality(code), code.clone(), n.to_string(), String::new()]);
    }
    rows
}

async fn export_csv(State(state): State<AppState>, page: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let (_, _, p) = load(&state, &page, id).await?;
    let rows = export_rows(&page, &p);
    Ok(export::attachment(export::csv(&rows), export::CSV, &format!("kampagne-{id}.csv")))
}

async fn export_xlsx(State(state): State<AppState>, page: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let (_, _, p) = load(&state, &page, id).await?;
    let bytes = export::xlsx(export_rows(&page, &p), 36.0).await?;
    Ok(export::attachment(bytes, export::XLSX, &format!("kampagne-{id}.xlsx")))
}
