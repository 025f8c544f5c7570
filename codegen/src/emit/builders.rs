//! Builders: every member settable, `build()` checking `@required`, `@length` and `@range`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{docs, held_type, rust_type};
use crate::index::Simple;
use crate::ir::{MemberIr, NamedKind, Repr, ShapeIr, StructRole, TypeIr};
use crate::naming::ident;

/// Whether `build()` can fail (and so returns a `Result`).
pub fn build_is_fallible(members: &[MemberIr], role: &StructRole) -> bool {
    members.iter().any(|m| !checks(m, role).is_empty())
}

/// The setter method names of a member: (`name`, `set_name`, `get_name`), from the base name
/// the IR chose to avoid every other method of the builders.
pub fn setter_names(member: &MemberIr) -> (proc_macro2::Ident, proc_macro2::Ident, proc_macro2::Ident) {
    let base = member.setter.as_str();
    (ident(base), format_ident!("set_{}", base), format_ident!("get_{}", base))
}

/// The validation statements for one member (value in `self.<field>`), calls on the
/// builder's `check` (an `awsgen_runtime::error::Constraints`).
fn checks(member: &MemberIr, role: &StructRole) -> Vec<TokenStream> {
    let field = ident(&member.field);
    let wire = &member.wire;
    let mut out = Vec::new();
    // Outputs are only built by hand for stubs: be lenient there, as the response parser is.
    let must_be_set = member.required && !matches!(member.repr, Repr::Default(_)) && *role != StructRole::Output;
    if must_be_set {
        out.push(quote!(check.required(#wire, &self.#field)?;));
    }
    let bound = |v: Option<f64>, as_integer: bool| match v {
        Some(v) if as_integer => {
            let v = proc_macro2::Literal::u64_unsuffixed(v as u64);
            quote!(Some(#v))
        }
        Some(v) => {
            let v = proc_macro2::Literal::f64_unsuffixed(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    };
    let has_length = matches!(
        &member.ty,
        TypeIr::Simple(Simple::String | Simple::Blob) | TypeIr::List { .. } | TypeIr::Map { .. }
    );
    if let (Some(bounds), true) = (member.length, has_length) {
        let (lo, hi) = (bound(bounds.min, true), bound(bounds.max, true));
        out.push(quote!(check.length(#wire, &self.#field, #lo, #hi)?;));
    }
    let numeric = matches!(
        member.ty,
        TypeIr::Simple(
            Simple::Byte | Simple::Short | Simple::Integer | Simple::Long | Simple::Float | Simple::Double | Simple::BigInteger | Simple::BigDecimal
        )
    );
    if let (Some(bounds), true) = (member.range, numeric) {
        let (lo, hi) = (bound(bounds.min, false), bound(bounds.max, false));
        out.push(quote!(check.range(#wire, self.#field, #lo, #hi)?;));
    }
    if let TypeIr::Named(path, NamedKind::Union) = &member.ty {
        let union = super::type_path(path);
        let as_ref = if member.boxed { quote!(as_deref) } else { quote!(as_ref) };
        out.push(quote! {
            if let Some(#union::Unknown(_)) = self.#field.#as_ref() {
                return Err(check.unknown_variant(#wire));
            }
        });
    }
    out
}

/// The builder of a structure.
pub fn builder(shape: &ShapeIr, members: &[MemberIr], role: &StructRole) -> TokenStream {
    let target = super::type_path(&shape.path);
    let name = format_ident!("{}Builder", shape.path.name);
    let shape_name = shape.path.name.as_str();
    // Error builders live in `error::builders`, away from their type: link explicitly there.
    let doc = if shape.path.module == crate::ir::Module::Error {
        format!(" A builder for [`{}`]({}).", shape.path.name, doc_link(shape))
    } else {
        format!(" A builder for [`{}`].", shape.path.name)
    };
    let fields = members.iter().map(|m| {
        let field = ident(&m.field);
        let ty = held_type(&m.ty, m.boxed);
        quote!(pub(crate) #field: Option<#ty>,)
    });
    let extra_field = match role {
        StructRole::Error(_) => quote!(pub(crate) _meta: Option<awsgen_runtime::ErrorMetadata>,),
        _ => quote!(),
    };
    let setters = members.iter().map(setters);
    let fallible = build_is_fallible(members, role);
    let validations: Vec<TokenStream> = members.iter().flat_map(|m| checks(m, role)).collect();
    let assignments = members.iter().map(|m| {
        let field = ident(&m.field);
        let value = super::fill_missing(m, quote!(self.#field));
        quote!(#field: #value,)
    });
    let extra_assignment = match role {
        StructRole::Output => quote!(_request_id: None,),
        StructRole::Error(_) => quote!(_meta: self._meta.unwrap_or_default(),),
        _ => quote!(),
    };
    let meta_setter = match role {
        StructRole::Error(_) => quote! {
            /// Sets the error metadata (code, message, request id, status), e.g. for stubs.
            pub fn set_error_metadata(mut self, meta: awsgen_runtime::ErrorMetadata) -> Self {
                self._meta = Some(meta);
                self
            }
        },
        _ => quote!(),
    };
    let deprecated_allow = super::allow_deprecated(members);
    let build = if fallible {
        quote! {
            /// Builds the value, checking `@required`, `@length` and `@range` constraints.
            #deprecated_allow
            pub fn build(self) -> Result<#target, awsgen_runtime::BuildError> {
                let check = awsgen_runtime::error::Constraints::new(#shape_name);
                #(#validations)*
                Ok(#target { #(#assignments)* #extra_assignment })
            }
        }
    } else {
        quote! {
            /// Builds the value.
            #deprecated_allow
            pub fn build(self) -> #target {
                #target { #(#assignments)* #extra_assignment }
            }
        }
    };
    let debug = builder_debug(shape, members);
    let derive_debug = if debug.is_empty() { quote!(Debug,) } else { quote!() };
    quote! {
        #[doc = #doc]
        #[derive(Clone, Default, PartialEq, #derive_debug)]
        pub struct #name {
            #(#fields)*
            #extra_field
        }
        impl #name {
            #(#setters)*
            #meta_setter
            #build
        }
        #debug
    }
}

fn doc_link(shape: &ShapeIr) -> String {
    super::type_path(&shape.path).to_string().replace(' ', "")
}

fn builder_debug(shape: &ShapeIr, members: &[MemberIr]) -> TokenStream {
    if !shape.sensitive && !members.iter().any(|m| m.sensitive) {
        return TokenStream::new();
    }
    let name = format_ident!("{}Builder", shape.path.name);
    let label = name.to_string();
    let entries = members.iter().map(|m| {
        let field = ident(&m.field);
        let text = &m.field;
        if m.sensitive || shape.sensitive {
            quote!(.field(#text, &"*** Sensitive Data Redacted ***"))
        } else {
            quote!(.field(#text, &self.#field))
        }
    });
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#label) #(#entries)* .finish()
            }
        }
    }
}

/// Where setter methods live: on a builder (they store), or on a fluent builder (they
/// forward to the input builder in `self.inner`).
#[derive(Clone, Copy, PartialEq)]
enum SetterHost {
    Builder,
    Fluent,
}

/// The setter and getter methods of one member. The member's documentation goes on the
/// primary setter only; `set_`/`get_` point to it, which keeps large models' output small.
fn member_methods(member: &MemberIr, host: SetterHost) -> TokenStream {
    let field = ident(&member.field);
    let (set, set_opt, get) = setter_names(member);
    let doc = docs(member.docs.as_deref());
    let set_doc = format!(" Sets or clears `{}` (documented on the setter without `set_`).", member.wire);
    let get_doc = format!(" `{}` as set so far.", member.wire);
    let held = held_type(&member.ty, member.boxed);
    let (params, store, note) = match &member.ty {
        TypeIr::List { member: element, sparse } => {
            let element = rust_type(element);
            let (param, item) = if *sparse { (quote!(Option<#element>), quote!(input)) } else { (quote!(impl Into<#element>), quote!(input.into())) };
            (
                quote!(input: #param),
                quote!(self.#field.get_or_insert_with(Vec::new).push(#item);),
                Some(" Appends one item; use the `set_` method to replace the whole list."),
            )
        }
        TypeIr::Map { key, value, sparse } => {
            let (key, value) = (rust_type(key), rust_type(value));
            let (param, item) = if *sparse { (quote!(Option<#value>), quote!(v)) } else { (quote!(impl Into<#value>), quote!(v.into())) };
            (
                quote!(k: impl Into<#key>, v: #param),
                quote!(self.#field.get_or_insert_with(Default::default).insert(k.into(), #item);),
                Some(" Inserts one entry; use the `set_` method to replace the whole map."),
            )
        }
        ty => {
            let ty = rust_type(ty);
            let value = if member.boxed { quote!(Box::new(input.into())) } else { quote!(input.into()) };
            (quote!(input: impl Into<#ty>), quote!(self.#field = Some(#value);), None)
        }
    };
    let note = note.map(|n| quote!(#[doc = ""] #[doc = #n]));
    let args = match &member.ty {
        TypeIr::Map { .. } => quote!(k, v),
        _ => quote!(input),
    };
    let (primary_body, set_body, getter) = match host {
        SetterHost::Builder => (
            store,
            quote!(self.#field = input;),
            quote! {
                #[doc = #get_doc]
                pub fn #get(&self) -> &Option<#held> {
                    &self.#field
                }
            },
        ),
        // Fluent builders dereference to their input builder, which has the getters.
        SetterHost::Fluent => {
            (quote!(self.inner = self.inner.#set(#args);), quote!(self.inner = self.inner.#set_opt(input);), quote!())
        }
    };
    quote! {
        #doc
        #note
        pub fn #set(mut self, #params) -> Self {
            #primary_body
            self
        }
        #[doc = #set_doc]
        pub fn #set_opt(mut self, input: Option<#held>) -> Self {
            #set_body
            self
        }
        #getter
    }
}

/// The setter methods of one member of a builder.
fn setters(member: &MemberIr) -> TokenStream {
    member_methods(member, SetterHost::Builder)
}

/// Setters of a fluent builder that forward to the input builder in `self.inner`.
pub fn forwarding_setters(members: &[MemberIr]) -> TokenStream {
    let methods = members.iter().map(|m| member_methods(m, SetterHost::Fluent));
    quote!(#(#methods)*)
}
