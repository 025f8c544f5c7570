//! [`Handle`]: one call of an operation, from endpoint resolution to the final raw response.

use std::error::Error as StdError;
use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};

use aws_credential_types::provider::ProvideCredentials;
use aws_credential_types::Credentials;
use bytes::Bytes;
use http::header::{HeaderName, HeaderValue, CONTENT_LENGTH, HOST, USER_AGENT};
use tracing::Instrument;

use crate::body::{ByteStream, PayloadDigests};
use crate::endpoint::{is_valid_host_label, Builtins, Endpoint, EndpointParams, ParamValue};
use crate::error::{DispatchFailure, DispatchKind, TimeoutKind};
use crate::response::RawResponse;
use crate::spec::{OperationSpec, ServiceSpec};

use super::clock_skew::{is_skew_error, ClockSkew};
use super::config::Config;
use super::options::{Auth, CallOptions};
use super::retry::{self, RetryKind, RetryQuota, NO_RETRY_INCREMENT};
use super::transport::{CollectError, HttpTransport, TransportError, TransportErrorKind};

type BoxError = Box<dyn StdError + Send + Sync>;

/// What generated clients hold: the service description, the configuration, the transport
/// and the retry quota. Cheap to clone (one `Arc`); clones
/// share the connection pool and the retry quota.
#[derive(Clone)]
pub struct Handle {
    inner: Arc<Inner>,
}

struct Inner {
    service: &'static ServiceSpec,
    config: Config,
    transport: Result<Arc<dyn HttpTransport>, String>,
    quota: RetryQuota,
    user_agent: HeaderValue,
    /// The last credentials that carry an expiry, reused until shortly before it.
    cached_credentials: Mutex<Option<Credentials>>,
    /// The endpoint of calls without endpoint parameters of their own: its parameters come
    /// from the configuration alone, which a handle never changes, so the resolver runs once.
    endpoint: OnceLock<Endpoint>,
    /// The service's clock, as measured from its responses.
    clock_skew: ClockSkew,
}

/// Expiring credentials are refreshed this long before they expire.
const CREDENTIALS_REFRESH_BUFFER: Duration = Duration::from_secs(300);

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle")
            .field("service", &self.inner.service.sdk_id)
            .field("config", &self.inner.config)
            .field("retry_quota", &self.inner.quota.available())
            .finish()
    }
}

impl Handle {
    /// A handle for `service`. Without a transport in `config`, the default one (feature
    /// `rustls`) is made, with the configured connect timeout.
    pub fn new(service: &'static ServiceSpec, mut config: Config) -> Handle {
        // The endpoint URL configured for this service, if any, for every call.
        config.endpoint_url = config.endpoint_url_for(service.sdk_id);
        config.service_endpoint_urls = None;
        let transport = match &config.transport {
            Some(t) => Ok(Arc::clone(t)),
            None => default_transport(&config),
        };
        let user_agent = format!("awsgen/{} ({})", env!("CARGO_PKG_VERSION"), service.sdk_id);
        let user_agent =
            HeaderValue::from_str(&user_agent).unwrap_or_else(|_| HeaderValue::from_static("awsgen"));
        let quota = RetryQuota::new(config.retry.retry_quota());
        Handle {
            inner: Arc::new(Inner {
                service,
                config,
                transport,
                quota,
                user_agent,
                cached_credentials: Mutex::new(None),
                endpoint: OnceLock::new(),
                clock_skew: ClockSkew::default(),
            }),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The service this handle calls.
    pub fn service(&self) -> &'static ServiceSpec {
        self.inner.service
    }

    /// A value for an `@idempotencyToken` member the caller left unset.
    pub fn idempotency_token(&self) -> String {
        self.inner.config.idempotency.make_token()
    }

    /// Tokens left in the retry quota.
    pub fn retry_quota_available(&self) -> u32 {
        self.inner.quota.available()
    }

    /// Sends `request`, an operation's whole request as its protocol built it (method, path
    /// and query relative to the endpoint, headers, body): resolves the endpoint, adds the
    /// host and fixed headers, signs, sends, retries, and returns the last response, error
    /// statuses included (with [`RawResponse::attempts`] set). `Err` means no complete
    /// response arrived; its `attempts` is 0 when nothing was sent.
    pub async fn call(
        &self,
        op: &'static OperationSpec,
        request: http::Request<impl Into<ByteStream>>,
    ) -> Result<RawResponse, DispatchFailure> {
        self.call_with(op, request, &CallOptions::default()).await
    }

    /// [`call`](Self::call), with what the operation adds to the request: a host prefix,
    /// headers, compression.
    ///
    /// A request body of unknown length is sent chunked. A replayable body (bytes, a file) is
    /// signed with its SHA-256 and sent again on retries; a one-shot stream is signed
    /// `UNSIGNED-PAYLOAD` (as the official SDK does; botocore cannot send one) and retried
    /// only if none of it was read.
    pub async fn call_with(
        &self,
        op: &'static OperationSpec,
        request: http::Request<impl Into<ByteStream>>,
        options: &CallOptions,
    ) -> Result<RawResponse, DispatchFailure> {
        let span =
            tracing::debug_span!("awsgen_call", service = self.inner.service.sdk_id, operation = op.name);
        let attempts = AtomicU32::new(0);
        let call = self.call_inner(op, request.map(Into::into), options, &attempts);
        match self.inner.config.timeouts.operation_timeout() {
            None => call.instrument(span).await,
            Some(limit) => match tokio::time::timeout(limit, call).instrument(span.clone()).await {
                Ok(result) => result,
                Err(_) => {
                    let attempts = attempts.load(Ordering::Relaxed);
                    span.in_scope(|| tracing::debug!(attempts, "operation timeout"));
                    Err(failure(
                        DispatchKind::Timeout(TimeoutKind::Operation),
                        attempts,
                        format!("{} did not complete within {limit:?}", op.name),
                        None,
                    ))
                }
            },
        }
    }

    async fn call_inner(
        &self,
        op: &'static OperationSpec,
        request: http::Request<ByteStream>,
        options: &CallOptions,
        attempts: &AtomicU32,
    ) -> Result<RawResponse, DispatchFailure> {
        let inner = &*self.inner;
        let config = &inner.config;
        let service = inner.service;

        // Parameters of the call's own (`@contextParam`, `@staticContextParams`) make the
        // endpoint the call's; otherwise every call shares the client's.
        let own_endpoint;
        let endpoint = if options.endpoint_params.is_empty() {
            self.endpoint()?
        } else {
            own_endpoint = self.resolve_endpoint(&options.endpoint_params)?;
            &own_endpoint
        };
        let mut template = request;
        options.apply(&mut template).map_err(|m| failure(DispatchKind::Io, 0, m, None))?;
        let endpoint_url =
            options.endpoint_url(&endpoint.url).map_err(|m| failure(DispatchKind::Endpoint, 0, m, None))?;
        let uri = join_endpoint(&endpoint_url, template.uri())
            .map_err(|m| failure(DispatchKind::Endpoint, 0, m, None))?;
        let transport =
            inner.transport.as_ref().map_err(|m| failure(DispatchKind::Io, 0, m.clone(), None))?;
        let credentials = match options.auth {
            Auth::Required => Some(self.load_credentials().await?),
            Auth::Optional => self.load_credentials().await.inspect_err(|e| tracing::debug!(reason = %e, "sending unsigned")).ok(),
            Auth::None => None,
        };
        let signer = match credentials {
            Some(credentials) => {
                let (region, name) = signing_scope(endpoint, config.region(), service.signing_name);
                let region = region.ok_or_else(|| {
                    failure(DispatchKind::Signing, 0, "no region to sign the request with: set a region", None)
                })?;
                Some((credentials, region, name))
            }
            None => None,
        };
        // Tree-hash headers are the payload's, signed or not.
        let payload = payload_hash(&mut template, options, signer.is_some()).await?;

        let mut base = template;
        *base.uri_mut() = uri;
        add_fixed_headers(&mut base, endpoint, &inner.user_agent)?;
        let invocation_id = HeaderValue::from_str(&super::random::uuid_v4().to_string())
            .unwrap_or_else(|_| HeaderValue::from_static("00000000-0000-4000-8000-000000000000"));
        let retry_config = &config.retry;
        let mut max_attempts = retry_config.max_attempts();
        let mut last_retry_cost: Option<u32> = None;
        let mut resent_for_skew = false;

        let mut attempt = 0;
        while attempt < max_attempts {
            attempt += 1;
            let mut request = clone_request(&base);
            let headers = request.headers_mut();
            headers.insert("amz-sdk-invocation-id", invocation_id.clone());
            if let Ok(v) = HeaderValue::from_str(&format!("attempt={attempt}; max={max_attempts}")) {
                headers.insert("amz-sdk-request", v);
            }
            let sent_at = config.time_source.now();
            let signing_time =
                if config.correct_clock_skew { inner.clock_skew.corrected(sent_at) } else { sent_at };
            if let Some((credentials, region, name)) = &signer {
                sign(&mut request, &payload, credentials, region, name, signing_time).map_err(|e| {
                    failure(DispatchKind::Signing, attempt - 1, "failed to sign the request", Some(e))
                })?;
            }

            attempts.store(attempt, Ordering::Relaxed);
            let mut outcome =
                self.attempt(op, transport.as_ref(), request, attempt, options.streaming_response).await;
            let skew_changed = match &outcome {
                Ok(raw) if config.correct_clock_skew => {
                    inner.clock_skew.observe(raw, sent_at, config.time_source.now())
                }
                _ => false,
            };

            // Classify.
            let (retry_kind, retry_after) = match &outcome {
                Ok(raw) if raw.is_success() => {
                    inner.quota.release(last_retry_cost.unwrap_or(NO_RETRY_INCREMENT));
                    tracing::debug!(
                        attempt,
                        status = raw.status,
                        request_id = raw.request_id(),
                        "attempt succeeded"
                    );
                    return outcome.map_err(|f| f.into_dispatch(attempt));
                }
                Ok(raw) => {
                    let code = service.protocol.error_metadata(raw).code;
                    // Rejected for its time, and the response shows the skew that caused it:
                    // send it once more, signed with the corrected time (not a retry: the
                    // service did not process it, and no quota or attempt is spent).
                    if skew_changed
                        && !resent_for_skew
                        && base.body().is_unread()
                        && code.as_deref().is_some_and(is_skew_error)
                    {
                        tracing::debug!(attempt, error_code = code.as_deref(), "clock skew corrected, resending");
                        resent_for_skew = true;
                        max_attempts += 1;
                        continue;
                    }
                    let retry_after = retry::parse_retry_after_ms(raw.header("x-amz-retry-after"));
                    let hinted = retry_after.is_some() || raw.header("retry-after").is_some();
                    let kind = retry::classify_response(op, raw.status, code.as_deref(), hinted);
                    tracing::debug!(
                        attempt,
                        status = raw.status,
                        request_id = raw.request_id(),
                        error_code = code.as_deref(),
                        retry = ?kind,
                        "attempt failed with an error response"
                    );
                    (kind, retry_after)
                }
                Err(f) => {
                    tracing::debug!(attempt, error = %f.message, kind = ?f.kind, retry = ?f.retry, "attempt failed");
                    (f.retry, None)
                }
            };

            if let Ok(raw) = &mut outcome {
                raw.transient = retry_kind.is_some();
            }
            // Retry if allowed, attempts remain and the quota has tokens.
            let Some(kind) = retry_kind else {
                return outcome.map_err(|f| f.into_dispatch(attempt));
            };
            if attempt >= max_attempts {
                tracing::debug!(attempt, "retries exhausted");
                return outcome.map_err(|f| f.into_dispatch(attempt));
            }
            // What was read of a one-shot stream is gone: it cannot be sent again.
            if !base.body().is_unread() {
                tracing::debug!(attempt, "the request body was a one-shot stream, not retrying");
                return outcome.map_err(|f| f.into_dispatch(attempt));
            }
            if !inner.quota.try_acquire(kind.cost()) {
                tracing::debug!(attempt, "retry quota exhausted, not retrying");
                return outcome.map_err(|f| f.into_dispatch(attempt));
            }
            last_retry_cost = Some(kind.cost());
            let delay = retry::backoff(retry_config, attempt, retry_after);
            tracing::debug!(attempt, backoff_ms = delay.as_millis() as u64, retry = ?kind, "retrying");
            tokio::time::sleep(delay).await;
        }
        // Unreachable: the loop returns on its last attempt; kept total for max_attempts == 0.
        Err(failure(DispatchKind::Io, attempts.load(Ordering::Relaxed), "no attempt was made", None))
    }

    /// The endpoint, resolved on the first call (nothing is sent on failure).
    fn endpoint(&self) -> Result<&Endpoint, DispatchFailure> {
        if let Some(endpoint) = self.inner.endpoint.get() {
            return Ok(endpoint);
        }
        let endpoint = self.resolve_endpoint(&[])?;
        Ok(self.inner.endpoint.get_or_init(|| endpoint))
    }

    /// Validates the region and resolves the endpoint, with `call_params` (a call's own
    /// parameters) over the configuration's built-ins.
    fn resolve_endpoint(&self, call_params: &[(&'static str, ParamValue)]) -> Result<Endpoint, DispatchFailure> {
        let config = &self.inner.config;
        if let Some(region) = config.region() {
            if !is_valid_host_label(region, false) {
                return Err(failure(
                    DispatchKind::Endpoint,
                    0,
                    format!("invalid region {region:?}: a region must be a single valid host label"),
                    None,
                ));
            }
        }
        // A service without an endpoint rule set is called at the configured endpoint URL.
        let Some(resolve) = self.inner.service.resolve_endpoint else {
            return match &config.endpoint_url {
                Some(url) => Ok(Endpoint::new(url.clone())),
                None => Err(failure(
                    DispatchKind::Endpoint,
                    0,
                    format!("{} has no endpoint rule set: set an endpoint URL", self.inner.service.sdk_id),
                    None,
                )),
            };
        };
        let builtins = Builtins {
            region: config.region.clone(),
            use_fips: config.use_fips,
            use_dual_stack: config.use_dual_stack,
            endpoint: config.endpoint_url.clone(),
            account_id: None,
        };
        let mut params = EndpointParams::from_builtins(&builtins, self.inner.service.endpoint_builtins);
        for (name, value) in call_params {
            params.insert(*name, value.clone());
        }
        resolve(&params).map_err(|e| failure(DispatchKind::Endpoint, 0, e.to_string(), Some(Box::new(e))))
    }

    /// Asks the provider for credentials. Credentials with an expiry are kept and reused until
    /// five minutes before it (providers such as IMDS or SSO are slow and do not cache);
    /// credentials without one (static keys) are asked for on every call.
    async fn load_credentials(&self) -> Result<Credentials, DispatchFailure> {
        let config = &self.inner.config;
        let Some(provider) = &config.credentials else {
            let message = "no credentials: none in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) \
                           or the shared files' profile, and no credentials provider was set";
            return Err(failure(DispatchKind::Credentials, 0, message, None));
        };
        let now = config.time_source.now();
        let fresh = |c: &Credentials| c.expiry().is_some_and(|e| now + CREDENTIALS_REFRESH_BUFFER < e);
        if let Some(cached) = self.cached().as_ref().filter(|c| fresh(c)) {
            return Ok(cached.clone());
        }
        let credentials = provider.provide_credentials().await.map_err(|e| {
            failure(DispatchKind::Credentials, 0, "the credentials provider failed", Some(Box::new(e)))
        })?;
        if let Some(expiry) = credentials.expiry() {
            if expiry <= now {
                return Err(failure(DispatchKind::Credentials, 0, "the credentials have expired", None));
            }
            *self.cached() = Some(credentials.clone());
        }
        Ok(credentials)
    }

    fn cached(&self) -> std::sync::MutexGuard<'_, Option<Credentials>> {
        // Poisoning cannot leave an `Option<Credentials>` half-written.
        self.inner.cached_credentials.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sends one request and reads its body, within the attempt timeout.
    async fn attempt(
        &self,
        op: &OperationSpec,
        transport: &dyn HttpTransport,
        request: http::Request<ByteStream>,
        attempt: u32,
        streaming: bool,
    ) -> Result<RawResponse, AttemptFailure> {
        let max = self.inner.config.max_response_bytes;
        let exchange = async {
            let response = transport.send(request).await.map_err(|e| AttemptFailure::transport(op, e))?;
            let (parts, body) = response.into_parts();
            let declared =
                parts.headers.get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok());
            if streaming && parts.status.is_success() {
                // Left unread for the output; the stream itself fails if cut short.
                let stream = ByteStream::from_response(body, declared);
                return Ok(RawResponse::new(parts.status.as_u16(), Bytes::new())
                    .with_body_stream(stream)
                    .with_headers(parts.headers)
                    .with_attempts(attempt));
            }
            if declared.is_some_and(|len| len > max as u64) {
                return Err(AttemptFailure::too_large(max));
            }
            let body = body.collect_limited(max).await.map_err(|e| match e {
                CollectError::TooLarge { limit } => AttemptFailure::too_large(limit),
                CollectError::Transport(e) => AttemptFailure::transport(op, e),
            })?;
            // A body shorter (or longer) than declared means the connection failed mid-body,
            // whatever the transport said: never hand a cut-off body to the parser.
            if let Some(len) = declared.filter(|len| *len != body.len() as u64) {
                let message = format!("the response body has {} bytes, its Content-Length says {len}", body.len());
                return Err(AttemptFailure::transport(op, TransportError::new(TransportErrorKind::Io, message)));
            }
            Ok(RawResponse::new(parts.status.as_u16(), body).with_headers(parts.headers).with_attempts(attempt))
        };
        match self.inner.config.timeouts.attempt_timeout() {
            None => exchange.await,
            Some(limit) => tokio::time::timeout(limit, exchange).await.unwrap_or_else(|_| {
                Err(AttemptFailure {
                    kind: DispatchKind::Timeout(TimeoutKind::Attempt),
                    retry: retry::classify_attempt_timeout(op),
                    message: format!("no complete response within {limit:?}"),
                    source: None,
                })
            }),
        }
    }
}

/// A failed attempt, with its retry classification.
struct AttemptFailure {
    kind: DispatchKind,
    retry: Option<RetryKind>,
    message: String,
    source: Option<BoxError>,
}

impl AttemptFailure {
    fn transport(op: &OperationSpec, error: TransportError) -> Self {
        let transport_kind = error.kind();
        let kind = match transport_kind {
            TransportErrorKind::ConnectTimeout => DispatchKind::Timeout(TimeoutKind::Connect),
            _ => DispatchKind::Io,
        };
        let message = error.to_string();
        let (_, source) = error.into_parts();
        Self { kind, retry: retry::classify_transport(op, transport_kind), message, source }
    }

    fn too_large(limit: usize) -> Self {
        Self {
            kind: DispatchKind::BodyTooLarge,
            retry: None,
            message: format!("the response body exceeds the limit of {limit} bytes"),
            source: None,
        }
    }

    fn into_dispatch(self, attempts: u32) -> DispatchFailure {
        failure(self.kind, attempts, self.message, self.source)
    }
}

fn failure(
    kind: DispatchKind,
    attempts: u32,
    message: impl Into<String>,
    source: Option<BoxError>,
) -> DispatchFailure {
    DispatchFailure { kind, attempts, message: message.into(), source }
}

#[cfg(any(feature = "rustls-aws-lc", feature = "rustls-ring"))]
fn default_transport(config: &Config) -> Result<Arc<dyn HttpTransport>, String> {
    super::hyper_transport::HyperTransport::new(config.timeouts.connect_timeout())
        .map(|t| Arc::new(t) as Arc<dyn HttpTransport>)
        .map_err(|e| e.to_string())
}

#[cfg(not(any(feature = "rustls-aws-lc", feature = "rustls-ring")))]
fn default_transport(_config: &Config) -> Result<Arc<dyn HttpTransport>, String> {
    Err("no HTTP transport: enable the `rustls` (or `rustls-ring`) feature of awsgen-runtime or set `ConfigBuilder::transport`"
        .to_owned())
}

/// Joins the endpoint URL and the request's path and query, keeping the endpoint's base path:
/// `https://example.com/custom` + `/` gives `https://example.com/custom/`.
pub(crate) fn join_endpoint(endpoint: &str, request: &http::Uri) -> Result<http::Uri, String> {
    let bad = |why: &str| format!("invalid endpoint URL {endpoint:?}: {why}");
    let base: http::Uri = endpoint.parse().map_err(|e| bad(&format!("{e}")))?;
    let scheme = match base.scheme_str() {
        Some(s @ ("http" | "https")) => s,
        Some(_) => return Err(bad("the scheme must be http or https")),
        None => return Err(bad("no scheme")),
    };
    let authority = base.authority().ok_or_else(|| bad("no host"))?;
    if authority.as_str().contains('@') {
        return Err(bad("user info is not allowed"));
    }
    if base.query().is_some() {
        return Err(bad("a query is not allowed"));
    }
    let base_path = base.path().trim_end_matches('/');
    let request_path = request.path_and_query().map_or("/", |p| p.as_str());
    let joined = format!("{scheme}://{authority}{base_path}{request_path}");
    joined.parse().map_err(|e| bad(&format!("{e}")))
}

/// The SigV4 region and name: from the endpoint's `authSchemes` property (first `sigv4`
/// scheme) when it has them, else the configured region and the service's signing name.
fn signing_scope<'a>(
    endpoint: &'a Endpoint,
    region: Option<&'a str>,
    name: &'a str,
) -> (Option<&'a str>, &'a str) {
    let scheme =
        endpoint.properties.get("authSchemes").and_then(|v| v.as_array()).and_then(|schemes| {
            schemes.iter().find(|s| s.get("name").and_then(|n| n.as_str()) == Some("sigv4"))
        });
    let field = |key: &str| scheme.and_then(|s| s.get(key)).and_then(|v| v.as_str());
    (field("signingRegion").or(region), field("signingName").unwrap_or(name))
}

/// Host, Content-Length (for a body), User-Agent and the endpoint's headers: the same on
/// every attempt.
fn add_fixed_headers(
    request: &mut http::Request<ByteStream>,
    endpoint: &Endpoint,
    user_agent: &HeaderValue,
) -> Result<(), DispatchFailure> {
    let host = request.uri().authority().map(|a| a.as_str().to_owned()).unwrap_or_default();
    let length = request.body().content_length();
    let method = request.method().clone();
    let headers = request.headers_mut();
    for (name, values) in &endpoint.headers {
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|e| {
            failure(
                DispatchKind::Endpoint,
                0,
                format!("invalid endpoint header name {name:?}"),
                Some(Box::new(e)),
            )
        })?;
        headers.remove(&name);
        for value in values {
            let value = HeaderValue::from_str(value).map_err(|e| {
                failure(
                    DispatchKind::Endpoint,
                    0,
                    format!("invalid value for endpoint header {name}"),
                    Some(Box::new(e)),
                )
            })?;
            headers.append(name.clone(), value);
        }
    }
    if let Ok(host) = HeaderValue::from_str(&host) {
        headers.insert(HOST, host);
    }
    // RFC 9110 8.6: no Content-Length for a request without content whose method gives
    // content no meaning (a restJson1 `GET`); awsJson's `POST`s always carry one.
    // A body of unknown length (a stream) goes chunked, without one.
    let bodiless = length == Some(0) && matches!(method, http::Method::GET | http::Method::HEAD | http::Method::DELETE | http::Method::OPTIONS);
    if let Some(length) = length.filter(|_| !bodiless) {
        headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
    }
    headers.insert(USER_AGENT, user_agent.clone());
    Ok(())
}

/// A copy of the request for one attempt: a replayable body reads again from its start, a
/// one-shot stream is shared (and only the first attempt that reads it can send it).
fn clone_request(base: &http::Request<ByteStream>) -> http::Request<ByteStream> {
    let mut request = http::Request::new(base.body().clone());
    *request.method_mut() = base.method().clone();
    *request.uri_mut() = base.uri().clone();
    *request.version_mut() = base.version();
    *request.headers_mut() = base.headers().clone();
    request
}

/// The payload's SHA-256 for the signature, computed once per call.
enum PayloadHash {
    /// A body in memory: aws-sigv4 hashes it.
    InMemory,
    /// A file: hashed by reading it (as botocore hashes a seekable body); the hex digest.
    Precomputed(String),
    /// A one-shot stream, which cannot be read twice: `UNSIGNED-PAYLOAD`, said in
    /// `x-amz-content-sha256`; any body of an `@unsignedPayload` operation. Also a file's
    /// when the request is not signed (not used then).
    Unsigned,
}

/// Hashes a replayable body that is not in memory (reading a file once more) if the
/// request is `signed`, and adds the tree hash headers if `options` asks for them.
async fn payload_hash(
    request: &mut http::Request<ByteStream>,
    options: &CallOptions,
    signed: bool,
) -> Result<PayloadHash, DispatchFailure> {
    let body = request.body();
    let in_memory = body.bytes().is_some();
    if !options.tree_hash_headers {
        if options.unsigned_payload {
            return Ok(PayloadHash::Unsigned);
        }
        if in_memory {
            return Ok(PayloadHash::InMemory);
        }
        if !signed {
            // No signature to put the hash in: a file is not read for nothing.
            return Ok(PayloadHash::Unsigned);
        }
    }
    let digests = PayloadDigests::of(body, options.tree_hash_headers)
        .await
        .map_err(|e| failure(DispatchKind::Io, 0, "failed to read the request body to hash it", Some(Box::new(e))))?;
    let Some(digests) = digests else {
        if options.tree_hash_headers {
            let message = "the payload's SHA-256 tree hash (x-amz-sha256-tree-hash) cannot be computed from a \
                           one-shot stream: give the body as bytes or a file, or set the checksum yourself";
            let has = |name: &str| request.headers().contains_key(name);
            if !(has("x-amz-sha256-tree-hash") && has("x-amz-content-sha256")) {
                return Err(failure(DispatchKind::Io, 0, message, None));
            }
        }
        return Ok(PayloadHash::Unsigned);
    };
    if let Some(tree_hash) = &digests.tree_hash {
        for (name, value) in [("x-amz-content-sha256", &digests.sha256), ("x-amz-sha256-tree-hash", tree_hash)] {
            if !request.headers().contains_key(name) {
                if let Ok(value) = HeaderValue::from_str(value) {
                    request.headers_mut().insert(name, value);
                }
            }
        }
    }
    Ok(if in_memory { PayloadHash::InMemory } else { PayloadHash::Precomputed(digests.sha256) })
}

/// Signs `request` with SigV4 (headers, payload hash in the canonical request only).
fn sign(
    request: &mut http::Request<ByteStream>,
    payload: &PayloadHash,
    credentials: &Credentials,
    region: &str,
    name: &str,
    time: SystemTime,
) -> Result<(), BoxError> {
    use aws_sigv4::http_request::{
        sign as sigv4_sign, PayloadChecksumKind, SignableBody, SignableRequest, SigningSettings,
    };
    use aws_sigv4::sign::v4;
    use aws_smithy_runtime_api::client::identity::Identity;

    let identity = Identity::from(credentials.clone());
    let mut settings = SigningSettings::default();
    let empty = Bytes::new();
    let body = match payload {
        PayloadHash::InMemory => SignableBody::Bytes(request.body().bytes().unwrap_or(&empty)),
        PayloadHash::Precomputed(hash) => SignableBody::Precomputed(hash.clone()),
        PayloadHash::Unsigned => {
            settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
            SignableBody::UnsignedPayload
        }
    };
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(name)
        .time(time)
        .settings(settings)
        .build()?
        .into();
    let uri = request.uri().to_string();
    let headers = request.headers().iter().filter_map(|(k, v)| Some((k.as_str(), v.to_str().ok()?)));
    let signable =
        SignableRequest::new(request.method().as_str(), uri, headers, body)?;
    // aws-sigv4 logs its signing parameters at TRACE, access key id included: sign with
    // tracing switched off so no credential reaches the application's logs.
    let signed = tracing::dispatcher::with_default(&tracing::Dispatch::none(), || sigv4_sign(signable, &params))?;
    let (instructions, _signature) = signed.into_parts();
    let (new_headers, _params) = instructions.into_parts();
    for header in new_headers {
        // Not `apply_to_request_http1x`: it panics on a header value that is not valid HTTP (a
        // session token with a newline, say).
        let mut value = HeaderValue::from_str(header.value())
            .map_err(|_| format!("the signer produced an invalid value for {}", header.name()))?;
        value.set_sensitive(header.sensitive() || header.name() == "authorization");
        request.headers_mut().insert(header.name(), value);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_endpoint_paths() {
        let root = http::Uri::from_static("/");
        let join = |e: &str| join_endpoint(e, &root).map(|u| u.to_string());
        assert_eq!(join("https://example.com").as_deref(), Ok("https://example.com/"));
        assert_eq!(join("https://example.com/").as_deref(), Ok("https://example.com/"));
        assert_eq!(join("https://example.com/custom").as_deref(), Ok("https://example.com/custom/"));
        assert_eq!(join("https://example.com/custom/").as_deref(), Ok("https://example.com/custom/"));
        assert_eq!(join("http://127.0.0.1:8080").as_deref(), Ok("http://127.0.0.1:8080/"));
        let q = http::Uri::from_static("/a?b=c");
        assert_eq!(
            join_endpoint("https://h/base", &q).map(|u| u.to_string()).as_deref(),
            Ok("https://h/base/a?b=c")
        );
        assert!(join("example.com").is_err());
        assert!(join("ftp://example.com").is_err());
        assert!(join("https://u:p@example.com").is_err());
        assert!(join("https://example.com/?x=1").is_err());
        assert!(join("not a url").is_err());
    }

    #[test]
    fn signing_scope_prefers_auth_schemes() {
        let mut endpoint =
            Endpoint { url: "https://x".into(), headers: Default::default(), properties: Default::default() };
        assert_eq!(signing_scope(&endpoint, Some("us-east-1"), "svc"), (Some("us-east-1"), "svc"));
        let schemes = serde_json::json!([
            {"name": "sigv4a", "signingName": "other", "signingRegionSet": ["*"]},
            {"name": "sigv4", "signingName": "custom", "signingRegion": "eu-west-1"}
        ]);
        endpoint.properties.insert("authSchemes".into(), schemes);
        assert_eq!(signing_scope(&endpoint, Some("us-east-1"), "svc"), (Some("eu-west-1"), "custom"));
        assert_eq!(signing_scope(&endpoint, None, "svc"), (Some("eu-west-1"), "custom"));
    }
}
