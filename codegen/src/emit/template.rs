//! Syntax trees from templates, for the items a model repeats most: each member's setters,
//! getters, struct fields and JSON lines, each structure's builder and JSON impls, each
//! operation's error enum. Quoting such an item and parsing it back is most of the
//! generator's work per token; a template is parsed once per thread, and each use clones the
//! tree and fills its placeholders (names starting `__`) with [`Fill`].
//!
//! Emitters still write the rest as token streams; [`Items`] carries both to the renderer.

use proc_macro2::{Group, Ident, Literal, Span, TokenStream, TokenTree};
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};

/// A syntax tree of type `$kind` parsed once per thread from the tokens in braces, cloned on
/// each use; fill its placeholders with [`Fill::apply`].
///
/// Templates are constants of the generator, so one that does not parse is a bug in it,
/// caught by any test that emits the item (`expect`, not an error path).
macro_rules! template {
    ($kind:ty, { $($tokens:tt)* }) => {{
        thread_local! {
            static TEMPLATE: $kind = syn::parse2(quote::quote!($($tokens)*)).expect("a template is valid Rust");
        }
        TEMPLATE.with(Clone::clone)
    }};
}
pub(crate) use template;

/// The values of a template's placeholders. Identifiers, types, paths and string literals
/// are replaced wherever they occur. Lists are spliced in, once, where a placeholder
/// statement (`__name;`), match arm (`__name => {}`), struct-expression or struct field
/// (`__name: ()`), enum variant (`__name`) or method (`fn __name() {}`) stands — as they are:
/// fill a spliced tree's own placeholders before splicing it.
#[derive(Default)]
pub struct Fill<'a> {
    idents: Vec<(&'static str, &'a Ident)>,
    types: Vec<(&'static str, &'a syn::Type)>,
    paths: Vec<(&'static str, &'a syn::Path)>,
    strings: Vec<(&'static str, &'a str)>,
    stmts: Splices<syn::Stmt>,
    arms: Splices<syn::Arm>,
    fields: Splices<syn::FieldValue>,
    variants: Splices<syn::Variant>,
    struct_fields: Splices<syn::Field>,
    methods: Splices<syn::ImplItem>,
}

impl<'a> Fill<'a> {
    /// No placeholders filled yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces the identifier `placeholder` (a field, method or variable name) with `value`.
    pub fn ident(mut self, placeholder: &'static str, value: &'a Ident) -> Self {
        self.idents.push((placeholder, value));
        self
    }

    /// Replaces the type `placeholder` (a one-segment path such as `__Ty`) with `value`.
    pub fn ty(mut self, placeholder: &'static str, value: &'a syn::Type) -> Self {
        self.types.push((placeholder, value));
        self
    }

    /// Replaces the one-segment path `placeholder` wherever it stands (a type, a struct
    /// expression `__Target { .. }`) with `value`.
    pub fn path(mut self, placeholder: &'static str, value: &'a syn::Path) -> Self {
        self.paths.push((placeholder, value));
        self
    }

    /// Replaces string literals whose value is `placeholder` with `value`.
    pub fn string(mut self, placeholder: &'static str, value: &'a str) -> Self {
        self.strings.push((placeholder, value));
        self
    }

    /// Splices `values` in place of `placeholder`, which stands where a list of their kind
    /// does (see [`Fill`]).
    pub fn splice<T: Splice>(mut self, placeholder: &'static str, values: Vec<T>) -> Self {
        T::splices(&mut self).push((placeholder, Some(values)));
        self
    }

    /// Fills the placeholders of an instantiated template.
    pub fn apply<T: Template>(&mut self, tree: &mut T) {
        tree.fill(&mut Filler(self));
    }
}

/// A syntax tree a template can be: what [`Fill::apply`] walks.
pub trait Template {
    /// Visits the tree with `filler`.
    #[doc(hidden)]
    fn fill(&mut self, filler: &mut Filler<'_, '_>);
}

/// A kind of syntax tree that can be spliced in as a list: where [`Fill::splice`] keeps it.
pub trait Splice: Sized {
    /// The fill's splices of this kind.
    #[doc(hidden)]
    fn splices<'f>(fill: &'f mut Fill<'_>) -> &'f mut Splices<Self>;
}

macro_rules! splices {
    ($($ty:ty => $field:ident),* $(,)?) => {$(
        impl Splice for $ty {
            fn splices<'f>(fill: &'f mut Fill<'_>) -> &'f mut Splices<Self> {
                &mut fill.$field
            }
        }
    )*};
}

splices! {
    syn::Stmt => stmts,
    syn::Arm => arms,
    syn::FieldValue => fields,
    syn::Variant => variants,
    syn::Field => struct_fields,
    syn::ImplItem => methods,
}

macro_rules! templates {
    ($($ty:ty => $visit:ident),* $(,)?) => {$(
        impl Template for $ty {
            fn fill(&mut self, filler: &mut Filler<'_, '_>) {
                filler.$visit(self);
            }
        }
    )*};
}

templates! {
    syn::ImplItemFn => visit_impl_item_fn_mut,
    syn::ItemImpl => visit_item_impl_mut,
    syn::Stmt => visit_stmt_mut,
    syn::Arm => visit_arm_mut,
    syn::FieldValue => visit_field_value_mut,
    syn::ItemEnum => visit_item_enum_mut,
    syn::ItemStruct => visit_item_struct_mut,
    syn::Variant => visit_variant_mut,
}

/// Values to splice in, by placeholder; `None` once spliced.
pub type Splices<T> = Vec<(&'static str, Option<Vec<T>>)>;

/// Takes the splice registered for `name`, if any and not spliced yet.
fn take_splice<T>(splices: &mut [(&'static str, Option<Vec<T>>)], name: &Ident) -> Option<Vec<T>> {
    splices.iter_mut().find(|(placeholder, _)| name == placeholder).and_then(|(_, items)| items.take())
}

/// The placeholders of `splices` whose values were not spliced anywhere.
fn unspliced<'s, T>(splices: &'s [(&'static str, Option<Vec<T>>)]) -> impl Iterator<Item = &'static str> + 's {
    splices.iter().filter(|(_, items)| items.as_ref().is_some_and(|items| !items.is_empty())).map(|(placeholder, _)| *placeholder)
}

/// Values left over from a splice mean a misspelt placeholder (an empty list may have no
/// placeholder: templates for the empty case leave it out). Checked in debug builds (the
/// tests), when the fill is dropped.
impl Drop for Fill<'_> {
    fn drop(&mut self) {
        if cfg!(debug_assertions) && !std::thread::panicking() {
            let mut missing: Vec<&str> = unspliced(&self.stmts).chain(unspliced(&self.arms)).chain(unspliced(&self.fields)).collect();
            missing.extend(unspliced(&self.variants).chain(unspliced(&self.struct_fields)).chain(unspliced(&self.methods)));
            assert!(missing.is_empty(), "template placeholders not found: {missing:?}");
        }
    }
}

/// The identifier a placeholder expression (`__name`) consists of.
fn placeholder_expr(expr: &syn::Expr) -> Option<&Ident> {
    match expr {
        syn::Expr::Path(syn::ExprPath { qself: None, path, .. }) => path.get_ident(),
        _ => None,
    }
}

/// Fills one tree's placeholders (see [`Fill`]).
pub struct Filler<'f, 'a>(&'f mut Fill<'a>);

/// Splices, into `items`, the registered values of the placeholders `placeholder_of` finds.
fn splice<T>(items: &mut Vec<T>, splices: &mut [(&'static str, Option<Vec<T>>)], placeholder_of: fn(&T) -> Option<&Ident>) {
    if splices.is_empty() || !items.iter().any(|item| placeholder_of(item).is_some()) {
        return;
    }
    let mut spliced = Vec::with_capacity(items.len());
    for item in items.drain(..) {
        match placeholder_of(&item).and_then(|name| take_splice(splices, name)) {
            Some(values) => spliced.extend(values),
            None => spliced.push(item),
        }
    }
    *items = spliced;
}

/// [`splice`] for comma-separated lists.
fn splice_punctuated<T, P: Default>(items: &mut Punctuated<T, P>, splices: &mut [(&'static str, Option<Vec<T>>)], placeholder_of: fn(&T) -> Option<&Ident>) {
    if splices.is_empty() {
        return;
    }
    let mut list: Vec<T> = std::mem::take(items).into_iter().collect();
    splice(&mut list, splices, placeholder_of);
    *items = list.into_iter().collect();
}

fn stmt_placeholder(stmt: &syn::Stmt) -> Option<&Ident> {
    match stmt {
        syn::Stmt::Expr(expr, Some(_)) => placeholder_expr(expr),
        _ => None,
    }
}

fn arm_placeholder(arm: &syn::Arm) -> Option<&Ident> {
    match &arm.pat {
        syn::Pat::Ident(pat) => Some(&pat.ident),
        _ => None,
    }
}

fn variant_placeholder(variant: &syn::Variant) -> Option<&Ident> {
    Some(&variant.ident)
}

fn struct_field_placeholder(field: &syn::Field) -> Option<&Ident> {
    field.ident.as_ref()
}

fn method_placeholder(item: &syn::ImplItem) -> Option<&Ident> {
    match item {
        syn::ImplItem::Fn(method) => Some(&method.sig.ident),
        _ => None,
    }
}

fn field_placeholder(field: &syn::FieldValue) -> Option<&Ident> {
    match &field.member {
        syn::Member::Named(name) => Some(name),
        syn::Member::Unnamed(_) => None,
    }
}

impl Filler<'_, '_> {
    fn fill_tokens(&self, tokens: TokenStream) -> TokenStream {
        tokens
            .into_iter()
            .map(|token| match token {
                TokenTree::Ident(ident) => match self.0.idents.iter().find(|(placeholder, _)| ident == placeholder) {
                    Some((_, value)) => TokenTree::Ident((*value).clone()),
                    None => TokenTree::Ident(ident),
                },
                TokenTree::Group(group) => {
                    let mut filled = Group::new(group.delimiter(), self.fill_tokens(group.stream()));
                    filled.set_span(group.span());
                    TokenTree::Group(filled)
                }
                other => other,
            })
            .collect()
    }
}

impl VisitMut for Filler<'_, '_> {
    fn visit_ident_mut(&mut self, ident: &mut Ident) {
        if let Some((_, value)) = self.0.idents.iter().find(|(placeholder, _)| ident == placeholder) {
            *ident = (*value).clone();
        }
    }

    // Macro arguments are tokens, not trees: their identifiers are replaced token by token.
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        visit_mut::visit_macro_mut(self, mac);
        if !self.0.idents.is_empty() {
            mac.tokens = self.fill_tokens(std::mem::take(&mut mac.tokens));
        }
    }

    fn visit_type_mut(&mut self, ty: &mut syn::Type) {
        if let syn::Type::Path(syn::TypePath { qself: None, path, .. }) = ty {
            if let Some(name) = path.get_ident() {
                if let Some((_, value)) = self.0.types.iter().find(|(placeholder, _)| name == placeholder) {
                    *ty = (*value).clone();
                    return;
                }
            }
        }
        visit_mut::visit_type_mut(self, ty);
    }

    fn visit_lit_str_mut(&mut self, literal: &mut syn::LitStr) {
        if self.0.strings.is_empty() {
            return;
        }
        let text = literal.value();
        if let Some((_, value)) = self.0.strings.iter().find(|(placeholder, _)| text == *placeholder) {
            *literal = syn::LitStr::new(value, literal.span());
        }
    }

    // Splices go in after the walk, so that spliced trees (filled already) are not walked again.
    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        visit_mut::visit_block_mut(self, block);
        splice(&mut block.stmts, &mut self.0.stmts, stmt_placeholder);
    }

    fn visit_expr_match_mut(&mut self, expr: &mut syn::ExprMatch) {
        visit_mut::visit_expr_match_mut(self, expr);
        splice(&mut expr.arms, &mut self.0.arms, arm_placeholder);
    }

    fn visit_item_enum_mut(&mut self, item: &mut syn::ItemEnum) {
        visit_mut::visit_item_enum_mut(self, item);
        splice_punctuated(&mut item.variants, &mut self.0.variants, variant_placeholder);
    }

    fn visit_fields_named_mut(&mut self, fields: &mut syn::FieldsNamed) {
        visit_mut::visit_fields_named_mut(self, fields);
        splice_punctuated(&mut fields.named, &mut self.0.struct_fields, struct_field_placeholder);
    }

    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if let Some(name) = path.get_ident() {
            if let Some((_, value)) = self.0.paths.iter().find(|(placeholder, _)| name == placeholder) {
                *path = (*value).clone();
                return;
            }
        }
        visit_mut::visit_path_mut(self, path);
    }

    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        visit_mut::visit_item_impl_mut(self, item);
        splice(&mut item.items, &mut self.0.methods, method_placeholder);
    }

    fn visit_expr_struct_mut(&mut self, expr: &mut syn::ExprStruct) {
        visit_mut::visit_expr_struct_mut(self, expr);
        splice_punctuated(&mut expr.fields, &mut self.0.fields, field_placeholder);
    }
}

/// A `#[doc = ...]` attribute holding `literal`, built as a tree.
pub fn doc_attribute(literal: Literal) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta: syn::Meta::NameValue(syn::MetaNameValue {
            path: Ident::new("doc", Span::call_site()).into(),
            eq_token: Default::default(),
            value: syn::Expr::Lit(syn::ExprLit { attrs: Vec::new(), lit: syn::Lit::new(literal) }),
        }),
    }
}

/// A named field of a struct definition, built as a tree.
pub fn field(attrs: Vec<syn::Attribute>, vis: syn::Visibility, name: Ident, ty: syn::Type) -> syn::Field {
    syn::Field { attrs, vis, modifiers: Default::default(), ident: Some(name), colon_token: Some(Default::default()), ty, default: None }
}

/// `impl name { methods }`.
pub fn inherent_impl(name: &Ident, methods: Vec<syn::ImplItem>) -> syn::ItemImpl {
    let mut item = template!(syn::ItemImpl, {
        impl __Name {
            fn __methods() {}
        }
    });
    Fill::new().ident("__Name", name).splice("__methods", methods).apply(&mut item);
    item
}

/// `pub(crate)`, for fields.
pub fn crate_visibility() -> syn::Visibility {
    template!(syn::Visibility, { pub(crate) })
}

/// One run of a file's items.
pub enum Part {
    /// Items as tokens, parsed when the file is rendered.
    Tokens(TokenStream),
    /// An item built as a tree (boxed: items are large, token streams small).
    Item(Box<syn::Item>),
}

/// A Rust file's items as the emitters produce them, in order: token streams and trees.
#[derive(Default)]
pub struct Items(Vec<Part>);

impl Items {
    /// No items.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends items written as tokens.
    pub fn push_tokens(&mut self, tokens: TokenStream) {
        if tokens.is_empty() {
            return;
        }
        match self.0.last_mut() {
            Some(Part::Tokens(last)) => last.extend([tokens]),
            _ => self.0.push(Part::Tokens(tokens)),
        }
    }

    /// Appends an item built as a tree.
    pub fn push_item(&mut self, item: syn::Item) {
        self.0.push(Part::Item(Box::new(item)));
    }

    /// Appends `other`'s items.
    pub fn append(&mut self, other: Items) {
        for part in other.0 {
            match part {
                Part::Tokens(tokens) => self.push_tokens(tokens),
                part => self.0.push(part),
            }
        }
    }

    /// The runs of items, in order.
    pub fn into_parts(self) -> Vec<Part> {
        self.0
    }

    /// Everything as tokens, for items nested in an inline module (trees are printed back to
    /// tokens, which costs what quoting them would have).
    pub fn into_tokens(self) -> TokenStream {
        let mut out = TokenStream::new();
        for part in self.0 {
            match part {
                Part::Tokens(tokens) => out.extend([tokens]),
                Part::Item(item) => quote::ToTokens::to_tokens(&*item, &mut out),
            }
        }
        out
    }
}

impl From<TokenStream> for Items {
    fn from(tokens: TokenStream) -> Self {
        let mut items = Items::new();
        items.push_tokens(tokens);
        items
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{format_ident, quote};

    fn method(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(quote!(impl T { #tokens })).unwrap())
    }

    #[test]
    fn placeholders_are_filled_and_nothing_else_changes() {
        let mut setter: syn::ImplItemFn = template!(syn::ImplItemFn, {
            pub fn __set(mut self, input: impl Into<__Ty>) -> Self {
                self.__field = Some(input.into());
                self
            }
        });
        let (set, field) = (format_ident!("name"), format_ident!("name_field"));
        let ty: syn::Type = syn::parse_quote!(Vec<crate::types::Thing>);
        Fill::new().ident("__set", &set).ident("__field", &field).ty("__Ty", &ty).apply(&mut setter);
        setter.attrs.push(doc_attribute(Literal::string(" Sets it.")));
        let expected = quote! {
            /// Sets it.
            pub fn name(mut self, input: impl Into<Vec<crate::types::Thing>>) -> Self {
                self.name_field = Some(input.into());
                self
            }
        };
        assert_eq!(method(quote!(#setter)), method(expected));
    }

    #[test]
    fn splices_put_lists_where_their_placeholders_stand() {
        let mut item: syn::ItemImpl = template!(syn::ItemImpl, {
            impl __Name {
                fn __methods() {}
                fn run(&self) -> __Target {
                    first();
                    __stmts;
                    match x {
                        __arms => {}
                        _ => {}
                    }
                    __Target { a: 1, __fields: () }
                }
            }
        });
        let name = format_ident!("Thing");
        let target: syn::Path = syn::parse_quote!(crate::types::Thing);
        let mut fill = Fill::new().ident("__Name", &name).path("__Target", &target);
        fill = fill.splice::<syn::ImplItem>("__methods", vec![syn::parse_quote!(fn one() {}), syn::parse_quote!(fn two() {})]);
        fill = fill.splice::<syn::Stmt>("__stmts", vec![syn::parse_quote!(second();), syn::parse_quote!(third();)]);
        fill = fill.splice::<syn::Arm>("__arms", vec![syn::parse_quote!(1 => {}), syn::parse_quote!(2 => {})]);
        fill = fill.splice::<syn::FieldValue>("__fields", vec![syn::parse_quote!(b: 2), syn::parse_quote!(c: 3)]);
        fill.apply(&mut item);
        let expected: syn::ItemImpl = syn::parse_quote! {
            impl Thing {
                fn one() {}
                fn two() {}
                fn run(&self) -> crate::types::Thing {
                    first();
                    second();
                    third();
                    match x {
                        1 => {}
                        2 => {}
                        _ => {}
                    }
                    crate::types::Thing { a: 1, b: 2, c: 3 }
                }
            }
        };
        let print = |item: &syn::ItemImpl| prettyplease::unparse(&syn::parse_quote!(#item));
        assert_eq!(print(&item), print(&expected));

        let mut definition: syn::ItemEnum = template!(syn::ItemEnum, { enum E { A, __variants, Z } });
        Fill::new().splice::<syn::Variant>("__variants", vec![syn::parse_quote!(B(u8)), syn::parse_quote!(C)]).apply(&mut definition);
        let mut structure: syn::ItemStruct = template!(syn::ItemStruct, { struct S { __fields: () } });
        let field_type: syn::Type = syn::parse_quote!(Option<String>);
        let fields = vec![field(Vec::new(), crate_visibility(), format_ident!("name"), field_type)];
        Fill::new().splice("__fields", fields).apply(&mut structure);
        let printed = prettyplease::unparse(&syn::parse_quote!(#definition #structure));
        assert_eq!(printed, "enum E {\n    A,\n    B(u8),\n    C,\n    Z,\n}\nstruct S {\n    pub(crate) name: Option<String>,\n}\n");
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "template placeholders not found: [\"__misspelt\"]")]
    fn a_splice_without_its_placeholder_is_caught_in_debug_builds() {
        let mut method: syn::ImplItemFn = template!(syn::ImplItemFn, { fn f() { __stmts; } });
        Fill::new().splice::<syn::Stmt>("__misspelt", vec![syn::parse_quote!(g();)]).apply(&mut method);
    }

    #[test]
    fn a_template_is_a_fresh_copy_each_time() {
        let first: syn::ImplItemFn = template!(syn::ImplItemFn, { fn __f() {} });
        let mut second = first.clone();
        Fill::new().ident("__f", &format_ident!("g")).apply(&mut second);
        assert_eq!(first.sig.ident, "__f");
        assert_eq!(second.sig.ident, "g");
    }

    #[test]
    fn items_keep_their_order() {
        let mut items = Items::from(quote!(struct A;));
        items.push_item(syn::parse_quote!(struct B;));
        items.push_tokens(quote!(struct C;));
        items.append(Items::from(quote!(struct D;)));
        items.push_item(syn::parse_quote!(struct E;));
        let file: syn::File = syn::parse2(items.into_tokens()).unwrap();
        assert_eq!(prettyplease::unparse(&file), "struct A;\nstruct B;\nstruct C;\nstruct D;\nstruct E;\n");
    }
}
