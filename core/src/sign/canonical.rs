//! The intermediate artefacts of TC3: canonical request, credential scope, string to sign.
//!
//! Each function is public so a verifier (the emulator) rebuilds exactly what a signer built,
//! and so golden tests can compare every step.

use sha2::{Digest, Sha256};

use super::digest::Sha256Writer;
use super::hex::hex;

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
pub(crate) const UNSIGNED_PAYLOAD_HASH: [u8; 64] =
    *b"438d4109ef0d676b8c2c7ed13cdfcb418e494d53b843d4634ce3b1085f07bb96";

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
    put_canonical_request(
        method,
        query,
        headers.iter().copied(),
        payload_hash.as_bytes(),
        &mut out,
    );
    out
}

/// The length of the canonical request [`put_canonical_request`] writes, at most (values are
/// counted untrimmed).
pub(crate) fn canonical_request_len(method: &str, query: &str, headers: &[(&str, &str)]) -> usize {
    let lines: usize = headers.iter().map(|(n, v)| 2 * n.len() + v.len() + 3).sum();
    method.len() + 5 + query.len() + lines + 64
}

/// Where the pieces of an artefact go: a string (to show it) or a hash (to sign it), so both
/// receive the same bytes from the same code.
pub(crate) trait Sink {
    /// Appends `text` as it is.
    fn put(&mut self, text: &str);
    /// Appends `text` lowercased (ASCII).
    fn put_lowercase(&mut self, text: &str);
    /// Appends ASCII bytes (hex digits).
    fn put_ascii(&mut self, bytes: &[u8]);
    /// Appends the 64 hex digits of a digest.
    fn put_hex(&mut self, digits: &[u8; 64]) {
        self.put_ascii(digits);
    }
}

impl Sink for String {
    fn put(&mut self, text: &str) {
        self.push_str(text);
    }

    fn put_lowercase(&mut self, text: &str) {
        // ASCII lowercasing keeps every byte's position: copied whole, then lowercased.
        let start = self.len();
        self.push_str(text);
        self[start..].make_ascii_lowercase();
    }

    fn put_ascii(&mut self, bytes: &[u8]) {
        self.push_str(std::str::from_utf8(bytes).unwrap_or_default());
    }
}

/// The stack buffer of the signer's hash writer: a canonical request or a string to sign of
/// the usual size (about 160 and 130 bytes with the default signed headers) is compressed in
/// one run.
pub(crate) const HASH_BUFFER: usize = 256;

impl Sink for Vec<u8> {
    fn put(&mut self, text: &str) {
        self.extend_from_slice(text.as_bytes());
    }

    fn put_lowercase(&mut self, text: &str) {
        let start = self.len();
        self.extend_from_slice(text.as_bytes());
        self[start..].make_ascii_lowercase();
    }

    fn put_ascii(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }

    fn put_hex(&mut self, digits: &[u8; 64]) {
        self.extend_from_slice(digits);
    }
}

impl<const N: usize> Sink for Sha256Writer<N> {
    fn put(&mut self, text: &str) {
        self.update(text.as_bytes());
    }

    fn put_lowercase(&mut self, text: &str) {
        self.update_lowercase(text.as_bytes());
    }

    fn put_ascii(&mut self, bytes: &[u8]) {
        self.update(bytes);
    }

    fn put_hex(&mut self, digits: &[u8; 64]) {
        self.update_array(digits);
    }
}

/// Writes the canonical request into `out`; see [`canonical_request`].
pub(crate) fn put_canonical_request<'h>(
    method: &str,
    query: &str,
    headers: impl Iterator<Item = (&'h str, &'h str)> + Clone,
    payload_hash: &[u8],
    out: &mut impl Sink,
) {
    put_canonical_head(method, query, headers, out);
    out.put_ascii(payload_hash);
}

/// Writes the canonical request up to the payload's hash, which is all that follows.
pub(crate) fn put_canonical_head<'h>(
    method: &str,
    query: &str,
    headers: impl Iterator<Item = (&'h str, &'h str)> + Clone,
    out: &mut impl Sink,
) {
    out.put(method);
    out.put("\n/\n");
    out.put(query);
    // The signed headers the official SDKs use, with a content type already in canonical form:
    // the same bytes as below, in fewer pieces.
    let mut first = headers.clone();
    if let (Some(("content-type", content_type)), Some(("host", host)), None) =
        (first.next(), first.next(), first.next())
    {
        let head = match content_type {
            super::CONTENT_TYPE_JSON => Some("\ncontent-type:application/json\nhost:"),
            super::CONTENT_TYPE_FORM => {
                Some("\ncontent-type:application/x-www-form-urlencoded\nhost:")
            }
            _ => None,
        };
        if let Some(head) = head {
            out.put(head);
            out.put_lowercase(host.trim());
            out.put("\n\ncontent-type;host\n");
            return;
        }
    }
    out.put("\n");
    for (name, value) in headers.clone() {
        out.put(name);
        out.put(":");
        out.put_lowercase(value.trim());
        out.put("\n");
    }
    out.put("\n");
    put_signed_header_names(headers.map(|(name, _)| name), out);
    out.put("\n");
}

/// Writes header names joined by `;`, the `SignedHeaders` list.
pub(crate) fn put_signed_header_names<'h>(
    names: impl Iterator<Item = &'h str>,
    out: &mut impl Sink,
) {
    for (i, name) in names.enumerate() {
        if i > 0 {
            out.put(";");
        }
        out.put(name);
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
    put_string_to_sign(
        format_integer(timestamp, &mut digits),
        scope,
        &Sha256::digest(canonical_request.as_bytes()).into(),
        &mut out,
    );
    out
}

/// The length of a string to sign for a credential scope, at most.
pub(crate) fn string_to_sign_len(scope: &str) -> usize {
    ALGORITHM.len() + scope.len() + 20 + 3 + 64
}

/// Writes the string to sign into `out`, for a decimal timestamp and the SHA-256 of the
/// canonical request; see [`string_to_sign`].
pub(crate) fn put_string_to_sign(
    timestamp: &str,
    scope: &str,
    canonical_hash: &[u8; 32],
    out: &mut impl Sink,
) {
    for part in ["TC3-HMAC-SHA256\n", timestamp, "\n", scope, "\n"] {
        out.put(part);
    }
    out.put_hex(&super::hex::encode_array(canonical_hash));
}

/// The decimal form of `n`, written into `digits` (an `i64` has at most 20 characters), two
/// digits at a time.
pub(crate) fn format_integer(n: i64, digits: &mut [u8; 20]) -> &str {
    let mut i = digits.len();
    let mut rest = n.unsigned_abs();
    while rest >= 100 {
        i -= 2;
        digits[i..i + 2].copy_from_slice(&DECIMAL_PAIRS[(rest % 100) as usize]);
        rest /= 100;
    }
    if rest >= 10 {
        i -= 2;
        digits[i..i + 2].copy_from_slice(&DECIMAL_PAIRS[rest as usize]);
    } else {
        i -= 1;
        digits[i] = b'0' + rest as u8;
    }
    if n < 0 {
        i -= 1;
        digits[i] = b'-';
    }
    std::str::from_utf8(&digits[i..]).unwrap_or_default()
}

/// The two decimal digits of 0 to 99.
const DECIMAL_PAIRS: [[u8; 2]; 100] = {
    let mut pairs = [[0u8; 2]; 100];
    let mut n = 0;
    while n < 100 {
        pairs[n] = [b'0' + (n / 10) as u8, b'0' + (n % 10) as u8];
        n += 1;
    }
    pairs
};

#[cfg(test)]
mod tests {
    use super::format_integer;

    #[test]
    fn integers_format_like_display() {
        let mut digits = [0u8; 20];
        for n in [
            0,
            1,
            9,
            10,
            99,
            100,
            101,
            1_795_635_394,
            -1,
            -10,
            -99,
            -100,
            i64::MAX,
            i64::MIN,
        ] {
            assert_eq!(format_integer(n, &mut digits), n.to_string());
        }
        for n in (-2_000..2_000).chain((0..10_000).map(|k| k * 7_919_317)) {
            assert_eq!(format_integer(n, &mut digits), n.to_string());
        }
    }
}
