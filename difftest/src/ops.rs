//! One module per operation: `official(params, response)` and `ours(params, response)` fill
//! the operation's fluent builder from the params (member by member), send it through the
//! client and return the [`Outcome`]. [`OPS`] lists them.

use mwaa_serverless::error::ProvideErrorMetadata as _;
use serde_json::Value;

use crate::clients::Outcome;
use crate::gen::WireResponse;

/// A call of one operation on one client.
pub type Call = fn(&Value, &WireResponse) -> Outcome;

/// An operation of the model and how to call it on each client.
pub struct Op {
    /// The operation name.
    pub name: &'static str,
    /// The official SDK's call, if its version has the operation.
    pub official: Option<Call>,
    /// Our call.
    pub ours: Call,
}

macro_rules! official_call {
    ($module:ident, $Error:ident; { $($key:literal => $setter:ident),* }; { $($err:ident),* }) => {
        /// The official SDK's call.
        pub fn official(params: &Value, response: &WireResponse) -> Outcome {
            use aws_sdk_mwaaserverless::operation::$module::$Error as E;
            #[allow(unused_imports)]
            use crate::canon::{opt, Canon};
            fn variant(e: &E) -> (&'static str, Value) {
                match e {
                    $( E::$err(x) => (stringify!($err), x.canon()), )*
                    _ => ("Unhandled", Value::Null),
                }
            }
            let (client, capture) = crate::clients::official_client(response);
            let fluent = (|| -> Result<_, String> { Ok(client.$module() $( .$setter(opt(params, $key)?) )*) })();
            let fluent = match fluent {
                Ok(fluent) => fluent,
                Err(e) => return Outcome::Rejected(e),
            };
            let result = crate::clients::block_on(fluent.send());
            crate::clients::official_outcome(result, &capture, response, variant)
        }
    };
}

macro_rules! ours_call {
    ($module:ident, $Error:ident; { $($key:literal => $setter:ident),* }; { $($okey:literal => $osetter:ident),* }; { $($err:ident),* }) => {
        /// Our call.
        pub fn ours(params: &Value, response: &WireResponse) -> Outcome {
            use mwaa_serverless::operation::$module::$Error as E;
            #[allow(unused_imports)]
            use crate::canon::{opt, Canon};
            fn variant(e: &E) -> (&'static str, Value) {
                match e {
                    $( E::$err(x) => (stringify!($err), x.canon()), )*
                    _ => ("Unhandled", Value::Null),
                }
            }
            let (client, sent) = crate::clients::ours_client(response);
            let fluent = (|| -> Result<_, String> {
                Ok(client.$module() $( .$setter(opt(params, $key)?) )* $( .$osetter(opt(params, $okey)?) )*)
            })();
            let fluent = match fluent {
                Ok(fluent) => fluent,
                Err(e) => return Outcome::Rejected(e),
            };
            let result = crate::clients::block_on(fluent.send());
            crate::clients::ours_outcome(result, &sent, |o| o.request_id(), variant, E::meta)
        }
    };
}

macro_rules! operations {
    (@official_call $module:ident, $Error:ident; $inputs:tt; $errors:tt; yes) => {
        official_call!($module, $Error; $inputs; $errors);
    };
    (@official_call $module:ident, $Error:ident; $inputs:tt; $errors:tt; ) => {};
    (@official $module:ident) => { None };
    (@official $module:ident yes) => { Some($module::official) };
    ($(
        $name:literal => $module:ident, $Error:ident {
            input { $($key:literal => $setter:ident),* $(,)? }
            $(ours_only { $($okey:literal => $osetter:ident),* $(,)? })?
            errors { $($err:ident),* $(,)? }
            $(official $official:tt)?
        }
    )*) => {
        $(
            #[doc = concat!("`", $name, "`.")]
            pub mod $module {
                use super::*;
                operations!(@official_call $module, $Error; { $($key => $setter),* }; { $($err),* }; $($official)?);
                ours_call!($module, $Error; { $($key => $setter),* }; { $($($okey => $osetter),*)? }; { $($err),* });
            }
        )*

        /// Every operation of the model.
        pub const OPS: &[Op] = &[
            $( Op { name: $name, official: operations!(@official $module $($official)?), ours: $module::ours }, )*
        ];
    };
}

operations! {
    "CreateAirflowUiUrl" => create_airflow_ui_url, CreateAirflowUiUrlError {
        input {
            "ExpiresInSeconds" => set_expires_in_seconds,
            "SessionDurationInSeconds" => set_session_duration_in_seconds,
        }
        errors { AccessDeniedException, ConflictException, InternalServerException, OperationTimeoutException, ThrottlingException, ValidationException }
    }
    "CreateWorkflow" => create_workflow, CreateWorkflowError {
        input {
            "Name" => set_name,
            "ClientToken" => set_client_token,
            "DefinitionS3Location" => set_definition_s3_location,
            "Code" => set_code,
            "RoleArn" => set_role_arn,
            "Description" => set_description,
            "EncryptionConfiguration" => set_encryption_configuration,
            "LoggingConfiguration" => set_logging_configuration,
            "EngineVersion" => set_engine_version,
            "NetworkConfiguration" => set_network_configuration,
            "Tags" => set_tags,
            "TriggerMode" => set_trigger_mode,
        }
        ours_only { "Environment" => set_environment }
        errors { AccessDeniedException, ConflictException, InternalServerException, OperationTimeoutException, ServiceQuotaExceededException, ThrottlingException, ValidationException }
        official yes
    }
    "DeleteWorkflow" => delete_workflow, DeleteWorkflowError {
        input { "WorkflowArn" => set_workflow_arn, "WorkflowVersion" => set_workflow_version }
        errors { AccessDeniedException, InternalServerException, OperationTimeoutException, ResourceNotFoundException, ThrottlingException, ValidationException }
        official yes
    }
    "GetTaskInstance" => get_task_instance, GetTaskInstanceError {
        input { "WorkflowArn" => set_workflow_arn, "TaskInstanceId" => set_task_instance_id, "RunId" => set_run_id }
        errors { AccessDeniedException, InternalServerException, OperationTimeoutException, ResourceNotFoundException, ThrottlingException, ValidationException }
        official yes
    }
    "GetWorkflow" => get_workflow, GetWorkflowError {
        input { "WorkflowArn" => set_workflow_arn, "WorkflowVersion" => set_workflow_version }
        errors { AccessDeniedException, InternalServerException, OperationTimeoutException, ResourceNotFoundException, ThrottlingException, ValidationException }
        official yes
    }
    "GetWorkflowRun" => get_workflow_run, GetWorkflowRunError {
        input { "WorkflowArn" => set_workflow_arn, "RunId" => set_run_id }
        errors { AccessDeniedException, InternalServerException, OperationTimeoutException, ResourceNotFoundException, ThrottlingException, ValidationException }
        official yes
    }
    "ListTagsForResource" => list_tags_for_resource, ListTagsForResourceError {
        input { "ResourceArn" => set_resource_arn }
        errors { AccessDeniedException, InternalServerException, OperationTimeoutException, ResourceNotFoundException, ThrottlingException, ValidationException }
        official yes
    }
    "ListTaskInstances" => list_task_instances, ListTaskInstancesError {
        input { "WorkflowArn" => set_workflow_arn, "RunId" => set_run_id, "MaxResults" => set_max_results, "NextToken" => set_next_token }
        errors { AccessDeniedException, InternalServerException, OperationTimeoutException, ThrottlingException, ValidationException }
        official yes
    }
    "ListWorkflowRuns" => list_workflow_runs, ListWorkflowRunsError {
        input { "MaxResults" => set_max_results, "NextToken" => set_next_token, "WorkflowArn" => set_workflow_arn, "WorkflowVersion" => set_workflow_version }
        errors { AccessDeniedException, InternalServerException, OperationTimeoutException, ThrottlingException, ValidationException }
        official yes
    }
    "ListWorkflowVersions" => list_workflow_versions, ListWorkflowVersionsError {
        input { "MaxResults" => set_max_results, "NextToken" => set_next_token, "WorkflowArn" => set_workflow_arn }
        errors { AccessDeniedException, InternalServerException, OperationTimeoutException, ThrottlingException, ValidationException }
        official yes
    }
    "ListWorkflows" => list_workflows, ListWorkflowsError {
        input { "MaxResults" => set_max_results, "NextToken" => set_next_token }
        errors { AccessDeniedException, InternalServerException, OperationTimeoutException, ThrottlingException, ValidationException }
        official yes
    }
    "StartWorkflowRun" => start_workflow_run, StartWorkflowRunError {
        input { "WorkflowArn" => set_workflow_arn, "ClientToken" => set_client_token, "OverrideParameters" => set_override_parameters, "WorkflowVersion" => set_workflow_version }
        errors { AccessDeniedException, ConflictException, InternalServerException, OperationTimeoutException, ResourceNotFoundException, ServiceQuotaExceededException, ThrottlingException, ValidationException }
        official yes
    }
    "StopWorkflowRun" => stop_workflow_run, StopWorkflowRunError {
        input { "WorkflowArn" => set_workflow_arn, "RunId" => set_run_id }
        errors { AccessDeniedException, InternalServerException, OperationTimeoutException, ResourceNotFoundException, ThrottlingException, ValidationException }
        official yes
    }
    "TagResource" => tag_resource, TagResourceError {
        input { "ResourceArn" => set_resource_arn, "Tags" => set_tags }
        errors { AccessDeniedException, InternalServerException, OperationTimeoutException, ResourceNotFoundException, ThrottlingException, ValidationException }
        official yes
    }
    "UntagResource" => untag_resource, UntagResourceError {
        input { "ResourceArn" => set_resource_arn, "TagKeys" => set_tag_keys }
        errors { AccessDeniedException, InternalServerException, OperationTimeoutException, ResourceNotFoundException, ThrottlingException, ValidationException }
        official yes
    }
    "UpdateWorkflow" => update_workflow, UpdateWorkflowError {
        input {
            "WorkflowArn" => set_workflow_arn,
            "DefinitionS3Location" => set_definition_s3_location,
            "Code" => set_code,
            "RoleArn" => set_role_arn,
            "Description" => set_description,
            "LoggingConfiguration" => set_logging_configuration,
            "EngineVersion" => set_engine_version,
            "NetworkConfiguration" => set_network_configuration,
            "TriggerMode" => set_trigger_mode,
        }
        ours_only { "Environment" => set_environment }
        errors { AccessDeniedException, ConflictException, InternalServerException, OperationTimeoutException, ResourceNotFoundException, ServiceQuotaExceededException, ThrottlingException, ValidationException }
        official yes
    }
}

/// The operation named `name`.
pub fn op(name: &str) -> &'static Op {
    OPS.iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("no operation {name}"))
}
