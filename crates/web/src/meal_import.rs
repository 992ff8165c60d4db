//! Importing meals from an iCalendar file or URL (a Facebook event, another calendar): each event
//! becomes a meal of an organisation, placed by the postal code or town in its location;
//! re-importing updates by UID; every event left out is reported with its reason.

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
                reason: format!("the location {:?} has no Danish postal code or town", event.location),
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
    fn locations_are_placed_by_postal_code_or_town() {
        assert_eq!(super::place_of("Rådhuspladsen 1, 1550 København V").unwrap().municipality_code, "0101");
        assert_eq!(super::place_of("Kulturhuset, Skagen").unwrap().municipality_code, "0813");
        assert!(super::place_of("Hauptstraße 1-5, 4041 Linz, Austria").is_none(), "not a Danish postal code");
        assert!(super::place_of("Online").is_none());
    }
}
