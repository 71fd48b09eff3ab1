//! The traits `#[tencent_action]` and `#[tencent_model]` implement.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::validate::Validate;

/// A Tencent Cloud API 3.0 action: a request type with its service, name, version and response.
///
/// Implemented by `#[tencent_action]`; implement it by hand only for unusual cases.
///
/// ```
/// use tencent_action_core::Action;
/// use tencent_action_core::validate::{FieldPath, Validate, Violations};
///
/// #[derive(serde::Serialize)]
/// struct DescribeZones {}
/// impl Validate for DescribeZones {
///     fn validate_at(&self, _: Option<&FieldPath<'_>>, _: &mut Violations) {}
/// }
/// impl Action for DescribeZones {
///     const SERVICE: &'static str = "cvm";
///     const NAME: &'static str = "DescribeZones";
///     const VERSION: &'static str = "2017-03-12";
///     type Response = serde_json::Value;
/// }
/// assert_eq!(DescribeZones::NAME, "DescribeZones");
/// assert!(DescribeZones::REGIONS.is_empty());
/// ```
pub trait Action: Validate + Serialize + Send + Sync {
    /// The service, e.g. `iotexplorer`: the first label of the endpoint host and part of the
    /// credential scope.
    const SERVICE: &'static str;
    /// The action name sent as `X-TC-Action`.
    const NAME: &'static str;
    /// The API version sent as `X-TC-Version` (`YYYY-MM-DD`).
    const VERSION: &'static str;
    /// Regions the action is offered in; empty means any region (or none).
    const REGIONS: &'static [&'static str] = &[];
    /// The documented request-rate limit per second, if any.
    const RATE_LIMIT: Option<u32> = None;
    /// Whether sending the same request twice has the effect of sending it once.
    const IDEMPOTENT: bool = false;
    /// The typed response (the content of `Response` in the envelope, without `RequestId`).
    type Response: DeserializeOwned + Send + 'static;
}

/// A request or response object declared with `#[tencent_model]`.
///
/// ```
/// fn takes_model<M: tencent_action_core::Model>() {}
/// ```
pub trait Model: Validate + Serialize + DeserializeOwned + std::fmt::Debug + Clone {}
