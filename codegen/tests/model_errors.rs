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
        manifest: ManifestSettings { runtime_dependency: "{ path = \"../runtime\" }".into(), ..ManifestSettings::default() },
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
    // The operation reaching it is left out (hostile_models.rs has the cases with more
    // operations); the error names the member and the type.
    let krate = generate(&json, None).unwrap_or_else(|e| panic!("{e}"));
    assert!(krate.ir.operations.is_empty());
    let [skipped] = krate.ir.skipped.as_slice() else { panic!("{:?}", krate.ir.skipped) };
    assert_eq!(skipped.name, "Op");
    assert!(skipped.reason.contains("`ex#OpInput$Odd`"), "{}", skipped.reason);
    assert!(skipped.reason.contains("`banana`"), "{}", skipped.reason);
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

/// The error for `json`, which must name the file, contain every one of `parts` and (for
/// operations-only models) not be a panic.
#[track_caller]
fn assert_rejected(json: &str, parts: &[&str]) {
    let err = generate(json, None).err().unwrap_or_else(|| panic!("accepted: {json}"));
    assert!(err.starts_with("broken/model.json: shape `"), "names the file and the shape: {err}");
    for part in parts {
        assert!(err.contains(part), "{err:?} should contain {part:?}");
    }
}

/// `ex#OpInput` with one member `N` targeting `target` and carrying `member_traits`.
fn input_member(target: &str, member_traits: &str, extra_shapes: &str) -> String {
    service(
        &format!(
            r#", "ex#OpInput": {{"type": "structure", "members": {{"N": {{"target": "{target}", "traits": {{{member_traits}}}}}}}}} {extra_shapes}"#
        ),
        JSON10,
    )
}

#[test]
fn an_operation_input_or_output_that_is_not_a_structure_is_an_error() {
    assert_rejected(
        &service(r#", "ex#OpInput": {"type": "string"}"#, JSON10),
        &["shape `ex#Op`: `input` targets `ex#OpInput` (type `string`); an operation's input must be a structure"],
    );
    let json = r#"{"smithy": "2.0", "shapes": {
        "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Op"}],
                   "traits": {"aws.protocols#awsJson1_0": {}}},
        "ex#Op": {"type": "operation", "output": {"target": "ex#Out"}},
        "ex#Out": {"type": "list", "member": {"target": "smithy.api#String"}}}}"#;
    assert_rejected(json, &["shape `ex#Op`: `output` targets `ex#Out` (type `list`); an operation's output must be a structure"]);
    // A prelude shape that is not a structure.
    let json = json.replace(r#""output": {"target": "ex#Out"}"#, r#""input": {"target": "smithy.api#String"}"#);
    assert_rejected(&json, &["shape `ex#Op`: `input` targets `smithy.api#String` (type `string`)"]);
    // `smithy.api#Unit` is fine.
    let json = json.replace(r#""input": {"target": "smithy.api#String"}"#, r#""input": {"target": "smithy.api#Unit"}"#);
    assert!(generate(&json, None).is_ok());
}

#[test]
fn an_operation_error_that_is_not_an_error_structure_is_an_error() {
    let with_errors = |errors: &str, extra: &str| {
        format!(
            r#"{{"smithy": "2.0", "shapes": {{
                "ex#Svc": {{"type": "service", "version": "1", "operations": [{{"target": "ex#Op"}}],
                           "traits": {{"aws.protocols#awsJson1_0": {{}}}}}},
                "ex#Op": {{"type": "operation", "errors": [{errors}]}},
                "ex#Bad": {{"type": "structure", "members": {{}}, "traits": {{"smithy.api#error": "client"}}}}
                {extra}}}}}"#
        )
    };
    assert!(generate(&with_errors(r#"{"target": "ex#Bad"}"#, ""), None).is_ok());
    assert_rejected(
        &with_errors(r#"{"target": "ex#Bad"}, {"target": "ex#Plain"}"#, r#", "ex#Plain": {"type": "structure", "members": {}}"#),
        &["shape `ex#Op`: `errors[1]` targets `ex#Plain`, a structure without the `smithy.api#error` trait"],
    );
    assert_rejected(
        &with_errors(r#"{"target": "ex#Text"}"#, r#", "ex#Text": {"type": "string", "traits": {"smithy.api#error": "client"}}"#),
        &["shape `ex#Op`: `errors[0]` targets `ex#Text`, of type `string`; errors must be structures with `@error`"],
    );
    assert_rejected(
        &with_errors(r#"{"target": "smithy.api#Unit"}"#, ""),
        &["shape `ex#Op`: `errors[0]` targets `smithy.api#Unit`, a structure without"],
    );
    assert_rejected(
        &with_errors(r#"{"target": "smithy.api#String"}"#, ""),
        &["shape `ex#Op`: `errors[0]` targets `smithy.api#String`, of prelude type `string`"],
    );
    // The service's errors too.
    let json = with_errors("", r#", "ex#Plain": {"type": "structure", "members": {}}"#)
        .replace(r#""version": "1","#, r#""version": "1", "errors": [{"target": "ex#Plain"}],"#);
    assert_rejected(&json, &["shape `ex#Svc`: `errors[0]` targets `ex#Plain`, a structure without"]);
}

#[test]
fn a_range_with_a_bound_that_is_not_a_number_is_an_error() {
    assert_rejected(
        &input_member("smithy.api#Integer", r#""smithy.api#range": {"min": "a"}"#, ""),
        &["shape `ex#OpInput$N`: trait `smithy.api#range`: `min` must be a number, found \"a\""],
    );
    // On the target shape, and with min > max.
    assert_rejected(
        &input_member("ex#Count", "", r#", "ex#Count": {"type": "integer", "traits": {"smithy.api#range": {"max": null}}}"#),
        &["shape `ex#Count`: trait `smithy.api#range`: `max` must be a number, found null"],
    );
    assert_rejected(
        &input_member("smithy.api#Integer", r#""smithy.api#range": {"min": 5, "max": 1}"#, ""),
        &["shape `ex#OpInput$N`: trait `smithy.api#range`: `min` (5) is greater than `max` (1)"],
    );
    assert_rejected(
        &input_member("smithy.api#Integer", r#""smithy.api#range": [0, 1]"#, ""),
        &["trait `smithy.api#range`: the value must be an object, found [0,1]"],
    );
    assert!(generate(&input_member("smithy.api#Double", r#""smithy.api#range": {"min": -1.5, "max": 1e3}"#, ""), None).is_ok());
}

#[test]
fn a_length_that_is_not_a_non_negative_integer_is_an_error() {
    for (bound, found) in [(r#""max": "x""#, "\"x\""), (r#""max": -1"#, "-1"), (r#""min": 1.5"#, "1.5")] {
        let which = if bound.contains("max") { "max" } else { "min" };
        assert_rejected(
            &input_member("smithy.api#String", &format!(r#""smithy.api#length": {{{bound}}}"#), ""),
            &[&format!("shape `ex#OpInput$N`: trait `smithy.api#length`: `{which}` must be a non-negative integer, found {found}")],
        );
    }
    assert_rejected(
        &input_member("smithy.api#String", r#""smithy.api#length": {"min": 3, "max": 2}"#, ""),
        &["trait `smithy.api#length`: `min` (3) is greater than `max` (2)"],
    );
    assert!(generate(&input_member("smithy.api#String", r#""smithy.api#length": {"min": 2, "max": 2}"#, ""), None).is_ok());
}

#[test]
fn a_paginated_trait_with_a_token_that_is_not_a_string_is_an_error() {
    let paged = |paginated: &str| {
        format!(
            r#"{{"smithy": "2.0", "shapes": {{
                "ex#Svc": {{"type": "service", "version": "1", "operations": [{{"target": "ex#Op"}}],
                           "traits": {{"aws.protocols#awsJson1_0": {{}}}}}},
                "ex#Op": {{"type": "operation", "input": {{"target": "ex#In"}}, "output": {{"target": "ex#Out"}},
                          "traits": {{"smithy.api#paginated": {paginated}}}}},
                "ex#In": {{"type": "structure", "members": {{"Token": {{"target": "smithy.api#String"}},
                                                              "Size": {{"target": "smithy.api#Integer"}}}}}},
                "ex#Out": {{"type": "structure", "members": {{"Next": {{"target": "smithy.api#String"}},
                                                               "Items": {{"target": "ex#Items"}}}}}},
                "ex#Items": {{"type": "list", "member": {{"target": "smithy.api#String"}}}}}}}}"#
        )
    };
    let good = r#"{"inputToken": "Token", "outputToken": "Next", "pageSize": "Size", "items": "Items"}"#;
    assert!(generate(&paged(good), None).is_ok());
    assert_rejected(
        &paged(r#"{"inputToken": 1, "outputToken": "Next"}"#),
        &["shape `ex#Op`: trait `smithy.api#paginated`: `inputToken` must be a string, found 1"],
    );
    // Before, a bad `pageSize` or `items` was silently dropped.
    assert_rejected(
        &paged(r#"{"inputToken": "Token", "outputToken": "Next", "pageSize": ["Size"]}"#),
        &["trait `smithy.api#paginated`: `pageSize` must be a string, found [\"Size\"]"],
    );
    assert_rejected(
        &paged(r#"{"inputToken": "Token", "outputToken": "Next", "items": false}"#),
        &["trait `smithy.api#paginated`: `items` must be a string, found false"],
    );
    assert_rejected(&paged("true"), &["trait `smithy.api#paginated`: the value must be an object, found true"]);
}

#[test]
fn a_default_of_the_wrong_type_for_its_target_is_an_error() {
    let cases = [
        ("smithy.api#Integer", r#""ten""#, "the default for `smithy.api#Integer` (type `integer`) must be an integer within the shape's range, found \"ten\""),
        ("smithy.api#Boolean", "1", "the default for `smithy.api#Boolean` (type `boolean`) must be a boolean, found 1"),
        ("smithy.api#String", "5", "the default for `smithy.api#String` (type `string`) must be a string, found 5"),
        ("smithy.api#Integer", "1.5", "must be an integer within the shape's range, found 1.5"),
        ("smithy.api#Integer", "3000000000", "found 3000000000"),
        ("smithy.api#Double", "{}", "the default for `smithy.api#Double` (type `double`) must be a number, found {}"),
        ("ex#Names", r#"["a"]"#, "the default for `ex#Names` (type `list`) must be an empty list, found [\"a\"]"),
        ("ex#Color", "5", "the default for `ex#Color` (type `enum`) must be a string, found 5"),
        ("ex#Level", "7", "`ex#Level` (type `intEnum`) has no value 7"),
        // An enum default is a value, not a member name.
        ("ex#Color", r#""RED""#, "`ex#Color` (type `enum`) has no value \"RED\""),
        ("ex#Level", r#""LOW""#, "the default for `ex#Level` (type `intEnum`) must be an integer"),
        ("ex#Nested", "{}", "`ex#Nested` (type `structure`) cannot have a default value"),
    ];
    let extra = r#", "ex#Names": {"type": "list", "member": {"target": "smithy.api#String"}},
        "ex#Color": {"type": "enum", "members": {"RED": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "red"}}}},
        "ex#Level": {"type": "intEnum", "members": {"LOW": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 1}}}},
        "ex#Nested": {"type": "structure", "members": {}}"#;
    for (target, default, expected) in cases {
        assert_rejected(
            &input_member(target, &format!(r#""smithy.api#default": {default}"#), extra),
            &["shape `ex#OpInput$N`: trait `smithy.api#default`: ", expected],
        );
    }
    // On a shape (where `null` is no value either).
    assert_rejected(
        &input_member("ex#Count", "", r#", "ex#Count": {"type": "long", "traits": {"smithy.api#default": null}}"#),
        &["shape `ex#Count`: trait `smithy.api#default`: the default for `ex#Count` (type `long`) must be a value"],
    );
    // Valid defaults of every kind are accepted.
    for (target, default) in [
        ("smithy.api#Integer", "-3"),
        ("smithy.api#Boolean", "true"),
        ("smithy.api#String", r#""x""#),
        ("smithy.api#Double", r#""NaN""#),
        ("smithy.api#Float", "0.5"),
        ("smithy.api#Timestamp", "0"),
        ("smithy.api#Document", r#"{"a": [1]}"#),
        ("ex#Names", "[]"),
        ("ex#Color", r#""red""#),
        ("ex#Level", "1"),
        ("ex#Nested", "null"),
        ("smithy.api#PrimitiveInteger", "null"),
    ] {
        let json = input_member(target, &format!(r#""smithy.api#default": {default}"#), extra);
        assert!(generate(&json, None).is_ok(), "{target} = {default}: {:?}", generate(&json, None).err());
    }
}

#[test]
fn a_json_name_that_is_not_a_string_is_an_error() {
    assert_rejected(
        &input_member("smithy.api#String", r#""smithy.api#jsonName": 7"#, ""),
        &["shape `ex#OpInput$N`: trait `smithy.api#jsonName`: the value must be a string, found 7"],
    );
    assert!(generate(&input_member("smithy.api#String", r#""smithy.api#jsonName": "n""#, ""), None).is_ok());
}

#[test]
fn a_protocol_trait_that_is_not_an_object_is_an_error() {
    let input = r#", "ex#OpInput": {"type": "structure", "members": {}}"#;
    assert_rejected(
        &service(input, r#""aws.protocols#awsJson1_0": true"#),
        &["shape `ex#Svc`: trait `aws.protocols#awsJson1_0`: the value must be an object, found true"],
    );
    assert_rejected(
        &service(input, r#""aws.protocols#awsJson1_1": "yes""#),
        &["shape `ex#Svc`: trait `aws.protocols#awsJson1_1`: the value must be an object, found \"yes\""],
    );
    assert_rejected(
        &service(input, r#""aws.protocols#awsJson1_0": {"http": "http/1.1"}"#),
        &["trait `aws.protocols#awsJson1_0`: `http` must be a list of strings, found \"http/1.1\""],
    );
    assert!(generate(&service(input, r#""aws.protocols#awsJson1_0": {"http": ["http/1.1", "h2"]}"#), None).is_ok());
}

/// (A string `@timestampFormat` the generator does not know is no error of the model: it
/// costs the operations that reach it; `hostile_models.rs` tests that.)
#[test]
fn other_bad_trait_values_the_generator_reads_are_errors() {
    let cases = [
        (r#""smithy.api#timestampFormat": 1"#, "smithy.api#Timestamp", "trait `smithy.api#timestampFormat`: the value must be a string, found 1"),
        (r#""smithy.api#required": false"#, "smithy.api#String", "trait `smithy.api#required`: the value of an annotation trait must be an object"),
        (r#""smithy.api#documentation": ["x"]"#, "smithy.api#String", "trait `smithy.api#documentation`: the value must be a string"),
        (r#""smithy.api#idempotencyToken": null"#, "smithy.api#String", "trait `smithy.api#idempotencyToken`: the value of an annotation trait"),
    ];
    for (traits, target, expected) in cases {
        assert_rejected(&input_member(target, traits, ""), &["shape `ex#OpInput$N`: ", expected]);
    }
    let error_shape = |traits: &str| {
        format!(
            r#"{{"smithy": "2.0", "shapes": {{
                "ex#Svc": {{"type": "service", "version": "1", "operations": [{{"target": "ex#Op"}}],
                           "traits": {{"aws.protocols#awsJson1_0": {{}}}}}},
                "ex#Op": {{"type": "operation", "errors": [{{"target": "ex#Oops"}}]}},
                "ex#Oops": {{"type": "structure", "members": {{}}, "traits": {{{traits}}}}}}}}}"#
        )
    };
    assert_rejected(
        &error_shape(r#""smithy.api#error": "user""#),
        &["shape `ex#Oops`: trait `smithy.api#error`: the value must be \"client\" or \"server\", found \"user\""],
    );
    assert_rejected(
        &error_shape(r#""smithy.api#error": "server", "smithy.api#httpError": "500""#),
        &["shape `ex#Oops`: trait `smithy.api#httpError`: the value must be an HTTP status code"],
    );
    assert_rejected(
        &error_shape(r#""smithy.api#error": "server", "smithy.api#retryable": {"throttling": "yes"}"#),
        &["shape `ex#Oops`: trait `smithy.api#retryable`: `throttling` must be a boolean, found \"yes\""],
    );
    assert!(generate(&error_shape(r#""smithy.api#error": "server", "smithy.api#httpError": 503, "smithy.api#retryable": {"throttling": true}"#), None).is_ok());
    // A signing name that is missing or not a string.
    let input = r#", "ex#OpInput": {"type": "structure", "members": {}}"#;
    assert_rejected(
        &service(input, r#""aws.protocols#awsJson1_0": {}, "aws.auth#sigv4": {}"#),
        &["shape `ex#Svc`: trait `aws.auth#sigv4`: `name` (the signing name) is missing"],
    );
    // An enum value of the wrong type for its enum.
    let enum_member = r#", "ex#E": {"type": "intEnum", "members": {"A": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "a"}}}}"#;
    assert_rejected(
        &input_member("ex#E", "", enum_member),
        &["shape `ex#E$A`: trait `smithy.api#enumValue`: on a member of `ex#E` (type `intEnum`) the value must be a 32-bit integer, found \"a\""],
    );
}

#[test]
fn an_endpoint_rule_set_that_cannot_be_compiled_leaves_the_crate_without_a_resolver() {
    let rules = r#""smithy.rules#endpointRuleSet": {"version": "1.0",
        "parameters": {"Region": {"type": "String", "builtIn": "AWS::Region"}},
        "rules": [{"conditions": [{"fn": "aws.noSuchFunction", "argv": [{"ref": "Region"}]}],
                   "type": "error", "error": "x"}]},
        "smithy.rules#endpointTests": {"version": "1.0", "testCases": [{"params": {}, "expect": {"error": "x"}}]}"#;
    let json = service(r#", "ex#OpInput": {"type": "structure", "members": {}}"#, &format!("{JSON10}, {rules}"));
    let krate = generate(&json, None).expect("the rest of the crate is generated");
    assert!(!krate.files.contains_key("src/endpoint.rs"));
    assert!(!krate.files.contains_key("src/endpoint_tests.rs"), "its cases could not pass");
    let lib = &krate.files["src/lib.rs"];
    assert!(lib.contains("resolve_endpoint: None"), "{lib}");
    assert!(
        lib.contains("Endpoint resolution (endpoint rule set: rules[0].conditions[0]: unknown function `aws.noSuchFunction`)"),
        "{lib}"
    );
}

#[test]
fn a_required_endpoint_parameter_no_rule_reads_is_still_required() {
    let rules = r#""smithy.rules#endpointRuleSet": {"version": "1.0",
        "parameters": {"Region": {"type": "String", "builtIn": "AWS::Region"},
                       "Stage": {"type": "String", "required": true}},
        "rules": [{"conditions": [], "type": "endpoint", "endpoint": {"url": "https://example.com"}}]}"#;
    let json = service(r#", "ex#OpInput": {"type": "structure", "members": {}}"#, &format!("{JSON10}, {rules}"));
    let krate = generate(&json, None).unwrap_or_else(|e| panic!("{e}"));
    let resolver = &krate.files["src/endpoint.rs"];
    assert!(resolver.contains(r#"params.string("Stage")?.ok_or_else(|| EndpointError::missing("Stage"))?;"#), "{resolver}");
    assert!(resolver.contains(r#"params.string("Region")?;"#), "{resolver}");
}
