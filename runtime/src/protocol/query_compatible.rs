//! `aws.protocols#awsQueryCompatible`: services that moved from awsQuery to a JSON protocol
//! send `x-amzn-query-mode: true` and may answer errors with an `x-amzn-query-error:
//! Code;Type` header carrying the error's awsQuery code and fault type.

use crate::error::SdkError;
use crate::response::RawResponse;
use crate::spec::Protocol;

use super::{OperationOutput, ParseError, ParseOutput};

/// The request header that tells the service to answer query-compatible errors.
pub const QUERY_MODE_HEADER: &str = "x-amzn-query-mode";

/// The response header with the awsQuery error code and type.
pub const QUERY_ERROR_HEADER: &str = "x-amzn-query-error";

/// The awsQuery `(code, type)` of an error response (`Customized;Sender` gives
/// `("Customized", "Sender")`), if the header is there and well formed.
pub fn query_error(raw: &RawResponse) -> Option<(&str, &str)> {
    let (code, kind) = raw.header(QUERY_ERROR_HEADER)?.split_once(';')?;
    let (code, kind) = (code.trim(), kind.trim());
    (!code.is_empty() && !kind.is_empty()).then_some((code, kind))
}

/// [`super::parse_response`] for `@awsQueryCompatible` services: the error code is the
/// awsQuery code of `x-amzn-query-error` when the service sent one. Generated error parsers
/// match that code as well as the error's shape name.
pub fn parse_response<O: OperationOutput, E>(
    protocol: Protocol,
    raw: RawResponse,
    parse_output: ParseOutput<O>,
    parse_error: ParseError<E>,
) -> Result<O, SdkError<E>> {
    super::parse_response_with(protocol, raw, parse_output, parse_error, |raw, meta| {
        if let Some((code, _)) = query_error(raw) {
            meta.code = Some(code.to_owned());
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_code_and_type() {
        let raw = RawResponse::new(400, "{}").with_header("x-amzn-query-error", "Customized;Sender");
        assert_eq!(query_error(&raw), Some(("Customized", "Sender")));
        assert_eq!(query_error(&RawResponse::new(400, "{}").with_header("x-amzn-query-error", "NoType")), None);
        assert_eq!(query_error(&RawResponse::new(400, "{}")), None);
    }
}
