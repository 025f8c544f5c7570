//! `cargo xtask bench-build --model FILE --official CRATE`: the build cost of one model's
//! client, ours generated from the model against the official `aws-sdk-*` crate, side by side.
//!
//! Each side is a probe program that calls one operation (the first whose input needs no
//! member; with `--operations`, the first listed) and prints the outcome, in its own
//! workspace. Per side, in this order: a cold release build (wall and CPU time, binary size
//! with `strip = true`), a rebuild after touching `src/main.rs`, the service crate alone in
//! release (`cargo clean -p` then `cargo build -p`, its dependencies built), then the same in
//! debug after a debug build of everything (not timed). Generated source lines are counted in
//! our crate's `src/` and the official crate's `src/` as cargo downloaded it.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::bench_build::{cargo, children_cpu_seconds, prepare_probe};
use crate::codegen::workspace_root;

/// What to compare.
pub struct ModelBench {
    /// The Smithy JSON AST model.
    pub model: PathBuf,
    /// The official crate (`aws-sdk-ssm`).
    pub official: String,
    /// Only these operations (ours); the probe calls the first.
    pub operations: Option<Vec<String>>,
    /// Keep the probes afterwards.
    pub keep: bool,
}

/// One side: a probe program and the service crate it builds on.
struct Side {
    name: &'static str,
    dir: PathBuf,
    service_crate: String,
}

/// One side's figures.
#[derive(Default)]
struct Figures {
    source_lines: usize,
    cold_wall_s: f64,
    cold_cpu_s: f64,
    binary_bytes: u64,
    touch_main_s: f64,
    crate_release_s: f64,
    crate_debug_s: f64,
}

/// Runs the comparison and prints its table.
pub fn run(bench: &ModelBench) -> Result<(), String> {
    let root = workspace_root();
    let base = std::env::temp_dir().join(format!("awsgen-bench-model-{}", std::process::id()));
    let generated = base.join("generated");
    let mut builder = awsgen::Builder::new()
        .model(&bench.model)
        .runtime_path(root.join("runtime"))
        .manifest_extra("\n[workspace]\n")
        .out_dir(&generated);
    if let Some(operations) = &bench.operations {
        builder = builder.operations(operations.clone());
    }
    let rendered = builder.render().map_err(|e| e.to_string())?;
    builder.generate().map_err(|e| e.to_string())?;
    let ir = &rendered.ir;
    let package = awsgen::naming::crate_name(&ir.service.sdk_id);
    let operation = probe_operation(ir, bench.operations.as_deref())?;
    println!(
        "bench-build --model {}: {} operation(s) of {package} against {}; the probes call `{operation}`; in {}",
        bench.model.display(),
        ir.operations.len(),
        bench.official,
        base.display()
    );

    let ours = Side { name: "ours", dir: base.join("ours"), service_crate: package.clone() };
    let official = Side { name: "official", dir: base.join("official"), service_crate: bench.official.clone() };
    let library = package.replace('-', "_");
    let ours_main = probe_main(&format!("let client = {library}::Client::new({library}::Config::from_env());"), &operation);
    let official_main = probe_main(
        &format!(
            "let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;\n        \
             let client = {}::Client::new(&config);",
            bench.official.replace('-', "_")
        ),
        &operation,
    );
    let tokio = "tokio = { version = \"1\", features = [\"rt\"] }\n";
    prepare_probe(&ours.dir, ours.name, &format!("{package} = {{ path = \"../generated\" }}\n{tokio}"), &ours_main)?;
    let versions = prepare_probe(
        &official.dir,
        official.name,
        &format!("aws-config = \"1\"\n{} = \"1\"\n{tokio}", bench.official),
        &official_main,
    )?;
    println!("official: {versions}");

    let mut table = Vec::new();
    for side in [&ours, &official] {
        let mut figures = measure(side)?;
        figures.source_lines = if side.name == "ours" {
            rust_lines(&generated.join("src"))?
        } else {
            rust_lines(&registry_source(&side.dir, &side.service_crate)?.join("src"))?
        };
        table.push((side.name, figures));
    }
    print_table(&table);
    if bench.keep {
        println!("probes kept in {}", base.display());
    } else {
        let _ = std::fs::remove_dir_all(&base);
    }
    Ok(())
}

/// The operation the probes call: the first listed, else the first whose input needs no
/// member (so that the probe compiles without arguments), as its method name.
fn probe_operation(ir: &awsgen::ir::CrateIr, listed: Option<&[String]>) -> Result<String, String> {
    let needs_nothing = |op: &&awsgen::ir::OperationIr| {
        ir.shapes.iter().filter(|s| s.path == op.input).all(|s| match &s.kind {
            awsgen::ir::ShapeKind::Struct { members, .. } => {
                members.iter().all(|m| !m.required || matches!(m.repr, awsgen::ir::Repr::Default(_)))
            }
            _ => true,
        })
    };
    let chosen = match listed.and_then(|names| names.first()) {
        Some(name) => ir.operations.iter().find(|op| &op.name == name),
        None => ir.operations.iter().find(needs_nothing),
    };
    chosen.map(|op| op.fn_name.clone()).ok_or_else(|| "the model has no operation the probe can call without input".into())
}

/// A probe's `main.rs`: make a client (`client_setup`), call `operation`, print the outcome.
/// Both SDKs name operation methods by the snake-cased operation name.
fn probe_main(client_setup: &str, operation: &str) -> String {
    format!(
        r#"//! Calls `{operation}` once and prints the outcome.
fn main() {{
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio");
    runtime.block_on(async {{
        {client_setup}
        match client.{operation}().send().await {{
            Ok(output) => println!("{{output:?}}"),
            Err(error) => eprintln!("{{error:?}}"),
        }}
    }});
}}
"#
    )
}

/// Builds `side` from cold and times each step (see the module docs).
fn measure(side: &Side) -> Result<Figures, String> {
    let _ = std::fs::remove_dir_all(side.dir.join("target"));
    let mut figures = Figures::default();
    let cpu_before = children_cpu_seconds()?;
    figures.cold_wall_s = timed_build(side, &["--release"])?;
    figures.cold_cpu_s = children_cpu_seconds()? - cpu_before;
    let binary = side.dir.join("target/release").join(format!("probe-{}", side.name));
    figures.binary_bytes = std::fs::metadata(&binary).map_err(|e| format!("{}: {e}", binary.display()))?.len();
    touch(&side.dir.join("src/main.rs"))?;
    figures.touch_main_s = timed_build(side, &["--release"])?;
    figures.crate_release_s = crate_alone(side, true)?;
    timed_build(side, &[])?;
    figures.crate_debug_s = crate_alone(side, false)?;
    println!(
        "  {:<9} cold release {:.1} s wall, {:.1} s CPU; touch main.rs {:.1} s; crate alone release {:.1} s, debug {:.1} s",
        side.name, figures.cold_wall_s, figures.cold_cpu_s, figures.touch_main_s, figures.crate_release_s, figures.crate_debug_s
    );
    Ok(figures)
}

/// `cargo build --offline` with `args` in the side's probe; wall seconds.
fn timed_build(side: &Side, args: &[&str]) -> Result<f64, String> {
    let started = Instant::now();
    let output = cargo(&side.dir).args(["build", "--offline"]).args(args).output().map_err(|e| format!("cargo build: {e}"))?;
    if !output.status.success() {
        return Err(format!("building probe `{}` failed:\n{}", side.name, String::from_utf8_lossy(&output.stderr)));
    }
    Ok(started.elapsed().as_secs_f64())
}

/// The service crate rebuilt alone, its dependencies built: wall seconds.
fn crate_alone(side: &Side, release: bool) -> Result<f64, String> {
    let profile: &[&str] = if release { &["--release"] } else { &[] };
    let clean = cargo(&side.dir).args(["clean", "-p", &side.service_crate]).args(profile).output();
    match clean {
        Ok(output) if output.status.success() => {}
        Ok(output) => return Err(format!("cargo clean -p {}: {}", side.service_crate, String::from_utf8_lossy(&output.stderr))),
        Err(e) => return Err(format!("cargo clean: {e}")),
    }
    timed_build(side, &[profile, &["-p", side.service_crate.as_str()]].concat())
}

/// Sets the file's modification time to now (cargo compares times).
fn touch(path: &Path) -> Result<(), String> {
    let file = std::fs::File::options().append(true).open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    file.set_modified(std::time::SystemTime::now()).map_err(|e| format!("{}: {e}", path.display()))
}

/// Where cargo unpacked `package` as the probe in `dir` locked it: `$CARGO_HOME/registry/src/*/<package>-<version>`.
fn registry_source(dir: &Path, package: &str) -> Result<PathBuf, String> {
    let locked = crate::latest_deps::locked_versions(&dir.join("Cargo.lock"))?;
    let version = locked.get(package).and_then(|v| v.first()).ok_or(format!("{package} is not in the probe's lock file"))?;
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .ok_or("neither CARGO_HOME nor HOME is set")?;
    let registries = cargo_home.join("registry/src");
    let entries = std::fs::read_dir(&registries).map_err(|e| format!("{}: {e}", registries.display()))?;
    entries
        .filter_map(Result::ok)
        .map(|entry| entry.path().join(format!("{package}-{version}")))
        .find(|candidate| candidate.is_dir())
        .ok_or(format!("{package} {version} is not unpacked under {}", registries.display()))
}

/// Lines of the `.rs` files under `dir`.
fn rust_lines(dir: &Path) -> Result<usize, String> {
    let mut total = 0;
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            total += rust_lines(&path)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            total += std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?.lines().count();
        }
    }
    Ok(total)
}

/// A row of the table: its label and how to read it from a side's figures.
type Row = (&'static str, fn(&Figures) -> f64);

fn print_table(table: &[(&str, Figures)]) {
    let rows: [Row; 7] = [
        ("generated source, lines", |f| f.source_lines as f64),
        ("service crate alone, release, s", |f| f.crate_release_s),
        ("service crate alone, debug, s", |f| f.crate_debug_s),
        ("whole probe cold, release, wall s", |f| f.cold_wall_s),
        ("whole probe cold, release, CPU s", |f| f.cold_cpu_s),
        ("rebuild after touching main.rs, s", |f| f.touch_main_s),
        ("stripped binary, MB", |f| f.binary_bytes as f64 / 1e6),
    ];
    println!();
    println!("{:<36} {:>12} {:>12} {:>16}", "", "ours", "official", "official / ours");
    for (label, value) in rows {
        let (ours, official) = (value(&table[0].1), value(&table[1].1));
        println!("{label:<36} {ours:>12.1} {official:>12.1} {:>15.2}x", official / ours);
    }
}
