//! The API 3.0 envelope: `{"Response":{…,"RequestId":"…"}}` on success,
//! `{"Response":{"Error":{"Code":"…","Message":"…"},"RequestId":"…"}}` on failure.

use std::borrow::Cow;

use serde_json::{Map, Value, json};
use tencent_action_core::codes;

/// A failed call: the error code and a message that says what to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    /// One of [`codes`]' constants, or a code a user's handler chose.
    pub code: Cow<'static, str>,
    pub message: String,
}

impl Failure {
    pub(crate) fn new(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Failure {
            code: code.into(),
            message: message.into(),
        }
    }

    /// `MissingParameter` naming the parameter or header.
    pub(crate) fn missing(name: &str) -> Self {
        Failure::new(
            codes::MISSING_PARAMETER,
            format!("The request is missing a required parameter `{name}`."),
        )
    }

    /// `UnknownParameter` naming the parameter (by its path) and the action.
    pub(crate) fn unknown(name: &str, action: &str) -> Self {
        Failure::new(
            codes::UNKNOWN_PARAMETER,
            format!("The parameter `{name}` is not recognized by {action}."),
        )
    }

    /// `InvalidParameter` with a reason.
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Failure::new(codes::INVALID_PARAMETER, message)
    }

    /// `InvalidParameterValue` with a reason.
    pub(crate) fn invalid_value(message: impl Into<String>) -> Self {
        Failure::new(codes::INVALID_PARAMETER_VALUE, message)
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
