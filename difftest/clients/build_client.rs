//! Build script of the difftest's restJson1 clients (`difftest-mwaa`, `difftest-lambda`):
//! generates the client from the shared restJson1 corpus (`../shared`, beside the
//! checkout; `DIFFTEST_RESTJSON1_DIR` overrides it) with the awsgen library, as one module
//! file for `include!`. Without the corpus the crate is empty (`cfg(difftest_model)` unset)
//! and the difftest skips these services (see `difftest/README.md`).

use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(difftest_model)");
    println!("cargo::rerun-if-env-changed=DIFFTEST_RESTJSON1_DIR");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let dir = std::env::var_os("DIFFTEST_RESTJSON1_DIR")
        .map_or_else(|| manifest.join("../../../../shared/models/corpus-restjson1"), PathBuf::from);
    let package = std::env::var("CARGO_PKG_NAME").expect("CARGO_PKG_NAME");
    let service = package.strip_prefix("difftest-").expect("package named difftest-<service>");
    let model = dir.join(format!("{service}.json"));
    // Seen again when the corpus appears or changes.
    println!("cargo::rerun-if-changed={}", dir.display());
    if !model.is_file() {
        println!("cargo::warning=no {} (the shared restJson1 corpus): {package} is empty", model.display());
        return;
    }
    awsgen::Builder::new()
        .model(&model)
        .crate_name(package.as_str())
        .build_script()
        .unwrap_or_else(|e| panic!("generate {package} from {}: {e}", model.display()));
    println!("cargo::rustc-cfg=difftest_model");
}
