//! `cargo xtask corpus [DIR]`: generate a crate for every model in a directory, compile it with
//! clippy (`-D warnings`), run its generated endpoint tests, and print one row per model.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::codegen::{json_models, scratch_workspace, standalone_settings, workspace_root};

struct Options {
    dir: PathBuf,
    only: Option<Vec<String>>,
    jobs: Option<usize>,
    keep: bool,
    doc: bool,
    generate_only: bool,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let root = workspace_root();
    let mut options = Options { dir: root.join("../shared/models/corpus"), only: None, jobs: None, keep: false, doc: false, generate_only: false };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--only" => {
                let list = iter.next().ok_or("--only needs a list of model names")?;
                options.only = Some(list.split(',').map(|s| s.trim().trim_end_matches(".json").to_owned()).collect());
            }
            "--jobs" => {
                let n = iter.next().ok_or("--jobs needs a number")?;
                options.jobs = Some(n.parse().map_err(|_| format!("--jobs: `{n}` is not a number"))?);
            }
            "--keep" => options.keep = true,
            "--doc" => options.doc = true,
            "--generate-only" => options.generate_only = true,
            other if other.starts_with("--") => return Err(format!("unknown option `{other}` for corpus")),
            dir => options.dir = PathBuf::from(dir),
        }
    }
    Ok(options)
}

/// One model's outcome.
struct Row {
    model: String,
    service: String,
    protocol: String,
    operations: usize,
    shapes: usize,
    /// What the crate leaves out and why: operations, paginators, the endpoint resolver.
    left_out: Vec<String>,
    generate_ms: f64,
    check_s: f64,
    endpoint: (usize, usize),
    /// Waiters generated and left out.
    waiters: (usize, usize),
    doc: Option<bool>,
    result: Result<(), String>,
}

fn cargo(scratch: &Path, target: &Path, jobs: Option<usize>, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO"));
    command.args(args).arg("--manifest-path").arg(scratch.join("Cargo.toml")).env("CARGO_TARGET_DIR", target);
    // Every crate is built once and thrown away: debug info and incremental state would
    // only cost time (the largest models take minutes to compile).
    command.env("CARGO_PROFILE_DEV_DEBUG", "0").env("CARGO_INCREMENTAL", "0");
    if let Some(jobs) = jobs {
        command.arg("--jobs").arg(jobs.to_string());
    }
    command
}

/// `test result: ok. 9 passed; 0 failed; ...` → (passed, failed).
fn test_counts(output: &str) -> (usize, usize) {
    let mut counts = (0, 0);
    for line in output.lines().filter(|l| l.starts_with("test result:")) {
        let number = |word: &str| {
            line.split(';')
                .find(|part| part.trim_end().ends_with(word))
                .and_then(|part| part.split_whitespace().rev().nth(1).and_then(|n| n.parse::<usize>().ok()))
                .unwrap_or(0)
        };
        counts.0 += number("passed");
        counts.1 += number("failed");
    }
    counts
}

/// What a generated crate leaves out, one line each with the reason (as its docs list them).
fn left_out(ir: &awsgen::ir::CrateIr) -> Vec<String> {
    let operations = ir.skipped.iter().map(|s| format!("operation `{}`: {}", s.name, s.reason));
    let paginators = ir.skipped_paginators.iter().map(|s| format!("paginator of `{}`: {}", s.name, s.reason));
    let waiters = ir.skipped_waiters.iter().map(|s| format!("waiter `{}`: {}", s.name, s.reason));
    let resolver = ir.service.endpoint_rules_unsupported.iter().map(|reason| format!("endpoint resolver: {reason}"));
    operations.chain(paginators).chain(waiters).chain(resolver).collect()
}

/// Runs the task.
pub fn run(args: &[String]) -> Result<(), String> {
    let options = parse(args)?;
    let root = workspace_root();
    let mut models = json_models(&options.dir)?;
    if let Some(only) = &options.only {
        for name in only {
            if !models.iter().any(|m| m.file_stem().is_some_and(|s| s == name.as_str())) {
                return Err(format!("--only: no model `{name}.json` in {}", options.dir.display()));
            }
        }
        models.retain(|m| only.iter().any(|n| m.file_stem().is_some_and(|s| s == n.as_str())));
    }
    let scratch = root.join("target/corpus");
    let target = root.join("target/corpus-target");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;

    // Generate every crate first: one scratch workspace shares dependencies.
    let started = Instant::now();
    let mut rows = Vec::new();
    let mut members = Vec::new();
    for model in &models {
        let stem = model.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let name = format!("corpus-{stem}");
        let mut settings = standalone_settings(&root, model.clone(), &scratch.join(&stem));
        settings.crate_name = Some(name.clone());
        settings.manifest.extra = String::new();
        let t = Instant::now();
        let mut row = Row {
            model: stem.clone(),
            service: String::new(),
            protocol: String::new(),
            operations: 0,
            shapes: 0,
            left_out: Vec::new(),
            generate_ms: 0.0,
            check_s: 0.0,
            endpoint: (0, 0),
            waiters: (0, 0),
            doc: None,
            result: Ok(()),
        };
        match awsgen::generate(&settings) {
            Ok(generated) => {
                row.generate_ms = t.elapsed().as_secs_f64() * 1000.0;
                let ir = &generated.ir;
                row.service = ir.service.sdk_id.clone();
                row.protocol = format!("{:?}", ir.service.protocol);
                row.operations = ir.operations.len();
                row.shapes = ir.shapes.len();
                row.left_out = left_out(ir);
                row.waiters = (ir.waiters.len(), ir.skipped_waiters.len());
                row.endpoint.1 = ir.service.endpoint_tests.len();
                match awsgen::write::write(&scratch.join(&stem), &generated.files, false) {
                    Ok(_) => members.push((stem, name)),
                    Err(e) => row.result = Err(e.to_string()),
                }
            }
            Err(e) => row.result = Err(format!("generate: {e}")),
        }
        rows.push(row);
    }
    let generate_total = started.elapsed();
    let list: Vec<&str> = members.iter().map(|(stem, _)| stem.as_str()).collect();
    scratch_workspace(&scratch, &list)?;

    // Compile (clippy, -D warnings) and run the endpoint tests, model by model.
    let compiled = if options.generate_only { &[][..] } else { &members[..] };
    for (stem, name) in compiled {
        let Some(row) = rows.iter_mut().find(|r| &r.model == stem) else { continue };
        let t = Instant::now();
        let clippy = cargo(&scratch, &target, options.jobs, &["clippy", "--quiet", "--all-targets", "-p", name])
            .args(["--", "-D", "warnings"])
            .output()
            .map_err(|e| format!("cargo: {e}"))?;
        row.check_s = t.elapsed().as_secs_f64();
        if !clippy.status.success() {
            let stderr = String::from_utf8_lossy(&clippy.stderr);
            let first: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error") || l.contains("-->")).take(4).collect();
            row.result = Err(format!("clippy: {}", first.join(" | ")));
            std::fs::write(scratch.join(format!("{stem}.clippy.log")), stderr.as_bytes()).ok();
            continue;
        }
        if options.doc {
            let doc = cargo(&scratch, &target, options.jobs, &["doc", "--quiet", "--no-deps", "-p", name])
                .env("RUSTDOCFLAGS", "-D warnings")
                .output()
                .map_err(|e| format!("cargo: {e}"))?;
            row.doc = Some(doc.status.success());
            if !doc.status.success() {
                row.result = Err("cargo doc: warnings or errors (see the log with --keep)".into());
                std::fs::write(scratch.join(format!("{stem}.doc.log")), doc.stderr).ok();
                continue;
            }
        }
        if row.endpoint.1 > 0 {
            // The corpus' endpoint tests were written against the partitions table of their
            // time, in which the ISO partitions had no dual-stack endpoints; newer tables (the
            // runtime's built-in one) give them dual-stack DNS suffixes. Run them against the
            // table they were written for, through the reference override variable.
            let test = cargo(&scratch, &target, options.jobs, &["test", "--quiet", "-p", name, "--lib", "endpoint_tests"])
                .env("AWS_PARTITIONS_FILE_OVERRIDE", root.join("xtask/corpus-partitions.json"))
                .output()
                .map_err(|e| format!("cargo: {e}"))?;
            let stdout = String::from_utf8_lossy(&test.stdout);
            let (passed, failed) = test_counts(&stdout);
            row.endpoint.0 = passed;
            if !test.status.success() || failed > 0 || passed != row.endpoint.1 {
                row.result = Err(format!("endpoint tests: {passed} passed, {failed} failed of {}", row.endpoint.1));
                std::fs::write(scratch.join(format!("{stem}.test.log")), test.stdout).ok();
            }
        }
    }

    println!(
        "{:<32} {:<28} {:<10} {:>5} {:>6} {:>8} {:>8} {:>9}  result",
        "model", "service", "protocol", "ops", "shapes", "gen ms", "check s", "endpoint"
    );
    for row in &rows {
        let result = match &row.result {
            Ok(()) => {
                let mut text = "ok".to_owned();
                if row.doc == Some(true) {
                    text.push_str(", docs ok");
                }
                if !row.left_out.is_empty() {
                    text.push_str(&format!(", {} left out (below)", row.left_out.len()));
                }
                text
            }
            Err(e) => format!("FAILED: {e}"),
        };
        println!(
            "{:<32} {:<28} {:<10} {:>5} {:>6} {:>8.1} {:>8.1} {:>4}/{:<4}  {result}",
            row.model, row.service, row.protocol, row.operations, row.shapes, row.generate_ms, row.check_s, row.endpoint.0, row.endpoint.1
        );
        for line in &row.left_out {
            println!("    - {line}");
        }
    }
    let failed = rows.iter().filter(|r| r.result.is_err()).count();
    let cases: (usize, usize) = rows.iter().fold((0, 0), |acc, r| (acc.0 + r.endpoint.0, acc.1 + r.endpoint.1));
    let waiters: (usize, usize) = rows.iter().fold((0, 0), |acc, r| (acc.0 + r.waiters.0, acc.1 + r.waiters.1));
    println!(
        "{} models, {} failed; endpoint tests {}/{}; waiters {} generated, {} left out; generation {:.2} s in all; total {:.0} s",
        rows.len(),
        failed,
        cases.0,
        cases.1,
        waiters.0,
        waiters.1,
        generate_total.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    if !options.keep {
        let _ = std::fs::remove_dir_all(&scratch);
    }
    if failed > 0 {
        return Err(format!("{failed} model(s) failed"));
    }
    Ok(())
}
