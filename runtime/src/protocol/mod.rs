//! Protocols: how an operation call becomes an HTTP request and how a response becomes a
//! result. Each protocol is one module; generated code only names the protocol.

pub mod aws_json;
pub mod query_compatible;

use bytes::Bytes;

use crate::error::{ErrorMetadata, MalformedResponse, SdkError, ServiceError};
use crate::json::DeserializeError;
use crate::response::RawResponse;
use crate::spec::{OperationSpec, Protocol, ServiceSpec};

impl Protocol {
    /// Builds the unsigned request for `op` with the serialized `body` (path relative to
    /// the endpoint; the client adds host, signature and `Content-Length`).
    pub fn build_request(
        self,
        service: &ServiceSpec,
        op: &OperationSpec,
        body: Vec<u8>,
    ) -> http::Request<Bytes> {
        match self {
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => aws_json::build_request(self, service, op, body),
        }
    }

    /// Reads code, message and request id from an error response.
    pub fn error_metadata(self, raw: &RawResponse) -> ErrorMetadata {
        match self {
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => aws_json::error_metadata(raw),
        }
    }

    /// The `Content-Type` of request bodies.
    pub fn content_type(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
            Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
        }
    }
}

/// An operation output that carries the request id of its response.
pub trait OperationOutput {
    /// Stores the request id.
    fn set_request_id(&mut self, request_id: Option<String>);
}

/// Turns a raw response into the operation's output or typed error.
///
/// `parse_output` reads a success body; `parse_error` maps error metadata (and the body) to
/// the operation's error enum. Kept free of the output type's size so it is instantiated
/// cheaply per operation.
pub fn parse_response<O: OperationOutput, E>(
    protocol: Protocol,
    raw: RawResponse,
    parse_output: fn(&[u8]) -> Result<O, DeserializeError>,
    parse_error: fn(ErrorMetadata, &[u8]) -> Result<E, DeserializeError>,
) -> Result<O, SdkError<E>> {
    parse_response_with(protocol, raw, parse_output, parse_error, |_, _| {})
}

/// [`parse_response`], with a last say on the error metadata (protocol variants).
pub(crate) fn parse_response_with<O: OperationOutput, E>(
    protocol: Protocol,
    raw: RawResponse,
    parse_output: fn(&[u8]) -> Result<O, DeserializeError>,
    parse_error: fn(ErrorMetadata, &[u8]) -> Result<E, DeserializeError>,
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
        let mut output = parse_output(&raw.body).map_err(|e| malformed(&raw, e))?;
        output.set_request_id(raw.request_id().map(str::to_owned));
        return Ok(output);
    }
    let mut meta = protocol.error_metadata(&raw);
    adjust_meta(&raw, &mut meta);
    match parse_error(meta, &raw.body) {
        Ok(error) => Err(SdkError::Service(Box::new(ServiceError { error, raw }))),
        Err(e) => Err(malformed(&raw, e)),
    }
}
