//! The MWAA Serverless service description shared by the client tests, with its real endpoint
//! rule set read from the model and resolved by the runtime's interpreter (generated crates
//! carry the same rules compiled to Rust; their own tests run the model's endpoint cases).

use std::sync::LazyLock;

use awsgen_runtime::endpoint::{Endpoint, EndpointError, EndpointParams, RuleSet};
use awsgen_runtime::spec::{OperationSpec, Protocol, ServiceSpec};

fn mwaa_rules() -> &'static RuleSet {
    static RULES: LazyLock<RuleSet> = LazyLock::new(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../model/mwaa-serverless.json");
        let model: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("model")).expect("json");
        let rules = &model["shapes"]["com.amazonaws.mwaaserverless#AmazonMWAAServerless"]["traits"]
            ["smithy.rules#endpointRuleSet"];
        RuleSet::from_value(rules).expect("the MWAA rule set parses")
    });
    &RULES
}

fn resolve_mwaa(params: &EndpointParams) -> Result<Endpoint, EndpointError> {
    mwaa_rules().resolve(params)
}

/// MWAA Serverless.
pub static MWAA: ServiceSpec = ServiceSpec {
    target_prefix: "AmazonMWAAServerless",
    protocol: Protocol::AwsJson1_0,
    signing_name: "airflow-serverless",
    sdk_id: "MWAA Serverless",
    api_version: "2024-07-26",
    resolve_endpoint: Some(resolve_mwaa),
    endpoint_builtins: &[("UseFIPS", "AWS::UseFIPS"), ("Endpoint", "SDK::Endpoint"), ("Region", "AWS::Region")],
};

/// The awsJson request generated code would build for `op` of the service whose target
/// prefix is `prefix`, with this body.
pub fn json_request(prefix: &str, op: &OperationSpec, body: &[u8]) -> http::Request<bytes::Bytes> {
    http::Request::post("/")
        .header("content-type", "application/x-amz-json-1.0")
        .header("x-amz-target", format!("{prefix}.{}", op.name))
        .body(bytes::Bytes::copy_from_slice(body))
        .expect("a valid request")
}
