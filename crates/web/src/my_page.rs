//! My page (`/mig`): per initiative the person works in, their organisation's open action items
//! and the next meetings; for backbone staff, everything overdue across the alliance.

use crate::error::WebError;
use crate::meetings::{ItemView, item_views};
use crate::page::Page;
use crate::pages::render;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use chrono::Utc;
use rygrad_domain::invitation::InitiativeRole;
use rygrad_store::entity::{initiative, meeting, organisation};

pub fn router() -> Router<AppState> {
    Router::new().route("/mig", get(show))
}

/// One initiative on my page.
pub struct Workspace {
    pub initiative: initiative::Model,
    /// The organisation the person acts for (members), none for backbone staff.
    pub organisation: Option<organisation::Model>,
    pub is_backbone: bool,
    /// Members: their organisation's open items. Backbone: open items that are overdue.
    pub items: Vec<ItemView>,
    pub meetings: Vec<meeting::Model>,
    // Commitments: the organisation's commitments and their delivery go here when that concept
    // is merged (see the template's matching section).
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
        let is_backbone = grant.role == InitiativeRole::Backbone;
        let organisation = match grant.organisation_id {
            Some(id) => state.store.organisation(id).await?,
            None => None,
        };
        let items = match (is_backbone, &organisation) {
            (true, _) => {
                let open = state.store.action_items(i.row.id, None, None, true).await?;
                item_views(&page, open).into_iter().filter(|v| v.overdue).collect()
            }
            (false, Some(org)) => {
                item_views(&page, state.store.action_items(i.row.id, Some(org.id), None, true).await?)
            }
            (false, None) => Vec::new(),
        };
        let meetings = state.store.upcoming_meetings(i.row.id, now, 5).await?;
        workspaces.push(Workspace { items, initiative: i.row, organisation, is_backbone, meetings });
    }
    workspaces.sort_by(|a, b| a.initiative.name.cmp(&b.initiative.name));
    render(MyPage { page, workspaces })
}
