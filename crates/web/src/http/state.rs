//! Shared application state: a cheap clone over an `Arc`.

use crate::http::config::WebConfig;
use crate::http::mail::Mailer;
use rygrad_store::Store;
use std::ops::Deref;
use std::sync::Arc;
use tokio::sync::Notify;

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub store: Store,
    pub config: WebConfig,
    pub mailer: Mailer,
    /// Wakes this process's mail worker when mail is queued.
    pub mail_queued: Notify,
    /// Wakes this process's background job worker when a job is queued.
    pub jobs_queued: Notify,
    pub page_cache: crate::http::page_cache::PageCache,
}

impl AppState {
    pub fn new(store: Store, config: WebConfig) -> anyhow::Result<Self> {
        let mailer = Mailer::new(&config)?;
        Ok(Self(Arc::new(Inner {
            store,
            config,
            mailer,
            mail_queued: Notify::new(),
            jobs_queued: Notify::new(),
            page_cache: Default::default(),
        })))
    }
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
