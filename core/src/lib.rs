//! Runtime of [tencent-action](https://docs.rs/tencent-action): TC3-HMAC-SHA256 signing,
//! credentials and their sources, the [`Client`], validation and errors for Tencent Cloud
//! API 3.0.
//!
//! Most users depend on `tencent-action`, which re-exports this crate together with the
//! `#[tencent_action]` and `#[tencent_model]` macros.
//!
//! ```
//! use tencent_action_core::sign::{sign, SigningRequest};
//! use tencent_action_core::Credential;
//! let credential = Credential::new("AKIDEXAMPLE", "secret").unwrap();
//! let signed = sign(&SigningRequest::new("cvm", "DescribeZones", "2017-03-12", "cvm.tencentcloudapi.com", 1551113065), &credential).unwrap();
//! assert!(signed.authorization().contains("2019-02-25/cvm/tc3_request"));
//! ```
#![warn(missing_docs)]

mod action;
mod api_check;
mod client;
pub mod credential;
mod error;
mod response;
pub mod sign;
pub mod validate;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use action::{Action, ErrorCode, Model};
pub use client::{
    ActionLimit, Client, ClientBuilder, DEFAULT_REQUEST_CLIENT, DEFAULT_ROOT_DOMAIN, ENDPOINT_VAR,
    Endpoint, Language, PreparedRequest, RATE_LIMIT_REDIS_VAR, REGION_VAR, RateLimiting,
    ResolvedEndpoint, RetryPolicy, encode_query, flatten_params, parse_envelope,
};
#[cfg(feature = "redis")]
pub use client::{RedisRateLimiter, RedisUnavailable};
pub use credential::{
    Credential, CredentialError, CredentialFuture, CvmRoleCredentials, DefaultCredentialChain,
    EnvCredentials, OidcRoleCredentials, ProfileCredentials, ProvideCredential,
    StsAssumeRoleCredentials,
};
pub use error::{
    ApiError, BoxError, Error, Escaped, Report, ResponseError, ResponseErrorKind, TransportKind,
};
pub use response::Response;
pub use sign::HttpMethod;
pub use validate::ValidationError;
