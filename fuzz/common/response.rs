//! What the response-parsing targets share: the input layout and the checks every parsed
//! response must pass, whatever the protocol.
//!
//! Input layout: 2 bytes status (folded into 100..=599, so about a fifth of the inputs take
//! the success path), 1 byte header count (modulo 8), then per header `name\0value\0`, then
//! the body. Names and values that are not valid HTTP are dropped, as a transport would never
//! deliver them.

use std::error::Error as StdError;
use std::fmt::Debug;

use awsgen_runtime::operation::Operation;
use awsgen_runtime::{RawResponse, SdkError};

/// The response an input describes, or `None` if it is too short.
pub fn response(data: &[u8]) -> Option<RawResponse> {
    let ([hi, lo, count], mut rest) = data.split_first_chunk::<3>()?;
    let status = 100 + u16::from_be_bytes([*hi, *lo]) % 500;
    let mut headers = Vec::new();
    for _ in 0..count % 8 {
        let mut parts = rest.splitn(3, |b| *b == 0);
        let name = parts.next()?;
        let value = parts.next()?;
        rest = parts.next().unwrap_or_default();
        headers.push((name, value));
    }
    let raw = RawResponse::new(status, rest.to_vec());
    Some(headers.into_iter().fold(raw, |raw, (name, value)| with_header(raw, name, value)))
}

/// Adds a header of any bytes HTTP allows in a value (obs-text included, which is no UTF-8).
fn with_header(mut raw: RawResponse, name: &[u8], value: &[u8]) -> RawResponse {
    use awsgen_runtime::http::{HeaderName, HeaderValue};
    if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name), HeaderValue::from_bytes(value)) {
        raw.headers.append(name, value);
    }
    raw
}

/// Parses `raw` as operation `O` does (`Operation::parse_response`, what `send` calls) and
/// checks the result: only a 2xx parses to an output, and then `output_ok` must hold; a 2xx
/// is never a service error; every error renders (`Display`, `Debug`, the `source()` chain,
/// the accessors). Returns the output, if any.
pub fn check<O: Operation>(raw: RawResponse, output_ok: impl FnOnce(&RawResponse, &O::Output)) -> Option<O::Output>
where
    O::Output: Debug,
    O::Error: StdError + Debug + 'static,
{
    let success = raw.is_success();
    let copy = raw.clone();
    match O::parse_response(raw) {
        Ok(output) => {
            assert!(success, "only a 2xx response parses to an output");
            let _ = format!("{output:?}");
            output_ok(&copy, &output);
            Some(output)
        }
        Err(err) => {
            assert!(
                matches!(err, SdkError::Service(_) | SdkError::MalformedResponse(_)),
                "a response parses to an output, a service error or a malformed response: {err:?}"
            );
            if let SdkError::Service(_) = &err {
                assert!(!success, "a 2xx response is never a service error");
            }
            let _ = format!("{err} {err:?}");
            let _ = (err.attempts(), err.request_id(), err.timeout(), err.as_service_error());
            let mut source: Option<&(dyn StdError + 'static)> = err.source();
            while let Some(s) = source {
                let _ = format!("{s} {s:?}");
                source = s.source();
            }
            None
        }
    }
}

/// Whether `body` is what a JSON reader may accept: JSON, or nothing but whitespace. JSON by
/// its grammar: a number too large for an `f64` is still JSON (the client skips it in a member
/// it does not know; botocore reads it as infinity), though `serde_json::Value` rejects it.
pub fn json_or_empty(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace) || serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok()
}
