//! Paginators for `@paginated` operations: how the runtime's `Paginator` asks for a page
//! and reads it (`Paginated`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust_type;
use crate::index::Simple;
use crate::ir::{CrateIr, OperationIr, PaginatorIr, PathStep, TypeIr};
use crate::naming::ident;

/// `Option<&T>` (or `Option<&mut T>`) of the value at `steps` in `output`.
fn walk(steps: &[PathStep], mutable: bool) -> TokenStream {
    let mut steps_iter = steps.iter();
    let Some(first) = steps_iter.next() else {
        return quote!(None);
    };
    let access = |step: &PathStep| -> (TokenStream, bool) {
        let field = ident(&step.field);
        let (as_ref, as_deref) = if mutable { (quote!(as_mut), quote!(as_deref_mut)) } else { (quote!(as_ref), quote!(as_deref)) };
        let reference = if mutable { quote!(&mut) } else { quote!(&) };
        match (step.optional, step.boxed) {
            (true, true) => (quote!(#field.#as_deref()), true),
            (true, false) => (quote!(#field.#as_ref()), true),
            (false, true) => (quote!(#reference *#field), false),
            (false, false) => (quote!(#reference #field), false),
        }
    };
    let field = ident(&first.field);
    let (first_access, first_optional) = access(first);
    let mut expr = if first_optional {
        quote!(output.#first_access)
    } else {
        let reference = if mutable { quote!(&mut) } else { quote!(&) };
        let deref = if first.boxed { quote!(*) } else { quote!() };
        quote!(Some(#reference #deref output.#field))
    };
    for step in steps_iter {
        let (step_access, optional) = access(step);
        let field = ident(&step.field);
        expr = if optional {
            quote!(#expr.and_then(|value| value.#step_access))
        } else {
            let _ = step_access;
            let reference = if mutable { quote!(&mut) } else { quote!(&) };
            let deref = if step.boxed { quote!(*) } else { quote!() };
            quote!(#expr.map(|value| #reference #deref value.#field))
        };
    }
    expr
}

/// The paginator type of an operation: the runtime's `Paginator` over the operation's
/// `Paginated` impl, which says where the token, page size and items are.
pub fn paginator(op: &OperationIr, p: &PaginatorIr, _krate: &CrateIr) -> TokenStream {
    let type_prefix = crate::naming::type_name(&op.name);
    let name = format_ident!("{type_prefix}Paginator");
    let operation = format_ident!("{type_prefix}");
    let fluent = format_ident!("{type_prefix}FluentBuilder");
    let token_field = ident(&p.input_token);
    let token_type = rust_type(&p.token);
    // An empty token ends the pagination as an absent one does; an enum value is never empty.
    let walked = walk(&p.output_token, false);
    let token = if matches!(p.token, TypeIr::Named(..)) { walked } else { quote!(#walked.filter(|token| !token.is_empty())) };
    let set_page_size = p.page_size.as_ref().map(|(field, simple)| {
        let field = ident(field);
        let value = match simple {
            Simple::Integer => quote!(size),
            Simple::Long => quote!(i64::from(size)),
            _ => quote!(size.try_into().unwrap_or_default()),
        };
        quote! {
            fn set_page_size(input: &mut Self::Fluent, size: i32) {
                input.#field = Some(#value);
            }
        }
    });
    let collection = match &p.items {
        Some((steps, ty @ (TypeIr::List { .. } | TypeIr::Map { .. }))) => Some((rust_type(ty), walk(steps, true))),
        _ => None,
    };
    let (items_type, items_method) = match &collection {
        Some((ty, get_mut)) => (
            quote!(#ty),
            quote! {
                fn items(output: &mut Self::Output) -> Option<&mut Self::Items> {
                    #get_mut
                }
            },
        ),
        None => (quote!(()), quote!()),
    };
    let page_sized = p.page_size.as_ref().map(|_| quote!(impl awsgen_runtime::pagination::PageSized for #operation {}));
    let with_items = collection.is_some().then(|| quote!(impl awsgen_runtime::pagination::PaginatedItems for #operation {}));
    let doc = format!(" Pages through `{}`; created by `into_paginator()` on its fluent builder.", op.name);
    // The token or items may be read through a deprecated member: the model's `@paginated`
    // names that member, so reading it is the paginator's job, not a use to migrate away
    // from; the allow covers this impl only, and callers still see the field's deprecation.
    let mut steps = p.output_token.iter().chain(p.items.iter().flat_map(|(steps, _)| steps));
    let allow = steps.any(|step| step.deprecated).then(|| quote!(#[allow(deprecated)]));
    quote! {
        #[doc = #doc]
        pub type #name = awsgen_runtime::pagination::Paginator<#operation>;

        #allow
        impl awsgen_runtime::pagination::Paginated for #operation {
            type Fluent = #fluent;
            type Token = #token_type;
            type Items = #items_type;
            fn fetch_page(input: Self::Fluent) -> awsgen_runtime::pagination::BoxFuture<Result<Self::Output, awsgen_runtime::SdkError<Self::Error>>> {
                Box::pin(input.send())
            }
            fn set_token(input: &mut Self::Fluent, token: Option<Self::Token>) {
                input.#token_field = token;
            }
            #set_page_size
            fn next_token(output: &Self::Output) -> Option<&Self::Token> {
                #token
            }
            #items_method
        }
        #page_sized
        #with_items
    }
}
