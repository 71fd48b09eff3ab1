//! The API 3.0 envelope: `{"Response":{…,"RequestId":"…"}}`, or with `"Error":{"Code","Message"}`.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::{ApiError, Error, Response, ResponseError, ResponseErrorKind};

mod one_pass;

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
    // The usual answer, a success envelope, is read in one pass; whatever that pass does not
    // accept is read again by the checked path, which decides what the answer is.
    if let Some(response) = one_pass::read::<T>(status, body) {
        return Ok(response);
    }
    parse_checked(status, body)
}

/// [`parse_envelope`] in three passes, the reference of what an answer means: the envelope's
/// head (is it JSON, is there a `Response` object), then its `Error` and `RequestId`, then the
/// typed value.
fn parse_checked<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<Response<T>, Error> {
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

    /// Reads a response to `T` both ways: the one pass, when it accepts the body, must give
    /// exactly what the checked path gives; the checked path's answer is returned.
    fn both_ways<T>(status: u16, body: &[u8]) -> (bool, String)
    where
        T: DeserializeOwned + std::fmt::Debug,
    {
        let checked = format!("{:?}", parse_checked::<T>(status, body));
        let fast = one_pass::read::<T>(status, body);
        let taken = fast.is_some();
        if let Some(fast) = fast {
            assert_eq!(
                format!("{:?}", Ok::<_, Error>(fast)),
                checked,
                "{:?}",
                String::from_utf8_lossy(body)
            );
        }
        assert_eq!(format!("{:?}", parse_envelope::<T>(status, body)), checked);
        (taken, checked)
    }

    /// A response that declares the RequestId as a field of its own.
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct WithId {
        #[serde(rename = "RequestId")]
        request_id: Option<String>,
        #[serde(rename = "N")]
        n: Option<u8>,
    }

    /// Reads `body` as every kind of typed value the tests know.
    fn every_way(status: u16, body: &[u8]) -> bool {
        let (typed, _) = both_ways::<Typed>(status, body);
        let (value, _) = both_ways::<serde_json::Value>(status, body);
        both_ways::<WithId>(status, body);
        both_ways::<std::collections::BTreeMap<String, serde_json::Value>>(status, body);
        both_ways::<Option<Typed>>(status, body);
        both_ways::<serde_json::Map<String, serde_json::Value>>(status, body);
        typed || value
    }

    #[test]
    fn success_envelopes_are_read_in_one_pass() {
        for body in [
            &br#"{"Response":{"N":7,"RequestId":"r"}}"#[..],
            br#" {"Other":[1,{"x":null}],"Response":{"RequestId":"r","N":7,"M":{"a":[]}}} "#,
            br#"{"Response":{"N":7}}"#,
            br#"{"Response":{"N":7,"RequestId":"r\u0031\n"}}"#,
            br#"{"Resp\u006fnse":{"N\u0020":1,"N":7,"Req\u0075estId":"r"}}"#,
        ] {
            let (taken, checked) = both_ways::<Typed>(200, body);
            assert!(taken, "{checked}");
            assert!(checked.starts_with("Ok("), "{checked}");
            assert!(both_ways::<serde_json::Value>(201, body).0);
            assert!(both_ways::<WithId>(299, body).0);
        }
    }

    #[test]
    fn what_the_one_pass_leaves_is_read_as_before() {
        let bodies: [&[u8]; 22] = [
            b"",
            b"\xff\xfe",
            b"null",
            b"[]",
            br#"[{"Response":{"N":7,"RequestId":"r"}}]"#,
            br#"{"Response":[{"N":7}]}"#,
            b"{\"Response\":{\"N\":7,\"RequestId\":\"r\xff\"}}",
            b"{\"Response\":{\"N\":7,\"X\":\"\xff\",\"RequestId\":\"r\"}}",
            b"{\"X\":\"\xff\",\"Response\":{\"N\":7,\"RequestId\":\"r\"}}",
            br#"{"Response":null}"#,
            br#"{"Response":{"N":7,"RequestId":"r"},"Response":{"N":8}}"#,
            br#"{"Response":{"N":7,"RequestId":"r","RequestId":"s"}}"#,
            br#"{"Response":{"N":7,"RequestId":null}}"#,
            br#"{"Response":{"N":7,"RequestId":5}}"#,
            br#"{"Response":{"N":7,"Error":null,"RequestId":"r"}}"#,
            br#"{"Response":{"Error":{"Code":"C","Message":"m"},"RequestId":"r"}}"#,
            br#"{"Response":{"N":7,"RequestId":"r","Error":{}}}"#,
            br#"{"Response":{"Error":"x","RequestId":"r"}}"#,
            br#"{"Response":{"N":300,"RequestId":"r"}}"#,
            br#"{"Response":{"N":7,"RequestId":"r"}} x"#,
            br#"{"Response":{"N":7,"RequestId":"r"}"#,
            br#"{"Response":{"N":7,"RequestId":"r",}}"#,
        ];
        for body in bodies {
            for status in [200, 204, 400, 500, 302] {
                every_way(status, body);
            }
        }
        // The checked path decides: `Error: null` is no error.
        let (taken, checked) = both_ways::<Typed>(200, bodies[14]);
        assert!(!taken && checked.starts_with("Ok("), "{checked}");
        // Not 2xx: never the one pass.
        let (taken, checked) = both_ways::<Typed>(500, br#"{"Response":{"N":7,"RequestId":"r"}}"#);
        assert!(!taken && checked.contains("HttpStatus"), "{checked}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        #[test]
        fn the_one_pass_agrees_with_the_checked_path(
            status in proptest::prop_oneof![proptest::strategy::Just(200u16), 100u16..600],
            response in proptest::collection::vec(
                (
                    proptest::prop_oneof![
                        proptest::strategy::Just("N".to_owned()),
                        proptest::strategy::Just("RequestId".to_owned()),
                        proptest::strategy::Just("Error".to_owned()),
                        proptest::strategy::Just("Req\\u0075estId".to_owned()),
                        "[A-Za-z]{0,3}",
                    ],
                    proptest::prop_oneof![
                        proptest::strategy::Just("7".to_owned()),
                        proptest::strategy::Just("300".to_owned()),
                        proptest::strategy::Just("null".to_owned()),
                        proptest::strategy::Just(r#""r-1""#.to_owned()),
                        proptest::strategy::Just(r#""r\n\u00e9""#.to_owned()),
                        proptest::strategy::Just(r#"{"Code":"C","Message":"m"}"#.to_owned()),
                        proptest::strategy::Just("[1,{}]".to_owned()),
                        "[ -~]{0,4}",
                    ],
                ),
                0..5,
            ),
            outer in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("Response".to_owned()),
                    "[A-Za-z]{0,3}",
                ],
                0..3,
            ),
        ) {
            let inner: Vec<String> = response.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
            let inner = format!("{{{}}}", inner.join(","));
            let mut entries = vec![format!("\"Response\":{inner}")];
            entries.extend(outer.iter().map(|k| format!("\"{k}\":{inner}")));
            let body = format!("{{{}}}", entries.join(","));
            every_way(status, body.as_bytes());
            every_way(status, &body.as_bytes()[..body.len() / 2]);
        }

        #[test]
        fn the_one_pass_agrees_on_any_bytes(
            status in proptest::prop_oneof![proptest::strategy::Just(200u16), 100u16..600],
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
        ) {
            every_way(status, &body);
            let mut framed = br#"{"Response":{"N":7,"RequestId":""#.to_vec();
            framed.extend_from_slice(&body);
            framed.extend_from_slice(br#""}}"#);
            every_way(status, &framed);
        }
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
