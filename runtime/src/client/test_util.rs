//! Test transports (feature `test-util`): a botocore-Stubber-like [`StubTransport`] and a
//! [`CapturingTransport`] that records requests.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;

use crate::body::ByteStream;

use super::transport::{BoxFuture, HttpTransport, ResponseBody, TransportError, TransportErrorKind};

/// A canned HTTP response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StubResponse {
    /// The status code.
    pub status: u16,
    /// Header names and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Bytes,
}

impl StubResponse {
    /// A response with `status` and `body`, no headers.
    pub fn new(status: u16, body: impl Into<Bytes>) -> Self {
        Self { status, headers: Vec::new(), body: body.into() }
    }

    /// A JSON response with `Content-Type: application/x-amz-json-1.0`.
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        Self::new(status, body.to_string()).header("content-type", "application/x-amz-json-1.0")
    }

    /// An awsJson error response: status, `__type` code and message.
    pub fn error(status: u16, code: &str, message: &str) -> Self {
        Self::json(status, &serde_json::json!({ "__type": code, "message": message }))
    }

    /// Adds a header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    fn to_http(&self) -> Result<http::Response<ResponseBody>, TransportError> {
        let mut builder = http::Response::builder().status(self.status);
        for (name, value) in &self.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        builder.body(ResponseBody::from_bytes(self.body.clone())).map_err(|e| {
            TransportError::new(TransportErrorKind::Other, "invalid stub response (status or header)")
                .with_source(e)
        })
    }
}

enum Reply {
    Response(StubResponse),
    Error(TransportError),
}

struct Expectation {
    target: String,
    body: Option<serde_json::Value>,
    reply: Reply,
}

#[derive(Default)]
struct StubState {
    expected: VecDeque<Expectation>,
    mismatches: Vec<String>,
    served: usize,
}

/// A transport that answers from a queue of expected requests, in order, like botocore's
/// `Stubber`.
///
/// Each expectation names the operation target (`X-Amz-Target`, e.g.
/// `AmazonMWAAServerless.ListWorkflows`) and optionally the request body, compared as JSON
/// values (so key order and whitespace do not matter). A request that does not match (or comes
/// when the queue is empty) fails with a non-retryable [`TransportErrorKind::Other`] error
/// describing the difference, and is recorded; [`StubTransport::assert_done`] panics if any
/// request mismatched or an expectation is left. Clones share the queue.
#[derive(Clone, Default)]
pub struct StubTransport {
    state: Arc<Mutex<StubState>>,
}

impl fmt::Debug for StubTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("StubTransport")
            .field("remaining", &state.expected.len())
            .field("served", &state.served)
            .field("mismatches", &state.mismatches.len())
            .finish()
    }
}

impl StubTransport {
    /// An empty stub.
    pub fn new() -> Self {
        Self::default()
    }

    /// A client configuration whose requests this stub answers: region `us-east-1`, static
    /// test credentials, no retries (a stubbed failure is seen once).
    pub fn config(&self) -> super::Config {
        super::Config::builder()
            .region("us-east-1")
            .static_credentials("AKIDEXAMPLE", "SECRET", None)
            .transport(self.clone())
            .retry_config(super::RetryConfig::disabled())
            .build()
    }

    fn lock(&self) -> MutexGuard<'_, StubState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn push(&self, target: &str, body: Option<serde_json::Value>, reply: Reply) -> &Self {
        self.lock().expected.push_back(Expectation { target: target.to_owned(), body, reply });
        self
    }

    /// Expects a request for `target` (with `body`, if given) and answers `response`.
    pub fn expect(&self, target: &str, body: Option<serde_json::Value>, response: StubResponse) -> &Self {
        self.push(target, body, Reply::Response(response))
    }

    /// Expects a request for `target` (with `body`, if given) and fails it with `error`.
    pub fn expect_error(
        &self,
        target: &str,
        body: Option<serde_json::Value>,
        error: TransportError,
    ) -> &Self {
        self.push(target, body, Reply::Error(error))
    }

    /// How many expectations are left.
    pub fn remaining(&self) -> usize {
        self.lock().expected.len()
    }

    /// The mismatches seen so far.
    pub fn mismatches(&self) -> Vec<String> {
        self.lock().mismatches.clone()
    }

    /// Panics unless every expectation was met and no request mismatched.
    #[track_caller]
    pub fn assert_done(&self) {
        let state = self.lock();
        let mut problems = state.mismatches.clone();
        problems.extend(state.expected.iter().map(|e| match &e.body {
            Some(body) => format!("expected a request for {} with body {body}, but none came", e.target),
            None => format!("expected a request for {}, but none came", e.target),
        }));
        if !problems.is_empty() {
            panic!("StubTransport: {} problem(s):\n  {}", problems.len(), problems.join("\n  "));
        }
    }

    fn answer(&self, request: &http::Request<Bytes>) -> Result<http::Response<ResponseBody>, TransportError> {
        let target = request.headers().get("x-amz-target").and_then(|v| v.to_str().ok()).unwrap_or("<none>");
        let mut state = self.lock();
        let mismatch = match state.expected.front() {
            None => Some(format!(
                "unexpected request for {target} (body {}): no expectation left",
                String::from_utf8_lossy(request.body())
            )),
            Some(expected) if expected.target != target => {
                Some(format!("expected a request for {}, got one for {target}", expected.target))
            }
            Some(Expectation { body: Some(want), target: t, .. }) => {
                match serde_json::from_slice::<serde_json::Value>(request.body()) {
                    Ok(got) if &got == want => None,
                    Ok(got) => Some(format!("request for {t}: expected body {want}, got {got}")),
                    Err(e) => Some(format!(
                        "request for {t}: expected body {want}, got non-JSON {:?} ({e})",
                        String::from_utf8_lossy(request.body())
                    )),
                }
            }
            Some(_) => None,
        };
        if let Some(message) = mismatch {
            state.mismatches.push(message.clone());
            return Err(TransportError::new(TransportErrorKind::Other, format!("StubTransport: {message}")));
        }
        state.served += 1;
        match state.expected.pop_front().map(|e| e.reply) {
            Some(Reply::Response(response)) => response.to_http(),
            Some(Reply::Error(error)) => Err(error),
            None => Err(TransportError::new(
                TransportErrorKind::Other,
                "StubTransport: queue changed concurrently",
            )),
        }
    }
}

impl HttpTransport for StubTransport {
    fn send(
        &self,
        request: http::Request<ByteStream>,
    ) -> BoxFuture<'_, Result<http::Response<ResponseBody>, TransportError>> {
        Box::pin(async move { self.answer(&collect_body(request).await?) })
    }
}

/// The request with its body read into memory (test transports compare and keep bodies).
async fn collect_body(request: http::Request<ByteStream>) -> Result<http::Request<Bytes>, TransportError> {
    let (parts, body) = request.into_parts();
    let body = body.collect().await.map_err(|e| {
        TransportError::new(TransportErrorKind::Io, "failed to read the request body").with_source(e)
    })?;
    Ok(http::Request::from_parts(parts, body))
}

type Responder = dyn Fn(&http::Request<Bytes>) -> Result<StubResponse, TransportError> + Send + Sync;

/// A transport that records every request and answers from a closure. Clones share the record.
#[derive(Clone)]
pub struct CapturingTransport {
    requests: Arc<Mutex<Vec<http::Request<Bytes>>>>,
    respond: Arc<Responder>,
}

impl fmt::Debug for CapturingTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CapturingTransport").field("captured", &self.lock().len()).finish()
    }
}

impl CapturingTransport {
    /// Answers each request with `respond(&request)`.
    pub fn new(
        respond: impl Fn(&http::Request<Bytes>) -> Result<StubResponse, TransportError> + Send + Sync + 'static,
    ) -> Self {
        Self { requests: Arc::default(), respond: Arc::new(respond) }
    }

    /// Answers every request with `response`.
    pub fn always(response: StubResponse) -> Self {
        Self::new(move |_| Ok(response.clone()))
    }

    fn lock(&self) -> MutexGuard<'_, Vec<http::Request<Bytes>>> {
        self.requests.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Copies of the requests received so far, in order.
    pub fn requests(&self) -> Vec<http::Request<Bytes>> {
        self.lock().iter().map(copy_request).collect()
    }

    /// A copy of the last request received.
    pub fn last_request(&self) -> Option<http::Request<Bytes>> {
        self.lock().last().map(copy_request)
    }

    /// How many requests were received.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no request was received.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }
}

fn copy_request(request: &http::Request<Bytes>) -> http::Request<Bytes> {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.version_mut() = request.version();
    *copy.headers_mut() = request.headers().clone();
    copy
}

impl HttpTransport for CapturingTransport {
    fn send(
        &self,
        request: http::Request<ByteStream>,
    ) -> BoxFuture<'_, Result<http::Response<ResponseBody>, TransportError>> {
        Box::pin(async move {
            let request = collect_body(request).await?;
            let result = (self.respond)(&request).and_then(|r| r.to_http());
            self.lock().push(request);
            result
        })
    }
}
