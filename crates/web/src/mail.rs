//! Outgoing mail. Handlers queue mail in the database outbox; a worker sends it over SMTP
//! (`RYGRAD_SMTP_URL`) or, without SMTP, leaves it on the outbox page for development and demos.

use crate::config::WebConfig;
use crate::state::AppState;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use rygrad_store::entity::outbox_mail;
use rygrad_store::outbox;

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
    pub async fn deliver(&self, mail: &outbox_mail::Model) -> anyhow::Result<bool> {
        let Some(transport) = &self.transport else {
            return Ok(false);
        };
        let builder = Message::builder().from(self.from.clone()).to(mail.to_address.parse()?).subject(&mail.subject);
        let text = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(mail.body_text.clone());
        let message = match (&mail.attachment_name, &mail.attachment_type, &mail.attachment) {
            (Some(name), Some(content_type), Some(content)) => {
                builder.multipart(MultiPart::mixed().singlepart(text).singlepart(
                    Attachment::new(name.clone()).body(content.clone(), ContentType::parse(content_type)?),
                ))?
            }
            _ => builder.singlepart(text)?,
        };
        transport.send(message).await?;
        Ok(true)
    }
}

impl AppState {
    /// Queues a mail and wakes this process's worker.
    pub async fn send_mail(&self, to: &str, subject: &str, body: &str) -> Result<(), crate::WebError> {
        self.send_mail_with(to, subject, body, None).await
    }

    pub async fn send_mail_with(
        &self,
        to: &str,
        subject: &str,
        body: &str,
        attachment: Option<&outbox::Attachment>,
    ) -> Result<(), crate::WebError> {
        let id = self.store.enqueue_mail(to, subject, body, attachment).await?;
        tracing::info!(mail_id = id, "mail queued");
        self.mail_queued.notify_one();
        Ok(())
    }
}
