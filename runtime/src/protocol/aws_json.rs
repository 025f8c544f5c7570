//! `aws.protocols#awsJson1_0` and `awsJson1_1`: `POST /`, `X-Amz-Target`, JSON bodies,
//! error codes from `X-Amzn-Errortype`, `code` or `__type`.

use bytes::Bytes;

use crate::error::ErrorMetadata;
use crate::json::{DeserializeError, DeserializeShape, SerializeShape};
use crate::response::RawResponse;
use crate::spec::Protocol;

/// The request for an operation: `POST /` with `Content-Type`, `X-Amz-Target: target`
/// (`Service.Operation`) and the input as a JSON object; HTTP binding traits are ignored,
/// as the protocol says. The path is relative to the endpoint: the client adds the host,
/// the signature and `Content-Length`.
pub fn request<I: SerializeShape>(protocol: Protocol, target: &'static str, input: &I) -> http::Request<Bytes> {
    let mut request = http::Request::new(Bytes::from(crate::json::to_vec(input)));
    *request.method_mut() = http::Method::POST;
    *request.uri_mut() = http::Uri::from_static("/");
    let headers = request.headers_mut();
    headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static(protocol.content_type()));
    headers.insert("x-amz-target", http::HeaderValue::from_static(target));
    request
}

/// Reads an output from a success response: the body is the JSON object (an empty body is
/// an empty object); status and headers carry nothing in this protocol.
pub fn parse_output<O: DeserializeShape>(raw: &RawResponse) -> Result<O, DeserializeError> {
    crate::json::from_slice(&raw.body)
}

/// Reads a modeled error's members from the body of an error response and attaches `meta`.
pub fn parse_error<E: crate::json::ModeledError>(raw: &RawResponse, meta: ErrorMetadata) -> Result<E, DeserializeError> {
    crate::json::parse_error(&raw.body, meta)
}

/// Reduces `aws.protocoltests#FooError:http://internal...` to `FooError`: drop everything
/// from the first `:`, then everything up to the first `#`.
pub fn sanitize_error_code(raw: &str) -> &str {
    let code = raw.split(':').next().unwrap_or(raw);
    match code.split_once('#') {
        Some((_, name)) => name,
        None => code,
    }
    .trim()
}

/// Reads the error code (header `X-Amzn-Errortype`, then body `code`, then body `__type`,
/// top level only), the message (`message`, `Message` or `errorMessage`) and the request id.
pub fn error_metadata(raw: &RawResponse) -> ErrorMetadata {
    let body: Option<serde_json::Map<String, serde_json::Value>> = serde_json::from_slice(&raw.body).ok();
    let body_str = |key: &str| body.as_ref().and_then(|b| b.get(key)).and_then(|v| v.as_str());
    let code = raw
        .header("x-amzn-errortype")
        .or_else(|| body_str("code"))
        .or_else(|| body_str("__type"))
        .map(sanitize_error_code)
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    let message = ["message", "Message", "errorMessage"].into_iter().find_map(body_str).map(str::to_owned);
    ErrorMetadata { code, message, request_id: raw.request_id().map(str::to_owned), status: raw.status }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitizes_every_documented_form() {
        for raw in [
            "FooError",
            "FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
            "aws.protocoltests.restjson#FooError",
            "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
        ] {
            assert_eq!(sanitize_error_code(raw), "FooError", "{raw}");
        }
    }

    #[test]
    fn header_wins_over_code_which_wins_over_type() {
        let raw = RawResponse::new(400, r#"{"code":"A","__type":"ns#B","Message":"m"}"#)
            .with_header("X-Amzn-Errortype", "C:http://x")
            .with_header("x-amzn-RequestId", "req-1");
        let meta = error_metadata(&raw);
        assert_eq!(meta.code.as_deref(), Some("C"));
        assert_eq!(meta.message.as_deref(), Some("m"));
        assert_eq!(meta.request_id.as_deref(), Some("req-1"));
        let raw = RawResponse::new(400, r#"{"code":"A","__type":"ns#B"}"#);
        assert_eq!(error_metadata(&raw).code.as_deref(), Some("A"));
        let raw = RawResponse::new(400, r#"{"__type":"ns#B","nested":{"code":"X"}}"#);
        assert_eq!(error_metadata(&raw).code.as_deref(), Some("B"));
    }

    #[test]
    fn non_json_error_bodies_still_give_status() {
        let raw = RawResponse::new(502, "<html><body>Bad Gateway</body></html>");
        let meta = error_metadata(&raw);
        assert_eq!(meta.code, None);
        assert_eq!(meta.status, 502);
    }
}
