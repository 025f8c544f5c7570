//! awsgen: generates lean Rust clients from Smithy JSON AST models of AWS JSON-protocol
//! services.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`model`] — load the JSON AST into typed shapes;
//! 2. [`index`] — resolve: prelude, mixins, operations, reachable shapes, recursion;
//! 3. [`ir`] — lower to a Rust-facing IR, with every name decided in [`naming`];
//! 4. [`emit`] — one `quote!` emitter per concern;
//! 5. [`render`] — prettyplease formatting;
//! 6. [`write`](mod@write) — write changed files, or check that none would change.
//!
//! [`diff`] compares two models' IRs: what a model update does to the generated API.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod builder;
pub mod bump;
pub mod diff;
pub mod emit;
pub mod error;
pub mod index;
pub mod ir;
pub mod model;
pub mod naming;
pub mod render;
pub mod rules;
pub mod waiters;
pub mod write;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use builder::Builder;
pub use emit::crate_root::{ManifestSettings, ModelSource, RUNTIME_VERSION};
pub use error::{Error, Result};
pub use ir::Selection;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The Smithy JSON AST model file.
    pub model: PathBuf,
    /// Which operations (all by default).
    pub selection: Selection,
    /// The package name; by default the kebab-case sdkId (`mwaa-serverless`).
    pub crate_name: Option<String>,
    /// Manifest details.
    pub manifest: ManifestSettings,
}

/// A generated crate: file contents by path relative to the crate root.
#[derive(Debug)]
pub struct GeneratedCrate {
    /// The IR it was generated from.
    pub ir: ir::CrateIr,
    /// Rendered files.
    pub files: BTreeMap<String, String>,
}

/// Runs the whole pipeline except writing; the crate's docs and manifest name the model file
/// and its SHA-256.
pub fn generate(settings: &Settings) -> Result<GeneratedCrate> {
    let model = model::Model::load(&settings.model)?;
    let mut settings = settings.clone();
    settings.manifest.model_source = Some(model_source(&settings.model)?);
    generate_from_model(model, &settings)
}

/// The model file's name and SHA-256.
fn model_source(path: &std::path::Path) -> Result<emit::crate_root::ModelSource> {
    let bytes = std::fs::read(path).map_err(|e| Error::Io { path: path.to_owned(), source: e })?;
    let sha256 = sha256_hex(&bytes);
    let file_name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    Ok(emit::crate_root::ModelSource { file_name, sha256 })
}

/// A file's SHA-256 as the manifest records it (lowercase hex).
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Builds and renders every file, spreading the files over the available cores.
fn render_all(jobs: &[(String, emit::crate_root::FileBuilder<'_>)]) -> Result<BTreeMap<String, String>> {
    let render = |(path, build): &(String, emit::crate_root::FileBuilder<'_>)| -> Result<(String, String)> {
        let text = match build() {
            emit::crate_root::FileContent::Rust(items) => render::rust_file(path, items, &[])?,
            emit::crate_root::FileContent::RustModule { home, items } => render::rust_file(path, items, &home)?,
            emit::crate_root::FileContent::Text(text) => text,
        };
        Ok((path.clone(), text))
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(jobs.len().max(1));
    if threads <= 1 {
        return jobs.iter().map(render).collect();
    }
    // Interleave files over threads so large and small files spread evenly.
    let results: Vec<Result<Vec<(String, String)>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| scope.spawn(move || jobs.iter().skip(t).step_by(threads).map(render).collect::<Result<Vec<_>>>()))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    });
    let mut files = BTreeMap::new();
    for chunk in results {
        files.extend(chunk?);
    }
    Ok(files)
}

/// Runs the pipeline on an already loaded model.
pub fn generate_from_model(model: model::Model, settings: &Settings) -> Result<GeneratedCrate> {
    let index = index::ShapeIndex::new(model)?;
    let ir = ir::lower(&index, &settings.selection, settings.crate_name.as_deref())?;
    let files = render_all(&emit::crate_root::files(&ir, &settings.manifest))?;
    Ok(GeneratedCrate { ir, files })
}
