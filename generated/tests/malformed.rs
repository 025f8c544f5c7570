//! A malformed-response corpus, run through the client's real parsing path
//! (`awsgen_runtime::protocol::parse_response` with `aws_json::parse_output::<Output>` and the
//! operation's `XError::from_response`): every case is a typed error — never a panic, a stack
//! overflow or an unbounded allocation — and names the member path that was wrong.

use std::fmt::Debug;

use awsgen_runtime::json::{self, DeserializeError, MapAccess};
use awsgen_runtime::protocol::{aws_json, parse_response, OperationOutput};
use awsgen_runtime::spec::Protocol;
use awsgen_runtime::{RawResponse, SdkError};
use mwaa_serverless::operation::get_task_instance::{GetTaskInstanceError, GetTaskInstanceOutput};
use mwaa_serverless::operation::get_workflow::{GetWorkflowError, GetWorkflowOutput};
use mwaa_serverless::operation::get_workflow_run::{GetWorkflowRunError, GetWorkflowRunOutput};
use mwaa_serverless::operation::list_workflow_runs::{
    ListWorkflowRunsError, ListWorkflowRunsOutput,
};
use mwaa_serverless::operation::list_workflow_versions::{
    ListWorkflowVersionsError, ListWorkflowVersionsOutput,
};

const REQUEST_ID: &str = "0c1d2e3f-malformed";

#[path = "support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::peak_allocation;

// ---------------------------------------------------------------------------------------------
// The parsing path.

type ErrorParser<E> = awsgen_runtime::protocol::ParseError<E>;

fn raw(status: u16, body: impl Into<Vec<u8>>) -> RawResponse {
    let body: Vec<u8> = body.into();
    RawResponse::new(status, body).with_header("x-amzn-RequestId", REQUEST_ID)
}

/// What the client does with a response of operation output `O` / error `E`.
fn parse<O: OperationOutput + json::DeserializeShape, E>(
    raw: RawResponse,
    parse_error: ErrorParser<E>,
) -> Result<O, SdkError<E>> {
    parse_response(
        Protocol::AwsJson1_0,
        raw,
        aws_json::parse_output::<O>,
        parse_error,
    )
}

/// The response must be a `MalformedResponse`; returns its deserialize error.
#[track_caller]
fn malformed<O: OperationOutput + json::DeserializeShape + Debug, E: Debug>(
    raw: RawResponse,
    parse_error: ErrorParser<E>,
) -> DeserializeError {
    let status = raw.status;
    match parse::<O, E>(raw, parse_error) {
        Err(SdkError::MalformedResponse(m)) => {
            assert_eq!(m.status, status);
            assert_eq!(m.request_id.as_deref(), Some(REQUEST_ID));
            // Display names the path too.
            let shown = m.to_string();
            if !m.error.path.is_empty() {
                assert!(shown.contains(&m.error.path), "{shown}");
            }
            m.error
        }
        other => panic!("expected a malformed response, got {other:?}"),
    }
}

/// A success body that must fail to parse as `ListWorkflowRunsOutput`.
#[track_caller]
fn runs_malformed(body: &str) -> DeserializeError {
    malformed::<ListWorkflowRunsOutput, _>(
        raw(200, body.to_owned()),
        ListWorkflowRunsError::from_response,
    )
}

#[track_caller]
fn workflow_malformed(body: &str) -> DeserializeError {
    malformed::<GetWorkflowOutput, _>(raw(200, body.to_owned()), GetWorkflowError::from_response)
}

#[track_caller]
fn task_malformed(body: &str) -> DeserializeError {
    malformed::<GetTaskInstanceOutput, _>(
        raw(200, body.to_owned()),
        GetTaskInstanceError::from_response,
    )
}

#[track_caller]
fn run_malformed(body: &str) -> DeserializeError {
    malformed::<GetWorkflowRunOutput, _>(
        raw(200, body.to_owned()),
        GetWorkflowRunError::from_response,
    )
}

#[track_caller]
fn assert_error(err: &DeserializeError, path: &str, message_part: &str) {
    assert_eq!(err.path, path, "{err}");
    assert!(
        err.message.contains(message_part),
        "message of {err:?} should contain {message_part:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Syntax: truncated, HTML, empty, invalid UTF-8.

#[test]
fn truncated_json_names_the_member_being_read() {
    let full = r#"{"WorkflowRuns": [{"RunId": "r1"}, {"RunId": "r2", "RunDetailSummary": {"Status": "RUNNING", "CreatedOn": "2025-03-04T09:30:00Z"}}], "NextToken": "t"}"#;
    // Every prefix is a malformed response, never a panic.
    for end in 1..full.len() {
        let err = runs_malformed(&full[..end]);
        assert!(err.message.contains("EOF"), "{end}: {err}");
    }
    assert_error(&runs_malformed(&full[..40]), "WorkflowRuns[1]", "EOF");
    assert_error(
        &runs_malformed(&full[..90]),
        "WorkflowRuns[1].RunDetailSummary.Status",
        "EOF",
    );
    assert_error(&runs_malformed("{"), "", "EOF");
}

#[test]
fn html_502_from_a_proxy() {
    let html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";
    let result = parse::<ListWorkflowRunsOutput, _>(
        raw(502, html).with_header("content-type", "text/html"),
        ListWorkflowRunsError::from_response,
    );
    let Err(SdkError::Service(service)) = result else {
        panic!("{result:?}")
    };
    let ListWorkflowRunsError::Unhandled(e) = &service.error else {
        panic!("{:?}", service.error)
    };
    assert_eq!(e.meta.status, 502);
    assert_eq!(e.meta.code, None);
    assert_eq!(e.meta.request_id.as_deref(), Some(REQUEST_ID));
    assert_eq!(service.raw.body.as_ref(), html.as_bytes());

    // The same page with status 200 (a misbehaving proxy) is malformed at the document level.
    let err = runs_malformed(html);
    assert_error(&err, "", "expected value");
}

#[test]
fn empty_body_200_is_an_empty_output_and_400_is_unhandled() {
    for body in ["", "  \r\n"] {
        let output = parse::<ListWorkflowRunsOutput, _>(
            raw(200, body),
            ListWorkflowRunsError::from_response,
        )
        .expect("an empty body is an empty output");
        assert_eq!(output.workflow_runs, None);
        assert_eq!(output.next_token, None);
        assert_eq!(output.request_id(), Some(REQUEST_ID));
    }

    let result =
        parse::<ListWorkflowRunsOutput, _>(raw(400, ""), ListWorkflowRunsError::from_response);
    let Err(SdkError::Service(service)) = result else {
        panic!("{result:?}")
    };
    let ListWorkflowRunsError::Unhandled(e) = &service.error else {
        panic!("{:?}", service.error)
    };
    assert_eq!(e.meta.status, 400);
    assert_eq!(e.meta.code, None);
    assert_eq!(service.raw.status, 400);

    // An empty body with a modeled error code in the header reads as `{}` for the members.
    let result = parse::<ListWorkflowRunsOutput, _>(
        raw(400, "").with_header("x-amzn-errortype", "ValidationException"),
        ListWorkflowRunsError::from_response,
    );
    let Err(SdkError::Service(service)) = result else {
        panic!("{result:?}")
    };
    assert!(
        service.error.is_validation_exception(),
        "{:?}",
        service.error
    );
}

#[test]
fn invalid_utf8() {
    // In a string member: an error naming it.
    let body = b"{\"Name\": \"ab\xffcd\"}".to_vec();
    let err = malformed::<GetWorkflowOutput, _>(raw(200, body), GetWorkflowError::from_response);
    assert_error(&err, "Name", "invalid UTF-8 at byte 12 of the body");

    // In a nested one.
    let body = b"{\"WorkflowRuns\": [{}, {\"RunId\": \"\xc3\x28\"}]}".to_vec();
    let err = malformed::<ListWorkflowRunsOutput, _>(
        raw(200, body),
        ListWorkflowRunsError::from_response,
    );
    assert_error(&err, "WorkflowRuns[1].RunId", "invalid UTF-8 at byte 33 of the body");

    // In a key.
    let body = b"{\"Name\xfe\": \"x\"}".to_vec();
    let err = malformed::<GetWorkflowOutput, _>(raw(200, body), GetWorkflowError::from_response);
    assert_error(&err, "", "invalid UTF-8 at byte 6 of the body");

    // In an error body: the metadata cannot be read, so it is Unhandled with its status.
    let body = b"{\"__type\": \"Validation\xffException\"}".to_vec();
    let result = parse::<GetWorkflowOutput, _>(raw(400, body), GetWorkflowError::from_response);
    let Err(SdkError::Service(service)) = result else {
        panic!("{result:?}")
    };
    assert!(
        matches!(&service.error, GetWorkflowError::Unhandled(e) if e.meta.status == 400),
        "{:?}",
        service.error
    );
}

#[test]
fn invalid_utf8_in_an_ignored_member_is_an_error_too() {
    // The body is checked as a whole (as botocore decodes it before reading): bytes that are
    // not UTF-8 are an error even in a member this client does not know.
    let body = b"{\"Unknown\": \"\xff\", \"Name\": \"n\"}".to_vec();
    let err = malformed::<GetWorkflowOutput, _>(raw(200, body), GetWorkflowError::from_response);
    assert_error(&err, "", "invalid UTF-8 at byte 13 of the body");
}

// ---------------------------------------------------------------------------------------------
// Wrong JSON types, one member kind at a time.

#[test]
fn wrong_type_for_every_member_kind() {
    // string
    assert_error(
        &workflow_malformed(r#"{"Name": 5}"#),
        "Name",
        "expected a string",
    );
    assert_error(
        &workflow_malformed(r#"{"Name": {}}"#),
        "Name",
        "invalid type: map",
    );
    // integer
    assert_error(
        &task_malformed(r#"{"DurationInSeconds": "5"}"#),
        "DurationInSeconds",
        "expected i32",
    );
    assert_error(
        &task_malformed(r#"{"DurationInSeconds": 1.5}"#),
        "DurationInSeconds",
        "invalid type: floating point",
    );
    // boolean
    let err = malformed::<ListWorkflowVersionsOutput, _>(
        raw(
            200,
            r#"{"WorkflowVersions": [{"WorkflowVersion": "v1"}, {"IsLatestVersion": "yes"}]}"#,
        ),
        ListWorkflowVersionsError::from_response,
    );
    assert_error(
        &err,
        "WorkflowVersions[1].IsLatestVersion",
        "expected a boolean",
    );
    // timestamp (date-time)
    assert_error(
        &workflow_malformed(r#"{"CreatedAt": true}"#),
        "CreatedAt",
        "RFC 3339",
    );
    // list
    assert_error(
        &runs_malformed(r#"{"WorkflowRuns": {}}"#),
        "WorkflowRuns",
        "a JSON array",
    );
    assert_error(
        &runs_malformed(r#"{"WorkflowRuns": "r1"}"#),
        "WorkflowRuns",
        "a JSON array",
    );
    // list element of the wrong type
    assert_error(
        &runs_malformed(r#"{"WorkflowRuns": [{}, 7]}"#),
        "WorkflowRuns[1]",
        "a JSON object",
    );
    // map, and a map value
    assert_error(&task_malformed(r#"{"Xcom": []}"#), "Xcom", "a JSON object");
    assert_error(
        &task_malformed(r#"{"Xcom": {"ok": "v", "bad key": 1}}"#),
        r#"Xcom["bad key"]"#,
        "expected a string",
    );
    // structure
    assert_error(
        &workflow_malformed(r#"{"EncryptionConfiguration": "AWS_OWNED_KEY"}"#),
        "EncryptionConfiguration",
        "a JSON object",
    );
    assert_error(
        &workflow_malformed(r#"{"EncryptionConfiguration": {"Type": ["AWS_OWNED_KEY"]}}"#),
        "EncryptionConfiguration.Type",
        "invalid type: sequence",
    );
    // enum
    assert_error(
        &workflow_malformed(r#"{"WorkflowStatus": 1}"#),
        "WorkflowStatus",
        "invalid type: integer",
    );
    // intEnum
    assert_error(
        &workflow_malformed(r#"{"EngineVersion": "1"}"#),
        "EngineVersion",
        "expected i32",
    );
    // union: not an object, a member of the wrong type, no member, two members
    assert_error(
        &workflow_malformed(r#"{"Code": "s3://b/k"}"#),
        "Code",
        "a JSON object",
    );
    assert_error(
        &workflow_malformed(r#"{"Code": {"S3Location": {"Bucket": 1}}}"#),
        "Code.S3Location.Bucket",
        "expected a string",
    );
    assert_error(
        &workflow_malformed(r#"{"Code": {}}"#),
        "Code",
        "no member set in union Code",
    );
    assert_error(
        &workflow_malformed(
            r#"{"Code": {"S3Location": {"Bucket": "b", "ObjectKey": "k"}, "Inline": "x"}}"#,
        ),
        "Code",
        "more than one member set in union Code",
    );
    // document: any JSON value is a document, so only the map around it can be wrong, or the
    // JSON inside it.
    assert_error(
        &run_malformed(r#"{"OverrideParameters": ["a"]}"#),
        "OverrideParameters",
        "a JSON object",
    );
    assert_error(
        &run_malformed(r#"{"OverrideParameters": {"p": {"x": [1, 2,]}}}"#),
        r#"OverrideParameters["p"]"#,
        "trailing comma",
    );
}

#[test]
fn the_issue_example_path() {
    let body = r#"{"WorkflowRuns": [{}, {}, {"RunDetailSummary": {}},
        {"RunId": "r3", "RunDetailSummary": {"Status": "SUCCESS", "CreatedOn": true}}]}"#;
    assert_error(
        &runs_malformed(body),
        "WorkflowRuns[3].RunDetailSummary.CreatedOn",
        "timestamp",
    );
}

// ---------------------------------------------------------------------------------------------
// Timestamps: read in any form a service sends, whatever the model's format (as botocore reads
// them: services send other formats than modelled); what is no timestamp is malformed.

/// 2025-03-04T09:30:30Z.
const AT: i64 = 1_741_080_630;

#[test]
fn a_date_time_member_reads_epoch_seconds_and_http_dates_too() {
    let created = |body: &str| {
        let raw = raw(200, body.to_owned());
        parse::<GetWorkflowOutput, _>(raw, GetWorkflowError::from_response)
            .unwrap_or_else(|e| panic!("{body}: {e}"))
            .created_at
            .unwrap_or_else(|| panic!("{body}: no CreatedAt"))
    };
    let expected = awsgen_runtime::time::from_epoch_seconds(AT as f64).expect("in range");
    for body in [
        r#"{"CreatedAt": "2025-03-04T09:30:30Z"}"#,
        r#"{"CreatedAt": 1741080630}"#,
        r#"{"CreatedAt": 1741080630.0}"#,
        r#"{"CreatedAt": "1741080630"}"#,
        r#"{"CreatedAt": "Tue, 04 Mar 2025 09:30:30 GMT"}"#,
    ] {
        assert_eq!(created(body), expected, "{body}");
    }
    let half = awsgen_runtime::time::from_epoch_seconds(AT as f64 + 0.5).expect("in range");
    assert_eq!(created(r#"{"CreatedAt": 1741080630.5}"#), half);
    assert_eq!(
        created(r#"{"CreatedAt": -1}"#),
        awsgen_runtime::time::from_epoch_seconds(-1.0).expect("in range")
    );
    assert_eq!(
        created(r#"{"CreatedAt": "2025-03-04T11:30:30+02:00"}"#),
        expected,
        "offsets are kept"
    );
}

#[test]
fn what_is_no_timestamp_is_malformed() {
    for body in [
        r#"{"CreatedAt": "yesterday"}"#,
        r#"{"CreatedAt": true}"#,
        r#"{"CreatedAt": {}}"#,
        r#"{"CreatedAt": "NaN"}"#,
        r#"{"CreatedAt": ""}"#,
        // A date-time without an offset names no instant (botocore would guess local time).
        r#"{"CreatedAt": "2025-03-04T09:30:00"}"#,
    ] {
        assert_error(&workflow_malformed(body), "CreatedAt", "timestamp");
    }
    assert_error(
        &run_malformed(r#"{"RunDetail": {"CreatedAt": [0]}}"#),
        "RunDetail.CreatedAt",
        "timestamp",
    );
}

/// No MWAA Serverless timestamp is `epoch-seconds`, so this uses a shape written the way the
/// generator writes one, with the runtime's epoch-seconds codec.
#[derive(Debug)]
struct EpochShape {
    at: Option<awsgen_runtime::DateTime>,
}

impl json::DeserializeShape for EpochShape {
    fn de_members<'de, A: MapAccess<'de>>(mut object: json::Members<'_, A>) -> Result<Self, A::Error> {
        let mut at = None;
        while let Some(key) = object.next_key()? {
            match &*key {
                "At" => at = object.value::<json::EpochSeconds>("At")?,
                _ => object.skip_value()?,
            }
        }
        Ok(Self { at })
    }
}

#[test]
fn an_epoch_seconds_member_reads_strings_too() {
    let at = |body: &[u8]| json::from_slice::<EpochShape>(body).unwrap_or_else(|e| panic!("{e}")).at;
    let expected = awsgen_runtime::time::from_epoch_seconds(AT as f64).ok();
    for body in [
        &br#"{"At": 1741080630}"#[..],
        br#"{"At": "1741080630"}"#,
        br#"{"At": "2025-03-04T09:30:30Z"}"#,
        br#"{"At": "Tue, 04 Mar 2025 09:30:30 GMT"}"#,
    ] {
        assert_eq!(at(body), expected, "{}", String::from_utf8_lossy(body));
    }
    let err = json::from_slice::<EpochShape>(br#"{"At": true}"#).unwrap_err();
    assert_error(&err, "At", "timestamp");
    // Out of the representable range.
    let err = json::from_slice::<EpochShape>(br#"{"At": 1e300}"#).unwrap_err();
    assert_eq!(err.path, "At");
}

// ---------------------------------------------------------------------------------------------
// Duplicate keys: the last value wins, for structure members and map keys alike (as serde_json
// and botocore do); no panic, no error.

#[test]
fn duplicate_keys_last_wins() {
    let output = parse::<GetWorkflowOutput, _>(
        raw(
            200,
            r#"{"Name": "first", "Name": "second", "WorkflowArn": "a"}"#,
        ),
        GetWorkflowError::from_response,
    )
    .unwrap();
    assert_eq!(output.name.as_deref(), Some("second"));

    let output = parse::<GetTaskInstanceOutput, _>(
        raw(200, r#"{"Xcom": {"k": "first", "k": "second"}}"#),
        GetTaskInstanceError::from_response,
    )
    .unwrap();
    let xcom = output.xcom.unwrap();
    assert_eq!(xcom.len(), 1);
    assert_eq!(xcom["k"], "second");

    // A null after a value clears it (null reads as absent).
    let output = parse::<GetWorkflowOutput, _>(
        raw(200, r#"{"Name": "first", "Name": null}"#),
        GetWorkflowError::from_response,
    )
    .unwrap();
    assert_eq!(output.name, None);

    // A duplicate that is malformed is still an error with its path.
    assert_error(
        &workflow_malformed(r#"{"Name": "ok", "Name": 1}"#),
        "Name",
        "expected a string",
    );
}

// ---------------------------------------------------------------------------------------------
// Deep nesting: serde_json's recursion limit (128) bounds every path, including skipped
// members and documents, so 10,000 levels are an error, not a stack overflow.

fn nested_arrays(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

#[test]
fn ten_thousand_nested_arrays_in_an_ignored_member() {
    // serde_json skips unknown values iteratively (no recursion, so no recursion limit and no
    // stack growth): the document parses and the known members are read.
    let body = format!(r#"{{"Name": "n", "Unknown": {}}}"#, nested_arrays(10_000));
    let output = parse::<GetWorkflowOutput, _>(raw(200, body), GetWorkflowError::from_response)
        .expect("skipped");
    assert_eq!(output.name.as_deref(), Some("n"));
    // Unknown union members are skipped the same way (and kept as `Unknown`).
    let body = format!(r#"{{"Code": {{"Inline": {}}}}}"#, nested_arrays(10_000));
    let output = parse::<GetWorkflowOutput, _>(raw(200, body), GetWorkflowError::from_response)
        .expect("skipped");
    assert!(
        matches!(&output.code, Some(c) if c.is_unknown()),
        "{:?}",
        output.code
    );
    // Unbalanced, it is an error at the document level, still without recursion.
    let body = format!(r#"{{"Name": "n", "Unknown": {}}}"#, "[".repeat(100_000));
    assert_error(&workflow_malformed(&body), "", "");
    // 1,000,000 levels on a thread with a small stack: no overflow.
    let body = format!(r#"{{"Unknown": {}}}"#, nested_arrays(1_000_000));
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || json::from_slice::<GetWorkflowOutput>(body.as_bytes()).map(|_| ()))
        .unwrap()
        .join()
        .expect("no stack overflow")
        .unwrap();
}

#[test]
fn ten_thousand_nested_arrays_in_a_document() {
    let body = format!(
        r#"{{"OverrideParameters": {{"deep": {}}}}}"#,
        nested_arrays(10_000)
    );
    assert_error(
        &run_malformed(&body),
        r#"OverrideParameters["deep"]"#,
        "recursion limit exceeded",
    );
    let objects = format!("{}1{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000));
    let body = format!(r#"{{"OverrideParameters": {{"deep": {objects}}}}}"#);
    assert_error(
        &run_malformed(&body),
        r#"OverrideParameters["deep"]"#,
        "recursion limit exceeded",
    );
    // A document nested deeply but within the limit still parses.
    let body = format!(
        r#"{{"OverrideParameters": {{"deep": {}}}}}"#,
        nested_arrays(100)
    );
    parse::<GetWorkflowRunOutput, _>(raw(200, body), GetWorkflowRunError::from_response).unwrap();
}

#[test]
fn ten_thousand_nested_arrays_in_an_error_body() {
    let body = format!(
        r#"{{"__type": "ValidationException", "Message": "m", "Reason": "OTHER", "X": {}}}"#,
        nested_arrays(10_000)
    );
    // The metadata cannot be read (not a JSON object within the limit): Unhandled.
    let result = parse::<GetWorkflowOutput, _>(raw(400, body), GetWorkflowError::from_response);
    let Err(SdkError::Service(service)) = result else {
        panic!("{result:?}")
    };
    assert!(
        matches!(service.error, GetWorkflowError::Unhandled(_)),
        "{:?}",
        service.error
    );
}

#[test]
fn ten_thousand_nested_arrays_as_a_list_member() {
    let body = format!(r#"{{"WorkflowRuns": {}}}"#, nested_arrays(10_000));
    assert_error(&runs_malformed(&body), "WorkflowRuns[0]", "a JSON object");
    let body = format!(r#"{{"Warnings": {}}}"#, nested_arrays(10_000));
    let err = malformed::<mwaa_serverless::operation::update_workflow::UpdateWorkflowOutput, _>(
        raw(200, body),
        mwaa_serverless::operation::update_workflow::UpdateWorkflowError::from_response,
    );
    assert_error(&err, "Warnings[0]", "expected a string");
}

// ---------------------------------------------------------------------------------------------
// 50 MB bodies. The client refuses bodies over `Config::max_response_bytes` (64 MiB by
// default) before parsing (runtime/tests cover that); the parser itself must not need more
// memory than the values it returns.

const FIFTY_MB: usize = 50 * 1024 * 1024;

#[test]
fn fifty_megabytes_in_an_ignored_member_allocates_almost_nothing() {
    let mut body = Vec::with_capacity(FIFTY_MB + 64);
    body.extend_from_slice(br#"{"Name": "n", "Padding": ""#);
    body.resize(FIFTY_MB, b'x');
    body.extend_from_slice(br#""}"#);
    let (output, peak) = peak_allocation(|| json::from_slice::<GetWorkflowOutput>(&body));
    assert_eq!(output.unwrap().name.as_deref(), Some("n"));
    assert!(peak < 64 * 1024, "parsing allocated {peak} bytes");
}

#[test]
fn fifty_megabytes_in_a_string_member_allocates_about_its_size() {
    let mut body = Vec::with_capacity(FIFTY_MB + 64);
    body.extend_from_slice(br#"{"NextToken": ""#);
    body.resize(FIFTY_MB, b't');
    body.extend_from_slice(br#""}"#);
    let (output, peak) = peak_allocation(|| json::from_slice::<ListWorkflowRunsOutput>(&body));
    assert!(output.unwrap().next_token.unwrap().len() > FIFTY_MB - 64);
    assert!(
        peak < FIFTY_MB + FIFTY_MB / 2,
        "parsing allocated {peak} bytes"
    );
}

#[test]
fn fifty_megabytes_of_list_items_allocates_in_proportion() {
    let item = br#"{"RunId": "run-0123456789", "RunType": "ON_DEMAND"},"#;
    let mut body = Vec::with_capacity(FIFTY_MB + 64);
    body.extend_from_slice(br#"{"WorkflowRuns": ["#);
    while body.len() + item.len() < FIFTY_MB {
        body.extend_from_slice(item);
    }
    body.extend_from_slice(br#"{}]}"#);
    let items = (body.len() - 20) / item.len();
    let (output, peak) = peak_allocation(|| json::from_slice::<ListWorkflowRunsOutput>(&body));
    let runs = output.unwrap().workflow_runs.unwrap();
    assert_eq!(runs.len(), items + 1);
    // Each run holds a 14-byte id in its own allocation plus the struct in the Vec; allow for
    // Vec doubling, but nothing like a copy of the document as a `serde_json::Value`.
    let per_item = std::mem::size_of_val(&runs[0]) + 14;
    assert!(
        peak < 3 * per_item * runs.len(),
        "parsing allocated {peak} bytes for {} runs",
        runs.len()
    );
}

#[test]
fn fifty_megabytes_truncated_is_an_error_without_the_values() {
    let mut body = Vec::with_capacity(FIFTY_MB);
    body.extend_from_slice(br#"{"Unknown": ["#);
    while body.len() < FIFTY_MB {
        body.extend_from_slice(b"1,");
    }
    let (err, peak) = peak_allocation(|| json::from_slice::<GetWorkflowOutput>(&body).unwrap_err());
    assert_error(&err, "", "EOF");
    assert!(peak < 64 * 1024, "parsing allocated {peak} bytes");
}

// ---------------------------------------------------------------------------------------------
// Null lists and null list elements.

#[test]
fn a_null_list_member_is_absent() {
    let output = parse::<ListWorkflowRunsOutput, _>(
        raw(200, r#"{"WorkflowRuns": null, "NextToken": null}"#),
        ListWorkflowRunsError::from_response,
    )
    .unwrap();
    assert_eq!(output.workflow_runs, None);
    assert_eq!(output.next_token, None);
}

#[test]
fn a_null_element_of_a_dense_list_is_an_error_naming_it() {
    assert_error(
        &runs_malformed(r#"{"WorkflowRuns": [{"RunId": "a"}, {"RunId": "b"}, null]}"#),
        "WorkflowRuns[2]",
        "a JSON object",
    );
    assert_error(
        &run_malformed(r#"{"RunDetail": {"TaskInstances": ["t1", null, "t3"]}}"#),
        "RunDetail.TaskInstances[1]",
        "expected a string",
    );
    // A null map value of a dense map, too.
    assert_error(
        &task_malformed(r#"{"Xcom": {"k": null}}"#),
        r#"Xcom["k"]"#,
        "expected a string",
    );
    // ...but a null document value is the JSON value null.
    let output = parse::<GetWorkflowRunOutput, _>(
        raw(200, r#"{"OverrideParameters": {"k": null}}"#),
        GetWorkflowRunError::from_response,
    )
    .unwrap();
    assert_eq!(
        output.override_parameters.unwrap()["k"],
        serde_json::Value::Null
    );
}

#[test]
fn trailing_garbage_after_the_document() {
    assert_error(&runs_malformed(r#"{} {}"#), "", "trailing characters");
    assert_error(
        &runs_malformed(r#"{"NextToken": "t"}]"#),
        "",
        "trailing characters",
    );
    assert_error(&runs_malformed("[]"), "", "a JSON object");
    assert_error(&runs_malformed("null"), "", "a JSON object");
}

// ---------------------------------------------------------------------------------------------
// A hostile service for paginators: it never ends (always a fresh token). max_items and
// max_pages bound the stream; the repeated-token and empty-page cases are in paginator.rs.

fn endless_client(
    empty_pages: bool,
) -> (
    mwaa_serverless::Client,
    awsgen_runtime::client::test_util::CapturingTransport,
) {
    use awsgen_runtime::client::test_util::{CapturingTransport, StubResponse};
    use std::sync::atomic::{AtomicUsize, Ordering};
    let counter = std::sync::Arc::new(AtomicUsize::new(0));
    let transport = CapturingTransport::new(move |_| {
        let n = counter.fetch_add(1, Ordering::Relaxed);
        let runs = if empty_pages {
            serde_json::json!([])
        } else {
            serde_json::json!([{"RunId": format!("run-{n}-a")}, {"RunId": format!("run-{n}-b")}])
        };
        Ok(StubResponse::json(
            200,
            &serde_json::json!({"WorkflowRuns": runs, "NextToken": format!("token-{n}")}),
        ))
    });
    let config = mwaa_serverless::Config::builder()
        .region("us-east-1")
        .static_credentials("AKIDEXAMPLE", "SECRET", None)
        .transport(transport.clone())
        .retry_config(awsgen_runtime::client::RetryConfig::disabled())
        .build();
    (mwaa_serverless::Client::new(config), transport)
}

#[tokio::test]
async fn a_service_that_never_ends_is_bounded_by_max_items_and_max_pages() {
    use futures_util::TryStreamExt;
    const ARN: &str =
        "arn:aws:airflow-serverless:us-east-1:111122223333:workflow/endless-Ab12Cd34Ef";

    let (client, transport) = endless_client(false);
    let items: Vec<_> = client
        .list_workflow_runs()
        .workflow_arn(ARN)
        .into_paginator()
        .max_items(7)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 7);
    assert_eq!(transport.len(), 4, "pages of 2: four requests for 7 items");

    let (client, transport) = endless_client(false);
    let pages: Vec<_> = client
        .list_workflow_runs()
        .workflow_arn(ARN)
        .into_paginator()
        .max_pages(5)
        .send()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 5);
    assert_eq!(transport.len(), 5);

    // Empty pages with fresh tokens forever: max_items cannot bound them (no items ever
    // arrive), max_pages does.
    let (client, transport) = endless_client(true);
    let items: Vec<_> = client
        .list_workflow_runs()
        .workflow_arn(ARN)
        .into_paginator()
        .max_items(3)
        .max_pages(50)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert!(items.is_empty());
    assert_eq!(transport.len(), 50);
}
