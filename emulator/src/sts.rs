//! STS (`sts`, 2018-08-13): `AssumeRole`, signed with a known key, and
//! `AssumeRoleWithWebIdentity`, which is not signed (the official SDKs send
//! `Authorization: SKIP`). Both issue temporary credentials:
//!
//! ```json
//! {"Credentials":{"Token":"…","TmpSecretId":"AKID…","TmpSecretKey":"…"},
//!  "ExpiredTime":1543914376,"Expiration":"2018-12-04T09:06:16Z","RequestId":"…"}
//! ```
//!
//! They live for `DurationSeconds` (default 7200, at most 43200), or for the emulator's
//! configured lifetime when one is set. Requests signed with them must carry the token as
//! `X-TC-Token`; once expired they get `AuthFailure.TokenFailure`.

use std::time::Duration;

use serde_json::{Map, Value, json};

use crate::action::Call;
use crate::clock::iso8601;
use crate::credentials::{DEFAULT_TTL, MAX_TTL_SECS};
use crate::envelope::Failure;
use crate::params::json_kind;

pub(crate) const SERVICE: &str = "sts";
pub(crate) const VERSION: &str = "2018-08-13";
pub(crate) const ASSUME_ROLE: &str = "AssumeRole";
pub(crate) const ASSUME_ROLE_WITH_WEB_IDENTITY: &str = "AssumeRoleWithWebIdentity";

const ASSUME_ROLE_PARAMS: &[&str] = &[
    "RoleArn",
    "RoleSessionName",
    "DurationSeconds",
    "Policy",
    "ExternalId",
    "Tags",
    "SourceIdentity",
];
const WEB_IDENTITY_PARAMS: &[&str] = &[
    "ProviderId",
    "WebIdentityToken",
    "RoleArn",
    "RoleSessionName",
    "DurationSeconds",
];

/// `AssumeRole`: temporary credentials for a role, for a caller with a valid signature.
pub(crate) fn assume_role(call: &Call<'_>) -> Result<Map<String, Value>, Failure> {
    check_known(call.params, ASSUME_ROLE_PARAMS, ASSUME_ROLE)?;
    required_string(call.params, "RoleArn")?;
    required_string(call.params, "RoleSessionName")?;
    let duration = duration_seconds(call.params)?;
    call.mark_processed();
    Ok(issue(call, duration))
}

/// `AssumeRoleWithWebIdentity`: temporary credentials for an OIDC identity; not signed.
pub(crate) fn assume_role_with_web_identity(
    call: &Call<'_>,
) -> Result<Map<String, Value>, Failure> {
    check_known(
        call.params,
        WEB_IDENTITY_PARAMS,
        ASSUME_ROLE_WITH_WEB_IDENTITY,
    )?;
    for name in [
        "ProviderId",
        "WebIdentityToken",
        "RoleArn",
        "RoleSessionName",
    ] {
        required_string(call.params, name)?;
    }
    let duration = duration_seconds(call.params)?;
    call.mark_processed();
    Ok(issue(call, duration))
}

fn issue(call: &Call<'_>, requested: Duration) -> Map<String, Value> {
    let store = &call.shared.credentials;
    let ttl = store.ttl.unwrap_or(requested);
    let issued = store.issue(call.now, ttl);
    let out = json!({
        "Credentials": {
            "Token": issued.token,
            "TmpSecretId": issued.secret_id,
            "TmpSecretKey": issued.secret_key,
        },
        "ExpiredTime": issued.expires_at,
        "Expiration": iso8601(issued.expires_at),
    });
    match out {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn check_known(params: &Map<String, Value>, known: &[&str], action: &str) -> Result<(), Failure> {
    match params.keys().find(|k| !known.contains(&k.as_str())) {
        Some(unknown) => Err(Failure::unknown(unknown, action)),
        None => Ok(()),
    }
}

fn required_string<'p>(params: &'p Map<String, Value>, name: &str) -> Result<&'p str, Failure> {
    match params.get(name) {
        None | Some(Value::Null) => Err(Failure::missing(name)),
        Some(Value::String(s)) if s.is_empty() => Err(Failure::invalid_value(format!(
            "`{name}` must not be empty."
        ))),
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(Failure::invalid(format!(
            "`{name}` must be a string, not {}.",
            json_kind(other)
        ))),
    }
}

/// `DurationSeconds`: an integer (or, from a GET query, its digits) from 1 to 43200.
fn duration_seconds(params: &Map<String, Value>) -> Result<Duration, Failure> {
    let value = match params.get("DurationSeconds") {
        None | Some(Value::Null) => return Ok(DEFAULT_TTL),
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse::<u64>().ok(),
        Some(other) => {
            return Err(Failure::invalid(format!(
                "`DurationSeconds` must be an integer, not {}.",
                json_kind(other)
            )));
        }
    };
    match value {
        Some(secs) if (1..=MAX_TTL_SECS).contains(&secs) => Ok(Duration::from_secs(secs)),
        _ => Err(Failure::invalid_value(format!(
            "`DurationSeconds` must be an integer from 1 to {MAX_TTL_SECS}."
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::KeyLookup;
    use crate::state::Shared;
    use crate::usersig::TrtcApp;
    use tencent_action_core::codes;

    const NOW: i64 = 1_700_000_000;

    fn run(
        shared: &Shared,
        f: fn(&Call<'_>) -> Result<Map<String, Value>, Failure>,
        params: Value,
    ) -> Result<Map<String, Value>, Failure> {
        let Value::Object(params) = params else {
            return Err(Failure::invalid("not an object"));
        };
        let call = Call::new(shared, &params, false, NOW);
        let out = f(&call);
        assert_eq!(call.processed(), out.is_ok());
        out
    }

    #[test]
    fn assume_role_issues_credentials_in_the_documented_shape() {
        let shared = Shared::for_tests(TrtcApp::new(1, "k"));
        let out = run(
            &shared,
            assume_role,
            json!({"RoleArn": "qcs::cam::uin/1:roleName/r", "RoleSessionName": "s", "DurationSeconds": 900}),
        )
        .unwrap();
        let keys: Vec<&str> = out.keys().map(String::as_str).collect();
        assert_eq!(keys, ["Credentials", "ExpiredTime", "Expiration"]);
        assert_eq!(out["ExpiredTime"], NOW + 900);
        assert_eq!(out["Expiration"], "2023-11-14T22:28:20Z");
        let id = out["Credentials"]["TmpSecretId"].as_str().unwrap();
        let key = shared.credentials.key_of(id).unwrap();
        assert_eq!(key.secret_key, out["Credentials"]["TmpSecretKey"]);
        assert_eq!(
            key.temporary.unwrap().token,
            out["Credentials"]["Token"].as_str().unwrap()
        );
        assert_eq!(shared.credentials.issued_count(), 1);
    }

    #[test]
    fn parameters_are_checked() {
        let shared = Shared::for_tests(TrtcApp::new(1, "k"));
        let code_of = |f, params| run(&shared, f, params).unwrap_err().code.into_owned();
        assert_eq!(
            code_of(assume_role, json!({"RoleSessionName": "s"})),
            codes::MISSING_PARAMETER
        );
        assert_eq!(
            code_of(assume_role, json!({"RoleArn": "r", "RoleSessionName": 1})),
            codes::INVALID_PARAMETER
        );
        assert_eq!(
            code_of(
                assume_role,
                json!({"RoleArn": "r", "RoleSessionName": "s", "DurationSeconds": 50000})
            ),
            codes::INVALID_PARAMETER_VALUE
        );
        assert_eq!(
            code_of(
                assume_role,
                json!({"RoleArn": "r", "RoleSessionName": "s", "Other": 1})
            ),
            codes::UNKNOWN_PARAMETER
        );
        assert_eq!(
            code_of(
                assume_role_with_web_identity,
                json!({"ProviderId": "p", "RoleArn": "r", "RoleSessionName": "s"})
            ),
            codes::MISSING_PARAMETER
        );
        let ok = run(
            &shared,
            assume_role_with_web_identity,
            json!({"ProviderId": "p", "WebIdentityToken": "jwt", "RoleArn": "r",
                   "RoleSessionName": "s", "DurationSeconds": "60"}),
        )
        .unwrap();
        assert_eq!(ok["ExpiredTime"], NOW + 60);
        assert_eq!(shared.credentials.issued_count(), 1);
    }
}
