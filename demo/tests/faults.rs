//! Retries and timeouts of the generated client against the fake server's injected faults:
//! throttling, `500`/`503` responses, dropped connections and requests never answered.

use std::time::{Duration, Instant};

use awsgen_runtime::client::{RetryConfig, TimeoutConfig};
use awsgen_runtime::error::{DispatchKind, TimeoutKind};
use futures_util::StreamExt;
use mwaa_demo::fake_server::{
    FakeServer, Fault, FaultPlan, FaultStats, RandomFaults, DEMO_WORKFLOW_ARN,
};
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

/// One of each fault, in a row, then an answer: a single call with 6 attempts succeeds.
#[tokio::test(flavor = "multi_thread")]
async fn each_fault_kind_is_retried() {
    tokio::time::timeout(LIMIT, async {
        let script = [
            Fault::Throttle,
            Fault::InternalError,
            Fault::Unavailable,
            Fault::DropBeforeResponse,
            Fault::DropMidResponse,
        ];
        let server = start_server(30, FaultPlan::Script(script.map(Some).to_vec())).await;
        let client = make_client(&server, fast_retries(6), TimeoutConfig::default());
        assert_eq!(first_page(&client).await.expect("sixth attempt"), 20);
        assert_eq!(server.request_count(), 6);
        let stats = server.fault_stats();
        assert_eq!(
            stats,
            FaultStats {
                throttled: 1,
                internal_errors: 1,
                unavailable: 1,
                dropped_before_response: 1,
                dropped_mid_response: 1,
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
        // Through the paginator: the typed error, then the end of the stream.
        let server = start_server(50, FaultPlan::Script(vec![Some(Fault::Throttle)])).await;
        let client = make_client(&server, RetryConfig::disabled(), TimeoutConfig::default());
        let mut items = client
            .list_workflow_runs()
            .workflow_arn(DEMO_WORKFLOW_ARN)
            .into_paginator()
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
        assert!(
            items.next().await.is_none(),
            "the stream ends after an error"
        );
        assert_eq!(server.request_count(), 1);
        server.shutdown().await;

        // The other faults, one call each.
        for fault in [
            Fault::InternalError,
            Fault::Unavailable,
            Fault::DropBeforeResponse,
            Fault::DropMidResponse,
        ] {
            let server = start_server(50, FaultPlan::Script(vec![Some(fault)])).await;
            let client = make_client(&server, RetryConfig::disabled(), TimeoutConfig::default());
            let err = first_page(&client).await.expect_err("a fault");
            assert_eq!(err.attempts(), 1, "{fault:?}: {err}");
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
                (Fault::DropBeforeResponse | Fault::DropMidResponse, SdkError::Dispatch(d)) => {
                    assert_eq!(d.kind, DispatchKind::Io, "{err}");
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
            err.request_id(),
            Some("fake-00000002"),
            "the last attempt's"
        );
        assert_eq!(server.request_count(), 2);
        server.shutdown().await;

        // Connections always dropped: an I/O error after 3 attempts.
        let server = start_server(50, FaultPlan::Always(Fault::DropBeforeResponse)).await;
        let client = make_client(&server, fast_retries(3), TimeoutConfig::default());
        let err = first_page(&client).await.expect_err("always dropped");
        assert!(
            matches!(&err, SdkError::Dispatch(d) if d.kind == DispatchKind::Io),
            "{err:?}"
        );
        assert_eq!(err.attempts(), 3);
        assert_eq!(server.request_count(), 3);
        server.shutdown().await;
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
        // Every attempt reached the server (the last one may still be in flight).
        let received = server.request_count();
        assert!(
            (u64::from(err.attempts()) - 1..=u64::from(err.attempts())).contains(&received),
            "{received} requests for {} attempts",
            err.attempts()
        );
        server.shutdown().await;
    })
    .await
    .expect("test timed out");
}
