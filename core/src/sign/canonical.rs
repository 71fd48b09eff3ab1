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
/// use tencent_action_core::verifier::sha256_hex;
/// assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
/// ```
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The lowercase hex SHA-256 of [`UNSIGNED_PAYLOAD`], the payload hash of an unsigned body.
pub(crate) const UNSIGNED_PAYLOAD_HASH: &str =
    "438d4109ef0d676b8c2c7ed13cdfcb418e494d53b843d4634ce3b1085f07bb96";

/// Lowercase hex SHA-256 of `bytes` into a stack buffer.
pub(crate) fn sha256_hex_array(bytes: &[u8]) -> [u8; 64] {
    super::hex::encode_array(&Sha256::digest(bytes).into())
}

/// Normalises a header value the way TC3 canonicalises it: trimmed and lowercased.
///
/// ```
/// use tencent_action_core::verifier::canonical_header_value;
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
/// use tencent_action_core::verifier::{canonical_request, sha256_hex};
/// let cr = canonical_request("POST", "", &[("content-type", "application/json"), ("host", "cvm.tencentcloudapi.com")], &sha256_hex(b"{}"));
/// assert!(cr.starts_with("POST\n/\n\ncontent-type:application/json\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n"));
/// ```
pub fn canonical_request(
    method: &str,
    query: &str,
    headers: &[(&str, &str)],
    payload_hash: &str,
) -> String {
    let mut out = String::with_capacity(canonical_request_len(method, query, headers));
    let _names = write_canonical_request(method, query, headers, payload_hash, &mut out);
    out
}

/// The length of the canonical request [`write_canonical_request`] writes, at most (values are
/// counted untrimmed).
pub(crate) fn canonical_request_len(method: &str, query: &str, headers: &[(&str, &str)]) -> usize {
    let lines: usize = headers.iter().map(|(n, v)| 2 * n.len() + v.len() + 3).sum();
    method.len() + 5 + query.len() + lines + 64
}

/// Appends the canonical request to `out`; see [`canonical_request`]. Returns where in `out`
/// the signed-header list (`content-type;host;…`) stands, for reuse.
pub(crate) fn write_canonical_request(
    method: &str,
    query: &str,
    headers: &[(&str, &str)],
    payload_hash: &str,
    out: &mut String,
) -> std::ops::Range<usize> {
    out.push_str(method);
    out.push_str("\n/\n");
    out.push_str(query);
    out.push('\n');
    for (name, value) in headers {
        out.push_str(name);
        out.push(':');
        // The canonical value, trimmed and lowercased in place: ASCII lowercasing keeps every
        // byte's position, so the value is copied whole and then lowercased.
        let start = out.len();
        out.push_str(value.trim());
        out[start..].make_ascii_lowercase();
        out.push('\n');
    }
    out.push('\n');
    let names_start = out.len();
    push_signed_header_names(headers.iter().map(|(name, _)| *name), out);
    let names = names_start..out.len();
    out.push('\n');
    out.push_str(payload_hash);
    names
}

/// Writes header names joined by `;`, the `SignedHeaders` list.
fn push_signed_header_names<'a>(names: impl Iterator<Item = &'a str>, out: &mut String) {
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
/// assert_eq!(tencent_action_core::verifier::credential_scope("2019-02-25", "cvm"), "2019-02-25/cvm/tc3_request");
/// ```
pub fn credential_scope(date: &str, service: &str) -> String {
    let mut out = String::with_capacity(date.len() + service.len() + 13);
    write_credential_scope(date, service, &mut out);
    out
}

/// Appends the credential scope to `out`; see [`credential_scope`].
pub(crate) fn write_credential_scope(date: &str, service: &str, out: &mut String) {
    out.push_str(date);
    out.push('/');
    out.push_str(service);
    out.push_str("/tc3_request");
}

/// Builds the string to sign: algorithm, timestamp, scope and the hash of the canonical request.
///
/// ```
/// use tencent_action_core::verifier::string_to_sign;
/// let sts = string_to_sign(1551113065, "2019-02-25/cvm/tc3_request", "POST\n/\n");
/// assert!(sts.starts_with("TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n"));
/// ```
pub fn string_to_sign(timestamp: i64, scope: &str, canonical_request: &str) -> String {
    let mut digits = [0u8; 20];
    let mut out = String::with_capacity(string_to_sign_len(scope));
    write_string_to_sign(
        format_integer(timestamp, &mut digits),
        scope,
        &Sha256::digest(canonical_request.as_bytes()),
        &mut out,
    );
    out
}

/// The length of a string to sign for a credential scope, at most.
pub(crate) fn string_to_sign_len(scope: &str) -> usize {
    ALGORITHM.len() + scope.len() + 20 + 3 + 64
}

/// Appends the string to sign to `out`, for a decimal timestamp and the SHA-256 of the canonical
/// request; see [`string_to_sign`].
pub(crate) fn write_string_to_sign(
    timestamp: &str,
    scope: &str,
    canonical_hash: &[u8],
    out: &mut String,
) {
    for part in [ALGORITHM, "\n", timestamp, "\n", scope, "\n"] {
        out.push_str(part);
    }
    encode_into(canonical_hash, out);
}

/// The decimal form of `n`, written into `digits` (an `i64` has at most 20 characters).
pub(crate) fn format_integer(n: i64, digits: &mut [u8; 20]) -> &str {
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
        i -= 1;
        digits[i] = b'-';
    }
    std::str::from_utf8(&digits[i..]).unwrap_or_default()
}
