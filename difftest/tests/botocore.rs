//! The generated clients against botocore: runs `botocore/compare.py` (which creates a
//! virtualenv under the target directory and installs a pinned botocore into it) with our
//! side, the `awsgen-wire` binary, once per service: MWAA Serverless (awsJson1_0, the
//! committed crate) and the restJson1 clients of MWAA and Lambda (generated from
//! `../shared` at build time: skipped without it, except under `CI=true`). Needs Python 3
//! (`python3`, or `$PYTHON`) and PyPI. Cases per operation: `DIFFTEST_BOTOCORE_CASES`
//! (default 100), seed `DIFFTEST_SEED`.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;

use mwaa_difftest::service::RESTJSON1_BUILT;

fn compare_with_botocore(service: &str) {
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
    let script = manifest.join("botocore/compare.py");
    let venv = target.join("difftest-venv");
    {
        // the tests run in parallel: one creates the virtualenv, the others wait for it
        static PREPARED: Mutex<bool> = Mutex::new(false);
        let mut prepared = PREPARED.lock().unwrap_or_else(|e| e.into_inner());
        if !*prepared {
            let status = Command::new(&python)
                .arg(&script)
                .args(["--prepare", "--venv"])
                .arg(&venv)
                .status()
                .expect("run botocore/compare.py --prepare");
            assert!(
                status.success(),
                "could not prepare the botocore virtualenv: {status}"
            );
            *prepared = true;
        }
    }
    let status = Command::new(&python)
        .arg(&script)
        .arg("--ours")
        .arg(env!("CARGO_BIN_EXE_awsgen-wire"))
        .arg("--service")
        .arg(service)
        .arg("--venv")
        .arg(&venv)
        .status()
        .expect("run botocore/compare.py");
    assert!(
        status.success(),
        "botocore/compare.py --service {service} found differences (or could not run): {status}"
    );
}

/// Whether the restJson1 clients were built; under `CI=true` they must have been.
fn restjson1_built(service: &str) -> bool {
    if !RESTJSON1_BUILT {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but the restJson1 difftest was built without ../shared/models/corpus-restjson1"
        );
        eprintln!("skipped: the botocore comparison of {service} needs ../shared/models/corpus-restjson1 at build time");
    }
    RESTJSON1_BUILT
}

#[test]
fn mwaa_serverless_serializes_and_parses_like_botocore() {
    compare_with_botocore("mwaa-serverless");
}

#[test]
fn mwaa_serializes_and_parses_like_botocore() {
    if restjson1_built("mwaa") {
        compare_with_botocore("mwaa");
    }
}

#[test]
fn lambda_serializes_and_parses_like_botocore() {
    if restjson1_built("lambda") {
        compare_with_botocore("lambda");
    }
}
