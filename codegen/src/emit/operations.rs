//! Operation modules: the operation's unit struct and its `Operation` impl (spec, request,
//! response) for the runtime's generic send path, its fluent builder (the input builder
//! attached to a client) and the unsigned request value.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::builders::build_is_fallible;
use super::template::Items;
use super::{builder_path, doc_lines, lit, type_path};
use serde_json::Value;

use crate::index::Simple;
use crate::ir::{AuthIr, ContextParamIr, ContextValue, CrateIr, MemberIr, NamedKind, OperationIr, Repr, ShapeKind, StructRole, TypeIr};
use crate::rules::RuleType;
use crate::naming::ident;

/// The items of `crate::operation::<op>` besides the shapes that live there.
pub fn operation(krate: &CrateIr, op: &OperationIr) -> Items {
    let type_prefix = crate::naming::type_name(&op.name);
    let operation = format_ident!("{type_prefix}");
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
    let parse_output = super::protocol::parse_output_fn(krate, op);
    let parse_response = super::protocol::parse_response_fn(krate);
    let request = super::protocol::request_expr(krate, op, quote!(input));
    let (request_type, operation_request) =
        (super::protocol::http_request_type(krate), super::protocol::operation_request(krate));
    let call_options = call_options(krate, op, members).map(|(options, reads_input)| {
        let parameter = if reads_input { quote!(input) } else { quote!(_input) };
        quote! {
            fn call_options(#parameter: &#input) -> Option<awsgen_runtime::client::CallOptions> {
                Some(#options)
            }
        }
    });
    let operation_doc = format!(" The `{}` operation, as the runtime's send and pagination paths see it.", op.name);
    let fluent_doc = doc_lines(&super::docs::fluent_builder(op));
    let paginator = match &op.paginator {
        Some(p) => super::paginators::paginator(op, p, krate),
        None => quote!(),
    };
    let mut items = Items::from(quote! {
        pub use crate::error::Error as ServiceError;

        #[doc = #operation_doc]
        #[derive(Clone, Copy, Debug)]
        pub struct #operation;

        impl awsgen_runtime::operation::Operation for #operation {
            type Input = #input;
            type Output = #output;
            type Error = #error;
            const SPEC: &'static awsgen_runtime::spec::OperationSpec = &awsgen_runtime::spec::OperationSpec {
                name: #name,
                retry_safe: #retry_safe,
                retryable_errors: &[#(#retryable),*],
            };
            fn request(
                input: &#input,
            ) -> Result<awsgen_runtime::http::Request<awsgen_runtime::ByteStream>, awsgen_runtime::BuildError> {
                #operation_request
            }
            #call_options
            fn parse_response(
                raw: awsgen_runtime::RawResponse,
            ) -> Result<#output, awsgen_runtime::SdkError<#error>> {
                #parse_response(crate::SERVICE.protocol, raw, #parse_output, #error::from_response)
            }
        }

        #fluent_doc
        pub type #fluent = #input_builder<awsgen_runtime::operation::OperationHandle<#operation>>;
    });
    items.push_item(syn::Item::Impl(fluent_impl(op, members, &role)));
    items.push_tokens(quote! {
        /// The unsigned HTTP request for `input` (path relative to the endpoint), as the
        /// client sends it before adding host, signature and `Content-Length`.
        pub fn http_request(input: &#input) -> #request_type {
            #request
        }

        #paginator
    });
    items
}

/// The fluent builder's own methods (the setters are the input builder's): constructor,
/// `send`, and `into_paginator` if paginated.
fn fluent_impl(op: &OperationIr, members: &[MemberIr], role: &StructRole) -> syn::ItemImpl {
    let type_prefix = crate::naming::type_name(&op.name);
    let (operation, fluent, error, paginator) = (
        format_ident!("{type_prefix}"),
        format_ident!("{type_prefix}FluentBuilder"),
        format_ident!("{type_prefix}Error"),
        format_ident!("{type_prefix}Paginator"),
    );
    let output = type_path(&op.output);
    let fields = members.iter().map(|m| ident(&m.field));
    let fill_token = op.idempotency_token.as_ref().map(|field| {
        let field = ident(field);
        quote! {
            // An idempotency token the caller left empty gets a fresh one.
            if self.#field.is_none() {
                self.#field = Some(handle.idempotency_token());
            }
        }
    });
    let self_mut = if op.idempotency_token.is_some() { quote!(mut self) } else { quote!(self) };
    let build = if build_is_fallible(members, role) { quote!(self.build()?) } else { quote!(self.build()) };
    let into_paginator = op.paginator.as_ref().map(|_| {
        quote! {
            /// Pages through the results: a stream of pages, or of their items.
            pub fn into_paginator(self) -> #paginator {
                awsgen_runtime::pagination::Paginator::new(self)
            }
        }
    });
    let allow_deprecated = super::allow_deprecated(members);
    syn::parse_quote! {
        impl #fluent {
            #allow_deprecated
            pub(crate) fn new(handle: awsgen_runtime::client::Handle) -> Self {
                Self { #(#fields: None,)* _client: awsgen_runtime::operation::OperationHandle::new(handle) }
            }
            /// Sends the request and waits for the response.
            #allow_deprecated
            pub async fn send(#self_mut) -> Result<#output, awsgen_runtime::SdkError<#error>> {
                let handle = self._client.handle().clone();
                #fill_token
                let input = #build;
                awsgen_runtime::operation::send::<#operation>(&handle, input).await
            }
            #into_paginator
        }
    }
}

/// The `CallOptions` call that sets endpoint parameter `param`, and whether it reads the input;
/// `None` for a parameter the rule set does not declare or a value not of its type (which
/// Smithy's validators reject, so the rules never read it).
fn endpoint_param(krate: &CrateIr, param: &ContextParamIr, members: &[MemberIr]) -> Option<(TokenStream, bool)> {
    let declared = krate.service.endpoint_rules.as_ref()?.params.iter().find(|p| p.name == param.name)?;
    let name = &param.name;
    let value = match &param.value {
        ContextValue::Static(value) => {
            let value = match (declared.ty, value) {
                (RuleType::String, Value::String(s)) => quote!(#s),
                (RuleType::Boolean, Value::Bool(b)) => quote!(#b),
                (RuleType::StringArray, Value::Array(items)) => {
                    let items = items.iter().map(Value::as_str).collect::<Option<Vec<_>>>()?;
                    quote!(vec![#(#items.to_owned()),*])
                }
                _ => return None,
            };
            return Some((quote!(.endpoint_param(#name, #value)), false));
        }
        ContextValue::Member(wire) => members.iter().find(|m| &m.wire == wire)?,
    };
    let field = ident(&value.field);
    // The member's value when required, and from `v` (a reference to it) when optional.
    let (required, optional) = match (declared.ty, &value.ty) {
        (RuleType::String, TypeIr::Simple(Simple::String)) => (quote!(input.#field.clone()), quote!(v.clone())),
        (RuleType::String, TypeIr::Named(_, NamedKind::Enum)) => (quote!(input.#field.as_str()), quote!(v.as_str())),
        (RuleType::Boolean, TypeIr::Simple(Simple::Boolean)) => (quote!(input.#field), quote!(*v)),
        (RuleType::StringArray, TypeIr::List { member, sparse: false }) if **member == TypeIr::Simple(Simple::String) => {
            (quote!(input.#field.clone()), quote!(v.clone()))
        }
        _ => return None,
    };
    let option = match value.repr {
        Repr::Optional => quote!(.set_endpoint_param(#name, input.#field.as_ref().map(|v| #optional.into()))),
        _ => quote!(.endpoint_param(#name, #required)),
    };
    Some((option, true))
}

/// The members of a structure (none if `path` is not one).
fn struct_members<'a>(krate: &'a CrateIr, path: &crate::ir::TypePath) -> &'a [MemberIr] {
    match krate.shapes.iter().find(|s| &s.path == path).map(|s| &s.kind) {
        Some(ShapeKind::Struct { members, .. }) => members,
        _ => &[],
    }
}

/// What the operation adds to the protocol's request (`CallOptions`), if anything: the
/// endpoint parameters of `@staticContextParams` and `@contextParam`, unsigned calls
/// (`@auth([])`, `@optionalAuth`), the
/// `@endpoint` host prefix with its `@hostLabel`s, `@requestCompression`, `@httpChecksumRequired`, the query-mode header
/// of `@awsQueryCompatible` services, a response body left to the output's stream, and
/// service customizations; and whether it reads the input.
fn call_options(krate: &CrateIr, op: &OperationIr, members: &[MemberIr]) -> Option<(TokenStream, bool)> {
    let (mut options, mut reads_input) = (Vec::new(), false);
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
        reads_input |= !args.is_empty();
        let prefix = if args.is_empty() { quote!(#template) } else { quote!(format!(#format, #(#args),*)) };
        options.push(quote!(.host_prefix(#prefix)));
    }
    for param in &op.endpoint_params {
        if let Some((option, reads)) = endpoint_param(krate, param, members) {
            options.push(option);
            reads_input |= reads;
        }
    }
    match op.auth {
        AuthIr::SigV4 => {}
        AuthIr::Optional => options.push(quote!(.optional_auth())),
        AuthIr::None => options.push(quote!(.no_auth())),
    }
    if op.request_compression.iter().any(|e| e == "gzip") {
        options.push(quote!(.gzip()));
    }
    if op.checksum_required {
        options.push(quote!(.content_md5()));
    }
    if op.unsigned_payload {
        options.push(quote!(.unsigned_payload()));
    }
    if krate.service.query_compatible {
        options.push(quote!(.header(awsgen_runtime::protocol::query_compatible::QUERY_MODE_HEADER, "true")));
    }
    if struct_members(krate, &op.output).iter().any(|m| !m.ty.in_json()) {
        options.push(quote!(.streaming_response()));
    }
    // Customization (botocore's `add_glacier_checksums`, required by the protocol tests
    // `GlacierChecksums` and `GlacierMultipartChecksums`): Glacier's uploads, the operations
    // with a streaming payload, carry the payload's SHA-256 and tree hash.
    if krate.service.sdk_id == "Glacier" && members.iter().any(|m| !m.ty.in_json()) {
        options.push(quote!(.tree_hash_headers()));
    }
    // Customization (as in the other AWS SDKs): Machine Learning's `Predict` goes to the
    // endpoint its `PredictEndpoint` member names.
    if krate.service.sdk_id == "Machine Learning" && op.name == "Predict" {
        if let Some(m) = members.iter().find(|m| m.wire == "PredictEndpoint" && m.repr == crate::ir::Repr::Optional) {
            let field = ident(&m.field);
            options.push(quote!(.endpoint_override(input.#field.clone())));
            reads_input = true;
        }
    }
    if options.is_empty() {
        None
    } else {
        Some((quote!(awsgen_runtime::client::CallOptions::new() #(#options)*), reads_input))
    }
}
