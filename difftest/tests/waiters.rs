//! Our generated waiters against botocore's on the same response sequences: runs
//! `botocore/waiters.py` (in the virtualenv `tests/botocore.rs` uses) with our side, the
//! `awsgen-waiters` binary. Needs Python 3 and PyPI, and the clients of
//! `clients/registry.rs` (built from `../shared`; skipped without it, except under
//! `CI=true`).

use std::path::PathBuf;
use std::process::Command;

#[test]
fn waiters_decide_like_botocore() {
    let missing = mwaa_difftest::waiters::services::MISSING;
    if !missing.is_empty() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but the difftest was built without the models of {missing:?} (../shared/models)"
        );
        if mwaa_difftest::waiters::services::SERVICES.is_empty() {
            eprintln!("skipped: the waiter difftest needs ../shared/models at build time");
            return;
        }
        eprintln!("built without the models of {missing:?}: their waiters are not compared");
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| manifest.join("../target"), PathBuf::from);
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let status = Command::new(&python)
        .arg(manifest.join("botocore/waiters.py"))
        .arg("--ours")
        .arg(env!("CARGO_BIN_EXE_awsgen-waiters"))
        .arg("--venv")
        .arg(target.join("difftest-venv"))
        .status()
        .unwrap_or_else(|e| panic!("run botocore/waiters.py with {python}: {e}"));
    assert!(
        status.success(),
        "botocore/waiters.py found differences (or could not run): {status}"
    );
}
