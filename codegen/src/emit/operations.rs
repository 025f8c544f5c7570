//! Operation modules: the operation's spec for the runtime, its fluent builder, the `send`
//! path (build input, serialize, call, parse) and the unsigned request value.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::builders::{build_is_fallible, forwarding_setters};
use super::template::{template, Fill, Items};
use super::{builder_path, doc_lines, lit, type_path};
use crate::ir::{CrateIr, MemberIr, OperationIr, ShapeKind, StructRole};
use crate::naming::ident;

/// The items of `crate::operation::<op>` besides the shapes that live there.
pub fn operation(krate: &CrateIr, op: &OperationIr) -> Items {
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
    let parse_output = super::protocol::parse_output_fn(krate, op);
    let input_mut = if op.idempotency_token.is_some() { quote!(mut input) } else { quote!(input) };
    let build = if build_is_fallible(members, &role) { quote!(input.build()?) } else { quote!(input.build()) };
    let setters = forwarding_setters(krate, members);
    let fluent_doc = doc_lines(&super::docs::fluent_builder(krate, op));
    let paginator = match &op.paginator {
        Some(p) => super::paginators::paginator(op, p, krate),
        None => quote!(),
    };
    let call = match call_options(krate, op, members) {
        Some(options) => quote! {
            let options = #options;
            let raw = handle.call_with(&OPERATION, http_request(&input), &options).await?;
        },
        None => quote!(let raw = handle.call(&OPERATION, http_request(&input)).await?;),
    };
    let parse_response = super::protocol::parse_response_fn(krate);
    let request = super::protocol::request_expr(krate, op, quote!(input));
    let mut items = Items::from(quote! {
        pub use crate::error::Error as ServiceError;

        /// What the runtime needs to know to call this operation.
        pub(crate) static OPERATION: awsgen_runtime::spec::OperationSpec = awsgen_runtime::spec::OperationSpec {
            name: #name,
            retry_safe: #retry_safe,
            retryable_errors: &[#(#retryable),*],
        };

        #fluent_doc
        #[derive(Clone, Debug)]
        pub struct #fluent {
            handle: awsgen_runtime::client::Handle,
            inner: #input_builder,
        }
    });
    items.push_item(syn::Item::Impl(fluent_impl(op, setters)));
    items.push_tokens(quote! {
        /// The input builder's getters (`get_...`) read the input as set so far.
        impl std::ops::Deref for #fluent {
            type Target = #input_builder;
            fn deref(&self) -> &#input_builder {
                &self.inner
            }
        }

        /// Builds the input and its request, sends it, and parses the response.
        pub(crate) async fn send(
            handle: &awsgen_runtime::client::Handle,
            #input_mut: #input_builder,
        ) -> Result<#output, awsgen_runtime::SdkError<#error>> {
            #fill_token
            let input = #build;
            #call
            #parse_response(crate::SERVICE.protocol, raw, #parse_output, #error::from_response)
        }

        /// The unsigned HTTP request for `input` (path relative to the endpoint), as the
        /// client sends it before adding host, signature and `Content-Length`.
        pub fn http_request(input: &#input) -> awsgen_runtime::http::Request<awsgen_runtime::bytes::Bytes> {
            #request
        }

        #paginator
    });
    items
}

/// The fluent builder's methods: constructor, `send`, `into_paginator` if paginated, and the
/// setters that forward to the input builder.
fn fluent_impl(op: &OperationIr, setters: Vec<syn::ImplItem>) -> syn::ItemImpl {
    let type_prefix = crate::naming::type_name(&op.name);
    let (fluent, error, paginator) =
        (format_ident!("{type_prefix}FluentBuilder"), format_ident!("{type_prefix}Error"), format_ident!("{type_prefix}Paginator"));
    let (input_builder, output) = (builder_path(&op.input), type_path(&op.output));
    let mut methods = Vec::with_capacity(setters.len() + 1);
    if op.paginator.is_some() {
        let mut into_paginator = template!(syn::ImplItemFn, {
            /// Pages through the results: a stream of pages, or of their items.
            pub fn into_paginator(self) -> __Paginator {
                __Paginator::new(self.handle, self.inner)
            }
        });
        // Spliced trees are not filled again: fill this one before it goes in.
        Fill::new().ident("__Paginator", &paginator).apply(&mut into_paginator);
        methods.push(syn::ImplItem::Fn(into_paginator));
    }
    methods.extend(setters);
    let mut item = template!(syn::ItemImpl, {
        impl __Fluent {
            pub(crate) fn new(handle: awsgen_runtime::client::Handle) -> Self {
                Self { handle, inner: Default::default() }
            }
            /// The input as set so far.
            pub fn as_input(&self) -> &__InputBuilder {
                &self.inner
            }
            /// Sends the request and waits for the response.
            pub async fn send(self) -> Result<__Output, awsgen_runtime::SdkError<__Error>> {
                send(&self.handle, self.inner).await
            }
            fn __methods() {}
        }
    });
    let fill = Fill::new().ident("__Fluent", &fluent).ident("__Error", &error);
    fill.ty("__InputBuilder", &input_builder).ty("__Output", &output).splice("__methods", methods).apply(&mut item);
    item
}

/// What the operation adds to the protocol's request (`CallOptions`), if anything: the
/// `@endpoint` host prefix with its `@hostLabel`s, `@requestCompression`, the query-mode header
/// of `@awsQueryCompatible` services, and service customizations.
fn call_options(krate: &CrateIr, op: &OperationIr, members: &[MemberIr]) -> Option<TokenStream> {
    let mut options = Vec::new();
    let field_text = |wire: &str| -> Option<TokenStream> {
        let m = members.iter().find(|m| m.wire == wire)?;
        let field = ident(&m.field);
        Some(match m.repr {
            crate::ir::Repr::Optional => quote!(input.#field.as_deref().unwrap_or_default()),
            _ => quote!(input.#field.as_str()),
        })
    };
    if let Some(template) = &op.host_prefix {
        // `foo.{label}.` → format!("foo.{}.", <label>); labels that name no member stay as text.
        let (mut format, mut args, mut rest) = (String::new(), Vec::new(), template.as_str());
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else { break };
            format.push_str(&rest[..start].replace('}', "}}"));
            let label = &rest[start + 1..start + len];
            match field_text(label) {
                Some(value) => {
                    format.push_str("{}");
                    args.push(value);
                }
                None => format.push_str(&rest[start..=start + len].replace('{', "{{").replace('}', "}}")),
            }
            rest = &rest[start + len + 1..];
        }
        format.push_str(&rest.replace('{', "{{").replace('}', "}}"));
        let prefix = if args.is_empty() { quote!(#template) } else { quote!(format!(#format, #(#args),*)) };
        options.push(quote!(.host_prefix(#prefix)));
    }
    if op.request_compression.iter().any(|e| e == "gzip") {
        options.push(quote!(.gzip()));
    }
    if krate.service.query_compatible {
        options.push(quote!(.header(awsgen_runtime::protocol::query_compatible::QUERY_MODE_HEADER, "true")));
    }
    // Customization (as in the other AWS SDKs): Machine Learning's `Predict` goes to the
    // endpoint its `PredictEndpoint` member names.
    if krate.service.sdk_id == "Machine Learning" && op.name == "Predict" {
        if let Some(m) = members.iter().find(|m| m.wire == "PredictEndpoint" && m.repr == crate::ir::Repr::Optional) {
            let field = ident(&m.field);
            options.push(quote!(.endpoint_override(input.#field.clone())));
        }
    }
    if options.is_empty() {
        None
    } else {
        Some(quote!(awsgen_runtime::client::CallOptions::new() #(#options)*))
    }
}
