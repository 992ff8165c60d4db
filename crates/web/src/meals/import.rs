//! Importing meals from an iCalendar file or URL (a Facebook event, another calendar): each event
//! becomes a meal of an organisation, placed by the postal code or town in its location;
//! re-importing updates by UID (or the key derived for events without one); every event left
//! out is reported with its reason.
//!
//! An import is a background job (`rygrad_store::background_jobs`): the upload is checked and
//! queued, a worker reads the file and writes the meals in batches, each batch committed with
//! the job's cursor, so an import interrupted by a crash is resumed by another worker from its
//! last batch and never left silently half-done.

use crate::http::i18n::Tr;
use chrono::{DateTime, Duration, Utc};
use rygrad_calendar::{CalendarEvent, ReadError, check_calendar, read_calendar};
use rygrad_domain::background_job::{JobKind, JobStatus};
use rygrad_domain::geo::geodata;
use rygrad_domain::meal::{ADDRESS_MAX_CHARS, DESCRIPTION_MAX_CHARS, JoinMode, MealPlan, TITLE_MAX_CHARS};
use rygrad_domain::text;
use rygrad_store::background_jobs::{BackgroundJob, JobClaim, JobProgress};
use rygrad_store::meals::{IMPORTED_CAPACITY, ImportOutcome, ImportedMeal};
use rygrad_store::{Store, StoreError};

/// Meals written per transaction: small enough that a batch commits in well under a second,
/// large enough that 20,000 events are 100 transactions.
pub const BATCH_SIZE: usize = 200;

/// What an import job is asked to do: its payload.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ImportTarget {
    pub organisation_id: i64,
    pub campaign_id: Option<i64>,
    /// Occurrences starting inside this window are imported (see `read_calendar`).
    pub window: (DateTime<Utc>, DateTime<Utc>),
}

/// An import's result: the job's result, complete when the job is done.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ImportSummary {
    pub imported: usize,
    pub updated: usize,
    pub skipped: Vec<Skipped>,
}

impl ImportSummary {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("numbers and strings always serialise")
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Skipped {
    pub uid: String,
    pub reason: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the file is not an iCalendar file")]
    NotACalendar,
    #[error("the file is larger than 5 MB")]
    TooLarge,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the job's payload or result could not be read: {0}")]
    Json(#[from] serde_json::Error),
    #[error("reading the calendar failed")]
    Join,
    /// A survey feed refresh failed on the way (it runs through `surveys::rules`, which the
    /// pages and the API share, and so fails as they do).
    #[error(transparent)]
    Web(#[from] crate::http::error::WebError),
}

impl From<ReadError> for ImportError {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::NotACalendar => ImportError::NotACalendar,
            ReadError::TooLarge => ImportError::TooLarge,
        }
    }
}

impl ImportError {
    /// The Fluent id of a refusal the person who uploaded the file can act on.
    pub fn message_id(&self) -> Option<&'static str> {
        match self {
            ImportError::NotACalendar => Some("err-import-not-calendar"),
            ImportError::TooLarge => Some("err-import-too-large"),
            _ => None,
        }
    }
}

/// Checks that the file is a calendar (a quick parse, no expansion) and queues its import;
/// the job's id. A file that is not a calendar is refused here, so the form can say so.
pub async fn queue_import(
    store: &Store,
    bytes: Vec<u8>,
    target: &ImportTarget,
    created_by: Option<i64>,
) -> Result<i64, ImportError> {
    let bytes = tokio::task::spawn_blocking(move || check_calendar(&bytes).map(|()| bytes))
        .await
        .map_err(|_| ImportError::Join)??;
    Ok(store.enqueue_job(JobKind::CalendarImport, &serde_json::to_string(target)?, Some(bytes), created_by).await?)
}

/// Does a claimed import job to the end: reads the file, then writes the events from the job's
/// cursor on, batch by batch, and finishes the job with the full summary. A file that cannot be
/// read fails the job with the message id of its reason. `ClaimLost` (as `ImportError::Store`)
/// when another worker took the job over meanwhile; what this one committed stays and the
/// other goes on from there.
pub async fn run_import_job(store: &Store, job: &BackgroundJob, worker: &str) -> Result<ImportSummary, ImportError> {
    let claim = JobClaim { job_id: job.id, worker: worker.to_owned() };
    let target: ImportTarget = serde_json::from_str(&job.payload)?;
    let bytes = store.job_input(job.id).await?.unwrap_or_default();
    let window = target.window;
    // Reading hostile files can take seconds: keep it off the async workers.
    let read =
        tokio::task::spawn_blocking(move || read_calendar(&bytes, window)).await.map_err(|_| ImportError::Join)?;
    let calendar = match read.map_err(ImportError::from) {
        Ok(calendar) => calendar,
        Err(e) => {
            store.finish_job(&claim, JobStatus::Failed, "null", e.message_id()).await?;
            return Err(e);
        }
    };
    let total = calendar.events.len();
    // The file reads the same every time, so a resumed job's result already holds what the
    // reader skipped, and its cursor counts events of the same list.
    let mut summary = if job.cursor == 0 {
        ImportSummary {
            skipped: calendar.skipped.into_iter().map(|s| Skipped { uid: s.uid, reason: s.reason }).collect(),
            ..Default::default()
        }
    } else {
        serde_json::from_str(&job.result)?
    };
    let mut cursor = usize::try_from(job.cursor).unwrap_or(0).min(total);
    let progress = |cursor: usize, summary: &ImportSummary| JobProgress {
        cursor: cursor as i64,
        done: cursor as i64,
        total: total as i64,
        result: summary.to_json(),
    };
    store.report_job_progress(&claim, &progress(cursor, &summary)).await?;
    while cursor < total {
        let batch = &calendar.events[cursor..(cursor + BATCH_SIZE).min(total)];
        let mut next = summary.clone();
        let mut meals = Vec::with_capacity(batch.len());
        for event in batch {
            match imported_meal(event, &target) {
                Ok(meal) => meals.push(meal),
                Err(skipped) => next.skipped.push(skipped),
            }
        }
        let next_cursor = cursor + batch.len();
        store
            .import_meal_batch(&claim, &meals, |outcomes| {
                for outcome in outcomes {
                    match outcome {
                        ImportOutcome::Imported => next.imported += 1,
                        ImportOutcome::Updated => next.updated += 1,
                    }
                }
                progress(next_cursor, &next)
            })
            .await?;
        summary = next;
        cursor = next_cursor;
    }
    store.finish_job(&claim, JobStatus::Done, &summary.to_json(), None).await?;
    Ok(summary)
}

/// A meal made of an event, with its text made into what the meal form accepts, or why not.
fn imported_meal(event: &CalendarEvent, target: &ImportTarget) -> Result<ImportedMeal, Skipped> {
    let title = text::as_line(&event.title, TITLE_MAX_CHARS);
    if title.is_empty() {
        return Err(Skipped { uid: event.uid.clone(), reason: "no title".into() });
    }
    let Some(place) = place_of(&event.location) else {
        return Err(Skipped {
            uid: event.uid.clone(),
            reason: format!("the location {:?}{NO_PLACE_SUFFIX}", event.location),
        });
    };
    let external_url = event.url.clone().filter(|u| u.starts_with("https://") || u.starts_with("http://"));
    Ok(ImportedMeal {
        organisation_id: target.organisation_id,
        campaign_id: target.campaign_id,
        uid: event.uid.clone(),
        plan: MealPlan {
            title,
            description: text::as_text(&event.description, DESCRIPTION_MAX_CHARS),
            address: text::as_line(event.location.lines().next().unwrap_or(""), ADDRESS_MAX_CHARS),
            lat: place.lat,
            lon: place.lon,
            municipality_code: place.municipality_code,
            starts_at: event.starts_at,
            ends_at: event.ends_at,
            capacity: IMPORTED_CAPACITY,
            join_mode: if external_url.is_some() { JoinMode::External } else { JoinMode::SignUp },
            external_url,
            ..MealPlan::default()
        },
    })
}

/// The calendar reader's skip reasons are stable English texts (the CLI's JSON shows them as
/// they are); pages show them in the reader's language. Each entry: the start of the English
/// reason and its Fluent id; `n` is the first number in the reason, `detail` what follows
/// `prefix`. Longer prefixes come before shorter ones that they start with.
const SKIP_REASONS: [(&str, &str); 25] = [
    ("could not be read (internal error)", "import-skip-internal"),
    ("duplicate UID", "import-skip-duplicate-uid"),
    ("recurrence could not be expanded: the RRULE could not be read", "import-skip-rrule-unreadable"),
    ("recurrence could not be expanded: it repeats more often than daily", "import-skip-too-frequent"),
    ("recurrence could not be expanded: the file took too long", "import-skip-too-slow"),
    ("recurrence could not be expanded: the file has too many occurrences", "import-skip-too-many-total"),
    ("recurrence could not be expanded: ", "import-skip-recurrence"),
    ("recurrence has too many occurrences", "import-skip-occurrence-limit"),
    ("recurring event not imported: ", "import-skip-recurring"),
    ("ends before it starts", "import-skip-ends-before-start"),
    ("the file has more than ", "import-skip-too-many-events"),
    ("the file holds too much text", "import-skip-too-much-text"),
    ("no start time", "import-skip-no-start"),
    ("start time could not be read: it does not exist or is ambiguous", "import-skip-start-ambiguous"),
    ("start time could not be read", "import-skip-start-unreadable"),
    ("start time zone unknown: ", "import-skip-unknown-time-zone"),
    ("end time could not be read", "import-skip-end-unreadable"),
    ("duration could not be read", "import-skip-duration-unreadable"),
    ("all-day event", "import-skip-all-day"),
    ("cancelled", "import-skip-cancelled"),
    ("more than ", "import-skip-window-limit"),
    ("no occurrence inside the import window", "import-skip-no-occurrence"),
    ("outside the import window", "import-skip-outside-window"),
    ("no title", "import-skip-no-title"),
    ("the location ", "import-skip-no-place"),
];

const NO_PLACE_SUFFIX: &str = " has no Danish postal code or town";

/// A skip reason in the page's language; one the table does not know is shown as it is.
pub fn translated_reason(tr: &Tr, reason: &str) -> String {
    let Some((prefix, id)) = SKIP_REASONS.iter().find(|(prefix, _)| reason.starts_with(prefix)) else {
        return reason.to_owned();
    };
    let rest = &reason[prefix.len()..];
    let detail = match *id {
        // the inner reason of a recurring event is a reason too
        "import-skip-recurring" => translated_reason(tr, rest),
        "import-skip-no-place" => rest.strip_suffix(NO_PLACE_SUFFIX).unwrap_or(rest).to_owned(),
        _ => rest.to_owned(),
    };
    let n: String = reason.chars().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).collect();
    let n = n.parse::<i64>().map(|n| tr.int(n)).unwrap_or_default();
    tr.with(id, &[("n", n), ("detail", detail)])
}

/// Where an event's location text lies: a postal code in it, else a town or postal name.
pub fn place_of(location: &str) -> Option<rygrad_domain::geo::Place> {
    let g = geodata();
    let postal = location
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .find_map(|code| g.geocode(code, 1).into_iter().next());
    postal.or_else(|| {
        location
            .split([',', '\n'])
            .map(|part| part.trim().trim_start_matches(|c: char| c.is_ascii_digit()).trim())
            .filter(|part| part.len() > 1)
            .find_map(|part| {
                g.geocode(part, 1).into_iter().next().filter(|p| p.label.to_lowercase().contains(&part.to_lowercase()))
            })
    })
}

/// The default window when no campaign gives one: a month back, a year ahead.
pub fn default_window(now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    (now - Duration::days(30), now + Duration::days(366))
}

#[cfg(test)]
mod tests {
    #[test]
    fn skip_reasons_are_shown_in_danish() {
        let da = crate::http::i18n::Tr::new(rygrad_domain::format::Lang::Da);
        let en = crate::http::i18n::Tr::new(rygrad_domain::format::Lang::En);
        let reason = |r| super::translated_reason(&da, r);
        assert_eq!(reason("cancelled"), "Aflyst");
        assert_eq!(
            reason("start time zone unknown: Mars/Olympus"),
            "Ukendt tidszone for starttidspunktet: Mars/Olympus"
        );
        assert_eq!(reason("recurring event not imported: cancelled"), "Gentaget begivenhed ikke hentet: Aflyst");
        assert_eq!(
            reason("the file has more than 5000 events to import: the rest were not imported"),
            "Filen har mere end 5.000 begivenheder at hente; resten blev ikke hentet"
        );
        assert_eq!(
            reason(r#"the location "Månen" has no Danish postal code or town"#),
            r#"Stedet "Månen" har intet dansk postnummer eller bynavn"#
        );
        assert_eq!(super::translated_reason(&en, "cancelled"), "Cancelled");
        // every known reason has a message in both languages
        for (prefix, id) in super::SKIP_REASONS {
            for tr in [da, en] {
                let shown = super::translated_reason(&tr, prefix);
                assert!(!shown.starts_with(id) && shown != prefix, "{id}: {shown}");
            }
        }
        assert_eq!(reason("something new"), "something new", "unknown reasons are shown as they are");
    }

    #[test]
    fn locations_are_placed_by_postal_code_or_town() {
        assert_eq!(super::place_of("Rådhuspladsen 1, 1550 København V").unwrap().municipality_code, "0101");
        assert_eq!(super::place_of("Kulturhuset, Skagen").unwrap().municipality_code, "0813");
        assert!(super::place_of("Hauptstraße 1-5, 4041 Linz, Austria").is_none(), "not a Danish postal code");
        assert!(super::place_of("Online").is_none());
    }
}

/// Files up to the calendar reader's limit, plus form overhead.
pub const UPLOAD_LIMIT: usize = rygrad_calendar::MAX_INPUT_BYTES + 64 * 1024;

pub mod page {
    //! The import page of an organisation: upload a file or give a URL.

    use super::{ImportSummary, ImportTarget, UPLOAD_LIMIT, default_window, queue_import};
    use crate::http::error::WebError;
    use crate::http::form::CsrfToken;
    use crate::http::page::Page;
    use crate::http::page::render;
    use crate::http::state::AppState;
    use askama::Template;
    use axum::Router;
    use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
    use axum::response::{IntoResponse, Redirect, Response};
    use axum::routing::get;
    use rygrad_domain::background_job::{JobKind, JobStatus};
    use rygrad_domain::policy::{Action, JobScope, OrganisationScope};
    use rygrad_store::organisations::Organisation;
    use std::net::IpAddr;

    pub fn router() -> Router<AppState> {
        Router::new()
            .route("/organisationer/{slug}/importer", get(form).post(import))
            .route("/organisationer/{slug}/importer/{job}", get(status))
            .layer(DefaultBodyLimit::max(UPLOAD_LIMIT))
    }

    #[derive(Template)]
    #[template(path = "organisations/import.html")]
    struct ImportPage {
        page: Page,
        organisation: Organisation,
        url: String,
        /// A refusal of the file or link, shown beside the field it is about.
        error: Option<String>,
        /// "file" or "url": the field `error` is about.
        error_field: &'static str,
    }

    #[derive(Template)]
    #[template(path = "organisations/import_status.html")]
    struct ImportStatusPage {
        page: Page,
        organisation: Organisation,
        status: JobStatus,
        done: i64,
        total: i64,
        /// What went wrong, for a failed import.
        error: Option<String>,
        /// The full summary once done.
        summary: Option<ImportSummary>,
        job_id: i64,
    }

    impl ImportStatusPage {
        fn reason(&self, reason: &str) -> String {
            super::translated_reason(&self.page.tr, reason)
        }

        /// "1.234 nye måltider, 5 opdaterede."
        fn counts(&self, summary: &ImportSummary) -> String {
            let tr = &self.page.tr;
            tr.counts("import-counts", &[("imported", summary.imported), ("updated", summary.updated)], &[])
        }

        fn progress(&self) -> String {
            let tr = &self.page.tr;
            tr.t2("import-progress", "done", tr.int(self.done), "total", tr.int(self.total))
        }
    }

    async fn allowed(state: &AppState, page: &Page, slug: &str) -> Result<Organisation, WebError> {
        let org = state.store.organisation_by_slug(slug).await?.ok_or(WebError::NotFound)?;
        let today = rygrad_domain::format::local_date(chrono::Utc::now());
        let member_of = state.store.current_initiatives_of_organisation(org.id, today).await?;
        page.require(&Action::EditOrganisation(OrganisationScope { id: org.id, member_of: &member_of }))?;
        Ok(org)
    }

    async fn form(State(state): State<AppState>, page: Page, Path(slug): Path<String>) -> Result<Response, WebError> {
        let organisation = allowed(&state, &page, &slug).await?;
        render(ImportPage { page, organisation, url: String::new(), error: None, error_field: "file" })
    }

    /// A running import's progress, refreshing itself, then its full summary or why it failed.
    /// Only the person who started it (and administrators) may see it.
    async fn status(
        State(state): State<AppState>,
        page: Page,
        Path((slug, job_id)): Path<(String, i64)>,
    ) -> Result<Response, WebError> {
        let organisation = state.store.organisation_by_slug(&slug).await?.ok_or(WebError::NotFound)?;
        let job = state.store.background_job(job_id).await?.ok_or(WebError::NotFound)?;
        page.require(&Action::ViewBackgroundJob(JobScope { created_by: job.created_by }))?;
        let target: Option<ImportTarget> = serde_json::from_str(&job.payload).ok();
        if job.kind != JobKind::CalendarImport || target.is_none_or(|t| t.organisation_id != organisation.id) {
            return Err(WebError::NotFound);
        }
        let summary = match job.status {
            JobStatus::Done => Some(serde_json::from_str(&job.result).map_err(anyhow::Error::from)?),
            _ => None,
        };
        let error = (job.status == JobStatus::Failed).then(|| {
            let id = job.error.as_deref().filter(|id| id.starts_with("err-import-")).unwrap_or("err-import-failed");
            page.t(id)
        });
        render(ImportStatusPage {
            organisation,
            status: job.status,
            done: job.progress_done,
            total: job.progress_total,
            error,
            summary,
            job_id,
            page,
        })
    }

    /// Fetches a public calendar URL; addresses inside the server's own network are refused.
    async fn fetch(url: &str) -> Result<Vec<u8>, &'static str> {
        let parsed = reqwest::Url::parse(url.trim()).map_err(|_| "err-url-format")?;
        if !matches!(parsed.scheme(), "http" | "https" | "webcal") {
            return Err("err-url-format");
        }
        let url = parsed.as_str().replacen("webcal://", "https://", 1);
        let host = parsed.host_str().ok_or("err-url-format")?.to_owned();
        let port = parsed.port_or_known_default().unwrap_or(443);
        let addresses: Vec<std::net::SocketAddr> =
            tokio::net::lookup_host((host.as_str(), port)).await.map_err(|_| "err-import-fetch")?.collect();
        if addresses.is_empty() || addresses.iter().any(|a| !is_public(a.ip())) {
            return Err("err-import-private-address");
        }
        // Connect only to the addresses just checked (no second lookup, no proxy), so a name
        // cannot point elsewhere between the check and the fetch.
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .resolve_to_addrs(&host, &addresses)
            .build()
            .map_err(|_| "err-import-fetch")?;
        let mut response = client.get(url).send().await.map_err(|_| "err-import-fetch")?;
        if !response.status().is_success() {
            return Err("err-import-fetch");
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|_| "err-import-fetch")? {
            body.extend_from_slice(&chunk);
            if body.len() > rygrad_calendar::MAX_INPUT_BYTES {
                return Err("err-import-too-large");
            }
        }
        Ok(body)
    }

    /// Addresses on the public internet only: no loopback, private, shared (CGNAT), link-local,
    /// benchmarking, reserved or translation ranges, IPv4-mapped addresses included.
    fn is_public(ip: IpAddr) -> bool {
        match ip.to_canonical() {
            IpAddr::V4(v4) => {
                let [a, b, ..] = v4.octets();
                !(v4.is_private()
                    || v4.is_loopback()
                    || v4.is_link_local()
                    || v4.is_unspecified()
                    || v4.is_broadcast()
                    || v4.is_multicast()
                    || a == 0
                    || (a == 100 && (64..128).contains(&b))
                    || (a == 198 && (18..20).contains(&b))
                    || a >= 240)
            }
            IpAddr::V6(v6) => {
                let first = v6.segments()[0];
                !(v6.is_loopback()
                    || v6.is_unspecified()
                    || v6.is_multicast()
                    || (first & 0xfe00) == 0xfc00
                    || (first & 0xffc0) == 0xfe80
                    || (first == 0x64 && v6.segments()[1] == 0xff9b))
            }
        }
    }

    async fn import(
        State(state): State<AppState>,
        page: Page,
        Path(slug): Path<String>,
        csrf: axum::Extension<CsrfToken>,
        mut multipart: Multipart,
    ) -> Result<Response, WebError> {
        let organisation = allowed(&state, &page, &slug).await?;
        let (mut token, mut file, mut url) = (String::new(), Vec::new(), String::new());
        while let Some(field) = multipart.next_field().await.map_err(|_| WebError::BadRequest)? {
            match field.name() {
                Some("_csrf") => token = crate::http::form::field_text(field).await?,
                Some("file") => file = field.bytes().await.map_err(|_| WebError::BadRequest)?.to_vec(),
                Some("url") => url = crate::http::form::field_text(field).await?,
                _ => {}
            }
        }
        if !crate::http::form::constant_time_eq(token.as_bytes(), csrf.0.0.as_bytes()) {
            return Err(WebError::Csrf);
        }
        let bytes = if !file.is_empty() {
            Ok(file)
        } else if !url.trim().is_empty() {
            fetch(&url).await
        } else {
            Err("err-import-nothing")
        };
        let target = ImportTarget {
            organisation_id: organisation.id,
            campaign_id: None,
            window: default_window(chrono::Utc::now()),
        };
        let queued = match bytes {
            Ok(bytes) => match queue_import(&state.store, bytes, &target, page.user.as_ref().map(|u| u.id)).await {
                Ok(job) => Ok(job),
                Err(e) => Err(e.message_id().ok_or_else(|| anyhow::Error::from(e))?),
            },
            Err(code) => Err(code),
        };
        match queued {
            Ok(job) => {
                state.jobs_queued.notify_one();
                Ok(Redirect::to(&format!("/organisationer/{}/importer/{job}", organisation.slug)).into_response())
            }
            Err(code) => {
                let error = Some(page.t(code));
                let error_field = match code {
                    "err-url-format" | "err-import-fetch" | "err-import-private-address" => "url",
                    _ => "file",
                };
                let mut response = render(ImportPage { page, organisation, url, error, error_field })?;
                *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
                Ok(response)
            }
        }
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn only_public_addresses_are_fetched() {
            for inside in [
                "127.0.0.1",
                "10.1.2.3",
                "100.100.100.200",
                "169.254.169.254",
                "::1",
                "::ffff:10.0.0.1",
                "fd00::1",
                "64:ff9b::a00:1",
            ] {
                assert!(!super::is_public(inside.parse().unwrap()), "{inside}");
            }
            for outside in ["93.184.216.34", "2606:2800:220:1::1"] {
                assert!(super::is_public(outside.parse().unwrap()), "{outside}");
            }
        }
    }
}
