//! Arbitrary status, headers and body to the response parser of every MWAA Serverless
//! operation (awsJson1_0; success and error paths), exactly as the generated `send` functions
//! call it: `Operation::parse_response`. Input layout and checks: `common/response.rs`; here
//! also: only a body that is JSON (or empty, which reads as `{}`) parses to an output, but
//! for the outputs without members, which are not read at all.
#![no_main]

#[path = "../common/response.rs"]
mod response;

use libfuzzer_sys::fuzz_target;
use mwaa_serverless::operation::*;

macro_rules! every_operation {
    ($raw:expr, read: [$($module:ident :: $operation:ident,)*], memberless: [$($empty:ident :: $empty_op:ident,)*]) => {{
        // The lists below must name every operation module of the generated crate.
        let mut listed = vec![$(stringify!($module),)* $(stringify!($empty),)*];
        listed.sort_unstable();
        let modules = include_str!("../../generated/src/operation/mod.rs")
            .lines()
            .filter_map(|line| line.strip_prefix("pub mod ")?.strip_suffix(';'));
        assert!(modules.eq(listed), "the fuzz target must list every operation");
        $(response::check::<$module::$operation>($raw.clone(), |raw, _| {
            assert!(response::json_or_empty(&raw.body), "an output parsed from a body that is not JSON");
        });)*
        $(response::check::<$empty::$empty_op>($raw.clone(), |_, _| {});)*
    }};
}

fuzz_target!(|data: &[u8]| {
    let Some(raw) = response::response(data) else {
        return;
    };
    // Every operation of the model (16), checked against `generated/src/operation/mod.rs`.
    every_operation!(raw,
        read: [
            create_airflow_ui_url::CreateAirflowUiUrl,
            create_workflow::CreateWorkflow,
            delete_workflow::DeleteWorkflow,
            get_task_instance::GetTaskInstance,
            get_workflow::GetWorkflow,
            get_workflow_run::GetWorkflowRun,
            list_tags_for_resource::ListTagsForResource,
            list_task_instances::ListTaskInstances,
            list_workflow_runs::ListWorkflowRuns,
            list_workflow_versions::ListWorkflowVersions,
            list_workflows::ListWorkflows,
            start_workflow_run::StartWorkflowRun,
            stop_workflow_run::StopWorkflowRun,
            update_workflow::UpdateWorkflow,
        ],
        memberless: [
            tag_resource::TagResource,
            untag_resource::UntagResource,
        ]
    );
});
