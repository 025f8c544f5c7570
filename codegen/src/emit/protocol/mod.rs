//! The protocol's part of an operation: which runtime protocol functions build its request
//! and read its response. Everything protocol-specific that generated operations call is
//! chosen here; the runtime's `Handle` below it speaks only HTTP requests and responses.
//!
//! A file that calls them imports the service's runtime protocol module as `protocol`
//! ([`import`]), so generated code reads `protocol::request(..)` whatever the protocol.
//! awsJson needs nothing per operation beyond its target; restJson1's HTTP bindings are
//! written by the `rest_json` submodule.

mod rest_json;

use proc_macro2::TokenStream;
use quote::quote;

use super::{lit, type_path};
use crate::ir::{CrateIr, OperationIr, Protocol, ShapeIr, ShapeKind};

/// `use awsgen_runtime::protocol::<module> as protocol;` for the service's protocol.
pub fn import(krate: &CrateIr) -> TokenStream {
    match krate.service.protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => quote!(use awsgen_runtime::protocol::aws_json as protocol;),
        Protocol::RestJson1 => quote!(use awsgen_runtime::protocol::rest_json as protocol;),
    }
}

/// The expression that builds the operation's whole request (method, URI, headers, body) from
/// `input`, a reference to the built input.
pub fn request_expr(krate: &CrateIr, op: &OperationIr, input: TokenStream) -> TokenStream {
    match krate.service.protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => {
            let target = lit(&format!("{}.{}", krate.service.shape_name, op.name));
            quote!(protocol::request(crate::SERVICE.protocol, #target, #input))
        }
        Protocol::RestJson1 => rest_json::request(krate, op, input),
    }
}

/// The type the operation module's `http_request` returns: awsJson's request cannot fail;
/// restJson1's fails on a member the request cannot carry (an unset label, a header value
/// that is not valid HTTP, a stream of unknown length where one is required).
pub fn http_request_type(krate: &CrateIr) -> TokenStream {
    match krate.service.protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => {
            quote!(awsgen_runtime::http::Request<awsgen_runtime::bytes::Bytes>)
        }
        Protocol::RestJson1 => {
            quote!(Result<awsgen_runtime::http::Request<awsgen_runtime::ByteStream>, awsgen_runtime::BuildError>)
        }
    }
}

/// `Operation::request`'s body: `http_request(input)` as the runtime takes it.
pub fn operation_request(krate: &CrateIr) -> TokenStream {
    match krate.service.protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => quote!(Ok(http_request(input).map(Into::into))),
        Protocol::RestJson1 => quote!(http_request(input)),
    }
}

/// The function (a `ParseOutput`) that reads a success response into the output. An output
/// without members is not read at all (as the official SDKs and botocore do: a body that is
/// not JSON is no reason to fail a call that has nothing to return).
pub fn parse_output_fn(krate: &CrateIr, op: &OperationIr) -> TokenStream {
    let output = type_path(&op.output);
    let memberless = krate
        .shapes
        .iter()
        .find(|s| s.path == op.output)
        .is_some_and(|s| matches!(&s.kind, ShapeKind::Struct { members, .. } if members.is_empty()));
    if memberless {
        return quote!(|_| Ok(#output::builder().build()));
    }
    match krate.service.protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::RestJson1 => quote!(protocol::parse_output::<#output>),
    }
}

/// The function that reads a modeled error's members from an error response.
pub fn parse_error_fn(krate: &CrateIr) -> syn::Path {
    match krate.service.protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::RestJson1 => syn::parse_quote!(protocol::parse_error),
    }
}

/// What an output or error structure adds to its JSON impls for the protocol: restJson1's
/// reader of the members bound to status, headers and payload; nothing for awsJson.
pub fn response_bindings(krate: &CrateIr, shape: &ShapeIr) -> TokenStream {
    match krate.service.protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => quote!(),
        Protocol::RestJson1 => rest_json::response_bindings(shape),
    }
}

/// The runtime function that turns a raw response into the output or the operation's error.
pub fn parse_response_fn(krate: &CrateIr) -> TokenStream {
    if krate.service.query_compatible {
        quote!(awsgen_runtime::protocol::query_compatible::parse_response)
    } else {
        quote!(awsgen_runtime::protocol::parse_response)
    }
}
