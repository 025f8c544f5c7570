//! The benchmarks measure successful work: every contender parses the same bodies into the
//! same values, writes the same request document, and pages through the same runs.

use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::client::http::{HttpConnector, HttpConnectorFuture};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use awsgen_runtime::client::test_util::{CapturingTransport, StubTransport};
use awsgen_runtime::json;
use bytes::Bytes;
use futures_util::TryStreamExt;
use mwaa_bench::bodies::{self, WORKFLOW_ARN};
use mwaa_bench::clients::{self, official, ours};
use mwaa_bench::floor::ListWorkflowRunsFloor;
use mwaa_serverless::operation::list_workflow_runs::ListWorkflowRunsOutput;
use serde_json::Value;

fn unix(t: &time::OffsetDateTime) -> i128 {
    t.unix_timestamp_nanos() / 1_000_000
}

fn check_parse(body: Vec<u8>, runs: usize) {
    let rt = clients::runtime();
    let floor: ListWorkflowRunsFloor = serde_json::from_slice(&body).unwrap();
    let direct: ListWorkflowRunsOutput = json::from_slice(&body).unwrap();

    let stub = StubTransport::new();
    stub.expect(
        ours::LIST_WORKFLOW_RUNS,
        None,
        ours::response(Bytes::from(body.clone())),
    );
    let client = ours::stub_client(stub.clone());
    let via_client = rt
        .block_on(
            client
                .list_workflow_runs()
                .workflow_arn(WORKFLOW_ARN)
                .send(),
        )
        .unwrap();
    stub.assert_done();
    assert_eq!(via_client.request_id(), Some(bodies::REQUEST_ID));

    let official_client = official::canned_client(Bytes::from(body));
    let theirs = rt
        .block_on(
            official_client
                .list_workflow_runs()
                .workflow_arn(WORKFLOW_ARN)
                .send(),
        )
        .unwrap();

    let floor_runs = floor.workflow_runs.unwrap();
    let direct_runs = direct.workflow_runs.unwrap();
    let via_runs = via_client.workflow_runs.unwrap();
    let their_runs = theirs.workflow_runs();
    assert_eq!(floor_runs.len(), runs);
    assert_eq!(direct_runs.len(), runs);
    assert_eq!(via_runs, direct_runs);
    assert_eq!(their_runs.len(), runs);
    assert_eq!(direct.next_token, floor.next_token);
    assert_eq!(theirs.next_token(), floor.next_token.as_deref());
    for ((f, o), t) in floor_runs.iter().zip(&direct_runs).zip(their_runs) {
        assert_eq!(o.run_id, f.run_id);
        assert_eq!(t.run_id(), f.run_id.as_deref());
        assert_eq!(o.workflow_arn.as_deref(), Some(WORKFLOW_ARN));
        assert_eq!(t.workflow_arn(), Some(WORKFLOW_ARN));
        assert_eq!(t.workflow_version(), o.workflow_version.as_deref());
        assert_eq!(o.workflow_version, f.workflow_version);
        assert_eq!(
            o.run_type.as_ref().map(|r| r.as_str()),
            t.run_type().map(|r| r.as_str())
        );
        assert!(!matches!(
            o.run_type,
            Some(mwaa_serverless::types::RunType::Unknown(_)) | None
        ));
        let (fd, od, td) = (
            f.run_detail_summary.as_ref().unwrap(),
            o.run_detail_summary.as_ref().unwrap(),
            t.run_detail_summary().unwrap(),
        );
        assert_eq!(
            od.status.as_ref().map(|s| s.as_str()),
            td.status().map(|s| s.as_str())
        );
        assert!(
            fd.status.is_some()
                && fd.status != Some(mwaa_bench::floor::WorkflowRunStatusFloor::Unknown)
        );
        for (f, o, t) in [
            (&fd.created_on, &od.created_on, td.created_on()),
            (&fd.started_at, &od.started_at, td.started_at()),
            (&fd.ended_at, &od.ended_at, td.ended_at()),
        ] {
            let (f, o, t) = (f.as_ref().unwrap(), o.as_ref().unwrap(), t.unwrap());
            assert_eq!(f, o);
            assert_eq!(unix(o), i128::from(t.to_millis().unwrap()));
        }
    }
}

#[test]
fn all_parse_the_100_run_page_alike() {
    check_parse(bodies::page_body(0, 2), 100);
}

#[test]
fn all_parse_the_1mb_body_alike() {
    let (body, runs) = bodies::body_of_at_least(1_000_000);
    check_parse(body, runs);
}

/// Records the body of the official client's last request.
#[derive(Clone, Debug, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl HttpConnector for Capture {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        *self.0.lock().unwrap() = request.body().bytes().unwrap().to_vec();
        official::CannedConnector::new(Bytes::from_static(
            bodies::create_workflow::RESPONSE.as_bytes(),
        ))
        .call(request)
    }
}

#[test]
fn all_write_the_same_create_workflow_document() {
    let rt = clients::runtime();
    let floor = |env| serde_json::to_value(clients::floor::create_workflow(env)).unwrap();
    let ours_direct = |env| {
        serde_json::from_slice::<Value>(&json::to_vec(&ours::create_workflow_input(env))).unwrap()
    };
    assert_eq!(ours_direct(false), floor(false));
    assert_eq!(ours_direct(true), floor(true));
    assert_eq!(
        ours_direct(true)["Environment"]["Variables"]
            .as_object()
            .unwrap()
            .len(),
        3
    );

    let transport = CapturingTransport::always(ours::response(Bytes::from_static(
        bodies::create_workflow::RESPONSE.as_bytes(),
    )));
    let config = mwaa_serverless::Config::builder()
        .region(clients::REGION)
        .static_credentials(clients::ACCESS_KEY_ID, clients::SECRET_ACCESS_KEY, None)
        .transport(transport.clone())
        .build();
    let client = mwaa_serverless::Client::new(config);
    let out = rt
        .block_on(ours::create_workflow_call(&client).send())
        .unwrap();
    assert_eq!(out.workflow_arn, WORKFLOW_ARN);
    let sent: Value = serde_json::from_slice(transport.last_request().unwrap().body()).unwrap();
    assert_eq!(sent, floor(false));

    let capture = Capture::default();
    let official_client = official::client_with(capture.clone());
    let out = rt
        .block_on(official::create_workflow_call(&official_client).send())
        .unwrap();
    assert_eq!(out.workflow_arn(), WORKFLOW_ARN);
    let sent: Value = serde_json::from_slice(&capture.0.lock().unwrap()).unwrap();
    assert_eq!(sent, floor(false));

    // The minimal calls succeed too (their difference to the full ones is reported).
    rt.block_on(ours::create_workflow_minimal(&client).send())
        .unwrap();
    rt.block_on(official::create_workflow_minimal(&official_client).send())
        .unwrap();
}

#[test]
fn both_page_through_the_loopback_server() {
    const PAGES: usize = 5;
    let server = mwaa_bench::server::PageServer::start(PAGES).unwrap();
    let rt = clients::runtime();
    let ours_client = ours::loopback_client(&server.url());
    let theirs_client = official::loopback_client(&server.url());
    let ours_ids: Vec<String> = rt
        .block_on(
            ours_client
                .list_workflow_runs()
                .workflow_arn(WORKFLOW_ARN)
                .into_paginator()
                .page_size(100)
                .items()
                .map_ok(|r| r.run_id.unwrap())
                .try_collect(),
        )
        .unwrap();
    let their_ids: Vec<String> = rt
        .block_on(
            theirs_client
                .list_workflow_runs()
                .workflow_arn(WORKFLOW_ARN)
                .into_paginator()
                .page_size(100)
                .items()
                .send()
                .try_collect(),
        )
        .unwrap()
        .into_iter()
        .map(|r| r.run_id.unwrap())
        .collect();
    let expected: Vec<String> = (0..PAGES * bodies::PAGE_SIZE).map(bodies::run_id).collect();
    assert_eq!(ours_ids, expected);
    assert_eq!(their_ids, expected);
    assert_eq!(server.requests(), 2 * PAGES as u64);
}

#[test]
fn the_official_deserialization_phase_is_timed_once_per_call() {
    let rt = clients::runtime();
    let timer = official::DeserializationTimer::new(mwaa_bench::measure::wall_clock);
    let client = official::canned_client_timed(Bytes::from(bodies::page_body(0, 2)), timer.clone());
    for _ in 0..3 {
        let out = rt
            .block_on(
                client
                    .list_workflow_runs()
                    .workflow_arn(WORKFLOW_ARN)
                    .send(),
            )
            .unwrap();
        assert_eq!(out.workflow_runs().len(), 100);
    }
    let (total, phases) = timer.take();
    assert_eq!(phases, 3);
    assert!(total > std::time::Duration::ZERO);
    assert_eq!(timer.take().1, 0);
}
