//! Our side of the waiter comparison with botocore (`botocore/waiters.py`, run by
//! `tests/waiters.rs` through `src/bin/awsgen-waiters.rs`): a generated waiter polls through
//! the real call path against a transport that serves a given sequence of responses, in
//! paused Tokio time (the delays pass without sleeping). After the sequence the transport
//! answers with an error no acceptor expects, which ends every waiter.
//!
//! The services compared are the clients of `clients/registry.rs` whose model was present
//! at build time ([`services::SERVICES`], written by `build.rs`): MWAA and Lambda, and
//! the clients built for their waiters only (EKS, restJson1; Database Migration Service and
//! Kinesis, awsJson1_1).

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};

use crate::gen::WireResponse;

/// A waiter run on our client: params of its operation and the response sequence.
pub type WaiterCall = fn(&Value, &[WireResponse]) -> Value;

/// A service whose waiters are compared.
pub struct Service {
    /// botocore's name of the service (`eks`); our client is `difftest-<name>`.
    pub name: &'static str,
    /// Our client's waiters: name, operation, and its run.
    pub waiters: &'static [(&'static str, &'static str, WaiterCall)],
    /// The model's waiters our generator left out, with the reason.
    pub skipped: &'static [(&'static str, &'static str)],
}

/// The services built, and the waiter-only clients (written by `build.rs`).
pub mod services {
    use super::Service;
    include!(concat!(env!("OUT_DIR"), "/waiter_services.rs"));
}

/// The service `name`, if its client was built.
pub fn service(name: &str) -> Option<&'static Service> {
    services::SERVICES.iter().find(|s| s.name == name)
}

/// The maximum wait passed to our waiters: long enough for any sequence (botocore's
/// waiters stop after their `maxAttempts`, which no sequence reaches).
pub const MAX_WAIT: Duration = Duration::from_secs(1 << 30);

/// The code of the response after the sequence: no acceptor matches it.
pub const END_OF_SEQUENCE: &str = "DifftestEndOfSequenceZz";

/// A config for our clients whose transport serves `responses` in order (then
/// [`END_OF_SEQUENCE`]), and the count of polls.
pub fn sequence_config(
    responses: &[WireResponse],
) -> (awsgen_runtime::client::Config, Arc<AtomicUsize>) {
    use awsgen_runtime::client::test_util::{CapturingTransport, StubResponse};
    use awsgen_runtime::client::RetryConfig;
    let polls = Arc::new(AtomicUsize::new(0));
    let counter = polls.clone();
    let responses = responses.to_vec();
    let transport = CapturingTransport::new(move |_| {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        Ok(match responses.get(n) {
            Some(wire) => StubResponse {
                status: wire.status,
                headers: wire.headers.clone(),
                body: bytes::Bytes::from(wire.body.clone()),
            },
            None => StubResponse::error(500, END_OF_SEQUENCE, "end of the sequence"),
        })
    });
    let config = awsgen_runtime::client::Config::builder()
        .region("us-east-1")
        .static_credentials("AKIDEXAMPLE", "difftest-secret", None)
        .retry_config(RetryConfig::disabled())
        .shared_transport(Arc::new(transport))
        .build();
    (config, polls)
}

/// Runs `future` on a current-thread runtime with paused time: sleeps return at once.
pub fn block_on_paused<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("a Tokio runtime")
        .block_on(future)
}

/// What a waiter run ended in: `{"state", "acceptor", "polls"}` with `state` one of
/// `success`, `failure` (a failure acceptor), `unexpected` (an error no acceptor expects),
/// `timeout`, and the index of the acceptor that matched the last poll.
pub fn outcome<O, E>(
    result: Result<
        awsgen_runtime::waiter::FinalPoll<O, E>,
        awsgen_runtime::waiter::WaiterError<O, E>,
    >,
    polls: &AtomicUsize,
) -> Value {
    use awsgen_runtime::waiter::WaiterError;
    let (state, last) = match &result {
        Ok(last) => ("success", Some(last)),
        Err(WaiterError::FailureState(last)) => ("failure", Some(last)),
        Err(WaiterError::UnexpectedError(last)) => ("unexpected", Some(last)),
        Err(WaiterError::TimedOut(last)) => ("timeout", Some(last)),
        Err(_) => ("invalid", None),
    };
    json!({
        "state": state,
        "acceptor": last.and_then(|l| l.acceptor),
        "polls": polls.load(Ordering::SeqCst),
    })
}
