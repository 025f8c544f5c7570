//! Stage 6, write: put the rendered files on disk, touching only files whose content
//! changed, or (check mode) report which files differ without writing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// What writing (or checking) found.
#[derive(Debug, Default)]
pub struct WriteReport {
    /// Files written (or, in check mode, that would be) because they were new or different.
    pub changed: Vec<PathBuf>,
    /// Files already up to date.
    pub unchanged: usize,
    /// Generated files on disk that generation no longer produces (removed, or reported).
    pub stale: Vec<PathBuf>,
}

/// The directories of the crate that the generator owns entirely.
const OWNED_DIRS: &[&str] = &["src"];

fn normalise(text: &str) -> String {
    text.replace("\r\n", "\n")
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_owned(), source }
}

/// Writes `files` under `root`; with `check`, writes nothing and only reports.
pub fn write(root: &Path, files: &BTreeMap<String, String>, check: bool) -> Result<WriteReport> {
    let mut report = WriteReport::default();
    for (relative, content) in files {
        let path = root.join(relative);
        let current = std::fs::read_to_string(&path).ok().map(|t| normalise(&t));
        if current.as_deref() == Some(content.as_str()) {
            report.unchanged += 1;
            continue;
        }
        report.changed.push(path.clone());
        if !check {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io(parent))?;
            }
            std::fs::write(&path, content).map_err(io(&path))?;
        }
    }
    for dir in OWNED_DIRS {
        let mut stack = vec![root.join(dir)];
        while let Some(current) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&current) else { continue };
            for entry in entries {
                let path = entry.map_err(io(&current))?.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let relative = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                if !files.contains_key(&relative) {
                    if !check {
                        std::fs::remove_file(&path).map_err(io(&path))?;
                    }
                    report.stale.push(path);
                }
            }
        }
    }
    report.changed.sort();
    report.stale.sort();
    Ok(report)
}
