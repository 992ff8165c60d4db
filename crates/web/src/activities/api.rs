//! The action plan in the API: activities, commitments and deliveries, the action plan
//! overview, the catalogue export and the network. The rules it shares with the pages are in `rules`.

use crate::activities::rules::{
    all_lines, change_commitment, export_response, make_commitment, network_filter, record_delivery, save_activity,
    visible_activity, work,
};
use crate::api::Path;
use crate::api::validation_response;
use crate::api::{Body, MergePatch, TokenHolder};
use crate::http::auth::ApiActor;
use crate::http::error::WebError;
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use crate::initiatives::rules::{scope, visible, visible_by_id};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use rygrad_domain::activity::Quarter;
use rygrad_domain::activity::{ActivityInput, ActivityStatus, CommitmentInput, DeliveryInput};
use rygrad_domain::format::Lang;
use rygrad_domain::policy::Action;
use rygrad_store::action_plan::{KindTotal, QuarterShare};
use rygrad_store::activities::{Activity, ActivityFilter};
use rygrad_store::commitments::{Commitment, CommitmentWithDeliveries, Delivery};
use rygrad_store::network::NetworkNode;
use std::collections::HashMap;

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ActivityOut {
    pub id: i64,
    pub title: String,
    pub description: String,
    /// `idea`, `planned`, `running`, `completed`, `anchored` or `stopped`.
    pub status: String,
    /// Proposed by a member and not yet accepted by backbone staff.
    pub proposed: bool,
    pub stop_reason: String,
    /// The lead organisation's slug.
    pub lead_organisation: Option<String>,
    /// Partner organisations' slugs.
    pub partners: Vec<String>,
    pub track_ids: Vec<i64>,
    pub goal_ids: Vec<i64>,
    pub target_group: String,
    pub municipality_code: Option<String>,
    pub address: String,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub participants_reached: Option<i64>,
    pub helped: String,
    pub hindered: String,
    pub satisfaction: Option<i32>,
}

/// The organisations activities name: their leads and partners.
fn named_in(activities: &[Activity]) -> Vec<i64> {
    activities
        .iter()
        .flat_map(|a| a.links.lead_organisation_id.into_iter().chain(a.links.partner_ids.iter().copied()))
        .collect()
}

fn activity_out(a: Activity, slugs: &HashMap<i64, String>) -> ActivityOut {
    let (r, links) = (a.plan, a.links);
    ActivityOut {
        id: a.id,
        title: r.title,
        description: r.description,
        status: r.status.code().into(),
        proposed: a.proposed,
        stop_reason: r.stop_reason,
        lead_organisation: links.lead_organisation_id.and_then(|id| slugs.get(&id).cloned()),
        partners: links.partner_ids.iter().filter_map(|id| slugs.get(id).cloned()).collect(),
        track_ids: links.track_ids,
        goal_ids: links.goal_ids,
        target_group: r.target_group,
        municipality_code: r.municipality_code,
        address: r.address,
        starts_on: r.starts_on,
        ends_on: r.ends_on,
        participants_reached: r.participants_reached,
        helped: r.helped,
        hindered: r.hindered,
        satisfaction: r.satisfaction,
    }
}

/// A saved activity as the API returns it, with its organisations' slugs.
async fn saved_out(state: &AppState, a: Activity) -> Result<ActivityOut, WebError> {
    let slugs = crate::initiatives::rules::slugs(state, a.initiative_id, named_in(std::slice::from_ref(&a))).await?;
    Ok(activity_out(a, &slugs))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityQuery {
    /// Words in the title, description or target group (Danish letters folded).
    #[serde(default)]
    pub q: String,
    /// `idea`, `planned`, `running`, `completed`, `anchored` or `stopped`.
    #[serde(default)]
    pub status: String,
    pub track_id: Option<i64>,
    pub goal_id: Option<i64>,
    /// An organisation's slug: the activities it leads or partners in.
    #[serde(default)]
    pub organisation: String,
    /// At most this many (default 1,000, at most 10,000 given), newest start first.
    #[param(maximum = 65535)]
    pub limit: Option<u16>,
}

/// The activity catalogue, filtered.
#[utoipa::path(get, path = "/initiatives/{slug}/activities", tag = "action plan", operation_id = "listActivities",
    params(("slug" = String, Path), ActivityQuery), responses((status = 200, body = Vec<ActivityOut>), (status = 404)))]
pub async fn list_activities(
    State(state): State<AppState>,
    who: ApiActor,
    Path(slug): Path<String>,
    Query(q): Query<ActivityQuery>,
) -> Result<Json<Vec<ActivityOut>>, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    let organisation_id = match q.organisation.trim() {
        "" => None,
        s => Some(state.store.organisation_by_slug(s).await?.map_or(-1, |o| o.id)),
    };
    let filter = ActivityFilter {
        track_id: q.track_id,
        goal_id: q.goal_id,
        status: ActivityStatus::parse(&q.status).ok(),
        organisation_id,
        search: Some(q.q),
    };
    let (list, _) =
        state.store.activities(i.row.id, &filter, Some(u64::from(q.limit.unwrap_or(1000).min(10_000)))).await?;
    let slugs = crate::initiatives::rules::slugs(&state, i.row.id, named_in(&list)).await?;
    Ok(Json(list.into_iter().map(|a| activity_out(a, &slugs)).collect()))
}

/// Adds an activity to the catalogue. Anyone in the alliance may propose one; what a member
/// proposes is an `idea` marked `proposed` until backbone staff accept it.
#[utoipa::path(post, path = "/initiatives/{slug}/activities", tag = "action plan", operation_id = "createActivity",
    security(("token" = [])), params(("slug" = String, Path)), request_body = ActivityInput,
    responses((status = 201, body = ActivityOut), (status = 401), (status = 403), (status = 404), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn create_activity(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(slug): Path<String>,
    Body(input): Body<ActivityInput>,
) -> Result<Response, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    who.require(&Action::ProposeActivity(scope(&i)))?;
    Ok(match save_activity(&state, &who.actor, &who.audit, &i, None, &input).await? {
        Ok(row) => (StatusCode::CREATED, Json(saved_out(&state, row).await?)).into_response(),
        Err(errors) => validation_response(&errors),
    })
}

/// Changes an activity's fields and links with a merge patch: fields left out keep their value
/// (backbone staff, or members of its lead organisation).
#[utoipa::path(patch, path = "/activities/{id}", tag = "action plan", operation_id = "updateActivity",
    security(("token" = [])), params(("id" = i64, Path)),
    request_body(content = ActivityInput, content_type = "application/merge-patch+json"),
    responses((status = 200, body = ActivityOut), (status = 401), (status = 403), (status = 404), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn update_activity(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
    patch: MergePatch,
) -> Result<Response, WebError> {
    let (a, i) = visible_activity(&state, &who.actor, id).await?;
    who.require(&Action::EditActivity(work(&i, a.links.lead_organisation_id)))?;
    let names = crate::activities::rules::organisation_names(&state, i.row.id).await?;
    let input = patch.apply(&crate::activities::rules::current_input(&state, &a, &names).await?)?;
    Ok(match save_activity(&state, &who.actor, &who.audit, &i, Some(&a), &input).await? {
        Ok(row) => Json(saved_out(&state, row).await?).into_response(),
        Err(errors) => validation_response(&errors),
    })
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct CommitmentOut {
    pub id: i64,
    /// The committing organisation's slug.
    pub organisation: String,
    pub activity_id: Option<i64>,
    pub goal_id: Option<i64>,
    pub kind: String,
    pub amount: f64,
    pub unit: String,
    pub description: String,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
}

fn commitment_out(c: Commitment, organisation: String) -> CommitmentOut {
    let terms = c.terms;
    CommitmentOut {
        id: c.id,
        organisation,
        activity_id: c.activity_id,
        goal_id: c.goal_id,
        kind: terms.kind.code().into(),
        amount: terms.amount,
        unit: terms.unit,
        description: terms.description,
        starts_on: terms.starts_on,
        ends_on: terms.ends_on,
    }
}

/// Commits an organisation's resources to an activity or a goal of the initiative (backbone
/// staff, or members for their own organisation). Negative and absurd amounts are refused.
#[utoipa::path(post, path = "/initiatives/{slug}/commitments", tag = "action plan", operation_id = "createCommitment",
    security(("token" = [])), params(("slug" = String, Path)), request_body = CommitmentInput,
    responses((status = 201, body = CommitmentOut), (status = 401), (status = 403), (status = 404), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn create_commitment(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(slug): Path<String>,
    Body(input): Body<CommitmentInput>,
) -> Result<Response, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    Ok(match make_commitment(&state, &who.actor, &who.audit, &i, &input).await? {
        Ok(c) => (StatusCode::CREATED, Json(commitment_out(c, input.organisation.trim().to_owned()))).into_response(),
        Err(errors) => validation_response(&errors),
    })
}

/// Changes what a commitment promises (kind, amount, unit, description, period) with a merge
/// patch: fields left out keep their value; its organisation and its activity or goal stay as
/// they are. Its organisation's members and backbone staff may.
#[utoipa::path(patch, path = "/commitments/{id}", tag = "action plan", operation_id = "updateCommitment",
    security(("token" = [])), params(("id" = i64, Path)),
    request_body(content = CommitmentInput, content_type = "application/merge-patch+json"),
    responses((status = 200, body = CommitmentOut), (status = 401), (status = 403), (status = 404), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn update_commitment(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
    patch: MergePatch,
) -> Result<Response, WebError> {
    let c = state.store.commitment(id).await?.ok_or(WebError::NotFound)?;
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let terms = c.terms;
    let input = patch.apply(&CommitmentInput {
        organisation: String::new(),
        activity_id: c.activity_id,
        goal_id: c.goal_id,
        kind: terms.kind.code().into(),
        amount: terms.amount.to_string(),
        unit: terms.unit,
        description: terms.description,
        starts_on: date(terms.starts_on),
        ends_on: date(terms.ends_on),
    })?;
    Ok(match change_commitment(&state, &who.actor, &who.audit, id, &input).await? {
        Ok(c) => {
            let slug = state.store.organisation(c.organisation_id).await?.map(|o| o.slug).unwrap_or_default();
            Json(commitment_out(c, slug)).into_response()
        }
        Err(errors) => validation_response(&errors),
    })
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct DeliveryOut {
    pub id: i64,
    pub commitment_id: i64,
    pub description: String,
    pub amount: f64,
    pub delivered_on: NaiveDate,
}

fn delivery_out(d: Delivery) -> DeliveryOut {
    DeliveryOut {
        id: d.id,
        commitment_id: d.commitment_id,
        description: d.description,
        amount: d.amount,
        delivered_on: d.delivered_on,
    }
}

/// Records what a commitment delivered (its organisation, or backbone staff).
#[utoipa::path(post, path = "/commitments/{id}/deliveries", tag = "action plan", operation_id = "recordDelivery",
    security(("token" = [])), params(("id" = i64, Path)), request_body = DeliveryInput,
    responses((status = 201, body = DeliveryOut), (status = 401), (status = 403), (status = 404), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn create_delivery(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
    Body(input): Body<DeliveryInput>,
) -> Result<Response, WebError> {
    let (_, result) = record_delivery(&state, &who.actor, &who.audit, id, &input).await?;
    Ok(match result {
        Ok(d) => (StatusCode::CREATED, Json(delivery_out(d))).into_response(),
        Err(errors) => validation_response(&errors),
    })
}

/// A commitment with what was delivered on it, as the activity's and the commitment's pages
/// show it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct CommitmentDetailOut {
    #[serde(flatten)]
    pub commitment: CommitmentOut,
    /// The deliveries, oldest first.
    pub deliveries: Vec<DeliveryOut>,
    /// The sum of the deliveries' amounts.
    pub delivered: f64,
}

async fn commitment_details(
    state: &AppState,
    initiative_id: i64,
    list: Vec<CommitmentWithDeliveries>,
) -> Result<Vec<CommitmentDetailOut>, WebError> {
    let slugs = crate::initiatives::rules::slugs(
        state,
        initiative_id,
        list.iter().map(|c| c.commitment.organisation_id).collect(),
    )
    .await?;
    Ok(list
        .into_iter()
        .map(|c| {
            let organisation = slugs.get(&c.commitment.organisation_id).cloned().unwrap_or_default();
            CommitmentDetailOut {
                delivered: c.deliveries.iter().map(|d| d.amount).sum(),
                deliveries: c.deliveries.into_iter().map(delivery_out).collect(),
                commitment: commitment_out(c.commitment, organisation),
            }
        })
        .collect())
}

/// The commitments made to an activity, oldest first, each with its deliveries.
#[utoipa::path(get, path = "/activities/{id}/commitments", tag = "action plan", operation_id = "listActivityCommitments",
    params(("id" = i64, Path)), responses((status = 200, body = Vec<CommitmentDetailOut>), (status = 404)))]
pub async fn list_activity_commitments(
    State(state): State<AppState>,
    who: ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<Vec<CommitmentDetailOut>>, WebError> {
    let (_, i) = visible_activity(&state, &who.actor, id).await?;
    let list = state.store.commitments_of_activity(id).await?;
    Ok(Json(commitment_details(&state, i.row.id, list).await?))
}

/// One commitment with its deliveries.
#[utoipa::path(get, path = "/commitments/{id}", tag = "action plan", operation_id = "getCommitment",
    params(("id" = i64, Path)), responses((status = 200, body = CommitmentDetailOut), (status = 404)))]
pub async fn get_commitment(
    State(state): State<AppState>,
    who: ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<CommitmentDetailOut>, WebError> {
    let c = state.store.commitment_with_deliveries(id).await?.ok_or(WebError::NotFound)?;
    let i = visible_by_id(&state, &who.actor, c.commitment.initiative_id).await?;
    let mut details = commitment_details(&state, i.row.id, vec![c]).await?;
    details.pop().map(Json).ok_or(WebError::NotFound)
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Titled {
    pub id: i64,
    pub title: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct MatrixCell {
    /// The organisation's slug.
    pub organisation: String,
    /// None for commitments to goals, and to activities without a track.
    pub track_id: Option<i64>,
    /// Commitments made.
    pub promised: u32,
    /// Commitments with at least one delivery.
    pub delivered: u32,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ActionPlanOut {
    pub goals_without_activities: Vec<Titled>,
    /// Activities (not stopped) without a commitment from any organisation but their lead.
    pub activities_without_partners: Vec<Titled>,
    /// Of the activities with a lead organisation, the share led by an organisation with the
    /// `secretariat` membership role; null without any.
    pub secretariat_driven_share: Option<f64>,
    /// Slugs of the secretariat's organisations.
    pub secretariat: Vec<String>,
    #[schema(value_type = Vec<Object>)]
    pub per_quarter: Vec<QuarterShare>,
    pub matrix: Vec<MatrixCell>,
    #[schema(value_type = Vec<Object>)]
    pub resources: Vec<KindTotal>,
}

/// The action plan: commitments per organisation × track, goals without activities,
/// activities without commitments, and the share of activities driven by the secretariat.
#[utoipa::path(get, path = "/initiatives/{slug}/action-plan", tag = "action plan", operation_id = "getActionPlan",
    params(("slug" = String, Path)), responses((status = 200, body = ActionPlanOut), (status = 404)))]
pub async fn action_plan(
    State(state): State<AppState>,
    who: ApiActor,
    Path(slug): Path<String>,
) -> Result<Json<ActionPlanOut>, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    let plan = state.store.action_plan(i.row.id).await?;
    let slugs: std::collections::HashMap<i64, String> =
        state.store.memberships_of_initiative(i.row.id).await?.into_iter().map(|(_, o)| (o.id, o.slug)).collect();
    let mut all_slugs = slugs.clone();
    all_slugs.extend(plan.organisations.iter().map(|o| (o.id, o.slug.clone())));
    Ok(Json(ActionPlanOut {
        goals_without_activities: plan
            .goals_without_activities
            .into_iter()
            .map(|(id, title)| Titled { id, title })
            .collect(),
        activities_without_partners: plan
            .activities_without_partners
            .into_iter()
            .map(|(id, title)| Titled { id, title })
            .collect(),
        secretariat_driven_share: plan.secretariat_driven_share,
        secretariat: plan.secretariat_organisation_ids.iter().filter_map(|id| slugs.get(id).cloned()).collect(),
        per_quarter: plan.per_quarter,
        matrix: plan
            .cells
            .into_iter()
            .map(|((org, track_id), cell)| MatrixCell {
                organisation: all_slugs.get(&org).cloned().unwrap_or_default(),
                track_id,
                promised: cell.promised,
                delivered: cell.delivered,
            })
            .collect(),
        resources: plan.kinds,
    }))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `xlsx` or `csv`.
    pub format: String,
}

/// The whole activity catalogue as a spreadsheet (`format=xlsx`) or CSV (`format=csv`, semicolons).
#[utoipa::path(get, path = "/initiatives/{slug}/activities/export", tag = "action plan", operation_id = "exportActivities",
    params(("slug" = String, Path), ExportQuery),
    responses((status = 200, description = "The file", content_type = "application/octet-stream"), (status = 404)))]
pub async fn export_activities(
    State(state): State<AppState>,
    who: ApiActor,
    Path(slug): Path<String>,
    Query(q): Query<ExportQuery>,
) -> Result<Response, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    if !matches!(q.format.as_str(), "xlsx" | "csv") {
        return Err(WebError::NotFound);
    }
    let lines = all_lines(&state, &i, &ActivityFilter::default()).await?;
    export_response(&Tr::new(Lang::Da), &i, lines, &q.format).await
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NetworkQuery {
    /// Only organisations of this sector and those tied to them.
    #[serde(default)]
    pub sector: String,
    /// Only activities in this track.
    #[serde(default)]
    pub track_id: String,
}

/// The network, compact: organisations once, each tie as four numbers.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct NetworkOut {
    /// Organisations: `id`, `slug`, `name`, `sector` and `engagements` (the activities it
    /// leads, partners in or commits to).
    #[schema(value_type = Vec<Object>)]
    pub nodes: Vec<NetworkNode>,
    /// One tie per pair of organisations, as `[source, target, shared, since]`: the two node
    /// ids (the smaller first), how many activities they share, and the quarter the tie first
    /// appeared as an index into `new_per_quarter`.
    #[schema(value_type = Vec<Vec<i64>>)]
    pub edges: Vec<(i64, i64, u32, usize)>,
    /// New ties per quarter, oldest first.
    pub new_per_quarter: Vec<NewTies>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct NewTies {
    pub year: i32,
    pub quarter: u32,
    pub ties: u32,
}

/// The network of actors: organisations (nodes) and their ties (edges) through shared
/// activities and commitments.
#[utoipa::path(get, path = "/initiatives/{slug}/network", tag = "action plan", operation_id = "getNetwork",
    params(("slug" = String, Path), NetworkQuery), responses((status = 200, body = NetworkOut), (status = 404)))]
pub async fn network(
    State(state): State<AppState>,
    who: ApiActor,
    Path(slug): Path<String>,
    Query(q): Query<NetworkQuery>,
) -> Result<Json<NetworkOut>, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    let n = state.store.network(i.row.id, &network_filter(&q.sector, &q.track_id)).await?;
    // every tie's quarter is one of new_per_quarter's (which counts the ties by it, in order)
    let position = |q: &Quarter| n.new_per_quarter.binary_search_by_key(q, |(x, _)| *x).unwrap_or_default();
    Ok(Json(NetworkOut {
        edges: n.edges.iter().map(|e| (e.source, e.target, e.shared, position(&e.since))).collect(),
        nodes: n.nodes,
        new_per_quarter: n
            .new_per_quarter
            .into_iter()
            .map(|(q, ties)| NewTies { year: q.year, quarter: q.quarter, ties })
            .collect(),
    }))
}
