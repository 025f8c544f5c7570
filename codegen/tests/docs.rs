//! The documentation generated crates carry: the ListWorkflowRuns pages pinned as a snapshot,
//! and each member's facts stated alike on its field, its setters and its operation.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use awsgen::emit::docs;
use awsgen::ir::{MemberIr, ShapeKind, StructRole};
use awsgen::{ManifestSettings, Selection, Settings};

fn generate(model: PathBuf) -> awsgen::GeneratedCrate {
    let settings = Settings {
        model,
        selection: Selection::default(),
        crate_name: None,
        manifest: ManifestSettings { runtime_dependency: "{ path = \"../runtime\" }".into(), ..ManifestSettings::default() },
    };
    awsgen::generate(&settings).unwrap_or_else(|e| panic!("{e}"))
}

fn mwaa() -> awsgen::GeneratedCrate {
    generate(Path::new(env!("CARGO_MANIFEST_DIR")).join("../model/mwaa-serverless.json"))
}

fn fixture() -> awsgen::GeneratedCrate {
    generate(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/obstacle-course.json"))
}

/// The text of an item's doc attributes, as rustdoc reads it.
fn doc_text(attrs: &[syn::Attribute]) -> String {
    let lines: Vec<String> = attrs
        .iter()
        .filter_map(|attr| match &attr.meta {
            syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    lines.iter().map(|line| line.strip_prefix(' ').unwrap_or(line)).collect::<Vec<_>>().join("\n")
}

fn name(ident: &impl ToString) -> String {
    ident.to_string().trim_start_matches("r#").to_owned()
}

/// A generated name as [`name`] reads it back (`self` is written `self_`).
fn rust_name(name: &str) -> String {
    awsgen::naming::ident_text(name).trim_start_matches("r#").to_owned()
}

fn add(out: &mut Vec<(String, String)>, key: String, attrs: &[syn::Attribute]) {
    let text = doc_text(attrs);
    if !text.is_empty() {
        out.push((key, text));
    }
}

/// The entries of a runtime entry macro's body: each one's attributes and its tokens up to
/// its `;`.
fn macro_entries(tokens: proc_macro2::TokenStream) -> Vec<(Vec<syn::Attribute>, Vec<proc_macro2::TokenTree>)> {
    let parser = |input: syn::parse::ParseStream| {
        let mut entries = Vec::new();
        while !input.is_empty() {
            let attrs = input.call(syn::Attribute::parse_outer)?;
            let mut tokens = Vec::new();
            while !input.peek(syn::Token![;]) {
                tokens.push(input.parse::<proc_macro2::TokenTree>()?);
            }
            input.parse::<syn::Token![;]>()?;
            entries.push((attrs, tokens));
        }
        Ok(entries)
    };
    syn::parse::Parser::parse2(parser, tokens).unwrap_or_else(|e| panic!("entries do not parse: {e}"))
}

/// The setter and docs of each entry of an `awsgen_runtime::accessors!` body (`docs kind
/// setter(set_, get_) ..;`), whose docs the macro puts on the setter.
fn accessor_entries(tokens: proc_macro2::TokenStream) -> Vec<(syn::Ident, Vec<syn::Attribute>)> {
    macro_entries(tokens)
        .into_iter()
        .map(|(attrs, tokens)| match tokens.get(1) {
            Some(proc_macro2::TokenTree::Ident(setter)) => (setter.clone(), attrs),
            _ => panic!("unexpected accessors! entry: {tokens:?}"),
        })
        .collect()
}

/// The fluent builder type and its docs in an `awsgen_runtime::operation!` body: its entry
/// `pub type Name = ..;`.
fn fluent_builder_entry(tokens: proc_macro2::TokenStream) -> Option<(syn::Ident, Vec<syn::Attribute>)> {
    macro_entries(tokens).into_iter().find_map(|(attrs, tokens)| match tokens.as_slice() {
        [proc_macro2::TokenTree::Ident(public), proc_macro2::TokenTree::Ident(ty), proc_macro2::TokenTree::Ident(name), ..]
            if public == "pub" && ty == "type" =>
        {
            Some((name.clone(), attrs))
        }
        _ => None,
    })
}

/// Every documented item of a file in order, as (`Type.field` or `Type::item`, docs); inline
/// modules included.
fn documented_items(items: &[syn::Item], out: &mut Vec<(String, String)>) {
    for item in items {
        match item {
            syn::Item::Struct(s) => {
                add(out, format!("struct {}", s.ident), &s.attrs);
                for field in &s.fields {
                    if let Some(ident) = &field.ident {
                        add(out, format!("{}.{}", s.ident, name(ident)), &field.attrs);
                    }
                }
            }
            syn::Item::Enum(e) => {
                add(out, format!("enum {}", e.ident), &e.attrs);
                for variant in &e.variants {
                    add(out, format!("{}::{}", e.ident, variant.ident), &variant.attrs);
                }
            }
            syn::Item::Impl(i) => {
                let syn::Type::Path(ty) = i.self_ty.as_ref() else { continue };
                let ty = ty.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
                add(out, format!("impl {ty}"), &i.attrs);
                for member in &i.items {
                    match member {
                        syn::ImplItem::Fn(f) => add(out, format!("{ty}::{}", name(&f.sig.ident)), &f.attrs),
                        syn::ImplItem::Macro(m) if m.mac.path.segments.last().is_some_and(|s| s.ident == "accessors") => {
                            for (setter, attrs) in accessor_entries(m.mac.tokens.clone()) {
                                add(out, format!("{ty}::{}", name(&setter)), &attrs);
                            }
                        }
                        _ => {}
                    }
                }
            }
            syn::Item::Type(t) => add(out, format!("type {}", t.ident), &t.attrs),
            syn::Item::Macro(m) if m.mac.path.segments.last().is_some_and(|s| s.ident == "operation") => {
                if let Some((name, attrs)) = fluent_builder_entry(m.mac.tokens.clone()) {
                    add(out, format!("type {name}"), &attrs);
                }
            }
            syn::Item::Fn(f) => add(out, format!("fn {}", f.sig.ident), &f.attrs),
            syn::Item::Static(s) => add(out, format!("static {}", s.ident), &s.attrs),
            syn::Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    documented_items(items, out);
                }
            }
            _ => {}
        }
    }
}

fn items_of(source: &str) -> Vec<(String, String)> {
    let file = syn::parse_file(source).unwrap_or_else(|e| panic!("generated code does not parse: {e}"));
    let mut out = Vec::new();
    documented_items(&file.items, &mut out);
    out
}

/// Docs by item over every Rust file of the crate; an item name two files share is an error.
fn all_docs(krate: &awsgen::GeneratedCrate) -> BTreeMap<String, String> {
    let mut all = BTreeMap::new();
    for (path, source) in krate.files.iter().filter(|(path, _)| path.ends_with(".rs")) {
        for (key, text) in items_of(source) {
            // Free items (`fn send`, `static OPERATION`) repeat per operation module.
            if key.starts_with("impl ") || key.starts_with("fn ") || key.starts_with("static ") {
                continue;
            }
            assert!(all.insert(key.clone(), text).is_none(), "{key} documented twice (again in {path})");
        }
    }
    all
}

fn outline(items: &[(String, String)]) -> String {
    items.iter().map(|(key, text)| format!("## {key}\n{text}\n")).collect::<Vec<_>>().join("\n")
}

#[test]
fn list_workflow_runs_docs() {
    let krate = mwaa();
    let client = items_of(&krate.files["src/client.rs"]);
    let method: Vec<_> = client.into_iter().filter(|(key, _)| key == "Client::list_workflow_runs").collect();
    assert_eq!(method.len(), 1, "no documented Client::list_workflow_runs");
    let operation = items_of(&krate.files["src/operation/list_workflow_runs.rs"]);
    insta::assert_snapshot!("list_workflow_runs_docs", format!("{}\n{}", outline(&method), outline(&operation)));
}

/// The struct and builder a member belongs to, if they are documented in this crate.
fn struct_members(krate: &awsgen::GeneratedCrate) -> Vec<(String, &StructRole, &MemberIr)> {
    let mut out = Vec::new();
    for shape in &krate.ir.shapes {
        if let ShapeKind::Struct { members, role } = &shape.kind {
            out.extend(members.iter().map(|m| (shape.path.name.clone(), role, m)));
        }
    }
    out
}

/// The docs of a member's primary setter without the list/map note the setter adds.
fn setter_docs(all: &BTreeMap<String, String>, owner: &str, member: &MemberIr) -> String {
    let key = format!("{owner}::{}", rust_name(&member.setter));
    let text = all.get(&key).unwrap_or_else(|| panic!("no docs for {key}"));
    let note = ["\n\nAppends one item;", "\n\nInserts one entry;"].iter().find_map(|note| text.find(note));
    text[..note.unwrap_or(text.len())].to_owned()
}

#[test]
fn each_member_states_its_facts_alike_on_field_setters_and_operation() {
    for krate in [mwaa(), fixture()] {
        let all = all_docs(&krate);
        for (owner, role, member) in struct_members(&krate) {
            let field_key = format!("{owner}.{}", rust_name(&member.field));
            let field = all.get(&field_key).unwrap_or_else(|| panic!("no docs for {field_key}"));
            let facts = docs::member_facts(&krate.ir, member);
            let description = member.docs.as_deref().unwrap_or_default();
            // The description, then each fact once.
            assert!(field.starts_with(description), "{field_key}: {field}");
            assert_eq!(field.contains("**Required.**"), member.required, "{field_key}: {field}");
            if let Some(facts) = &facts {
                assert_eq!(field.matches(facts.as_str()).count(), 1, "{field_key}: {field}");
            }
            assert_eq!(&setter_docs(&all, &format!("{owner}Builder"), member), field, "{owner}Builder::{}", member.setter);
            if *role != StructRole::Input {
                continue;
            }
            // The operation's parameter entry: setter, description's first paragraph, facts.
            let entry = format!("- `{}` (", member.setter);
            let summary = docs::summary(description);
            let expected_end = format!("{summary}{}", facts.as_ref().map(|f| format!(" {f}")).unwrap_or_default());
            let ops: Vec<_> = krate.ir.operations.iter().filter(|op| op.input.name == owner).collect();
            assert!(!ops.is_empty(), "{owner} is the input of no operation");
            for op in ops {
                let item = format!("Client::{}", op.fn_name);
                let text = &all[&item];
                let line = text.lines().find(|l| l.starts_with(&entry)).unwrap_or_else(|| panic!("{item} lacks {entry}: {text}"));
                assert!(line.ends_with(&expected_end), "{item}: {line}\nexpected to end with: {expected_end}");
            }
        }
    }
}

#[test]
fn every_operation_documents_its_errors_and_pagination() {
    for krate in [mwaa(), fixture()] {
        let all = all_docs(&krate);
        for op in &krate.ir.operations {
            let text = &all[&format!("Client::{}", op.fn_name)];
            for error in &op.errors {
                assert!(text.contains(&format!("- [`{}`](crate::error::{})", error.variant, error.path.name)), "{}: {text}", op.name);
            }
            assert_eq!(text.contains("# Pagination"), op.paginator.is_some(), "{}: {text}", op.name);
            // The fluent builder (the input builder attached to a client) links to the method
            // for that reference instead of repeating it.
            let fluent = &all[&format!("type {}FluentBuilder", awsgen::naming::type_name(&op.name))];
            assert!(fluent.contains(&format!("[`Client::{0}`](crate::Client::{0})", op.fn_name)), "{}: {fluent}", op.name);
            assert!(!fluent.contains("# "), "{}: {fluent}", op.name);
            let summary = docs::summary(op.docs.as_deref().unwrap_or_default());
            assert!(fluent.contains(&summary), "{}: {fluent}", op.name);
        }
    }
}

#[test]
fn deprecated_members_carry_the_models_note_on_field_and_setters() {
    let krate = fixture();
    let source = &krate.files["src/types/_kitchen_sink.rs"];
    let note = r#"#[deprecated(note = "Use `String` instead. (since 2024-01-01)")]"#;
    // The field, and the builder's `accessors!` entry of it, which puts it on the three
    // methods (`runtime/tests/accessors.rs`).
    assert_eq!(source.matches(note).count(), 2, "{source}");
    let file = syn::parse_file(source).unwrap_or_else(|e| panic!("generated code does not parse: {e}"));
    let entries = file.items.iter().filter_map(|item| match item {
        syn::Item::Impl(block) => Some(&block.items),
        _ => None,
    });
    let accessors = entries.flatten().filter_map(|item| match item {
        syn::ImplItem::Macro(m) if m.mac.path.segments.last().is_some_and(|s| s.ident == "accessors") => Some(accessor_entries(m.mac.tokens.clone())),
        _ => None,
    });
    let (_, attrs) = accessors.flatten().find(|(setter, _)| setter == "deprecated").expect("an accessors! entry for `deprecated`");
    let notes: Vec<String> = attrs
        .iter()
        .filter(|attr| attr.path().is_ident("deprecated"))
        .map(|attr| attr.parse_args::<syn::MetaNameValue>().map(|nv| quote::ToTokens::to_token_stream(&nv.value).to_string()).unwrap_or_default())
        .collect();
    assert_eq!(notes, [r#""Use `String` instead. (since 2024-01-01)""#], "{source}");
}
