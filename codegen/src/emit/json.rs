//! JSON serializers and deserializers: `impl JsonShape` for structures and unions.
//! Member logic lives in the runtime's codecs; this lists members with their codecs.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{held_codec, lit};
use crate::ir::{MemberIr, Repr, ShapeIr, ShapeKind, StructRole, VariantIr};
use crate::naming::ident;

/// `impl JsonShape` for a structure or union (nothing for enums, which use codecs directly).
pub fn json_impl(shape: &ShapeIr) -> TokenStream {
    match &shape.kind {
        ShapeKind::Struct { members, role } => structure(shape, members, role),
        ShapeKind::Union(variants) => union(shape, variants),
        _ => TokenStream::new(),
    }
}

fn structure(shape: &ShapeIr, members: &[MemberIr], role: &StructRole) -> TokenStream {
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
        quote!(#pattern => #local = json::field::<#codec, A>(&mut __map, __trail, #wire)?,)
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
    let writes = members.iter().map(|m| {
        let field = ident(&m.field);
        let codec = held_codec(&m.ty, m.boxed);
        let wire = lit(&m.wire);
        match m.repr {
            Repr::Optional => quote!(w.optional::<#codec>(#wire, &self.#field);),
            _ => quote!(w.member::<#codec>(#wire, &self.#field);),
        }
    });
    let trail_param = if members.is_empty() { quote!(_trail) } else { quote!(__trail) };
    let decls = locals.iter().map(|l| quote!(let mut #l = None;));
    let loop_body = if members.is_empty() {
        quote! {
            while __map.next_key::<json::Key<'de>>()?.is_some() {
                json::skip_value(&mut __map)?;
            }
        }
    } else {
        quote! {
            while let Some(__key) = __map.next_key::<json::Key<'de>>()? {
                match &*__key {
                    #(#arms)*
                    _ => json::skip_value(&mut __map)?,
                }
            }
        }
    };
    let deprecated_allow = members.iter().any(|m| m.deprecated).then(|| quote!(#[allow(deprecated)]));
    // Locals are named after members, and models do use names like `foo`.
    let placeholder_allow = members
        .iter()
        .any(|m| matches!(m.field.as_str(), "foo" | "baz" | "quux"))
        .then(|| quote!(#[allow(clippy::disallowed_names)]));
    quote! {
        #deprecated_allow
        impl json::JsonShape for #name {
            #placeholder_allow
            fn de_members<'de, A: json::MapAccess<'de>>(mut __map: A, #trail_param: &mut json::Trail) -> Result<Self, A::Error> {
                #(#decls)*
                #loop_body
                Ok(Self { #(#finish)* #extra })
            }
            fn ser(&self, w: &mut json::JsonWriter) {
                w.begin_object();
                #(#writes)*
                w.end_object();
            }
        }
    }
}

fn union(shape: &ShapeIr, variants: &[VariantIr]) -> TokenStream {
    let name = format_ident!("{}", shape.path.name);
    let type_name = &shape.path.name;
    let arms = variants.iter().map(|v| {
        let variant = format_ident!("{}", v.variant);
        let wire = lit(&v.wire);
        match &v.ty {
            Some(ty) => {
                let codec = held_codec(ty, v.boxed);
                quote!(#wire => json::field::<#codec, A>(&mut __map, __trail, #wire)?.map(Self::#variant),)
            }
            None => quote!(#wire => json::field::<json::Unit, A>(&mut __map, __trail, #wire)?.map(|()| Self::#variant),),
        }
    });
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
    let trail_param = if variants.is_empty() { quote!(_trail) } else { quote!(__trail) };
    quote! {
        impl json::JsonShape for #name {
            fn de_members<'de, A: json::MapAccess<'de>>(mut __map: A, #trail_param: &mut json::Trail) -> Result<Self, A::Error> {
                let mut value = None;
                while let Some(__key) = __map.next_key::<json::Key<'de>>()? {
                    let member = match &*__key {
                        // Servers may add a `__type` member to unions; it is not a variant.
                        "__type" => {
                            json::skip_value(&mut __map)?;
                            None
                        }
                        #(#arms)*
                        other => json::unknown_member(&mut __map)?.map(|()| Self::Unknown(other.to_owned())),
                    };
                    if let Some(member) = member {
                        if value.is_some() {
                            return Err(json::invalid::<A>(concat!("more than one member set in union ", #type_name)));
                        }
                        value = Some(member);
                    }
                }
                value.ok_or_else(|| json::invalid::<A>(concat!("no member set in union ", #type_name)))
            }
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
