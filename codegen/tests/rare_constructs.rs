//! The rare-constructs fixture: every construct that only one or two models of the awsJson
//! corpus use (`cargo xtask constructs`; its `--ignored` test checks the list). Each is
//! either used or ignored on purpose; the crate compiles under clippy `-D warnings` in
//! xtask's `operation_subset_and_fixture_compile`.

use std::path::Path;

use awsgen::ir::{AuthIr, ContextValue};
use awsgen::{ManifestSettings, Selection, Settings};

fn generate() -> awsgen::GeneratedCrate {
    let settings = Settings {
        model: Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rare-constructs.json"),
        selection: Selection::default(),
        crate_name: None,
        manifest: ManifestSettings { runtime_dependency: "{ path = \"../runtime\" }".into(), ..ManifestSettings::default() },
    };
    awsgen::generate(&settings).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn rare_constructs_are_used_or_ignored_as_documented() {
    let krate = generate();
    let ir = &krate.ir;
    // Several protocols: the awsJson one; `@awsQueryCompatible` is used.
    assert_eq!(ir.service.protocol, awsgen::ir::Protocol::AwsJson1_0);
    assert!(ir.service.query_compatible);
    // A streaming blob awsJson cannot carry (no HTTP payload) leaves out its operation, with the reason.
    let ops: Vec<&str> = ir.operations.iter().map(|op| op.name.as_str()).collect();
    assert_eq!(ops, ["Clone", "DescribeEndpoints", "GetRecord", "ListShards"]);
    // An operation named like a trait method: `client.clone()` stays `Clone::clone`.
    let clone = ir.operations.iter().find(|op| op.name == "Clone").expect("Clone");
    assert_eq!(clone.fn_name, "clone_2");
    assert!(krate.files.contains_key("src/operation/clone_2.rs"));
    assert_eq!(ir.skipped.len(), 1);
    assert!(ir.skipped[0].reason.contains("a streaming blob"), "{:?}", ir.skipped);
    // `@readonly` makes `GetRecord` retry-safe; `@optionalAuth`, `@unstable` and
    // `@clientDiscoveredEndpoint` change nothing else.
    let get = ir.operations.iter().find(|op| op.name == "GetRecord").expect("GetRecord");
    assert!(get.retry_safe && get.deprecated.is_none() && get.paginator.is_none() && get.host_prefix.is_none());
    // Its endpoint parameters: the constant, then the members (their effect on the endpoint
    // is tested in `fixtures/rare-constructs-tests/`).
    let params: Vec<(&str, &ContextValue)> = get.endpoint_params.iter().map(|p| (p.name.as_str(), &p.value)).collect();
    assert_eq!(
        params,
        [
            ("ReadOnly", &ContextValue::Static(serde_json::json!(true))),
            ("ResourceArn", &ContextValue::Member("ResourceArn".into())),
            ("Replica", &ContextValue::Member("Replica".into())),
        ]
    );
    assert!(ir.operations.iter().filter(|op| op.name != "GetRecord").all(|op| op.endpoint_params.is_empty()));
    // Signing: `@optionalAuth` on `GetRecord`, `@auth([])` on `DescribeEndpoints`, SigV4 for
    // the rest (their calls are tested in `fixtures/rare-constructs-tests/`).
    let auth: Vec<(&str, AuthIr)> = ir.operations.iter().map(|op| (op.name.as_str(), op.auth)).collect();
    assert_eq!(
        auth,
        [("Clone", AuthIr::SigV4), ("DescribeEndpoints", AuthIr::None), ("GetRecord", AuthIr::Optional), ("ListShards", AuthIr::SigV4)]
    );
    // `@sparse` maps hold options, `@uniqueItems` lists are plain lists, `@addedDefault`
    // keeps the default.
    let output = &krate.files["src/operation/get_record.rs"];
    for expected in [
        "pub sparse: Option<std::collections::BTreeMap<String, Option<i32>>>",
        "pub tags: Option<Vec<String>>",
        "pub retries: i32",
    ] {
        assert!(output.contains(expected), "{expected} missing from:\n{output}");
    }
    // Members named like fluent builder methods get `_value` methods (entries of the
    // builder's `accessors!`, for the field of the member's name).
    for method in [" send_value(set_send_value, get_send_value) for send:", " as_input_value(", " build_value("] {
        assert!(output.contains(method), "{method} missing");
    }
    // An enum token: a paginator over it, without the empty-token check strings and maps get.
    let list = &krate.files["src/operation/list_shards.rs"];
    assert!(list.contains("type Token = crate::types::Shard;"), "{list}");
    assert!(list.contains("output.next_shard.as_ref()\n"), "{list}");
    // The endpoint rule set compiles; the parameters bound by `@contextParam` and
    // `@staticContextParams` exist but are not set by operations (a documented gap).
    assert!(ir.service.endpoint_rules.is_some());
}
