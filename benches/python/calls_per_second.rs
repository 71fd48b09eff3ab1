//! The Rust side of the comparison with the official Python SDK (`benches/python/run.sh`):
//! build-and-sign per request, and sequential calls per second, printed as one JSON line.
//!
//! ```text
//! BENCH_EMULATOR_URL=http://127.0.0.1:9000 BENCH_SECRET_ID=ID BENCH_SECRET_KEY=KEY \
//!     cargo bench --bench calls_per_second
//! cargo bench --bench calls_per_second     # starts an emulator in this process instead
//! ```
//!
//! - build-and-sign: `client.prepare(&request)` on a filled-in `CreateTrtcSignaturesWithRoomId`
//!   (2 users): validation, JSON serialization, TC3 signing (cached key), and the prepared
//!   request with its headers. Nothing is sent.
//! - sequential calls: `client.send(&request)` one after another, each request built in the
//!   loop with a fresh `RoomId`,
//!   against the emulator (whose rate limit for the action must be off), on one connection.
//! - raw HTTP: the same sequential calls without the client's call path: each request
//!   prepared by `client.prepare` (fresh `RoomId`), sent with a plain `reqwest::Client` (the
//!   same HTTP stack, one connection), the body read whole and only its status checked, not
//!   parsed. What a call costs on this HTTP stack whatever client makes it: the rate a
//!   client with no cost of its own could reach here.
//!
//! Each is measured `BENCH_REPS` times (default 5); the JSON line has every repetition and
//! the median. Environment: `BENCH_SIGN_OPS` (default 200000), `BENCH_CALLS` (default 2000).
//! Run without `--bench` (as `cargo test --benches` does), it makes a few calls only.

use std::time::{Duration, Instant};

use tencent_action::iotexplorer::v20190423::CreateTrtcSignaturesWithRoomId;
use tencent_action::{Client, Credential, RateLimiting};
use tencent_action_emulator::{Emulator, RunningEmulator};

const ACTION: &str = "CreateTRTCSignaturesWithRoomId";

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

fn request(room_id: String) -> CreateTrtcSignaturesWithRoomId {
    CreateTrtcSignaturesWithRoomId {
        trtc_user_ids: vec!["alice".to_owned(), "bob".to_owned()],
        room_id,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--list") {
        return;
    }
    // Without `--bench` (`cargo test --benches`), a quick run that only checks it works.
    let quick = !args.iter().any(|a| a == "--bench");
    let reps: usize = if quick {
        1
    } else {
        env_or("BENCH_REPS", 5).max(1)
    };
    let sign_ops: u32 = if quick {
        10
    } else {
        env_or("BENCH_SIGN_OPS", 200_000).max(1)
    };
    let calls: u32 = if quick {
        5
    } else {
        env_or("BENCH_CALLS", 2_000).max(1)
    };

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    // Without an emulator given, one is started in this process on a runtime of its own.
    let mut own_emulator: Option<(tokio::runtime::Runtime, RunningEmulator)> = None;
    let (url, secret_id, secret_key) = match std::env::var("BENCH_EMULATOR_URL") {
        Ok(url) if !url.is_empty() => (
            url,
            std::env::var("BENCH_SECRET_ID").expect("BENCH_SECRET_ID"),
            std::env::var("BENCH_SECRET_KEY").expect("BENCH_SECRET_KEY"),
        ),
        _ => {
            let (id, key) = ("AKIDCALLSPERSECONDBENCH00000000000", "calls-per-second-key");
            let emulator_runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .expect("emulator runtime");
            let emulator = emulator_runtime
                .block_on(
                    Emulator::builder()
                        .credential(id, key)
                        .rate_limit(ACTION, None)
                        .start("127.0.0.1:0"),
                )
                .expect("emulator starts");
            let url = emulator.url();
            own_emulator = Some((emulator_runtime, emulator));
            (url, id.to_owned(), key.to_owned())
        }
    };

    let client = Client::builder()
        .credential(Credential::new(&secret_id, &secret_key).expect("credential"))
        .region("ap-guangzhou")
        .endpoint(&url)
        .rate_limiting(RateLimiting::Off)
        .build()
        .expect("client");

    // (a) build-and-sign.
    let signed = request("room-1".to_owned());
    runtime
        .block_on(client.prepare(&signed))
        .expect("prepare (warm-up)");
    let mut sign_ns = Vec::with_capacity(reps);
    for _ in 0..reps {
        let elapsed = runtime.block_on(async {
            let started = Instant::now();
            for _ in 0..sign_ops {
                std::hint::black_box(
                    client
                        .prepare(std::hint::black_box(&signed))
                        .await
                        .expect("prepare"),
                );
            }
            started.elapsed()
        });
        sign_ns.push(elapsed.as_nanos() as f64 / f64::from(sign_ops));
    }

    // (b) sequential calls with unique RoomIds.
    let run = format!(
        "{:x}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or(Duration::ZERO)
            .as_nanos()
    );
    let mut serial = 0u64;
    let mut next_room = || {
        serial += 1;
        format!("rs-{run}-{serial}")
    };
    runtime.block_on(async {
        for _ in 0..20 {
            client
                .send(&request(next_room()))
                .await
                .expect("send (warm-up)");
        }
    });
    let mut calls_per_s = Vec::with_capacity(reps);
    for _ in 0..reps {
        let elapsed = runtime.block_on(async {
            let started = Instant::now();
            for _ in 0..calls {
                let out = client.send(&request(next_room())).await.expect("send");
                assert_eq!(out.trtc_param_list.as_ref().map(Vec::len), Some(2));
            }
            started.elapsed()
        });
        calls_per_s.push(f64::from(calls) / elapsed.as_secs_f64());
    }

    // (c) the same calls on raw reqwest.
    // The raw client builds a TLS configuration even for http, which needs a process provider.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let raw_http = reqwest::Client::builder()
        .build()
        .expect("raw reqwest client");
    let raw_call = |request: CreateTrtcSignaturesWithRoomId| {
        let (client, raw_http) = (&client, &raw_http);
        async move {
            let prepared = client.prepare(&request).await.expect("prepare");
            let mut raw = reqwest::Request::new(
                reqwest::Method::POST,
                reqwest::Url::parse(prepared.url()).expect("URL"),
            );
            for (name, value) in prepared.signed().headers() {
                raw.headers_mut().insert(
                    name,
                    reqwest::header::HeaderValue::from_str(value).expect("header value"),
                );
            }
            *raw.body_mut() = Some(prepared.body().to_vec().into());
            let response = raw_http.execute(raw).await.expect("raw POST");
            let status = response.status();
            let body = response.bytes().await.expect("raw body");
            assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
            body
        }
    };
    runtime.block_on(async {
        for _ in 0..20 {
            let body = raw_call(request(next_room())).await;
            let envelope: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
            assert!(
                envelope["Response"]["TRTCParamList"].is_array(),
                "the raw call succeeds: {envelope}"
            );
        }
    });
    let mut raw_calls_per_s = Vec::with_capacity(reps);
    for _ in 0..reps {
        let elapsed = runtime.block_on(async {
            let started = Instant::now();
            for _ in 0..calls {
                std::hint::black_box(raw_call(request(next_room())).await);
            }
            started.elapsed()
        });
        raw_calls_per_s.push(f64::from(calls) / elapsed.as_secs_f64());
    }

    let list = |v: &[f64]| {
        v.iter()
            .map(|x| format!("{x:.1}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    println!(
        "{{\"impl\":\"tencent-action\",\"build_and_sign_ns\":{:.1},\"build_and_sign_ns_runs\":[{}],\"sign_ops\":{sign_ops},\"calls_per_second\":{:.1},\"calls_per_second_runs\":[{}],\"calls\":{calls},\"raw_calls_per_second\":{:.1},\"raw_calls_per_second_runs\":[{}],\"emulator\":\"{}\"}}",
        median(&sign_ns),
        list(&sign_ns),
        median(&calls_per_s),
        list(&calls_per_s),
        median(&raw_calls_per_s),
        list(&raw_calls_per_s),
        if own_emulator.is_some() {
            "in-process"
        } else {
            "external"
        }
    );
    drop(own_emulator);
}
