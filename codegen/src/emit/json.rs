//! JSON serializers and deserializers: `impl SerializeShape` for structures and unions
//! that requests hold, `impl DeserializeShape` for those that responses hold. Member logic
//! lives in the runtime's codecs; this lists members with their codecs.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::template::{template, Fill, Items};
use super::{held_codec, lit};
use crate::ir::{MemberIr, Repr, ShapeIr, ShapeKind, StructRole, VariantIr};
use crate::naming::ident;

/// The JSON impls of a structure or union (enums use codecs directly), and the `serde`
/// impls of every type. Structures' impls, one per structure and direction, are built from
/// templates. A direction the client does not need (no reader for what only requests hold,
/// no writer for what only responses hold) is still generated for the crate's `serde`
/// feature, which serializes through these same codecs.
pub fn json_impl(shape: &ShapeIr) -> Items {
    let (read, write) = (shape.json.read, shape.json.write);
    let serde_only = |needed: bool| if needed { quote!() } else { quote!(#[cfg(feature = "serde")]) };
    let mut items = Items::new();
    match &shape.kind {
        ShapeKind::Struct { members, role } => {
            let mut de = structure_de(shape, members, role);
            let mut ser = structure_ser(shape, members);
            for (item, needed) in [(&mut de, read), (&mut ser, write)] {
                if !needed {
                    item.attrs.push(syn::parse_quote!(#[cfg(feature = "serde")]));
                }
            }
            items.push_item(syn::Item::Impl(de));
            items.push_item(syn::Item::Impl(ser));
        }
        ShapeKind::Union(variants) => {
            let (de, de_cfg) = (union_de(shape, variants), serde_only(read));
            let (ser, ser_cfg) = (union_ser(shape, variants), serde_only(write));
            items.push_tokens(quote!(#de_cfg #de #ser_cfg #ser));
        }
        ShapeKind::Enum(_) | ShapeKind::IntEnum(_) => {}
    }
    let name = format_ident!("{}", shape.path.name);
    let kind = match &shape.kind {
        ShapeKind::Struct { .. } | ShapeKind::Union(_) => quote!(shape),
        ShapeKind::Enum(_) => quote!(string_enum),
        ShapeKind::IntEnum(_) => quote!(int_enum),
    };
    items.push_tokens(quote! {
        #[cfg(feature = "serde")]
        awsgen_runtime::serde_impls!(#kind #name);
    });
    items
}

fn structure_de(shape: &ShapeIr, members: &[MemberIr], role: &StructRole) -> syn::ItemImpl {
    let name = format_ident!("{}", shape.path.name);
    let is_error = matches!(role, StructRole::Error(_));
    let mut decls = Vec::with_capacity(members.len());
    let mut arms = Vec::with_capacity(members.len());
    let mut fields = Vec::with_capacity(members.len() + 1);
    for member in members {
        if !member.ty.in_json() {
            // A stream is the payload, set by the protocol's bindings after the body.
            let field = ident(&member.field);
            let value = match &member.repr {
                Repr::Optional => quote!(None),
                Repr::Required => super::zero_value(&member.ty),
                Repr::Default(default) => super::default_value(&member.ty, default),
            };
            fields.push(syn::parse_quote!(#field: #value));
            continue;
        }
        let local = ident(&member.field);
        let codec = held_codec(&member.ty, member.boxed);
        let mut fill = Fill::new().ident("__local", &local).ty("__Codec", &codec).string("__wire", &member.json_key);
        let mut decl = template!(syn::Stmt, { let mut __local = None; });
        fill.apply(&mut decl);
        decls.push(decl);
        // Services spell an error's message `message` or `Message` whatever the model says.
        let mut arm = if is_error && member.wire.eq_ignore_ascii_case("message") {
            template!(syn::Arm, { "message" | "Message" => __local = __object.value::<__Codec>("__wire")?, })
        } else {
            template!(syn::Arm, { "__wire" => __local = __object.value::<__Codec>("__wire")?, })
        };
        fill.apply(&mut arm);
        arms.push(arm);
        fields.push(match member.repr {
            Repr::Optional => {
                let mut field = template!(syn::FieldValue, { __local });
                fill.apply(&mut field);
                field
            }
            _ => {
                let value = super::fill_missing(member, quote!(#local));
                syn::parse_quote!(#local: #value)
            }
        });
    }
    match role {
        StructRole::Output => fields.push(syn::parse_quote!(_request_id: None)),
        StructRole::Error(_) => fields.push(syn::parse_quote!(_meta: Default::default())),
        _ => {}
    }
    // No member in the body (none at all, or only a stream): every key is skipped.
    let mut item: syn::ItemImpl = if arms.is_empty() {
        template!(syn::ItemImpl, {
            impl json::DeserializeShape for __Name {
                fn de_members<'de, A: json::MapAccess<'de>>(mut __object: json::Members<'_, A>) -> Result<Self, A::Error> {
                    while __object.next_key()?.is_some() {
                        __object.skip_value()?;
                    }
                    Ok(Self { __fields: () })
                }
            }
        })
    } else {
        template!(syn::ItemImpl, {
            impl json::DeserializeShape for __Name {
                fn de_members<'de, A: json::MapAccess<'de>>(mut __object: json::Members<'_, A>) -> Result<Self, A::Error> {
                    __decls;
                    while let Some(__key) = __object.next_key()? {
                        match &*__key {
                            __arms => {}
                            _ => __object.skip_value()?,
                        }
                    }
                    Ok(Self { __fields: () })
                }
            }
        })
    };
    Fill::new().ident("__Name", &name).splice("__decls", decls).splice("__arms", arms).splice("__fields", fields).apply(&mut item);
    item.attrs.extend(super::allow_deprecated(members));
    // Locals are named after members, and models do use names like `foo`.
    if members.iter().any(|m| matches!(m.field.as_str(), "foo" | "baz" | "quux")) {
        if let Some(syn::ImplItem::Fn(de_members)) = item.items.first_mut() {
            de_members.attrs.push(syn::parse_quote!(#[allow(clippy::disallowed_names)]));
        }
    }
    item
}

fn structure_ser(shape: &ShapeIr, members: &[MemberIr]) -> syn::ItemImpl {
    let name = format_ident!("{}", shape.path.name);
    let writes = members
        .iter()
        .filter(|member| member.ty.in_json())
        .map(|member| {
            let field = ident(&member.field);
            let codec = held_codec(&member.ty, member.boxed);
            let mut write = match member.repr {
                Repr::Optional => template!(syn::Stmt, { w.optional::<__Codec>("__wire", &self.__field); }),
                _ => template!(syn::Stmt, { w.member::<__Codec>("__wire", &self.__field); }),
            };
            Fill::new().ident("__field", &field).ty("__Codec", &codec).string("__wire", &member.json_key).apply(&mut write);
            write
        })
        .collect();
    let mut item: syn::ItemImpl = template!(syn::ItemImpl, {
        impl json::SerializeShape for __Name {
            fn ser(&self, w: &mut json::JsonWriter) {
                w.begin_object();
                __writes;
                w.end_object();
            }
        }
    });
    Fill::new().ident("__Name", &name).splice("__writes", writes).apply(&mut item);
    item.attrs.extend(super::allow_deprecated(members));
    item
}

fn union_de(shape: &ShapeIr, variants: &[VariantIr]) -> TokenStream {
    let name = format_ident!("{}", shape.path.name);
    let type_name = &shape.path.name;
    let arms = variants.iter().map(|v| {
        let variant = format_ident!("{}", v.variant);
        let wire = lit(&v.json_key);
        match &v.ty {
            Some(ty) => {
                let codec = held_codec(ty, v.boxed);
                quote!(#wire => __object.value::<#codec>(#wire)?.map(Self::#variant),)
            }
            None => quote!(#wire => __object.value::<json::Unit>(#wire)?.map(|()| Self::#variant),),
        }
    });
    quote! {
        impl json::DeserializeShape for #name {
            fn de_members<'de, A: json::MapAccess<'de>>(mut __object: json::Members<'_, A>) -> Result<Self, A::Error> {
                let mut value = None;
                while let Some(__key) = __object.next_key()? {
                    let member = match &*__key {
                        // Servers may add a `__type` member to unions; it is not a variant.
                        "__type" => {
                            __object.skip_value()?;
                            None
                        }
                        #(#arms)*
                        other => __object.unknown_member()?.map(|()| Self::Unknown(other.to_owned())),
                    };
                    if let Some(member) = member {
                        if value.is_some() {
                            return Err(__object.invalid(concat!("more than one member set in union ", #type_name)));
                        }
                        value = Some(member);
                    }
                }
                value.ok_or_else(|| __object.invalid(concat!("no member set in union ", #type_name)))
            }
        }
    }
}

fn union_ser(shape: &ShapeIr, variants: &[VariantIr]) -> TokenStream {
    let name = format_ident!("{}", shape.path.name);
    let writes = variants.iter().map(|v| {
        let variant = format_ident!("{}", v.variant);
        let wire = lit(&v.json_key);
        match &v.ty {
            Some(ty) => {
                let codec = held_codec(ty, v.boxed);
                quote!(Self::#variant(value) => w.member::<#codec>(#wire, value),)
            }
            None => quote!(Self::#variant => w.member::<json::Unit>(#wire, &()),),
        }
    });
    quote! {
        impl json::SerializeShape for #name {
            fn ser(&self, w: &mut json::JsonWriter) {
                w.begin_object();
                match self {
                    #(#writes)*
                    // Unknown members cannot be sent back; builders reject them before this.
                    Self::Unknown(_) => {}
                }
                w.end_object();
            }
        }
    }
}
