//! The generated client against botocore: runs `botocore/compare.py` (which creates a
//! virtualenv under the target directory and installs a pinned botocore into it) with our
//! side, the `awsgen-wire` binary. Needs Python 3 (`python3`, or `$PYTHON`) and PyPI.

use std::path::PathBuf;
use std::process::Command;

#[test]
fn botocore_serializes_and_parses_like_ours() {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| manifest.join("../target"), PathBuf::from);
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    match Command::new(&python).arg("--version").output() {
        Ok(out) if out.status.success() => {}
        _ => panic!(
            "the botocore differential test needs Python 3: `{python} --version` failed. Install python3 \
             (with venv and pip), or set PYTHON to a Python 3 interpreter."
        ),
    }
    let status = Command::new(&python)
        .arg(manifest.join("botocore/compare.py"))
        .arg("--ours")
        .arg(env!("CARGO_BIN_EXE_awsgen-wire"))
        .arg("--venv")
        .arg(target.join("difftest-venv"))
        .status()
        .expect("run botocore/compare.py");
    assert!(
        status.success(),
        "botocore/compare.py found differences (or could not run): {status}"
    );
}
