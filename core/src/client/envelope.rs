//! The API 3.0 envelope: `{"Response":{…,"RequestId":"…"}}`, or with `"Error":{"Code","Message"}`.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::{ApiError, Error, Response, ResponseError, ResponseErrorKind};

/// A JSON error without the values it quotes (a response may carry secrets): its category
/// and position, and for data errors the expectation.
fn describe(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Io => "read error",
        Category::Syntax => "syntax error",
        Category::Eof => "unexpected end of input",
        Category::Data => "a value of the wrong type or a missing field",
    };
    format!("{what} at line {} column {}", e.line(), e.column())
}

#[derive(Deserialize)]
struct Head<'a> {
    #[serde(rename = "Response", borrow)]
    response: Option<&'a RawValue>,
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

/// Whether the first non-whitespace byte opens an object; looks no further.
fn starts_object(json: &[u8]) -> bool {
    json.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// Interprets a response: an API error, a typed body, or a [`ResponseError`] saying what is
/// wrong. Never panics, whatever the bytes.
///
/// ```
/// use tencent_action_core::Error;
/// use tencent_action_core::verifier::parse_envelope;
/// let ok: tencent_action_core::Response<serde_json::Value> =
///     parse_envelope(200, br#"{"Response":{"RequestId":"r1","N":1}}"#).unwrap();
/// assert_eq!(ok.request_id(), "r1");
/// assert_eq!(ok["N"], 1);
/// let err = parse_envelope::<serde_json::Value>(200, br#"{"Response":{"Error":{"Code":"InternalError","Message":"m"},"RequestId":"r2"}}"#).unwrap_err();
/// assert_eq!(err.code(), Some("InternalError"));
/// assert!(matches!(parse_envelope::<serde_json::Value>(502, b"<html>"), Err(Error::Response(_))));
/// ```
pub fn parse_envelope<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<Response<T>, Error> {
    // Everything but the typed read is the same for every `T`, and compiled once.
    let (raw, request_id) = read_envelope(status, body)?;
    match serde_json::from_str::<T>(raw.get()) {
        Ok(parsed) => Ok(Response::new(parsed, request_id)),
        Err(e) => Err(mismatch(
            status,
            body,
            std::any::type_name::<T>(),
            &e,
            request_id,
        )),
    }
}

/// The `Response` object of a success envelope, and its RequestId; any other body is an error.
fn read_envelope(status: u16, body: &[u8]) -> Result<(&RawValue, String), Error> {
    let text = || String::from_utf8_lossy(body);
    let success = (200..300).contains(&status);
    let not_json = |detail: String| -> Error {
        let (kind, reason) = if success {
            (
                ResponseErrorKind::NotJson,
                format!("the body is not JSON ({detail})"),
            )
        } else {
            (
                ResponseErrorKind::HttpStatus,
                format!("HTTP error without an API envelope ({detail})"),
            )
        };
        ResponseError::new(status, kind, reason, &text()).into()
    };
    let no_envelope = || -> Error {
        let kind = if success {
            ResponseErrorKind::NoEnvelope
        } else {
            ResponseErrorKind::HttpStatus
        };
        ResponseError::new(status, kind, "the JSON has no `Response` object", &text()).into()
    };
    let head: Head<'_> = match serde_json::from_slice(body) {
        Ok(head) => head,
        Err(e) => return Err(not_json(describe(&e))),
    };
    let raw = match head.response {
        // serde would also read a struct from an array.
        Some(raw) if starts_object(raw.get().as_bytes()) && starts_object(body) => raw,
        _ => return Err(no_envelope()),
    };
    let inner: HeadInner = match serde_json::from_str(raw.get()) {
        Ok(inner) => inner,
        Err(e) => return Err(not_json(describe(&e))),
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
    if !success {
        let mut err = ResponseError::new(
            status,
            ResponseErrorKind::HttpStatus,
            "HTTP error status with a success envelope",
            &text(),
        );
        err.request_id = Some(request_id);
        return Err(err.into());
    }
    Ok((raw, request_id))
}

/// A success envelope whose `Response` is not the type `expected`.
fn mismatch(
    status: u16,
    body: &[u8],
    expected: &str,
    e: &serde_json::Error,
    request_id: String,
) -> Error {
    let mut err = ResponseError::new(
        status,
        ResponseErrorKind::Mismatch,
        format!("`Response` does not match {expected}: {}", describe(e)),
        &String::from_utf8_lossy(body),
    );
    err.request_id = Some(request_id);
    err.into()
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
