//! Round trips of `ListWorkflowRuns` response bodies: wire JSON -> `ListWorkflowRunsOutput`
//! -> wire JSON.
//!
//! Each body is parsed with `awsgen_runtime::json::from_slice`, its Debug form is
//! snapshotted, and writing it back with [`to_json`] (a hand-written mapping of the typed
//! output: the client has no writer for outputs, and an independent one is the better
//! oracle) must give the input again once the members the model does not know and the
//! `null`s are removed ([`known_members_without_nulls`]); timestamps are compared as
//! instants ([`normalize_timestamps`]), since they are written in UTC with millisecond
//! precision.

use awsgen_runtime::json;
use mwaa_serverless::operation::list_workflow_runs::ListWorkflowRunsOutput;
use mwaa_serverless::types::{RunDetailSummary, RunType, WorkflowRunStatus, WorkflowRunSummary};
use serde_json::{Map, Value};

/// Wire members of `ListWorkflowRunsResponse`, per the model.
const OUTPUT_MEMBERS: &[&str] = &["WorkflowRuns", "NextToken"];
/// Wire members of `WorkflowRunSummary`, per the model.
const SUMMARY_MEMBERS: &[&str] = &[
    "RunId",
    "WorkflowArn",
    "WorkflowVersion",
    "RunType",
    "RunDetailSummary",
];
/// Wire members of `RunDetailSummary`, per the model.
const DETAIL_MEMBERS: &[&str] = &["Status", "CreatedOn", "StartedAt", "EndedAt"];
/// The `RunDetailSummary` members targeting `TimestampValue` (`date-time`).
const TIMESTAMP_MEMBERS: &[&str] = &["CreatedOn", "StartedAt", "EndedAt"];

const ARN: &str =
    "arn:aws:airflow-serverless:us-east-1:111122223333:workflow/nightly-sales-etl-Ab12Cd34Ef";
const VERSION: &str = "8d3f0c2a9b7e4f16a5c1d2e3f4a5b6c7";

/// The output as the wire JSON the model describes: set members only, timestamps as
/// `date-time` in UTC, enums as their wire strings.
fn to_json(output: &ListWorkflowRunsOutput) -> Value {
    fn put(object: &mut Map<String, Value>, name: &str, value: Option<Value>) {
        if let Some(value) = value {
            object.insert(name.to_owned(), value);
        }
    }
    let text = |s: &Option<String>| s.clone().map(Value::String);
    let time = |t: &Option<awsgen_runtime::DateTime>| {
        t.as_ref()
            .map(|t| Value::String(awsgen_runtime::time::format_date_time(t)))
    };
    let detail = |d: &RunDetailSummary| {
        let mut object = Map::new();
        put(
            &mut object,
            "Status",
            d.status.as_ref().map(|s| s.as_str().into()),
        );
        put(&mut object, "CreatedOn", time(&d.created_on));
        put(&mut object, "StartedAt", time(&d.started_at));
        put(&mut object, "EndedAt", time(&d.ended_at));
        Value::Object(object)
    };
    let run = |r: &WorkflowRunSummary| {
        let mut object = Map::new();
        put(&mut object, "RunId", text(&r.run_id));
        put(&mut object, "WorkflowArn", text(&r.workflow_arn));
        put(&mut object, "WorkflowVersion", text(&r.workflow_version));
        put(
            &mut object,
            "RunType",
            r.run_type.as_ref().map(|t| t.as_str().into()),
        );
        put(
            &mut object,
            "RunDetailSummary",
            r.run_detail_summary.as_ref().map(detail),
        );
        Value::Object(object)
    };
    let mut object = Map::new();
    put(
        &mut object,
        "WorkflowRuns",
        output
            .workflow_runs
            .as_ref()
            .map(|runs| runs.iter().map(run).collect()),
    );
    put(&mut object, "NextToken", text(&output.next_token));
    Value::Object(object)
}

/// Keeps only the members of `known` that are not `null`.
fn retain_known(value: &mut Value, known: &[&str]) {
    let object = value.as_object_mut().expect("a JSON object");
    object.retain(|key, member| known.contains(&key.as_str()) && !member.is_null());
}

/// The input body as a client that only knows the model would write it: every member the
/// model does not list (at any level) and every `null` removed.
fn known_members_without_nulls(body: &Value) -> Value {
    let mut value = body.clone();
    retain_known(&mut value, OUTPUT_MEMBERS);
    if let Some(runs) = value.get_mut("WorkflowRuns").and_then(Value::as_array_mut) {
        for run in runs {
            retain_known(run, SUMMARY_MEMBERS);
            if let Some(detail) = run.get_mut("RunDetailSummary") {
                retain_known(detail, DETAIL_MEMBERS);
            }
        }
    }
    value
}

/// Replaces each RFC 3339 timestamp by the instant it denotes (Unix nanoseconds), so that
/// `2025-03-04T12:15:30.5+02:00` and `2025-03-04T10:15:30.500Z` compare equal.
fn normalize_timestamps(value: &mut Value) {
    let Some(runs) = value.get_mut("WorkflowRuns").and_then(Value::as_array_mut) else {
        return;
    };
    for run in runs {
        let Some(detail) = run
            .get_mut("RunDetailSummary")
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        for member in TIMESTAMP_MEMBERS {
            if let Some(Value::String(text)) = detail.get(*member) {
                let instant = awsgen_runtime::time::parse_date_time(text)
                    .unwrap_or_else(|e| panic!("{member}: {e}"));
                let normalized = format!("{}ns", instant.unix_timestamp_nanos());
                detail.insert(member.to_string(), Value::String(normalized));
            }
        }
    }
}

/// Parses `body`, snapshots the parsed value, writes it back and compares with the input
/// minus unknown members and nulls. Returns the parsed value and the written JSON.
#[track_caller]
fn round_trip(snapshot: &str, body: &str) -> (ListWorkflowRunsOutput, Value) {
    let parsed: ListWorkflowRunsOutput =
        json::from_slice(body.as_bytes()).unwrap_or_else(|e| panic!("{snapshot}: {e}"));
    insta::assert_debug_snapshot!(snapshot, parsed);

    let written = to_json(&parsed);
    let written_bytes = serde_json::to_vec(&written).expect("a JSON value serializes");

    let input: Value = serde_json::from_str(body).expect("test bodies are valid JSON");
    let mut expected = known_members_without_nulls(&input);
    normalize_timestamps(&mut expected);
    let mut actual = written.clone();
    normalize_timestamps(&mut actual);
    assert_eq!(
        actual,
        expected,
        "{snapshot}: written back as {}",
        String::from_utf8_lossy(&written_bytes)
    );

    // What was written reads back into the same value.
    let reparsed: ListWorkflowRunsOutput = json::from_slice(&written_bytes).expect("re-parse");
    assert_eq!(reparsed, parsed, "{snapshot}: second parse differs");
    (parsed, written)
}

fn contains_null(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.iter().any(contains_null),
        Value::Object(members) => members.values().any(contains_null),
        _ => false,
    }
}

fn runs(output: &ListWorkflowRunsOutput) -> &[mwaa_serverless::types::WorkflowRunSummary] {
    output
        .workflow_runs
        .as_deref()
        .expect("WorkflowRuns is set")
}

fn status(output: &ListWorkflowRunsOutput, index: usize) -> &WorkflowRunStatus {
    runs(output)[index]
        .run_detail_summary
        .as_ref()
        .and_then(|d| d.status.as_ref())
        .expect("Status is set")
}

#[test]
fn every_run_status_and_both_run_types() {
    let body = format!(
        r#"{{
  "WorkflowRuns": [
    {{"RunId": "run-0001starting", "WorkflowArn": "{ARN}", "WorkflowVersion": "{VERSION}", "RunType": "ON_DEMAND",
      "RunDetailSummary": {{"Status": "STARTING", "CreatedOn": "2025-03-04T10:15:00Z"}}}},
    {{"RunId": "run-0002queued", "WorkflowArn": "{ARN}", "WorkflowVersion": "{VERSION}", "RunType": "SCHEDULED",
      "RunDetailSummary": {{"Status": "QUEUED", "CreatedOn": "2025-03-04T02:00:00Z"}}}},
    {{"RunId": "run-0003running", "WorkflowArn": "{ARN}", "WorkflowVersion": "{VERSION}", "RunType": "SCHEDULED",
      "RunDetailSummary": {{"Status": "RUNNING", "CreatedOn": "2025-03-03T02:00:00Z", "StartedAt": "2025-03-03T02:00:07Z"}}}},
    {{"RunId": "run-0004success", "WorkflowArn": "{ARN}", "WorkflowVersion": "{VERSION}", "RunType": "SCHEDULED",
      "RunDetailSummary": {{"Status": "SUCCESS", "CreatedOn": "2025-03-02T02:00:00Z", "StartedAt": "2025-03-02T02:00:05Z", "EndedAt": "2025-03-02T02:41:19Z"}}}},
    {{"RunId": "run-0005failed", "WorkflowArn": "{ARN}", "WorkflowVersion": "{VERSION}", "RunType": "ON_DEMAND",
      "RunDetailSummary": {{"Status": "FAILED", "CreatedOn": "2025-03-01T14:22:10Z", "StartedAt": "2025-03-01T14:22:13Z", "EndedAt": "2025-03-01T14:25:50Z"}}}},
    {{"RunId": "run-0006timeout", "WorkflowArn": "{ARN}", "WorkflowVersion": "{VERSION}", "RunType": "SCHEDULED",
      "RunDetailSummary": {{"Status": "TIMEOUT", "CreatedOn": "2025-02-28T02:00:00Z", "StartedAt": "2025-02-28T02:00:04Z", "EndedAt": "2025-02-28T08:00:04Z"}}}},
    {{"RunId": "run-0007stopping", "WorkflowArn": "{ARN}", "WorkflowVersion": "{VERSION}", "RunType": "ON_DEMAND",
      "RunDetailSummary": {{"Status": "STOPPING", "CreatedOn": "2025-02-27T09:00:00Z", "StartedAt": "2025-02-27T09:00:02Z"}}}},
    {{"RunId": "run-0008stopped", "WorkflowArn": "{ARN}", "WorkflowVersion": "{VERSION}", "RunType": "ON_DEMAND",
      "RunDetailSummary": {{"Status": "STOPPED", "CreatedOn": "2025-02-26T09:00:00Z", "StartedAt": "2025-02-26T09:00:02Z", "EndedAt": "2025-02-26T09:03:30Z"}}}}
  ]
}}"#
    );
    let (parsed, _) = round_trip("every_run_status_and_both_run_types", &body);

    let statuses: Vec<_> = (0..8).map(|i| status(&parsed, i).clone()).collect();
    assert_eq!(
        statuses,
        [
            WorkflowRunStatus::Starting,
            WorkflowRunStatus::Queued,
            WorkflowRunStatus::Running,
            WorkflowRunStatus::Success,
            WorkflowRunStatus::Failed,
            WorkflowRunStatus::Timeout,
            WorkflowRunStatus::Stopping,
            WorkflowRunStatus::Stopped,
        ]
    );
    // Every value the model lists is covered, and each maps back to its wire string.
    let wire: Vec<&str> = statuses.iter().map(WorkflowRunStatus::as_str).collect();
    assert_eq!(wire, WorkflowRunStatus::values());

    let run_types: Vec<_> = runs(&parsed)
        .iter()
        .map(|r| r.run_type.clone().unwrap())
        .collect();
    assert_eq!(run_types[0], RunType::OnDemand);
    assert_eq!(run_types[1], RunType::Scheduled);
    assert!(run_types.iter().all(|t| !matches!(t, RunType::Unknown(_))));

    let first = &runs(&parsed)[3];
    assert_eq!(first.run_id.as_deref(), Some("run-0004success"));
    assert_eq!(first.workflow_arn.as_deref(), Some(ARN));
    assert_eq!(first.workflow_version.as_deref(), Some(VERSION));
    let detail = first.run_detail_summary.as_ref().unwrap();
    assert_eq!(detail.created_on.unwrap().unix_timestamp(), 1_740_880_800);
    assert_eq!(detail.started_at.unwrap().unix_timestamp(), 1_740_880_805);
    assert_eq!(detail.ended_at.unwrap().unix_timestamp(), 1_740_883_279);
    assert_eq!(parsed.next_token, None);
    assert_eq!(parsed.request_id(), None);
}

#[test]
fn ended_at_absent_or_null() {
    let body = format!(
        r#"{{
  "WorkflowRuns": [
    {{"RunId": "run-absent-ended", "WorkflowArn": "{ARN}", "WorkflowVersion": "{VERSION}", "RunType": "SCHEDULED",
      "RunDetailSummary": {{"Status": "RUNNING", "CreatedOn": "2025-03-04T02:00:00Z", "StartedAt": "2025-03-04T02:00:06Z"}}}},
    {{"RunId": "run-null-ended", "WorkflowArn": "{ARN}", "WorkflowVersion": "{VERSION}", "RunType": "ON_DEMAND",
      "RunDetailSummary": {{"Status": "RUNNING", "CreatedOn": "2025-03-04T09:30:00Z", "StartedAt": "2025-03-04T09:30:03Z", "EndedAt": null}}}}
  ],
  "NextToken": null
}}"#
    );
    let (parsed, written) = round_trip("ended_at_absent_or_null", &body);
    for run in runs(&parsed) {
        let detail = run.run_detail_summary.as_ref().unwrap();
        assert_eq!(detail.ended_at, None, "{:?}", run.run_id);
        assert!(detail.started_at.is_some());
    }
    assert_eq!(parsed.next_token, None);
    // Absent members are omitted on the wire, never written as null.
    assert!(!contains_null(&written), "{written}");
    assert!(written["WorkflowRuns"][1]["RunDetailSummary"]
        .get("EndedAt")
        .is_none());
}

#[test]
fn fractional_seconds_and_offsets() {
    let body = format!(
        r#"{{
  "WorkflowRuns": [
    {{"RunId": "run-frac-1", "WorkflowArn": "{ARN}", "WorkflowVersion": "{VERSION}", "RunType": "ON_DEMAND",
      "RunDetailSummary": {{"Status": "SUCCESS", "CreatedOn": "2025-03-04T10:15:30.1Z", "StartedAt": "2025-03-04T10:15:31.12Z", "EndedAt": "2025-03-04T10:19:02.123Z"}}}},
    {{"RunId": "run-frac-2", "WorkflowArn": "{ARN}", "WorkflowVersion": "{VERSION}", "RunType": "SCHEDULED",
      "RunDetailSummary": {{"Status": "FAILED", "CreatedOn": "2025-03-04T12:15:30.5+02:00", "StartedAt": "2025-03-04T04:45:31.250-05:30", "EndedAt": "2025-12-31T23:59:59.999Z"}}}}
  ]
}}"#
    );
    let (parsed, written) = round_trip("fractional_seconds_and_offsets", &body);

    let first = runs(&parsed)[0].run_detail_summary.as_ref().unwrap();
    assert_eq!(first.created_on.unwrap().millisecond(), 100);
    assert_eq!(first.started_at.unwrap().millisecond(), 120);
    assert_eq!(first.ended_at.unwrap().millisecond(), 123);
    let second = runs(&parsed)[1].run_detail_summary.as_ref().unwrap();
    // Offsets are normalized to UTC on read.
    assert_eq!(second.created_on.unwrap().hour(), 10);
    assert!(second.created_on.unwrap().offset().is_utc());
    assert_eq!(
        second.started_at.unwrap().unix_timestamp_nanos(),
        1_741_083_331_250_000_000
    );

    // Written in UTC (`Z`), with the fraction when there is one, trailing zeros trimmed.
    let detail = |i: usize| &written["WorkflowRuns"][i]["RunDetailSummary"];
    assert_eq!(detail(0)["CreatedOn"], "2025-03-04T10:15:30.1Z");
    assert_eq!(detail(0)["StartedAt"], "2025-03-04T10:15:31.12Z");
    assert_eq!(detail(0)["EndedAt"], "2025-03-04T10:19:02.123Z");
    assert_eq!(detail(1)["CreatedOn"], "2025-03-04T10:15:30.5Z");
    assert_eq!(detail(1)["StartedAt"], "2025-03-04T10:15:31.25Z");
    assert_eq!(detail(1)["EndedAt"], "2025-12-31T23:59:59.999Z");
}

/// RFC 3339 allows any number of fractional digits and the parser keeps them (nanosecond
/// `OffsetDateTime`), but `awsgen_runtime::time::format_date_time` truncates to whole
/// milliseconds, so a microsecond timestamp does not come back as the same instant.
#[test]
fn sub_millisecond_timestamps_keep_their_instant() {
    let body = format!(
        r#"{{"WorkflowRuns": [{{"RunId": "run-micros", "WorkflowArn": "{ARN}",
            "RunDetailSummary": {{"Status": "SUCCESS", "CreatedOn": "2025-03-04T10:15:30.123456Z", "StartedAt": "2025-03-04T10:15:30.000001Z"}}}}]}}"#
    );
    let parsed: ListWorkflowRunsOutput = json::from_slice(body.as_bytes()).unwrap();
    let mut actual = to_json(&parsed);
    let mut expected = known_members_without_nulls(&serde_json::from_str(&body).unwrap());
    normalize_timestamps(&mut actual);
    normalize_timestamps(&mut expected);
    assert_eq!(actual, expected);
}

#[test]
fn unknown_enum_values_are_kept_and_written_back() {
    let body = format!(
        r#"{{
  "WorkflowRuns": [
    {{"RunId": "run-paused", "WorkflowArn": "{ARN}", "WorkflowVersion": "{VERSION}", "RunType": "BACKFILL",
      "RunDetailSummary": {{"Status": "PAUSED", "CreatedOn": "2025-03-04T10:15:00Z", "StartedAt": "2025-03-04T10:15:02Z"}}}},
    {{"RunId": "run-lowercase", "WorkflowArn": "{ARN}", "RunType": "ON_DEMAND",
      "RunDetailSummary": {{"Status": "running"}}}}
  ]
}}"#
    );
    let (parsed, written) = round_trip("unknown_enum_values", &body);

    assert_eq!(
        status(&parsed, 0),
        &WorkflowRunStatus::Unknown("PAUSED".to_owned())
    );
    assert_eq!(
        runs(&parsed)[0].run_type,
        Some(RunType::Unknown("BACKFILL".to_owned()))
    );
    // Enum values are case-sensitive: `running` is not `RUNNING`.
    assert_eq!(
        status(&parsed, 1),
        &WorkflowRunStatus::Unknown("running".to_owned())
    );
    assert_eq!(status(&parsed, 0).as_str(), "PAUSED");

    assert_eq!(
        written["WorkflowRuns"][0]["RunDetailSummary"]["Status"],
        "PAUSED"
    );
    assert_eq!(written["WorkflowRuns"][0]["RunType"], "BACKFILL");
    assert_eq!(
        written["WorkflowRuns"][1]["RunDetailSummary"]["Status"],
        "running"
    );
}

#[test]
fn unknown_members_are_ignored() {
    let body = format!(
        r#"{{
  "WorkflowRuns": [
    {{"RunId": "run-extra", "WorkflowArn": "{ARN}", "WorkflowVersion": "{VERSION}", "RunType": "SCHEDULED",
      "RunName": "scheduled__2025-03-04T02:00:00+00:00",
      "Tags": [{{"Key": "team", "Value": "data"}}],
      "RunDetailSummary": {{"Status": "SUCCESS", "CreatedOn": "2025-03-04T02:00:00Z", "StartedAt": "2025-03-04T02:00:05Z",
        "EndedAt": "2025-03-04T02:30:00Z", "DurationSeconds": 1795, "Retried": false,
        "Attempts": {{"Count": 1, "History": [null, {{"Deep": ["x", 1.5e3]}}]}}}},
      "runId": "lower-case keys are different members"}}
  ],
  "NextToken": "AAMA-EFRSURBSGhwZnR3Tm9iQ2pIY1JiY1F3PT0",
  "ResponseMetadata": {{"RequestId": "6f1c4f0a-5b9e-4f43-9b8e-2f0f3f7d8c21"}},
  "Count": 1
}}"#
    );
    let (parsed, written) = round_trip("unknown_members_are_ignored", &body);
    assert_eq!(runs(&parsed).len(), 1);
    assert_eq!(runs(&parsed)[0].run_id.as_deref(), Some("run-extra"));
    assert_eq!(
        parsed.next_token.as_deref(),
        Some("AAMA-EFRSURBSGhwZnR3Tm9iQ2pIY1JiY1F3PT0")
    );
    let text = written.to_string();
    for unknown in [
        "RunName",
        "Tags",
        "DurationSeconds",
        "Retried",
        "Attempts",
        "ResponseMetadata",
        "Count",
        "runId",
    ] {
        assert!(!text.contains(unknown), "{unknown} written back: {text}");
    }
}

#[test]
fn empty_page() {
    let (parsed, written) = round_trip("empty_page", r#"{"WorkflowRuns": []}"#);
    assert_eq!(parsed.workflow_runs, Some(vec![]));
    assert_eq!(parsed.next_token, None);
    assert_eq!(written, serde_json::json!({"WorkflowRuns": []}));
}

#[test]
fn empty_body_and_empty_object() {
    // awsJson: an empty body reads as `{}`.
    for body in ["{}", "", "  \n"] {
        let parsed: ListWorkflowRunsOutput = json::from_slice(body.as_bytes()).unwrap();
        assert_eq!(parsed.workflow_runs, None, "{body:?}");
        assert_eq!(parsed.next_token, None, "{body:?}");
        assert_eq!(to_json(&parsed), serde_json::json!({}));
    }
}

#[test]
fn page_with_next_token() {
    let body = format!(
        r#"{{
  "WorkflowRuns": [
    {{"RunId": "run-page1-a", "WorkflowArn": "{ARN}", "WorkflowVersion": "{VERSION}", "RunType": "SCHEDULED",
      "RunDetailSummary": {{"Status": "SUCCESS", "CreatedOn": "2025-03-03T02:00:00Z", "StartedAt": "2025-03-03T02:00:04Z", "EndedAt": "2025-03-03T02:29:41Z"}}}},
    {{"RunId": "run-page1-b", "WorkflowArn": "{ARN}", "WorkflowVersion": "{VERSION}", "RunType": "SCHEDULED",
      "RunDetailSummary": {{"Status": "SUCCESS", "CreatedOn": "2025-03-02T02:00:00Z", "StartedAt": "2025-03-02T02:00:03Z", "EndedAt": "2025-03-02T02:31:07Z"}}}}
  ],
  "NextToken": "eyJ2IjoxLCJrIjoicnVuLXBhZ2UxLWIiLCJ0IjoxNzQwODgwODAwfQ=="
}}"#
    );
    let (parsed, written) = round_trip("page_with_next_token", &body);
    assert_eq!(
        parsed.next_token.as_deref(),
        Some("eyJ2IjoxLCJrIjoicnVuLXBhZ2UxLWIiLCJ0IjoxNzQwODgwODAwfQ==")
    );
    assert_eq!(
        written["NextToken"],
        "eyJ2IjoxLCJrIjoicnVuLXBhZ2UxLWIiLCJ0IjoxNzQwODgwODAwfQ=="
    );
    assert_eq!(runs(&parsed).len(), 2);
}

#[test]
fn malformed_members_report_their_path() {
    let body = format!(
        r#"{{"WorkflowRuns": [{{"RunId": "ok"}}, {{"RunId": "bad", "WorkflowArn": "{ARN}",
            "RunDetailSummary": {{"Status": "SUCCESS", "CreatedOn": false}}}}]}}"#
    );
    let err = json::from_slice::<ListWorkflowRunsOutput>(body.as_bytes()).unwrap_err();
    assert_eq!(err.path, "WorkflowRuns[1].RunDetailSummary.CreatedOn");

    let err = json::from_slice::<ListWorkflowRunsOutput>(
        br#"{"WorkflowRuns": [{"RunDetailSummary": {"CreatedOn": "yesterday"}}]}"#,
    )
    .unwrap_err();
    assert_eq!(err.path, "WorkflowRuns[0].RunDetailSummary.CreatedOn");
    assert!(err.message.contains("RFC 3339"), "{err}");

    // A dense list: a null item is an error, not dropped.
    let err =
        json::from_slice::<ListWorkflowRunsOutput>(br#"{"WorkflowRuns": [null]}"#).unwrap_err();
    assert_eq!(err.path, "WorkflowRuns[0]");
}

#[test]
fn helper_removes_exactly_unknown_members_and_nulls() {
    let input = serde_json::json!({
        "WorkflowRuns": [{"RunId": "r", "Extra": 1, "RunType": null,
                          "RunDetailSummary": {"Status": "QUEUED", "EndedAt": null, "Other": "x"}}],
        "NextToken": null,
        "Unknown": {"WorkflowRuns": []}
    });
    assert_eq!(
        known_members_without_nulls(&input),
        serde_json::json!({"WorkflowRuns": [{"RunId": "r", "RunDetailSummary": {"Status": "QUEUED"}}]})
    );
}
