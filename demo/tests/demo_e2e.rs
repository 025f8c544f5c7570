//! End to end: the generated client against the embedded fake MWAA Serverless server.

use std::time::Duration;

use futures_util::StreamExt;
use mwaa_demo::fake_server::{rfc3339, FakeServer, DEFAULT_RUN_COUNT, DEMO_WORKFLOW_ARN};
use mwaa_serverless::{Client, Config};

/// Every test is bounded; the whole file runs in well under 10 s.
const LIMIT: Duration = Duration::from_secs(8);

fn client(server: &FakeServer, secret: &str) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .static_credentials("AKIDDEMOEXAMPLE", secret, None)
        .endpoint_url(server.base_url())
        .build();
    Client::new(config)
}

async fn list_ids(client: &Client, page_size: i32, max_items: Option<usize>) -> Vec<String> {
    let mut paginator = client
        .list_workflow_runs()
        .workflow_arn(DEMO_WORKFLOW_ARN)
        .into_paginator()
        .page_size(page_size);
    if let Some(max) = max_items {
        paginator = paginator.max_items(max);
    }
    let mut items = paginator.items();
    let mut ids = Vec::new();
    while let Some(item) = items.next().await {
        let run = item.unwrap_or_else(|e| panic!("page_size {page_size}: {e}"));
        ids.push(run.run_id.expect("RunId"));
    }
    ids
}

#[tokio::test(flavor = "multi_thread")]
async fn paginates_every_run_once_in_order() {
    tokio::time::timeout(LIMIT, async {
        let server = FakeServer::start().await.expect("fake server");
        let expected: Vec<String> = server.runs().iter().map(|r| r.run_id.clone()).collect();
        assert_eq!(expected.len(), DEFAULT_RUN_COUNT);
        let client = client(&server, "demo-secret-key");
        for page_size in [1, 7, 100] {
            let before = server.request_count();
            let ids = list_ids(&client, page_size, None).await;
            assert_eq!(ids, expected, "page size {page_size}");
            let pages = server.request_count() - before;
            assert_eq!(
                pages,
                DEFAULT_RUN_COUNT.div_ceil(page_size as usize) as u64,
                "page size {page_size}"
            );
        }
        let first_50 = list_ids(&client, 25, Some(50)).await;
        assert_eq!(first_50, expected[..50]);
        // max_items smaller than a page: the paginator asks for fewer and stops.
        assert_eq!(list_ids(&client, 100, Some(50)).await, expected[..50]);
        server.shutdown().await;
    })
    .await
    .expect("test timed out");
}

#[tokio::test(flavor = "multi_thread")]
async fn summaries_carry_the_wire_fields() {
    tokio::time::timeout(LIMIT, async {
        let server = FakeServer::start_with_runs(30).await.expect("fake server");
        let client = client(&server, "demo-secret-key");
        let page = client
            .list_workflow_runs()
            .workflow_arn(DEMO_WORKFLOW_ARN)
            .send()
            .await
            .expect("list");
        let runs = page.workflow_runs.expect("WorkflowRuns");
        assert_eq!(runs.len(), 20, "default MaxResults");
        assert!(page.next_token.is_some());
        for (got, want) in runs.iter().zip(server.runs()) {
            assert_eq!(got.run_id.as_deref(), Some(want.run_id.as_str()));
            assert_eq!(got.workflow_arn.as_deref(), Some(DEMO_WORKFLOW_ARN));
            assert_eq!(
                got.run_type.as_ref().map(|t| t.as_str()),
                Some(want.run_type)
            );
            let detail = got.run_detail_summary.as_ref().expect("RunDetailSummary");
            assert_eq!(
                detail.status.as_ref().map(|s| s.as_str()),
                Some(want.status)
            );
            assert_eq!(
                detail.created_on.map(|t| t.unix_timestamp()),
                Some(want.created_unix)
            );
            assert_eq!(
                detail.started_at.map(|t| t.unix_timestamp()),
                want.started_unix
            );
            assert_eq!(detail.ended_at.map(|t| t.unix_timestamp()), want.ended_unix);
        }
        server.shutdown().await;
    })
    .await
    .expect("test timed out");
}

#[tokio::test(flavor = "multi_thread")]
async fn get_workflow_run_returns_its_fields() {
    tokio::time::timeout(LIMIT, async {
        let server = FakeServer::start().await.expect("fake server");
        let client = client(&server, "demo-secret-key");
        // A finished run with an error message, so every optional member is present.
        let want = server
            .runs()
            .iter()
            .find(|r| r.status == "FAILED")
            .expect("a failed run")
            .clone();
        let out = client
            .get_workflow_run()
            .workflow_arn(DEMO_WORKFLOW_ARN)
            .run_id(want.run_id.clone())
            .send()
            .await
            .expect("GetWorkflowRun");
        assert_eq!(out.run_id.as_deref(), Some(want.run_id.as_str()));
        assert_eq!(out.workflow_arn.as_deref(), Some(DEMO_WORKFLOW_ARN));
        assert_eq!(
            out.workflow_version.as_deref(),
            Some(want.workflow_version.as_str())
        );
        assert_eq!(
            out.run_type.as_ref().map(|t| t.as_str()),
            Some(want.run_type)
        );
        assert!(out.override_parameters.is_some());
        let detail = out.run_detail.expect("RunDetail");
        assert_eq!(
            detail.run_state.as_ref().map(|s| s.as_str()),
            Some("FAILED")
        );
        assert_eq!(
            detail
                .created_at
                .as_ref()
                .map(awsgen_runtime::time::format_date_time),
            Some(rfc3339(want.created_unix))
        );
        assert_eq!(
            detail.started_on.map(|t| t.unix_timestamp()),
            want.started_unix
        );
        assert_eq!(
            detail.completed_on.map(|t| t.unix_timestamp()),
            want.ended_unix
        );
        let duration = want
            .ended_unix
            .zip(want.started_unix)
            .map(|(end, start)| (end - start) as i32);
        assert_eq!(detail.duration, duration);
        assert!(detail
            .error_message
            .as_deref()
            .is_some_and(|m| m.contains("FAILED")));
        assert_eq!(detail.task_instances, Some(want.task_instance_ids()));

        // Unknown run and unknown workflow: 404 ResourceNotFoundException.
        let err = client
            .get_workflow_run()
            .workflow_arn(DEMO_WORKFLOW_ARN)
            .run_id("run-99999")
            .send()
            .await
            .expect_err("unknown run");
        let service = err.as_service_error().expect("a service error");
        assert!(service.is_resource_not_found_exception(), "{service}");
        let other =
            "arn:aws:airflow-serverless:us-east-1:111122223333:workflow/other-flow-Zz9yX8wV7u";
        let err = client
            .list_workflow_runs()
            .workflow_arn(other)
            .send()
            .await
            .expect_err("unknown workflow");
        assert_eq!(
            err.as_service_error().and_then(|e| e.code()),
            Some("ResourceNotFoundException")
        );
        server.shutdown().await;
    })
    .await
    .expect("test timed out");
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_secret_key_still_answers() {
    tokio::time::timeout(LIMIT, async {
        // The fake only checks that an `Authorization: AWS4-HMAC-SHA256 ...` header is present;
        // it does not recompute the signature, so a client with the wrong secret key still
        // gets answers (the real service would reject it with a signature mismatch).
        let server = FakeServer::start_with_runs(45).await.expect("fake server");
        let client = client(&server, "definitely-the-wrong-secret");
        let ids = list_ids(&client, 20, None).await;
        assert_eq!(ids.len(), 45);
        server.shutdown().await;
    })
    .await
    .expect("test timed out");
}
