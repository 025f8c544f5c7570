//! Arbitrary bytes to the model loader, then (if it loads) the whole generator.
#![no_main]

use std::path::Path;

use awsgen::model::Model;
use awsgen::{ManifestSettings, Selection, Settings};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz/model.json");
    let Ok(model) = Model::from_slice(path, data) else {
        return;
    };
    let settings = Settings {
        model: path.to_owned(),
        selection: Selection::default(),
        crate_name: None,
        manifest: ManifestSettings {
            runtime_dependency: "{ path = \"../runtime\" }".into(),
            extra: String::new(),
        },
    };
    let _ = awsgen::generate_from_model(model, &settings);
});
