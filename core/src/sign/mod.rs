//! Sans-IO TC3-HMAC-SHA256 signing.
//!
//! [`sign`] takes everything that goes into a signature ([`SigningRequest`]) and a
//! [`Credential`], and returns the headers to send together with every
//! intermediate artefact ([`SignedRequest`]), so a failed signature can be diffed step by step.
//! It performs no I/O and reads no clock.
//!
//! ```
//! use tencent_action_core::sign::{sign, Payload, SigningRequest};
//! use tencent_action_core::Credential;
//!
//! let credential = Credential::new("AKIDEXAMPLE", "secret").unwrap();
//! let mut req = SigningRequest::new("cvm", "DescribeInstances", "2017-03-12", "cvm.tencentcloudapi.com", 1551113065);
//! req.payload = Payload::Bytes(br#"{"Limit":1}"#);
//! req.region = Some("ap-guangzhou");
//! let signed = sign(&req, &credential).unwrap();
//! assert!(signed.authorization.starts_with("TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2019-02-25/cvm/tc3_request"));
//! assert!(signed.headers.iter().any(|(name, value)| *name == "X-TC-Region" && value == "ap-guangzhou"));
//! ```

mod authorization;
mod canonical;
mod date;
mod hex;
mod key;

pub use authorization::{Authorization, AuthorizationParseError};
pub use canonical::{
    ALGORITHM, UNSIGNED_PAYLOAD, canonical_header_value, canonical_request, credential_scope,
    sha256_hex, string_to_sign,
};
pub(crate) use date::unix_now;
pub use date::utc_date;
pub use hex::hex;
pub use key::{DerivedKeys, SigningKeyCache};

use crate::Credential;

/// The content type of POST requests (JSON bodies), as the official SDKs send it.
pub const CONTENT_TYPE_JSON: &str = "application/json";
/// The content type of GET requests (parameters in the query).
pub const CONTENT_TYPE_FORM: &str = "application/x-www-form-urlencoded";
/// The signed-header set the official SDKs use.
pub const DEFAULT_SIGNED_HEADERS: &[&str] = &["content-type", "host"];

/// The HTTP method of an API 3.0 call.
///
/// ```
/// use tencent_action_core::HttpMethod;
/// assert_eq!(HttpMethod::Get.as_str(), "GET");
/// assert_eq!(HttpMethod::default(), HttpMethod::Post);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum HttpMethod {
    /// JSON body; the default, and the only choice for requests over 32 KB.
    #[default]
    Post,
    /// Parameters flattened into the query string; empty body.
    Get,
}

impl HttpMethod {
    /// The method name on the wire.
    ///
    /// ```
    /// assert_eq!(tencent_action_core::HttpMethod::Post.as_str(), "POST");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Post => "POST",
            HttpMethod::Get => "GET",
        }
    }

    /// The content type the official SDKs send with this method.
    ///
    /// ```
    /// use tencent_action_core::HttpMethod;
    /// assert_eq!(HttpMethod::Get.content_type(), "application/x-www-form-urlencoded");
    /// ```
    pub fn content_type(self) -> &'static str {
        match self {
            HttpMethod::Post => CONTENT_TYPE_JSON,
            HttpMethod::Get => CONTENT_TYPE_FORM,
        }
    }
}

/// What the signature covers: the body bytes, or the literal `UNSIGNED-PAYLOAD`.
///
/// ```
/// use tencent_action_core::sign::Payload;
/// let p = Payload::Bytes(b"{}");
/// assert!(matches!(p, Payload::Bytes(_)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payload<'a> {
    /// Sign the hash of these bytes (the body exactly as sent; empty for GET).
    Bytes(&'a [u8]),
    /// Send `X-TC-Content-SHA256: UNSIGNED-PAYLOAD` and hash that literal instead of the body.
    Unsigned,
}

/// Everything a TC3 signature depends on, besides the credential.
///
/// ```
/// use tencent_action_core::sign::SigningRequest;
/// use tencent_action_core::HttpMethod;
/// let req = SigningRequest::new("iotexplorer", "CreateTRTCSignaturesWithRoomId", "2019-04-23", "iotexplorer.tencentcloudapi.com", 1700000000);
/// assert_eq!(req.method, HttpMethod::Post);
/// assert_eq!(req.content_type, "application/json");
/// assert_eq!(req.signed_headers, ["content-type", "host"]);
/// ```
#[derive(Debug, Clone)]
pub struct SigningRequest<'a> {
    /// POST (JSON) or GET (query).
    pub method: HttpMethod,
    /// The `Host` header exactly as sent, including a non-default port.
    pub host: &'a str,
    /// The query string exactly as sent, without `?` (empty for POST).
    pub query: &'a str,
    /// The `Content-Type` header exactly as sent.
    pub content_type: &'a str,
    /// Lowercase names of the signed headers; must include `content-type` and `host`. Other
    /// names may be any `x-tc-*` header this signer emits (`x-tc-action`, ...).
    pub signed_headers: &'a [&'a str],
    /// The body, or unsigned payload.
    pub payload: Payload<'a>,
    /// The service, e.g. `cvm`; part of the credential scope.
    pub service: &'a str,
    /// `X-TC-Action`.
    pub action: &'a str,
    /// `X-TC-Version`.
    pub version: &'a str,
    /// `X-TC-Region`, when the action takes one.
    pub region: Option<&'a str>,
    /// `X-TC-Language` (`zh-CN` or `en-US`).
    pub language: Option<&'a str>,
    /// Unix seconds; `X-TC-Timestamp`, and its UTC date goes into the credential scope.
    pub timestamp: i64,
}

impl<'a> SigningRequest<'a> {
    /// A POST JSON request with an empty body, the default signed headers and no region.
    ///
    /// ```
    /// use tencent_action_core::sign::{Payload, SigningRequest};
    /// let req = SigningRequest::new("cvm", "DescribeZones", "2017-03-12", "cvm.tencentcloudapi.com", 0);
    /// assert_eq!(req.payload, Payload::Bytes(b""));
    /// ```
    pub fn new(
        service: &'a str,
        action: &'a str,
        version: &'a str,
        host: &'a str,
        timestamp: i64,
    ) -> Self {
        SigningRequest {
            method: HttpMethod::Post,
            host,
            query: "",
            content_type: CONTENT_TYPE_JSON,
            signed_headers: DEFAULT_SIGNED_HEADERS,
            payload: Payload::Bytes(b""),
            service,
            action,
            version,
            region: None,
            language: None,
            timestamp,
        }
    }
}

/// The outcome of [`sign`]: headers to add to the request, and every intermediate artefact.
///
/// `Debug` redacts the session token.
///
/// ```
/// use tencent_action_core::sign::{sign, SigningRequest};
/// use tencent_action_core::Credential;
/// let cred = Credential::new("AKID", "key").unwrap().with_token("tok").unwrap();
/// let signed = sign(&SigningRequest::new("cvm", "A", "2017-03-12", "h", 0), &cred).unwrap();
/// assert!(signed.headers.iter().any(|(n, v)| *n == "X-TC-Token" && v == "tok"));
/// assert!(!format!("{signed:?}").contains("tok\""));
/// ```
#[derive(Clone)]
pub struct SignedRequest {
    /// Headers to send besides `Host` (which the transport derives from the URL and must equal
    /// the signed host): `Authorization`, `Content-Type` and the `X-TC-*` headers.
    pub headers: Vec<(&'static str, String)>,
    /// The canonical request that was hashed.
    pub canonical_request: String,
    /// The string that was signed.
    pub string_to_sign: String,
    /// The lowercase hex signature.
    pub signature: String,
    /// The `Authorization` header value.
    pub authorization: String,
}

impl std::fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                if *name == "X-TC-Token" {
                    (*name, "<redacted>")
                } else {
                    (*name, value.as_str())
                }
            })
            .collect();
        f.debug_struct("SignedRequest")
            .field("headers", &headers)
            .field("canonical_request", &self.canonical_request)
            .field("string_to_sign", &self.string_to_sign)
            .field("signature", &self.signature)
            .finish()
    }
}

/// Why a request could not be signed.
///
/// ```
/// use tencent_action_core::sign::{sign, SigningRequest, SignError};
/// use tencent_action_core::Credential;
/// let cred = Credential::new("AKID", "key").unwrap();
/// let mut req = SigningRequest::new("cvm", "A", "2017-03-12", "h", 0);
/// req.signed_headers = &["host"];
/// assert!(matches!(sign(&req, &cred), Err(SignError::RequiredHeaderNotSigned("content-type"))));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    /// TC3 requires `content-type` and `host` to be signed.
    #[error("the signed-header set must include `{0}`")]
    RequiredHeaderNotSigned(&'static str),
    /// A signed header this signer does not send, or that has no value in this request.
    #[error("cannot sign header `{0}`: it is not sent with this request")]
    UnknownSignedHeader(String),
}

/// Signs a request with TC3-HMAC-SHA256.
///
/// ```
/// use tencent_action_core::sign::{sign, SigningRequest};
/// use tencent_action_core::Credential;
/// let cred = Credential::new("AKIDEXAMPLE", "secret").unwrap();
/// let signed = sign(&SigningRequest::new("cvm", "DescribeZones", "2017-03-12", "cvm.tencentcloudapi.com", 1551113065), &cred).unwrap();
/// assert_eq!(signed.signature.len(), 64);
/// assert!(signed.canonical_request.starts_with("POST\n/\n\ncontent-type:application/json\nhost:cvm.tencentcloudapi.com\n"));
/// ```
pub fn sign(req: &SigningRequest<'_>, credential: &Credential) -> Result<SignedRequest, SignError> {
    sign_inner(req, credential, None)
}

/// [`sign`], with the derived key taken from (or stored in) a [`SigningKeyCache`].
///
/// ```
/// use tencent_action_core::sign::{sign_with_cache, SigningKeyCache, SigningRequest};
/// use tencent_action_core::Credential;
/// let cache = SigningKeyCache::default();
/// let cred = Credential::new("AKID", "k").unwrap();
/// let req = SigningRequest::new("cvm", "A", "2017-03-12", "h", 0);
/// assert_eq!(sign_with_cache(&req, &cred, &cache).unwrap().signature.len(), 64);
/// ```
pub fn sign_with_cache(
    req: &SigningRequest<'_>,
    credential: &Credential,
    cache: &SigningKeyCache,
) -> Result<SignedRequest, SignError> {
    sign_inner(req, credential, Some(cache))
}

fn sign_inner(
    req: &SigningRequest<'_>,
    credential: &Credential,
    cache: Option<&SigningKeyCache>,
) -> Result<SignedRequest, SignError> {
    let mut timestamp = String::with_capacity(20);
    canonical::push_integer(req.timestamp, &mut timestamp);
    let mut headers: Vec<(&'static str, String)> = Vec::with_capacity(10);
    headers.push(("Content-Type", req.content_type.to_owned()));
    headers.push(("X-TC-Action", req.action.to_owned()));
    headers.push(("X-TC-Timestamp", timestamp));
    headers.push(("X-TC-Version", req.version.to_owned()));
    if let Some(region) = req.region {
        headers.push(("X-TC-Region", region.to_owned()));
    }
    if let Some(language) = req.language {
        headers.push(("X-TC-Language", language.to_owned()));
    }
    if let Some(token) = credential.token() {
        headers.push(("X-TC-Token", token.to_owned()));
    }
    if req.payload == Payload::Unsigned {
        headers.push(("X-TC-Content-SHA256", UNSIGNED_PAYLOAD.to_owned()));
    }

    for required in ["content-type", "host"] {
        if !req.signed_headers.contains(&required) {
            return Err(SignError::RequiredHeaderNotSigned(required));
        }
    }
    let value_of = |name: &str| -> Result<&str, SignError> {
        if name == "host" {
            return Ok(req.host);
        }
        headers
            .iter()
            .find(|(header, _)| header.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
            .ok_or_else(|| SignError::UnknownSignedHeader(name.to_owned()))
    };
    let signed: Vec<(&str, &str)> = if req.signed_headers == DEFAULT_SIGNED_HEADERS {
        vec![("content-type", req.content_type), ("host", req.host)]
    } else {
        let mut names: Vec<&str> = req.signed_headers.to_vec();
        names.sort_unstable();
        names.dedup();
        names
            .into_iter()
            .map(|name| value_of(name).map(|value| (name, value)))
            .collect::<Result<_, _>>()?
    };

    let payload_hash = match req.payload {
        Payload::Bytes(bytes) => canonical::sha256_hex_array(bytes),
        Payload::Unsigned => canonical::sha256_hex_array(UNSIGNED_PAYLOAD.as_bytes()),
    };
    let payload_hash = std::str::from_utf8(&payload_hash).unwrap_or_default();
    let canonical_request =
        canonical_request(req.method.as_str(), req.query, &signed, payload_hash);
    let date = date::utc_date_array(req.timestamp);
    let date = std::str::from_utf8(&date).unwrap_or_default();
    let scope = credential_scope(date, req.service);
    let string_to_sign = string_to_sign(req.timestamp, &scope, &canonical_request);
    let signing_key = match cache {
        Some(cache) => zeroize::Zeroizing::new(cache.signing_key(
            credential.secret_id(),
            credential.secret_key(),
            date,
            req.service,
        )),
        None => zeroize::Zeroizing::new(
            DerivedKeys::derive(credential.secret_key(), date, req.service).secret_signing,
        ),
    };
    let signature = hex(&key::hmac_sha256(&*signing_key, string_to_sign.as_bytes()));
    let mut signed_names = String::new();
    canonical::push_signed_header_names(signed.iter().map(|(name, _)| *name), &mut signed_names);
    let authorization =
        Authorization::format(credential.secret_id(), &scope, &signed_names, &signature);
    headers.push(("Authorization", authorization.clone()));
    Ok(SignedRequest {
        headers,
        canonical_request,
        string_to_sign,
        signature,
        authorization,
    })
}

/// The headers of a request sent without a signature (`Authorization: SKIP`), for actions that
/// take no credential such as STS `AssumeRoleWithWebIdentity`.
///
/// ```
/// use tencent_action_core::sign::{unsigned, SigningRequest};
/// let out = unsigned(&SigningRequest::new("sts", "AssumeRoleWithWebIdentity", "2018-08-13", "sts.tencentcloudapi.com", 0));
/// assert!(out.headers.iter().any(|(n, v)| *n == "Authorization" && v == "SKIP"));
/// ```
pub fn unsigned(req: &SigningRequest<'_>) -> SignedRequest {
    let mut headers: Vec<(&'static str, String)> = vec![
        ("Content-Type", req.content_type.to_owned()),
        ("X-TC-Action", req.action.to_owned()),
        ("X-TC-Timestamp", req.timestamp.to_string()),
        ("X-TC-Version", req.version.to_owned()),
    ];
    if let Some(region) = req.region {
        headers.push(("X-TC-Region", region.to_owned()));
    }
    if let Some(language) = req.language {
        headers.push(("X-TC-Language", language.to_owned()));
    }
    headers.push(("Authorization", "SKIP".to_owned()));
    SignedRequest {
        headers,
        canonical_request: String::new(),
        string_to_sign: String::new(),
        signature: String::new(),
        authorization: "SKIP".to_owned(),
    }
}

/// Computes the hex signature of a string to sign, for verifiers that rebuilt it themselves.
///
/// ```
/// use tencent_action_core::sign::signature_of;
/// let sig = signature_of("secret", "2019-02-25", "cvm", "TC3-HMAC-SHA256\n...");
/// assert_eq!(sig.len(), 64);
/// ```
pub fn signature_of(secret_key: &str, date: &str, service: &str, string_to_sign: &str) -> String {
    let keys = DerivedKeys::derive(secret_key, date, service);
    hex(&key::hmac_sha256(
        &keys.secret_signing,
        string_to_sign.as_bytes(),
    ))
}
