//! Building blocks for servers that verify TC3-HMAC-SHA256 signatures, and for test doubles of
//! the API: the wire format (query flattening and encoding, the response envelope) and every
//! step of a signature on its own (canonical request, string to sign, key chain, hex).
//!
//! A client has no need of them: [`Client`](crate::Client) and
//! [`sign::sign`](crate::sign::sign) do all of this. A verifier rebuilds the string to sign
//! from what it received and compares signatures:
//!
//! ```
//! use tencent_action_core::verifier::{
//!     canonical_request, credential_scope, sha256_hex, signature_of, string_to_sign, utc_date,
//! };
//! use tencent_action_core::sign::{sign, Payload, SigningRequest};
//! use tencent_action_core::Credential;
//!
//! // What a client sent.
//! let credential = Credential::new("AKIDEXAMPLE", "secret").unwrap();
//! let mut req = SigningRequest::new("cvm", "DescribeZones", "2017-03-12", "cvm.tencentcloudapi.com", 1551113065);
//! req.payload = Payload::Bytes(b"{}");
//! let sent = sign(&req, &credential).unwrap();
//!
//! // What the server rebuilds from the request it received.
//! let headers = [("content-type", "application/json"), ("host", "cvm.tencentcloudapi.com")];
//! let canonical = canonical_request("POST", "", &headers, &sha256_hex(b"{}"));
//! let date = utc_date(1551113065);
//! let to_sign = string_to_sign(1551113065, &credential_scope(&date, "cvm"), &canonical);
//! assert!(sent.authorization().ends_with(&signature_of("secret", &date, "cvm", &to_sign)));
//! ```

pub use crate::client::envelope::parse_envelope;
pub use crate::client::query::{encode_query, flatten_params};
pub use crate::sign::authorization::{Authorization, AuthorizationParseError};
pub use crate::sign::canonical::{
    ALGORITHM, UNSIGNED_PAYLOAD, canonical_header_value, canonical_request, credential_scope,
    sha256_hex, string_to_sign,
};
pub use crate::sign::date::{civil_from_days, utc_date};
pub use crate::sign::hex::hex;
pub use crate::sign::key::DerivedKeys;

/// Computes the hex signature of a string to sign, for verifiers that rebuilt it themselves.
///
/// ```
/// use tencent_action_core::verifier::signature_of;
/// let sig = signature_of("secret", "2019-02-25", "cvm", "TC3-HMAC-SHA256\n...");
/// assert_eq!(sig.len(), 64);
/// ```
pub fn signature_of(secret_key: &str, date: &str, service: &str, string_to_sign: &str) -> String {
    let keys = DerivedKeys::derive(secret_key, date, service);
    hex(&crate::sign::key::hmac_sha256(
        &keys.secret_signing,
        string_to_sign.as_bytes(),
    ))
}
