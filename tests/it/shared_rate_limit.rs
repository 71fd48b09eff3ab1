//! Rate limits shared through a real Redis: four independent clients (as four replicas would
//! be) keep together to the one limit of the account that the emulator enforces, where each on
//! its own would send four times too much; a Redis that dies or never answers costs calls no
//! more than their deadline, and they go on paced locally (or fail, if so chosen).

use crate::support::redis as redis_server;

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use redis_server::RedisServer;
use tencent_action::iotexplorer::v20190423::CreateTrtcSignaturesWithRoomId;
use tencent_action::{
    Client, Error, RateLimiting, RedisRateLimiter, RedisUnavailable, RetryPolicy,
};
use tencent_action_emulator::RunningEmulator;

use crate::support::{self, SECRET_ID};

const TRTC: &str = "CreateTRTCSignaturesWithRoomId";
const LIMIT: u32 = 20;
const CLIENTS: usize = 4;
const TASKS_PER_CLIENT: usize = 4;
const RUN: Duration = Duration::from_secs(3);

/// Numbers the rooms: the emulator refuses a room it has seen.
static ROOMS: AtomicU64 = AtomicU64::new(0);

async fn emulator() -> RunningEmulator {
    support::emulator()
        .rate_limit(TRTC, LIMIT)
        .start("127.0.0.1:0")
        .await
        .expect("emulator starts")
}

/// A client of its own, with its own connection pool (and, given a URL, its own connection to
/// Redis): what one replica has. No retries, so every throttled call shows.
fn client(
    emulator: &RunningEmulator,
    shared: Option<RedisRateLimiter>,
    deadline: Duration,
) -> Client {
    let limits = match shared {
        Some(shared) => RateLimiting::Declared.shared(shared),
        None => RateLimiting::Declared,
    };
    support::client_builder(emulator)
        .timeout(Duration::from_secs(5))
        .retry(RetryPolicy::none().deadline(deadline))
        .rate_limiting(limits)
        .build()
        .unwrap()
}

fn trtc(room: &str) -> CreateTrtcSignaturesWithRoomId {
    crate::support::trtc(room, &["alice"])
}

/// What a load run ended in.
#[derive(Debug, Default)]
struct Tally {
    ok: u64,
    throttled: u64,
    other: Vec<String>,
    /// The longest any one call took.
    longest: Duration,
    elapsed: Duration,
}

impl Tally {
    fn total(&self) -> u64 {
        self.ok + self.throttled + self.other.len() as u64
    }
    fn rate(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64()
    }
}

/// Every client's tasks call as fast as they can until `run` has passed; the tally is taken
/// when the last call has ended. `during` runs alongside (e.g. to kill Redis).
async fn load(clients: &[Client], run: Duration, during: impl Future<Output = ()>) -> Tally {
    let tally = Arc::new(Mutex::new(Tally::default()));
    let started = Instant::now();
    let mut handles = Vec::new();
    for client in clients {
        for _ in 0..TASKS_PER_CLIENT {
            let client = client.clone();
            let tally = tally.clone();
            handles.push(tokio::spawn(async move {
                while started.elapsed() < run {
                    let n = ROOMS.fetch_add(1, Ordering::Relaxed);
                    let began = Instant::now();
                    let result = client.send(&trtc(&format!("room-{n}"))).await;
                    let took = began.elapsed();
                    let mut tally = tally.lock().unwrap();
                    tally.longest = tally.longest.max(took);
                    match result {
                        Ok(_) => tally.ok += 1,
                        Err(e) if e.code() == Some("RequestLimitExceeded") => tally.throttled += 1,
                        Err(e) => tally.other.push(e.to_string()),
                    }
                }
            }));
        }
    }
    during.await;
    for handle in handles {
        handle.await.unwrap();
    }
    let mut tally = std::mem::take(&mut *tally.lock().unwrap());
    tally.elapsed = started.elapsed();
    tally
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_replicas_keep_to_one_limit_through_redis() {
    let Some(redis) = RedisServer::start("four_replicas_keep_to_one_limit_through_redis") else {
        return;
    };
    let emulator = emulator().await;
    let deadline = Duration::from_secs(10);

    let shared: Vec<Client> = (0..CLIENTS)
        .map(|_| {
            client(
                &emulator,
                Some(RedisRateLimiter::new(&redis.url()).unwrap()),
                deadline,
            )
        })
        .collect();
    let with = load(&shared, RUN, async {}).await;
    // The limiter is in Redis, under the account's SecretId and the action's service and
    // version, and set to expire.
    let key = format!("tencent-action:rl:{SECRET_ID}:iotexplorer:2019-04-23:{TRTC}");
    assert_eq!(redis.command(&format!("EXISTS {key}")), ":1");
    let ttl = redis.command(&format!("PTTL {key}"));
    assert!(ttl.starts_with(':') && ttl != ":-1", "{ttl}");

    // The emulator's window (one second) empties before the second run.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let alone: Vec<Client> = (0..CLIENTS)
        .map(|_| client(&emulator, None, deadline))
        .collect();
    let without = load(&alone, RUN, async {}).await;

    let mut out = std::io::stderr();
    for (name, tally) in [
        ("shared through Redis", &with),
        ("each client on its own", &without),
    ] {
        let _ = writeln!(
            out,
            "{CLIENTS} clients, {name}: {} calls, {} succeeded, {} RequestLimitExceeded, \
             {:.1} successful calls/s in {:.2} s (limit {LIMIT}/s)",
            tally.total(),
            tally.ok,
            tally.throttled,
            tally.rate(),
            tally.elapsed.as_secs_f64(),
        );
    }
    assert!(with.other.is_empty(), "{:?}", with.other);
    assert!(without.other.is_empty(), "{:?}", without.other);
    assert!(
        with.throttled * 100 <= with.total(),
        "more than 1 % throttled with the shared limiter: {with:?}"
    );
    assert!(
        with.rate() >= 0.8 * f64::from(LIMIT),
        "the shared limiter reached {:.1}/s, under 80 % of {LIMIT}/s",
        with.rate()
    );
    assert!(
        without.throttled * 3 >= without.total(),
        "without sharing, four clients each at the limit should be throttled often: {without:?}"
    );
    // Once unused, the limiter's key expires.
    assert_eq!(redis.command(&format!("EXISTS {key}")), ":0");
}

/// Redis dies a second into the run: the calls go on, paced by each client (the default), a
/// warning says so, and no call takes longer than its deadline; a client set to fail instead
/// gets `Error::RateLimiter` at once, nothing sent.
#[tokio::test(flavor = "current_thread")]
async fn calls_go_on_when_redis_dies_mid_run() {
    let Some(redis) = RedisServer::start("calls_go_on_when_redis_dies_mid_run") else {
        return;
    };
    let redis = Arc::new(Mutex::new(redis));
    let logs = crate::support::logs();
    let emulator = emulator().await;
    let deadline = Duration::from_secs(2);
    let redis_url = redis.lock().unwrap().url();
    let limiter = RedisRateLimiter::new(&redis_url).unwrap();
    let strict = limiter.clone().when_unavailable(RedisUnavailable::Fail);
    let clients = [client(&emulator, Some(limiter), deadline)];
    let strict = client(&emulator, Some(strict), deadline);
    strict
        .send(&trtc("strict-before"))
        .await
        .expect("Redis answers");

    let killed_at = Arc::new(Mutex::new(None));
    let tally = load(&clients, RUN, {
        let killed_at = killed_at.clone();
        let redis = redis.clone();
        async move {
            tokio::time::sleep(Duration::from_secs(1)).await;
            redis.lock().unwrap().kill();
            *killed_at.lock().unwrap() = Some(Instant::now());
        }
    })
    .await;
    eprintln!("Redis killed mid-run: {tally:?}");
    assert!(killed_at.lock().unwrap().is_some());
    assert!(tally.other.is_empty(), "{:?}", tally.other);
    // Paced locally after the kill: at most the turns reserved in Redis before it (one per
    // task) collide with the local ones at the switch.
    assert!(tally.throttled <= TASKS_PER_CLIENT as u64, "{tally:?}");
    // Calls went on for the two seconds after the kill, at the limit.
    assert!(tally.ok >= u64::from(LIMIT) * 2, "{tally:?}");
    assert!(tally.longest < deadline, "a call took {:?}", tally.longest);
    let text = logs.text();
    let warning = text
        .lines()
        .find(|line| line.contains(&format!("redis={redis_url}")))
        .unwrap_or_default();
    assert!(
        warning.contains("WARN")
            && warning.contains("shared rate limiter unavailable")
            && warning.contains("paces its own calls"),
        "{text}"
    );

    let began = Instant::now();
    let err = strict.send(&trtc("strict-after")).await.unwrap_err();
    assert!(
        began.elapsed() < Duration::from_secs(1),
        "{:?}",
        began.elapsed()
    );
    assert!(matches!(err, Error::RateLimiter(_)), "{err:?}");
    assert!(err.to_string().contains("is unavailable"), "{err}");
    assert!(err.to_string().contains("nothing was sent"), "{err}");
    assert_eq!(emulator.processed(TRTC), tally.ok + 1);

    // Back after a restart: within a second or so the limiter answers again, and says so.
    redis.lock().unwrap().restart();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    strict
        .send(&trtc("strict-again"))
        .await
        .expect("Redis answers again");
    assert_eq!(redis.lock().unwrap().command("DBSIZE"), ":1");
    let text = logs.text();
    assert!(
        text.lines()
            .any(|line| line.contains("answering again")
                && line.contains(&format!("redis={redis_url}"))),
        "{text}"
    );
}

/// A "Redis" that accepts connections and never answers (no redis-server needed): each call
/// waits for it no longer than the limiter's timeout, and no call outlives its deadline.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_that_never_answers_costs_a_call_no_more_than_the_timeout() {
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("redis://{}", silent.local_addr().unwrap());
    let emulator = emulator().await;
    let timeout = Duration::from_millis(200);

    // Paced locally after at most one timeout.
    let limiter = RedisRateLimiter::new(&url).unwrap().timeout(timeout);
    let paced = client(&emulator, Some(limiter), Duration::from_secs(5));
    for i in 0..3 {
        let began = Instant::now();
        paced
            .send(&trtc(&format!("silent-{i}")))
            .await
            .expect("paced locally");
        let took = began.elapsed();
        assert!(
            took < timeout + Duration::from_millis(400),
            "call {i} took {took:?}"
        );
    }

    // Set to fail: the call's deadline (shorter than the timeout) still bounds it.
    let limiter = RedisRateLimiter::new(&url)
        .unwrap()
        .timeout(Duration::from_secs(30))
        .when_unavailable(RedisUnavailable::Fail);
    let client_deadline = Duration::from_millis(300);
    let strict = client(&emulator, Some(limiter), client_deadline);
    let began = Instant::now();
    let err = strict.send(&trtc("silent-strict")).await.unwrap_err();
    let took = began.elapsed();
    assert!(
        took < client_deadline + Duration::from_millis(300),
        "{took:?}"
    );
    // The deadline is the cause, reached through `source()`.
    let report = tencent_action::Report(&err).to_string();
    assert!(report.contains("deadline"), "{report}");
    assert_eq!(emulator.processed(TRTC), 3);
    drop(silent);
}

/// The limiter of one service's action is not another's: with the shared limiter at 1/s, a
/// call to `cvm` and one to `cdb` of the same action name are both sent at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_services_actions_of_one_name_do_not_share_a_limiter() {
    let mut builder = support::emulator();
    for service in ["cvm", "cdb"] {
        builder = builder.handle_json(service, "2017-03-12", "DescribeInstances", move |_| {
            Ok(serde_json::json!({ "TotalCount": 0, "Service": service }))
        });
    }
    let emulator = builder.start("127.0.0.1:0").await.unwrap();
    let redis = RedisServer::start(
        "the Redis half of two_services_actions_of_one_name_do_not_share_a_limiter (it runs with \
         the local limiters)",
    );
    let limits = ["cvm", "cdb"]
        .iter()
        .fold(RateLimiting::Declared, |r, service| {
            r.with_limit(*service, "2017-03-12", "DescribeInstances", 1)
        });
    let limits = match &redis {
        Some(redis) => limits.shared(RedisRateLimiter::new(&redis.url()).unwrap()),
        None => limits,
    };
    let client = support::client_builder(&emulator)
        .retry(RetryPolicy::none().deadline(Duration::from_millis(500)))
        .rate_limiting(limits)
        .build()
        .unwrap();
    let describe = |service: &'static str| {
        let client = client.clone();
        async move {
            client
                .call_json(
                    service,
                    "2017-03-12",
                    "DescribeInstances",
                    serde_json::json!({}),
                )
                .await
        }
    };
    let cvm = describe("cvm").await.expect("cvm's first turn");
    assert_eq!(cvm["Service"], "cvm");
    let cdb = describe("cdb").await.expect("cdb's first turn is its own");
    assert_eq!(cdb["Service"], "cdb");
    // Each service's next turn is a second away, past the 500 ms deadline.
    for service in ["cvm", "cdb"] {
        let err = describe(service).await.unwrap_err();
        let report = tencent_action::Report(&err).to_string();
        assert!(report.contains("deadline"), "{service}: {report}");
    }
}
