//! The `serde` feature: every generated type serializes in the service's own JSON form,
//! through the client's codecs, and reads back identically. Run with
//! `cargo test -p mwaa-serverless --features serde --test serde` (`.ci/run` does).
#![cfg(feature = "serde")]

use awsgen_runtime::json;
use mwaa_serverless::operation::get_workflow::GetWorkflowOutput;
use mwaa_serverless::operation::list_workflow_runs::{ListWorkflowRunsInput, ListWorkflowRunsOutput};
use mwaa_serverless::operation::start_workflow_run::StartWorkflowRunInput;
use mwaa_serverless::types::{WorkflowRunSummary, WorkflowStatus};
use serde_json::{json, Value};

/// A response as the service sends it: members in wire spelling, timestamps in RFC 3339.
fn runs_response() -> Value {
    json!({
        "WorkflowRuns": [
            {"RunId": "run-1", "WorkflowArn": "arn:aws:airflow-serverless:us-east-1:111122223333:workflow/a-Ab12Cd34Ef",
             "WorkflowVersion": "v1", "RunType": "SCHEDULED",
             "RunDetailSummary": {"Status": "SUCCESS", "CreatedOn": "2025-03-03T02:00:00Z",
                                  "StartedAt": "2025-03-03T02:00:04.123Z", "EndedAt": "2025-03-03T02:29:41Z"}},
            {"RunId": "run-2", "RunType": "A_NEW_RUN_TYPE"}
        ],
        "NextToken": "eyJ2IjoxfQ=="
    })
}

#[test]
fn an_output_serializes_as_the_wire_json_and_reads_back_identically() {
    let wire = runs_response();
    let parsed: ListWorkflowRunsOutput = json::from_slice(wire.to_string().as_bytes()).expect("parses");
    // serde gives the same JSON the service sent (an unknown enum value included).
    assert_eq!(serde_json::to_value(&parsed).expect("serializes"), wire);
    // And reads it back to the same value.
    let back: ListWorkflowRunsOutput = serde_json::from_value(wire.clone()).expect("deserializes");
    assert_eq!(back, parsed);
    let text = serde_json::to_string(&parsed).expect("to text");
    assert_eq!(serde_json::from_str::<ListWorkflowRunsOutput>(&text).expect("from text"), parsed);
}

#[test]
fn an_input_serializes_as_its_request_body() {
    let input = ListWorkflowRunsInput::builder()
        .workflow_arn("arn:aws:airflow-serverless:us-east-1:111122223333:workflow/a-Ab12Cd34Ef")
        .max_results(25)
        .build()
        .expect("valid");
    let body: Value = serde_json::from_slice(&json::to_vec(&input)).expect("JSON body");
    assert_eq!(serde_json::to_value(&input).expect("serializes"), body);
    assert_eq!(serde_json::from_value::<ListWorkflowRunsInput>(body).expect("deserializes"), input);

    // An input whose documents, maps and idempotency token take the other codecs.
    let start = StartWorkflowRunInput::builder()
        .workflow_arn("arn:aws:airflow-serverless:us-east-1:111122223333:workflow/a-Ab12Cd34Ef")
        .client_token("token-1")
        .override_parameters("p", json!({"nested": [1, 2.5, "x", null]}))
        .build()
        .expect("valid");
    let value = serde_json::to_value(&start).expect("serializes");
    assert_eq!(value["OverrideParameters"]["p"], json!({"nested": [1, 2.5, "x", null]}));
    assert_eq!(serde_json::from_value::<StartWorkflowRunInput>(value).expect("deserializes"), start);
}

#[test]
fn nested_types_and_enums_serialize_alone_too() {
    let summary: WorkflowRunSummary =
        serde_json::from_value(runs_response()["WorkflowRuns"][0].clone()).expect("a summary");
    assert_eq!(summary.run_id.as_deref(), Some("run-1"));
    assert_eq!(serde_json::to_value(&summary).expect("serializes"), runs_response()["WorkflowRuns"][0]);
    assert_eq!(serde_json::to_value(WorkflowStatus::from("READY")).expect("enum"), json!("READY"));
    let unknown: WorkflowStatus = serde_json::from_value(json!("SOMETHING_NEW")).expect("open enum");
    assert_eq!(serde_json::to_value(&unknown).expect("enum"), json!("SOMETHING_NEW"));
}

#[test]
fn a_value_that_does_not_match_the_model_is_an_error_naming_the_member() {
    let err = serde_json::from_value::<GetWorkflowOutput>(json!({"CreatedAt": true})).expect_err("not a timestamp");
    assert!(err.to_string().contains("CreatedAt"), "{err}");
    let err = serde_json::from_value::<ListWorkflowRunsOutput>(json!([1, 2])).expect_err("not an object");
    assert!(!err.to_string().is_empty());
}
