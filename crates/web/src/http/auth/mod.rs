//! Authentication: password hashing, server-side sessions in the database, mailed and API
//! tokens, and the actor behind an API request.

pub mod password;
mod session_store;
pub mod tokens;

use crate::http::error::WebError;
use crate::http::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use rygrad_domain::policy::Actor;
use rygrad_store::AuditActor;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

pub use session_store::DbSessionStore;

pub const SESSION_COOKIE: &str = "rygrad_session";

pub fn session_layer(state: &AppState) -> SessionManagerLayer<DbSessionStore> {
    SessionManagerLayer::new(DbSessionStore::new(state.store.clone()))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(tower_sessions::cookie::time::Duration::days(14)))
}

/// The policy's answer as a response: allowed, 401 for an anonymous actor (log in), or 403.
/// Pages and the API ask through this one function.
pub fn require(
    actor: &rygrad_domain::policy::Actor,
    action: &rygrad_domain::policy::Action<'_>,
) -> Result<(), WebError> {
    if rygrad_domain::policy::allows(actor, action) {
        Ok(())
    } else if actor.user_id.is_none() {
        Err(WebError::Unauthenticated)
    } else {
        Err(WebError::Forbidden)
    }
}

/// The person behind an API request with `Authorization: Bearer <token>`, or the public.
pub struct ApiActor {
    pub actor: Actor,
    pub audit: AuditActor,
}

impl ApiActor {
    pub fn require(&self, action: &rygrad_domain::policy::Action<'_>) -> Result<(), WebError> {
        require(&self.actor, action)
    }
}

impl FromRequestParts<AppState> for ApiActor {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(header) = parts.headers.get(axum::http::header::AUTHORIZATION) else {
            return Ok(ApiActor { actor: Actor::anonymous(), audit: AuditActor::system() });
        };
        let token = header.to_str().ok().and_then(|h| h.strip_prefix("Bearer ")).ok_or(WebError::Unauthenticated)?;
        let user =
            state.store.user_by_api_token(&tokens::hash_token(token.trim())).await?.ok_or(WebError::Unauthenticated)?;
        Ok(ApiActor {
            actor: Actor {
                user_id: Some(user.id),
                is_admin: user.is_admin,
                email_confirmed: user.email_confirmed_at.is_some(),
                grants: state.store.grants_of(user.id).await?,
            },
            audit: AuditActor { user_id: Some(user.id), name: user.name },
        })
    }
}
