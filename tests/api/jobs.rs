//! Work shared by several server processes on one database: sessions, rate limits, mail and
//! periodic jobs.

use crate::helpers::*;

#[tokio::test]
async fn two_processes_share_sessions_and_send_each_mail_once() {
    let first = spawn_app().await;
    // A second server on the same database, as behind a load balancer.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let second_address = format!("http://{}", listener.local_addr().unwrap());
    let store = rygrad_store::Store::connect(&first.database_url).await.unwrap();
    let config = rygrad_web::WebConfig {
        base_url: first.address.clone(),
        smtp_url: Some(format!("smtp://127.0.0.1:{}", first.smtp.port)),
        worker_poll: std::time::Duration::from_millis(50),
        ..Default::default()
    };
    let second = rygrad_web::AppState::new(store, config).unwrap();
    tokio::spawn(rygrad_web::serve(listener, second));

    // log in on one, be logged in on the other (cookies are per host:port, so copy it)
    first.user("delt@example.dk", false).await;
    let c = first.client();
    c.login("delt@example.dk", PASSWORD).await;
    use reqwest::cookie::CookieStore;
    let cookies = c.jar().cookies(&first.address.parse().unwrap()).unwrap();
    let page =
        reqwest::Client::new().get(format!("{second_address}/konto")).header("cookie", cookies).send().await.unwrap();
    assert_eq!(page.status(), 200);

    // many mails queued: each is delivered exactly once although two workers run
    for i in 0..20 {
        first.queue_mail(&format!("m{i}@example.dk")).await;
    }
    for i in 0..20 {
        first.mail_to(&format!("m{i}@example.dk")).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    for i in 0..20 {
        assert_eq!(first.mail_count(&format!("m{i}@example.dk")), 1);
    }
}

#[tokio::test]
async fn a_periodic_job_runs_once_per_period() {
    let app = spawn_app().await;
    assert!(app.store.claim_job_run("test-job", "2026-11-22T10").await.unwrap());
    assert!(!app.store.claim_job_run("test-job", "2026-11-22T10").await.unwrap());
    assert!(app.store.claim_job_run("test-job", "2026-11-22T11").await.unwrap());
}

#[tokio::test]
async fn rate_limit_counters_are_shared() {
    let app = spawn_app().await;
    let other = rygrad_store::Store::connect(&app.database_url).await.unwrap();
    // A current window: the hourly cleanup drops windows older than a day.
    let window = chrono::Utc::now().timestamp();
    assert_eq!(app.store.hit_rate_limit("k", window).await.unwrap(), 1);
    assert_eq!(other.hit_rate_limit("k", window).await.unwrap(), 2);
    assert_eq!(app.store.hit_rate_limit("k", window + 60).await.unwrap(), 1);
}

#[tokio::test]
async fn a_meal_hosted_through_one_process_is_found_by_another() {
    use rygrad_store::meals::{MealOwner, MealSearch};
    let app = spawn_app().await;
    let other = rygrad_store::Store::connect(&app.database_url).await.unwrap();
    let near_aarhus = MealSearch { near: Some((56.157, 10.211, 10.0)), ..Default::default() };
    // The other process has its index loaded before the meal exists.
    assert_eq!(other.find_meals(&near_aarhus, 0, 10).await.unwrap().1, 0);

    let starts_at = chrono::Utc::now() + chrono::Duration::days(3);
    let plan = rygrad_domain::meal::MealPlan {
        title: "Fællesspisning i Aarhus".into(),
        lat: 56.16,
        lon: 10.2,
        municipality_code: "0751".into(),
        starts_at,
        ends_at: starts_at + chrono::Duration::hours(2),
        capacity: 10,
        ..Default::default()
    };
    let meal = app.store.create_meal(&plan, MealOwner::default()).await.unwrap();
    // This process sees its own write at once …
    assert_eq!(app.store.find_meals(&near_aarhus, 0, 10).await.unwrap().0[0].id, meal.id);
    // … the other within a few refreshes.
    let mut found = Vec::new();
    for _ in 0..50 {
        found = other.find_meals(&near_aarhus, 0, 10).await.unwrap().0;
        if !found.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(found.iter().map(|m| m.id).collect::<Vec<_>>(), [meal.id]);

    // Hidden in one process, gone from the other's searches.
    app.store.set_meal_status(meal.id, rygrad_domain::meal::MealStatus::Hidden).await.unwrap();
    let mut total = 1;
    for _ in 0..50 {
        total = other.find_meals(&near_aarhus, 0, 10).await.unwrap().1;
        if total == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(total, 0);
}

#[tokio::test]
async fn two_processes_writing_at_once_both_succeed() {
    // Each update reads the row before it writes; on SQLite a transaction that took its write
    // lock only at its first write failed at once ("database is locked") when the other
    // process had written since its read.
    let app = spawn_app().await;
    let id = organisation(&app, "travl").await;
    let other = rygrad_store::Store::connect(&app.database_url).await.unwrap();
    let update = |store: rygrad_store::Store, name: &'static str| async move {
        for i in 0..40 {
            let profile = rygrad_domain::organisation::OrganisationInput {
                name: format!("{name} {i}"),
                slug: "travl".into(),
                sector: "association".into(),
                ..Default::default()
            }
            .validate()
            .unwrap();
            store.update_organisation(id, &profile, &rygrad_store::AuditActor::system()).await.unwrap();
        }
    };
    let (a, b) = tokio::join!(tokio::spawn(update(app.store.clone(), "A")), tokio::spawn(update(other, "B")));
    a.unwrap();
    b.unwrap();
}
