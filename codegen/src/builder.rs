//! [`Builder`]: generate a client crate from a model, the one entry point behind the `awsgen`
//! command, `cargo xtask codegen` and build scripts (as `prost-build` and `tonic-build` serve
//! build scripts).

use std::path::{Path, PathBuf};

use crate::emit::crate_root::ManifestSettings;
use crate::error::{Error, Result};
use crate::ir::Selection;
use crate::write::WriteReport;
use crate::{GeneratedCrate, Settings};

/// Which `awsgen-runtime` the generated crate depends on.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Runtime {
    /// From crates.io, this version requirement (by default the generator's own version).
    Version(String),
    /// From a directory, written relative to the crate (and by version when published).
    Path(PathBuf),
    /// A TOML value as given.
    Toml(String),
}

/// Generates a client crate from a Smithy JSON AST model.
///
/// ```no_run
/// # fn main() -> Result<(), awsgen::Error> {
/// let report = awsgen::Builder::new()
///     .model("models/mwaa-serverless.json")
///     .operations(["ListWorkflowRuns", "GetWorkflowRun"])
///     .out_dir("crates/mwaa-serverless")
///     .generate()?;
/// println!("{} files changed", report.changed.len());
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct Builder {
    model: Option<PathBuf>,
    operations: Option<Vec<String>>,
    crate_name: Option<String>,
    crate_version: Option<String>,
    runtime: Runtime,
    manifest_extra: String,
    out_dir: Option<PathBuf>,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    /// No model yet; every operation; the crate named after the service's `sdkId`, version
    /// `0.1.0`, depending on `awsgen-runtime` by this generator's version.
    pub fn new() -> Self {
        Self {
            model: None,
            operations: None,
            crate_name: None,
            crate_version: None,
            runtime: Runtime::Version(crate::RUNTIME_VERSION.to_owned()),
            manifest_extra: String::new(),
            out_dir: None,
        }
    }

    /// The model file (Smithy JSON AST).
    pub fn model(mut self, path: impl Into<PathBuf>) -> Self {
        self.model = Some(path.into());
        self
    }

    /// Only these operations (shape names, `ListWorkflowRuns`) and the shapes they reach.
    pub fn operations<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.operations = Some(names.into_iter().map(Into::into).collect());
        self
    }

    /// The package name (default: from the model's `sdkId`, `mwaa-serverless`).
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }

    /// The package version (default `0.1.0`).
    pub fn crate_version(mut self, version: impl Into<String>) -> Self {
        self.crate_version = Some(version.into());
        self
    }

    /// Depend on `awsgen-runtime` from crates.io with this version requirement (default:
    /// this generator's version).
    pub fn runtime_version(mut self, version: impl Into<String>) -> Self {
        self.runtime = Runtime::Version(version.into());
        self
    }

    /// Depend on the `awsgen-runtime` in this directory; the manifest holds it relative to
    /// the output directory, never as an absolute path.
    pub fn runtime_path(mut self, dir: impl Into<PathBuf>) -> Self {
        self.runtime = Runtime::Path(dir.into());
        self
    }

    /// Depend on `awsgen-runtime` as this TOML value says (`{ path = "../runtime" }`).
    pub fn runtime_dependency_toml(mut self, toml: impl Into<String>) -> Self {
        self.runtime = Runtime::Toml(toml.into());
        self
    }

    /// TOML appended to the generated `Cargo.toml` (dev-dependencies, a `[workspace]`).
    pub fn manifest_extra(mut self, toml: impl Into<String>) -> Self {
        self.manifest_extra = toml.into();
        self
    }

    /// The crate's directory (for [`generate`](Self::generate) and [`check`](Self::check)).
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The generator's settings for writing to `out`.
    pub fn settings(&self, out: Option<&Path>) -> Result<Settings> {
        let model = self.model.clone().ok_or_else(|| usage("no model file given"))?;
        let runtime_dependency = match &self.runtime {
            Runtime::Version(version) => format!("{{ version = {version:?}, default-features = false }}"),
            Runtime::Toml(toml) => toml.clone(),
            Runtime::Path(dir) => {
                let out = out.ok_or_else(|| usage("a runtime path needs an output directory to be relative to"))?;
                let relative = crate::write::relative_path(out, dir).map_err(|e| Error::Io { path: dir.clone(), source: e })?;
                ManifestSettings::runtime_by_path(&relative.to_string_lossy().replace('\\', "/"))
            }
        };
        Ok(Settings {
            model,
            selection: Selection { operations: self.operations.clone() },
            crate_name: self.crate_name.clone(),
            manifest: ManifestSettings {
                runtime_dependency,
                crate_version: self.crate_version.clone().unwrap_or_else(|| "0.1.0".to_owned()),
                extra: self.manifest_extra.clone(),
                model_source: None,
            },
        })
    }

    fn out(&self) -> Result<&Path> {
        self.out_dir.as_deref().ok_or_else(|| usage("no output directory given"))
    }

    /// Generates the crate in memory (for `out_dir` if one is set).
    pub fn render(&self) -> Result<GeneratedCrate> {
        crate::generate(&self.settings(self.out_dir.as_deref())?)
    }

    /// Generates the crate into the output directory, writing only files that changed and
    /// removing generated files that are no longer produced.
    pub fn generate(&self) -> Result<WriteReport> {
        let generated = self.render()?;
        crate::write::write(self.out()?, &generated.files, false)
    }

    /// The freshness check: what [`generate`](Self::generate) would change, writing nothing.
    pub fn check(&self) -> Result<WriteReport> {
        let generated = self.render()?;
        crate::write::write(self.out()?, &generated.files, true)
    }

    /// For a build script: writes the crate as one module file, `$OUT_DIR/<crate_name>.rs`
    /// (hyphens as underscores), tells cargo to run the script again when the model changes,
    /// and returns the file's path. The crate that runs the script is the client: its
    /// `lib.rs` is `include!(concat!(env!("OUT_DIR"), "/mwaa_serverless.rs"));` and it
    /// depends on `awsgen-runtime` (and `serde_json` with `float_roundtrip` for models with
    /// floating-point members); see the README.
    pub fn build_script(&self) -> Result<PathBuf> {
        let out = std::env::var_os("OUT_DIR")
            .map(PathBuf::from)
            .ok_or_else(|| usage("OUT_DIR is not set: build_script() runs in a build script"))?;
        if let Some(model) = &self.model {
            println!("cargo:rerun-if-changed={}", model.display());
        }
        // The code has `#[cfg(feature = "serde")]` items: declared here, a crate without that
        // feature gets no `unexpected_cfgs` warning (declarations add up with its own).
        println!("cargo::rustc-check-cfg=cfg(feature, values(\"serde\"))");
        let generated = self.render()?;
        let text = crate::render::single_file(&generated.files)?;
        let path = out.join(format!("{}.rs", generated.ir.crate_name.replace('-', "_")));
        std::fs::write(&path, text).map_err(|e| Error::Io { path: path.clone(), source: e })?;
        Ok(path)
    }
}

fn usage(message: &str) -> Error {
    Error::Usage(message.to_owned())
}
