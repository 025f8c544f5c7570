//! The IR carries each operation's `@http` trait and each member's HTTP binding (for the
//! HTTP-binding protocols), read from the MWAA Serverless model, whose operations have them.

use std::path::Path;

use awsgen::ir::{HttpBinding, HttpIr, ShapeKind};
use awsgen::{ManifestSettings, Selection, Settings};

fn mwaa() -> awsgen::GeneratedCrate {
    let settings = Settings {
        model: Path::new(env!("CARGO_MANIFEST_DIR")).join("../model/mwaa-serverless.json"),
        selection: Selection::default(),
        crate_name: None,
        manifest: ManifestSettings { runtime_dependency: "{ path = \"../runtime\" }".into(), ..ManifestSettings::default() },
    };
    awsgen::generate(&settings).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn operations_carry_method_uri_and_status() {
    let krate = mwaa();
    let op = |name: &str| krate.ir.operations.iter().find(|o| o.name == name).unwrap_or_else(|| panic!("{name}"));
    assert_eq!(
        op("ListWorkflowRuns").http,
        Some(HttpIr { method: "GET".into(), uri: "/workflows/{WorkflowArn}/runs".into(), code: 200 })
    );
    // Every operation of the model has `@http`.
    assert!(krate.ir.operations.iter().all(|o| o.http.is_some()));
}

#[test]
fn members_carry_their_binding() {
    let krate = mwaa();
    let op = krate.ir.operations.iter().find(|o| o.name == "ListWorkflowRuns").expect("operation");
    let input = krate.ir.shapes.iter().find(|s| s.path == op.input).expect("input shape");
    let ShapeKind::Struct { members, .. } = &input.kind else { panic!("input is a structure") };
    let binding = |wire: &str| members.iter().find(|m| m.wire == wire).map(|m| m.http.clone());
    assert_eq!(binding("WorkflowArn"), Some(HttpBinding::Label));
    assert_eq!(binding("MaxResults"), Some(HttpBinding::Query("maxResults".into())));
    assert_eq!(binding("NextToken"), Some(HttpBinding::Query("nextToken".into())));
    // Output members without a binding trait are body members.
    let output = krate.ir.shapes.iter().find(|s| s.path == op.output).expect("output shape");
    let ShapeKind::Struct { members, .. } = &output.kind else { panic!("output is a structure") };
    assert!(members.iter().all(|m| m.http == HttpBinding::Body));
}

#[test]
fn bindings_and_http_traits_read_from_traits() {
    let traits = |json: &str| serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(json).expect("JSON");
    assert_eq!(HttpBinding::of(&traits(r#"{"smithy.api#httpHeader": "X-Foo"}"#)), HttpBinding::Header("X-Foo".into()));
    assert_eq!(
        HttpBinding::of(&traits(r#"{"smithy.api#httpPrefixHeaders": "X-Meta-"}"#)),
        HttpBinding::PrefixHeaders("X-Meta-".into())
    );
    assert_eq!(HttpBinding::of(&traits(r#"{"smithy.api#httpQueryParams": {}}"#)), HttpBinding::QueryParams);
    assert_eq!(HttpBinding::of(&traits(r#"{"smithy.api#httpPayload": {}}"#)), HttpBinding::Payload);
    assert_eq!(HttpBinding::of(&traits(r#"{"smithy.api#httpResponseCode": {}}"#)), HttpBinding::ResponseCode);
    assert_eq!(HttpBinding::of(&traits(r#"{"smithy.api#documentation": "x"}"#)), HttpBinding::Body);
    let http = |json: &str| HttpIr::of(&traits(json));
    assert_eq!(
        http(r#"{"smithy.api#http": {"method": "PUT", "uri": "/a/{b+}?x", "code": 201}}"#),
        Some(HttpIr { method: "PUT".into(), uri: "/a/{b+}?x".into(), code: 201 })
    );
    // Malformed traits give no binding rather than a failure (awsJson ignores them).
    assert_eq!(http(r#"{"smithy.api#http": {"method": "PUT"}}"#), None);
    assert_eq!(http(r#"{"smithy.api#http": {"method": "PUT", "uri": "/", "code": 70000}}"#), None);
}
