//! The generated client against `aws-sdk-mwaaserverless`, per operation: property-based
//! request and response cases (`DIFFTEST_CASES` each, default 500; `DIFFTEST_SEED` varies
//! the cases). See `mwaa_difftest::harness`.

use mwaa_difftest::harness;
use mwaa_difftest::model::Model;
use mwaa_difftest::ops::OPS;
use mwaa_difftest::service::mwaa_serverless;

fn run_operation(name: &str) {
    harness::run_operation(mwaa_serverless(), name);
}

macro_rules! operations {
    ($($test:ident => $name:literal),* $(,)?) => {
        $( #[test] fn $test() { run_operation($name); } )*

        /// Every operation of the model is tested here, or listed as not in the official SDK.
        #[test]
        fn every_operation_is_covered_or_listed() {
            let tested = [$($name),*];
            let not_in_official_sdk = ["CreateAirflowUiUrl"];
            for op in Model::get().operations() {
                let entry = OPS.iter().find(|o| o.name == op.name).expect("in OPS");
                if not_in_official_sdk.contains(&op.name.as_str()) {
                    assert!(entry.official.is_none(), "{}", op.name);
                } else {
                    assert!(tested.contains(&op.name.as_str()), "{} is not tested", op.name);
                    assert!(entry.official.is_some(), "{}", op.name);
                }
            }
        }
    };
}

operations! {
    create_workflow => "CreateWorkflow",
    delete_workflow => "DeleteWorkflow",
    get_task_instance => "GetTaskInstance",
    get_workflow => "GetWorkflow",
    get_workflow_run => "GetWorkflowRun",
    list_tags_for_resource => "ListTagsForResource",
    list_task_instances => "ListTaskInstances",
    list_workflow_runs => "ListWorkflowRuns",
    list_workflow_versions => "ListWorkflowVersions",
    list_workflows => "ListWorkflows",
    start_workflow_run => "StartWorkflowRun",
    stop_workflow_run => "StopWorkflowRun",
    tag_resource => "TagResource",
    untag_resource => "UntagResource",
    update_workflow => "UpdateWorkflow",
}
