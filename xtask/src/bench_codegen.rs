//! `cargo xtask bench-codegen`: how long the generator takes, model file to formatted crate
//! on disk, for MWAA Serverless and (when present) the whole corpus. Run it from a release
//! build (`cargo run --release -p xtask -- bench-codegen`): the figure excludes compiling the
//! generator itself.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::codegen::{json_models, spread, standalone_settings, workspace_root};

struct Options {
    runs: usize,
    corpus: Option<PathBuf>,
    /// Where the scratch directory goes (default: the system temp dir).
    out: Option<PathBuf>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let default_corpus = workspace_root().join("../shared/models/corpus");
    let mut options = Options { runs: 10, corpus: default_corpus.is_dir().then_some(default_corpus), out: None };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--runs" => {
                let n = iter.next().ok_or("--runs needs a number")?;
                options.runs = n.parse().ok().filter(|n| *n > 0).ok_or(format!("--runs: `{n}` is not a positive number"))?;
            }
            "--corpus" => options.corpus = Some(PathBuf::from(iter.next().ok_or("--corpus needs a directory")?)),
            "--no-corpus" => options.corpus = None,
            "--out" => options.out = Some(PathBuf::from(iter.next().ok_or("--out needs a directory")?)),
            other => return Err(format!("unknown option `{other}` for bench-codegen")),
        }
    }
    Ok(options)
}

/// Generates `model` and writes it under `out`, a directory that does not exist yet (a first
/// generation: every file is created).
fn generate_to_disk(root: &Path, model: &Path, out: &Path) -> Result<(), String> {
    let settings = standalone_settings(root, model.to_path_buf(), out);
    let generated = awsgen::generate(&settings).map_err(|e| format!("{}: {e}", model.display()))?;
    awsgen::write::write(out, &generated.files, false).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(())
}

/// Generates every model into `out`, the models shared out over one worker per core, largest
/// first (each model also renders its files on several threads).
fn generate_all(root: &Path, models: &[PathBuf], out: &Path) -> Result<(), String> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(models.len().max(1));
    // Largest models first: a big model that starts last would leave the other cores idle.
    let mut models: Vec<&PathBuf> = models.iter().collect();
    models.sort_by_key(|m| std::cmp::Reverse(std::fs::metadata(m).map_or(0, |meta| meta.len())));
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(model) = models.get(i) else { return Ok(()) };
                    let stem = model.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                    generate_to_disk(root, model, &out.join(stem))?;
                })
            })
            .collect();
        handles.into_iter().try_for_each(|h| h.join().unwrap_or_else(|_| Err("a generator thread panicked".to_owned())))
    })
}

fn describe(times: &[Duration]) -> String {
    let (min, median, max) = spread(times.iter().map(|d| d.as_secs_f64() * 1000.0).collect());
    format!("min {min:.1} ms, median {median:.1} ms, max {max:.1} ms over {} runs", times.len())
}

/// Runs the task.
pub fn run(args: &[String]) -> Result<(), String> {
    let options = parse(args)?;
    if cfg!(debug_assertions) {
        eprintln!("note: a debug build of xtask; figures are for `cargo run --release -p xtask -- bench-codegen`");
    }
    let root = workspace_root();
    let base = options.out.clone().unwrap_or_else(std::env::temp_dir);
    let scratch = base.join(format!("awsgen-bench-codegen-{}", std::process::id()));
    println!("writing under {}", scratch.display());
    let result = measure(&options, &root, &scratch);
    // Removed only at the end: every timed run writes into fresh directories, as a first
    // generation does, rather than into files it has just deleted.
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn measure(options: &Options, root: &Path, scratch: &Path) -> Result<(), String> {
    let mwaa = root.join("model/mwaa-serverless.json");
    let mut times = Vec::new();
    for run in 0..options.runs {
        let started = Instant::now();
        generate_to_disk(root, &mwaa, &scratch.join(format!("mwaa-{run}")))?;
        times.push(started.elapsed());
    }
    println!("MWAA Serverless, model to formatted crate on disk: {}", describe(&times));

    if let Some(dir) = &options.corpus {
        let models = json_models(dir)?;
        let mut times = Vec::new();
        for run in 0..options.runs.min(3) {
            let started = Instant::now();
            generate_all(root, &models, &scratch.join(format!("corpus-{run}")))?;
            times.push(started.elapsed());
        }
        println!("corpus ({} models in {}): {}", models.len(), dir.display(), describe(&times));
    }
    Ok(())
}
