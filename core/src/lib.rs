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
pub mod codes;
pub mod credential;
mod error;
mod response;
pub mod sign;
pub mod validate;
pub mod verifier;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private_v0_1;

pub use action::{Action, ErrorCode, Model};
pub use client::{
    ActionLimit, Client, ClientBuilder, DEFAULT_REQUEST_CLIENT, DEFAULT_ROOT_DOMAIN, ENDPOINT_VAR,
    Endpoint, Language, PreparedRequest, RATE_LIMIT_REDIS_VAR, REGION_VAR, RateLimiting,
    ResolvedEndpoint, RetryPolicy,
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

#[cfg(test)]
mod private_module_tests {
    /// Generated code names `__private_vMAJOR_MINOR`: the name must follow the version.
    #[test]
    fn the_private_module_is_named_after_this_version() {
        let named = format!(
            "v{}_{}",
            env!("CARGO_PKG_VERSION_MAJOR"),
            env!("CARGO_PKG_VERSION_MINOR")
        );
        let module = std::any::type_name::<crate::__private_v0_1::Redacted>();
        assert!(module.contains(&format!("__private_{named}::")), "{module}");
    }
}
