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

impl WriteReport {
    /// Whether nothing would change (check mode: the crate is up to date).
    pub fn is_fresh(&self) -> bool {
        self.changed.is_empty() && self.stale.is_empty()
    }

    /// What a freshness check says of a stale crate `out` generated from `model`: a heading
    /// and one line per file that differs or is no longer generated.
    pub fn stale_listing(&self, out: &Path, model: &Path) -> String {
        let mut text = format!("{} is not up to date with {}:", out.display(), model.display());
        for path in &self.changed {
            text.push_str(&format!("\n  differs: {}", path.display()));
        }
        for path in &self.stale {
            text.push_str(&format!("\n  not generated any more: {}", path.display()));
        }
        text
    }
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

/// `to` as a path relative to the directory `from` (`../../runtime`), for manifests that must
/// not hold absolute paths. Both are made absolute against the current directory first and
/// compared by their components (neither needs to exist). Paths on different Windows drives
/// have no relative form: an error.
pub fn relative_path(from: &Path, to: &Path) -> std::io::Result<PathBuf> {
    use std::path::Component;
    let normal = |p: &Path| -> std::io::Result<Vec<std::ffi::OsString>> {
        let mut parts = Vec::new();
        for part in std::path::absolute(p)?.components() {
            match part {
                Component::CurDir => {}
                Component::ParentDir => {
                    parts.pop();
                }
                other => parts.push(other.as_os_str().to_owned()),
            }
        }
        Ok(parts)
    };
    let (from, to) = (normal(from)?, normal(to)?);
    if from.first() != to.first() {
        return Err(std::io::Error::other("the paths are on different drives"));
    }
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut relative = PathBuf::new();
    for _ in common..from.len() {
        relative.push("..");
    }
    for part in &to[common..] {
        relative.push(part);
    }
    if relative.as_os_str().is_empty() {
        relative.push(".");
    }
    Ok(relative)
}

#[cfg(test)]
mod relative_path_tests {
    use super::*;

    #[test]
    fn relative_paths_between_directories() {
        let rel = |a: &str, b: &str| relative_path(Path::new(a), Path::new(b)).expect("relative");
        assert_eq!(rel("/w/target/corpus/x", "/w/runtime"), Path::new("../../../runtime"));
        assert_eq!(rel("/w/generated", "/w/runtime"), Path::new("../runtime"));
        assert_eq!(rel("/w", "/w/runtime"), Path::new("runtime"));
        assert_eq!(rel("/w/a/./b/..", "/w/runtime"), Path::new("../runtime"));
        assert_eq!(rel("/w", "/w"), Path::new("."));
    }
}
