//! `cargo xtask latest-deps`: does our code still build, lint and test cleanly with the
//! newest semver-compatible versions of its dependencies?
//!
//! Every other build of the tooling starts from our `Cargo.lock`, so an upstream release
//! cannot break it; users, though, resolve the newest versions. This task copies the
//! workspace (the files git tracks), runs `cargo update` in the copy, then builds, lints
//! (`-D warnings`) and tests the runtime (with each TLS provider), the committed MWAA
//! Serverless crate, and a crate generated outside the workspace without any lock file, as a
//! user's would be. A failure names the versions that moved, so the next upstream
//! deprecation fails our CI before it reaches a user's build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::codegen::{standalone_settings, workspace_root};

/// Runs the task.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut keep = false;
    for arg in args {
        match arg.as_str() {
            "--keep" => keep = true,
            other => return Err(format!("unknown option `{other}` for latest-deps")),
        }
    }
    let root = workspace_root();
    let base = root.join("target/latest-deps");
    let copy = base.join("workspace");
    let _ = std::fs::remove_dir_all(&copy);
    let started = Instant::now();
    copy_tracked_files(&root, &copy)?;

    let before = locked_versions(&copy.join("Cargo.lock"))?;
    step(&copy, "cargo update", Command::new(env!("CARGO")).arg("update").arg("--quiet").current_dir(&copy))?;
    let after = locked_versions(&copy.join("Cargo.lock"))?;
    let moved = moved_versions(&before, &after);
    if moved.is_empty() {
        println!("latest-deps: Cargo.lock already has the newest semver-compatible versions");
    } else {
        println!("latest-deps: newer versions than Cargo.lock ({}):", moved.len());
        for line in &moved {
            println!("  {line}");
        }
    }

    // One target directory for all steps (kept between runs: only what moved rebuilds).
    let target = base.join("target");
    let cargo = |dir: &Path, args: &[&str]| {
        let mut command = Command::new(env!("CARGO"));
        command.args(args).current_dir(dir).env("CARGO_TARGET_DIR", &target).env("RUSTFLAGS", "-D warnings");
        command
    };
    let lint = ["--", "-D", "warnings"];
    let checks: Vec<(&str, Vec<&str>)> = vec![
        (
            "clippy: runtime (aws-lc-rs) and the MWAA Serverless crate",
            [&["clippy", "--quiet", "--all-targets", "-p", "awsgen-runtime", "-p", "mwaa-serverless"][..], &lint].concat(),
        ),
        (
            "clippy: runtime with rustls-ring alone",
            [
                &["clippy", "--quiet", "--all-targets", "-p", "awsgen-runtime", "--no-default-features", "--features", "rustls-ring,gzip"][..],
                &lint,
            ]
            .concat(),
        ),
        ("tests: runtime and the MWAA Serverless crate", vec!["test", "--quiet", "-p", "awsgen-runtime", "-p", "mwaa-serverless"]),
        (
            "tests: the TLS handshake with rustls-ring alone",
            vec!["test", "--quiet", "-p", "awsgen-runtime", "--no-default-features", "--features", "rustls-ring", "--test", "tls_key_exchange"],
        ),
    ];
    for (title, args) in &checks {
        step(&copy, title, &mut cargo(&copy, args)).map_err(|e| drift(&e, &moved))?;
    }

    // A crate generated outside any workspace and without a lock file: what a user builds.
    let outside = base.join("outside");
    let _ = std::fs::remove_dir_all(&outside);
    let mut settings = standalone_settings(&copy, copy.join("model/mwaa-serverless.json"), &outside);
    settings.crate_name = Some("mwaa-serverless-outside".to_owned());
    let generated = awsgen::generate(&settings).map_err(|e| e.to_string())?;
    awsgen::write::write(&outside, &generated.files, false).map_err(|e| e.to_string())?;
    step(
        &outside,
        "clippy: a crate generated outside the workspace, resolved afresh",
        &mut cargo(&outside, &[&["clippy", "--quiet", "--all-targets"][..], &lint].concat()),
    )
    .map_err(|e| drift(&e, &moved))?;
    step(&outside, "tests: that crate", &mut cargo(&outside, &["test", "--quiet"])).map_err(|e| drift(&e, &moved))?;

    if !keep {
        let _ = std::fs::remove_dir_all(&copy);
        let _ = std::fs::remove_dir_all(&outside);
    }
    println!("latest-deps: all green with the newest compatible versions in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// Runs one step, printing its title; a failure carries the command's output tail.
fn step(dir: &Path, title: &str, command: &mut Command) -> Result<(), String> {
    println!("latest-deps: {title}");
    let output = command.output().map_err(|e| format!("{title}: cannot run cargo in {}: {e}", dir.display()))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let tail: Vec<&str> = stdout.lines().chain(stderr.lines()).collect();
    let tail = tail[tail.len().saturating_sub(60)..].join("\n");
    Err(format!("{title} failed ({}) in {}:\n{tail}", output.status, dir.display()))
}

/// The failure message: what failed, and which upstream versions moved to cause it.
fn drift(failure: &str, moved: &[String]) -> String {
    let versions = if moved.is_empty() { "none (the failure is not upstream drift)".to_owned() } else { moved.join(", ") };
    format!(
        "UPSTREAM DRIFT: our code fails with the newest semver-compatible dependencies, which users \
         resolve. Versions newer than Cargo.lock: {versions}.\n{failure}\n\
         Fix the code for the new versions, then `cargo update` the workspace."
    )
}

/// Copies the files git tracks (the working tree's contents) from `root` to `to`.
fn copy_tracked_files(root: &Path, to: &Path) -> Result<(), String> {
    let output = Command::new("git")
        .args(["ls-files", "-z", "--cached", "--others", "--exclude-standard"])
        .current_dir(root)
        .output()
        .map_err(|e| format!("git ls-files: {e} (latest-deps copies the files git knows)"))?;
    if !output.status.success() {
        return Err(format!("git ls-files failed: {}", String::from_utf8_lossy(&output.stderr)));
    }
    for name in output.stdout.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let relative = PathBuf::from(String::from_utf8_lossy(name).into_owned());
        let (from, dest) = (root.join(&relative), to.join(&relative));
        if !from.is_file() {
            continue; // deleted in the working tree
        }
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::copy(&from, &dest).map_err(|e| format!("{} -> {}: {e}", from.display(), dest.display()))?;
    }
    Ok(())
}

/// Package name -> versions, from a `Cargo.lock`.
pub(crate) fn locked_versions(lock: &Path) -> Result<BTreeMap<String, Vec<String>>, String> {
    let text = std::fs::read_to_string(lock).map_err(|e| format!("{}: {e}", lock.display()))?;
    let mut versions: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut name = None;
    for line in text.lines() {
        if let Some(n) = line.strip_prefix("name = ") {
            name = Some(n.trim_matches('"').to_owned());
        } else if let (Some(v), Some(n)) = (line.strip_prefix("version = "), name.take()) {
            versions.entry(n).or_default().push(v.trim_matches('"').to_owned());
        }
    }
    Ok(versions)
}

/// `name old -> new` for every package whose versions differ (added or removed ones too).
fn moved_versions(before: &BTreeMap<String, Vec<String>>, after: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    let names: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    names
        .into_iter()
        .filter_map(|name| {
            let (old, new) = (before.get(name), after.get(name));
            (old != new).then(|| {
                let show = |v: Option<&Vec<String>>| v.map_or("(none)".to_owned(), |v| v.join("/"));
                format!("{name} {} -> {}", show(old), show(new))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moved_versions_lists_changed_added_and_removed_packages() {
        let lock = |pairs: &[(&str, &str)]| {
            let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for (n, v) in pairs {
                map.entry((*n).to_owned()).or_default().push((*v).to_owned());
            }
            map
        };
        let before = lock(&[("rustls", "0.23.46"), ("serde", "1.0.1"), ("gone", "1.0.0"), ("hyper", "0.14.1"), ("hyper", "1.0.0")]);
        let after = lock(&[("rustls", "0.23.48"), ("serde", "1.0.1"), ("aws-lc-rs", "1.19.0"), ("hyper", "0.14.1"), ("hyper", "1.1.0")]);
        assert_eq!(
            moved_versions(&before, &after),
            [
                "aws-lc-rs (none) -> 1.19.0",
                "gone 1.0.0 -> (none)",
                "hyper 0.14.1/1.0.0 -> 0.14.1/1.1.0",
                "rustls 0.23.46 -> 0.23.48",
            ]
        );
    }

    #[test]
    fn locked_versions_reads_a_lock_file() {
        let dir = std::env::temp_dir().join(format!("xtask-lock-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch dir");
        let lock = dir.join("Cargo.lock");
        std::fs::write(&lock, "version = 4\n\n[[package]]\nname = \"a\"\nversion = \"1.2.3\"\nsource = \"x\"\n\n[[package]]\nname = \"b\"\nversion = \"0.1.0\"\n").expect("lock");
        let versions = locked_versions(&lock).expect("readable");
        assert_eq!(versions.get("a"), Some(&vec!["1.2.3".to_owned()]));
        assert_eq!(versions.get("b"), Some(&vec!["0.1.0".to_owned()]));
        // The lock format's own `version = 4` line (no package name yet) is not a package.
        assert_eq!(versions.len(), 2);
        std::fs::remove_dir_all(&dir).ok();
    }
}
