//! Our client against the emulator over real HTTP on 127.0.0.1: typed success, the documented
//! errors as typed errors with code, message and RequestId, and nothing sent when validation
//! fails.

use tencent_action::iotexplorer::v20190423::{
    CreateTrtcSignaturesWithRoomId, CreateTrtcSignaturesWithRoomIdError,
};
use tencent_action::{Client, Credential, Error, HttpMethod};
use tencent_action_emulator::RunningEmulator;

use crate::support::{self, SECRET_ID, SECRET_KEY};

async fn emulator() -> RunningEmulator {
    support::start(support::emulator()).await
}

fn client_for(emulator: &RunningEmulator, secret_id: &str, secret_key: &str) -> Client {
    support::client_builder(emulator)
        .credential(Credential::new(secret_id, secret_key).unwrap())
        .build()
        .unwrap()
}

fn request(users: &[&str], room: &str) -> CreateTrtcSignaturesWithRoomId {
    support::trtc(room, users)
}

fn api_error(err: Error) -> tencent_action::ApiError {
    match err {
        Error::Api(api) => api,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn valid_call_returns_typed_params_for_each_user() {
    let emulator = emulator().await;
    let client = client_for(&emulator, SECRET_ID, SECRET_KEY);
    let out = client
        .send(&request(&["alice", "bob"], "room-valid"))
        .await
        .unwrap();
    assert!(!out.request_id().is_empty());
    let params = out.trtc_param_list.as_ref().expect("TRTCParamList");
    let users: Vec<&str> = params.iter().map(|p| p.user_id.as_str()).collect();
    assert_eq!(users, ["alice", "bob"]);
    for p in params {
        assert_eq!(p.str_room_id, "room-valid");
        assert!(p.sdk_app_id > 0);
        assert!(
            p.user_sig.starts_with("eJ"),
            "TRTC UserSig format: {}",
            p.user_sig
        );
        assert!(!p.private_key.is_empty());
    }
    assert_ne!(params[0].user_sig, params[1].user_sig);
    assert_ne!(params[0].private_key, params[1].private_key);
    assert_eq!(emulator.requests_seen(), 1);
}

#[tokio::test]
async fn wrong_secret_key_is_a_signature_failure() {
    let emulator = emulator().await;
    let client = client_for(&emulator, SECRET_ID, "not-the-right-key");
    let err = client
        .send(&request(&["alice"], "room-sig"))
        .await
        .unwrap_err();
    let text = err.to_string();
    let api = api_error(err);
    assert_eq!(api.code(), "AuthFailure.SignatureFailure");
    assert!(!api.message().is_empty());
    assert!(!api.request_id().is_empty());
    assert!(text.contains("AuthFailure.SignatureFailure") && text.contains(api.request_id()));
    assert!(
        !text.contains("not-the-right-key"),
        "the key must not leak: {text}"
    );
}

#[tokio::test]
async fn unknown_secret_id_is_reported() {
    let emulator = emulator().await;
    let client = client_for(&emulator, "AKIDUNKNOWN", SECRET_KEY);
    let err = client
        .send(&request(&["alice"], "room-id"))
        .await
        .unwrap_err();
    assert_eq!(api_error(err).code(), "AuthFailure.SecretIdNotFound");
}

#[tokio::test]
async fn eleven_users_sent_without_declaration_are_over_the_limit() {
    let emulator = emulator().await;
    let client = client_for(&emulator, SECRET_ID, SECRET_KEY);
    let users: Vec<String> = (0..11).map(|i| format!("user{i}")).collect();
    let err = client
        .call_json(
            "iotexplorer",
            "2019-04-23",
            "CreateTRTCSignaturesWithRoomId",
            serde_json::json!({ "TRTCUserIds": users, "RoomId": "room-11" }),
        )
        .await
        .unwrap_err();
    assert_eq!(
        CreateTrtcSignaturesWithRoomIdError::of(&err),
        Some(CreateTrtcSignaturesWithRoomIdError::UserIdOverLimit)
    );
    let api = api_error(err);
    assert_eq!(api.code(), "InvalidParameter.UserIdOverLimit");
    assert!(!api.request_id().is_empty());
}

#[tokio::test]
async fn the_same_room_twice_exists_already() {
    let emulator = emulator().await;
    let client = client_for(&emulator, SECRET_ID, SECRET_KEY);
    client
        .send(&request(&["alice"], "room-twice"))
        .await
        .unwrap();
    let err = client
        .send(&request(&["bob"], "room-twice"))
        .await
        .unwrap_err();
    assert_eq!(
        CreateTrtcSignaturesWithRoomIdError::of(&err),
        Some(CreateTrtcSignaturesWithRoomIdError::RoomIdExist)
    );
    let api = api_error(err);
    assert_eq!(api.code(), "InvalidParameter.RoomIdExist");
    assert!(!api.message().is_empty() && !api.request_id().is_empty());
}

#[tokio::test]
async fn get_and_unsigned_payload_are_accepted() {
    let emulator = emulator().await;
    let base = || {
        Client::builder()
            .credential(Credential::new(SECRET_ID, SECRET_KEY).unwrap())
            .region("ap-shanghai")
            .endpoint(emulator.url())
    };
    let get = base().method(HttpMethod::Get).build().unwrap();
    let out = get
        .send(&request(&["a b", "c&d=e"], "room get"))
        .await
        .unwrap();
    let users: Vec<&str> = out
        .trtc_param_list
        .iter()
        .flatten()
        .map(|p| p.user_id.as_str())
        .collect();
    assert_eq!(users, ["a b", "c&d=e"]);
    let unsigned = base().unsigned_payload(true).build().unwrap();
    unsigned
        .send(&request(&["x"], "room-unsigned"))
        .await
        .unwrap();
    let json = base().build().unwrap();
    let out = json
        .call_json(
            "iotexplorer",
            "2019-04-23",
            "CreateTRTCSignaturesWithRoomId",
            serde_json::json!({ "TRTCUserIds": ["y"], "RoomId": "room-json" }),
        )
        .await
        .unwrap();
    assert_eq!(out["TRTCParamList"][0]["UserId"], "y");
    assert!(
        out.get("RequestId").is_none(),
        "RequestId is taken out of the body"
    );
    assert!(!out.request_id().is_empty());
}

#[tokio::test]
async fn invalid_requests_are_not_sent() {
    let emulator = emulator().await;
    let client = client_for(&emulator, SECRET_ID, SECRET_KEY);
    let eleven: Vec<String> = (0..11).map(|i| format!("u{i}")).collect();
    let eleven: Vec<&str> = eleven.iter().map(String::as_str).collect();
    let cases = [
        (
            request(&eleven, "r"),
            "TRTCUserIds must have at most 10 items",
        ),
        (
            request(&["a", "a"], "r"),
            "TRTCUserIds must not repeat items",
        ),
        (
            request(&["a"], ""),
            "RoomId must be at least 1 character long",
        ),
    ];
    for (req, expected) in cases {
        let err = client.send(&req).await.unwrap_err();
        assert!(matches!(err, Error::Validation(_)), "{err:?}");
        assert!(err.to_string().contains(expected), "{err}");
    }
    let elsewhere = Client::builder()
        .credential(Credential::new(SECRET_ID, SECRET_KEY).unwrap())
        .region("ap-beijing")
        .endpoint(emulator.url())
        .build()
        .unwrap();
    let err = elsewhere.send(&request(&["a"], "r")).await.unwrap_err();
    assert!(
        err.to_string()
            .contains("Region `ap-beijing` is not supported"),
        "{err}"
    );
    assert_eq!(emulator.requests_seen(), 0, "nothing reached the server");
    // The counter does count: one valid request moves it.
    client.send(&request(&["a"], "r-counted")).await.unwrap();
    assert_eq!(emulator.requests_seen(), 1);
}

#[tokio::test]
async fn a_closed_port_is_a_transport_error_naming_the_target() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder()
        .credential(Credential::new(SECRET_ID, SECRET_KEY).unwrap())
        .region("ap-guangzhou")
        .endpoint(format!("http://{addr}"))
        .build()
        .unwrap();
    let err = client.send(&request(&["a"], "r")).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: tencent_action::TransportKind::Connect,
                ..
            }
        ),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.contains(&addr.to_string()), "{text}");
    assert!(text.contains("CreateTRTCSignaturesWithRoomId"), "{text}");
}
