//! `cargo xtask codegen`: model → generated crate, or `--check` that it is up to date.

use std::path::{Path, PathBuf};
use std::time::Instant;

use awsgen::{ManifestSettings, Selection, Settings};

/// The workspace root (xtask lives one level below it).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

/// The `*.json` model files directly in `dir` (files or links to files), sorted by name.
pub fn json_models(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut models: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json") && p.is_file())
        .collect();
    models.sort();
    Ok(models)
}

/// Makes `dir` a scratch workspace of `members` (folders below it) that starts from this
/// workspace's `Cargo.lock`, so its builds use the versions our own builds use and a test
/// fails because of our code, not because of an upstream release that day. Cargo adds the
/// scratch crates themselves to the copy; every version already locked stays.
pub fn scratch_workspace(dir: &Path, members: &[&str]) -> Result<(), String> {
    let list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", list.join(", "));
    let path = dir.join("Cargo.toml");
    if std::fs::read_to_string(&path).ok().as_deref() != Some(manifest.as_str()) {
        std::fs::write(&path, manifest).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    pin_to_workspace_lock(dir)
}

/// Copies this workspace's `Cargo.lock` into `dir` (a standalone crate or workspace root).
pub fn pin_to_workspace_lock(dir: &Path) -> Result<(), String> {
    let lock = workspace_root().join("Cargo.lock");
    std::fs::copy(&lock, dir.join("Cargo.lock"))
        .map(drop)
        .map_err(|e| format!("cannot copy {} to {}: {e}", lock.display(), dir.display()))
}

/// Min, median and max of repeated measurements (the median of an even count is the mean
/// of the middle two).
pub fn spread(mut values: Vec<f64>) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    let median = if values.len() % 2 == 1 {
        values[values.len() / 2]
    } else {
        (values[values.len() / 2 - 1] + values[values.len() / 2]) / 2.0
    };
    (values[0], median, values[values.len() - 1])
}

/// Dev-dependencies of the hand-written tests in `generated/tests/`.
const IN_REPO_EXTRA: &str = r#"
[dev-dependencies]
awsgen-runtime = { path = "../runtime", features = ["test-util"] }
insta = { workspace = true, features = ["json"] }
serde_json = { workspace = true }
tokio = { workspace = true, features = ["macros", "rt-multi-thread", "net", "io-util", "time"] }
futures-util = { workspace = true }
tracing = { workspace = true, features = ["std"] }
"#;

/// Settings for a crate written to `out`, outside the workspace (scratch directories, tests):
/// its own workspace, the runtime of `root` by a path relative to `out`.
pub fn standalone_settings(root: &Path, model: PathBuf, out: &Path) -> Settings {
    Settings {
        model,
        selection: Selection::default(),
        crate_name: None,
        manifest: ManifestSettings {
            runtime_dependency: ManifestSettings::runtime_by_path(&runtime_path(root, out)),
            extra: "\n[workspace]\n".to_owned(),
            ..ManifestSettings::default()
        },
    }
}

/// The path of `root`'s runtime relative to the directory `from`, as manifests write it.
pub fn runtime_path(root: &Path, from: &Path) -> String {
    let runtime = root.join("runtime");
    awsgen::write::relative_path(from, &runtime)
        .unwrap_or(runtime)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The builder for the committed crate at `generated/`.
pub fn in_repo_builder(root: &Path) -> awsgen::Builder {
    awsgen::Builder::new()
        .model(root.join("model/mwaa-serverless.json"))
        .runtime_dependency_toml(ManifestSettings::runtime_by_path("../runtime"))
        .manifest_extra(IN_REPO_EXTRA)
        .out_dir(root.join("generated"))
}

/// Runs the task with its command-line arguments: a thin layer over [`awsgen::Builder`] with
/// this repository's defaults (the committed crate, or a standalone crate elsewhere that
/// uses this checkout's runtime).
pub fn run(args: &[String]) -> Result<(), String> {
    let root = workspace_root();
    let mut builder = in_repo_builder(&root);
    let mut model = root.join("model/mwaa-serverless.json");
    let mut out = root.join("generated");
    let mut check = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |name: &str| iter.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--model" => model = PathBuf::from(value("--model")?),
            "--out" => out = PathBuf::from(value("--out")?),
            "--operations" => {
                let list = value("--operations")?;
                let names: Vec<String> = list.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
                if names.is_empty() {
                    return Err("--operations needs at least one operation name".into());
                }
                builder = builder.operations(names);
            }
            "--check" => check = true,
            other => return Err(format!("unknown option `{other}` for codegen")),
        }
    }
    // A crate written elsewhere is not a member of this workspace: make it standalone.
    if !out.starts_with(&root) {
        builder = builder.runtime_path(root.join("runtime")).manifest_extra("\n[workspace]\n");
    }
    let builder = builder.model(&model).out_dir(&out);
    let started = Instant::now();
    if check {
        let report = builder.check().map_err(|e| e.to_string())?;
        if report.is_fresh() {
            println!("{} is up to date ({} files)", out.display(), report.unchanged);
            return Ok(());
        }
        return Err(format!("{}\nrun `cargo xtask codegen` to regenerate", report.stale_listing(&out, &model)));
    }
    let generated = builder.render().map_err(|e| e.to_string())?;
    let generated_in = started.elapsed();
    let report = awsgen::write::write(&out, &generated.files, false).map_err(|e| e.to_string())?;
    let total = started.elapsed();
    let ir = &generated.ir;
    for skipped in &ir.skipped {
        eprintln!("warning: operation `{}` not generated: {}", skipped.name, skipped.reason);
    }
    for path in &report.changed {
        println!("wrote {}", path.display());
    }
    for path in &report.stale {
        println!("removed {}", path.display());
    }
    println!(
        "{}: {} operations, {} types -> {} ({} files, {} changed) in {:.1} ms (generate {:.1} ms)",
        ir.crate_name,
        ir.operations.len(),
        ir.shapes.len(),
        out.display(),
        generated.files.len(),
        report.changed.len() + report.stale.len(),
        total.as_secs_f64() * 1000.0,
        generated_in.as_secs_f64() * 1000.0,
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::process::Command;

    use super::*;

    #[test]
    fn spread_gives_min_median_max() {
        assert_eq!(spread(vec![3.0, 1.0, 2.0]), (1.0, 2.0, 3.0));
        // An even count: the mean of the middle two.
        assert_eq!(spread(vec![4.0, 1.0, 3.0, 2.0]), (1.0, 2.5, 4.0));
        assert_eq!(spread(vec![5.0]), (5.0, 5.0, 5.0));
    }

    #[test]
    fn json_models_lists_only_json_files_sorted() {
        let dir = std::env::temp_dir().join(format!("xtask-json-models-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("nested.json")).expect("scratch dir");
        for name in ["b.json", "a.json", "notes.txt", "c.json.bak"] {
            std::fs::write(dir.join(name), "{}").expect("scratch file");
        }
        let names: Vec<String> = json_models(&dir)
            .expect("listable")
            .iter()
            .map(|p| p.file_name().unwrap_or_default().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.json", "b.json"]);
        let missing = json_models(&dir.join("absent")).expect_err("a missing directory is an error");
        assert!(missing.contains("absent"), "{missing}");
        std::fs::remove_dir_all(&dir).ok();
    }

    /// rust-analyzer style: the committed crate is what the generator produces now.
    #[test]
    fn generated_crate_is_fresh() {
        let root = workspace_root();
        let report = in_repo_builder(&root).check().unwrap_or_else(|e| panic!("{e}"));
        assert!(
            report.changed.is_empty() && report.stale.is_empty(),
            "generated/ is stale; run `cargo xtask codegen`.\nchanged: {:?}\nstale: {:?}",
            report.changed,
            report.stale
        );
    }

    /// The generated types of an operation subset, computed independently of the generator
    /// by walking the model JSON from the operation's input, output and errors.
    fn reachable_type_shapes(model: &Path, operation: &str) -> BTreeSet<String> {
        let text = std::fs::read_to_string(model).expect("model is readable");
        let json: serde_json::Value = serde_json::from_str(&text).expect("model is JSON");
        let shapes = json["shapes"].as_object().expect("shapes");
        let op = shapes.iter().find(|(id, _)| id.ends_with(&format!("#{operation}"))).expect("operation exists").1;
        let mut stack: Vec<String> = ["input", "output"].iter().filter_map(|k| op[k]["target"].as_str().map(str::to_owned)).collect();
        stack.extend(op["errors"].as_array().into_iter().flatten().filter_map(|e| e["target"].as_str().map(str::to_owned)));
        let mut seen = BTreeSet::new();
        while let Some(id) = stack.pop() {
            let Some(shape) = shapes.get(&id) else { continue };
            if !seen.insert(id.clone()) {
                continue;
            }
            if matches!(shape["type"].as_str(), Some("enum" | "intEnum")) {
                continue;
            }
            let members = shape["members"].as_object().into_iter().flat_map(|m| m.values());
            let collection = ["member", "key", "value"].into_iter().map(|k| &shape[k]);
            for m in members.chain(collection) {
                if let Some(t) = m["target"].as_str() {
                    stack.push(t.to_owned());
                }
            }
        }
        seen.into_iter()
            .filter(|id| matches!(shapes[id]["type"].as_str(), Some("structure" | "union" | "enum" | "intEnum")))
            .collect()
    }

    /// `--operations ListWorkflowRuns` gives exactly the shapes it reaches, and (with the
    /// obstacle-course, rare-constructs, waiters and nothing-supported fixtures) a crate that compiles without warnings,
    /// clippy's included.
    #[test]
    fn operation_subset_and_fixture_compile() {
        let root = workspace_root();
        let scratch = root.join("target/awsgen-scratch");
        let _ = std::fs::remove_dir_all(&scratch);
        let member = |name: &str, model: PathBuf, ops: Option<Vec<String>>, extra: String| {
            let mut settings = standalone_settings(&root, model, &scratch.join(name));
            settings.manifest.extra = extra;
            settings.selection.operations = ops;
            settings.crate_name = Some(name.to_owned());
            let generated = awsgen::generate(&settings).unwrap_or_else(|e| panic!("{e}"));
            awsgen::write::write(&scratch.join(name), &generated.files, false).unwrap_or_else(|e| panic!("{e}"));
            generated
        };
        let model = root.join("model/mwaa-serverless.json");
        let subset = member("list-workflow-runs", model.clone(), Some(vec!["ListWorkflowRuns".into()]), String::new());
        let expected = reachable_type_shapes(&model, "ListWorkflowRuns");
        let actual: BTreeSet<String> = subset.ir.shapes.iter().map(|s| s.id.clone()).collect();
        assert_eq!(actual, expected);
        assert_eq!(subset.ir.operations.len(), 1);
        assert!(!subset.files.contains_key("src/operation/get_workflow.rs"));

        // A fixture `<name>.json` gets the hand-written tests of `codegen/tests/fixtures/<name>-tests/`
        // (Tokio's paused clock for the waiters' timing).
        let fixture_tests = |name: &str| {
            let extra = format!(
                "\n[dev-dependencies]\nawsgen-runtime = {{ path = {:?}, features = [\"test-util\"] }}\n\
                 serde_json = \"1\"\nhttp = \"1\"\nbase64 = \"0.22\"\ntokio = {{ version = \"1\", features = [\"macros\", \"rt\", \"time\", \"test-util\"] }}\n",
                runtime_path(&root, &scratch.join(name))
            );
            member(name, root.join(format!("codegen/tests/fixtures/{name}.json")), None, extra);
            let tests_to = scratch.join(name).join("tests");
            std::fs::create_dir_all(tests_to.join("support")).expect("tests directory");
            // The allocation counter the malformed-response corpora share.
            let support = root.join("generated/tests/support/counting_alloc.rs");
            std::fs::copy(&support, tests_to.join("support/counting_alloc.rs")).expect("support copied");
            for test in std::fs::read_dir(root.join(format!("codegen/tests/fixtures/{name}-tests"))).expect("fixture tests") {
                let test = test.expect("fixture test").path();
                std::fs::copy(&test, tests_to.join(test.file_name().expect("a file name"))).expect("fixture test copied");
            }
        };
        fixture_tests("obstacle-course");
        fixture_tests("waiters");
        fixture_tests("rare-constructs");
        fixture_tests("rest-json");
        // Every operation left out: the crate still compiles (no unused imports).
        let nothing = member("nothing-supported", root.join("codegen/tests/fixtures/nothing-supported.json"), None, String::new());
        assert!(nothing.ir.operations.is_empty() && nothing.ir.skipped.len() == 1, "{:?}", nothing.ir.skipped);
        scratch_workspace(&scratch, &["list-workflow-runs", "nothing-supported", "obstacle-course", "rare-constructs", "rest-json", "waiters"])
            .expect("scratch workspace");
        // Without and with the `serde` feature (both codec directions of every type, and
        // serde impls for unions, documents, blobs, recursive and map-token types).
        for features in [&[][..], &["--features", "serde"]] {
            let status = Command::new(env!("CARGO"))
                .args(["clippy", "--quiet", "--workspace", "--all-targets"])
                .args(features)
                .arg("--manifest-path")
                .arg(scratch.join("Cargo.toml"))
                .args(["--", "-D", "warnings"])
                .env("CARGO_TARGET_DIR", root.join("target/scratch-target"))
                .env("RUSTFLAGS", "-D warnings")
                .status()
                .expect("cargo runs");
            assert!(status.success(), "generated scratch crates failed to compile {features:?} (see output above)");
        }
        // The fixture's endpoint rule set uses every library function; its compiled resolver
        // must give what the runtime's interpreter gives (the cases' expectations). And the
        // hand-written tests: map-token pagination, members named like trait methods, endpoint
        // context parameters, and the waiters fixture's acceptors, matchers and timing.
        let status = Command::new(env!("CARGO"))
            .args(["test", "--quiet", "-p", "obstacle-course", "-p", "rare-constructs", "-p", "rest-json", "-p", "waiters", "--manifest-path"])
            .arg(scratch.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", root.join("target/scratch-target"))
            .env("RUSTFLAGS", "-D warnings")
            .status()
            .expect("cargo runs");
        assert!(status.success(), "the fixture's endpoint cases or hand-written tests failed (see output above)");
    }
}
