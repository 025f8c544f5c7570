//! The client core with the test transports (feature `test-util`): the Stubber-like
//! `StubTransport`, `CapturingTransport`, endpoint resolution from the MWAA rule set, signing
//! overrides from `authSchemes`, transport-error mapping and configuration details.

use std::time::Duration;

use awsgen_runtime::client::test_util::{CapturingTransport, StubResponse, StubTransport};
use awsgen_runtime::client::{
    CallOptions, Config, ConfigBuilder, Handle, IdempotencyTokenProvider, RetryConfig, StaticTimeSource, TransportError,
    TransportErrorKind, FIXED_IDEMPOTENCY_TOKEN,
};
use awsgen_runtime::endpoint::{Endpoint, EndpointError, EndpointParams};
use awsgen_runtime::error::{DispatchKind, TimeoutKind};
use awsgen_runtime::spec::{OperationSpec, Protocol, ServiceSpec};
use serde_json::json;

mod common;

static LIST: OperationSpec = OperationSpec {
    name: "ListWorkflows",
    retry_safe: true,
    retryable_errors: &[],
};

static CREATE: OperationSpec = OperationSpec {
    name: "CreateWorkflow",
    retry_safe: true,
    retryable_errors: &[],
};

/// A service of the awsJson1_1 protocol without endpoint rules, for tests that set their own.
const SVC: ServiceSpec = ServiceSpec {
    target_prefix: "Svc",
    protocol: Protocol::AwsJson1_1,
    signing_name: "svc",
    sdk_id: "Svc",
    api_version: "1",
    resolve_endpoint: None,
    endpoint_builtins: &[],
};

fn config() -> ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .static_credentials("AKID", "SECRET", None)
        .retry_config(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
        .time_source(StaticTimeSource::from_unix_secs(1_700_000_000))
}

#[tokio::test]
async fn stub_answers_matching_requests_in_order() {
    let stub = StubTransport::new();
    stub.expect(
        "AmazonMWAAServerless.ListWorkflows",
        Some(json!({"MaxResults": 5})),
        StubResponse::json(200, &json!({"Workflows": []})),
    )
    .expect("AmazonMWAAServerless.CreateWorkflow", None, StubResponse::error(400, "ValidationException", "bad"));
    let handle = Handle::new(&common::MWAA, config().transport(stub.clone()).build());
    // Same JSON value, different spelling.
    let raw = handle.call(&LIST, common::json_request("AmazonMWAAServerless", &LIST, b"{ \"MaxResults\" : 5 }")).await.expect("call");
    assert_eq!((raw.status, &raw.body[..]), (200, &br#"{"Workflows":[]}"#[..]));
    let raw = handle.call(&CREATE, common::json_request("AmazonMWAAServerless", &CREATE, b"{}")).await.expect("call");
    assert_eq!((raw.status, raw.attempts), (400, 1));
    assert_eq!(stub.remaining(), 0);
    stub.assert_done();
}

#[tokio::test]
async fn stub_reports_mismatches_clearly() {
    let stub = StubTransport::new();
    stub.expect("AmazonMWAAServerless.ListWorkflows", Some(json!({"MaxResults": 5})), StubResponse::json(200, &json!({})));
    let handle = Handle::new(&common::MWAA, config().transport(stub.clone()).build());

    let err = handle.call(&CREATE, common::json_request("AmazonMWAAServerless", &CREATE, b"{}")).await.expect_err("wrong operation");
    assert_eq!((err.kind, err.attempts), (DispatchKind::Io, 1), "a mismatch is not retried");
    assert!(err.to_string().contains("expected a request for AmazonMWAAServerless.ListWorkflows, got one for AmazonMWAAServerless.CreateWorkflow"), "{err}");

    let err = handle.call(&LIST, common::json_request("AmazonMWAAServerless", &LIST, br#"{"MaxResults":6}"#)).await.expect_err("wrong body");
    assert!(err.to_string().contains(r#"expected body {"MaxResults":5}, got {"MaxResults":6}"#), "{err}");
    assert_eq!(stub.mismatches().len(), 2);

    let panic = std::panic::catch_unwind(|| stub.assert_done()).expect_err("assert_done must fail");
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("3 problem(s)") && message.contains("none came"), "{message}");
}

#[tokio::test]
async fn stub_flags_unexpected_requests() {
    let stub = StubTransport::new();
    let handle = Handle::new(&common::MWAA, config().transport(stub.clone()).build());
    let err = handle.call(&LIST, common::json_request("AmazonMWAAServerless", &LIST, b"{}")).await.expect_err("unexpected");
    assert!(err.to_string().contains("no expectation left"), "{err}");
    assert!(std::panic::catch_unwind(|| stub.assert_done()).is_err());
}

#[tokio::test]
async fn transport_errors_map_to_dispatch_kinds_and_retry() {
    let stub = StubTransport::new();
    for _ in 0..3 {
        stub.expect_error(
            "AmazonMWAAServerless.ListWorkflows",
            None,
            TransportError::new(TransportErrorKind::ConnectTimeout, "connect timeout"),
        );
    }
    stub.expect_error("AmazonMWAAServerless.ListWorkflows", None, TransportError::new(TransportErrorKind::Connect, "refused"));
    stub.expect("AmazonMWAAServerless.ListWorkflows", None, StubResponse::json(200, &json!({})));
    let handle = Handle::new(&common::MWAA, config().transport(stub.clone()).build());
    let err = handle.call(&LIST, common::json_request("AmazonMWAAServerless", &LIST, b"{}")).await.expect_err("connect timeout");
    assert_eq!((err.kind, err.attempts), (DispatchKind::Timeout(TimeoutKind::Connect), 3));
    let raw = handle.call(&LIST, common::json_request("AmazonMWAAServerless", &LIST, b"{}")).await.expect("retried after a refused connection");
    assert_eq!(raw.attempts, 2);
    stub.assert_done();
}

#[tokio::test]
async fn a_body_shorter_than_its_content_length_is_a_retried_io_failure() {
    // A transport that hands over a cut-off body without an error of its own.
    let cut = StubResponse::new(200, &br#"{"Workflows":[{"Workfl"#[..]).header("content-length", "40");
    let stub = StubTransport::new();
    stub.expect("AmazonMWAAServerless.ListWorkflows", None, cut.clone())
        .expect("AmazonMWAAServerless.ListWorkflows", None, StubResponse::json(200, &json!({"Workflows": []})));
    let handle = Handle::new(&common::MWAA, config().transport(stub.clone()).build());
    let raw = handle.call(&LIST, common::json_request("AmazonMWAAServerless", &LIST, b"{}")).await.expect("retried");
    assert_eq!((raw.attempts, &raw.body[..]), (2, &br#"{"Workflows":[]}"#[..]));
    stub.assert_done();

    // Not retried for an operation that is not safe to send twice, and the error says why.
    static NOT_RETRY_SAFE: OperationSpec = OperationSpec { retry_safe: false, ..LIST };
    let stub = StubTransport::new();
    stub.expect("AmazonMWAAServerless.ListWorkflows", None, cut);
    let handle = Handle::new(&common::MWAA, config().transport(stub.clone()).build());
    let err = handle.call(&NOT_RETRY_SAFE, common::json_request("AmazonMWAAServerless", &NOT_RETRY_SAFE, b"{}")).await.expect_err("cut body");
    assert_eq!((err.kind, err.attempts), (DispatchKind::Io, 1));
    assert!(err.to_string().contains("the response body has 22 bytes, its Content-Length says 40"), "{err}");
}

#[tokio::test]
async fn mwaa_endpoints_resolve_from_the_region() {
    let capture = CapturingTransport::always(StubResponse::json(200, &json!({})));
    let handle = Handle::new(&common::MWAA, config().transport(capture.clone()).build());
    handle.call(&LIST, common::json_request("AmazonMWAAServerless", &LIST, b"{}")).await.expect("call");
    let request = capture.last_request().expect("request");
    assert_eq!(request.uri().to_string(), "https://airflow-serverless.us-east-1.api.aws/");
    assert_eq!(request.headers()["host"], "airflow-serverless.us-east-1.api.aws");
    let auth = request.headers()["authorization"].to_str().expect("ascii");
    assert!(auth.contains("Credential=AKID/20231114/us-east-1/airflow-serverless/aws4_request"), "{auth}");

    let handle = Handle::new(
        &common::MWAA,
        config().region("cn-northwest-1").use_fips(true).transport(capture.clone()).build(),
    );
    handle.call(&LIST, common::json_request("AmazonMWAAServerless", &LIST, b"{}")).await.expect("call");
    let uri = capture.last_request().expect("request").uri().to_string();
    assert_eq!(uri, "https://airflow-serverless-fips.cn-northwest-1.api.amazonwebservices.com.cn/");

    let handle = Handle::new(&common::MWAA, config().set_region(None).transport(capture.clone()).build());
    let err = handle.call(&LIST, common::json_request("AmazonMWAAServerless", &LIST, b"{}")).await.expect_err("no region");
    assert_eq!((err.kind, err.attempts), (DispatchKind::Endpoint, 0));
    assert!(err.to_string().contains("Invalid Configuration: Missing Region"), "{err}");
    assert_eq!(capture.len(), 2);
}

#[tokio::test]
async fn endpoint_headers_and_auth_scheme_overrides_are_applied() {
    fn custom_endpoint(_: &EndpointParams) -> Result<Endpoint, EndpointError> {
        let auth = json!([{"name": "sigv4", "signingName": "other-name", "signingRegion": "eu-central-1"}]);
        Ok(Endpoint::new("https://svc.example.com/base")
            .with_header("x-custom", vec!["a".into(), "b".into()])
            .with_property("authSchemes", auth))
    }
    static SERVICE: ServiceSpec = ServiceSpec { resolve_endpoint: Some(custom_endpoint), ..SVC };
    static OP: OperationSpec =
        OperationSpec { name: "Op", retry_safe: true, retryable_errors: &[] };
    let capture = CapturingTransport::always(StubResponse::new(200, ""));
    let handle = Handle::new(&SERVICE, config().transport(capture.clone()).build());
    handle.call(&OP, common::json_request("AmazonMWAAServerless", &OP, b"{}")).await.expect("call");
    let request = capture.last_request().expect("request");
    assert_eq!(request.uri().to_string(), "https://svc.example.com/base/");
    let custom: Vec<_> =
        request.headers().get_all("x-custom").iter().map(|v| v.to_str().unwrap_or("")).collect();
    assert_eq!(custom, ["a", "b"]);
    let auth = request.headers()["authorization"].to_str().expect("ascii");
    assert!(auth.contains("/20231114/eu-central-1/other-name/aws4_request"), "{auth}");
    assert!(auth.contains("x-custom"), "endpoint headers are signed: {auth}");
}

#[tokio::test]
async fn a_calls_endpoint_parameters_resolve_its_own_endpoint() {
    // `Stream` (a `@contextParam`) picks a host; `Control` (a `@staticContextParams`) a
    // path; the region is the configuration's built-in.
    fn by_params(params: &EndpointParams) -> Result<Endpoint, EndpointError> {
        let region = params.string("Region")?.unwrap_or("nowhere");
        let host = params.string("Stream")?.map_or_else(|| "svc".to_owned(), |s| format!("{s}.svc"));
        let plane = if params.boolean("Control")? == Some(true) { "control" } else { "data" };
        Ok(Endpoint::new(format!("https://{host}.{region}.example.com/{plane}")))
    }
    static SERVICE: ServiceSpec =
        ServiceSpec { resolve_endpoint: Some(by_params), endpoint_builtins: &[("Region", "AWS::Region")], ..SVC };
    static OP: OperationSpec = OperationSpec { name: "Op", retry_safe: true, retryable_errors: &[] };
    let capture = CapturingTransport::always(StubResponse::new(200, "{}"));
    let handle = Handle::new(&SERVICE, config().transport(capture.clone()).build());
    let request = || common::json_request("Svc", &OP, b"{}");
    let sent_to = || capture.last_request().expect("request").uri().to_string();

    handle.call(&OP, request()).await.expect("call");
    assert_eq!(sent_to(), "https://svc.us-east-1.example.com/data/");
    let options = CallOptions::new().endpoint_param("Stream", "s1").endpoint_param("Control", true);
    handle.call_with(&OP, request(), &options).await.expect("call");
    assert_eq!(sent_to(), "https://s1.svc.us-east-1.example.com/control/");
    // Another call's parameters, and none: neither is the cached endpoint of the other.
    handle.call_with(&OP, request(), &CallOptions::new().endpoint_param("Stream", "s2")).await.expect("call");
    assert_eq!(sent_to(), "https://s2.svc.us-east-1.example.com/data/");
    handle.call(&OP, request()).await.expect("call");
    assert_eq!(sent_to(), "https://svc.us-east-1.example.com/data/");
}

#[tokio::test]
async fn calls_without_authentication_need_no_credentials() {
    let capture = CapturingTransport::always(StubResponse::json(200, &json!({})));
    let request = || common::json_request("AmazonMWAAServerless", &LIST, b"{}");
    let signed = || capture.last_request().expect("request").headers().contains_key("authorization");
    let anonymous = Handle::new(&common::MWAA, config().set_credentials_provider(None).transport(capture.clone()).build());
    let keyed = Handle::new(&common::MWAA, config().transport(capture.clone()).build());

    // `@auth([])`: never signed, with or without credentials.
    anonymous.call_with(&LIST, request(), &CallOptions::new().no_auth()).await.expect("unsigned call");
    assert!(!signed());
    keyed.call_with(&LIST, request(), &CallOptions::new().no_auth()).await.expect("unsigned call");
    assert!(!signed());
    // `@optionalAuth`: signed when credentials are there.
    anonymous.call_with(&LIST, request(), &CallOptions::new().optional_auth()).await.expect("unsigned call");
    assert!(!signed());
    keyed.call_with(&LIST, request(), &CallOptions::new().optional_auth()).await.expect("signed call");
    assert!(signed());
    // Otherwise credentials are required, and nothing is sent without them.
    let err = anonymous.call(&LIST, request()).await.expect_err("no credentials");
    assert_eq!((err.kind, err.attempts), (DispatchKind::Credentials, 0));
    assert_eq!(capture.len(), 4);
}

#[tokio::test]
async fn unsigned_payload_signs_the_placeholder_not_the_body() {
    let capture = CapturingTransport::always(StubResponse::json(200, &json!({})));
    let handle = Handle::new(&common::MWAA, config().transport(capture.clone()).build());
    let request = || common::json_request("AmazonMWAAServerless", &LIST, b"{\"big\":\"upload\"}");
    let content_sha256 = || {
        let sent = capture.last_request().expect("request");
        assert!(sent.headers().contains_key("authorization"), "still signed");
        sent.headers().get("x-amz-content-sha256").map(|v| v.to_str().expect("ascii").to_owned())
    };
    // `@unsignedPayload`: the signature covers the placeholder, which the request says.
    handle.call_with(&LIST, request(), &CallOptions::new().unsigned_payload()).await.expect("call");
    assert_eq!(content_sha256().as_deref(), Some("UNSIGNED-PAYLOAD"));
    // Otherwise the body's hash is signed (inside the signature only, as for awsJson).
    handle.call(&LIST, request()).await.expect("call");
    assert_eq!(content_sha256(), None);
}

#[test]
fn idempotency_tokens_come_from_the_configured_provider() {
    let handle = Handle::new(
        &common::MWAA,
        config().idempotency_token_provider(IdempotencyTokenProvider::for_tests()).build(),
    );
    assert_eq!(handle.idempotency_token(), FIXED_IDEMPOTENCY_TOKEN);
    assert_eq!(FIXED_IDEMPOTENCY_TOKEN, "00000000-0000-4000-8000-000000000000");
    let handle = Handle::new(&common::MWAA, config().build());
    assert_ne!(handle.idempotency_token(), handle.idempotency_token());
}

#[test]
fn debug_output_redacts_credentials() {
    let config = config().static_credentials("AKIDDEBUG", "SECRETDEBUG", Some("TOKENDEBUG".into())).build();
    let handle = Handle::new(&common::MWAA, config.clone());
    for text in [format!("{config:?}"), format!("{handle:?}")] {
        for secret in ["AKIDDEBUG", "SECRETDEBUG", "TOKENDEBUG"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert!(text.contains("redacted"), "{text}");
    }
}

#[test]
fn handles_and_calls_are_send_and_sync() {
    fn send_sync<T: Send + Sync + Clone + 'static>(_: &T) {}
    fn send<T: Send>(_: &T) {}
    let handle = Handle::new(&common::MWAA, config().transport(StubTransport::new()).build());
    send_sync(&handle);
    let call = handle.call(&LIST, common::json_request("AmazonMWAAServerless", &LIST, b""));
    send(&call);
}
