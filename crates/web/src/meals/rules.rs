//! What the meal's pages and its API share: who may see a meal (one not published is "not
//! found" to those who do not manage it), its policy scope, and signing a guest up.

use crate::http::auth::tokens;
use crate::http::error::WebError;
use crate::http::i18n::Tr;
use crate::http::rate_limit::Limit;
use crate::http::state::AppState;
use chrono::Utc;
use rygrad_domain::meal::JoinMode;
use rygrad_domain::meal::MealStatus;
use rygrad_domain::policy::{Action, MealScope};
use rygrad_domain::relay::BatonCode;
use rygrad_domain::signup::Guest;
use rygrad_domain::signup::SignupStatus;
use rygrad_domain::{FieldError, FieldErrors};
use rygrad_store::StoreError;
use rygrad_store::meals::Meal;
use rygrad_store::outbox::NewMail;
use rygrad_store::signups::{NewSignup, Signup};

pub const SIGNUP_PER_MEAL_IP: Limit = Limit { name: "meal-signup-ip", max: 20, window_secs: 3600 };

pub fn scope(m: &Meal, initiative_id: Option<i64>) -> MealScope {
    MealScope { host_user_id: m.host_user_id, organisation_id: m.organisation_id, initiative_id }
}

/// The initiative a meal belongs to (through its campaign), for the policy.
pub(crate) async fn initiative_of(state: &AppState, m: &Meal) -> Result<Option<i64>, WebError> {
    Ok(match m.campaign_id {
        Some(id) => state.store.campaign(id).await?.map(|c| c.initiative_id),
        None => None,
    })
}

/// A meal anyone may see: published, or the viewer manages it. Any other is not found, exactly
/// like a missing one (pages and API alike).
pub(crate) async fn visible(
    state: &AppState,
    actor: &rygrad_domain::policy::Actor,
    id: i64,
) -> Result<(Meal, MealScope), WebError> {
    let m = state.store.meal(id).await?.ok_or(WebError::NotFound)?;
    let scope = scope(&m, initiative_of(state, &m).await?);
    if m.status != MealStatus::Published && !rygrad_domain::policy::allows(actor, &Action::ManageMeal(scope)) {
        return Err(WebError::NotFound);
    }
    Ok((m, scope))
}

/// The published meal a baton code names (a relay's pages and API); any other is not found.
pub(crate) async fn published_by_baton(state: &AppState, code: &str) -> Result<(BatonCode, Meal), WebError> {
    let code = BatonCode::parse(code).map_err(|_| WebError::NotFound)?;
    let m = state
        .store
        .meal_by_baton(code.as_str())
        .await?
        .filter(|m| m.status == MealStatus::Published)
        .ok_or(WebError::NotFound)?;
    Ok((code, m))
}

/// Signs a guest up and mails the confirmation with the meal's calendar entry and a cancel link.
pub async fn register_guest(
    state: &AppState,
    tr: &Tr,
    m: &Meal,
    guest: &Guest,
) -> Result<Result<Signup, FieldErrors>, WebError> {
    let mut errors = FieldErrors::default();
    if m.join_mode != JoinMode::SignUp || m.status != MealStatus::Published {
        errors.add("name", FieldError::new("signup-closed"));
        return Ok(Err(errors));
    }
    if m.starts_at < Utc::now() {
        errors.add("name", FieldError::new("meal-in-past"));
        return Ok(Err(errors));
    }
    if i64::from(guest.party_size) > i64::from(m.capacity) {
        errors.add("party_size", FieldError::new("party-larger-than-meal"));
        return Ok(Err(errors));
    }
    let token = tokens::new_token();
    let new = NewSignup {
        meal_id: m.id,
        name: &guest.name,
        email: guest.email.as_str(),
        party_size: guest.party_size,
        note: &guest.note,
        cancel_token_hash: &tokens::hash_token(&token),
    };
    let base = state.config.base_url.trim_end_matches('/');
    // The guest is told whether they have a seat or wait, in the sign-up's own transaction.
    let mail = |row: &Signup| {
        let key = if row.status == SignupStatus::Confirmed {
            "mail-signup-confirmed-body"
        } else {
            "mail-signup-waitlisted-body"
        };
        NewMail {
            to: guest.email.as_str().to_owned(),
            subject: tr.t1("mail-signup-subject", "title", &m.title),
            body: tr.with(
                key,
                &[
                    ("name", guest.name.clone()),
                    ("title", m.title.clone()),
                    ("when", tr.datetime(&m.starts_at)),
                    ("address", m.address.clone()),
                    ("link", format!("{base}/maaltider/{}", m.id)),
                    ("cancel", format!("{base}/afmeld/{token}")),
                ],
            ),
            attachment: Some(crate::meals::calendar::meal_ics(state, m)),
        }
    };
    let row = match state.store.sign_up(new, mail).await {
        Ok(row) => row,
        Err(StoreError::Taken(_)) => {
            errors.add("email", FieldError::new("already-signed-up"));
            return Ok(Err(errors));
        }
        Err(e) => return Err(e.into()),
    };
    state.wake_mailer();
    Ok(Ok(row))
}
