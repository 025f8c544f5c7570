//! Operation modules: the operation's unit struct and its `Operation` impl (spec, request,
//! response) for the runtime's generic send path, its fluent builder (the input builder
//! attached to a client) and the unsigned request value.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::template::Items;
use super::{builder_path, doc_lines, lit, type_path};
use serde_json::Value;

use crate::index::Simple;
use crate::ir::{AuthIr, ContextParamIr, ContextValue, CrateIr, MemberIr, NamedKind, OperationIr, Repr, ShapeKind, StructRole, TypeIr};
use crate::rules::RuleType;
use crate::naming::ident;

/// The items of `crate::operation::<op>` besides the shapes that live there: the runtime's
/// `operation!` (the operation's unit struct and `Operation` impl, its fluent builder's type,
/// `new`, `send` and `into_paginator`), given what differs per operation, and beside it the
/// functions it names (`http_request`, `call_options`) and the paginator.
pub fn operation(krate: &CrateIr, op: &OperationIr) -> Items {
    let type_prefix = crate::naming::type_name(&op.name);
    let (operation, error, fluent, paginator) = (
        format_ident!("{type_prefix}"),
        format_ident!("{type_prefix}Error"),
        format_ident!("{type_prefix}FluentBuilder"),
        format_ident!("{type_prefix}Paginator"),
    );
    let (input, input_builder, output) = (type_path(&op.input), builder_path(&op.input), type_path(&op.output));
    let members = struct_members(krate, &op.input);
    let name = lit(&op.name);
    let retry_safe = op.retry_safe;
    let retryable = retryable_errors(krate, op);
    let parse_output = super::protocol::parse_output_fn(krate, op);
    let parse_response = super::protocol::parse_response_fn(krate);
    let request = super::protocol::request_expr(krate, op, quote!(input));
    let (request_type, operation_request) =
        (super::protocol::http_request_type(krate), super::protocol::operation_request(krate));
    let call_options = call_options(krate, op, members);
    let call_options_entry = call_options.as_ref().map(|_| quote!(call_options: call_options;));
    let call_options_fn = call_options.map(|(options, reads_input)| {
        let parameter = if reads_input { quote!(input) } else { quote!(_input) };
        let doc = format!(" What `{}` adds to the protocol's request (`Operation::call_options`).", op.name);
        quote! {
            #[doc = #doc]
            fn call_options(#parameter: &#input) -> awsgen_runtime::client::CallOptions {
                #options
            }
        }
    });
    let fluent_doc = doc_lines(&super::docs::fluent_builder(op));
    let fields = members.iter().map(|m| ident(&m.field));
    let token = op.idempotency_token.as_ref().map(|field| {
        let field = ident(field);
        quote!(idempotency_token: #field;)
    });
    let (into_paginator, paginated) = match &op.paginator {
        Some(p) => (quote!(paginator: #paginator;), super::paginators::paginator(op, p, krate)),
        None => (quote!(), quote!()),
    };
    Items::from(quote! {
        pub use crate::error::Error as ServiceError;

        awsgen_runtime::operation! {
            pub struct #operation = #name: #input => #output, #error;
            retry_safe: #retry_safe, retryable_errors: [#(#retryable),*];
            request(input) => #operation_request;
            #call_options_entry
            response: #parse_response, #parse_output;
            #fluent_doc
            pub type #fluent = #input_builder { #(#fields),* };
            #token
            #into_paginator
        }

        /// The unsigned HTTP request for `input` (path relative to the endpoint), as the
        /// client sends it before adding host, signature and `Content-Length`.
        pub fn http_request(input: &#input) -> #request_type {
            #request
        }

        #call_options_fn

        #paginated
    })
}

/// The operation's errors the service may retry, as `operation!` lists them: the code, and
/// `throttling` for a throttling error.
fn retryable_errors(krate: &CrateIr, op: &OperationIr) -> Vec<TokenStream> {
    op.errors
        .iter()
        .filter_map(|e| match &krate.shapes.iter().find(|s| s.path == e.path)?.kind {
            ShapeKind::Struct { role: StructRole::Error(info), .. } if info.retryable => {
                let code = lit(&info.code);
                Some(if info.throttling { quote!(#code throttling) } else { quote!(#code) })
            }
            _ => None,
        })
        .collect()
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
