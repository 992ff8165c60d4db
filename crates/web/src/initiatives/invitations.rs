//! Accepting an invitation: with the account one is signed in to, or by creating one on the spot
//! (the mailed link proves the address, so that account starts confirmed).

use crate::http::auth::{password, tokens};
use crate::http::error::WebError;
use crate::http::form::{CsrfForm, FormView, NoFields};
use crate::http::page::form_error;
use crate::http::page::render;
use crate::http::page::{Page, SESSION_USER, flash};
use crate::http::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use rygrad_domain::FieldErrors;
use rygrad_domain::account::{NewPassword, parse_person_name};
use rygrad_store::accounts::NewUser;
use rygrad_store::invitations::OpenInvitation;
use rygrad_store::{AuditActor, StoreError};
use tower_sessions::Session;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/invitation/{token}", get(show).post(accept))
        .route("/invitation/{token}/opret", post(create_account_and_accept))
}

#[derive(Template)]
#[template(path = "invitations/show.html")]
struct ShowPage {
    page: Page,
    invitation: OpenInvitation,
    token: String,
    form: FormView,
    account_exists: bool,
}

async fn open(state: &AppState, token: &str) -> Result<OpenInvitation, WebError> {
    state.store.open_invitation(&tokens::hash_token(token)).await?.ok_or(WebError::NotFound)
}

async fn show_page(state: &AppState, page: Page, token: String, form: FormView) -> Result<ShowPage, WebError> {
    let invitation = open(state, &token).await?;
    let account_exists = state.store.user_by_email(&invitation.row.email).await?.is_some();
    Ok(ShowPage { page, invitation, token, form, account_exists })
}

async fn show(State(state): State<AppState>, page: Page, Path(token): Path<String>) -> Result<Response, WebError> {
    render(show_page(&state, page, token, FormView::empty()).await?)
}

async fn accept(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(token): Path<String>,
    CsrfForm(NoFields {}): CsrfForm<NoFields>,
) -> Result<Response, WebError> {
    let user = page.signed_in()?.clone();
    let invitation = open(&state, &token).await?;
    let by = AuditActor { user_id: Some(user.id), name: user.name.clone() };
    if !state.store.accept_invitation(invitation.row.id, user.id, &by).await? {
        return Err(WebError::NotFound);
    }
    flash(&session, page.tr.t1("invitation-welcome", "initiative", &invitation.initiative.name)).await?;
    Ok(Redirect::to(&format!("/initiativer/{}", invitation.initiative.slug)).into_response())
}

#[derive(serde::Deserialize, serde::Serialize, Default)]
struct NewAccountInput {
    #[serde(default)]
    name: String,
    #[serde(default, skip_serializing)]
    password: String,
}

async fn create_account_and_accept(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(token): Path<String>,
    CsrfForm(input): CsrfForm<NewAccountInput>,
) -> Result<Response, WebError> {
    let invitation = open(&state, &token).await?;
    let mut errors = FieldErrors::default();
    let name = errors.take("name", parse_person_name(&input.name));
    let password = errors.take("password", NewPassword::parse(&input.password));
    let (Some(name), Some(password)) = (name, password) else {
        let form = FormView::new(&input, &errors, &page.tr);
        return form_error(show_page(&state, page, token, form).await?);
    };
    let hash = password::hash(password.expose().to_owned()).await?;
    let user = match state
        .store
        .create_user(NewUser {
            email: &invitation.row.email,
            name: &name,
            password_hash: &hash,
            is_admin: false,
            email_confirmed: true,
        })
        .await
    {
        Ok(user) => user,
        // The address got an account meanwhile: sign in to accept instead.
        Err(StoreError::Taken(_)) => {
            return Ok(Redirect::to(&format!("/log-ind?naeste=/invitation/{token}")).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    let by = AuditActor { user_id: Some(user.id), name: user.name.clone() };
    state.store.accept_invitation(invitation.row.id, user.id, &by).await?;
    session.cycle_id().await.map_err(|e| WebError::Internal(e.into()))?;
    session.insert(SESSION_USER, user.id).await.map_err(|e| WebError::Internal(e.into()))?;
    flash(&session, page.tr.t1("invitation-welcome", "initiative", &invitation.initiative.name)).await?;
    Ok(Redirect::to(&format!("/initiativer/{}", invitation.initiative.slug)).into_response())
}
