//! `cargo xtask bench-codegen`: how long the generator takes, model file to formatted crate
//! on disk, for MWAA Serverless and (when present) the whole corpus. Run it from a release
//! build (`cargo run --release -p xtask -- bench-codegen`): the figure excludes compiling the
//! generator itself.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::codegen::{standalone_settings, workspace_root};

struct Options {
    runs: usize,
    corpus: Option<PathBuf>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let default_corpus = workspace_root().join("../shared/models/corpus");
    let mut options = Options { runs: 10, corpus: default_corpus.is_dir().then_some(default_corpus) };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--runs" => {
                let n = iter.next().ok_or("--runs needs a number")?;
                options.runs = n.parse().ok().filter(|n| *n > 0).ok_or(format!("--runs: `{n}` is not a positive number"))?;
            }
            "--corpus" => options.corpus = Some(PathBuf::from(iter.next().ok_or("--corpus needs a directory")?)),
            "--no-corpus" => options.corpus = None,
            other => return Err(format!("unknown option `{other}` for bench-codegen")),
        }
    }
    Ok(options)
}

/// Generates `model` and writes it under `out` (emptied first, so every file is written).
fn generate_to_disk(root: &Path, model: &Path, out: &Path) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(out);
    let settings = standalone_settings(root, model.to_path_buf());
    let generated = awsgen::generate(&settings).map_err(|e| format!("{}: {e}", model.display()))?;
    awsgen::write::write(out, &generated.files, false).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(())
}

fn spread(mut values: Vec<Duration>) -> String {
    values.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "min {:.1} ms, median {:.1} ms, max {:.1} ms over {} runs",
        ms(values[0]),
        ms(values[values.len() / 2]),
        ms(values[values.len() - 1]),
        values.len()
    )
}

/// Runs the task.
pub fn run(args: &[String]) -> Result<(), String> {
    let options = parse(args)?;
    if cfg!(debug_assertions) {
        eprintln!("note: a debug build of xtask; figures are for `cargo run --release -p xtask -- bench-codegen`");
    }
    let root = workspace_root();
    let scratch = std::env::temp_dir().join(format!("awsgen-bench-codegen-{}", std::process::id()));
    let mwaa = root.join("model/mwaa-serverless.json");
    let mut times = Vec::new();
    for _ in 0..options.runs {
        let started = Instant::now();
        generate_to_disk(&root, &mwaa, &scratch.join("mwaa"))?;
        times.push(started.elapsed());
    }
    println!("MWAA Serverless, model to formatted crate on disk: {}", spread(times));

    if let Some(dir) = &options.corpus {
        let mut models: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        models.sort();
        let corpus_runs = options.runs.min(3);
        let mut times = Vec::new();
        for _ in 0..corpus_runs {
            let started = Instant::now();
            for model in &models {
                let stem = model.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                generate_to_disk(&root, model, &scratch.join("corpus").join(stem))?;
            }
            times.push(started.elapsed());
        }
        println!("corpus ({} models in {}): {}", models.len(), dir.display(), spread(times));
    }
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(())
}
