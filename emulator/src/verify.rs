//! TC3-HMAC-SHA256 verification of a received request, step by step as the service does it.
//!
//! Sans-IO: the request is given as its method, raw query, headers and body bytes, and the
//! clocks as numbers, so every step is testable on its own.

use std::borrow::Cow;

use http::HeaderMap;
use tencent_action_core::codes;
use tencent_action_core::verifier::{
    Authorization, UNSIGNED_PAYLOAD, canonical_request, credential_scope, sha256_hex, signature_of,
    string_to_sign, utc_date,
};

use crate::clock::iso8601;
use crate::credentials::KeyLookup;
use crate::envelope::Failure;

/// How far, in seconds, `X-TC-Timestamp` may be from the server's clock.
pub(crate) const MAX_CLOCK_SKEW: u64 = 300;

/// A request as received, before any interpretation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Received<'a> {
    /// The HTTP method as received.
    pub method: &'a str,
    /// The query string as received, without `?`.
    pub query: &'a str,
    pub headers: &'a HeaderMap,
    /// The body bytes as received.
    pub body: &'a [u8],
}

/// What a verified signature establishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Verified {
    pub secret_id: String,
    /// The service of the credential scope.
    pub service: String,
    pub timestamp: i64,
}

/// The value of a header, if present; bytes that are not UTF-8 are replaced.
pub(crate) fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<Cow<'a, str>> {
    headers
        .get(name)
        .map(|value| String::from_utf8_lossy(value.as_bytes()))
}

/// The clocks a verification reads, Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Now {
    /// What `X-TC-Timestamp` is checked against.
    pub signature: i64,
    /// What temporary credentials' expiry is checked against.
    pub service: i64,
}

impl Now {
    /// Both clocks at the same time.
    #[cfg(test)]
    pub(crate) fn at(secs: i64) -> Self {
        Now {
            signature: secs,
            service: secs,
        }
    }
}

/// Where the `Authorization` header names the SecretId and the signed headers, read without
/// verifying anything, for the request log.
pub(crate) fn claimed_identity(headers: &HeaderMap) -> (Option<String>, Vec<String>) {
    header(headers, "authorization")
        .and_then(|value| Authorization::parse(&value).ok())
        .map(|auth| (Some(auth.secret_id), auth.signed_headers))
        .unwrap_or_default()
}

/// The service the `Authorization` header's credential scope names, read without verifying
/// anything.
#[cfg(feature = "spec")]
pub(crate) fn claimed_service(headers: &HeaderMap) -> Option<String> {
    header(headers, "authorization")
        .and_then(|value| Authorization::parse(&value).ok())
        .map(|auth| auth.service)
}

/// Verifies the TC3 signature of `req`.
///
/// `keys` resolves SecretIds; `service` is the service the request is for, when known (the
/// credential scope must name it).
pub(crate) fn verify(
    req: &Received<'_>,
    keys: &impl KeyLookup,
    service: Option<&str>,
    clocks: Now,
) -> Result<Verified, Failure> {
    let now = clocks.signature;
    // 1. The Authorization header.
    let Some(authorization) = header(req.headers, "authorization") else {
        return Err(Failure::new(
            codes::INVALID_AUTHORIZATION,
            "The request has no `Authorization` header: sign it with TC3-HMAC-SHA256.",
        ));
    };
    let auth = Authorization::parse(&authorization)
        .map_err(|e| Failure::new(codes::INVALID_AUTHORIZATION, format!("{e}.")))?;

    // 2. The timestamp, within the allowed skew.
    let Some(timestamp) = header(req.headers, "x-tc-timestamp") else {
        return Err(Failure::missing("X-TC-Timestamp"));
    };
    let Ok(timestamp) = timestamp.trim().parse::<i64>() else {
        return Err(Failure::invalid(format!(
            "X-TC-Timestamp `{timestamp}` is not an integer number of seconds since 1970-01-01 UTC."
        )));
    };
    if now.abs_diff(timestamp) > MAX_CLOCK_SKEW {
        return Err(Failure::new(
            codes::SIGNATURE_EXPIRE,
            format!(
                "Signature expired: X-TC-Timestamp {timestamp} and the server time {now} ({}) differ by more than {MAX_CLOCK_SKEW} seconds; check the local clock.",
                iso8601(now)
            ),
        ));
    }

    // 3. The credential scope: the timestamp's UTC date and the request's service.
    let date = utc_date(timestamp);
    if auth.date != date {
        return Err(Failure::new(
            codes::SIGNATURE_FAILURE,
            format!(
                "The credential scope date {} is not {date}, the UTC date of X-TC-Timestamp {timestamp}.",
                auth.date
            ),
        ));
    }
    if let Some(service) = service
        && auth.service != service
    {
        return Err(Failure::new(
            codes::SIGNATURE_FAILURE,
            format!(
                "The credential scope names service `{}`, but this request is for service `{service}`.",
                auth.service
            ),
        ));
    }

    // 4. The SecretId, and for temporary credentials their token.
    let Some(key) = keys.key_of(&auth.secret_id) else {
        return Err(Failure::new(
            codes::SECRET_ID_NOT_FOUND,
            format!(
                "The SecretId `{}` is not found; check that it is correct.",
                auth.secret_id
            ),
        ));
    };
    if let Some(temporary) = &key.temporary {
        let sent = header(req.headers, "x-tc-token");
        let sent = sent.as_deref().map(str::trim).unwrap_or_default();
        if sent.is_empty() {
            return Err(Failure::new(
                codes::TOKEN_FAILURE,
                format!(
                    "The SecretId `{}` belongs to temporary credentials: send their token as X-TC-Token.",
                    auth.secret_id
                ),
            ));
        }
        if !constant_time_eq(sent.as_bytes(), temporary.token.as_bytes()) {
            return Err(Failure::new(
                codes::TOKEN_FAILURE,
                format!(
                    "X-TC-Token is not the token issued with the SecretId `{}`.",
                    auth.secret_id
                ),
            ));
        }
        if clocks.service >= temporary.expires_at {
            return Err(Failure::new(
                codes::TOKEN_FAILURE,
                format!(
                    "The temporary credentials of SecretId `{}` expired at {} ({}); the server time is {} ({}). Get new ones.",
                    auth.secret_id,
                    temporary.expires_at,
                    iso8601(temporary.expires_at),
                    clocks.service,
                    iso8601(clocks.service)
                ),
            ));
        }
    }
    let secret_key = &key.secret_key;

    // 5. The signed headers: content-type and host among them, each one present.
    for required in ["content-type", "host"] {
        if !auth
            .signed_headers
            .iter()
            .any(|h| h.eq_ignore_ascii_case(required))
        {
            return Err(Failure::new(
                codes::INVALID_AUTHORIZATION,
                format!(
                    "SignedHeaders `{}` does not include `{required}`; `content-type` and `host` must be signed.",
                    auth.signed_headers.join(";")
                ),
            ));
        }
    }
    let mut signed: Vec<(&str, Cow<'_, str>)> = Vec::with_capacity(auth.signed_headers.len());
    for name in &auth.signed_headers {
        let Some(value) = header(req.headers, &name.to_ascii_lowercase()) else {
            return Err(Failure::new(
                codes::INVALID_AUTHORIZATION,
                format!("The signed header `{name}` is not in the request."),
            ));
        };
        signed.push((name.as_str(), value));
    }

    // 6. The signature over what was received.
    let unsigned = header(req.headers, "x-tc-content-sha256")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case(UNSIGNED_PAYLOAD));
    let payload_hash = if unsigned {
        sha256_hex(UNSIGNED_PAYLOAD.as_bytes())
    } else {
        sha256_hex(req.body)
    };
    let mut headers: Vec<(&str, &str)> = signed.iter().map(|(n, v)| (*n, v.as_ref())).collect();
    let scope = credential_scope(&auth.date, &auth.service);
    let signature_over = |headers: &[(&str, &str)]| {
        let canonical = canonical_request(req.method, req.query, headers, &payload_hash);
        let to_sign = string_to_sign(timestamp, &scope, &canonical);
        let expected = signature_of(secret_key, &auth.date, &auth.service, &to_sign);
        let matches = constant_time_eq(expected.as_bytes(), auth.signature.as_bytes());
        (matches, canonical, to_sign)
    };
    let (matches, canonical, to_sign) = signature_over(&headers);
    if !matches {
        // A client may sign the host name without the port it sends in `Host` (the official
        // Node.js SDK does); the service, on port 443, never sees the difference.
        let host = headers
            .iter()
            .position(|(name, _)| name.eq_ignore_ascii_case("host"));
        let bare = host.and_then(|i| Some((i, bare_host(headers[i].1)?)));
        let mut note = String::new();
        if let Some((i, bare)) = bare {
            headers[i].1 = bare;
            if signature_over(&headers).0 {
                return Ok(Verified {
                    secret_id: auth.secret_id,
                    service: auth.service,
                    timestamp,
                });
            }
            note = format!(" The host name without its port, `{bare}`, was tried too.");
        }
        return Err(Failure::new(
            codes::SIGNATURE_FAILURE,
            format!(
                "The provided credentials could not be validated; check that the signature is correct.{note} \
                 The canonical request here was:\n{canonical}\nand the string to sign:\n{to_sign}"
            ),
        ));
    }
    Ok(Verified {
        secret_id: auth.secret_id,
        service: auth.service,
        timestamp,
    })
}

/// `host` without its `:port`, when it has one (`127.0.0.1:9000` → `127.0.0.1`,
/// `[::1]:9000` → `[::1]`).
fn bare_host(host: &str) -> Option<&str> {
    let (name, port) = host.rsplit_once(':')?;
    let bracketed = name.starts_with('[') && name.ends_with(']');
    let ok = !port.is_empty()
        && port.bytes().all(|b| b.is_ascii_digit())
        && !name.is_empty()
        && (bracketed || !name.contains(':'));
    ok.then_some(name)
}

/// Compares two byte strings in time independent of where they differ.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use http::{HeaderName, HeaderValue};
    use tencent_action_core::Credential;
    use tencent_action_core::sign::{Payload, SigningRequest, sign};

    use super::*;

    const ID: &str = "AKIDEXAMPLE";
    const KEY: &str = "secret-key";
    const NOW: i64 = 1_700_006_400;
    const HOST: &str = "127.0.0.1:9000";
    const BODY: &[u8] = br#"{"TRTCUserIds":["a"],"RoomId":"r"}"#;

    fn credentials() -> HashMap<String, String> {
        HashMap::from([(ID.to_owned(), KEY.to_owned())])
    }

    fn base(timestamp: i64) -> SigningRequest<'static> {
        let mut req = SigningRequest::new(
            "iotexplorer",
            "CreateTRTCSignaturesWithRoomId",
            "2019-04-23",
            HOST,
            timestamp,
        );
        req.region = Some("ap-guangzhou");
        req.payload = Payload::Bytes(BODY);
        req
    }

    /// The headers a client sends for `req`, signed with `key`.
    fn headers_for(req: &SigningRequest<'_>, key: &str) -> HeaderMap {
        headers_signed_by(req, &Credential::new(ID, key).unwrap())
    }

    /// The headers a client sends for `req`, signed with `credential`.
    fn headers_signed_by(req: &SigningRequest<'_>, credential: &Credential) -> HeaderMap {
        let signed = sign(req, credential).unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("host", HeaderValue::from_static(HOST));
        for (name, value) in signed.headers() {
            headers.insert(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        headers
    }

    fn check(
        method: &str,
        query: &str,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Verified, Failure> {
        let req = Received {
            method,
            query,
            headers,
            body,
        };
        verify(&req, &credentials(), Some("iotexplorer"), Now::at(NOW))
    }

    fn set(headers: &mut HeaderMap, name: &'static str, value: &str) {
        headers.insert(name, HeaderValue::from_str(value).unwrap());
    }

    fn code_of(result: Result<Verified, Failure>) -> String {
        result.unwrap_err().code.into_owned()
    }

    #[test]
    fn a_correctly_signed_post_verifies() {
        let headers = headers_for(&base(NOW), KEY);
        assert_eq!(
            check("POST", "", &headers, BODY),
            Ok(Verified {
                secret_id: ID.into(),
                service: "iotexplorer".into(),
                timestamp: NOW
            })
        );
    }

    #[test]
    fn get_with_a_query_and_extra_signed_headers_verifies() {
        let mut req = base(NOW - 299);
        req.method = tencent_action_core::HttpMethod::Get;
        req.content_type = "application/x-www-form-urlencoded";
        req.query = "TRTCUserIds.0=a&RoomId=r+1";
        req.payload = Payload::Bytes(b"");
        req.signed_headers = &["content-type", "host", "x-tc-action", "x-tc-region"];
        let headers = headers_for(&req, KEY);
        assert!(check("GET", req.query, &headers, b"").is_ok());
        // The query is signed as received: another encoding of the same values is another
        // request.
        assert_eq!(
            code_of(check("GET", "TRTCUserIds.0=a&RoomId=r%201", &headers, b"")),
            codes::SIGNATURE_FAILURE
        );
    }

    #[test]
    fn content_type_with_charset_and_uppercase_values_verify() {
        let mut req = base(NOW + 299);
        req.content_type = "Application/JSON; charset=utf-8";
        req.signed_headers = &["content-type", "host", "x-tc-action"];
        let headers = headers_for(&req, KEY);
        assert!(check("POST", "", &headers, BODY).is_ok());
    }

    #[test]
    fn unsigned_payload_ignores_the_body() {
        let mut req = base(NOW);
        req.payload = Payload::Unsigned;
        let headers = headers_for(&req, KEY);
        assert!(check("POST", "", &headers, b"{\"anything\":1}").is_ok());
        let mut plain = headers.clone();
        plain.remove("x-tc-content-sha256");
        assert_eq!(
            code_of(check("POST", "", &plain, BODY)),
            codes::SIGNATURE_FAILURE
        );
    }

    #[test]
    fn step_1_authorization_missing_or_malformed() {
        let mut headers = headers_for(&base(NOW), KEY);
        headers.remove("authorization");
        assert_eq!(
            code_of(check("POST", "", &headers, BODY)),
            codes::INVALID_AUTHORIZATION
        );
        for bad in [
            "garbage",
            "HMAC-SHA1 Credential=AKIDEXAMPLE/2023-11-15/iotexplorer/tc3_request, SignedHeaders=content-type;host, Signature=00",
            "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2023-11-15/iotexplorer, SignedHeaders=content-type;host, Signature=00",
            "TC3-HMAC-SHA256 SignedHeaders=content-type;host, Signature=00",
        ] {
            set(&mut headers, "authorization", bad);
            let failure = check("POST", "", &headers, BODY).unwrap_err();
            assert_eq!(failure.code, codes::INVALID_AUTHORIZATION, "{bad}");
        }
    }

    #[test]
    fn step_2_timestamp_missing_malformed_or_expired() {
        let mut headers = headers_for(&base(NOW), KEY);
        headers.remove("x-tc-timestamp");
        let failure = check("POST", "", &headers, BODY).unwrap_err();
        assert_eq!(failure.code, codes::MISSING_PARAMETER);
        assert!(failure.message.contains("X-TC-Timestamp"));
        set(&mut headers, "x-tc-timestamp", "soon");
        assert_eq!(
            code_of(check("POST", "", &headers, BODY)),
            codes::INVALID_PARAMETER
        );
        for skewed in [NOW - 301, NOW + 301, i64::MIN, i64::MAX] {
            let headers = headers_for(&base(skewed), KEY);
            let failure = check("POST", "", &headers, BODY).unwrap_err();
            assert_eq!(failure.code, codes::SIGNATURE_EXPIRE);
            assert!(failure.message.contains(&skewed.to_string()));
            assert!(failure.message.contains(&NOW.to_string()));
        }
    }

    #[test]
    fn step_3_scope_date_and_service() {
        // Signed for the day before, with a timestamp of today.
        let mut headers = headers_for(&base(NOW), KEY);
        let auth = header(&headers, "authorization")
            .unwrap()
            .replace("2023-11-15", "2023-11-14");
        set(&mut headers, "authorization", &auth);
        let failure = check("POST", "", &headers, BODY).unwrap_err();
        assert_eq!(failure.code, codes::SIGNATURE_FAILURE);
        assert!(
            failure.message.contains("2023-11-14"),
            "{}",
            failure.message
        );

        let mut req = base(NOW);
        req.service = "cvm";
        let headers = headers_for(&req, KEY);
        let failure = check("POST", "", &headers, BODY).unwrap_err();
        assert_eq!(failure.code, codes::SIGNATURE_FAILURE);
        assert!(failure.message.contains("`cvm`"), "{}", failure.message);
        // Without a known service only the signature itself counts.
        let received = Received {
            method: "POST",
            query: "",
            headers: &headers,
            body: BODY,
        };
        assert!(verify(&received, &credentials(), None, Now::at(NOW)).is_ok());
    }

    #[test]
    fn step_4_unknown_secret_id() {
        let mut headers = headers_for(&base(NOW), KEY);
        let auth = header(&headers, "authorization")
            .unwrap()
            .replace(ID, "AKIDOTHER");
        set(&mut headers, "authorization", &auth);
        assert_eq!(
            code_of(check("POST", "", &headers, BODY)),
            codes::SECRET_ID_NOT_FOUND
        );
    }

    #[test]
    fn step_5_signed_headers() {
        let headers = headers_for(&base(NOW), KEY);
        let auth = header(&headers, "authorization").unwrap().into_owned();
        for (from, to) in [
            ("SignedHeaders=content-type;host", "SignedHeaders=host"),
            (
                "SignedHeaders=content-type;host",
                "SignedHeaders=content-type",
            ),
            (
                "SignedHeaders=content-type;host",
                "SignedHeaders=content-type;host;x-tc-missing",
            ),
        ] {
            let mut headers = headers.clone();
            set(&mut headers, "authorization", &auth.replace(from, to));
            assert_eq!(
                code_of(check("POST", "", &headers, BODY)),
                codes::INVALID_AUTHORIZATION,
                "{to}"
            );
        }
    }

    #[test]
    fn step_6_any_tampering_fails_and_the_message_helps() {
        let headers = headers_for(&base(NOW), KEY);
        let failure = check(
            "POST",
            "",
            &headers,
            br#"{"TRTCUserIds":["b"],"RoomId":"r"}"#,
        )
        .unwrap_err();
        assert_eq!(failure.code, codes::SIGNATURE_FAILURE);
        assert!(
            failure
                .message
                .contains("POST\n/\n\ncontent-type:application/json\nhost:127.0.0.1:9000\n"),
            "{}",
            failure.message
        );
        assert!(
            failure
                .message
                .contains("TC3-HMAC-SHA256\n1700006400\n2023-11-15/iotexplorer/tc3_request\n")
        );
        assert!(!failure.message.contains(KEY));

        assert_eq!(
            code_of(check("GET", "", &headers, BODY)),
            codes::SIGNATURE_FAILURE
        );
        assert_eq!(
            code_of(check("POST", "a=1", &headers, BODY)),
            codes::SIGNATURE_FAILURE
        );
        let failure = check("POST", "", &headers_for(&base(NOW), "wrong-key"), BODY).unwrap_err();
        assert!(
            failure
                .message
                .contains("The host name without its port, `127.0.0.1`, was tried too."),
            "{}",
            failure.message
        );

        let mut other_host = headers.clone();
        set(&mut other_host, "host", "localhost:9000");
        assert_eq!(
            code_of(check("POST", "", &other_host, BODY)),
            codes::SIGNATURE_FAILURE
        );
        let mut other_type = headers.clone();
        set(&mut other_type, "content-type", "text/plain");
        assert_eq!(
            code_of(check("POST", "", &other_type, BODY)),
            codes::SIGNATURE_FAILURE
        );
        let wrong_key = headers_for(&base(NOW), "other-key");
        assert_eq!(
            code_of(check("POST", "", &wrong_key, BODY)),
            codes::SIGNATURE_FAILURE
        );
        // Unsigned headers may change freely.
        let mut extra = headers.clone();
        set(&mut extra, "x-tc-action", "SomethingElse");
        assert!(check("POST", "", &extra, BODY).is_ok());
    }

    #[test]
    fn step_4_temporary_credentials_need_their_live_token() {
        use crate::credentials::CredentialStore;

        let store = CredentialStore::new(credentials(), None);
        let issued = store.issue(NOW, std::time::Duration::from_secs(60));
        let signed_with = |token: Option<&str>| {
            let mut credential = Credential::new(&issued.secret_id, &issued.secret_key).unwrap();
            if let Some(token) = token {
                credential = credential.with_token(token).unwrap();
            }
            headers_signed_by(&base(NOW), &credential)
        };
        let run = |headers: &HeaderMap, service_now: i64| {
            let req = Received {
                method: "POST",
                query: "",
                headers,
                body: BODY,
            };
            let clocks = Now {
                signature: NOW,
                service: service_now,
            };
            verify(&req, &store, Some("iotexplorer"), clocks)
        };
        let good = signed_with(Some(&issued.token));
        assert_eq!(run(&good, NOW + 59).unwrap().secret_id, issued.secret_id);

        let expired = run(&good, NOW + 60).unwrap_err();
        assert_eq!(expired.code, codes::TOKEN_FAILURE);
        assert!(
            expired.message.contains(&(NOW + 60).to_string()),
            "{}",
            expired.message
        );
        assert!(!expired.message.contains(&issued.token));

        for headers in [signed_with(None), signed_with(Some("another-token"))] {
            let failure = run(&headers, NOW).unwrap_err();
            assert_eq!(failure.code, codes::TOKEN_FAILURE, "{}", failure.message);
            assert!(!failure.message.contains(&issued.token));
        }
        // Long-term keys ignore a token.
        let mut long_term = headers_for(&base(NOW), KEY);
        set(&mut long_term, "x-tc-token", "whatever");
        assert!(run(&long_term, NOW).is_ok());
    }

    #[test]
    fn documented_example_with_three_signed_headers_verifies() {
        // The worked example of the signature v3 documentation, with its own keys and clock.
        let mut headers = HeaderMap::new();
        set(&mut headers, "host", "cvm.tencentcloudapi.com");
        set(
            &mut headers,
            "content-type",
            "application/json; charset=utf-8",
        );
        set(&mut headers, "x-tc-action", "DescribeInstances");
        set(&mut headers, "x-tc-timestamp", "1551113065");
        set(
            &mut headers,
            "authorization",
            "TC3-HMAC-SHA256 Credential=AKID********************************/2019-02-25/cvm/tc3_request, \
             SignedHeaders=content-type;host;x-tc-action, \
             Signature=10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f",
        );
        let credentials = HashMap::from([(
            "AKID********************************".to_owned(),
            "********************************".to_owned(),
        )]);
        let body = br#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;
        let req = Received {
            method: "POST",
            query: "",
            headers: &headers,
            body,
        };
        assert!(verify(&req, &credentials, Some("cvm"), Now::at(1551113065 + 10)).is_ok());
    }

    #[test]
    fn a_signature_over_the_host_name_without_its_port_is_accepted() {
        // Signed as the official Node.js SDK does: `host:127.0.0.1` in the canonical request,
        // `Host: 127.0.0.1:9000` on the wire.
        let mut req = base(NOW);
        req.host = "127.0.0.1";
        let mut headers = headers_for(&req, KEY);
        set(&mut headers, "host", HOST);
        assert!(check("POST", "", &headers, BODY).is_ok());

        // Over any other host it is still refused.
        req.host = "localhost";
        let mut headers = headers_for(&req, KEY);
        set(&mut headers, "host", HOST);
        assert_eq!(
            code_of(check("POST", "", &headers, BODY)),
            codes::SIGNATURE_FAILURE
        );
        req.host = "127.0.0.2";
        let mut headers = headers_for(&req, KEY);
        set(&mut headers, "host", HOST);
        assert_eq!(
            code_of(check("POST", "", &headers, BODY)),
            codes::SIGNATURE_FAILURE
        );
    }

    #[test]
    fn hosts_lose_only_a_numeric_port() {
        assert_eq!(bare_host("127.0.0.1:9000"), Some("127.0.0.1"));
        assert_eq!(
            bare_host("iotexplorer.localhost:80"),
            Some("iotexplorer.localhost")
        );
        assert_eq!(bare_host("[::1]:9000"), Some("[::1]"));
        assert_eq!(bare_host("127.0.0.1"), None);
        assert_eq!(bare_host("::1"), None);
        assert_eq!(bare_host("host:"), None);
        assert_eq!(bare_host("host:http"), None);
        assert_eq!(bare_host(":9000"), None);
    }
}
