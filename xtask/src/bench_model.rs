//! `cargo xtask bench-build --model FILE --official CRATE`: the build cost of one model's
//! client, ours generated from the model against the official `aws-sdk-*` crate, side by side
//! in one run; with `--operations A,B,C` a side with only those operations, and with `--ring`
//! a side with the `rustls-ring` TLS provider instead of the default aws-lc-rs.
//!
//! Each side is a probe program in its own workspace, built on its service crate: `ours
//! (N operations)` (with `--operations`), `ours` (every operation the generator supports),
//! `ours, rustls-ring` (with `--ring`: the same crate, `default-features = false, features =
//! ["rustls-ring"]`; its service crate alone is not built again, the TLS provider does not
//! change it) and `official` (`aws-config` + the official crate). A probe calls one operation (`--calls one`:
//! the first listed with `--operations`, else the first whose input needs no member) or every
//! operation its crate has (`--calls all`: the worst case for a user, each operation's code
//! compiled into the program; an operation either SDK lacks is called by neither). Probes are
//! built, never run.
//!
//! What is built when, each step side after side in the order above, so that a change in the
//! machine's load spreads over all sides:
//!
//! 1. ours generated (whole, then the subset), each probe written and its dependencies
//!    downloaded (`cargo fetch`); generated source lines counted in our crates' `src/` and
//!    the official crate's `src/` as cargo unpacked it.
//! 2. For each `--calls` setting in the order given: the probe's `main.rs` written, its target
//!    directory emptied, a cold release build timed (binary size with `strip = true`), then
//!    `main.rs` touched and the release build timed again (what a developer waits for after
//!    each edit).
//! 3. The service crate alone in release: `cargo clean -p` then `cargo build -p`, its
//!    dependencies built; with `--runs N`, N rounds of it side after side, the median kept.
//! 4. A debug build of the whole probe (not timed), then the service crate alone in debug,
//!    in rounds as in 3. Our probes turn incremental compilation off for our crate, as
//!    README.md recommends (`[profile.dev.package.<crate>] incremental = false`); the official
//!    crate, from the registry, is never built incrementally.
//!
//! Every timed step records wall time and CPU time (user + system of the cargo processes):
//! CPU time is the figure that survives a loaded machine. The report ends with a Markdown
//! section (command, date, commit, rustc and crate versions, the table with official / ours
//! ratios), ready for `BENCHMARKS.md`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::bench_build::{cargo, prepare_probe, timed, Timing};
use crate::codegen::workspace_root;

/// How many operations a probe calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Calls {
    /// One operation, printing its outcome.
    One,
    /// Every operation the side's crate has (and the official crate too).
    All,
}

impl Calls {
    /// Parses `one` or `all`.
    pub fn parse(text: &str) -> Result<Calls, String> {
        match text {
            "one" => Ok(Calls::One),
            "all" => Ok(Calls::All),
            other => Err(format!("--calls takes one, all or both (one,all), not `{other}`")),
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Calls::One => "one",
            Calls::All => "all",
        }
    }
}

/// What to compare.
pub struct ModelBench {
    /// The Smithy JSON AST model.
    pub model: PathBuf,
    /// The official crate (`aws-sdk-ssm`).
    pub official: String,
    /// A third side: ours with only these operations; the `one` probes call the first.
    pub operations: Option<Vec<String>>,
    /// The probes' call settings, measured in this order (never empty).
    pub calls: Vec<Calls>,
    /// Keep the probes afterwards.
    pub keep: bool,
    /// A side with our whole crate on the `rustls-ring` TLS provider.
    pub ring: bool,
    /// How many times each service crate alone is built (`--runs`); the report gives the
    /// median, since one build of a few seconds swings by a third on a shared machine.
    pub crate_alone_runs: usize,
    /// The command line, for the report.
    pub command: String,
}

/// One side: a probe program and the service crate it builds on.
struct Side {
    /// The probe's directory and binary name (`ours-subset`, `ours`, `official`).
    name: &'static str,
    /// The column title.
    title: String,
    dir: PathBuf,
    service_crate: String,
    /// The statements that make `client`, with `runtime` in scope.
    client_setup: String,
    /// The operations the crate has.
    operations: usize,
    /// The client methods the `all` probe calls; the `one` probe calls the first.
    methods: Vec<String>,
    source_lines: usize,
    /// Whether the service crate alone is timed (it is the same crate on another side).
    crate_alone: bool,
}

/// A probe's figures for one `--calls` setting.
#[derive(Clone, Copy, Debug, Default)]
struct ProbeFigures {
    called: usize,
    cold: Timing,
    binary_bytes: u64,
    touch_main: Timing,
}

/// One side's figures.
#[derive(Debug, Default)]
struct Figures {
    operations: usize,
    source_lines: usize,
    /// `None` on a side whose crate alone is not timed.
    crate_release: Option<Timing>,
    crate_debug: Option<Timing>,
    /// In the order of `ModelBench::calls`.
    probes: Vec<ProbeFigures>,
}

/// Runs the comparison and prints its report; the probes are deleted afterwards, even after
/// a failure, unless `keep`.
pub fn run(bench: &ModelBench) -> Result<(), String> {
    let base = std::env::temp_dir().join(format!("awsgen-bench-model-{}", std::process::id()));
    let result = compare(bench, &base);
    if bench.keep {
        println!("\nprobes kept in {}", base.display());
    } else {
        let _ = std::fs::remove_dir_all(&base);
    }
    result
}

/// The steps of the module docs, in `base`.
fn compare(bench: &ModelBench, base: &Path) -> Result<(), String> {
    let started = Instant::now();
    let date_started = utc_now();
    let commit = git_commit(&workspace_root());
    let whole = generate(bench, None, &base.join("generated"))?;
    let subset = match &bench.operations {
        Some(names) => Some(generate(bench, Some(names), &base.join("generated-subset"))?),
        None => None,
    };
    let (mut official, official_methods, official_versions) = official_side(bench, base)?;
    let matched = match_operations(&whole.operations, &official_methods);
    let first = probe_operation(&whole, bench.operations.as_deref(), &matched)?;
    official.methods = callable(&whole, &matched, &first, |m| m.official.clone())?;

    let mut sides = Vec::new();
    if let Some(subset) = &subset {
        let title = format!("ours ({} operations)", subset.operations.len());
        sides.push(ours_side(
            base,
            "ours-subset",
            title,
            subset,
            "generated-subset",
            callable(subset, &matched, &first, |m| m.ours.clone())?,
            OursSide::DEFAULT,
        )?);
    }
    let whole_methods = callable(&whole, &matched, &first, |m| m.ours.clone())?;
    sides.push(ours_side(base, "ours", "ours".into(), &whole, "generated", whole_methods.clone(), OursSide::DEFAULT)?);
    if bench.ring {
        let ring = OursSide { features: RING_FEATURES, crate_alone: false };
        sides.push(ours_side(base, "ours-ring", "ours, `rustls-ring`".into(), &whole, "generated", whole_methods, ring)?);
    }
    println!("official: {official_versions}");
    let rustc = rustc_version(&official.dir);
    sides.push(official);

    let operations = operations_note(&bench.calls, &whole, &matched, &first, official_methods.len());
    println!("bench-build --model {}: {operations}; in {}", bench.model.display(), base.display());
    let figures = measure_all(&sides, &bench.calls, bench.crate_alone_runs)?;

    let report = Report {
        command: bench.command.clone(),
        dates: format!("{date_started} – {}", utc_now()),
        minutes: started.elapsed().as_secs_f64() / 60.0,
        commit,
        rustc,
        versions: format!("official: {official_versions}"),
        operations,
        columns: sides.iter().map(|s| s.title.clone()).collect(),
        calls: bench.calls.clone(),
        crate_alone_runs: bench.crate_alone_runs,
        figures,
    };
    println!();
    print!("{}", report.markdown(&sdk_heading(&whole, &bench.model)));
    Ok(())
}

/// The tokio dependency of every probe.
const TOKIO: &str = "tokio = { version = \"1\", features = [\"rt\"] }\n";

/// The official side, its probe written and its dependencies downloaded (its methods still to
/// choose); with the official client's operation methods and the versions as resolved.
fn official_side(bench: &ModelBench, base: &Path) -> Result<(Side, Vec<String>, String), String> {
    let library = bench.official.replace('-', "_");
    let client_setup = format!(
        "let config = runtime.block_on(aws_config::load_defaults(aws_config::BehaviorVersion::latest()));\n    \
         let client = {library}::Client::new(&config);"
    );
    let dir = base.join("official");
    let deps = format!("aws-config = \"1\"\n{} = \"1\"\n{TOKIO}", bench.official);
    let versions = prepare_probe(&dir, "official", &deps, &probe_main(&client_setup, &[], Calls::One))?;
    let src = registry_source(&dir, &bench.official)?.join("src");
    let methods = official_client_methods(&src.join("client"))?;
    let side = Side {
        name: "official",
        title: "official".into(),
        source_lines: rust_lines(&src)?,
        dir,
        service_crate: bench.official.clone(),
        client_setup,
        operations: methods.len(),
        methods: Vec::new(),
        crate_alone: true,
    };
    Ok((side, methods, versions))
}

/// The dependency features of the `--ring` side's service crate.
const RING_FEATURES: &str = ", default-features = false, features = [\"rustls-ring\"]";

/// The profile override README.md recommends for a generated crate in a workspace (a table
/// after the dependencies): cargo builds path dependencies incrementally, which costs about
/// a third more on a full build and buys nothing for code nobody edits. The official crate,
/// from the registry, is never built incrementally, so this also compares like with like.
fn not_incremental(package: &str) -> String {
    format!("\n[profile.dev.package.{package}]\nincremental = false\n")
}

/// How one of our sides builds on its crate.
struct OursSide {
    /// Appended to the service crate's dependency entry (`, features = [..]`).
    features: &'static str,
    crate_alone: bool,
}

impl OursSide {
    /// Default features, the crate alone timed.
    const DEFAULT: OursSide = OursSide { features: "", crate_alone: true };
}

/// One of our sides: the crate generated from `ir` into `base/generated`, with `how`'s
/// features; its probe written and its dependencies downloaded.
fn ours_side(
    base: &Path,
    name: &'static str,
    title: String,
    ir: &awsgen::ir::CrateIr,
    generated: &str,
    methods: Vec<String>,
    how: OursSide,
) -> Result<Side, String> {
    let package = awsgen::naming::crate_name(&ir.service.sdk_id);
    let library = package.replace('-', "_");
    let client_setup = format!("let client = {library}::Client::new({library}::Config::from_env());");
    let dir = base.join(name);
    let deps = format!("{package} = {{ path = \"../{generated}\"{} }}\n{TOKIO}{}", how.features, not_incremental(&package));
    let versions = prepare_probe(&dir, name, &deps, &probe_main(&client_setup, &[], Calls::One))?;
    println!("{name}: {versions}");
    Ok(Side {
        name,
        title,
        source_lines: rust_lines(&base.join(generated).join("src"))?,
        dir,
        service_crate: package,
        client_setup,
        operations: ir.operations.len(),
        methods,
        crate_alone: how.crate_alone,
    })
}

/// Generates our crate from the model (only `operations` if given) into `out`; its IR.
fn generate(bench: &ModelBench, operations: Option<&Vec<String>>, out: &Path) -> Result<awsgen::ir::CrateIr, String> {
    let mut builder = awsgen::Builder::new()
        .model(&bench.model)
        .runtime_path(workspace_root().join("runtime"))
        .manifest_extra("\n[workspace]\n")
        .out_dir(out);
    if let Some(operations) = operations {
        builder = builder.operations(operations.clone());
    }
    let rendered = builder.render().map_err(|e| e.to_string())?;
    awsgen::write::write(out, &rendered.files, false).map_err(|e| e.to_string())?;
    Ok(rendered.ir)
}

/// The heading of the report: the service, its protocol and the model file.
fn sdk_heading(ir: &awsgen::ir::CrateIr, model: &Path) -> String {
    let file = model.file_name().map_or_else(|| model.display().to_string(), |f| f.to_string_lossy().into_owned());
    format!("{} ({}, `{file}`)", ir.service.sdk_id, ir.service.protocol.name())
}

/// The operation the `one` probes call: the first listed, else the first both crates have
/// whose input needs no member (so that the call runs without arguments); its shape name.
fn probe_operation(ir: &awsgen::ir::CrateIr, listed: Option<&[String]>, matched: &[MatchedOperation]) -> Result<String, String> {
    if let Some(name) = listed.and_then(|names| names.first()) {
        return match matched.iter().find(|m| &m.name == name) {
            Some(_) => Ok(name.clone()),
            None => Err(format!("--operations: `{name}` is not an operation of both the generated and the official crate")),
        };
    }
    let needs_nothing = |op: &&awsgen::ir::OperationIr| {
        ir.shapes.iter().filter(|s| s.path == op.input).all(|s| match &s.kind {
            awsgen::ir::ShapeKind::Struct { members, .. } => {
                members.iter().all(|m| !m.required || matches!(m.repr, awsgen::ir::Repr::Default(_)))
            }
            _ => true,
        })
    };
    let in_both = |op: &&awsgen::ir::OperationIr| matched.iter().any(|m| m.name == op.name);
    ir.operations
        .iter()
        .filter(in_both)
        .find(needs_nothing)
        .map(|op| op.name.clone())
        .ok_or_else(|| "the crates have no common operation the probe can call without input".into())
}

/// An operation both SDKs have, with each one's client method.
#[derive(Clone, Debug, PartialEq)]
struct MatchedOperation {
    name: String,
    ours: String,
    official: String,
}

/// Our operations matched with the official client's methods, by name without case or
/// underscores (smithy-rs snake-cases `GetIPSet` as `get_ip_set`; our naming may split
/// acronyms differently, and either may escape a name).
fn match_operations(ours: &[awsgen::ir::OperationIr], official_methods: &[String]) -> Vec<MatchedOperation> {
    match_names(ours.iter().map(|op| (op.name.as_str(), op.fn_name.as_str())), official_methods)
}

/// `match_operations` over (operation name, our method) pairs.
fn match_names<'a>(ours: impl Iterator<Item = (&'a str, &'a str)>, official_methods: &[String]) -> Vec<MatchedOperation> {
    let mut by_key: HashMap<String, Option<&String>> = HashMap::new();
    for method in official_methods {
        by_key.entry(name_key(method)).and_modify(|seen| *seen = None).or_insert(Some(method));
    }
    ours.filter_map(|(name, method)| {
        let official = by_key.get(&name_key(name)).copied().flatten()?;
        Some(MatchedOperation { name: name.to_owned(), ours: method.to_owned(), official: official.clone() })
    })
    .collect()
}

/// A name's letters and digits, lowercase (`r#match` and `Match` give `match`).
fn name_key(name: &str) -> String {
    name.strip_prefix("r#").unwrap_or(name).chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// The methods a side's `all` probe calls: those of `ir`'s operations the official crate
/// also has, `first` leading (the `one` probe calls it).
fn callable(
    ir: &awsgen::ir::CrateIr,
    matched: &[MatchedOperation],
    first: &str,
    method: impl Fn(&MatchedOperation) -> String,
) -> Result<Vec<String>, String> {
    let lead = matched.iter().find(|m| m.name == first).ok_or(format!("`{first}` is not an operation of both crates"))?;
    let rest = matched.iter().filter(|m| m.name != first && ir.operations.iter().any(|op| op.name == m.name));
    Ok(std::iter::once(lead).chain(rest).map(method).collect())
}

/// The official client's operation methods, from `src/client/*.rs`: each file holds one
/// `pub fn name(&self) -> crate::operation::...FluentBuilder`, a signature rustfmt may wrap.
fn official_client_methods(client_dir: &Path) -> Result<Vec<String>, String> {
    let mut methods = Vec::new();
    let entries = std::fs::read_dir(client_dir).map_err(|e| format!("{}: {e}", client_dir.display()))?;
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            methods.extend(operation_methods(&text));
        }
    }
    methods.sort();
    Ok(methods)
}

/// The `pub fn NAME(&self) -> crate::operation::…` methods of Rust source text.
fn operation_methods(source: &str) -> Vec<String> {
    let flat = source.split_whitespace().collect::<Vec<_>>().join(" ");
    flat.split("pub fn ")
        .skip(1)
        .filter_map(|rest| {
            let (name, signature) = rest.split_once('(')?;
            let signature = signature.trim_start().strip_prefix("&self")?.trim_start_matches([',', ' ']);
            signature.strip_prefix(") -> crate::operation::").map(|_| name.trim().to_owned())
        })
        .collect()
}

/// What the report says about operations: how many each crate has, what the probes call and
/// what is left out of them.
fn operations_note(calls: &[Calls], whole: &awsgen::ir::CrateIr, matched: &[MatchedOperation], first: &str, official: usize) -> String {
    let mut text = format!(
        "ours generates {} of the model's {} operations ({} left out), the official crate has {official}; \
         `--calls one` calls {first}",
        whole.operations.len(),
        whole.operations.len() + whole.skipped.len(),
        whole.skipped.len()
    );
    if calls.contains(&Calls::All) {
        let renamed = matched.iter().filter(|m| m.ours != m.official).count();
        text += &format!(
            ", `--calls all` on each side the operations both crates have ({} with ours whole; left out of both: \
             {} of ours the official crate lacks, {} of the official crate's ours lacks; {renamed} methods named \
             differently)",
            matched.len(),
            whole.operations.len() - matched.len(),
            official - matched.len()
        );
    }
    text
}

/// A probe's `main.rs`: make a client (`client_setup`), then call `methods[0]` and print the
/// outcome, and with `Calls::All` call the others too (ignoring the outcome: the probe is
/// built, never run). Both SDKs' fluent builders send without their required members
/// (failing at run time), so no call needs arguments.
fn probe_main(client_setup: &str, methods: &[String], calls: Calls) -> String {
    let mut body = String::new();
    if let Some((first, rest)) = methods.split_first() {
        body += &format!(
            "    match runtime.block_on(client.{first}().send()) {{\n        \
             Ok(output) => println!(\"{{output:?}}\"),\n        Err(error) => eprintln!(\"{{error:?}}\"),\n    }}\n"
        );
        if calls == Calls::All {
            for method in rest {
                body += &format!("    let _ = runtime.block_on(client.{method}().send());\n");
            }
        }
    }
    // `--calls all` calls deprecated operations too: their warnings are not the probe's business.
    format!(
        "//! Calls {count} operation(s); built to measure the build, never run.\n#![allow(deprecated)]\n\n\
         fn main() {{\n    \
         let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect(\"tokio\");\n    \
         {client_setup}\n{body}}}\n",
        count = if calls == Calls::All { methods.len() } else { methods.len().min(1) },
    )
}

/// Every step of the module docs, each side after side.
fn measure_all(sides: &[Side], calls: &[Calls], crate_alone_runs: usize) -> Result<Vec<Figures>, String> {
    let mut figures: Vec<Figures> =
        sides.iter().map(|s| Figures { operations: s.operations, source_lines: s.source_lines, ..Figures::default() }).collect();
    for &setting in calls {
        for (side, figures) in sides.iter().zip(&mut figures) {
            let probe = measure_probe(side, setting)?;
            println!(
                "  --calls {:<3} {:<12} {} call(s): cold release {}, {:.2} MB; touch main.rs {}",
                setting.as_str(),
                side.name,
                probe.called,
                timing_text(probe.cold),
                probe.binary_bytes as f64 / 1e6,
                timing_text(probe.touch_main)
            );
            figures.probes.push(probe);
        }
    }
    for (figures, timing) in figures.iter_mut().zip(crate_alone_medians(sides, true, crate_alone_runs)?) {
        figures.crate_release = timing;
    }
    for side in sides.iter().filter(|side| side.crate_alone) {
        cargo_build(side, &[])?;
    }
    for (figures, timing) in figures.iter_mut().zip(crate_alone_medians(sides, false, crate_alone_runs)?) {
        figures.crate_debug = timing;
    }
    Ok(figures)
}

/// Each side's service crate alone (`None` where it is not timed), built `runs` times in
/// rounds, side after side so that a change in load spreads over all sides; the median of
/// each side's wall times and, apart, of its CPU times.
fn crate_alone_medians(sides: &[Side], release: bool, runs: usize) -> Result<Vec<Option<Timing>>, String> {
    let profile = if release { "release" } else { "debug" };
    let mut samples: Vec<Vec<Timing>> = vec![Vec::new(); sides.len()];
    for round in 1..=runs {
        for (side, samples) in sides.iter().zip(&mut samples).filter(|(side, _)| side.crate_alone) {
            let timing = crate_alone(side, release)?;
            println!("  {:<12} {} alone, {profile}, run {round}/{runs}: {}", side.name, side.service_crate, timing_text(timing));
            samples.push(timing);
        }
    }
    Ok(samples.iter().map(|samples| median_timing(samples)).collect())
}

/// The median wall time and the median CPU time of `samples` (which may come from different
/// runs); `None` for no samples.
fn median_timing(samples: &[Timing]) -> Option<Timing> {
    if samples.is_empty() {
        return None;
    }
    let median = |read: fn(&Timing) -> f64| crate::codegen::spread(samples.iter().map(read).collect()).1;
    Some(Timing { wall_s: median(|t| t.wall_s), cpu_s: median(|t| t.cpu_s) })
}

fn timing_text(timing: Timing) -> String {
    format!("{:.1} s wall, {:.1} s CPU", timing.wall_s, timing.cpu_s)
}

/// The probe with `calls`, built cold in release, then after touching `main.rs`.
fn measure_probe(side: &Side, calls: Calls) -> Result<ProbeFigures, String> {
    let main_rs = side.dir.join("src/main.rs");
    std::fs::write(&main_rs, probe_main(&side.client_setup, &side.methods, calls)).map_err(|e| format!("{}: {e}", main_rs.display()))?;
    let _ = std::fs::remove_dir_all(side.dir.join("target"));
    let cold = cargo_build(side, &["--release"])?;
    let binary = side.dir.join("target/release").join(format!("probe-{}", side.name));
    let binary_bytes = std::fs::metadata(&binary).map_err(|e| format!("{}: {e}", binary.display()))?.len();
    touch(&main_rs)?;
    let touch_main = cargo_build(side, &["--release"])?;
    let called = if calls == Calls::All { side.methods.len() } else { 1 };
    Ok(ProbeFigures { called, cold, binary_bytes, touch_main })
}

/// `cargo build --offline` with `args` in the side's probe, timed.
fn cargo_build(side: &Side, args: &[&str]) -> Result<Timing, String> {
    timed(cargo(&side.dir).args(["build", "--offline"]).args(args), &format!("building probe `{}`", side.name)).map(|(timing, _)| timing)
}

/// The service crate rebuilt alone, its dependencies built.
fn crate_alone(side: &Side, release: bool) -> Result<Timing, String> {
    let profile: &[&str] = if release { &["--release"] } else { &[] };
    timed(cargo(&side.dir).args(["clean", "-p", &side.service_crate]).args(profile), &format!("cargo clean -p {}", side.service_crate))?;
    cargo_build(side, &[profile, &["-p", side.service_crate.as_str()]].concat())
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

/// The first line a command prints, or why there is none.
fn first_line(command: &mut Command) -> String {
    match command.output() {
        Ok(output) if output.status.success() => String::from_utf8_lossy(&output.stdout).lines().next().unwrap_or("").trim().to_owned(),
        Ok(output) => format!("unknown ({})", String::from_utf8_lossy(&output.stderr).trim()),
        Err(e) => format!("unknown ({e})"),
    }
}

fn utc_now() -> String {
    first_line(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"]))
}

/// The commit of the workspace, marked if files differ from it (the figures are then of
/// uncommitted code).
fn git_commit(root: &Path) -> String {
    let commit = first_line(Command::new("git").arg("-C").arg(root).args(["rev-parse", "--short", "HEAD"]));
    let changed = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["status", "--porcelain", "--untracked-files=no"])
        .output()
        .is_ok_and(|o| !o.stdout.is_empty());
    if changed {
        format!("{commit} with uncommitted changes")
    } else {
        commit
    }
}

/// The compiler the probes are built with (the workspace's toolchain).
fn rustc_version(root: &Path) -> String {
    first_line(Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into())).arg("--version").current_dir(root))
}

/// Everything the Markdown report says.
struct Report {
    command: String,
    dates: String,
    minutes: f64,
    commit: String,
    rustc: String,
    versions: String,
    operations: String,
    /// The sides' titles; the last is the official crate.
    columns: Vec<String>,
    calls: Vec<Calls>,
    /// Builds of each service crate alone; the table gives their median.
    crate_alone_runs: usize,
    /// Per column.
    figures: Vec<Figures>,
}

/// How a row's values read.
#[derive(Clone, Copy)]
enum Unit {
    Count,
    Seconds,
    Megabytes,
}

/// A row of the table: its label, unit and a value per column (`None`: not measured there).
struct Row {
    label: String,
    unit: Unit,
    values: Vec<Option<f64>>,
}

impl Report {
    /// The report as a Markdown section titled `heading`.
    fn markdown(&self, heading: &str) -> String {
        let mut out = format!("### {heading}, {}, at {}\n\n", self.dates, self.commit);
        out += &format!("`{}` ({:.0} min; {}).\n\n", self.command, self.minutes, self.rustc);
        out += &format!("Versions as resolved, {}. Operations: {}.\n\n", self.versions, self.operations);
        out += &markdown_table(&self.columns, &self.rows());
        out
    }

    fn rows(&self) -> Vec<Row> {
        let measured = |label: String, unit: Unit, value: &dyn Fn(&Figures) -> Option<f64>| Row {
            label,
            unit,
            values: self.figures.iter().map(value).collect(),
        };
        let row = |label: String, unit: Unit, value: &dyn Fn(&Figures) -> f64| measured(label, unit, &|f| Some(value(f)));
        let mut rows = vec![
            row("operations".into(), Unit::Count, &|f| f.operations as f64),
            row("generated source, lines".into(), Unit::Count, &|f| f.source_lines as f64),
        ];
        type Read = fn(&Figures) -> Option<Timing>;
        let runs = match self.crate_alone_runs {
            1 => String::new(),
            n => format!(" (median of {n})"),
        };
        for (name, read) in [("release", (|f: &Figures| f.crate_release) as Read), ("debug", |f| f.crate_debug)] {
            rows.push(measured(format!("service crate alone, {name}, wall{runs}"), Unit::Seconds, &|f| read(f).map(|t| t.wall_s)));
            rows.push(measured(format!("service crate alone, {name}, CPU{runs}"), Unit::Seconds, &|f| read(f).map(|t| t.cpu_s)));
        }
        for (index, calls) in self.calls.iter().enumerate() {
            let probe = move |f: &Figures| f.probes.get(index).copied().unwrap_or_default();
            let suffix = format!("(`--calls {}`)", calls.as_str());
            rows.extend([
                row(format!("operations called {suffix}"), Unit::Count, &|f| probe(f).called as f64),
                row(format!("whole probe cold, release, wall {suffix}"), Unit::Seconds, &|f| probe(f).cold.wall_s),
                row(format!("whole probe cold, release, CPU {suffix}"), Unit::Seconds, &|f| probe(f).cold.cpu_s),
                row(format!("rebuild after touching `main.rs`, wall {suffix}"), Unit::Seconds, &|f| probe(f).touch_main.wall_s),
                row(format!("rebuild after touching `main.rs`, CPU {suffix}"), Unit::Seconds, &|f| probe(f).touch_main.cpu_s),
                row(format!("stripped binary {suffix}"), Unit::Megabytes, &|f| probe(f).binary_bytes as f64 / 1e6),
            ]);
        }
        rows
    }
}

/// The table: a column per side (the official crate last), then `official / <side>` for each
/// other side.
fn markdown_table(columns: &[String], rows: &[Row]) -> String {
    let Some((official, ours)) = columns.split_last() else { return String::new() };
    let ratio_titles = ours.iter().map(|side| format!("{official} / {side}"));
    let titles: Vec<String> = columns.iter().cloned().chain(ratio_titles).collect();
    let mut out = format!("| | {} |\n|---|{}\n", titles.join(" | "), "---:|".repeat(titles.len()));
    for row in rows {
        let official_value = row.values.last().copied().flatten().unwrap_or_default();
        let values = row.values.iter().map(|&v| v.map_or_else(|| "–".into(), |v| format_value(v, row.unit)));
        let ratios = row.values[..row.values.len().saturating_sub(1)].iter().map(|&v| format_ratio(official_value, v.unwrap_or_default()));
        out += &format!("| {} | {} |\n", row.label, values.chain(ratios).collect::<Vec<_>>().join(" | "));
    }
    out
}

fn format_value(value: f64, unit: Unit) -> String {
    match unit {
        Unit::Count => thousands(value.round() as u64),
        Unit::Seconds => format!("{value:.1} s"),
        Unit::Megabytes => format!("{value:.2} MB"),
    }
}

/// `numerator / denominator` as `2.64x`; a dash where it means nothing (a zero).
fn format_ratio(numerator: f64, denominator: f64) -> String {
    if denominator > 0.0 && numerator > 0.0 {
        format!("{:.2}x", numerator / denominator)
    } else {
        "–".into()
    }
}

/// `348391` as `348,391`.
fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_methods_are_read_from_wrapped_and_unwrapped_signatures() {
        let source = r#"impl super::Client {
    /// Constructs a fluent builder for the [`CancelCommand`] operation.
    pub fn cancel_command(&self) -> crate::operation::cancel_command::builders::CancelCommandFluentBuilder {
        crate::operation::cancel_command::builders::CancelCommandFluentBuilder::new(self.handle.clone())
    }
    pub fn associate_ops_item_related_item(
        &self,
    ) -> crate::operation::associate_ops_item_related_item::builders::AssociateOpsItemRelatedItemFluentBuilder {
        todo!()
    }
    pub fn config(&self) -> &crate::Config {
        &self.handle.conf
    }
    pub fn from_conf(conf: crate::Config) -> Self {
        todo!()
    }
}"#;
        assert_eq!(operation_methods(source), ["cancel_command", "associate_ops_item_related_item"]);
    }

    #[test]
    fn operations_match_by_name_whatever_the_acronym_split() {
        let official = ["get_ip_set".to_owned(), "list_things".to_owned(), "r#match".to_owned()];
        let ours = [("GetIPSet", "get_ipset"), ("ListThings", "list_things"), ("Match", "r#match"), ("DeleteThing", "delete_thing")];
        let matched = match_names(ours.into_iter(), &official);
        let pairs: Vec<(&str, &str, &str)> = matched.iter().map(|m| (m.name.as_str(), m.ours.as_str(), m.official.as_str())).collect();
        assert_eq!(
            pairs,
            [("GetIPSet", "get_ipset", "get_ip_set"), ("ListThings", "list_things", "list_things"), ("Match", "r#match", "r#match")]
        );
    }

    #[test]
    fn an_ambiguous_official_name_matches_nothing() {
        let official = ["get_ip_set".to_owned(), "get_ipset".to_owned()];
        assert!(match_names([("GetIPSet", "get_ip_set")].into_iter(), &official).is_empty());
    }

    #[test]
    fn the_all_probe_calls_each_method_once_and_prints_the_first() {
        let methods = ["list_a".to_owned(), "get_b".to_owned(), "put_c".to_owned()];
        let all = probe_main("let client = x::Client::new();", &methods, Calls::All);
        let one = probe_main("let client = x::Client::new();", &methods, Calls::One);
        for method in &methods {
            assert_eq!(all.matches(&format!("client.{method}().send()")).count(), 1, "{method} in\n{all}");
        }
        assert!(all.contains("match runtime.block_on(client.list_a().send())"), "{all}");
        assert!(all.starts_with("//! Calls 3 operation(s)"), "{all}");
        assert!(one.contains("client.list_a().send()") && !one.contains("get_b") && !one.contains("put_c"), "{one}");
        assert!(one.starts_with("//! Calls 1 operation(s)"), "{one}");
    }

    fn figures(scale: f64, called: usize) -> Figures {
        let timing = Timing { wall_s: 2.0 * scale, cpu_s: 3.0 * scale };
        Figures {
            operations: 146,
            source_lines: (1000.0 * scale) as usize,
            crate_release: Some(timing),
            crate_debug: Some(Timing { wall_s: scale, cpu_s: 0.0 }),
            probes: vec![ProbeFigures { called, cold: timing, binary_bytes: (4e6 * scale) as u64, touch_main: timing }],
        }
    }

    #[test]
    fn the_table_has_a_column_per_side_and_a_ratio_per_side_of_ours() {
        let report = Report {
            command: "cargo xtask bench-build --model m.json --official aws-sdk-x --operations A --calls all".into(),
            dates: "2026-12-05 22:00 UTC – 2026-12-05 22:30 UTC".into(),
            minutes: 30.0,
            commit: "abc1234".into(),
            rustc: "rustc 1.95.0".into(),
            versions: "official: aws-sdk-x 1.2.3".into(),
            operations: "ours generates 146".into(),
            columns: vec!["ours (1 operations)".into(), "ours".into(), "official".into()],
            calls: vec![Calls::All],
            crate_alone_runs: 1,
            figures: vec![figures(1.0, 1), figures(2.0, 146), figures(5.0, 146)],
        };
        let text = report.markdown("X (awsJson1_1, `m.json`)");
        assert!(text.starts_with("### X (awsJson1_1, `m.json`), 2026-12-05 22:00 UTC – 2026-12-05 22:30 UTC, at abc1234\n"), "{text}");
        assert!(
            text.contains(
                "`cargo xtask bench-build --model m.json --official aws-sdk-x --operations A --calls all` (30 min; rustc 1.95.0)"
            ),
            "{text}"
        );
        let lines: Vec<&str> = text.lines().filter(|l| l.starts_with('|')).collect();
        assert_eq!(lines[0], "| | ours (1 operations) | ours | official | official / ours (1 operations) | official / ours |");
        assert_eq!(lines[1], "|---|---:|---:|---:|---:|---:|");
        assert!(lines.contains(&"| generated source, lines | 1,000 | 2,000 | 5,000 | 5.00x | 2.50x |"), "{text}");
        assert!(lines.contains(&"| service crate alone, release, CPU | 3.0 s | 6.0 s | 15.0 s | 5.00x | 2.50x |"), "{text}");
        // A zero (a step too short to register CPU time) gives no ratio.
        assert!(lines.contains(&"| service crate alone, debug, CPU | 0.0 s | 0.0 s | 0.0 s | – | – |"), "{text}");
        assert!(lines.contains(&"| operations called (`--calls all`) | 1 | 146 | 146 | 146.00x | 1.00x |"), "{text}");
        assert!(lines.contains(&"| stripped binary (`--calls all`) | 4.00 MB | 8.00 MB | 20.00 MB | 5.00x | 2.50x |"), "{text}");
        // Two rows per timed step (wall, CPU), one per figure otherwise.
        assert_eq!(lines.len(), 2 + 2 + 4 + 6);
    }

    #[test]
    fn a_side_without_its_crate_alone_shows_dashes() {
        let ring = Figures { crate_release: None, crate_debug: None, ..figures(1.5, 1) };
        let report = Report {
            command: "cargo xtask bench-build --model m.json --official aws-sdk-x --ring".into(),
            dates: String::new(),
            minutes: 1.0,
            commit: "abc1234".into(),
            rustc: "rustc 1.95.0".into(),
            versions: String::new(),
            operations: String::new(),
            columns: vec!["ours".into(), "ours, `rustls-ring`".into(), "official".into()],
            calls: vec![Calls::One],
            crate_alone_runs: 3,
            figures: vec![figures(2.0, 1), ring, figures(6.0, 1)],
        };
        let text = report.markdown("X");
        let lines: Vec<&str> = text.lines().filter(|l| l.starts_with('|')).collect();
        // With `--runs 3` the crate-alone rows say they are medians.
        assert!(lines.contains(&"| service crate alone, release, wall (median of 3) | 4.0 s | – | 12.0 s | 3.00x | – |"), "{text}");
        assert!(lines.contains(&"| stripped binary (`--calls one`) | 8.00 MB | 6.00 MB | 24.00 MB | 3.00x | 4.00x |"), "{text}");
    }

    #[test]
    fn crate_alone_takes_the_median_wall_and_cpu_apart() {
        let samples = [
            Timing { wall_s: 9.0, cpu_s: 7.0 },
            Timing { wall_s: 6.0, cpu_s: 8.5 },
            Timing { wall_s: 7.0, cpu_s: 6.5 },
        ];
        assert_eq!(median_timing(&samples), Some(Timing { wall_s: 7.0, cpu_s: 7.0 }));
        assert_eq!(median_timing(&samples[..1]), Some(samples[0]));
        assert_eq!(median_timing(&[]), None);
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(348_391), "348,391");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
