//! Idempotency tokens (`ClientToken`, `@idempotencyToken`) of `StartWorkflowRun` and
//! `CreateWorkflow`, as sent on the wire (captured with `CapturingTransport`, no network).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use awsgen_runtime::bytes::Bytes;
use awsgen_runtime::client::test_util::{CapturingTransport, StubResponse};
use awsgen_runtime::client::{Config, RetryConfig};
use awsgen_runtime::http::Request;
use mwaa_demo::fake_server::DEMO_WORKFLOW_ARN;
use mwaa_serverless::types::DefinitionS3Location;
use mwaa_serverless::Client;
use serde_json::{json, Value};

const ROLE_ARN: &str = "arn:aws:iam::111122223333:role/service-role/AirflowServerlessExecutionRole";

fn client(transport: &CapturingTransport) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .static_credentials("AKIDDEMOEXAMPLE", "demo-secret-key", None)
        .transport(transport.clone())
        .retry_config(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
        .build();
    Client::new(config)
}

/// Answers every request with `200` and `body`.
fn always_ok(body: Value) -> CapturingTransport {
    CapturingTransport::always(StubResponse::json(200, &body))
}

fn start_run_ok() -> Value {
    json!({ "RunId": "run-00001", "Status": "STARTING" })
}

fn create_workflow_ok() -> Value {
    json!({ "WorkflowArn": DEMO_WORKFLOW_ARN, "WorkflowStatus": "READY" })
}

fn definition() -> DefinitionS3Location {
    DefinitionS3Location::builder()
        .bucket("acme-airflow-definitions")
        .object_key("workflows/demo.yaml")
        .build()
        .expect("definition")
}

/// The `X-Amz-Target` and the `ClientToken` of a captured request.
fn target_and_token(request: &Request<Bytes>) -> (String, Option<String>) {
    let target = request.headers()["x-amz-target"]
        .to_str()
        .expect("ASCII target")
        .to_owned();
    let body: Value = serde_json::from_slice(request.body()).expect("JSON body");
    let token = body
        .get("ClientToken")
        .map(|t| t.as_str().expect("a string token").to_owned());
    (target, token)
}

/// A random (version 4, RFC 4122 variant) UUID in its canonical lowercase form.
#[track_caller]
fn assert_uuid_v4(token: &str) {
    let bytes = token.as_bytes();
    assert_eq!(bytes.len(), 36, "{token:?}");
    for (i, &b) in bytes.iter().enumerate() {
        if [8, 13, 18, 23].contains(&i) {
            assert_eq!(b, b'-', "{token:?}");
        } else {
            assert!(matches!(b, b'0'..=b'9' | b'a'..=b'f'), "{token:?}");
        }
    }
    assert_eq!(bytes[14], b'4', "version 4: {token:?}");
    assert!(
        matches!(bytes[19], b'8' | b'9' | b'a' | b'b'),
        "variant: {token:?}"
    );
}

#[tokio::test]
async fn start_workflow_run_fills_a_fresh_uuid_v4() {
    let transport = always_ok(start_run_ok());
    let client = client(&transport);
    for _ in 0..2 {
        let out = client
            .start_workflow_run()
            .workflow_arn(DEMO_WORKFLOW_ARN)
            .send()
            .await
            .expect("StartWorkflowRun");
        assert_eq!(out.run_id.as_deref(), Some("run-00001"));
    }
    let tokens: Vec<String> = transport
        .requests()
        .iter()
        .map(|r| {
            let (target, token) = target_and_token(r);
            assert_eq!(target, "AmazonMWAAServerless.StartWorkflowRun");
            token.expect("a generated ClientToken")
        })
        .collect();
    assert_eq!(tokens.len(), 2);
    tokens.iter().for_each(|t| assert_uuid_v4(t));
    assert_ne!(tokens[0], tokens[1], "a fresh token per call");
}

#[tokio::test]
async fn create_workflow_fills_a_fresh_uuid_v4() {
    let transport = always_ok(create_workflow_ok());
    let client = client(&transport);
    for _ in 0..2 {
        let out = client
            .create_workflow()
            .name("demo-workflow")
            .definition_s3_location(definition())
            .role_arn(ROLE_ARN)
            .send()
            .await
            .expect("CreateWorkflow");
        assert_eq!(out.workflow_arn, DEMO_WORKFLOW_ARN);
    }
    let tokens: Vec<String> = transport
        .requests()
        .iter()
        .map(|r| {
            let (target, token) = target_and_token(r);
            assert_eq!(target, "AmazonMWAAServerless.CreateWorkflow");
            token.expect("a generated ClientToken")
        })
        .collect();
    assert_eq!(tokens.len(), 2);
    tokens.iter().for_each(|t| assert_uuid_v4(t));
    assert_ne!(tokens[0], tokens[1], "a fresh token per call");
}

#[tokio::test]
async fn explicit_tokens_are_sent_unchanged() {
    let token = "caller-chosen token/+=_Ünïcode-1";
    let transport = always_ok(start_run_ok());
    client(&transport)
        .start_workflow_run()
        .workflow_arn(DEMO_WORKFLOW_ARN)
        .client_token(token)
        .send()
        .await
        .expect("StartWorkflowRun");
    let transport_create = always_ok(create_workflow_ok());
    client(&transport_create)
        .create_workflow()
        .name("demo-workflow")
        .definition_s3_location(definition())
        .role_arn(ROLE_ARN)
        .client_token(token)
        .send()
        .await
        .expect("CreateWorkflow");
    for transport in [transport, transport_create] {
        let request = transport.last_request().expect("a request");
        assert_eq!(target_and_token(&request).1.as_deref(), Some(token));
    }
}

/// A retried call is the same call: the generated token is reused on every attempt.
#[tokio::test]
async fn retries_reuse_the_generated_token() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let transport = CapturingTransport::new(move |_| {
        Ok(match counter.fetch_add(1, Ordering::Relaxed) {
            0 => StubResponse::error(500, "InternalServerException", "try again"),
            1 => StubResponse::error(400, "ThrottlingException", "slow down"),
            _ => StubResponse::json(200, &start_run_ok()),
        })
    });
    client(&transport)
        .start_workflow_run()
        .workflow_arn(DEMO_WORKFLOW_ARN)
        .send()
        .await
        .expect("third attempt");
    let requests = transport.requests();
    assert_eq!(requests.len(), 3);
    let tokens: Vec<Option<String>> = requests.iter().map(|r| target_and_token(r).1).collect();
    assert_uuid_v4(tokens[0].as_deref().expect("a token"));
    assert!(tokens.iter().all(|t| t == &tokens[0]), "{tokens:?}");
}
