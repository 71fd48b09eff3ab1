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

/// Lowercase hex SHA-256 of `bytes` into a stack buffer.
pub(crate) fn sha256_hex_array(bytes: &[u8]) -> [u8; 64] {
    super::hex::encode_array(&Sha256::digest(bytes).into())
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
    let values: usize = headers.iter().map(|(n, v)| n.len() + v.len() + 2).sum();
    let mut out = String::with_capacity(16 + query.len() + 2 * values + payload_hash.len());
    out.push_str(method);
    out.push_str("\n/\n");
    out.push_str(query);
    out.push('\n');
    for (name, value) in headers {
        out.push_str(name);
        out.push(':');
        // The canonical value, trimmed and lowercased, written without an intermediate string;
        // values that are already canonical are copied whole.
        let value = value.trim();
        if value.bytes().any(|b| b.is_ascii_uppercase()) {
            out.extend(value.chars().map(|c| c.to_ascii_lowercase()));
        } else {
            out.push_str(value);
        }
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
    let mut out = String::with_capacity(date.len() + service.len() + 13);
    out.push_str(date);
    out.push('/');
    out.push_str(service);
    out.push_str("/tc3_request");
    out
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
    push_integer(timestamp, &mut out);
    out.push('\n');
    out.push_str(scope);
    out.push('\n');
    encode_into(&Sha256::digest(canonical_request.as_bytes()), &mut out);
    out
}

/// Appends the decimal form of `n` without the formatting machinery.
pub(crate) fn push_integer(n: i64, out: &mut String) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut rest = n.unsigned_abs();
    loop {
        i -= 1;
        digits[i] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if n < 0 {
        out.push('-');
    }
    out.push_str(std::str::from_utf8(&digits[i..]).unwrap_or_default());
}
