//! Importing meals from an iCalendar file or URL (a Facebook event, another calendar): each event
//! becomes a meal of an organisation, placed by the postal code or town in its location;
//! re-importing updates by UID; every event left out is reported with its reason.

use crate::i18n::Tr;
use chrono::{DateTime, Duration, Utc};
use rygrad_calendar::{ReadError, read_calendar};
use rygrad_domain::geo::geodata;
use rygrad_store::Store;
use rygrad_store::meals::{ImportOutcome, ImportedMeal};

#[derive(Debug, Default, serde::Serialize)]
pub struct ImportSummary {
    pub imported: usize,
    pub updated: usize,
    pub skipped: Vec<Skipped>,
}

#[derive(Debug, serde::Serialize)]
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
    Store(#[from] rygrad_store::StoreError),
    #[error("reading the calendar failed")]
    Join,
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

pub async fn import_calendar(
    store: &Store,
    bytes: Vec<u8>,
    organisation_id: i64,
    campaign_id: Option<i64>,
    window: (DateTime<Utc>, DateTime<Utc>),
) -> Result<ImportSummary, ImportError> {
    // Parsing hostile files can take seconds: keep it off the async workers.
    let read =
        tokio::task::spawn_blocking(move || read_calendar(&bytes, window)).await.map_err(|_| ImportError::Join)?;
    let calendar = match read {
        Ok(c) => c,
        Err(ReadError::NotACalendar) => return Err(ImportError::NotACalendar),
        Err(ReadError::TooLarge) => return Err(ImportError::TooLarge),
    };
    let mut summary = ImportSummary::default();
    summary.skipped.extend(calendar.skipped.into_iter().map(|s| Skipped { uid: s.uid, reason: s.reason }));
    for event in calendar.events {
        let title = event.title.trim();
        if title.is_empty() {
            summary.skipped.push(Skipped { uid: event.uid, reason: "no title".into() });
            continue;
        }
        let Some(place) = place_of(&event.location) else {
            summary.skipped.push(Skipped {
                uid: event.uid,
                reason: format!("the location {:?}{NO_PLACE_SUFFIX}", event.location),
            });
            continue;
        };
        let clean =
            |s: &str, max: usize| s.chars().filter(|c| !c.is_control() || *c == '\n').take(max).collect::<String>();
        let meal = ImportedMeal {
            organisation_id,
            campaign_id,
            uid: event.uid.clone(),
            title: clean(title, 120),
            description: clean(&event.description, 5000),
            address: clean(event.location.lines().next().unwrap_or(""), 200),
            lat: place.lat,
            lon: place.lon,
            municipality_code: place.municipality_code,
            starts_at: event.starts_at,
            ends_at: event.ends_at,
            external_url: event.url.filter(|u| u.starts_with("https://") || u.starts_with("http://")),
        };
        match store.upsert_imported_meal(&meal).await? {
            ImportOutcome::Imported => summary.imported += 1,
            ImportOutcome::Updated => summary.updated += 1,
        }
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    #[test]
    fn skip_reasons_are_shown_in_danish() {
        let da = crate::i18n::Tr::new(rygrad_domain::format::Lang::Da);
        let en = crate::i18n::Tr::new(rygrad_domain::format::Lang::En);
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

    use super::{ImportError, ImportSummary, UPLOAD_LIMIT, default_window, import_calendar};
    use crate::error::WebError;
    use crate::form::CsrfToken;
    use crate::page::Page;
    use crate::pages::render;
    use crate::state::AppState;
    use askama::Template;
    use axum::Router;
    use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
    use axum::response::Response;
    use axum::routing::get;
    use rygrad_domain::policy::{Action, OrganisationScope};
    use rygrad_store::entity::organisation;
    use std::net::IpAddr;

    pub fn router() -> Router<AppState> {
        Router::new()
            .route("/organisationer/{slug}/importer", get(form).post(import))
            .layer(DefaultBodyLimit::max(UPLOAD_LIMIT))
    }

    #[derive(Template)]
    #[template(path = "organisations/import.html")]
    struct ImportPage {
        page: Page,
        organisation: organisation::Model,
        url: String,
        error: Option<String>,
        summary: Option<ImportSummary>,
    }

    impl ImportPage {
        fn reason(&self, reason: &str) -> String {
            super::translated_reason(&self.page.tr, reason)
        }
    }

    async fn allowed(state: &AppState, page: &Page, slug: &str) -> Result<organisation::Model, WebError> {
        let org = state.store.organisation_by_slug(slug).await?.ok_or(WebError::NotFound)?;
        let today = rygrad_domain::format::local_date(chrono::Utc::now());
        let member_of = state.store.current_initiatives_of_organisation(org.id, today).await?;
        page.require(&Action::EditOrganisation(OrganisationScope { id: org.id, member_of: &member_of }))?;
        Ok(org)
    }

    async fn form(State(state): State<AppState>, page: Page, Path(slug): Path<String>) -> Result<Response, WebError> {
        let organisation = allowed(&state, &page, &slug).await?;
        render(ImportPage { page, organisation, url: String::new(), error: None, summary: None })
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
                Some("_csrf") => token = crate::form::field_text(field).await?,
                Some("file") => file = field.bytes().await.map_err(|_| WebError::BadRequest)?.to_vec(),
                Some("url") => url = crate::form::field_text(field).await?,
                _ => {}
            }
        }
        if !crate::form::constant_time_eq(token.as_bytes(), csrf.0.0.as_bytes()) {
            return Err(WebError::Csrf);
        }
        let bytes = if !file.is_empty() {
            Ok(file)
        } else if !url.trim().is_empty() {
            fetch(&url).await
        } else {
            Err("err-import-nothing")
        };
        let result = match bytes {
            Ok(bytes) => {
                match import_calendar(&state.store, bytes, organisation.id, None, default_window(chrono::Utc::now()))
                    .await
                {
                    Ok(summary) => Ok(summary),
                    Err(ImportError::NotACalendar) => Err("err-import-not-calendar"),
                    Err(ImportError::TooLarge) => Err("err-import-too-large"),
                    Err(ImportError::Store(e)) => return Err(e.into()),
                    Err(ImportError::Join) => {
                        return Err(WebError::Internal(anyhow::anyhow!("calendar reader failed")));
                    }
                }
            }
            Err(code) => Err(code),
        };
        state.page_cache.invalidate();
        match result {
            Ok(summary) => render(ImportPage { page, organisation, url, error: None, summary: Some(summary) }),
            Err(code) => {
                let error = Some(page.t(code));
                let mut response = render(ImportPage { page, organisation, url, error, summary: None })?;
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
