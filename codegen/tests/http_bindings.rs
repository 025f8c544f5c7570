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

/// A restJson1 service: `Put` shares one structure as input and output, `Get` lacks `@http`,
/// `Bad` binds a list as its payload, `BadHeader` a structure to a header.
const REST_JSON: &str = r#"{"smithy": "2.0", "shapes": {
    "ex#Svc": {"type": "service", "version": "1",
               "operations": [{"target": "ex#Put"}, {"target": "ex#Get"}, {"target": "ex#Bad"}, {"target": "ex#BadHeader"}],
               "traits": {"aws.protocols#restJson1": {}}},
    "ex#Put": {"type": "operation", "input": {"target": "ex#PutIO"}, "output": {"target": "ex#PutIO"},
               "traits": {"smithy.api#http": {"method": "PUT", "uri": "/things/{id}"}}},
    "ex#PutIO": {"type": "structure", "members": {
        "id": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}},
        "when": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#httpHeader": "X-When"}},
        "since": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#httpQuery": "since"}},
        "at": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#httpHeader": "X-At", "smithy.api#timestampFormat": "epoch-seconds"}},
        "body": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#jsonName": "Body"}}
    }},
    "ex#Get": {"type": "operation"},
    "ex#Bad": {"type": "operation", "input": {"target": "ex#BadInput"},
               "traits": {"smithy.api#http": {"method": "POST", "uri": "/bad"}}},
    "ex#BadInput": {"type": "structure", "members": {
        "items": {"target": "ex#Items", "traits": {"smithy.api#httpPayload": {}}}
    }},
    "ex#Items": {"type": "list", "member": {"target": "smithy.api#String"}},
    "ex#BadHeader": {"type": "operation", "output": {"target": "ex#BadHeaderOutput"},
               "traits": {"smithy.api#http": {"method": "GET", "uri": "/bad-header"}}},
    "ex#BadHeaderOutput": {"type": "structure", "members": {
        "meta": {"target": "ex#BadInput", "traits": {"smithy.api#httpHeader": "X-Meta"}}
    }}
}}"#;

fn rest_json() -> awsgen::GeneratedCrate {
    let path = Path::new("rest/model.json");
    let model = awsgen::model::Model::from_slice(path, REST_JSON.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let settings = Settings {
        model: path.to_owned(),
        selection: Selection::default(),
        crate_name: None,
        manifest: ManifestSettings { runtime_dependency: "{ path = \"../runtime\" }".into(), ..ManifestSettings::default() },
    };
    awsgen::generate_from_model(model, &settings).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn rest_json_resolves_timestamp_formats_by_location_and_json_names() {
    use awsgen::ir::{Protocol, TypeIr};
    use awsgen::model::traits::TimestampFormat;
    let krate = rest_json();
    assert_eq!(krate.ir.service.protocol, Protocol::RestJson1);
    let op = krate.ir.operations.iter().find(|o| o.name == "Put").expect("Put");
    let input = krate.ir.shape(&op.input).expect("input");
    let ShapeKind::Struct { members, .. } = &input.kind else { panic!("input is a structure") };
    let member = |wire: &str| members.iter().find(|m| m.wire == wire).expect(wire);
    assert_eq!(member("when").ty, TypeIr::Timestamp(TimestampFormat::HttpDate));
    assert_eq!(member("since").ty, TypeIr::Timestamp(TimestampFormat::DateTime));
    assert_eq!(member("at").ty, TypeIr::Timestamp(TimestampFormat::EpochSeconds));
    assert_eq!(member("body").ty, TypeIr::Timestamp(TimestampFormat::EpochSeconds));
    assert_eq!(member("body").json_key, "Body");
    assert_eq!(member("id").json_key, "id");
}

#[test]
fn rest_json_gives_a_shared_input_and_output_one_type_per_role() {
    let krate = rest_json();
    let op = krate.ir.operations.iter().find(|o| o.name == "Put").expect("Put");
    assert_ne!(op.input, op.output);
    let role = |path| match &krate.ir.shape(path).expect("shape").kind {
        ShapeKind::Struct { role, .. } => role.clone(),
        _ => panic!("a structure"),
    };
    assert_eq!(role(&op.input), awsgen::ir::StructRole::Input);
    assert_eq!(role(&op.output), awsgen::ir::StructRole::Output);
}

#[test]
fn rest_json_leaves_out_operations_it_cannot_bind_with_the_reason() {
    let krate = rest_json();
    let reason = |name: &str| krate.ir.skipped.iter().find(|s| s.name == name).map(|s| s.reason.clone()).unwrap_or_default();
    assert!(reason("Get").contains("`@http`"), "{}", reason("Get"));
    assert!(reason("Bad").contains("`@httpPayload` of a `list` (`ex#Items`)"), "{}", reason("Bad"));
    assert!(reason("BadHeader").contains("output member `meta` is an `@httpQuery` or `@httpHeader` of a `structure`"), "{}", reason("BadHeader"));
    assert_eq!(krate.ir.operations.len(), 1);
}
