//! Background work in every server process: sending queued mail, background jobs (imports,
//! survey feed refreshes), and hourly cleanup that runs once per hour across all processes.

use crate::http::state::AppState;
use crate::meals::import::ImportError;
use chrono::{Duration, Utc};
use rygrad_domain::background_job::JobKind;
use rygrad_domain::mail::retry_delay;
use rygrad_store::StoreError;
use tokio::task::JoinHandle;

/// Days a mail that was given up stays visible to administrators and hosts.
pub const FAILED_MAIL_DAYS: i64 = 30;

/// Days a finished background job's page (its summary) can still be read.
pub const FINISHED_JOB_DAYS: i64 = 30;

pub struct Workers(Vec<JoinHandle<()>>);

impl Workers {
    pub fn abort(self) {
        for handle in self.0 {
            handle.abort();
        }
    }
}

pub fn spawn_workers(state: AppState) -> Workers {
    let worker_id = crate::http::auth::tokens::new_token();
    Workers(vec![
        tokio::spawn(mail_worker(state.clone(), worker_id.clone())),
        tokio::spawn(background_job_worker(state.clone(), worker_id)),
        tokio::spawn(cleanup_worker(state)),
    ])
}

async fn mail_worker(state: AppState, worker_id: String) {
    loop {
        match deliver_queued_mail(&state, &worker_id).await {
            Ok(0) => {
                let _ = tokio::time::timeout(state.config.worker_poll, state.mail_queued.notified()).await;
            }
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "mail worker failed; retrying");
                tokio::time::sleep(state.config.worker_poll).await;
            }
        }
    }
}

/// Sends what is due; returns how many mails it handled. A failed mail is tried again after a
/// growing wait (`domain::mail::retry_delay`) and given up after the last attempt or a
/// permanent refusal; the logs name the mail by id only.
pub async fn deliver_queued_mail(state: &AppState, worker_id: &str) -> anyhow::Result<usize> {
    let mut handled = 0;
    while let Some(mail) = state.store.claim_mail(worker_id, Duration::minutes(10)).await? {
        handled += 1;
        match state.mailer.deliver(&mail).await {
            Ok(true) => {
                state.store.mark_mail_sent(mail.id).await?;
                tracing::info!(mail_id = mail.id, "mail sent");
            }
            Ok(false) => {
                state.store.mark_mail_sent(mail.id).await?;
                tracing::info!(mail_id = mail.id, "no SMTP configured: mail is on the outbox page /udbakke");
            }
            Err(failure) => {
                let attempts = mail.attempts + 1;
                let jitter = rand::random_range(-1.0..=1.0);
                let retry_at =
                    (!failure.permanent).then(|| retry_delay(attempts, jitter)).flatten().map(|wait| Utc::now() + wait);
                state.store.mark_mail_failed(mail.id, &failure.reason, retry_at).await?;
                match retry_at {
                    Some(at) => {
                        tracing::warn!(mail_id = mail.id, attempts, reason = %failure.reason, retry_at = %at, "sending mail failed; will retry")
                    }
                    None => {
                        tracing::error!(mail_id = mail.id, attempts, reason = %failure.reason, "sending mail failed; given up")
                    }
                }
            }
        }
    }
    Ok(handled)
}

/// A background job whose worker has not reported for this long is taken over: its process is
/// presumed dead. Every batch of work reports, and a batch takes well under a second.
pub const JOB_STALE_AFTER: Duration = Duration::minutes(2);

async fn background_job_worker(state: AppState, worker_id: String) {
    loop {
        match run_background_jobs(&state, &worker_id).await {
            Ok(0) => {
                let _ = tokio::time::timeout(state.config.worker_poll, state.jobs_queued.notified()).await;
            }
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "background job worker failed; retrying");
                tokio::time::sleep(state.config.worker_poll).await;
            }
        }
    }
}

/// Does the queued (and abandoned) background jobs; returns how many it took on. A job that
/// fails on the way stays claimed and is taken over after `JOB_STALE_AFTER`, up to its limit
/// of attempts.
pub async fn run_background_jobs(state: &AppState, worker_id: &str) -> anyhow::Result<usize> {
    let mut handled = 0;
    while let Some(job) = state.store.claim_job(worker_id, JOB_STALE_AFTER, None).await? {
        handled += 1;
        let outcome = match job.kind {
            JobKind::CalendarImport => {
                crate::meals::import::run_import_job(&state.store, &job, worker_id).await.map(drop)
            }
            JobKind::IndicatorConnector => {
                crate::indicators::statbank::run_connector_job(state, &job, worker_id).await.map_err(ImportError::from)
            }
            JobKind::IndicatorImport => {
                crate::indicators::import::run_import_job(&state.store, &job, worker_id).await.map(drop)
            }
            JobKind::SurveyFeedRefresh => {
                crate::surveys::rules::run_feed_refresh_job(state, &job, worker_id).await.map_err(ImportError::from)
            }
        };
        state.page_cache.invalidate();
        match outcome {
            Ok(()) => tracing::info!(job_id = job.id, kind = job.kind.code(), "background job done"),
            Err(ImportError::Store(StoreError::ClaimLost)) => {
                tracing::warn!(job_id = job.id, "background job taken over by another worker");
            }
            Err(e) if e.message_id().is_some() => {
                tracing::info!(job_id = job.id, error = %e, "background job refused its input")
            }
            Err(e) => tracing::warn!(job_id = job.id, error = %e, "background job failed; it will be taken over"),
        }
    }
    Ok(handled)
}

async fn cleanup_worker(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(300));
    loop {
        tick.tick().await;
        if let Err(e) = hourly_cleanup(&state).await {
            tracing::warn!(error = %e, "cleanup failed");
        }
        if let Err(e) = hourly_reminders(&state).await {
            tracing::warn!(error = %e, "reminders failed");
        }
        if let Err(e) = hourly_connector_refresh(&state).await {
            tracing::warn!(error = %e, "queueing indicator connectors failed");
        }
    }
}

/// Deletes expired sessions, old rate-limit windows, guests' personal data after their meal,
/// mail no longer needed and old finished background jobs, once an hour across all processes.
pub async fn hourly_cleanup(state: &AppState) -> anyhow::Result<bool> {
    let period = Utc::now().format("%Y-%m-%dT%H").to_string();
    if !state.store.claim_job_run("cleanup", &period).await? {
        return Ok(false);
    }
    let sessions = state.store.delete_expired_sessions().await?;
    // Guests' names and addresses go a set number of days after their meal; counts stay.
    let guests = state.store.erase_guest_data(Utc::now() - Duration::days(state.config.guest_data_days)).await?;
    state.store.prune_rate_limits(Utc::now().timestamp() - 24 * 3600).await?;
    // Sent mail is kept a few days to answer "did it go?"; failed mail a month for people to see.
    let mails = state
        .store
        .purge_mail(
            Utc::now() - Duration::days(state.config.sent_mail_days),
            Utc::now() - Duration::days(FAILED_MAIL_DAYS),
        )
        .await?;
    let jobs = state.store.purge_finished_jobs(Utc::now() - Duration::days(FINISHED_JOB_DAYS)).await?;
    tracing::info!(sessions, guests, mails, jobs, "cleanup done");
    Ok(true)
}

/// Reminds organisations of action items that fall due soon, once an hour across all processes
/// (each item is reminded once whatever runs this).
pub async fn hourly_reminders(state: &AppState) -> anyhow::Result<bool> {
    let period = Utc::now().format("%Y-%m-%dT%H").to_string();
    if !state.store.claim_job_run("action-item-reminders", &period).await? {
        return Ok(false);
    }
    let mails = crate::meetings::pages::send_action_item_reminders(state).await?;
    tracing::info!(mails, "action item reminders done");
    Ok(true)
}

/// Queues a fetch of each Statistics Denmark connector whose refresh (daily, weekly, monthly)
/// is due, once an hour across all processes.
pub async fn hourly_connector_refresh(state: &AppState) -> anyhow::Result<bool> {
    let period = Utc::now().format("%Y-%m-%dT%H").to_string();
    if !state.store.claim_job_run("indicator-connectors", &period).await? {
        return Ok(false);
    }
    let queued = crate::indicators::statbank::queue_due_connectors(state, Utc::now()).await?;
    tracing::info!(queued, "indicator connectors due queued");
    Ok(true)
}

pub use crate::indicators::statbank::queue_due_connectors;
pub use crate::meetings::pages::send_action_item_reminders;
