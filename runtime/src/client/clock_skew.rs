//! Clock skew correction: the service's clock as the client measures it from the `Date`
//! header of its responses, so that a machine whose clock is off still signs requests the
//! service accepts (AWS rejects signatures more than five minutes off its own time).

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::response::RawResponse;

/// Offsets smaller than this are left alone: `Date` has a resolution of one second and the
/// exchange takes time, so small differences are noise, and services accept minutes.
pub(crate) const SKEW_THRESHOLD: Duration = Duration::from_secs(60);

/// Error codes with which services reject a request for its time (the AWS SDKs' list).
/// The signature errors mean skew only when the response's `Date` shows it, which the caller
/// checks through [`ClockSkew::observe`].
const SKEW_ERROR_CODES: &[&str] = &[
    "RequestTimeTooSkewed",
    "RequestExpired",
    "RequestInTheFuture",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "AuthFailure",
];

/// Whether `code` is one a service rejects a request's time with.
pub(crate) fn is_skew_error(code: &str) -> bool {
    SKEW_ERROR_CODES.contains(&code)
}

/// The correction applied to the local clock when signing, in milliseconds (service time
/// minus local time); shared by the clones of a client.
#[derive(Debug, Default)]
pub(crate) struct ClockSkew {
    offset_ms: AtomicI64,
}

impl ClockSkew {
    /// `now` (the local clock) corrected by the measured offset.
    pub(crate) fn corrected(&self, now: SystemTime) -> SystemTime {
        let offset = self.offset_ms.load(Ordering::Relaxed);
        let magnitude = Duration::from_millis(offset.unsigned_abs());
        if offset >= 0 {
            now.checked_add(magnitude).unwrap_or(now)
        } else {
            now.checked_sub(magnitude).unwrap_or(now)
        }
    }

    /// Measures the service's clock from `raw`'s `Date` against the midpoint of `sent` and
    /// `received` (local times) and adopts the offset when it differs from the current one
    /// by [`SKEW_THRESHOLD`] or more. Returns whether the correction changed. A response
    /// without a valid `Date`, or served from a cache (`Age`), says nothing of the clock.
    pub(crate) fn observe(&self, raw: &RawResponse, sent: SystemTime, received: SystemTime) -> bool {
        if raw.header("age").is_some() {
            return false;
        }
        let Some(server) = raw.header("date").and_then(|d| crate::time::parse_http_date(d).ok()) else {
            return false;
        };
        let (Some(sent), Some(received)) = (millis(sent), millis(received)) else { return false };
        let midpoint = sent + (received - sent) / 2;
        let server_ms = i64::try_from(server.unix_timestamp_nanos() / 1_000_000).unwrap_or(midpoint);
        let offset = server_ms - midpoint;
        let current = self.offset_ms.load(Ordering::Relaxed);
        if offset.abs_diff(current) < SKEW_THRESHOLD.as_millis() as u64 {
            return false;
        }
        // Within the threshold of zero, the clock is right: forget the correction.
        let adopted = if offset.unsigned_abs() < SKEW_THRESHOLD.as_millis() as u64 { 0 } else { offset };
        self.offset_ms.store(adopted, Ordering::Relaxed);
        tracing::debug!(offset_ms = adopted, "clock skew: signing with the service's time");
        true
    }
}

/// Milliseconds since the Unix epoch (negative before it), if representable.
fn millis(time: SystemTime) -> Option<i64> {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_millis()).ok(),
        Err(before) => i64::try_from(before.duration().as_millis()).ok().map(|m| -m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_700_000_000;

    fn at(seconds: i64) -> SystemTime {
        if seconds >= 0 {
            UNIX_EPOCH + Duration::from_secs(seconds as u64)
        } else {
            UNIX_EPOCH - Duration::from_secs(seconds.unsigned_abs())
        }
    }

    fn response_dated(seconds: i64) -> RawResponse {
        let date = crate::time::format_http_date(&crate::time::from_epoch_seconds(seconds as f64).expect("in range"));
        RawResponse::new(200, "{}").with_header("Date", &date)
    }

    #[test]
    fn a_skewed_service_clock_is_adopted_and_later_forgotten() {
        let skew = ClockSkew::default();
        let now = NOW as i64;
        // The service is 20 minutes ahead; the exchange took 2 s.
        assert!(skew.observe(&response_dated(now + 1200), at(now - 1), at(now + 1)));
        assert_eq!(skew.corrected(at(now)), at(now + 1200));
        // The same offset again changes nothing.
        assert!(!skew.observe(&response_dated(now + 1201), at(now), at(now + 1)));
        assert_eq!(skew.corrected(at(now)), at(now + 1200));
        // The local clock was fixed: the correction goes.
        assert!(skew.observe(&response_dated(now + 3), at(now), at(now)));
        assert_eq!(skew.corrected(at(now)), at(now));
        // Behind works too.
        assert!(skew.observe(&response_dated(now - 900), at(now), at(now)));
        assert_eq!(skew.corrected(at(now)), at(now - 900));
    }

    #[test]
    fn small_offsets_cached_and_undated_responses_change_nothing() {
        let skew = ClockSkew::default();
        let now = NOW as i64;
        assert!(!skew.observe(&response_dated(now + 59), at(now), at(now)));
        assert!(!skew.observe(&response_dated(now + 3600).with_header("Age", "12"), at(now), at(now)));
        assert!(!skew.observe(&RawResponse::new(200, "{}"), at(now), at(now)));
        assert!(!skew.observe(&RawResponse::new(200, "{}").with_header("Date", "yesterday"), at(now), at(now)));
        assert_eq!(skew.corrected(at(now)), at(now));
    }

    #[test]
    fn skew_error_codes() {
        for code in ["RequestTimeTooSkewed", "RequestExpired", "InvalidSignatureException", "SignatureDoesNotMatch"] {
            assert!(is_skew_error(code), "{code}");
        }
        assert!(!is_skew_error("ThrottlingException"));
    }
}
