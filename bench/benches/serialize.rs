//! Serializing a `CreateWorkflow` request with every member set.
//!
//! The members are those of the official SDK's model (all but `Environment`, which its
//! 1.32.0 model lacks), so every contender writes the same ~1.2 KB document:
//!
//! - `ours/to_vec`: `json::to_vec` of the built `CreateWorkflowInput`, what `send` and
//!   `http_request()` call; `ours/to_vec_with_environment` adds `Environment` (13 members);
//! - `ours/http_request`: `create_workflow::http_request()`, i.e. `to_vec` plus the awsJson
//!   request (method, path, `X-Amz-Target`, `Content-Type`);
//! - `floor/serde`: `serde_json::to_vec` of `#[derive(Serialize)]` structs of the same shape;
//! - `ours/client` and `official/client`: the whole call through each client, the input set
//!   member by member on the fluent builder as a user writes it, answered by a canned
//!   `CreateWorkflow` response (ours: `StubTransport`; official: a canned `HttpConnector`;
//!   retries off; the idempotency token is set, so neither generates one). This includes
//!   building and validating the input, serializing it, endpoint resolution, SigV4 signing
//!   (which hashes the body), the official orchestrator's interceptors, and parsing the small
//!   response. The official serializer is `pub(crate)`: it cannot be timed alone;
//! - `ours/client_minimal` and `official/client_minimal`: the same call with only the
//!   required members. `client - client_minimal` estimates what the extra members cost each
//!   client (building, cloning, validating, serializing, hashing them).
//!
//! `MWAA_BENCH_CLOCK=cpu` measures thread CPU time instead of wall time (see `common`).

mod common;

use std::hint::black_box;

use awsgen_runtime::client::test_util::StubTransport;
use awsgen_runtime::json;
use bytes::Bytes;
use criterion::measurement::Measurement;
use criterion::Criterion;
use mwaa_bench::bodies::create_workflow::RESPONSE;
use mwaa_bench::clients::{self, official, ours};
use mwaa_serverless::operation::create_workflow;

fn serialize<M: Measurement + 'static>(c: &mut Criterion<M>) {
    let mut group = c.benchmark_group("serialize/create_workflow");
    group.sample_size(60);

    let input = ours::create_workflow_input(false);
    let with_environment = ours::create_workflow_input(true);
    group.bench_function("ours/to_vec", |b| {
        b.iter(|| json::to_vec(black_box(&input)))
    });
    group.bench_function("ours/to_vec_with_environment", |b| {
        b.iter(|| json::to_vec(black_box(&with_environment)))
    });
    group.bench_function("ours/http_request", |b| {
        b.iter(|| create_workflow::http_request(black_box(&input)))
    });

    let floor = clients::floor::create_workflow(false);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&json::to_vec(&input)).unwrap(),
        serde_json::to_value(&floor).unwrap()
    );
    group.bench_function("floor/serde", |b| {
        b.iter(|| serde_json::to_vec(black_box(&floor)).unwrap())
    });

    let rt = clients::runtime();
    let response = Bytes::from_static(RESPONSE.as_bytes());

    let stub = StubTransport::new();
    let client = ours::stub_client(stub.clone());
    let canned = ours::response(response.clone());
    for (name, call) in [
        (
            "ours/client",
            ours::create_workflow_call as fn(&mwaa_serverless::Client) -> _,
        ),
        ("ours/client_minimal", ours::create_workflow_minimal),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                stub.expect(ours::CREATE_WORKFLOW, None, canned.clone());
                rt.block_on(call(&client).send()).unwrap()
            })
        });
    }
    stub.assert_done();

    let client = official::canned_client(response);
    for (name, call) in [
        (
            "official/client",
            official::create_workflow_call as fn(&aws_sdk_mwaaserverless::Client) -> _,
        ),
        ("official/client_minimal", official::create_workflow_minimal),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| rt.block_on(call(&client).send()).unwrap())
        });
    }
    group.finish();
}

fn main() {
    common::run(serialize, serialize);
}
