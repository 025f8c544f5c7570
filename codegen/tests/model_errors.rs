//! A broken model is an error that names the file and the shape (or JSON position), never a
//! panic.

use std::path::Path;

use awsgen::model::Model;
use awsgen::{ManifestSettings, Selection, Settings};

fn generate(json: &str, operations: Option<Vec<String>>) -> Result<awsgen::GeneratedCrate, String> {
    let path = Path::new("broken/model.json");
    let model = Model::from_slice(path, json.as_bytes()).map_err(|e| e.to_string())?;
    let settings = Settings {
        model: path.to_owned(),
        selection: Selection { operations },
        crate_name: None,
        manifest: ManifestSettings { runtime_dependency: "{ path = \"../runtime\" }".into(), extra: String::new() },
    };
    awsgen::generate_from_model(model, &settings).map_err(|e| e.to_string())
}

fn service(extra_shapes: &str, service_traits: &str) -> String {
    format!(
        r#"{{"smithy": "2.0", "shapes": {{
            "ex#Svc": {{"type": "service", "version": "1", "operations": [{{"target": "ex#Op"}}],
                        "traits": {{{service_traits}}}}},
            "ex#Op": {{"type": "operation", "input": {{"target": "ex#OpInput"}}}}
            {extra_shapes}
        }}}}"#
    )
}

const JSON10: &str = r#""aws.protocols#awsJson1_0": {}"#;

#[test]
fn not_json_names_file_line_and_column() {
    let err = generate("{\"smithy\": \"2.0\", \"shapes\": {", None).unwrap_err();
    assert!(err.starts_with("broken/model.json: invalid model JSON:"), "{err}");
    assert!(err.contains("line 1"), "{err}");
}

#[test]
fn missing_top_level_keys_are_named() {
    let err = generate(r#"{"shapes": {}}"#, None).unwrap_err();
    assert!(err.contains("missing `smithy` version"), "{err}");
    let err = generate(r#"{"smithy": "2.0"}"#, None).unwrap_err();
    assert!(err.contains("missing `shapes`"), "{err}");
}

#[test]
fn a_member_targeting_a_missing_shape_names_the_member() {
    let json = service(r#", "ex#OpInput": {"type": "structure", "members": {"Name": {"target": "ex#Nowhere"}}}"#, JSON10);
    let err = generate(&json, None).unwrap_err();
    assert!(err.contains("shape `ex#OpInput$Name`"), "{err}");
    assert!(err.contains("`ex#Nowhere`, which is not defined"), "{err}");
}

#[test]
fn a_malformed_shape_names_the_shape() {
    let json = service(r#", "ex#OpInput": {"type": "structure", "members": {"Name": {"traits": {}}}}"#, JSON10);
    let err = generate(&json, None).unwrap_err();
    assert!(err.contains("shape `ex#OpInput`"), "{err}");
    assert!(err.contains("member `Name`"), "{err}");
    let json = service(r#", "ex#OpInput": 42"#, JSON10);
    let err = generate(&json, None).unwrap_err();
    assert!(err.contains("shape `ex#OpInput`: a shape must be a JSON object"), "{err}");
}

#[test]
fn a_member_targeting_an_unknown_shape_type_is_unsupported() {
    let json = service(
        r#", "ex#OpInput": {"type": "structure", "members": {"Odd": {"target": "ex#Odd"}}},
             "ex#Odd": {"type": "banana"}"#,
        JSON10,
    );
    let err = generate(&json, None).unwrap_err();
    assert!(err.contains("shape `ex#OpInput$Odd`: unsupported"), "{err}");
    assert!(err.contains("`banana`"), "{err}");
}

#[test]
fn a_mixin_cycle_is_reported_with_its_path() {
    let json = service(
        r#", "ex#OpInput": {"type": "structure", "members": {}, "mixins": [{"target": "ex#A"}]},
             "ex#A": {"type": "structure", "members": {}, "mixins": [{"target": "ex#B"}], "traits": {"smithy.api#mixin": {}}},
             "ex#B": {"type": "structure", "members": {}, "mixins": [{"target": "ex#A"}], "traits": {"smithy.api#mixin": {}}}"#,
        JSON10,
    );
    let err = generate(&json, None).unwrap_err();
    assert!(err.contains("mixin cycle"), "{err}");
    assert!(err.contains("ex#A -> ex#B -> ex#A") || err.contains("ex#B -> ex#A -> ex#B"), "{err}");
}

#[test]
fn an_unsupported_protocol_is_named() {
    let json = service(r#", "ex#OpInput": {"type": "structure", "members": {}}"#, r#""aws.protocols#restXml": {}"#);
    let err = generate(&json, None).unwrap_err();
    assert!(err.contains("shape `ex#Svc`: unsupported: protocol"), "{err}");
    assert!(err.contains("aws.protocols#restXml"), "{err}");
}

#[test]
fn an_unknown_operation_selection_lists_the_known_ones() {
    let json = service(r#", "ex#OpInput": {"type": "structure", "members": {}}"#, JSON10);
    let err = generate(&json, Some(vec!["Nope".into()])).unwrap_err();
    assert!(err.contains("has no operation `Nope`; it has: Op"), "{err}");
    assert!(generate(&json, Some(vec!["Op".into()])).is_ok());
}

#[test]
fn a_missing_model_file_names_the_path() {
    let err = Model::load(Path::new("/nonexistent/model.json")).unwrap_err().to_string();
    assert!(err.starts_with("/nonexistent/model.json:"), "{err}");
}
