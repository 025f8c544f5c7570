//! restJson1's part of generated code: each operation's request as a list of
//! `RequestBuilder` calls (the URI pattern's literals and labels, query, headers, body), and
//! each output and error structure's `ResponseBindings` (status, headers, payload). The
//! runtime's `protocol::rest_json` does the encoding; this lists the members and their codecs.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{codec, held_codec};
use crate::index::Simple;
use crate::ir::{CrateIr, HttpBinding, MemberIr, NamedKind, OperationIr, Repr, ShapeIr, ShapeKind, StructRole, TypeIr};
use crate::naming::ident;

fn input_members<'a>(krate: &'a CrateIr, op: &OperationIr) -> &'a [MemberIr] {
    match krate.shape(&op.input).map(|s| &s.kind) {
        Some(ShapeKind::Struct { members, .. }) => members,
        _ => &[],
    }
}

/// The element codec of a list member, or `None` for a single value.
fn list_element(ty: &TypeIr) -> Option<syn::Type> {
    match ty {
        TypeIr::List { member, .. } => Some(codec(member)),
        _ => None,
    }
}

/// The block that builds the operation's request from `input` (a reference to the input).
pub fn request(krate: &CrateIr, op: &OperationIr, input: TokenStream) -> TokenStream {
    let members = input_members(krate, op);
    let (method, uri) = op.http.as_ref().map_or(("POST", "/"), |http| (http.method.as_str(), http.uri.as_str()));
    let (path, literal_query) = uri.split_once('?').map_or((uri, None), |(p, q)| (p, Some(q)));
    let mut calls = path_calls(krate, members, path, &input);
    if let Some(query) = literal_query {
        calls.push(quote!(.literal_query(#query)));
    }
    // Named members first: they win over map entries of the same name.
    calls.extend(members.iter().filter_map(|m| query_call(m, &input)));
    calls.extend(members.iter().filter(|m| m.http == HttpBinding::QueryParams).map(|m| {
        let field = ident(&m.field);
        quote!(.query_params(&#input.#field))
    }));
    calls.extend(members.iter().filter_map(|m| header_call(m, &input)));
    calls.extend(members.iter().filter_map(|m| match &m.http {
        HttpBinding::PrefixHeaders(prefix) => {
            let (field, wire) = (ident(&m.field), &m.wire);
            Some(quote!(.prefix_headers(#wire, #prefix, &#input.#field)))
        }
        _ => None,
    }));
    calls.extend(customization_calls(krate));
    calls.extend(body_call(members, &input));
    // An input that binds nothing still names its parameter.
    let unused = members.is_empty().then(|| quote!(let _ = #input;));
    // Reading a `@deprecated` member's field warns even inside the crate.
    let allow = crate::emit::allow_deprecated(members);
    let shape = &op.input.name;
    quote! {
        #unused
        let mut request = protocol::RequestBuilder::new(#method, #shape);
        #allow
        request #(#calls)*;
        request.build()
    }
}

/// Headers a service's requests carry by customization (Smithy's AWS customizations, as
/// botocore adds them): API Gateway asks for `Accept: application/json` on every request,
/// Glacier for its API version in `X-Amz-Glacier-Version`.
fn customization_calls(krate: &CrateIr) -> Option<TokenStream> {
    match krate.service.sdk_id.as_str() {
        "API Gateway" => Some(quote!(.default_header("Accept", "application/json"))),
        "Glacier" => {
            let version = &krate.service.version;
            Some(quote!(.default_header("X-Amz-Glacier-Version", #version)))
        }
        _ => None,
    }
}

/// The value a label takes when unset or empty, by customization: Glacier's `accountId`
/// means the caller's own account, `-` (as the official SDK fills it; botocore fills only an
/// unset one, which the protocol test `GlacierAccountId` rules out).
fn label_default<'a>(krate: &CrateIr, label: &str) -> Option<&'a str> {
    (krate.service.sdk_id == "Glacier" && label == "accountId").then_some("-")
}

/// The path: literal text as it is, `{label}` and `{label+}` from the label members.
fn path_calls(krate: &CrateIr, members: &[MemberIr], path: &str, input: &TokenStream) -> Vec<TokenStream> {
    let mut calls = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        let literal = &rest[..start];
        if !literal.is_empty() {
            calls.push(quote!(.literal(#literal)));
        }
        let label = &rest[start + 1..start + len];
        let (name, greedy) = label.strip_suffix('+').map_or((label, false), |name| (name, true));
        // The lowering left out operations whose labels bind no member.
        if let Some(member) = members.iter().find(|m| m.http == HttpBinding::Label && m.wire == name) {
            let (field, codec, wire) = (ident(&member.field), codec(&member.ty), &member.wire);
            calls.push(match label_default(krate, name) {
                Some(default) => quote!(.label_or::<#codec>(&#input.#field, #default)),
                // Greedy labels are strings (Smithy's rule; builders hold them as `String`).
                None if greedy => quote!(.greedy_label(#wire, &#input.#field)),
                None => quote!(.label::<#codec>(#wire, &#input.#field)),
            });
        }
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        calls.push(quote!(.literal(#rest)));
    }
    calls
}

fn query_call(member: &MemberIr, input: &TokenStream) -> Option<TokenStream> {
    let HttpBinding::Query(name) = &member.http else { return None };
    let field = ident(&member.field);
    Some(match list_element(&member.ty) {
        Some(element) => quote!(.query_list::<#element>(#name, &#input.#field)),
        None => {
            let codec = codec(&member.ty);
            quote!(.query::<#codec>(#name, &#input.#field))
        }
    })
}

fn header_call(member: &MemberIr, input: &TokenStream) -> Option<TokenStream> {
    let HttpBinding::Header(name) = &member.http else { return None };
    let (field, wire) = (ident(&member.field), &member.wire);
    Some(match (list_element(&member.ty), &member.ty) {
        (Some(element), _) => quote!(.header_list::<#element>(#wire, #name, &#input.#field)),
        (None, TypeIr::Simple(Simple::String)) if member.media_type.is_some() => {
            quote!(.media_type_header(#wire, #name, &#input.#field))
        }
        (None, ty) => {
            let codec = codec(ty);
            quote!(.header::<#codec>(#wire, #name, &#input.#field))
        }
    })
}

/// The body: the payload member, or a JSON object of the unbound members if there are any;
/// an input with neither sends no body.
fn body_call(members: &[MemberIr], input: &TokenStream) -> Option<TokenStream> {
    if let Some(payload) = members.iter().find(|m| m.http == HttpBinding::Payload) {
        return Some(payload_call(payload, input));
    }
    let body: Vec<&MemberIr> = members.iter().filter(|m| m.http == HttpBinding::Body).collect();
    if body.is_empty() {
        return None;
    }
    let writes = body.iter().map(|m| {
        let (field, key, codec) = (ident(&m.field), &m.json_key, held_codec(&m.ty, m.boxed));
        match m.repr {
            Repr::Optional => quote!(w.optional::<#codec>(#key, &#input.#field);),
            _ => quote!(w.member::<#codec>(#key, &#input.#field);),
        }
    });
    Some(quote!(.json_body(|w| { #(#writes)* })))
}

fn payload_call(member: &MemberIr, input: &TokenStream) -> TokenStream {
    let field = ident(&member.field);
    let media_type = match &member.media_type {
        Some(media_type) => quote!(Some(#media_type)),
        None => quote!(None),
    };
    match &member.ty {
        TypeIr::Stream { requires_length } => {
            let wire = &member.wire;
            quote!(.stream_payload(#wire, &#input.#field, #requires_length, #media_type))
        }
        TypeIr::Simple(Simple::Blob) => {
            quote!(.raw_payload(#input.#field.as_deref(), protocol::PayloadKind::Blob, #media_type))
        }
        TypeIr::Simple(Simple::String) => {
            quote!(.raw_payload(#input.#field.as_ref().map(|text| text.as_bytes()), protocol::PayloadKind::Text, #media_type))
        }
        TypeIr::Named(_, NamedKind::Enum) => quote! {
            .raw_payload(
                #input.#field.as_ref().map(|value| awsgen_runtime::json::StringEnum::as_str(value).as_bytes()),
                protocol::PayloadKind::Text,
                #media_type,
            )
        },
        ty => {
            let unset = match ty {
                TypeIr::Named(_, NamedKind::Struct) => quote!(protocol::UnsetPayload::EmptyObject),
                _ => quote!(protocol::UnsetPayload::NoBody),
            };
            let codec = held_codec(ty, member.boxed);
            quote!(.json_payload::<#codec>(&#input.#field, #unset))
        }
    }
}

/// `impl ResponseBindings` for an output or error structure: each member bound to the status,
/// a header, prefix headers or the payload, read from the response (an absent one is unset).
/// Other structures get nothing.
pub fn response_bindings(shape: &ShapeIr) -> TokenStream {
    let ShapeKind::Struct { members, role: StructRole::Output | StructRole::Error(_) } = &shape.kind else {
        return quote!();
    };
    let name = quote::format_ident!("{}", shape.path.name);
    let reads: Vec<TokenStream> = members.iter().filter_map(binding_read).collect();
    let has_payload = members.iter().any(|m| m.http == HttpBinding::Payload);
    let payload_const = if has_payload { quote!(const HAS_PAYLOAD: bool = true;) } else { quote!() };
    // Only what a response binds: a label or query member of an output is a body member.
    let response_bound =
        |m: &&MemberIr| matches!(m.http, HttpBinding::Header(_) | HttpBinding::PrefixHeaders(_) | HttpBinding::ResponseCode);
    let bound: Vec<&str> =
        members.iter().filter(response_bound).filter(|m| m.ty.in_json()).map(|m| m.json_key.as_str()).collect();
    let bound_const = if bound.is_empty() || has_payload {
        quote!()
    } else {
        quote!(const BOUND_KEYS: &'static [&'static str] = &[#(#bound),*];)
    };
    let (raw, import) = if reads.is_empty() {
        (quote!(_raw), quote!())
    } else {
        (quote!(raw), quote!(use awsgen_runtime::protocol::rest_json;))
    };
    let allow = crate::emit::allow_deprecated(members);
    quote! {
        #allow
        impl awsgen_runtime::protocol::rest_json::ResponseBindings for #name {
            #payload_const
            #bound_const
            fn read_bindings(&mut self, #raw: &awsgen_runtime::RawResponse) -> Result<(), json::DeserializeError> {
                #import
                #(#reads)*
                Ok(())
            }
        }
    }
}

/// The statement that reads one bound member, or `None` for a body member.
fn binding_read(member: &MemberIr) -> Option<TokenStream> {
    let rest_json = quote!(rest_json);
    let value = match &member.http {
        HttpBinding::Header(name) => {
            let name = name.to_ascii_lowercase();
            match (list_element(&member.ty), &member.ty) {
                (Some(element), _) => quote!(#rest_json::header_list::<#element>(raw, #name)?),
                (None, TypeIr::Simple(Simple::String)) if member.media_type.is_some() => {
                    quote!(#rest_json::media_type_header(raw, #name)?)
                }
                (None, ty) => {
                    let codec = codec(ty);
                    quote!(#rest_json::header::<#codec>(raw, #name)?)
                }
            }
        }
        HttpBinding::PrefixHeaders(prefix) => quote!(#rest_json::prefix_headers(raw, #prefix)?),
        HttpBinding::ResponseCode => quote!(#rest_json::status(raw)?),
        HttpBinding::Payload => {
            // Errors name the member (the payload is no JSON member of anything).
            let wire = &member.wire;
            match &member.ty {
                TypeIr::Stream { .. } => quote!(#rest_json::stream_payload(raw)?),
                TypeIr::Simple(Simple::Blob) => quote!(#rest_json::blob_payload(raw)?),
                TypeIr::Simple(Simple::String) => quote!(#rest_json::text_payload(raw, #wire)?),
                TypeIr::Named(_, NamedKind::Enum) => quote!(#rest_json::text_payload(raw, #wire)?.map(|text| text.as_str().into())),
                ty => {
                    let codec = held_codec(ty, member.boxed);
                    quote!(#rest_json::json_payload::<#codec>(raw, #wire)?)
                }
            }
        }
        // Labels and queries bind nothing in responses: those members are in the body.
        HttpBinding::Body | HttpBinding::Label | HttpBinding::Query(_) | HttpBinding::QueryParams => return None,
    };
    let field = ident(&member.field);
    Some(match member.repr {
        Repr::Optional => quote!(self.#field = #value;),
        // A required or defaulted member keeps its zero value or default when absent.
        _ => quote! {
            if let Some(value) = #value {
                self.#field = value;
            }
        },
    })
}
