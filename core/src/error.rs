//! The one error type of the crate family.

use std::fmt;

use crate::credential::CredentialError;
use crate::validate::ValidationError;

/// A boxed error source.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

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
    /// The request broke a declared rule; nothing was sent.
    #[error("invalid request, nothing was sent: {0}")]
    Validation(#[from] ValidationError),
    /// Credentials are missing or malformed.
    #[error("credentials: {0}")]
    Credential(#[from] CredentialError),
    /// The client is configured in a way that cannot work (a bad endpoint URL, say).
    #[error("configuration: {0}")]
    Config(String),
    /// The request could not be serialized.
    #[error("cannot serialize the request: {0}")]
    Serialize(#[source] serde_json::Error),
    /// The request could not be signed.
    #[error("cannot sign the request: {0}")]
    Sign(#[from] crate::sign::SignError),
    /// Sending the request or receiving the response failed.
    #[error("{what}: {}", chain(source.as_ref()))]
    Transport {
        /// What was being done, e.g. `POST http://127.0.0.1:9000/ (CreateTRTCSignaturesWithRoomId)`.
        what: String,
        /// The underlying failure.
        #[source]
        source: BoxError,
    },
    /// A response arrived but is not a valid API 3.0 answer.
    #[error(transparent)]
    Response(#[from] ResponseError),
}

/// Joins an error and its sources, so `Display` shows the root cause too.
fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
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
        )
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
    /// let _ = tencent_action_core::ApiError::new("InternalError", "oops", "r");
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
        write!(f, "{}: {}", self.code, self.message)?;
        if !self.request_id.is_empty() {
            write!(f, " (RequestId: {})", self.request_id)?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// A response that is not a valid API 3.0 answer: wrong status, not JSON, no `Response`, a body
/// that does not match the declared response type, or a body over the size limit.
///
/// ```
/// use tencent_action_core::ResponseError;
/// let e = ResponseError::new(502, "the body is not JSON", "<html>Bad Gateway</html>");
/// assert!(e.to_string().contains("HTTP 502"));
/// assert!(e.to_string().contains("Bad Gateway"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseError {
    /// HTTP status code.
    pub status: u16,
    /// What is wrong with the response.
    pub reason: String,
    /// The start of the body, for diagnosis (at most 200 characters).
    pub body_start: String,
    /// The RequestId, when the envelope had one.
    pub request_id: Option<String>,
}

impl ResponseError {
    /// A response error from the status, the reason and the body.
    ///
    /// ```
    /// let e = tencent_action_core::ResponseError::new(200, "truncated", "{\"Resp");
    /// assert_eq!(e.body_start, "{\"Resp");
    /// ```
    pub fn new(status: u16, reason: impl Into<String>, body: &str) -> Self {
        const LIMIT: usize = 200;
        let mut body_start: String = body.chars().take(LIMIT).collect();
        if body.chars().nth(LIMIT).is_some() {
            body_start.push('…');
        }
        ResponseError {
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
            self.status, self.reason
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " (RequestId: {id})")?;
        }
        if !self.body_start.is_empty() {
            write!(f, "; body starts: {}", self.body_start)?;
        }
        Ok(())
    }
}

impl std::error::Error for ResponseError {}
