//! Shared by the model targets: generate a crate from a loaded model and check the result.
//!
//! An error from the generator is fine (it is typed and names the shape) — except
//! `Error::Render`, which means an emitter produced tokens that are not Rust: a generator bug,
//! treated like a panic. Every generated Rust file is parsed again (prettyplease's output must
//! be Rust too) and checked for names defined twice in one scope (items of a module, fields of
//! a struct or variant, variants of an enum, associated items of an impl block) — the
//! compile errors that hostile member and shape names would cause if naming let a collision
//! through.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use awsgen::model::Model;
use awsgen::{Error, ManifestSettings, Selection, Settings};

/// Settings as `cargo xtask codegen` would use them.
pub fn settings(path: &Path, selection: Selection) -> Settings {
    Settings {
        model: path.to_owned(),
        selection,
        crate_name: None,
        manifest: ManifestSettings {
            runtime_dependency: "{ path = \"../runtime\" }".into(),
            ..ManifestSettings::default()
        },
    }
}

/// `AWSGEN_FUZZ_STATS=1`: print how each input ended (to check how many inputs get through
/// to emit and render: run the fuzz binary over the corpus with `-runs=0`).
pub fn stats() -> bool {
    static STATS: OnceLock<bool> = OnceLock::new();
    *STATS.get_or_init(|| std::env::var_os("AWSGEN_FUZZ_STATS").is_some())
}

/// Loads `text`; `None` (after reporting in stats mode) when it is not a model.
pub fn load(path: &Path, text: &[u8]) -> Option<Model> {
    match Model::from_slice(path, text) {
        Ok(model) => Some(model),
        Err(e) => {
            if stats() {
                eprintln!("STATS load err: {e}");
            }
            None
        }
    }
}

/// Generates and checks the crate (see the module docs).
pub fn generate_and_check(model: Model, settings: &Settings) {
    match awsgen::generate_from_model(model, settings) {
        Ok(krate) => {
            for (path, text) in &krate.files {
                if path.ends_with(".rs") {
                    check_file(path, text);
                }
            }
            if stats() {
                eprintln!("STATS ok: {} files", krate.files.len());
            }
        }
        Err(e @ Error::Render { .. }) => {
            panic!("the generator emitted tokens that are not Rust: {e}")
        }
        Err(e) => {
            if stats() {
                eprintln!("STATS err: {e}");
            }
        }
    }
}

fn check_file(path: &str, text: &str) {
    let file = syn::parse_file(text)
        .unwrap_or_else(|e| panic!("{path}: the rendered file is not Rust: {e}\n{text}"));
    check_items(path, &file.items);
}

/// Names in a scope, by namespace.
#[derive(Default)]
struct Scope {
    types: BTreeSet<String>,
    values: BTreeSet<String>,
}

impl Scope {
    fn ty(&mut self, path: &str, what: &str, name: &syn::Ident) {
        let name = name.to_string();
        assert!(
            self.types.insert(name.clone()),
            "{path}: {what} `{name}` is defined twice"
        );
    }
    fn value(&mut self, path: &str, what: &str, name: &syn::Ident) {
        let name = name.to_string();
        if name != "_" {
            assert!(
                self.values.insert(name.clone()),
                "{path}: {what} `{name}` is defined twice"
            );
        }
    }
}

fn unique<'a>(path: &str, what: &str, names: impl IntoIterator<Item = &'a syn::Ident>) {
    let mut seen = BTreeSet::new();
    for name in names {
        assert!(
            seen.insert(name.to_string()),
            "{path}: {what} `{name}` is defined twice"
        );
    }
}

fn check_fields(path: &str, owner: &syn::Ident, fields: &syn::Fields) {
    if let syn::Fields::Named(named) = fields {
        unique(
            path,
            &format!("field of `{owner}`:"),
            named.named.iter().filter_map(|f| f.ident.as_ref()),
        );
    }
}

fn use_names<'a>(tree: &'a syn::UseTree, out: &mut Vec<&'a syn::Ident>) {
    match tree {
        syn::UseTree::Path(p) => use_names(&p.tree, out),
        syn::UseTree::Name(n) if n.ident != "self" => out.push(&n.ident),
        syn::UseTree::Rename(r) if r.rename != "_" => out.push(&r.rename),
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| use_names(t, out)),
        _ => {}
    }
}

fn check_items(path: &str, items: &[syn::Item]) {
    let mut scope = Scope::default();
    for item in items {
        match item {
            syn::Item::Struct(s) => {
                scope.ty(path, "type", &s.ident);
                check_fields(path, &s.ident, &s.fields);
            }
            syn::Item::Enum(e) => {
                scope.ty(path, "type", &e.ident);
                unique(
                    path,
                    &format!("variant of `{}`:", e.ident),
                    e.variants.iter().map(|v| &v.ident),
                );
                for v in &e.variants {
                    check_fields(path, &v.ident, &v.fields);
                }
            }
            syn::Item::Union(u) => scope.ty(path, "type", &u.ident),
            syn::Item::Trait(t) => scope.ty(path, "trait", &t.ident),
            syn::Item::Type(t) => scope.ty(path, "type alias", &t.ident),
            syn::Item::Mod(m) => {
                scope.ty(path, "module", &m.ident);
                if let Some((_, items)) = &m.content {
                    check_items(&format!("{path}::{}", m.ident), items);
                }
            }
            // Imports are counted in the type namespace (modules and types are all that
            // generated code imports).
            syn::Item::Use(u) => {
                let mut names = Vec::new();
                use_names(&u.tree, &mut names);
                for name in names {
                    scope.ty(path, "imported name", name);
                }
            }
            syn::Item::Fn(f) => scope.value(path, "function", &f.sig.ident),
            syn::Item::Const(c) => scope.value(path, "constant", &c.ident),
            syn::Item::Static(s) => scope.value(path, "static", &s.ident),
            syn::Item::Impl(i) => {
                let mut assoc = Scope::default();
                for item in &i.items {
                    match item {
                        syn::ImplItem::Fn(f) => {
                            assoc.value(path, "associated function", &f.sig.ident)
                        }
                        syn::ImplItem::Const(c) => {
                            assoc.value(path, "associated constant", &c.ident)
                        }
                        syn::ImplItem::Type(t) => assoc.ty(path, "associated type", &t.ident),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}
