//! The `Authorization` header: written by the signer, parsed by verifiers.

use super::canonical::ALGORITHM;

/// The parts of a TC3 `Authorization` header.
///
/// ```
/// use tencent_action_core::verifier::Authorization;
/// let auth = Authorization::parse(
///     "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=abc",
/// ).unwrap();
/// assert_eq!(auth.secret_id, "AKIDEXAMPLE");
/// assert_eq!(auth.service, "cvm");
/// assert_eq!(auth.signed_headers, ["content-type", "host"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    /// The algorithm; always `TC3-HMAC-SHA256` for a header that parsed.
    pub algorithm: String,
    /// The SecretId from the credential scope.
    pub secret_id: String,
    /// The UTC date from the credential scope.
    pub date: String,
    /// The service from the credential scope.
    pub service: String,
    /// Signed header names, as listed.
    pub signed_headers: Vec<String>,
    /// The hex signature.
    pub signature: String,
}

/// Why an `Authorization` header could not be parsed.
///
/// ```
/// use tencent_action_core::verifier::Authorization;
/// let err = Authorization::parse("Basic abc").unwrap_err();
/// assert!(err.to_string().contains("TC3-HMAC-SHA256"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed Authorization header: {0}")]
pub struct AuthorizationParseError(pub String);

/// The separators of an `Authorization` value, after [`ALGORITHM`]: one spelling for the
/// formatter, the signer and the credential prefix.
pub(crate) const CREDENTIAL: &str = " Credential=";
pub(crate) const SIGNED_HEADERS: &str = ", SignedHeaders=";
pub(crate) const SIGNATURE: &str = ", Signature=";
/// [`SIGNED_HEADERS`], the default signed headers and [`SIGNATURE`], in one piece.
pub(crate) const DEFAULT_SIGNED_HEADERS_TO_SIGNATURE: &str =
    ", SignedHeaders=content-type;host, Signature=";

impl Authorization {
    /// Formats the header value for a secret id, credential scope, signed-header list and
    /// signature.
    ///
    /// ```
    /// use tencent_action_core::verifier::Authorization;
    /// let v = Authorization::format("AKID", "2019-02-25/cvm/tc3_request", "content-type;host", "ab");
    /// assert_eq!(v, "TC3-HMAC-SHA256 Credential=AKID/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=ab");
    /// ```
    pub fn format(secret_id: &str, scope: &str, signed_headers: &str, signature: &str) -> String {
        let parts = [
            ALGORITHM,
            CREDENTIAL,
            secret_id,
            "/",
            scope,
            SIGNED_HEADERS,
            signed_headers,
            SIGNATURE,
            signature,
        ];
        let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
        for part in parts {
            out.push_str(part);
        }
        out
    }

    /// Parses a header value of the form
    /// `TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request, SignedHeaders=a;b, Signature=HEX`.
    ///
    /// ```
    /// use tencent_action_core::verifier::Authorization;
    /// assert!(Authorization::parse("TC3-HMAC-SHA256 Credential=A/d/s/tc3_request").is_err());
    /// ```
    pub fn parse(value: &str) -> Result<Self, AuthorizationParseError> {
        let err = |msg: &str| AuthorizationParseError(msg.to_owned());
        let (algorithm, rest) = value.trim().split_once(' ').ok_or_else(|| {
            err("expected `TC3-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`")
        })?;
        if algorithm != ALGORITHM {
            return Err(err(&format!(
                "algorithm is `{algorithm}`, expected `{ALGORITHM}`"
            )));
        }
        let (mut credential, mut signed, mut signature) = (None, None, None);
        for part in rest.split(',') {
            let (key, val) = part
                .trim()
                .split_once('=')
                .ok_or_else(|| err(&format!("`{}` is not KEY=VALUE", part.trim())))?;
            match key {
                "Credential" => credential = Some(val),
                "SignedHeaders" => signed = Some(val),
                "Signature" => signature = Some(val),
                other => return Err(err(&format!("unknown part `{other}`"))),
            }
        }
        let credential = credential.ok_or_else(|| err("Credential is missing"))?;
        let signed = signed.ok_or_else(|| err("SignedHeaders is missing"))?;
        let signature = signature.ok_or_else(|| err("Signature is missing"))?;
        let scope: Vec<&str> = credential.split('/').collect();
        let [secret_id, date, service, terminator] = scope[..] else {
            return Err(err("Credential must be SECRET_ID/DATE/SERVICE/tc3_request"));
        };
        if terminator != "tc3_request" {
            return Err(err(&format!(
                "credential scope ends in `{terminator}`, expected `tc3_request`"
            )));
        }
        if secret_id.is_empty() || date.is_empty() || service.is_empty() {
            return Err(err("Credential has an empty part"));
        }
        Ok(Authorization {
            algorithm: algorithm.to_owned(),
            secret_id: secret_id.to_owned(),
            date: date.to_owned(),
            service: service.to_owned(),
            signed_headers: signed.split(';').map(str::to_owned).collect(),
            signature: signature.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_separators_in_one_piece_are_the_pieces() {
        let joined = [SIGNED_HEADERS, "content-type;host", SIGNATURE].concat();
        assert_eq!(DEFAULT_SIGNED_HEADERS_TO_SIGNATURE, joined);
        assert_eq!(
            crate::sign::DEFAULT_SIGNED_HEADERS.join(";"),
            "content-type;host"
        );
    }
}
