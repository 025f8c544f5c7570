//! `awsgen generate --bump`: the next version of a generated crate from what a model update
//! does to its API, with the previous model checked against the hash the crate recorded.

use std::path::{Path, PathBuf};

use awsgen::diff::{next_version, Bump};

fn mwaa() -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../model/mwaa-serverless.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("model")).expect("JSON")
}

/// Writes `model` to `dir/name` and returns its path.
fn write_model(dir: &Path, name: &str, model: &serde_json::Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(model).expect("JSON")).expect("model file");
    path
}

/// The model without an operation (removed from the service and its shapes).
fn without_operation(mut model: serde_json::Value, operation: &str) -> serde_json::Value {
    let shapes = model["shapes"].as_object_mut().expect("shapes");
    let id = shapes.keys().find(|k| k.ends_with(&format!("#{operation}"))).cloned().expect("operation");
    shapes.remove(&id);
    for shape in shapes.values_mut() {
        if let Some(ops) = shape.get_mut("operations").and_then(|o| o.as_array_mut()) {
            ops.retain(|o| o["target"] != id.as_str());
        }
    }
    model
}

#[test]
fn versions_follow_the_kind_of_change() {
    assert_eq!(next_version("0.1.0", Bump::Major).unwrap(), "0.2.0");
    assert_eq!(next_version("0.1.0", Bump::Minor).unwrap(), "0.1.1", "0.x: additions stay semver-compatible");
    assert_eq!(next_version("0.1.3", Bump::Patch).unwrap(), "0.1.4");
    assert_eq!(next_version("1.2.3", Bump::Major).unwrap(), "2.0.0");
    assert_eq!(next_version("1.2.3", Bump::Minor).unwrap(), "1.3.0");
    assert_eq!(next_version("1.2.3", Bump::Patch).unwrap(), "1.2.4");
    assert_eq!(next_version("1.2.3", Bump::None).unwrap(), "1.2.3");
    assert!(next_version("one", Bump::Patch).is_err());
}

#[test]
fn bump_compares_with_the_recorded_model_and_refuses_another() {
    let dir = std::env::temp_dir().join(format!("awsgen-bump-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let full = write_model(&dir, "full.json", &mwaa());
    let smaller = write_model(&dir, "smaller.json", &without_operation(mwaa(), "CreateAirflowUiUrl"));
    let out = dir.join("crate");
    awsgen::Builder::new().model(&smaller).out_dir(&out).crate_version("0.1.0").generate().expect("generate");

    // Nothing changed: the same version.
    let same = awsgen::bump::next_version(&out, &smaller, None).expect("bump");
    assert_eq!((same.previous.as_str(), same.version.as_str()), ("0.1.0", "0.1.0"));
    // An operation added: compatible, the next patch while 0.x.
    let added = awsgen::bump::next_version(&out, &full, Some(&smaller)).expect("bump");
    assert_eq!(added.version, "0.1.1");
    assert_eq!(added.report.bump(), Bump::Minor);
    // The crate regenerated from the full model, then an operation removed: breaking.
    awsgen::Builder::new().model(&full).out_dir(&out).crate_version(&added.version).generate().expect("regenerate");
    let removed = awsgen::bump::next_version(&out, &smaller, Some(&full)).expect("bump");
    assert_eq!(removed.version, "0.2.0");
    // A previous model that is not the one the crate records is refused.
    let err = awsgen::bump::next_version(&out, &full, Some(&smaller)).expect_err("wrong previous model");
    assert!(err.to_string().contains("--previous-model"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}
