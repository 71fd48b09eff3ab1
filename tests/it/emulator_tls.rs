//! The emulator over HTTPS: a certificate for `localhost` and `127.0.0.1`, signed by an
//! authority made at start that clients trust via `ca_pem()`; signed calls work as over HTTP.

use tencent_action::iotexplorer::v20190423::CreateTrtcSignaturesWithRoomId;
use tencent_action::{Client, Credential};
use tencent_action_emulator::Emulator;

use crate::support::raw_https as https_client;

use crate::support::{self, SECRET_ID, SECRET_KEY};

#[tokio::test]
async fn serves_signed_calls_over_https_for_localhost_and_127_0_0_1() {
    let emulator = support::emulator()
        .tls(true)
        .start("127.0.0.1:0")
        .await
        .unwrap();
    let url = emulator.url();
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");
    let https = https_client(emulator.ca_pem().expect("a CA certificate"));

    for (i, base) in [
        url.clone(),
        format!("https://localhost:{}", emulator.addr().port()),
    ]
    .into_iter()
    .enumerate()
    {
        // Signed by our client for this host, sent over TLS.
        let client = Client::builder()
            .credential(Credential::new(SECRET_ID, SECRET_KEY).unwrap())
            .region("ap-guangzhou")
            .endpoint(&base)
            .build()
            .unwrap();
        let request = CreateTrtcSignaturesWithRoomId {
            trtc_user_ids: vec!["alice".to_owned()],
            room_id: format!("tls-{i}"),
        };
        let prepared = client.prepare(&request).await.unwrap();
        assert!(prepared.url().starts_with("https://"));
        let mut call = https.post(prepared.url()).body(prepared.body().to_vec());
        for (name, value) in prepared.signed().headers() {
            call = call.header(name, value);
        }
        let response = call.send().await.unwrap();
        let status = response.status().as_u16();
        let body = response.bytes().await.unwrap();
        let out = tencent_action::verifier::parse_envelope::<serde_json::Value>(status, &body)
            .unwrap_or_else(|e| panic!("{base}: {e}"));
        assert_eq!(out["TRTCParamList"][0]["UserId"], "alice");
    }
    assert_eq!(emulator.processed("CreateTRTCSignaturesWithRoomId"), 2);

    // A client that does not trust the authority cannot connect, and nothing is recorded.
    let other = Emulator::builder().tls(true).build();
    let untrusting = https_client(other.ca_pem().unwrap());
    assert!(untrusting.get(&url).send().await.is_err());
    assert_eq!(emulator.records().len(), 2);
}

/// Our client itself trusts the emulator's authority and calls it over HTTPS.
#[tokio::test]
async fn our_client_trusts_an_added_root_certificate() {
    let emulator = support::emulator()
        .tls(true)
        .start("127.0.0.1:0")
        .await
        .unwrap();
    let ca = emulator.ca_pem().expect("a CA certificate").to_owned();
    let request = CreateTrtcSignaturesWithRoomId {
        trtc_user_ids: vec!["alice".to_owned()],
        room_id: "tls-ours".to_owned(),
    };
    // Built by hand: the emulator's own client builder trusts its authority.
    let untrusting = Client::builder()
        .credential(Credential::new(SECRET_ID, SECRET_KEY).unwrap())
        .region("ap-guangzhou")
        .endpoint(emulator.url())
        .retry(tencent_action::RetryPolicy::none())
        .build()
        .unwrap();
    let err = untrusting.send(&request).await.unwrap_err();
    assert!(
        matches!(
            err,
            tencent_action::Error::Transport {
                kind: tencent_action::TransportKind::Connect,
                ..
            }
        ),
        "an unknown authority is refused: {err:?}"
    );
    let client = Client::builder()
        .credential(Credential::new(SECRET_ID, SECRET_KEY).unwrap())
        .region("ap-guangzhou")
        .endpoint(emulator.url())
        .add_root_certificate_pem(&ca)
        .build()
        .unwrap();
    let out = client.send(&request).await.unwrap();
    assert_eq!(out.trtc_param_list.as_ref().unwrap()[0].user_id, "alice");
}
