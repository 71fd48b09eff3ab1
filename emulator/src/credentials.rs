//! The keys the emulator knows: long-term SecretId/SecretKey pairs given at build time, and the
//! temporary credentials it issues (STS, CVM instance metadata), each with its token and expiry.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tencent_action_core::verifier::hex;

use crate::random;

/// The default lifetime of issued temporary credentials, as STS defaults `DurationSeconds`.
pub(crate) const DEFAULT_TTL: Duration = Duration::from_secs(7200);

/// The longest lifetime STS grants.
pub(crate) const MAX_TTL_SECS: u64 = 43_200;

/// What a SecretId resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Key {
    pub secret_key: String,
    /// For temporary credentials: the token requests must carry, and the expiry (Unix
    /// seconds, service clock).
    pub temporary: Option<Temporary>,
}

/// The token and expiry of a temporary credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Temporary {
    pub token: String,
    pub expires_at: i64,
}

/// Finds the key of a SecretId.
pub(crate) trait KeyLookup {
    fn key_of(&self, secret_id: &str) -> Option<Key>;
}

impl KeyLookup for HashMap<String, String> {
    fn key_of(&self, secret_id: &str) -> Option<Key> {
        self.get(secret_id).map(|secret_key| Key {
            secret_key: secret_key.clone(),
            temporary: None,
        })
    }
}

/// A freshly issued temporary credential.
#[derive(Debug, Clone)]
pub(crate) struct Issued {
    pub secret_id: String,
    pub secret_key: String,
    pub token: String,
    pub expires_at: i64,
}

/// Long-term and temporary credentials.
#[derive(Debug)]
pub(crate) struct CredentialStore {
    long_term: HashMap<String, String>,
    /// TmpSecretId to key, token and expiry. Expired entries stay, so their use is
    /// `AuthFailure.TokenFailure` rather than an unknown SecretId.
    temporary: Mutex<HashMap<String, (String, Temporary)>>,
    issued: AtomicU64,
    /// Lifetime of issued credentials, overriding what the request asks for.
    pub ttl: Option<Duration>,
}

impl CredentialStore {
    pub(crate) fn new(long_term: HashMap<String, String>, ttl: Option<Duration>) -> Self {
        CredentialStore {
            long_term,
            temporary: Mutex::new(HashMap::new()),
            issued: AtomicU64::new(0),
            ttl,
        }
    }

    /// The long-term SecretIds.
    pub(crate) fn long_term_ids(&self) -> impl Iterator<Item = &str> {
        self.long_term.keys().map(String::as_str)
    }

    /// Issues a temporary credential valid for `ttl` from `now` (Unix seconds, service clock).
    pub(crate) fn issue(&self, now: i64, ttl: Duration) -> Issued {
        let ttl = i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX);
        let issued = Issued {
            secret_id: format!("AKID{}", random_alphanumeric(32)),
            secret_key: random_alphanumeric(32),
            token: random_token(),
            expires_at: now.saturating_add(ttl),
        };
        self.temporary
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(
                issued.secret_id.clone(),
                (
                    issued.secret_key.clone(),
                    Temporary {
                        token: issued.token.clone(),
                        expires_at: issued.expires_at,
                    },
                ),
            );
        self.issued.fetch_add(1, Ordering::Relaxed);
        issued
    }

    /// How many temporary credentials were issued.
    pub(crate) fn issued_count(&self) -> u64 {
        self.issued.load(Ordering::Relaxed)
    }
}

impl KeyLookup for CredentialStore {
    fn key_of(&self, secret_id: &str) -> Option<Key> {
        if let Some(key) = self.long_term.key_of(secret_id) {
            return Some(key);
        }
        let temporary = self
            .temporary
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        temporary.get(secret_id).map(|(secret_key, temporary)| Key {
            secret_key: secret_key.clone(),
            temporary: Some(temporary.clone()),
        })
    }
}

/// Letters and digits, as in real SecretIds and keys.
fn random_alphanumeric(len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut bytes = vec![0u8; len];
    random::fill(&mut bytes);
    bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect()
}

/// A session token: long and opaque, like the service's.
fn random_token() -> String {
    let mut bytes = [0u8; 48];
    random::fill(&mut bytes);
    hex(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_credentials_resolve_with_token_and_expiry() {
        let store = CredentialStore::new(
            HashMap::from([("AKIDLONG".to_owned(), "long-key".to_owned())]),
            None,
        );
        assert_eq!(store.key_of("AKIDLONG").unwrap().temporary, None);
        let issued = store.issue(1_000, Duration::from_secs(60));
        assert!(issued.secret_id.starts_with("AKID") && issued.secret_id.len() == 36);
        assert_eq!(issued.expires_at, 1_060);
        let key = store.key_of(&issued.secret_id).unwrap();
        assert_eq!(key.secret_key, issued.secret_key);
        assert_eq!(
            key.temporary,
            Some(Temporary {
                token: issued.token.clone(),
                expires_at: 1_060
            })
        );
        let again = store.issue(1_000, Duration::from_secs(60));
        assert_ne!(again.secret_id, issued.secret_id);
        assert_ne!(again.token, issued.token);
        assert_eq!(store.issued_count(), 2);
        assert!(store.key_of("AKIDOTHER").is_none());
    }
}
