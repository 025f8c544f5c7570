//! Shared by the model targets: generate a crate from a loaded model and check the result.
//!
//! An error from the generator is fine (it is typed and names the shape) — except
//! `Error::Render`, which means an emitter produced tokens that are not Rust: a generator bug,
//! treated like a panic. Every generated Rust file is parsed again (prettyplease's output must
//! be Rust too) and checked for names defined twice in one scope (items of a module, fields of
//! a struct or variant, variants of an enum, the inherent methods of a type over all its impl
//! blocks, a fluent builder's own methods against its input builder's) — the compile errors
//! that hostile member and shape names would cause if naming let a collision through. The
//! runtime's macros count with what they define: `accessors!` its methods, `operation!` the
//! operation and its fluent builder, `operation_error!`, `string_enum!` and `int_enum!` their
//! enums with variants and methods, `operation_output!`, `modeled_error_impls!` and
//! `builder_fn!` their methods. A runtime macro the check cannot read is a crash too, so that
//! it does not silently fall behind the macros' syntax (`tests/name_checker.rs`).

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use awsgen::model::Model;
use proc_macro2::TokenTree;
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

/// Parses a rendered file and checks it (see the module docs); panics on a failure.
pub fn check_file(path: &str, text: &str) {
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

/// Whether `mac` is `awsgen_runtime::<name>!`.
fn is_runtime_macro(mac: &syn::Macro, name: &str) -> bool {
    let segments: Vec<String> = mac.path.segments.iter().map(|s| s.ident.to_string()).collect();
    segments == ["awsgen_runtime", name]
}

/// The entries of a runtime entry macro (`accessors!`, `operation_error!`, `operation!`):
/// the tokens of each up to its `;`, the attributes before it (docs, `#[deprecated]`) left
/// out.
fn entries(mac: &syn::Macro) -> Vec<Vec<TokenTree>> {
    let mut out = vec![Vec::new()];
    let mut tokens = mac.tokens.clone().into_iter();
    while let Some(token) = tokens.next() {
        match &token {
            TokenTree::Punct(p) if p.as_char() == '#' && out.last().is_some_and(Vec::is_empty) => {
                tokens.next();
            }
            TokenTree::Punct(p) if p.as_char() == ';' => out.push(Vec::new()),
            _ => out.last_mut().expect("never empty").push(token),
        }
    }
    out.retain(|entry| !entry.is_empty());
    out
}

fn idents(tokens: &[TokenTree]) -> Vec<syn::Ident> {
    tokens
        .iter()
        .filter_map(|t| match t {
            TokenTree::Ident(i) => Some(i.clone()),
            _ => None,
        })
        .collect()
}

fn method(name: &str) -> syn::Ident {
    syn::Ident::new(name, proc_macro2::Span::call_site())
}

/// The methods `accessors!` defines: per entry (`kind setter(set_, get_) ..`) the setter,
/// `set_` and `get_`.
fn accessor_methods(path: &str, mac: &syn::Macro) -> Vec<syn::Ident> {
    let mut names = Vec::new();
    for entry in entries(mac) {
        let [TokenTree::Ident(_kind), TokenTree::Ident(setter), TokenTree::Group(others), ..] = entry.as_slice() else {
            panic!("{path}: an `accessors!` entry this check cannot read (update it): {entry:?}");
        };
        names.push(setter.clone());
        names.extend(idents(&others.stream().into_iter().collect::<Vec<_>>()));
    }
    names
}

/// What a runtime macro invoked among a module's items defines.
#[derive(Default)]
struct MacroItems {
    /// Types, with what each is (`type`, `type alias`).
    types: Vec<(&'static str, syn::Ident)>,
    /// Inherent methods, by their type (trait methods cannot collide with them).
    methods: Vec<(syn::Ident, Vec<syn::Ident>)>,
    /// `operation!`'s fluent builder alias and the input builder it attaches to a client.
    alias: Option<(syn::Ident, syn::Ident)>,
}

/// The items of the runtime macros that define types or inherent methods (as
/// `codegen/tests/name_collisions.rs` reads them), checking the variants of the enums they
/// define; `None` for other macros (`debug_fields!`, `serde_impls!`: trait impls only).
fn macro_items(path: &str, mac: &syn::Macro) -> Option<MacroItems> {
    let name = mac.path.segments.last()?.ident.to_string();
    if !is_runtime_macro(mac, &name) {
        return None;
    }
    let items = match name.as_str() {
        "operation_error" => operation_error_items(path, mac),
        "operation" => operation_items(mac),
        "string_enum" | "int_enum" => enum_items(path, &name, mac),
        "operation_output" => methods_of_first_type(mac, &["request_id"]),
        "modeled_error_impls" => methods_of_first_type(mac, &["meta", "message"]),
        "builder_fn" => methods_of_first_type(mac, &["builder"]),
        _ => return None,
    };
    let unreadable = || panic!("{path}: an `awsgen_runtime::{name}!` this check cannot read (update it): {}", mac.tokens);
    Some(items.unwrap_or_else(unreadable))
}

/// `operation_output!(Output)`, `modeled_error_impls!(Error, ..)`, `builder_fn!(Name => ..)`:
/// inherent `methods` of the type named first.
fn methods_of_first_type(mac: &syn::Macro, methods: &[&str]) -> Option<MacroItems> {
    let ty = idents(&mac.tokens.clone().into_iter().collect::<Vec<_>>()).into_iter().next()?;
    Some(MacroItems { methods: vec![(ty, methods.iter().map(|m| method(m)).collect())], ..MacroItems::default() })
}

/// `string_enum!` and `int_enum!`: the enum, its variants (and `Unknown`), `as_str` or
/// `as_i32`, and `values`.
fn enum_items(path: &str, name: &str, mac: &syn::Macro) -> Option<MacroItems> {
    let item: syn::ItemEnum = syn::parse2(mac.tokens.clone()).ok()?;
    let variants: Vec<syn::Ident> = item.variants.iter().map(|v| v.ident.clone()).chain([method("Unknown")]).collect();
    unique(path, &format!("variant of `{}`:", item.ident), &variants);
    let as_value = if name == "string_enum" { "as_str" } else { "as_i32" };
    Some(MacroItems {
        types: vec![("type", item.ident.clone())],
        methods: vec![(item.ident, vec![method(as_value), method("values")])],
        alias: None,
    })
}

/// `operation_error!`: the enum, its variants (each entry's first word, and `Unhandled`), and
/// its methods (`from_response`, each entry's `is_` method: its last word).
fn operation_error_items(path: &str, mac: &syn::Macro) -> Option<MacroItems> {
    let entries = entries(mac);
    let (header, variants) = entries.split_first()?;
    let name = idents(header).into_iter().skip_while(|w| w != "enum").nth(1)?;
    let mut variant_names = vec![method("Unhandled")];
    let mut methods = vec![method("from_response")];
    for entry in variants {
        let words = idents(entry);
        variant_names.push(words.first()?.clone());
        methods.push(words.last()?.clone());
    }
    unique(path, &format!("variant of `{name}`:"), &variant_names);
    Some(MacroItems { types: vec![("type", name.clone())], methods: vec![(name, methods)], alias: None })
}

/// `operation!`: the operation's unit struct and the fluent builder alias with its methods
/// (`new`, `send`, and `into_paginator` with a `paginator` entry).
fn operation_items(mac: &syn::Macro) -> Option<MacroItems> {
    let entries: Vec<Vec<syn::Ident>> = entries(mac).iter().map(|entry| idents(entry)).collect();
    let operation = entries.iter().find_map(|words| match words.as_slice() {
        [public, kind, name, ..] if public == "pub" && kind == "struct" => Some(name.clone()),
        _ => None,
    })?;
    let (fluent, builder) = entries.iter().find_map(|words| match words.as_slice() {
        [public, kind, name, path @ ..] if public == "pub" && kind == "type" => Some((name.clone(), path.last()?.clone())),
        _ => None,
    })?;
    let mut methods = vec![method("new"), method("send")];
    if entries.iter().any(|words| words.first().is_some_and(|w| w == "paginator")) {
        methods.push(method("into_paginator"));
    }
    Some(MacroItems {
        types: vec![("type", operation), ("type alias", fluent.clone())],
        methods: vec![(fluent.clone(), methods)],
        alias: Some((fluent, builder)),
    })
}

fn check_items(path: &str, items: &[syn::Item]) {
    let mut scope = Scope::default();
    // Inherent methods by self type, over every impl block and macro of the module: blocks of
    // one type share a namespace (`impl<C> B<C>` and the fluent builder's `impl B<Handle>`).
    let mut inherent: std::collections::BTreeMap<String, Scope> = Default::default();
    let mut aliases = Vec::new();
    for item in items {
        match item {
            syn::Item::Macro(m) => {
                let Some(defined) = macro_items(path, &m.mac) else { continue };
                for (what, ty) in &defined.types {
                    scope.ty(path, what, ty);
                }
                for (ty, methods) in &defined.methods {
                    let methods_of = inherent.entry(ty.to_string()).or_default();
                    for name in methods {
                        methods_of.value(path, &format!("method of `{ty}`:"), name);
                    }
                }
                aliases.extend(defined.alias);
            }
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
                let self_ty = match (&i.trait_, &*i.self_ty) {
                    (None, syn::Type::Path(p)) => p.path.segments.last().map(|s| s.ident.to_string()),
                    _ => None,
                };
                let mut assoc = Scope::default();
                let assoc = match self_ty {
                    Some(ty) => inherent.entry(ty).or_default(),
                    None => &mut assoc,
                };
                for item in &i.items {
                    match item {
                        syn::ImplItem::Macro(m) if is_runtime_macro(&m.mac, "accessors") => {
                            for name in accessor_methods(path, &m.mac) {
                                assoc.value(path, "accessor", &name);
                            }
                        }
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
    // A fluent builder is its input builder attached to a client: its own methods and the
    // input builder's share one namespace.
    for (alias, builder) in aliases {
        let own = inherent.get(&alias.to_string()).map(|s| s.values.clone()).unwrap_or_default();
        if let Some(builder_methods) = inherent.get(&builder.to_string()) {
            let shared: Vec<_> = own.intersection(&builder_methods.values).collect();
            assert!(shared.is_empty(), "{path}: `{builder}` defines `{alias}`'s own methods {shared:?}");
        }
    }
}
