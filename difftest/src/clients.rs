//! Both clients, each on its real call path (endpoint resolution, idempotency token,
//! serialization, signing, response parsing), over a transport that records the request
//! and answers with a given [`WireResponse`].

use std::cell::RefCell;
use std::future::Future;
use std::sync::{Arc, Mutex};

use aws_sdk_mwaaserverless as aws;
use aws_smithy_runtime_api::client::http::{
    http_client_fn, HttpConnector, HttpConnectorFuture, SharedHttpClient, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_types::body::SdkBody;
use serde_json::{json, Value};

use crate::canon::Canon;
use crate::gen::WireResponse;

/// The idempotency token both clients fill in when the input has none.
pub const TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// A request as it left a client.
#[derive(Clone, Debug, Default)]
pub struct Captured {
    /// The method.
    pub method: String,
    /// The full URI (scheme, host, path, query).
    pub uri: String,
    /// Headers, names lowercased, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Captured {
    /// The first header named `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What a client did with a case.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// It refused the input before sending anything.
    Rejected(String),
    /// It sent `request` and turned the response into `result` (canonical form):
    /// `{"ok": output, "request_id": ..}`, `{"error": {variant, members, code, message,
    /// request_id}}` or `{"failure": "malformed"}`.
    Sent {
        /// The request.
        request: Captured,
        /// The parsed response.
        result: Value,
    },
}

thread_local! {
    static RUNTIME: RefCell<Option<tokio::runtime::Runtime>> = const { RefCell::new(None) };
}

/// Runs a future on this thread's current-thread Tokio runtime.
pub fn block_on<F: Future>(future: F) -> F::Output {
    RUNTIME.with(|rt| {
        let mut rt = rt.borrow_mut();
        let rt = rt.get_or_insert_with(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .build()
                .expect("a Tokio runtime")
        });
        rt.block_on(future)
    })
}

/// The requests a client sent, shared with its transport.
pub type Capture = Arc<Mutex<Vec<Captured>>>;

fn take(capture: &Capture) -> Vec<Captured> {
    std::mem::take(&mut *capture.lock().unwrap_or_else(|e| e.into_inner()))
}

// ---- the official SDK

/// The official SDK's transport: records each request and answers with the response set
/// by [`Replay::answer`]. One type for every official crate (they share the smithy runtime).
#[derive(Debug, Clone, Default)]
pub struct Replay {
    response: Arc<Mutex<WireResponse>>,
    capture: Capture,
}

impl Replay {
    /// Answers with `response` from now on; returns the request record, emptied.
    pub fn answer(&self, response: &WireResponse) -> Capture {
        *self.response.lock().unwrap_or_else(|e| e.into_inner()) = response.clone();
        take(&self.capture);
        self.capture.clone()
    }
}

impl HttpConnector for Replay {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let captured = Captured {
            method: request.method().to_owned(),
            uri: request.uri().to_owned(),
            headers: request
                .headers()
                .iter()
                .map(|(n, v)| (n.to_ascii_lowercase(), v.to_owned()))
                .collect(),
            body: request.body().bytes().unwrap_or_default().to_vec(),
        };
        self.capture
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(captured);
        let wire = self
            .response
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let status =
            aws_smithy_runtime_api::http::StatusCode::try_from(wire.status).expect("valid status");
        let mut response = HttpResponse::new(status, SdkBody::from(wire.body.clone()));
        for (name, value) in &wire.headers {
            response.headers_mut().append(name.clone(), value.clone());
        }
        HttpConnectorFuture::ready(Ok(response))
    }
}

/// An HTTP client for an official SDK config, and its [`Replay`] transport.
pub fn replay_http_client() -> (SharedHttpClient, Replay) {
    let replay = Replay::default();
    let connector = replay.clone();
    let http_client = http_client_fn(move |_, _| SharedHttpConnector::new(connector.clone()));
    (http_client, replay)
}

thread_local! {
    static OFFICIAL: (aws::Client, Replay) = {
        let (http_client, replay) = replay_http_client();
        let config = aws::Config::builder()
            .behavior_version(aws::config::BehaviorVersion::latest())
            .region(aws::config::Region::new("us-east-1"))
            .credentials_provider(aws::config::Credentials::new("AKIDEXAMPLE", "difftest-secret", None, None, "difftest"))
            .http_client(http_client)
            .retry_config(aws::config::retry::RetryConfig::disabled())
            .idempotency_token_provider(TOKEN)
            .build();
        (aws::Client::from_conf(config), replay)
    };
}

/// The official client (one per thread) answering requests with `response` from now
/// on, and its request record (emptied).
pub fn official_client(response: &WireResponse) -> (aws::Client, Capture) {
    OFFICIAL.with(|(client, replay)| (client.clone(), replay.answer(response)))
}

/// Canonical form of what the official client returned.
pub fn official_outcome<O, E>(
    result: Result<O, aws::error::SdkError<E, HttpResponse>>,
    capture: &Capture,
    response: &WireResponse,
    variant: fn(&E) -> (&'static str, Value),
) -> Outcome
where
    O: Canon + aws::operation::RequestId,
    E: aws::error::ProvideErrorMetadata + aws::operation::RequestId + std::error::Error + 'static,
{
    use aws::error::SdkError;
    let request = take(capture).pop();
    let result = match &result {
        Err(SdkError::ConstructionFailure(e)) if request.is_none() => {
            return Outcome::Rejected(format!("official: {e:?}"));
        }
        Ok(output) => json!({ "ok": output.canon(), "request_id": output.request_id() }),
        Err(SdkError::ServiceError(ctx)) => {
            let err = ctx.err();
            let (name, members) = variant(err);
            // The official client reports a body it cannot parse as an unhandled service error
            // whose source is the parse error (not error metadata): a success body, or the
            // body of a modeled error. (An error body that is not JSON at all is an
            // unhandled error for both clients: compared as such.)
            let parse_failure = name == "Unhandled"
                && std::error::Error::source(err)
                    .is_some_and(|s| !s.is::<aws_smithy_types::error::ErrorMetadata>());
            let json_body = serde_json::from_slice::<Value>(&response.body).is_ok();
            if parse_failure && ((200..300).contains(&response.status) || json_body) {
                json!({ "failure": "malformed" })
            } else {
                json!({ "error": {
                    "variant": name,
                    "members": members,
                    "code": err.code(),
                    "message": err.message(),
                    "request_id": err.request_id(),
                }})
            }
        }
        Err(SdkError::ResponseError(_)) => json!({ "failure": "malformed" }),
        Err(other) => json!({ "failure": format!("{other:?}") }),
    };
    match request {
        Some(request) => Outcome::Sent { request, result },
        None => Outcome::Rejected(format!("official: nothing sent: {result}")),
    }
}

// ---- ours

type Ours = (
    awsgen_runtime::client::Config,
    awsgen_runtime::client::test_util::CapturingTransport,
    Arc<Mutex<WireResponse>>,
);

thread_local! {
    static OURS: RefCell<Option<Ours>> = const { RefCell::new(None) };
}

/// A config for our clients (one transport per thread) answering requests with
/// `response`, and its transport. Every generated crate takes the runtime's `Config`.
pub fn ours_config(response: &WireResponse) -> (awsgen_runtime::client::Config, Sent) {
    use awsgen_runtime::client::test_util::{CapturingTransport, StubResponse};
    use awsgen_runtime::client::{IdempotencyTokenProvider, RetryConfig};
    OURS.with(|ours| {
        let mut ours = ours.borrow_mut();
        let (config, transport, slot) = ours.get_or_insert_with(|| {
            let slot = Arc::new(Mutex::new(WireResponse::default()));
            let answer = slot.clone();
            let transport = CapturingTransport::new(move |_| {
                let wire = answer.lock().unwrap_or_else(|e| e.into_inner()).clone();
                Ok(StubResponse {
                    status: wire.status,
                    headers: wire.headers,
                    body: bytes::Bytes::from(wire.body),
                })
            });
            let config = awsgen_runtime::client::Config::builder()
                .region("us-east-1")
                .static_credentials("AKIDEXAMPLE", "difftest-secret", None)
                .idempotency_token_provider(IdempotencyTokenProvider::fixed(TOKEN))
                .retry_config(RetryConfig::disabled())
                .shared_transport(Arc::new(transport.clone()))
                .build();
            (config, transport, slot)
        });
        *slot.lock().unwrap_or_else(|e| e.into_inner()) = response.clone();
        (
            config.clone(),
            Sent {
                before: transport.len(),
                transport: transport.clone(),
            },
        )
    })
}

/// Our client of MWAA Serverless answering requests with `response`, and its transport.
pub fn ours_client(response: &WireResponse) -> (mwaa_serverless::Client, Sent) {
    let (config, sent) = ours_config(response);
    (mwaa_serverless::Client::new(config), sent)
}

/// Our transport and how many requests it had seen before this call.
pub struct Sent {
    transport: awsgen_runtime::client::test_util::CapturingTransport,
    before: usize,
}

/// Canonical form of what our client returned.
pub fn ours_outcome<O, E>(
    result: Result<O, awsgen_runtime::SdkError<E>>,
    sent: &Sent,
    request_id: fn(&O) -> Option<&str>,
    variant: fn(&E) -> (&'static str, Value),
    meta: fn(&E) -> &awsgen_runtime::ErrorMetadata,
) -> Outcome
where
    O: Canon,
    E: std::fmt::Debug,
{
    use awsgen_runtime::SdkError;
    let request = sent
        .transport
        .last_request()
        .filter(|_| sent.transport.len() > sent.before)
        .map(|r| Captured {
            method: r.method().to_string(),
            uri: r.uri().to_string(),
            headers: r
                .headers()
                .iter()
                .map(|(n, v)| {
                    (
                        n.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: r.body().to_vec(),
        });
    let result = match &result {
        Err(SdkError::InvalidInput(e)) if request.is_none() => {
            return Outcome::Rejected(format!("awsgen: {e}"))
        }
        Ok(output) => json!({ "ok": output.canon(), "request_id": request_id(output) }),
        Err(SdkError::Service(service)) => {
            let (name, members) = variant(&service.error);
            let meta = meta(&service.error);
            json!({ "error": {
                "variant": name,
                "members": members,
                "code": meta.code,
                "message": meta.message,
                "request_id": meta.request_id,
            }})
        }
        Err(SdkError::MalformedResponse(_)) => json!({ "failure": "malformed" }),
        Err(other) => json!({ "failure": format!("{other:?}") }),
    };
    match request {
        Some(request) => Outcome::Sent { request, result },
        None => Outcome::Rejected(format!("awsgen: nothing sent: {result}")),
    }
}
