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
            extra: String::new(),
        },
    }
}

/// Loads and generates `json`, returning the error text.
fn generate(json: &[u8]) -> Result<awsgen::GeneratedCrate, String> {
    let path = Path::new(FILE);
    let model = Model::from_slice(path, json).map_err(|e| e.to_string())?;
    awsgen::generate_from_model(model, &settings(path.to_owned())).map_err(|e| e.to_string())
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
        &["shape `ex#L`: unsupported: a list without `member`"],
    );
    assert_error(
        &service(
            r#", "ex#OpInput": {"type": "structure", "members": {"M": {"target": "ex#M"}}}, "ex#M": {"type": "map", "value": {"target": "smithy.api#String"}}"#,
        ),
        &["shape `ex#M`: unsupported: a map without `key` and `value`"],
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
    let err = std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(move || generate(json.as_bytes()).map(|_| ()))
        .unwrap()
        .join()
        .expect("no stack overflow")
        .unwrap_err();
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
