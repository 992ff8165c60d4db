//! Mail: not lost to an SMTP outage, committed with the change it tells about, not kept or
//! logged with its recipient longer than needed.

use crate::helpers::*;
use crate::meals::{host, meal_id};
use chrono::Utc;
use rygrad_store::outbox::OutboxMail;
use sea_orm::{ConnectionTrait, Statement};
use std::sync::atomic::Ordering;
use std::time::Duration;

/// Waits until the outbox shows `what`, and returns its rows.
async fn outbox_until(app: &TestApp, what: &str, ok: impl Fn(&[OutboxMail]) -> bool) -> Vec<OutboxMail> {
    for _ in 0..200 {
        let rows = app.outbox().await;
        if ok(&rows) {
            return rows;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the outbox never showed {what}: {:?}", app.outbox().await);
}

fn to<'a>(rows: &'a [OutboxMail], address: &str) -> &'a OutboxMail {
    rows.iter().find(|m| m.to_address == address).unwrap_or_else(|| panic!("no mail to {address}"))
}

async fn sign_up(app: &TestApp, meal: i64, name: &str, email: &str) -> Page {
    let guest = app.client();
    let page = guest
        .post(&format!("/maaltider/{meal}/tilmeld"), &[("name", name), ("email", email), ("party_size", "1")])
        .await;
    // the guest's browser follows the redirect and is shown the message once
    guest.get(&format!("/maaltider/{meal}")).await;
    page
}

#[tokio::test]
async fn a_mail_the_server_refuses_for_now_is_tried_again_after_a_wait_and_then_delivered() {
    let app = spawn_app().await;
    let id = meal_id(&host(&app.logged_in("vaert@example.dk", false).await, &[]).await);
    app.smtp.refuse.store(true, Ordering::SeqCst);
    sign_up(&app, id, "Gæst Udsat", "udsat@example.dk").await.assert_redirect(&format!("/maaltider/{id}"));

    let rows = outbox_until(&app, "a failed attempt", |r| r.iter().any(|m| m.attempts == 1)).await;
    let mail = to(&rows, "udsat@example.dk");
    let next = mail.next_attempt_at.expect("a next attempt is planned");
    let wait = next - Utc::now();
    assert!(
        wait > chrono::Duration::seconds(20) && wait < chrono::Duration::minutes(1),
        "first retry within a minute: {wait}"
    );
    assert!(mail.sent_at.is_none() && mail.failed_at.is_none());
    // several polls of the worker later, it has not been tried again
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(to(&app.outbox().await, "udsat@example.dk").attempts, 1, "not retried at once");
    assert_eq!(app.mail_count("udsat@example.dk"), 0);

    // the server is back, and the time has come
    app.smtp.refuse.store(false, Ordering::SeqCst);
    app.make_mail_due().await;
    assert!(app.mail_to("udsat@example.dk").await.body().contains("/afmeld/"), "the cancel link arrives");
}

/// Lets the newest queued mail fail every attempt, each wait cut short.
async fn until_given_up(app: &TestApp) -> Vec<OutboxMail> {
    let newest = |rows: &[OutboxMail]| rows.first().cloned().unwrap();
    for attempt in 1..=rygrad_domain::mail::MAX_ATTEMPTS {
        outbox_until(app, &format!("attempt {attempt}"), |r| newest(r).attempts == attempt).await;
        app.make_mail_due().await;
    }
    outbox_until(app, "a given-up mail", |r| newest(r).failed_at.is_some()).await
}

#[tokio::test]
async fn a_mail_refused_for_good_is_given_up_at_once() {
    let app = spawn_app().await;
    app.smtp.refuse_for_good.store(true, Ordering::SeqCst);
    app.queue_mail("findes.ikke@example.dk").await;
    let rows = outbox_until(&app, "a given-up mail", |r| r.iter().any(|m| m.failed_at.is_some())).await;
    let mail = to(&rows, "findes.ikke@example.dk");
    assert_eq!((mail.attempts, mail.last_error.as_deref()), (1, Some("smtp 550")));
}

#[tokio::test]
async fn after_the_last_attempt_a_mail_is_failed_and_shown_to_administrators_and_the_host_without_its_text() {
    let app = spawn_app().await;
    let host_client = app.logged_in("vaert@example.dk", false).await;
    let id = meal_id(&host(&host_client, &[]).await);
    app.smtp.refuse.store(true, Ordering::SeqCst);
    sign_up(&app, id, "Gæst Glemt", "glemt@example.dk").await;

    let mail = to(&until_given_up(&app).await, "glemt@example.dk").clone();
    assert_eq!(mail.attempts, rygrad_domain::mail::MAX_ATTEMPTS);
    // the reason is the reply code: the server's text names the recipient
    assert_eq!(mail.last_error.as_deref(), Some("smtp 451"));
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(
        to(&app.outbox().await, "glemt@example.dk").attempts,
        mail.attempts,
        "a given-up mail is not tried again"
    );

    let admin = app.logged_in("admin@example.dk", true).await;
    let failed = admin.get("/udbakke/fejlet").await;
    assert_eq!(failed.status, 200);
    assert!(failed.body.contains("glemt@example.dk") && failed.body.contains("smtp 451"), "{}", failed.body);
    assert!(!failed.body.contains("/afmeld/"), "the text, with the guest's cancel link, is not shown");
    assert_eq!(host_client.get("/udbakke/fejlet").await.status, 403);

    let guests = host_client.get(&format!("/maaltider/{id}/gaester")).await.body;
    assert!(guests.contains("Mailen med bekræftelse og afmeldingslink kunne ikke leveres"), "{guests}");
    assert!(guests.contains("(mailen kunne ikke leveres)"));
}

#[tokio::test]
async fn whoever_invited_someone_sees_that_the_invitation_could_not_be_delivered() {
    let app = spawn_app().await;
    initiative(&app, "alliance", true).await;
    let admin = app.logged_in("admin@example.dk", true).await;
    app.smtp.refuse.store(true, Ordering::SeqCst);
    admin
        .post("/initiativer/alliance/invitationer", &[("email", "ukendt@example.dk"), ("role", "backbone")])
        .await
        .assert_redirect("/initiativer/alliance/invitationer");
    let before = admin.get("/initiativer/alliance/invitationer").await.body;
    assert!(before.contains("ukendt@example.dk") && !before.contains("(mailen kunne ikke leveres)"));
    until_given_up(&app).await;
    let after = admin.get("/initiativer/alliance/invitationer").await.body;
    assert!(after.contains("(mailen kunne ikke leveres)"), "{after}");
}

#[tokio::test]
async fn a_sign_up_or_a_reset_whose_mail_cannot_be_queued_is_not_committed() {
    let app = spawn_app().await;
    let id = meal_id(&host(&app.logged_in("vaert@example.dk", false).await, &[]).await);
    app.user("glemsk@example.dk", false).await;
    let db = app.store.connection();
    // the mail cannot be written (as if the process died before it was)
    db.execute_unprepared("ALTER TABLE outbox RENAME TO outbox_away").await.unwrap();
    assert_eq!(sign_up(&app, id, "Gæst Uden Mail", "uden@example.dk").await.status, 500);
    assert_eq!(app.client().post("/konto/glemt", &[("email", "glemsk@example.dk")]).await.status, 500);
    assert!(app.store.signups_of_meal(id).await.unwrap().is_empty(), "no sign-up without its mail");
    assert_eq!(app.store.meal(id).await.unwrap().unwrap().seats_taken, 0, "no seat taken");
    let tokens =
        db.query_one_raw(Statement::from_string(db.get_database_backend(), "SELECT COUNT(*) FROM email_tokens")).await;
    assert_eq!(tokens.unwrap().unwrap().try_get_by_index::<i64>(0).unwrap(), 0, "no reset token without its mail");

    db.execute_unprepared("ALTER TABLE outbox_away RENAME TO outbox").await.unwrap();
    sign_up(&app, id, "Gæst Uden Mail", "uden@example.dk").await.assert_redirect(&format!("/maaltider/{id}"));
    assert!(app.mail_to("uden@example.dk").await.body().contains("/afmeld/"), "trying again works, with the mail");
}

#[tokio::test]
async fn changing_to_a_taken_address_answers_as_for_a_free_one_tells_its_owner_and_every_attempt_counts() {
    let app = spawn_app().await;
    app.user("optaget@example.dk", false).await;
    let c = app.client();
    c.post("/konto/opret", &[("name", "Ny Bruger"), ("email", "ny@example.dk"), ("password", PASSWORD)]).await;
    c.login("ny@example.dk", PASSWORD).await;

    let taken = c.post("/konto/email", &[("email", "optaget@example.dk")]).await;
    let free = c.post("/konto/email", &[("email", "ledig@example.dk")]).await;
    taken.assert_redirect("/konto");
    free.assert_redirect("/konto");
    let told = c.get("/konto").await.body;
    assert!(!told.contains("allerede i brug"), "{told}");
    let owner = app.mail_to("optaget@example.dk").await.body();
    assert!(owner.contains("flytte en anden konto") && !owner.contains("/konto/ny-email/"), "{owner}");
    app.mail_to("ledig@example.dk").await.link("/konto/ny-email/");
    assert_eq!(
        app.store.user_by_email("ny@example.dk").await.unwrap().map(|u| u.email).as_deref(),
        Some("ny@example.dk")
    );

    // five attempts an hour, refused ones included
    for _ in 0..3 {
        c.post("/konto/email", &[("email", "optaget@example.dk")]).await.assert_redirect("/konto");
    }
    assert_eq!(c.post("/konto/email", &[("email", "optaget@example.dk")]).await.status, 429);
}

/// Every value in every column of every table that contains `needle` (case-insensitive), as
/// `table.column`.
async fn where_found(app: &TestApp, needle: &str) -> Vec<String> {
    let db = app.store.connection();
    let backend = db.get_database_backend();
    let columns_sql = if app.store.backend() == rygrad_store::Backend::Sqlite {
        "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'"
    } else {
        "SELECT table_name::text, column_name::text FROM information_schema.columns WHERE table_schema = current_schema()"
    };
    let columns = db.query_all_raw(Statement::from_string(backend, columns_sql)).await.unwrap();
    assert!(columns.len() > 50, "every table is searched: {} columns", columns.len());
    let mut found = Vec::new();
    for row in columns {
        let (table, column): (String, String) = (row.try_get_by_index(0).unwrap(), row.try_get_by_index(1).unwrap());
        let sql = format!(
            "SELECT COUNT(*) FROM \"{table}\" WHERE LOWER(CAST(\"{column}\" AS TEXT)) LIKE '%{}%'",
            needle.to_lowercase()
        );
        let hits: i64 =
            db.query_one_raw(Statement::from_string(backend, sql)).await.unwrap().unwrap().try_get_by_index(0).unwrap();
        if hits > 0 {
            found.push(format!("{table}.{column}"));
        }
    }
    found
}

#[tokio::test]
async fn once_erased_a_guest_or_a_deleted_account_is_found_in_no_table() {
    let app = spawn_app().await;
    let id = meal_id(&host(&app.logged_in("vaert@example.dk", false).await, &[]).await);
    sign_up(&app, id, "Gertrud Glemsom", "gertrud.glemsom@example.dk").await;
    app.mail_to("gertrud.glemsom@example.dk").await;

    let c = app.client();
    c.post(
        "/konto/opret",
        &[("name", "Kurt Kontoloes"), ("email", "kurt.kontoloes@example.dk"), ("password", PASSWORD)],
    )
    .await;
    c.get("/log-ind").await;
    app.mail_to("kurt.kontoloes@example.dk").await;
    c.login("kurt.kontoloes@example.dk", PASSWORD).await;
    c.post("/konto/email", &[("email", "kurt.ny@example.dk")]).await;
    app.mail_to("kurt.ny@example.dk").await;
    c.post("/konto/slet", &[("password", PASSWORD)]).await.assert_redirect("/");
    // mail still in the outbox is sent by now; the record of it must go all the same
    outbox_until(&app, "every mail sent", |r| r.iter().all(|m| m.sent_at.is_some())).await;

    app.store.erase_guest_data(Utc::now() + chrono::Duration::days(60)).await.unwrap();
    assert!(
        where_found(&app, "vaert@example.dk").await.contains(&"users.email".to_owned()),
        "the search finds what is there"
    );
    for needle in
        ["gertrud.glemsom@example.dk", "Glemsom", "kurt.kontoloes@example.dk", "kurt.ny@example.dk", "Kontoloes"]
    {
        assert_eq!(where_found(&app, needle).await, Vec::<String>::new(), "{needle} is still stored");
    }
}

#[tokio::test]
async fn the_hourly_cleanup_deletes_sent_mail_after_the_days_it_is_kept_and_failed_mail_after_a_month() {
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    let app = spawn_app_with(|c| c.sent_mail_days = 0).await;
    app.queue_mail("gammel@example.dk").await;
    app.mail_to("gammel@example.dk").await;
    outbox_until(&app, "the mail sent", |r| r.iter().all(|m| m.sent_at.is_some())).await;
    app.smtp.refuse.store(true, Ordering::SeqCst);
    for address in ["opgivet.nylig@example.dk", "opgivet.laenge@example.dk"] {
        app.queue_mail(address).await;
        until_given_up(&app).await;
    }
    let long_ago = Query::update()
        .table("outbox")
        .value("failed_at", Utc::now() - chrono::Duration::days(31))
        .and_where(Expr::col("to_address").eq("opgivet.laenge@example.dk"))
        .to_owned();
    app.store.connection().execute(&long_ago).await.unwrap();
    // this hour's cleanup already ran when the server started
    app.store.connection().execute_unprepared("DELETE FROM job_runs").await.unwrap();
    assert!(rygrad_web::http::jobs::hourly_cleanup(&app.state).await.unwrap());
    let left: Vec<String> = app.outbox().await.into_iter().map(|m| m.to_address).collect();
    assert_eq!(left, ["opgivet.nylig@example.dk"], "a recent failure stays for people to see");
}

/// Everything logged on this thread (a test's runtime, server and workers included) while
/// `work` runs, at the production level.
async fn logs_of(work: impl std::future::Future<Output = ()>) -> String {
    #[derive(Clone, Default)]
    struct Buffer(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);
    impl std::io::Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    // A process-wide subscriber that wants info events: without it, tracing may cache "no one
    // listens" for a call site first reached on another test's thread, and this thread's
    // subscriber would miss it.
    static EVERY_THREAD: std::sync::Once = std::sync::Once::new();
    EVERY_THREAD.call_once(|| {
        let quiet = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("info"))
            .with_writer(std::io::sink)
            .finish();
        let _ = tracing::subscriber::set_global_default(quiet);
    });
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn"))
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    work.await;
    String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap()
}

#[tokio::test]
async fn a_refused_mail_is_logged_by_id_and_reply_code_never_with_its_recipient_or_the_servers_text() {
    let app = spawn_app().await;
    app.smtp.refuse.store(true, Ordering::SeqCst);
    let logs = logs_of(async {
        app.queue_mail("hemmelig.modtager@example.dk").await;
        outbox_until(&app, "two failed attempts", |r| r.iter().any(|m| m.attempts == 1)).await;
        app.make_mail_due().await;
        outbox_until(&app, "two failed attempts", |r| r.iter().any(|m| m.attempts == 2)).await;
    })
    .await;
    assert!(logs.contains("sending mail failed") && logs.contains("smtp 451"), "{logs}");
    assert!(!logs.contains("hemmelig.modtager") && !logs.contains("over quota"), "{logs}");
}
