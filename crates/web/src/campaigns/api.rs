//! Campaigns (a week of meals with targets) in the JSON API; their progress is `getCampaignProgress`.

use crate::api::Path;
use crate::api::absolute;
use crate::http::auth::ApiActor;
use crate::http::error::WebError;
use crate::http::state::AppState;
use crate::initiatives::rules::visible;
use crate::initiatives::rules::visible_by_id;
use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use rygrad_domain::campaign::TargetProgress;
use rygrad_store::campaigns::Campaign;

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct CampaignOut {
    pub id: i64,
    /// The initiative's slug.
    pub initiative: String,
    pub name: String,
    pub year: i32,
    /// The ISO week of the campaign week.
    pub iso_week: i32,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Theme codes the campaign is about (e.g. `naboer`); empty for all themes.
    pub themes: Vec<String>,
    /// Every target with its goal and how far it has come, as on the campaign's dashboard.
    pub targets: Vec<TargetProgress>,
    pub url: String,
}

async fn campaign_out(state: &AppState, slug: &str, c: Campaign) -> Result<CampaignOut, WebError> {
    let progress = state.store.campaign_progress(&c).await?;
    Ok(CampaignOut {
        targets: progress.targets.clone(),
        url: absolute(state, &format!("/kampagner/{}", c.id)),
        id: c.id,
        initiative: slug.to_owned(),
        themes: c.themes,
        name: c.name,
        year: c.year,
        iso_week: c.iso_week,
        starts_on: c.starts_on,
        ends_on: c.ends_on,
    })
}

/// An initiative's campaigns with their targets and progress.
#[utoipa::path(get, path = "/initiatives/{slug}/campaigns", tag = "meals", operation_id = "listCampaigns",
    params(("slug" = String, Path)), responses((status = 200, body = Vec<CampaignOut>), (status = 404)))]
pub async fn list(
    State(state): State<AppState>,
    who: ApiActor,
    Path(slug): Path<String>,
) -> Result<Json<Vec<CampaignOut>>, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    let mut out = Vec::new();
    for c in state.store.campaigns_of(i.row.id).await? {
        out.push(campaign_out(&state, &i.row.slug, c).await?);
    }
    Ok(Json(out))
}

/// One campaign with its targets and progress; not found where its initiative is private to
/// the caller.
#[utoipa::path(get, path = "/campaigns/{id}", tag = "meals", operation_id = "getCampaign",
    params(("id" = i64, Path)), responses((status = 200, body = CampaignOut), (status = 404)))]
pub async fn get_one(
    State(state): State<AppState>,
    who: ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<CampaignOut>, WebError> {
    let c = state.store.campaign(id).await?.ok_or(WebError::NotFound)?;
    let i = visible_by_id(&state, &who.actor, c.initiative_id).await?;
    Ok(Json(campaign_out(&state, &i.row.slug, c).await?))
}
