//! Parsing a `ListWorkflowRuns` response into the typed output.
//!
//! Bodies: a page of 100 runs (37,858 bytes) and one of about 1 MB (1,000,060 bytes, 2,654
//! runs), every member of every run set (see `mwaa_bench::bodies`). Contenders, per body:
//!
//! Decoding alone (each call timed by itself, its output dropped outside the timing):
//! - `ours/deserialize`: `json::from_slice::<ListWorkflowRunsOutput>`, the body decoder the
//!   generated `send` hands to the protocol;
//! - `ours/parse_response`: `awsgen_runtime::protocol::parse_response` with that decoder (through
//!   `aws_json::parse_output`) and
//!   the operation's error parser, on a `RawResponse` (status check, decode, request id): all
//!   that `send` does once the transport has returned the body;
//! - `official/deserialize_phase`: the official SDK's deserialization phase, timed by an
//!   interceptor from `read_before_deserialization` to `read_after_deserialization`: reading
//!   the in-memory body and its response deserializer (which is `pub(crate)`, so it cannot be
//!   called alone). The whole call runs; only that phase is counted;
//! - `floor/serde`: `serde_json::from_slice` into `#[derive(Deserialize)]` structs of the same
//!   shape (see `mwaa_bench::floor`).
//!
//! Whole calls (output dropped inside the timing):
//! - `ours/client`: the generated client on a `StubTransport` (one expectation queued per
//!   call): input build and validation, serialization, endpoint resolution from the rule
//!   set, SigV4 signing, the stub's response, body collection, parsing;
//! - `official/client`: `aws-sdk-mwaaserverless` on a canned `HttpConnector` (no network,
//!   retries off, static credentials): the orchestrator and its interceptors (user agent,
//!   invocation id, recursion detection, checksums and stalled-stream protection as
//!   `BehaviorVersion::latest()` sets them), endpoint resolution, identity cache, SigV4
//!   signing, body collection, deserialization.
//!
//! `call_overhead` runs both clients on a page with no runs: the per-call cost that is not
//! parsing.
//!
//! `MWAA_BENCH_CLOCK=cpu` measures thread CPU time instead of wall time (see `common`).

mod common;

use std::hint::black_box;
use std::time::Duration;

use awsgen_runtime::client::test_util::StubTransport;
use awsgen_runtime::json;
use awsgen_runtime::protocol::parse_response;
use awsgen_runtime::spec::Protocol;
use awsgen_runtime::RawResponse;
use bytes::Bytes;
use common::{time_each, Clock};
use criterion::measurement::Measurement;
use criterion::{BenchmarkGroup, Criterion, Throughput};
use mwaa_bench::bodies::{self, CONTENT_TYPE, REQUEST_ID, WORKFLOW_ARN};
use mwaa_bench::clients::{self, official, ours};
use mwaa_bench::floor::ListWorkflowRunsFloor;
use mwaa_serverless::operation::list_workflow_runs::{
    ListWorkflowRunsError, ListWorkflowRunsOutput,
};

fn clients_group<M: Measurement>(
    group: &mut BenchmarkGroup<'_, M>,
    body: &Bytes,
    expect_runs: usize,
) {
    let rt = clients::runtime();

    let stub = StubTransport::new();
    let client = ours::stub_client(stub.clone());
    let response = ours::response(body.clone());
    group.bench_function("ours/client", |b| {
        b.iter(|| {
            stub.expect(ours::LIST_WORKFLOW_RUNS, None, response.clone());
            rt.block_on(
                client
                    .list_workflow_runs()
                    .workflow_arn(WORKFLOW_ARN)
                    .send(),
            )
            .unwrap()
        })
    });
    stub.assert_done();

    let client = official::canned_client(body.clone());
    let check = rt
        .block_on(
            client
                .list_workflow_runs()
                .workflow_arn(WORKFLOW_ARN)
                .send(),
        )
        .unwrap();
    assert_eq!(check.workflow_runs().len(), expect_runs);
    group.bench_function("official/client", |b| {
        b.iter(|| {
            rt.block_on(
                client
                    .list_workflow_runs()
                    .workflow_arn(WORKFLOW_ARN)
                    .send(),
            )
            .unwrap()
        })
    });
}

fn parse<M: Measurement<Value = Duration> + Clock + 'static>(c: &mut Criterion<M>) {
    let page = bodies::page_body(0, 2);
    let (big, big_runs) = bodies::body_of_at_least(1_000_000);
    let rt = clients::runtime();
    for (name, body, runs, samples) in [("100_runs", page, 100, 60), ("1_mb", big, big_runs, 20)] {
        let body = Bytes::from(body);
        let mut group = c.benchmark_group(format!("parse/{name}"));
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.sample_size(samples);

        group.bench_function("ours/deserialize", |b| {
            b.iter_custom(|iters| {
                time_each(iters, M::now, || {
                    json::from_slice::<ListWorkflowRunsOutput>(black_box(&body)).unwrap()
                })
            })
        });

        let raw = RawResponse::new(200, body.clone())
            .with_header("content-type", CONTENT_TYPE)
            .with_header("x-amzn-requestid", REQUEST_ID);
        group.bench_function("ours/parse_response", |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    // `parse_response` takes the response by value: the copy is made untimed.
                    let mut input = Some(raw.clone());
                    total += time_each(1, M::now, || {
                        parse_response(
                            Protocol::AwsJson1_0,
                            input.take().expect("one call"),
                            awsgen_runtime::protocol::aws_json::parse_output::<ListWorkflowRunsOutput>,
                            ListWorkflowRunsError::from_response,
                        )
                        .unwrap()
                    });
                }
                total
            })
        });

        let timer = official::DeserializationTimer::new(M::now);
        let client = official::canned_client_timed(body.clone(), timer.clone());
        group.bench_function("official/deserialize_phase", |b| {
            b.iter_custom(|iters| {
                timer.take();
                for _ in 0..iters {
                    let out = rt
                        .block_on(
                            client
                                .list_workflow_runs()
                                .workflow_arn(WORKFLOW_ARN)
                                .send(),
                        )
                        .unwrap();
                    debug_assert_eq!(out.workflow_runs().len(), runs);
                }
                let (total, phases) = timer.take();
                assert_eq!(phases, iters, "one deserialization phase per call");
                total
            })
        });

        let floor: ListWorkflowRunsFloor = serde_json::from_slice(&body).unwrap();
        assert_eq!(floor.workflow_runs.map_or(0, |r| r.len()), runs);
        group.bench_function("floor/serde", |b| {
            b.iter_custom(|iters| {
                time_each(iters, M::now, || {
                    serde_json::from_slice::<ListWorkflowRunsFloor>(black_box(&body)).unwrap()
                })
            })
        });

        clients_group(&mut group, &body, runs);
        group.finish();
    }

    let mut group = c.benchmark_group("parse/call_overhead");
    let empty = Bytes::from_static(br#"{"WorkflowRuns":[]}"#);
    clients_group(&mut group, &empty, 0);
    group.finish();
}

fn main() {
    common::run(parse, parse);
}
