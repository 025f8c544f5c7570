//! The build-script form of a crate: every module file inlined into one file that `include!`
//! accepts (no inner attributes, no `mod name;` left), with every item of the crate.

use std::path::Path;

fn count_modules(items: &[syn::Item]) -> usize {
    items
        .iter()
        .map(|item| match item {
            syn::Item::Mod(m) => {
                let (_, inner) = m.content.as_ref().unwrap_or_else(|| panic!("`mod {};` left in the file", m.ident));
                1 + count_modules(inner)
            }
            _ => 0,
        })
        .sum()
}

#[test]
fn the_crate_becomes_one_includable_file() {
    let generated = awsgen::Builder::new()
        .model(Path::new(env!("CARGO_MANIFEST_DIR")).join("../model/mwaa-serverless.json"))
        .render()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = awsgen::render::single_file(&generated.files).unwrap_or_else(|e| panic!("{e}"));
    let file = syn::parse_file(&text).expect("the single file parses");
    assert!(file.attrs.is_empty(), "include! rejects inner attributes at the top");
    // Every module file is inlined (lib.rs is the root; `src/types/mod.rs`-style files and
    // inline modules with file children count once each).
    let module_files = generated.files.keys().filter(|p| p.ends_with(".rs") && *p != "src/lib.rs").count();
    assert!(count_modules(&file.items) >= module_files, "{} modules for {module_files} files", count_modules(&file.items));
    // A file's own docs travel with its module, inside it: their intra-doc links resolve
    // there (`error`'s docs link to `ProvideErrorMetadata`, which only `error` imports).
    assert!(text.contains("pub mod operation"), "operations module");
    let error = file.items.iter().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == "error" => Some(m),
        _ => None,
    });
    let error = error.expect("the error module");
    let docs: Vec<_> = error.attrs.iter().filter(|a| a.path().is_ident("doc")).collect();
    assert!(!docs.is_empty() && docs.iter().all(|a| matches!(a.style, syn::AttrStyle::Inner(_))), "inner docs of `error`");
    // Missing module files are an error naming the file, not a panic.
    let mut broken = generated.files.clone();
    broken.retain(|path, _| !path.starts_with("src/operation/"));
    let error = awsgen::render::single_file(&broken).expect_err("modules without files");
    assert!(error.to_string().contains("no file for `mod"), "{error}");
}
