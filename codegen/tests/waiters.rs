//! Waiters: the fixture's waiters generated (their behaviour is tested in the fixture's crate,
//! `fixtures/waiters-tests/`), documented, and the ones the generator cannot compile left out
//! with the reason; and (`--ignored`, `AWSGEN_CORPUS_DIRS`) every waiter of the corpora.

use std::path::{Path, PathBuf};

use awsgen::model::Model;
use awsgen::{ManifestSettings, Selection, Settings};
use serde_json::{json, Value};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/waiters.json")
}

fn settings(model: PathBuf) -> Settings {
    Settings {
        model,
        selection: Selection::default(),
        crate_name: None,
        manifest: ManifestSettings { runtime_dependency: "{ path = \"../runtime\" }".into(), ..ManifestSettings::default() },
    }
}

fn generate(model: &Value) -> awsgen::GeneratedCrate {
    let path = fixture();
    let model = Model::from_slice(&path, model.to_string().as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    awsgen::generate_from_model(model, &settings(path)).unwrap_or_else(|e| panic!("{e}"))
}

fn fixture_json() -> Value {
    serde_json::from_slice(&std::fs::read(fixture()).expect("fixture")).expect("fixture JSON")
}

#[test]
fn the_fixture_waiters_are_methods_documented_with_their_acceptors_and_delays() {
    let krate = generate(&fixture_json());
    let names: Vec<&str> = krate.ir.waiters.iter().map(|w| w.fn_name.as_str()).collect();
    assert_eq!(
        names,
        [
            "wait_until_all_things_active",
            "wait_until_big_parts",
            "wait_until_groups_done",
            "wait_until_name_echoed",
            "wait_until_not_busy",
            "wait_until_parts_ok",
            "wait_until_summary_active",
            "wait_until_thing_active",
            "wait_until_thing_call_fails",
            "wait_until_thing_deleted",
            "wait_until_thing_ready",
        ]
    );
    let client = &krate.files["src/client.rs"];
    for name in &names {
        assert!(client.contains(&format!("pub fn {name}(")), "{name}");
    }
    for line in [
        "/// Waits until the thing is `ACTIVE`.",
        "/// Delays between polls: from 1 s, doubling up to 4 s, with jitter;",
        "/// 1. **success** when `` Thing.Status `` of the output is `\"ACTIVE\"`.",
        "/// 2. **failure** when `` Thing.Status `` of the output is `\"FAILED\"`.",
        "/// 3. **retry** when the call fails with `ThingNotFound`.",
        "/// 1. **success** when `` Thing.Parts[].State `` of the output are all `\"ok\"` (and there is at least one).",
        "/// 1. **success** when `` output.Thing.Name == input.Name `` of `{input, output}` is `true`.",
        "/// 1. **success** when the call fails.",
    ] {
        assert!(client.contains(line), "missing: {line}");
    }
    // The two the generator cannot compile are listed in the crate docs, the others generated.
    let skipped: Vec<(&str, &str)> = krate.ir.skipped_waiters.iter().map(|s| (s.name.as_str(), s.reason.as_str())).collect();
    assert_eq!(
        skipped,
        [
            ("LabelledThing", "acceptor 1: path `Thing.Labels.color`: a member of type map in a path"),
            ("PipedThing", "acceptor 1: path `Thing.Parts | [0].State`: pipe `|` is not supported"),
        ]
    );
    let lib = &krate.files["src/lib.rs"];
    assert!(lib.contains("//! - The waiter `PipedThing`: acceptor 1: path `Thing.Parts | [0].State`: pipe `|` is not supported."), "{lib}");
    assert!(krate.files.contains_key("src/waiters.rs"));
}

/// A waiter whose definition or expression is wrong costs that waiter, with the reason.
#[test]
fn a_broken_waiter_is_left_out_with_the_reason_and_the_crate_generated() {
    let mut model = fixture_json();
    let waitable = &mut model["shapes"]["example.waiters#DescribeThing"]["traits"]["smithy.waiters#waitable"];
    let output = |path: &str, expected: &str, comparator: &str| {
        json!({ "acceptors": [{ "state": "success", "matcher": { "output": { "path": path, "expected": expected, "comparator": comparator } } }] })
    };
    let broken = [
        ("Backwards", json!({ "minDelay": 10, "maxDelay": 5, "acceptors": [{ "state": "success", "matcher": { "success": true } }] }), "minDelay 10 exceeds maxDelay 5"),
        ("NoAcceptors", json!({ "acceptors": [] }), "no acceptors"),
        ("BadState", json!({ "acceptors": [{ "state": "done", "matcher": { "success": true } }] }), "acceptor 1: unknown state Some(\"done\")"),
        ("NoMember", output("Thing.Nope", "x", "stringEquals"), "`Thing` has no member `Nope`"),
        ("NumberAsString", output("Thing.Count", "3", "stringEquals"), "StringEquals on a value of type Num"),
        ("NotBoolean", output("Thing.Ready", "yes", "booleanEquals"), "booleanEquals expects `true` or `false`, not `yes`"),
        ("Unclosed", output("Thing.Parts[?State == 'ok'", "ok", "anyStringEquals"), "path `Thing.Parts[?State == 'ok'`: expected RBracket"),
        ("UnknownFunction", output("to_string(Thing.Count)", "3", "stringEquals"), "function `to_string` with 1 argument(s) is not supported"),
        ("MixedComparison", output("Thing.Count == 'three'", "true", "booleanEquals"), "comparison of Num with Str"),
    ];
    for (name, definition, _) in &broken {
        waitable[name] = definition.clone();
    }
    let krate = generate(&model);
    for (name, _, reason) in &broken {
        let skipped = krate.ir.skipped_waiters.iter().find(|s| s.name == *name).unwrap_or_else(|| panic!("{name} not left out"));
        assert!(skipped.reason.contains(reason), "{name}: {}", skipped.reason);
        assert!(krate.files["src/lib.rs"].contains(&format!("The waiter `{name}`")), "{name}");
    }
    assert_eq!(krate.ir.waiters.len(), 11, "the fixture's good waiters are still generated");
}

/// Every waiter of the corpora's models that generate is generated (`AWSGEN_CORPUS_DIRS`,
/// directories separated by `:`): none left out. Compiling them is `cargo xtask corpus`'s
/// job (`--only` the models with waiters).
#[test]
#[ignore = "reads the shared corpora named by AWSGEN_CORPUS_DIRS"]
fn every_corpus_waiter_is_generated() {
    let dirs = std::env::var("AWSGEN_CORPUS_DIRS").expect("AWSGEN_CORPUS_DIRS: corpus directories separated by `:`");
    let (mut models, mut waiters, mut parsed) = (0, 0, 0);
    for dir in dirs.split(':').filter(|d| !d.is_empty()) {
        let mut paths: Vec<PathBuf> =
            std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{dir}: {e}")).filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths.into_iter().filter(|p| p.extension().is_some_and(|x| x == "json")) {
            let text = std::fs::read(&path).expect("model");
            if !String::from_utf8_lossy(&text).contains("smithy.waiters#waitable") {
                continue;
            }
            let model = Model::from_slice(&path, &text).unwrap_or_else(|e| panic!("{e}"));
            // Models of protocols the generator does not support yet: their paths parse at least.
            let Ok(krate) = awsgen::generate_from_model(model, &settings(path.clone())) else {
                parsed += parse_every_path(&serde_json::from_slice(&text).expect("JSON"), &path);
                continue;
            };
            assert_eq!(krate.ir.skipped_waiters, [], "{}", path.display());
            models += 1;
            waiters += krate.ir.waiters.len();
        }
    }
    assert!(waiters > 0, "no waiters in {dirs}");
    println!("{waiters} waiters of {models} models generated; {parsed} paths of models not generated parsed");
}

/// Parses the path of every output and inputOutput matcher of `model`; how many.
fn parse_every_path(model: &Value, path: &Path) -> usize {
    let mut parsed = 0;
    let shapes = model["shapes"].as_object().into_iter().flat_map(|shapes| shapes.values());
    for waiters in shapes.filter_map(|shape| shape["traits"]["smithy.waiters#waitable"].as_object()) {
        for acceptor in waiters.values().flat_map(|w| w["acceptors"].as_array().into_iter().flatten()) {
            for kind in ["output", "inputOutput"] {
                if let Some(text) = acceptor["matcher"][kind]["path"].as_str() {
                    awsgen::waiters::jmespath::parse(text).unwrap_or_else(|e| panic!("{}: `{text}`: {e}", path.display()));
                    parsed += 1;
                }
            }
        }
    }
    parsed
}
