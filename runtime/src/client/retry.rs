//! Retry classification (checklist E9), backoff and the standard-mode retry quota.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use crate::spec::OperationSpec;

use super::config::RetryConfig;
use super::transport::TransportErrorKind;

/// Error codes the AWS SDKs treat as throttling (smithy-rs `THROTTLING_ERRORS`).
pub const THROTTLING_ERROR_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes the AWS SDKs treat as transient (smithy-rs `TRANSIENT_ERRORS`).
pub const TRANSIENT_ERROR_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException"];

/// HTTP statuses that are transient whatever the body says.
pub const TRANSIENT_STATUS_CODES: &[u16] = &[500, 502, 503, 504];

/// Why an attempt may be retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryKind {
    /// A transient server or network failure.
    Transient,
    /// The service asked the client to slow down.
    Throttling,
    /// The attempt (or the connection) timed out; costs more quota.
    Timeout,
}

/// Tokens a retry takes from the quota.
pub(crate) const RETRY_COST: u32 = 5;
/// Tokens a retry after a timeout takes from the quota.
pub(crate) const TIMEOUT_RETRY_COST: u32 = 10;
/// Tokens a successful first attempt puts back.
pub(crate) const NO_RETRY_INCREMENT: u32 = 1;

impl RetryKind {
    /// The quota cost of retrying after this failure.
    pub(crate) fn cost(self) -> u32 {
        match self {
            Self::Timeout => TIMEOUT_RETRY_COST,
            Self::Transient | Self::Throttling => RETRY_COST,
        }
    }
}

/// Classifies an HTTP response (checklist E9).
///
/// Retryable: throttling codes (and 429), `@retryable` modeled errors, `RequestTimeout[Exception]`
/// and statuses 500/502/503/504. An operation that is not `retry_safe` (not `@readonly`,
/// `@idempotent` or token-carrying) is only retried when the service says a retry is fine:
/// throttling, a `@retryable` error, 503, or a retry-after header (Smithy behavior traits,
/// "Idempotency").
pub fn classify_response(
    op: &OperationSpec,
    status: u16,
    code: Option<&str>,
    has_retry_after: bool,
) -> Option<RetryKind> {
    if (200..300).contains(&status) {
        return None;
    }
    let modeled = code.and_then(|c| op.retryable(c));
    let throttling = modeled.is_some_and(|e| e.throttling)
        || code.is_some_and(|c| THROTTLING_ERROR_CODES.contains(&c))
        || status == 429;
    if throttling {
        return Some(RetryKind::Throttling);
    }
    if modeled.is_some() {
        return Some(RetryKind::Transient);
    }
    let transient =
        code.is_some_and(|c| TRANSIENT_ERROR_CODES.contains(&c)) || TRANSIENT_STATUS_CODES.contains(&status);
    if !transient {
        return None;
    }
    (op.retry_safe || status == 503 || has_retry_after).then_some(RetryKind::Transient)
}

/// Classifies a transport failure: a request that never left (connect errors) can always be
/// retried; a broken connection only for `retry_safe` operations.
pub fn classify_transport(op: &OperationSpec, kind: TransportErrorKind) -> Option<RetryKind> {
    match kind {
        TransportErrorKind::Connect => Some(RetryKind::Transient),
        TransportErrorKind::ConnectTimeout => Some(RetryKind::Timeout),
        TransportErrorKind::Io => op.retry_safe.then_some(RetryKind::Transient),
        _ => None,
    }
}

/// Classifies an attempt timeout: the request may have been processed, so only `retry_safe`
/// operations are sent again.
pub fn classify_attempt_timeout(op: &OperationSpec) -> Option<RetryKind> {
    op.retry_safe.then_some(RetryKind::Timeout)
}

/// The standard-mode retry quota (token bucket), shared by all clones of a client.
#[derive(Debug)]
pub(crate) struct RetryQuota {
    capacity: u32,
    available: Mutex<u32>,
}

impl RetryQuota {
    pub(crate) fn new(capacity: u32) -> Self {
        Self { capacity, available: Mutex::new(capacity) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, u32> {
        // A poisoned lock only means another thread panicked mid-update of a plain integer.
        self.available.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes `cost` tokens; `false` (and nothing taken) when not enough are left.
    pub(crate) fn try_acquire(&self, cost: u32) -> bool {
        let mut available = self.lock();
        if *available < cost {
            return false;
        }
        *available -= cost;
        true
    }

    /// Puts `tokens` back, never above the capacity.
    pub(crate) fn release(&self, tokens: u32) {
        let mut available = self.lock();
        *available = available.saturating_add(tokens).min(self.capacity);
    }

    /// Tokens left.
    pub(crate) fn available(&self) -> u32 {
        *self.lock()
    }
}

/// The delay before retry number `retry` (1 for the first retry): full jitter over
/// `min(max_backoff, initial_backoff * 2^(retry-1))`, or the server's retry-after hint capped at
/// `max_backoff`.
pub(crate) fn backoff(config: &RetryConfig, retry: u32, retry_after: Option<Duration>) -> Duration {
    if let Some(hint) = retry_after {
        return hint.min(config.max_backoff());
    }
    let exp = 2f64.powi(retry.saturating_sub(1).min(62) as i32);
    let ceiling = (config.initial_backoff().as_secs_f64() * exp).min(config.max_backoff().as_secs_f64());
    Duration::try_from_secs_f64(ceiling * jitter()).unwrap_or_else(|_| config.max_backoff())
}

/// A random number in `[0, 1)`. The std hasher's random keys, mixed with a counter, are
/// plenty for jitter and avoid a `rand` dependency.
fn jitter() -> f64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// Parses `x-amz-retry-after` (milliseconds).
pub(crate) fn parse_retry_after_ms(value: Option<&str>) -> Option<Duration> {
    value?.trim().parse::<u64>().ok().map(Duration::from_millis)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::RetryableError;

    const ERRORS: &[RetryableError] = &[
        RetryableError { code: "InternalServerException", throttling: false },
        RetryableError { code: "CustomSlowDown", throttling: true },
    ];
    const SAFE: OperationSpec =
        OperationSpec { name: "Get", retry_safe: true, retryable_errors: ERRORS };
    const UNSAFE: OperationSpec =
        OperationSpec { name: "Put", retry_safe: false, retryable_errors: ERRORS };

    #[test]
    fn classifies_responses() {
        use RetryKind::*;
        assert_eq!(classify_response(&SAFE, 200, None, false), None);
        assert_eq!(classify_response(&SAFE, 400, Some("ThrottlingException"), false), Some(Throttling));
        assert_eq!(classify_response(&SAFE, 400, Some("SlowDown"), false), Some(Throttling));
        assert_eq!(classify_response(&SAFE, 400, Some("CustomSlowDown"), false), Some(Throttling));
        assert_eq!(classify_response(&SAFE, 429, None, false), Some(Throttling));
        assert_eq!(classify_response(&SAFE, 500, Some("InternalServerException"), false), Some(Transient));
        assert_eq!(classify_response(&SAFE, 400, Some("RequestTimeoutException"), false), Some(Transient));
        for status in [500, 502, 503, 504] {
            assert_eq!(classify_response(&SAFE, status, None, false), Some(Transient), "{status}");
        }
        assert_eq!(classify_response(&SAFE, 501, None, false), None);
        assert_eq!(classify_response(&SAFE, 400, Some("ValidationException"), false), None);
        assert_eq!(classify_response(&SAFE, 404, None, false), None);
        // Unsafe operations: only when the service says so.
        assert_eq!(classify_response(&UNSAFE, 500, None, false), None);
        assert_eq!(classify_response(&UNSAFE, 504, Some("OperationTimeoutException"), false), None);
        assert_eq!(classify_response(&UNSAFE, 500, None, true), Some(Transient));
        assert_eq!(classify_response(&UNSAFE, 503, None, false), Some(Transient));
        assert_eq!(classify_response(&UNSAFE, 500, Some("InternalServerException"), false), Some(Transient));
        assert_eq!(classify_response(&UNSAFE, 400, Some("ThrottlingException"), false), Some(Throttling));
    }

    #[test]
    fn classifies_transport_failures() {
        assert_eq!(classify_transport(&UNSAFE, TransportErrorKind::Connect), Some(RetryKind::Transient));
        assert_eq!(classify_transport(&UNSAFE, TransportErrorKind::ConnectTimeout), Some(RetryKind::Timeout));
        assert_eq!(classify_transport(&UNSAFE, TransportErrorKind::Io), None);
        assert_eq!(classify_transport(&SAFE, TransportErrorKind::Io), Some(RetryKind::Transient));
        assert_eq!(classify_transport(&SAFE, TransportErrorKind::Other), None);
        assert_eq!(classify_attempt_timeout(&SAFE), Some(RetryKind::Timeout));
        assert_eq!(classify_attempt_timeout(&UNSAFE), None);
    }

    #[test]
    fn quota_takes_and_refunds() {
        let q = RetryQuota::new(12);
        assert!(q.try_acquire(RETRY_COST));
        assert!(q.try_acquire(RETRY_COST));
        assert!(!q.try_acquire(TIMEOUT_RETRY_COST));
        assert_eq!(q.available(), 2);
        q.release(RETRY_COST);
        assert_eq!(q.available(), 7);
        q.release(100);
        assert_eq!(q.available(), 12);
    }

    #[test]
    fn backoff_is_bounded_and_jittered() {
        let config = RetryConfig::standard();
        let mut distinct = std::collections::BTreeSet::new();
        for retry in 1..=10 {
            for _ in 0..20 {
                let d = backoff(&config, retry, None);
                let ceiling = Duration::from_secs(1u64 << (retry - 1)).min(Duration::from_secs(20));
                assert!(d <= ceiling, "{retry}: {d:?}");
                distinct.insert(d);
            }
        }
        assert!(distinct.len() > 100);
        assert_eq!(backoff(&config, 1, Some(Duration::from_millis(1500))), Duration::from_millis(1500));
        assert_eq!(backoff(&config, 1, Some(Duration::from_secs(600))), Duration::from_secs(20));
        assert!(backoff(&config, u32::MAX, None) <= Duration::from_secs(20));
        assert_eq!(parse_retry_after_ms(Some(" 250 ")), Some(Duration::from_millis(250)));
        assert_eq!(parse_retry_after_ms(Some("soon")), None);
    }
}
