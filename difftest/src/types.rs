//! [`Canon`] and [`FromParams`] for the shapes of both clients, member by member, in the
//! model's member order. Members one client does not have are listed apart (see
//! [`crate::compare::OURS_ONLY_MEMBERS`]).

use aws_sdk_mwaaserverless as aws;
use mwaa_serverless as ours;
use serde_json::{Map, Value};

use crate::canon::{Canon, FromParams};
use crate::{canon, infallible_build, string_enum, structure};

string_enum!(
    aws::types::EncryptionType,
    ours::types::EncryptionType,
    aws::types::RunType,
    ours::types::RunType,
    aws::types::TaskInstanceStatus,
    ours::types::TaskInstanceStatus,
    aws::types::ValidationExceptionReason,
    ours::types::ValidationExceptionReason,
    aws::types::WorkflowRunStatus,
    ours::types::WorkflowRunStatus,
    aws::types::WorkflowStatus,
    ours::types::WorkflowStatus,
);

// intEnum EngineVersion: `i32` in the official crate, an open enum here.
impl Canon for ours::types::EngineVersion {
    fn canon(&self) -> Value {
        Value::from(self.as_i32())
    }
}

impl FromParams for ours::types::EngineVersion {
    fn from_params(v: &Value) -> Result<Self, String> {
        i32::from_params(v).map(Self::from)
    }
}

// ---- structures sent in requests (and read in responses)

structure!(aws::types::DefinitionS3Location, ours::types::DefinitionS3Location; {
    "Bucket" => bucket / set_bucket,
    "ObjectKey" => object_key / set_object_key,
    "VersionId" => version_id / set_version_id,
});

structure!(aws::types::S3Location, ours::types::S3Location; {
    "Bucket" => bucket / set_bucket,
    "ObjectKey" => object_key / set_object_key,
    "VersionId" => version_id / set_version_id,
});

structure!(aws::types::EncryptionConfiguration, ours::types::EncryptionConfiguration; {
    "Type" => r#type / set_type,
    "KmsKeyId" => kms_key_id / set_kms_key_id,
});

structure!(aws::types::LoggingConfiguration, ours::types::LoggingConfiguration; {
    "LogGroupName" => log_group_name / set_log_group_name,
});

structure!(aws::types::NetworkConfiguration, ours::types::NetworkConfiguration; {
    "SecurityGroupIds" => security_group_ids / set_security_group_ids,
    "SubnetIds" => subnet_ids / set_subnet_ids,
});
infallible_build!(
    aws::types::NetworkConfiguration,
    ours::types::NetworkConfiguration
);

// Not in aws-sdk-mwaaserverless 1.32.0 (see `compare::OURS_ONLY_MEMBERS`).
structure!(ours::types::Environment; {
    "Variables" => variables / set_variables,
});

/// Union `Code`: one member, or an unknown one (the official crate drops its name; ours
/// keeps it, compared only against botocore).
impl Canon for aws::types::Code {
    fn canon(&self) -> Value {
        match self {
            aws::types::Code::S3Location(v) => {
                Value::Object(Map::from_iter([("S3Location".to_owned(), v.canon())]))
            }
            _ => serde_json::json!({ "$unknown": null }),
        }
    }
}

impl Canon for ours::types::Code {
    fn canon(&self) -> Value {
        match self {
            ours::types::Code::S3Location(v) => {
                Value::Object(Map::from_iter([("S3Location".to_owned(), v.canon())]))
            }
            ours::types::Code::Unknown(name) => serde_json::json!({ "$unknown": name }),
            _ => serde_json::json!({ "$unknown": "?" }),
        }
    }
}

impl FromParams for aws::types::Code {
    fn from_params(v: &Value) -> Result<Self, String> {
        match v.get("S3Location") {
            Some(s3) => Ok(Self::S3Location(FromParams::from_params(s3)?)),
            None => Err(format!("no known member in union Code: {v}")),
        }
    }
}

impl FromParams for ours::types::Code {
    fn from_params(v: &Value) -> Result<Self, String> {
        match v.get("S3Location") {
            Some(s3) => Ok(Self::S3Location(FromParams::from_params(s3)?)),
            None => Err(format!("no known member in union Code: {v}")),
        }
    }
}

// ---- structures only read in responses

canon!(aws::types::RunDetailSummary, ours::types::RunDetailSummary; {
    "Status" => status,
    "CreatedOn" => created_on,
    "StartedAt" => started_at,
    "EndedAt" => ended_at,
});

canon!(aws::types::ScheduleConfiguration, ours::types::ScheduleConfiguration; {
    "CronExpression" => cron_expression,
});

canon!(aws::types::TaskInstanceSummary, ours::types::TaskInstanceSummary; {
    "WorkflowArn" => workflow_arn,
    "WorkflowVersion" => workflow_version,
    "RunId" => run_id,
    "TaskInstanceId" => task_instance_id,
    "Status" => status,
    "DurationInSeconds" => duration_in_seconds,
    "OperatorName" => operator_name,
});

canon!(aws::types::ValidationExceptionField, ours::types::ValidationExceptionField; {
    "Name" => name,
    "Message" => message,
});

canon!(aws::types::WorkflowRunDetail, ours::types::WorkflowRunDetail; {
    "WorkflowArn" => workflow_arn,
    "WorkflowVersion" => workflow_version,
    "RunId" => run_id,
    "RunType" => run_type,
    "StartedOn" => started_on,
    "CreatedAt" => created_at,
    "CompletedOn" => completed_on,
    "ModifiedAt" => modified_at,
    "Duration" => duration,
    "ErrorMessage" => error_message,
    "TaskInstances" => task_instances,
    "RunState" => run_state,
});

canon!(aws::types::WorkflowRunSummary, ours::types::WorkflowRunSummary; {
    "RunId" => run_id,
    "WorkflowArn" => workflow_arn,
    "WorkflowVersion" => workflow_version,
    "RunType" => run_type,
    "RunDetailSummary" => run_detail_summary,
});

canon!(aws::types::WorkflowSummary, ours::types::WorkflowSummary; {
    "WorkflowArn" => workflow_arn,
    "WorkflowVersion" => workflow_version,
    "Name" => name,
    "Description" => description,
    "CreatedAt" => created_at,
    "ModifiedAt" => modified_at,
    "WorkflowStatus" => workflow_status,
    "TriggerMode" => trigger_mode,
});

canon!(aws::types::WorkflowVersionSummary, ours::types::WorkflowVersionSummary; {
    "WorkflowVersion" => workflow_version,
    "WorkflowArn" => workflow_arn,
    "IsLatestVersion" => is_latest_version,
    "CreatedAt" => created_at,
    "ModifiedAt" => modified_at,
    "DefinitionS3Location" => definition_s3_location,
    "ScheduleConfiguration" => schedule_configuration,
    "TriggerMode" => trigger_mode,
});

// ---- errors (members; code, message and request id come from the error metadata)

canon!(aws::types::error::AccessDeniedException, ours::error::AccessDeniedException; {
    "Message" => message,
});

canon!(aws::types::error::ConflictException, ours::error::ConflictException; {
    "Message" => message,
    "ResourceId" => resource_id,
    "ResourceType" => resource_type,
});

canon!(aws::types::error::InternalServerException, ours::error::InternalServerException; {
    "Message" => message,
    "RetryAfterSeconds" => retry_after_seconds,
});

canon!(aws::types::error::OperationTimeoutException, ours::error::OperationTimeoutException; {
    "Message" => message,
});

canon!(aws::types::error::ResourceNotFoundException, ours::error::ResourceNotFoundException; {
    "Message" => message,
    "ResourceId" => resource_id,
    "ResourceType" => resource_type,
});

canon!(aws::types::error::ServiceQuotaExceededException, ours::error::ServiceQuotaExceededException; {
    "Message" => message,
    "ResourceId" => resource_id,
    "ResourceType" => resource_type,
    "ServiceCode" => service_code,
    "QuotaCode" => quota_code,
});

canon!(aws::types::error::ThrottlingException, ours::error::ThrottlingException; {
    "Message" => message,
    "ServiceCode" => service_code,
    "QuotaCode" => quota_code,
    "RetryAfterSeconds" => retry_after_seconds,
});

canon!(aws::types::error::ValidationException, ours::error::ValidationException; {
    "Message" => message,
    "Reason" => reason,
    "FieldList" => field_list,
});

// ---- operation outputs

canon!(aws::operation::create_workflow::CreateWorkflowOutput, ours::operation::create_workflow::CreateWorkflowOutput; {
    "WorkflowArn" => workflow_arn,
    "CreatedAt" => created_at,
    "RevisionId" => revision_id,
    "WorkflowStatus" => workflow_status,
    "WorkflowVersion" => workflow_version,
    "IsLatestVersion" => is_latest_version,
    "Warnings" => warnings,
});

canon!(aws::operation::delete_workflow::DeleteWorkflowOutput, ours::operation::delete_workflow::DeleteWorkflowOutput; {
    "WorkflowArn" => workflow_arn,
    "WorkflowVersion" => workflow_version,
});

canon!(aws::operation::get_task_instance::GetTaskInstanceOutput, ours::operation::get_task_instance::GetTaskInstanceOutput; {
    "WorkflowArn" => workflow_arn,
    "RunId" => run_id,
    "TaskInstanceId" => task_instance_id,
    "WorkflowVersion" => workflow_version,
    "Status" => status,
    "DurationInSeconds" => duration_in_seconds,
    "OperatorName" => operator_name,
    "ModifiedAt" => modified_at,
    "EndedAt" => ended_at,
    "StartedAt" => started_at,
    "AttemptNumber" => attempt_number,
    "ErrorMessage" => error_message,
    "TaskId" => task_id,
    "LogStream" => log_stream,
    "Xcom" => xcom,
});

canon!(aws::operation::get_workflow::GetWorkflowOutput; {
    "WorkflowArn" => workflow_arn,
    "WorkflowVersion" => workflow_version,
    "Name" => name,
    "Description" => description,
    "CreatedAt" => created_at,
    "ModifiedAt" => modified_at,
    "EncryptionConfiguration" => encryption_configuration,
    "LoggingConfiguration" => logging_configuration,
    "EngineVersion" => engine_version,
    "WorkflowStatus" => workflow_status,
    "DefinitionS3Location" => definition_s3_location,
    "Code" => code,
    "CodeSnapshottedAt" => code_snapshotted_at,
    "ScheduleConfiguration" => schedule_configuration,
    "RoleArn" => role_arn,
    "NetworkConfiguration" => network_configuration,
    "TriggerMode" => trigger_mode,
    "WorkflowDefinition" => workflow_definition,
});

canon!(ours::operation::get_workflow::GetWorkflowOutput; {
    "WorkflowArn" => workflow_arn,
    "WorkflowVersion" => workflow_version,
    "Name" => name,
    "Description" => description,
    "CreatedAt" => created_at,
    "ModifiedAt" => modified_at,
    "EncryptionConfiguration" => encryption_configuration,
    "LoggingConfiguration" => logging_configuration,
    "EngineVersion" => engine_version,
    "WorkflowStatus" => workflow_status,
    "DefinitionS3Location" => definition_s3_location,
    "Code" => code,
    "CodeSnapshottedAt" => code_snapshotted_at,
    "ScheduleConfiguration" => schedule_configuration,
    "RoleArn" => role_arn,
    "NetworkConfiguration" => network_configuration,
    "Environment" => environment,
    "TriggerMode" => trigger_mode,
    "WorkflowDefinition" => workflow_definition,
});

canon!(aws::operation::get_workflow_run::GetWorkflowRunOutput, ours::operation::get_workflow_run::GetWorkflowRunOutput; {
    "WorkflowArn" => workflow_arn,
    "WorkflowVersion" => workflow_version,
    "RunId" => run_id,
    "RunType" => run_type,
    "OverrideParameters" => override_parameters,
    "RunDetail" => run_detail,
});

canon!(aws::operation::list_tags_for_resource::ListTagsForResourceOutput, ours::operation::list_tags_for_resource::ListTagsForResourceOutput; {
    "Tags" => tags,
});

canon!(aws::operation::list_task_instances::ListTaskInstancesOutput, ours::operation::list_task_instances::ListTaskInstancesOutput; {
    "TaskInstances" => task_instances,
    "NextToken" => next_token,
});

canon!(aws::operation::list_workflow_runs::ListWorkflowRunsOutput, ours::operation::list_workflow_runs::ListWorkflowRunsOutput; {
    "WorkflowRuns" => workflow_runs,
    "NextToken" => next_token,
});

canon!(aws::operation::list_workflow_versions::ListWorkflowVersionsOutput, ours::operation::list_workflow_versions::ListWorkflowVersionsOutput; {
    "WorkflowVersions" => workflow_versions,
    "NextToken" => next_token,
});

canon!(aws::operation::list_workflows::ListWorkflowsOutput, ours::operation::list_workflows::ListWorkflowsOutput; {
    "Workflows" => workflows,
    "NextToken" => next_token,
});

canon!(aws::operation::start_workflow_run::StartWorkflowRunOutput, ours::operation::start_workflow_run::StartWorkflowRunOutput; {
    "RunId" => run_id,
    "Status" => status,
    "StartedAt" => started_at,
});

canon!(aws::operation::stop_workflow_run::StopWorkflowRunOutput, ours::operation::stop_workflow_run::StopWorkflowRunOutput; {
    "WorkflowArn" => workflow_arn,
    "WorkflowVersion" => workflow_version,
    "RunId" => run_id,
    "Status" => status,
});

canon!(aws::operation::tag_resource::TagResourceOutput, ours::operation::tag_resource::TagResourceOutput; {});

canon!(aws::operation::untag_resource::UntagResourceOutput, ours::operation::untag_resource::UntagResourceOutput; {});

canon!(aws::operation::update_workflow::UpdateWorkflowOutput, ours::operation::update_workflow::UpdateWorkflowOutput; {
    "WorkflowArn" => workflow_arn,
    "ModifiedAt" => modified_at,
    "WorkflowVersion" => workflow_version,
    "Warnings" => warnings,
});

// Not in aws-sdk-mwaaserverless 1.32.0: compared against botocore only.
canon!(ours::operation::create_airflow_ui_url::CreateAirflowUiUrlOutput; {
    "AuthorizedUrl" => authorized_url,
    "SessionId" => session_id,
    "UrlExpiresAt" => url_expires_at,
    "SessionExpiresAt" => session_expires_at,
});
