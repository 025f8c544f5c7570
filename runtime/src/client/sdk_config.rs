//! `Config::from_sdk_config` (feature `aws-config`): reuse what `aws-config` loaded.

use super::config::{Config, RetryConfig, TimeoutConfig};

impl Config {
    /// A configuration from an `aws_types::SdkConfig` (as loaded by `aws_config::load_defaults`):
    /// region, credentials provider, endpoint URL, FIPS and dual-stack flags, retry settings
    /// (max attempts and backoffs; adaptive mode is treated as standard) and timeouts (connect,
    /// attempt, operation). Settings it does not have keep their defaults. The HTTP client,
    /// identity cache and sleep implementation of the `SdkConfig` are not used: a credentials
    /// provider with expiring credentials is cached by the [`Handle`](super::Handle) itself.
    pub fn from_sdk_config(sdk: &aws_types::SdkConfig) -> Config {
        let mut builder = Config::builder()
            .set_region(sdk.region().map(|r| r.as_ref().to_owned()))
            .set_credentials_provider(sdk.credentials_provider())
            .set_endpoint_url(sdk.endpoint_url().map(str::to_owned))
            .use_fips(sdk.use_fips().unwrap_or(false))
            .use_dual_stack(sdk.use_dual_stack().unwrap_or(false));
        if let Some(retry) = sdk.retry_config() {
            builder = builder.retry_config(
                RetryConfig::standard()
                    .with_max_attempts(retry.max_attempts())
                    .with_initial_backoff(retry.initial_backoff())
                    .with_max_backoff(retry.max_backoff()),
            );
        }
        if let Some(timeouts) = sdk.timeout_config() {
            let mut mapped = TimeoutConfig::disabled();
            if let Some(t) = timeouts.connect_timeout() {
                mapped = mapped.with_connect_timeout(t);
            }
            if let Some(t) = timeouts.operation_attempt_timeout() {
                mapped = mapped.with_attempt_timeout(t);
            }
            if let Some(t) = timeouts.operation_timeout() {
                mapped = mapped.with_operation_timeout(t);
            }
            builder = builder.timeout_config(mapped);
        }
        builder.build()
    }
}
