//! `cargo xtask codegen`: model → generated crate, or `--check` that it is up to date.

use std::path::{Path, PathBuf};
use std::time::Instant;

use awsgen::{ManifestSettings, Selection, Settings};

/// The workspace root (xtask lives one level below it).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

/// Dev-dependencies of the hand-written tests in `generated/tests/`.
const IN_REPO_EXTRA: &str = r#"
[dev-dependencies]
awsgen-runtime = { path = "../runtime", features = ["test-util"] }
insta = { workspace = true, features = ["json"] }
serde_json = { workspace = true }
tokio = { workspace = true, features = ["macros", "rt-multi-thread", "net", "io-util", "time"] }
futures-util = { workspace = true }
"#;

/// The settings for the committed crate at `generated/`.
pub fn in_repo_settings(root: &Path) -> Settings {
    Settings {
        model: root.join("model/mwaa-serverless.json"),
        selection: Selection::default(),
        crate_name: None,
        manifest: ManifestSettings {
            runtime_dependency: r#"{ path = "../runtime", version = "0.1.0", default-features = false }"#.to_owned(),
            extra: IN_REPO_EXTRA.to_owned(),
        },
    }
}

/// Settings for a crate written outside the workspace (scratch directories, tests).
pub fn standalone_settings(root: &Path, model: PathBuf) -> Settings {
    let runtime = root.join("runtime");
    Settings {
        model,
        selection: Selection::default(),
        crate_name: None,
        manifest: ManifestSettings {
            runtime_dependency: format!("{{ path = {:?} }}", runtime.display().to_string()),
            extra: "\n[workspace]\n".to_owned(),
        },
    }
}

/// Runs the task with its command-line arguments.
pub fn run(args: &[String]) -> Result<(), String> {
    let root = workspace_root();
    let mut settings = in_repo_settings(&root);
    let mut out = root.join("generated");
    let mut check = false;
    let mut custom_out = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |name: &str| iter.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--model" => settings.model = PathBuf::from(value("--model")?),
            "--out" => {
                out = PathBuf::from(value("--out")?);
                custom_out = true;
            }
            "--operations" => {
                let list = value("--operations")?;
                let names: Vec<String> = list.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
                if names.is_empty() {
                    return Err("--operations needs at least one operation name".into());
                }
                settings.selection.operations = Some(names);
            }
            "--check" => check = true,
            other => return Err(format!("unknown option `{other}` for codegen")),
        }
    }
    // A crate written elsewhere is not a member of this workspace: make it standalone.
    if custom_out && !out.starts_with(&root) {
        let standalone = standalone_settings(&root, settings.model.clone());
        settings.manifest = standalone.manifest;
    }
    let started = Instant::now();
    let generated = awsgen::generate(&settings).map_err(|e| e.to_string())?;
    let generated_in = started.elapsed();
    let report = awsgen::write::write(&out, &generated.files, check).map_err(|e| e.to_string())?;
    let total = started.elapsed();
    let ir = &generated.ir;
    if check {
        if report.changed.is_empty() && report.stale.is_empty() {
            println!("{} is up to date ({} files)", out.display(), report.unchanged);
            return Ok(());
        }
        let mut message = format!("{} is not up to date with {}:\n", out.display(), settings.model.display());
        for path in &report.changed {
            message.push_str(&format!("  differs: {}\n", path.display()));
        }
        for path in &report.stale {
            message.push_str(&format!("  not generated any more: {}\n", path.display()));
        }
        message.push_str("run `cargo xtask codegen` to regenerate");
        return Err(message);
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
