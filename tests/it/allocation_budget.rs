//! The allocation budgets of a prepared request (at most 3 heap allocations for validation,
//! serialization and signing) and of a whole call (`send` through to the typed response,
//! against the emulator on loopback), counted by a global allocator on the calling thread.
//! (`cargo bench --bench allocations` prints the counts of a prepared request with a
//! breakdown.)

use crate::support::counting;

use counting::ready;
use tencent_action::iotexplorer::v20190423::{
    CreateTrtcSignaturesWithRoomId, CreateTrtcSignaturesWithRoomIdResponse,
};
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
fn a_prepared_request_costs_at_most_three_allocations() {
    let client = Client::builder()
        .credential(credential())
        .region("ap-guangzhou")
        .rate_limiting(RateLimiting::Off)
        .build()
        .unwrap();
    let request = crate::support::trtc("room-1", &["alice", "bob"]);
    // The first call resolves the endpoint and derives the signing key, once per client.
    let first = ready(client.prepare(&request)).unwrap();
    let per_call = allocations_per_run(200, || {
        let prepared = ready(client.prepare(&request)).unwrap();
        assert_eq!(prepared.signed().signature().len(), 64);
        assert_eq!(prepared.body(), first.body());
    });
    // At least the body and the signed text: a counter that saw nothing would fail here.
    assert!(
        (2.0..=3.0).contains(&per_call),
        "{per_call} allocations per prepared request"
    );
}

/// The most allocations a whole call may make on the calling thread, on average: the call's
/// own (the action's body, the signed text, the call's future, the header map, the URL, the
/// typed response) and those of the HTTP stack under it, whose connection runs on the same
/// current-thread runtime.
const CALL_BUDGET: f64 = 50.0;

#[test]
fn a_whole_call_stays_within_its_allocation_budget() {
    // The emulator answers from threads of its own, whose allocations are not counted.
    let emulator_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let emulator = emulator_runtime
        .block_on(
            tencent_action_emulator::Emulator::builder()
                .credential(
                    "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
                    "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
                )
                .handle::<CreateTrtcSignaturesWithRoomId>(|_| {
                    Ok(CreateTrtcSignaturesWithRoomIdResponse {
                        trtc_param_list: None,
                    })
                })
                .rate_limit("CreateTRTCSignaturesWithRoomId", None)
                .start("127.0.0.1:0"),
        )
        .unwrap();
    let client = Client::builder()
        .credential(credential())
        .region("ap-guangzhou")
        .endpoint(emulator.url())
        .rate_limiting(RateLimiting::Off)
        .build()
        .unwrap();
    let request = crate::support::trtc("room-1", &["alice", "bob"]);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // The first calls open the connection, resolve the endpoint and derive the signing key.
    for _ in 0..5 {
        runtime.block_on(client.send(&request)).unwrap();
    }
    let per_call = allocations_per_run(200, || {
        let response = runtime.block_on(client.send(&request)).unwrap();
        assert!(response.trtc_param_list.is_none());
        assert!(!response.request_id().is_empty());
    });
    eprintln!("{per_call} allocations per call");
    // At least what a prepared request costs: a counter that saw nothing would fail here.
    assert!(
        (3.0..=CALL_BUDGET).contains(&per_call),
        "{per_call} allocations per call"
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
