//! Helpers for the protocol compliance tests that awsgen generates from `smithy.test` traits
//! (feature `test-util`): a client configuration that captures requests, request checks,
//! JSON comparison that treats `1` and `1.0` alike, and value constructors.

use std::future::Future;
use std::sync::Arc;

use bytes::Bytes;
use serde_json::Value;

use crate::client::test_util::{CapturingTransport, StubResponse};
use crate::client::{Config, HttpTransport, IdempotencyTokenProvider, RetryConfig, StaticTimeSource};
use crate::response::RawResponse;

/// Runs a future to completion on a current-thread Tokio runtime.
pub fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a current-thread Tokio runtime")
        .block_on(future)
}

/// The configuration protocol tests use: `endpoint_url`, static credentials, a fixed clock, the
/// fixed idempotency token, no retries, and `transport`.
pub fn config(endpoint_url: &str, transport: Arc<dyn HttpTransport>) -> Config {
    Config::builder()
        .region("us-east-1")
        .endpoint_url(endpoint_url)
        .static_credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None)
        .time_source(StaticTimeSource::from_unix_secs(1_576_540_098))
        .idempotency_token_provider(IdempotencyTokenProvider::for_tests())
        .retry_config(RetryConfig::disabled())
        .shared_transport(transport)
        .build()
}

/// A transport that records requests and answers `200 {}`.
pub fn capturing_transport() -> CapturingTransport {
    CapturingTransport::always(StubResponse::new(200, "{}"))
}

/// A response with the given status, headers and body.
pub fn raw_response(status: u16, headers: &[(&str, &str)], body: &str) -> RawResponse {
    headers.iter().fold(RawResponse::new(status, body.to_owned()), |raw, (name, value)| raw.with_header(name, value))
}

/// A timestamp from (possibly fractional) epoch seconds, as test params give them.
pub fn timestamp(epoch_seconds: f64) -> crate::DateTime {
    crate::time::from_epoch_seconds(epoch_seconds).unwrap_or_else(|e| panic!("test timestamp: {e}"))
}

/// A document from its JSON text.
pub fn document(json_text: &str) -> crate::Document {
    serde_json::from_str(json_text).unwrap_or_else(|e| panic!("test document {json_text:?}: {e}"))
}

/// What a `smithy.test#httpRequestTests` case expects of the request.
#[derive(Debug, Default)]
pub struct ExpectedRequest<'a> {
    /// The method.
    pub method: &'a str,
    /// The path (and query, if the case gives one) of the URI.
    pub uri: &'a str,
    /// Query parameters that must appear, `name=value` as encoded on the wire.
    pub query_params: &'a [&'a str],
    /// Query parameter names that must not appear.
    pub forbid_query_params: &'a [&'a str],
    /// Query parameter names that must appear.
    pub require_query_params: &'a [&'a str],
    /// Headers and their exact values.
    pub headers: &'a [(&'a str, &'a str)],
    /// Header names that must not appear.
    pub forbid_headers: &'a [&'a str],
    /// Header names that must appear.
    pub require_headers: &'a [&'a str],
    /// The host the request must go to (`resolvedHost`).
    pub resolved_host: Option<&'a str>,
    /// The body, if the case gives one.
    pub body: Option<&'a str>,
    /// `bodyMediaType`: JSON bodies are compared as JSON values.
    pub body_media_type: Option<&'a str>,
}

impl ExpectedRequest<'_> {
    /// Every way `request` differs from the expectation, or `Ok`.
    pub fn check(&self, request: &http::Request<Bytes>) -> Result<(), String> {
        let mut problems = Vec::new();
        if request.method().as_str() != self.method {
            problems.push(format!("method: expected {}, got {}", self.method, request.method()));
        }
        let path = request.uri().path();
        let query = request.uri().query().unwrap_or("");
        let (want_path, want_query) = self.uri.split_once('?').unwrap_or((self.uri, ""));
        if path != want_path {
            problems.push(format!("uri path: expected {want_path:?}, got {path:?}"));
        }
        let pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
        let names: Vec<&str> = pairs.iter().map(|p| p.split_once('=').map_or(*p, |(k, _)| k)).collect();
        for pair in want_query.split('&').filter(|p| !p.is_empty()).chain(self.query_params.iter().copied()) {
            if !pairs.contains(&pair) {
                problems.push(format!("query: expected {pair:?} in {query:?}"));
            }
        }
        for name in self.forbid_query_params {
            if names.contains(name) {
                problems.push(format!("query: {name:?} is forbidden, got {query:?}"));
            }
        }
        for name in self.require_query_params {
            if !names.contains(name) {
                problems.push(format!("query: {name:?} is required, got {query:?}"));
            }
        }
        let header = |name: &str| -> Option<String> {
            let values: Vec<&str> =
                request.headers().get_all(name).iter().map(|v| v.to_str().unwrap_or("<not text>")).collect();
            (!values.is_empty()).then(|| values.join(", "))
        };
        for (name, want) in self.headers {
            match header(name) {
                Some(got) if got == *want => {}
                Some(got) => problems.push(format!("header {name}: expected {want:?}, got {got:?}")),
                None => problems.push(format!("header {name}: expected {want:?}, got none")),
            }
        }
        for name in self.forbid_headers {
            if let Some(got) = header(name) {
                problems.push(format!("header {name} is forbidden, got {got:?}"));
            }
        }
        for name in self.require_headers {
            if header(name).is_none() {
                problems.push(format!("header {name} is required, got none"));
            }
        }
        if let Some(want) = self.resolved_host {
            let got = request.uri().host().unwrap_or("");
            if got != want {
                problems.push(format!("host: expected {want:?}, got {got:?}"));
            }
        }
        if let Some(want) = self.body {
            let got = request.body();
            let is_json = self.body_media_type.is_some_and(|m| m == "application/json" || m.ends_with("+json"));
            if is_json {
                match (serde_json::from_str::<Value>(want), serde_json::from_slice::<Value>(got)) {
                    (Ok(want), Ok(got)) => {
                        if let Err(e) = json_eq(&want, &got) {
                            problems.push(format!("body: {e}\n  expected {want}\n  got      {got}"));
                        }
                    }
                    (Err(e), _) => problems.push(format!("body: the expected body is not JSON: {e}")),
                    (_, Err(e)) => problems.push(format!("body: not JSON ({e}): {:?}", String::from_utf8_lossy(got))),
                }
            } else if got.as_ref() != want.as_bytes() {
                problems.push(format!("body: expected {want:?}, got {:?}", String::from_utf8_lossy(got)));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!("the request differs from the test case:\n  {}", problems.join("\n  ")))
        }
    }
}

/// Compares JSON values, numbers by value (`1` equals `1.0`), objects regardless of key order.
/// The error names the first differing path.
pub fn json_eq(expected: &Value, actual: &Value) -> Result<(), String> {
    fn walk(path: &mut String, expected: &Value, actual: &Value) -> Result<(), String> {
        let differ = |path: &str| {
            Err(format!("at `{}`: expected {expected}, got {actual}", if path.is_empty() { "$" } else { path }))
        };
        match (expected, actual) {
            (Value::Number(a), Value::Number(b)) => {
                let same = match (
                    a.as_i64().map(i128::from).or(a.as_u64().map(i128::from)),
                    b.as_i64().map(i128::from).or(b.as_u64().map(i128::from)),
                ) {
                    (Some(x), Some(y)) => x == y,
                    _ => a.as_f64() == b.as_f64(),
                };
                if same {
                    Ok(())
                } else {
                    differ(path)
                }
            }
            (Value::Array(a), Value::Array(b)) => {
                if a.len() != b.len() {
                    return differ(path);
                }
                for (i, (x, y)) in a.iter().zip(b).enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    walk(path, x, y)?;
                    path.truncate(len);
                }
                Ok(())
            }
            (Value::Object(a), Value::Object(b)) => {
                if a.len() != b.len() || a.keys().any(|k| !b.contains_key(k)) {
                    return differ(path);
                }
                for (key, x) in a {
                    let len = path.len();
                    path.push('.');
                    path.push_str(key);
                    walk(path, x, &b[key])?;
                    path.truncate(len);
                }
                Ok(())
            }
            (a, b) if a == b => Ok(()),
            _ => differ(path),
        }
    }
    walk(&mut String::new(), expected, actual)
}

/// Asserts that two values are equal as their `Debug` forms, where NaN floats print as
/// `NaN` (so NaN equals NaN, unlike `PartialEq`). For values that hold NaNs; `@sensitive`
/// members print redacted, so they are not compared.
#[track_caller]
pub fn assert_same_debug<T: std::fmt::Debug>(actual: &T, expected: &T) {
    let (actual, expected) = (format!("{actual:#?}"), format!("{expected:#?}"));
    if actual != expected {
        panic!("values differ\n  expected {expected}\n  got      {actual}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compare_by_value() {
        let a: Value = serde_json::from_str(r#"{"a":1.0,"b":[1,2],"c":"NaN","d":9007199254740993}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"d":9007199254740993,"c":"NaN","b":[1,2.0],"a":1}"#).unwrap();
        assert_eq!(json_eq(&a, &b), Ok(()));
        let c: Value = serde_json::from_str(r#"{"d":9007199254740992,"c":"NaN","b":[1,2.0],"a":1}"#).unwrap();
        assert!(json_eq(&a, &c).unwrap_err().contains("`.d`"));
    }

    #[test]
    fn debug_comparison_takes_nan_as_equal_and_catches_differences() {
        assert_same_debug(&(f64::NAN, "a"), &(f64::NAN, "a"));
        let differs = std::panic::catch_unwind(|| assert_same_debug(&(f64::NAN, "a"), &(f64::NAN, "b")));
        assert!(differs.is_err());
    }

    #[test]
    fn request_checks_report_every_difference() {
        let request = http::Request::builder()
            .method("POST")
            .uri("https://foo.example.com/custom/?a=1")
            .header("content-type", "application/x-amz-json-1.1")
            .body(Bytes::from_static(br#"{"x":1}"#))
            .unwrap();
        let ok = ExpectedRequest {
            method: "POST",
            uri: "/custom/",
            query_params: &["a=1"],
            headers: &[("Content-Type", "application/x-amz-json-1.1")],
            resolved_host: Some("foo.example.com"),
            body: Some(r#"{"x": 1.0}"#),
            body_media_type: Some("application/json"),
            ..Default::default()
        };
        assert_eq!(ok.check(&request), Ok(()));
        let bad = ExpectedRequest {
            method: "GET",
            uri: "/",
            forbid_headers: &["content-type"],
            require_headers: &["x-missing"],
            body: Some("{}"),
            ..Default::default()
        };
        let problems = bad.check(&request).unwrap_err();
        for needle in ["method", "uri path", "forbidden", "required", "body"] {
            assert!(problems.contains(needle), "{needle} in {problems}");
        }
    }
}
