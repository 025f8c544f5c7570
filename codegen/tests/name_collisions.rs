//! Member names that would give two methods of one generated impl block the same name (a
//! compile error in the generated crate). Found by `fuzz/` (`model_mutation`), whose checks
//! parse every generated file and look for names defined twice in one scope; the same check
//! runs here on every file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use awsgen::model::Model;
use awsgen::{ManifestSettings, Selection, Settings};

fn generate(json: &[u8]) -> awsgen::GeneratedCrate {
    let path = PathBuf::from("collisions/model.json");
    let settings = Settings {
        model: path.clone(),
        selection: Selection::default(),
        crate_name: None,
        manifest: ManifestSettings {
            runtime_dependency: "{ path = \"../runtime\" }".into(),
            ..ManifestSettings::default()
        },
    };
    let model = Model::from_slice(&path, json).unwrap_or_else(|e| panic!("{e}"));
    awsgen::generate_from_model(model, &settings).unwrap_or_else(|e| panic!("{e}"))
}

/// The methods of every impl block of every generated file, asserting that none is defined
/// twice in one block. Returns `(file, self type, method)` for the callers' own checks.
fn methods(krate: &awsgen::GeneratedCrate) -> BTreeSet<(String, String, String)> {
    let mut all = BTreeSet::new();
    for (path, text) in krate.files.iter().filter(|(p, _)| p.ends_with(".rs")) {
        let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{path}: {e}"));
        // Items of the file and of its inline modules (`error::builders`).
        let mut items: Vec<&syn::Item> = file.items.iter().collect();
        let mut i = 0;
        while i < items.len() {
            if let syn::Item::Mod(syn::ItemMod {
                content: Some((_, inner)),
                ..
            }) = items[i]
            {
                items.extend(inner);
            }
            i += 1;
        }
        for item in items {
            if let syn::Item::Macro(m) = item {
                // The runtime's `operation_error!`, `operation_output!`, `operation!`, `string_enum!`,
                // `int_enum!` and `builder_fn!`: the type each defines methods of, and those methods.
                if let Some((self_ty, names)) = operation_error_methods(&m.mac)
                    .or_else(|| operation_output_methods(&m.mac))
                    .or_else(|| operation_methods(&m.mac))
                    .or_else(|| enum_methods(&m.mac))
                    .or_else(|| builder_fn_method(&m.mac))
                {
                    for name in names {
                        assert!(all.insert((path.clone(), self_ty.clone(), name.clone())), "{path}: `{self_ty}::{name}` is defined twice");
                    }
                }
                continue;
            }
            let syn::Item::Impl(block) = item else {
                continue;
            };
            let self_ty = match &*block.self_ty {
                syn::Type::Path(p) => p.path.segments.last().unwrap().ident.to_string(),
                _ => continue,
            };
            let mut seen = BTreeSet::new();
            for item in &block.items {
                let names = match item {
                    syn::ImplItem::Fn(f) => vec![f.sig.ident.to_string()],
                    syn::ImplItem::Macro(m) if is_runtime_macro(&m.mac, "accessors") => accessor_methods(&m.mac),
                    _ => Vec::new(),
                };
                for name in names {
                    assert!(
                        seen.insert(name.clone()),
                        "{path}: `{self_ty}::{name}` is defined twice"
                    );
                    all.insert((path.clone(), self_ty.clone(), name));
                }
            }
        }
    }
    all
}

fn is_runtime_macro(mac: &syn::Macro, name: &str) -> bool {
    let segments: Vec<String> = mac.path.segments.iter().map(|s| s.ident.to_string()).collect();
    segments == ["awsgen_runtime", name]
}

/// The entries of a runtime entry macro: the tokens of each, up to its `;`, attributes left out.
fn entries(mac: &syn::Macro) -> Vec<Vec<proc_macro2::TokenTree>> {
    let mut out = vec![Vec::new()];
    let mut tokens = mac.tokens.clone().into_iter().peekable();
    while let Some(token) = tokens.next() {
        match &token {
            proc_macro2::TokenTree::Punct(p) if p.as_char() == '#' && out.last().unwrap().is_empty() => {
                tokens.next();
            }
            proc_macro2::TokenTree::Punct(p) if p.as_char() == ';' => out.push(Vec::new()),
            _ => out.last_mut().unwrap().push(token),
        }
    }
    out.retain(|entry| !entry.is_empty());
    out
}

fn idents(tokens: &[proc_macro2::TokenTree]) -> Vec<String> {
    tokens
        .iter()
        .filter_map(|t| match t {
            proc_macro2::TokenTree::Ident(i) => Some(i.to_string()),
            _ => None,
        })
        .collect()
}

/// The methods `awsgen_runtime::accessors!` defines: per entry (`kind setter(set_, get_) ..`)
/// the setter, `set_` and `get_`.
fn accessor_methods(mac: &syn::Macro) -> Vec<String> {
    let mut names = Vec::new();
    for entry in entries(mac) {
        let [_kind, proc_macro2::TokenTree::Ident(setter), proc_macro2::TokenTree::Group(others), ..] = entry.as_slice() else {
            panic!("unexpected accessors! entry: {entry:?}");
        };
        names.push(setter.to_string());
        names.extend(idents(&others.stream().into_iter().collect::<Vec<_>>()));
    }
    names
}

/// The enum `awsgen_runtime::operation_error!` defines and its methods: the trait methods,
/// `from_response`, and each entry's `is_` method (its last word).
fn operation_error_methods(mac: &syn::Macro) -> Option<(String, Vec<String>)> {
    if !is_runtime_macro(mac, "operation_error") {
        return None;
    }
    let entries = entries(mac);
    let (header, variants) = entries.split_first()?;
    let header = idents(header);
    let name = header.iter().skip_while(|w| *w != "enum").nth(1)?.clone();
    let mut methods: Vec<String> = ["variant", "fmt", "source", "from_response"].map(String::from).to_vec();
    methods.extend(variants.iter().filter_map(|entry| idents(entry).last().cloned()));
    Some((name, methods))
}

/// The output type `awsgen_runtime::operation_output!(Output)` names and the methods it
/// defines.
fn operation_output_methods(mac: &syn::Macro) -> Option<(String, Vec<String>)> {
    if !is_runtime_macro(mac, "operation_output") {
        return None;
    }
    let output: syn::Ident = syn::parse2(mac.tokens.clone()).ok()?;
    Some((output.to_string(), vec!["request_id".to_owned(), "set_request_id".to_owned()]))
}

/// The enum `awsgen_runtime::string_enum!` or `int_enum!` defines and its methods,
/// asserting that no two of its variants (with the macro's `Unknown`) share a name.
fn enum_methods(mac: &syn::Macro) -> Option<(String, Vec<String>)> {
    let as_value = if is_runtime_macro(mac, "string_enum") {
        "as_str"
    } else if is_runtime_macro(mac, "int_enum") {
        "as_i32"
    } else {
        return None;
    };
    let item: syn::ItemEnum = syn::parse2(mac.tokens.clone()).unwrap_or_else(|e| panic!("enum macro body: {e}"));
    let mut variants = BTreeSet::from(["Unknown".to_owned()]);
    for variant in &item.variants {
        assert!(variants.insert(variant.ident.to_string()), "`{}::{}` is defined twice", item.ident, variant.ident);
    }
    Some((item.ident.to_string(), vec![as_value.to_owned(), "values".to_owned()]))
}

/// The structure `awsgen_runtime::builder_fn!(Name => Builder)` gives `builder()`.
fn builder_fn_method(mac: &syn::Macro) -> Option<(String, Vec<String>)> {
    if !is_runtime_macro(mac, "builder_fn") {
        return None;
    }
    let name = idents(&mac.tokens.clone().into_iter().collect::<Vec<_>>()).into_iter().next()?;
    Some((name, vec!["builder".to_owned()]))
}

/// The fluent builder `awsgen_runtime::operation!` defines (its `pub type` entry) and its
/// methods: `new`, `send`, and `into_paginator` with a `paginator` entry.
fn operation_methods(mac: &syn::Macro) -> Option<(String, Vec<String>)> {
    if !is_runtime_macro(mac, "operation") {
        return None;
    }
    let entries: Vec<Vec<String>> = entries(mac).iter().map(|entry| idents(entry)).collect();
    let fluent = entries.iter().find_map(|words| match words.as_slice() {
        [public, ty, name, ..] if public == "pub" && ty == "type" => Some(name.clone()),
        _ => None,
    })?;
    let mut methods = vec!["new".to_owned(), "send".to_owned()];
    if entries.iter().any(|words| words.first().is_some_and(|w| w == "paginator")) {
        methods.push("into_paginator".to_owned());
    }
    Some((fluent, methods))
}

#[track_caller]
fn assert_has(methods: &BTreeSet<(String, String, String)>, self_ty: &str, names: &[&str]) {
    for name in names {
        assert!(
            methods.iter().any(|(_, ty, m)| ty == self_ty && m == name),
            "`{self_ty}::{name}` missing; `{self_ty}` has {:?}",
            methods
                .iter()
                .filter(|(_, ty, _)| ty == self_ty)
                .map(|(_, _, m)| m)
                .collect::<Vec<_>>()
        );
    }
}

/// The fuzzer's input, decoded (`fuzz/` printed it with `AWSGEN_FUZZ_DUMP`): the shipped
/// model with a member `send` (targeting `GetWorkflowRequest`) added to
/// `ListTaskInstancesRequest`. Its fluent-builder setter was `send`, the same name as the
/// method that sends the request.
#[test]
fn a_member_named_send_on_the_shipped_model() {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../model/mwaa-serverless.json");
    let mut model: serde_json::Value =
        serde_json::from_slice(&std::fs::read(shipped).unwrap()).unwrap();
    model["shapes"]["com.amazonaws.mwaaserverless#ListTaskInstancesRequest"]["members"]["send"] =
        serde_json::json!({"target": "com.amazonaws.mwaaserverless#GetWorkflowRequest"});
    let krate = generate(&serde_json::to_vec(&model).unwrap());
    let methods = methods(&krate);
    assert_has(&methods, "ListTaskInstancesFluentBuilder", &["new", "send", "into_paginator"]);
    assert_has(
        &methods,
        "ListTaskInstancesInputBuilder",
        &["build", "send_value", "set_send_value", "get_send_value"],
    );
    assert_fluent_methods_apart(&methods, "ListTaskInstancesFluentBuilder", "ListTaskInstancesInputBuilder");
}

/// A fluent builder is its input builder attached to a client: its own methods (in an impl
/// of that instantiation) and the input builder's (in `impl<C>`) share one namespace, so they
/// must differ, and it has no others.
#[track_caller]
fn assert_fluent_methods_apart(methods: &BTreeSet<(String, String, String)>, fluent: &str, input: &str) {
    let of = |ty: &str| -> BTreeSet<&str> {
        methods.iter().filter(|(_, t, _)| t == ty).map(|(_, _, m)| m.as_str()).collect()
    };
    let (own, input_methods) = (of(fluent), of(input));
    let allowed = ["new", "send", "into_paginator"];
    assert!(own.iter().all(|m| allowed.contains(m)), "`{fluent}` has methods beyond {allowed:?}: {own:?}");
    let shared: Vec<_> = own.intersection(&input_methods).collect();
    assert!(shared.is_empty(), "`{input}` defines `{fluent}`'s own methods: {shared:?}");
}

#[test]
fn members_named_like_builder_methods_or_each_others_setters() {
    let member = |name: &str| format!(r#""{name}": {{"target": "smithy.api#String"}}"#);
    let members = |names: &[&str]| {
        names
            .iter()
            .map(|n| member(n))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let json = format!(
        r#"{{"smithy": "2.0", "shapes": {{
            "ex#Svc": {{"type": "service", "version": "1", "operations": [{{"target": "ex#Op"}}],
                        "traits": {{"aws.protocols#awsJson1_0": {{}}}}}},
            "ex#Op": {{"type": "operation", "input": {{"target": "ex#OpInput"}},
                       "output": {{"target": "ex#OpOutput"}}, "errors": [{{"target": "ex#Oops"}}],
                       "traits": {{"smithy.api#paginated": {{"inputToken": "NextToken",
                                   "outputToken": "NextToken", "items": "Items"}}}}}},
            "ex#OpInput": {{"type": "structure", "members": {{{}}}}},
            "ex#OpOutput": {{"type": "structure", "members": {{{},
                             "Items": {{"target": "ex#Items"}}}}}},
            "ex#Items": {{"type": "list", "member": {{"target": "smithy.api#String"}}}},
            "ex#Oops": {{"type": "structure", "traits": {{"smithy.api#error": "client"}},
                         "members": {{{}}}}}
        }}}}"#,
        members(&[
            "NextToken",
            "Send",
            "New",
            "AsInput",
            "IntoPaginator",
            "Build",
            "BuildValue",
            "Foo",
            "SetFoo",
            "GetFoo",
        ]),
        members(&["NextToken", "SetItems", "Build"]),
        members(&["Message", "ErrorMetadata"]),
    );
    let krate = generate(json.as_bytes());
    let methods = methods(&krate);
    // The fluent builder keeps its own methods; the members' setters move aside.
    assert_has(&methods, "OpFluentBuilder", &["new", "send", "into_paginator"]);
    assert_has(
        &methods,
        "OpInputBuilder",
        &[
            "build",
            "send_value",
            "new_value",
            "as_input_value",
            "into_paginator_value",
            "build_value",
            "build_value_value",
            "foo",
            "set_foo",
            "set_foo_value",
            "get_foo",
            "get_foo_value",
            "set_set_foo_value",
            "get_get_foo_value",
        ],
    );
    assert_fluent_methods_apart(&methods, "OpFluentBuilder", "OpInputBuilder");
    // `SetItems` would own `set_items`, the setter of `Items`, which comes later.
    assert_has(
        &methods,
        "OpOutputBuilder",
        &[
            "build",
            "build_value",
            "set_items",
            "items_value",
            "set_items_value",
        ],
    );
    assert_has(&methods, "OpOutput", &["builder", "request_id", "set_request_id"]);
    assert_has(
        &methods,
        "OopsBuilder",
        &["set_error_metadata", "error_metadata_value", "message"],
    );
}

/// Found with the fuzz targets' checks on hand-written models (the same class as above, in
/// other impl blocks): an error shape named `Unhandled` became a second `Unhandled` variant
/// of the error enums, one named `Retryable` (or `Throttling`) an `is_retryable`
/// method, and an operation named `Config` (or `New`) a second `Client::config`.
#[test]
fn error_and_operation_names_like_generated_items() {
    let json = r#"{"smithy": "2.0", "shapes": {
        "ex#Svc": {"type": "service", "version": "1",
                   "operations": [{"target": "ex#Config"}, {"target": "ex#New"}],
                   "traits": {"aws.protocols#awsJson1_0": {}}},
        "ex#Config": {"type": "operation", "input": {"target": "ex#OpInput"},
                      "errors": [{"target": "ex#Unhandled"}, {"target": "ex#Retryable"},
                                 {"target": "ex#Throttling"}, {"target": "ex#Sdk"}]},
        "ex#New": {"type": "operation", "errors": [{"target": "ex#Unhandled"}]},
        "ex#OpInput": {"type": "structure", "members": {}},
        "ex#Unhandled": {"type": "structure", "traits": {"smithy.api#error": "client"},
                         "members": {"Message": {"target": "smithy.api#String"}}},
        "ex#Retryable": {"type": "structure", "traits": {"smithy.api#error": "server"}},
        "ex#Throttling": {"type": "structure", "traits": {"smithy.api#error": "client"}},
        "ex#Sdk": {"type": "structure", "traits": {"smithy.api#error": "client"}}
    }}"#;
    let krate = generate(json.as_bytes());
    let methods = methods(&krate);
    assert_has(&methods, "Client", &["new", "config", "config_2", "new_2"]);
    assert_has(
        &methods,
        "ConfigShapeError",
        &[
            "variant",
            "is_unhandled_shape",
            "is_retryable_2",
            "is_throttling_2",
        ],
    );
    // Variants: the error's type name (`Unhandled` and `Sdk` are reserved, as `Result` is),
    // then `Unhandled` for errors the model does not list and `Sdk` for other failures.
    let error_rs = syn::parse_file(&krate.files["src/error.rs"]).unwrap();
    let variants: Vec<String> = error_rs
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Enum(e) if e.ident == "Error" => {
                Some(e.variants.iter().map(|v| v.ident.to_string()).collect())
            }
            _ => None,
        })
        .unwrap();
    assert_eq!(
        variants,
        ["Retryable", "SdkShape", "Throttling", "UnhandledShape", "Unhandled", "Sdk"]
    );
}

/// Enum values whose variant names would clash: with each other once cased, or with the
/// `Unknown` variant that keeps values this client does not know.
#[test]
fn enum_values_named_like_each_other_or_unknown() {
    let json = r#"{"smithy": "2.0", "shapes": {
        "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Op"}],
                   "traits": {"aws.protocols#awsJson1_0": {}}},
        "ex#Op": {"type": "operation", "input": {"target": "ex#OpInput"}},
        "ex#OpInput": {"type": "structure", "members": {"Kind": {"target": "ex#Kind"}}},
        "ex#Kind": {"type": "string", "traits": {"smithy.api#enum": [
            {"value": "UNKNOWN"}, {"value": "unknown"}, {"value": "Unknown"},
            {"value": "a-b"}, {"value": "a_b"}, {"value": "A B"}
        ]}}
    }}"#;
    let krate = generate(json.as_bytes());
    assert_has(&methods(&krate), "Kind", &["as_str", "values"]);
}
