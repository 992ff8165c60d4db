//! What the action plan's pages and its API share: who may see an activity, and saving
//! activities, commitments and deliveries, the catalogue's exports and the network's filter.

use crate::http::auth::require;
use crate::http::error::WebError;
use crate::http::export;
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use crate::initiatives::rules::scope;
use crate::initiatives::rules::visible_by_id;
use axum::response::Response;
use rygrad_domain::activity::{ActivityInput, ActivityPlan, ActivityStatus, CommitmentInput, DeliveryInput};
use rygrad_domain::organisation::Sector;
use rygrad_domain::policy::{Action, Actor, OrganisationWork, allows};
use rygrad_domain::{FieldError, FieldErrors};
use rygrad_store::AuditActor;
use rygrad_store::activities::{Activity, ActivityFilter, ActivityLinks, ActivityRefusal};
use rygrad_store::commitments::{Commitment, CommitmentRefusal, Delivery};
use rygrad_store::goals::{Goal, Track};
use rygrad_store::initiatives::Initiative;
use rygrad_store::network::NetworkFilter;
use rygrad_store::organisations::Organisation;
use std::collections::HashMap;

pub(crate) fn work(i: &Initiative, organisation_id: Option<i64>) -> OrganisationWork {
    OrganisationWork { initiative: scope(i), organisation_id }
}

/// An activity with its initiative, if the actor may see the initiative.
pub(crate) async fn visible_activity(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> Result<(Activity, Initiative), WebError> {
    let a = state.store.activity(id).await?.ok_or(WebError::NotFound)?;
    let i = visible_by_id(state, actor, a.initiative_id).await?;
    Ok((a, i))
}

/// Checks, resolves and saves an activity (new when `existing` is none). The caller has asked
/// the policy whether the actor may propose or edit it. What a member proposes stays an idea
/// until backbone staff accept it.
pub(crate) async fn save_activity(
    state: &AppState,
    actor: &Actor,
    by: &AuditActor,
    initiative: &Initiative,
    existing: Option<&Activity>,
    input: &ActivityInput,
) -> Result<Result<Activity, FieldErrors>, WebError> {
    // the names are resolved even when other fields are wrong, so every message shows at once
    let (plan, mut errors) = match input.validate() {
        Ok(plan) => (Some(plan), FieldErrors::default()),
        Err(errors) => (None, errors),
    };
    let lead_organisation_id = match input.lead_organisation.trim() {
        "" => None,
        slug => match state.store.organisation_by_slug(slug).await? {
            Some(o) => Some(o.id),
            None => {
                errors.add("lead_organisation", FieldError::new("unknown-organisation"));
                None
            }
        },
    };
    let mut partner_ids = Vec::new();
    for slug in input.partners.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        match state.store.organisation_by_slug(slug).await? {
            Some(o) => partner_ids.push(o.id),
            None => errors.add("partners", FieldError::new("unknown-organisation")),
        }
    }
    let Some(mut plan) = plan.filter(|_| errors.is_empty()) else {
        return Ok(Err(errors));
    };
    let backbone = allows(actor, &Action::AcceptActivity(scope(initiative)));
    let proposed = existing.map_or(!backbone, |a| a.proposed);
    if proposed && !backbone {
        plan.status = ActivityStatus::Idea;
        plan.stop_reason.clear();
    }
    let links = ActivityLinks {
        lead_organisation_id,
        partner_ids,
        track_ids: input.track_ids.clone(),
        goal_ids: input.goal_ids.clone(),
    };
    let saved = match existing {
        None => state.store.create_activity(initiative.row.id, &plan, &links, proposed, by).await?,
        Some(a) => state.store.update_activity(a.id, &plan, &links, by).await?,
    };
    Ok(saved.map_err(|refusal| {
        let mut errors = FieldErrors::default();
        match refusal {
            ActivityRefusal::ForeignGoal => errors.add("goal_ids", FieldError::new("activity-foreign-goal")),
            ActivityRefusal::ForeignTrack => errors.add("track_ids", FieldError::new("activity-foreign-track")),
        }
        errors
    }))
}

/// Commits an organisation's resources; the actor must act for that organisation (or be
/// backbone staff of the initiative).
pub(crate) async fn make_commitment(
    state: &AppState,
    actor: &Actor,
    by: &AuditActor,
    initiative: &Initiative,
    input: &CommitmentInput,
) -> Result<Result<Commitment, FieldErrors>, WebError> {
    let plan = match input.validate() {
        Ok(p) => p,
        Err(e) => return Ok(Err(e)),
    };
    let Some(org) = state.store.organisation_by_slug(&plan.organisation).await? else {
        let mut errors = FieldErrors::default();
        errors.add("organisation", FieldError::new("unknown-organisation"));
        return Ok(Err(errors));
    };
    require(actor, &Action::ManageCommitment(work(initiative, Some(org.id))))?;
    Ok(state.store.create_commitment(initiative.row.id, org.id, &plan, by).await?.map_err(|refusal| {
        let mut errors = FieldErrors::default();
        match refusal {
            CommitmentRefusal::ForeignActivity => {
                errors.add("activity_id", FieldError::new("commitment-foreign-activity"))
            }
            CommitmentRefusal::ForeignGoal => errors.add("goal_id", FieldError::new("commitment-foreign-goal")),
        }
        errors
    }))
}

/// Changes what a commitment promises (its organisation, or backbone staff); the organisation
/// and the activity or goal stay, whatever `input` says of them.
pub(crate) async fn change_commitment(
    state: &AppState,
    actor: &Actor,
    by: &AuditActor,
    commitment_id: i64,
    input: &CommitmentInput,
) -> Result<Result<Commitment, FieldErrors>, WebError> {
    let c = state.store.commitment(commitment_id).await?.ok_or(WebError::NotFound)?;
    let i = visible_by_id(state, actor, c.initiative_id).await?;
    require(actor, &Action::ManageCommitment(work(&i, Some(c.organisation_id))))?;
    let organisation = state.store.organisation(c.organisation_id).await?.ok_or(WebError::NotFound)?;
    let input = CommitmentInput {
        organisation: organisation.slug,
        activity_id: c.activity_id,
        goal_id: c.goal_id,
        ..input.clone()
    };
    Ok(match input.validate() {
        Ok(plan) => Ok(state.store.update_commitment(commitment_id, &plan.terms, by).await?),
        Err(errors) => Err(errors),
    })
}

/// Records what a commitment delivered; only its organisation (or backbone staff) may.
pub(crate) async fn record_delivery(
    state: &AppState,
    actor: &Actor,
    by: &AuditActor,
    commitment_id: i64,
    input: &DeliveryInput,
) -> Result<(Commitment, Result<Delivery, FieldErrors>), WebError> {
    let c = state.store.commitment(commitment_id).await?.ok_or(WebError::NotFound)?;
    let i = visible_by_id(state, actor, c.initiative_id).await?;
    require(actor, &Action::ManageCommitment(work(&i, Some(c.organisation_id))))?;
    let result = match input.validate(c.terms.kind) {
        Ok(plan) => Ok(state.store.record_delivery(&c, &plan, by).await?),
        Err(e) => Err(e),
    };
    Ok((c, result))
}

/// The organisations of the initiative's alliance (current and former members) by id.
pub(crate) async fn organisation_names(
    state: &AppState,
    initiative_id: i64,
) -> Result<HashMap<i64, Organisation>, WebError> {
    Ok(state.store.memberships_of_initiative(initiative_id).await?.into_iter().map(|(_, o)| (o.id, o)).collect())
}

pub(crate) fn input_of(a: &Activity, names: &HashMap<i64, Organisation>, lead: Option<&Organisation>) -> ActivityInput {
    let r = &a.plan;
    let text = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    ActivityInput {
        title: r.title.clone(),
        description: r.description.clone(),
        track_ids: a.links.track_ids.clone(),
        goal_ids: a.links.goal_ids.clone(),
        lead_organisation: lead.map(|o| o.slug.clone()).unwrap_or_default(),
        partners: a.links.partner_ids.iter().filter_map(|id| names.get(id).map(|o| o.slug.clone())).collect(),
        target_group: r.target_group.clone(),
        municipality_code: r.municipality_code.clone().unwrap_or_default(),
        address: r.address.clone(),
        starts_on: r.starts_on.map(|d| d.to_string()).unwrap_or_default(),
        ends_on: r.ends_on.map(|d| d.to_string()).unwrap_or_default(),
        status: r.status.code().into(),
        stop_reason: r.stop_reason.clone(),
        participants_reached: text(r.participants_reached),
        helped: r.helped.clone(),
        hindered: r.hindered.clone(),
        satisfaction: text(r.satisfaction.map(i64::from)),
    }
}

/// An activity as typed, as its edit form and the API's merge patch start from.
pub(crate) async fn current_input(
    state: &AppState,
    a: &Activity,
    names: &HashMap<i64, Organisation>,
) -> Result<ActivityInput, WebError> {
    let lead = organisation_name(state, names, a.links.lead_organisation_id).await?;
    Ok(input_of(a, names, lead.as_ref()))
}

/// All activities matching a filter, with names, for the exports.
pub(crate) async fn all_lines(
    state: &AppState,
    initiative: &Initiative,
    filter: &ActivityFilter,
) -> Result<Vec<ActivityLine>, WebError> {
    let (activities, _) = state.store.activities(initiative.row.id, filter, None).await?;
    let names = organisation_names(state, initiative.row.id).await?;
    let tracks = state.store.tracks_of(initiative.row.id).await?;
    let goals = state.store.goals_of(initiative.row.id).await?;
    Ok(lines(activities, &names, &tracks, &goals))
}

/// The catalogue as a spreadsheet (`xlsx`), CSV (`csv`) or a printable list (`pdf`).
pub(crate) async fn export_response(
    tr: &Tr,
    initiative: &Initiative,
    lines: Vec<ActivityLine>,
    format: &str,
) -> Result<Response, WebError> {
    let name = format!("aktiviteter-{}", initiative.row.slug);
    match format {
        "csv" => Ok(export::attachment(export::csv(&export_rows(tr, &lines)), export::CSV, &format!("{name}.csv"))),
        "xlsx" => {
            let bytes = export::xlsx(export_rows(tr, &lines), 40.0).await?;
            Ok(export::attachment(bytes, export::XLSX, &format!("{name}.xlsx")))
        }
        "pdf" => {
            let sections: Vec<(String, String)> =
                lines.iter().map(|l| (l.plan.title.clone(), pdf_body(tr, l))).collect();
            let (kicker, title) = (initiative.row.name.clone(), tr.t("activities-title"));
            let bytes = tokio::task::spawn_blocking(move || {
                rygrad_print::sections_pdf(&kicker, &title, &format!("{title} · {kicker}"), &sections)
            })
            .await
            .map_err(|e| WebError::Internal(e.into()))?;
            Ok(export::attachment(bytes, "application/pdf", &format!("{name}.pdf")))
        }
        _ => Err(WebError::NotFound),
    }
}

pub(crate) fn network_filter(sector: &str, track: &str) -> NetworkFilter {
    NetworkFilter {
        track_id: track.trim().parse().ok(),
        sector: Sector::ALL.iter().map(|s| s.code()).find(|c| *c == sector.trim()).map(str::to_owned),
    }
}

pub(crate) async fn organisation_name(
    state: &AppState,
    names: &HashMap<i64, Organisation>,
    id: Option<i64>,
) -> Result<Option<Organisation>, WebError> {
    Ok(match id {
        Some(id) => match names.get(&id) {
            Some(o) => Some(o.clone()),
            None => state.store.organisation(id).await?,
        },
        None => None,
    })
}

/// An activity in a list, with the names of what it links to.
pub struct ActivityLine {
    pub id: i64,
    pub proposed: bool,
    pub plan: ActivityPlan,
    pub lead: Option<Organisation>,
    pub partners: Vec<String>,
    pub tracks: Vec<String>,
    pub goals: Vec<String>,
}

pub(crate) fn lines(
    activities: Vec<Activity>,
    names: &HashMap<i64, Organisation>,
    tracks: &[Track],
    goals: &[Goal],
) -> Vec<ActivityLine> {
    let track_names: HashMap<i64, &str> = tracks.iter().map(|t| (t.id, t.title.as_str())).collect();
    let goal_names: HashMap<i64, &str> = goals.iter().map(|g| (g.id, g.title.as_str())).collect();
    let pick = |ids: &[i64], from: &HashMap<i64, &str>| {
        ids.iter().filter_map(|id| from.get(id).map(|s| (*s).to_owned())).collect()
    };
    activities
        .into_iter()
        .map(|a| ActivityLine {
            lead: a.links.lead_organisation_id.and_then(|id| names.get(&id).cloned()),
            partners: a.links.partner_ids.iter().filter_map(|id| names.get(id).map(|o| o.name.clone())).collect(),
            tracks: pick(&a.links.track_ids, &track_names),
            goals: pick(&a.links.goal_ids, &goal_names),
            id: a.id,
            proposed: a.proposed,
            plan: a.plan,
        })
        .collect()
}

/// The export's rows: a header, then one row per activity.
pub(crate) fn export_rows(tr: &Tr, lines: &[ActivityLine]) -> Vec<Vec<String>> {
    let header = [
        "label-title",
        "activity-status",
        "activity-lead",
        "activity-partners",
        "activity-tracks",
        "activity-goals",
        "activity-target-group",
        "label-municipality",
        "activity-address",
        "activity-starts-on",
        "activity-ends-on",
        "activity-participants",
        "activity-satisfaction",
        "label-description",
        "activity-helped",
        "activity-hindered",
        "activity-stop-reason",
    ];
    let mut rows = vec![header.iter().map(|id| tr.t(id)).collect::<Vec<_>>()];
    for l in lines {
        let r = &l.plan;
        rows.push(vec![
            r.title.clone(),
            tr.t(&format!("activity-status-{}", r.status.code())),
            l.lead.as_ref().map(|o| o.name.clone()).unwrap_or_default(),
            l.partners.join(", "),
            l.tracks.join(", "),
            l.goals.join(", "),
            r.target_group.clone(),
            r.municipality_code.as_deref().map(|c| tr.municipality(c)).unwrap_or_default(),
            r.address.clone(),
            r.starts_on.map(|d| d.to_string()).unwrap_or_default(),
            r.ends_on.map(|d| d.to_string()).unwrap_or_default(),
            r.participants_reached.map(|n| n.to_string()).unwrap_or_default(),
            r.satisfaction.map(|n| n.to_string()).unwrap_or_default(),
            r.description.clone(),
            r.helped.clone(),
            r.hindered.clone(),
            r.stop_reason.clone(),
        ]);
    }
    rows
}

pub(crate) fn pdf_body(tr: &Tr, l: &ActivityLine) -> String {
    let r = &l.plan;
    let mut facts =
        vec![format!("{}: {}", tr.t("activity-status"), tr.t(&format!("activity-status-{}", r.status.code())))];
    if let Some(lead) = &l.lead {
        facts.push(format!("{}: {}", tr.t("activity-lead"), lead.name));
    }
    for (label, values) in
        [("activity-partners", &l.partners), ("activity-tracks", &l.tracks), ("activity-goals", &l.goals)]
    {
        if !values.is_empty() {
            facts.push(format!("{}: {}", tr.t(label), values.join(", ")));
        }
    }
    if r.starts_on.is_some() || r.ends_on.is_some() {
        facts.push(format!("{}: {}", tr.t("label-period"), tr.period(r.starts_on, r.ends_on)));
    }
    let mut body = facts.iter().map(|f| format!("- {f}")).collect::<Vec<_>>().join("\n");
    if !r.description.is_empty() {
        body.push_str("\n\n");
        body.push_str(&r.description);
    }
    body
}
