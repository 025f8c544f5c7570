//! Arbitrary status, headers and body to the response parser of every MWAA Serverless
//! operation (success and error paths), exactly as the generated `send` functions call it:
//! `parse_response(AwsJson1_0, raw, json::from_slice::<Output>, Error::from_response)`.
//!
//! Input layout: 2 bytes status, 1 byte header count, then per header `name\0value\0`, then
//! the body. The status is folded into 100..=599, so about a fifth of the inputs take the
//! success path (2xx) and the rest the error path.
//!
//! Beyond "no panic", every result is checked:
//! - only a body that is JSON (or empty, which reads as `{}`) parses to an output;
//! - every error (typed service error, `Unhandled`, malformed response) renders with
//!   `Display`/`Debug`, its `source()` chain is walked, and its accessors answer.
#![no_main]

use std::error::Error as StdError;
use std::fmt::Debug;

use awsgen_runtime::error::ErrorMetadata;
use awsgen_runtime::json::{self, DeserializeError};
use awsgen_runtime::protocol::{parse_response, OperationOutput};
use awsgen_runtime::spec::Protocol;
use awsgen_runtime::{RawResponse, SdkError};
use libfuzzer_sys::fuzz_target;
use mwaa_serverless::operation::*;

/// Status, headers and body of one input.
type Parts<'a> = (u16, Vec<(String, String)>, &'a [u8]);

fn split(data: &[u8]) -> Option<Parts<'_>> {
    let ([hi, lo, count], mut rest) = data.split_first_chunk::<3>()?;
    let status = 100 + u16::from_be_bytes([*hi, *lo]) % 500;
    let mut headers = Vec::new();
    for _ in 0..count % 8 {
        let mut parts = rest.splitn(3, |b| *b == 0);
        let name = parts.next()?;
        let value = parts.next()?;
        rest = parts.next().unwrap_or_default();
        headers.push((
            String::from_utf8_lossy(name).into_owned(),
            String::from_utf8_lossy(value).into_owned(),
        ));
    }
    Some((status, headers, rest))
}

/// One operation: parse, then check the result as the module docs say.
fn check<O, E>(
    raw: RawResponse,
    parse_output: fn(&[u8]) -> Result<O, DeserializeError>,
    parse_error: fn(ErrorMetadata, &[u8]) -> Result<E, DeserializeError>,
) where
    O: OperationOutput + Debug,
    E: StdError + Debug + 'static,
{
    let success = raw.is_success();
    let body = raw.body.clone();
    match parse_response(Protocol::AwsJson1_0, raw, parse_output, parse_error) {
        Ok(output) => {
            assert!(success, "only a 2xx response parses to an output");
            let _ = format!("{output:?}");
            // The client accepts only JSON (an empty body reads as `{}`): serde_json must
            // accept every body that parsed. (Outputs have no writer, so there is no round
            // trip to check: the client reads responses and writes requests.)
            if !body.iter().all(u8::is_ascii_whitespace) {
                if let Err(e) = serde_json::from_slice::<serde_json::Value>(&body) {
                    panic!(
                        "an output parsed from a body that is not JSON ({e}): {}",
                        String::from_utf8_lossy(&body)
                    );
                }
            }
        }
        Err(err) => {
            assert!(
                matches!(err, SdkError::Service(_) | SdkError::MalformedResponse(_)),
                "a response parses to an output, a service error or a malformed response: {err:?}"
            );
            if let SdkError::Service(_) = &err {
                assert!(!success, "a 2xx response is never a service error");
            }
            let _ = format!("{err} {err:?}");
            let _ = (
                err.attempts(),
                err.request_id(),
                err.timeout(),
                err.as_service_error(),
            );
            let mut source: Option<&(dyn StdError + 'static)> = err.source();
            while let Some(s) = source {
                let _ = format!("{s} {s:?}");
                source = s.source();
            }
        }
    }
}

macro_rules! every_operation {
    ($raw:expr, $($module:ident :: $output:ident, $error:ident;)*) => {{
        // The list below must name every operation module of the generated crate.
        let listed = [$(stringify!($module)),*];
        let modules = include_str!("../../generated/src/operation/mod.rs")
            .lines()
            .filter_map(|line| line.strip_prefix("pub mod ")?.strip_suffix(';'));
        assert!(modules.eq(listed), "the fuzz target must list every operation");
        $(check($raw(), json::from_slice::<$module::$output>, $module::$error::from_response);)*
    }};
}

fuzz_target!(|data: &[u8]| {
    let Some((status, headers, body)) = split(data) else {
        return;
    };
    // `with_header` drops names and values that are not valid HTTP, as a transport would
    // never deliver them.
    let raw = || {
        headers.iter().fold(
            RawResponse::new(status, body.to_vec()),
            |raw, (name, value)| raw.with_header(name, value),
        )
    };
    // Every operation of the model (16), checked against `generated/src/operation/mod.rs`.
    every_operation!(raw,
        create_airflow_ui_url::CreateAirflowUiUrlOutput, CreateAirflowUiUrlError;
        create_workflow::CreateWorkflowOutput, CreateWorkflowError;
        delete_workflow::DeleteWorkflowOutput, DeleteWorkflowError;
        get_task_instance::GetTaskInstanceOutput, GetTaskInstanceError;
        get_workflow::GetWorkflowOutput, GetWorkflowError;
        get_workflow_run::GetWorkflowRunOutput, GetWorkflowRunError;
        list_tags_for_resource::ListTagsForResourceOutput, ListTagsForResourceError;
        list_task_instances::ListTaskInstancesOutput, ListTaskInstancesError;
        list_workflow_runs::ListWorkflowRunsOutput, ListWorkflowRunsError;
        list_workflow_versions::ListWorkflowVersionsOutput, ListWorkflowVersionsError;
        list_workflows::ListWorkflowsOutput, ListWorkflowsError;
        start_workflow_run::StartWorkflowRunOutput, StartWorkflowRunError;
        stop_workflow_run::StopWorkflowRunOutput, StopWorkflowRunError;
        tag_resource::TagResourceOutput, TagResourceError;
        untag_resource::UntagResourceOutput, UntagResourceError;
        update_workflow::UpdateWorkflowOutput, UpdateWorkflowError;
    );
});
