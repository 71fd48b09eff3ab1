//! Round trip on loopback: `Client::send` of a small declared action against raw reqwest
//! POSTing the same bytes with the same headers, both to the same in-process emulator, at
//! concurrency 1 and 64.
//!
//! ```text
//! cargo bench --bench round_trip
//! ROUND_TRIP_ROUNDS=0 cargo bench --bench round_trip     # criterion only
//! ROUND_TRIP_PROFILE=ours:64:200000 cargo bench --bench round_trip   # one path, for a profiler
//! taskset -c 0 cargo bench --bench round_trip    # everything on one core
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
//! which is less sensitive to load that changes during the run. It also prints the CPU time
//! the client side (every thread of the process but the emulator's) spends per request, read
//! from `/proc/self/task/*/schedstat` on Linux: on a shared machine that measure of overhead
//! is steadier than throughput.

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

/// A request prepared once and replayed by the raw path, as cheaply as reqwest allows: the URL
/// parsed once, the whole header map as sent (with the `Host` hyper and the `Accept` reqwest
/// would add) cloned into each request, the body a zero-copy `&'static [u8]`.
struct Raw {
    http: reqwest::Client,
    url: reqwest::Url,
    headers: reqwest::header::HeaderMap,
    /// Leaked once per measurement.
    body: &'static [u8],
}

impl Raw {
    async fn send(&self) -> reqwest::Response {
        let mut request = reqwest::Request::new(reqwest::Method::POST, self.url.clone());
        *request.headers_mut() = self.headers.clone();
        *request.body_mut() = Some(self.body.into());
        self.http.execute(request).await.expect("raw POST")
    }
}

struct Setup {
    client: Client,
    raw_http: reqwest::Client,
    /// The emulator's URL.
    url: String,
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
        let url = emulator.url();
        let setup = Setup {
            client: ours_client(&url),
            raw_http: raw_client(),
            url,
            _emulator: emulator,
            _emulator_runtime: emulator_runtime,
            runtime,
        };
        setup.check();
        setup
    }

    /// New clients, hence new connections for both paths: which worker threads a
    /// connection's tasks land on (in the client and in the emulator) is decided once per
    /// connection and changes the rate at concurrency 1 by up to a third, so each round draws
    /// afresh rather than one draw deciding a whole run.
    fn renew(&mut self) {
        self.client = ours_client(&self.url);
        self.raw_http = raw_client();
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
        let url = reqwest::Url::parse(prepared.url()).expect("URL");
        headers.insert(
            reqwest::header::HOST,
            reqwest::header::HeaderValue::from_str(url.authority()).expect("host"),
        );
        // What reqwest would add to each request itself.
        headers.insert(
            reqwest::header::ACCEPT,
            reqwest::header::HeaderValue::from_static("*/*"),
        );
        Raw {
            http: self.raw_http.clone(),
            url,
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
                let response = raw.send().await;
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
                let response = raw.send().await;
                assert_eq!(response.status().as_u16(), 200);
                std::hint::black_box(response.bytes().await.expect("raw body"));
            }
        }))
    }
}

/// The client measured: no rate limit, otherwise defaults.
fn ours_client(url: &str) -> Client {
    Client::builder()
        .credential(Credential::new(SECRET_ID, SECRET_KEY).expect("credential"))
        .region("ap-guangzhou")
        .endpoint(url)
        .rate_limiting(RateLimiting::Off)
        .build()
        .expect("client")
}

/// The raw path's pool: the same settings as the client's own.
fn raw_client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(60))
        .build()
        .expect("raw client")
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
    let mut setup = Setup::new();
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
    interleaved(&mut setup);
}

/// Alternates the two paths for a few rounds and prints requests/s and the ratio per round.
fn interleaved(setup: &mut Setup) {
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
    // `taskset -c 0 cargo bench --bench round_trip` runs both sides on one core, where no
    // request waits for an idle core to wake: the ratio is then one of CPU cost.
    println!(
        "CPUs this process may use: {}",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("interleaved A/B, {rounds} rounds per concurrency (requests/s):");
    println!(
        "| concurrency | requests per run | ours (median) | raw (median) | ours/raw per round | ours/raw median |"
    );
    println!("|---:|---:|---:|---:|---|---:|");
    let mut cost_rows = Vec::new();
    for concurrency in CONCURRENCY {
        let total: u64 = if concurrency == 1 { 10_000 } else { 20_000 };
        let mut ours = Vec::new();
        let mut raw = Vec::new();
        let mut ratios = Vec::new();
        let mut ours_cost = Vec::new();
        let mut raw_cost = Vec::new();
        for round in 0..rounds {
            // Fresh connections, warmed at this concurrency.
            setup.renew();
            setup.run_ours(total / 10, concurrency);
            setup.run_raw(total / 10, concurrency);
            let setup = &*setup;
            // Alternate which path goes first so neither always runs on a warmer system.
            let ours_run = || measured(total, || setup.run_ours(total, concurrency));
            let raw_run = || measured(total, || setup.run_raw(total, concurrency));
            let (o, r) = if round % 2 == 0 {
                let o = ours_run();
                (o, raw_run())
            } else {
                let r = raw_run();
                (ours_run(), r)
            };
            ours.push(o.rate);
            raw.push(r.rate);
            ratios.push(o.rate / r.rate);
            if let (Some(oc), Some(rc)) = (o.cost, r.cost) {
                ours_cost.push(oc);
                raw_cost.push(rc);
            }
        }
        let shown: Vec<String> = ratios.iter().map(|r| format!("{r:.3}")).collect();
        println!(
            "| {concurrency} | {total} | {:.0} | {:.0} | {} | **{:.3}** |",
            median(&mut ours),
            median(&mut raw),
            shown.join(" "),
            median(&mut ratios)
        );
        if !ours_cost.is_empty() {
            let field = |costs: &[Cost], f: fn(&Cost) -> f64| {
                median(&mut costs.iter().map(f).collect::<Vec<_>>())
            };
            let ours_us = field(&ours_cost, |c| c.client_us);
            let raw_us = field(&raw_cost, |c| c.client_us);
            cost_rows.push(format!(
                "| {concurrency} | {ours_us:.2} | {raw_us:.2} | {:+.2} | {:.2} / {:.2} | {:.2} / {:.2} | {:.2} / {:.2} |",
                ours_us - raw_us,
                field(&ours_cost, |c| c.emulator_us),
                field(&raw_cost, |c| c.emulator_us),
                field(&ours_cost, |c| c.client_wakeups),
                field(&raw_cost, |c| c.client_wakeups),
                field(&ours_cost, |c| c.emulator_wakeups),
                field(&raw_cost, |c| c.emulator_wakeups),
            ));
        }
    }
    if !cost_rows.is_empty() {
        println!();
        println!(
            "per request, median of rounds (client side = every thread but the emulator's; \
             wake-ups = times a thread was scheduled in):"
        );
        println!(
            "| concurrency | CPU µs, ours | CPU µs, raw | difference | emulator CPU µs, ours / raw | client wake-ups, ours / raw | emulator wake-ups, ours / raw |"
        );
        println!("|---:|---:|---:|---:|---:|---:|---:|");
        for row in cost_rows {
            println!("{row}");
        }
    }
}

/// One measured run: requests per second and, where the OS says, what each request cost.
struct Run {
    rate: f64,
    cost: Option<Cost>,
}

/// Per request: CPU µs on the client side and in the emulator, and how many times a thread was
/// scheduled in (wake-ups, which cost far more than their CPU time on an idle VM).
#[derive(Debug, Clone, Copy)]
struct Cost {
    client_us: f64,
    emulator_us: f64,
    client_wakeups: f64,
    emulator_wakeups: f64,
}

/// Runs `run` (which sends `total` requests and returns the elapsed time) and measures it.
fn measured(total: u64, run: impl FnOnce() -> Duration) -> Run {
    let before = usage();
    let elapsed = run();
    let after = usage();
    let per_request = |a: u64, b: u64| a.saturating_sub(b) as f64 / total as f64;
    Run {
        rate: total as f64 / elapsed.as_secs_f64(),
        cost: before.zip(after).map(|(b, a)| Cost {
            client_us: per_request(a.client.0, b.client.0) / 1e3,
            emulator_us: per_request(a.emulator.0, b.emulator.0) / 1e3,
            client_wakeups: per_request(a.client.1, b.client.1),
            emulator_wakeups: per_request(a.emulator.1, b.emulator.1),
        }),
    }
}

/// CPU nanoseconds and times scheduled in, so far, of this process's threads.
struct Usage {
    /// Every thread but the emulator's.
    client: (u64, u64),
    emulator: (u64, u64),
}

/// Linux only (`/proc/self/task/*/schedstat`); `None` elsewhere.
fn usage() -> Option<Usage> {
    let mut usage = Usage {
        client: (0, 0),
        emulator: (0, 0),
    };
    for entry in std::fs::read_dir("/proc/self/task").ok()? {
        let dir = entry.ok()?.path();
        let Ok(stat) = std::fs::read_to_string(dir.join("schedstat")) else {
            continue; // the thread exited meanwhile
        };
        // On-CPU ns, run-queue wait ns, times scheduled in.
        let fields: Vec<u64> = stat
            .split_whitespace()
            .filter_map(|v| v.parse().ok())
            .collect();
        let [ns, _, runs] = fields[..] else {
            continue;
        };
        let name = std::fs::read_to_string(dir.join("comm")).unwrap_or_default();
        let side = if name.starts_with("emulator") {
            &mut usage.emulator
        } else {
            &mut usage.client
        };
        side.0 += ns;
        side.1 += runs;
    }
    Some(usage)
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
    // `ROUND_TRIP_PROFILE=ours|raw[:CONCURRENCY[:REQUESTS]]`: one path only, for a profiler.
    if let Ok(spec) = std::env::var("ROUND_TRIP_PROFILE") {
        let mut parts = spec.split(':');
        let path = parts.next().unwrap_or_default().to_owned();
        let concurrency = parts.next().and_then(|v| v.parse().ok()).unwrap_or(64);
        let total = parts.next().and_then(|v| v.parse().ok()).unwrap_or(200_000);
        let setup = Setup::new();
        let run = match path.as_str() {
            "ours" => measured(total, || setup.run_ours(total, concurrency)),
            "raw" => measured(total, || setup.run_raw(total, concurrency)),
            other => panic!("ROUND_TRIP_PROFILE: unknown path {other:?} (ours or raw)"),
        };
        println!(
            "{path} at concurrency {concurrency}: {:.0} requests/s, per request: {:?}",
            run.rate, run.cost
        );
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
