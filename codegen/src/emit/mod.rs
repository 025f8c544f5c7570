//! Stage 4, emit: pure functions from the IR to token streams, one module per concern.
//!
//! - [`shapes`]: structures, unions, enums, error structs and their `Debug`;
//! - [`builders`]: builders with validation of `@required`, `@length` and `@range`;
//! - [`json`]: JSON serializers (`SerializeShape`) and deserializers (`DeserializeShape`);
//! - [`errors`]: one error enum per operation and the service-wide `Error`;
//! - [`operations`]: operation modules (spec, fluent builder, send, request value);
//! - [`paginators`]: page and item streams for `@paginated` operations;
//! - [`client`]: the `Client`;
//! - [`crate_root`]: `lib.rs`, module files, `Cargo.toml`, endpoint tests;
//! - [`endpoint`]: the endpoint rule set compiled to a `resolve` function;
//! - [`docs`](mod@docs): documentation text beyond the model's prose (member facts, operation reference);
//! - [`protocol_tests`]: the model's `smithy.test` compliance cases as tests;
//! - [`template`]: the most repeated items as syntax trees from templates, and [`Items`](template::Items),
//!   a file's items as tokens and trees.

pub mod builders;
pub mod client;
pub mod crate_root;
pub mod docs;
pub mod endpoint;
pub mod errors;
pub mod json;
pub mod operations;
pub mod paginators;
pub mod protocol;
pub mod protocol_tests;
pub mod shapes;
pub mod template;
pub mod waiters;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use crate::index::Simple;
use crate::ir::{Module, NamedKind, TypeIr, TypePath};
use crate::model::traits::TimestampFormat;
use crate::naming::ident;

/// `#[doc = "..."]` lines for optional Markdown documentation.
pub fn docs(text: Option<&str>) -> TokenStream {
    match text {
        Some(text) => doc_lines(text),
        None => TokenStream::new(),
    }
}

/// `#[doc = "..."]` lines for Markdown text (each line gets a leading space, as `///`).
pub fn doc_lines(text: &str) -> TokenStream {
    let lines = doc_line_literals(text);
    quote! { #( #[doc = #lines] )* }
}

/// [`docs`](fn@docs) as attribute trees, for items built from templates.
pub fn doc_attributes(text: Option<&str>) -> Vec<syn::Attribute> {
    text.map_or_else(Vec::new, |text| doc_line_literals(text).map(template::doc_attribute).collect())
}

fn doc_line_literals(text: &str) -> impl Iterator<Item = Literal> + '_ {
    // A bare carriage return ends a line too: rustc refuses one inside a doc comment.
    text.lines().flat_map(|line| line.split('\r')).map(|line| if line.is_empty() { Literal::string("") } else { doc_literal(&format!(" {line}")) })
}

/// A string literal for documentation text, raw (`r"..."`) where it can be: the printer
/// reads a raw literal's value as is, where an escaped one is unescaped character by
/// character, and documentation is most of the text that passes through it.
pub fn doc_literal(text: &str) -> Literal {
    // Raw strings cannot hold a carriage return; other control characters read back
    // differently from how `Literal::string` escapes them, so those take the escaped form.
    if text.chars().any(|c| c.is_control() && c != '\t') {
        return Literal::string(text);
    }
    // Most lines hold no quote and need no `#` fence.
    let mut hashes = 0;
    if text.contains('"') {
        while text.contains(&format!("\"{}", "#".repeat(hashes))) && hashes < 8 {
            hashes += 1;
        }
    }
    let fence = "#".repeat(hashes);
    format!("r{fence}\"{text}\"{fence}").parse().unwrap_or_else(|_| Literal::string(text))
}

/// A path (`a::b::C<args...>`), built as a syntax tree: templates take types as trees, and
/// quoting a tree gives the same tokens as writing the path in `quote!`.
fn path(segments: impl IntoIterator<Item = Ident>, args: Vec<syn::Type>) -> syn::Path {
    let mut path = syn::Path { leading_colon: None, segments: segments.into_iter().map(syn::PathSegment::from).collect() };
    if let (Some(last), false) = (path.segments.last_mut(), args.is_empty()) {
        last.arguments = syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: Default::default(),
            args: args.into_iter().map(syn::GenericArgument::Type).collect(),
            gt_token: Default::default(),
        });
    }
    path
}

/// The type a path names.
fn path_type(path: syn::Path) -> syn::Type {
    syn::Type::Path(syn::TypePath { attrs: Vec::new(), qself: None, path })
}

/// A path type from segment names.
pub fn named_type(segments: &[&str], args: Vec<syn::Type>) -> syn::Type {
    path_type(path(segments.iter().map(|s| Ident::new(s, Span::call_site())), args))
}

/// `Option<ty>`.
pub fn option_type(ty: syn::Type) -> syn::Type {
    named_type(&["Option"], vec![ty])
}

/// The path of a generated type (`suffix` appended to its name), from the crate root;
/// `builders` is the submodule builders of types and errors live in. (Rendering writes paths
/// into a file's own module unqualified.)
fn generated_path(path: &TypePath, suffix: &str, builders: bool) -> syn::Path {
    let name = format_ident!("{}{}", path.name, suffix);
    let krate = || Ident::new("crate", Span::call_site());
    let segment = |s: &str| Ident::new(s, Span::call_site());
    let module = match &path.module {
        Module::Types => vec![krate(), segment("types")],
        Module::Error => vec![krate(), segment("error")],
        Module::Operation(op) => return self::path([krate(), segment("operation"), ident(op), name], Vec::new()),
    };
    let builders = builders.then(|| segment("builders"));
    self::path(module.into_iter().chain(builders).chain([name]), Vec::new())
}

/// The path of a generated type.
pub fn type_path(path: &TypePath) -> syn::Type {
    path_type(generated_path(path, "", false))
}

/// [`type_path`] as a path, for expressions (`Type { .. }`).
pub fn value_path(path: &TypePath) -> syn::Path {
    generated_path(path, "", false)
}

/// The path of a generated type's builder.
pub fn builder_path(path: &TypePath) -> syn::Type {
    path_type(generated_path(path, "Builder", true))
}

/// The Rust type of a value.
pub fn rust_type(ty: &TypeIr) -> syn::Type {
    let simple = |name: &str| named_type(&[name], Vec::new());
    match ty {
        TypeIr::Simple(simple_type) => match simple_type {
            Simple::Blob => named_type(&["Vec"], vec![simple("u8")]),
            Simple::Boolean => simple("bool"),
            Simple::String => simple("String"),
            Simple::Byte => simple("i8"),
            Simple::Short => simple("i16"),
            Simple::Integer => simple("i32"),
            Simple::Long => simple("i64"),
            Simple::Float => simple("f32"),
            Simple::Double | Simple::BigDecimal => simple("f64"),
            Simple::BigInteger => simple("i128"),
            Simple::Timestamp => named_type(&["awsgen_runtime", "DateTime"], Vec::new()),
            Simple::Document => named_type(&["awsgen_runtime", "Document"], Vec::new()),
        },
        TypeIr::Timestamp(_) => named_type(&["awsgen_runtime", "DateTime"], Vec::new()),
        TypeIr::List { member, sparse } => named_type(&["Vec"], vec![maybe_sparse(rust_type(member), *sparse)]),
        TypeIr::Map { key, value, sparse } => {
            named_type(&["std", "collections", "BTreeMap"], vec![rust_type(key), maybe_sparse(rust_type(value), *sparse)])
        }
        TypeIr::Named(path, _) => type_path(path),
        TypeIr::Stream { .. } => named_type(&["awsgen_runtime", "ByteStream"], Vec::new()),
    }
}

/// `Option<ty>` for the values of sparse lists and maps.
fn maybe_sparse(ty: syn::Type, sparse: bool) -> syn::Type {
    if sparse {
        option_type(ty)
    } else {
        ty
    }
}

/// `#[allow(deprecated)]` for an item that touches the fields of `@deprecated` members
/// (reading its own deprecated field warns even inside the crate). The deprecation stays
/// visible to users on the fields and setters; only the crate's own plumbing (builders,
/// codecs, `Debug`) is allowed to use them.
pub fn allow_deprecated(members: &[crate::ir::MemberIr]) -> Option<syn::Attribute> {
    members.iter().any(|m| m.deprecated.is_some()).then(|| syn::parse_quote!(#[allow(deprecated)]))
}

/// `#[deprecated]`, with the model's note if it gives one.
pub fn deprecated_attribute(deprecation: &crate::ir::Deprecation) -> syn::Attribute {
    match docs::deprecation_note(deprecation) {
        Some(note) => syn::parse_quote!(#[deprecated(note = #note)]),
        None => syn::parse_quote!(#[deprecated]),
    }
}

/// The field type of a member: boxed if recursive.
pub fn held_type(ty: &TypeIr, boxed: bool) -> syn::Type {
    let inner = rust_type(ty);
    if boxed {
        named_type(&["Box"], vec![inner])
    } else {
        inner
    }
}

/// The JSON codec of a value (a zero-sized type of `awsgen_runtime::json`).
pub fn codec(ty: &TypeIr) -> syn::Type {
    let json = |name: &str, args: Vec<syn::Type>| named_type(&["json", name], args);
    match ty {
        TypeIr::Simple(simple) => json(
            match simple {
                Simple::Blob => "Blob",
                Simple::Boolean => "Bool",
                Simple::String => "Str",
                Simple::Byte => "I8",
                Simple::Short => "I16",
                Simple::Integer => "I32",
                Simple::Long => "I64",
                Simple::Float => "F32",
                Simple::Double | Simple::BigDecimal => "F64",
                Simple::BigInteger => "BigInt",
                Simple::Timestamp => "EpochSeconds",
                Simple::Document => "Document",
            },
            Vec::new(),
        ),
        TypeIr::Timestamp(format) => json(
            match format {
                TimestampFormat::EpochSeconds => "EpochSeconds",
                TimestampFormat::DateTime => "DateTime",
                TimestampFormat::HttpDate => "HttpDate",
            },
            Vec::new(),
        ),
        // Never written or read as JSON (the emitters leave streams out of JSON bodies, see
        // `TypeIr::in_json`); named for totality as the blob it streams.
        TypeIr::Stream { .. } => json("Blob", Vec::new()),
        TypeIr::List { member, sparse } => json(if *sparse { "SparseList" } else { "List" }, vec![codec(member)]),
        TypeIr::Map { key, value, sparse } => json(if *sparse { "SparseMap" } else { "Map" }, vec![rust_type(key), codec(value)]),
        TypeIr::Named(path, kind) => {
            let wrapper = match kind {
                NamedKind::Struct | NamedKind::Union => "Shape",
                NamedKind::Enum => "Enum",
                NamedKind::IntEnum => "IntEnumCodec",
            };
            json(wrapper, vec![type_path(path)])
        }
    }
}

/// The codec of a member's field, boxed if recursive.
pub fn held_codec(ty: &TypeIr, boxed: bool) -> syn::Type {
    let inner = codec(ty);
    if boxed {
        named_type(&["json", "Boxed"], vec![inner])
    } else {
        inner
    }
}

/// Whether `Default::default()` of the Rust type equals the given model default.
pub fn is_zero_default(ty: &TypeIr, value: &Value) -> bool {
    match (ty, value) {
        (TypeIr::Simple(Simple::Boolean), Value::Bool(b)) => !b,
        (TypeIr::Simple(Simple::String), Value::String(s)) => s.is_empty(),
        (TypeIr::Simple(Simple::Blob) | TypeIr::Stream { .. }, Value::String(s)) => s.is_empty(),
        (TypeIr::Simple(_), Value::Number(n)) => n.as_f64() == Some(0.0),
        (TypeIr::List { .. }, Value::Array(a)) => a.is_empty(),
        (TypeIr::Map { .. }, Value::Object(o)) => o.is_empty(),
        _ => false,
    }
}

/// An expression for a model `@default` value of the given type.
pub fn default_value(ty: &TypeIr, value: &Value) -> TokenStream {
    if is_zero_default(ty, value) {
        return quote!(Default::default());
    }
    match (ty, value) {
        (TypeIr::Simple(Simple::Boolean), Value::Bool(b)) => quote!(#b),
        (TypeIr::Simple(Simple::String), Value::String(s)) => quote!(#s.to_owned()),
        (TypeIr::Simple(Simple::Blob), Value::String(s)) => quote!(awsgen_runtime::json::default_blob(#s)),
        (TypeIr::Stream { .. }, Value::String(s)) => quote!(awsgen_runtime::ByteStream::from(#s)),
        (TypeIr::Simple(Simple::Byte), Value::Number(n)) => int_literal(n, "i8"),
        (TypeIr::Simple(Simple::Short), Value::Number(n)) => int_literal(n, "i16"),
        (TypeIr::Simple(Simple::Integer), Value::Number(n)) => int_literal(n, "i32"),
        (TypeIr::Simple(Simple::Long), Value::Number(n)) => int_literal(n, "i64"),
        (TypeIr::Simple(Simple::BigInteger), Value::Number(n)) => int_literal(n, "i128"),
        (TypeIr::Simple(Simple::Float), Value::Number(n)) => {
            let lit = Literal::f32_suffixed(n.as_f64().unwrap_or(0.0) as f32);
            quote!(#lit)
        }
        (TypeIr::Simple(Simple::Double | Simple::BigDecimal), Value::Number(n)) => {
            let lit = Literal::f64_suffixed(n.as_f64().unwrap_or(0.0));
            quote!(#lit)
        }
        (TypeIr::Timestamp(_) | TypeIr::Simple(Simple::Timestamp), Value::Number(n)) => {
            let seconds = Literal::f64_suffixed(n.as_f64().unwrap_or(0.0));
            quote!(awsgen_runtime::time::default_timestamp(#seconds))
        }
        (TypeIr::Timestamp(_) | TypeIr::Simple(Simple::Timestamp), Value::String(s)) => {
            quote!(awsgen_runtime::time::default_timestamp_text(#s))
        }
        (TypeIr::Simple(Simple::Document), other) => {
            let text = other.to_string();
            quote!(awsgen_runtime::json::default_document(#text))
        }
        (TypeIr::Named(path, NamedKind::Enum), Value::String(s)) => {
            let path = type_path(path);
            quote!(#path::from(#s))
        }
        (TypeIr::Named(path, NamedKind::IntEnum), Value::Number(n)) => {
            let path = type_path(path);
            let lit = int_literal(n, "i32");
            quote!(#path::from(#lit))
        }
        _ => quote!(Default::default()),
    }
}

fn int_literal(n: &serde_json::Number, suffix: &str) -> TokenStream {
    let value = n.as_i64().unwrap_or_else(|| n.as_f64().unwrap_or(0.0) as i64);
    let literal = match suffix {
        "i8" => Literal::i8_suffixed(value as i8),
        "i16" => Literal::i16_suffixed(value as i16),
        "i32" => Literal::i32_suffixed(value as i32),
        "i128" => Literal::i128_suffixed(i128::from(value)),
        _ => Literal::i64_suffixed(value),
    };
    quote!(#literal)
}

/// The value a missing `@required` member of a response is corrected to (its zero value).
pub fn zero_value(ty: &TypeIr) -> TokenStream {
    match ty {
        TypeIr::Timestamp(_) | TypeIr::Simple(Simple::Timestamp) => quote!(awsgen_runtime::time::EPOCH),
        TypeIr::Named(path, NamedKind::Enum) => {
            // The unknown value the official Rust SDK corrects a missing enum to.
            let path = type_path(path);
            quote!(#path::Unknown(String::from("no value was set")))
        }
        TypeIr::Named(path, NamedKind::IntEnum) => {
            let path = type_path(path);
            quote!(#path::from(0))
        }
        TypeIr::Named(path, NamedKind::Struct) => {
            let path = type_path(path);
            quote!(awsgen_runtime::json::corrected_empty::<#path>())
        }
        _ => quote!(Default::default()),
    }
}

/// `value.unwrap_or...()` with the cheapest form clippy accepts for the fallback.
pub fn unwrap_or(value: TokenStream, fallback: TokenStream) -> TokenStream {
    let text = fallback.to_string();
    if text == quote!(Default::default()).to_string() {
        quote!(#value.unwrap_or_default())
    } else if let Ok(syn::Expr::Call(call)) = syn::parse2::<syn::Expr>(fallback.clone()) {
        // A call: only evaluate it when needed (a function without arguments is passed as is).
        match call.args.is_empty() {
            true => {
                let function = &call.func;
                quote!(#value.unwrap_or_else(#function))
            }
            false => quote!(#value.unwrap_or_else(|| #fallback)),
        }
    } else if text.contains('(') {
        // A method call or a constructor of another form: only evaluate it when needed.
        quote!(#value.unwrap_or_else(|| #fallback))
    } else {
        quote!(#value.unwrap_or(#fallback))
    }
}

/// The value of a member when it was not set: its `@default`, or (if required) its zero
/// value, boxed if the member is.
pub fn fill_missing(member: &crate::ir::MemberIr, value: TokenStream) -> TokenStream {
    let fallback = match &member.repr {
        crate::ir::Repr::Optional => return value,
        crate::ir::Repr::Required => zero_value(&member.ty),
        crate::ir::Repr::Default(default) => default_value(&member.ty, default),
    };
    let is_default = fallback.to_string() == quote!(Default::default()).to_string();
    let fallback = if member.boxed && !is_default { quote!(Box::new(#fallback)) } else { fallback };
    unwrap_or(value, fallback)
}

/// A string literal token.
pub fn lit(text: &str) -> Literal {
    Literal::string(text)
}

#[cfg(test)]
mod tests {
    use super::doc_lines;

    #[test]
    fn every_line_break_ends_a_doc_line() {
        // `\r\n`, `\n` and a bare `\r`: rustc refuses a carriage return inside a doc comment.
        let docs = doc_lines("one\r\ntwo\nthree\rfour").to_string();
        assert_eq!(docs.matches("# [doc").count(), 4, "{docs}");
        assert!(!docs.contains("\\r"), "{docs}");
    }
}
