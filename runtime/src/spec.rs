//! Static descriptions of a service and its operations, emitted by the generator.

/// The wire protocols the runtime speaks. More will come (restXml, ...): match with a
/// wildcard arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Protocol {
    /// `aws.protocols#awsJson1_0`.
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`.
    AwsJson1_1,
    /// `aws.protocols#restJson1`.
    RestJson1,
}

/// What the runtime needs to know about a service.
#[derive(Debug)]
pub struct ServiceSpec {
    /// The service shape's name (`AmazonMWAAServerless`; awsJson's `X-Amz-Target` prefix).
    pub target_prefix: &'static str,
    /// The protocol.
    pub protocol: Protocol,
    /// The SigV4 signing name (`airflow-serverless`).
    pub signing_name: &'static str,
    /// The `aws.api#service` sdkId.
    pub sdk_id: &'static str,
    /// The service version (`2024-07-26`).
    pub api_version: &'static str,
    /// The endpoint resolver the generator compiled from the service's
    /// `smithy.rules#endpointRuleSet`; `None` without a rule set (calls then go to the
    /// configured endpoint URL).
    pub resolve_endpoint: Option<crate::endpoint::ResolveFn>,
    /// Rule-set parameters bound to client settings, as (parameter name, `builtIn`) pairs:
    /// `("Region", "AWS::Region")`.
    pub endpoint_builtins: &'static [(&'static str, &'static str)],
}

/// What the runtime needs to know about one operation to send it: its name (for logs and
/// errors) and how to retry it. How its request is built and its response read is the
/// generated code's business, through the protocol module it names.
#[derive(Debug)]
pub struct OperationSpec {
    /// The operation's shape name (`ListWorkflowRuns`).
    pub name: &'static str,
    /// The operation may be sent again after a transient failure (`@readonly`,
    /// `@idempotent`, or an idempotency token member).
    pub retry_safe: bool,
    /// The modeled errors of the operation that carry `@retryable`.
    pub retryable_errors: &'static [RetryableError],
}

/// A modeled error with the `@retryable` trait.
#[derive(Debug)]
pub struct RetryableError {
    /// The error shape's name, as it appears on the wire after sanitising.
    pub code: &'static str,
    /// `@retryable(throttling: true)`.
    pub throttling: bool,
}

impl OperationSpec {
    /// How a modeled error code is to be retried, if at all.
    pub fn retryable(&self, code: &str) -> Option<&RetryableError> {
        self.retryable_errors.iter().find(|e| e.code == code)
    }
}
