//! Paginators for `@paginated` operations: streams of pages and of items.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{builder_path, rust_type, type_path};
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

/// The paginator type of an operation.
pub fn paginator(op: &OperationIr, p: &PaginatorIr, _krate: &CrateIr) -> TokenStream {
    let type_prefix = crate::naming::type_name(&op.name);
    let name = format_ident!("{type_prefix}Paginator");
    let error = format_ident!("{type_prefix}Error");
    let input_builder = builder_path(&op.input);
    let output = type_path(&op.output);
    let token_field = ident(&p.input_token);
    let token_type = rust_type(&p.token);
    // An empty token ends the pagination as an absent one does; an enum value is never empty.
    let walked = walk(&p.output_token, false);
    let token = if matches!(p.token, TypeIr::Named(..)) { walked } else { quote!(#walked.filter(|token| !token.is_empty())) };
    let set_page_size = match &p.page_size {
        Some((field, simple)) => {
            let field = ident(field);
            let value = match simple {
                Simple::Integer => quote!(size),
                Simple::Long => quote!(i64::from(size)),
                _ => quote!(size.try_into().unwrap_or_default()),
            };
            quote! {
                if let Some(size) = page_size {
                    input.#field = Some(#value);
                }
            }
        }
        None => quote!(let _ = page_size;),
    };
    // Lists and maps differ only in item type and in how a page's collection is counted,
    // cut and drained; the accessors and the `PageShape` around them are shared.
    let collection_ops = match &p.items {
        Some((steps, TypeIr::List { member, sparse })) => {
            let element = rust_type(member);
            let item = if *sparse { quote!(Option<#element>) } else { quote!(#element) };
            Some((
                steps,
                item.clone(),
                quote!(Vec<#item>),
                quote!(Vec::len),
                quote!(items.truncate(n);),
                quote!(items_mut(&mut output).map(std::mem::take).unwrap_or_default()),
            ))
        }
        Some((steps, TypeIr::Map { key, value, sparse })) => {
            let (key, value) = (rust_type(key), rust_type(value));
            let value = if *sparse { quote!(Option<#value>) } else { quote!(#value) };
            Some((
                steps,
                quote!((#key, #value)),
                quote!(std::collections::BTreeMap<#key, #value>),
                quote!(|items| items.len()),
                quote!(*items = std::mem::take(items).into_iter().take(n).collect();),
                quote!({
                    items_mut(&mut output).map(std::mem::take).unwrap_or_default().into_iter().collect()
                }),
            ))
        }
        _ => None,
    };
    let (item, items_shape, items_method) = match collection_ops {
        Some((steps, item, collection, count, truncate, drain)) => {
            let get = walk(steps, false);
            let get_mut = walk(steps, true);
            (
                item,
                quote! {
                    fn items(output: &#output) -> Option<&#collection> {
                        #get
                    }
                    fn items_mut(output: &mut #output) -> Option<&mut #collection> {
                        #get_mut
                    }
                    awsgen_runtime::pagination::PageShape {
                        next_token,
                        item_count: |output| items(output).map_or(0, #count),
                        truncate: |output, n| {
                            if let Some(items) = items_mut(output) {
                                #truncate
                            }
                        },
                        into_items: |mut output| #drain,
                    }
                },
                true,
            )
        }
        None => (
            quote!(()),
            quote! {
                awsgen_runtime::pagination::PageShape {
                    next_token,
                    item_count: |_| 0,
                    truncate: |_, _| {},
                    into_items: |_| Vec::new(),
                }
            },
            false,
        ),
    };
    let items_fn = if items_method {
        quote! {
            /// A stream of the items of every page.
            pub fn items(self) -> awsgen_runtime::pagination::ItemStream<#output, #item, #error, #token_type> {
                self.send().items()
            }
        }
    } else {
        quote!()
    };
    let doc = format!(" Pages through `{}`; created by `into_paginator()` on its fluent builder.", op.name);
    let page_size_method = if p.page_size.is_some() {
        quote! {
            /// Items per page to ask the service for.
            pub fn page_size(mut self, size: i32) -> Self {
                self.config.page_size = Some(size);
                self
            }
        }
    } else {
        quote!()
    };
    quote! {
        #[doc = #doc]
        ///
        /// Stops when the service returns no (or an empty) token, or repeats one (the stream's
        /// `end()` says why). After a retryable error the stream keeps its place; its
        /// `resume_token()` starts a new paginator where it stopped.
        #[derive(Clone, Debug)]
        pub struct #name {
            handle: awsgen_runtime::client::Handle,
            input: #input_builder,
            config: awsgen_runtime::pagination::PaginationConfig<#token_type>,
        }

        impl #name {
            pub(crate) fn new(handle: awsgen_runtime::client::Handle, input: #input_builder) -> Self {
                Self { handle, input, config: Default::default() }
            }
            #page_size_method
            /// Stop after this many items in total.
            pub fn max_items(mut self, max: usize) -> Self {
                self.config.max_items = Some(max);
                self
            }
            /// Stop after this many pages.
            pub fn max_pages(mut self, max: usize) -> Self {
                self.config.max_pages = Some(max);
                self
            }
            /// Resume from a token returned by an earlier call (a stream's `resume_token()`).
            pub fn starting_token(mut self, token: impl Into<#token_type>) -> Self {
                self.config.starting_token = Some(token.into());
                self
            }
            /// After a retryable error the stream keeps its place and polling it again fetches
            /// the page again; this many failed polls in a row end it (default 3).
            pub fn max_consecutive_failures(mut self, max: u32) -> Self {
                self.config.max_consecutive_failures = max;
                self
            }
            /// The wait before a failed page is fetched again, doubled per further failure in a
            /// row (default 1 s, at most 20 s).
            pub fn failure_backoff(mut self, backoff: std::time::Duration) -> Self {
                self.config.failure_backoff = backoff;
                self
            }
            /// End with `SdkError::RepeatedToken` when the service repeats a token, as botocore
            /// does, instead of ending cleanly after the page that carried it.
            pub fn error_on_repeated_token(mut self, error: bool) -> Self {
                self.config.error_on_repeated_token = error;
                self
            }
            /// A stream of pages.
            pub fn send(self) -> awsgen_runtime::pagination::PageStream<#output, #item, #error, #token_type> {
                let Self { handle, input, config } = self;
                let fetch: awsgen_runtime::pagination::FetchPage<#output, #error, #token_type> = Box::new(move |token, page_size| {
                    // Not `input.clone()`: a member named `clone` has a builder method of that name.
                    let mut input = Clone::clone(&input);
                    input.#token_field = token;
                    #set_page_size
                    let handle = handle.clone();
                    Box::pin(async move { send(&handle, input).await })
                });
                awsgen_runtime::pagination::PageStream::new(fetch, page_shape(), config)
            }
            #items_fn
        }

        /// How the paginator reads a page.
        fn page_shape() -> awsgen_runtime::pagination::PageShape<#output, #item, #token_type> {
            fn next_token(output: &#output) -> Option<&#token_type> {
                #token
            }
            #items_shape
        }
    }
}
