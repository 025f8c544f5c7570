//! Structures, unions, enums and intEnums, with `Debug` that redacts `@sensitive` data.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::template::{crate_visibility, field, template, Fill, Items};
use super::{builder_path, doc_attributes, docs, held_type, lit, named_type, option_type, rust_type};
use crate::ir::{CrateIr, EnumValueIr, MemberIr, Repr, ShapeIr, ShapeKind, StructRole, VariantIr};
use crate::naming::ident;

/// The definition of a generated type, with its inherent impls.
pub fn shape(krate: &CrateIr, shape: &ShapeIr) -> Items {
    match &shape.kind {
        ShapeKind::Struct { members, role } => structure(krate, shape, members, role),
        ShapeKind::Union(variants) => union(shape, variants).into(),
        ShapeKind::Enum(values) => string_enum(shape, values).into(),
        ShapeKind::IntEnum(values) => int_enum(shape, values).into(),
    }
}

/// The declared type of a member's field.
pub fn field_type(member: &MemberIr) -> syn::Type {
    let held = held_type(&member.ty, member.boxed);
    match member.repr {
        Repr::Optional => option_type(held),
        Repr::Required | Repr::Default(_) => held,
    }
}

/// A structure (from templates: models have thousands), its `builder()` and role impls.
fn structure(krate: &CrateIr, shape: &ShapeIr, members: &[MemberIr], role: &StructRole) -> Items {
    let name = format_ident!("{}", shape.path.name);
    let mut fields: Vec<syn::Field> = members
        .iter()
        .map(|m| {
            let mut attrs = doc_attributes(Some(&super::docs::member(krate, m)));
            attrs.extend(m.deprecated.as_ref().map(super::deprecated_attribute));
            field(attrs, syn::Visibility::Public(Default::default()), ident(&m.field), field_type(m))
        })
        .collect();
    match role {
        StructRole::Output => fields.push(field(Vec::new(), crate_visibility(), format_ident!("_request_id"), option_type(named_type(&["String"], Vec::new())))),
        StructRole::Error(_) => fields.push(field(Vec::new(), crate_visibility(), format_ident!("_meta"), named_type(&["awsgen_runtime", "ErrorMetadata"], Vec::new()))),
        _ => {}
    }
    let debug = debug_impl(shape, members, role);
    let mut definition = if debug.is_empty() {
        template!(syn::ItemStruct, {
            #[non_exhaustive]
            #[derive(Clone, PartialEq, Debug)]
            pub struct __Name {
                __fields: (),
            }
        })
    } else {
        template!(syn::ItemStruct, {
            #[non_exhaustive]
            #[derive(Clone, PartialEq)]
            pub struct __Name {
                __fields: (),
            }
        })
    };
    let builder = builder_path(&shape.path);
    let mut fill = Fill::new().ident("__Name", &name).ty("__Builder", &builder).splice("__fields", fields);
    fill.apply(&mut definition);
    definition.attrs.splice(0..0, doc_attributes(shape.docs.as_deref()));
    definition.attrs.extend(super::allow_deprecated(members));

    let mut items = Items::new();
    items.push_item(syn::Item::Struct(definition));
    items.push_tokens(quote!(awsgen_runtime::builder_fn!(#name => #builder);));
    match role {
        StructRole::Output => items.push_tokens(quote!(awsgen_runtime::operation_output!(#name);)),
        StructRole::Error(info) => items.push_tokens(error_impls(shape, members, info)),
        _ => {}
    }
    items.push_tokens(debug);
    items
}

/// A manual `Debug` when something must be redacted (the runtime's `debug_fields!` unless the
/// whole shape is); empty when `derive` will do.
fn debug_impl(shape: &ShapeIr, members: &[MemberIr], role: &StructRole) -> TokenStream {
    let name = format_ident!("{}", shape.path.name);
    if shape.sensitive {
        return quote! {
            impl std::fmt::Debug for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(awsgen_runtime::builder::REDACTED)
                }
            }
        };
    }
    if !members.iter().any(|m| m.sensitive) {
        return TokenStream::new();
    }
    let mut fields: Vec<TokenStream> = members.iter().map(|m| debug_field(m, m.sensitive)).collect();
    match role {
        StructRole::Output => fields.push(quote!(_request_id)),
        StructRole::Error(_) => fields.push(quote!(_meta)),
        _ => {}
    }
    let deprecated_allow = super::allow_deprecated(members);
    quote!(awsgen_runtime::debug_fields!(#deprecated_allow #name { #(#fields),* });)
}

/// A member in `awsgen_runtime::debug_fields!`: its field, then `: redacted` if its value
/// must not be shown.
pub fn debug_field(member: &MemberIr, redacted: bool) -> TokenStream {
    let field = ident(&member.field);
    if redacted {
        quote!(#field: redacted)
    } else {
        quote!(#field)
    }
}

/// `meta()`, `message()`, `Display`, `Error` and the runtime's error traits, through the
/// runtime's `modeled_error_impls!`: only what differs between errors is spelled out.
fn error_impls(shape: &ShapeIr, members: &[MemberIr], info: &crate::ir::ErrorInfo) -> TokenStream {
    let name = format_ident!("{}", shape.path.name);
    let code = &info.code;
    let message = match members.iter().find(|m| m.wire.eq_ignore_ascii_case("message")) {
        Some(m) if m.sensitive => quote!(, hidden),
        Some(m) => {
            let field = ident(&m.field);
            match m.repr {
                Repr::Optional => quote!(, optional #field),
                _ => quote!(, required #field),
            }
        }
        None => quote!(),
    };
    let flags = [(info.retryable, "retryable"), (info.throttling, "throttling")];
    let flags: Vec<_> = flags.into_iter().filter(|(set, _)| *set).map(|(_, flag)| format_ident!("{flag}")).collect();
    let flags = (!flags.is_empty()).then(|| quote!(; #(#flags),*));
    quote! {
        awsgen_runtime::modeled_error_impls!(#name, #code #message #flags);
    }
}

fn union(shape: &ShapeIr, variants: &[VariantIr]) -> TokenStream {
    let name = format_ident!("{}", shape.path.name);
    let doc = docs(shape.docs.as_deref());
    let defs = variants.iter().map(|v| {
        let variant = format_ident!("{}", v.variant);
        let doc = docs(v.docs.as_deref());
        match &v.ty {
            Some(ty) => {
                let ty = held_type(ty, v.boxed);
                quote! { #doc #variant(#ty), }
            }
            None => quote! { #doc #variant, },
        }
    });
    let accessors = variants.iter().filter_map(|v| {
        let ty = v.ty.as_ref()?;
        let variant = format_ident!("{}", v.variant);
        let method = format_ident!("as_{}", crate::naming::field_name(&v.variant));
        let ty = rust_type(ty);
        let doc = format!(" The value, if this is [`{}::{}`].", shape.path.name, v.variant);
        let value = if v.boxed { quote!(Some(value.as_ref())) } else { quote!(Some(value)) };
        Some(quote! {
            #[doc = #doc]
            pub fn #method(&self) -> Option<&#ty> {
                match self {
                    Self::#variant(value) => #value,
                    _ => None,
                }
            }
        })
    });
    let debug = if shape.sensitive {
        quote! {
            impl std::fmt::Debug for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(awsgen_runtime::builder::REDACTED)
                }
            }
        }
    } else {
        quote!()
    };
    let derive_debug = if shape.sensitive { quote!() } else { quote!(Debug,) };
    quote! {
        #doc
        #[non_exhaustive]
        #[derive(Clone, PartialEq, #derive_debug)]
        #[allow(clippy::large_enum_variant, reason = "variants mirror the model; boxing would change the API")]
        pub enum #name {
            #(#defs)*
            /// A member this client does not know (sent by a newer service); it cannot be sent back.
            Unknown(String),
        }
        impl #name {
            #(#accessors)*
            /// Whether this is a member this client does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }
        #debug
    }
}

/// A string enum: one `Variant = "value"` line per value in the runtime's `string_enum!`,
/// which writes the enum, its conversions and impls.
fn string_enum(shape: &ShapeIr, values: &[EnumValueIr]) -> TokenStream {
    let values = values.iter().map(|v| (v, lit(v.value.as_str().unwrap_or_default())));
    enum_macro(quote!(string_enum), shape, values)
}

/// An intEnum, as [`string_enum`] through the runtime's `int_enum!`.
fn int_enum(shape: &ShapeIr, values: &[EnumValueIr]) -> TokenStream {
    let values = values.iter().map(|v| (v, proc_macro2::Literal::i32_unsuffixed(v.value.as_i64().unwrap_or_default() as i32)));
    enum_macro(quote!(int_enum), shape, values)
}

/// `awsgen_runtime::<macro>! { docs pub enum Name { docs Variant = value, .. } }`: a value
/// without docs gets its wire value as its doc from the macro.
fn enum_macro<'a>(
    macro_name: TokenStream,
    shape: &ShapeIr,
    values: impl Iterator<Item = (&'a EnumValueIr, proc_macro2::Literal)>,
) -> TokenStream {
    let name = format_ident!("{}", shape.path.name);
    let doc = docs(shape.docs.as_deref());
    let variants = values.map(|(v, value)| {
        let variant = format_ident!("{}", v.variant);
        let doc = docs(v.docs.as_deref());
        quote!(#doc #variant = #value)
    });
    quote! {
        awsgen_runtime::#macro_name! {
            #doc
            pub enum #name {
                #(#variants,)*
            }
        }
    }
}
