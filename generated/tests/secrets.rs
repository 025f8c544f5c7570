//! Secrets never leak: access keys, secret keys, session tokens, the `Authorization` header
//! (its signature) and `@sensitive` members (`OverrideParameters`, environment variable values,
//! `AuthorizedUrl`, `SessionId`) appear in no `Debug` output of configs, clients, inputs,
//! outputs, builders or errors, in no `Display` of errors, and in no tracing output at any
//! level — checked by capturing everything a TRACE-level subscriber receives while real calls
//! go through the client to a `CapturingTransport`.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use awsgen_runtime::client::test_util::{CapturingTransport, StubResponse};
use awsgen_runtime::client::RetryConfig;
use mwaa_serverless::types::{DefinitionS3Location, Environment};
use mwaa_serverless::{Client, Config};
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const ACCESS_KEY: &str = "AKIAZZLEAKCHECK00001";
const SECRET_KEY: &str = "sEcReTkEy/Leak+Check0000000000000000000x";
const SESSION_TOKEN: &str = "FwoGZXIvYXdzLEAKCHECKSESSIONTOKEN0000000000==";
const OVERRIDE_VALUE: &str = "override-secret-8f1c";
const OVERRIDE_NESTED: &str = "nested-override-secret-77a2";
const ENV_VALUE: &str = "env-secret-db-password-31e9";
const AUTHORIZED_URL: &str = "https://ui.example.com/login?token=authorized-url-secret-4b1d";
const SESSION_ID: &str = "session-id-secret-9c0e";
const ARN: &str =
    "arn:aws:airflow-serverless:us-east-1:111122223333:workflow/leak-check-Ab12Cd34Ef";

/// Every value that must never be printed.
fn secrets() -> Vec<&'static str> {
    vec![
        SECRET_KEY,
        SESSION_TOKEN,
        OVERRIDE_VALUE,
        OVERRIDE_NESTED,
        ENV_VALUE,
        AUTHORIZED_URL,
        "authorized-url-secret",
        SESSION_ID,
    ]
}

#[track_caller]
fn assert_clean(what: &str, text: &str, extra: &[String]) {
    for secret in secrets()
        .iter()
        .copied()
        .chain(extra.iter().map(String::as_str))
    {
        assert!(!text.contains(secret), "{what} leaks {secret:?}:\n{text}");
    }
}

// ---------------------------------------------------------------------------------------------
// A subscriber that records everything, at every level.

#[derive(Clone, Default)]
struct Capture {
    log: Arc<Mutex<String>>,
    next_id: Arc<AtomicU64>,
    events: Arc<AtomicU64>,
}

struct Writer<'a>(&'a mut String);

impl Visit for Writer<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, " {}={}", field.name(), value);
    }
    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        let _ = write!(self.0, " {}={} ({:?})", field.name(), value, value);
    }
}

impl Capture {
    fn text(&self) -> String {
        self.log.lock().unwrap().clone()
    }
    fn line(&self, kind: &str, meta: &Metadata<'_>, record: impl FnOnce(&mut Writer<'_>)) {
        let mut log = self.log.lock().unwrap();
        let _ = write!(
            log,
            "{kind} {} {} {}:",
            meta.level(),
            meta.target(),
            meta.name()
        );
        record(&mut Writer(&mut log));
        log.push('\n');
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        self.line("span", span.metadata(), |w| span.record(w));
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut log = self.log.lock().unwrap();
        log.push_str("record:");
        values.record(&mut Writer(&mut log));
        log.push('\n');
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        self.events.fetch_add(1, Ordering::Relaxed);
        self.line("event", event.metadata(), |w| event.record(w));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

// ---------------------------------------------------------------------------------------------
// The service.

/// The answer to a request with header `X-Amz-Target: target`.
fn respond(target: &str) -> StubResponse {
    let target = target.rsplit('.').next().unwrap_or_default().to_owned();
    let ok = |body: serde_json::Value| {
        StubResponse::json(200, &body).header("x-amzn-RequestId", "req-leak-check")
    };
    match target.as_str() {
        "CreateAirflowUiUrl" => ok(json!({
            "AuthorizedUrl": AUTHORIZED_URL,
            "SessionId": SESSION_ID,
            "UrlExpiresAt": "2025-03-04T09:30:00Z",
            "SessionExpiresAt": "2025-03-04T10:30:00Z"
        })),
        "StartWorkflowRun" => ok(json!({"RunId": "run-1", "Status": "STARTING"})),
        "GetWorkflowRun" => ok(json!({
            "WorkflowArn": ARN, "RunId": "run-1",
            "OverrideParameters": {"password": OVERRIDE_VALUE, "deep": {"k": [OVERRIDE_NESTED]}}
        })),
        "GetWorkflow" => ok(json!({
            "WorkflowArn": ARN,
            "Environment": {"Variables": {"DB_PASSWORD": ENV_VALUE}}
        })),
        "CreateWorkflow" => StubResponse::json(
            400,
            &json!({"__type": "ValidationException", "Message": "bad role", "Reason": "OTHER"}),
        ),
        // Retried, then given up on: exercises the retry logging.
        "ListWorkflows" => StubResponse::error(500, "InternalServerException", "try again"),
        // A malformed success body holding a sensitive value.
        "StopWorkflowRun" => StubResponse::new(200, format!(r#"{{"RunId": "{SESSION_ID}"#)),
        _ => StubResponse::new(404, ""),
    }
}

fn transport() -> CapturingTransport {
    CapturingTransport::new(|request| {
        let target = request
            .headers()
            .get("x-amz-target")
            .and_then(|v| v.to_str().ok());
        Ok(respond(target.unwrap_or_default()))
    })
}

fn config(transport: &CapturingTransport) -> Config {
    Config::builder()
        .region("us-east-1")
        .static_credentials(ACCESS_KEY, SECRET_KEY, Some(SESSION_TOKEN.to_owned()))
        .transport(transport.clone())
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(2)),
        )
        .build()
}

/// Makes one call of each interesting kind; returns every Debug/Display text produced.
async fn calls(client: &Client) -> Vec<(String, String)> {
    let mut shown = Vec::new();
    let mut show = |what: &str, text: String| shown.push((what.to_owned(), text));

    let url = client
        .create_airflow_ui_url()
        .send()
        .await
        .expect("CreateAirflowUiUrl");
    assert_eq!(
        url.authorized_url, AUTHORIZED_URL,
        "the value itself is readable"
    );
    show("CreateAirflowUiUrlOutput", format!("{url:?} {url:#?}"));

    let fluent = client
        .start_workflow_run()
        .workflow_arn(ARN)
        .override_parameters("password", json!(OVERRIDE_VALUE))
        .override_parameters("deep", json!({"k": [OVERRIDE_NESTED]}));
    show("StartWorkflowRunFluentBuilder", format!("{fluent:?}"));
    let input = fluent.clone().build().expect("input");
    show(
        "StartWorkflowRunInput (built)",
        format!("{input:?} {input:#?}"),
    );
    let started = fluent.send().await.expect("StartWorkflowRun");
    show("StartWorkflowRunOutput", format!("{started:?}"));

    let run = client
        .get_workflow_run()
        .workflow_arn(ARN)
        .run_id("run-1")
        .send()
        .await
        .expect("GetWorkflowRun");
    assert_eq!(
        run.override_parameters.as_ref().unwrap()["password"],
        OVERRIDE_VALUE
    );
    show("GetWorkflowRunOutput", format!("{run:?} {run:#?}"));

    let workflow = client
        .get_workflow()
        .workflow_arn(ARN)
        .send()
        .await
        .expect("GetWorkflow");
    show("GetWorkflowOutput", format!("{workflow:?} {workflow:#?}"));

    let environment = Environment::builder()
        .variables("DB_PASSWORD", ENV_VALUE)
        .build()
        .unwrap();
    show("Environment", format!("{environment:?} {environment:#?}"));
    show(
        "EnvironmentBuilder",
        format!(
            "{:?}",
            Environment::builder().variables("DB_PASSWORD", ENV_VALUE)
        ),
    );
    let create = client
        .create_workflow()
        .name("leak-check")
        .role_arn("arn:aws:iam::111122223333:role/leak-check")
        .definition_s3_location(
            DefinitionS3Location::builder()
                .bucket("b")
                .object_key("k")
                .build()
                .unwrap(),
        )
        .environment(environment);
    show("CreateWorkflowFluentBuilder", format!("{create:?}"));
    let err = create.send().await.expect_err("ValidationException");
    assert!(
        err.as_service_error()
            .is_some_and(|e| e.is_validation_exception()),
        "{err:?}"
    );
    show(
        "SdkError<CreateWorkflowError>",
        format!("{err:?} {err:#?} {err}"),
    );
    if let Some(service) = err.as_service_error() {
        show("CreateWorkflowError", format!("{service:?} {service}"));
    }

    let err = client
        .list_workflows()
        .send()
        .await
        .expect_err("retries exhausted");
    assert_eq!(err.attempts(), 3, "{err:?}");
    show("SdkError<ListWorkflowsError>", format!("{err:?} {err}"));

    let err = client
        .stop_workflow_run()
        .workflow_arn(ARN)
        .run_id("run-1")
        .send()
        .await
        .expect_err("malformed");
    show(
        "SdkError<StopWorkflowRunError> (malformed)",
        format!("{err:?} {err}"),
    );

    let err = client
        .get_workflow_run()
        .send()
        .await
        .expect_err("missing required members");
    show("SdkError (invalid input)", format!("{err:?} {err}"));

    show("Client", format!("{client:?} {client:#?}"));
    shown
}

/// What one run of [`calls`] under a TRACE subscriber produced.
struct Captured {
    config_debug: String,
    shown: Vec<(String, String)>,
    log: String,
    events: u64,
    /// Every `Authorization` header sent, and its signature.
    sent_secrets: Vec<String>,
}

fn capture_calls() -> Captured {
    let transport = transport();
    let config = config(&transport);
    let config_debug = format!("{config:?} {config:#?}");
    let client = Client::new(config);

    let capture = Capture::default();
    // tracing caches each callsite's interest for the whole process; while only one
    // dispatcher exists it takes it from whichever thread reaches the callsite first, and a
    // sibling test's thread (no subscriber) would switch it off here too. A second live
    // dispatcher makes tracing ask every dispatcher; the rebuild redoes what was cached.
    let _anchor = tracing::Dispatch::new(capture.clone());
    let shown = tracing::subscriber::with_default(capture.clone(), || {
        tracing::callsite::rebuild_interest_cache();
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(calls(&client))
    });

    // The Authorization headers (and their signatures) the client actually sent.
    let requests = transport.requests();
    assert!(requests.len() >= 8, "{} requests", requests.len());
    let mut sent_secrets = Vec::new();
    for request in &requests {
        let authorization = request.headers()["authorization"]
            .to_str()
            .unwrap()
            .to_owned();
        let signature = authorization
            .rsplit("Signature=")
            .next()
            .unwrap()
            .to_owned();
        assert_eq!(signature.len(), 64, "{authorization}");
        assert_eq!(
            request.headers()["x-amz-security-token"].to_str().unwrap(),
            SESSION_TOKEN
        );
        sent_secrets.push(authorization);
        sent_secrets.push(signature);
    }
    Captured {
        config_debug,
        shown,
        log: capture.text(),
        events: capture.events.load(Ordering::Relaxed),
        sent_secrets,
    }
}

#[test]
fn no_secret_in_debug_display_or_trace_output() {
    let Captured {
        config_debug,
        shown,
        log,
        events,
        sent_secrets,
    } = capture_calls();

    assert_clean("Config Debug", &config_debug, &sent_secrets);
    assert!(
        !config_debug.contains(ACCESS_KEY),
        "Config Debug shows the access key: {config_debug}"
    );
    for (what, text) in &shown {
        assert_clean(what, text, &sent_secrets);
        assert!(
            !text.contains(ACCESS_KEY),
            "{what} shows the access key: {text}"
        );
    }
    // Redacted, not dropped: the Debug output says so.
    let url_debug = &shown
        .iter()
        .find(|(w, _)| w == "CreateAirflowUiUrlOutput")
        .unwrap()
        .1;
    assert!(url_debug.contains("Redacted"), "{url_debug}");

    assert!(
        events > 0 && log.contains("awsgen_call"),
        "the subscriber saw the client's spans and events:\n{log}"
    );
    assert!(
        log.contains("retrying"),
        "retry events are captured:\n{log}"
    );
    // aws-sigv4's own TRACE events (canonical request, signing parameters with the access
    // key id) are switched off around signing.
    assert!(!log.contains("canonical_request"), "signing is not traced:\n{log}");
    assert_clean("tracing output", &log, &sent_secrets);
}

/// aws-sigv4 logs its `SigningParams` at TRACE, whose `Credentials` Debug shows the access key
/// id; the runtime signs with tracing switched off, so it never reaches the logs.
#[test]
fn access_key_id_never_in_trace_output() {
    let Captured { log, .. } = capture_calls();
    assert!(
        !log.contains(ACCESS_KEY),
        "tracing output shows the access key:\n{log}"
    );
}

#[test]
fn credentials_in_config_debug_are_redacted_at_every_level_of_detail() {
    let transport = transport();
    let config = config(&transport);
    for text in [format!("{config:?}"), format!("{config:#?}")] {
        assert_clean("Config Debug", &text, &[]);
        assert!(!text.contains(ACCESS_KEY), "{text}");
        assert!(text.contains("redacted"), "{text}");
    }
}
