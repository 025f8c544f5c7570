//! Runs every `smithy.rules#endpointTests` case of every model in a corpus directory of Smithy
//! JSON AST models against the model's `smithy.rules#endpointRuleSet`.
//!
//! The corpus lives outside the repository, so the test is ignored by default:
//!
//! ```text
//! AWSGEN_CORPUS_DIR=/path/to/corpus cargo test -p awsgen-runtime --test endpoint_corpus -- --ignored --nocapture
//! ```
//!
//! Without `AWSGEN_CORPUS_DIR` it reads `../shared/models/corpus` relative to the workspace root.
//!
//! The corpus models' expectations were generated with an older `partitions.json` in which the
//! four ISO partitions had no dual-stack support (`supportsDualStack: false`,
//! `dualStackDnsSuffix` equal to `dnsSuffix`); the runtime's built-in table is newer. So every
//! case runs with that older table, [`CORPUS_PARTITIONS`], and must pass, and is also run with
//! the built-in table, whose pass count is reported for information.

use std::path::PathBuf;

use awsgen_runtime::endpoint::{Partitions, RuleSet};
use serde_json::{json, Value};

/// The partition table the corpus expectations were generated with: the built-in table, except
/// that `aws-iso`, `aws-iso-b`, `aws-iso-e` and `aws-iso-f` do not support dual-stack.
const CORPUS_PARTITIONS: &str = include_str!("../../xtask/corpus-partitions.json");

/// Per-model results.
#[derive(Default)]
struct Tally {
    cases: usize,
    /// Failures with [`CORPUS_PARTITIONS`].
    failures: Vec<String>,
    /// Cases passing with the built-in partition table.
    passed_builtin: usize,
}

/// Runs the cases of every service with a rule set in one model.
fn run_model(model: &Value, corpus_partitions: &Partitions) -> Result<Tally, String> {
    let shapes = model["shapes"].as_object().ok_or("no `shapes`")?;
    let mut tally = Tally::default();
    for (id, shape) in shapes.iter().filter(|(_, s)| s["type"] == "service") {
        let traits = &shape["traits"];
        let Some(rule_set) = traits.get("smithy.rules#endpointRuleSet") else {
            continue;
        };
        let builtin = RuleSet::from_value(rule_set).map_err(|e| format!("{id}: {e}"))?;
        let rules = builtin.clone().with_partitions(corpus_partitions.clone());
        let tests = traits["smithy.rules#endpointTests"]["testCases"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for case in &tests {
            tally.cases += 1;
            if let Err(problem) =
                rules.check_test_case(case.get("params").unwrap_or(&json!({})), &case["expect"])
            {
                let doc = case["documentation"].as_str().unwrap_or("(undocumented)");
                tally.failures.push(format!("{doc}: {problem}"));
            }
            tally.passed_builtin += usize::from(
                builtin
                    .check_test_case(case.get("params").unwrap_or(&json!({})), &case["expect"])
                    .is_ok(),
            );
        }
    }
    Ok(tally)
}

#[test]
#[ignore = "needs the model corpus (AWSGEN_CORPUS_DIR)"]
fn corpus_endpoint_tests() {
    let dir = std::env::var_os("AWSGEN_CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../shared/models/corpus"
            ))
        });
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read corpus dir {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no models in {}", dir.display());

    let corpus_partitions =
        Partitions::from_json(CORPUS_PARTITIONS).expect("CORPUS_PARTITIONS parses");
    let (mut models, mut total, mut passed, mut passed_builtin, mut failed_models) =
        (0, 0, 0, 0, Vec::new());
    for path in &paths {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let outcome = std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| serde_json::from_str::<Value>(&text).map_err(|e| e.to_string()))
            .and_then(|model| run_model(&model, &corpus_partitions));
        models += 1;
        match outcome {
            Ok(tally) => {
                let ok = tally.cases - tally.failures.len();
                let status = if tally.failures.is_empty() {
                    "ok"
                } else {
                    "FAIL"
                };
                println!(
                    "{status:4} {name}: {ok}/{} (built-in partitions: {})",
                    tally.cases, tally.passed_builtin
                );
                for failure in &tally.failures {
                    println!("       {failure}");
                }
                if !tally.failures.is_empty() {
                    failed_models.push(name);
                }
                (total, passed, passed_builtin) = (
                    total + tally.cases,
                    passed + ok,
                    passed_builtin + tally.passed_builtin,
                );
            }
            Err(e) => {
                println!("FAIL {name}: {e}");
                failed_models.push(name);
            }
        }
    }
    println!(
        "models: {models}, cases: {total}, passed: {passed} (with the built-in partition table: {passed_builtin}), \
         failed models: {failed_models:?}"
    );
    assert!(
        failed_models.is_empty(),
        "failing models: {failed_models:?}"
    );
}
