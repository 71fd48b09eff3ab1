//! Temporary credentials from the emulator: the CVM instance metadata endpoint and STS
//! (`AssumeRole`, signed; `AssumeRoleWithWebIdentity`, not signed) issue them, requests signed
//! with them must carry their token, and once they expire (the emulator's clock is moved, no
//! sleeping) the answer is `AuthFailure.TokenFailure`.

use std::sync::Arc;
use std::time::Duration;

use crate::support::json::json_keys;
use serde_json::{Value, json};
use tencent_action::iotexplorer::v20190423::CreateTrtcSignaturesWithRoomId;
use tencent_action::{Client, Credential, CvmRoleCredentials, Error, RetryPolicy};
use tencent_action_emulator::{EmulatorBuilder, RunningEmulator, Verdict};

use crate::support::{self, SECRET_ID, SECRET_KEY, start};

const TTL: Duration = Duration::from_secs(2);
const ROLES: &str = "/latest/meta-data/cam/security-credentials/";

fn builder() -> EmulatorBuilder {
    support::emulator().manual_clock(true)
}

async fn get(url: String) -> (u16, String) {
    let response = crate::support::raw_http().get(url).send().await.unwrap();
    let status = response.status().as_u16();
    let body = response.bytes().await.unwrap();
    (status, String::from_utf8_lossy(&body).into_owned())
}

fn client_with(emulator: &RunningEmulator, credential: Credential) -> Client {
    support::client_builder(emulator)
        .credential(credential)
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

fn request(room: &str) -> CreateTrtcSignaturesWithRoomId {
    crate::support::trtc(room, &["alice"])
}

fn temporary(id: &Value, key: &Value, token: &Value) -> Credential {
    Credential::new(id.as_str().unwrap(), key.as_str().unwrap())
        .unwrap()
        .with_token(token.as_str().unwrap())
        .unwrap()
}

fn assert_token_failure(result: Result<impl std::fmt::Debug, Error>) {
    match result {
        Err(Error::Api(api)) => {
            assert_eq!(api.code(), "AuthFailure.TokenFailure", "{}", api.message());
            assert!(!api.request_id().is_empty());
        }
        other => panic!("expected AuthFailure.TokenFailure, got {other:?}"),
    }
}

#[tokio::test]
async fn instance_metadata_credentials_work_until_they_expire() {
    let emulator = start(builder().temporary_credential_ttl(TTL)).await;
    let (status, role) = get(format!("{}{ROLES}", emulator.url())).await;
    assert_eq!((status, role.as_str()), (200, "emulator-role"));
    let (status, body) = get(format!("{}{ROLES}{role}", emulator.url())).await;
    assert_eq!(status, 200);
    let creds: Value = serde_json::from_str(&body).unwrap();
    let fields = json_keys(&creds);
    assert_eq!(
        fields,
        [
            "TmpSecretId",
            "TmpSecretKey",
            "ExpiredTime",
            "Expiration",
            "Token",
            "Code"
        ]
    );
    assert_eq!(creds["Code"], "Success");
    assert!(
        creds["ExpiredTime"]
            .as_i64()
            .is_some_and(|t| t > 1_700_000_000)
    );
    let expiration = creds["Expiration"].as_str().unwrap();
    assert!(
        expiration.ends_with('Z') && expiration.len() == 20,
        "{expiration}"
    );
    assert_eq!(emulator.credentials_issued(), 1);
    let (status, _) = get(format!("{}{ROLES}another-role", emulator.url())).await;
    assert_eq!(status, 404);

    let client = client_with(
        &emulator,
        temporary(
            &creds["TmpSecretId"],
            &creds["TmpSecretKey"],
            &creds["Token"],
        ),
    );
    client.send(&request("metadata-1")).await.unwrap();

    // The token must be the one issued with the SecretId.
    let forged = client_with(
        &emulator,
        temporary(
            &creds["TmpSecretId"],
            &creds["TmpSecretKey"],
            &json!("not-the-token"),
        ),
    );
    assert_token_failure(forged.send(&request("metadata-forged")).await);
    let unsent = client_with(
        &emulator,
        Credential::new(
            creds["TmpSecretId"].as_str().unwrap(),
            creds["TmpSecretKey"].as_str().unwrap(),
        )
        .unwrap(),
    );
    assert_token_failure(unsent.send(&request("metadata-unsent")).await);

    emulator.advance_clock(TTL);
    assert_token_failure(client.send(&request("metadata-2")).await);
    let last = emulator.records().pop().unwrap();
    assert_eq!(
        last.verdict,
        Verdict::Error("AuthFailure.TokenFailure".into())
    );
    assert!(!last.processed);
    assert_eq!(
        last.secret_id.as_deref(),
        creds["TmpSecretId"].as_str(),
        "the record names the temporary SecretId"
    );
    assert_eq!(emulator.processed("CreateTRTCSignaturesWithRoomId"), 1);
}

#[tokio::test]
async fn sts_assume_role_credentials_work_until_they_expire() {
    let emulator = start(builder().temporary_credential_ttl(TTL)).await;
    let long_term = client_with(&emulator, Credential::new(SECRET_ID, SECRET_KEY).unwrap());
    let out = long_term
        .call_json(
            "sts",
            "2018-08-13",
            "AssumeRole",
            json!({"RoleArn": "qcs::cam::uin/100000000001:roleName/emulator", "RoleSessionName": "test", "DurationSeconds": 7200}),
        )
        .await
        .unwrap();
    let fields = json_keys(&out);
    assert_eq!(fields, ["Credentials", "ExpiredTime", "Expiration"]);
    let creds = &out["Credentials"];
    let keys = json_keys(creds);
    assert_eq!(keys, ["Token", "TmpSecretId", "TmpSecretKey"]);
    assert!(out["ExpiredTime"].is_i64());
    assert_eq!(emulator.credentials_issued(), 1);

    let client = client_with(
        &emulator,
        temporary(
            &creds["TmpSecretId"],
            &creds["TmpSecretKey"],
            &creds["Token"],
        ),
    );
    client.send(&request("sts-1")).await.unwrap();
    // The configured lifetime wins over the 7200 s asked for.
    emulator.advance_clock(TTL - Duration::from_secs(1));
    client.send(&request("sts-2")).await.unwrap();
    emulator.advance_clock(Duration::from_secs(1));
    assert_token_failure(client.send(&request("sts-3")).await);
    assert_eq!(emulator.processed("AssumeRole"), 1);
    assert_eq!(emulator.processed("CreateTRTCSignaturesWithRoomId"), 2);

    // AssumeRole must be signed by a known key.
    let stranger = client_with(&emulator, Credential::new("AKIDSTRANGER", "key").unwrap());
    let err = stranger
        .call_json(
            "sts",
            "2018-08-13",
            "AssumeRole",
            json!({"RoleArn": "r", "RoleSessionName": "s"}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("AuthFailure.SecretIdNotFound"));
    assert_eq!(emulator.credentials_issued(), 1);
}

#[tokio::test]
async fn assume_role_with_web_identity_is_not_signed() {
    let emulator = start(builder()).await;
    // As the official SDK sends it: `Authorization: SKIP`, no signature.
    let body = json!({
        "ProviderId": "OIDC", "WebIdentityToken": "eyJhbGciOiJSUzI1NiJ9.e30.sig",
        "RoleArn": "qcs::cam::uin/100000000001:roleName/oidc", "RoleSessionName": "web",
        "DurationSeconds": 900,
    });
    let response = crate::support::raw_http()
        .post(emulator.url())
        .header("Content-Type", "application/json")
        .header("X-TC-Action", "AssumeRoleWithWebIdentity")
        .header("X-TC-Version", "2018-08-13")
        .header("X-TC-Region", "ap-guangzhou")
        .header("X-TC-Timestamp", "1700000000")
        .header("Authorization", "SKIP")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let bytes = response.bytes().await.unwrap();
    let out = tencent_action::verifier::parse_envelope::<Value>(status, &bytes).unwrap();
    let creds = &out["Credentials"];
    let client = client_with(
        &emulator,
        temporary(
            &creds["TmpSecretId"],
            &creds["TmpSecretKey"],
            &creds["Token"],
        ),
    );
    client.send(&request("web-1")).await.unwrap();
    emulator.advance_clock(Duration::from_secs(900));
    assert_token_failure(client.send(&request("web-2")).await);

    // Our client's unsigned mode gets the same.
    let anonymous = Client::builder()
        .anonymous()
        .endpoint(emulator.url())
        .region("ap-guangzhou")
        .build()
        .unwrap();
    let out = anonymous
        .call_json("sts", "2018-08-13", "AssumeRoleWithWebIdentity", body)
        .await
        .unwrap();
    assert!(out["Credentials"]["Token"].is_string());
    assert_eq!(emulator.credentials_issued(), 2);
    assert_eq!(emulator.processed("AssumeRoleWithWebIdentity"), 2);
}

#[tokio::test]
async fn a_refreshing_provider_fetches_once_per_expiry() {
    // Credentials live two hours; the emulator's clock jumps past that.
    let emulator = start(builder()).await;
    let provider = Arc::new(CvmRoleCredentials::with_endpoint(emulator.url()));
    let client = support::client_builder(&emulator)
        .credential_provider(provider.clone())
        .build()
        .unwrap();
    for i in 0..3 {
        client
            .send(&request(&format!("refresh-{i}")))
            .await
            .unwrap();
    }
    assert_eq!(emulator.credentials_issued(), 1);
    emulator.advance_clock(Duration::from_secs(7200));
    for i in 3..6 {
        client
            .send(&request(&format!("refresh-{i}")))
            .await
            .unwrap();
    }
    assert_eq!(emulator.credentials_issued(), 2, "one refresh per expiry");
    let token_failures = emulator
        .records()
        .iter()
        .filter(|r| r.verdict.code() == Some("AuthFailure.TokenFailure"))
        .count();
    assert_eq!(token_failures, 1);
    assert_eq!(emulator.processed("CreateTRTCSignaturesWithRoomId"), 6);
}
