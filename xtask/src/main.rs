//! `cargo xtask`: project tasks. Run `cargo xtask help`.

mod bench_build;
mod bench_model;
mod bench_codegen;
mod codegen;
mod constructs;
mod corpus;
mod diff;
mod latest_deps;
#[cfg(test)]
mod outside;
mod protocol_tests;

use std::process::ExitCode;

// The generator allocates and frees millions of small tokens (quote, syn, prettyplease);
// mimalloc makes that about a third cheaper than the system allocator, as rust-analyzer found.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const HELP: &str = "\
cargo xtask <task> [options]

Tasks:
  codegen     Generate the MWAA Serverless crate (model/mwaa-serverless.json -> generated/)
              --model PATH        the Smithy JSON AST model
              --out DIR           the crate directory to write
              --operations A,B    only these operations and the shapes they reach
              --check             write nothing; fail listing the files that differ
  diff OLD_MODEL NEW_MODEL  What changes in the generated Rust API, one line per change,
              each breaking or compatible (as `awsgen diff`; exit 1 if any is breaking, 2 on
              a bad model); --operations A,B (only changes reaching them), --format text|json
  corpus [DIR]  Generate, clippy (-D warnings) and endpoint-test a crate per model in DIR
              (default ../shared/models/corpus)
              --only A,B          only these models (file names without .json)
              --jobs N            cargo's --jobs
              --keep              keep the scratch crates in target/corpus
              --doc               also `cargo doc` each crate with warnings as errors
              --generate-only     generate and write the crates, compile nothing
  constructs [DIR...]  Inventory the traits, trait values, shape kinds and name patterns the
              models of each DIR use (default: ../shared/models/corpus, corpus-restjson1
              and codegen/tests/fixtures), with what the generator does with each (Markdown)
              --out FILE          write it to FILE (codegen/CONSTRUCTS.md) instead of stdout
              --check FILE        write nothing; fail if FILE is not what --out would write
  protocol-tests [DIR]  Run the Smithy protocol compliance suites in DIR (default
              ../shared/protocol-tests) against generated clients; --only A,B
  bench-build Cold-build probe programs that page through ListWorkflowRuns (ours with
              each TLS provider, the official SDK, the bare floor with each provider) and
              compare wall/CPU time, crates, size
              --profile debug|release   (default release)
              --runs N            cold builds per probe (default 1; min/median/max)
              --only A,B          only these probes (ours, ours-ring, official, floor,
                                  floor-ring)
              --endpoint URL ARN  afterwards run each probe against URL for workflow ARN
              --keep              keep the probes (in the temporary directory)
              --model FILE --official CRATE   instead: a client generated from FILE
                                  against the official crate (aws-sdk-ssm), side by side
                                  in one run: generated lines, the service crate alone
                                  (release, debug), cold probe, rebuild after touching
                                  main.rs (wall and CPU time each), stripped binary; a
                                  Markdown table with versions, date, command and commit
              --operations A,B    with --model: a third side, ours with only these
                                  operations (the probes calling one call the first)
              --calls one|all|one,all   with --model: the probes call one operation
                                  (default) or every operation both crates have
              --ring              with --model: a side with ours on the rustls-ring TLS
                                  provider (its crate alone is not built again)
              --runs N            with --model: build each service crate alone N times,
                                  side after side, and report the median
  bench-codegen  Time the generator (model to formatted crate on disk): MWAA Serverless
              and the corpus; run as `cargo run --release -p xtask -- bench-codegen`
              --runs N            repetitions (default 10; 3 at most for the corpus)
              --corpus DIR | --no-corpus   (default ../shared/models/corpus if present)
  latest-deps  Copy the workspace, `cargo update` it to the newest semver-compatible
              versions, then clippy (-D warnings) and test the runtime (both TLS providers),
              the MWAA Serverless crate and a crate generated outside the workspace; on
              failure, name the versions that moved (upstream drift). --keep keeps the copy
  demo        Regenerate, then run the example: list a workflow's runs, page by page
              (against an embedded fake service unless AWS_ACCESS_KEY_ID, AWS_PROFILE or
              --endpoint-url is given; other options go to the example, see `--help` there)
  help        This text
";

/// Runs the example program with the given arguments.
fn demo(args: &[String]) -> Result<(), String> {
    let status = std::process::Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--package", "mwaa-demo", "--bin", "list-workflow-runs", "--"])
        .args(args)
        .current_dir(codegen::workspace_root())
        .status()
        .map_err(|e| format!("could not run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the example failed ({status})"))
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((task, rest)) = args.split_first() else {
        eprint!("{HELP}");
        return ExitCode::FAILURE;
    };
    if task == "diff" {
        // Its own exit statuses: 1 means "breaking", not "failed".
        return diff::run(rest);
    }
    let result = match task.as_str() {
        "codegen" => codegen::run(rest),
        "constructs" => constructs::run(rest),
        "corpus" => corpus::run(rest),
        "bench-build" => bench_build::run(rest),
        "bench-codegen" => bench_codegen::run(rest),
        "protocol-tests" => protocol_tests::run(rest),
        "latest-deps" => latest_deps::run(rest),
        "demo" => codegen::run(&[]).and_then(|()| demo(rest)),
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown task `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
