//! Importing a calendar: an upload becomes a background job with a page of its own; events
//! without UID, files that are not calendars, imported text, and a job resumed after its
//! worker died.

use crate::helpers::*;
use chrono::{Duration, Utc};
use rygrad_domain::background_job::JobStatus;
use rygrad_web::meals::import::{ImportTarget, default_window, queue_import, run_import_job};

fn calendar(events: &str) -> Vec<u8> {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n{events}END:VCALENDAR\r\n").into_bytes()
}

fn start_in(days: i64) -> String {
    (Utc::now() + Duration::days(days)).format("%Y%m%dT170000Z").to_string()
}

/// Uploads a file on the import form: the status and the page it leads to (or the form again).
async fn upload(client: &Client, slug: &str, bytes: Vec<u8>, url: &str) -> Page {
    let form = reqwest::multipart::Form::new()
        .text("_csrf", client.csrf().await)
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name("spis.ics"))
        .text("url", url.to_owned());
    let response = client
        .http
        .post(format!("{}/organisationer/{slug}/importer", client.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let location = response.headers().get("location").map(|l| l.to_str().unwrap().to_owned());
    Page { status, location, body: response.text().await.unwrap() }
}

/// Reads an import's status page again, as its script or its refresh link does, until the job
/// is finished.
async fn finished(client: &Client, path: &str) -> String {
    for _ in 0..600 {
        let page = client.get(path).await;
        assert_eq!(page.status, 200, "{}", page.body);
        if !page.body.contains("data-running") {
            return page.body;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the import at {path} did not finish");
}

/// Uploads and waits for the summary page.
pub async fn import(client: &Client, slug: &str, bytes: Vec<u8>) -> String {
    let queued = upload(client, slug, bytes, "").await;
    assert_eq!(queued.status, 303, "{}", queued.body);
    let path = queued.location.unwrap();
    assert!(path.starts_with(&format!("/organisationer/{slug}/importer/")), "{path}");
    finished(client, &path).await
}

#[tokio::test]
async fn an_upload_becomes_a_job_whose_page_ends_with_the_full_summary() {
    let app = spawn_app().await;
    organisation(&app, "klubben").await;
    let admin = app.logged_in("admin@example.dk", true).await;
    assert_eq!(admin.get("/organisationer/klubben/importer").await.status, 200);
    assert_eq!(app.logged_in("x@example.dk", false).await.get("/organisationer/klubben/importer").await.status, 403);
    let ics = calendar(&format!(
        "BEGIN:VEVENT\r\nUID:fb-1@facebook.com\r\nDTSTART:{}\r\nSUMMARY:Fællesspisning fra Facebook\r\n\
         LOCATION:Kulturhuset\\, 9990 Skagen\r\nURL:https://www.facebook.com/events/1/\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:heldag@example.dk\r\nDTSTART;VALUE=DATE:20270425\r\nSUMMARY:Heldag\r\nEND:VEVENT\r\n",
        start_in(9)
    ));
    let summary = import(&admin, "klubben", ics.clone()).await;
    assert!(summary.contains("Ét nyt måltid, 0 opdaterede"), "{summary}");
    assert!(summary.contains("heldag@example.dk") && summary.contains("Heldagsbegivenhed"), "every skipped event");
    assert!(import(&admin, "klubben", ics).await.contains("0 nye måltider, ét opdateret"));
    assert!(app.client().get("/maaltider?sted=9990").await.body.contains("Fællesspisning fra Facebook"));
    // a link into the server's own network is refused beside the link field
    let refused = upload(&admin, "klubben", Vec::new(), "http://127.0.0.1:5432/kalender.ics").await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains(r#"id="f-url-error""#) && refused.body.contains("intern adresse"));
}

#[tokio::test]
async fn only_the_person_who_started_an_import_and_administrators_see_its_page() {
    let app = spawn_app().await;
    organisation(&app, "klubben").await;
    let starter = app.logged_in("start@example.dk", true).await;
    let queued = upload(
        &starter,
        "klubben",
        calendar(&format!(
            "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:{}\r\nSUMMARY:Suppe\r\nLOCATION:8600 Silkeborg\r\nEND:VEVENT\r\n",
            start_in(3)
        )),
        "",
    )
    .await;
    let path = queued.location.unwrap();
    finished(&starter, &path).await;
    assert_eq!(app.logged_in("anden-admin@example.dk", true).await.get(&path).await.status, 200);
    assert_eq!(app.logged_in("nysgerrig@example.dk", false).await.get(&path).await.status, 403);
    let anonymous = app.client().get(&path).await;
    assert!(anonymous.location.is_some_and(|to| to.starts_with("/log-ind")), "sent to sign in");
    // the job belongs to its organisation's pages only
    organisation(&app, "andre").await;
    let elsewhere = path.replace("/klubben/", "/andre/");
    assert_eq!(starter.get(&elsewhere).await.status, 404);
}

#[tokio::test]
async fn events_without_uid_become_a_meal_each_and_a_reimport_updates_them() {
    let app = spawn_app().await;
    let org = organisation(&app, "klubben").await;
    let admin = app.logged_in("admin@example.dk", true).await;
    let no_uid = |days: i64, title: &str| {
        format!(
            "BEGIN:VEVENT\r\nDTSTART:{}\r\nSUMMARY:{title}\r\nLOCATION:Torvet\\, 8600 Silkeborg\r\nEND:VEVENT\r\n",
            start_in(days)
        )
    };
    let apple = calendar(&format!("{}{}{}", no_uid(5, "Suppe"), no_uid(6, "Suppe"), no_uid(5, "Grød")));
    assert!(import(&admin, "klubben", apple.clone()).await.contains("3 nye måltider, 0 opdaterede"));
    assert!(import(&admin, "klubben", apple).await.contains("0 nye måltider, 3 opdaterede"));
    // the command line shares the import: the same file again only updates
    let dir = std::env::temp_dir().join(unique("rygrad-ics-"));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("apple.ics");
    std::fs::write(&file, calendar(&format!("{}{}", no_uid(5, "Suppe"), no_uid(7, "Suppe")))).unwrap();
    let out = rygrad_cli(&app.database_url, &["import-ics", file.to_str().unwrap(), "--organisation", "klubben"]).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((summary["imported"].as_i64(), summary["updated"].as_i64()), (Some(1), Some(1)), "{summary}");
    let _ = std::fs::remove_dir_all(dir);
    let meals = app.store.meals_of_organisation(org).await.unwrap();
    assert_eq!(meals.len(), 4);
    assert!(meals.iter().all(|m| m.external_uid.as_deref().is_some_and(|uid| uid.starts_with("no-uid:"))));
}

#[tokio::test]
async fn task_lists_zone_files_and_binary_files_are_refused_beside_the_file_field() {
    let app = spawn_app().await;
    organisation(&app, "klubben").await;
    let admin = app.logged_in("admin@example.dk", true).await;
    for file in [
        "BEGIN:VTODO\r\nUID:t\r\nSUMMARY:Indkøb\r\nEND:VTODO\r\n".as_bytes().to_vec(),
        calendar("BEGIN:VTIMEZONE\r\nTZID:Europe/Copenhagen\r\nEND:VTIMEZONE\r\n"),
        "Fællesspisning fredag kl. 18\r\n".as_bytes().to_vec(),
        [calendar("").as_slice(), b"\0"].concat(),
    ] {
        let page = upload(&admin, "klubben", file.clone(), "").await;
        assert_eq!(page.status, 422, "{}", String::from_utf8_lossy(&file));
        assert!(page.body.contains(r#"<p class="error" id="f-file-error">Filen er ikke en kalender"#), "{}", page.body);
        assert!(page.body.contains(r#"aria-invalid="true""#));
    }
    // an empty calendar is a calendar: nothing to import, and it says so
    assert!(import(&admin, "klubben", calendar("X-WR-CALNAME:Tom\r\n")).await.contains("0 nye måltider"));
}

#[tokio::test]
async fn imported_titles_and_addresses_are_one_line_like_typed_ones() {
    let app = spawn_app().await;
    let org = organisation(&app, "klubben").await;
    let admin = app.logged_in("admin@example.dk", true).await;
    let ics = calendar(&format!(
        "BEGIN:VEVENT\r\nUID:linjer\r\nDTSTART:{}\r\nSUMMARY:Fælles\\nspisning\\n\\ni huset\r\n\
         DESCRIPTION:Første linje\\nanden linje\r\nLOCATION:Torvet 1\\n8600 Silkeborg\r\nEND:VEVENT\r\n",
        start_in(4)
    ));
    assert!(import(&admin, "klubben", ics).await.contains("Ét nyt måltid"));
    let meal = app.store.meals_of_organisation(org).await.unwrap().pop().unwrap();
    assert_eq!(meal.title, "Fælles spisning i huset");
    assert_eq!(meal.description, "Første linje\nanden linje");
    assert_eq!(meal.address, "Torvet 1");
    // the same checks as typed text: the host's form takes the title as it is
    let typed = rygrad_domain::text::required_line(&meal.title, rygrad_domain::meal::TITLE_MAX_CHARS);
    assert_eq!(typed.unwrap(), meal.title);
}

/// A worker that dies mid-import (its task dropped between two batches, as a killed process
/// would leave it) leaves a claimed job; another worker takes the stale claim over and finishes
/// from the last committed batch: every event exactly once.
#[tokio::test]
async fn an_import_whose_worker_died_is_finished_by_another_without_doubling_meals() {
    // no server here, so no worker of its own claims the job first
    let (database_url, _dir) = fresh_database().await;
    let store = rygrad_store::Store::connect(&database_url).await.unwrap();
    store.migrate().await.unwrap();
    let profile = rygrad_domain::organisation::OrganisationInput {
        name: "Klubben".into(),
        slug: "klubben".into(),
        sector: "association".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    let org = store.create_organisation(&profile, None, &rygrad_store::AuditActor::system()).await.unwrap().id;
    let events = 1_000;
    let file: String = (0..events)
        .map(|i| {
            format!(
                "BEGIN:VEVENT\r\nUID:spis-{i}\r\nDTSTART:{}\r\nSUMMARY:Spisning {i}\r\nLOCATION:8600 Silkeborg\r\nEND:VEVENT\r\n",
                start_in(1 + i % 300)
            )
        })
        .collect();
    let target = ImportTarget { organisation_id: org, campaign_id: None, window: default_window(Utc::now()) };
    let job_id = queue_import(&store, calendar(&file), &target, None).await.unwrap();

    let stale = rygrad_web::http::jobs::JOB_STALE_AFTER;
    let job = store.claim_job("dead", stale, None).await.unwrap().unwrap();
    assert!(store.claim_job("other", stale, None).await.unwrap().is_none(), "claimed once");
    // The dying worker is another process: its own connections, gone when it dies.
    let dying_store = rygrad_store::Store::connect(&database_url).await.unwrap();
    let dying = {
        let store = dying_store.clone();
        tokio::spawn(async move { run_import_job(&store, &job, "dead").await })
    };
    loop {
        let job = store.background_job(job_id).await.unwrap().unwrap();
        if job.progress_done > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    dying.abort();
    let _ = dying.await;
    // As a killed process's: an aborted task can leave its transaction open on a pooled
    // connection, holding the job's row lock, where a crash would have ended it.
    dying_store.close().await.unwrap();
    let left = store.background_job(job_id).await.unwrap().unwrap();
    assert_eq!(left.status, JobStatus::Running);
    assert!(left.progress_done > 0 && left.progress_done < events, "died mid-way: {}", left.progress_done);

    // the claim is fresh: nobody takes it over yet; once stale, another worker does
    assert!(store.claim_job("second", stale, None).await.unwrap().is_none());
    let resumed = store.claim_job("second", Duration::zero(), None).await.unwrap().unwrap();
    assert_eq!(resumed.attempts, 2);
    let summary = run_import_job(&store, &resumed, "second").await.unwrap();
    assert_eq!((summary.imported, summary.updated, summary.skipped.len()), (events as usize, 0, 0));

    let done = store.background_job(job_id).await.unwrap().unwrap();
    assert_eq!((done.status, done.progress_done, done.progress_total), (JobStatus::Done, events, events));
    assert_eq!(store.job_input(job_id).await.unwrap(), None, "the file is dropped once done");
    assert_eq!(store.meals_of_organisation(org).await.unwrap().len(), events as usize);
    // the dead worker cannot write any more
    let dead = rygrad_store::background_jobs::JobClaim { job_id, worker: "dead".into() };
    assert!(matches!(
        store.finish_job(&dead, JobStatus::Failed, "null", None).await,
        Err(rygrad_store::StoreError::ClaimLost)
    ));
}

#[tokio::test]
async fn the_hourly_cleanup_deletes_import_jobs_a_month_after_they_ended() {
    let app = spawn_app().await;
    organisation(&app, "klubben").await;
    let admin = app.logged_in("admin@example.dk", true).await;
    let event = |uid: &str| {
        calendar(&format!(
            "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:{}\r\nSUMMARY:Suppe\r\nLOCATION:8600 Silkeborg\r\nEND:VEVENT\r\n",
            start_in(3)
        ))
    };
    let mut paths = Vec::new();
    for uid in ["gammel", "ny"] {
        let queued = upload(&admin, "klubben", event(uid), "").await;
        let path = queued.location.unwrap();
        finished(&admin, &path).await;
        paths.push(path);
    }
    let old_id: i64 = paths[0].rsplit('/').next().unwrap().parse().unwrap();
    use sea_orm::ConnectionTrait;
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    let long_ago = Query::update()
        .table("background_jobs")
        .value("finished_at", Utc::now() - Duration::days(31))
        .and_where(Expr::col("id").eq(old_id))
        .to_owned();
    app.store.connection().execute(&long_ago).await.unwrap();
    app.store.connection().execute_unprepared("DELETE FROM job_runs").await.unwrap();
    assert!(rygrad_web::http::jobs::hourly_cleanup(&app.state).await.unwrap());
    assert_eq!(admin.get(&paths[0]).await.status, 404, "a month-old job is gone");
    assert_eq!(admin.get(&paths[1]).await.status, 200, "a recent job stays");
}
