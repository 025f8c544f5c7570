//! The raw HTTP response handed from the client to generated parsers.

use bytes::Bytes;

use crate::body::ByteStream;

/// A complete HTTP response, after retries.
#[derive(Clone, Debug)]
pub struct RawResponse {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: http::HeaderMap,
    /// The whole body (empty when the body is left to [`body_stream`](Self::body_stream)).
    pub body: Bytes,
    /// The unread body of a success response of an operation with a streaming output.
    stream: Option<ByteStream>,
    /// How many attempts were made to get it (1 when the first attempt answered).
    pub attempts: u32,
    /// The client's retry policy judged the response transient (throttling, a 5xx, a
    /// modeled `@retryable` error), even if it gave up retrying it.
    pub(crate) transient: bool,
}

impl RawResponse {
    /// A response with no headers, for tests and stubs.
    pub fn new(status: u16, body: impl Into<Bytes>) -> Self {
        Self { status, headers: http::HeaderMap::new(), body: body.into(), stream: None, attempts: 1, transient: false }
    }

    /// Replaces the headers.
    pub fn with_headers(mut self, headers: http::HeaderMap) -> Self {
        self.headers = headers;
        self
    }

    /// Leaves the body to `stream`, unread: a success response of an operation whose
    /// output member is a streaming blob.
    pub fn with_body_stream(mut self, stream: ByteStream) -> Self {
        self.stream = Some(stream);
        self
    }

    /// The unread body, for a streaming output member (see
    /// [`with_body_stream`](Self::with_body_stream)); `None` when the body was read into
    /// [`body`](Self::body).
    pub fn body_stream(&self) -> Option<&ByteStream> {
        self.stream.as_ref()
    }

    /// Sets how many attempts were made.
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// Adds a header (a name or value that is not valid HTTP is ignored).
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let (Ok(n), Ok(v)) = (
            http::header::HeaderName::from_bytes(name.as_bytes()),
            http::header::HeaderValue::from_str(value),
        ) {
            self.headers.append(n, v);
        }
        self
    }

    /// Whether the client's retry policy judged this error response transient: worth sending
    /// again later (a paginator polls its page again).
    pub fn is_transient(&self) -> bool {
        self.transient
    }

    /// Marks the response transient (or not), as the client's retry policy judged it.
    pub fn with_transient(mut self, transient: bool) -> Self {
        self.transient = transient;
        self
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The AWS request id (`x-amzn-RequestId`, or `x-amz-request-id`).
    pub fn request_id(&self) -> Option<&str> {
        self.header("x-amzn-requestid").or_else(|| self.header("x-amz-request-id"))
    }
}
