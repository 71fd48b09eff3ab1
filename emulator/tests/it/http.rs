//! The emulator over real HTTP on 127.0.0.1: verification steps, the action, the counter.

use serde_json::{Value, json};
use tencent_action_core::verifier::{encode_query, flatten_params};
use tencent_action_emulator::RunningEmulator;
use tencent_action_emulator::usersig::TrtcApp;

use crate::json_keys::json_keys;
use crate::support::*;

const SDK_KEY: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
const SDK_APP_ID: i64 = 1400123456;

async fn emulator() -> RunningEmulator {
    start(
        builder()
            .credential("AKIDSECOND", "second-key")
            .sdk_app_id(SDK_APP_ID)
            .sdk_secret_key(SDK_KEY),
    )
    .await
}

fn body(users: &[&str], room: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({"TRTCUserIds": users, "RoomId": room})).unwrap()
}

fn assert_request_id(reply: &Reply) {
    let id = reply.request_id();
    assert_eq!(id.len(), 36, "{id}");
    assert_eq!(id.matches('-').count(), 4, "{id}");
}

#[tokio::test]
async fn creates_signatures_for_every_user_in_order() {
    let emulator = emulator().await;
    let body = body(&["alice", "bob"], "room-1");
    let reply = Call::post(&body).send(emulator.addr()).await;
    assert_eq!(reply.status, 200);
    // Exactly `application/json`: the official SDKs read error envelopes only under it.
    assert!(
        reply
            .head
            .to_ascii_lowercase()
            .contains("content-type: application/json\r\n"),
        "{}",
        reply.head
    );
    assert_eq!(reply.code(), None, "{}", reply.body);
    assert_request_id(&reply);

    let response = &reply.body["Response"];
    let keys = json_keys(response);
    assert_eq!(keys, ["TRTCParamList", "RequestId"]);
    let list = response["TRTCParamList"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    let app = TrtcApp::new(SDK_APP_ID, SDK_KEY);
    for (entry, user) in list.iter().zip(["alice", "bob"]) {
        let fields = json_keys(entry);
        assert_eq!(
            fields,
            ["SdkAppId", "UserId", "UserSig", "StrRoomId", "PrivateKey"]
        );
        assert_eq!(entry["SdkAppId"], SDK_APP_ID);
        assert_eq!(entry["UserId"], user);
        assert_eq!(entry["StrRoomId"], "room-1");
        let sig = app.verify(entry["UserSig"].as_str().unwrap()).unwrap();
        assert_eq!(sig.identifier, user);
        assert!(sig.time.abs_diff(now() as u64) < 600);
        let key = app.verify(entry["PrivateKey"].as_str().unwrap()).unwrap();
        let permit = key.room_permit().unwrap().unwrap();
        assert_eq!(permit.str_room_id.as_deref(), Some("room-1"));
        assert_eq!(permit.user_id, user);
    }
    assert_ne!(list[0]["UserSig"], list[1]["UserSig"]);
    assert_ne!(list[0]["PrivateKey"], list[1]["PrivateKey"]);
    assert_eq!(emulator.requests_seen(), 1);
}

#[tokio::test]
async fn get_with_flattened_query_works() {
    let emulator = emulator().await;
    let params = json!({"TRTCUserIds": ["a b", "c&d"], "RoomId": "room 2"});
    let query = encode_query(&flatten_params(&params));
    let reply = Call::get(&query).send(emulator.addr()).await;
    assert_eq!(reply.code(), None, "{}", reply.body);
    let list = reply.body["Response"]["TRTCParamList"].as_array().unwrap();
    assert_eq!(list[0]["UserId"], "a b");
    assert_eq!(list[1]["UserId"], "c&d");
    assert_eq!(list[0]["StrRoomId"], "room 2");
}

#[tokio::test]
async fn the_official_sdk_request_shape_is_accepted() {
    // POST to `/`, `Content-Type: application/json`, the X-TC-* headers, X-TC-RequestClient and
    // X-TC-Language, the body exactly as the SDK serialises it (with spaces).
    let emulator = emulator().await;
    let body = br#"{"TRTCUserIds": ["test1"], "RoomId": "test"}"#;
    let reply = Call::post(body)
        .send_with(emulator.addr(), |headers| {
            headers.push(("X-TC-RequestClient".into(), "SDK_PYTHON_3.0.1000".into()));
            headers.push(("X-TC-Language".into(), "zh-CN".into()));
            headers.push(("User-Agent".into(), "python-requests/2.31".into()));
            headers.push(("Accept-Encoding".into(), "gzip, deflate".into()));
        })
        .await;
    assert_eq!(reply.code(), None, "{}", reply.body);

    // The documentation's variant: charset in the content type, x-tc-action signed too.
    let body = body_with_room("doc");
    let mut call = Call::post(&body);
    call.content_type = "application/json; charset=utf-8";
    call.signed_headers = &["content-type", "host", "x-tc-action"];
    let reply = call.send(emulator.addr()).await;
    assert_eq!(reply.code(), None, "{}", reply.body);

    // Unsigned payload.
    let body = body_with_room("unsigned");
    let mut call = Call::post(&body);
    call.unsigned = true;
    let reply = call.send(emulator.addr()).await;
    assert_eq!(reply.code(), None, "{}", reply.body);
}

fn body_with_room(room: &str) -> Vec<u8> {
    body(&["u1"], room)
}

#[tokio::test]
async fn every_known_credential_signs() {
    let emulator = emulator().await;
    let body = body_with_room("second");
    let mut call = Call::post(&body);
    call.secret_id = "AKIDSECOND";
    call.secret_key = "second-key";
    assert_eq!(call.send(emulator.addr()).await.code(), None);
}

#[tokio::test]
async fn authentication_failures() {
    let emulator = emulator().await;
    let addr = emulator.addr();
    let body = body_with_room("auth");

    let reply = Call::post(&body)
        .send_with(addr, |h| remove(h, "Authorization"))
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.code(), Some("AuthFailure.InvalidAuthorization"));
    assert_request_id(&reply);

    let reply = Call::post(&body)
        .send_with(addr, |h| replace(h, "Authorization", "Bearer abc"))
        .await;
    assert_eq!(reply.code(), Some("AuthFailure.InvalidAuthorization"));

    let reply = Call::post(&body)
        .send_with(addr, |h| remove(h, "X-TC-Timestamp"))
        .await;
    assert_eq!(reply.code(), Some("MissingParameter"));

    let mut old = Call::post(&body);
    old.timestamp = now() - 1000;
    let reply = old.send(addr).await;
    assert_eq!(reply.code(), Some("AuthFailure.SignatureExpire"));
    assert!(reply.message().contains(&old.timestamp.to_string()));

    let mut other_service = Call::post(&body);
    other_service.service = "cvm";
    assert_eq!(
        other_service.send(addr).await.code(),
        Some("AuthFailure.SignatureFailure")
    );

    let mut unknown = Call::post(&body);
    unknown.secret_id = "AKIDUNKNOWN";
    assert_eq!(
        unknown.send(addr).await.code(),
        Some("AuthFailure.SecretIdNotFound")
    );

    let mut wrong_key = Call::post(&body);
    wrong_key.secret_key = "not-the-key";
    let reply = wrong_key.send(addr).await;
    assert_eq!(reply.code(), Some("AuthFailure.SignatureFailure"));
    assert!(
        reply
            .message()
            .contains("content-type:application/json\nhost:127.0.0.1:")
    );
    assert!(!reply.message().contains(KEY));

    // The body is signed as received.
    let headers = Call::post(&body).headers(addr);
    let reply = send(addr, "POST", "/", &headers, &body_with_room("other")).await;
    assert_eq!(reply.code(), Some("AuthFailure.SignatureFailure"));

    // A signed header that is not sent.
    let mut call = Call::post(&body);
    call.signed_headers = &["content-type", "host", "x-tc-region"];
    let reply = call.send_with(addr, |h| remove(h, "X-TC-Region")).await;
    assert_eq!(reply.code(), Some("AuthFailure.InvalidAuthorization"));

    // Nothing got through, so no room was taken.
    assert_eq!(Call::post(&body).send(addr).await.code(), None);
}

#[tokio::test]
async fn action_version_and_region_are_checked_after_the_signature() {
    let emulator = emulator().await;
    let addr = emulator.addr();
    let body = body_with_room("routing");

    let reply = Call::post(&body)
        .send_with(addr, |h| remove(h, "X-TC-Action"))
        .await;
    assert_eq!(reply.code(), Some("MissingParameter"));
    assert!(reply.message().contains("X-TC-Action"));

    let reply = Call::post(&body)
        .send_with(addr, |h| remove(h, "X-TC-Version"))
        .await;
    assert_eq!(reply.code(), Some("MissingParameter"));

    let mut call = Call::post(&body);
    call.version = "2018-01-01";
    assert_eq!(call.send(addr).await.code(), Some("NoSuchVersion"));

    let mut call = Call::post(&body);
    call.action = "CreateTRTCSignatures";
    assert_eq!(call.send(addr).await.code(), Some("InvalidAction"));

    let mut call = Call::post(&body);
    call.region = None;
    let reply = call.send(addr).await;
    assert_eq!(reply.code(), Some("MissingParameter"));
    assert!(reply.message().contains("X-TC-Region"));

    for region in ["ap-beijing", "AP-GUANGZHOU"] {
        let mut call = Call::post(&body);
        call.region = Some(region);
        assert_eq!(call.send(addr).await.code(), Some("UnsupportedRegion"));
    }
    for region in [
        "ap-bangkok",
        "ap-shanghai-fsi",
        "eu-frankfurt",
        "na-ashburn",
    ] {
        let body = body_with_room(region);
        let mut call = Call::post(&body);
        call.region = Some(region);
        assert_eq!(call.send(addr).await.code(), None, "{region}");
    }
}

#[tokio::test]
async fn parameter_errors() {
    let emulator = emulator().await;
    let addr = emulator.addr();
    let code_for = |body: Vec<u8>| async move { Call::post(&body).send(addr).await };

    let reply = code_for(b"{not json".to_vec()).await;
    assert_eq!(reply.code(), Some("InvalidParameter"));

    let reply = code_for(br#"{"RoomId":"r"}"#.to_vec()).await;
    assert_eq!(reply.code(), Some("MissingParameter"));
    assert!(reply.message().contains("TRTCUserIds"));

    let reply = code_for(br#"{"TRTCUserIds":["a"]}"#.to_vec()).await;
    assert_eq!(reply.code(), Some("MissingParameter"));
    assert!(reply.message().contains("RoomId"));

    let reply = code_for(br#"{"TRTCUserIds":"a","RoomId":"r"}"#.to_vec()).await;
    assert_eq!(reply.code(), Some("InvalidParameter"));

    for bad in [
        json!({"TRTCUserIds": [], "RoomId": "r"}),
        json!({"TRTCUserIds": ["a"], "RoomId": ""}),
        json!({"TRTCUserIds": ["a", "a"], "RoomId": "r"}),
    ] {
        let reply = code_for(serde_json::to_vec(&bad).unwrap()).await;
        assert_eq!(reply.code(), Some("InvalidParameterValue"), "{bad}");
    }

    let eleven: Vec<String> = (0..11).map(|i| format!("user{i}")).collect();
    let reply =
        code_for(serde_json::to_vec(&json!({"TRTCUserIds": eleven, "RoomId": "r"})).unwrap()).await;
    assert_eq!(reply.code(), Some("InvalidParameter.UserIdOverLimit"));

    assert_eq!(code_for(body(&["a"], "taken")).await.code(), None);
    let reply = code_for(body(&["b"], "taken")).await;
    assert_eq!(reply.code(), Some("InvalidParameter.RoomIdExist"));

    // GET queries are unflattened and checked the same way.
    let reply = Call::get("TRTCUserIds.0=a&TRTCUserIds.2=b&RoomId=g")
        .send(addr)
        .await;
    assert_eq!(reply.code(), Some("InvalidParameter"));
    let reply = Call::get("RoomId=g").send(addr).await;
    assert_eq!(reply.code(), Some("MissingParameter"));

    // A POST whose body is not declared as JSON.
    let body = body_with_room("form");
    let mut call = Call::post(&body);
    call.content_type = "application/x-www-form-urlencoded";
    assert_eq!(call.send(addr).await.code(), Some("InvalidParameter"));
}

#[tokio::test]
async fn other_methods_and_paths() {
    let emulator = emulator().await;
    let addr = emulator.addr();
    let reply = send(addr, "PUT", "/", &[], b"{}").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.code(), Some("UnsupportedProtocol"));

    let reply = send(addr, "GET", "/favicon.ico", &[], b"").await;
    assert_eq!(reply.status, 404);
    assert!(reply.code().is_some());
    assert_request_id(&reply);

    let reply = send(addr, "POST", "/", &[], b"\xff\x00garbage").await;
    assert_eq!(reply.code(), Some("AuthFailure.InvalidAuthorization"));
}

#[tokio::test]
async fn the_counter_sees_every_request_but_its_own() {
    let emulator = emulator().await;
    let addr = emulator.addr();
    let stats = || async move { send(addr, "GET", "/__emulator/stats", &[], b"").await };
    assert_eq!(stats().await.body, json!({"requests_seen": 0}));

    send(addr, "POST", "/", &[], b"").await;
    send(addr, "GET", "/nowhere", &[], b"").await;
    let body = body_with_room("counted");
    Call::post(&body).send(addr).await;
    Call::post(&body).send(addr).await;

    assert_eq!(stats().await.body, json!({"requests_seen": 4}));
    assert_eq!(stats().await.body["requests_seen"], Value::from(4));
    assert_eq!(emulator.requests_seen(), 4);
    assert_eq!(emulator.clone().requests_seen(), 4);
}

#[tokio::test]
async fn shutdown_stops_the_server_even_with_an_idle_keep_alive_connection() {
    let emulator = emulator().await;
    let addr = emulator.addr();
    assert_eq!(emulator.url(), format!("http://{addr}"));
    // An idle connection that has completed a request and stays open.
    let mut idle = tokio::net::TcpStream::connect(addr).await.unwrap();
    tokio::io::AsyncWriteExt::write_all(
        &mut idle,
        format!("GET /__emulator/stats HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes(),
    )
    .await
    .unwrap();
    let mut buf = [0u8; 512];
    let n = tokio::io::AsyncReadExt::read(&mut idle, &mut buf)
        .await
        .unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));

    emulator.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn client_builder_signs_with_the_first_credential_and_trusts_the_certificate() {
    // Given again, a SecretId keeps its place: the first is still the first.
    let emulator = start(
        builder()
            .credential("AKIDSECOND", "second-key")
            .credential(ID, KEY)
            .tls(true),
    )
    .await;
    let client = emulator
        .client_builder()
        .region(REGION)
        .build()
        .expect("a client");
    let params = json!({"TRTCUserIds": ["alice"], "RoomId": "client-builder"});
    let answer = client
        .call_json(SERVICE, VERSION, ACTION, params)
        .await
        .expect("a call over HTTPS")
        .into_inner();
    assert_eq!(answer["TRTCParamList"][0]["UserId"], "alice");
    let last = emulator.records().pop().expect("a record");
    assert_eq!(last.secret_id.as_deref(), Some(ID));
    assert!(emulator.url().starts_with("https://"));
}
