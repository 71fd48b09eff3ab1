//! Heap allocations per prepared request, counted by a global allocator.
//!
//! ```text
//! cargo bench --bench allocations
//! ```
//!
//! Counts, per call, the allocations (`alloc` and `alloc_zeroed`), the reallocations and the
//! bytes requested for:
//!
//! - `client.prepare(&CreateTrtcSignaturesWithRoomId { 2 users })`: validation, serialization,
//!   signing with the cached key, and the prepared request (after one warm-up call, so the
//!   signing-key cache is filled);
//! - `serde_json::to_vec` of the same shape with a plain serde derive: the serialization floor;
//! - `tencent_action::sign::sign_with_cache` alone, on the same body (warm cache);
//! - the steps of `prepare` one at a time, to show where its allocations come from.
//!
//! Each row is measured over many calls and divided; the counts are exact when the division
//! is exact (it is, for deterministic code). Only the measured closure runs while counting:
//! the bench is single-threaded and the async `prepare` is polled by hand with a no-op waker
//! (it never waits on anything with a static credential), so no runtime allocates meanwhile.

#[path = "../tests/it/support/counting.rs"]
mod counting;

use tencent_action::iotexplorer::v20190423::CreateTrtcSignaturesWithRoomId;
use tencent_action::sign::{Payload, SigningKeyCache, SigningRequest, sign_with_cache};
use tencent_action::{Client, Credential, Endpoint, RateLimiting};

/// Calls per row.
const CALLS: u64 = 1_000;

/// What `CALLS` runs of `f` allocated: (allocations, reallocations, bytes), per call.
fn count<T>(f: impl FnMut() -> T) -> (f64, f64, f64) {
    counting::per_run(CALLS, f)
}

/// Polls a future that never waits to completion, without a runtime.
fn now<F: Future>(future: F) -> F::Output {
    counting::ready(future)
}

/// Plain serde derive of the same shape, the serialization baseline.
#[derive(serde::Serialize)]
struct PlainRequest {
    #[serde(rename = "TRTCUserIds")]
    trtc_user_ids: Vec<String>,
    #[serde(rename = "RoomId")]
    room_id: String,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--list") {
        return;
    }
    let credential = Credential::new(
        "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
        "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
    )
    .expect("credential");
    let client = Client::builder()
        .credential(credential.clone())
        .region("ap-guangzhou")
        .rate_limiting(RateLimiting::Off)
        .build()
        .expect("client");
    let action = CreateTrtcSignaturesWithRoomId {
        trtc_user_ids: vec!["alice".to_owned(), "bob".to_owned()],
        room_id: "room-1".to_owned(),
    };
    let plain = PlainRequest {
        trtc_user_ids: action.trtc_user_ids.clone(),
        room_id: action.room_id.clone(),
    };

    // Warm-up: fills the signing-key cache.
    let prepared = now(client.prepare(&action)).expect("prepare");
    let body = prepared.body().to_vec();
    let host = prepared
        .url()
        .trim_start_matches("https://")
        .trim_end_matches('/')
        .to_owned();
    let timestamp: i64 = prepared
        .signed()
        .header("X-TC-Timestamp")
        .and_then(|value| value.parse().ok())
        .expect("timestamp");
    let mut req = SigningRequest::new(
        "iotexplorer",
        "CreateTRTCSignaturesWithRoomId",
        "2019-04-23",
        &host,
        timestamp,
    );
    req.payload = Payload::Bytes(&body);
    req.region = Some("ap-guangzhou");
    let cache = SigningKeyCache::default();
    sign_with_cache(&req, &credential, &cache).expect("sign");
    let signed = sign_with_cache(&req, &credential, &cache).expect("sign");
    assert_eq!(
        signed.headers().len(),
        prepared.signed().headers().len(),
        "the bench signs what prepare signs"
    );

    let endpoint = Endpoint::default();
    let rows: Vec<(&str, (f64, f64, f64))> = vec![
        (
            "client.prepare(&CreateTrtcSignaturesWithRoomId { 2 users })",
            count(|| now(client.prepare(&action)).expect("prepare")),
        ),
        (
            "serde_json::to_vec(&plain serde derive)",
            count(|| serde_json::to_vec(&plain).expect("serialize")),
        ),
        (
            "sign::sign_with_cache (warm cache)",
            count(|| sign_with_cache(&req, &credential, &cache).expect("sign")),
        ),
        (
            "  part: client.check (validation)",
            count(|| client.check(&action).expect("valid")),
        ),
        (
            "  part: serde_json::to_vec(&declared action)",
            count(|| serde_json::to_vec(&action).expect("serialize")),
        ),
        (
            "  part: Endpoint::resolve (made once per client and service, not per call)",
            count(|| {
                endpoint
                    .resolve("iotexplorer", Some("ap-guangzhou"))
                    .expect("resolve")
            }),
        ),
    ];

    println!("allocations per call ({CALLS} calls per row, after one warm-up call):");
    println!();
    println!("| what | allocations | reallocations | bytes requested |");
    println!("|---|---:|---:|---:|");
    for (what, (allocs, reallocs, bytes)) in rows {
        println!("| {what} | {allocs} | {reallocs} | {bytes} |");
    }
}
