//! Build script of the difftest's clients (`difftest-<service>`, listed in
//! `registry.rs`): generates the client from its model in the shared corpora (`../shared`,
//! beside the checkout; `DIFFTEST_RESTJSON1_DIR` and `DIFFTEST_AWSJSON_DIR` override the
//! directories) with the awsgen library, as one module file for `include!`. Without the
//! model the crate is empty (`cfg(difftest_model)` unset) and the difftest skips the
//! service (see `difftest/README.md`).

use std::path::PathBuf;

mod registry;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(difftest_model)");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let package = std::env::var("CARGO_PKG_NAME").expect("CARGO_PKG_NAME");
    let service = package.strip_prefix("difftest-").expect("package named difftest-<service>");
    let client = registry::Client::get(service).unwrap_or_else(|| panic!("{package}: not in clients/registry.rs"));
    println!("cargo::rerun-if-env-changed={}", client.corpus.env_var());
    let model = client.model_path(&manifest.join("../../../../shared/models"));
    // Seen again when the corpus appears or changes.
    println!("cargo::rerun-if-changed={}", model.parent().unwrap_or(&model).display());
    if !model.is_file() {
        println!("cargo::warning=no {} (the shared corpus): {package} is empty", model.display());
        return;
    }
    let mut builder = awsgen::Builder::new().model(&model).crate_name(client.crate_name());
    if let Some(operations) = client.operations(&model).unwrap_or_else(|e| panic!("{package}: {e}")) {
        builder = builder.operations(operations);
    }
    builder
        .build_script()
        .unwrap_or_else(|e| panic!("generate {package} from {}: {e}", model.display()));
    println!("cargo::rustc-cfg=difftest_model");
}
