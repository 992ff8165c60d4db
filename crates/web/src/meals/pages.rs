//! Danmark spiser sammen, the public side: find a meal near you, sign up, host a meal, pass the
//! baton on. Works without JavaScript.

use crate::http::auth::tokens;
use crate::http::client_ip::ClientIp;
use crate::http::error::WebError;
use crate::http::form::{CsrfForm, FormView, NoFields};
use crate::http::i18n::Tr;
use crate::http::page::form_error;
use crate::http::page::render;
use crate::http::page::{Page, flash_redirect};
use crate::http::rate_limit::{Limit, SIGNUP_PER_IP};
use crate::http::state::AppState;
use crate::meals::rules::{SIGNUP_PER_MEAL_IP, published_by_baton, register_guest, visible};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::Utc;
use rygrad_domain::geo::geodata;
use rygrad_domain::meal::MealStatus;
use rygrad_domain::meal::{JoinMode, MealInput, THEMES};
use rygrad_domain::policy::Action;
use rygrad_domain::relay::BatonCode;
use rygrad_domain::signup::SignupInput;
use rygrad_domain::signup::SignupStatus;
use rygrad_domain::{FieldError, FieldErrors};
use rygrad_store::StoreError;
use rygrad_store::campaigns::Campaign;
use rygrad_store::meal_index::MealSummary;
use rygrad_store::meals::{Meal, MealOwner, MealSearch, distance_km};
use rygrad_store::outbox::{AboutKind, NewMail};
use rygrad_store::relay::{LargestRelays, RelayMeal, RelayOverview, RelayStats, RelaySummary};
use rygrad_store::signups::Signup;
use tower_sessions::Session;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(find))
        .route("/maaltider", get(find))
        .route("/maaltider/ny", get(new_form).post(create))
        .route("/maaltider/{id}", get(show))
        .route("/maaltider/{id}/tilmeld", post(sign_up))
        .route("/maaltider/{id}/rediger", get(edit_form).post(update))
        .route("/maaltider/{id}/gaester", get(guests))
        .route("/maaltider/{id}/gaester.csv", get(guests_csv))
        .route("/maaltider/{id}/anmeld", post(report))
        .route("/maaltider/{id}/moderer", post(moderate))
        .route("/afmeld/{token}", get(cancel_form).post(cancel))
        .route("/stafet", get(relay_lookup))
        .route("/stafet/{code}", get(relay))
}

const PER_PAGE: u64 = 20;
/// Meals drawn on the finder's map at most.
const MAP_LIMIT: u64 = 50_000;
const RADII: [u32; 6] = [5, 10, 25, 50, 100, 300];

// ---- find ----

#[derive(serde::Deserialize, serde::Serialize, Default, Clone)]
struct FindQuery {
    #[serde(default)]
    sted: String,
    #[serde(default)]
    radius: Option<u32>,
    #[serde(default)]
    fra: String,
    #[serde(default)]
    til: String,
    #[serde(default)]
    tema: String,
    #[serde(default)]
    side: Option<u64>,
    #[serde(default)]
    lat: String,
    #[serde(default)]
    lon: String,
}

/// A meal as a list shows it.
pub struct MealCard {
    pub meal: MealSummary,
    pub distance_km: Option<f64>,
    pub seats_left: i64,
}

#[derive(Template)]
#[template(path = "meals/find.html")]
struct FindPage {
    page: Page,
    query: FindQuery,
    place_label: Option<String>,
    place_error: Option<String>,
    cards: Vec<MealCard>,
    total: u64,
    page_no: u64,
    pages: u64,
    radius: u32,
    radii: Vec<u32>,
    themes: Vec<&'static str>,
    map: crate::meals::map::MapView,
    /// The map's search for the zoomable map's cluster requests (`from`, `to`, `theme`).
    cluster_query: String,
    center: Option<(f64, f64)>,
    /// The calendar feed of these meals, to download (a path) or subscribe to (`webcal://`).
    feed_url: String,
    webcal_url: String,
}

impl FindPage {
    fn page_link(&self, page_no: u64) -> String {
        let mut q = self.query.clone();
        q.side = Some(page_no);
        format!("?{}", serde_html_form::to_string(&q).unwrap_or_default())
    }
}

async fn find(State(state): State<AppState>, page: Page, Query(q): Query<FindQuery>) -> Result<Response, WebError> {
    let radius = q.radius.filter(|r| RADII.contains(r)).unwrap_or(25);
    let mut place_label = None;
    let mut place_error = None;
    let mut center = None;
    let mut municipality_code = None;
    if let (Ok(lat), Ok(lon)) = (q.lat.parse::<f64>(), q.lon.parse::<f64>())
        && rygrad_domain::geo::Geodata::in_denmark_box(lat, lon)
    {
        center = Some((lat, lon));
        place_label = Some(page.t("find-my-location"));
        municipality_code = geodata().municipality_at(lat, lon).map(|m| m.code.clone());
    } else if !q.sted.trim().is_empty() {
        match geodata().geocode(&q.sted, 1).into_iter().next() {
            Some(place) => {
                center = Some((place.lat, place.lon));
                place_label = Some(place.label);
                municipality_code = Some(place.municipality_code);
            }
            None => place_error = Some(page.t("err-place-not-found")),
        }
    }
    let today = rygrad_domain::format::local_date(Utc::now());
    let from = rygrad_domain::initiative::parse_optional_date(&q.fra).ok().flatten().unwrap_or(today);
    let to = rygrad_domain::initiative::parse_optional_date(&q.til).ok().flatten();
    let search = MealSearch {
        near: center.map(|(lat, lon)| (lat, lon, f64::from(radius))),
        // Meals that have already ended today are not upcoming.
        from: rygrad_domain::meal::local_instant(from, chrono::NaiveTime::MIN).ok().map(|t| t.max(Utc::now())),
        to: to.and_then(|d| rygrad_domain::meal::local_instant(d, chrono::NaiveTime::from_hms_opt(23, 59, 59)?).ok()),
        theme: Some(q.tema.clone()).filter(|t| THEMES.contains(&t.as_str())),
        ..Default::default()
    };
    let page_no = q.side.unwrap_or(1).clamp(1, 10_000);
    let (meals, total) = state.store.find_meals(&search, (page_no - 1) * PER_PAGE, PER_PAGE).await?;
    let cards: Vec<MealCard> = meals
        .into_iter()
        .map(|m| MealCard {
            distance_km: center.map(|(lat, lon)| distance_km(lat, lon, m.lat, m.lon)),
            seats_left: m.seats_left(),
            meal: m,
        })
        .collect();
    // The map draws exactly the meals the list pages through: the same search.
    let points: Vec<(f64, f64)> =
        state.store.meal_points(&search, MAP_LIMIT).await?.iter().map(|p| (p.lat, p.lon)).collect();
    let map = crate::meals::map::MapView::clustered(&points, center, radius, |n| page.tr.count("meal-count", n as i64));
    let cluster_query = serde_html_form::to_string(
        [
            search.from.map(|t| ("from", t.to_rfc3339())),
            search.to.map(|t| ("to", t.to_rfc3339())),
            search.theme.clone().map(|t| ("theme", t)),
            search.near.map(|(lat, _, _)| ("near_lat", lat.to_string())),
            search.near.map(|(_, lon, _)| ("near_lon", lon.to_string())),
            search.near.map(|(_, _, km)| ("radius_km", km.to_string())),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>(),
    )
    .unwrap_or_default();
    let feed_url = crate::meals::calendar::feed_path(search.theme.as_deref(), municipality_code.as_deref());
    let base = state.config.base_url.trim_end_matches('/');
    let webcal_url = format!("webcal://{}{feed_url}", base.split_once("://").map_or(base, |(_, host)| host));
    render(FindPage {
        feed_url,
        webcal_url,
        cluster_query,
        center,
        page,
        query: q,
        place_label,
        place_error,
        pages: total.div_ceil(PER_PAGE).max(1),
        cards,
        total,
        page_no,
        radius,
        radii: RADII.to_vec(),
        themes: THEMES.to_vec(),
        map,
    })
}

// ---- host ----

/// Campaigns a host may put a meal in: open, of initiatives the host can see.
async fn visible_open_campaigns(state: &AppState, page: &Page) -> Result<Vec<Campaign>, WebError> {
    let mut out = Vec::new();
    for c in state.store.open_campaigns(rygrad_domain::format::local_date(Utc::now())).await? {
        if let Some(i) = state.store.initiative(c.initiative_id).await?
            && page.can(&Action::ViewInitiative(crate::initiatives::rules::scope(&i)))
        {
            out.push(c);
        }
    }
    Ok(out)
}

#[derive(Template)]
#[template(path = "meals/form.html")]
struct MealForm {
    page: Page,
    form: FormView,
    themes: Vec<&'static str>,
    join_modes: Vec<&'static str>,
    organisations: Vec<(i64, String)>,
    campaigns: Vec<(i64, String)>,
    suggestion: Option<String>,
    /// Where the form posts: a new meal, or an existing one being edited.
    action: String,
    editing: bool,
}

async fn meal_form(
    state: &AppState,
    page: Page,
    form: FormView,
    suggestion: Option<String>,
) -> Result<MealForm, WebError> {
    let mut organisations = Vec::new();
    for grant in &page.actor.grants {
        if let Some(id) = grant.organisation_id
            && let Some(o) = state.store.organisation(id).await?
            && !organisations.iter().any(|(oid, _)| *oid == id)
        {
            organisations.push((id, o.name));
        }
    }
    let campaigns = visible_open_campaigns(state, &page).await?.into_iter().map(|c| (c.id, c.name)).collect();
    Ok(MealForm {
        page,
        form,
        themes: THEMES.to_vec(),
        join_modes: JoinMode::ALL.iter().map(|m| m.code()).collect(),
        organisations,
        campaigns,
        suggestion,
        action: "/maaltider/ny".into(),
        editing: false,
    })
}

#[derive(serde::Deserialize, Default)]
struct NewQuery {
    #[serde(default)]
    stafet: String,
}

async fn new_form(State(state): State<AppState>, page: Page, Query(q): Query<NewQuery>) -> Result<Response, WebError> {
    page.require(&Action::HostMeal)?;
    let defaults = MealInput { baton_code: q.stafet, capacity: "10".into(), ..Default::default() };
    let form = FormView::new(&defaults, &FieldErrors::default(), &page.tr);
    render(meal_form(&state, page, form, None).await?)
}

async fn create(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    CsrfForm(input): CsrfForm<MealInput>,
) -> Result<Response, WebError> {
    page.require(&Action::HostMeal)?;
    let user = page.signed_in()?.clone();
    state.check_rate(HOST_PER_ACCOUNT, &user.id.to_string()).await?;
    let mut errors = FieldErrors::default();
    let mut suggestion = None;
    let organisation_id = match input.organisation_id.trim() {
        "" => None,
        id => match id.parse::<i64>() {
            Ok(id) if page.can(&Action::HostMealFor(id)) => Some(id),
            _ => {
                errors.add("organisation_id", FieldError::new("unknown-choice"));
                None
            }
        },
    };
    let campaign_id = match input.campaign_id.trim() {
        "" => None,
        id => match id.parse::<i64>() {
            Ok(id) if visible_open_campaigns(&state, &page).await?.iter().any(|c| c.id == id) => Some(id),
            _ => {
                errors.add("campaign_id", FieldError::new("unknown-choice"));
                None
            }
        },
    };
    match input.validate(Utc::now()) {
        Ok(plan) if errors.is_empty() => {
            let owner = MealOwner { host_user_id: Some(user.id), organisation_id, campaign_id };
            match state.store.create_meal(&plan, owner).await {
                Ok(m) => {
                    let code = BatonCode::parse(&m.baton_code).map(|c| c.display()).unwrap_or_default();
                    let message = page.tr.t1("meal-created", "code", code);
                    return flash_redirect(&session, message, &format!("/maaltider/{}", m.id)).await;
                }
                // The baton code is well-formed but belongs to no meal.
                Err(StoreError::NotFound) => errors.add("baton_code", FieldError::new("baton-unknown")),
                Err(e) => return Err(e.into()),
            }
        }
        Ok(_) => {}
        Err(e) => {
            for (field, code) in e.iter() {
                errors.add(field, FieldError::new(code));
            }
        }
    }
    if errors.get("baton_code").is_some() {
        suggestion = state
            .store
            .existing_baton(&BatonCode::near(&input.baton_code))
            .await?
            .and_then(|c| BatonCode::parse(&c).ok())
            .map(|c| c.display());
    }
    let form = FormView::new(&input, &errors, &page.tr);
    form_error(meal_form(&state, page, form, suggestion).await?)
}

pub const HOST_PER_ACCOUNT: Limit = Limit { name: "host-account", max: 30, window_secs: 3600 };

// ---- editing ----

/// The form's values for an existing meal (its place as the pin, times in Copenhagen).
fn input_of(m: &Meal) -> MealInput {
    let local = |t: chrono::DateTime<Utc>| t.with_timezone(&chrono_tz::Europe::Copenhagen);
    MealInput {
        title: m.title.clone(),
        description: m.description.clone(),
        address: m.address.clone(),
        place: geodata().postal_label_near(m.lat, m.lon, &m.municipality_code).unwrap_or_default(),
        lat: format!("{:.5}", m.lat),
        lon: format!("{:.5}", m.lon),
        date: local(m.starts_at).date_naive().to_string(),
        starts_at: local(m.starts_at).format("%H:%M").to_string(),
        ends_at: local(m.ends_at).format("%H:%M").to_string(),
        capacity: m.capacity.to_string(),
        join_mode: m.join_mode.code().to_owned(),
        external_url: m.external_url.clone().unwrap_or_default(),
        themes: m.themes.clone(),
        accessibility: m.accessibility.clone(),
        price: m
            .price_ore
            .map(|p| rygrad_domain::format::number(rygrad_domain::format::Lang::Da, f64::from(p) / 100.0, 2))
            .unwrap_or_default(),
        language: m.language.clone(),
        ..Default::default()
    }
}

async fn edit_page(state: &AppState, page: Page, m: &Meal, form: FormView) -> Result<MealForm, WebError> {
    let mut view = meal_form(state, page, form, None).await?;
    view.action = format!("/maaltider/{}/rediger", m.id);
    view.editing = true;
    Ok(view)
}

async fn edit_form(State(state): State<AppState>, page: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let m = managed(&state, &page, id).await?;
    let form = FormView::new(&input_of(&m), &FieldErrors::default(), &page.tr);
    render(edit_page(&state, page, &m, form).await?)
}

/// The host or the backbone edits a meal; the relay link and the organisation stay.
async fn update(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(id): Path<i64>,
    CsrfForm(mut input): CsrfForm<MealInput>,
) -> Result<Response, WebError> {
    let m = managed(&state, &page, id).await?;
    input.baton_code.clear();
    let mut errors = FieldErrors::default();
    match input.validate(Utc::now()) {
        Ok(plan) => match state.store.update_meal(id, &plan).await {
            Ok(_) => return flash_redirect(&session, page.t("saved"), &format!("/maaltider/{id}")).await,
            Err(StoreError::Taken(_)) => errors.add("capacity", FieldError::new("capacity-below-signups")),
            Err(e) => return Err(e.into()),
        },
        Err(e) => errors = e,
    }
    let form = FormView::new(&input, &errors, &page.tr);
    form_error(edit_page(&state, page, &m, form).await?)
}

// ---- a meal's page and sign-up ----

#[derive(Template)]
#[template(path = "meals/show.html")]
struct ShowPage {
    page: Page,
    summary: String,
    meal: Meal,
    seats_left: i64,
    /// Started already: the sign-up form is not shown (a sign-up would be refused).
    is_past: bool,
    can_manage: bool,
    can_moderate: bool,
    form: FormView,
    relay: RelayStats,
    baton: String,
    og_url: String,
}

async fn show_page(state: &AppState, page: Page, id: i64, form: FormView) -> Result<ShowPage, WebError> {
    let (meal, scope) = visible(state, &page.actor, id).await?;
    let relay = state.store.relay(meal.id).await?.ok_or(WebError::NotFound)?;
    let baton = BatonCode::parse(&meal.baton_code).map(|c| c.display()).unwrap_or_default();
    Ok(ShowPage {
        summary: relay_summary(&page.tr, &relay),
        seats_left: meal.seats_left(),
        is_past: meal.starts_at < Utc::now(),
        can_manage: page.can(&Action::ManageMeal(scope)),
        can_moderate: page.can(&Action::ModerateMeal(scope)),
        og_url: format!("{}/maaltider/{}", state.config.base_url.trim_end_matches('/'), meal.id),
        page,
        meal,
        form,
        relay,
        baton,
    })
}

async fn show(State(state): State<AppState>, page: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let defaults = SignupInput { party_size: "1".into(), ..Default::default() };
    let form = FormView::new(&defaults, &FieldErrors::default(), &page.tr);
    render(show_page(&state, page, id, form).await?)
}

async fn sign_up(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<SignupInput>,
) -> Result<Response, WebError> {
    state.check_rate(SIGNUP_PER_MEAL_IP, &ip).await?;
    state.check_rate(SIGNUP_PER_IP, &format!("meal:{ip}")).await?;
    let (m, _) = visible(&state, &page.actor, id).await?;
    let result = match input.validate() {
        Ok(guest) => register_guest(&state, &page.tr, &m, &guest).await?,
        Err(errors) => Err(errors),
    };
    match result {
        Ok(row) => {
            let key = if row.status == SignupStatus::Confirmed { "signup-confirmed" } else { "signup-waitlisted" };
            let message = page.tr.t1(key, "email", row.email.unwrap_or_default());
            flash_redirect(&session, message, &format!("/maaltider/{id}")).await
        }
        Err(errors) => {
            let form = FormView::new(&input, &errors, &page.tr);
            form_error(show_page(&state, page, id, form).await?)
        }
    }
}

// ---- cancelling ----

#[derive(Template)]
#[template(path = "meals/cancel.html")]
struct CancelPage {
    page: Page,
    token: String,
}

async fn cancel_form(page: Page, Path(token): Path<String>) -> Result<Response, WebError> {
    render(CancelPage { page, token })
}

async fn cancel(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(token): Path<String>,
    CsrfForm(NoFields {}): CsrfForm<NoFields>,
) -> Result<Response, WebError> {
    let base = state.config.base_url.trim_end_matches('/');
    let promoted_mail = |m: &Meal, guest: &Signup| {
        Some(NewMail {
            to: guest.email.clone()?,
            subject: page.tr.t1("mail-signup-subject", "title", &m.title),
            body: page.tr.with(
                "mail-signup-promoted-body",
                &[
                    ("name", guest.name.clone().unwrap_or_default()),
                    ("title", m.title.clone()),
                    ("when", page.tr.datetime(&m.starts_at)),
                    ("link", format!("{base}/maaltider/{}", m.id)),
                ],
            ),
            attachment: None,
        })
    };
    let Some(cancelled) = state.store.cancel_signup(&tokens::hash_token(&token), promoted_mail).await? else {
        return Err(WebError::NotFound);
    };
    state.wake_mailer();
    flash_redirect(&session, page.t("signup-cancelled"), &format!("/maaltider/{}", cancelled.meal_id)).await
}

// ---- the host's guest list ----

#[derive(Template)]
#[template(path = "meals/guests.html")]
struct GuestsPage {
    page: Page,
    meal: Meal,
    guests: Vec<Signup>,
    /// Sign-ups whose mail (confirmation and cancel link) could not be delivered.
    mail_failed: std::collections::HashSet<i64>,
}

async fn managed(state: &AppState, page: &Page, id: i64) -> Result<Meal, WebError> {
    let (m, scope) = visible(state, &page.actor, id).await?;
    page.require(&Action::ManageMeal(scope))?;
    Ok(m)
}

async fn guests(State(state): State<AppState>, page: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let meal = managed(&state, &page, id).await?;
    let guests = state.store.signups_of_meal(id).await?;
    let mail_failed = state.store.with_failed_mail(AboutKind::Signup, guests.iter().map(|g| g.id).collect()).await?;
    render(GuestsPage { page, meal, guests, mail_failed })
}

async fn guests_csv(State(state): State<AppState>, page: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let meal = managed(&state, &page, id).await?;
    let guests = state.store.signups_of_meal(id).await?;
    // A byte-order mark, so that Excel reads the file as UTF-8.
    let mut out = String::from("\u{feff}");
    {
        let mut w = crate::http::export::csv_writer(&mut out);
        w(&[
            page.t("label-name"),
            page.t("label-email"),
            page.t("label-party-size"),
            page.t("label-status"),
            page.t("label-note"),
            page.t("label-created"),
        ]);
        for g in guests {
            w(&[
                g.name.unwrap_or_default(),
                g.email.unwrap_or_default(),
                g.party_size.to_string(),
                page.t(g.status.message_id()),
                g.note.unwrap_or_default(),
                page.tr.datetime(&g.created_at),
            ]);
        }
    }
    let filename = format!("gaester-{}.csv", meal.id);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
        ],
        out,
    )
        .into_response())
}

// ---- reports and moderation ----

async fn report(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    CsrfForm(NoFields {}): CsrfForm<NoFields>,
) -> Result<Response, WebError> {
    state.check_rate(REPORT_PER_IP, &ip).await?;
    visible(&state, &page.actor, id).await?;
    state.store.report_meal(id).await?;
    flash_redirect(&session, page.t("meal-reported"), &format!("/maaltider/{id}")).await
}

pub const REPORT_PER_IP: Limit = Limit { name: "report-ip", max: 10, window_secs: 3600 };

#[derive(serde::Deserialize)]
struct ModerateInput {
    action: String,
}

async fn moderate(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<ModerateInput>,
) -> Result<Response, WebError> {
    let (_, scope) = visible(&state, &page.actor, id).await?;
    page.require(&Action::ModerateMeal(scope))?;
    match input.action.as_str() {
        "flagship" => state.store.set_meal_flagship(id, true).await?,
        "not-flagship" => state.store.set_meal_flagship(id, false).await?,
        "hide" => state.store.set_meal_status(id, MealStatus::Hidden).await?,
        "publish" => state.store.set_meal_status(id, MealStatus::Published).await?,
        _ => return Err(WebError::BadRequest),
    }
    flash_redirect(&session, page.t("saved"), &format!("/maaltider/{id}")).await
}

// ---- the relay ----

fn relay_summary(tr: &Tr, relay: &RelayStats) -> String {
    tr.with(
        "relay-summary",
        &[
            ("meals", tr.count("meal-count", relay.meals as i64)),
            ("guests", tr.count("guest-count", relay.guests)),
            ("generations", tr.count("generation-count", i64::from(relay.generations))),
            ("municipalities", tr.count("municipality-count", relay.municipalities as i64)),
        ],
    )
}

#[derive(serde::Deserialize, Default)]
struct RelayQuery {
    #[serde(default)]
    kode: String,
}

#[derive(Template)]
#[template(path = "meals/relay_lookup.html")]
struct RelayLookupPage {
    page: Page,
    code: String,
    error: Option<String>,
    suggestion: Option<String>,
    longest: Vec<(RelaySummary, Meal)>,
    widest: Vec<(RelaySummary, Meal)>,
    years: Vec<YearMap>,
}

/// The relay's spread up to the end of one year.
pub struct YearMap {
    pub caption: String,
    pub map: crate::meals::map::MapView,
}

/// Maps of the spread, one per year, each showing every meal up to that year's end: the points
/// are taken in time order and added to one set of clusters, drawn at each year's end.
fn spread_by_year(tr: &Tr, points: &[(chrono::DateTime<Utc>, f64, f64)]) -> Vec<YearMap> {
    use chrono::Datelike;
    let mut by_time: Vec<&(chrono::DateTime<Utc>, f64, f64)> = points.iter().collect();
    by_time.sort_by_key(|p| p.0);
    let by_time: Vec<(i32, f64, f64)> =
        by_time.into_iter().map(|(at, lat, lon)| (rygrad_domain::format::local_date(*at).year(), *lat, *lon)).collect();
    let label = |n: usize| tr.count("meal-count", n as i64);
    let mut clusters = crate::meals::map::Clusters::default();
    let mut years = Vec::new();
    for (i, &(year, lat, lon)) in by_time.iter().enumerate() {
        clusters.add(lat, lon);
        if by_time.get(i + 1).is_none_or(|next| next.0 != year) {
            years.push(YearMap {
                caption: tr.t2("relay-year", "year", year, "meals", tr.count("meal-count", (i + 1) as i64)),
                map: crate::meals::map::MapView::of_clusters(&clusters, label),
            });
        }
    }
    years
}

async fn relay_lookup(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<RelayQuery>,
) -> Result<Response, WebError> {
    let mut error = None;
    let mut suggestion = None;
    if !q.kode.trim().is_empty() {
        match BatonCode::parse(&q.kode) {
            Ok(code) if state.store.meal_by_baton(code.as_str()).await?.is_some() => {
                return Ok(Redirect::to(&format!("/stafet/{}", code.as_str())).into_response());
            }
            Ok(_) => error = Some(page.t("err-baton-unknown")),
            Err(e) => error = Some(page.t(format!("err-{}", e.code))),
        }
        suggestion = state
            .store
            .existing_baton(&BatonCode::near(&q.kode))
            .await?
            .and_then(|c| BatonCode::parse(&c).ok())
            .map(|c| c.display());
    }
    let LargestRelays { longest, widest } = state.store.largest_relays(10).await?;
    let years = spread_by_year(&page.tr, &state.store.relay_meal_points(200_000).await?);
    render(RelayLookupPage { page, code: q.kode, error, suggestion, longest, widest, years })
}

#[derive(Template)]
#[template(path = "meals/relay.html")]
struct RelayPage {
    page: Page,
    summary: String,
    years: Vec<YearMap>,
    meal: Meal,
    baton: String,
    relay: RelayStats,
    /// The earliest meals of what grew from this one (itself first), at most [`RELAY_SHOWN`].
    descendants: Vec<RelayMeal>,
    /// Meals of the relay not in `descendants`.
    more: usize,
    map: crate::meals::map::MapView,
}

/// Meals a relay page lists and draws; the spread maps by year count them all.
const RELAY_SHOWN: usize = 500;

async fn relay(State(state): State<AppState>, page: Page, Path(code): Path<String>) -> Result<Response, WebError> {
    let (code, meal) = published_by_baton(&state, &code).await?;
    let RelayOverview { stats: relay, earliest: descendants, spread } =
        state.store.relay_page(meal.id, RELAY_SHOWN).await?.ok_or(WebError::NotFound)?;
    let map = crate::meals::map::MapView::relay(&relay.line, &descendants);
    let years = spread_by_year(&page.tr, &spread);
    let more = relay.meals - descendants.len();
    render(RelayPage {
        summary: relay_summary(&page.tr, &relay),
        years,
        page,
        baton: code.display(),
        meal,
        relay,
        descendants,
        more,
        map,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rygrad_domain::format::Lang;

    #[test]
    fn the_spread_has_a_map_per_year_with_everything_up_to_its_end() {
        let at = |s: &str| s.parse::<chrono::DateTime<Utc>>().unwrap();
        // given out of time order, as a relay's walk yields them; the last is 2026 in Danish time
        let points = [
            (at("2026-04-22T16:00:00Z"), 56.15, 10.2),
            (at("2025-04-22T16:00:00Z"), 55.67, 12.56),
            (at("2025-12-31T23:30:00Z"), 57.04, 9.92),
            (at("2025-04-23T16:00:00Z"), 55.67, 12.56),
        ];
        let years = spread_by_year(&Tr::new(Lang::En), &points);
        let counts: Vec<usize> = years.iter().map(|y| y.map.dots.iter().map(|d| d.count).sum()).collect();
        assert_eq!(counts, [2, 4]);
        assert!(years[0].caption.contains("2025") && years[1].caption.contains("2026"), "{}", years[1].caption);
    }
}
