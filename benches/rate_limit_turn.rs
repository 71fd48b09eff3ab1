//! The cost of one rate-limit turn: the client's own limiter against the limiter shared
//! through a local Redis (one `EVALSHA` of the GCRA script over loopback), next to a call with
//! no limit at all (the floor: what `Client::take_turn` does besides pacing).
//!
//! ```text
//! cargo bench --bench rate_limit_turn
//! ```
//!
//! The Redis is a `redis-server` started on a free loopback port for the run (Debian's
//! package); without it only the local turns are measured, and the run says so. Limits are
//! set high enough (10^9/s locally, 10^6/s shared: the script's resolution is 1 µs) that no
//! turn ever waits, so what is measured is the cost of taking a turn, not the pacing. Each
//! iteration is one `block_on` of one turn on a current-thread runtime.

#[path = "../tests/it/support/redis.rs"]
mod redis_server;

use criterion::{Criterion, criterion_group};
use tencent_action::{Client, Credential, RateLimiting, RedisRateLimiter};

const SERVICE: &str = "iotexplorer";
const VERSION: &str = "2019-04-23";
const ACTION: &str = "CreateTRTCSignaturesWithRoomId";

fn client(limits: RateLimiting) -> Client {
    Client::builder()
        .credential(Credential::new("AKIDBENCHTURN", "bench-secret-key").expect("a credential"))
        .rate_limiting(limits)
        .build()
        .expect("a client")
}

fn turns(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let mut group = c.benchmark_group("rate_limit_turn");
    let unlimited = client(RateLimiting::Declared);
    group.bench_function("no limit", |b| {
        b.iter(|| runtime.block_on(unlimited.take_turn(SERVICE, VERSION, ACTION, None)))
    });
    let local = client(RateLimiting::Declared);
    group.bench_function("local", |b| {
        b.iter(|| runtime.block_on(local.take_turn(SERVICE, VERSION, ACTION, Some(1_000_000_000))))
    });
    let redis = redis_server::RedisServer::start("the shared turn (rate_limit_turn/redis)");
    if let Some(redis) = &redis {
        let limiter = RedisRateLimiter::new(&redis.url()).expect("a Redis URL");
        let shared = client(RateLimiting::Declared.shared(limiter));
        runtime
            .block_on(shared.take_turn(SERVICE, VERSION, ACTION, Some(1_000_000)))
            .expect("Redis answers");
        group.bench_function("redis", |b| {
            b.iter(|| {
                runtime
                    .block_on(shared.take_turn(SERVICE, VERSION, ACTION, Some(1_000_000)))
                    .expect("a turn from Redis")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, turns);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
