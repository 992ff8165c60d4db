//! Outgoing mail. Handlers queue mail in the database outbox; a worker sends it over SMTP
//! (`RYGRAD_SMTP_URL`) or, without SMTP, leaves it on the outbox page for development and demos.

use crate::http::config::WebConfig;
use crate::http::state::AppState;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use rygrad_store::outbox::OutboxMail;

pub struct Mailer {
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
}

impl Mailer {
    pub fn new(config: &WebConfig) -> anyhow::Result<Self> {
        let transport = match &config.smtp_url {
            Some(url) => Some(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| anyhow::anyhow!("RYGRAD_SMTP_URL is not a valid SMTP URL: {e}"))?
                    .build(),
            ),
            None => None,
        };
        let from = config.mail_from.parse().map_err(|e| anyhow::anyhow!("the sender address is not valid: {e}"))?;
        Ok(Self { transport, from })
    }

    /// Sends one queued mail; `Ok(false)` means there is no SMTP server and the mail stays on
    /// the outbox page.
    pub async fn deliver(&self, mail: &OutboxMail) -> Result<bool, Failure> {
        let Some(transport) = &self.transport else {
            return Ok(false);
        };
        let message = self.message(mail).ok_or(Failure { reason: "malformed".into(), permanent: true })?;
        transport.send(message).await.map_err(|e| Failure::of(&e))?;
        Ok(true)
    }

    fn message(&self, mail: &OutboxMail) -> Option<Message> {
        let builder =
            Message::builder().from(self.from.clone()).to(mail.to_address.parse().ok()?).subject(&mail.subject);
        let text = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(mail.body_text.clone());
        match &mail.attachment {
            Some(a) => builder
                .multipart(MultiPart::mixed().singlepart(text).singlepart(
                    Attachment::new(a.name.clone()).body(a.content.clone(), ContentType::parse(&a.content_type).ok()?),
                ))
                .ok(),
            None => builder.singlepart(text).ok(),
        }
    }
}

/// Why a mail was not sent, in words fit for logs and the outbox: the SMTP reply code or the
/// kind of error, never the server's text, which often repeats the recipient's address.
#[derive(Debug)]
pub struct Failure {
    pub reason: String,
    /// The server refused for good (5xx) or the mail cannot be built: trying again is useless.
    pub permanent: bool,
}

impl Failure {
    fn of(e: &lettre::transport::smtp::Error) -> Self {
        let reason = match e.status() {
            Some(code) => format!("smtp {code}"),
            None if e.is_timeout() => "timeout".into(),
            None if e.is_tls() => "tls".into(),
            None if e.is_client() => "client".into(),
            None => "connection".into(),
        };
        Self { reason, permanent: e.is_permanent() }
    }
}

impl AppState {
    /// Wakes this process's mail worker after a change queued mail.
    pub fn wake_mailer(&self) {
        self.mail_queued.notify_one();
    }
}
