//! The floor: plain `#[derive(Deserialize)]`/`#[derive(Serialize)]` structs of the same shape
//! as the generated types, read and written by serde_json directly.
//!
//! They do the same work a client must do and nothing more: every member is an `Option`,
//! unknown keys are skipped, enums are Rust enums (an unknown value reads as a unit
//! `Unknown`, where ours keeps its text), and timestamps are parsed from RFC 3339 into
//! `time::OffsetDateTime` in UTC, exactly as ours parses them. What they leave out is what
//! ours adds: the member path of an error, kept unknown enum values, the request id.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

/// `ListWorkflowRunsResponse`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListWorkflowRunsFloor {
    /// `WorkflowRuns`.
    pub workflow_runs: Option<Vec<WorkflowRunSummaryFloor>>,
    /// `NextToken`.
    pub next_token: Option<String>,
}

/// `WorkflowRunSummary`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct WorkflowRunSummaryFloor {
    /// `RunId`.
    pub run_id: Option<String>,
    /// `WorkflowArn`.
    pub workflow_arn: Option<String>,
    /// `WorkflowVersion`.
    pub workflow_version: Option<String>,
    /// `RunType`.
    pub run_type: Option<RunTypeFloor>,
    /// `RunDetailSummary`.
    pub run_detail_summary: Option<RunDetailSummaryFloor>,
}

/// `RunDetailSummary`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RunDetailSummaryFloor {
    /// `Status`.
    pub status: Option<WorkflowRunStatusFloor>,
    /// `CreatedOn`.
    #[serde(default, deserialize_with = "rfc3339")]
    pub created_on: Option<OffsetDateTime>,
    /// `StartedAt`.
    #[serde(default, deserialize_with = "rfc3339")]
    pub started_at: Option<OffsetDateTime>,
    /// `EndedAt`.
    #[serde(default, deserialize_with = "rfc3339")]
    pub ended_at: Option<OffsetDateTime>,
}

/// `RunType`.
#[derive(Debug, Deserialize, PartialEq, Eq)]
pub enum RunTypeFloor {
    /// `ON_DEMAND`.
    #[serde(rename = "ON_DEMAND")]
    OnDemand,
    /// `SCHEDULED`.
    #[serde(rename = "SCHEDULED")]
    Scheduled,
    /// Any other value.
    #[serde(other)]
    Unknown,
}

/// `WorkflowRunStatus`.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WorkflowRunStatusFloor {
    /// `STARTING`.
    Starting,
    /// `QUEUED`.
    Queued,
    /// `RUNNING`.
    Running,
    /// `SUCCESS`.
    Success,
    /// `FAILED`.
    Failed,
    /// `TIMEOUT`.
    Timeout,
    /// `STOPPING`.
    Stopping,
    /// `STOPPED`.
    Stopped,
    /// Any other value.
    #[serde(other)]
    Unknown,
}

/// An optional RFC 3339 timestamp, parsed from the borrowed string as ours parses it.
fn rfc3339<'de, D: Deserializer<'de>>(d: D) -> Result<Option<OffsetDateTime>, D::Error> {
    struct Text;
    impl Visitor<'_> for Text {
        type Value = OffsetDateTime;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an RFC 3339 date-time string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<OffsetDateTime, E> {
            OffsetDateTime::parse(v, &Rfc3339)
                .map(|t| t.to_offset(UtcOffset::UTC))
                .map_err(E::custom)
        }
    }
    struct Opt;
    impl<'de> Visitor<'de> for Opt {
        type Value = Option<OffsetDateTime>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an RFC 3339 date-time string or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            d.deserialize_str(Text).map(Some)
        }
    }
    d.deserialize_option(Opt)
}

/// `CreateWorkflowRequest`, every member optional and omitted when unset.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateWorkflowFloor {
    /// `Name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `ClientToken`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
    /// `DefinitionS3Location`.
    #[serde(
        rename = "DefinitionS3Location",
        skip_serializing_if = "Option::is_none"
    )]
    pub definition_s3_location: Option<S3LocationFloor>,
    /// `Code`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<CodeFloor>,
    /// `RoleArn`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// `Description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `EncryptionConfiguration`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encryption_configuration: Option<EncryptionConfigurationFloor>,
    /// `LoggingConfiguration`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logging_configuration: Option<LoggingConfigurationFloor>,
    /// `EngineVersion`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engine_version: Option<i32>,
    /// `NetworkConfiguration`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_configuration: Option<NetworkConfigurationFloor>,
    /// `Environment`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<EnvironmentFloor>,
    /// `Tags`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<BTreeMap<String, String>>,
    /// `TriggerMode`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trigger_mode: Option<String>,
}

/// `DefinitionS3Location` and `S3Location`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct S3LocationFloor {
    /// `Bucket`.
    pub bucket: String,
    /// `ObjectKey`.
    pub object_key: String,
    /// `VersionId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
}

/// The `Code` union.
#[derive(Debug, Serialize)]
pub enum CodeFloor {
    /// `S3Location`.
    S3Location(S3LocationFloor),
}

/// `EncryptionConfiguration`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EncryptionConfigurationFloor {
    /// `Type`.
    pub r#type: EncryptionTypeFloor,
    /// `KmsKeyId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
}

/// `EncryptionType`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EncryptionTypeFloor {
    /// `AWS_MANAGED_KEY`.
    AwsManagedKey,
    /// `CUSTOMER_MANAGED_KEY`.
    CustomerManagedKey,
}

/// `LoggingConfiguration`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoggingConfigurationFloor {
    /// `LogGroupName`.
    pub log_group_name: String,
}

/// `NetworkConfiguration`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkConfigurationFloor {
    /// `SecurityGroupIds`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_group_ids: Option<Vec<String>>,
    /// `SubnetIds`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_ids: Option<Vec<String>>,
}

/// `Environment`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EnvironmentFloor {
    /// `Variables`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variables: Option<BTreeMap<String, String>>,
}
