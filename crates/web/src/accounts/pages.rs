//! Accounts: sign-up with e-mail confirmation, log in and out, password reset, the account page
//! (name, e-mail, password, language, API tokens) and deleting one's account.

use crate::http::auth::{password, tokens};
use crate::http::client_ip::ClientIp;
use crate::http::error::WebError;
use crate::http::form::cookie_value;
use crate::http::form::{CsrfForm, FormView, NoFields};
use crate::http::page::{Page, SESSION_USER, flash};
use crate::http::page::{form_error, render};
use crate::http::rate_limit::{
    LOGIN_PER_IP, LoginThrottle, MAIL_PER_ACCOUNT, PASSWORD_CHECK_PER_ACCOUNT, RESET_PER_IP, SIGNUP_PER_IP,
};
use crate::http::state::AppState;
use crate::pages::safe_return_path;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use rygrad_domain::FieldError;
use rygrad_domain::FieldErrors;
use rygrad_domain::account::{Email, NewPassword, parse_person_name};
use rygrad_store::StoreError;
use rygrad_store::accounts::ApiToken;
use rygrad_store::accounts::{NewUser, TokenPurpose, token_lifetime};
use rygrad_store::outbox::NewMail;
use tower_sessions::Session;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/konto/opret", get(signup_form).post(signup))
        .route("/konto/bekraeft/{token}", get(confirm_email))
        .route("/konto/ny-email/{token}", get(confirm_new_email))
        .route("/log-ind", get(login_form).post(login))
        .route("/log-ind/link", post(send_login_link))
        .route("/log-ind/link/{token}", get(login_link_form).post(login_by_link))
        .route("/log-ud", post(logout))
        .route("/konto/glemt", get(forgot_form).post(forgot))
        .route("/konto/nulstil/{token}", get(reset_form).post(reset))
        .route("/konto", get(account))
        .route("/konto/navn", post(change_name))
        .route("/konto/email", post(change_email))
        .route("/konto/adgangskode", post(change_password))
        .route("/konto/tokens", post(create_token))
        .route("/konto/tokens/{id}/slet", post(revoke_token))
        .route("/konto/slet", post(delete_account))
}

fn link(state: &AppState, path: &str) -> String {
    format!("{}{path}", state.config.base_url.trim_end_matches('/'))
}

/// Mails a single-use link to `to`.
async fn mail_token(
    state: &AppState,
    page: &Page,
    user_id: i64,
    to: &str,
    purpose: TokenPurpose,
    new_email: Option<&str>,
) -> Result<(), WebError> {
    let token = tokens::new_token();
    let (path, subject, body) = match purpose {
        TokenPurpose::ConfirmEmail => (format!("/konto/bekraeft/{token}"), "mail-confirm-subject", "mail-confirm-body"),
        TokenPurpose::ChangeEmail => (format!("/konto/ny-email/{token}"), "mail-change-subject", "mail-change-body"),
        TokenPurpose::ResetPassword => (format!("/konto/nulstil/{token}"), "mail-reset-subject", "mail-reset-body"),
        TokenPurpose::LogIn => (format!("/log-ind/link/{token}"), "mail-login-subject", "mail-login-body"),
    };
    let mail = NewMail {
        to: to.to_owned(),
        subject: page.t(subject),
        body: page.tr.t1(body, "link", link(state, &path)),
        attachment: None,
    };
    state
        .store
        .create_email_token(user_id, purpose, &tokens::hash_token(&token), new_email, token_lifetime(purpose), &mail)
        .await?;
    state.wake_mailer();
    Ok(())
}

/// Tells the owner of `account` that someone tried to use their address for another account
/// (`body`: by signing up or by changing address), with a link to reset the password; done in
/// place of saying "taken", so that forms do not reveal who has an account.
async fn mail_address_in_use(
    state: &AppState,
    page: &Page,
    account_id: i64,
    email: &str,
    body: &str,
) -> Result<(), WebError> {
    let mail = NewMail {
        to: email.to_owned(),
        subject: page.t("mail-exists-subject"),
        body: page.tr.t1(body, "link", link(state, "/konto/glemt")),
        attachment: None,
    };
    state.store.mail_user(account_id, &mail).await?;
    state.wake_mailer();
    Ok(())
}

// ---- sign-up ----

#[derive(serde::Deserialize, serde::Serialize, Default)]
struct SignupInput {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default, skip_serializing)]
    password: String,
}

#[derive(Template)]
#[template(path = "accounts/signup.html")]
struct SignupPage {
    page: Page,
    form: FormView,
}

async fn signup_form(page: Page) -> Result<Response, WebError> {
    if page.user.is_some() {
        return Ok(Redirect::to("/konto").into_response());
    }
    render(SignupPage { page, form: FormView::empty() })
}

async fn signup(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    ClientIp(ip): ClientIp,
    CsrfForm(input): CsrfForm<SignupInput>,
) -> Result<Response, WebError> {
    state.check_rate(SIGNUP_PER_IP, &ip).await?;
    let mut errors = FieldErrors::default();
    let name = errors.take("name", parse_person_name(&input.name));
    let email = errors.take("email", Email::parse(&input.email));
    let password = errors.take("password", NewPassword::parse(&input.password));
    let (Some(name), Some(email), Some(password)) = (name, email, password) else {
        return form_error(SignupPage { form: FormView::new(&input, &errors, &page.tr), page });
    };
    let hash = password::hash(password.expose().to_owned()).await?;
    let created = state
        .store
        .create_user(NewUser {
            email: email.as_str(),
            name: &name,
            password_hash: &hash,
            is_admin: false,
            email_confirmed: false,
        })
        .await;
    match created {
        Ok(user) => {
            mail_token(&state, &page, user.id, email.as_str(), TokenPurpose::ConfirmEmail, None).await?;
        }
        // Say the same as for a new account, so the form does not reveal who has one; tell the
        // owner by mail instead.
        Err(StoreError::Taken(_)) => {
            if let Some(owner) = state.store.user_by_email(email.as_str()).await? {
                mail_address_in_use(&state, &page, owner.id, &owner.email, "mail-exists-body").await?;
            }
        }
        Err(e) => return Err(e.into()),
    }
    flash(&session, page.tr.t1("signup-check-mail", "email", email.as_str())).await?;
    Ok(Redirect::to("/log-ind").into_response())
}

async fn confirm_email(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let confirmed = state.store.redeem_email_token(TokenPurpose::ConfirmEmail, &tokens::hash_token(&token)).await?;
    let message = if confirmed.is_some() { "confirm-done" } else { "token-invalid" };
    flash(&session, page.t(message)).await?;
    let target = if page.user.is_some() { "/konto" } else { "/log-ind" };
    Ok(Redirect::to(target).into_response())
}

async fn confirm_new_email(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let message = match state.store.redeem_email_token(TokenPurpose::ChangeEmail, &tokens::hash_token(&token)).await {
        Ok(Some(_)) => "email-changed",
        Ok(None) => "token-invalid",
        Err(StoreError::Taken(_)) => "err-taken",
        Err(e) => return Err(e.into()),
    };
    flash(&session, page.t(message)).await?;
    Ok(Redirect::to("/konto").into_response())
}

// ---- log in and out ----

#[derive(serde::Deserialize, serde::Serialize, Default)]
struct LoginInput {
    #[serde(default)]
    email: String,
    #[serde(default, skip_serializing)]
    password: String,
    #[serde(default)]
    naeste: String,
}

#[derive(serde::Deserialize, Default)]
struct NextQuery {
    #[serde(default)]
    naeste: String,
}

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginPage {
    page: Page,
    form: FormView,
    next: String,
    demo_users: Vec<(&'static str, &'static str)>,
    demo_password: &'static str,
    failed: bool,
    /// Seconds this browser must wait before its next try, after repeated failures.
    wait_secs: Option<i64>,
}

/// The demo accounts, listed on the login page in demo mode only.
pub const DEMO_USERS: [(&str, &str); 4] = [
    ("admin@demo.rygrad.dk", "person-role-admin"),
    ("sekretariat@demo.rygrad.dk", "person-role-backbone"),
    ("medlem@demo.rygrad.dk", "person-role-member"),
    ("borger@demo.rygrad.dk", "person-role-public"),
];
pub const DEMO_PASSWORD: &str = "demo-adgang";

/// A long-lived cookie naming a browser its account logged in from: failures elsewhere never
/// slow it down.
pub const DEVICE_COOKIE: &str = "rygrad_device";

fn login_page(page: Page, form: FormView, next: String, failed: bool) -> LoginPage {
    let demo = page.demo;
    LoginPage {
        page,
        form,
        next,
        demo_users: if demo { DEMO_USERS.to_vec() } else { Vec::new() },
        demo_password: DEMO_PASSWORD,
        failed,
        wait_secs: None,
    }
}

async fn login_form(page: Page, Query(q): Query<NextQuery>) -> Result<Response, WebError> {
    render(login_page(page, FormView::empty(), q.naeste, false))
}

/// The login page again with what was typed (never the password): 422 after a wrong password,
/// 429 with `Retry-After` when this source must wait.
fn login_refused(page: Page, input: &LoginInput, wait_secs: Option<i64>) -> Result<Response, WebError> {
    let form = FormView::new(input, &FieldErrors::default(), &page.tr);
    let mut view = login_page(page, form, input.naeste.clone(), wait_secs.is_none());
    view.wait_secs = wait_secs;
    let mut response = render(view)?;
    *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    if let Some(secs) = wait_secs {
        *response.status_mut() = axum::http::StatusCode::TOO_MANY_REQUESTS;
        response.headers_mut().insert(axum::http::header::RETRY_AFTER, secs.into());
    }
    Ok(response)
}

async fn login(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    ClientIp(ip): ClientIp,
    headers: axum::http::HeaderMap,
    CsrfForm(input): CsrfForm<LoginInput>,
) -> Result<Response, WebError> {
    state.check_rate(LOGIN_PER_IP, &ip).await?;
    let email = Email::parse(&input.email).ok();
    let user = match &email {
        Some(e) => state.store.user_by_email(e.as_str()).await?,
        None => None,
    };
    // A browser the account logged in from before has failures of its own; anyone else counts
    // with everyone at the same address. Unknown addresses are throttled alike, revealing nothing.
    let device = cookie_value(&headers, DEVICE_COOKIE).map(|t| tokens::hash_token(&t));
    let known_device = match (&user, &device) {
        (Some(u), Some(d)) => state.store.is_known_device(u.id, d).await?,
        _ => false,
    };
    let source = match &device {
        Some(d) if known_device => format!("device:{d}"),
        _ => ip,
    };
    let throttle = LoginThrottle::new(email.as_ref().map_or("", |e| e.as_str()), &source);
    if let Some(wait) = throttle.wait_secs(&state).await? {
        return login_refused(page, &input, Some(wait));
    }
    let ok = password::verify(input.password.clone(), user.as_ref().map(|u| u.password_hash.clone())).await?;
    let Some(user) = user.filter(|_| ok) else {
        let wait = throttle.failed(&state).await?;
        return login_refused(page, &input, wait);
    };
    throttle.succeeded(&state).await?;
    let next = safe_return_path(if input.naeste.is_empty() { "/" } else { &input.naeste });
    sign_in(&state, &session, (user.id, &user.locale), known_device, next).await
}

/// Signs the account `user_id` in on this browser, in the language it chose last (`locale`),
/// and sends it on to `next`.
async fn sign_in(
    state: &AppState,
    session: &Session,
    (user_id, locale): (i64, &str),
    known_device: bool,
    next: &str,
) -> Result<Response, WebError> {
    // A new session id at login, so that a planted session cookie is worthless.
    session.cycle_id().await.map_err(|e| WebError::Internal(e.into()))?;
    session.insert(SESSION_USER, user_id).await.map_err(|e| WebError::Internal(e.into()))?;
    let mut response = Redirect::to(next).into_response();
    let set_cookie = axum::http::header::SET_COOKIE;
    if !known_device {
        let token = tokens::new_token();
        state.store.add_known_device(user_id, &tokens::hash_token(&token)).await?;
        response.headers_mut().append(set_cookie.clone(), state.config.cookie(DEVICE_COOKIE, &token, Some(400), true));
    }
    // Sign-in brings back the language the person chose last.
    response.headers_mut().append(set_cookie, crate::http::page::lang_cookie(&state.config, locale));
    Ok(response)
}

// ---- a mailed login link ----

#[derive(serde::Deserialize, serde::Serialize, Default)]
struct LoginLinkInput {
    #[serde(default)]
    link_email: String,
}

/// Mails a one-time login link to an account's address; says the same whether there is one.
async fn send_login_link(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    ClientIp(ip): ClientIp,
    CsrfForm(input): CsrfForm<LoginLinkInput>,
) -> Result<Response, WebError> {
    state.check_rate(RESET_PER_IP, &ip).await?;
    let email = match Email::parse(&input.link_email) {
        Ok(email) => email,
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.add("link_email", e);
            let form = FormView::new(&input, &errors, &page.tr);
            return form_error(login_page(page, form, String::new(), false));
        }
    };
    state.check_rate(MAIL_PER_ACCOUNT, email.as_str()).await?;
    if let Some(user) = state.store.user_by_email(email.as_str()).await? {
        mail_token(&state, &page, user.id, &user.email, TokenPurpose::LogIn, None).await?;
    }
    flash(&session, page.t("login-link-sent")).await?;
    Ok(Redirect::to("/log-ind").into_response())
}

#[derive(Template)]
#[template(path = "accounts/login_link.html")]
struct LoginLinkPage {
    page: Page,
    token: String,
}

/// The link asks for a click, so that a mail scanner opening it does not use it up.
async fn login_link_form(
    State(state): State<AppState>,
    page: Page,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    if !state.store.email_token_is_valid(TokenPurpose::LogIn, &tokens::hash_token(&token)).await? {
        return Err(WebError::NotFound);
    }
    render(LoginLinkPage { page, token })
}

async fn login_by_link(
    State(state): State<AppState>,
    session: Session,
    headers: axum::http::HeaderMap,
    Path(token): Path<String>,
    CsrfForm(NoFields {}): CsrfForm<NoFields>,
) -> Result<Response, WebError> {
    let user = state
        .store
        .redeem_email_token(TokenPurpose::LogIn, &tokens::hash_token(&token))
        .await?
        .ok_or(WebError::NotFound)?;
    let device = cookie_value(&headers, DEVICE_COOKIE).map(|t| tokens::hash_token(&t));
    let known_device = match &device {
        Some(d) => state.store.is_known_device(user.id, d).await?,
        None => false,
    };
    sign_in(&state, &session, (user.id, &user.locale), known_device, "/").await
}

async fn logout(session: Session, CsrfForm(NoFields {}): CsrfForm<NoFields>) -> Result<Response, WebError> {
    session.flush().await.map_err(|e| WebError::Internal(e.into()))?;
    Ok(Redirect::to("/").into_response())
}

// ---- forgotten password ----

#[derive(serde::Deserialize, serde::Serialize, Default)]
struct ForgotInput {
    #[serde(default)]
    email: String,
}

#[derive(Template)]
#[template(path = "accounts/forgot.html")]
struct ForgotPage {
    page: Page,
    form: FormView,
}

async fn forgot_form(page: Page) -> Result<Response, WebError> {
    render(ForgotPage { page, form: FormView::empty() })
}

async fn forgot(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    ClientIp(ip): ClientIp,
    CsrfForm(input): CsrfForm<ForgotInput>,
) -> Result<Response, WebError> {
    state.check_rate(RESET_PER_IP, &ip).await?;
    let email = match Email::parse(&input.email) {
        Ok(e) => e,
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.add("email", e);
            return form_error(ForgotPage { form: FormView::new(&input, &errors, &page.tr), page });
        }
    };
    state.check_rate(MAIL_PER_ACCOUNT, email.as_str()).await?;
    if let Some(user) = state.store.user_by_email(email.as_str()).await? {
        mail_token(&state, &page, user.id, &user.email, TokenPurpose::ResetPassword, None).await?;
    }
    flash(&session, page.t("forgot-sent")).await?;
    Ok(Redirect::to("/log-ind").into_response())
}

#[derive(serde::Deserialize, serde::Serialize, Default)]
struct ResetInput {
    #[serde(default, skip_serializing)]
    password: String,
}

#[derive(Template)]
#[template(path = "accounts/reset.html")]
struct ResetPage {
    page: Page,
    form: FormView,
    token: String,
}

async fn reset_form(
    State(state): State<AppState>,
    page: Page,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    if !state.store.email_token_is_valid(TokenPurpose::ResetPassword, &tokens::hash_token(&token)).await? {
        return Err(WebError::NotFound);
    }
    render(ResetPage { page, form: FormView::empty(), token })
}

async fn reset(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(token): Path<String>,
    CsrfForm(input): CsrfForm<ResetInput>,
) -> Result<Response, WebError> {
    let password = match NewPassword::parse(&input.password) {
        Ok(p) => p,
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.add("password", e);
            return form_error(ResetPage { form: FormView::new(&input, &errors, &page.tr), page, token });
        }
    };
    let Some(user) = state.store.redeem_email_token(TokenPurpose::ResetPassword, &tokens::hash_token(&token)).await?
    else {
        return Err(WebError::NotFound);
    };
    let hash = password::hash(password.expose().to_owned()).await?;
    state.store.set_password(user.id, &hash).await?;
    // Whoever knew the old password is out: every session of the account ends, this browser's
    // too if it was signed in, and it logs in with the new password.
    state.store.delete_sessions_of(user.id).await?;
    if page.user.as_ref().is_some_and(|u| u.id == user.id) {
        session.remove::<i64>(SESSION_USER).await.map_err(|e| WebError::Internal(e.into()))?;
        session.cycle_id().await.map_err(|e| WebError::Internal(e.into()))?;
    }
    flash(&session, page.t("reset-done")).await?;
    Ok(Redirect::to("/log-ind").into_response())
}

// ---- the account page ----

#[derive(Template)]
#[template(path = "accounts/account.html")]
struct AccountPage {
    page: Page,
    name_form: FormView,
    email_form: FormView,
    password_form: FormView,
    token_form: FormView,
    delete_form: FormView,
    tokens: Vec<ApiToken>,
    new_token: Option<String>,
}

impl AccountPage {
    async fn new(state: &AppState, page: Page) -> Result<Self, WebError> {
        let user = page.signed_in()?.clone();
        let tokens = state.store.api_tokens_of(user.id).await?;
        #[derive(serde::Serialize)]
        struct Current<'a> {
            name: &'a str,
            email: &'a str,
        }
        let current = Current { name: &user.name, email: &user.email };
        let none = FieldErrors::default();
        Ok(Self {
            name_form: FormView::new(&current, &none, &page.tr),
            email_form: FormView::new(&current, &none, &page.tr),
            password_form: FormView::empty(),
            token_form: FormView::empty(),
            delete_form: FormView::empty(),
            tokens,
            new_token: None,
            page,
        })
    }
}

async fn account(State(state): State<AppState>, page: Page) -> Result<Response, WebError> {
    render(AccountPage::new(&state, page).await?)
}

#[derive(serde::Deserialize, serde::Serialize, Default)]
struct NameInput {
    #[serde(default)]
    name: String,
}

async fn change_name(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    CsrfForm(input): CsrfForm<NameInput>,
) -> Result<Response, WebError> {
    let user = page.signed_in()?.clone();
    match parse_person_name(&input.name) {
        Ok(name) => {
            state.store.set_name(user.id, &name).await?;
            flash(&session, page.t("account-saved")).await?;
            Ok(Redirect::to("/konto").into_response())
        }
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.add("name", e);
            let name_form = FormView::new(&input, &errors, &page.tr);
            let mut view = AccountPage::new(&state, page).await?;
            view.name_form = name_form;
            form_error(view)
        }
    }
}

#[derive(serde::Deserialize, serde::Serialize, Default)]
struct EmailInput {
    #[serde(default)]
    email: String,
}

async fn change_email(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    CsrfForm(input): CsrfForm<EmailInput>,
) -> Result<Response, WebError> {
    let user = page.signed_in()?.clone();
    match Email::parse(&input.email) {
        Ok(email) => {
            // Every attempt counts, and a taken address gets the same answer (its owner is told
            // by mail), so the form cannot be used to find out who has an account.
            state.check_rate(MAIL_PER_ACCOUNT, &format!("user:{}", user.id)).await?;
            match state.store.user_by_email(email.as_str()).await? {
                Some(owner) if owner.id != user.id => {
                    mail_address_in_use(&state, &page, owner.id, &owner.email, "mail-exists-change-body").await?
                }
                _ => {
                    mail_token(&state, &page, user.id, email.as_str(), TokenPurpose::ChangeEmail, Some(email.as_str()))
                        .await?
                }
            }
            flash(&session, page.tr.t1("email-change-sent", "email", email.as_str())).await?;
            Ok(Redirect::to("/konto").into_response())
        }
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.add("email", e);
            let email_form = FormView::new(&input, &errors, &page.tr);
            let mut view = AccountPage::new(&state, page).await?;
            view.email_form = email_form;
            form_error(view)
        }
    }
}

#[derive(serde::Deserialize, serde::Serialize, Default)]
struct PasswordInput {
    #[serde(default, skip_serializing)]
    current_password: String,
    #[serde(default, skip_serializing)]
    new_password: String,
}

async fn check_current_password(state: &AppState, user_id: i64, given: &str) -> Result<bool, WebError> {
    let stored = state.store.user_by_id(user_id).await?.map(|u| u.password_hash);
    Ok(password::verify(given.to_owned(), stored).await?)
}

async fn change_password(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    CsrfForm(input): CsrfForm<PasswordInput>,
) -> Result<Response, WebError> {
    let user = page.signed_in()?.clone();
    state.check_rate(PASSWORD_CHECK_PER_ACCOUNT, &user.email).await?;
    let mut errors = FieldErrors::default();
    if !check_current_password(&state, user.id, &input.current_password).await? {
        errors.add("current_password", FieldError::new("wrong-password"));
    }
    let new = errors.take("new_password", NewPassword::parse(&input.new_password));
    match new {
        Some(new) if errors.is_empty() => {
            let hash = password::hash(new.expose().to_owned()).await?;
            state.store.set_password(user.id, &hash).await?;
            // Every other session ends; this one lives on under a new id (written back when the
            // response goes out).
            state.store.delete_sessions_of(user.id).await?;
            session.cycle_id().await.map_err(|e| WebError::Internal(e.into()))?;
            flash(&session, page.t("password-changed")).await?;
            Ok(Redirect::to("/konto").into_response())
        }
        _ => {
            let password_form = FormView::new(&input, &errors, &page.tr);
            let mut view = AccountPage::new(&state, page).await?;
            view.password_form = password_form;
            form_error(view)
        }
    }
}

#[derive(serde::Deserialize, serde::Serialize, Default)]
struct TokenInput {
    #[serde(default)]
    label: String,
}

async fn create_token(
    State(state): State<AppState>,
    page: Page,
    CsrfForm(input): CsrfForm<TokenInput>,
) -> Result<Response, WebError> {
    let user = page.signed_in()?.clone();
    match rygrad_domain::text::required_line(&input.label, 80) {
        Ok(label) => {
            let token = tokens::new_token();
            state.store.create_api_token(user.id, &tokens::hash_token(&token), &label).await?;
            let mut view = AccountPage::new(&state, page).await?;
            view.new_token = Some(token);
            render(view)
        }
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.add("label", e);
            let token_form = FormView::new(&input, &errors, &page.tr);
            let mut view = AccountPage::new(&state, page).await?;
            view.token_form = token_form;
            form_error(view)
        }
    }
}

async fn revoke_token(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(id): Path<i64>,
    CsrfForm(NoFields {}): CsrfForm<NoFields>,
) -> Result<Response, WebError> {
    let user = page.signed_in()?;
    state.store.revoke_api_token(user.id, id).await?;
    flash(&session, page.t("token-revoked")).await?;
    Ok(Redirect::to("/konto").into_response())
}

#[derive(serde::Deserialize, serde::Serialize, Default)]
struct DeleteInput {
    #[serde(default, skip_serializing)]
    password: String,
}

async fn delete_account(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    CsrfForm(input): CsrfForm<DeleteInput>,
) -> Result<Response, WebError> {
    let user = page.signed_in()?.clone();
    state.check_rate(PASSWORD_CHECK_PER_ACCOUNT, &user.email).await?;
    if !check_current_password(&state, user.id, &input.password).await? {
        let mut errors = FieldErrors::default();
        errors.add("password", FieldError::new("wrong-password"));
        let delete_form = FormView::new(&input, &errors, &page.tr);
        let mut view = AccountPage::new(&state, page).await?;
        view.delete_form = delete_form;
        return form_error(view);
    }
    state.store.delete_user(user.id).await?;
    session.flush().await.map_err(|e| WebError::Internal(e.into()))?;
    flash(&session, page.t("account-deleted")).await?;
    Ok(Redirect::to("/").into_response())
}
