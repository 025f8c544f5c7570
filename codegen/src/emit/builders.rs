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

    let (by_hand, by_macro): (Vec<&MemberIr>, Vec<&MemberIr>) = members.iter().partition(|m| needs_own_methods(m));
    let mut methods: Vec<syn::ImplItem> = Vec::new();
    if !by_macro.is_empty() {
        let entries = by_macro.iter().map(|m| accessor_entry(krate, m));
        methods.push(syn::parse_quote!(awsgen_runtime::accessors! { #(#entries)* }));
    }
    methods.extend(by_hand.into_iter().flat_map(|m| member_methods(krate, m)));
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

/// Whether a member's accessors are written out rather than by `awsgen_runtime::accessors!`:
/// a deprecated member's carry `#[deprecated]`, which the macro's entries do not, and the
/// macro's links to a keyword setter (`r#type`) would not resolve in rustdoc.
fn needs_own_methods(member: &MemberIr) -> bool {
    member.deprecated.is_some() || ident(&member.setter).to_string().starts_with("r#")
}

/// One member's entry in the builder's `awsgen_runtime::accessors!`: its docs, the kind of
/// setter (by the member's type), the method names, the field if they differ from it, the
/// type (a list's item, a map's key and value).
fn accessor_entry(krate: &CrateIr, member: &MemberIr) -> TokenStream {
    let docs = doc_attributes(Some(&super::docs::member(krate, member)));
    let (set, set_opt, get) = setter_names(member);
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
        #kind #set(#set_opt, #get) #field: #ty;
    }
}

/// The setter and getter methods of one member, built from templates (a model has thousands;
/// see [`template`](super::template)). The member's documentation goes on the primary setter
/// only; `set_`/`get_` point to it, which keeps large models' output small.
fn member_methods(krate: &CrateIr, member: &MemberIr) -> Vec<syn::ImplItem> {
    let field = ident(&member.field);
    let (set, set_opt, get) = setter_names(member);
    let held = held_type(&member.ty, member.boxed);
    // The types the templates name: the item of a list, the key and value of a map, or the value.
    let named_types = match &member.ty {
        TypeIr::List { member: item, .. } => vec![("__Element", rust_type(item))],
        TypeIr::Map { key, value, .. } => vec![("__Key", rust_type(key)), ("__Value", rust_type(value))],
        ty => vec![("__Value", rust_type(ty))],
    };
    let mut fill = Fill::new().ident("__field", &field).ident("__set", &set).ident("__set_opt", &set_opt).ident("__get", &get);
    fill = fill.ty("__Held", &held);
    for (placeholder, ty) in &named_types {
        fill = fill.ty(placeholder, ty);
    }
    // The primary setter takes one item of a list, one entry of a map, or the value.
    let (mut primary, note): (syn::ImplItemFn, _) = match &member.ty {
        TypeIr::List { sparse, .. } => {
            let note = " Appends one item; use the `set_` method to replace the whole list.";
            let primary = if *sparse {
                template!(syn::ImplItemFn, {
                    pub fn __set(mut self, input: Option<__Element>) -> Self {
                        self.__field.get_or_insert_with(Vec::new).push(input);
                        self
                    }
                })
            } else {
                template!(syn::ImplItemFn, {
                    pub fn __set(mut self, input: impl Into<__Element>) -> Self {
                        self.__field.get_or_insert_with(Vec::new).push(input.into());
                        self
                    }
                })
            };
            (primary, Some(note))
        }
        TypeIr::Map { sparse, .. } => {
            let note = " Inserts one entry; use the `set_` method to replace the whole map.";
            let primary = if *sparse {
                template!(syn::ImplItemFn, {
                    pub fn __set(mut self, k: impl Into<__Key>, v: Option<__Value>) -> Self {
                        self.__field.get_or_insert_with(Default::default).insert(k.into(), v);
                        self
                    }
                })
            } else {
                template!(syn::ImplItemFn, {
                    pub fn __set(mut self, k: impl Into<__Key>, v: impl Into<__Value>) -> Self {
                        self.__field.get_or_insert_with(Default::default).insert(k.into(), v.into());
                        self
                    }
                })
            };
            (primary, Some(note))
        }
        _ => {
            let primary = if member.boxed {
                template!(syn::ImplItemFn, {
                    pub fn __set(mut self, input: impl Into<__Value>) -> Self {
                        self.__field = Some(Box::new(input.into()));
                        self
                    }
                })
            } else {
                template!(syn::ImplItemFn, {
                    pub fn __set(mut self, input: impl Into<__Value>) -> Self {
                        self.__field = Some(input.into());
                        self
                    }
                })
            };
            (primary, None)
        }
    };
    fill.apply(&mut primary);
    primary.attrs = doc_attributes(Some(&super::docs::member(krate, member)));
    if let Some(note) = note {
        primary.attrs.extend([doc_attribute(Literal::string("")), doc_attribute(doc_literal(note))]);
    }

    let mut set_opt_method: syn::ImplItemFn = template!(syn::ImplItemFn, {
        pub fn __set_opt(mut self, input: Option<__Held>) -> Self {
            self.__field = input;
            self
        }
    });
    fill.apply(&mut set_opt_method);
    let set_doc = format!(" Sets or clears `{}` (documented on the setter without `set_`).", member.wire);
    set_opt_method.attrs.push(doc_attribute(doc_literal(&set_doc)));

    let mut getter: syn::ImplItemFn = template!(syn::ImplItemFn, {
        pub fn __get(&self) -> &Option<__Held> {
            &self.__field
        }
    });
    fill.apply(&mut getter);
    getter.attrs.push(doc_attribute(doc_literal(&format!(" `{}` as set so far.", member.wire))));
    let mut methods = vec![syn::ImplItem::Fn(primary), syn::ImplItem::Fn(set_opt_method), syn::ImplItem::Fn(getter)];
    if let Some(deprecation) = &member.deprecated {
        for method in &mut methods {
            if let syn::ImplItem::Fn(method) = method {
                method.attrs.push(super::deprecated_attribute(deprecation));
            }
        }
    }
    methods
}
