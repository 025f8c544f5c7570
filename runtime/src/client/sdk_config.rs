//! `Config::from_sdk_config` (feature `aws-config`): reuse what `aws-config` loaded.

use std::sync::Arc;

use aws_types::service_config::ServiceConfigKey;

use super::config::{Config, RetryConfig, ServiceConfigLoader, ServiceEndpointUrls, TimeoutConfig};

impl Config {
    /// A configuration from an `aws_types::SdkConfig` (as loaded by `aws_config::load_defaults`):
    /// region, credentials provider, endpoint URL (a service-specific one from the `SdkConfig`'s
    /// service config first, see [`Config::endpoint_url_for`]), FIPS and dual-stack flags, retry settings
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
        let mut config = builder.build();
        if sdk.service_config().is_some() {
            // Kept whole: the loader is borrowed from the SdkConfig, and the service is only
            // known when a client is made.
            let sdk = Arc::new(sdk.clone());
            let load = move |sdk_id: &str| {
                let key = ServiceConfigKey::builder().service_id(sdk_id).env("AWS_ENDPOINT_URL").profile("endpoint_url").build().ok()?;
                sdk.service_config()?.load_config(key).filter(|url| !url.is_empty())
            };
            config.service_endpoint_urls = Some(Arc::new(ServiceEndpointUrls {
                loader: Some(ServiceConfigLoader(Arc::new(load))),
                ..ServiceEndpointUrls::default()
            }));
        }
        config
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use aws_types::region::Region;
    use aws_types::sdk_config::{RetryConfig as SdkRetry, TimeoutConfig as SdkTimeouts};
    use aws_types::service_config::LoadServiceConfig;

    use super::*;

    /// Service-specific settings as aws-config loads them: one URL for `MWAA Serverless`.
    #[derive(Debug)]
    struct OneService;

    impl LoadServiceConfig for OneService {
        fn load_config(&self, key: ServiceConfigKey<'_>) -> Option<String> {
            let asked = (key.service_id(), key.env(), key.profile());
            (asked == ("MWAA Serverless", "AWS_ENDPOINT_URL", "endpoint_url")).then(|| "http://mwaa.local".to_owned())
        }
    }

    #[test]
    fn settings_come_over_from_the_sdk_config() {
        let credentials = aws_credential_types::Credentials::new("AKIDSDK", "secret", None, None, "test");
        let sdk = aws_types::SdkConfig::builder()
            .region(Region::new("eu-central-1"))
            .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(credentials))
            .endpoint_url("http://global.local")
            .use_fips(true)
            .retry_config(SdkRetry::standard().with_max_attempts(5).with_initial_backoff(Duration::from_millis(200)))
            .timeout_config(SdkTimeouts::builder().operation_timeout(Duration::from_secs(9)).build())
            .service_config(OneService)
            .build();
        let config = Config::from_sdk_config(&sdk);
        assert_eq!(config.region(), Some("eu-central-1"));
        assert!(config.use_fips() && !config.use_dual_stack());
        assert_eq!(config.retry_config().max_attempts(), 5);
        assert_eq!(config.retry_config().initial_backoff(), Duration::from_millis(200));
        assert_eq!(config.timeout_config().operation_timeout(), Some(Duration::from_secs(9)));
        assert_eq!(config.timeout_config().connect_timeout(), None);
        assert_eq!(crate::client::fake_env::access_key_id(&config), Ok("AKIDSDK".to_owned()));
        // The service's own URL first, the global one for other services.
        assert_eq!(config.endpoint_url_for("MWAA Serverless").as_deref(), Some("http://mwaa.local"));
        assert_eq!(config.endpoint_url_for("Other").as_deref(), Some("http://global.local"));
        // A URL set in code afterwards wins for every service.
        let coded = config.to_builder().endpoint_url("http://code.local").build();
        assert_eq!(coded.endpoint_url_for("MWAA Serverless").as_deref(), Some("http://code.local"));
    }
}
