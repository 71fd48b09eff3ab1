//! Client-side rate limiting: each action is paced to its declared `rate_limit`, shared by all
//! clones of a client, so a busy caller stays under the limit instead of collecting
//! `RequestLimitExceeded`.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

/// Whether and how calls are paced.
///
/// ```
/// use tencent_action_core::RateLimiting;
/// let custom = RateLimiting::Declared.with_limit("CreateTRTCSignaturesWithRoomId", 10);
/// assert_ne!(custom, RateLimiting::Off);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RateLimiting {
    /// Each declared action is paced to its `rate_limit` (the default).
    #[default]
    Declared,
    /// Declared limits, with some actions' limits replaced (or added, for undeclared ones
    /// called with `call_json`): `(action name, requests per second)`.
    Custom(Vec<(String, u32)>),
    /// No client-side pacing.
    Off,
}

impl RateLimiting {
    /// Sets one action's limit, keeping the declared ones for the others.
    ///
    /// ```
    /// let r = tencent_action_core::RateLimiting::Declared.with_limit("DescribeZones", 5);
    /// assert!(matches!(r, tencent_action_core::RateLimiting::Custom(_)));
    /// ```
    pub fn with_limit(self, action: impl Into<String>, per_second: u32) -> Self {
        let mut limits = match self {
            RateLimiting::Custom(limits) => limits,
            _ => Vec::new(),
        };
        let action = action.into();
        limits.retain(|(name, _)| *name != action);
        limits.push((action, per_second));
        RateLimiting::Custom(limits)
    }
}

/// The limiters of one client, created on first use per action.
#[derive(Debug)]
pub(crate) struct Pacer {
    config: RateLimiting,
    limiters: Mutex<HashMap<String, Arc<DefaultDirectRateLimiter>>>,
}

impl Pacer {
    pub(crate) fn new(config: RateLimiting) -> Self {
        Pacer {
            config,
            limiters: Mutex::new(HashMap::new()),
        }
    }

    /// The limit that applies to an action: an override, else the declared one.
    fn limit_for(&self, action: &str, declared: Option<u32>) -> Option<u32> {
        match &self.config {
            RateLimiting::Off => None,
            RateLimiting::Declared => declared,
            RateLimiting::Custom(limits) => limits
                .iter()
                .find(|(name, _)| name == action)
                .map(|(_, n)| *n)
                .or(declared),
        }
    }

    /// Takes the action's turn: `None` when it may be sent now, else how long until its next
    /// turn, which the caller waits before asking again. Requests are spaced evenly, one per
    /// `1/limit` seconds (no bursts), so any one-second window holds at most `limit`.
    pub(crate) fn turn(&self, action: &str, declared: Option<u32>) -> Option<Duration> {
        let per_second = self.limit_for(action, declared).and_then(NonZeroU32::new)?;
        let limiter = {
            let mut limiters = match self.limiters.lock() {
                Ok(guard) => guard,
                Err(poisoned) => poisoned.into_inner(),
            };
            match limiters.get(action) {
                Some(limiter) => limiter.clone(),
                None => {
                    let period = Duration::from_secs(1) / per_second.get();
                    let quota = Quota::with_period(period)
                        .unwrap_or_else(|| Quota::per_second(per_second))
                        .allow_burst(NonZeroU32::MIN);
                    let limiter = Arc::new(RateLimiter::direct(quota));
                    limiters.insert(action.to_owned(), limiter.clone());
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
    tokio::time::sleep(wait).await;
    true
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::{Pacer, RateLimiting, sleep_within};

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn a_turn_is_taken_once_and_the_next_is_a_period_away() {
        let pacer = Pacer::new(RateLimiting::Declared);
        assert_eq!(pacer.turn("Ping", Some(1)), None);
        let wait = pacer.turn("Ping", Some(1)).expect("the next turn is later");
        assert!(
            wait > Duration::from_millis(900) && wait <= Duration::from_secs(1),
            "{wait:?}"
        );
        // Without a limit there is always a turn.
        assert_eq!(pacer.turn("Other", None), None);
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
        let deadline = Instant::now() + Duration::from_secs(5);
        block_on(async {
            assert_eq!(pacer.turn("Ping", Some(20)), None);
            let started = Instant::now();
            while let Some(wait) = pacer.turn("Ping", Some(20)) {
                assert!(sleep_within(deadline, wait).await);
            }
            assert!(started.elapsed() >= Duration::from_millis(40));
        });
    }
}
