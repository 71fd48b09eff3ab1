//! The error codes of Tencent Cloud API 3.0 that this crate acts on, or that a test double
//! answers with, spelled as the service spells them.
//!
//! An [`ApiError`](crate::ApiError)'s code is compared with these, never with a literal:
//!
//! ```
//! use tencent_action_core::{ApiError, Error, codes};
//!
//! fn advice(error: &Error) -> &'static str {
//!     match error.code() {
//!         Some(codes::SIGNATURE_EXPIRE) => "set the system clock right",
//!         Some(codes::SECRET_ID_NOT_FOUND) => "check the SecretId",
//!         Some(code) if code.starts_with(codes::REQUEST_LIMIT_EXCEEDED) => "call less often",
//!         _ => "read the message",
//!     }
//! }
//! let error = Error::Api(ApiError::new("RequestLimitExceeded.UinLimitExceeded", "slow down", "r-1"));
//! assert_eq!(advice(&error), "call less often");
//! ```
//!
//! A code may be refined by a suffix after a dot (`InternalError.DbError`): compare the part
//! before the first dot, as [`category`] does, to act on the family.

/// The part of `code` before its first dot: the family a refined code belongs to.
///
/// ```
/// use tencent_action_core::codes::{self, category};
/// assert_eq!(category("InternalError.DbError"), codes::INTERNAL_ERROR);
/// assert_eq!(category("AuthFailure.TokenFailure"), "AuthFailure");
/// assert_eq!(category(codes::REQUEST_LIMIT_EXCEEDED), codes::REQUEST_LIMIT_EXCEEDED);
/// ```
pub fn category(code: &str) -> &str {
    code.split_once('.').map_or(code, |(family, _)| family)
}

/// The `Authorization` header is missing, not TC3-HMAC-SHA256, or leaves out a header that
/// must be signed.
///
/// ```
/// use tencent_action_core::{codes, ApiError};
/// let error = ApiError::new(codes::INVALID_AUTHORIZATION, "no Authorization", "r-1");
/// assert_eq!(codes::category(error.code()), "AuthFailure");
/// ```
pub const INVALID_AUTHORIZATION: &str = "AuthFailure.InvalidAuthorization";

/// The temporary credential's token does not match, or the credential has expired: the
/// client refreshes its credential and tries again.
///
/// ```
/// use tencent_action_core::{codes, ApiError, Error};
/// let error = Error::Api(ApiError::new(codes::TOKEN_FAILURE, "expired", "r-1"));
/// let refresh = error.code() == Some(codes::TOKEN_FAILURE);
/// assert!(refresh);
/// ```
pub const TOKEN_FAILURE: &str = "AuthFailure.TokenFailure";

/// The request's timestamp is more than 300 s from the server's clock; the message gives the
/// server's time, from which the client corrects its clock and tries again.
///
/// ```
/// use tencent_action_core::{codes, ApiError, Error};
/// let error = Error::Api(ApiError::new(codes::SIGNATURE_EXPIRE, "server time 1700000000", "r-1"));
/// assert!(matches!(error.code(), Some(codes::SIGNATURE_EXPIRE)));
/// ```
pub const SIGNATURE_EXPIRE: &str = "AuthFailure.SignatureExpire";

/// The signature does not match the one the server computed, or the credential scope is
/// wrong (date, service).
///
/// ```
/// use tencent_action_core::{codes, ApiError};
/// let error = ApiError::new(codes::SIGNATURE_FAILURE, "mismatch", "r-1");
/// assert!(error.code().ends_with("SignatureFailure"));
/// ```
pub const SIGNATURE_FAILURE: &str = "AuthFailure.SignatureFailure";

/// The SecretId is unknown to the service.
///
/// ```
/// use tencent_action_core::{codes, ApiError};
/// let error = ApiError::new(codes::SECRET_ID_NOT_FOUND, "no such SecretId", "r-1");
/// assert_eq!(codes::category(error.code()), "AuthFailure");
/// ```
pub const SECRET_ID_NOT_FOUND: &str = "AuthFailure.SecretIdNotFound";

/// A required header or parameter is missing; the message names it.
///
/// ```
/// use tencent_action_core::{codes, ApiError};
/// let error = ApiError::new(codes::MISSING_PARAMETER, "The parameter `RoomId` is missing.", "r-1");
/// assert!(error.message().contains("RoomId"));
/// ```
pub const MISSING_PARAMETER: &str = "MissingParameter";

/// A parameter is malformed (wrong type, unreadable body). Refined codes such as
/// [`USER_ID_OVER_LIMIT`] share its family.
///
/// ```
/// use tencent_action_core::codes;
/// assert_eq!(codes::category(codes::ROOM_ID_EXIST), codes::INVALID_PARAMETER);
/// ```
pub const INVALID_PARAMETER: &str = "InvalidParameter";

/// A parameter's value breaks a rule of the action (length, range, pattern).
///
/// ```
/// use tencent_action_core::{codes, ApiError};
/// let error = ApiError::new(codes::INVALID_PARAMETER_VALUE, "Limit must be at most 100.", "r-1");
/// assert_ne!(error.code(), codes::INVALID_PARAMETER);
/// ```
pub const INVALID_PARAMETER_VALUE: &str = "InvalidParameterValue";

/// A parameter the action does not declare.
///
/// ```
/// use tencent_action_core::{codes, ApiError, Error};
/// let error = Error::Api(ApiError::new(codes::UNKNOWN_PARAMETER, "`Offset` is unknown.", "r-1"));
/// assert!(!error.is_local() && error.code() == Some(codes::UNKNOWN_PARAMETER));
/// ```
pub const UNKNOWN_PARAMETER: &str = "UnknownParameter";

/// The `X-TC-Version` names no version of the service.
///
/// ```
/// use tencent_action_core::{codes, ApiError};
/// let error = ApiError::new(codes::NO_SUCH_VERSION, "no version 2099-01-01", "r-1");
/// assert_eq!(codes::category(error.code()), codes::NO_SUCH_VERSION);
/// ```
pub const NO_SUCH_VERSION: &str = "NoSuchVersion";

/// The `X-TC-Action` names no action of the service version.
///
/// ```
/// use tencent_action_core::{codes, ApiError};
/// let error = ApiError::new(codes::INVALID_ACTION, "no action DescribeZone", "r-1");
/// assert_eq!(error.code(), "InvalidAction");
/// ```
pub const INVALID_ACTION: &str = "InvalidAction";

/// The action is not offered in the `X-TC-Region`.
///
/// ```
/// use tencent_action_core::{codes, ApiError};
/// let error = ApiError::new(codes::UNSUPPORTED_REGION, "not in ap-tokyo", "r-1");
/// assert_eq!(error.code(), "UnsupportedRegion");
/// ```
pub const UNSUPPORTED_REGION: &str = "UnsupportedRegion";

/// The HTTP method is neither GET nor POST.
///
/// ```
/// use tencent_action_core::{codes, ApiError};
/// let error = ApiError::new(codes::UNSUPPORTED_PROTOCOL, "PUT is not supported", "r-1");
/// assert_eq!(error.code(), "UnsupportedProtocol");
/// ```
pub const UNSUPPORTED_PROTOCOL: &str = "UnsupportedProtocol";

/// The resource (or, from a test double, the path) does not exist.
///
/// ```
/// use tencent_action_core::{codes, ApiError};
/// let error = ApiError::new(codes::RESOURCE_NOT_FOUND, "No widget `w-9`.", "r-1");
/// assert_eq!(error.code(), "ResourceNotFound");
/// ```
pub const RESOURCE_NOT_FOUND: &str = "ResourceNotFound";

/// IoT Explorer's `CreateTRTCSignaturesWithRoomId`: more user IDs than one call takes.
///
/// ```
/// use tencent_action_core::codes;
/// assert_eq!(codes::category(codes::USER_ID_OVER_LIMIT), codes::INVALID_PARAMETER);
/// ```
pub const USER_ID_OVER_LIMIT: &str = "InvalidParameter.UserIdOverLimit";

/// IoT Explorer's `CreateTRTCSignaturesWithRoomId`: the room ID is already in use.
///
/// ```
/// use tencent_action_core::{codes, ApiError};
/// let error = ApiError::new(codes::ROOM_ID_EXIST, "room 42 exists", "r-1");
/// assert_eq!(codes::category(error.code()), codes::INVALID_PARAMETER);
/// ```
pub const ROOM_ID_EXIST: &str = "InvalidParameter.RoomIdExist";

/// The call was throttled before any processing, so it is safe to retry; refined codes
/// (`RequestLimitExceeded.UinLimitExceeded`) mean the same.
///
/// ```
/// use tencent_action_core::codes;
/// let code = "RequestLimitExceeded.UinLimitExceeded";
/// assert_eq!(codes::category(code), codes::REQUEST_LIMIT_EXCEEDED);
/// ```
pub const REQUEST_LIMIT_EXCEEDED: &str = "RequestLimitExceeded";

/// A transient failure inside the service; retried when the action is idempotent.
///
/// ```
/// use tencent_action_core::codes;
/// assert_eq!(codes::category("InternalError.DbError"), codes::INTERNAL_ERROR);
/// ```
pub const INTERNAL_ERROR: &str = "InternalError";

/// The service is unavailable for a while; retried when the action is idempotent.
///
/// ```
/// use tencent_action_core::{codes, ApiError};
/// let error = ApiError::new(codes::SERVICE_UNAVAILABLE, "try again", "r-1");
/// assert_eq!(error.code(), "ServiceUnavailable");
/// ```
pub const SERVICE_UNAVAILABLE: &str = "ServiceUnavailable";

/// A resource the call needs is unavailable for a while; retried when the action is
/// idempotent.
///
/// ```
/// use tencent_action_core::{codes, ApiError};
/// let error = ApiError::new(codes::RESOURCE_UNAVAILABLE, "busy", "r-1");
/// assert_eq!(error.code(), "ResourceUnavailable");
/// ```
pub const RESOURCE_UNAVAILABLE: &str = "ResourceUnavailable";
