//! The polling loop behind generated waiters (`client.wait_until_...()`).
//!
//! A waiter polls one operation until one of its acceptors, in the order the model lists
//! them, matches the result in a `success` or `failure` state, or until the caller's maximum
//! wait is spent. Between polls it backs off as the [Smithy waiters specification] says:
//! the delay before poll `n + 1` is drawn uniformly from `[min_delay, min(max_delay,
//! min_delay × 2ⁿ⁻¹)]`; when that delay would leave no more than `min_delay` of the maximum
//! wait, the waiter sleeps until the maximum wait and polls a last time there. The
//! specification stops `min_delay` short of it; we follow the correction of
//! [smithy#2259] (and smithy-rs) so that a waiter uses all the time it was given. No poll
//! starts after the maximum wait.
//!
//! Generated code supplies only a [`WaiterSpec`] (the acceptors, compiled from the model's
//! JMESPath expressions, and the model's delays) and the call that polls the operation once.
//!
//! [Smithy waiters specification]: https://smithy.io/2.0/additional-specs/waiters.html#waiter-retries
//! [smithy#2259]: https://github.com/smithy-lang/smithy/pull/2259

use std::fmt;
use std::time::Duration;

use crate::error::SdkError;
use crate::pagination::BoxFuture;

/// What a matching acceptor makes of the waiter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AcceptorState {
    /// The resource reached the wanted state: stop with the result.
    Success,
    /// The resource can never reach the wanted state: stop with an error.
    Failure,
    /// Not there yet: poll again.
    Retry,
}

/// The result of one poll: the operation's output or its error.
pub type PollResult<O, E> = Result<O, SdkError<E>>;

/// One acceptor of a waiter: a state and the matcher that selects it. The matcher sees the
/// input the operation was polled with (for `inputOutput` matchers) and the poll's result.
pub struct Acceptor<I, O, E> {
    /// The state the waiter moves to when the matcher matches.
    pub state: AcceptorState,
    /// Whether the acceptor matches this input and result.
    pub matcher: fn(&I, &PollResult<O, E>) -> bool,
}

impl<I, O, E> fmt::Debug for Acceptor<I, O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Acceptor").field("state", &self.state).finish_non_exhaustive()
    }
}

/// A waiter as the model defines it: name, delays and acceptors.
#[derive(Debug)]
pub struct WaiterSpec<I: 'static, O: 'static, E: 'static> {
    /// The waiter's name in the model (`TableExists`).
    pub name: &'static str,
    /// The model's `minDelay` (default 2 s).
    pub min_delay: Duration,
    /// The model's `maxDelay` (default 120 s).
    pub max_delay: Duration,
    /// The acceptors, in the model's order: the first that matches decides.
    pub acceptors: &'static [Acceptor<I, O, E>],
}

impl<I, O, E> WaiterSpec<I, O, E> {
    /// The first acceptor that matches, with its index.
    pub fn matching(&self, input: &I, result: &PollResult<O, E>) -> Option<(usize, AcceptorState)> {
        self.acceptors.iter().enumerate().find(|(_, acceptor)| (acceptor.matcher)(input, result)).map(|(index, a)| (index, a.state))
    }
}

/// The last poll of a waiter: its result, the acceptor that matched it (if one did) and how
/// many polls were made in all.
#[derive(Debug)]
pub struct FinalPoll<O, E> {
    /// The output or error of the last poll.
    pub result: PollResult<O, E>,
    /// The index (in the model's order, from 0) of the acceptor that matched the last poll.
    pub acceptor: Option<usize>,
    /// The index of the last acceptor that matched any poll (a `retry` one, or the final).
    pub last_matched: Option<usize>,
    /// How many times the operation was polled.
    pub attempts: u32,
}

impl<O, E> FinalPoll<O, E> {
    /// The output of the last poll, if it succeeded (a waiter may succeed on an error, such
    /// as "not found" for a deletion waiter).
    pub fn output(&self) -> Option<&O> {
        self.result.as_ref().ok()
    }

    /// The output of the last poll, if it succeeded.
    pub fn into_output(self) -> Option<O> {
        self.result.ok()
    }
}

/// Why a waiter stopped without reaching its success state.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaiterError<O, E> {
    /// The maximum wait was spent without a `success` or `failure` acceptor matching.
    TimedOut(FinalPoll<O, E>),
    /// An acceptor in the `failure` state matched: the resource will not get there.
    FailureState(FinalPoll<O, E>),
    /// The operation failed in a way no acceptor expects.
    UnexpectedError(FinalPoll<O, E>),
    /// The delays asked for cannot work: a zero minimum delay, or a minimum above the maximum.
    InvalidDelays {
        /// The minimum delay asked for.
        min_delay: Duration,
        /// The maximum delay asked for.
        max_delay: Duration,
    },
}

impl<O, E> WaiterError<O, E> {
    /// The last poll, unless the waiter never polled.
    pub fn final_poll(&self) -> Option<&FinalPoll<O, E>> {
        match self {
            Self::TimedOut(poll) | Self::FailureState(poll) | Self::UnexpectedError(poll) => Some(poll),
            Self::InvalidDelays { .. } => None,
        }
    }
}

impl<O, E: fmt::Display> fmt::Display for WaiterError<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let polls = |poll: &FinalPoll<O, E>| format!("after {} poll(s)", poll.attempts);
        match self {
            Self::TimedOut(poll) => write!(f, "the waiter timed out {}", polls(poll)),
            Self::FailureState(poll) => {
                let acceptor = poll.acceptor.map_or(String::new(), |i| format!(" (acceptor {})", i + 1));
                write!(f, "the waiter reached a failure state{acceptor} {}", polls(poll))
            }
            Self::UnexpectedError(poll) => match &poll.result {
                Err(error) => write!(f, "the waiter stopped on an unexpected error {}: {error}", polls(poll)),
                Ok(_) => write!(f, "the waiter stopped on an unexpected result {}", polls(poll)),
            },
            Self::InvalidDelays { min_delay, max_delay } => {
                write!(f, "invalid waiter delays: minimum {min_delay:?} must be above zero and at most the maximum {max_delay:?}")
            }
        }
    }
}

impl<O: fmt::Debug, E: std::error::Error + 'static> std::error::Error for WaiterError<O, E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self.final_poll().map(|poll| &poll.result) {
            Some(Err(error)) => Some(error),
            _ => None,
        }
    }
}

/// Polls the operation once with the given input.
pub type PollOnce<I, O, E> = Box<dyn Fn(I) -> BoxFuture<PollResult<O, E>> + Send + Sync>;

/// A waiter ready to run: created by a generated `client.wait_until_...(input)`, run by
/// [`Waiter::wait`] with the maximum time to wait.
pub struct Waiter<I: 'static, O: 'static, E: 'static> {
    spec: &'static WaiterSpec<I, O, E>,
    input: I,
    poll: PollOnce<I, O, E>,
    min_delay: Duration,
    max_delay: Duration,
}

impl<I, O, E> fmt::Debug for Waiter<I, O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Waiter")
            .field("name", &self.spec.name)
            .field("min_delay", &self.min_delay)
            .field("max_delay", &self.max_delay)
            .finish_non_exhaustive()
    }
}

impl<I: Clone, O, E> Waiter<I, O, E> {
    /// A waiter for `spec` that polls with `poll`, sending `input` each time.
    pub fn new(spec: &'static WaiterSpec<I, O, E>, input: I, poll: PollOnce<I, O, E>) -> Self {
        Self { spec, input, poll, min_delay: spec.min_delay, max_delay: spec.max_delay }
    }

    /// The shortest wait between polls, instead of the model's.
    pub fn min_delay(mut self, delay: Duration) -> Self {
        self.min_delay = delay;
        self
    }

    /// The longest wait between polls, instead of the model's.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Polls until an acceptor in the `success` state matches (the last poll), one in the
    /// `failure` state matches or an error no acceptor expects comes back
    /// ([`WaiterError::FailureState`], [`WaiterError::UnexpectedError`]), or `max_wait` is
    /// spent ([`WaiterError::TimedOut`]). The first poll is immediate.
    pub async fn wait(self, max_wait: Duration) -> Result<FinalPoll<O, E>, WaiterError<O, E>> {
        let Self { spec, input, poll, min_delay, max_delay } = self;
        if min_delay.is_zero() || min_delay > max_delay {
            return Err(WaiterError::InvalidDelays { min_delay, max_delay });
        }
        let backoff = Backoff { min_delay, max_delay };
        let start = tokio::time::Instant::now();
        let (mut attempts, mut last_matched) = (0u32, None);
        loop {
            let result = poll(input.clone()).await;
            attempts += 1;
            let matched = spec.matching(&input, &result);
            last_matched = matched.map(|(index, _)| index).or(last_matched);
            let final_poll = |result| FinalPoll { result, acceptor: matched.map(|(index, _)| index), last_matched, attempts };
            match matched {
                Some((_, AcceptorState::Success)) => return Ok(final_poll(result)),
                Some((_, AcceptorState::Failure)) => return Err(WaiterError::FailureState(final_poll(result))),
                // The specification: an error no acceptor matches ends the wait.
                None if result.is_err() => return Err(WaiterError::UnexpectedError(final_poll(result))),
                Some((_, AcceptorState::Retry)) | None => {}
            }
            let remaining = max_wait.saturating_sub(start.elapsed());
            if remaining.is_zero() {
                return Err(WaiterError::TimedOut(final_poll(result)));
            }
            tokio::time::sleep(backoff.delay(attempts, remaining, crate::client::random::unit())).await;
        }
    }
}

/// The delays between polls.
#[derive(Clone, Copy, Debug)]
struct Backoff {
    min_delay: Duration,
    max_delay: Duration,
}

impl Backoff {
    /// The delay after poll number `attempt` (from 1) with `remaining` of the maximum wait
    /// left, `unit` a random draw from `[0, 1)`.
    fn delay(self, attempt: u32, remaining: Duration, unit: f64) -> Duration {
        // min(max_delay, min_delay × 2^(attempt - 1)), saturating rather than overflowing.
        let ceiling = 2u32
            .checked_pow(attempt.saturating_sub(1))
            .and_then(|factor| self.min_delay.checked_mul(factor))
            .map_or(self.max_delay, |delay| delay.min(self.max_delay));
        let delay = self.min_delay + (ceiling - self.min_delay).mul_f64(unit);
        // A delay leaving no more than `min_delay` would push the next poll past the maximum
        // wait: poll once more at the maximum wait instead (smithy#2259).
        if remaining.saturating_sub(delay) <= self.min_delay {
            remaining
        } else {
            delay
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    fn backoff(min: u64, max: u64) -> Backoff {
        Backoff { min_delay: SECOND * min as u32, max_delay: SECOND * max as u32 }
    }

    #[test]
    fn delays_double_from_the_minimum_up_to_the_maximum() {
        let b = backoff(2, 120);
        let far = Duration::from_secs(10_000);
        // The top of the jitter range: 2, 4, 8, 16, 32, 64, then capped at 120.
        let tops: Vec<u64> = (1..=9).map(|n| b.delay(n, far, 1.0 - f64::EPSILON).as_secs_f64().round() as u64).collect();
        assert_eq!(tops, [2, 4, 8, 16, 32, 64, 120, 120, 120]);
        // The bottom is always the minimum.
        assert!((1..=9).all(|n| b.delay(n, far, 0.0) == 2 * SECOND));
        // Half way: uniform between the minimum and the ceiling.
        assert_eq!(b.delay(3, far, 0.5), 5 * SECOND);
        // No overflow for absurd attempt counts.
        assert_eq!(b.delay(u32::MAX, far, 0.0), 2 * SECOND);
    }

    #[test]
    fn a_delay_leaving_at_most_the_minimum_waits_until_the_end() {
        let b = backoff(15, 120);
        // 40 s left, an 18.75 s delay leaves more than 15 s: the delay stands.
        assert_eq!(b.delay(2, 40 * SECOND, 0.25), Duration::from_millis(18_750));
        // A 22.5 s delay would leave exactly 15 s: the last poll comes at the maximum wait,
        // not 15 s before it (smithy#2259).
        assert_eq!(b.delay(2, Duration::from_millis(37_500), 0.5), Duration::from_millis(37_500));
        assert_eq!(b.delay(2, Duration::from_millis(37_501), 0.5), Duration::from_millis(22_500));
        // Less left than the minimum delay: still one poll at the maximum wait.
        assert_eq!(b.delay(1, 3 * SECOND, 0.0), 3 * SECOND);
    }

    /// A scripted operation: `Ok(status)` outputs, `Err(code)` service errors.
    type Script = Vec<Result<&'static str, &'static str>>;

    fn service_error(code: &str) -> SdkError<String> {
        SdkError::Service(Box::new(crate::error::ServiceError { error: code.to_owned(), raw: crate::RawResponse::new(400, "") }))
    }

    static SPEC: WaiterSpec<(), String, String> = WaiterSpec {
        name: "Ready",
        min_delay: Duration::from_secs(2),
        max_delay: Duration::from_secs(8),
        acceptors: &[
            Acceptor { state: AcceptorState::Success, matcher: |_, result| matches!(result, Ok(s) if s == "READY") },
            Acceptor { state: AcceptorState::Failure, matcher: |_, result| matches!(result, Ok(s) if s == "BROKEN") },
            Acceptor { state: AcceptorState::Retry, matcher: |_, result| matches!(result, Err(SdkError::Service(e)) if e.error == "NotFound") },
            Acceptor { state: AcceptorState::Success, matcher: |_, result| matches!(result, Err(SdkError::Service(e)) if e.error == "Gone") },
        ],
    };

    /// Runs the waiter over `script` (then "PENDING" forever) with paused time; returns its
    /// result and the instants of the polls, in seconds from the start.
    async fn run(script: Script, max_wait: Duration) -> (Result<FinalPoll<String, String>, WaiterError<String, String>>, Vec<f64>) {
        use std::sync::{Arc, Mutex};
        let start = tokio::time::Instant::now();
        let polls = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(script.into_iter()));
        let recorded = polls.clone();
        let poll: PollOnce<(), String, String> = Box::new(move |()| {
            recorded.lock().unwrap().push(start.elapsed().as_secs_f64());
            let next = script.lock().unwrap().next().unwrap_or(Ok("PENDING"));
            Box::pin(async move { next.map(str::to_owned).map_err(service_error) })
        });
        let result = Waiter::new(&SPEC, (), poll).wait(max_wait).await;
        let polls = polls.lock().unwrap().clone();
        (result, polls)
    }

    #[tokio::test(start_paused = true)]
    async fn success_after_retries_returns_the_last_output() {
        let (result, polls) = run(vec![Ok("PENDING"), Err("NotFound"), Ok("READY")], 600 * SECOND).await;
        let done = result.expect("success");
        assert_eq!((done.output().map(String::as_str), done.acceptor, done.attempts), (Some("READY"), Some(0), 3));
        assert_eq!(polls.len(), 3);
        assert_eq!(polls[0], 0.0);
        // Jittered within [min, min × 2^(n-1)]: the first delay is the minimum.
        assert_eq!(polls[1] - polls[0], 2.0, "{polls:?}");
        assert!((2.0..=4.0).contains(&(polls[2] - polls[1])), "{polls:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn an_error_acceptor_can_mean_success() {
        let (result, _) = run(vec![Err("Gone")], 60 * SECOND).await;
        let done = result.expect("success");
        assert!(done.output().is_none());
        assert_eq!((done.acceptor, done.attempts), (Some(3), 1));
    }

    #[tokio::test(start_paused = true)]
    async fn a_failure_state_stops_at_once() {
        let (result, polls) = run(vec![Err("NotFound"), Ok("BROKEN"), Ok("READY")], 60 * SECOND).await;
        let Err(WaiterError::FailureState(poll)) = result else { panic!("{result:?}") };
        assert_eq!((poll.acceptor, poll.last_matched, poll.attempts, polls.len()), (Some(1), Some(1), 2, 2));
    }

    #[tokio::test(start_paused = true)]
    async fn an_unmatched_error_is_unexpected() {
        let (result, _) = run(vec![Err("NotFound"), Err("AccessDenied")], 60 * SECOND).await;
        let Err(error @ WaiterError::UnexpectedError(_)) = result else { panic!("{result:?}") };
        let poll = error.final_poll().expect("a poll");
        assert_eq!((poll.acceptor, poll.last_matched, poll.attempts), (None, Some(2), 2));
        assert!(error.to_string().contains("AccessDenied"), "{error}");
    }

    #[tokio::test(start_paused = true)]
    async fn no_poll_after_the_maximum_wait_and_the_last_one_at_it() {
        let max_wait = 30 * SECOND;
        let (result, polls) = run(Vec::new(), max_wait).await;
        let Err(WaiterError::TimedOut(poll)) = result else { panic!("{result:?}") };
        assert_eq!(poll.attempts as usize, polls.len());
        assert_eq!((poll.acceptor, poll.last_matched), (None, None));
        assert!(polls.iter().all(|t| *t <= 30.0), "{polls:?}");
        assert_eq!(polls.last().copied(), Some(30.0), "{polls:?}");
        // Every gap but the last is within the backoff range (the last may be shorter).
        for pair in polls.windows(2).take(polls.len() - 2) {
            assert!((2.0..=8.0).contains(&(pair[1] - pair[0])), "{polls:?}");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_maximum_wait_below_the_minimum_delay_polls_twice() {
        let (result, polls) = run(Vec::new(), SECOND).await;
        assert!(matches!(result, Err(WaiterError::TimedOut(_))), "{result:?}");
        assert_eq!(polls, [0.0, 1.0]);
        let (result, polls) = run(Vec::new(), Duration::ZERO).await;
        assert!(matches!(result, Err(WaiterError::TimedOut(_))), "{result:?}");
        assert_eq!(polls, [0.0]);
    }

    #[tokio::test(start_paused = true)]
    async fn invalid_delays_are_an_error_before_any_poll() {
        let poll: PollOnce<(), String, String> = Box::new(|()| panic!("polled"));
        let waiter = Waiter::new(&SPEC, (), poll).min_delay(10 * SECOND).max_delay(5 * SECOND);
        let error = waiter.wait(60 * SECOND).await.expect_err("invalid");
        assert!(matches!(error, WaiterError::InvalidDelays { .. }));
        assert!(error.to_string().contains("invalid waiter delays"), "{error}");
    }
}
