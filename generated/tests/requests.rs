//! Request serialization of every operation (awsJson1_0): `POST /`, `Content-Type`,
//! `X-Amz-Target` and the JSON body, plus the input builders' constraint checks and the
//! redaction of `@sensitive` members in Debug output.

use std::error::Error;

use awsgen_runtime::bytes::Bytes;
use awsgen_runtime::error::BuildProblem;
use awsgen_runtime::http::{Method, Request};
use awsgen_runtime::{json, BuildError};
use mwaa_serverless::operation::*;
use mwaa_serverless::types::{
    Code, DefinitionS3Location, EncryptionConfiguration, EncryptionType, EngineVersion,
    Environment, LoggingConfiguration, NetworkConfiguration, S3Location,
};
use serde_json::{json, Value};

type TestResult = Result<(), Box<dyn Error>>;

const ARN: &str =
    "arn:aws:airflow-serverless:us-east-1:111122223333:workflow/nightly-sales-etl-Ab12Cd34Ef";
const VERSION: &str = "8d3f0c2a9b7e4f16a5c1d2e3f4a5b6c7";
const RUN_ID: &str = "run-20250304T020000-7f3e";
const ROLE_ARN: &str = "arn:aws:iam::111122223333:role/service-role/AirflowServerlessExecutionRole";
const KMS_KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const NEXT_TOKEN: &str = "eyJ2IjoxLCJrIjoicnVuLXBhZ2UxLWIiLCJ0IjoxNzQwODgwODAwfQ==";
const CLIENT_TOKEN: &str = "0b8e2f4c-6a1d-4e3b-9c7f-5d2a8e1b3c6f";
/// A secret that must never show up in Debug output.
const SECRET: &str = "hunter2-s3cr3t-Zq9";
const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// Checks what every awsJson1_0 request of this service has in common and returns the
/// body as JSON.
#[track_caller]
fn check_request(op: &str, request: &Request<Bytes>) -> Value {
    assert_eq!(request.method(), Method::POST, "{op}");
    assert_eq!(request.uri(), "/", "{op}");
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    assert_eq!(
        header("content-type").as_deref(),
        Some("application/x-amz-json-1.0"),
        "{op}"
    );
    assert_eq!(
        header("x-amz-target"),
        Some(format!("AmazonMWAAServerless.{op}")),
        "{op}"
    );
    serde_json::from_slice(request.body()).unwrap_or_else(|e| panic!("{op}: body is not JSON: {e}"))
}

/// Method, URI, every header (sorted) and the body as pretty JSON.
fn render(request: &Request<Bytes>, body: &Value) -> String {
    let mut headers: Vec<String> = request
        .headers()
        .iter()
        .map(|(name, value)| format!("{name}: {}", value.to_str().unwrap()))
        .collect();
    headers.sort();
    format!(
        "{} {}\n{}\n\n{}\n",
        request.method(),
        request.uri(),
        headers.join("\n"),
        serde_json::to_string_pretty(&sorted(body)).unwrap()
    )
}

/// The value with object keys in sorted order, so the snapshot does not depend on whether
/// serde_json's `preserve_order` feature is on (it is, in a workspace build).
fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            Value::Object(keys.into_iter().map(|k| (k.clone(), sorted(&map[k]))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

#[track_caller]
fn snapshot(op: &str, request: &Request<Bytes>) -> Value {
    let body = check_request(op, request);
    insta::assert_snapshot!(op, render(request, &body));
    body
}

// Inputs with every member set.

fn create_airflow_ui_url() -> create_airflow_ui_url::CreateAirflowUiUrlInputBuilder {
    create_airflow_ui_url::CreateAirflowUiUrlInput::builder()
        .expires_in_seconds(120)
        .session_duration_in_seconds(3600)
}

fn definition() -> DefinitionS3Location {
    DefinitionS3Location::builder()
        .bucket("acme-airflow-definitions")
        .object_key("workflows/nightly-sales-etl.yaml")
        .version_id("3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY")
        .build()
        .unwrap()
}

fn code() -> Code {
    Code::S3Location(
        S3Location::builder()
            .bucket("acme-airflow-artifacts")
            .object_key("bundles/nightly-sales-etl/plugins.zip")
            .version_id("Wq0xB7nq4Jm2Qn3lS8zK1pR5tV9yC6dE")
            .build()
            .unwrap(),
    )
}

fn environment() -> Environment {
    Environment::builder()
        .variables("WAREHOUSE_SCHEMA", "sales_dw")
        .variables("SOURCE_DB_PASSWORD", SECRET)
        .build()
        .unwrap()
}

fn network() -> NetworkConfiguration {
    NetworkConfiguration::builder()
        .security_group_ids("sg-0a1b2c3d4e5f67890")
        .subnet_ids("subnet-0123456789abcdef0")
        .subnet_ids("subnet-0fedcba9876543210")
        .build()
}

fn logging() -> LoggingConfiguration {
    LoggingConfiguration::builder()
        .log_group_name("/aws/airflow-serverless/nightly-sales-etl")
        .build()
        .unwrap()
}

fn create_workflow() -> create_workflow::CreateWorkflowInputBuilder {
    create_workflow::CreateWorkflowInput::builder()
        .name("nightly-sales-etl")
        .client_token(CLIENT_TOKEN)
        .definition_s3_location(definition())
        .code(code())
        .role_arn(ROLE_ARN)
        .description("Loads yesterday's orders from the OLTP replica into the sales warehouse.")
        .encryption_configuration(
            EncryptionConfiguration::builder()
                .r#type(EncryptionType::CustomerManagedKey)
                .kms_key_id(KMS_KEY)
                .build()
                .unwrap(),
        )
        .logging_configuration(logging())
        .engine_version(EngineVersion::One)
        .network_configuration(network())
        .environment(environment())
        .tags("team", "data-platform")
        .tags("cost-center", "cc-4521")
        .trigger_mode("SCHEDULE")
}

fn delete_workflow() -> delete_workflow::DeleteWorkflowInputBuilder {
    delete_workflow::DeleteWorkflowInput::builder()
        .workflow_arn(ARN)
        .workflow_version(VERSION)
}

fn get_task_instance() -> get_task_instance::GetTaskInstanceInputBuilder {
    get_task_instance::GetTaskInstanceInput::builder()
        .workflow_arn(ARN)
        .task_instance_id("extract_orders-7f3e2c1a")
        .run_id(RUN_ID)
}

fn get_workflow() -> get_workflow::GetWorkflowInputBuilder {
    get_workflow::GetWorkflowInput::builder()
        .workflow_arn(ARN)
        .workflow_version(VERSION)
}

fn get_workflow_run() -> get_workflow_run::GetWorkflowRunInputBuilder {
    get_workflow_run::GetWorkflowRunInput::builder()
        .workflow_arn(ARN)
        .run_id(RUN_ID)
}

fn list_tags_for_resource() -> list_tags_for_resource::ListTagsForResourceInputBuilder {
    list_tags_for_resource::ListTagsForResourceInput::builder().resource_arn(ARN)
}

fn list_task_instances() -> list_task_instances::ListTaskInstancesInputBuilder {
    list_task_instances::ListTaskInstancesInput::builder()
        .workflow_arn(ARN)
        .run_id(RUN_ID)
        .max_results(50)
        .next_token(NEXT_TOKEN)
}

fn list_workflow_runs() -> list_workflow_runs::ListWorkflowRunsInputBuilder {
    list_workflow_runs::ListWorkflowRunsInput::builder()
        .max_results(25)
        .next_token(NEXT_TOKEN)
        .workflow_arn(ARN)
        .workflow_version(VERSION)
}

fn list_workflow_versions() -> list_workflow_versions::ListWorkflowVersionsInputBuilder {
    list_workflow_versions::ListWorkflowVersionsInput::builder()
        .max_results(10)
        .next_token(NEXT_TOKEN)
        .workflow_arn(ARN)
}

fn list_workflows() -> list_workflows::ListWorkflowsInputBuilder {
    list_workflows::ListWorkflowsInput::builder()
        .max_results(100)
        .next_token(NEXT_TOKEN)
}

fn start_workflow_run() -> start_workflow_run::StartWorkflowRunInputBuilder {
    start_workflow_run::StartWorkflowRunInput::builder()
        .workflow_arn(ARN)
        .client_token(CLIENT_TOKEN)
        .override_parameters("run_date", json!("2025-03-04"))
        .override_parameters("batch_size", json!(500))
        .override_parameters("error_budget", json!(0.05))
        .override_parameters("dry_run", json!(false))
        .override_parameters("regions", json!(["us-east-1", "eu-west-1"]))
        .override_parameters(
            "source",
            json!({"host": "orders-replica.internal", "password": SECRET}),
        )
        .override_parameters("skip_tasks", json!(null))
        .workflow_version(VERSION)
}

fn stop_workflow_run() -> stop_workflow_run::StopWorkflowRunInputBuilder {
    stop_workflow_run::StopWorkflowRunInput::builder()
        .workflow_arn(ARN)
        .run_id(RUN_ID)
}

fn tag_resource() -> tag_resource::TagResourceInputBuilder {
    tag_resource::TagResourceInput::builder()
        .resource_arn(ARN)
        .tags("team", "data-platform")
        .tags("env", "prod")
        .tags("owner", "")
}

fn untag_resource() -> untag_resource::UntagResourceInputBuilder {
    untag_resource::UntagResourceInput::builder()
        .resource_arn(ARN)
        .tag_keys("env")
        .tag_keys("owner")
}

fn update_workflow() -> update_workflow::UpdateWorkflowInputBuilder {
    update_workflow::UpdateWorkflowInput::builder()
        .workflow_arn(ARN)
        .definition_s3_location(definition())
        .code(code())
        .role_arn(ROLE_ARN)
        .description("Nightly sales ETL, now with the returns feed.")
        .logging_configuration(logging())
        .engine_version(EngineVersion::One)
        .network_configuration(network())
        .environment(environment())
        .trigger_mode("SCHEDULE")
}

// One snapshot per operation.

#[test]
fn create_airflow_ui_url_request() -> TestResult {
    let body = snapshot(
        "CreateAirflowUiUrl",
        &create_airflow_ui_url::http_request(&create_airflow_ui_url().build()?),
    );
    assert_eq!(
        body,
        json!({"ExpiresInSeconds": 120, "SessionDurationInSeconds": 3600})
    );
    Ok(())
}

#[test]
fn create_workflow_request() -> TestResult {
    let body = snapshot(
        "CreateWorkflow",
        &create_workflow::http_request(&create_workflow().build()?),
    );
    assert_eq!(
        body["EngineVersion"],
        json!(1),
        "intEnum on the wire as a number"
    );
    assert_eq!(
        body["Code"],
        json!({"S3Location": {
        "Bucket": "acme-airflow-artifacts",
        "ObjectKey": "bundles/nightly-sales-etl/plugins.zip",
        "VersionId": "Wq0xB7nq4Jm2Qn3lS8zK1pR5tV9yC6dE"}})
    );
    assert_eq!(
        body["EncryptionConfiguration"]["Type"],
        "CUSTOMER_MANAGED_KEY"
    );
    // Sensitive values are redacted in Debug only, never on the wire.
    assert_eq!(
        body["Environment"]["Variables"]["SOURCE_DB_PASSWORD"],
        SECRET
    );
    assert_eq!(
        body.as_object().unwrap().len(),
        13,
        "every member of CreateWorkflowRequest"
    );
    Ok(())
}

#[test]
fn delete_workflow_request() -> TestResult {
    let body = snapshot(
        "DeleteWorkflow",
        &delete_workflow::http_request(&delete_workflow().build()?),
    );
    // awsJson ignores @httpLabel / @httpQuery: both members are in the body.
    assert_eq!(
        body,
        json!({"WorkflowArn": ARN, "WorkflowVersion": VERSION})
    );
    Ok(())
}

#[test]
fn get_task_instance_request() -> TestResult {
    let body = snapshot(
        "GetTaskInstance",
        &get_task_instance::http_request(&get_task_instance().build()?),
    );
    assert_eq!(
        body,
        json!({"WorkflowArn": ARN, "TaskInstanceId": "extract_orders-7f3e2c1a", "RunId": RUN_ID})
    );
    Ok(())
}

#[test]
fn get_workflow_request() -> TestResult {
    let body = snapshot(
        "GetWorkflow",
        &get_workflow::http_request(&get_workflow().build()?),
    );
    assert_eq!(
        body,
        json!({"WorkflowArn": ARN, "WorkflowVersion": VERSION})
    );
    Ok(())
}

#[test]
fn get_workflow_run_request() -> TestResult {
    let body = snapshot(
        "GetWorkflowRun",
        &get_workflow_run::http_request(&get_workflow_run().build()?),
    );
    assert_eq!(body, json!({"WorkflowArn": ARN, "RunId": RUN_ID}));
    Ok(())
}

#[test]
fn list_tags_for_resource_request() -> TestResult {
    let body = snapshot(
        "ListTagsForResource",
        &list_tags_for_resource::http_request(&list_tags_for_resource().build()?),
    );
    assert_eq!(body, json!({"ResourceArn": ARN}));
    Ok(())
}

#[test]
fn list_task_instances_request() -> TestResult {
    let body = snapshot(
        "ListTaskInstances",
        &list_task_instances::http_request(&list_task_instances().build()?),
    );
    assert_eq!(
        body,
        json!({"WorkflowArn": ARN, "RunId": RUN_ID, "MaxResults": 50, "NextToken": NEXT_TOKEN})
    );
    Ok(())
}

#[test]
fn list_workflow_runs_request() -> TestResult {
    let body = snapshot(
        "ListWorkflowRuns",
        &list_workflow_runs::http_request(&list_workflow_runs().build()?),
    );
    assert_eq!(
        body,
        json!({"MaxResults": 25, "NextToken": NEXT_TOKEN, "WorkflowArn": ARN, "WorkflowVersion": VERSION})
    );
    Ok(())
}

#[test]
fn list_workflow_versions_request() -> TestResult {
    let body = snapshot(
        "ListWorkflowVersions",
        &list_workflow_versions::http_request(&list_workflow_versions().build()?),
    );
    assert_eq!(
        body,
        json!({"MaxResults": 10, "NextToken": NEXT_TOKEN, "WorkflowArn": ARN})
    );
    Ok(())
}

#[test]
fn list_workflows_request() -> TestResult {
    let body = snapshot(
        "ListWorkflows",
        &list_workflows::http_request(&list_workflows().build()?),
    );
    assert_eq!(body, json!({"MaxResults": 100, "NextToken": NEXT_TOKEN}));
    Ok(())
}

#[test]
fn start_workflow_run_request() -> TestResult {
    let body = snapshot(
        "StartWorkflowRun",
        &start_workflow_run::http_request(&start_workflow_run().build()?),
    );
    assert_eq!(body["ClientToken"], CLIENT_TOKEN);
    assert_eq!(body["OverrideParameters"]["error_budget"], json!(0.05));
    assert_eq!(
        body["OverrideParameters"]["skip_tasks"],
        Value::Null,
        "a null document value is sent as null"
    );
    assert_eq!(body["OverrideParameters"]["source"]["password"], SECRET);
    assert_eq!(body.as_object().unwrap().len(), 4);
    Ok(())
}

#[test]
fn stop_workflow_run_request() -> TestResult {
    let body = snapshot(
        "StopWorkflowRun",
        &stop_workflow_run::http_request(&stop_workflow_run().build()?),
    );
    assert_eq!(body, json!({"WorkflowArn": ARN, "RunId": RUN_ID}));
    Ok(())
}

#[test]
fn tag_resource_request() -> TestResult {
    let body = snapshot(
        "TagResource",
        &tag_resource::http_request(&tag_resource().build()?),
    );
    assert_eq!(
        body,
        json!({"ResourceArn": ARN, "Tags": {"team": "data-platform", "env": "prod", "owner": ""}})
    );
    Ok(())
}

#[test]
fn untag_resource_request() -> TestResult {
    let body = snapshot(
        "UntagResource",
        &untag_resource::http_request(&untag_resource().build()?),
    );
    assert_eq!(
        body,
        json!({"ResourceArn": ARN, "TagKeys": ["env", "owner"]})
    );
    Ok(())
}

#[test]
fn update_workflow_request() -> TestResult {
    let body = snapshot(
        "UpdateWorkflow",
        &update_workflow::http_request(&update_workflow().build()?),
    );
    assert_eq!(body["EngineVersion"], json!(1));
    assert_eq!(
        body.as_object().unwrap().len(),
        10,
        "every member of UpdateWorkflowRequest"
    );
    Ok(())
}

// Empty inputs, defaults, constraints.

/// An input with only its required members set serializes to exactly those members for
/// every operation: nothing is filled in (no defaults; idempotency tokens are filled in by
/// `send`, not by `build` or the serializer).
#[test]
fn minimal_inputs_serialize_only_their_required_members() -> TestResult {
    macro_rules! check_minimal {
        ($($module:ident :: $input:ident { $($setter:ident($($value:expr),+)),* } => $op:literal $expected:tt),* $(,)?) => {$(
            let input = $module::$input::builder()$(.$setter($($value),+))*.build()?;
            let request = $module::http_request(&input);
            assert_eq!(check_request($op, &request), json!($expected), $op);
        )*};
    }
    let location = json!({
        "Bucket": "acme-airflow-definitions",
        "ObjectKey": "workflows/nightly-sales-etl.yaml",
        "VersionId": "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
    });
    check_minimal!(
        create_airflow_ui_url::CreateAirflowUiUrlInput {} => "CreateAirflowUiUrl" {},
        create_workflow::CreateWorkflowInput {
            name("nightly"), definition_s3_location(definition()), role_arn(ROLE_ARN)
        } => "CreateWorkflow" {"Name": "nightly", "DefinitionS3Location": location, "RoleArn": ROLE_ARN},
        delete_workflow::DeleteWorkflowInput { workflow_arn(ARN) } => "DeleteWorkflow" {"WorkflowArn": ARN},
        get_task_instance::GetTaskInstanceInput {
            workflow_arn(ARN), task_instance_id("extract"), run_id(RUN_ID)
        } => "GetTaskInstance" {"WorkflowArn": ARN, "TaskInstanceId": "extract", "RunId": RUN_ID},
        get_workflow::GetWorkflowInput { workflow_arn(ARN) } => "GetWorkflow" {"WorkflowArn": ARN},
        get_workflow_run::GetWorkflowRunInput {
            workflow_arn(ARN), run_id(RUN_ID)
        } => "GetWorkflowRun" {"WorkflowArn": ARN, "RunId": RUN_ID},
        list_tags_for_resource::ListTagsForResourceInput {
            resource_arn(ARN)
        } => "ListTagsForResource" {"ResourceArn": ARN},
        list_task_instances::ListTaskInstancesInput {
            workflow_arn(ARN), run_id(RUN_ID)
        } => "ListTaskInstances" {"WorkflowArn": ARN, "RunId": RUN_ID},
        list_workflow_runs::ListWorkflowRunsInput { workflow_arn(ARN) } => "ListWorkflowRuns" {"WorkflowArn": ARN},
        list_workflow_versions::ListWorkflowVersionsInput {
            workflow_arn(ARN)
        } => "ListWorkflowVersions" {"WorkflowArn": ARN},
        list_workflows::ListWorkflowsInput {} => "ListWorkflows" {},
        start_workflow_run::StartWorkflowRunInput { workflow_arn(ARN) } => "StartWorkflowRun" {"WorkflowArn": ARN},
        stop_workflow_run::StopWorkflowRunInput {
            workflow_arn(ARN), run_id(RUN_ID)
        } => "StopWorkflowRun" {"WorkflowArn": ARN, "RunId": RUN_ID},
        tag_resource::TagResourceInput {
            resource_arn(ARN), tags("env", "prod")
        } => "TagResource" {"ResourceArn": ARN, "Tags": {"env": "prod"}},
        untag_resource::UntagResourceInput {
            resource_arn(ARN), tag_keys("env")
        } => "UntagResource" {"ResourceArn": ARN, "TagKeys": ["env"]},
        update_workflow::UpdateWorkflowInput {
            workflow_arn(ARN), definition_s3_location(definition()), role_arn(ROLE_ARN)
        } => "UpdateWorkflow" {"WorkflowArn": ARN, "DefinitionS3Location": location, "RoleArn": ROLE_ARN},
    );
    // Inputs without required members are empty objects, byte for byte.
    let input = create_airflow_ui_url::CreateAirflowUiUrlInput::builder().build()?;
    assert_eq!(
        &create_airflow_ui_url::http_request(&input).body()[..],
        b"{}"
    );
    let input = list_workflows::ListWorkflowsInput::builder().build()?;
    assert_eq!(&list_workflows::http_request(&input).body()[..], b"{}");
    Ok(())
}

/// `MaxResults` has `@default(20)` in the model; the client leaves it to the service and
/// only sends it when it was set (then also when set to the default value).
#[test]
fn max_results_default_is_not_sent_unless_set() -> TestResult {
    let input = list_workflow_runs::ListWorkflowRunsInput::builder()
        .workflow_arn(ARN)
        .build()?;
    assert_eq!(input.max_results, None);
    let body = check_request(
        "ListWorkflowRuns",
        &list_workflow_runs::http_request(&input),
    );
    assert_eq!(body, json!({"WorkflowArn": ARN}));

    let input = list_workflow_runs::ListWorkflowRunsInput::builder()
        .workflow_arn(ARN)
        .max_results(20)
        .build()?;
    let body = check_request(
        "ListWorkflowRuns",
        &list_workflow_runs::http_request(&input),
    );
    assert_eq!(body, json!({"WorkflowArn": ARN, "MaxResults": 20}));

    let input = list_workflows::ListWorkflowsInput::builder().build()?;
    assert!(
        check_request("ListWorkflows", &list_workflows::http_request(&input))
            .get("MaxResults")
            .is_none()
    );
    let input = list_workflow_versions::ListWorkflowVersionsInput::builder()
        .workflow_arn(ARN)
        .build()?;
    assert!(check_request(
        "ListWorkflowVersions",
        &list_workflow_versions::http_request(&input)
    )
    .get("MaxResults")
    .is_none());
    let input = list_task_instances::ListTaskInstancesInput::builder()
        .workflow_arn(ARN)
        .run_id(RUN_ID)
        .build()?;
    assert!(check_request(
        "ListTaskInstances",
        &list_task_instances::http_request(&input)
    )
    .get("MaxResults")
    .is_none());
    Ok(())
}

#[track_caller]
fn assert_missing(result: Result<(), BuildError>, shape: &str, member: &str) {
    let err = result.expect_err(member);
    assert_eq!(
        (err.shape, err.member, &err.problem),
        (shape, member, &BuildProblem::Missing)
    );
    let text = err.to_string();
    assert!(text.contains(member), "{text}");
    assert_eq!(
        text,
        format!("{shape}.{member} is required but was not set")
    );
}

/// Every `@required` input member, left unset on an otherwise complete input.
#[test]
fn missing_required_members_are_build_errors() {
    let err = list_workflow_runs::ListWorkflowRunsInput::builder()
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "ListWorkflowRunsInput.WorkflowArn is required but was not set"
    );

    let cases: Vec<(Result<(), BuildError>, &str, &str)> = vec![
        (
            list_workflow_runs()
                .set_workflow_arn(None)
                .build()
                .map(drop),
            "ListWorkflowRunsInput",
            "WorkflowArn",
        ),
        (
            create_workflow().set_name(None).build().map(drop),
            "CreateWorkflowInput",
            "Name",
        ),
        (
            create_workflow()
                .set_definition_s3_location(None)
                .build()
                .map(drop),
            "CreateWorkflowInput",
            "DefinitionS3Location",
        ),
        (
            create_workflow().set_role_arn(None).build().map(drop),
            "CreateWorkflowInput",
            "RoleArn",
        ),
        (
            delete_workflow().set_workflow_arn(None).build().map(drop),
            "DeleteWorkflowInput",
            "WorkflowArn",
        ),
        (
            get_task_instance().set_workflow_arn(None).build().map(drop),
            "GetTaskInstanceInput",
            "WorkflowArn",
        ),
        (
            get_task_instance()
                .set_task_instance_id(None)
                .build()
                .map(drop),
            "GetTaskInstanceInput",
            "TaskInstanceId",
        ),
        (
            get_task_instance().set_run_id(None).build().map(drop),
            "GetTaskInstanceInput",
            "RunId",
        ),
        (
            get_workflow().set_workflow_arn(None).build().map(drop),
            "GetWorkflowInput",
            "WorkflowArn",
        ),
        (
            get_workflow_run().set_workflow_arn(None).build().map(drop),
            "GetWorkflowRunInput",
            "WorkflowArn",
        ),
        (
            get_workflow_run().set_run_id(None).build().map(drop),
            "GetWorkflowRunInput",
            "RunId",
        ),
        (
            list_tags_for_resource()
                .set_resource_arn(None)
                .build()
                .map(drop),
            "ListTagsForResourceInput",
            "ResourceArn",
        ),
        (
            list_task_instances()
                .set_workflow_arn(None)
                .build()
                .map(drop),
            "ListTaskInstancesInput",
            "WorkflowArn",
        ),
        (
            list_task_instances().set_run_id(None).build().map(drop),
            "ListTaskInstancesInput",
            "RunId",
        ),
        (
            list_workflow_versions()
                .set_workflow_arn(None)
                .build()
                .map(drop),
            "ListWorkflowVersionsInput",
            "WorkflowArn",
        ),
        (
            start_workflow_run()
                .set_workflow_arn(None)
                .build()
                .map(drop),
            "StartWorkflowRunInput",
            "WorkflowArn",
        ),
        (
            stop_workflow_run().set_workflow_arn(None).build().map(drop),
            "StopWorkflowRunInput",
            "WorkflowArn",
        ),
        (
            stop_workflow_run().set_run_id(None).build().map(drop),
            "StopWorkflowRunInput",
            "RunId",
        ),
        (
            tag_resource().set_resource_arn(None).build().map(drop),
            "TagResourceInput",
            "ResourceArn",
        ),
        (
            tag_resource().set_tags(None).build().map(drop),
            "TagResourceInput",
            "Tags",
        ),
        (
            untag_resource().set_resource_arn(None).build().map(drop),
            "UntagResourceInput",
            "ResourceArn",
        ),
        (
            untag_resource().set_tag_keys(None).build().map(drop),
            "UntagResourceInput",
            "TagKeys",
        ),
        (
            update_workflow().set_workflow_arn(None).build().map(drop),
            "UpdateWorkflowInput",
            "WorkflowArn",
        ),
        (
            update_workflow()
                .set_definition_s3_location(None)
                .build()
                .map(drop),
            "UpdateWorkflowInput",
            "DefinitionS3Location",
        ),
        (
            update_workflow().set_role_arn(None).build().map(drop),
            "UpdateWorkflowInput",
            "RoleArn",
        ),
    ];
    for (result, shape, member) in cases {
        assert_missing(result, shape, member);
    }
    // Optional members may be left out.
    assert!(create_workflow()
        .set_client_token(None)
        .set_code(None)
        .set_tags(None)
        .build()
        .is_ok());
    assert!(start_workflow_run()
        .set_client_token(None)
        .set_override_parameters(None)
        .build()
        .is_ok());
}

#[track_caller]
fn assert_out_of_range(
    result: Result<(), BuildError>,
    shape: &str,
    member: &str,
    value: f64,
    min: f64,
    max: f64,
) {
    let err = result.expect_err(member);
    assert_eq!(
        (err.shape, err.member, &err.problem),
        (
            shape,
            member,
            &BuildProblem::OutOfRange {
                value,
                min: Some(min),
                max: Some(max)
            }
        )
    );
    let text = err.to_string();
    assert!(text.contains(member), "{text}");
    assert_eq!(
        text,
        format!("{shape}.{member} is {value}, but must be between {min} and {max}")
    );
}

#[test]
fn max_results_outside_1_to_100_is_a_range_error() {
    for bad in [0, 101, -1, i32::MAX] {
        let value = f64::from(bad);
        assert_out_of_range(
            list_workflow_runs().max_results(bad).build().map(drop),
            "ListWorkflowRunsInput",
            "MaxResults",
            value,
            1.0,
            100.0,
        );
        assert_out_of_range(
            list_workflows().max_results(bad).build().map(drop),
            "ListWorkflowsInput",
            "MaxResults",
            value,
            1.0,
            100.0,
        );
        assert_out_of_range(
            list_workflow_versions().max_results(bad).build().map(drop),
            "ListWorkflowVersionsInput",
            "MaxResults",
            value,
            1.0,
            100.0,
        );
        assert_out_of_range(
            list_task_instances().max_results(bad).build().map(drop),
            "ListTaskInstancesInput",
            "MaxResults",
            value,
            1.0,
            100.0,
        );
    }
    assert_eq!(
        list_workflow_runs()
            .max_results(0)
            .build()
            .unwrap_err()
            .to_string(),
        "ListWorkflowRunsInput.MaxResults is 0, but must be between 1 and 100"
    );
    assert_eq!(
        list_workflow_runs()
            .max_results(101)
            .build()
            .unwrap_err()
            .to_string(),
        "ListWorkflowRunsInput.MaxResults is 101, but must be between 1 and 100"
    );
    // The bounds themselves are fine.
    assert!(list_workflow_runs().max_results(1).build().is_ok());
    assert!(list_workflow_runs().max_results(100).build().is_ok());

    // The other ranged inputs.
    for (bad, value) in [(4, 4.0), (301, 301.0)] {
        assert_out_of_range(
            create_airflow_ui_url()
                .expires_in_seconds(bad)
                .build()
                .map(drop),
            "CreateAirflowUiUrlInput",
            "ExpiresInSeconds",
            value,
            5.0,
            300.0,
        );
    }
    for (bad, value) in [(0, 0.0), (43201, 43201.0)] {
        assert_out_of_range(
            create_airflow_ui_url()
                .session_duration_in_seconds(bad)
                .build()
                .map(drop),
            "CreateAirflowUiUrlInput",
            "SessionDurationInSeconds",
            value,
            1.0,
            43200.0,
        );
    }
}

#[test]
fn length_constraints_are_build_errors() {
    let err = untag_resource()
        .set_tag_keys(Some(vec![]))
        .build()
        .unwrap_err();
    assert_eq!(err.member, "TagKeys");
    assert_eq!(
        err.problem,
        BuildProblem::Length {
            length: 0,
            min: Some(1),
            max: Some(50)
        }
    );

    let err = list_workflow_runs().workflow_arn("").build().unwrap_err();
    assert_eq!(err.member, "WorkflowArn");
    assert!(matches!(
        err.problem,
        BuildProblem::Length { length: 0, .. }
    ));

    // WorkflowVersion (the 32-character id) on GetWorkflow.
    let err = get_workflow().workflow_version("v1").build().unwrap_err();
    assert_eq!(err.member, "WorkflowVersion");
    assert_eq!(
        err.problem,
        BuildProblem::Length {
            length: 2,
            min: Some(32),
            max: Some(32)
        }
    );
}

#[test]
fn unknown_union_variant_cannot_be_sent() {
    let err = create_workflow()
        .code(Code::Unknown("GitRepository".into()))
        .build()
        .unwrap_err();
    assert_eq!(err.member, "Code");
    assert_eq!(err.problem, BuildProblem::UnknownVariant);
}

// Sensitive members.

#[track_caller]
fn assert_redacted(debug: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(
            !debug.contains(secret),
            "`{secret}` leaked in Debug output: {debug}"
        );
    }
    assert!(debug.contains(REDACTED), "{debug}");
}

#[test]
fn sensitive_members_are_redacted_in_debug() -> TestResult {
    // StartWorkflowRun.OverrideParameters (ObjectMap is @sensitive).
    let builder = start_workflow_run();
    assert_redacted(
        &format!("{builder:?}"),
        &[SECRET, "orders-replica.internal", "run_date"],
    );
    let input = builder.build()?;
    let debug = format!("{input:?}");
    assert_redacted(&debug, &[SECRET, "orders-replica.internal", "run_date"]);
    assert!(
        debug.contains(ARN),
        "non-sensitive members stay visible: {debug}"
    );
    insta::assert_snapshot!("StartWorkflowRunInput_debug", format!("{input:#?}"));

    // Environment variable values (EnvironmentVariableValue is @sensitive), nested in
    // CreateWorkflow and UpdateWorkflow inputs.
    assert_redacted(&format!("{:?}", environment()), &[SECRET]);
    assert_redacted(
        &format!("{:?}", Environment::builder().variables("K", SECRET)),
        &[SECRET],
    );
    assert_redacted(&format!("{:?}", create_workflow().build()?), &[SECRET]);
    assert_redacted(&format!("{:?}", update_workflow().build()?), &[SECRET]);
    assert_redacted(&format!("{:?}", create_workflow()), &[SECRET]);

    // CreateAirflowUiUrl output: AuthorizedUrl and SessionId.
    let url =
        "https://airflow-serverless.us-east-1.on.aws/login?token=eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.sig";
    let session = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    let body = format!(
        r#"{{"AuthorizedUrl":"{url}","SessionId":"{session}","UrlExpiresAt":"2025-03-04T10:17:30Z","SessionExpiresAt":"2025-03-04T11:15:30Z"}}"#
    );
    let output: create_airflow_ui_url::CreateAirflowUiUrlOutput =
        json::from_slice(body.as_bytes())?;
    assert_eq!(output.authorized_url, url);
    assert_eq!(output.session_id, session);
    let debug = format!("{output:?}");
    assert_redacted(&debug, &[url, "token=", session]);
    assert!(
        debug.contains("2025-03-04"),
        "timestamps stay visible: {debug}"
    );
    let builder = create_airflow_ui_url::CreateAirflowUiUrlOutput::builder()
        .authorized_url(url)
        .session_id(session);
    assert_redacted(&format!("{builder:?}"), &[url, session]);

    // GetWorkflowRun output: OverrideParameters.
    let output: get_workflow_run::GetWorkflowRunOutput = json::from_slice(
        format!(r#"{{"WorkflowArn":"{ARN}","RunId":"{RUN_ID}","OverrideParameters":{{"api_key":"{SECRET}"}}}}"#)
            .as_bytes(),
    )?;
    assert_eq!(
        output.override_parameters.as_ref().unwrap()["api_key"],
        SECRET
    );
    assert_redacted(&format!("{output:?}"), &[SECRET, "api_key"]);
    Ok(())
}
