//! JSON serializers and deserializers: `impl SerializeShape` for structures and unions
//! that requests hold, `impl DeserializeShape` for those that responses hold. Member logic
//! lives in the runtime's codecs; this lists members with their codecs.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{held_codec, lit};
use crate::ir::{MemberIr, Repr, ShapeIr, ShapeKind, StructRole, VariantIr};
use crate::naming::ident;

/// The JSON impls of a structure or union (nothing for enums, which use codecs directly).
pub fn json_impl(shape: &ShapeIr) -> TokenStream {
    let (read, write) = (shape.json.read, shape.json.write);
    match &shape.kind {
        ShapeKind::Struct { members, role } => {
            let de = read.then(|| structure_de(shape, members, role));
            let ser = write.then(|| structure_ser(shape, members));
            quote!(#de #ser)
        }
        ShapeKind::Union(variants) => {
            let de = read.then(|| union_de(shape, variants));
            let ser = write.then(|| union_ser(shape, variants));
            quote!(#de #ser)
        }
        _ => TokenStream::new(),
    }
}

fn structure_de(shape: &ShapeIr, members: &[MemberIr], role: &StructRole) -> TokenStream {
    let name = format_ident!("{}", shape.path.name);
    let locals: Vec<_> = members.iter().map(|m| ident(&m.field)).collect();
    let is_error = matches!(role, StructRole::Error(_));
    let arms = members.iter().zip(&locals).map(|(m, local)| {
        let codec = held_codec(&m.ty, m.boxed);
        let wire = lit(&m.wire);
        // Services spell an error's message `message` or `Message` whatever the model says.
        let pattern = if is_error && m.wire.eq_ignore_ascii_case("message") {
            let (lower, upper) = (lit("message"), lit("Message"));
            quote!(#lower | #upper)
        } else {
            quote!(#wire)
        };
        quote!(#pattern => #local = __object.value::<#codec>(#wire)?,)
    });
    let finish = members.iter().zip(&locals).map(|(m, local)| match m.repr {
        Repr::Optional => quote!(#local,),
        _ => {
            let value = super::fill_missing(m, quote!(#local));
            quote!(#local: #value,)
        }
    });
    let extra = match role {
        StructRole::Output => quote!(_request_id: None,),
        StructRole::Error(_) => quote!(_meta: Default::default(),),
        _ => quote!(),
    };
    let decls = locals.iter().map(|l| quote!(let mut #l = None;));
    let loop_body = if members.is_empty() {
        quote! {
            while __object.next_key()?.is_some() {
                __object.skip_value()?;
            }
        }
    } else {
        quote! {
            while let Some(__key) = __object.next_key()? {
                match &*__key {
                    #(#arms)*
                    _ => __object.skip_value()?,
                }
            }
        }
    };
    let deprecated_allow = super::allow_deprecated(members);
    // Locals are named after members, and models do use names like `foo`.
    let placeholder_allow = members
        .iter()
        .any(|m| matches!(m.field.as_str(), "foo" | "baz" | "quux"))
        .then(|| quote!(#[allow(clippy::disallowed_names)]));
    quote! {
        #deprecated_allow
        impl json::DeserializeShape for #name {
            #placeholder_allow
            fn de_members<'de, A: json::MapAccess<'de>>(mut __object: json::Members<'_, A>) -> Result<Self, A::Error> {
                #(#decls)*
                #loop_body
                Ok(Self { #(#finish)* #extra })
            }
        }
    }
}

fn structure_ser(shape: &ShapeIr, members: &[MemberIr]) -> TokenStream {
    let name = format_ident!("{}", shape.path.name);
    let writes = members.iter().map(|m| {
        let field = ident(&m.field);
        let codec = held_codec(&m.ty, m.boxed);
        let wire = lit(&m.wire);
        match m.repr {
            Repr::Optional => quote!(w.optional::<#codec>(#wire, &self.#field);),
            _ => quote!(w.member::<#codec>(#wire, &self.#field);),
        }
    });
    let deprecated_allow = super::allow_deprecated(members);
    quote! {
        #deprecated_allow
        impl json::SerializeShape for #name {
            fn ser(&self, w: &mut json::JsonWriter) {
                w.begin_object();
                #(#writes)*
                w.end_object();
            }
        }
    }
}

fn union_de(shape: &ShapeIr, variants: &[VariantIr]) -> TokenStream {
    let name = format_ident!("{}", shape.path.name);
    let type_name = &shape.path.name;
    let arms = variants.iter().map(|v| {
        let variant = format_ident!("{}", v.variant);
        let wire = lit(&v.wire);
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
        let wire = lit(&v.wire);
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
