//! Retries and timeouts of the generated client against the fake server's injected faults:
//! throttling, `500`/`503` responses, dropped connections, responses cut mid-body (closed or
//! reset after part of a body whose full `Content-Length` was announced) and requests never
//! answered.

use std::time::{Duration, Instant};

use awsgen_runtime::client::{RetryConfig, TimeoutConfig};
use awsgen_runtime::error::{DispatchKind, TimeoutKind};
use awsgen_runtime::pagination::StreamEnd;
use mwaa_demo::fake_server::{
    FakeServer, Fault, FaultPlan, FaultStats, RandomFaults, DEMO_ACCESS_KEY_ID, DEMO_WORKFLOW_ARN,
};
use mwaa_serverless::error::ProvideErrorMetadata;
use mwaa_serverless::operation::list_workflow_runs::ListWorkflowRunsError;
use mwaa_serverless::{Client, SdkError};

/// Every test is bounded; the whole file runs in a few seconds.
const LIMIT: Duration = Duration::from_secs(8);

/// Standard retries with millisecond backoffs and a quota large enough for a long, faulty run.
fn fast_retries(max_attempts: u32) -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(max_attempts)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(4))
        .with_retry_quota(100_000)
}

async fn start_server(runs: usize, plan: FaultPlan) -> FakeServer {
    FakeServer::builder()
        .runs(runs)
        .faults(plan)
        .start()
        .await
        .expect("fake server")
}

fn make_client(server: &FakeServer, retry: RetryConfig, timeouts: TimeoutConfig) -> Client {
    let config = server
        .client_config()
        .retry_config(retry)
        .timeout_config(timeouts)
        .build();
    Client::new(config)
}

/// Every run id, through the item stream; panics on an error.
async fn all_ids(client: &Client, page_size: i32) -> Vec<String> {
    let mut items = client
        .list_workflow_runs()
        .workflow_arn(DEMO_WORKFLOW_ARN)
        .into_paginator()
        .page_size(page_size)
        .items();
    let mut ids = Vec::new();
    while let Some(item) = items.next().await {
        let run = item.unwrap_or_else(|e| panic!("page size {page_size}: {e}"));
        ids.push(run.run_id.expect("RunId"));
    }
    ids
}

async fn first_page(client: &Client) -> Result<usize, SdkError<ListWorkflowRunsError>> {
    let page = client
        .list_workflow_runs()
        .workflow_arn(DEMO_WORKFLOW_ARN)
        .send()
        .await?;
    Ok(page.workflow_runs.unwrap_or_default().len())
}

/// ~30% throttling, 10% `500`, 5% `503` and 5% dropped connections (before or during the
/// response), at most 3 faults in a row; 4 attempts per call. Every run comes out exactly once,
/// in order, and the server saw one request per page plus one per fault.
#[tokio::test(flavor = "multi_thread")]
async fn paginator_rides_out_random_faults() {
    tokio::time::timeout(LIMIT, async {
        let plan = RandomFaults::new(20_250_101)
            .throttle(30)
            .internal_errors(10)
            .unavailable(5)
            .drops(5)
            .max_consecutive(3);
        let server = start_server(1_200, FaultPlan::Random(plan)).await;
        let expected: Vec<String> = server.runs().iter().map(|r| r.run_id.clone()).collect();
        let client = make_client(&server, fast_retries(4), TimeoutConfig::default());
        let mut pages = 0;
        for page_size in [7, 25, 100] {
            assert_eq!(
                all_ids(&client, page_size).await,
                expected,
                "page size {page_size}"
            );
            pages += expected.len().div_ceil(page_size as usize) as u64;
        }
        let stats = server.fault_stats();
        eprintln!(
            "{} requests, {pages} pages, {stats:?}",
            server.request_count()
        );
        assert!(stats.throttled > 0 && stats.internal_errors > 0 && stats.unavailable > 0);
        assert!(stats.dropped_before_response > 0 && stats.dropped_mid_response > 0);
        assert_eq!(server.request_count(), pages + stats.total());
        // The requested mix, roughly (the consecutive bound trims it a little).
        let rate = |n: u64| n as f64 / server.request_count() as f64;
        assert!((0.2..0.4).contains(&rate(stats.throttled)), "{stats:?}");
        assert!(
            (0.05..0.15).contains(&rate(stats.internal_errors)),
            "{stats:?}"
        );
        server.shutdown().await;
    })
    .await
    .expect("test timed out");
}

/// The listing of issue #6: 10,000 runs.
const MANY_RUNS: usize = 10_000;

/// Bound of the 10,000-run tests: a safety net only; nothing depends on timing.
const LONG_LIMIT: Duration = Duration::from_secs(60);

/// Issue #6's mix: 30% throttling, 10% `500`s and 5% responses cut mid-body (head with the
/// full `Content-Length` and part of the body, then FIN or RST, half each), at most 3 faults
/// in a row. Seeded: the same requests get the same faults on every run.
fn issue_6_faults() -> FaultPlan {
    FaultPlan::Random(
        RandomFaults::new(6)
            .throttle(30)
            .internal_errors(10)
            .mid_body(5)
            .max_consecutive(3),
    )
}

/// Checks that the server injected every fault kind of [`issue_6_faults`] (so the test cannot
/// pass vacuously), at roughly the requested rates, and that each request was either a page,
/// served once, or a fault.
fn assert_issue_6_faults_injected(server: &FakeServer, pages: u64) {
    let stats = server.fault_stats();
    let requests = server.request_count();
    eprintln!("{requests} requests for {pages} pages: {stats:?}");
    assert!(stats.throttled > 0, "{stats:?}");
    assert!(stats.internal_errors > 0, "{stats:?}");
    assert!(stats.dropped_mid_response > 0, "{stats:?}");
    assert!(stats.reset_mid_response > 0, "{stats:?}");
    assert_eq!(
        stats.unavailable + stats.dropped_before_response + stats.hung,
        0,
        "{stats:?}"
    );
    assert_eq!(requests, pages + stats.total(), "{stats:?}");
    // The requested mix, roughly (the consecutive bound trims it a little).
    let rate = |n: u64| n as f64 / requests as f64;
    assert!((0.22..0.38).contains(&rate(stats.throttled)), "{stats:?}");
    assert!(
        (0.06..0.14).contains(&rate(stats.internal_errors)),
        "{stats:?}"
    );
    let cut = stats.dropped_mid_response + stats.reset_mid_response;
    assert!((0.025..0.075).contains(&rate(cut)), "{stats:?}");
}

/// Issue #6: 10,000 runs paged through 30% throttling, 10% `500`s and 5% responses cut
/// mid-body, with 4 attempts per call (more than the 3 faults in a row the plan allows). Every
/// run arrives exactly once, in order; a cut body is a retried I/O failure (a malformed
/// response would not be retried, and the listing would fail); every fault cost exactly one
/// more request.
#[tokio::test(flavor = "multi_thread")]
async fn ten_thousand_runs_ride_out_throttling_500s_and_mid_body_resets() {
    tokio::time::timeout(LONG_LIMIT, async {
        let server = start_server(MANY_RUNS, issue_6_faults()).await;
        let expected: Vec<String> = server.runs().iter().map(|r| r.run_id.clone()).collect();
        let client = make_client(&server, fast_retries(4), TimeoutConfig::default());
        let page_size = 20;
        let ids = all_ids(&client, page_size).await;
        assert_eq!(ids.len(), MANY_RUNS);
        assert!(
            ids == expected,
            "the runs differ from the expected 10,000, in order"
        );
        assert_issue_6_faults_injected(&server, MANY_RUNS.div_ceil(page_size as usize) as u64);
        server.shutdown().await;
    })
    .await
    .expect("test timed out");
}

/// The same faults with only 3 attempts per call: the calls that meet 3 faults in a row fail,
/// and each error says it was made after 3 attempts. Resuming from the last page's token
/// still yields every run exactly once, in order.
#[tokio::test(flavor = "multi_thread")]
async fn exhausted_retries_mid_listing_report_the_attempts_and_the_listing_resumes() {
    tokio::time::timeout(LONG_LIMIT, async {
        let server = start_server(MANY_RUNS, issue_6_faults()).await;
        let expected: Vec<String> = server.runs().iter().map(|r| r.run_id.clone()).collect();
        let client = make_client(&server, fast_retries(3), TimeoutConfig::default());
        let page_size = 50;
        let mut ids: Vec<String> = Vec::new();
        let mut token: Option<String> = None;
        let mut failures = Vec::new();
        loop {
            let mut paginator = client
                .list_workflow_runs()
                .workflow_arn(DEMO_WORKFLOW_ARN)
                .into_paginator()
                .page_size(page_size);
            if let Some(t) = &token {
                paginator = paginator.starting_token(t.clone());
            }
            let mut pages = paginator.send();
            let mut failure = None;
            while let Some(page) = pages.next().await {
                match page {
                    Ok(page) => {
                        let runs = page.workflow_runs.unwrap_or_default();
                        ids.extend(runs.into_iter().map(|r| r.run_id.expect("RunId")));
                        token = page.next_token;
                    }
                    Err(err) => {
                        failure = Some(err);
                        break;
                    }
                }
            }
            let Some(err) = failure else { break };
            assert_eq!(err.attempts(), 3, "{err:?}");
            let text = err.to_string();
            assert!(text.ends_with(" (after 3 attempt(s))"), "{text}");
            match &err {
                SdkError::Service(s) => {
                    assert!(text.starts_with("service error: "), "{text}");
                    assert!(
                        s.error.is_throttling_exception() || s.error.is_internal_server_exception(),
                        "{text}"
                    );
                }
                SdkError::Dispatch(d) => {
                    assert_eq!(d.kind, DispatchKind::Io, "{text}");
                    assert!(text.starts_with("failed to send the request: "), "{text}");
                }
                other => panic!("unexpected error {other:?}"),
            }
            failures.push(text);
            assert!(
                failures.len() <= 100,
                "the listing never finishes: {failures:#?}"
            );
        }
        eprintln!("{} failed calls: {failures:#?}", failures.len());
        assert!(!failures.is_empty(), "no call ran out of attempts");
        assert_eq!(ids.len(), MANY_RUNS);
        assert!(
            ids == expected,
            "the runs differ from the expected 10,000, in order"
        );
        assert_issue_6_faults_injected(&server, MANY_RUNS.div_ceil(page_size as usize) as u64);
        server.shutdown().await;
    })
    .await
    .expect("test timed out");
}

/// One of each fault, in a row, then an answer: a single call with 7 attempts succeeds.
#[tokio::test(flavor = "multi_thread")]
async fn each_fault_kind_is_retried() {
    tokio::time::timeout(LIMIT, async {
        let script = [
            Fault::Throttle,
            Fault::InternalError,
            Fault::Unavailable,
            Fault::DropBeforeResponse,
            Fault::DropMidResponse,
            Fault::ResetMidResponse,
        ];
        let server = start_server(30, FaultPlan::Script(script.map(Some).to_vec())).await;
        let client = make_client(&server, fast_retries(7), TimeoutConfig::default());
        assert_eq!(first_page(&client).await.expect("seventh attempt"), 20);
        assert_eq!(server.request_count(), 7);
        let stats = server.fault_stats();
        assert_eq!(
            stats,
            FaultStats {
                throttled: 1,
                internal_errors: 1,
                unavailable: 1,
                dropped_before_response: 1,
                dropped_mid_response: 1,
                reset_mid_response: 1,
                hung: 0
            }
        );
        server.shutdown().await;
    })
    .await
    .expect("test timed out");
}

/// With retries disabled, the first fault is the caller's error: typed, after 1 attempt.
#[tokio::test(flavor = "multi_thread")]
async fn without_retries_the_first_fault_surfaces_typed() {
    tokio::time::timeout(LIMIT, async {
        // Through the paginator: the typed error; the stream keeps its place.
        let server = start_server(50, FaultPlan::Script(vec![Some(Fault::Throttle)])).await;
        let client = make_client(&server, RetryConfig::disabled(), TimeoutConfig::default());
        let mut items = client
            .list_workflow_runs()
            .workflow_arn(DEMO_WORKFLOW_ARN)
            .into_paginator()
            .failure_backoff(Duration::from_millis(1))
            .items();
        let err = items.next().await.expect("an item").expect_err("throttled");
        match &err {
            SdkError::Service(service) => {
                assert_eq!(service.raw.status, 400);
                let ListWorkflowRunsError::ThrottlingException(e) = &service.error else {
                    panic!("expected ThrottlingException, got {:?}", service.error);
                };
                assert_eq!(e.message, "Rate exceeded");
                assert_eq!(e.service_code, "airflow-serverless");
                assert!(service.error.is_throttling());
            }
            other => panic!("expected a service error, got {other:?}"),
        }
        assert_eq!(err.attempts(), 1);
        assert_eq!(err.request_id(), Some("fake-00000001"));
        assert!(err.is_transient());
        assert_eq!(server.request_count(), 1);
        // Polled again, it fetches the same (first) page, which the server now answers.
        let first = items.next().await.expect("an item").expect("the first run");
        assert_eq!(first.run_id.as_deref(), Some(server.runs()[0].run_id.as_str()));
        assert_eq!(server.request_count(), 2);
        server.shutdown().await;

        // The other faults, one call each.
        for fault in [
            Fault::InternalError,
            Fault::Unavailable,
            Fault::DropBeforeResponse,
            Fault::DropMidResponse,
            Fault::ResetMidResponse,
        ] {
            let server = start_server(50, FaultPlan::Script(vec![Some(fault)])).await;
            let client = make_client(&server, RetryConfig::disabled(), TimeoutConfig::default());
            let err = first_page(&client).await.expect_err("a fault");
            assert_eq!(err.attempts(), 1, "{fault:?}: {err}");
            assert!(
                err.to_string().ends_with("(after 1 attempt(s))"),
                "{fault:?}: {err}"
            );
            match (fault, &err) {
                (Fault::InternalError, SdkError::Service(s)) => {
                    assert!(s.error.is_internal_server_exception(), "{err}");
                    assert_eq!(s.raw.status, 500);
                }
                (Fault::Unavailable, SdkError::Service(s)) => {
                    assert!(
                        matches!(s.error, ListWorkflowRunsError::Unhandled(_)),
                        "{err}"
                    );
                    assert_eq!(s.error.code(), Some("ServiceUnavailableException"));
                    assert_eq!(s.raw.status, 503);
                }
                (
                    Fault::DropBeforeResponse | Fault::DropMidResponse | Fault::ResetMidResponse,
                    SdkError::Dispatch(d),
                ) => {
                    // A body cut short of its Content-Length is a broken connection, not a
                    // malformed response.
                    assert_eq!(d.kind, DispatchKind::Io, "{err}");
                    assert!(
                        err.to_string().starts_with("failed to send the request"),
                        "{err}"
                    );
                }
                _ => panic!("{fault:?}: unexpected {err:?}"),
            }
            assert_eq!(server.request_count(), 1, "{fault:?}");
            server.shutdown().await;
        }
    })
    .await
    .expect("test timed out");
}

/// A service that always throttles: the typed error once the attempts run out.
#[tokio::test(flavor = "multi_thread")]
async fn exhausted_retries_report_the_attempt_count() {
    tokio::time::timeout(LIMIT, async {
        let server = start_server(50, FaultPlan::Always(Fault::Throttle)).await;
        let client = make_client(&server, fast_retries(2), TimeoutConfig::default());
        let err = first_page(&client).await.expect_err("always throttled");
        assert!(
            matches!(
                err.as_service_error(),
                Some(ListWorkflowRunsError::ThrottlingException(_))
            ),
            "{err:?}"
        );
        assert_eq!(err.attempts(), 2);
        assert_eq!(
            err.to_string(),
            "service error: ThrottlingException: Rate exceeded (after 2 attempt(s))"
        );
        assert_eq!(
            err.request_id(),
            Some("fake-00000002"),
            "the last attempt's"
        );
        assert_eq!(server.request_count(), 2);
        server.shutdown().await;

        // Connections always dropped, or responses always cut mid-body: an I/O error after 3
        // attempts.
        for fault in [
            Fault::DropBeforeResponse,
            Fault::DropMidResponse,
            Fault::ResetMidResponse,
        ] {
            let server = start_server(50, FaultPlan::Always(fault)).await;
            let client = make_client(&server, fast_retries(3), TimeoutConfig::default());
            let err = first_page(&client).await.expect_err("always cut");
            assert!(
                matches!(&err, SdkError::Dispatch(d) if d.kind == DispatchKind::Io),
                "{fault:?}: {err:?}"
            );
            assert_eq!(err.attempts(), 3, "{fault:?}");
            let text = err.to_string();
            assert!(
                text.starts_with("failed to send the request: ")
                    && text.ends_with(" (after 3 attempt(s))"),
                "{fault:?}: {text}"
            );
            assert_eq!(server.request_count(), 3, "{fault:?}");
            assert_eq!(server.fault_stats().total(), 3, "{fault:?}");
            server.shutdown().await;
        }
    })
    .await
    .expect("test timed out");
}

/// A server that reads the request and never answers: the attempt timeout fires.
#[tokio::test(flavor = "multi_thread")]
async fn attempt_timeout_fires_against_a_silent_server() {
    tokio::time::timeout(LIMIT, async {
        let server = start_server(10, FaultPlan::Always(Fault::Hang)).await;
        let timeouts = TimeoutConfig::default().with_attempt_timeout(Duration::from_millis(200));
        let client = make_client(&server, RetryConfig::disabled(), timeouts);
        let started = Instant::now();
        let err = first_page(&client).await.expect_err("no answer");
        let elapsed = started.elapsed();
        assert_eq!(err.timeout(), Some(TimeoutKind::Attempt), "{err:?}");
        assert_eq!(err.attempts(), 1);
        assert!(
            (Duration::from_millis(200)..Duration::from_secs(2)).contains(&elapsed),
            "{elapsed:?}"
        );
        assert_eq!(server.request_count(), 1, "the request did arrive");
        assert_eq!(server.fault_stats().hung, 1);
        server.shutdown().await;
    })
    .await
    .expect("test timed out");
}

/// The operation timeout bounds the whole call, retries included.
#[tokio::test(flavor = "multi_thread")]
async fn operation_timeout_fires_across_retries() {
    tokio::time::timeout(LIMIT, async {
        // Retries on, no attempt timeout: the one attempt hangs until the operation timeout.
        let server = start_server(10, FaultPlan::Always(Fault::Hang)).await;
        let timeouts = TimeoutConfig::default().with_operation_timeout(Duration::from_millis(300));
        let client = make_client(&server, fast_retries(3), timeouts);
        let started = Instant::now();
        let err = first_page(&client).await.expect_err("no answer");
        let elapsed = started.elapsed();
        assert_eq!(err.timeout(), Some(TimeoutKind::Operation), "{err:?}");
        assert_eq!(err.attempts(), 1);
        assert!(
            (Duration::from_millis(300)..Duration::from_secs(2)).contains(&elapsed),
            "{elapsed:?}"
        );
        server.shutdown().await;

        // Attempts of 60 ms, retried: several attempts, then the operation timeout.
        let server = start_server(10, FaultPlan::Always(Fault::Hang)).await;
        let timeouts = TimeoutConfig::default()
            .with_attempt_timeout(Duration::from_millis(60))
            .with_operation_timeout(Duration::from_millis(300));
        let client = make_client(&server, fast_retries(50), timeouts);
        let started = Instant::now();
        let err = first_page(&client).await.expect_err("no answer");
        let elapsed = started.elapsed();
        assert_eq!(err.timeout(), Some(TimeoutKind::Operation), "{err:?}");
        assert!(err.attempts() >= 2, "{err:?}");
        assert!(
            (Duration::from_millis(300)..Duration::from_secs(2)).contains(&elapsed),
            "{elapsed:?}"
        );
        // No more requests than attempts reached the server; on a starved machine a 60 ms
        // attempt can time out before its request is read, so fewer may have.
        let received = server.request_count();
        assert!(
            (1..=u64::from(err.attempts())).contains(&received),
            "{received} requests for {} attempts",
            err.attempts()
        );
        server.shutdown().await;
    })
    .await
    .expect("test timed out");
}

/// Every run of the listing, through an item stream that a caller keeps polling after errors
/// (a retryable error keeps the stream's place); the errors it met.
async fn keep_polling(client: &Client, page_size: i32) -> (Vec<String>, Vec<String>) {
    let mut items = client
        .list_workflow_runs()
        .workflow_arn(DEMO_WORKFLOW_ARN)
        .into_paginator()
        .page_size(page_size)
        .failure_backoff(Duration::from_millis(1))
        .items();
    let (mut ids, mut errors) = (Vec::new(), Vec::new());
    while let Some(item) = items.next().await {
        match item {
            Ok(run) => ids.push(run.run_id.expect("RunId")),
            Err(e) => {
                assert!(e.is_transient(), "{e}");
                errors.push(e.to_string());
            }
        }
    }
    assert_eq!(items.end(), Some(&StreamEnd::LastPage));
    (ids, errors)
}

/// 10,000 runs with faults that exhaust the 3 attempts of a call many times: a caller who
/// keeps polling the same stream gets every run exactly once, in order.
#[tokio::test(flavor = "multi_thread")]
async fn a_caller_who_keeps_polling_after_errors_gets_every_run_once() {
    tokio::time::timeout(LONG_LIMIT, async {
        let server = start_server(MANY_RUNS, issue_6_faults()).await;
        let expected: Vec<String> = server.runs().iter().map(|r| r.run_id.clone()).collect();
        let client = make_client(&server, fast_retries(3), TimeoutConfig::default());
        let (ids, errors) = keep_polling(&client, 50).await;
        eprintln!("{} errors while polling", errors.len());
        assert!(errors.len() >= 5, "the faults exhausted the retries only {} times", errors.len());
        assert!(ids == expected, "the runs differ from the expected 10,000, in order");
        server.shutdown().await;
    })
    .await
    .expect("test timed out");
}

/// The same faults, and a caller who starts a new paginator from `resume_token()` after
/// each error: every run exactly once, in order.
#[tokio::test(flavor = "multi_thread")]
async fn a_caller_who_resumes_from_resume_token_gets_every_run_once() {
    tokio::time::timeout(LONG_LIMIT, async {
        let server = start_server(MANY_RUNS, issue_6_faults()).await;
        let expected: Vec<String> = server.runs().iter().map(|r| r.run_id.clone()).collect();
        let client = make_client(&server, fast_retries(3), TimeoutConfig::default());
        let (mut ids, mut resumed) = (Vec::new(), 0);
        let mut token: Option<String> = None;
        loop {
            let mut paginator = client
                .list_workflow_runs()
                .workflow_arn(DEMO_WORKFLOW_ARN)
                .into_paginator()
                .page_size(50);
            if let Some(t) = token.take() {
                paginator = paginator.starting_token(t);
            }
            let mut items = paginator.items();
            let mut failed = false;
            while let Some(item) = items.next().await {
                match item {
                    Ok(run) => ids.push(run.run_id.expect("RunId")),
                    Err(_) => {
                        failed = true;
                        break;
                    }
                }
            }
            if !failed {
                break;
            }
            token = items.resume_token().cloned();
            resumed += 1;
            assert!(resumed <= 200, "the listing never finishes");
        }
        assert!(resumed >= 5, "the faults exhausted the retries only {resumed} times");
        assert!(ids == expected, "the runs differ from the expected 10,000, in order");
        server.shutdown().await;
    })
    .await
    .expect("test timed out");
}

/// A persistent `AccessDenied` (wrong keys) is not retryable: the stream ends after one
/// error, with one request sent.
#[tokio::test]
async fn a_persistent_access_denied_ends_the_stream_after_one_error() {
    let server = start_server(100, FaultPlan::None).await;
    let config = server.client_config().static_credentials(DEMO_ACCESS_KEY_ID, "wrong-secret", None).build();
    let client = Client::new(config);
    let mut items = client.list_workflow_runs().workflow_arn(DEMO_WORKFLOW_ARN).into_paginator().items();
    let err = items.next().await.expect("an item").expect_err("access denied");
    assert!(matches!(err.as_service_error(), Some(ListWorkflowRunsError::AccessDeniedException(_))), "{err}");
    assert!(items.next().await.is_none());
    assert_eq!(items.end(), Some(&StreamEnd::Error));
    assert_eq!(server.request_count(), 1);
    server.shutdown().await;
}
