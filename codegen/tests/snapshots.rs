//! Snapshots of generator output for the obstacle-course fixture, one focus each.

use std::path::{Path, PathBuf};

use awsgen::{ManifestSettings, Selection, Settings};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/obstacle-course.json")
}

fn generate() -> awsgen::GeneratedCrate {
    generate_selected(None)
}

/// The crate for the given operations (all when `None`).
fn generate_selected(operations: Option<&[&str]>) -> awsgen::GeneratedCrate {
    let settings = Settings {
        model: fixture(),
        selection: Selection { operations: operations.map(|ops| ops.iter().map(|op| op.to_string()).collect()) },
        crate_name: None,
        manifest: ManifestSettings { runtime_dependency: "{ path = \"../runtime\" }".into(), ..ManifestSettings::default() },
    };
    awsgen::generate(&settings).unwrap_or_else(|e| panic!("{e}"))
}

fn file(name: &str) -> String {
    let krate = generate();
    krate.files.get(name).cloned().unwrap_or_else(|| panic!("no file {name}; files: {:?}", krate.files.keys()))
}

#[test]
fn structure_with_every_member_type() {
    insta::assert_snapshot!("obstacles__kitchen_sink", file("src/types/_kitchen_sink.rs"));
}

#[test]
fn open_string_enum() {
    insta::assert_snapshot!("obstacles__enum", file("src/types/_color.rs"));
}

#[test]
fn open_int_enum() {
    insta::assert_snapshot!("obstacles__int_enum", file("src/types/_level.rs"));
}

#[test]
fn recursive_union() {
    insta::assert_snapshot!("obstacles__union", file("src/types/_choice.rs"));
}

#[test]
fn recursive_structure() {
    insta::assert_snapshot!("obstacles__recursive", file("src/types/_node.rs"));
}

#[test]
fn errors_and_service_error() {
    insta::assert_snapshot!("obstacles__errors", file("src/error.rs"));
}

#[test]
fn paginated_operation() {
    insta::assert_snapshot!("obstacles__paginated_operation", file("src/operation/list_things.rs"));
}

#[test]
fn paginated_by_map_tokens() {
    insta::assert_snapshot!("obstacles__map_token_paginator", file("src/operation/scan_things.rs"));
}

/// `CountThings` pages by an integer, which `@paginated` does not allow: the operation is
/// generated without a paginator, and the crate docs say why.
#[test]
fn an_unsupported_paginator_costs_only_the_paginator() {
    let krate = generate();
    let count = krate.ir.operations.iter().find(|op| op.name == "CountThings").expect("CountThings is generated");
    assert!(count.paginator.is_none());
    let [skipped] = krate.ir.skipped_paginators.as_slice() else { panic!("{:?}", krate.ir.skipped_paginators) };
    assert_eq!(skipped.name, "CountThings");
    assert_eq!(skipped.reason, "@paginated inputToken must be a string or a map");
    let lib = &krate.files["src/lib.rs"];
    assert!(lib.contains("//! - The paginator of `CountThings` (@paginated inputToken must be a string or a map)"), "{lib}");
    assert!(!krate.files["src/operation/count_things.rs"].contains("Paginator"));
}

#[test]
fn keyword_and_colliding_names() {
    let keywords = file("src/types/_keywords.rs");
    insta::assert_snapshot!("obstacles__keywords", keywords);
    let krate = generate();
    let types = &krate.files["src/types/mod.rs"];
    for renamed in ["ResultShape", "OptionShape", "BoxShape", "VecShape", "ErrorShape"] {
        assert!(types.contains(renamed), "{renamed} missing from types/mod.rs:\n{types}");
    }
}

#[test]
fn generation_is_deterministic() {
    let first = generate().files;
    for _ in 0..3 {
        assert_eq!(generate().files, first);
    }
}

#[test]
fn resource_operations_are_found() {
    let krate = generate();
    let ops: Vec<&str> = krate.ir.operations.iter().map(|op| op.name.as_str()).collect();
    assert_eq!(ops, ["CountThings", "DescribeNode", "GetThing", "ListThings", "ScanThings"]);
}

fn manifest(operations: Option<&[&str]>) -> String {
    generate_selected(operations).files["Cargo.toml"].clone()
}

#[test]
fn exact_float_parsing_is_asked_for_only_by_crates_with_floating_point_members() {
    // The kitchen sink (GetThing) holds a double, a float and a document; a node does not.
    assert!(manifest(None).contains(r#"serde_json = { version = "1", features = ["float_roundtrip"] }"#));
    assert!(manifest(Some(&["GetThing"])).contains("float_roundtrip"));
    let without = manifest(Some(&["DescribeNode"]));
    assert!(!without.contains("float_roundtrip") && !without.contains("serde_json"), "{without}");
}

#[test]
fn endpoint_resolver_compiled_from_the_rule_set() {
    insta::assert_snapshot!("obstacles__endpoint", file("src/endpoint.rs"));
}
