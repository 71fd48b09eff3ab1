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
//! assert!(signed.authorization().starts_with("TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2019-02-25/cvm/tc3_request"));
//! assert_eq!(signed.header("X-TC-Region"), Some("ap-guangzhou"));
//! ```

pub(crate) mod authorization;
pub(crate) mod canonical;
pub(crate) mod date;
pub(crate) mod digest;
pub(crate) mod hex;
pub(crate) mod key;

pub(crate) use canonical::UNSIGNED_PAYLOAD;
pub(crate) use date::unix_now;
pub(crate) use hex::hex;
pub use key::SigningKeyCache;

use sha2::{Digest, Sha256};

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

/// The most headers a signed request carries: `Content-Type`, `X-TC-Action`,
/// `X-TC-Timestamp`, `X-TC-Version`, `X-TC-Region`, `X-TC-Language`, `X-TC-Token`,
/// `X-TC-Content-SHA256` and `Authorization`.
const MAX_HEADERS: usize = 9;

/// The names of the headers a request may send, in the order they are sent.
pub(crate) const HEADER_NAMES: [&str; MAX_HEADERS] = [
    "Content-Type",
    "X-TC-Action",
    "X-TC-Timestamp",
    "X-TC-Version",
    "X-TC-Region",
    "X-TC-Language",
    "X-TC-Token",
    "X-TC-Content-SHA256",
    "Authorization",
];

/// The index of `Authorization` in [`HEADER_NAMES`].
const AUTHORIZATION: u8 = 8;

/// A byte range of [`SignedRequest`]'s text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
}

/// The outcome of [`sign`]: headers to add to the request, and every intermediate artefact.
///
/// The header values, and what the artefacts are made of (the host, the query and the payload's
/// hash), are kept in one string, with the `Authorization` value (which ends in the signature).
/// The canonical request and the string to sign were hashed as they were made, without being
/// kept; [`canonical_request`](Self::canonical_request) and
/// [`string_to_sign`](Self::string_to_sign) write them out again, byte for byte, the first time
/// one is asked for. `Debug` redacts the session token.
///
/// ```
/// use tencent_action_core::sign::{sign, SigningRequest};
/// use tencent_action_core::Credential;
/// let cred = Credential::new("AKID", "key").unwrap().with_token("tok").unwrap();
/// let signed = sign(&SigningRequest::new("cvm", "A", "2017-03-12", "h", 0), &cred).unwrap();
/// assert_eq!(signed.header("X-TC-Token"), Some("tok"));
/// assert!(signed.headers().any(|(n, v)| n == "Authorization" && v == signed.authorization()));
/// assert!(!format!("{signed:?}").contains("tok\""));
/// ```
#[derive(Clone)]
pub struct SignedRequest {
    text: String,
    /// The headers sent, as indices into [`HEADER_NAMES`], in order.
    names: [u8; MAX_HEADERS],
    /// How many headers are sent.
    header_count: u8,
    /// Where the first header's value starts in `text`; each of the others starts where the
    /// one before ends.
    values_start: usize,
    /// Where each header's value ends in `text`.
    ends: [usize; MAX_HEADERS],
    /// What the artefacts are written from; `None` for an unsigned request.
    source: Option<Source>,
    /// The canonical request followed by the string to sign, written when first asked for.
    artefacts: std::sync::OnceLock<Artefacts>,
}

/// What a signature's artefacts are written from, besides the header values.
#[derive(Debug, Clone, Copy)]
struct Source {
    method: HttpMethod,
    host: Span,
    query: Span,
    payload_hash: Span,
    scope: Span,
    /// The signed headers, one bit per name of [`SIGNABLE`].
    signed: u16,
}

/// The canonical request and the string to sign, in one string.
#[derive(Debug, Clone)]
struct Artefacts {
    text: String,
    /// Where the canonical request ends and the string to sign starts.
    split: usize,
}

impl SignedRequest {
    /// Headers to send besides `Host` (which must equal the signed host; the client sends the
    /// one it signed): `Content-Type`, the `X-TC-*` headers and `Authorization`, in that
    /// order.
    ///
    /// ```
    /// use tencent_action_core::sign::{sign, SigningRequest};
    /// use tencent_action_core::Credential;
    /// let signed = sign(&SigningRequest::new("cvm", "A", "2017-03-12", "h", 0), &Credential::new("AKID", "k").unwrap()).unwrap();
    /// let names: Vec<&str> = signed.headers().map(|(name, _)| name).collect();
    /// assert_eq!(names, ["Content-Type", "X-TC-Action", "X-TC-Timestamp", "X-TC-Version", "Authorization"]);
    /// ```
    pub fn headers(&self) -> impl ExactSizeIterator<Item = (&'static str, &str)> + Clone + '_ {
        self.spans()
            .map(|(name, span)| (HEADER_NAMES[usize::from(name)], self.at(span)))
    }

    /// The headers sent, as indices into [`HEADER_NAMES`] and where their values are.
    fn spans(&self) -> impl ExactSizeIterator<Item = (u8, Span)> + Clone + '_ {
        let count = usize::from(self.header_count);
        self.names[..count]
            .iter()
            .zip(&self.ends[..count])
            .enumerate()
            .map(|(k, (name, &end))| {
                let start = match k {
                    0 => self.values_start,
                    _ => self.ends[k - 1],
                };
                (*name, Span { start, end })
            })
    }

    /// The value of one header, by case-insensitive name.
    ///
    /// ```
    /// use tencent_action_core::sign::{sign, SigningRequest};
    /// use tencent_action_core::Credential;
    /// let signed = sign(&SigningRequest::new("cvm", "DescribeZones", "2017-03-12", "h", 0), &Credential::new("AKID", "k").unwrap()).unwrap();
    /// assert_eq!(signed.header("x-tc-action"), Some("DescribeZones"));
    /// assert_eq!(signed.header("X-TC-Region"), None);
    /// ```
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers()
            .find(|(header, _)| header.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    }

    /// The canonical request that was hashed (empty for an unsigned request).
    ///
    /// ```
    /// use tencent_action_core::sign::{sign, SigningRequest};
    /// use tencent_action_core::Credential;
    /// let signed = sign(&SigningRequest::new("cvm", "A", "2017-03-12", "h", 0), &Credential::new("AKID", "k").unwrap()).unwrap();
    /// assert!(signed.canonical_request().starts_with("POST\n/\n\ncontent-type:application/json\nhost:h\n"));
    /// ```
    pub fn canonical_request(&self) -> &str {
        self.artefacts()
            .map_or("", |a| a.text.get(..a.split).unwrap_or_default())
    }

    /// The string that was signed (empty for an unsigned request).
    ///
    /// ```
    /// use tencent_action_core::sign::{sign, SigningRequest};
    /// use tencent_action_core::Credential;
    /// let signed = sign(&SigningRequest::new("cvm", "A", "2017-03-12", "h", 0), &Credential::new("AKID", "k").unwrap()).unwrap();
    /// assert!(signed.string_to_sign().starts_with("TC3-HMAC-SHA256\n0\n1970-01-01/cvm/tc3_request\n"));
    /// ```
    pub fn string_to_sign(&self) -> &str {
        self.artefacts()
            .map_or("", |a| a.text.get(a.split..).unwrap_or_default())
    }

    /// The lowercase hex signature (empty for an unsigned request).
    ///
    /// ```
    /// use tencent_action_core::sign::{sign, SigningRequest};
    /// use tencent_action_core::Credential;
    /// let signed = sign(&SigningRequest::new("cvm", "A", "2017-03-12", "h", 0), &Credential::new("AKID", "k").unwrap()).unwrap();
    /// assert_eq!(signed.signature().len(), 64);
    /// ```
    pub fn signature(&self) -> &str {
        // A signed `Authorization` ends in `, Signature=` and the hex digits; `SKIP` has none.
        self.authorization()
            .rsplit_once(authorization::SIGNATURE)
            .map_or("", |(_, signature)| signature)
    }

    /// The `Authorization` header value (`SKIP` for an unsigned request).
    ///
    /// ```
    /// use tencent_action_core::sign::{sign, SigningRequest};
    /// use tencent_action_core::Credential;
    /// let signed = sign(&SigningRequest::new("cvm", "A", "2017-03-12", "h", 0), &Credential::new("AKID", "k").unwrap()).unwrap();
    /// assert!(signed.authorization().starts_with("TC3-HMAC-SHA256 Credential=AKID/1970-01-01/cvm/tc3_request"));
    /// assert!(signed.authorization().ends_with(signed.signature()));
    /// let expected = tencent_action_core::verifier::signature_of("k", "1970-01-01", "cvm", signed.string_to_sign());
    /// assert_eq!(signed.signature(), expected);
    /// ```
    pub fn authorization(&self) -> &str {
        // Always the last header.
        self.spans().last().map_or("", |(_, span)| self.at(span))
    }

    /// The headers as names and byte ranges of one shared buffer, for a transport that hands
    /// the values on without copying each one.
    /// Names are indices into [`HEADER_NAMES`].
    pub(crate) fn into_shared_headers(
        self,
    ) -> (
        bytes::Bytes,
        impl ExactSizeIterator<Item = (u8, std::ops::Range<usize>)>,
    ) {
        let count = usize::from(self.header_count);
        let (names, ends, values_start) = (self.names, self.ends, self.values_start);
        (
            bytes::Bytes::from(self.text),
            (0..count).map(move |k| {
                let start = match k {
                    0 => values_start,
                    _ => ends[k - 1],
                };
                (names[k], start..ends[k])
            }),
        )
    }

    fn at(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or_default()
    }

    /// The signed headers as `(lowercase name, value)`, in canonical order.
    fn signed_headers(&self, source: Source) -> impl Iterator<Item = (&str, &str)> + Clone {
        SIGNABLE
            .iter()
            .enumerate()
            .filter(move |(i, _)| source.signed & (1 << i) != 0)
            .map(move |(_, name)| {
                let value = if *name == "host" {
                    self.at(source.host)
                } else {
                    self.header(name).unwrap_or_default()
                };
                (*name, value)
            })
    }

    /// The artefacts, written the first time they are asked for; `None` when unsigned.
    fn artefacts(&self) -> Option<&Artefacts> {
        let source = self.source?;
        Some(self.artefacts.get_or_init(|| {
            let scope = self.at(source.scope);
            let headers = self.signed_headers(source);
            let mut text = String::with_capacity(
                source.method.as_str().len() + 6 + source.query.end - source.query.start
                    + headers
                        .clone()
                        .map(|(name, value)| 2 * name.len() + value.len() + 3)
                        .sum::<usize>()
                    + 64
                    + canonical::string_to_sign_len(scope),
            );
            canonical::put_canonical_request(
                source.method.as_str(),
                self.at(source.query),
                headers,
                self.at(source.payload_hash).as_bytes(),
                &mut text,
            );
            let split = text.len();
            let canonical_hash: [u8; 32] = Sha256::digest(text.as_bytes()).into();
            canonical::put_string_to_sign(
                self.header("X-TC-Timestamp").unwrap_or_default(),
                scope,
                &canonical_hash,
                &mut text,
            );
            Artefacts { text, split }
        }))
    }
}

impl std::fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        struct Headers<'a>(&'a SignedRequest);
        impl std::fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_list()
                    .entries(self.0.headers().map(|(name, value)| {
                        if name == "X-TC-Token" {
                            (name, "<redacted>")
                        } else {
                            (name, value)
                        }
                    }))
                    .finish()
            }
        }
        // A signed `x-tc-token` puts the token into the canonical request too.
        let canonical = self.canonical_request();
        let canonical: std::borrow::Cow<'_, str> = match canonical.find(TOKEN_LINE) {
            None => canonical.into(),
            Some(at) => {
                let start = at + TOKEN_LINE.len();
                let end = canonical[start..]
                    .find('\n')
                    .map_or(canonical.len(), |n| start + n);
                format!("{}<redacted>{}", &canonical[..start], &canonical[end..]).into()
            }
        };
        f.debug_struct("SignedRequest")
            .field("headers", &Headers(self))
            .field("canonical_request", &canonical)
            .field("string_to_sign", &self.string_to_sign())
            .field("signature", &self.signature())
            .finish()
    }
}

/// The start of the canonical request's line for a signed session token.
const TOKEN_LINE: &str = "\nx-tc-token:";

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
/// assert_eq!(signed.signature().len(), 64);
/// assert!(signed.canonical_request().starts_with("POST\n/\n\ncontent-type:application/json\nhost:cvm.tencentcloudapi.com\n"));
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
/// assert_eq!(sign_with_cache(&req, &cred, &cache).unwrap().signature().len(), 64);
/// ```
pub fn sign_with_cache(
    req: &SigningRequest<'_>,
    credential: &Credential,
    cache: &SigningKeyCache,
) -> Result<SignedRequest, SignError> {
    sign_inner(req, credential, Some(cache))
}

/// [`DEFAULT_SIGNED_HEADERS`] as bits of [`SIGNABLE`].
const DEFAULT_SIGNED_SET: u16 = 0b11;

/// The names a signed-header set may hold, in ascending (canonical) order.
const SIGNABLE: [&str; 9] = [
    "content-type",
    "host",
    "x-tc-action",
    "x-tc-content-sha256",
    "x-tc-language",
    "x-tc-region",
    "x-tc-timestamp",
    "x-tc-token",
    "x-tc-version",
];

/// The headers a request sends before `Authorization`, borrowed from the request and the
/// credential.
struct Sent<'a> {
    /// Indices into [`HEADER_NAMES`], and values.
    headers: [(u8, &'a str); MAX_HEADERS],
    count: usize,
}

impl<'a> Sent<'a> {
    /// The headers every request sends.
    fn new(req: &SigningRequest<'a>, timestamp: &'a str) -> Self {
        let mut sent = Sent {
            headers: [(0, ""); MAX_HEADERS],
            count: 0,
        };
        sent.push(0, req.content_type);
        sent.push(1, req.action);
        sent.push(2, timestamp);
        sent.push(3, req.version);
        if let Some(region) = req.region {
            sent.push(4, region);
        }
        if let Some(language) = req.language {
            sent.push(5, language);
        }
        sent
    }

    /// The headers only a signed request sends: the session token, and the marker of a payload
    /// left out of the signature.
    fn add_signing(&mut self, payload: Payload<'_>, token: Option<&'a str>) {
        if let Some(token) = token {
            self.push(6, token);
        }
        if payload == Payload::Unsigned {
            self.push(7, UNSIGNED_PAYLOAD);
        }
    }

    /// Adds the header `HEADER_NAMES[name]`.
    fn push(&mut self, name: u8, value: &'a str) {
        self.headers[self.count] = (name, value);
        self.count += 1;
    }

    fn iter(&self) -> impl Iterator<Item = (&'static str, &'a str)> + '_ {
        self.headers[..self.count]
            .iter()
            .map(|&(name, value)| (HEADER_NAMES[usize::from(name)], value))
    }

    /// The value sent for a header name, matched without regard to case.
    fn value(&self, name: &str) -> Option<&'a str> {
        self.iter()
            .find(|(sent, _)| sent.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    }

    /// Writes the values into `text`, followed by an `Authorization` value that `authorize`
    /// writes; returns the names, where the values start, where each ends, and how many
    /// there are.
    fn write(
        &self,
        text: &mut Vec<u8>,
        authorize: impl FnOnce(&mut Vec<u8>),
    ) -> ([u8; MAX_HEADERS], usize, [usize; MAX_HEADERS], u8) {
        let mut names = [AUTHORIZATION; MAX_HEADERS];
        let mut ends = [0; MAX_HEADERS];
        let values_start = text.len();
        for (k, &(name, value)) in self.headers[..self.count].iter().enumerate() {
            text.extend_from_slice(value.as_bytes());
            names[k] = name;
            ends[k] = text.len();
        }
        authorize(text);
        ends[self.count] = text.len();
        // At most `MAX_HEADERS`, which fits.
        (names, values_start, ends, (self.count + 1) as u8)
    }
}

/// Signed headers as `(lowercase name, value)` in canonical order, how many there are, and
/// which they are (one bit per name of [`SIGNABLE`]).
type SignedHeaders<'a> = ([(&'static str, &'a str); SIGNABLE.len()], usize, u16);

/// The signed headers of a request.
fn signed_headers<'a>(
    req: &SigningRequest<'a>,
    sent: &Sent<'a>,
) -> Result<SignedHeaders<'a>, SignError> {
    let mut signed = [("", ""); SIGNABLE.len()];
    if req.signed_headers == DEFAULT_SIGNED_HEADERS {
        signed[0] = ("content-type", req.content_type);
        signed[1] = ("host", req.host);
        return Ok((signed, 2, DEFAULT_SIGNED_SET));
    }
    for required in ["content-type", "host"] {
        // Matched without regard to case, like every other signed name below.
        if !req
            .signed_headers
            .iter()
            .any(|name| name.eq_ignore_ascii_case(required))
        {
            return Err(SignError::RequiredHeaderNotSigned(required));
        }
    }
    let value_of = |name: &str| {
        if name.eq_ignore_ascii_case("host") {
            Some(req.host)
        } else {
            sent.value(name)
        }
    };
    for name in req.signed_headers {
        let known = SIGNABLE
            .iter()
            .any(|signable| signable.eq_ignore_ascii_case(name));
        // Names are ASCII, and `value_of` matches them without regard to case.
        if !known || value_of(name).is_none() {
            return Err(SignError::UnknownSignedHeader((*name).to_owned()));
        }
    }
    let mut count = 0;
    let mut set = 0;
    for (i, name) in SIGNABLE.into_iter().enumerate() {
        let wanted = req
            .signed_headers
            .iter()
            .any(|n| n.eq_ignore_ascii_case(name));
        if let Some(value) = value_of(name).filter(|_| wanted) {
            signed[count] = (name, value);
            count += 1;
            set |= 1 << i;
        }
    }
    Ok((signed, count, set))
}

fn sign_inner(
    req: &SigningRequest<'_>,
    credential: &Credential,
    cache: Option<&SigningKeyCache>,
) -> Result<SignedRequest, SignError> {
    let mut digits = [0u8; 20];
    let timestamp = canonical::format_integer(req.timestamp, &mut digits);
    let mut sent = Sent::new(req, timestamp);
    sent.add_signing(req.payload, credential.token());
    let (signed, signed_count, signed_set) = signed_headers(req, &sent)?;
    let signed = &signed[..signed_count];

    // One hash writer, started again for each hash: the payload, the canonical request and
    // the string to sign (its MAC).
    let mut writer = digest::Sha256Writer::<{ canonical::HASH_BUFFER }>::new();
    let payload_hash = match req.payload {
        Payload::Bytes(bytes) => {
            writer.update(bytes);
            hex::encode_array(&writer.finish())
        }
        Payload::Unsigned => canonical::UNSIGNED_PAYLOAD_HASH,
    };
    let secret_id = credential.secret_id();
    // A POST without a query and with the default signed headers starts its canonical request
    // like every other to the same endpoint: that start is hashed once, in the cache.
    let head = [CONTENT_TYPE_JSON, CONTENT_TYPE_FORM]
        .into_iter()
        .find(|content_type| *content_type == req.content_type)
        .filter(|_| signed_set == DEFAULT_SIGNED_SET && req.query.is_empty())
        .map(|content_type| (req.method, content_type, req.host));
    let key::Start { mac, prefix, head } = match cache {
        Some(cache) => cache.start(
            secret_id,
            credential.secret_key(),
            req.timestamp,
            req.service,
            head,
        ),
        None => {
            let date = date::utc_date_array(req.timestamp);
            let date = std::str::from_utf8(&date).unwrap_or_default();
            let (mac, prefix) =
                key::derive_signing(secret_id, credential.secret_key(), date, req.service);
            key::Start {
                mac,
                prefix: prefix.into(),
                head: None,
            }
        }
    };
    let scope_start = key::scope_start(secret_id);
    let scope = prefix.get(scope_start..).unwrap_or_default();

    // The canonical request and the string to sign go straight into their hashes, a buffer
    // on the stack at a time; they are written out only when asked for.
    match &head {
        Some(head) => writer.restart_paused(head),
        None => canonical::put_canonical_head(
            req.method.as_str(),
            req.query,
            signed.iter().copied(),
            &mut writer,
        ),
    }
    writer.update_array(&payload_hash);
    let canonical_hash = writer.finish();
    mac.start(&mut writer);
    canonical::put_string_to_sign(timestamp, scope, &canonical_hash, &mut writer);
    let signature = mac.finish(&mut writer);

    let names_len: usize = signed.iter().map(|(name, _)| name.len() + 1).sum();
    let values_len: usize = sent.iter().map(|(_, value)| value.len()).sum();
    let mut text = Vec::with_capacity(
        values_len
            + req.host.len()
            + req.query.len()
            + payload_hash.len()
            + prefix.len()
            + AUTHORIZATION_PARTS_LEN
            + names_len
            + 64,
    );

    // What the artefacts are written from, then the header values ending with
    // `Authorization`.
    let host = write_span(&mut text, |out| out.extend_from_slice(req.host.as_bytes()));
    let query = write_span(&mut text, |out| out.extend_from_slice(req.query.as_bytes()));
    let payload_hash = write_span(&mut text, |out| out.extend_from_slice(&payload_hash));
    let mut authorization_start = 0;
    let (names, values_start, ends, header_count) = sent.write(&mut text, |out| {
        authorization_start = out.len();
        out.extend_from_slice(prefix.as_bytes());
        if signed_set == DEFAULT_SIGNED_SET {
            out.extend_from_slice(authorization::DEFAULT_SIGNED_HEADERS_TO_SIGNATURE.as_bytes());
        } else {
            out.extend_from_slice(authorization::SIGNED_HEADERS.as_bytes());
            canonical::put_signed_header_names(signed.iter().map(|(name, _)| *name), out);
            out.extend_from_slice(authorization::SIGNATURE.as_bytes());
        }
        out.extend_from_slice(&hex::encode_array(&signature));
    });
    let scope = Span {
        start: authorization_start + scope_start,
        end: authorization_start + prefix.len(),
    };
    Ok(SignedRequest {
        text: utf8(text),
        names,
        header_count,
        values_start,
        ends,
        source: Some(Source {
            method: req.method,
            host,
            query,
            payload_hash,
            scope,
            signed: signed_set,
        }),
        artefacts: std::sync::OnceLock::new(),
    })
}

/// The text of a signed request, written from strings and ASCII digits, as a string.
fn utf8(text: Vec<u8>) -> String {
    // Every piece was a `str` or ASCII, so this is valid UTF-8; a lossy copy would say if not.
    String::from_utf8(text).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The fixed text of an `Authorization` value after its credential prefix.
const AUTHORIZATION_PARTS_LEN: usize =
    authorization::SIGNED_HEADERS.len() + authorization::SIGNATURE.len();

/// Runs `write` on `text` and returns the span of what it appended.
fn write_span(text: &mut Vec<u8>, write: impl FnOnce(&mut Vec<u8>)) -> Span {
    let start = text.len();
    write(text);
    Span {
        start,
        end: text.len(),
    }
}

/// The headers of a request sent without a signature (`Authorization: SKIP`), for actions that
/// take no credential such as STS `AssumeRoleWithWebIdentity`.
///
/// ```
/// use tencent_action_core::sign::{unsigned, SigningRequest};
/// let out = unsigned(&SigningRequest::new("sts", "AssumeRoleWithWebIdentity", "2018-08-13", "sts.tencentcloudapi.com", 0));
/// assert_eq!(out.header("Authorization"), Some("SKIP"));
/// assert_eq!(out.signature(), "");
/// ```
pub fn unsigned(req: &SigningRequest<'_>) -> SignedRequest {
    let mut digits = [0u8; 20];
    let timestamp = canonical::format_integer(req.timestamp, &mut digits);
    let sent = Sent::new(req, timestamp);
    let mut text = Vec::with_capacity(sent.iter().map(|(_, v)| v.len()).sum::<usize>() + 4);
    let (names, values_start, ends, header_count) =
        sent.write(&mut text, |out| out.extend_from_slice(b"SKIP"));
    SignedRequest {
        text: utf8(text),
        names,
        header_count,
        values_start,
        ends,
        source: None,
        artefacts: std::sync::OnceLock::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verifier::{
        canonical_request, credential_scope, sha256_hex, signature_of, string_to_sign,
    };

    fn request() -> SigningRequest<'static> {
        let mut req =
            SigningRequest::new("cvm", "DescribeZones", "2017-03-12", "cvm.h", 1_551_113_065);
        req.payload = Payload::Bytes(b"{}");
        req.region = Some("ap-guangzhou");
        req
    }

    fn credential() -> Credential {
        Credential::new("AKID", "key")
            .unwrap()
            .with_token("tok")
            .unwrap()
    }

    #[test]
    fn extra_signed_headers_are_sorted_deduplicated_and_matched_without_case() {
        let mut req = request();
        req.signed_headers = &["x-tc-region", "host", "X-TC-Action", "content-type", "host"];
        let signed = sign(&req, &credential()).unwrap();
        assert!(
            signed.canonical_request().starts_with(
                "POST\n/\n\ncontent-type:application/json\nhost:cvm.h\nx-tc-action:describezones\nx-tc-region:ap-guangzhou\n\ncontent-type;host;x-tc-action;x-tc-region\n"
            ),
            "{}",
            signed.canonical_request()
        );
        assert!(
            signed
                .authorization()
                .contains(", SignedHeaders=content-type;host;x-tc-action;x-tc-region, ")
        );
    }

    #[test]
    fn the_token_and_the_unsigned_payload_marker_can_be_signed() {
        let mut req = request();
        req.payload = Payload::Unsigned;
        req.signed_headers = &["content-type", "host", "x-tc-token", "x-tc-content-sha256"];
        let signed = sign(&req, &credential()).unwrap();
        assert!(signed.canonical_request().contains(
            "\nx-tc-content-sha256:unsigned-payload\nx-tc-token:tok\n\ncontent-type;host;x-tc-content-sha256;x-tc-token\n"
        ));
        assert_eq!(signed.header("X-TC-Content-SHA256"), Some(UNSIGNED_PAYLOAD));
        // The payload hash of an unsigned body is the hash of the marker.
        assert!(
            signed
                .canonical_request()
                .ends_with(&sha256_hex(UNSIGNED_PAYLOAD.as_bytes()))
        );
    }

    #[test]
    fn required_headers_are_matched_without_case() {
        let mut req = request();
        req.signed_headers = &["Content-Type", "Host", "X-TC-Action"];
        let signed = sign(&req, &credential()).unwrap();
        assert!(
            signed
                .authorization()
                .contains(", SignedHeaders=content-type;host;x-tc-action, ")
        );
        req.signed_headers = &["Content-Type", "X-TC-Action"];
        assert_eq!(
            sign(&req, &credential()).unwrap_err(),
            SignError::RequiredHeaderNotSigned("host")
        );
    }

    #[test]
    fn debug_redacts_a_signed_token_in_the_canonical_request() {
        let mut req = request();
        req.signed_headers = &["content-type", "host", "x-tc-token"];
        let credential = Credential::new("AKID", "key")
            .unwrap()
            .with_token("SecretTok123")
            .unwrap();
        let signed = sign(&req, &credential).unwrap();
        assert!(
            signed
                .canonical_request()
                .contains("\nx-tc-token:secrettok123\n")
        );
        let debug = format!("{signed:?}");
        assert!(debug.contains("x-tc-token:<redacted>\\n"), "{debug}");
        assert!(!debug.to_lowercase().contains("secrettok123"), "{debug}");
    }

    #[test]
    fn headers_that_are_not_sent_cannot_be_signed() {
        let mut req = request();
        req.signed_headers = &["content-type", "host", "x-tc-language"];
        assert_eq!(
            sign(&req, &credential()).unwrap_err(),
            SignError::UnknownSignedHeader("x-tc-language".to_owned())
        );
        req.signed_headers = &["content-type", "host", "user-agent"];
        assert_eq!(
            sign(&req, &credential()).unwrap_err(),
            SignError::UnknownSignedHeader("user-agent".to_owned())
        );
    }

    #[test]
    fn every_header_is_sent_in_order_with_authorization_last() {
        let mut req = request();
        req.language = Some("en-US");
        req.payload = Payload::Unsigned;
        let signed = sign(&req, &credential()).unwrap();
        let headers: Vec<(&str, &str)> = signed.headers().collect();
        assert_eq!(
            headers,
            [
                ("Content-Type", "application/json"),
                ("X-TC-Action", "DescribeZones"),
                ("X-TC-Timestamp", "1551113065"),
                ("X-TC-Version", "2017-03-12"),
                ("X-TC-Region", "ap-guangzhou"),
                ("X-TC-Language", "en-US"),
                ("X-TC-Token", "tok"),
                ("X-TC-Content-SHA256", UNSIGNED_PAYLOAD),
                ("Authorization", signed.authorization()),
            ]
        );
        let (text, spans) = signed.clone().into_shared_headers();
        let shared: Vec<(&str, &[u8])> = spans
            .map(|(name, range)| (HEADER_NAMES[usize::from(name)], &text[range]))
            .collect();
        let expected: Vec<(&str, &[u8])> = headers
            .iter()
            .map(|(name, value)| (*name, value.as_bytes()))
            .collect();
        assert_eq!(shared, expected);
    }

    #[test]
    fn artefacts_written_on_request_equal_the_building_blocks() {
        let mut req = request();
        req.method = HttpMethod::Get;
        req.query = "A=1&B=x+y";
        req.content_type = CONTENT_TYPE_FORM;
        req.payload = Payload::Bytes(b"");
        req.signed_headers = &[
            "x-tc-token",
            "content-type",
            "host",
            "x-tc-action",
            "x-tc-timestamp",
        ];
        let signed = sign(&req, &credential()).unwrap();
        // A copy made before anything was asked for writes its own, equal artefacts.
        let copy = signed.clone();
        let canonical = canonical_request(
            "GET",
            "A=1&B=x+y",
            &[
                ("content-type", CONTENT_TYPE_FORM),
                ("host", "cvm.h"),
                ("x-tc-action", "DescribeZones"),
                ("x-tc-timestamp", "1551113065"),
                ("x-tc-token", "tok"),
            ],
            &sha256_hex(b""),
        );
        assert_eq!(signed.canonical_request(), canonical);
        let to_sign = string_to_sign(
            1_551_113_065,
            &credential_scope("2019-02-25", "cvm"),
            &canonical,
        );
        assert_eq!(signed.string_to_sign(), to_sign);
        assert_eq!(
            signed.signature(),
            signature_of("key", "2019-02-25", "cvm", &to_sign)
        );
        assert_eq!(
            (copy.string_to_sign(), copy.canonical_request()),
            (to_sign.as_str(), canonical.as_str())
        );
    }

    #[test]
    fn unsigned_requests_skip_the_signature_and_the_payload_marker() {
        let mut req = request();
        req.payload = Payload::Unsigned;
        let out = unsigned(&req);
        let names: Vec<&str> = out.headers().map(|(name, _)| name).collect();
        assert_eq!(
            names,
            [
                "Content-Type",
                "X-TC-Action",
                "X-TC-Timestamp",
                "X-TC-Version",
                "X-TC-Region",
                "Authorization"
            ]
        );
        assert_eq!(out.authorization(), "SKIP");
        assert_eq!((out.canonical_request(), out.string_to_sign()), ("", ""));
    }
}
