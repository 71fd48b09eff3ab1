//! The signature debugger: when a signature does not match, the emulator's message shows the
//! canonical request and string to sign it computed, byte for byte, so they can be diffed
//! against what our client signed (`PreparedRequest::signed()`), and never a key.

use tencent_action::iotexplorer::v20190423::CreateTrtcSignaturesWithRoomId;
use tencent_action::{
    ApiError, Client, Credential, Error, HttpMethod, PreparedRequest, RetryPolicy,
};
use tencent_action_emulator::RunningEmulator;

use crate::support::{self, SECRET_ID, SECRET_KEY};

const WRONG_KEY: &str = "debugger-test-WRONG-key-000000000";

async fn start() -> RunningEmulator {
    support::start(support::emulator()).await
}

fn client(emulator: &RunningEmulator, key: &str, method: HttpMethod) -> Client {
    support::client_builder(emulator)
        .credential(Credential::new(SECRET_ID, key).unwrap())
        .method(method)
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

fn request(room: &str) -> CreateTrtcSignaturesWithRoomId {
    support::trtc(room, &["alice", "bob"])
}

/// Sends a prepared request with reqwest, after `tamper` had its way with the headers and
/// body, and reads the answer with our envelope parser.
async fn send(
    prepared: &PreparedRequest,
    tamper: impl FnOnce(&mut Vec<(String, String)>, &mut Vec<u8>),
) -> Result<serde_json::Value, Error> {
    let mut headers: Vec<(String, String)> = prepared
        .signed()
        .headers()
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
    let mut body = prepared.body().to_vec();
    tamper(&mut headers, &mut body);
    let http = crate::support::raw_http();
    let mut request = match prepared.method() {
        HttpMethod::Post => http.post(prepared.url()).body(body),
        HttpMethod::Get => http.get(prepared.url()),
    };
    for (name, value) in &headers {
        request = request.header(name, value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let body = response.bytes().await.unwrap();
    tencent_action::verifier::parse_envelope::<serde_json::Value>(status, &body)
        .map(|r| r.into_parts().0)
}

fn signature_failure(result: Result<serde_json::Value, Error>) -> ApiError {
    match result {
        Err(Error::Api(api)) if api.code() == "AuthFailure.SignatureFailure" => api,
        other => panic!("expected AuthFailure.SignatureFailure, got {other:?}"),
    }
}

/// The canonical request and the string to sign the emulator computed, from its message.
fn computed(api: &ApiError) -> (String, String) {
    let message = api.message();
    let (_, rest) = message
        .split_once("The canonical request here was:\n")
        .unwrap_or_else(|| panic!("no canonical request in {message}"));
    let (canonical, to_sign) = rest
        .split_once("\nand the string to sign:\n")
        .unwrap_or_else(|| panic!("no string to sign in {message}"));
    (canonical.to_owned(), to_sign.to_owned())
}

fn assert_no_secret(api: &ApiError) {
    for secret in [SECRET_KEY, WRONG_KEY] {
        assert!(!api.message().contains(secret), "{}", api.message());
        assert!(!api.to_string().contains(secret));
    }
}

#[tokio::test]
async fn a_wrong_key_shows_the_very_canonical_request_the_client_signed() {
    let emulator = start().await;
    for method in [HttpMethod::Post, HttpMethod::Get] {
        let client = client(&emulator, WRONG_KEY, method);
        let prepared = client.prepare(&request("room debug")).await.unwrap();
        let api = signature_failure(send(&prepared, |_, _| {}).await);
        let (canonical, to_sign) = computed(&api);
        assert_eq!(
            canonical,
            prepared.signed().canonical_request(),
            "{method:?}"
        );
        assert_eq!(to_sign, prepared.signed().string_to_sign(), "{method:?}");
        assert_no_secret(&api);
    }
}

#[tokio::test]
async fn the_same_through_our_client() {
    let emulator = start().await;
    let client = client(&emulator, WRONG_KEY, HttpMethod::Post);
    let prepared = client.prepare(&request("room-client")).await.unwrap();
    let err = client.send(&request("room-client")).await.unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.code(), "AuthFailure.SignatureFailure");
    // The canonical request does not depend on the time; the string to sign does.
    assert_eq!(computed(api).0, prepared.signed().canonical_request());
    assert_no_secret(api);
}

#[tokio::test]
async fn tampering_after_signing_shows_where_the_requests_differ() {
    let emulator = start().await;
    let client = client(&emulator, SECRET_KEY, HttpMethod::Post);
    let prepared = client.prepare(&request("room-tamper")).await.unwrap();
    let ours: Vec<&str> = prepared.signed().canonical_request().lines().collect();

    // A signed header changed after signing: only its line differs.
    let api = signature_failure(
        send(&prepared, |headers, _| {
            for (name, value) in headers.iter_mut() {
                if name.eq_ignore_ascii_case("content-type") {
                    *value = "application/json; charset=utf-8".to_owned();
                }
            }
        })
        .await,
    );
    let (canonical, to_sign) = computed(&api);
    let theirs: Vec<&str> = canonical.lines().collect();
    assert_eq!(theirs.len(), ours.len());
    let differing: Vec<usize> = (0..ours.len()).filter(|i| ours[*i] != theirs[*i]).collect();
    assert_eq!(differing, [3], "{canonical}");
    assert_eq!(theirs[3], "content-type:application/json; charset=utf-8");
    assert_ne!(to_sign, prepared.signed().string_to_sign());
    assert_no_secret(&api);

    // The body changed after signing: only the payload hash differs.
    let api = signature_failure(
        send(&prepared, |_, body| {
            body.extend_from_slice(b" ");
        })
        .await,
    );
    let (canonical, _) = computed(&api);
    let theirs: Vec<&str> = canonical.lines().collect();
    let differing: Vec<usize> = (0..ours.len()).filter(|i| ours[*i] != theirs[*i]).collect();
    assert_eq!(differing, [ours.len() - 1], "{canonical}");

    // Untouched, the same prepared request is accepted.
    let out = send(&prepared, |_, _| {}).await.unwrap();
    assert_eq!(out["TRTCParamList"].as_array().map(Vec::len), Some(2));
}
