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

    /// Waits until the action may be sent again. Requests are spaced evenly, one per
    /// `1/limit` seconds (no bursts), so any one-second window holds at most `limit`.
    ///
    /// `false`, at once, when the turn would come after `deadline`.
    pub(crate) async fn wait(
        &self,
        action: &str,
        declared: Option<u32>,
        deadline: Instant,
    ) -> bool {
        let Some(per_second) = self.limit_for(action, declared).and_then(NonZeroU32::new) else {
            return true;
        };
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
        let clock = DefaultClock::default();
        while let Err(not_until) = limiter.check() {
            let wait = not_until.wait_time_from(clock.now());
            if Instant::now() + wait > deadline {
                return false;
            }
            tokio::time::sleep(wait).await;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::{Pacer, RateLimiting};

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn a_turn_past_the_deadline_is_refused_at_once() {
        let pacer = Pacer::new(RateLimiting::Declared);
        let deadline = Instant::now() + Duration::from_millis(900);
        block_on(async {
            assert!(pacer.wait("Ping", Some(1), deadline).await);
            // The next turn is a second away, after the deadline: refused without waiting
            // for the deadline.
            let started = Instant::now();
            assert!(!pacer.wait("Ping", Some(1), deadline).await);
            assert!(started.elapsed() < Duration::from_millis(450));
        });
    }

    #[test]
    fn a_turn_before_the_deadline_is_waited_for() {
        let pacer = Pacer::new(RateLimiting::Declared);
        let deadline = Instant::now() + Duration::from_secs(5);
        block_on(async {
            assert!(pacer.wait("Ping", Some(20), deadline).await);
            let started = Instant::now();
            assert!(pacer.wait("Ping", Some(20), deadline).await);
            assert!(started.elapsed() >= Duration::from_millis(40));
        });
    }
}
