//! `awsgen`: generate, check and inspect Rust client crates from Smithy JSON AST models.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

const EXIT_CODES: &str = "\
Exit status:
  0  done (for `check`: the crate is up to date; for `diff`: no change breaks callers)
  1  `check`: the crate is stale (the differing files are listed); `diff`: some change breaks
     callers of the crate generated from the old model
  2  an error: bad arguments, a model that cannot be read or generated (the message names the
     file and shape), or a file that cannot be written";

/// Generates lean Rust clients for AWS services from their Smithy JSON AST models.
#[derive(Parser, Debug)]
#[command(name = "awsgen", version, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Writes the client crate for a model into a directory (only files that changed).
    #[command(after_help = EXIT_CODES)]
    Generate(Target),
    /// Checks that a generated crate is what the model gives now; lists stale files.
    #[command(after_help = EXIT_CODES)]
    Check(Target),
    /// Lists what changes in the generated Rust API from OLD_MODEL to NEW_MODEL, one line per
    /// change, each breaking or compatible for callers of the crate generated from OLD_MODEL.
    #[command(after_help = EXIT_CODES)]
    Diff(DiffArgs),
    /// Lists the operations of a model, to choose `--operations`.
    #[command(after_help = EXIT_CODES)]
    Operations {
        /// The model file (Smithy JSON AST).
        model: PathBuf,
    },
}

/// The `diff` subcommand's arguments.
#[derive(Args, Debug)]
struct DiffArgs {
    /// The model the crate was generated from.
    old_model: PathBuf,
    /// The updated model.
    new_model: PathBuf,
    /// Only changes that reach these operations (comma-separated shape names).
    #[arg(long, value_delimiter = ',')]
    operations: Option<Vec<String>>,
    /// `text`: one line per change and a summary; `json`: an object with `changes`.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// How `diff` prints its report.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum Format {
    Text,
    Json,
}

/// What to generate, and where.
#[derive(Args, Debug)]
struct Target {
    /// The model file (Smithy JSON AST).
    #[arg(long)]
    model: PathBuf,
    /// The crate directory.
    #[arg(long)]
    out: PathBuf,
    /// Only these operations (comma-separated shape names) and the shapes they reach.
    #[arg(long, value_delimiter = ',')]
    operations: Option<Vec<String>>,
    /// The package name (default: from the model's sdkId, e.g. `mwaa-serverless`).
    #[arg(long)]
    crate_name: Option<String>,
    /// The package version (default 0.1.0).
    #[arg(long)]
    crate_version: Option<String>,
    /// `generate`: set the package version from what the model update does to the crate's
    /// API (see `awsgen diff`): breaking -> next major (0.x: next minor), compatible ->
    /// next minor (0.x: next patch), documentation only -> next patch. The previous model
    /// is `--previous-model`, else the model file as committed at git's HEAD; its SHA-256
    /// must be the one the crate's Cargo.toml records.
    #[arg(long, conflicts_with = "crate_version")]
    bump: bool,
    /// With `--bump`: the model the crate was generated from.
    #[arg(long, requires = "bump")]
    previous_model: Option<PathBuf>,
    /// Depend on this version of awsgen-runtime from crates.io (default: awsgen's own).
    #[arg(long, conflicts_with = "runtime_path")]
    runtime_version: Option<String>,
    /// Depend on the awsgen-runtime in this directory (written relative to the crate).
    #[arg(long)]
    runtime_path: Option<PathBuf>,
}

impl Target {
    fn builder(&self) -> awsgen::Builder {
        let mut builder = awsgen::Builder::new().model(&self.model).out_dir(&self.out);
        if let Some(version) = &self.crate_version {
            builder = builder.crate_version(version);
        }
        if let Some(operations) = &self.operations {
            builder = builder.operations(operations.iter().map(|o| o.trim()).filter(|o| !o.is_empty()));
        }
        if let Some(name) = &self.crate_name {
            builder = builder.crate_name(name);
        }
        if let Some(version) = &self.runtime_version {
            builder = builder.runtime_version(version);
        }
        if let Some(path) = &self.runtime_path {
            builder = builder.runtime_path(path);
        }
        builder
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("awsgen: error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, awsgen::Error> {
    match cli.command {
        Command::Generate(target) => {
            let mut builder = target.builder();
            if target.bump {
                let bumped = awsgen::bump::next_version(&target.out, &target.model, target.previous_model.as_deref())?;
                let why = awsgen::bump::describe(bumped.report.bump());
                println!("version {} -> {} ({why})", bumped.previous, bumped.version);
                print!("{}", bumped.report.text());
                builder = builder.crate_version(bumped.version);
            }
            let generated = builder.render()?;
            let report = awsgen::write::write(&target.out, &generated.files, false)?;
            for skipped in &generated.ir.skipped {
                eprintln!("awsgen: warning: operation `{}` left out: {}", skipped.name, skipped.reason);
            }
            println!(
                "{}: {} operations -> {} ({} files, {} changed, {} removed)",
                generated.ir.crate_name,
                generated.ir.operations.len(),
                target.out.display(),
                generated.files.len(),
                report.changed.len(),
                report.stale.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Check(target) => {
            let report = target.builder().check()?;
            if report.is_fresh() {
                println!("{} is up to date ({} files)", target.out.display(), report.unchanged);
                return Ok(ExitCode::SUCCESS);
            }
            println!("{}", report.stale_listing(&target.out, &target.model));
            Ok(ExitCode::from(1))
        }
        Command::Diff(args) => {
            let operations: Option<Vec<String>> =
                args.operations.map(|ops| ops.iter().map(|o| o.trim().to_owned()).filter(|o| !o.is_empty()).collect());
            let report = awsgen::diff::diff_models(&args.old_model, &args.new_model, operations.as_deref())?;
            match args.format {
                Format::Text => print!("{}", report.text()),
                Format::Json => println!("{}", report.json()),
            }
            Ok(if report.is_breaking() { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        Command::Operations { model } => {
            let generated = awsgen::Builder::new().model(&model).render()?;
            for op in &generated.ir.operations {
                println!("{}", op.name);
            }
            for skipped in &generated.ir.skipped {
                println!("{} (left out: {})", skipped.name, skipped.reason);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
