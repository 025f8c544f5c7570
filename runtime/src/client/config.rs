//! Client configuration: region, credentials, endpoint, retries, timeouts, transport, clock.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_credential_types::Credentials;

use super::profile::{self, Profile, ProfileCredentials, ProfileError};
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

/// The credentials provider a profile gives, if any: its static keys, or one that fails with
/// why the profile cannot give them (`problem`: the shared files could not be used).
fn profile_credentials(profile: &Profile, problem: Option<ProfileError>) -> Option<SharedCredentialsProvider> {
    let unavailable = |why: String| Some(SharedCredentialsProvider::new(UnavailableCredentials(why)));
    if let Some(problem) = problem {
        return unavailable(format!("no credentials in the environment, and the shared config files could not be used: {problem}"));
    }
    match profile.credentials() {
        ProfileCredentials::Static { key, secret, token } => {
            let creds = Credentials::new(key, secret, token.map(str::to_owned), None, "Profile");
            Some(SharedCredentialsProvider::new(creds))
        }
        ProfileCredentials::Unsupported(property) => unavailable(format!(
            "profile `{}` gets its credentials through `{property}`, which this client does not resolve: \
             set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or build the Config with aws-config \
             (feature `aws-config`, `Config::from_sdk_config`)",
            profile.name
        )),
        ProfileCredentials::Incomplete(missing) => {
            unavailable(format!("profile `{}` has no `{missing}` to go with its other key", profile.name))
        }
        ProfileCredentials::None => None,
    }
}

/// A credentials provider that always fails, saying why (kept from configuration time to the
/// call that needs credentials).
#[derive(Debug)]
struct UnavailableCredentials(String);

impl ProvideCredentials for UnavailableCredentials {
    fn provide_credentials<'a>(&'a self) -> aws_credential_types::provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        let error = aws_credential_types::provider::error::CredentialsError::invalid_configuration(self.0.clone());
        aws_credential_types::provider::future::ProvideCredentials::ready(Err(error))
    }
}

/// Endpoint URLs from the environment and the shared config files for particular services,
/// by service key (the SDK id in lower case, `_` for spaces and dashes: `mwaa_serverless`).
#[derive(Debug, Default)]
pub(crate) struct ServiceEndpointUrls {
    /// An `SdkConfig`'s service config loader (feature `aws-config`), asked with the SDK id
    /// first, as the official clients do.
    pub(crate) loader: Option<ServiceConfigLoader>,
    /// From `AWS_ENDPOINT_URL_<SERVICE>`: these beat `AWS_ENDPOINT_URL`.
    pub(crate) environment: Vec<(String, String)>,
    /// From the profile's `services` section: these beat the profile's `endpoint_url`, not
    /// `AWS_ENDPOINT_URL`.
    pub(crate) profile: Vec<(String, String)>,
    /// Whether [`Config::endpoint_url`] is `AWS_ENDPOINT_URL` rather than the profile's.
    pub(crate) global_from_environment: bool,
}

/// Looks up a service's endpoint URL by its SDK id (`MWAA Serverless`).
#[derive(Clone)]
pub(crate) struct ServiceConfigLoader(pub(crate) Arc<LoadEndpointUrl>);

/// A service's endpoint URL from its SDK id.
pub(crate) type LoadEndpointUrl = dyn Fn(&str) -> Option<String> + Send + Sync;

impl fmt::Debug for ServiceConfigLoader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ServiceConfigLoader")
    }
}

/// The URL for service `key` in a list of (service key, URL).
fn url_for<'a>(urls: &'a [(String, String)], key: &str) -> Option<&'a str> {
    urls.iter().find(|(service, _)| service == key).map(|(_, url)| url.as_str())
}

/// A service's key in `AWS_ENDPOINT_URL_<KEY>` (in upper case) and in `services` sections.
fn service_key(sdk_id: &str) -> String {
    sdk_id.chars().map(|c| if c == ' ' || c == '-' { '_' } else { c.to_ascii_lowercase() }).collect()
}

/// Client configuration. Cheap to clone; build it with [`Config::builder`] or
/// [`Config::from_env`].
#[derive(Clone)]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) credentials: Option<SharedCredentialsProvider>,
    pub(crate) endpoint_url: Option<String>,
    /// Endpoint URLs configured for particular services; `None` when the endpoint URL was set
    /// in code (it then applies to every service).
    pub(crate) service_endpoint_urls: Option<Arc<ServiceEndpointUrls>>,
    pub(crate) use_fips: bool,
    pub(crate) use_dual_stack: bool,
    pub(crate) retry: RetryConfig,
    pub(crate) timeouts: TimeoutConfig,
    pub(crate) transport: Option<Arc<dyn HttpTransport>>,
    pub(crate) time_source: Arc<dyn TimeSource>,
    pub(crate) max_response_bytes: usize,
    pub(crate) idempotency: IdempotencyTokenProvider,
    pub(crate) correct_clock_skew: bool,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            // Never the provider's own Debug: a static provider would print the access key.
            .field("credentials", &self.credentials.as_ref().map(|_| "** redacted **"))
            .field("endpoint_url", &self.endpoint_url)
            .field("service_endpoint_urls", &self.service_endpoint_urls)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("retry", &self.retry)
            .field("timeouts", &self.timeouts)
            .field("transport", &self.transport)
            .field("time_source", &self.time_source)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("idempotency", &self.idempotency)
            .field("correct_clock_skew", &self.correct_clock_skew)
            .finish()
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            region: None,
            credentials: None,
            endpoint_url: None,
            service_endpoint_urls: None,
            use_fips: false,
            use_dual_stack: false,
            retry: RetryConfig::standard(),
            timeouts: TimeoutConfig::default(),
            transport: None,
            time_source: Arc::new(SystemTimeSource),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            idempotency: IdempotencyTokenProvider::random(),
            correct_clock_skew: true,
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

    /// The custom endpoint URL for every service: set in code, or configured
    /// (`AWS_ENDPOINT_URL`, the profile's `endpoint_url`). See also
    /// [`endpoint_url_for`](Self::endpoint_url_for).
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// The custom endpoint URL a client of the service with this `sdk_id` (`MWAA Serverless`)
    /// uses, by the precedence of the AWS SDKs: set in code; `AWS_ENDPOINT_URL_<SERVICE>`
    /// (`AWS_ENDPOINT_URL_MWAA_SERVERLESS`); `AWS_ENDPOINT_URL`; the service's entry in the
    /// profile's `services` section; the profile's `endpoint_url`.
    /// From `Config::from_sdk_config` (feature `aws-config`): the `SdkConfig`'s
    /// service-specific endpoint URL, else its endpoint URL.
    pub fn endpoint_url_for(&self, sdk_id: &str) -> Option<String> {
        let Some(configured) = &self.service_endpoint_urls else { return self.endpoint_url.clone() };
        if let Some(url) = configured.loader.as_ref().and_then(|load| (load.0)(sdk_id)) {
            return Some(url);
        }
        let key = service_key(sdk_id);
        url_for(&configured.environment, &key)
            .or(if configured.global_from_environment { self.endpoint_url() } else { None })
            .or(url_for(&configured.profile, &key))
            .or(self.endpoint_url())
            .map(str::to_owned)
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

    /// Whether clients correct clock skew (see [`ConfigBuilder::correct_clock_skew`]).
    pub fn correct_clock_skew(&self) -> bool {
        self.correct_clock_skew
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
    /// A builder with settings from the environment, then from the shared config and
    /// credentials files, as the AWS CLI and SDKs read them:
    ///
    /// - region: `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's `region`;
    /// - credentials: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and optional
    ///   `AWS_SESSION_TOKEN`, else the profile's `aws_access_key_id`, `aws_secret_access_key`
    ///   and `aws_session_token`;
    /// - endpoint URL: `AWS_ENDPOINT_URL`, else the profile's `endpoint_url`, and for a
    ///   particular service `AWS_ENDPOINT_URL_<SERVICE>` and the profile's `services` section
    ///   (see [`Config::endpoint_url_for`]); none of them when
    ///   `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` or the profile's
    ///   `ignore_configured_endpoint_urls` is `true`;
    /// - `AWS_USE_FIPS_ENDPOINT` and `AWS_USE_DUALSTACK_ENDPOINT` (`true`/`false`), else the
    ///   profile's `use_fips_endpoint` and `use_dualstack_endpoint`.
    ///
    /// The profile is `AWS_PROFILE`, else `default`; the files are `AWS_CONFIG_FILE` and
    /// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/config` and `~/.aws/credentials` (missing
    /// files are empty). Empty variables count as unset.
    ///
    /// Nothing fails here: when the credentials would come from the profile but cannot (a file
    /// does not parse, the named profile is missing, or it gets credentials through a role,
    /// SSO, a process or a web identity, which this client does not resolve), calls fail with
    /// a credentials error that says so. `Config::from_sdk_config` (feature `aws-config`)
    /// takes every credential source of `aws-config`.
    pub fn from_env() -> ConfigBuilder {
        let names: Vec<String> = std::env::vars_os().filter_map(|(name, _)| name.into_string().ok()).collect();
        Self::from_sources(&|name| std::env::var(name).ok(), &names, &|path| std::fs::read_to_string(path))
    }

    /// [`from_env`](Self::from_env) with environment variables from `var` and no files.
    #[cfg(test)]
    pub(crate) fn from_vars(var: impl Fn(&str) -> Option<String>) -> ConfigBuilder {
        Self::from_sources(&var, &[], &|_| Err(std::io::ErrorKind::NotFound.into()))
    }

    /// [`from_env`](Self::from_env) with environment variables from `var` (`names`: the
    /// variables set, for `AWS_ENDPOINT_URL_<SERVICE>`) and files from `read`.
    pub(crate) fn from_sources(
        var: &dyn Fn(&str) -> Option<String>,
        names: &[String],
        read: &dyn Fn(&std::path::Path) -> std::io::Result<String>,
    ) -> ConfigBuilder {
        let var = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        let (profile, problem) = match profile::load(&var, read) {
            Ok(profile) => (profile.unwrap_or_default(), None),
            Err(problem) => {
                tracing::warn!(%problem, "shared config files not used");
                (Profile::default(), Some(problem))
            }
        };
        let flag = |variable: &str, property: &str| {
            var(variable).and_then(|v| profile::parse_bool(&v)).or_else(|| profile.flag(property)).unwrap_or(false)
        };
        let mut builder = Config::builder();
        let config = &mut builder.config;
        config.region = var("AWS_REGION").or_else(|| var("AWS_DEFAULT_REGION")).or_else(|| profile.get("region").map(str::to_owned));
        config.credentials = match (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) {
            (Some(key), Some(secret)) => {
                let creds = Credentials::new(key, secret, var("AWS_SESSION_TOKEN"), None, "Environment");
                Some(SharedCredentialsProvider::new(creds))
            }
            _ => profile_credentials(&profile, problem),
        };
        if !flag("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "ignore_configured_endpoint_urls") {
            let global = var("AWS_ENDPOINT_URL");
            let environment = names
                .iter()
                .filter_map(|name| Some((name.strip_prefix("AWS_ENDPOINT_URL_")?.to_ascii_lowercase(), var(name)?)))
                .collect();
            let urls = ServiceEndpointUrls {
                loader: None,
                environment,
                profile: profile.service_endpoint_urls(),
                global_from_environment: global.is_some(),
            };
            config.endpoint_url = global.or_else(|| profile.get("endpoint_url").map(str::to_owned));
            config.service_endpoint_urls = Some(Arc::new(urls));
        }
        config.use_fips = flag("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint");
        config.use_dual_stack = flag("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint");
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

    /// Sends requests to `url` instead of the endpoint the rule set gives for the region (over
    /// any endpoint URL from the environment or the shared config files).
    pub fn endpoint_url(self, url: impl Into<String>) -> Self {
        self.set_endpoint_url(Some(url.into()))
    }

    /// Sets or clears the custom endpoint URL; either way, endpoint URLs from the environment
    /// or the shared config files no longer apply.
    pub fn set_endpoint_url(mut self, url: Option<String>) -> Self {
        self.config.endpoint_url = url;
        self.config.service_endpoint_urls = None;
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

    /// Whether to correct clock skew (on by default), as the AWS SDKs do: a client measures
    /// the service's clock from each response's `Date` header and, when this machine's clock
    /// is off by a minute or more, signs later requests with the service's time; a request
    /// rejected for its time (`RequestTimeTooSkewed`, `RequestExpired`,
    /// `InvalidSignatureException`, `SignatureDoesNotMatch`, ...) whose response shows the
    /// skew is sent once more, corrected. `false` always signs with the time source's time.
    pub fn correct_clock_skew(mut self, correct: bool) -> Self {
        self.config.correct_clock_skew = correct;
        self
    }

    /// The configuration.
    pub fn build(self) -> Config {
        self.config
    }
}

#[cfg(test)]
mod tests {
    use crate::client::fake_env;
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

    /// `from_sources` with these variables and files.
    fn from(vars: &[(&str, &str)], files: &[(&str, &str)]) -> Config {
        let names: Vec<String> = vars.iter().map(|(name, _)| (*name).to_owned()).collect();
        ConfigBuilder::from_sources(&fake_env::vars(vars), &names, &fake_env::files(files)).build()
    }

    const CONFIG: &str = "[default]\nregion = eu-north-1\nendpoint_url = http://localhost:4566\nuse_fips_endpoint = true\n\n\
                          [profile sso]\nregion = us-west-2\nsso_session = corp\n";
    const CREDENTIALS: &str = "[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = s\n";

    #[test]
    fn profile_settings_under_the_environment() {
        let files = [("/h/.aws/config", CONFIG), ("/h/.aws/credentials", CREDENTIALS)];
        let config = from(&[("HOME", "/h")], &files);
        assert_eq!(config.region(), Some("eu-north-1"));
        assert_eq!(config.endpoint_url(), Some("http://localhost:4566"));
        assert!(config.use_fips());
        assert_eq!(fake_env::access_key_id(&config), Ok("AKIDPROFILE".to_owned()));

        // The environment wins, `false` included; the ignore flag drops both endpoint URLs.
        let vars = [
            ("HOME", "/h"),
            ("AWS_REGION", "ap-south-1"),
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "e"),
            ("AWS_USE_FIPS_ENDPOINT", "false"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:1"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
        ];
        let config = from(&vars, &files);
        assert_eq!(config.region(), Some("ap-south-1"));
        assert_eq!(config.endpoint_url(), None);
        assert!(!config.use_fips());
        assert_eq!(fake_env::access_key_id(&config), Ok("AKIDENV".to_owned()));
    }

    #[test]
    fn profile_problems_surface_when_credentials_are_asked_for() {
        let files = [("/h/.aws/config", CONFIG), ("/h/.aws/credentials", CREDENTIALS)];
        let config = from(&[("HOME", "/h"), ("AWS_PROFILE", "sso")], &files);
        assert_eq!(config.region(), Some("us-west-2"));
        let error = fake_env::access_key_id(&config).unwrap_err();
        assert!(error.starts_with("profile `sso` gets its credentials through `sso_session`"), "{error}");

        let config = from(&[("HOME", "/h"), ("AWS_PROFILE", "missing")], &files);
        let error = fake_env::access_key_id(&config).unwrap_err();
        assert!(error.contains("AWS_PROFILE is `missing`, but no such profile is in /h/.aws/config or /h/.aws/credentials"), "{error}");

        let config = from(&[("HOME", "/h")], &[("/h/.aws/credentials", "[default]\naws_access_key_id\n")]);
        let error = fake_env::access_key_id(&config).unwrap_err();
        assert!(error.contains("/h/.aws/credentials:2: expected `[section]` or `name = value`"), "{error}");

        // Keys in the environment do not need the files.
        let vars = [("HOME", "/h"), ("AWS_PROFILE", "missing"), ("AWS_ACCESS_KEY_ID", "A"), ("AWS_SECRET_ACCESS_KEY", "S")];
        assert_eq!(fake_env::access_key_id(&from(&vars, &files)), Ok("A".to_owned()));
        // No files, no keys: no provider (calls say none is configured).
        assert!(from(&[("HOME", "/h")], &[]).credentials_provider().is_none());
    }

    #[test]
    fn service_specific_endpoint_urls_by_sdk_precedence() {
        let config = "[default]\nendpoint_url = http://profile-global\nservices = dev\n\n\
                      [services dev]\nmwaa_serverless =\n  endpoint_url = http://profile-mwaa\n";
        let files = [("/h/.aws/config", config)];
        let urls = |vars: &[(&str, &str)]| {
            let config = from(vars, &files);
            (config.endpoint_url_for("MWAA Serverless"), config.endpoint_url_for("Other-Service"))
        };
        let some = |a: &str, b: &str| (Some(a.to_owned()), Some(b.to_owned()));
        // The profile's service entry beats its global URL.
        assert_eq!(urls(&[("HOME", "/h")]), some("http://profile-mwaa", "http://profile-global"));
        // AWS_ENDPOINT_URL beats both; AWS_ENDPOINT_URL_<SERVICE> beats it.
        let global = ("AWS_ENDPOINT_URL", "http://env-global");
        assert_eq!(urls(&[("HOME", "/h"), global]), some("http://env-global", "http://env-global"));
        let service = ("AWS_ENDPOINT_URL_MWAA_SERVERLESS", "http://env-mwaa");
        assert_eq!(urls(&[("HOME", "/h"), global, service]), some("http://env-mwaa", "http://env-global"));
        assert_eq!(urls(&[service]), (Some("http://env-mwaa".to_owned()), None));
        // The ignore flag drops every configured URL.
        assert_eq!(urls(&[("HOME", "/h"), service, ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")]), (None, None));
        // A URL set in code is used for every service.
        let coded = from(&[("HOME", "/h"), service], &files).to_builder().endpoint_url("http://code").build();
        assert_eq!(coded.endpoint_url_for("MWAA Serverless").as_deref(), Some("http://code"));
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
