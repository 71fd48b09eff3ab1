//! The allocation budget of a prepared request: at most 4 heap allocations for validation,
//! serialization and signing, counted exactly by a global allocator on the calling thread.
//! (`cargo bench --bench allocations` prints the same counts with a breakdown.)

use crate::support::counting;

use counting::ready;
use tencent_action::iotexplorer::v20190423::CreateTrtcSignaturesWithRoomId;
use tencent_action::sign::{Payload, SigningKeyCache, SigningRequest, sign, sign_with_cache};
use tencent_action::{Client, Credential, RateLimiting};

/// Allocations and reallocations per run of `f`, averaged over `runs`.
fn allocations_per_run(runs: u64, f: impl FnMut()) -> f64 {
    let (allocs, reallocs, _bytes) = counting::per_run(runs, f);
    allocs + reallocs
}

fn credential() -> Credential {
    Credential::new(
        "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
        "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
    )
    .unwrap()
}

#[test]
fn a_prepared_request_costs_at_most_four_allocations() {
    let client = Client::builder()
        .credential(credential())
        .region("ap-guangzhou")
        .rate_limiting(RateLimiting::Off)
        .build()
        .unwrap();
    let request = CreateTrtcSignaturesWithRoomId {
        trtc_user_ids: vec!["alice".into(), "bob".into()],
        room_id: "room-1".into(),
    };
    // The first call resolves the endpoint and derives the signing key, once per client.
    let first = ready(client.prepare(&request)).unwrap();
    let per_call = allocations_per_run(200, || {
        let prepared = ready(client.prepare(&request)).unwrap();
        assert_eq!(prepared.signed().signature().len(), 64);
        assert_eq!(prepared.body(), first.body());
    });
    // At least the body and the signed text: a counter that saw nothing would fail here.
    assert!(
        (2.0..=4.0).contains(&per_call),
        "{per_call} allocations per prepared request"
    );
}

#[test]
fn signing_allocates_only_the_signed_text() {
    let credential = credential();
    let cache = SigningKeyCache::default();
    let mut req = SigningRequest::new(
        "iotexplorer",
        "CreateTRTCSignaturesWithRoomId",
        "2019-04-23",
        "iotexplorer.tencentcloudapi.com",
        1_795_635_394,
    );
    req.payload = Payload::Bytes(br#"{"TRTCUserIds":["alice","bob"],"RoomId":"room-1"}"#);
    req.region = Some("ap-guangzhou");
    sign_with_cache(&req, &credential, &cache).unwrap();
    // Signed without the cache, the key derived afresh: what the cached path must match.
    let expected = sign(&req, &credential).unwrap();
    let per_call = allocations_per_run(200, || {
        let signed = sign_with_cache(&req, &credential, &cache).unwrap();
        assert_eq!(signed.authorization(), expected.authorization());
    });
    assert_eq!(per_call, 1.0, "allocations per signature");
}
