//! Client-side rate limiting: each action is paced to its declared `rate_limit`, shared by all
//! clones of a client (and, with a [`RedisRateLimiter`](super::RedisRateLimiter), by every
//! process using the same Redis), so a busy caller stays under the limit instead of collecting
//! `RequestLimitExceeded`.
//!
//! Limits apply per SecretId and per action of a service version, as Tencent Cloud counts
//! them: `cvm` and `cdb` both have a `DescribeInstances`, and each has its own limiter.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

/// One action's limit, replacing (or adding) the declared one: requests per second.
///
/// ```
/// use tencent_action_core::ActionLimit;
/// let limit = ActionLimit::new("iotexplorer", "2019-04-23", "CreateTRTCSignaturesWithRoomId", 10);
/// assert_eq!(limit.per_second, 10);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionLimit {
    /// The service, e.g. `cvm`.
    pub service: String,
    /// The API version, e.g. `2017-03-12`.
    pub version: String,
    /// The action, e.g. `DescribeInstances`.
    pub action: String,
    /// Requests per second; 0 lifts the limit.
    pub per_second: u32,
}

impl ActionLimit {
    /// The limit of `action` of `service` at `version`.
    ///
    /// ```
    /// let limit = tencent_action_core::ActionLimit::new("cvm", "2017-03-12", "DescribeInstances", 40);
    /// assert_eq!(limit.service, "cvm");
    /// ```
    pub fn new(
        service: impl Into<String>,
        version: impl Into<String>,
        action: impl Into<String>,
        per_second: u32,
    ) -> Self {
        ActionLimit {
            service: service.into(),
            version: version.into(),
            action: action.into(),
            per_second,
        }
    }

    fn is_for(&self, key: &TurnKey<'_>) -> bool {
        self.service == key.service && self.version == key.version && self.action == key.action
    }
}

/// Whether and how calls are paced.
///
/// Limits apply per SecretId and per action of a service version. Each client paces its own
/// calls unless the limits are shared through Redis (`RateLimiting::shared`, the `redis`
/// feature).
///
/// ```
/// use tencent_action_core::RateLimiting;
/// let custom = RateLimiting::Declared.with_limit("iotexplorer", "2019-04-23", "CreateTRTCSignaturesWithRoomId", 10);
/// assert_ne!(custom, RateLimiting::Off);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum RateLimiting {
    /// Each declared action is paced to its `rate_limit` (the default).
    #[default]
    Declared,
    /// Declared limits, with some actions' limits replaced (or added, for undeclared ones
    /// called with `call_json`).
    Custom(Vec<ActionLimit>),
    /// No client-side pacing.
    Off,
    /// The limits of the inner setting, with turns taken from a limiter in Redis shared by
    /// every client and process that uses it.
    #[cfg(feature = "redis")]
    Shared(Box<RateLimiting>, super::RedisRateLimiter),
}

impl RateLimiting {
    /// Sets one action's limit, keeping the declared ones for the others.
    ///
    /// ```
    /// let r = tencent_action_core::RateLimiting::Declared.with_limit("cvm", "2017-03-12", "DescribeZones", 5);
    /// assert!(matches!(r, tencent_action_core::RateLimiting::Custom(_)));
    /// ```
    pub fn with_limit(
        self,
        service: impl Into<String>,
        version: impl Into<String>,
        action: impl Into<String>,
        per_second: u32,
    ) -> Self {
        let limit = ActionLimit::new(service, version, action, per_second);
        let mut limits = match self {
            RateLimiting::Custom(limits) => limits,
            #[cfg(feature = "redis")]
            RateLimiting::Shared(inner, shared) => {
                let inner =
                    inner.with_limit(limit.service, limit.version, limit.action, per_second);
                return RateLimiting::Shared(Box::new(inner), shared);
            }
            _ => Vec::new(),
        };
        limits.retain(|l| {
            (l.service.as_str(), l.version.as_str(), l.action.as_str())
                != (
                    limit.service.as_str(),
                    limit.version.as_str(),
                    limit.action.as_str(),
                )
        });
        limits.push(limit);
        RateLimiting::Custom(limits)
    }

    /// The same limits, with turns taken from `limiter`, shared by every client and process
    /// that uses the same Redis.
    ///
    /// ```
    /// use tencent_action_core::{RateLimiting, RedisRateLimiter};
    /// let shared = RedisRateLimiter::new("redis://127.0.0.1:6379").unwrap();
    /// let r = RateLimiting::Declared.shared(shared);
    /// assert!(matches!(r, RateLimiting::Shared(..)));
    /// ```
    #[cfg(feature = "redis")]
    pub fn shared(self, limiter: super::RedisRateLimiter) -> Self {
        match self {
            RateLimiting::Shared(inner, _) => RateLimiting::Shared(inner, limiter),
            limits => RateLimiting::Shared(Box::new(limits), limiter),
        }
    }
}

/// What a turn is taken for: the SecretId (empty for unsigned calls) and the action.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TurnKey<'a> {
    pub secret_id: &'a str,
    pub service: &'a str,
    pub version: &'a str,
    pub action: &'a str,
}

impl TurnKey<'_> {
    fn matches(&self, other: &OwnedKey) -> bool {
        self.secret_id == other.0
            && self.service == other.1
            && self.version == other.2
            && self.action == other.3
    }
}

/// A [`TurnKey`] kept in the map.
#[derive(Debug)]
struct OwnedKey(String, String, String, String);

/// The limiters whose keys share one hash.
type Bucket = Vec<(OwnedKey, Arc<DefaultDirectRateLimiter>)>;

/// Why a call could not take its turn.
#[derive(Debug)]
pub(crate) enum PaceError {
    /// The turn would come after the call's deadline; nothing was sent.
    Deadline,
    /// The shared limiter is unavailable and set to fail calls.
    #[cfg_attr(not(feature = "redis"), allow(dead_code))]
    Shared(crate::Error),
}

/// The limiters of one client, created on first use per SecretId and action.
#[derive(Debug)]
pub(crate) struct Pacer {
    limits: RateLimiting,
    #[cfg(feature = "redis")]
    shared: Option<super::RedisRateLimiter>,
    hasher: RandomState,
    /// By the hash of the key; the few keys sharing a hash side by side.
    limiters: Mutex<HashMap<u64, Bucket>>,
}

impl Pacer {
    pub(crate) fn new(config: RateLimiting) -> Self {
        #[cfg(feature = "redis")]
        let (limits, shared) = match config {
            RateLimiting::Shared(limits, shared) => (*limits, Some(shared)),
            limits => (limits, None),
        };
        #[cfg(not(feature = "redis"))]
        let limits = config;
        Pacer {
            limits,
            #[cfg(feature = "redis")]
            shared,
            hasher: RandomState::new(),
            limiters: Mutex::new(HashMap::new()),
        }
    }

    /// The limit that applies to an action: an override, else the declared one.
    fn limit_for(&self, key: &TurnKey<'_>, declared: Option<u32>) -> Option<NonZeroU32> {
        let limit = match &self.limits {
            RateLimiting::Off => None,
            RateLimiting::Custom(limits) => limits
                .iter()
                .find(|l| l.is_for(key))
                .map(|l| l.per_second)
                .or(declared),
            _ => declared,
        };
        limit.and_then(NonZeroU32::new)
    }

    /// Waits for the call's turn: at once when it has no limit; else from the shared limiter
    /// when there is one (falling back to this client's limiters when it is unavailable, if so
    /// set), else from this client's own. A turn that would come after `deadline` ends the
    /// wait at once.
    pub(crate) async fn pace(
        &self,
        key: &TurnKey<'_>,
        declared: Option<u32>,
        deadline: Instant,
    ) -> Result<(), PaceError> {
        let Some(per_second) = self.limit_for(key, declared) else {
            return Ok(());
        };
        #[cfg(feature = "redis")]
        if let Some(shared) = &self.shared {
            match shared.reserve(key, per_second, deadline).await {
                super::shared::Reservation::After(wait) => {
                    return if sleep_within(deadline, wait).await {
                        Ok(())
                    } else {
                        Err(PaceError::Deadline)
                    };
                }
                super::shared::Reservation::TooLate => return Err(PaceError::Deadline),
                super::shared::Reservation::Unavailable(Some(error)) => {
                    return Err(PaceError::Shared(error));
                }
                super::shared::Reservation::Unavailable(None) => {}
            }
        }
        while let Some(wait) = self.turn(key, per_second) {
            if !sleep_within(deadline, wait).await {
                return Err(PaceError::Deadline);
            }
        }
        Ok(())
    }

    /// Takes a turn from this client's own limiter: `None` when the call may be sent now,
    /// else how long until its next turn, which the caller waits before asking again.
    /// Requests are spaced evenly, one per `1/limit` seconds (no bursts), so any one-second
    /// window holds at most `limit`.
    fn turn(&self, key: &TurnKey<'_>, per_second: NonZeroU32) -> Option<Duration> {
        let hash = self
            .hasher
            .hash_one((key.secret_id, key.service, key.version, key.action));
        let limiter = {
            let mut limiters = match self.limiters.lock() {
                Ok(guard) => guard,
                Err(poisoned) => poisoned.into_inner(),
            };
            let bucket = limiters.entry(hash).or_default();
            match bucket.iter().find(|(k, _)| key.matches(k)) {
                Some((_, limiter)) => limiter.clone(),
                None => {
                    let period = Duration::from_secs(1) / per_second.get();
                    let quota = Quota::with_period(period)
                        .unwrap_or_else(|| Quota::per_second(per_second))
                        .allow_burst(NonZeroU32::MIN);
                    let limiter = Arc::new(RateLimiter::direct(quota));
                    let owned = OwnedKey(
                        key.secret_id.to_owned(),
                        key.service.to_owned(),
                        key.version.to_owned(),
                        key.action.to_owned(),
                    );
                    bucket.push((owned, limiter.clone()));
                    limiter
                }
            }
        };
        limiter
            .check()
            .err()
            .map(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }
}

/// Sleeps for `wait` unless that would reach `deadline`: `false`, at once, then.
pub(crate) async fn sleep_within(deadline: Instant, wait: Duration) -> bool {
    if Instant::now() + wait >= deadline {
        return false;
    }
    if !wait.is_zero() {
        tokio::time::sleep(wait).await;
    }
    true
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroU32;
    use std::time::{Duration, Instant};

    use super::{Pacer, RateLimiting, TurnKey, sleep_within};

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
            .block_on(future)
    }

    fn key<'a>(secret_id: &'a str, service: &'a str, action: &'a str) -> TurnKey<'a> {
        TurnKey {
            secret_id,
            service,
            version: "2017-03-12",
            action,
        }
    }

    const ONE: NonZeroU32 = NonZeroU32::MIN;

    #[test]
    fn a_turn_is_taken_once_and_the_next_is_a_period_away() {
        let pacer = Pacer::new(RateLimiting::Declared);
        let ping = key("AKID", "cvm", "Ping");
        assert_eq!(pacer.turn(&ping, ONE), None);
        let wait = pacer.turn(&ping, ONE).expect("the next turn is later");
        assert!(
            wait > Duration::from_millis(900) && wait <= Duration::from_secs(1),
            "{wait:?}"
        );
        // Without a limit there is no wait at all.
        assert!(
            pacer
                .limit_for(&key("AKID", "cvm", "Other"), None)
                .is_none()
        );
    }

    #[test]
    fn actions_of_the_same_name_in_two_services_have_two_limiters() {
        let pacer = Pacer::new(RateLimiting::Declared);
        let cvm = key("AKID", "cvm", "DescribeInstances");
        let cdb = key("AKID", "cdb", "DescribeInstances");
        assert_eq!(pacer.turn(&cvm, ONE), None);
        assert_eq!(pacer.turn(&cdb, ONE), None, "cdb's turn is its own");
        assert!(pacer.turn(&cvm, ONE).is_some());
        assert!(pacer.turn(&cdb, ONE).is_some());
        // Another version, and another SecretId, have their own too.
        let newer = TurnKey {
            version: "2020-01-01",
            ..cvm
        };
        assert_eq!(pacer.turn(&newer, ONE), None);
        assert_eq!(
            pacer.turn(&key("AKIDOTHER", "cvm", "DescribeInstances"), ONE),
            None
        );
    }

    #[test]
    fn an_override_applies_to_its_service_and_version_only() {
        let pacer = Pacer::new(RateLimiting::Declared.with_limit(
            "cvm",
            "2017-03-12",
            "DescribeInstances",
            5,
        ));
        let cvm = key("AKID", "cvm", "DescribeInstances");
        let cdb = key("AKID", "cdb", "DescribeInstances");
        assert_eq!(
            pacer.limit_for(&cvm, Some(20)).map(NonZeroU32::get),
            Some(5)
        );
        assert_eq!(
            pacer.limit_for(&cdb, Some(20)).map(NonZeroU32::get),
            Some(20)
        );
        assert_eq!(pacer.limit_for(&cdb, None), None);
        let other_version = TurnKey {
            version: "2020-01-01",
            ..cvm
        };
        assert_eq!(pacer.limit_for(&other_version, None), None);
        // Setting it again replaces it; 0 lifts it.
        let pacer = Pacer::new(
            RateLimiting::Declared
                .with_limit("cvm", "2017-03-12", "DescribeInstances", 5)
                .with_limit("cvm", "2017-03-12", "DescribeInstances", 0),
        );
        assert_eq!(pacer.limit_for(&cvm, Some(20)), None);
        assert!(matches!(&pacer.limits, RateLimiting::Custom(l) if l.len() == 1));
    }

    #[test]
    fn a_wait_past_the_deadline_is_refused_at_once() {
        let deadline = Instant::now() + Duration::from_millis(900);
        block_on(async {
            let started = Instant::now();
            assert!(!sleep_within(deadline, Duration::from_secs(1)).await);
            assert!(started.elapsed() < Duration::from_millis(450));
        });
    }

    #[test]
    fn a_turn_before_the_deadline_is_waited_for() {
        let pacer = Pacer::new(RateLimiting::Declared);
        let ping = key("AKID", "cvm", "Ping");
        let deadline = Instant::now() + Duration::from_secs(5);
        block_on(async {
            pacer.pace(&ping, Some(20), deadline).await.unwrap();
            let started = Instant::now();
            pacer.pace(&ping, Some(20), deadline).await.unwrap();
            assert!(started.elapsed() >= Duration::from_millis(40));
        });
    }
}
