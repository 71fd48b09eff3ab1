//! The one error type of the crate family.

use std::fmt;

use crate::credential::CredentialError;
use crate::validate::ValidationError;

/// A boxed error source.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Text from outside (a server's message, a body, a header) shown on one line: control
/// characters, line and paragraph separators and bidirectional-text controls are written as
/// escapes (`\r`, `\n`, `\u{1b}`), so the text can neither break the line, move the cursor nor
/// reorder what is printed around it. Everything else is written as it is.
///
/// ```
/// use tencent_action_core::Escaped;
/// assert_eq!(Escaped("a\r\nerror: spoofed\u{1b}[2J\u{7}\0").to_string(),
///            r"a\r\nerror: spoofed\u{1b}[2J\u{7}\u{0}");
/// assert_eq!(Escaped("房间 1").to_string(), "房间 1");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Escaped<'a>(pub &'a str);

impl Escaped<'_> {
    /// Whether a character is written as an escape.
    ///
    /// ```
    /// use tencent_action_core::Escaped;
    /// assert!(Escaped::is_escaped('\u{1b}') && Escaped::is_escaped('\u{2028}'));
    /// assert!(!Escaped::is_escaped('é'));
    /// ```
    pub fn is_escaped(c: char) -> bool {
        c.is_control()
            || matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
            )
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    }
}

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(Escaped::is_escaped) {
            f.write_str(&rest[..at])?;
            let mut chars = rest[at..].chars();
            if let Some(c) = chars.next() {
                write!(f, "{}", c.escape_default())?;
            }
            rest = chars.as_str();
        }
        f.write_str(rest)
    }
}

/// An error and its causes on one line, each once, as `error: cause: root cause`, with
/// control characters escaped ([`Escaped`]): what a program prints for people.
///
/// ```
/// use tencent_action_core::{Error, Report, TransportKind};
/// let err = Error::Transport {
///     what: "POST http://127.0.0.1:9/ (Ping)".into(),
///     kind: TransportKind::Connect,
///     source: "connection refused".into(),
/// };
/// assert_eq!(Report(&err).to_string(), "POST http://127.0.0.1:9/ (Ping): cannot connect: connection refused");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Report<'a>(pub &'a (dyn std::error::Error + 'static));

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", Escaped(&self.0.to_string()))?;
        let mut source = self.0.source();
        while let Some(cause) = source {
            write!(f, ": {}", Escaped(&cause.to_string()))?;
            source = cause.source();
        }
        Ok(())
    }
}

/// Everything that can go wrong with a call; `Display` says what, in one line.
///
/// ```
/// use tencent_action_core::{ApiError, Error};
/// let err = Error::Api(ApiError::new("InvalidParameter.RoomIdExist", "room exists", "req-1"));
/// assert_eq!(err.to_string(), "InvalidParameter.RoomIdExist: room exists (RequestId: req-1)");
/// assert_eq!(err.code(), Some("InvalidParameter.RoomIdExist"));
/// assert_eq!(err.request_id(), Some("req-1"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error envelope.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The request broke a declared rule; nothing was sent. `Display` names each field and
    /// rule; there is no further source.
    #[error("invalid request, nothing was sent: {0}")]
    Validation(ValidationError),
    /// Credentials are missing or malformed; `Display` says which and why.
    #[error("credentials: {0}")]
    Credential(CredentialError),
    /// The client is configured in a way that cannot work (a bad endpoint URL, say).
    #[error("configuration: {}", Escaped(.0))]
    Config(String),
    /// The request could not be serialized; `Display` says why.
    #[error("cannot serialize the request: {0}")]
    Serialize(serde_json::Error),
    /// The request could not be signed; `Display` says why.
    #[error("cannot sign the request: {0}")]
    Sign(crate::sign::SignError),
    /// Sending the request or receiving the response failed. `Display` says what was being
    /// done and at which stage; the underlying failure is the [`source`](std::error::Error::source)
    /// (print the whole chain with [`Report`]).
    #[error("{what}: {kind}")]
    Transport {
        /// What was being done, e.g. `POST http://127.0.0.1:9000/ (CreateTRTCSignaturesWithRoomId)`.
        what: String,
        /// Which stage failed, and so whether the request may have reached the server.
        kind: TransportKind,
        /// The underlying failure.
        #[source]
        source: BoxError,
    },
    /// The shared rate limiter's Redis is unavailable and the limiter is set to fail calls
    /// then (`RedisUnavailable::Fail`); nothing was sent.
    #[error("shared rate limiter: {0}; nothing was sent")]
    RateLimiter(String),
    /// A response arrived but is not a valid API 3.0 answer.
    #[error(transparent)]
    Response(#[from] ResponseError),
}

// The wrapped error is shown by `Display`, so it is not also the source: a reporter that walks
// `source()` names each cause once.
impl From<ValidationError> for Error {
    fn from(err: ValidationError) -> Self {
        Error::Validation(err)
    }
}

impl From<CredentialError> for Error {
    fn from(err: CredentialError) -> Self {
        Error::Credential(err)
    }
}

impl From<crate::sign::SignError> for Error {
    fn from(err: crate::sign::SignError) -> Self {
        Error::Sign(err)
    }
}

impl Error {
    /// The API error code, for [`Error::Api`].
    ///
    /// ```
    /// assert_eq!(tencent_action_core::Error::Config("x".into()).code(), None);
    /// ```
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api(api) => Some(api.code()),
            _ => None,
        }
    }

    /// The RequestId, for errors the server answered.
    ///
    /// ```
    /// assert_eq!(tencent_action_core::Error::Config("x".into()).request_id(), None);
    /// ```
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(api) => Some(api.request_id()),
            Error::Response(resp) => resp.request_id.as_deref(),
            _ => None,
        }
    }

    /// Whether nothing can have reached the server (validation, credentials, configuration).
    ///
    /// ```
    /// assert!(tencent_action_core::Error::Config("x".into()).is_local());
    /// ```
    pub fn is_local(&self) -> bool {
        matches!(
            self,
            Error::Validation(_)
                | Error::Credential(_)
                | Error::Config(_)
                | Error::Serialize(_)
                | Error::Sign(_)
                | Error::RateLimiter(_)
        )
    }
}

/// The stage at which a transport failure happened.
///
/// ```
/// use tencent_action_core::TransportKind;
/// assert!(!TransportKind::Connect.may_have_reached_server());
/// assert!(TransportKind::Body.may_have_reached_server());
/// assert_eq!(TransportKind::Timeout.to_string(), "timed out");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportKind {
    /// No connection could be made (refused, DNS, TLS handshake): nothing was sent.
    Connect,
    /// The call took longer than its timeout.
    Timeout,
    /// The connection failed after the request was written, before a response arrived
    /// (closed or reset by the server).
    Send,
    /// The response body broke off (connection closed or reset mid-body).
    Body,
    /// Anything else.
    Other,
}

impl TransportKind {
    /// Whether the server may have received (and processed) the request.
    ///
    /// ```
    /// assert!(tencent_action_core::TransportKind::Timeout.may_have_reached_server());
    /// ```
    pub fn may_have_reached_server(self) -> bool {
        !matches!(self, TransportKind::Connect)
    }
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportKind::Connect => "cannot connect",
            TransportKind::Timeout => "timed out",
            TransportKind::Send => "connection lost before the response",
            TransportKind::Body => "connection lost while reading the response",
            TransportKind::Other => "transport failure",
        })
    }
}

/// An error envelope from the API: `{"Response":{"Error":{"Code","Message"},"RequestId"}}`.
///
/// ```
/// use tencent_action_core::ApiError;
/// let e = ApiError::new("AuthFailure.SignatureFailure", "bad signature", "r-1");
/// assert_eq!(e.code(), "AuthFailure.SignatureFailure");
/// assert_eq!(e.message(), "bad signature");
/// assert_eq!(e.request_id(), "r-1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    code: String,
    message: String,
    request_id: String,
}

impl ApiError {
    /// An API error from its parts.
    ///
    /// ```
    /// let error = tencent_action_core::ApiError::new("InternalError", "oops", "r-1");
    /// assert_eq!(error.to_string(), "InternalError: oops (RequestId: r-1)");
    /// ```
    pub fn new(
        code: impl Into<String>,
        message: impl Into<String>,
        request_id: impl Into<String>,
    ) -> Self {
        ApiError {
            code: code.into(),
            message: message.into(),
            request_id: request_id.into(),
        }
    }

    /// The error code, e.g. `InvalidParameter.RoomIdExist`.
    ///
    /// ```
    /// assert_eq!(tencent_action_core::ApiError::new("A.B", "", "").code(), "A.B");
    /// ```
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The server's message.
    ///
    /// ```
    /// assert_eq!(tencent_action_core::ApiError::new("A", "m", "").message(), "m");
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The RequestId to quote to support.
    ///
    /// ```
    /// assert_eq!(tencent_action_core::ApiError::new("A", "m", "r").request_id(), "r");
    /// ```
    pub fn request_id(&self) -> &str {
        &self.request_id
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The server's words, on one line whatever they hold.
        write!(f, "{}: {}", Escaped(&self.code), Escaped(&self.message))?;
        if !self.request_id.is_empty() {
            write!(f, " (RequestId: {})", Escaped(&self.request_id))?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// What is wrong with a response that is not a valid API 3.0 answer.
///
/// ```
/// use tencent_action_core::ResponseErrorKind;
/// assert_ne!(ResponseErrorKind::NotJson, ResponseErrorKind::TooLarge);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResponseErrorKind {
    /// The body is not JSON (an HTML error page, a truncated body, garbage).
    NotJson,
    /// JSON without the `{"Response": {...}}` envelope.
    NoEnvelope,
    /// A non-2xx HTTP status without an API error envelope.
    HttpStatus,
    /// The `Response` object does not match the declared response type.
    Mismatch,
    /// The body exceeds the client's size limit.
    TooLarge,
    /// A 3xx answer: API 3.0 calls never follow redirects, so nothing more was sent. The
    /// reason names the `Location`.
    Redirect,
}

/// A response that is not a valid API 3.0 answer: wrong status, not JSON, no `Response`, a body
/// that does not match the declared response type, or a body over the size limit.
///
/// ```
/// use tencent_action_core::{ResponseError, ResponseErrorKind};
/// let e = ResponseError::new(502, ResponseErrorKind::HttpStatus, "HTTP error without an API envelope", "<html>Bad Gateway</html>");
/// assert!(e.to_string().contains("HTTP 502"));
/// assert!(e.to_string().contains("Bad Gateway"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseError {
    /// What is wrong.
    pub kind: ResponseErrorKind,
    /// HTTP status code.
    pub status: u16,
    /// What is wrong with the response.
    pub reason: String,
    /// The start of the body, for diagnosis (at most 200 characters), when the body is not
    /// JSON (an HTML error page, say), as received; `Display` shows it on one line with
    /// control characters escaped ([`Escaped`]). A JSON body is never quoted: it may carry
    /// secrets.
    pub body_start: String,
    /// The RequestId, when the envelope had one.
    pub request_id: Option<String>,
}

impl ResponseError {
    /// A response error from the status, its kind, the reason and the body.
    ///
    /// ```
    /// use tencent_action_core::{ResponseError, ResponseErrorKind};
    /// let e = ResponseError::new(200, ResponseErrorKind::NotJson, "truncated", "{\"Resp");
    /// assert_eq!(e.body_start, "", "JSON-looking bodies are not quoted");
    /// let e = ResponseError::new(502, ResponseErrorKind::HttpStatus, "gateway", "<html>Bad Gateway</html>");
    /// assert_eq!(e.body_start, "<html>Bad Gateway</html>");
    /// ```
    pub fn new(
        status: u16,
        kind: ResponseErrorKind,
        reason: impl Into<String>,
        body: &str,
    ) -> Self {
        const LIMIT: usize = 200;
        let looks_like_json = body.trim_start().starts_with(['{', '[']);
        let mut body_start: String = if looks_like_json {
            String::new()
        } else {
            body.chars().take(LIMIT).collect()
        };
        if !looks_like_json && body.chars().nth(LIMIT).is_some() {
            body_start.push('…');
        }
        ResponseError {
            kind,
            status,
            reason: reason.into(),
            body_start,
            request_id: None,
        }
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unexpected response (HTTP {}): {}",
            self.status,
            Escaped(&self.reason)
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " (RequestId: {})", Escaped(id))?;
        }
        if !self.body_start.is_empty() {
            write!(f, "; body starts: {}", Escaped(&self.body_start))?;
        }
        Ok(())
    }
}

impl std::error::Error for ResponseError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{Rule, Violations};

    /// A failure below the transport, with a cause of its own.
    #[derive(Debug)]
    struct Outer(std::io::Error);

    impl fmt::Display for Outer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("error sending request")
        }
    }

    impl std::error::Error for Outer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    /// Each layer's text, walking `source()` as anyhow's and eyre's reports do.
    fn layers(err: &(dyn std::error::Error + 'static)) -> Vec<String> {
        let mut out = vec![err.to_string()];
        let mut source = err.source();
        while let Some(cause) = source {
            out.push(cause.to_string());
            source = cause.source();
        }
        out
    }

    #[test]
    fn a_report_names_each_cause_once() {
        let mut violations = Violations::default();
        violations.push_named("RoomId", Rule::MinLen { min: 1, actual: 0 });
        let validation = violations.into_result().unwrap_err();
        let serialize = serde_json::from_str::<u8>("x").unwrap_err();
        let cases: Vec<(Error, &str)> = vec![
            (
                Error::Api(ApiError::new("InternalError", "boom", "r-1")),
                "boom",
            ),
            (Error::from(validation), "RoomId"),
            (
                Error::from(CredentialError::Empty { field: "SecretId" }),
                "SecretId is empty",
            ),
            (Error::Config("no endpoint".into()), "no endpoint"),
            (Error::Serialize(serialize), "expected value"),
            (
                Error::from(crate::sign::SignError::RequiredHeaderNotSigned("host")),
                "`host`",
            ),
            (
                Error::Transport {
                    what: "POST http://127.0.0.1:9/ (Ping)".into(),
                    kind: TransportKind::Connect,
                    source: Box::new(Outer(std::io::Error::new(
                        std::io::ErrorKind::ConnectionRefused,
                        "the root cause",
                    ))),
                },
                "the root cause",
            ),
            (
                Error::Response(ResponseError::new(
                    502,
                    ResponseErrorKind::HttpStatus,
                    "gateway",
                    "<html>Bad Gateway</html>",
                )),
                "Bad Gateway",
            ),
        ];
        for (err, root) in cases {
            let layers = layers(&err);
            for (i, outer) in layers.iter().enumerate() {
                for inner in &layers[i + 1..] {
                    assert!(
                        !outer.contains(inner.as_str()),
                        "{outer:?} repeats its cause {inner:?}"
                    );
                }
            }
            let report = Report(&err).to_string();
            assert_eq!(report, layers.join(": "));
            assert_eq!(report.matches(root).count(), 1, "{report}");
        }
    }
}
