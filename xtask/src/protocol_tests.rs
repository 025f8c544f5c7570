//! `cargo xtask protocol-tests [DIR]`: the official Smithy protocol compliance suites.
//!
//! For each `*.json` model in DIR (default `../shared/protocol-tests`) and in its folders of
//! models (`restJson1/`), generates a crate into
//! `target/protocol-tests/<name>` (one scratch workspace, one shared target directory), runs its
//! generated `protocol_tests` with `cargo test`, and prints per file: passed, failed, expected
//! failures and skipped (server-only) cases. Fails on any unexpected failure, on a listed
//! expected failure that passes (the list only shrinks) and on a listed case that does not exist.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use awsgen::emit::protocol_tests::{cases, CaseKind};

use crate::codegen::{json_models, runtime_path, scratch_workspace, standalone_settings, workspace_root};

/// The committed list of cases that are known to fail, one `<file>:<TestId> — reason` a line.
const EXPECTED_FAILURES: &str = "xtask/protocol-tests-expected-failures.txt";

/// One line of the expected-failure list.
#[derive(Debug)]
struct Expected {
    file: String,
    id: String,
    /// `#request` / `#response`, for ids that name both a request and a response case.
    kind: Option<CaseKind>,
    line: usize,
}

fn parse_expected(path: &Path) -> Result<Vec<Expected>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, reason) = line.split_once(" — ").unwrap_or((line, ""));
        if reason.trim().is_empty() {
            return Err(format!("{}:{}: give a reason: `<file>:<TestId> — reason`", path.display(), i + 1));
        }
        let (key, kind) = match key.trim().rsplit_once('#') {
            Some((key, "request")) => (key, Some(CaseKind::Request)),
            Some((key, "response")) => (key, Some(CaseKind::Response)),
            _ => (key.trim(), None),
        };
        let Some((file, id)) = key.split_once(':') else {
            return Err(format!("{}:{}: expected `<file>:<TestId> — reason`", path.display(), i + 1));
        };
        out.push(Expected { file: file.trim().to_owned(), id: id.trim().to_owned(), kind, line: i + 1 });
    }
    Ok(out)
}

/// A generated crate and the cases of its model.
struct Suite {
    file: String,
    crate_name: String,
    protocol: &'static str,
    cases: Vec<awsgen::emit::protocol_tests::CaseInfo>,
    /// Client cases of operations the crate left out, each with the reason (failures unless
    /// listed as expected).
    left_out: Vec<(awsgen::emit::protocol_tests::CaseInfo, String)>,
    /// `httpMalformedRequestTests` cases: server-only, counted as skipped.
    malformed: usize,
}

#[derive(Default)]
struct Counts {
    passed: usize,
    failed: usize,
    expected: usize,
    skipped: usize,
}

fn slug(stem: &str) -> String {
    let mut out = String::from("pt-");
    for c in stem.chars() {
        out.push(if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' });
    }
    out
}

/// The `*.json` models of `dir` and of its subfolders (one per protocol, such as
/// `restJson1/`; `src/` holds IDL sources and no JSON).
fn suite_models(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut models = json_models(dir)?;
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut folders: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect();
    folders.sort();
    for folder in folders {
        models.extend(json_models(&folder)?);
    }
    Ok(models)
}

/// Runs the task.
pub fn run(args: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let root = workspace_root();
    let mut dir = root.join("../shared/protocol-tests");
    let mut only: Option<Vec<String>> = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--only" => {
                let list = iter.next().ok_or("--only needs a value")?;
                only = Some(list.split(',').map(|s| s.trim().trim_end_matches(".json").to_owned()).collect());
            }
            other if other.starts_with('-') => return Err(format!("unknown option `{other}` for protocol-tests")),
            other => dir = PathBuf::from(other),
        }
    }
    let mut models = suite_models(&dir)?;
    models.retain(|p| {
        let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        only.as_ref().is_none_or(|names| names.contains(&stem))
    });
    if models.is_empty() {
        return Err(format!("no *.json models in {}", dir.display()));
    }
    let expected = parse_expected(&root.join(EXPECTED_FAILURES))?;

    // Generate every crate into one scratch workspace.
    let scratch = root.join("target/protocol-tests");
    std::fs::create_dir_all(&scratch).map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    let mut suites = Vec::new();
    for model in &models {
        let file = model.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        let stem = model.file_stem().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        let crate_name = slug(&stem);
        let out = scratch.join(&crate_name);
        let mut settings = standalone_settings(&root, model.clone(), &out);
        settings.crate_name = Some(crate_name.clone());
        settings.manifest.extra = format!(
            "\n[dev-dependencies]\nawsgen-runtime = {{ path = {:?}, features = [\"test-util\"] }}\n",
            runtime_path(&root, &out)
        );
        let generated = awsgen::generate(&settings).map_err(|e| format!("{file}: {e}"))?;
        awsgen::write::write(&scratch.join(&crate_name), &generated.files, false)
            .map_err(|e| format!("{file}: {e}"))?;
        let protocol = generated.ir.service.protocol.name();
        let (left_out, malformed) = uncompiled_cases(model, &generated.ir)?;
        suites.push(Suite { file, crate_name, protocol, cases: cases(&generated.ir), left_out, malformed });
    }
    let members: Vec<&str> = suites.iter().map(|s| s.crate_name.as_str()).collect();
    let manifest = scratch.join("Cargo.toml");
    scratch_workspace(&scratch, &members)?;
    let target = scratch.join("target");
    let generated_in = started.elapsed();

    // Build all test binaries (in parallel), then run each crate's protocol tests.
    let cargo = |args: &[&str]| {
        let mut command = Command::new(env!("CARGO"));
        let (cargo_args, test_args) = match args.iter().position(|a| *a == "--") {
            Some(i) => args.split_at(i),
            None => (args, &[][..]),
        };
        command.args(cargo_args).arg("--manifest-path").arg(&manifest).args(test_args).env("CARGO_TARGET_DIR", &target);
        command
    };
    // With the `serde` feature: output cases also check the serde round trip.
    let build = cargo(&["test", "--workspace", "--lib", "--no-run", "--quiet", "--features", "serde"])
        .output()
        .map_err(|e| format!("could not run cargo: {e}"))?;
    if !build.status.success() {
        return Err(format!("the generated crates do not compile:\n{}", String::from_utf8_lossy(&build.stderr)));
    }
    let built_in = started.elapsed();

    let mut totals = Counts::default();
    let mut problems: Vec<String> = Vec::new();
    let mut matched_expected: BTreeSet<usize> = BTreeSet::new();
    let mut rows = Vec::new();
    for suite in &suites {
        let output = cargo(&["test", "--lib", "-p", &suite.crate_name, "--features", "serde", "--", "protocol_tests::", "--color", "never"])
            .output()
            .map_err(|e| format!("could not run cargo: {e}"))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let (results, messages) = parse_libtest(&stdout);
        let mut counts = Counts { skipped: suite.malformed, ..Counts::default() };
        let listed_for = |case: &awsgen::emit::protocol_tests::CaseInfo| -> Vec<usize> {
            expected
                .iter()
                .enumerate()
                .filter(|(_, e)| e.file == suite.file && e.id == case.id && e.kind.is_none_or(|k| k == case.kind))
                .map(|(i, _)| i)
                .collect()
        };
        let kind_of = |case: &awsgen::emit::protocol_tests::CaseInfo| match case.kind {
            CaseKind::Request => "request",
            CaseKind::Response => "response",
        };
        for (case, reason) in &suite.left_out {
            let listed = listed_for(case);
            matched_expected.extend(&listed);
            if listed.is_empty() {
                counts.failed += 1;
                problems.push(format!("{}:{} ({}): operation {} left out: {reason}", suite.file, case.id, kind_of(case), case.owner));
            } else {
                counts.expected += 1;
            }
        }
        for case in &suite.cases {
            let Some(test) = &case.test_name else {
                counts.skipped += 1;
                continue;
            };
            let listed = listed_for(case);
            matched_expected.extend(&listed);
            let kind = kind_of(case);
            match results.get(test.as_str()).map(String::as_str) {
                Some("ok") if listed.is_empty() => counts.passed += 1,
                Some("ok") => {
                    counts.passed += 1;
                    problems.push(format!(
                        "{}:{} ({kind}) passes but is listed as an expected failure ({EXPECTED_FAILURES}:{}): remove it from the list",
                        suite.file, case.id, expected[listed[0]].line
                    ));
                }
                Some(_) if !listed.is_empty() => counts.expected += 1,
                Some(_) => {
                    counts.failed += 1;
                    let message = messages.get(test.as_str()).map(String::as_str).unwrap_or("").trim();
                    problems.push(format!("{}:{} ({kind}) FAILED\n{}", suite.file, case.id, indent(message)));
                }
                None => {
                    counts.failed += 1;
                    problems.push(format!(
                        "{}:{} ({kind}): test protocol_tests::{test} did not run (cargo exited with {}):\n{}",
                        suite.file,
                        case.id,
                        output.status,
                        indent(&String::from_utf8_lossy(&output.stderr))
                    ));
                }
            }
        }
        totals.passed += counts.passed;
        totals.failed += counts.failed;
        totals.expected += counts.expected;
        totals.skipped += counts.skipped;
        rows.push((suite.file.clone(), suite.protocol, counts));
    }
    for (i, e) in expected.iter().enumerate() {
        if !matched_expected.contains(&i) && suites.iter().any(|s| s.file == e.file) {
            problems.push(format!(
                "{EXPECTED_FAILURES}:{}: {}:{} matches no client test case: remove it",
                e.line, e.file, e.id
            ));
        }
    }

    println!("protocol compliance tests ({}):", dir.display());
    println!("  {:<36} {:<11} {:>6} {:>6} {:>8} {:>7}", "file", "protocol", "passed", "failed", "expected", "skipped");
    for (file, protocol, c) in &rows {
        println!("  {file:<36} {protocol:<11} {:>6} {:>6} {:>8} {:>7}", c.passed, c.failed, c.expected, c.skipped);
    }
    println!(
        "  {:<36} {:<11} {:>6} {:>6} {:>8} {:>7}",
        "total", "", totals.passed, totals.failed, totals.expected, totals.skipped
    );
    println!(
        "  (expected = listed in {EXPECTED_FAILURES}; skipped = server-only cases)\n  generate {:.1} s, build {:.1} s, total {:.1} s",
        generated_in.as_secs_f64(),
        (built_in - generated_in).as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{} problem(s):\n{}", problems.len(), problems.join("\n")))
    }
}

/// The client cases of the operations `ir` left out (with the reason), and the number of
/// `httpMalformedRequestTests` cases, read from the model itself: the crate has neither.
fn uncompiled_cases(
    model: &Path,
    ir: &awsgen::ir::CrateIr,
) -> Result<(Vec<(awsgen::emit::protocol_tests::CaseInfo, String)>, usize), String> {
    let text = std::fs::read_to_string(model).map_err(|e| format!("cannot read {}: {e}", model.display()))?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", model.display()))?;
    let shapes = json.get("shapes").and_then(serde_json::Value::as_object).cloned().unwrap_or_default();
    let (mut left_out, mut malformed) = (Vec::new(), 0);
    for (id, shape) in &shapes {
        let traits = shape.get("traits");
        let trait_cases = |name: &str| traits.and_then(|t| t.get(name)).and_then(serde_json::Value::as_array).cloned().unwrap_or_default();
        malformed += trait_cases("smithy.test#httpMalformedRequestTests").len();
        let name = id.rsplit('#').next().unwrap_or(id);
        let Some(skipped) = ir.skipped.iter().find(|s| s.name == name) else { continue };
        for (trait_id, kind) in [("smithy.test#httpRequestTests", CaseKind::Request), ("smithy.test#httpResponseTests", CaseKind::Response)] {
            for case in trait_cases(trait_id) {
                let for_client = case.get("appliesTo").and_then(serde_json::Value::as_str) != Some("server");
                let protocol = case.get("protocol").and_then(serde_json::Value::as_str);
                if for_client && protocol.is_none_or(|p| p == ir.service.protocol.trait_id()) {
                    let id = case.get("id").and_then(serde_json::Value::as_str).unwrap_or("unnamed").to_owned();
                    let info = awsgen::emit::protocol_tests::CaseInfo { id, kind, owner: name.to_owned(), test_name: None, skipped: None };
                    left_out.push((info, skipped.reason.clone()));
                }
            }
        }
    }
    Ok((left_out, malformed))
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
}

/// Reads libtest's output: each test's result (`ok`, `FAILED`, `ignored`) by name (without the
/// `protocol_tests::` prefix), and the captured output of failed tests.
fn parse_libtest(stdout: &str) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let mut results = BTreeMap::new();
    let mut messages = BTreeMap::new();
    let mut current: Option<(String, String)> = None;
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("test protocol_tests::") {
            if let Some((name, result)) = rest.split_once(" ... ") {
                results.insert(name.to_owned(), result.trim().to_owned());
                continue;
            }
        }
        if let Some(rest) = line.strip_prefix("---- protocol_tests::") {
            if let Some((name, (_, text))) = current.take().map(|c| (c.0.clone(), c)) {
                messages.insert(name, text);
            }
            let name = rest.split_whitespace().next().unwrap_or("").to_owned();
            current = Some((name, String::new()));
            continue;
        }
        if line == "failures:" || line.starts_with("test result:") {
            if let Some((name, text)) = current.take() {
                messages.insert(name, text);
            }
            continue;
        }
        if let Some((_, text)) = current.as_mut() {
            text.push_str(line);
            text.push('\n');
        }
    }
    if let Some((name, text)) = current.take() {
        messages.insert(name, text);
    }
    (results, messages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_libtest_results_and_failure_output() {
        let stdout = "\
running 3 tests
test protocol_tests::request_a ... ok
test protocol_tests::response_b ... FAILED
test protocol_tests::response_c ... ignored

failures:

---- protocol_tests::response_b stdout ----

thread 'protocol_tests::response_b' panicked at src/protocol_tests.rs:9:5:
values differ

failures:
    protocol_tests::response_b

test result: FAILED. 1 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out
";
        let (results, messages) = parse_libtest(stdout);
        assert_eq!(results["request_a"], "ok");
        assert_eq!(results["response_b"], "FAILED");
        assert_eq!(results["response_c"], "ignored");
        assert!(messages["response_b"].contains("values differ"), "{messages:?}");
    }

    #[test]
    fn reads_the_expected_failure_list() {
        let path = std::env::temp_dir().join(format!("awsgen-expected-{}.txt", std::process::id()));
        std::fs::write(&path, "# comment\n\nawsJson1_0.json:CaseA — why\nawsJson1_1.json:CaseB#response — because\n")
            .unwrap();
        let list = parse_expected(&path).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(
            (list[0].file.as_str(), list[0].id.as_str(), list[0].kind, list[0].line),
            ("awsJson1_0.json", "CaseA", None, 3)
        );
        assert_eq!(list[1].kind, Some(CaseKind::Response));
        std::fs::write(&path, "awsJson1_0.json:CaseA\n").unwrap();
        assert!(parse_expected(&path).unwrap_err().contains("give a reason"));
        std::fs::remove_file(&path).ok();
        assert!(parse_expected(&root_missing()).unwrap().is_empty());
    }

    fn root_missing() -> PathBuf {
        std::env::temp_dir().join("awsgen-no-such-expected-failures.txt")
    }
}
