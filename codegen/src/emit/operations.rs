//! Operation modules: the operation's spec for the runtime, its fluent builder, the `send`
//! path (build input, serialize, call, parse) and the unsigned request value.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::builders::{build_is_fallible, forwarding_setters};
use super::{builder_path, docs, lit, type_path};
use crate::ir::{CrateIr, MemberIr, OperationIr, ShapeKind, StructRole};
use crate::naming::ident;

/// The items of `crate::operation::<op>` besides the shapes that live there.
pub fn operation(krate: &CrateIr, op: &OperationIr) -> TokenStream {
    let type_prefix = crate::naming::type_name(&op.name);
    let error = format_ident!("{type_prefix}Error");
    let fluent = format_ident!("{type_prefix}FluentBuilder");
    let input = type_path(&op.input);
    let input_builder = builder_path(&op.input);
    let output = type_path(&op.output);
    let (members, role): (&[MemberIr], StructRole) = krate
        .shapes
        .iter()
        .find(|s| s.path == op.input)
        .and_then(|s| match &s.kind {
            ShapeKind::Struct { members, role } => Some((members.as_slice(), role.clone())),
            _ => None,
        })
        .unwrap_or((&[], StructRole::Input));
    let name = lit(&op.name);
    let target = lit(&format!("{}.{}", krate.service.shape_name, op.name));
    let retry_safe = op.retry_safe;
    let retryable = op.errors.iter().filter_map(|e| {
        let shape = krate.shapes.iter().find(|s| s.path == e.path)?;
        match &shape.kind {
            ShapeKind::Struct { role: StructRole::Error(info), .. } if info.retryable => {
                let (code, throttling) = (lit(&info.code), info.throttling);
                Some(quote!(awsgen_runtime::spec::RetryableError { code: #code, throttling: #throttling }))
            }
            _ => None,
        }
    });
    let fill_token = match &op.idempotency_token {
        Some(field) => {
            let field = ident(field);
            quote! {
                // An idempotency token the caller left empty gets a fresh one.
                if input.#field.is_none() {
                    input.#field = Some(handle.idempotency_token());
                }
            }
        }
        None => quote!(),
    };
    let input_mut = if op.idempotency_token.is_some() { quote!(mut input) } else { quote!(input) };
    let build = if build_is_fallible(members, &role) { quote!(input.build()?) } else { quote!(input.build()) };
    let setters = forwarding_setters(members);
    let op_doc = docs(op.docs.as_deref());
    let fluent_doc = format!(
        " Calls `{}`: set the input with the methods below, then [`send`](Self::send).",
        op.name
    );
    let client_link = format!(" Created by [`Client::{}`](crate::Client::{}).", op.fn_name, op.fn_name);
    let paginator = match &op.paginator {
        Some(p) => super::paginators::paginator(op, p, krate),
        None => quote!(),
    };
    let into_paginator = if op.paginator.is_some() {
        let paginator = format_ident!("{type_prefix}Paginator");
        quote! {
            /// Pages through the results: a stream of pages, or of their items.
            pub fn into_paginator(self) -> #paginator {
                #paginator::new(self.handle, self.inner)
            }
        }
    } else {
        quote!()
    };
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    quote! {
        pub use crate::error::Error as ServiceError;

        /// What the runtime needs to know to call this operation.
        pub(crate) static OPERATION: awsgen_runtime::spec::OperationSpec = awsgen_runtime::spec::OperationSpec {
            name: #name,
            target: #target,
            retry_safe: #retry_safe,
            retryable_errors: &[#(#retryable),*],
        };

        #[doc = #fluent_doc]
        #[doc = ""]
        #op_doc
        #[doc = ""]
        #[doc = #client_link]
        #[derive(Clone, Debug)]
        #deprecated
        pub struct #fluent {
            handle: awsgen_runtime::client::Handle,
            inner: #input_builder,
        }

        impl #fluent {
            pub(crate) fn new(handle: awsgen_runtime::client::Handle) -> Self {
                Self { handle, inner: Default::default() }
            }
            /// The input as set so far.
            pub fn as_input(&self) -> &#input_builder {
                &self.inner
            }
            /// Sends the request and waits for the response.
            pub async fn send(self) -> Result<#output, awsgen_runtime::SdkError<#error>> {
                send(&self.handle, self.inner).await
            }
            #into_paginator
            #setters
        }

        /// Builds, serializes and sends the input; parses the response.
        pub(crate) async fn send(
            handle: &awsgen_runtime::client::Handle,
            #input_mut: #input_builder,
        ) -> Result<#output, awsgen_runtime::SdkError<#error>> {
            #fill_token
            let input = #build;
            let raw = handle.call(&OPERATION, json::to_vec(&input)).await?;
            awsgen_runtime::protocol::parse_response(crate::SERVICE.protocol, raw, json::from_slice::<#output>, #error::from_response)
        }

        /// The unsigned HTTP request for `input` (path relative to the endpoint), as the
        /// client sends it before adding host, signature and `Content-Length`.
        pub fn http_request(input: &#input) -> awsgen_runtime::http::Request<awsgen_runtime::bytes::Bytes> {
            crate::SERVICE.protocol.build_request(&crate::SERVICE, &OPERATION, json::to_vec(input))
        }

        #paginator
    }
}
