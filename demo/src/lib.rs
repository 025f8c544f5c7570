//! Demo of the generated `mwaa-serverless` client.
//!
//! [`fake_server`] is a small in-process stand-in for the MWAA Serverless JSON API
//! (`ListWorkflowRuns` and `GetWorkflowRun` only), used by the `list-workflow-runs`
//! binary when no real AWS account is configured, and by the end-to-end tests.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod fake_server;
