//! Builders: every member settable, `build()` checking `@required`, `@length` and `@range`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};

use proc_macro2::Literal;

use super::template::{crate_visibility, doc_attribute, field, inherent_impl, template, Fill, Items};
use super::{doc_attributes, doc_literal, held_type, named_type, option_type, rust_type};
use crate::ir::{CrateIr, MemberIr, NamedKind, Repr, ShapeIr, StructRole, TypeIr};
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

/// Whether `build()` fails when the member is not set: `@required` without a default,
/// except in outputs (only built by hand for stubs: lenient there, as the response parser is).
pub fn must_be_set(member: &MemberIr, role: &StructRole) -> bool {
    member.required && !matches!(member.repr, Repr::Default(_)) && *role != StructRole::Output
}

/// The validation statements for one member (value in `self.<field>`), calls on the
/// builder's `check` (an `awsgen_runtime::error::Constraints`).
fn checks(member: &MemberIr, role: &StructRole) -> Vec<TokenStream> {
    let field = ident(&member.field);
    let wire = &member.wire;
    let mut out = Vec::new();
    if must_be_set(member, role) {
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
    if let (Some(bounds), true) = (member.length, member.ty.has_length()) {
        let (lo, hi) = (bound(bounds.min, true), bound(bounds.max, true));
        out.push(quote!(check.length(#wire, &self.#field, #lo, #hi)?;));
    }
    if let (Some(bounds), true) = (member.range, member.ty.is_numeric()) {
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

/// The builder of a structure (from templates: models have thousands).
pub fn builder(krate: &CrateIr, shape: &ShapeIr, members: &[MemberIr], role: &StructRole) -> Items {
    let target = super::value_path(&shape.path);
    let name = format_ident!("{}Builder", shape.path.name);
    // Error builders live in `error::builders`, away from their type: link explicitly there.
    let doc = if shape.path.module == crate::ir::Module::Error {
        format!(" A builder for [`{}`]({}).", shape.path.name, doc_link(shape))
    } else {
        format!(" A builder for [`{}`].", shape.path.name)
    };
    let mut fields: Vec<syn::Field> =
        members.iter().map(|m| field(Vec::new(), crate_visibility(), ident(&m.field), option_type(held_type(&m.ty, m.boxed)))).collect();
    if let StructRole::Error(_) = role {
        let meta = option_type(named_type(&["awsgen_runtime", "ErrorMetadata"], Vec::new()));
        fields.push(field(Vec::new(), crate_visibility(), format_ident!("_meta"), meta));
    }
    // Any operation's input (a shape can be one operation's input and another's output).
    let attachable = krate.operations.iter().any(|op| op.input == shape.path);
    let debug = builder_debug(shape, members, attachable);
    let mut definition = match (attachable, debug.is_empty()) {
        // An input builder is also its operation's fluent builder, attached to a client
        // (`C`); the setters below serve both.
        (true, _) => template!(syn::ItemStruct, {
            #[derive(Clone, Default, PartialEq)]
            pub struct __Name<C = ()> {
                __fields: (),
                pub(crate) _client: C,
            }
        }),
        (false, true) => template!(syn::ItemStruct, {
            #[derive(Clone, Default, PartialEq, Debug)]
            pub struct __Name {
                __fields: (),
            }
        }),
        (false, false) => template!(syn::ItemStruct, {
            #[derive(Clone, Default, PartialEq)]
            pub struct __Name {
                __fields: (),
            }
        }),
    };
    Fill::new().ident("__Name", &name).splice("__fields", fields).apply(&mut definition);
    let mut docs = vec![doc_attribute(doc_literal(&doc))];
    if attachable {
        let note = " Attached to a client, it is the operation's fluent builder, which also sends it.";
        docs.extend([doc_attribute(Literal::string("")), doc_attribute(doc_literal(note))]);
    }
    definition.attrs.splice(0..0, docs);

    let mut methods: Vec<syn::ImplItem> = Vec::new();
    if !members.is_empty() {
        let entries = members.iter().map(|m| accessor_entry(krate, m));
        methods.push(syn::parse_quote!(awsgen_runtime::accessors! { #(#entries)* }));
    }
    if let StructRole::Error(_) = role {
        methods.push(template!(syn::ImplItem, {
            /// Sets the error metadata (code, message, request id, status), e.g. for stubs.
            pub fn set_error_metadata(mut self, meta: awsgen_runtime::ErrorMetadata) -> Self {
                self._meta = Some(meta);
                self
            }
        }));
    }
    methods.push(syn::ImplItem::Fn(build_method(shape, members, role, &target)));
    let mut methods = inherent_impl(&name, methods);
    if attachable {
        methods.generics = syn::parse_quote!(<C>);
        methods.self_ty = syn::parse_quote!(#name<C>);
    }

    let mut items = Items::new();
    items.push_item(syn::Item::Struct(definition));
    items.push_item(syn::Item::Impl(methods));
    items.push_tokens(debug);
    items
}

/// `build()`: the constraint checks (if any), then the value, with missing members filled.
fn build_method(shape: &ShapeIr, members: &[MemberIr], role: &StructRole, target: &syn::Path) -> syn::ImplItemFn {
    let checks: Vec<syn::Stmt> = members.iter().flat_map(|m| checks(m, role)).map(|check| syn::parse_quote!(#check)).collect();
    let mut values: Vec<syn::FieldValue> = members
        .iter()
        .map(|m| {
            let field = ident(&m.field);
            match m.repr {
                Repr::Optional => {
                    let mut value = template!(syn::FieldValue, { __field: self.__field });
                    Fill::new().ident("__field", &field).apply(&mut value);
                    value
                }
                // Checked above; taken without a zero value, which a structure has only if
                // responses hold it (`json::corrected_empty`).
                Repr::Required if must_be_set(m, role) && matches!(m.ty, TypeIr::Named(_, NamedKind::Struct)) => {
                    let wire = &m.wire;
                    syn::parse_quote!(#field: check.present(#wire, self.#field)?)
                }
                _ => {
                    let value = super::fill_missing(m, quote!(self.#field));
                    syn::parse_quote!(#field: #value)
                }
            }
        })
        .collect();
    match role {
        StructRole::Output => values.push(syn::parse_quote!(_request_id: None)),
        StructRole::Error(_) => values.push(syn::parse_quote!(_meta: self._meta.unwrap_or_default())),
        _ => {}
    }
    let mut build = if build_is_fallible(members, role) {
        template!(syn::ImplItemFn, {
            /// Builds the value, checking `@required`, `@length` and `@range` constraints.
            pub fn build(self) -> Result<__Target, awsgen_runtime::BuildError> {
                let check = awsgen_runtime::error::Constraints::new("__shape");
                __checks;
                Ok(__Target { __fields: () })
            }
        })
    } else {
        template!(syn::ImplItemFn, {
            /// Builds the value.
            pub fn build(self) -> __Target {
                __Target { __fields: () }
            }
        })
    };
    let fill = Fill::new().path("__Target", target).string("__shape", &shape.path.name);
    fill.splice("__checks", checks).splice("__fields", values).apply(&mut build);
    build.attrs.extend(super::allow_deprecated(members));
    build
}

fn doc_link(shape: &ShapeIr) -> String {
    quote::ToTokens::to_token_stream(&super::type_path(&shape.path)).to_string().replace(' ', "")
}

/// A builder's `Debug` (the runtime's `debug_fields!`), when derived would not do: members
/// marked `@sensitive` (or in a sensitive shape) are redacted, and an input builder's client
/// is left out.
fn builder_debug(shape: &ShapeIr, members: &[MemberIr], attachable: bool) -> TokenStream {
    if !attachable && !shape.sensitive && !members.iter().any(|m| m.sensitive) {
        return TokenStream::new();
    }
    let name = format_ident!("{}Builder", shape.path.name);
    let fields = members.iter().map(|m| super::shapes::debug_field(m, m.sensitive || shape.sensitive));
    let generics = attachable.then(|| quote!(<C>));
    quote!(awsgen_runtime::debug_fields!(#name #generics { #(#fields),* });)
}

/// One member's entry in the builder's `awsgen_runtime::accessors!`: its docs and
/// `#[deprecated]`, the kind of setter (by the member's type), the method names, a keyword
/// setter's name without `r#`, the field if they differ from it, the type (a list's item, a
/// map's key and value).
fn accessor_entry(krate: &CrateIr, member: &MemberIr) -> TokenStream {
    let docs = doc_attributes(Some(&super::docs::member(krate, member)));
    let deprecated = member.deprecated.as_ref().map(super::deprecated_attribute);
    let (set, set_opt, get) = setter_names(member);
    // Rustdoc's links cannot name `r#type`; the macro links to `type` instead.
    let link = set.to_string().starts_with("r#").then(|| {
        let bare = proc_macro2::Ident::new(&member.setter, proc_macro2::Span::call_site());
        quote!(as #bare)
    });
    let field = ident(&member.field);
    let field = (field != set).then(|| quote!(for #field));
    let (kind, ty) = match &member.ty {
        TypeIr::List { member: item, sparse } => (if *sparse { "sparse_list" } else { "list" }, rust_type(item).into_token_stream()),
        TypeIr::Map { key, value, sparse } => {
            let (key, value) = (rust_type(key), rust_type(value));
            (if *sparse { "sparse_map" } else { "map" }, quote!(#key => #value))
        }
        ty => (if member.boxed { "boxed" } else { "value" }, rust_type(ty).into_token_stream()),
    };
    let kind = format_ident!("{kind}");
    quote! {
        #(#docs)*
        #deprecated
        #kind #set(#set_opt, #get) #link #field: #ty;
    }
}
