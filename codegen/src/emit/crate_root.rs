//! The crate's files: `Cargo.toml`, `lib.rs`, module files, the endpoint resolver and the
//! endpoint tests. Returns token streams per path; rendering happens in `render`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::template::Items;
use super::{builders, json, lit, shapes};
use crate::ir::{CrateIr, Module, Protocol, ShapeIr, ShapeKind};
use crate::naming::ident;

/// One generated file before rendering.
pub enum FileContent {
    /// Rust source.
    Rust(Items),
    /// The Rust source of a module whose own items are written unqualified at rendering, as in
    /// a hand-written module.
    RustModule {
        /// The module's path (`["crate", "operation", "list_workflow_runs"]`).
        home: Vec<String>,
        /// Its items.
        items: Items,
    },
    /// Any other text, written as is.
    Text(String),
}

/// What the crate's manifest needs beyond the IR.
#[derive(Clone, Debug)]
pub struct ManifestSettings {
    /// The `awsgen-runtime` dependency, as a TOML value (`{ path = "../runtime" }`).
    pub runtime_dependency: String,
    /// Extra TOML appended verbatim (dev-dependencies of hand-written tests, lints...).
    pub extra: String,
}

fn shape_file_module(shape: &ShapeIr) -> String {
    format!("_{}", crate::naming::field_name(&shape.path.name))
}

/// Shape definition, builder and JSON impl.
fn shape_items(krate: &CrateIr, shape: &ShapeIr) -> Items {
    let mut items = shapes::shape(krate, shape);
    if let ShapeKind::Struct { members, role } = &shape.kind {
        items.append(builders::builder(krate, shape, members, role));
    }
    items.append(json::json_impl(shape));
    items
}

/// Builds one file's content. Files are built (and rendered) on several threads: token
/// streams cannot cross threads, so each file is built where it is rendered.
pub type FileBuilder<'a> = Box<dyn Fn() -> FileContent + Send + Sync + 'a>;

fn rust<'a, T: Into<Items>>(build: impl Fn() -> T + Send + Sync + 'a) -> FileBuilder<'a> {
    Box::new(move || FileContent::Rust(build().into()))
}

/// Every file of the crate, by path relative to the crate root.
pub fn files<'a>(krate: &'a CrateIr, manifest: &'a ManifestSettings) -> Vec<(String, FileBuilder<'a>)> {
    let mut files: Vec<(String, FileBuilder<'a>)> = Vec::new();
    files.push(("Cargo.toml".to_owned(), Box::new(move || FileContent::Text(cargo_toml(krate, manifest)))));
    files.push(("src/lib.rs".to_owned(), rust(move || lib_rs(krate))));
    files.push(("src/client.rs".to_owned(), rust(move || super::client::client(krate))));

    // crate::types: one file per type, re-exported; builders in `types::builders`.
    let types: Vec<&'a ShapeIr> = krate.shapes.iter().filter(|s| s.path.module == Module::Types).collect();
    let types_for_mod = types.clone();
    files.push((
        "src/types/mod.rs".to_owned(),
        rust(move || {
            let mods = types_for_mod.iter().map(|s| {
                let module = format_ident!("{}", shape_file_module(s));
                let name = format_ident!("{}", s.path.name);
                quote! { mod #module; pub use #module::#name; }
            });
            let builder_uses = types_for_mod.iter().filter(|s| matches!(s.kind, ShapeKind::Struct { .. })).map(|s| {
                let module = format_ident!("{}", shape_file_module(s));
                let builder = format_ident!("{}Builder", s.path.name);
                quote! { pub use super::#module::#builder; }
            });
            quote! {
                //! Data types of the service: structures, unions and enums used by operations.
                #(#mods)*
                /// Builders of the structures in this module.
                pub mod builders {
                    #(#builder_uses)*
                }
            }
        }),
    ));
    for shape in types {
        files.push((
            format!("src/types/{}.rs", shape_file_module(shape)),
            rust(move || {
                let uses_json = matches!(shape.kind, ShapeKind::Struct { .. } | ShapeKind::Union(_));
                let mut items = Items::from(if uses_json { quote!(use awsgen_runtime::json;) } else { quote!() });
                items.append(shape_items(krate, shape));
                items
            }),
        ));
    }

    // crate::error: modeled error structures and the service-wide `Error`.
    files.push((
        "src/error.rs".to_owned(),
        rust(move || {
            let errors: Vec<&ShapeIr> = krate.shapes.iter().filter(|s| s.path.module == Module::Error).collect();
            let mut items = Items::from(quote! {
                //! Errors: the modeled error structures of the service and [`Error`], which every
                //! operation's error converts into.
                use awsgen_runtime::json;
                pub use awsgen_runtime::error::UnhandledError;
            });
            items.append(super::errors::service_error(krate));
            for error in &errors {
                items.append(shapes::shape(krate, error));
                items.append(json::json_impl(error));
            }
            let error_builders = errors.iter().filter_map(|s| match &s.kind {
                // Inside an inline module: as tokens.
                ShapeKind::Struct { members, role } => Some(builders::builder(krate, s, members, role).into_tokens()),
                _ => None,
            });
            items.push_tokens(quote! {
                /// Builders of the error structures, e.g. for stubbed responses in tests.
                pub mod builders {
                    #(#error_builders)*
                }
            });
            items
        }),
    ));

    // crate::operation::<op>.
    files.push((
        "src/operation/mod.rs".to_owned(),
        rust(move || {
            let op_mods = krate.operations.iter().map(|op| {
                let module = ident(&op.fn_name);
                let doc = format!(" The `{}` operation: input, output, error and fluent builder.", op.name);
                quote! { #[doc = #doc] pub mod #module; }
            });
            quote! {
                //! One module per operation.
                #(#op_mods)*
            }
        }),
    ));
    for op in &krate.operations {
        files.push((
            format!("src/operation/{}.rs", op.fn_name),
            Box::new(move || {
                let module = Module::Operation(op.fn_name.clone());
                let protocol = super::protocol::import(krate);
                let mut items = Items::from(quote!(use awsgen_runtime::json; #protocol));
                for shape in krate.shapes.iter().filter(|s| s.path.module == module) {
                    items.append(shape_items(krate, shape));
                }
                items.append(super::errors::operation_error(krate, op));
                items.append(super::operations::operation(krate, op));
                let home = ["crate", "operation", &op.fn_name].map(str::to_owned).to_vec();
                FileContent::RustModule { home, items }
            }),
        ));
    }

    if let Some(rules) = &krate.service.endpoint_rules {
        files.push(("src/endpoint.rs".to_owned(), rust(move || super::endpoint::endpoint_file(rules))));
    }
    if !krate.service.endpoint_tests.is_empty() {
        files.push(("src/endpoint_tests.rs".to_owned(), rust(move || endpoint_tests(krate))));
    }
    if super::protocol_tests::has_cases(krate) {
        files.push(("src/protocol_tests.rs".to_owned(), rust(move || super::protocol_tests::protocol_tests(krate))));
    }
    files
}

fn cargo_toml(krate: &CrateIr, manifest: &ManifestSettings) -> String {
    let description = format!("Client for {}, generated by awsgen from its Smithy model.", krate.service.title);
    format!(
        r#"# @generated by `cargo xtask codegen` from the service's Smithy model; do not edit.
[package]
name = "{name}"
version = "0.1.0"
edition = "2021"
description = "{description}"
license = "Apache-2.0"

[package.metadata.awsgen]
service = "{service}"
api-version = "{version}"
protocol = "{protocol}"

[features]
default = ["rustls"]
## HTTPS on hyper + rustls with the default crypto provider (`rustls-aws-lc`).
rustls = ["awsgen-runtime/rustls"]
## rustls with aws-lc-rs: post-quantum hybrid key exchange (X25519MLKEM768) first.
rustls-aws-lc = ["awsgen-runtime/rustls-aws-lc"]
## rustls with ring: classical key exchange only, faster to build (with `default-features = false`).
rustls-ring = ["awsgen-runtime/rustls-ring"]
## Stub transports for tests without a network.
test-util = ["awsgen-runtime/test-util"]
## `Config::from_sdk_config` for aws-config users.
aws-config = ["awsgen-runtime/aws-config"]

[dependencies]
awsgen-runtime = {runtime}
{floats}{extra}"#,
        name = krate.crate_name,
        service = krate.service.shape_name,
        version = krate.service.version,
        protocol = match krate.service.protocol {
            Protocol::AwsJson1_0 => "awsJson1_0",
            Protocol::AwsJson1_1 => "awsJson1_1",
        },
        runtime = manifest.runtime_dependency,
        // Cargo unifies the feature into the runtime's serde_json; models without floating
        // point numbers keep the smaller default parser (integers parse exactly either way).
        floats = if krate.reads_floats() {
            "# Floats, doubles and documents parse to the nearest f64, as other AWS SDKs read them.\nserde_json = { version = \"1\", features = [\"float_roundtrip\"] }\n"
        } else {
            ""
        },
        extra = manifest.extra,
    )
}

fn lib_rs(krate: &CrateIr) -> TokenStream {
    let service = &krate.service;
    let title = &service.title;
    let intro = format!(" A client for **{title}** (API version {}), generated from its Smithy model by awsgen.", service.version);
    let service_docs = service.docs.as_deref().unwrap_or("").lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    let example_op = krate
        .operations
        .iter()
        .find(|op| op.paginator.is_some())
        .or_else(|| krate.operations.first())
        .map(|op| op.fn_name.clone())
        .unwrap_or_default();
    let usage = format!(
        " ```no_run\n # async fn example() -> Result<(), Box<dyn std::error::Error>> {{\n // Region and credentials from the environment and the shared AWS config files.\n let client = {krate}::Client::new({krate}::Config::from_env());\n let request = client.{example_op}();\n # let _ = request;\n # Ok(())\n # }}\n ```",
        krate = krate.crate_name.replace('-', "_"),
    );
    let usage_lines = usage.lines().map(|l| l.to_owned());
    let skipped_docs: Vec<String> = if krate.skipped.is_empty() && service.endpoint_rules_unsupported.is_none() {
        Vec::new()
    } else {
        let mut lines = vec![String::new(), " # Not supported yet".to_owned(), String::new()];
        lines.extend(krate.skipped.iter().map(|s| format!(" - `{}`: {}.", s.name, s.reason)));
        lines.extend(service.endpoint_rules_unsupported.iter().map(|reason| {
            format!(" - Endpoint resolution ({reason}): set an endpoint URL in the `Config`.")
        }));
        lines
    };
    let protocol = match service.protocol {
        Protocol::AwsJson1_0 => quote!(awsgen_runtime::spec::Protocol::AwsJson1_0),
        Protocol::AwsJson1_1 => quote!(awsgen_runtime::spec::Protocol::AwsJson1_1),
    };
    let (target_prefix, signing_name, sdk_id, version) =
        (lit(&service.shape_name), lit(&service.signing_name), lit(&service.sdk_id), lit(&service.version));
    let (endpoint_module, resolver, builtins) = if service.endpoint_rules.is_some() {
        (quote!(mod endpoint;), quote!(Some(endpoint::resolve)), quote!(endpoint::BUILTINS))
    } else {
        (quote!(), quote!(None), quote!(&[]))
    };
    let endpoint_tests = if service.endpoint_tests.is_empty() {
        quote!()
    } else {
        quote! {
            #[cfg(test)]
            mod endpoint_tests;
        }
    };
    let protocol_tests = if super::protocol_tests::has_cases(krate) {
        quote! {
            #[cfg(test)]
            mod protocol_tests;
        }
    } else {
        quote!()
    };
    quote! {
        #![doc = #intro]
        #![doc = ""]
        #( #![doc = #service_docs] )*
        #![doc = ""]
        #![doc = " # Usage"]
        #![doc = ""]
        #( #![doc = #usage_lines] )*
        #( #![doc = #skipped_docs] )*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        mod client;
        #endpoint_module
        pub mod error;
        pub mod operation;
        pub mod types;

        pub use awsgen_runtime::client::Config;
        pub use awsgen_runtime::{DateTime, Document, SdkError};
        pub use client::Client;
        pub use error::Error;

        /// What the runtime needs to know about this service.
        pub(crate) static SERVICE: awsgen_runtime::spec::ServiceSpec = awsgen_runtime::spec::ServiceSpec {
            target_prefix: #target_prefix,
            protocol: #protocol,
            signing_name: #signing_name,
            sdk_id: #sdk_id,
            api_version: #version,
            resolve_endpoint: #resolver,
            endpoint_builtins: #builtins,
        };

        #endpoint_tests
        #protocol_tests
    }
}

fn endpoint_tests(krate: &CrateIr) -> TokenStream {
    let cases = krate.service.endpoint_tests.iter().enumerate().map(|(i, case)| {
        let name = format_ident!("case_{}", i + 1);
        let doc = if case.documentation.is_empty() { String::new() } else { format!(" {}", case.documentation) };
        let params = case.params.to_string();
        let expect = case.expect.to_string();
        quote! {
            #[doc = #doc]
            #[test]
            fn #name() {
                awsgen_runtime::endpoint::check_resolver_case(crate::endpoint::resolve, #params, #expect)
                    .unwrap_or_else(|failure| panic!("{failure}"));
            }
        }
    });
    quote! {
        //! The model's `smithy.rules#endpointTests`, one test per case.
        #(#cases)*
    }
}
