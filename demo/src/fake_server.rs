//! A fake MWAA Serverless endpoint: plain HTTP/1.1 on `127.0.0.1`, an ephemeral port, tokio.
//!
//! It speaks the service's `awsJson1_0` protocol for two operations, `ListWorkflowRuns`
//! (paged) and `GetWorkflowRun`, over a fixed, deterministic set of runs of one workflow
//! ([`DEMO_WORKFLOW_ARN`]). Every request is checked the way the real service would see it:
//!
//! - the SigV4 `Authorization` header is **verified**: the signature is recomputed from the
//!   request as received and the credentials the server was started with ([`FakeCredentials`],
//!   [`DEMO_ACCESS_KEY_ID`] / [`DEMO_SECRET_ACCESS_KEY`] by default), with an independent
//!   implementation ([`sigv4`], `hmac` + `sha2`, not `aws-sigv4`). Any problem is a `403`
//!   `AccessDeniedException` (`signature mismatch` when the signature is wrong);
//! - then `POST /`, `X-Amz-Target: AmazonMWAAServerless.<Operation>`,
//!   `Content-Type: application/x-amz-json-1.0` and a JSON object body: a `400`
//!   `ValidationException` otherwise; an unknown workflow or run is a `404`
//!   `ResourceNotFoundException`.
//!
//! Faults can be injected ([`FaultPlan`]): throttling, `500` and `503` responses, dropped
//! connections, responses cut in the middle of their body (the head with the full
//! `Content-Length` and part of the body, then FIN or RST) and requests that are never
//! answered — scripted, or seeded per request number, so a run is reproducible.
//!
//! ```no_run
//! # async fn f() -> std::io::Result<()> {
//! use mwaa_demo::fake_server::{FakeServer, FaultPlan, RandomFaults};
//! let server = FakeServer::builder()
//!     .runs(100)
//!     .faults(FaultPlan::Random(RandomFaults::new(7).throttle(30)))
//!     .start()
//!     .await?;
//! let client = mwaa_serverless::Client::new(server.client_config().build());
//! # let _ = client;
//! println!("listening on {}", server.base_url());
//! server.shutdown().await;
//! # Ok(())
//! # }
//! ```

mod faults;
pub mod sigv4;

pub use faults::{Fault, FaultPlan, FaultStats, RandomFaults};
pub use sigv4::FakeCredentials;

use std::collections::HashMap;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{json, Map, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

use faults::FaultInjector;

/// The one workflow the fake knows (matches the model's `WorkflowArn` pattern, which wants
/// a 10-character suffix after the name).
pub const DEMO_WORKFLOW_ARN: &str =
    "arn:aws:airflow-serverless:us-east-1:111122223333:workflow/demo-workflow-Ab3dE5gH7k";

/// The access key id the server accepts unless configured otherwise.
pub const DEMO_ACCESS_KEY_ID: &str = "AKIDDEMOEXAMPLE";

/// The secret access key the server accepts unless configured otherwise.
pub const DEMO_SECRET_ACCESS_KEY: &str = "demo-secret-key";

/// The region the server expects in the credential scope unless configured otherwise.
pub const DEMO_REGION: &str = "us-east-1";

/// The SigV4 signing name of the service (the model's `aws.auth#sigv4` name).
pub const SIGNING_NAME: &str = "airflow-serverless";

/// How many runs [`FakeServer::start`] serves.
pub const DEFAULT_RUN_COUNT: usize = 1_200;

/// `MaxResults` when the request has none (the model's `@default`).
pub const DEFAULT_PAGE_SIZE: usize = 20;

/// The largest `MaxResults` accepted (the model's `@range` maximum).
pub const MAX_PAGE_SIZE: usize = 100;

const TARGET_PREFIX: &str = "AmazonMWAAServerless.";
const CONTENT_TYPE: &str = "application/x-amz-json-1.0";
const ERROR_NAMESPACE: &str = "com.amazonaws.mwaaserverless#";
const MAX_HEAD_BYTES: usize = 64 * 1024;
const MAX_BODY_BYTES: usize = 1024 * 1024;
/// Requests kept by [`FakeServer::recorded_requests`].
const MAX_RECORDED: usize = 10_000;
/// 2025-01-01T00:00:00Z: the creation time of the first run.
const FIRST_RUN_UNIX: i64 = 1_735_689_600;

/// One workflow run as the fake stores it (wire values: enum strings, RFC 3339 times).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FakeRun {
    /// `RunId`.
    pub run_id: String,
    /// `WorkflowVersion`.
    pub workflow_version: String,
    /// `RunType`: `ON_DEMAND` or `SCHEDULED`.
    pub run_type: &'static str,
    /// `Status` / `RunState`, a `WorkflowRunStatus` value.
    pub status: &'static str,
    /// Creation time, Unix seconds.
    pub created_unix: i64,
    /// Start time, Unix seconds; none while queued or starting.
    pub started_unix: Option<i64>,
    /// Finish time, Unix seconds; none while not finished.
    pub ended_unix: Option<i64>,
}

impl FakeRun {
    /// The run's `WorkflowRunSummary` JSON, as `ListWorkflowRuns` returns it.
    pub fn summary_json(&self) -> Value {
        let mut detail = Map::new();
        detail.insert("Status".into(), json!(self.status));
        detail.insert("CreatedOn".into(), json!(rfc3339(self.created_unix)));
        if let Some(t) = self.started_unix {
            detail.insert("StartedAt".into(), json!(rfc3339(t)));
        }
        if let Some(t) = self.ended_unix {
            detail.insert("EndedAt".into(), json!(rfc3339(t)));
        }
        json!({
            "RunId": self.run_id,
            "WorkflowArn": DEMO_WORKFLOW_ARN,
            "WorkflowVersion": self.workflow_version,
            "RunType": self.run_type,
            "RunDetailSummary": detail,
        })
    }

    /// The `GetWorkflowRun` response JSON for this run.
    pub fn detail_json(&self) -> Value {
        let mut detail = Map::new();
        detail.insert("WorkflowArn".into(), json!(DEMO_WORKFLOW_ARN));
        detail.insert("WorkflowVersion".into(), json!(self.workflow_version));
        detail.insert("RunId".into(), json!(self.run_id));
        detail.insert("RunType".into(), json!(self.run_type));
        detail.insert("CreatedAt".into(), json!(rfc3339(self.created_unix)));
        if let Some(t) = self.started_unix {
            detail.insert("StartedOn".into(), json!(rfc3339(t)));
        }
        if let (Some(start), Some(end)) = (self.started_unix, self.ended_unix) {
            detail.insert("CompletedOn".into(), json!(rfc3339(end)));
            detail.insert("Duration".into(), json!(end - start));
        }
        let modified = self
            .ended_unix
            .or(self.started_unix)
            .unwrap_or(self.created_unix);
        detail.insert("ModifiedAt".into(), json!(rfc3339(modified)));
        if matches!(self.status, "FAILED" | "TIMEOUT") {
            detail.insert(
                "ErrorMessage".into(),
                json!(format!("Run {} ended with {}", self.run_id, self.status)),
            );
        }
        detail.insert("TaskInstances".into(), json!(self.task_instance_ids()));
        detail.insert("RunState".into(), json!(self.status));
        json!({
            "WorkflowArn": DEMO_WORKFLOW_ARN,
            "WorkflowVersion": self.workflow_version,
            "RunId": self.run_id,
            "RunType": self.run_type,
            "OverrideParameters": { "retries": 2, "dry_run": false },
            "RunDetail": detail,
        })
    }

    /// Ids of the run's task instances (`extract`, `transform`, `load`).
    pub fn task_instance_ids(&self) -> Vec<String> {
        ["extract", "transform", "load"]
            .iter()
            .map(|t| format!("{}-{t}", self.run_id))
            .collect()
    }
}

/// The deterministic runs the fake serves, oldest first (`run-00001`, `run-00002`, ...).
///
/// Statuses, run types and timings vary with the index; the newest four runs are still
/// in progress (`STOPPING`, `STARTING`, `QUEUED`, `RUNNING`).
pub fn demo_runs(count: usize) -> Vec<FakeRun> {
    (0..count)
        .map(|i| {
            let n = i as i64;
            let from_end = count - i;
            let status = match from_end {
                1 => "RUNNING",
                2 => "QUEUED",
                3 => "STARTING",
                4 => "STOPPING",
                _ => match (i.wrapping_mul(2_654_435_761) >> 7) % 100 {
                    0..=77 => "SUCCESS",
                    78..=89 => "FAILED",
                    90..=94 => "TIMEOUT",
                    _ => "STOPPED",
                },
            };
            let run_type = if (i * 31 + 7) % 4 == 0 {
                "ON_DEMAND"
            } else {
                "SCHEDULED"
            };
            let created_unix = FIRST_RUN_UNIX + n * 3_600 + (n * 97) % 900;
            let started_unix =
                (!matches!(status, "QUEUED" | "STARTING")).then_some(created_unix + 5 + n % 55);
            let ended_unix = match (status, started_unix) {
                ("RUNNING" | "STOPPING", _) | (_, None) => None,
                (_, Some(start)) => Some(start + 60 + (n * 131) % 3_000),
            };
            FakeRun {
                run_id: format!("run-{:05}", i + 1),
                workflow_version: format!("v{}", 1 + i / 400),
                run_type,
                status,
                created_unix,
                started_unix,
                ended_unix,
            }
        })
        .collect()
}

/// RFC 3339 in UTC (`2025-01-01T00:00:00Z`), the model's `date-time` timestamp format.
pub fn rfc3339(unix: i64) -> String {
    let t =
        awsgen_runtime::DateTime::from_unix_timestamp(unix).unwrap_or(awsgen_runtime::time::EPOCH);
    awsgen_runtime::time::format_date_time(&t)
}

/// A page token: the URL-safe base64 of `offset:<n>`, opaque to clients.
fn encode_token(offset: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("offset:{offset}"))
}

fn decode_token(token: &str) -> Option<usize> {
    let bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
    std::str::from_utf8(&bytes)
        .ok()?
        .strip_prefix("offset:")?
        .parse()
        .ok()
}

/// A request as the server received it (see [`FakeServer::recorded_requests`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `POST`.
    pub method: String,
    /// The request target (`/`).
    pub path: String,
    /// Header names lowercased, values as received, in arrival order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// The first value of header `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON (`Null` if it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

struct State {
    runs: Vec<FakeRun>,
    by_id: HashMap<String, usize>,
    credentials: FakeCredentials,
    region: String,
    /// Requests received (read completely), faulty ones included.
    requests: AtomicU64,
    faults: FaultInjector,
    recorded: Mutex<Vec<RecordedRequest>>,
    clock: FakeClock,
}

/// The server's clock: the system clock moved by an offset, and how far off a request's
/// signing time may be (AWS accepts five minutes), if checked.
#[derive(Clone, Copy, Debug, Default)]
struct FakeClock {
    offset_secs: i64,
    max_skew_secs: Option<u64>,
}

impl FakeClock {
    /// The server's time, Unix seconds.
    fn now(&self) -> i64 {
        let system = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        system + self.offset_secs
    }

    /// The `Date` header of a response, as AWS sends it.
    fn http_date(&self) -> String {
        let now = awsgen_runtime::DateTime::from_unix_timestamp(self.now())
            .unwrap_or(awsgen_runtime::time::EPOCH);
        awsgen_runtime::time::format_http_date(&now)
    }

    /// Rejects a signing time (`X-Amz-Date`, `YYYYMMDDTHHMMSSZ`) further off than allowed,
    /// with the message a service gives.
    fn check(&self, amz_date: Option<&str>) -> Result<(), String> {
        let Some(max) = self.max_skew_secs else { return Ok(()) };
        let signed = amz_date
            .filter(|d| d.len() == 16)
            .and_then(|d| {
                let text = format!("{}-{}-{}T{}:{}:{}Z", &d[..4], &d[4..6], &d[6..8], &d[9..11], &d[11..13], &d[13..15]);
                awsgen_runtime::time::parse_date_time(&text).ok()
            })
            .ok_or("X-Amz-Date is missing or malformed")?;
        let off = signed.unix_timestamp() - self.now();
        if off.unsigned_abs() > max {
            return Err(format!(
                "Signature expired: {} is {off} s from the server's time (allowed: {max} s)",
                amz_date.unwrap_or_default()
            ));
        }
        Ok(())
    }
}

/// Settings of a [`FakeServer`]; start it with [`start`](Self::start).
#[derive(Clone, Debug)]
pub struct FakeServerBuilder {
    runs: usize,
    credentials: FakeCredentials,
    region: String,
    faults: FaultPlan,
    clock: FakeClock,
}

impl Default for FakeServerBuilder {
    fn default() -> Self {
        Self {
            runs: DEFAULT_RUN_COUNT,
            credentials: FakeCredentials::new(DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY),
            region: DEMO_REGION.to_owned(),
            faults: FaultPlan::None,
            clock: FakeClock::default(),
        }
    }
}

impl FakeServerBuilder {
    /// Serves `count` runs (see [`demo_runs`]); [`DEFAULT_RUN_COUNT`] by default.
    pub fn runs(mut self, count: usize) -> Self {
        self.runs = count;
        self
    }

    /// Accepts requests signed with `credentials` only.
    pub fn credentials(mut self, credentials: FakeCredentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// Expects `region` in the credential scope ([`DEMO_REGION`] by default).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = region.into();
        self
    }

    /// Injects faults as `plan` says.
    pub fn faults(mut self, plan: FaultPlan) -> Self {
        self.faults = plan;
        self
    }

    /// Runs the server's clock `seconds` ahead of this machine's (behind when negative): the
    /// `Date` of its responses shows it.
    pub fn clock_offset(mut self, seconds: i64) -> Self {
        self.clock.offset_secs = seconds;
        self
    }

    /// Rejects requests signed more than `max` away from the server's clock with
    /// `InvalidSignatureException` ("Signature expired"), as AWS does with five minutes.
    /// Unchecked by default (tests sign with fixed clocks).
    pub fn reject_skew_over(mut self, max: std::time::Duration) -> Self {
        self.clock.max_skew_secs = Some(max.as_secs());
        self
    }

    /// Binds `127.0.0.1:0` and starts serving.
    pub async fn start(self) -> io::Result<FakeServer> {
        self.faults
            .validate()
            .map_err(|m| io::Error::new(io::ErrorKind::InvalidInput, m))?;
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let runs = demo_runs(self.runs);
        let by_id = runs
            .iter()
            .enumerate()
            .map(|(i, r)| (r.run_id.clone(), i))
            .collect();
        let state = Arc::new(State {
            runs,
            by_id,
            credentials: self.credentials,
            region: self.region,
            requests: AtomicU64::new(0),
            faults: FaultInjector::new(self.faults),
            recorded: Mutex::default(),
            clock: self.clock,
        });
        let task = tokio::spawn(accept_loop(listener, Arc::clone(&state)));
        Ok(FakeServer {
            base_url,
            state,
            task,
        })
    }
}

/// A running fake server; stops when [`shutdown`](Self::shutdown) is called or it is dropped.
pub struct FakeServer {
    base_url: String,
    state: Arc<State>,
    task: JoinHandle<()>,
}

impl std::fmt::Debug for FakeServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeServer")
            .field("base_url", &self.base_url)
            .field("runs", &self.state.runs.len())
            .field("credentials", &self.state.credentials)
            .field("region", &self.state.region)
            .finish_non_exhaustive()
    }
}

impl FakeServer {
    /// Settings for a server: [`DEFAULT_RUN_COUNT`] runs, the demo credentials and region, no
    /// faults.
    pub fn builder() -> FakeServerBuilder {
        FakeServerBuilder::default()
    }

    /// Starts a server with the defaults of [`builder`](Self::builder).
    pub async fn start() -> io::Result<FakeServer> {
        Self::builder().start().await
    }

    /// Starts a server with `count` runs and the other defaults.
    pub async fn start_with_runs(count: usize) -> io::Result<FakeServer> {
        Self::builder().runs(count).start().await
    }

    /// The endpoint to configure clients with, `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The credentials requests must be signed with.
    pub fn credentials(&self) -> &FakeCredentials {
        &self.state.credentials
    }

    /// The region requests must be signed for.
    pub fn region(&self) -> &str {
        &self.state.region
    }

    /// A client configuration for this server: its endpoint, region and credentials.
    pub fn client_config(&self) -> awsgen_runtime::client::ConfigBuilder {
        let creds = &self.state.credentials;
        awsgen_runtime::client::Config::builder()
            .region(self.state.region.clone())
            .static_credentials(
                creds.access_key_id.clone(),
                creds.secret_access_key.clone(),
                creds.session_token.clone(),
            )
            .endpoint_url(self.base_url.clone())
    }

    /// The runs served, in listing order.
    pub fn runs(&self) -> &[FakeRun] {
        &self.state.runs
    }

    /// How many HTTP requests have been received so far (good, bad or faulty).
    pub fn request_count(&self) -> u64 {
        self.state.requests.load(Ordering::Relaxed)
    }

    /// The faults injected so far.
    pub fn fault_stats(&self) -> FaultStats {
        self.state.faults.stats()
    }

    /// The requests received so far, in arrival order (the first 10,000).
    pub fn recorded_requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state.recorded).clone()
    }

    /// Stops accepting connections and closes open ones.
    pub async fn shutdown(mut self) {
        self.task.abort();
        let _ = (&mut self.task).await;
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

async fn accept_loop(listener: TcpListener, state: Arc<State>) {
    // Connection tasks live in the set, so aborting this task also ends them.
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    connections.spawn(serve_connection(stream, Arc::clone(&state)));
                }
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// A parsed HTTP/1.1 request.
struct Request {
    method: String,
    path: String,
    /// Header names lowercased.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A response: status and JSON body.
struct Response {
    status: u16,
    body: Value,
}

/// The bytes of a response: head and body in one buffer, so they go out in one write (head
/// and body in separate segments would meet Nagle's algorithm and delayed ACKs on the
/// client side). Returns the message and the length of its head.
fn encode_response(response: &Response, id: u64, keep_alive: bool, date: &str) -> (Vec<u8>, usize) {
    let body = response.body.to_string();
    let head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {CONTENT_TYPE}\r\nContent-Length: {}\r\nx-amzn-RequestId: fake-{id:08}\r\nDate: {date}\r\n{}\r\n",
        response.status,
        reason(response.status),
        body.len(),
        if keep_alive { "" } else { "Connection: close\r\n" },
    );
    let head_len = head.len();
    let mut message = head.into_bytes();
    message.extend_from_slice(body.as_bytes());
    (message, head_len)
}

async fn serve_connection(stream: TcpStream, state: Arc<State>) {
    let _ = stream.set_nodelay(true);
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    loop {
        let read = match read_request(&mut reader).await {
            Ok(None) => return,
            Ok(Some(request)) => Ok(request),
            Err(message) => Err(message),
        };
        let id = state.requests.fetch_add(1, Ordering::Relaxed) + 1;
        let (response, keep_alive) = match read {
            Ok(request) => {
                record(&state, &request);
                let close = request
                    .header("connection")
                    .is_some_and(|v| v.eq_ignore_ascii_case("close"));
                match state.faults.decide(id) {
                    None => (handle(&state, &request), !close),
                    Some(Fault::Throttle) => (throttling(), !close),
                    Some(Fault::InternalError) => (internal_error(), !close),
                    Some(Fault::Unavailable) => (unavailable(), !close),
                    Some(Fault::DropBeforeResponse) => return,
                    Some(fault @ (Fault::DropMidResponse | Fault::ResetMidResponse)) => {
                        // A complete head announcing the full length, part of the body, then
                        // close (FIN) or reset (RST).
                        let (message, head_len) =
                            encode_response(&handle(&state, &request), id, true, &state.clock.http_date());
                        let cut = head_len + mid_body_cut(message.len() - head_len, id);
                        let _ = write.write_all(&message[..cut]).await;
                        let _ = write.flush().await;
                        if fault == Fault::ResetMidResponse {
                            reset(reader.into_inner(), write);
                        }
                        return;
                    }
                    Some(Fault::Hang) => std::future::pending().await,
                }
            }
            // Unreadable framing: answer once, then drop the connection.
            Err(message) => (validation_error("cannotParse", &message), false),
        };
        let (message, _) = encode_response(&response, id, keep_alive, &state.clock.http_date());
        if write.write_all(&message).await.is_err() || write.flush().await.is_err() || !keep_alive {
            return;
        }
    }
}

/// Where a response body of `len` bytes is cut: somewhere strictly inside it (at least one
/// byte sent, at least one missing), varying with the request number.
fn mid_body_cut(len: usize, id: u64) -> usize {
    if len < 2 {
        return 0;
    }
    let eighths = 1 + (id % 7) as usize; // 1/8 .. 7/8 of the body
    (len * eighths / 8).clamp(1, len - 1)
}

/// Closes the connection with a reset (RST) instead of an orderly close (FIN): `SO_LINGER` 0,
/// then drop.
fn reset(read: OwnedReadHalf, write: OwnedWriteHalf) {
    if let Ok(stream) = read.reunite(write) {
        // Deprecated because a non-zero linger blocks the thread on drop; a zero linger never
        // blocks (the kernel discards what is unsent and sends RST at once).
        #[allow(deprecated)]
        let _ = stream.set_linger(Some(std::time::Duration::ZERO));
        drop(stream);
    }
}

fn record(state: &State, request: &Request) {
    let mut recorded = lock(&state.recorded);
    if recorded.len() < MAX_RECORDED {
        recorded.push(RecordedRequest {
            method: request.method.clone(),
            path: request.path.clone(),
            headers: request.headers.clone(),
            body: request.body.clone(),
        });
    }
}

/// Reads one request; `Ok(None)` when the peer closed the connection between requests.
async fn read_request<R: tokio::io::AsyncBufRead + Unpin>(
    reader: &mut R,
) -> Result<Option<Request>, String> {
    let mut head_bytes = 0usize;
    let mut line = String::new();
    let request_line = loop {
        line.clear();
        match reader.read_line(&mut line).await {
            Ok(0) => return Ok(None),
            Ok(n) => head_bytes += n,
            Err(e) => return Err(format!("unreadable request: {e}")),
        }
        // Tolerate blank lines before a request line (RFC 9112 section 2.2).
        if !line.trim().is_empty() {
            break line.trim_end().to_owned();
        }
    };
    let mut parts = request_line.split(' ');
    let (Some(method), Some(path), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(format!("malformed request line `{request_line}`"));
    };
    if version != "HTTP/1.1" && version != "HTTP/1.0" {
        return Err(format!("unsupported HTTP version `{version}`"));
    }
    let mut headers = Vec::new();
    loop {
        line.clear();
        match reader.read_line(&mut line).await {
            Ok(0) => return Err("connection closed inside the request head".into()),
            Ok(n) => head_bytes += n,
            Err(e) => return Err(format!("unreadable request head: {e}")),
        }
        if head_bytes > MAX_HEAD_BYTES {
            return Err("request head too large".into());
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        let Some((name, value)) = header.split_once(':') else {
            return Err(format!("malformed header line `{header}`"));
        };
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let mut request = Request {
        method: method.to_owned(),
        path: path.to_owned(),
        headers,
        body: Vec::new(),
    };
    if request.header("transfer-encoding").is_some() {
        return Err("Transfer-Encoding is not supported; send Content-Length".into());
    }
    let length = match request.header("content-length") {
        None => 0,
        Some(v) => v
            .parse::<usize>()
            .map_err(|_| format!("bad Content-Length `{v}`"))?,
    };
    if length > MAX_BODY_BYTES {
        return Err(format!("body of {length} bytes is too large"));
    }
    request.body = vec![0; length];
    reader
        .read_exact(&mut request.body)
        .await
        .map_err(|e| format!("short body: {e}"))?;
    Ok(Some(request))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

fn error_response(status: u16, code: &str, message: &str) -> Response {
    Response {
        status,
        body: json!({ "__type": format!("{ERROR_NAMESPACE}{code}"), "Message": message }),
    }
}

fn validation_error(reason: &str, message: &str) -> Response {
    let mut response = error_response(400, "ValidationException", message);
    response.body["Reason"] = json!(reason);
    response
}

fn access_denied(message: &str) -> Response {
    error_response(403, "AccessDeniedException", message)
}

fn throttling() -> Response {
    let mut response = error_response(400, "ThrottlingException", "Rate exceeded");
    response.body["ServiceCode"] = json!(SIGNING_NAME);
    response.body["QuotaCode"] = json!("L-FAKE0001");
    response
}

fn internal_error() -> Response {
    error_response(
        500,
        "InternalServerException",
        "Internal failure (injected)",
    )
}

fn unavailable() -> Response {
    error_response(
        503,
        "ServiceUnavailableException",
        "Service unavailable (injected)",
    )
}

fn not_found(resource_type: &str, resource_id: &str) -> Response {
    let message = format!("{resource_type} {resource_id} does not exist");
    let mut response = error_response(404, "ResourceNotFoundException", &message);
    response.body["ResourceId"] = json!(resource_id);
    response.body["ResourceType"] = json!(resource_type);
    response
}

/// Verifies the signature, checks the protocol envelope and dispatches on `X-Amz-Target`.
fn handle(state: &State, request: &Request) -> Response {
    let signed = sigv4::SignedRequest {
        method: &request.method,
        target: &request.path,
        headers: &request.headers,
        body: &request.body,
    };
    if let Err(failure) = sigv4::verify(&signed, &state.credentials, &state.region, SIGNING_NAME) {
        return access_denied(&failure.0);
    }
    if let Err(message) = state.clock.check(request.header("x-amz-date")) {
        return error_response(400, "InvalidSignatureException", &message);
    }
    if request.method != "POST" {
        return validation_error(
            "other",
            &format!("method must be POST, not {}", request.method),
        );
    }
    // A query string is ignored, as the service does: the official Rust SDK sends
    // `@httpQuery` members (`nextToken`, ...) there too, besides the body.
    if request.path.split('?').next() != Some("/") {
        return validation_error(
            "other",
            &format!("path must be `/`, not `{}`", request.path),
        );
    }
    match request.header("content-type") {
        Some(CONTENT_TYPE) => {}
        other => {
            return validation_error(
                "other",
                &format!(
                    "Content-Type must be {CONTENT_TYPE}, not {}",
                    other.unwrap_or("(none)")
                ),
            )
        }
    }
    let Some(target) = request.header("x-amz-target") else {
        return validation_error("unknownOperation", "missing X-Amz-Target header");
    };
    let Some(operation) = target.strip_prefix(TARGET_PREFIX) else {
        return validation_error(
            "unknownOperation",
            &format!("X-Amz-Target `{target}` is not {TARGET_PREFIX}<Operation>"),
        );
    };
    let input = match serde_json::from_slice::<Value>(&request.body) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return validation_error("cannotParse", "body must be a JSON object"),
        Err(e) => return validation_error("cannotParse", &format!("body is not JSON: {e}")),
    };
    match operation {
        "ListWorkflowRuns" => list_workflow_runs(state, &input),
        "GetWorkflowRun" => get_workflow_run(state, &input),
        other => validation_error(
            "unknownOperation",
            &format!("operation {other} is not supported by this fake"),
        ),
    }
}

fn string_member<'a>(
    input: &'a Map<String, Value>,
    name: &str,
    required: bool,
) -> Result<Option<&'a str>, Response> {
    match input.get(name) {
        None | Some(Value::Null) if required => Err(validation_error(
            "fieldValidationFailed",
            &format!("{name} is required"),
        )),
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if !s.is_empty() => Ok(Some(s)),
        Some(_) => Err(validation_error(
            "fieldValidationFailed",
            &format!("{name} must be a non-empty string"),
        )),
    }
}

fn check_workflow(arn: &str) -> Result<(), Response> {
    if arn == DEMO_WORKFLOW_ARN {
        Ok(())
    } else {
        Err(not_found("Workflow", arn))
    }
}

fn list_workflow_runs(state: &State, input: &Map<String, Value>) -> Response {
    let result = (|| {
        let arn = string_member(input, "WorkflowArn", true)?.unwrap_or_default();
        let page_size = match input.get("MaxResults") {
            None | Some(Value::Null) => DEFAULT_PAGE_SIZE,
            Some(v) => match v.as_u64() {
                Some(n) if (1..=MAX_PAGE_SIZE as u64).contains(&n) => n as usize,
                _ => {
                    return Err(validation_error(
                        "fieldValidationFailed",
                        &format!(
                            "MaxResults must be an integer from 1 to {MAX_PAGE_SIZE}, not {v}"
                        ),
                    ))
                }
            },
        };
        let offset = match string_member(input, "NextToken", false)? {
            None => 0,
            Some(token) => decode_token(token)
                .ok_or_else(|| validation_error("fieldValidationFailed", "NextToken is invalid"))?,
        };
        let version = string_member(input, "WorkflowVersion", false)?;
        check_workflow(arn)?;
        let matching: Vec<&FakeRun> = state
            .runs
            .iter()
            .filter(|r| version.is_none_or(|v| r.workflow_version == v))
            .collect();
        if offset > matching.len() {
            return Err(validation_error(
                "fieldValidationFailed",
                "NextToken is invalid",
            ));
        }
        let end = (offset + page_size).min(matching.len());
        let mut body = Map::new();
        body.insert(
            "WorkflowRuns".into(),
            matching[offset..end]
                .iter()
                .map(|r| r.summary_json())
                .collect(),
        );
        if end < matching.len() {
            body.insert("NextToken".into(), json!(encode_token(end)));
        }
        Ok(Response {
            status: 200,
            body: Value::Object(body),
        })
    })();
    result.unwrap_or_else(|error| error)
}

fn get_workflow_run(state: &State, input: &Map<String, Value>) -> Response {
    let result = (|| {
        let arn = string_member(input, "WorkflowArn", true)?.unwrap_or_default();
        let run_id = string_member(input, "RunId", true)?.unwrap_or_default();
        check_workflow(arn)?;
        let run = state
            .by_id
            .get(run_id)
            .map(|&i| &state.runs[i])
            .ok_or_else(|| not_found("WorkflowRun", run_id))?;
        Ok(Response {
            status: 200,
            body: run.detail_json(),
        })
    })();
    result.unwrap_or_else(|error| error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mid_body_cuts_are_strictly_inside_the_body() {
        for len in 2..300 {
            for id in 1..20 {
                let cut = mid_body_cut(len, id);
                assert!((1..len).contains(&cut), "len {len}, id {id}: {cut}");
            }
        }
        assert_eq!(mid_body_cut(1, 5), 0);
    }

    #[test]
    fn tokens_round_trip() {
        assert_eq!(decode_token(&encode_token(140)), Some(140));
        assert_eq!(decode_token("not a token"), None);
    }

    #[test]
    fn runs_are_deterministic_and_varied() {
        let runs = demo_runs(DEFAULT_RUN_COUNT);
        assert_eq!(runs, demo_runs(DEFAULT_RUN_COUNT));
        for status in [
            "SUCCESS", "FAILED", "TIMEOUT", "STOPPED", "RUNNING", "QUEUED", "STARTING", "STOPPING",
        ] {
            assert!(runs.iter().any(|r| r.status == status), "no {status} run");
        }
        assert!(runs.iter().any(|r| r.run_type == "ON_DEMAND"));
        assert!(runs
            .windows(2)
            .all(|w| w[0].created_unix < w[1].created_unix));
        assert_eq!(rfc3339(FIRST_RUN_UNIX), "2025-01-01T00:00:00Z");
    }
}
