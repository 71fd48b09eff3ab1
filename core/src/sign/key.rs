//! The TC3 signing-key chain: `HMAC("TC3"+key, DATE)` → `SERVICE` → `"tc3_request"`.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// HMAC-SHA256 of `data` under `key`.
pub(crate) fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// The three derived keys of the TC3 chain, exposed for debugging and golden tests.
///
/// ```
/// use tencent_action_core::sign::{hex, DerivedKeys};
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
    /// use tencent_action_core::sign::DerivedKeys;
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
