//! Arbitrary bytes to the model loader (`Model::from_slice`), then, if the model loads, the
//! whole generator: resolve, IR, emit and render every file of the crate, each file checked
//! as `common/generate.rs` says (a render error, unparsable output or a name defined twice
//! is a crash, like a panic).
//!
//! Seed it with real models (`model/mwaa-serverless.json`, the obstacle-course fixture) and
//! the Smithy dictionary (`dicts/smithy.dict`) so that mutations stay close to valid models.
#![no_main]

use std::path::Path;

use awsgen::Selection;
use libfuzzer_sys::fuzz_target;

#[path = "../common/generate.rs"]
mod generate;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz/model.json");
    if let Some(model) = generate::load(path, data) {
        generate::generate_and_check(model, &generate::settings(path, Selection::default()));
    }
});
