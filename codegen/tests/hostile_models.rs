//! Hostile model files: each is an error naming the file and the shape id or JSON position —
//! never a panic, a stack overflow, or an attempt to read a huge file into memory.
//! (The basic cases — not JSON, missing top-level keys, a missing structure-member target, a
//! two-shape mixin cycle — are in `model_errors.rs`.)

use std::path::{Path, PathBuf};

use awsgen::model::{Model, MAX_MODEL_BYTES};
use awsgen::{ManifestSettings, Selection, Settings};

const FILE: &str = "hostile/model.json";

fn settings(model: PathBuf) -> Settings {
    Settings {
        model,
        selection: Selection::default(),
        crate_name: None,
        manifest: ManifestSettings {
            runtime_dependency: "{ path = \"../runtime\" }".into(),
            ..ManifestSettings::default()
        },
    }
}

/// Loads and generates `json`, returning the error text.
fn generate(json: &[u8]) -> Result<awsgen::GeneratedCrate, String> {
    let path = Path::new(FILE);
    let model = Model::from_slice(path, json).map_err(|e| e.to_string())?;
    awsgen::generate_from_model(model, &settings(path.to_owned())).map_err(|e| e.to_string())
}

/// Generates `json` on a thread with a 1 MiB stack and returns the error text: a recursion
/// regression then fails the test by overflowing, rather than passing by luck of stack size.
#[track_caller]
fn error_on_small_stack(json: Vec<u8>) -> String {
    std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(move || generate(&json).map(|_| ()))
        .unwrap()
        .join()
        .expect("no stack overflow")
        .unwrap_err()
}

#[track_caller]
fn error(json: &str) -> String {
    let err = generate(json.as_bytes())
        .err()
        .unwrap_or_else(|| panic!("expected an error for {json}"));
    assert!(
        err.starts_with(&format!("{FILE}: ")),
        "the error names the file: {err}"
    );
    err
}

#[track_caller]
fn assert_error(json: &str, parts: &[&str]) {
    let err = error(json);
    for part in parts {
        assert!(err.contains(part), "{err:?} should contain {part:?}");
    }
}

/// A service `ex#Svc` (awsJson1_0) with operation `ex#Op` taking `ex#OpInput`, plus `extra`.
fn service(extra: &str) -> String {
    format!(
        r#"{{"smithy": "2.0", "shapes": {{
            "ex#Svc": {{"type": "service", "version": "1", "operations": [{{"target": "ex#Op"}}],
                        "traits": {{"aws.protocols#awsJson1_0": {{}}}}}},
            "ex#Op": {{"type": "operation", "input": {{"target": "ex#OpInput"}}}}
            {extra}
        }}}}"#
    )
}

/// A unique scratch directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("awsgen-hostile-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn svc(extra: &str) -> String {
    format!(
        r#"{{"smithy": "2.0", "shapes": {{"ex#Svc": {{"type": "service", "version": "1",
            "operations": [{{"target": "ex#Op"}}], "traits": {{"aws.protocols#awsJson1_0": {{}}}}}}
            {extra}}}}}"#
    )
}

#[test]
fn not_a_smithy_json_ast() {
    assert_error(
        "",
        &["invalid model JSON: EOF while parsing a value at line 1 column 0"],
    );
    assert_error("[]", &["the top level must be an object"]);
    assert_error(
        r#"{"smithy": 2, "shapes": {}}"#,
        &["missing `smithy` version"],
    );
    assert_error(
        r#"{"smithy": "2.0", "shapes": []}"#,
        &["missing `shapes` object"],
    );
    // A byte-order mark is not JSON.
    assert_error(
        &format!("\u{feff}{}", service("")),
        &["expected value at line 1 column 1"],
    );
    // Every truncation of a valid model is an error with a position, never a panic.
    let full = service(
        r#", "ex#OpInput": {"type": "structure", "members": {"N": {"target": "smithy.api#String"}}}"#,
    );
    generate(full.as_bytes()).expect("the whole model is valid");
    for end in 0..full.len() - 1 {
        if full.is_char_boundary(end) && !full[end..].trim().is_empty() {
            let err = error(&full[..end]);
            assert!(err.contains("line "), "{end}: {err}");
        }
    }
    // Invalid UTF-8.
    let mut bytes = service("").into_bytes();
    bytes[20] = 0xff;
    let err = generate(&bytes).unwrap_err();
    assert!(err.starts_with(FILE) && err.contains("line 1"), "{err}");
}

#[test]
fn wrong_shape_type() {
    assert_error(
        &service(r#", "ex#OpInput": {"type": 5}"#),
        &["shape `ex#OpInput`: invalid type: integer `5`, expected a string"],
    );
    assert_error(
        &service(r#", "ex#OpInput": {"members": {}}"#),
        &["shape `ex#OpInput`: missing field `type`"],
    );
    assert_error(
        &service(r#", "ex#OpInput": {"type": "structure", "members": []}"#),
        &["shape `ex#OpInput`: `members` must be an object"],
    );
    assert_error(
        &service(r#", "ex#OpInput": {"type": "structure", "traits": []}"#),
        &["shape `ex#OpInput`: invalid type: sequence, expected a map"],
    );
    assert_error(
        &service(r#", "ex#OpInput": {"type": "structure", "members": {"N": {"target": 5}}}"#),
        &["shape `ex#OpInput`: member `N`: invalid type: integer `5`"],
    );
    // An operation bound by the service that is not an operation.
    assert_error(
        &svc(r#", "ex#Op": {"type": "structure"}"#),
        &["shape `ex#Svc`: binds `ex#Op`, which is not an operation"],
    );
    assert_error(
        &service(
            r#", "ex#OpInput": {"type": "structure", "members": {"L": {"target": "ex#L"}}}, "ex#L": {"type": "list"}"#,
        ),
        &["shape `ex#L`: a list without `member`"],
    );
    assert_error(
        &service(
            r#", "ex#OpInput": {"type": "structure", "members": {"M": {"target": "ex#M"}}}, "ex#M": {"type": "map", "value": {"target": "smithy.api#String"}}"#,
        ),
        &["shape `ex#M`: a map without `key` and `value`"],
    );
}

#[test]
fn targets_that_do_not_exist() {
    assert_error(
        &service(
            r#", "ex#OpInput": {"type": "structure", "members": {"L": {"target": "ex#L"}}}, "ex#L": {"type": "list", "member": {"target": "ex#Gone"}}"#,
        ),
        &["shape `ex#L$member`: targets `ex#Gone`, which is not defined"],
    );
    assert_error(
        &service(
            r#", "ex#OpInput": {"type": "structure", "members": {"M": {"target": "ex#M"}}}, "ex#M": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "ex#Gone"}}"#,
        ),
        &["shape `ex#M$value`: targets `ex#Gone`, which is not defined"],
    );
    assert_error(
        &svc(r#", "ex#Op": {"type": "operation", "output": {"target": "ex#Gone"}}"#),
        &["shape `ex#Op`: refers to `ex#Gone`, which is not defined"],
    );
    assert_error(
        &svc(r#", "ex#Op": {"type": "operation", "errors": [{"target": "ex#Gone"}]}"#),
        &["shape `ex#Op`: refers to `ex#Gone`, which is not defined"],
    );
    assert_error(
        &svc(""),
        &["shape `ex#Svc`: refers to `ex#Op`, which is not defined"],
    );
    assert_error(
        &service(
            r#", "ex#OpInput": {"type": "structure", "members": {}, "mixins": [{"target": "ex#Gone"}]}"#,
        ),
        &["shape `ex#OpInput`: mixin `ex#Gone` does not exist"],
    );
}

#[test]
fn mixin_cycles_of_one_and_three_shapes() {
    assert_error(
        &service(
            r#", "ex#OpInput": {"type": "structure", "members": {}, "mixins": [{"target": "ex#A"}]}, "ex#A": {"type": "structure", "members": {}, "mixins": [{"target": "ex#A"}], "traits": {"smithy.api#mixin": {}}}"#,
        ),
        &["shape `ex#A`: mixin cycle: ex#A -> ex#A"],
    );
    assert_error(
        &service(
            r#", "ex#OpInput": {"type": "structure", "members": {}, "mixins": [{"target": "ex#A"}]}, "ex#A": {"type": "structure", "mixins": [{"target": "ex#B"}], "traits": {"smithy.api#mixin": {}}}, "ex#B": {"type": "structure", "mixins": [{"target": "ex#C"}], "traits": {"smithy.api#mixin": {}}}, "ex#C": {"type": "structure", "mixins": [{"target": "ex#A"}], "traits": {"smithy.api#mixin": {}}}"#,
        ),
        &["mixin cycle: ex#A -> ex#B -> ex#C -> ex#A"],
    );
}

#[test]
fn a_resource_bound_to_itself_terminates() {
    let json = r#"{"smithy": "2.0", "shapes": {"ex#Svc": {"type": "service", "version": "1", "resources": [{"target": "ex#R"}], "traits": {"aws.protocols#awsJson1_0": {}}}, "ex#R": {"type": "resource", "resources": [{"target": "ex#R"}]}}}"#;
    generate(json.as_bytes()).expect("a resource cycle is walked once");
}

#[test]
fn deeply_nested_json_is_an_error_not_a_stack_overflow() {
    let deep = |n: usize| {
        service(&format!(
            r#", "ex#OpInput": {{"type": "structure", "traits": {{"ex#deep": {}{}}}}}"#,
            "[".repeat(n),
            "]".repeat(n)
        ))
    };
    assert_error(
        &deep(10_000),
        &["invalid model JSON: recursion limit exceeded at line 5"],
    );
    // 1,000,000 levels on a 1 MiB stack (serde_json stops at 128; debug frames are large).
    let json = deep(1_000_000);
    let err = error_on_small_stack(json.into());
    assert!(err.contains("recursion limit exceeded"), "{err}");
    // Within serde_json's limit, a deep (unknown) trait value is fine.
    generate(deep(120).as_bytes()).expect("a 120-deep trait value");
    // A number no f64 holds.
    assert_error(
        &service(
            r#", "ex#OpInput": {"type": "structure", "members": {"N": {"target": "smithy.api#String", "traits": {"smithy.api#length": {"min": 1e400}}}}}"#,
        ),
        &["invalid model JSON: number out of range at line 5"],
    );
}

/// Found by `fuzz/` (`model_mutation`: a list retargeted to itself; the run died of the stack
/// overflow without saving the input, which is reconstructed here as the 7-byte input
/// `00 01 0045 0045 01`: the shipped model with the list `SecurityGroupIds` as its own element
/// type): the generator recursed through the list's element type until the stack overflowed. A list or map that contains itself with no
/// structure or union in between (an infinite type; Smithy forbids it too) is now an error
/// naming the cycle, and so is nesting over `MAX_COLLECTION_NESTING`.
#[test]
fn a_list_or_map_that_contains_itself_is_an_error_not_a_stack_overflow() {
    // The fuzzer's input, exactly.
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../model/mwaa-serverless.json");
    let mut model: serde_json::Value =
        serde_json::from_slice(&std::fs::read(shipped).unwrap()).unwrap();
    let list = "com.amazonaws.mwaaserverless#SecurityGroupIds";
    model["shapes"][list]["member"]["target"] = list.into();
    let json = serde_json::to_vec(&model).unwrap();
    let err = error_on_small_stack(json);
    assert_eq!(
        err,
        format!("{FILE}: shape `{list}`: a list or map that contains itself with no structure or union in between ({list} -> {list})")
    );

    // Through a map and a list.
    assert_error(
        &service(
            r#", "ex#OpInput": {"type": "structure", "members": {"M": {"target": "ex#M"}}},
            "ex#M": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "ex#L"}},
            "ex#L": {"type": "list", "member": {"target": "ex#M"}}"#,
        ),
        &[
            "shape `ex#L`: a list or map that contains itself",
            "(ex#L -> ex#M -> ex#L)",
        ],
    );
    // Not reachable from any operation: still an error (the whole model is checked).
    assert_error(
        &service(
            r#", "ex#OpInput": {"type": "structure"}, "ex#L": {"type": "list", "member": {"target": "ex#L"}}"#,
        ),
        &["shape `ex#L`: a list or map that contains itself"],
    );
    // Through a structure, recursion is fine (the structure's member is boxed or in a Vec).
    generate(
        service(
            r#", "ex#OpInput": {"type": "structure", "members": {"N": {"target": "ex#Node"}}},
            "ex#Node": {"type": "structure", "members": {"L": {"target": "ex#L"}}},
            "ex#L": {"type": "list", "member": {"target": "ex#Node"}}"#,
        )
        .as_bytes(),
    )
    .expect("recursion through a structure");

    // Nesting: a chain of distinct lists, at and over the limit.
    let chain = |n: usize| {
        let mut shapes = String::from(
            r#", "ex#OpInput": {"type": "structure", "members": {"L": {"target": "ex#L1"}}}"#,
        );
        for i in 1..n {
            shapes += &format!(
                r#", "ex#L{i}": {{"type": "list", "member": {{"target": "ex#L{}"}}}}"#,
                i + 1
            );
        }
        shapes += &format!(
            r#", "ex#L{n}": {{"type": "list", "member": {{"target": "smithy.api#String"}}}}"#
        );
        service(&shapes)
    };
    generate(chain(awsgen::index::MAX_COLLECTION_NESTING).as_bytes())
        .expect("nesting at the limit");
    assert_error(
        &chain(awsgen::index::MAX_COLLECTION_NESTING + 1),
        &["lists and maps nested over the limit of 64 deep"],
    );
    // A long chain is refused quickly, without deep recursion.
    let json = chain(100_000);
    let err = error_on_small_stack(json.into());
    assert!(err.contains("nested over the limit"), "{err}");
}

/// Found while fuzzing (`fuzz/`, probing the generator with many members whose names map
/// to one Rust name): name deduplication was cubic — 3,000 members named `x` plus one CJK
/// character each (a 120 KB model; each becomes field `x`) took over two minutes in the fuzz
/// build. It is linear now.
#[test]
fn many_colliding_member_names_are_deduplicated_in_linear_time() {
    let members: Vec<String> = (0..3_000u32)
        .map(|k| {
            let c = char::from_u32(0x4e00 + k).unwrap();
            format!(r#""x{c}": {{"target": "smithy.api#String"}}"#)
        })
        .collect();
    let json = service(&format!(
        r#", "ex#OpInput": {{"type": "structure", "members": {{{}}}}}"#,
        members.join(", ")
    ));
    // A regression fails after a minute instead of hanging the suite.
    let (done, result) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let krate = generate(json.as_bytes()).map(|k| k.files["src/operation/op.rs"].clone());
        // The names alone: 100,000 duplicates (hours before; milliseconds now).
        let names = awsgen::naming::dedupe(vec!["x".to_owned(); 100_000], true);
        let _ = done.send((krate, names));
    });
    let (input, names) = result
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("deduplication finishes in well under a minute");
    let input = input.expect("generates");
    for field in [
        "pub x: Option<String>,",
        "pub x_2: Option<String>,",
        "pub x_3000: Option<String>,",
    ] {
        assert!(input.contains(field), "{field} missing");
    }
    assert!(!input.contains("pub x_3001:"));
    assert_eq!(names[99_999], "x_100000");
}

/// Found while fuzzing (`fuzz/`, probing the generator with long recursive chains): finding
/// the members to box searched the graph once per member, quadratic in the model — a ring of
/// 3,000 structures (a 230 KB model) spent most of 45 s there in the fuzz build. It is linear
/// now (strongly connected components); the result is the same as the per-member search's,
/// checked on random graphs.
#[test]
fn boxing_recursive_members_is_linear_and_unchanged() {
    use std::collections::BTreeSet;

    // A ring: every member is on the cycle, so every member is boxed.
    let ring = |n: usize| {
        let mut shapes = String::from(
            r#", "ex#OpInput": {"type": "structure", "members": {"S": {"target": "ex#S0"}}}"#,
        );
        for i in 0..n {
            shapes += &format!(
                r#", "ex#S{i}": {{"type": "structure", "members": {{"Next": {{"target": "ex#S{}"}}}}}}"#,
                (i + 1) % n
            );
        }
        service(&shapes)
    };
    let json = ring(3_000);
    let (done, result) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ =
            done.send(generate(json.as_bytes()).map(|k| k.files["src/types/_s1234.rs"].clone()));
    });
    let s1234 = result
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("finishes in well under a minute")
        .expect("generates");
    assert!(
        s1234.contains("pub next: Option<Box<crate::types::S1235>>"),
        "{s1234}"
    );

    // Random graphs of structures and unions (and lists, which break cycles without a box):
    // the same members are boxed as by a search from every member.
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut random = |below: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % below as u64) as usize
    };
    let mut compared = 0;
    for _ in 0..300 {
        let n = 1 + random(8);
        let kinds: Vec<&str> = (0..n)
            .map(|_| ["structure", "union", "list"][random(3)])
            .collect();
        let mut edges: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut shapes = String::new();
        for (i, kind) in kinds.iter().enumerate() {
            if *kind == "list" {
                let t = random(n);
                edges[i].push(t);
                shapes += &format!(
                    r#", "ex#N{i}": {{"type": "list", "member": {{"target": "ex#N{t}"}}}}"#
                );
                continue;
            }
            let members: Vec<String> = (0..random(4))
                .map(|m| {
                    let t = random(n);
                    edges[i].push(t);
                    format!(r#""M{m}": {{"target": "ex#N{t}"}}"#)
                })
                .collect();
            shapes += &format!(
                r#", "ex#N{i}": {{"type": "{kind}", "members": {{{}}}}}"#,
                members.join(", ")
            );
        }
        let model = Model::from_slice(Path::new(FILE), svc(&shapes).as_bytes()).unwrap();
        let index = match awsgen::index::ShapeIndex::new(model) {
            Ok(index) => index,
            Err(_) => continue, // a list that contains itself
        };
        let all: BTreeSet<String> = (0..n).map(|i| format!("ex#N{i}")).collect();
        let direct = |i: usize| -> Vec<usize> {
            if kinds[i] == "list" {
                return Vec::new();
            }
            edges[i]
                .iter()
                .copied()
                .filter(|t| kinds[*t] != "list")
                .collect()
        };
        let mut expected = BTreeSet::new();
        for i in 0..n {
            for (m, &t) in edges[i].iter().enumerate() {
                if kinds[i] == "list" || kinds[t] == "list" {
                    continue;
                }
                // Is `i` reachable from `t` through direct edges?
                let (mut seen, mut stack) = (BTreeSet::new(), vec![t]);
                while let Some(c) = stack.pop() {
                    if c == i {
                        expected.insert((format!("ex#N{i}"), format!("M{m}")));
                        break;
                    }
                    if seen.insert(c) {
                        stack.extend(direct(c));
                    }
                }
            }
        }
        assert_eq!(index.boxed_members(&all), expected, "{shapes}");
        compared += usize::from(!expected.is_empty());
    }
    assert!(compared > 50, "only {compared} graphs with recursion");
}

#[test]
fn a_model_file_over_the_size_limit_is_refused_before_reading() {
    assert_eq!(MAX_MODEL_BYTES, 256 * 1024 * 1024);
    let dir = TempDir::new("huge");
    let path = dir.0.join("huge-model.json");
    // A sparse 1 GiB file: no disk blocks are written.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(1024 * 1024 * 1024).unwrap();
    drop(file);
    let started = std::time::Instant::now();
    let err = Model::load(&path).unwrap_err().to_string();
    assert!(
        err.starts_with(&path.display().to_string()),
        "names the file: {err}"
    );
    assert!(
        err.contains("1073741824 bytes") && err.contains("256 MiB"),
        "{err}"
    );
    // Through the generator's entry point too.
    let Err(err) = awsgen::generate(&settings(path.clone())) else {
        panic!("a 1 GiB model was accepted")
    };
    let err = err.to_string();
    assert!(err.contains("over the") && err.contains("limit"), "{err}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "nothing was read"
    );

    // Just over the limit is refused; a real model under it loads.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(MAX_MODEL_BYTES + 1)
        .unwrap();
    assert!(Model::load(&path).is_err());
    let small = dir.0.join("model.json");
    std::fs::write(&small, service(r#", "ex#OpInput": {"type": "structure"}"#)).unwrap();
    Model::load(&small).expect("a small model loads");
    // A directory is an I/O error naming it.
    let err = Model::load(&dir.0).unwrap_err().to_string();
    assert!(err.starts_with(&dir.0.display().to_string()), "{err}");
}

/// A service `ex#Svc` (awsJson1_0) with operations `ex#Good` and `ex#Bad` (inputs
/// `ex#GoodInput`, `ex#BadInput`, outputs `ex#GoodOutput`, `ex#BadOutput`; all to be given in
/// `shapes`), service traits `traits`, and `ex#Bad`'s traits `bad_traits`.
fn two_operations(shapes: &str, traits: &str, bad_traits: &str) -> String {
    format!(
        r#"{{"smithy": "2.0", "shapes": {{
            "ex#Svc": {{"type": "service", "version": "1",
                        "operations": [{{"target": "ex#Good"}}, {{"target": "ex#Bad"}}],
                        "traits": {{"aws.protocols#awsJson1_0": {{}} {traits}}}}},
            "ex#Good": {{"type": "operation", "input": {{"target": "ex#GoodInput"}}, "output": {{"target": "ex#GoodOutput"}}}},
            "ex#Bad": {{"type": "operation", "input": {{"target": "ex#BadInput"}}, "output": {{"target": "ex#BadOutput"}},
                        "traits": {{{bad_traits}}}}},
            "ex#GoodOutput": {{"type": "structure", "members": {{}}}},
            {shapes}
        }}}}"#
    )
}

#[track_caller]
fn generated(json: &str) -> awsgen::GeneratedCrate {
    generate(json.as_bytes()).unwrap_or_else(|e| panic!("expected a crate: {e}"))
}

fn operation_names(krate: &awsgen::GeneratedCrate) -> Vec<&str> {
    krate.ir.operations.iter().map(|op| op.name.as_str()).collect()
}

/// One skipped item of `list`, checked against its name and parts of its reason.
#[track_caller]
fn assert_skipped(list: &[awsgen::ir::SkippedOperation], name: &str, parts: &[&str]) {
    let [skipped] = list else { panic!("expected only `{name}` skipped: {list:?}") };
    assert_eq!(skipped.name, name);
    for part in parts {
        assert!(skipped.reason.contains(part), "{:?} should contain {part:?}", skipped.reason);
    }
}

const PLAIN_INPUTS: &str = r#""ex#GoodInput": {"type": "structure", "members": {"Name": {"target": "smithy.api#String"}}}"#;

#[test]
fn an_unsupported_paginator_costs_the_paginator_not_the_operation() {
    // An integer token (neither a string nor a map), a token member the input lacks, and
    // tokens of different types in and out.
    let cases = [
        (r#""Offset": {"target": "smithy.api#Integer"}"#, r#""Next": {"target": "smithy.api#Integer"}"#, "Offset", "must be a string or a map"),
        (r#""Token": {"target": "smithy.api#String"}"#, r#""Next": {"target": "smithy.api#String"}"#, "Missing", "names input member `Missing`, which the input lacks"),
        (r#""Token": {"target": "smithy.api#String"}"#, r#""Next": {"target": "ex#Key"}"#, "Token", "must have the type of the inputToken"),
    ];
    for (input_member, output_member, input_token, reason) in cases {
        let shapes = format!(
            r#"{PLAIN_INPUTS},
            "ex#BadInput": {{"type": "structure", "members": {{{input_member}}}}},
            "ex#BadOutput": {{"type": "structure", "members": {{{output_member}}}}},
            "ex#Key": {{"type": "map", "key": {{"target": "smithy.api#String"}}, "value": {{"target": "smithy.api#String"}}}}"#
        );
        let paginated = format!(r#""smithy.api#paginated": {{"inputToken": "{input_token}", "outputToken": "Next"}}"#);
        let krate = generated(&two_operations(&shapes, "", &paginated));
        assert_eq!(operation_names(&krate), ["Bad", "Good"], "{reason}");
        assert!(krate.ir.operations.iter().all(|op| op.paginator.is_none()));
        assert!(krate.ir.skipped.is_empty());
        assert_skipped(&krate.ir.skipped_paginators, "Bad", &[reason]);
        let lib = &krate.files["src/lib.rs"];
        assert!(lib.contains("//! - The paginator of `Bad` (@paginated"), "{lib}");
        assert!(!krate.files["src/operation/bad.rs"].contains("into_paginator"));
    }
}

/// The input of one operation that is the output of another is still an input builder that a
/// client attaches to (the fluent builder of `Bad` is `SharedBuilder<OperationHandle<Bad>>`).
#[test]
fn an_input_that_is_another_operations_output_still_gets_a_fluent_builder() {
    let shapes = format!(
        r#"{PLAIN_INPUTS},
        "ex#BadInput": {{"type": "structure", "members": {{"Name": {{"target": "smithy.api#String"}}}}}},
        "ex#BadOutput": {{"type": "structure", "members": {{}}}}"#
    )
    .replace(r#""output": {"target": "ex#GoodOutput"}"#, "");
    let json = two_operations(&shapes, "", "").replace(
        r#""ex#Good": {"type": "operation", "input": {"target": "ex#GoodInput"}, "output": {"target": "ex#GoodOutput"}}"#,
        r#""ex#Good": {"type": "operation", "input": {"target": "ex#GoodInput"}, "output": {"target": "ex#BadInput"}}"#,
    );
    let krate = generated(&json);
    // One shape, two roles: the IR gives each role its own type, so the input stays an input.
    let (bad_input, good) = (&krate.ir.operations[0].input, &krate.ir.operations[1]);
    assert_ne!(bad_input, &good.output, "Bad's input and Good's output are separate types");
    let text: String = krate.files.values().cloned().collect();
    assert!(text.contains(&format!("pub struct {} {{", good.output.name)), "{} missing", good.output.name);
    let builder = format!("pub struct {}Builder<C = ()>", bad_input.name);
    assert!(text.contains(&builder), "{builder} missing");
}

#[test]
fn a_map_token_gets_a_paginator() {
    let shapes = format!(
        r#"{PLAIN_INPUTS},
        "ex#BadInput": {{"type": "structure", "members": {{"Start": {{"target": "ex#Key"}}}}}},
        "ex#BadOutput": {{"type": "structure", "members": {{"Last": {{"target": "ex#Key"}}}}}},
        "ex#Key": {{"type": "map", "key": {{"target": "smithy.api#String"}}, "value": {{"target": "smithy.api#String"}}}}"#
    );
    let paginated = r#""smithy.api#paginated": {"inputToken": "Start", "outputToken": "Last"}"#;
    let krate = generated(&two_operations(&shapes, "", paginated));
    assert!(krate.ir.skipped_paginators.is_empty(), "{:?}", krate.ir.skipped_paginators);
    let bad = &krate.files["src/operation/bad.rs"];
    assert!(bad.contains("pub type BadPaginator = awsgen_runtime::pagination::Paginator<Bad>;"), "{bad}");
    assert!(bad.contains("type Token = std::collections::BTreeMap<String, String>;"), "{bad}");
}

#[test]
fn an_unknown_trait_value_costs_the_operations_that_reach_it() {
    // A timestamp format the generator does not know, on a member only `Bad` reaches.
    let shapes = format!(
        r#"{PLAIN_INPUTS},
        "ex#BadInput": {{"type": "structure", "members": {{"When": {{"target": "ex#Odd"}}}}}},
        "ex#BadOutput": {{"type": "structure", "members": {{}}}},
        "ex#Odd": {{"type": "timestamp", "traits": {{"smithy.api#timestampFormat": "stardate"}}}}"#
    );
    let krate = generated(&two_operations(&shapes, "", ""));
    assert_eq!(operation_names(&krate), ["Good"]);
    assert_skipped(&krate.ir.skipped, "Bad", &["`ex#BadInput$When`", "timestamp format `stardate`"]);
    assert!(!krate.files.contains_key("src/operation/bad.rs"));
    let lib = &krate.files["src/lib.rs"];
    assert!(lib.contains("//! # Not supported yet"), "{lib}");
    assert!(lib.contains("//! - `Bad`: it uses `ex#BadInput$When`"), "{lib}");

    // Reached by both operations (through their outputs): both go, the crate stays.
    let shapes = r#""ex#GoodInput": {"type": "structure", "members": {}},
        "ex#BadInput": {"type": "structure", "members": {}},
        "ex#BadOutput": {"type": "structure", "members": {"Shared": {"target": "ex#Shared"}}},
        "ex#Shared": {"type": "structure", "members": {"M": {"target": "ex#IntKeys"}}},
        "ex#IntKeys": {"type": "map", "key": {"target": "smithy.api#Integer"}, "value": {"target": "smithy.api#String"}}"#;
    let json = two_operations(shapes, "", "").replace(
        r#""ex#GoodOutput": {"type": "structure", "members": {}}"#,
        r#""ex#GoodOutput": {"type": "structure", "members": {"Shared": {"target": "ex#Shared"}}}"#,
    );
    let krate = generated(&json);
    assert!(krate.ir.operations.is_empty());
    let reasons: Vec<(&str, bool)> =
        krate.ir.skipped.iter().map(|s| (s.name.as_str(), s.reason.contains("map keys must be strings"))).collect();
    assert_eq!(reasons, [("Bad", true), ("Good", true)]);
}

#[test]
fn an_unknown_trait_value_on_a_service_error_is_still_an_error() {
    // Every response may hold a service error: there is no crate without it.
    let shapes = format!(
        r#"{PLAIN_INPUTS},
        "ex#BadInput": {{"type": "structure", "members": {{}}}},
        "ex#BadOutput": {{"type": "structure", "members": {{}}}},
        "ex#Oops": {{"type": "structure", "members": {{"At": {{"target": "ex#Odd"}}}}, "traits": {{"smithy.api#error": "server"}}}},
        "ex#Odd": {{"type": "timestamp", "traits": {{"smithy.api#timestampFormat": "stardate"}}}}"#
    );
    let json = two_operations(&shapes, "", "").replace(r#""version": "1","#, r#""version": "1", "errors": [{"target": "ex#Oops"}],"#);
    assert_error(&json, &["shape `ex#Oops$At`: unsupported: timestamp format `stardate`"]);
}

#[test]
fn an_unknown_rule_set_function_costs_the_resolver_only() {
    let rules = r#", "smithy.rules#endpointRuleSet": {"version": "1.0",
        "parameters": {"Region": {"type": "String", "builtIn": "AWS::Region", "required": false}},
        "rules": [{"type": "endpoint", "conditions": [{"fn": "aws.noSuchFunction", "argv": [{"ref": "Region"}]}],
                   "endpoint": {"url": "https://example.com"}}]}"#;
    let shapes = format!(
        r#"{PLAIN_INPUTS},
        "ex#BadInput": {{"type": "structure", "members": {{}}}},
        "ex#BadOutput": {{"type": "structure", "members": {{}}}}"#
    );
    let krate = generated(&two_operations(&shapes, rules, ""));
    assert_eq!(operation_names(&krate), ["Bad", "Good"]);
    let reason = krate.ir.service.endpoint_rules_unsupported.as_deref().expect("the resolver is left out");
    assert!(reason.contains("aws.noSuchFunction"), "{reason}");
    assert!(!krate.files.contains_key("src/endpoint.rs"));
    let lib = &krate.files["src/lib.rs"];
    assert!(lib.contains("//! - Endpoint resolution (endpoint rule set:"), "{lib}");
    assert!(lib.contains("resolve_endpoint: None"), "{lib}");
}
