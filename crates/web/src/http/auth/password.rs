//! argon2id password hashes, computed off the async threads.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password)).await?
}

pub fn hash_blocking(password: &str) -> anyhow::Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
}

/// True when `password` matches `stored`. Unknown accounts are checked against a dummy hash so
/// that timing does not reveal which addresses have accounts.
pub async fn verify(password: String, stored: Option<String>) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || {
        let (stored, known) = match stored {
            Some(s) => (s, true),
            None => (dummy_hash().to_owned(), false),
        };
        let parsed = PasswordHash::new(&stored).map_err(|e| anyhow::anyhow!("bad stored hash: {e}"))?;
        Ok(known && Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await?
}

fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking("no account has this password").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_with_argon2id_and_verifies() {
        let h = hash("rigtig kodeord".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("rigtig kodeord".into(), Some(h.clone())).await.unwrap());
        assert!(!verify("forkert".into(), Some(h)).await.unwrap());
        assert!(!verify("x".into(), None).await.unwrap());
    }
}
