//! Client configuration: region, credentials, endpoint, retries, timeouts, transport, clock.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_credential_types::Credentials;

use super::transport::HttpTransport;

/// The default limit on a response body: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

/// The idempotency token used in tests and protocol compliance tests.
pub const FIXED_IDEMPOTENCY_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// Retry settings for AWS "standard" retry mode.
///
/// Failed attempts are retried after an exponential backoff with full jitter:
/// `random(0..=min(max_backoff, initial_backoff * 2^(attempt-1)))`, unless the response has an
/// `x-amz-retry-after` header (milliseconds, capped at `max_backoff`). Every retry takes tokens
/// from a quota shared by all clones of one client (5 per retry, 10 after a timeout); a
/// successful first attempt puts one token back, a success after retries puts back what the
/// last retry took. When the quota is empty, failures are returned without retrying.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    quota_capacity: u32,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

impl RetryConfig {
    /// Standard mode: 3 attempts, 1 s initial backoff, 20 s maximum backoff, 500 quota tokens.
    pub fn standard() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
            quota_capacity: 500,
        }
    }

    /// No retries: every call makes exactly one attempt.
    pub fn disabled() -> Self {
        Self { max_attempts: 1, ..Self::standard() }
    }

    /// Sets the total number of attempts, the first included (0 is treated as 1).
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// Sets the backoff before the first retry (the upper bound of its jitter).
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// Sets the largest backoff between two attempts.
    pub fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// Sets the size of the retry quota in tokens (500 in standard mode).
    pub fn with_retry_quota(mut self, tokens: u32) -> Self {
        self.quota_capacity = tokens;
        self
    }

    /// The total number of attempts, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The backoff before the first retry.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The largest backoff.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The size of the retry quota in tokens.
    pub fn retry_quota(&self) -> u32 {
        self.quota_capacity
    }
}

/// Timeouts; each one is optional and reported as `DispatchKind::Timeout(..)` when it fires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeoutConfig {
    connect: Option<Duration>,
    attempt: Option<Duration>,
    operation: Option<Duration>,
}

impl Default for TimeoutConfig {
    /// A 3.1 s connect timeout (as the AWS SDKs) and no attempt or operation timeout.
    fn default() -> Self {
        Self { connect: Some(Duration::from_millis(3100)), attempt: None, operation: None }
    }
}

impl TimeoutConfig {
    /// No timeouts at all.
    pub fn disabled() -> Self {
        Self { connect: None, attempt: None, operation: None }
    }

    /// Sets the time allowed to open a connection (TCP and TLS); applied by the transport.
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect = Some(timeout);
        self
    }

    /// Sets the time allowed for one attempt, from sending the request to the end of the body.
    pub fn with_attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt = Some(timeout);
        self
    }

    /// Sets the time allowed for a whole call, all attempts and backoffs included.
    pub fn with_operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation = Some(timeout);
        self
    }

    /// The connect timeout.
    pub fn connect_timeout(&self) -> Option<Duration> {
        self.connect
    }

    /// The per-attempt timeout.
    pub fn attempt_timeout(&self) -> Option<Duration> {
        self.attempt
    }

    /// The whole-operation timeout.
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation
    }
}

/// A source of the current time, used for signing.
pub trait TimeSource: Send + Sync + fmt::Debug {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemTimeSource;

impl TimeSource for SystemTimeSource {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that always tells the same time (for reproducible signatures in tests).
#[derive(Clone, Copy, Debug)]
pub struct StaticTimeSource(SystemTime);

impl StaticTimeSource {
    /// A clock stopped at `time`.
    pub fn new(time: SystemTime) -> Self {
        Self(time)
    }

    /// A clock stopped at `secs` seconds after the Unix epoch.
    pub fn from_unix_secs(secs: u64) -> Self {
        Self(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
    }
}

impl TimeSource for StaticTimeSource {
    fn now(&self) -> SystemTime {
        self.0
    }
}

/// Makes values for `@idempotencyToken` members the caller left unset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdempotencyTokenProvider(TokenInner);

#[derive(Clone, Debug, PartialEq, Eq)]
enum TokenInner {
    Random,
    Fixed(String),
}

impl Default for IdempotencyTokenProvider {
    fn default() -> Self {
        Self::random()
    }
}

impl IdempotencyTokenProvider {
    /// A fresh random UUID v4 per token (the default).
    pub fn random() -> Self {
        Self(TokenInner::Random)
    }

    /// Always `token`.
    pub fn fixed(token: impl Into<String>) -> Self {
        Self(TokenInner::Fixed(token.into()))
    }

    /// Always [`FIXED_IDEMPOTENCY_TOKEN`], as protocol compliance tests require.
    pub fn for_tests() -> Self {
        Self::fixed(FIXED_IDEMPOTENCY_TOKEN)
    }

    /// A token.
    pub fn make_token(&self) -> String {
        match &self.0 {
            TokenInner::Random => super::random::uuid_v4().to_string(),
            TokenInner::Fixed(token) => token.clone(),
        }
    }
}

/// Client configuration. Cheap to clone; build it with [`Config::builder`] or
/// [`Config::from_env`].
#[derive(Clone)]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) credentials: Option<SharedCredentialsProvider>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) use_fips: bool,
    pub(crate) use_dual_stack: bool,
    pub(crate) retry: RetryConfig,
    pub(crate) timeouts: TimeoutConfig,
    pub(crate) transport: Option<Arc<dyn HttpTransport>>,
    pub(crate) time_source: Arc<dyn TimeSource>,
    pub(crate) max_response_bytes: usize,
    pub(crate) idempotency: IdempotencyTokenProvider,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            // Never the provider's own Debug: a static provider would print the access key.
            .field("credentials", &self.credentials.as_ref().map(|_| "** redacted **"))
            .field("endpoint_url", &self.endpoint_url)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("retry", &self.retry)
            .field("timeouts", &self.timeouts)
            .field("transport", &self.transport)
            .field("time_source", &self.time_source)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("idempotency", &self.idempotency)
            .finish()
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            region: None,
            credentials: None,
            endpoint_url: None,
            use_fips: false,
            use_dual_stack: false,
            retry: RetryConfig::standard(),
            timeouts: TimeoutConfig::default(),
            transport: None,
            time_source: Arc::new(SystemTimeSource),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            idempotency: IdempotencyTokenProvider::random(),
        }
    }
}

impl Config {
    /// A builder with the defaults: no region, no credentials, standard retries, a 3.1 s
    /// connect timeout, the default transport (feature `rustls`), the system clock.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder { config: Config::default() }
    }

    /// The configuration from the environment, see [`ConfigBuilder::from_env`].
    pub fn from_env() -> Config {
        ConfigBuilder::from_env().build()
    }

    /// A builder that starts from this configuration.
    pub fn to_builder(&self) -> ConfigBuilder {
        ConfigBuilder { config: self.clone() }
    }

    /// The region.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The credentials provider.
    pub fn credentials_provider(&self) -> Option<&SharedCredentialsProvider> {
        self.credentials.as_ref()
    }

    /// The custom endpoint URL.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// Whether FIPS endpoints are used.
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }

    /// Whether dual-stack endpoints are used.
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }

    /// The retry settings.
    pub fn retry_config(&self) -> &RetryConfig {
        &self.retry
    }

    /// The timeouts.
    pub fn timeout_config(&self) -> &TimeoutConfig {
        &self.timeouts
    }

    /// The transport set with [`ConfigBuilder::transport`], if any.
    pub fn transport(&self) -> Option<&Arc<dyn HttpTransport>> {
        self.transport.as_ref()
    }

    /// The clock used for signing.
    pub fn time_source(&self) -> &Arc<dyn TimeSource> {
        &self.time_source
    }

    /// The largest response body accepted, in bytes.
    pub fn max_response_bytes(&self) -> usize {
        self.max_response_bytes
    }

    /// The idempotency token provider.
    pub fn idempotency_token_provider(&self) -> &IdempotencyTokenProvider {
        &self.idempotency
    }
}

/// Builds a [`Config`].
#[derive(Clone, Debug)]
pub struct ConfigBuilder {
    config: Config,
}

impl Default for ConfigBuilder {
    fn default() -> Self {
        Config::builder()
    }
}

impl ConfigBuilder {
    /// A builder with settings from the environment:
    /// region from `AWS_REGION`, else `AWS_DEFAULT_REGION`; static credentials from
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and optional `AWS_SESSION_TOKEN`;
    /// `AWS_ENDPOINT_URL`; `AWS_USE_FIPS_ENDPOINT` and `AWS_USE_DUALSTACK_ENDPOINT` (`true`).
    /// Empty variables count as unset.
    pub fn from_env() -> ConfigBuilder {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    pub(crate) fn from_vars(var: impl Fn(&str) -> Option<String>) -> ConfigBuilder {
        let var = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        let flag = |name: &str| var(name).is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        let mut builder = Config::builder();
        builder.config.region = var("AWS_REGION").or_else(|| var("AWS_DEFAULT_REGION"));
        if let (Some(key), Some(secret)) = (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) {
            let creds = Credentials::new(key, secret, var("AWS_SESSION_TOKEN"), None, "Environment");
            builder.config.credentials = Some(SharedCredentialsProvider::new(creds));
        }
        builder.config.endpoint_url = var("AWS_ENDPOINT_URL");
        builder.config.use_fips = flag("AWS_USE_FIPS_ENDPOINT");
        builder.config.use_dual_stack = flag("AWS_USE_DUALSTACK_ENDPOINT");
        builder
    }

    /// Sets the region (`us-east-1`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.config.region = Some(region.into());
        self
    }

    /// Sets or clears the region.
    pub fn set_region(mut self, region: Option<String>) -> Self {
        self.config.region = region;
        self
    }

    /// Sets the credentials provider, asked once per call.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.config.credentials = Some(SharedCredentialsProvider::new(provider));
        self
    }

    /// Sets or clears the credentials provider.
    pub fn set_credentials_provider(mut self, provider: Option<SharedCredentialsProvider>) -> Self {
        self.config.credentials = provider;
        self
    }

    /// Uses fixed credentials (`Credentials` is itself a provider).
    pub fn credentials(self, credentials: Credentials) -> Self {
        self.credentials_provider(credentials)
    }

    /// Uses fixed access keys, with an optional session token.
    pub fn static_credentials(
        self,
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        self.credentials(Credentials::new(access_key_id, secret_access_key, session_token, None, "Static"))
    }

    /// Sends requests to `url` instead of the endpoint the rule set gives for the region.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.config.endpoint_url = Some(url.into());
        self
    }

    /// Sets or clears the custom endpoint URL.
    pub fn set_endpoint_url(mut self, url: Option<String>) -> Self {
        self.config.endpoint_url = url;
        self
    }

    /// Uses FIPS endpoints.
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.config.use_fips = use_fips;
        self
    }

    /// Uses dual-stack (IPv4 and IPv6) endpoints, where the rule set has the parameter.
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.config.use_dual_stack = use_dual_stack;
        self
    }

    /// Sets the retry settings.
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.config.retry = retry;
        self
    }

    /// Sets the timeouts.
    pub fn timeout_config(mut self, timeouts: TimeoutConfig) -> Self {
        self.config.timeouts = timeouts;
        self
    }

    /// Sends requests through `transport` instead of the default one.
    pub fn transport(self, transport: impl HttpTransport + 'static) -> Self {
        self.shared_transport(Arc::new(transport))
    }

    /// Sends requests through a shared `transport`.
    pub fn shared_transport(mut self, transport: Arc<dyn HttpTransport>) -> Self {
        self.config.transport = Some(transport);
        self
    }

    /// Sets the clock used for signing.
    pub fn time_source(mut self, time_source: impl TimeSource + 'static) -> Self {
        self.config.time_source = Arc::new(time_source);
        self
    }

    /// Sets the largest response body accepted (default [`DEFAULT_MAX_RESPONSE_BYTES`]).
    pub fn max_response_bytes(mut self, max: usize) -> Self {
        self.config.max_response_bytes = max;
        self
    }

    /// Sets the provider of idempotency tokens.
    pub fn idempotency_token_provider(mut self, provider: IdempotencyTokenProvider) -> Self {
        self.config.idempotency = provider;
        self
    }

    /// The configuration.
    pub fn build(self) -> Config {
        self.config
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_region_credentials_and_flags() {
        let vars = |name: &str| {
            match name {
                "AWS_DEFAULT_REGION" => Some("eu-west-1"),
                "AWS_REGION" => Some(""),
                "AWS_ACCESS_KEY_ID" => Some("AKID"),
                "AWS_SECRET_ACCESS_KEY" => Some("SECRET"),
                "AWS_SESSION_TOKEN" => Some("TOKEN"),
                "AWS_USE_FIPS_ENDPOINT" => Some("TRUE"),
                _ => None,
            }
            .map(str::to_owned)
        };
        let config = ConfigBuilder::from_vars(vars).build();
        assert_eq!(config.region(), Some("eu-west-1"));
        assert!(config.use_fips());
        assert!(!config.use_dual_stack());
        assert!(config.credentials_provider().is_some());
        let debug = format!("{config:?}");
        assert!(!debug.contains("SECRET") && !debug.contains("AKID") && !debug.contains("TOKEN"), "{debug}");
        assert!(debug.contains("redacted"), "{debug}");

        let config =
            ConfigBuilder::from_vars(|n| (n == "AWS_REGION").then(|| "us-east-1".to_owned())).build();
        assert_eq!(config.region(), Some("us-east-1"));
        assert!(config.credentials_provider().is_none());
    }

    #[test]
    fn idempotency_tokens() {
        assert_eq!(IdempotencyTokenProvider::for_tests().make_token(), FIXED_IDEMPOTENCY_TOKEN);
        let a = IdempotencyTokenProvider::random().make_token();
        let b = IdempotencyTokenProvider::random().make_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(a.as_bytes()[14], b'4');
    }

    #[test]
    fn retry_defaults() {
        let r = RetryConfig::default();
        assert_eq!(
            (r.max_attempts(), r.initial_backoff(), r.max_backoff(), r.retry_quota()),
            (3, Duration::from_secs(1), Duration::from_secs(20), 500)
        );
        assert_eq!(RetryConfig::disabled().max_attempts(), 1);
        assert_eq!(RetryConfig::standard().with_max_attempts(0).max_attempts(), 1);
    }
}
