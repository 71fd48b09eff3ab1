//! The API 3.0 envelope: `{"Response":{…,"RequestId":"…"}}`, or with `"Error":{"Code","Message"}`.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::{ApiError, Error, Response, ResponseError, ResponseErrorKind};

#[derive(Deserialize)]
struct Head {
    #[serde(rename = "Response")]
    response: Option<HeadInner>,
}

#[derive(Deserialize)]
struct HeadInner {
    #[serde(rename = "Error")]
    error: Option<ErrorBody>,
    #[serde(rename = "RequestId")]
    request_id: Option<String>,
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(rename = "Code")]
    code: Option<String>,
    #[serde(rename = "Message")]
    message: Option<String>,
}

#[derive(Deserialize)]
struct Body<T> {
    #[serde(rename = "Response")]
    response: T,
}

/// Interprets a response: an API error, a typed body, or a [`ResponseError`] saying what is
/// wrong. Never panics, whatever the bytes.
///
/// ```
/// use tencent_action_core::{parse_envelope, Error};
/// let ok: tencent_action_core::Response<serde_json::Value> =
///     parse_envelope(200, br#"{"Response":{"RequestId":"r1","N":1}}"#).unwrap();
/// assert_eq!(ok.request_id(), "r1");
/// assert_eq!(ok["N"], 1);
/// let err = parse_envelope::<serde_json::Value>(200, br#"{"Response":{"Error":{"Code":"InternalError","Message":"m"},"RequestId":"r2"}}"#).unwrap_err();
/// assert_eq!(err.code(), Some("InternalError"));
/// assert!(matches!(parse_envelope::<serde_json::Value>(502, b"<html>"), Err(Error::Response(_))));
/// ```
pub fn parse_envelope<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<Response<T>, Error> {
    let text = || String::from_utf8_lossy(body);
    let head: Head = match serde_json::from_slice(body) {
        Ok(head) => head,
        Err(e) => {
            let (kind, reason) = if (200..300).contains(&status) {
                (
                    ResponseErrorKind::NotJson,
                    format!("the body is not JSON ({e})"),
                )
            } else {
                (
                    ResponseErrorKind::HttpStatus,
                    format!("HTTP error without an API envelope ({e})"),
                )
            };
            return Err(ResponseError::new(status, kind, reason, &text()).into());
        }
    };
    let Some(inner) = head.response else {
        return Err(ResponseError::new(
            status,
            ResponseErrorKind::NoEnvelope,
            "the JSON has no `Response` object",
            &text(),
        )
        .into());
    };
    let request_id = inner.request_id.unwrap_or_default();
    if let Some(error) = inner.error {
        return Err(ApiError::new(
            error.code.unwrap_or_else(|| "(no code)".to_owned()),
            error.message.unwrap_or_default(),
            request_id,
        )
        .into());
    }
    if !(200..300).contains(&status) {
        let mut err = ResponseError::new(
            status,
            ResponseErrorKind::HttpStatus,
            "HTTP error status with a success envelope",
            &text(),
        );
        err.request_id = Some(request_id);
        return Err(err.into());
    }
    match serde_json::from_slice::<Body<T>>(body) {
        Ok(parsed) => Ok(Response::new(parsed.response, request_id)),
        Err(e) => {
            let mut err = ResponseError::new(
                status,
                ResponseErrorKind::Mismatch,
                format!(
                    "`Response` does not match {}: {e}",
                    std::any::type_name::<T>()
                ),
                &text(),
            );
            err.request_id = Some(request_id);
            Err(err.into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Typed {
        #[serde(rename = "N")]
        n: u8,
    }

    #[test]
    fn success_envelope_yields_the_typed_body() {
        let ok = parse_envelope::<Typed>(200, br#"{"Response":{"N":7,"RequestId":"r"}}"#).unwrap();
        assert_eq!((ok.n, ok.request_id()), (7, "r"));
    }

    #[test]
    fn hostile_bodies_are_errors_not_panics() {
        let bodies: [&[u8]; 9] = [
            b"",
            b"\xff\xfe",
            b"null",
            b"[]",
            b"{\"Response\":null}",
            b"{\"Response\":{\"Error\":{}}}",
            b"{\"Response\":{\"Error\":\"x\"}}",
            b"{\"Response\":{\"N\":300,\"RequestId\":\"r\"}}",
            b"{\"Response\":{\"N\":1,\"RequestId\":\"r\"",
        ];
        for body in bodies {
            let result = parse_envelope::<Typed>(200, body);
            assert!(
                result.is_err(),
                "{:?} parsed",
                String::from_utf8_lossy(body)
            );
        }
        let err = parse_envelope::<Typed>(200, b"{\"Response\":{\"N\":300,\"RequestId\":\"r\"}}")
            .unwrap_err();
        assert_eq!(err.request_id(), Some("r"));
        assert!(err.to_string().contains("does not match"), "{err}");
    }

    #[test]
    fn error_without_code_keeps_request_id() {
        let err =
            parse_envelope::<Typed>(200, b"{\"Response\":{\"Error\":{},\"RequestId\":\"r9\"}}")
                .unwrap_err();
        assert_eq!(err.code(), Some("(no code)"));
        assert_eq!(err.request_id(), Some("r9"));
    }
}
