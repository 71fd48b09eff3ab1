//! Rate limits shared by every process using one Redis: the same even spacing as the local
//! limiter (GCRA with no burst), one atomic server-side script per turn.
//!
//! See [`RedisRateLimiter`] for how turns are taken and what happens when Redis is unavailable.

use std::fmt;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use super::pacing::TurnKey;
use crate::Error;

/// The default bound of one Redis round trip, and of connecting.
const DEFAULT_TIMEOUT: Duration = Duration::from_millis(250);

/// How long calls leave an unavailable Redis alone before one tries it again.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// The default prefix of the limiters' keys.
const DEFAULT_PREFIX: &str = "tencent-action:rl";

/// GCRA with no burst, reserving the next turn. KEYS[1]: the limiter; ARGV[1]: the period and
/// ARGV[2]: the longest wait the call accepts, both in microseconds. Answers `{1, wait}` with
/// the turn taken, or `{0, wait}` when it is further away than the call can wait (nothing is
/// changed then).
const GCRA: &str = r"
redis.replicate_commands()
local period = tonumber(ARGV[1])
local max_wait = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local wait = tat - now
if wait > max_wait then return {0, wait} end
local next_tat = tat + period
redis.call('SET', KEYS[1], string.format('%d', next_tat))
redis.call('PEXPIRE', KEYS[1], math.ceil((next_tat - now) / 1000) + 1000)
return {1, wait}
";

/// What a call does while the shared limiter's Redis is unavailable.
///
/// ```
/// use tencent_action_core::{RedisRateLimiter, RedisUnavailable};
/// let strict = RedisRateLimiter::new("redis://127.0.0.1:6379")
///     .unwrap()
///     .when_unavailable(RedisUnavailable::Fail);
/// assert_eq!(strict.on_unavailable(), RedisUnavailable::Fail);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RedisUnavailable {
    /// Pace the call with its client's own limiter, as without Redis (the default).
    #[default]
    PaceLocally,
    /// Fail the call with [`Error::RateLimiter`]; nothing is sent.
    Fail,
}

/// A rate limiter kept in Redis, shared by every clone of a client and every process that
/// uses the same Redis; plug it in with [`RateLimiting::shared`](crate::RateLimiting::shared)
/// (or set `TENCENTCLOUD_RATE_LIMIT_REDIS` for [`Client::from_env`](crate::Client::from_env)).
///
/// # How a turn is taken
///
/// Each limiter is one Redis key,
/// `tencent-action:rl:{secret_id}:{service}:{version}:{action}` (the prefix is
/// [`key_prefix`](Self::key_prefix)), holding the theoretical
/// arrival time (TAT, microseconds of the Redis server's clock) of the next free turn. The
/// script reads the server's `TIME`, takes the turn at `max(TAT, now)` if that is no further
/// away than the call can wait, moves the TAT one period (`1/limit` s) on and lets the key
/// expire (`PEXPIRE`) a second after the new TAT. It answers how long to wait; the call sleeps that
/// long and is sent. So turns are reserved in order, one round trip each, and every process
/// reads one clock (Redis's), whatever its own says.
///
/// # When Redis cannot be reached
///
/// Every round trip is bounded by the call's remaining deadline and by a short timeout
/// ([`RedisRateLimiter::timeout`], 250 ms by default, which also bounds connecting); within
/// that bound a broken connection is tried once more, so a Redis back after a restart is used
/// again at once. A Redis
/// that refuses, fails or does not answer in time is *unavailable*: one `tracing` warning says
/// so, and for the next second calls do not try it, then one tries again (an `info` event says
/// when it answers again). Meanwhile calls are paced by their client's own limiter
/// ([`RedisUnavailable::PaceLocally`], the default: each process keeps to the limit on its own,
/// so together they may exceed it) or fail with [`Error::RateLimiter`]
/// ([`RedisUnavailable::Fail`]; nothing is sent).
///
/// It connects on first use, within the Tokio runtime of that call (use it from that runtime
/// thereafter), and keeps one multiplexed connection, reconnecting when it breaks, for all the
/// clients it is given to.
///
/// ```
/// use std::time::Duration;
/// use tencent_action_core::{Client, Credential, RateLimiting, RedisRateLimiter, RedisUnavailable};
/// let shared = RedisRateLimiter::new("redis://127.0.0.1:6379")?
///     .timeout(Duration::from_millis(100))
///     .when_unavailable(RedisUnavailable::PaceLocally);
/// let client = Client::builder()
///     .credential(Credential::new("AKIDEXAMPLE", "secret")?)
///     .rate_limiting(RateLimiting::Declared.shared(shared))
///     .build()?;
/// # let _ = client;
/// # Ok::<(), tencent_action_core::Error>(())
/// ```
#[derive(Clone)]
pub struct RedisRateLimiter {
    shared: Arc<Shared>,
    prefix: Arc<str>,
    timeout: Duration,
    on_unavailable: RedisUnavailable,
}

/// What all clones share: the connection and whether Redis is answering.
struct Shared {
    client: redis::Client,
    /// The URL without its password, for messages.
    shown: String,
    script: redis::Script,
    /// The connection, made by the first call (it needs a runtime).
    manager: OnceLock<Result<ConnectionManager, String>>,
    timeout: Duration,
    health: Mutex<Health>,
}

/// Whether Redis answered last time.
#[derive(Debug, Default)]
struct Health {
    /// Since when, and why, it has been unavailable.
    down: Option<(Instant, String)>,
    /// Calls leave it alone until then.
    retry_at: Option<Instant>,
}

/// The outcome of asking the shared limiter for a turn.
#[derive(Debug)]
pub(crate) enum Reservation {
    /// The turn is taken; send after this wait.
    After(Duration),
    /// The next turn would come after the call's deadline; nothing was reserved.
    TooLate,
    /// Redis is unavailable: with the error to fail the call with, or `None` to pace locally.
    Unavailable(Option<Error>),
}

impl RedisRateLimiter {
    /// A limiter in the Redis at `url` (`redis://[:PASSWORD@]HOST[:PORT][/DB]`, or
    /// `rediss://` for TLS where the `redis` crate is built with it). Nothing is connected
    /// until the first call; a malformed URL is an error now.
    ///
    /// ```
    /// use tencent_action_core::RedisRateLimiter;
    /// assert!(RedisRateLimiter::new("redis://127.0.0.1:6379/0").is_ok());
    /// let err = RedisRateLimiter::new("http://127.0.0.1").unwrap_err();
    /// assert!(err.to_string().contains("not a Redis URL"));
    /// ```
    pub fn new(url: &str) -> Result<Self, Error> {
        let shown = without_password(url);
        let client = redis::Client::open(url)
            .map_err(|e| Error::Config(format!("`{shown}` is not a Redis URL: {e}")))?;
        Ok(RedisRateLimiter {
            shared: Arc::new(Shared {
                client,
                shown,
                script: redis::Script::new(GCRA),
                manager: OnceLock::new(),
                timeout: DEFAULT_TIMEOUT,
                health: Mutex::new(Health::default()),
            }),
            prefix: Arc::from(DEFAULT_PREFIX),
            timeout: DEFAULT_TIMEOUT,
            on_unavailable: RedisUnavailable::default(),
        })
    }

    /// What calls do while Redis is unavailable (default: [`RedisUnavailable::PaceLocally`]).
    ///
    /// ```
    /// use tencent_action_core::{RedisRateLimiter, RedisUnavailable};
    /// let r = RedisRateLimiter::new("redis://127.0.0.1").unwrap().when_unavailable(RedisUnavailable::Fail);
    /// # let _ = r;
    /// ```
    #[must_use]
    pub fn when_unavailable(mut self, choice: RedisUnavailable) -> Self {
        self.on_unavailable = choice;
        self
    }

    /// What calls do while Redis is unavailable.
    ///
    /// ```
    /// use tencent_action_core::{RedisRateLimiter, RedisUnavailable};
    /// let r = RedisRateLimiter::new("redis://127.0.0.1").unwrap();
    /// assert_eq!(r.on_unavailable(), RedisUnavailable::PaceLocally);
    /// ```
    pub fn on_unavailable(&self) -> RedisUnavailable {
        self.on_unavailable
    }

    /// The longest one round trip to Redis may take (default 250 ms), besides the call's own
    /// deadline; also bounds connecting. Set it before the first call: the connection keeps
    /// the timeout it was made with.
    ///
    /// ```
    /// let r = tencent_action_core::RedisRateLimiter::new("redis://127.0.0.1")
    ///     .unwrap()
    ///     .timeout(std::time::Duration::from_millis(100));
    /// # let _ = r;
    /// ```
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        if let Some(shared) = Arc::get_mut(&mut self.shared) {
            shared.timeout = timeout;
        }
        self
    }

    /// The prefix of the limiters' keys (default `tencent-action:rl`), e.g. to keep two
    /// deployments apart in one Redis. Keys are `{prefix}:{secret_id}:{service}:{version}:{action}`.
    ///
    /// ```
    /// let r = tencent_action_core::RedisRateLimiter::new("redis://127.0.0.1")
    ///     .unwrap()
    ///     .key_prefix("staging:rl");
    /// # let _ = r;
    /// ```
    #[must_use]
    pub fn key_prefix(mut self, prefix: &str) -> Self {
        self.prefix = Arc::from(prefix);
        self
    }

    /// The Redis key of one limiter.
    fn key(&self, key: &TurnKey<'_>) -> String {
        format!(
            "{}:{}:{}:{}:{}",
            self.prefix, key.secret_id, key.service, key.version, key.action
        )
    }

    /// The connection, made on first use.
    fn manager(&self) -> Result<ConnectionManager, String> {
        let shared = &*self.shared;
        shared
            .manager
            .get_or_init(|| {
                let config = ConnectionManagerConfig::new()
                    .set_connection_timeout(Some(shared.timeout))
                    .set_response_timeout(Some(shared.timeout))
                    .set_number_of_retries(1)
                    .set_max_delay(RETRY_AFTER);
                ConnectionManager::new_lazy_with_config(shared.client.clone(), config)
                    .map_err(|e| e.to_string())
            })
            .clone()
    }

    /// Takes the next turn of `key` at `per_second` in Redis if it comes before `deadline`.
    pub(crate) async fn reserve(
        &self,
        key: &TurnKey<'_>,
        per_second: NonZeroU32,
        deadline: Instant,
    ) -> Reservation {
        let now = Instant::now();
        if let Some(reason) = self.shared.resting(now) {
            return self.unavailable(reason);
        }
        let Some(remaining) = deadline
            .checked_duration_since(now)
            .filter(|d| !d.is_zero())
        else {
            return Reservation::TooLate;
        };
        let mut connection = match self.manager() {
            Ok(connection) => connection,
            Err(error) => return self.failed(now, error),
        };
        let period_us = (1_000_000 / u64::from(per_second.get())).max(1);
        let max_wait_us = u64::try_from(remaining.as_micros()).unwrap_or(u64::MAX);
        let bound = remaining.min(self.timeout);
        let mut invocation = self.shared.script.key(self.key(key));
        invocation.arg(period_us).arg(max_wait_us);
        let exchange = async {
            match invocation.invoke_async::<(i64, i64)>(&mut connection).await {
                // A broken connection: the manager has begun reconnecting, and a Redis that
                // is back answers the second try. (Had the first run the script, its turn goes
                // unused: the limit is kept all the same.)
                Err(error) if error.is_io_error() || error.is_unrecoverable_error() => {
                    invocation.invoke_async(&mut connection).await
                }
                answer => answer,
            }
        };
        let answer = tokio::time::timeout(bound, exchange).await;
        match answer {
            Ok(Ok((taken, wait_us))) => {
                self.shared.answered();
                if taken == 1 {
                    Reservation::After(Duration::from_micros(wait_us.max(0).unsigned_abs()))
                } else {
                    Reservation::TooLate
                }
            }
            Ok(Err(error)) => self.failed(now, error.to_string()),
            // The call's own deadline cut the round trip short: that says nothing of Redis.
            Err(_elapsed) if bound < self.timeout => Reservation::TooLate,
            Err(_elapsed) => self.failed(now, format!("no answer within {:?}", self.timeout)),
        }
    }

    /// Records a failure and answers as configured.
    fn failed(&self, now: Instant, reason: String) -> Reservation {
        self.shared.failed(now, &reason, self.on_unavailable);
        self.unavailable(reason)
    }

    fn unavailable(&self, reason: String) -> Reservation {
        match self.on_unavailable {
            RedisUnavailable::PaceLocally => Reservation::Unavailable(None),
            RedisUnavailable::Fail => Reservation::Unavailable(Some(Error::RateLimiter(format!(
                "Redis at {} is unavailable: {reason}",
                self.shared.shown
            )))),
        }
    }
}

impl Shared {
    /// Why calls leave Redis alone now, if they do.
    fn resting(&self, now: Instant) -> Option<String> {
        let health = self.health.lock().unwrap_or_else(|p| p.into_inner());
        match (&health.down, health.retry_at) {
            (Some((_, reason)), Some(retry_at)) if now < retry_at => Some(reason.clone()),
            _ => None,
        }
    }

    fn failed(&self, now: Instant, reason: &str, choice: RedisUnavailable) {
        let mut health = self.health.lock().unwrap_or_else(|p| p.into_inner());
        health.retry_at = Some(now + RETRY_AFTER);
        if health.down.is_none() {
            health.down = Some((now, reason.to_owned()));
            let then = match choice {
                RedisUnavailable::PaceLocally => {
                    "each client paces its own calls until it answers again"
                }
                RedisUnavailable::Fail => "calls fail until it answers again",
            };
            tracing::warn!(
                redis = %self.shown,
                error = reason,
                "shared rate limiter unavailable: {then}"
            );
        }
    }

    fn answered(&self) {
        let mut health = self.health.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((since, _)) = health.down.take() {
            health.retry_at = None;
            tracing::info!(
                redis = %self.shown,
                unavailable_for_ms = since.elapsed().as_millis() as u64,
                "shared rate limiter answering again"
            );
        }
    }
}

impl fmt::Debug for RedisRateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisRateLimiter")
            .field("url", &self.shared.shown)
            .field("prefix", &self.prefix)
            .field("timeout", &self.timeout)
            .field("on_unavailable", &self.on_unavailable)
            .finish_non_exhaustive()
    }
}

/// Two limiters are equal when they share a connection and settings.
impl PartialEq for RedisRateLimiter {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.shared, &other.shared)
            && self.prefix == other.prefix
            && self.timeout == other.timeout
            && self.on_unavailable == other.on_unavailable
    }
}

impl Eq for RedisRateLimiter {}

/// `url` with any password replaced by `***`.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => {
            let user = rest[..at].split(':').next().unwrap_or("");
            let sep = if rest[..at].contains(':') { ":***" } else { "" };
            format!("{scheme}://{user}{sep}@{}", &rest[at + 1..])
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_never_shows() {
        assert_eq!(
            without_password("redis://:hunter2@10.0.0.1:6379/0"),
            "redis://:***@10.0.0.1:6379/0"
        );
        assert_eq!(
            without_password("redis://app:hunter2@redis.internal"),
            "redis://app:***@redis.internal"
        );
        assert_eq!(without_password("redis://127.0.0.1"), "redis://127.0.0.1");
        let limiter = RedisRateLimiter::new("redis://:hunter2@127.0.0.1:1").unwrap();
        assert!(!format!("{limiter:?}").contains("hunter2"));
        let err = RedisRateLimiter::new("redis://:hunter2@")
            .map(|_| ())
            .unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
    }

    #[test]
    fn keys_name_the_secret_id_service_version_and_action() {
        let limiter = RedisRateLimiter::new("redis://127.0.0.1").unwrap();
        let key = TurnKey {
            secret_id: "AKID1",
            service: "cvm",
            version: "2017-03-12",
            action: "DescribeInstances",
        };
        assert_eq!(
            limiter.key(&key),
            "tencent-action:rl:AKID1:cvm:2017-03-12:DescribeInstances"
        );
        assert_eq!(
            limiter.key_prefix("staging").key(&key),
            "staging:AKID1:cvm:2017-03-12:DescribeInstances"
        );
    }
}
