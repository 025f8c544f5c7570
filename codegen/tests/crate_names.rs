//! Default crate names over whole corpora of AWS models (ignored by default: it reads
//! `../shared`). `.ci/run` runs it with `AWSGEN_CORPUS_DIRS` set to the awsJson and restJson1
//! corpora:
//!
//! ```sh
//! AWSGEN_CORPUS_DIRS=../shared/models/corpus:../shared/models/corpus-restjson1 \
//!     cargo test -p awsgen --test crate_names -- --ignored
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;

/// The official SDK's crate name after `aws-sdk-`: smithy-rs lower-cases the sdkId, drops
/// its spaces, then a trailing `service` or `api`.
fn official_suffix(sdk_id: &str) -> String {
    let joined = sdk_id.to_lowercase().replace(' ', "");
    let joined = joined.strip_suffix("service").unwrap_or(&joined).to_owned();
    joined.strip_suffix("api").unwrap_or(&joined).to_owned()
}

/// `sdkId` of the model's service shape.
fn sdk_id(path: &PathBuf) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let model: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let shapes = model["shapes"].as_object().unwrap_or_else(|| panic!("{}: no shapes", path.display()));
    shapes
        .values()
        .find(|s| s["type"] == "service")
        .and_then(|s| s["traits"]["aws.api#service"]["sdkId"].as_str())
        .unwrap_or_else(|| panic!("{}: no sdkId", path.display()))
        .to_owned()
}

#[test]
#[ignore = "reads the AWS corpora named by AWSGEN_CORPUS_DIRS"]
fn every_model_gets_a_unique_name_matching_the_official_crate() {
    let dirs = std::env::var("AWSGEN_CORPUS_DIRS").expect("AWSGEN_CORPUS_DIRS: corpus directories separated by `:`");
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut hyphenated = 0;
    for dir in dirs.split(':').filter(|d| !d.is_empty()) {
        let mut models: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        models.sort();
        assert!(!models.is_empty(), "{dir}: no models");
        for model in models {
            let sdk_id = sdk_id(&model);
            let name = awsgen::naming::crate_name(&sdk_id);
            // The official name, but for the hyphens we keep where AWS puts a space.
            assert_eq!(name.replace('-', ""), official_suffix(&sdk_id), "{} ({sdk_id})", model.display());
            hyphenated += usize::from(name.contains('-'));
            if let Some(other) = names.insert(name.clone(), model.display().to_string()) {
                panic!("{name} is the name of both {other} and {}", model.display());
            }
        }
    }
    println!("{} models, {} unique names, {hyphenated} with hyphens", names.len(), names.len());
}
