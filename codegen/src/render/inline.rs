//! Where the generated crate's machine code is made: `#[inline]` on every function it
//! defines, so that rustc generates a function's code only in a crate that calls it.
//!
//! A service crate defines hundreds of operations and thousands of types, and a program
//! calls a few of them. Without the attribute, every public non-generic function is compiled
//! to machine code when the service crate is built, used or not (for SSM, the code to read
//! every response was most of a release build). With it, the service crate is type-checked
//! once and each caller compiles what it reaches, as it does for generic functions: the
//! call-site cost of an operation is paid once per calling crate, the rest never.
//!
//! Generic functions (and the methods of generic impls) are compiled by their callers
//! anyway and are left as they are; so are tests.

use syn::visit_mut::VisitMut;

/// Adds `#[inline]` to each function of `file` that is compiled where it is defined.
pub fn defer_codegen(file: &mut syn::File) {
    Marker { generic_impl: false }.visit_file_mut(file);
}

struct Marker {
    /// Inside an `impl` with type or const parameters.
    generic_impl: bool,
}

impl VisitMut for Marker {
    fn visit_item_mod_mut(&mut self, module: &mut syn::ItemMod) {
        if !is_test(&module.attrs) {
            syn::visit_mut::visit_item_mod_mut(self, module);
        }
    }

    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        let outer = std::mem::replace(&mut self.generic_impl, has_type_parameters(&item.generics));
        syn::visit_mut::visit_item_impl_mut(self, item);
        self.generic_impl = outer;
    }

    fn visit_impl_item_fn_mut(&mut self, function: &mut syn::ImplItemFn) {
        if !self.generic_impl && !is_generic(&function.sig) {
            mark(&mut function.attrs);
        }
        syn::visit_mut::visit_impl_item_fn_mut(self, function);
    }

    fn visit_item_fn_mut(&mut self, function: &mut syn::ItemFn) {
        if !is_generic(&function.sig) {
            mark(&mut function.attrs);
        }
        syn::visit_mut::visit_item_fn_mut(self, function);
    }
}

fn mark(attrs: &mut Vec<syn::Attribute>) {
    let already = attrs.iter().any(|a| a.path().is_ident("inline"));
    if !already && !is_test(attrs) {
        attrs.push(syn::parse_quote!(#[inline]));
    }
}

/// `#[test]`, `#[tokio::test]` or `#[cfg(test)]`.
fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        let path = attr.path();
        path.segments.last().is_some_and(|s| s.ident == "test")
            || (path.is_ident("cfg") && attr.parse_args::<syn::Ident>().is_ok_and(|arg| arg == "test"))
    })
}

/// Type or const parameters, or an `impl Trait` argument (`fn f(x: impl Into<String>)`).
fn is_generic(sig: &syn::Signature) -> bool {
    has_type_parameters(&sig.generics)
        || sig.inputs.iter().any(|input| matches!(input, syn::FnArg::Typed(t) if matches!(*t.ty, syn::Type::ImplTrait(_))))
}

fn has_type_parameters(generics: &syn::Generics) -> bool {
    generics.params.iter().any(|p| !matches!(p, syn::GenericParam::Lifetime(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(source: &str) -> String {
        let mut file: syn::File = syn::parse_str(source).expect("valid Rust");
        defer_codegen(&mut file);
        prettyplease::unparse(&file)
    }

    #[test]
    fn non_generic_functions_and_methods_are_inline() {
        let out = marked("fn f() {} struct S; impl S { pub fn g(&self) -> u8 { 1 } } impl std::fmt::Debug for S { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { Ok(()) } }");
        assert_eq!(out.matches("#[inline]").count(), 3, "{out}");
    }

    #[test]
    fn generic_functions_tests_and_marked_functions_are_left_alone() {
        let out = marked(
            "fn f<T>(t: T) {} fn g(x: impl Into<String>) {} impl<C> B<C> { fn h(&self) {} } \
             #[inline] fn i() {} #[test] fn t() {} #[cfg(test)] mod tests { fn helper() {} } \
             fn lifetimes<'a>(x: &'a str) -> &'a str { x }",
        );
        assert_eq!(out.matches("#[inline]").count(), 2, "only `i` (already) and `lifetimes`: {out}");
    }
}
