//! Arbitrary status, headers and body to the response parser of every MWAA Serverless
//! operation (success and error paths). Input layout: 2 bytes status, 1 byte header count,
//! then per header `name\0value\0`, then the body.
#![no_main]

use awsgen_runtime::json;
use awsgen_runtime::protocol::parse_response;
use awsgen_runtime::spec::Protocol;
use awsgen_runtime::RawResponse;
use libfuzzer_sys::fuzz_target;
use mwaa_serverless::operation::*;

fn split(data: &[u8]) -> Option<(u16, Vec<(String, String)>, &[u8])> {
    let (&[hi, lo, count], mut rest) = data.split_first_chunk::<3>()? else {
        return None;
    };
    let status = 100 + u16::from_be_bytes([hi, lo]) % 500;
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

macro_rules! every_operation {
    ($raw:expr, $($module:ident :: $output:ident, $error:ident;)*) => {$(
        let _ = parse_response(Protocol::AwsJson1_0, $raw(), json::from_slice::<$module::$output>, $module::$error::from_response);
    )*};
}

fuzz_target!(|data: &[u8]| {
    let Some((status, headers, body)) = split(data) else {
        return;
    };
    let raw = || {
        let mut raw = RawResponse::new(status, body.to_vec());
        for (name, value) in &headers {
            if http::HeaderName::from_bytes(name.as_bytes()).is_ok()
                && http::HeaderValue::from_str(value).is_ok()
            {
                raw = raw.with_header(name, value);
            }
        }
        raw
    };
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
