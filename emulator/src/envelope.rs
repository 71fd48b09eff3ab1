//! The API 3.0 envelope: `{"Response":{…,"RequestId":"…"}}` on success,
//! `{"Response":{"Error":{"Code":"…","Message":"…"},"RequestId":"…"}}` on failure.

use std::borrow::Cow;

use serde_json::{Map, Value, json};

/// The error codes this emulator answers with, as the service spells them.
pub(crate) mod code {
    pub const INVALID_AUTHORIZATION: &str = "AuthFailure.InvalidAuthorization";
    pub const TOKEN_FAILURE: &str = "AuthFailure.TokenFailure";
    pub const SIGNATURE_EXPIRE: &str = "AuthFailure.SignatureExpire";
    pub const SIGNATURE_FAILURE: &str = "AuthFailure.SignatureFailure";
    pub const SECRET_ID_NOT_FOUND: &str = "AuthFailure.SecretIdNotFound";
    pub const MISSING_PARAMETER: &str = "MissingParameter";
    pub const INVALID_PARAMETER: &str = "InvalidParameter";
    pub const INVALID_PARAMETER_VALUE: &str = "InvalidParameterValue";
    pub const UNKNOWN_PARAMETER: &str = "UnknownParameter";
    pub const NO_SUCH_VERSION: &str = "NoSuchVersion";
    pub const INVALID_ACTION: &str = "InvalidAction";
    pub const UNSUPPORTED_REGION: &str = "UnsupportedRegion";
    pub const UNSUPPORTED_PROTOCOL: &str = "UnsupportedProtocol";
    pub const RESOURCE_NOT_FOUND: &str = "ResourceNotFound";
    pub const USER_ID_OVER_LIMIT: &str = "InvalidParameter.UserIdOverLimit";
    pub const ROOM_ID_EXIST: &str = "InvalidParameter.RoomIdExist";
    pub const REQUEST_LIMIT_EXCEEDED: &str = "RequestLimitExceeded";
    pub const INTERNAL_ERROR: &str = "InternalError";
}

/// A failed call: the error code and a message that says what to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    /// One of [`code`]'s constants, or a code a user's handler chose.
    pub code: Cow<'static, str>,
    pub message: String,
}

impl Failure {
    pub fn new(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Failure {
            code: code.into(),
            message: message.into(),
        }
    }

    /// `MissingParameter` naming the parameter or header.
    pub fn missing(name: &str) -> Self {
        Failure::new(
            code::MISSING_PARAMETER,
            format!("The request is missing a required parameter `{name}`."),
        )
    }

    /// `UnknownParameter` naming the parameter (by its path) and the action.
    pub fn unknown(name: &str, action: &str) -> Self {
        Failure::new(
            code::UNKNOWN_PARAMETER,
            format!("The parameter `{name}` is not recognized by {action}."),
        )
    }

    /// `InvalidParameter` with a reason.
    pub fn invalid(message: impl Into<String>) -> Self {
        Failure::new(code::INVALID_PARAMETER, message)
    }

    /// `InvalidParameterValue` with a reason.
    pub fn invalid_value(message: impl Into<String>) -> Self {
        Failure::new(code::INVALID_PARAMETER_VALUE, message)
    }
}

/// Wraps a success body (the action's output fields) in the envelope, `RequestId` last.
pub(crate) fn success(mut fields: Map<String, Value>, request_id: &str) -> Value {
    fields.insert("RequestId".to_owned(), Value::from(request_id));
    json!({ "Response": fields })
}

/// The error envelope for a failure.
pub(crate) fn error(failure: &Failure, request_id: &str) -> Value {
    json!({
        "Response": {
            "Error": { "Code": failure.code, "Message": failure.message },
            "RequestId": request_id,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelopes_have_the_documented_shape() {
        let mut fields = Map::new();
        fields.insert("TRTCParamList".into(), json!([]));
        let ok = success(fields, "r-1");
        assert_eq!(
            ok.to_string(),
            r#"{"Response":{"TRTCParamList":[],"RequestId":"r-1"}}"#
        );
        let err = error(&Failure::missing("RoomId"), "r-2");
        assert_eq!(err["Response"]["Error"]["Code"], "MissingParameter");
        assert!(
            err["Response"]["Error"]["Message"]
                .as_str()
                .is_some_and(|m| m.contains("`RoomId`"))
        );
        assert_eq!(err["Response"]["RequestId"], "r-2");
    }
}
