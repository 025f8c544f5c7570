//! Protocols: how an operation's input becomes an HTTP request and how an HTTP response
//! becomes its output or error. Each protocol is one module; generated code builds the whole
//! request (method, URI, headers, body) with it and hands it to
//! [`Handle::call`](crate::client::Handle::call), which speaks only HTTP, and parses the whole
//! response (status, headers, body) with [`parse_response`].

pub mod aws_json;
pub mod http_text;
pub mod query_compatible;
pub mod rest_json;

use crate::error::{ErrorMetadata, MalformedResponse, SdkError, ServiceError};
use crate::json::DeserializeError;
use crate::response::RawResponse;
use crate::spec::Protocol;

/// Reads an output from a whole success response.
pub type ParseOutput<O> = fn(&RawResponse) -> Result<O, DeserializeError>;

/// Reads an operation's error from the protocol's error metadata and the whole response.
pub type ParseError<E> = fn(ErrorMetadata, &RawResponse) -> Result<E, DeserializeError>;

impl Protocol {
    /// Reads code, message and request id from an error response.
    pub fn error_metadata(self, raw: &RawResponse) -> ErrorMetadata {
        match self {
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => aws_json::error_metadata(raw),
            Protocol::RestJson1 => rest_json::error_metadata(raw),
        }
    }

    /// The `Content-Type` of JSON request bodies.
    pub fn content_type(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
            Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
            Protocol::RestJson1 => rest_json::JSON_CONTENT_TYPE,
        }
    }
}

/// An operation output that carries the request id of its response.
pub trait OperationOutput {
    /// Stores the request id.
    fn set_request_id(&mut self, request_id: Option<String>);
}

/// `request_id()` and [`OperationOutput`] for a generated output structure, which keeps the
/// request id of its response in a `_request_id: Option<String>` field:
///
/// ```
/// use awsgen_runtime::protocol::OperationOutput;
///
/// #[derive(Default)]
/// pub struct GetThingOutput {
///     _request_id: Option<String>,
/// }
///
/// awsgen_runtime::operation_output!(GetThingOutput);
///
/// let mut output = GetThingOutput::default();
/// output.set_request_id(Some("7f3a".into()));
/// assert_eq!(output.request_id(), Some("7f3a"));
/// ```
#[macro_export]
macro_rules! operation_output {
    ($output:ident) => {
        impl $output {
            /// The request id of the response (`x-amzn-RequestId`).
            #[inline]
            pub fn request_id(&self) -> ::core::option::Option<&str> {
                self._request_id.as_deref()
            }
        }

        impl $crate::protocol::OperationOutput for $output {
            #[inline]
            fn set_request_id(&mut self, request_id: ::core::option::Option<::std::string::String>) {
                self._request_id = request_id;
            }
        }
    };
}

/// Turns a raw response into the operation's output or typed error.
///
/// `parse_output` reads a success response; `parse_error` maps the protocol's error metadata
/// (and the response) to the operation's error enum. Kept free of the output type's size so
/// it is instantiated cheaply per operation.
pub fn parse_response<O: OperationOutput, E>(
    protocol: Protocol,
    raw: RawResponse,
    parse_output: ParseOutput<O>,
    parse_error: ParseError<E>,
) -> Result<O, SdkError<E>> {
    parse_response_with(protocol, raw, parse_output, parse_error, |_, _| {})
}

/// [`parse_response`], with a last say on the error metadata (protocol variants).
pub(crate) fn parse_response_with<O: OperationOutput, E>(
    protocol: Protocol,
    raw: RawResponse,
    parse_output: ParseOutput<O>,
    parse_error: ParseError<E>,
    adjust_meta: fn(&RawResponse, &mut ErrorMetadata),
) -> Result<O, SdkError<E>> {
    let malformed = |raw: &RawResponse, error| {
        SdkError::MalformedResponse(Box::new(MalformedResponse {
            status: raw.status,
            request_id: raw.request_id().map(str::to_owned),
            attempts: raw.attempts,
            error,
        }))
    };
    if raw.is_success() {
        let mut output = parse_output(&raw).map_err(|e| malformed(&raw, e))?;
        output.set_request_id(raw.request_id().map(str::to_owned));
        return Ok(output);
    }
    let mut meta = protocol.error_metadata(&raw);
    adjust_meta(&raw, &mut meta);
    match parse_error(meta, &raw) {
        Ok(error) => Err(SdkError::Service(Box::new(ServiceError { error, raw }))),
        Err(e) => Err(malformed(&raw, e)),
    }
}
