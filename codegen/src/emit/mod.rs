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
//! - [`protocol_tests`]: the model's `smithy.test` compliance cases as tests.

pub mod builders;
pub mod client;
pub mod crate_root;
pub mod endpoint;
pub mod errors;
pub mod json;
pub mod operations;
pub mod paginators;
pub mod protocol_tests;
pub mod shapes;

use proc_macro2::{Literal, TokenStream};
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
    let lines = text.lines().map(|line| if line.is_empty() { Literal::string("") } else { doc_literal(&format!(" {line}")) });
    quote! { #( #[doc = #lines] )* }
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
    let mut hashes = 0;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) && hashes < 8 {
        hashes += 1;
    }
    let fence = "#".repeat(hashes);
    format!("r{fence}\"{text}\"{fence}").parse().unwrap_or_else(|_| Literal::string(text))
}

thread_local! {
    /// The operation module whose file is being emitted, if any. Paths into it are written
    /// unqualified (`Item`, not `crate::operation::x::Item`), as a hand-written module would.
    /// Thread-local because files are emitted on worker threads and every emitter reaches
    /// [`type_path`] through the type mapping; [`in_operation_module`] scopes it to one file.
    static OPERATION_MODULE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Runs `emit` with paths into `crate::operation::<module>` written unqualified.
pub fn in_operation_module<T>(module: &str, emit: impl FnOnce() -> T) -> T {
    struct Restore(Option<String>);
    impl Drop for Restore {
        fn drop(&mut self) {
            OPERATION_MODULE.with(|here| *here.borrow_mut() = self.0.take());
        }
    }
    let _restore = Restore(OPERATION_MODULE.with(|here| here.borrow_mut().replace(module.to_owned())));
    emit()
}

fn is_current_operation_module(module: &str) -> bool {
    OPERATION_MODULE.with(|here| here.borrow().as_deref() == Some(module))
}

/// The path of a generated type, from the module being emitted.
pub fn type_path(path: &TypePath) -> TokenStream {
    let name = format_ident!("{}", path.name);
    match &path.module {
        Module::Types => quote!(crate::types::#name),
        Module::Error => quote!(crate::error::#name),
        Module::Operation(op) if is_current_operation_module(op) => quote!(#name),
        Module::Operation(op) => {
            let op = ident(op);
            quote!(crate::operation::#op::#name)
        }
    }
}

/// The path of a generated type's builder, from the module being emitted.
pub fn builder_path(path: &TypePath) -> TokenStream {
    let name = format_ident!("{}Builder", path.name);
    match &path.module {
        Module::Types => quote!(crate::types::builders::#name),
        Module::Error => quote!(crate::error::builders::#name),
        Module::Operation(op) if is_current_operation_module(op) => quote!(#name),
        Module::Operation(op) => {
            let op = ident(op);
            quote!(crate::operation::#op::#name)
        }
    }
}

/// The Rust type of a value.
pub fn rust_type(ty: &TypeIr) -> TokenStream {
    match ty {
        TypeIr::Simple(simple) => match simple {
            Simple::Blob => quote!(Vec<u8>),
            Simple::Boolean => quote!(bool),
            Simple::String => quote!(String),
            Simple::Byte => quote!(i8),
            Simple::Short => quote!(i16),
            Simple::Integer => quote!(i32),
            Simple::Long => quote!(i64),
            Simple::Float => quote!(f32),
            Simple::Double | Simple::BigDecimal => quote!(f64),
            Simple::BigInteger => quote!(i128),
            Simple::Timestamp => quote!(awsgen_runtime::DateTime),
            Simple::Document => quote!(awsgen_runtime::Document),
        },
        TypeIr::Timestamp(_) => quote!(awsgen_runtime::DateTime),
        TypeIr::List { member, sparse } => {
            let member = rust_type(member);
            if *sparse {
                quote!(Vec<Option<#member>>)
            } else {
                quote!(Vec<#member>)
            }
        }
        TypeIr::Map { key, value, sparse } => {
            let (key, value) = (rust_type(key), rust_type(value));
            if *sparse {
                quote!(std::collections::BTreeMap<#key, Option<#value>>)
            } else {
                quote!(std::collections::BTreeMap<#key, #value>)
            }
        }
        TypeIr::Named(path, _) => type_path(path),
    }
}

/// `#[allow(deprecated)]` for an item that touches the fields of `@deprecated` members
/// (reading its own deprecated field warns even inside the crate).
pub fn allow_deprecated(members: &[crate::ir::MemberIr]) -> Option<TokenStream> {
    members.iter().any(|m| m.deprecated).then(|| quote!(#[allow(deprecated)]))
}

/// The field type of a member: boxed if recursive.
pub fn held_type(ty: &TypeIr, boxed: bool) -> TokenStream {
    let inner = rust_type(ty);
    if boxed {
        quote!(Box<#inner>)
    } else {
        inner
    }
}

/// The JSON codec of a value (a zero-sized type of `awsgen_runtime::json`).
pub fn codec(ty: &TypeIr) -> TokenStream {
    match ty {
        TypeIr::Simple(simple) => match simple {
            Simple::Blob => quote!(json::Blob),
            Simple::Boolean => quote!(json::Bool),
            Simple::String => quote!(json::Str),
            Simple::Byte => quote!(json::I8),
            Simple::Short => quote!(json::I16),
            Simple::Integer => quote!(json::I32),
            Simple::Long => quote!(json::I64),
            Simple::Float => quote!(json::F32),
            Simple::Double | Simple::BigDecimal => quote!(json::F64),
            Simple::BigInteger => quote!(json::BigInt),
            Simple::Timestamp => quote!(json::EpochSeconds),
            Simple::Document => quote!(json::Document),
        },
        TypeIr::Timestamp(format) => match format {
            TimestampFormat::EpochSeconds => quote!(json::EpochSeconds),
            TimestampFormat::DateTime => quote!(json::DateTime),
            TimestampFormat::HttpDate => quote!(json::HttpDate),
        },
        TypeIr::List { member, sparse } => {
            let member = codec(member);
            if *sparse {
                quote!(json::SparseList<#member>)
            } else {
                quote!(json::List<#member>)
            }
        }
        TypeIr::Map { key, value, sparse } => {
            let (key, value) = (rust_type(key), codec(value));
            if *sparse {
                quote!(json::SparseMap<#key, #value>)
            } else {
                quote!(json::Map<#key, #value>)
            }
        }
        TypeIr::Named(path, kind) => {
            let path = type_path(path);
            match kind {
                NamedKind::Struct | NamedKind::Union => quote!(json::Shape<#path>),
                NamedKind::Enum => quote!(json::Enum<#path>),
                NamedKind::IntEnum => quote!(json::IntEnumCodec<#path>),
            }
        }
    }
}

/// The codec of a member's field, boxed if recursive.
pub fn held_codec(ty: &TypeIr, boxed: bool) -> TokenStream {
    let inner = codec(ty);
    if boxed {
        quote!(json::Boxed<#inner>)
    } else {
        inner
    }
}

/// Whether `Default::default()` of the Rust type equals the given model default.
pub fn is_zero_default(ty: &TypeIr, value: &Value) -> bool {
    match (ty, value) {
        (TypeIr::Simple(Simple::Boolean), Value::Bool(b)) => !b,
        (TypeIr::Simple(Simple::String), Value::String(s)) => s.is_empty(),
        (TypeIr::Simple(Simple::Blob), Value::String(s)) => s.is_empty(),
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
        _ => quote!(Default::default()),
    }
}

/// `value.unwrap_or...()` with the cheapest form clippy accepts for the fallback.
pub fn unwrap_or(value: TokenStream, fallback: TokenStream) -> TokenStream {
    let text = fallback.to_string();
    if text == quote!(Default::default()).to_string() {
        quote!(#value.unwrap_or_default())
    } else if text.contains('(') {
        // A call: only evaluate it when needed.
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
