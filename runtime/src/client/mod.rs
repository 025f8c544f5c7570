//! The HTTP client behind generated operations: config, endpoint, signing, retries, timeouts.
//!
//! Generated code makes one [`Handle`] per client from a [`Config`] and calls
//! [`Handle::call`] per operation with the request its protocol module built; the result is
//! the raw response (after retries) that `protocol::parse_response` turns into the output or
//! a typed error. The handle speaks HTTP only: no protocol's body format reaches it.
//!
//! ```no_run
//! # async fn f(service: &'static awsgen_runtime::spec::ServiceSpec, op: &'static awsgen_runtime::spec::OperationSpec) {
//! use awsgen_runtime::client::{Config, Handle};
//! let config = Config::builder().region("us-east-1").static_credentials("AKID", "SECRET", None).build();
//! let handle = Handle::new(service, config);
//! let request = http::Request::post("/").body(bytes::Bytes::from_static(b"{}")).unwrap();
//! let raw = handle.call(op, request).await;
//! # }
//! ```
//!
//! Logging goes through `tracing`: a `debug` span per call (`service`, `operation`) and a
//! `debug` event per attempt (attempt number, status, request id, error code, retry decision,
//! backoff). Credentials, signatures and bodies are never logged.

mod clock_skew;
mod config;
#[cfg(test)]
mod fake_env;
mod handle;
mod options;
mod profile;
pub(crate) mod random;
#[cfg(any(feature = "rustls-aws-lc", feature = "rustls-ring"))]
mod hyper_transport;
pub mod retry;
#[cfg(feature = "aws-config")]
mod sdk_config;
#[cfg(feature = "test-util")]
pub mod test_util;
mod transport;

pub use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
pub use aws_credential_types::Credentials;

pub use config::{
    Config, ConfigBuilder, IdempotencyTokenProvider, RetryConfig, StaticTimeSource, SystemTimeSource,
    TimeSource, TimeoutConfig, DEFAULT_MAX_RESPONSE_BYTES, FIXED_IDEMPOTENCY_TOKEN,
};
pub use handle::Handle;
pub use options::{CallOptions, MIN_COMPRESSION_SIZE_BYTES};
#[cfg(any(feature = "rustls-aws-lc", feature = "rustls-ring"))]
pub use hyper_transport::{HyperTransport, TLS_PROVIDER};
pub use transport::{
    BoxFuture, CollectError, HttpTransport, ResponseBody, TransportError, TransportErrorKind,
};
