//! Round trip on loopback: `Client::send` of a small declared action against raw reqwest
//! POSTing the same bytes with the same headers, both to the same in-process emulator, at
//! concurrency 1 and 64.
//!
//! ```text
//! cargo bench --bench round_trip
//! ROUND_TRIP_ROUNDS=0 cargo bench --bench round_trip     # criterion only
//! ```
//!
//! `Client::send` does, per request: validation, serialization, signing (cached key), the HTTP
//! exchange, and parsing the envelope into the typed response. The raw path sends one
//! prepared request (body and headers taken from `client.prepare`, re-signed before each
//! measurement so the timestamp stays within the emulator's 300 s window) and reads the body:
//! the floor of any client on this HTTP stack.
//!
//! The emulator runs on its own two-thread runtime, the clients on another; both share the
//! machine's cores, so the numbers are throughput of the whole loopback system. After criterion,
//! an interleaved A/B run (ours, raw, ours, raw, ...) prints the ratio per round and its median,
//! which is less sensitive to load that changes during the run.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group};
use tencent_action::{Client, Credential, RateLimiting, tencent_action, tencent_model};
use tencent_action_emulator::{Emulator, RunningEmulator};

const SECRET_ID: &str = "AKIDROUNDTRIPBENCH000000000000000";
const SECRET_KEY: &str = "round-trip-bench-secret-key-00000";

/// Requests per criterion iteration.
const BATCH: u64 = 64;
/// The concurrency levels measured.
const CONCURRENCY: [usize; 2] = [1, 64];

/// A small action, declared here, with no rate limit.
#[tencent_action(service = "benchsvc", version = "2024-01-01", name = "Echo")]
pub struct Echo {
    #[tc(min_len = 1)]
    pub room_id: String,
    #[tc(rename = "UserIds", unique, min_items = 1, max_items = 10)]
    pub user_ids: Vec<String>,
}

#[tencent_model]
pub struct EchoResponse {
    pub room_id: String,
    pub count: u64,
}

fn echo() -> Echo {
    Echo {
        room_id: "room-1".to_owned(),
        user_ids: vec!["alice".to_owned(), "bob".to_owned()],
    }
}

/// A request prepared once and replayed by the raw path.
struct Raw {
    http: reqwest::Client,
    url: String,
    headers: reqwest::header::HeaderMap,
    /// Leaked once per measurement so every request's body is a zero-copy `&'static [u8]`.
    body: &'static [u8],
}

impl Raw {
    fn request(&self) -> reqwest::RequestBuilder {
        self.http
            .post(&self.url)
            .headers(self.headers.clone())
            .body(self.body)
    }
}

struct Setup {
    client: Client,
    raw_http: reqwest::Client,
    /// Keeps the emulator serving.
    _emulator: RunningEmulator,
    /// Keeps the emulator's worker threads alive.
    _emulator_runtime: tokio::runtime::Runtime,
    runtime: tokio::runtime::Runtime,
}

impl Setup {
    fn new() -> Setup {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let emulator_runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("emulator")
            .enable_all()
            .build()
            .expect("emulator runtime");
        let emulator = emulator_runtime
            .block_on(
                Emulator::builder()
                    .credential(SECRET_ID, SECRET_KEY)
                    .handle::<Echo>(|req| {
                        Ok(EchoResponse {
                            count: req.user_ids.len() as u64,
                            room_id: req.room_id,
                        })
                    })
                    .rate_limit("Echo", None)
                    .start("127.0.0.1:0"),
            )
            .expect("emulator starts");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("client")
            .enable_all()
            .build()
            .expect("client runtime");
        let client = Client::builder()
            .credential(Credential::new(SECRET_ID, SECRET_KEY).expect("credential"))
            .region("ap-guangzhou")
            .endpoint(emulator.url())
            .rate_limiting(RateLimiting::Off)
            .build()
            .expect("client");
        // The same settings as the client's own pool.
        let raw_http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(60))
            .build()
            .expect("raw client");
        let setup = Setup {
            client,
            raw_http,
            _emulator: emulator,
            _emulator_runtime: emulator_runtime,
            runtime,
        };
        setup.check();
        setup
    }

    /// A freshly signed request for the raw path.
    fn raw(&self) -> Raw {
        let prepared = self
            .runtime
            .block_on(self.client.prepare(&echo()))
            .expect("prepare");
        let mut headers = reqwest::header::HeaderMap::new();
        for (name, value) in prepared.signed().headers() {
            headers.insert(
                name,
                reqwest::header::HeaderValue::from_str(value).expect("header value"),
            );
        }
        headers.insert(
            "X-TC-RequestClient",
            reqwest::header::HeaderValue::from_static(tencent_action::DEFAULT_REQUEST_CLIENT),
        );
        Raw {
            http: self.raw_http.clone(),
            url: prepared.url().to_owned(),
            headers,
            body: Box::leak(prepared.body().to_vec().into_boxed_slice()),
        }
    }

    /// Both paths get HTTP 200 and a success envelope before anything is measured.
    fn check(&self) {
        let out = self
            .runtime
            .block_on(self.client.send(&echo()))
            .expect("Client::send succeeds against the emulator");
        assert_eq!(out.count, 2);
        let raw = self.raw();
        for _ in 0..2 {
            // Twice: a replayed signature is accepted too.
            let (status, body) = self.runtime.block_on(async {
                let response = raw.request().send().await.expect("raw POST");
                let status = response.status().as_u16();
                (status, response.bytes().await.expect("raw body"))
            });
            let envelope: serde_json::Value =
                serde_json::from_slice(&body).expect("raw response is JSON");
            assert_eq!(status, 200, "raw status: {envelope}");
            assert!(
                envelope["Response"]["Error"].is_null()
                    && envelope["Response"]["Count"] == 2
                    && envelope["Response"]["RequestId"].is_string(),
                "raw response is not a success envelope: {envelope}"
            );
        }
    }

    /// Sends `total` requests through `Client::send` with at most `concurrency` in flight.
    fn run_ours(&self, total: u64, concurrency: usize) -> Duration {
        let client = self.client.clone();
        self.runtime.block_on(pipeline(total, concurrency, move || {
            let client = client.clone();
            async move {
                let out = client.send(&echo()).await.expect("send");
                std::hint::black_box(out.count);
            }
        }))
    }

    /// Sends `total` copies of one prepared request with raw reqwest.
    fn run_raw(&self, total: u64, concurrency: usize) -> Duration {
        let raw = Arc::new(self.raw());
        self.runtime.block_on(pipeline(total, concurrency, move || {
            let raw = raw.clone();
            async move {
                let response = raw.request().send().await.expect("raw POST");
                assert_eq!(response.status().as_u16(), 200);
                std::hint::black_box(response.bytes().await.expect("raw body"));
            }
        }))
    }
}

/// Runs `total` requests made by `one` on `concurrency` tasks; returns the elapsed time.
async fn pipeline<F, Fut>(total: u64, concurrency: usize, one: F) -> Duration
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let next = Arc::new(AtomicU64::new(0));
    let one = Arc::new(one);
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let next = next.clone();
            let one = one.clone();
            tokio::spawn(async move {
                while next.fetch_add(1, Ordering::Relaxed) < total {
                    one().await;
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.expect("worker");
    }
    started.elapsed()
}

fn round_trip(c: &mut Criterion) {
    let setup = Setup::new();
    for concurrency in CONCURRENCY {
        let mut group = c.benchmark_group(format!("round_trip/concurrency {concurrency}"));
        group.throughput(Throughput::Elements(BATCH));
        group.sample_size(20);
        group.measurement_time(Duration::from_secs(8));
        group.bench_function("tencent-action Client::send", |b| {
            b.iter_custom(|iters| setup.run_ours(iters * BATCH, concurrency))
        });
        group.bench_function("raw reqwest, prepared request", |b| {
            b.iter_custom(|iters| setup.run_raw(iters * BATCH, concurrency))
        });
        group.finish();
    }
    interleaved(&setup);
}

/// Alternates the two paths for a few rounds and prints requests/s and the ratio per round.
fn interleaved(setup: &Setup) {
    let rounds: usize = std::env::var("ROUND_TRIP_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(9);
    // Only under `cargo bench` (which passes `--bench`), not when listed, profiled or run as a
    // test (`cargo test --benches`).
    let args: Vec<String> = std::env::args().collect();
    let benching = args.iter().any(|a| a == "--bench")
        && !args
            .iter()
            .any(|a| a == "--list" || a == "--test" || a == "--profile-time");
    if rounds == 0 || !benching {
        return;
    }
    println!();
    println!("interleaved A/B, {rounds} rounds per concurrency (requests/s):");
    println!(
        "| concurrency | requests per run | ours (median) | raw (median) | ours/raw per round | ours/raw median |"
    );
    println!("|---:|---:|---:|---:|---|---:|");
    for concurrency in CONCURRENCY {
        let total: u64 = if concurrency == 1 { 10_000 } else { 20_000 };
        // Warm the pools at this concurrency.
        setup.run_ours(total / 4, concurrency);
        setup.run_raw(total / 4, concurrency);
        let mut ours = Vec::new();
        let mut raw = Vec::new();
        let mut ratios = Vec::new();
        for round in 0..rounds {
            // Alternate which path goes first so neither always runs on a warmer system.
            let (o, r) = if round % 2 == 0 {
                let o = setup.run_ours(total, concurrency);
                (o, setup.run_raw(total, concurrency))
            } else {
                let r = setup.run_raw(total, concurrency);
                (setup.run_ours(total, concurrency), r)
            };
            let o = total as f64 / o.as_secs_f64();
            let r = total as f64 / r.as_secs_f64();
            ours.push(o);
            raw.push(r);
            ratios.push(o / r);
        }
        let shown: Vec<String> = ratios.iter().map(|r| format!("{r:.3}")).collect();
        println!(
            "| {concurrency} | {total} | {:.0} | {:.0} | {} | **{:.3}** |",
            median(&mut ours),
            median(&mut raw),
            shown.join(" "),
            median(&mut ratios)
        );
    }
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

criterion_group!(benches, round_trip);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
