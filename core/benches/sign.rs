//! Signing and preparing a CreateTRTCSignaturesWithRoomId request, against the floor: the
//! SHA-256 of the payload and of the canonical request plus one HMAC (the work that remains
//! with a cached signing key), and against serializing with plain serde.

use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use std::hint::black_box;
use tencent_action_core::sign::{Payload, SigningKeyCache, SigningRequest, sign, sign_with_cache};
use tencent_action_core::verifier::DerivedKeys;
use tencent_action_core::{Client, Credential, RateLimiting};
use tencent_action_macros::{tencent_action, tencent_model};

/// The shipped declaration of the facade crate, repeated here against the runtime crate.
#[tencent_action(
    crate = "tencent_action_core",
    service = "iotexplorer",
    name = "CreateTRTCSignaturesWithRoomId",
    version = "2019-04-23",
    regions = ["ap-bangkok", "ap-guangzhou", "ap-shanghai", "ap-shanghai-fsi", "eu-frankfurt", "na-ashburn"],
    rate_limit = 20
)]
pub struct CreateTrtcSignaturesWithRoomId {
    #[tc(rename = "TRTCUserIds", unique, min_items = 1, max_items = 10)]
    pub trtc_user_ids: Vec<String>,
    #[tc(min_len = 1)]
    pub room_id: String,
}

#[tencent_model(crate = "tencent_action_core")]
pub struct CreateTrtcSignaturesWithRoomIdResponse {}

const TIMESTAMP: i64 = 1_795_635_394;

fn request() -> CreateTrtcSignaturesWithRoomId {
    CreateTrtcSignaturesWithRoomId {
        trtc_user_ids: vec!["alice".into(), "bob".into()],
        room_id: "room-1".into(),
    }
}

/// Plain serde derive of the same shape, the serialization baseline.
#[derive(serde::Serialize)]
struct PlainRequest {
    #[serde(rename = "TRTCUserIds")]
    trtc_user_ids: Vec<String>,
    #[serde(rename = "RoomId")]
    room_id: String,
}

fn signing(c: &mut Criterion) {
    let credential = Credential::new(
        "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
        "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
    )
    .unwrap();
    let body = serde_json::to_vec(&request()).unwrap();
    let mut req = SigningRequest::new(
        "iotexplorer",
        "CreateTRTCSignaturesWithRoomId",
        "2019-04-23",
        "iotexplorer.tencentcloudapi.com",
        TIMESTAMP,
    );
    req.payload = Payload::Bytes(&body);
    req.region = Some("ap-guangzhou");
    let signed = sign(&req, &credential).unwrap();
    let canonical = signed.canonical_request().to_owned();
    let string_to_sign = signed.string_to_sign().to_owned();
    let key =
        DerivedKeys::derive(credential.secret_key(), "2026-11-25", "iotexplorer").secret_signing;

    let mut group = c.benchmark_group("sign");
    group.bench_function("floor: sha256(payload) + sha256(canonical) + hmac", |b| {
        b.iter(|| {
            let payload_hash = Sha256::digest(black_box(&body));
            let canonical_hash = Sha256::digest(black_box(canonical.as_bytes()));
            let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&key).unwrap();
            mac.update(black_box(string_to_sign.as_bytes()));
            black_box((payload_hash, canonical_hash, mac.finalize().into_bytes()))
        })
    });
    let cache = SigningKeyCache::default();
    group.bench_function("tencent-action, cached key", |b| {
        b.iter(|| sign_with_cache(black_box(&req), &credential, &cache).unwrap())
    });
    group.bench_function("tencent-action, key derived each time", |b| {
        b.iter(|| sign(black_box(&req), &credential).unwrap())
    });
    group.finish();

    let mut group = c.benchmark_group("serialize");
    let plain = PlainRequest {
        trtc_user_ids: vec!["alice".into(), "bob".into()],
        room_id: "room-1".into(),
    };
    let declared = request();
    group.bench_function("plain serde derive", |b| {
        b.iter(|| serde_json::to_vec(black_box(&plain)).unwrap())
    });
    group.bench_function("#[tencent_action]", |b| {
        b.iter(|| serde_json::to_vec(black_box(&declared)).unwrap())
    });
    group.finish();

    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let client = Client::builder()
        .credential(credential.clone())
        .region("ap-guangzhou")
        .rate_limiting(RateLimiting::Off)
        .build()
        .unwrap();
    let mut group = c.benchmark_group("prepare");
    group.bench_function("validate + serialize + sign", |b| {
        b.iter(|| {
            runtime
                .block_on(client.prepare(black_box(&declared)))
                .unwrap()
        })
    });
    // The same without entering a runtime per call: `prepare` never waits with a static
    // credential, so one poll completes it. This is the cost of `prepare` itself.
    group.bench_function("validate + serialize + sign, polled once", |b| {
        b.iter(|| poll_once(client.prepare(black_box(&declared))).unwrap())
    });
    group.finish();
}

/// Polls a future that never waits to completion, without a runtime.
fn poll_once<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(out) => out,
        std::task::Poll::Pending => panic!("prepare waited"),
    }
}

criterion_group!(benches, signing);
criterion_main!(benches);
