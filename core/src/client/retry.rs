//! When a failed attempt is tried again: the retry policy, the classification of failures, and
//! exponential backoff with full jitter.

use std::time::Duration;

use crate::{Error, ResponseErrorKind, TransportKind, codes};

/// How a call is retried. Defaults: 3 attempts, backoff from 100 ms doubling up to 5 s with full
/// jitter, 60 s for the whole call (including waits for the rate limiter).
///
/// Throttled calls (`RequestLimitExceeded*`) and calls that never reached the server (no
/// connection) are retried for every action. Transient failures that may have reached the
/// server (`InternalError`, `ServiceUnavailable`, `ResourceUnavailable`, HTTP 5xx, timeouts,
/// connections lost mid-response) are retried only for idempotent actions, which are re-sent
/// with the same `ClientToken`. `AuthFailure.SignatureExpire` is corrected (clock skew) and
/// retried once, `AuthFailure.TokenFailure` refreshes the credential and retries once; every
/// other failure is final.
///
/// ```
/// use std::time::Duration;
/// use tencent_action_core::RetryPolicy;
/// let policy = RetryPolicy::default().max_attempts(5).deadline(Duration::from_secs(10));
/// assert_eq!(policy.attempts(), 5);
/// assert_eq!(RetryPolicy::none().attempts(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    deadline: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
            deadline: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retries (the skew correction and token refresh still apply, since
    /// those requests were rejected before any processing).
    ///
    /// ```
    /// assert_eq!(tencent_action_core::RetryPolicy::none().attempts(), 1);
    /// ```
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The most attempts per call, the first included (at least 1).
    ///
    /// ```
    /// assert_eq!(tencent_action_core::RetryPolicy::default().max_attempts(0).attempts(), 1);
    /// ```
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The first backoff's upper bound; it doubles with each retry.
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The cap on any one backoff.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The longest a whole call may take, attempts, backoff and pacing included.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The configured number of attempts.
    ///
    /// ```
    /// assert_eq!(tencent_action_core::RetryPolicy::default().attempts(), 3);
    /// ```
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The configured deadline of a whole call.
    ///
    /// ```
    /// assert_eq!(tencent_action_core::RetryPolicy::default().call_deadline().as_secs(), 60);
    /// ```
    pub fn call_deadline(&self) -> Duration {
        self.deadline
    }

    /// When a call that starts now must end: [`call_deadline`](Self::call_deadline) from now,
    /// or, for a deadline too far to represent (`Duration::MAX`), a century from now.
    pub(crate) fn deadline_from_now(&self) -> std::time::Instant {
        let now = std::time::Instant::now();
        now.checked_add(self.deadline)
            .or_else(|| now.checked_add(Duration::from_secs(100 * 365 * 86_400)))
            .unwrap_or(now)
    }

    /// The wait before retry number `retry` (1 for the first retry): uniformly random between
    /// zero and `min(max_delay, base_delay * 2^(retry-1))`.
    pub(crate) fn backoff(&self, retry: u32, random: u64) -> Duration {
        let exp = self.base_delay.saturating_mul(
            1u32.checked_shl(retry.saturating_sub(1))
                .unwrap_or(u32::MAX),
        );
        let cap = exp.min(self.max_delay);
        let nanos = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
        if nanos == 0 {
            return Duration::ZERO;
        }
        Duration::from_nanos(random % (nanos + 1))
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Disposition {
    /// Try again after a backoff.
    Retry,
    /// Correct the clock from the server's time and try again at once (once per call).
    FixClock,
    /// Refresh the credential and try again at once (once per call).
    RefreshCredential,
    /// The failure may have reached the server and the action is not idempotent: give up.
    UnsafeToRetry,
    /// Give up.
    Final,
}

/// Codes that mean the request was throttled before any processing.
fn is_throttled(code: &str) -> bool {
    codes::category(code) == codes::REQUEST_LIMIT_EXCEEDED
}

/// Codes that mean a transient server-side failure.
fn is_transient(code: &str) -> bool {
    matches!(
        code,
        codes::SERVICE_UNAVAILABLE | codes::RESOURCE_UNAVAILABLE
    ) || codes::category(code) == codes::INTERNAL_ERROR
}

/// Classifies a failed attempt.
pub(crate) fn classify(error: &Error, idempotent: bool) -> Disposition {
    let if_idempotent = if idempotent {
        Disposition::Retry
    } else {
        Disposition::UnsafeToRetry
    };
    match error {
        Error::Api(api) => match api.code() {
            codes::SIGNATURE_EXPIRE => Disposition::FixClock,
            codes::TOKEN_FAILURE => Disposition::RefreshCredential,
            code if is_throttled(code) => Disposition::Retry,
            code if is_transient(code) => if_idempotent,
            _ => Disposition::Final,
        },
        Error::Transport { kind, .. } => match kind {
            TransportKind::Connect => Disposition::Retry,
            _ => if_idempotent,
        },
        Error::Response(response) => match response.kind {
            ResponseErrorKind::HttpStatus if response.status == 429 => Disposition::Retry,
            ResponseErrorKind::HttpStatus if response.status >= 500 => if_idempotent,
            ResponseErrorKind::NotJson | ResponseErrorKind::NoEnvelope => if_idempotent,
            _ => Disposition::Final,
        },
        _ => Disposition::Final,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ApiError, ResponseError};

    #[test]
    fn a_deadline_too_far_to_represent_is_held_at_a_century() {
        let now = std::time::Instant::now();
        let far = RetryPolicy::default()
            .deadline(Duration::MAX)
            .deadline_from_now();
        assert!(far >= now + Duration::from_secs(99 * 365 * 86_400));
        let near = RetryPolicy::default()
            .deadline(Duration::from_secs(5))
            .deadline_from_now();
        assert!(near >= now + Duration::from_secs(5) && near < now + Duration::from_secs(60));
    }

    fn api(code: &str) -> Error {
        Error::Api(ApiError::new(code, "m", "r"))
    }

    #[test]
    fn throttling_is_retried_for_any_action_and_transient_only_when_idempotent() {
        for idempotent in [false, true] {
            assert_eq!(
                classify(&api(codes::REQUEST_LIMIT_EXCEEDED), idempotent),
                Disposition::Retry
            );
            assert_eq!(
                classify(&api("RequestLimitExceeded.UinLimitExceeded"), idempotent),
                Disposition::Retry
            );
            assert_eq!(
                classify(&api(codes::INVALID_PARAMETER), idempotent),
                Disposition::Final
            );
            assert_eq!(
                classify(&api(codes::SIGNATURE_EXPIRE), idempotent),
                Disposition::FixClock
            );
            assert_eq!(
                classify(&api(codes::TOKEN_FAILURE), idempotent),
                Disposition::RefreshCredential
            );
        }
        assert_eq!(
            classify(&api(codes::INTERNAL_ERROR), true),
            Disposition::Retry
        );
        assert_eq!(
            classify(&api(codes::INTERNAL_ERROR), false),
            Disposition::UnsafeToRetry
        );
        assert_eq!(
            classify(&api(codes::SERVICE_UNAVAILABLE), false),
            Disposition::UnsafeToRetry
        );
        let bad_gateway = Error::Response(ResponseError::new(
            502,
            ResponseErrorKind::HttpStatus,
            "gateway",
            "<html>",
        ));
        assert_eq!(classify(&bad_gateway, true), Disposition::Retry);
        assert_eq!(classify(&bad_gateway, false), Disposition::UnsafeToRetry);
    }

    #[test]
    fn backoff_is_capped_full_jitter() {
        let policy = RetryPolicy::default()
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_millis(300));
        assert_eq!(policy.backoff(1, 0), Duration::ZERO);
        assert_eq!(policy.backoff(1, 100_000_000), Duration::from_millis(100));
        assert!(policy.backoff(2, u64::MAX) <= Duration::from_millis(200));
        assert!(policy.backoff(30, u64::MAX) <= Duration::from_millis(300));
        assert!(policy.backoff(u32::MAX, u64::MAX) <= Duration::from_millis(300));
    }
}
