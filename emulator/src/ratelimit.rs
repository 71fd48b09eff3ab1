//! Per-action request-rate limits, per SecretId, as the service enforces them.
//!
//! # Semantics
//!
//! A call with SecretId `S` to action `A` whose limit is `N` per second is answered
//! `RequestLimitExceeded` (and not processed) when `N` calls by `S` to `A` were already
//! **accepted** within the preceding *window*: one second minus a grace for transit jitter
//! (50 ms by default, so 950 ms). Rejected calls do not count. Time is the emulator's service
//! clock, read when the request's signature has been verified.
//!
//! So, of any `K` calls that arrive within the window, exactly `min(K, N)` are accepted, and a
//! client that spaces its calls at least `1/N` s apart (as `tencent-action`'s pacing does) is
//! never throttled: `N + 1` consecutive calls of such a client span at least one second when
//! sent, and arrive no less than one second minus their jitter apart. With a manual clock
//! ([`EmulatorBuilder::manual_clock`](crate::EmulatorBuilder::manual_clock)) the window moves
//! only with [`RunningEmulator::advance_clock`](crate::RunningEmulator::advance_clock), and
//! every count is exact.
//!
//! # Why a sliding-window log and not a token bucket (`governor`)
//!
//! A token bucket (GCRA) of capacity `N` refilled at `N`/s accepts `N` calls at once and then
//! one more every `1/N` s: how many of a burst of `N + 5` calls are accepted depends on how long
//! the burst took to arrive (each 50 ms at 20/s frees another slot), so a test cannot count on
//! "the 21st call is throttled" without timing assumptions, and up to `2N - 1` calls fit in
//! one second. The log of accepted arrival times answers "how many calls in the last window"
//! exactly, costs at most `N` timestamps per SecretId and action, and needs no dependency.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// The limit applies per second.
const WINDOW_MS: i64 = 1000;

/// The default allowance for transit jitter, subtracted from the window.
pub(crate) const DEFAULT_GRACE: Duration = Duration::from_millis(50);

/// A throttled call: the limit that applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Throttled {
    pub limit: u32,
}

/// The limits and the recent accepted calls.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    window_ms: i64,
    /// Limits set by action name, overriding the declared ones; `None` means unlimited.
    overrides: Mutex<HashMap<String, Option<u32>>>,
    /// Accepted call times (service clock, ms) per SecretId, service and action, oldest first.
    accepted: Mutex<HashMap<(String, String, String), VecDeque<i64>>>,
}

impl RateLimiter {
    pub(crate) fn new(grace: Duration, overrides: HashMap<String, Option<u32>>) -> Self {
        let grace_ms = i64::try_from(grace.as_millis()).unwrap_or(WINDOW_MS);
        RateLimiter {
            window_ms: (WINDOW_MS - grace_ms).max(1),
            overrides: Mutex::new(overrides),
            accepted: Mutex::new(HashMap::new()),
        }
    }

    /// Sets (or, with `None`, lifts) an action's limit, overriding the declared one.
    pub(crate) fn set_limit(&self, action: &str, per_second: Option<u32>) {
        self.overrides
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(action.to_owned(), per_second);
    }

    /// The limit that applies to `action`: an override, else the declared one.
    pub(crate) fn limit_for(&self, action: &str, declared: Option<u32>) -> Option<u32> {
        let overrides = self
            .overrides
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        match overrides.get(action) {
            Some(limit) => *limit,
            None => declared,
        }
        .filter(|n| *n > 0)
    }

    /// Admits a call at `now_ms` (service clock) or says it is throttled. An admitted call is
    /// counted; a throttled one is not.
    pub(crate) fn admit(
        &self,
        secret_id: &str,
        service: &str,
        action: &str,
        declared: Option<u32>,
        now_ms: i64,
    ) -> Result<(), Throttled> {
        let Some(limit) = self.limit_for(action, declared) else {
            return Ok(());
        };
        let mut accepted = self.accepted.lock().unwrap_or_else(PoisonError::into_inner);
        let log = accepted
            .entry((secret_id.to_owned(), service.to_owned(), action.to_owned()))
            .or_default();
        // Forget calls that left the window. A clock moved backwards keeps them counted.
        while log
            .front()
            .is_some_and(|t| now_ms.saturating_sub(*t) >= self.window_ms)
        {
            log.pop_front();
        }
        let limit_len = usize::try_from(limit).unwrap_or(usize::MAX);
        if log.len() >= limit_len {
            return Err(Throttled { limit });
        }
        log.push_back(now_ms);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter() -> RateLimiter {
        RateLimiter::new(DEFAULT_GRACE, HashMap::new())
    }

    #[test]
    fn exactly_n_of_a_burst_are_admitted() {
        let l = limiter();
        let admitted = (0..25)
            .filter(|i| l.admit("AKID", "cvm", "A", Some(20), 1_000 + i).is_ok())
            .count();
        assert_eq!(admitted, 20);
        // Rejected calls did not count: the window frees up 950 ms after the first call.
        assert!(l.admit("AKID", "cvm", "A", Some(20), 1_949).is_err());
        assert!(l.admit("AKID", "cvm", "A", Some(20), 1_950).is_ok());
    }

    #[test]
    fn evenly_spaced_calls_at_the_limit_are_never_throttled_even_with_jitter() {
        let l = limiter();
        for i in 0..200i64 {
            // Sent every 50 ms; arrivals jitter by up to 40 ms either way.
            let jitter = if i % 2 == 0 { 40 } else { -40 };
            let at = 10_000 + i * 50 + jitter;
            assert!(
                l.admit("AKID", "cvm", "A", Some(20), at).is_ok(),
                "call {i}"
            );
        }
    }

    #[test]
    fn limits_are_per_secret_id_and_action() {
        let l = limiter();
        assert!(l.admit("A1", "cvm", "X", Some(1), 0).is_ok());
        assert!(l.admit("A1", "cvm", "X", Some(1), 1).is_err());
        assert!(l.admit("A2", "cvm", "X", Some(1), 1).is_ok());
        assert!(l.admit("A1", "cvm", "Y", Some(1), 1).is_ok());
        assert!(l.admit("A1", "cvm", "Z", None, 1).is_ok());
        assert!(l.admit("A1", "cvm", "Z", None, 1).is_ok());
    }

    #[test]
    fn overrides_replace_and_lift_declared_limits() {
        let l = RateLimiter::new(Duration::ZERO, HashMap::from([("X".to_owned(), Some(2))]));
        assert_eq!(l.limit_for("X", Some(20)), Some(2));
        assert_eq!(l.limit_for("Y", Some(20)), Some(20));
        l.set_limit("Y", None);
        assert_eq!(l.limit_for("Y", Some(20)), None);
        l.set_limit("Y", Some(0));
        assert_eq!(l.limit_for("Y", Some(20)), None);
        assert!(l.admit("S", "cvm", "X", Some(20), 0).is_ok());
        assert!(l.admit("S", "cvm", "X", Some(20), 999).is_ok());
        assert_eq!(
            l.admit("S", "cvm", "X", Some(20), 999),
            Err(Throttled { limit: 2 })
        );
        // Without grace the window is a full second.
        assert!(l.admit("S", "cvm", "X", Some(20), 1000).is_ok());
    }

    #[test]
    fn a_clock_moved_back_keeps_calls_counted() {
        let l = limiter();
        assert!(l.admit("S", "cvm", "X", Some(1), 5_000).is_ok());
        assert!(l.admit("S", "cvm", "X", Some(1), 1_000).is_err());
    }
}
