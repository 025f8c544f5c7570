//! Runs the `smithy.rules#endpointTests` of the MWAA Serverless model against its
//! `smithy.rules#endpointRuleSet`, through the runtime's rules interpreter.

use awsgen_runtime::endpoint::{check_test_case, Builtins, RuleSet};
use serde_json::{json, Value};

#[test]
fn mwaa_serverless_endpoint_tests() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../model/mwaa-serverless.json");
    let text = std::fs::read_to_string(path).expect("read the MWAA model");
    let model: Value = serde_json::from_str(&text).expect("the model is JSON");
    let traits = &model["shapes"]["com.amazonaws.mwaaserverless#AmazonMWAAServerless"]["traits"];
    let rules =
        RuleSet::from_value(&traits["smithy.rules#endpointRuleSet"]).expect("the rule set parses");
    let cases = traits["smithy.rules#endpointTests"]["testCases"]
        .as_array()
        .expect("test cases");

    let mut ran = 0;
    for case in cases {
        let doc = case["documentation"].as_str().unwrap_or("(undocumented)");
        if let Err(problem) =
            rules.check_test_case(case.get("params").unwrap_or(&json!({})), &case["expect"])
        {
            panic!("{doc}: {problem}");
        }
        ran += 1;
    }
    assert_eq!(ran, 9, "the MWAA model has 9 endpoint test cases");
}

#[test]
fn mwaa_serverless_resolves_from_builtins() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../model/mwaa-serverless.json");
    let model: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read the MWAA model"))
            .expect("the model is JSON");
    let rule_set = &model["shapes"]["com.amazonaws.mwaaserverless#AmazonMWAAServerless"]["traits"]
        ["smithy.rules#endpointRuleSet"];
    let rules = RuleSet::from_value(rule_set).expect("the rule set parses");

    let resolve = |builtins: Builtins| rules.resolve(&rules.params_from_builtins(&builtins));
    let region = |r: &str| Builtins {
        region: Some(r.into()),
        ..Builtins::default()
    };
    assert_eq!(
        resolve(region("us-gov-east-1")).map(|e| e.url),
        Ok("https://airflow-serverless.us-gov-east-1.api.aws".to_owned())
    );
    assert_eq!(
        resolve(Builtins {
            use_fips: true,
            ..region("eusc-de-east-1")
        })
        .map(|e| e.url),
        Ok("https://airflow-serverless-fips.eusc-de-east-1.api.amazonwebservices.eu".to_owned())
    );
    // `xx-fake-1` matches no partition and falls back to `aws`.
    assert_eq!(
        resolve(region("xx-fake-1")).map(|e| e.url),
        Ok("https://airflow-serverless.xx-fake-1.api.aws".to_owned())
    );
    let custom = Builtins {
        endpoint: Some("http://localhost:8080".into()),
        ..region("us-east-1")
    };
    let endpoint = resolve(custom).expect("custom endpoint");
    assert_eq!(
        (
            endpoint.url.as_str(),
            endpoint.headers.len(),
            endpoint.properties.len()
        ),
        ("http://localhost:8080", 0, 0)
    );
    assert_eq!(
        resolve(Builtins::default()).map_err(|e| e.to_string()),
        Err("Invalid Configuration: Missing Region".to_owned())
    );

    // The JSON-text entry point used by generated crates' tests.
    let text = rule_set.to_string();
    assert_eq!(
        check_test_case(
            &text,
            r#"{"Region": "cn-north-1"}"#,
            r#"{"endpoint": {"url": "https://airflow-serverless.cn-north-1.api.amazonwebservices.com.cn"}}"#
        ),
        Ok(())
    );
    assert!(check_test_case(&text, r#"{"Region": "cn-north-1"}"#, r#"{"error": "nope"}"#).is_err());
}
