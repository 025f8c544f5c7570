//! Deterministic wire bodies: `ListWorkflowRuns` responses and the values of a
//! `CreateWorkflow` request with every member set.
//!
//! Every run has every `WorkflowRunSummary` member, `RunDetailSummary` included. The model
//! gives `RunDetailSummary`'s timestamps the `date-time` format (`TimestampValue` has
//! `@timestampFormat("date-time")`), so they are RFC 3339 strings with milliseconds, as the
//! service sends them: an epoch-seconds number there is rejected by both clients (the official
//! one reads `date-time` members only from strings).

use std::fmt::Write as _;

/// The workflow every run belongs to.
pub const WORKFLOW_ARN: &str =
    "arn:aws:airflow-serverless:us-east-1:123456789012:workflow/nightly-etl-Ab3dE5gH7k";

/// The request id every canned response carries (`x-amzn-RequestId`).
pub const REQUEST_ID: &str = "7c9c5a8e-6a1f-4c4e-9d8a-2f1b3c4d5e6f";

/// `Content-Type` of awsJson 1.0 responses.
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.0";

/// Runs per page of the paginated benchmark (the model's `MaxResults` maximum).
pub const PAGE_SIZE: usize = 100;

/// 2026-11-01T00:00:00Z, the creation time of run 0.
const FIRST_RUN_UNIX: i64 = 1_793_491_200;

const STATUSES: [&str; 4] = ["SUCCESS", "FAILED", "TIMEOUT", "STOPPED"];

/// splitmix64: a fixed pseudo-random value for `i` (bodies are identical on every run).
fn mix(i: u64) -> u64 {
    let mut z = i.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The `RunId` of run `i`: a UUID-shaped id.
pub fn run_id(i: usize) -> String {
    let a = mix(i as u64);
    let b = mix(a);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | ((b >> 48) & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

/// Writes `unix` seconds plus `millis` as RFC 3339 in UTC (`2026-11-01T00:10:00.123Z`).
fn write_timestamp(out: &mut String, unix: i64, millis: u64) {
    let t = time::OffsetDateTime::from_unix_timestamp(unix).expect("a timestamp in range");
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
}

/// Appends run `i` as a `WorkflowRunSummary` JSON object (every member set).
pub fn write_run(out: &mut String, i: usize) {
    let r = mix(i as u64 ^ 0x5eed);
    let created = FIRST_RUN_UNIX + i as i64 * 600;
    let started = created + 2 + (r % 28) as i64;
    let ended = started + 60 + ((r >> 8) % 3540) as i64;
    let run_type = if i.is_multiple_of(7) {
        "ON_DEMAND"
    } else {
        "SCHEDULED"
    };
    let status = STATUSES[((r >> 20) % 4) as usize];
    let _ = write!(
        out,
        r#"{{"RunId":"{}","WorkflowArn":"{WORKFLOW_ARN}","WorkflowVersion":"{:032x}","RunType":"{run_type}","RunDetailSummary":{{"Status":"{status}","CreatedOn":""#,
        run_id(i),
        (u128::from(mix(i as u64 / 250)) << 64) | u128::from(mix(i as u64 / 250 + 1)),
    );
    write_timestamp(out, created, (r >> 32) % 1000);
    out.push_str(r#"","StartedAt":""#);
    write_timestamp(out, started, (r >> 42) % 1000);
    out.push_str(r#"","EndedAt":""#);
    write_timestamp(out, ended, (r >> 52) % 1000);
    out.push_str(r#""}}"#);
}

/// An opaque pagination token that names page `page` (its last six characters).
///
/// Shaped like a service token: 140 base64 characters, then the page number.
pub fn next_token(page: usize) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut token = String::with_capacity(146);
    let mut state = 0x70a6_u64;
    for _ in 0..140 {
        state = mix(state);
        token.push(ALPHABET[(state % 64) as usize] as char);
    }
    let _ = write!(token, "{page:06}");
    token
}

/// The page a token from [`next_token`] names, if it is one.
pub fn page_of_token(token: &str) -> Option<usize> {
    token.get(token.len().checked_sub(6)?..)?.parse().ok()
}

/// A `ListWorkflowRuns` response body with runs `runs` and, if given, a `NextToken`.
pub fn list_workflow_runs_body(runs: std::ops::Range<usize>, next_token: Option<&str>) -> Vec<u8> {
    let mut out = String::with_capacity(runs.len() * 420 + 200);
    out.push_str(r#"{"WorkflowRuns":["#);
    for (n, i) in runs.enumerate() {
        if n > 0 {
            out.push(',');
        }
        write_run(&mut out, i);
    }
    out.push(']');
    if let Some(token) = next_token {
        let _ = write!(out, r#","NextToken":"{token}""#);
    }
    out.push('}');
    out.into_bytes()
}

/// The body of page `page` of the paginated benchmark: runs `page * 100 ..`, and the
/// token of the next page unless it is the last of `pages`.
pub fn page_body(page: usize, pages: usize) -> Vec<u8> {
    let token = (page + 1 < pages).then(|| next_token(page + 1));
    list_workflow_runs_body(page * PAGE_SIZE..(page + 1) * PAGE_SIZE, token.as_deref())
}

/// A `ListWorkflowRuns` body of at least `bytes` bytes (whole runs), with a `NextToken`, and
/// how many runs it holds.
pub fn body_of_at_least(bytes: usize) -> (Vec<u8>, usize) {
    let token = next_token(1);
    let mut out = String::with_capacity(bytes + 1024);
    out.push_str(r#"{"WorkflowRuns":["#);
    let mut runs = 0;
    while out.len() + token.len() + 20 < bytes {
        if runs > 0 {
            out.push(',');
        }
        write_run(&mut out, runs);
        runs += 1;
    }
    let _ = write!(out, r#"],"NextToken":"{token}"}}"#);
    (out.into_bytes(), runs)
}

/// The member values of the `CreateWorkflow` request, shared by the three serializers so
/// they write the same document.
pub mod create_workflow {
    /// `Name`.
    pub const NAME: &str = "nightly-etl";
    /// `ClientToken` (set, so neither client generates one).
    pub const CLIENT_TOKEN: &str = "5f0c3b2a-9d4e-4f6a-8b1c-7e2d9a0f4c3b";
    /// `DefinitionS3Location.Bucket`.
    pub const DEFINITION_BUCKET: &str = "acme-airflow-definitions";
    /// `DefinitionS3Location.ObjectKey`.
    pub const DEFINITION_KEY: &str = "workflows/nightly-etl/definition.yaml";
    /// `DefinitionS3Location.VersionId`.
    pub const DEFINITION_VERSION: &str =
        "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo";
    /// `Code.S3Location.Bucket`.
    pub const CODE_BUCKET: &str = "acme-airflow-code";
    /// `Code.S3Location.ObjectKey`.
    pub const CODE_KEY: &str = "bundles/nightly-etl/plugins-2026-11-26.zip";
    /// `Code.S3Location.VersionId`.
    pub const CODE_VERSION: &str = "QUpfdndhfd8438MNFDN93jdnJFkdmqnh893";
    /// `RoleArn`.
    pub const ROLE_ARN: &str =
        "arn:aws:iam::123456789012:role/service-role/AirflowServerlessExecutionRole";
    /// `Description`.
    pub const DESCRIPTION: &str =
        "Nightly extract-transform-load of the orders warehouse: pulls the \
        day's orders from the OLTP replica, normalises currencies, and loads the fact tables.";
    /// `EncryptionConfiguration.Type`.
    pub const ENCRYPTION_TYPE: &str = "CUSTOMER_MANAGED_KEY";
    /// `EncryptionConfiguration.KmsKeyId`.
    pub const KMS_KEY_ID: &str =
        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    /// `LoggingConfiguration.LogGroupName`.
    pub const LOG_GROUP: &str = "/aws/airflow-serverless/nightly-etl";
    /// `EngineVersion`.
    pub const ENGINE_VERSION: i32 = 1;
    /// `NetworkConfiguration.SecurityGroupIds`.
    pub const SECURITY_GROUPS: [&str; 2] = ["sg-0a1b2c3d4e5f67890", "sg-0f9e8d7c6b5a43210"];
    /// `NetworkConfiguration.SubnetIds`.
    pub const SUBNETS: [&str; 3] = [
        "subnet-0123456789abcdef0",
        "subnet-0fedcba9876543210",
        "subnet-00aa11bb22cc33dd4",
    ];
    /// `Environment.Variables` (ours only: the official SDK's model has no `Environment`).
    pub const ENVIRONMENT: [(&str, &str); 3] = [
        ("WAREHOUSE_SCHEMA", "orders_fact"),
        ("BATCH_SIZE", "5000"),
        ("LOG_LEVEL", "INFO"),
    ];
    /// `Tags`.
    pub const TAGS: [(&str, &str); 4] = [
        ("cost-center", "data-platform"),
        ("env", "prod"),
        ("owner", "etl-team"),
        ("team", "analytics"),
    ];
    /// `TriggerMode`.
    pub const TRIGGER_MODE: &str = "SCHEDULE";

    /// The canned `CreateWorkflow` response.
    pub const RESPONSE: &str = r#"{"WorkflowArn":"arn:aws:airflow-serverless:us-east-1:123456789012:workflow/nightly-etl-Ab3dE5gH7k","CreatedAt":"2026-11-26T09:30:00.000Z","RevisionId":"r-0001","WorkflowStatus":"READY","WorkflowVersion":"00000000000000000000000000000001","IsLatestVersion":true}"#;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_json_with_every_member() {
        let body = list_workflow_runs_body(0..3, Some(&next_token(1)));
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let runs = v["WorkflowRuns"].as_array().unwrap();
        assert_eq!(runs.len(), 3);
        for run in runs {
            for key in ["RunId", "WorkflowArn", "WorkflowVersion", "RunType"] {
                assert!(run[key].is_string(), "{key} in {run}");
            }
            for key in ["Status", "CreatedOn", "StartedAt", "EndedAt"] {
                assert!(run["RunDetailSummary"][key].is_string(), "{key} in {run}");
            }
        }
        assert_eq!(page_of_token(v["NextToken"].as_str().unwrap()), Some(1));
        assert_eq!(
            runs[0]["RunDetailSummary"]["CreatedOn"]
                .as_str()
                .unwrap()
                .len(),
            24
        );
    }

    #[test]
    fn sizes() {
        let per_page = page_body(0, 2).len();
        eprintln!("page of 100 runs: {per_page} bytes");
        assert!((30_000..60_000).contains(&per_page), "{per_page}");
        let (big, runs) = body_of_at_least(1_000_000);
        eprintln!("large body: {} bytes, {runs} runs", big.len());
        assert!(
            big.len() >= 1_000_000 && big.len() < 1_001_000,
            "{}",
            big.len()
        );
        assert!(runs > 2000);
        assert!(serde_json::from_slice::<serde_json::Value>(&big).is_ok());
        assert!(!page_body(1, 2).windows(9).any(|w| w == b"NextToken"));
    }
}
