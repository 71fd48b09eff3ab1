//! The TC3 signing-key chain: `HMAC("TC3"+key, DATE)` → `SERVICE` → `"tc3_request"`.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::HttpMethod;
use super::canonical::{ALGORITHM, write_credential_scope};
use super::digest::{HmacKey, Paused, Sha256Writer};

/// HMAC-SHA256 of `data` under a key of any length, for the key chain and verifiers (`hmac`,
/// whose keyed state is zeroed when dropped). Signatures use [`HmacKey`], keyed once.
pub(crate) fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
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
/// instead of four, and the hash of the start of the canonical request per endpoint (a POST
/// with the default signed headers), which every request to it shares. Shared by all clones of
/// a client; holds at most a few entries of each.
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
    entries: std::sync::Mutex<Entries>,
}

/// What [`SigningKeyCache`] holds.
#[derive(Default)]
struct Entries {
    keys: Vec<CachedKey>,
    heads: Vec<CachedHead>,
}

struct CachedKey {
    secret_id: String,
    secret_key: zeroize::Zeroizing<String>,
    /// Days since 1970-01-01 (UTC): the key's date.
    day: i64,
    service: String,
    /// HMAC keyed with the signing key: its inner and outer pads already absorbed, so a
    /// signature costs the hash of the string to sign and one more block.
    mac: HmacKey,
    /// The start of `Authorization`, which holds the credential scope; see [`credential_prefix`].
    prefix: std::sync::Arc<str>,
}

/// The hash of a canonical request up to its payload hash, for one endpoint.
struct CachedHead {
    head: Head,
    paused: Paused,
}

/// What the start of a canonical request without a query and with the default signed headers
/// depends on.
struct Head {
    method: HttpMethod,
    /// [`CONTENT_TYPE_JSON`](super::CONTENT_TYPE_JSON) or
    /// [`CONTENT_TYPE_FORM`](super::CONTENT_TYPE_FORM).
    content_type: &'static str,
    host: String,
}

/// The start of the canonical request of an endpoint (method, content type, host; no query,
/// the default signed headers), hashed.
fn hash_head(method: HttpMethod, content_type: &str, host: &str) -> Paused {
    let mut writer = Sha256Writer::<{ super::canonical::HASH_BUFFER }>::new();
    super::canonical::put_canonical_head(
        method.as_str(),
        "",
        [("content-type", content_type), ("host", host)].into_iter(),
        &mut writer,
    );
    writer.pause()
}

/// What a signature with a cached key starts from.
pub(crate) struct Start {
    /// HMAC keyed with the signing key.
    pub(crate) mac: HmacKey,
    /// The start of the `Authorization` value; see [`credential_prefix`].
    pub(crate) prefix: std::sync::Arc<str>,
    /// The hashed start of the canonical request, when one was asked for.
    pub(crate) head: Option<Paused>,
}

/// Entries kept of each kind: one per service and day, and one per endpoint, is the common
/// case.
const CACHE_ENTRIES: usize = 8;

impl SigningKeyCache {
    /// HMAC keyed with the signing key of a credential, the date of a timestamp and a service,
    /// the start of their `Authorization` value ([`credential_prefix`]), and the hashed start
    /// of the canonical request of `head`; each is made once.
    pub(crate) fn start(
        &self,
        secret_id: &str,
        secret_key: &str,
        timestamp: i64,
        service: &str,
        head: Option<(HttpMethod, &'static str, &str)>,
    ) -> Start {
        let mut entries = match self.entries.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        let head = head.map(|(method, content_type, host)| {
            let found = entries.heads.iter().find(|e| {
                e.head.host == host
                    && e.head.method == method
                    && e.head.content_type == content_type
            });
            match found {
                Some(entry) => entry.paused,
                None => {
                    let paused = hash_head(method, content_type, host);
                    if entries.heads.len() >= CACHE_ENTRIES {
                        entries.heads.remove(0);
                    }
                    entries.heads.push(CachedHead {
                        head: Head {
                            method,
                            content_type,
                            host: host.to_owned(),
                        },
                        paused,
                    });
                    paused
                }
            }
        });
        let day = timestamp.div_euclid(86_400);
        if let Some(entry) = entries.keys.iter().find(|e| {
            e.day == day
                && e.service == service
                && e.secret_id == secret_id
                && e.secret_key.as_str() == secret_key
        }) {
            return Start {
                mac: entry.mac.clone(),
                prefix: entry.prefix.clone(),
                head,
            };
        }
        let date = super::date::utc_date_array(timestamp);
        let date = std::str::from_utf8(&date).unwrap_or_default();
        let (mac, prefix) = derive_signing(secret_id, secret_key, date, service);
        let prefix: std::sync::Arc<str> = prefix.into();
        if entries.keys.len() >= CACHE_ENTRIES {
            entries.keys.remove(0);
        }
        entries.keys.push(CachedKey {
            secret_id: secret_id.to_owned(),
            secret_key: zeroize::Zeroizing::new(secret_key.to_owned()),
            day,
            service: service.to_owned(),
            mac: mac.clone(),
            prefix: prefix.clone(),
        });
        Start { mac, prefix, head }
    }
}

/// The HMAC keyed with the signing key of a credential, date and service, and their
/// [`credential_prefix`]: what [`SigningKeyCache`] keeps, made afresh.
pub(crate) fn derive_signing(
    secret_id: &str,
    secret_key: &str,
    date: &str,
    service: &str,
) -> (HmacKey, String) {
    (
        HmacKey::new(&DerivedKeys::derive(secret_key, date, service).secret_signing),
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

impl std::fmt::Debug for SigningKeyCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (keys, heads) = self
            .entries
            .lock()
            .map(|e| (e.keys.len(), e.heads.len()))
            .unwrap_or_default();
        write!(f, "SigningKeyCache({keys} keys, {heads} request heads)")
    }
}
