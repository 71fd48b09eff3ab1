//! The CVM instance metadata service's credential endpoints, as an instance with a CAM role
//! sees them (`http://metadata.tencentyun.com/latest/meta-data/...`):
//!
//! - `GET /latest/meta-data/cam/security-credentials/` answers the role name, as text;
//! - `GET /latest/meta-data/cam/security-credentials/ROLE` issues temporary credentials for it:
//!
//! ```json
//! {"TmpSecretId":"AKID…","TmpSecretKey":"…","ExpiredTime":1615590047,
//!  "Expiration":"2021-03-12T23:00:47Z","Token":"…","Code":"Success"}
//! ```
//!
//! Every fetch issues fresh credentials (counted by
//! [`RunningEmulator::credentials_issued`](crate::RunningEmulator::credentials_issued)), valid
//! for the configured lifetime (2 hours by default). Other paths under `/latest/` are 404.

use http::{Method, StatusCode};
use serde_json::json;

use crate::clock::iso8601;
use crate::credentials::DEFAULT_TTL;
use crate::records::Verdict;
use crate::reply::Answer;
use crate::state::Shared;

/// Requests under this prefix are metadata requests.
pub(crate) const PREFIX: &str = "/latest/";

const ROLES: &str = "/latest/meta-data/cam/security-credentials";

/// Answers a metadata request; the flag says whether credentials were issued.
pub(crate) fn answer(shared: &Shared, method: &Method, path: &str, now: i64) -> (Answer, bool) {
    if method != Method::GET && method != Method::HEAD {
        return (
            Answer::text(
                StatusCode::METHOD_NOT_ALLOWED,
                "405 Method Not Allowed",
                Verdict::HttpStatus(405),
            ),
            false,
        );
    }
    let Some(rest) = path.strip_prefix(ROLES) else {
        return (not_found(), false);
    };
    let role = rest.trim_start_matches('/');
    if role.is_empty() {
        return (
            Answer::text(StatusCode::OK, &shared.metadata_role, Verdict::Ok),
            false,
        );
    }
    if role != shared.metadata_role {
        return (not_found(), false);
    }
    let store = &shared.credentials;
    let issued = store.issue(now, store.ttl.unwrap_or(DEFAULT_TTL));
    let body = json!({
        "TmpSecretId": issued.secret_id,
        "TmpSecretKey": issued.secret_key,
        "ExpiredTime": issued.expires_at,
        "Expiration": iso8601(issued.expires_at),
        "Token": issued.token,
        "Code": "Success",
    });
    (Answer::json(StatusCode::OK, &body, Verdict::Ok), true)
}

fn not_found() -> Answer {
    Answer::text(
        StatusCode::NOT_FOUND,
        "404 Not Found",
        Verdict::HttpStatus(404),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::KeyLookup;
    use crate::usersig::TrtcApp;

    #[test]
    fn role_name_then_credentials() {
        let shared = Shared::for_tests(TrtcApp::new(1, "k"));
        let (list, issued) = answer(
            &shared,
            &Method::GET,
            "/latest/meta-data/cam/security-credentials/",
            100,
        );
        assert_eq!(
            (list.status, list.body.as_ref(), issued),
            (
                StatusCode::OK,
                crate::state::DEFAULT_METADATA_ROLE.as_bytes(),
                false
            )
        );
        let (creds, issued) = answer(
            &shared,
            &Method::GET,
            "/latest/meta-data/cam/security-credentials/emulator-role",
            100,
        );
        assert!(issued);
        let body: serde_json::Value = serde_json::from_slice(&creds.body).unwrap();
        let keys = body.as_object().map(|o| o.keys().collect::<Vec<_>>());
        assert_eq!(
            keys.unwrap_or_default(),
            [
                "TmpSecretId",
                "TmpSecretKey",
                "ExpiredTime",
                "Expiration",
                "Token",
                "Code"
            ]
        );
        assert_eq!(body["ExpiredTime"], 7300);
        assert_eq!(body["Expiration"], "1970-01-01T02:01:40Z");
        assert!(
            shared
                .credentials
                .key_of(body["TmpSecretId"].as_str().unwrap())
                .is_some()
        );
        let (other, _) = answer(
            &shared,
            &Method::GET,
            "/latest/meta-data/cam/security-credentials/x",
            0,
        );
        assert_eq!(other.status, StatusCode::NOT_FOUND);
        let (post, _) = answer(&shared, &Method::POST, ROLES, 0);
        assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(shared.credentials.issued_count(), 1);
    }
}
