//! The intermediate artefacts of TC3: canonical request, credential scope, string to sign.
//!
//! Each function is public so a verifier (the emulator) rebuilds exactly what a signer built,
//! and so golden tests can compare every step.

use sha2::{Digest, Sha256};

use super::hex::{encode_into, hex};

/// The algorithm name written in the string to sign and in `Authorization`.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";

/// The literal hashed instead of the body when `X-TC-Content-SHA256: UNSIGNED-PAYLOAD` is sent.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Lowercase hex SHA-256 of `bytes`.
///
/// ```
/// use tencent_action_core::sign::sha256_hex;
/// assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
/// ```
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Normalises a header value the way TC3 canonicalises it: trimmed and lowercased.
///
/// ```
/// use tencent_action_core::sign::canonical_header_value;
/// assert_eq!(canonical_header_value(" DescribeInstances "), "describeinstances");
/// ```
pub fn canonical_header_value(value: &str) -> String {
    value.trim().to_ascii_lowercase()
}

/// Builds the canonical request.
///
/// `headers` are the signed headers as `(lowercase name, value)` in ascending name order; values
/// are canonicalised here. `payload_hash` is the hex SHA-256 of the body, or of
/// [`UNSIGNED_PAYLOAD`].
///
/// ```
/// use tencent_action_core::sign::{canonical_request, sha256_hex};
/// let cr = canonical_request("POST", "", &[("content-type", "application/json"), ("host", "cvm.tencentcloudapi.com")], &sha256_hex(b"{}"));
/// assert!(cr.starts_with("POST\n/\n\ncontent-type:application/json\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n"));
/// ```
pub fn canonical_request(
    method: &str,
    query: &str,
    headers: &[(&str, &str)],
    payload_hash: &str,
) -> String {
    let mut out = String::with_capacity(160 + query.len() + payload_hash.len());
    out.push_str(method);
    out.push_str("\n/\n");
    out.push_str(query);
    out.push('\n');
    for (name, value) in headers {
        out.push_str(name);
        out.push(':');
        out.push_str(&canonical_header_value(value));
        out.push('\n');
    }
    out.push('\n');
    push_signed_header_names(headers.iter().map(|(name, _)| *name), &mut out);
    out.push('\n');
    out.push_str(payload_hash);
    out
}

/// Writes header names joined by `;`, the `SignedHeaders` list.
pub(crate) fn push_signed_header_names<'a>(names: impl Iterator<Item = &'a str>, out: &mut String) {
    for (i, name) in names.enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push_str(name);
    }
}

/// The credential scope `DATE/SERVICE/tc3_request`.
///
/// ```
/// assert_eq!(tencent_action_core::sign::credential_scope("2019-02-25", "cvm"), "2019-02-25/cvm/tc3_request");
/// ```
pub fn credential_scope(date: &str, service: &str) -> String {
    format!("{date}/{service}/tc3_request")
}

/// Builds the string to sign: algorithm, timestamp, scope and the hash of the canonical request.
///
/// ```
/// use tencent_action_core::sign::string_to_sign;
/// let sts = string_to_sign(1551113065, "2019-02-25/cvm/tc3_request", "POST\n/\n");
/// assert!(sts.starts_with("TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n"));
/// ```
pub fn string_to_sign(timestamp: i64, scope: &str, canonical_request: &str) -> String {
    let mut out = String::with_capacity(ALGORITHM.len() + scope.len() + 96);
    out.push_str(ALGORITHM);
    out.push('\n');
    out.push_str(&timestamp.to_string());
    out.push('\n');
    out.push_str(scope);
    out.push('\n');
    encode_into(&Sha256::digest(canonical_request.as_bytes()), &mut out);
    out
}
