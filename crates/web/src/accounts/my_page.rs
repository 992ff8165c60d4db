//! My page (`/mig`): per initiative the person works in, what their organisation has committed
//! (and delivered), its open action items and the next meetings; for backbone staff, everything
//! overdue across the alliance.

use crate::http::error::WebError;
use crate::http::page::Page;
use crate::http::page::render;
use crate::http::state::AppState;
use crate::meetings::pages::{ItemView, item_views};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use chrono::Utc;
use rygrad_domain::activity::CommitmentKind;
use rygrad_domain::policy::Action;
use rygrad_store::commitments::OrganisationCommitment;
use rygrad_store::initiatives::InitiativeRecord;
use rygrad_store::meetings::Meeting;
use rygrad_store::organisations::Organisation;

pub fn router() -> Router<AppState> {
    Router::new().route("/mig", get(show))
}

/// One initiative on my page.
pub struct Workspace {
    pub initiative: InitiativeRecord,
    /// The organisation the person acts for (members), none for backbone staff.
    pub organisation: Option<Organisation>,
    pub is_backbone: bool,
    /// Members: their organisation's open items. Backbone: open items that are overdue.
    pub items: Vec<ItemView>,
    pub meetings: Vec<Meeting>,
    /// Members: what their organisation has committed, oldest first.
    pub commitments: Vec<MyCommitment>,
}

/// One of the organisation's commitments as my page shows it.
pub struct MyCommitment {
    pub id: i64,
    pub kind: CommitmentKind,
    pub unit: String,
    /// The activity's or goal's title, and the activity's page when it is an activity.
    pub target: String,
    pub activity_id: Option<i64>,
    pub promised: String,
    pub delivered: String,
    /// Nothing delivered yet.
    pub pending: bool,
}

fn my_commitment(page: &Page, c: OrganisationCommitment) -> MyCommitment {
    let amount = |value: f64| rygrad_domain::format::number(page.tr.lang, value, 2);
    MyCommitment {
        id: c.commitment.id,
        kind: c.commitment.terms.kind,
        unit: c.commitment.terms.unit,
        target: c.target_title,
        activity_id: c.commitment.activity_id,
        promised: amount(c.commitment.terms.amount),
        delivered: amount(c.delivered),
        pending: c.deliveries == 0,
    }
}

#[derive(Template)]
#[template(path = "meetings/my_page.html")]
struct MyPage {
    page: Page,
    workspaces: Vec<Workspace>,
}

async fn show(State(state): State<AppState>, page: Page) -> Result<Response, WebError> {
    page.signed_in()?;
    let mut workspaces = Vec::new();
    let now = Utc::now();
    for grant in &page.actor.grants {
        let Some(i) = state.store.initiative(grant.initiative_id).await? else { continue };
        let is_backbone = page.can(&Action::OverseeActionItems(crate::initiatives::rules::scope(&i)));
        let organisation = match grant.organisation_id {
            Some(id) => state.store.organisation(id).await?,
            None => None,
        };
        let items = match (is_backbone, &organisation) {
            (true, _) => {
                let open = state.store.action_items(i.row.id, None, None, true).await?;
                item_views(&page, &i, open).into_iter().filter(|v| v.overdue).collect()
            }
            (false, Some(org)) => {
                item_views(&page, &i, state.store.action_items(i.row.id, Some(org.id), None, true).await?)
            }
            (false, None) => Vec::new(),
        };
        let meetings = state.store.upcoming_meetings(i.row.id, now, 5).await?;
        let commitments = match (is_backbone, &organisation) {
            (false, Some(org)) => state
                .store
                .commitments_of_organisation(i.row.id, org.id)
                .await?
                .into_iter()
                .map(|c| my_commitment(&page, c))
                .collect(),
            _ => Vec::new(),
        };
        workspaces.push(Workspace { items, initiative: i.row, organisation, is_backbone, meetings, commitments });
    }
    workspaces.sort_by(|a, b| a.initiative.name.cmp(&b.initiative.name));
    render(MyPage { page, workspaces })
}
