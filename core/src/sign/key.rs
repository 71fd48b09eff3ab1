//! The TC3 signing-key chain: `HMAC("TC3"+key, DATE)` → `SERVICE` → `"tc3_request"`.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::canonical::{ALGORITHM, write_credential_scope};

/// HMAC-SHA256, whose keyed state is zeroed when dropped (`hmac`'s and `sha2`'s `zeroize`).
pub(crate) type HmacSha256 = Hmac<Sha256>;

/// HMAC-SHA256 of `data` under `key`.
pub(crate) fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = keyed_mac(key);
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// The three derived keys of the TC3 chain, exposed for debugging and golden tests.
///
/// ```
/// use tencent_action_core::verifier::{hex, DerivedKeys};
/// let keys = DerivedKeys::derive("secret", "2019-02-25", "cvm");
/// assert_eq!(hex(&keys.secret_signing).len(), 64);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct DerivedKeys {
    /// `HMAC("TC3" + secret_key, date)`.
    pub secret_date: [u8; 32],
    /// `HMAC(secret_date, service)`.
    pub secret_service: [u8; 32],
    /// `HMAC(secret_service, "tc3_request")`: the key that signs the string to sign.
    pub secret_signing: [u8; 32],
}

impl DerivedKeys {
    /// Derives the chain for a secret key, a UTC date (`YYYY-MM-DD`) and a service.
    ///
    /// ```
    /// use tencent_action_core::verifier::DerivedKeys;
    /// let a = DerivedKeys::derive("k", "2024-01-01", "cvm");
    /// let b = DerivedKeys::derive("k", "2024-01-02", "cvm");
    /// assert!(a != b);
    /// ```
    pub fn derive(secret_key: &str, date: &str, service: &str) -> Self {
        let mut prefixed = zeroize::Zeroizing::new(Vec::with_capacity(3 + secret_key.len()));
        prefixed.extend_from_slice(b"TC3");
        prefixed.extend_from_slice(secret_key.as_bytes());
        let secret_date = hmac_sha256(&prefixed, date.as_bytes());
        let secret_service = hmac_sha256(&secret_date, service.as_bytes());
        let secret_signing = hmac_sha256(&secret_service, b"tc3_request");
        DerivedKeys {
            secret_date,
            secret_service,
            secret_signing,
        }
    }
}

impl Drop for DerivedKeys {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.secret_date.zeroize();
        self.secret_service.zeroize();
        self.secret_signing.zeroize();
    }
}

impl std::fmt::Debug for DerivedKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DerivedKeys(<redacted>)")
    }
}

/// Caches derived signing keys per (credential, UTC date, service), so signing costs one HMAC
/// instead of four. Shared by all clones of a client; holds at most a few entries.
///
/// ```
/// use tencent_action_core::sign::{sign_with_cache, sign, SigningKeyCache, SigningRequest};
/// use tencent_action_core::Credential;
/// let cache = SigningKeyCache::default();
/// let cred = Credential::new("AKIDEXAMPLE", "secret").unwrap();
/// let req = SigningRequest::new("cvm", "DescribeZones", "2017-03-12", "cvm.tencentcloudapi.com", 1551113065);
/// let cached = sign_with_cache(&req, &cred, &cache).unwrap();
/// assert_eq!(cached.signature(), sign(&req, &cred).unwrap().signature());
/// ```
#[derive(Default)]
pub struct SigningKeyCache {
    entries: std::sync::Mutex<Vec<CachedKey>>,
}

struct CachedKey {
    secret_id: String,
    secret_key: zeroize::Zeroizing<String>,
    date: String,
    service: String,
    /// HMAC keyed with the signing key: its inner and outer pads already absorbed, so a
    /// signature costs the hash of the string to sign and one more block.
    mac: HmacSha256,
    /// The start of `Authorization`, which holds the credential scope; see [`credential_prefix`].
    prefix: std::sync::Arc<str>,
}

/// Entries kept: one per service and day is the common case.
const CACHE_ENTRIES: usize = 8;

impl SigningKeyCache {
    /// HMAC keyed with the signing key of a credential, date and service, and the start of
    /// their `Authorization` value ([`credential_prefix`]); both are made once.
    pub(crate) fn signing(
        &self,
        secret_id: &str,
        secret_key: &str,
        date: &str,
        service: &str,
    ) -> (HmacSha256, std::sync::Arc<str>) {
        let mut entries = match self.entries.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(entry) = entries.iter().find(|e| {
            e.date == date
                && e.service == service
                && e.secret_id == secret_id
                && e.secret_key.as_str() == secret_key
        }) {
            return (entry.mac.clone(), entry.prefix.clone());
        }
        let (mac, prefix) = derive_signing(secret_id, secret_key, date, service);
        let prefix: std::sync::Arc<str> = prefix.into();
        if entries.len() >= CACHE_ENTRIES {
            entries.remove(0);
        }
        entries.push(CachedKey {
            secret_id: secret_id.to_owned(),
            secret_key: zeroize::Zeroizing::new(secret_key.to_owned()),
            date: date.to_owned(),
            service: service.to_owned(),
            mac: mac.clone(),
            prefix: prefix.clone(),
        });
        (mac, prefix)
    }
}

/// The HMAC keyed with the signing key of a credential, date and service, and their
/// [`credential_prefix`]: what [`SigningKeyCache`] keeps, made afresh.
pub(crate) fn derive_signing(
    secret_id: &str,
    secret_key: &str,
    date: &str,
    service: &str,
) -> (HmacSha256, String) {
    (
        keyed_mac(&DerivedKeys::derive(secret_key, date, service).secret_signing),
        credential_prefix(secret_id, date, service),
    )
}

/// `TC3-HMAC-SHA256 Credential=SECRET_ID/DATE/SERVICE/tc3_request`: the start of an
/// `Authorization` value, whose text after [`scope_start`] is the credential scope.
pub(crate) fn credential_prefix(secret_id: &str, date: &str, service: &str) -> String {
    let mut out = String::with_capacity(scope_start(secret_id) + date.len() + service.len() + 13);
    for part in [ALGORITHM, super::authorization::CREDENTIAL, secret_id, "/"] {
        out.push_str(part);
    }
    write_credential_scope(date, service, &mut out);
    out
}

/// Where the credential scope starts in a [`credential_prefix`] of `secret_id`.
pub(crate) fn scope_start(secret_id: &str) -> usize {
    ALGORITHM.len() + super::authorization::CREDENTIAL.len() + secret_id.len() + 1
}

/// HMAC-SHA256 keyed with `key`.
pub(crate) fn keyed_mac(key: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length, so this cannot fail.
    <HmacSha256 as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!())
}

impl std::fmt::Debug for SigningKeyCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let len = self.entries.lock().map(|e| e.len()).unwrap_or_default();
        write!(f, "SigningKeyCache({len} keys)")
    }
}
