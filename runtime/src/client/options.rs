//! [`CallOptions`]: what one operation adds to the protocol's request — a host prefix
//! (`@endpoint(hostPrefix)`), an endpoint override (service customizations), endpoint
//! parameters (`@contextParam`, `@staticContextParams`), extra headers, request compression
//! (`@requestCompression`) and the body's MD5 (`@httpChecksumRequired`).

use bytes::Bytes;
use base64::Engine as _;
use http::header::{HeaderName, HeaderValue, CONTENT_ENCODING};
use md5::Digest as _;

use crate::body::ByteStream;
use crate::endpoint::ParamValue;

/// `Content-MD5` (RFC 1864; not among `http`'s constants, being obsolete in HTTP itself).
const CONTENT_MD5: HeaderName = HeaderName::from_static("content-md5");

/// The `Content-MD5` value of `body`: its MD5 digest in base64 (RFC 1864).
fn content_md5(body: &[u8]) -> Option<HeaderValue> {
    let digest = md5::Md5::digest(body);
    HeaderValue::from_str(&base64::engine::general_purpose::STANDARD.encode(digest)).ok()
}

/// Bodies smaller than this are sent uncompressed (the Smithy default of
/// `requestMinCompressionSizeBytes`).
pub const MIN_COMPRESSION_SIZE_BYTES: usize = 10_240;

/// Per-call additions to the request, emitted by the generator for operations that need them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallOptions {
    pub(crate) host_prefix: Option<String>,
    pub(crate) endpoint_override: Option<String>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) gzip: bool,
    pub(crate) content_md5: bool,
    pub(crate) endpoint_params: Vec<(&'static str, ParamValue)>,
    pub(crate) auth: Auth,
    pub(crate) streaming_response: bool,
    pub(crate) tree_hash_headers: bool,
    pub(crate) unsigned_payload: bool,
}

/// Whether a call is signed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Auth {
    /// Signed with the configured credentials; none is an error.
    #[default]
    Required,
    /// Signed when credentials are available, else sent unsigned (`@optionalAuth`).
    Optional,
    /// Never signed and needs no credentials (`@auth([])`).
    None,
}

impl CallOptions {
    /// No additions.
    pub fn new() -> Self {
        Self::default()
    }

    /// Prepends `prefix` (already expanded, e.g. `foo.bar.`) to the endpoint's host. Every
    /// label of the prefix must be a valid host label, or the call fails before sending.
    pub fn host_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.host_prefix = Some(prefix.into());
        self
    }

    /// Sends the request to this URL instead of the resolved endpoint, when set.
    pub fn endpoint_override(mut self, url: Option<String>) -> Self {
        self.endpoint_override = url.filter(|u| !u.is_empty());
        self
    }

    /// Adds a header (replacing one of the same name set by the protocol).
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// Compresses bodies of at least [`MIN_COMPRESSION_SIZE_BYTES`] with gzip (feature `gzip`;
    /// without it requests are sent uncompressed, which services accept).
    pub fn gzip(mut self) -> Self {
        self.gzip = true;
        self
    }

    /// Sends the base64 MD5 of the body (as sent, after compression) as `Content-MD5`,
    /// unless the request has one already (`@httpChecksumRequired`).
    pub fn content_md5(mut self) -> Self {
        self.content_md5 = true;
        self
    }

    /// Sets endpoint rule-set parameter `name` for this call (`@contextParam`,
    /// `@staticContextParams`): the endpoint is then resolved for the call instead of once per
    /// client, with `value` over the configuration's built-ins.
    pub fn endpoint_param(mut self, name: &'static str, value: impl Into<ParamValue>) -> Self {
        self.endpoint_params.push((name, value.into()));
        self
    }

    /// [`endpoint_param`](Self::endpoint_param) when `value` is set (an optional input
    /// member); unset, the parameter keeps its default.
    pub fn set_endpoint_param(self, name: &'static str, value: Option<ParamValue>) -> Self {
        match value {
            Some(value) => self.endpoint_param(name, value),
            None => self,
        }
    }

    /// Sends the call unsigned, without asking for credentials: an operation that takes no
    /// authentication (`@auth([])`), such as one that hands out credentials.
    pub fn no_auth(mut self) -> Self {
        self.auth = Auth::None;
        self
    }

    /// Signs the call when credentials can be had, and sends it unsigned otherwise
    /// (`@optionalAuth`).
    pub fn optional_auth(mut self) -> Self {
        self.auth = Auth::Optional;
        self
    }

    /// Leaves the body of a success response unread, for the output's streaming blob member
    /// ([`RawResponse::body_stream`](crate::RawResponse::body_stream)): neither held in
    /// memory nor bounded by `Config::max_response_bytes`, and read after the call returns
    /// (so the attempt and operation timeouts cover the response head only). Error responses
    /// are read whole as usual.
    pub fn streaming_response(mut self) -> Self {
        self.streaming_response = true;
        self
    }

    /// Sends the hex SHA-256 of the payload as `x-amz-content-sha256` and its SHA-256 tree
    /// hash as `x-amz-sha256-tree-hash`, each unless the request has it (Glacier's uploads,
    /// as botocore adds them). The payload must be replayable (bytes or a file): a one-shot
    /// stream cannot be hashed before it is sent, and the call fails before sending.
    pub fn tree_hash_headers(mut self) -> Self {
        self.tree_hash_headers = true;
        self
    }

    /// Signs `UNSIGNED-PAYLOAD` in place of the payload's SHA-256, said in
    /// `x-amz-content-sha256` (`@unsignedPayload`: large uploads are sent without being read
    /// twice). botocore does so over HTTPS only and signs the payload over plain HTTP; the
    /// Smithy trait and the official Rust SDK make no such difference, nor does this.
    pub fn unsigned_payload(mut self) -> Self {
        self.unsigned_payload = true;
        self
    }

    /// Applies headers, compression and the body checksum to the protocol's request.
    ///
    /// Compression and `Content-MD5` apply to bodies in memory: a streaming payload (a file,
    /// a stream) is sent as it is. The Smithy `@requestCompression` trait lets a client send
    /// any request uncompressed, and forbids compressing a `@requiresLength` stream.
    pub(crate) fn apply(&self, request: &mut http::Request<ByteStream>) -> Result<(), String> {
        for (name, value) in &self.headers {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| format!("invalid header name {name:?}"))?;
            let value = HeaderValue::from_str(value).map_err(|_| format!("invalid value for header {name}"))?;
            request.headers_mut().insert(name, value);
        }
        let in_memory = request.body().bytes().cloned();
        let in_memory = match in_memory {
            Some(body) if self.gzip && body.len() >= MIN_COMPRESSION_SIZE_BYTES => match gzip(&body) {
                Some(compressed) => Some(self.compressed(request, Bytes::from(compressed))),
                None => Some(body),
            },
            other => other,
        };
        // After compression: the checksum covers the bytes on the wire.
        if let Some(body) = in_memory.filter(|_| self.content_md5 && !request.headers().contains_key(CONTENT_MD5)) {
            if let Some(value) = content_md5(&body) {
                request.headers_mut().insert(CONTENT_MD5, value);
            }
        }
        Ok(())
    }

    /// Replaces the body with its gzip form and says so in `Content-Encoding`.
    fn compressed(&self, request: &mut http::Request<ByteStream>, compressed: Bytes) -> Bytes {
        *request.body_mut() = ByteStream::new(compressed.clone());
        // Content-Encoding lists codings in the order they were applied.
        let value = match request.headers().get(CONTENT_ENCODING).and_then(|v| v.to_str().ok()) {
            Some(existing) if !existing.trim().is_empty() => format!("{existing}, gzip"),
            _ => "gzip".to_owned(),
        };
        if let Ok(value) = HeaderValue::from_str(&value) {
            request.headers_mut().insert(CONTENT_ENCODING, value);
        }
        compressed
    }

    /// The endpoint URL to use: the override, else `resolved` with the host prefix applied.
    pub(crate) fn endpoint_url(&self, resolved: &str) -> Result<String, String> {
        if let Some(url) = &self.endpoint_override {
            return Ok(url.clone());
        }
        let Some(prefix) = &self.host_prefix else {
            return Ok(resolved.to_owned());
        };
        let labels = prefix.strip_suffix('.').unwrap_or(prefix);
        if !crate::endpoint::is_valid_host_label(labels, true) {
            return Err(format!("host prefix {prefix:?} is not made of valid host labels"));
        }
        let Some((scheme, rest)) = resolved.split_once("://") else {
            return Err(format!("endpoint {resolved:?} has no scheme"));
        };
        Ok(format!("{scheme}://{prefix}{rest}"))
    }
}

#[cfg(feature = "gzip")]
fn gzip(body: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(body).ok()?;
    encoder.finish().ok()
}

#[cfg(not(feature = "gzip"))]
fn gzip(_body: &[u8]) -> Option<Vec<u8>> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_prefix_is_prepended_and_validated() {
        let options = CallOptions::new().host_prefix("foo.bar.");
        assert_eq!(
            options.endpoint_url("https://example.com/custom").as_deref(),
            Ok("https://foo.bar.example.com/custom")
        );
        assert!(CallOptions::new().host_prefix("foo..").endpoint_url("https://example.com").is_err());
        assert!(CallOptions::new().host_prefix("a b.").endpoint_url("https://example.com").is_err());
        let overridden =
            CallOptions::new().host_prefix("foo.").endpoint_override(Some("https://other.example/".into()));
        assert_eq!(overridden.endpoint_url("https://example.com").as_deref(), Ok("https://other.example/"));
    }

    #[test]
    fn content_md5_is_the_base64_digest_of_the_body_and_keeps_a_given_one() {
        // RFC 1321's test vector: MD5("abc") = 900150983cd24fb0d6963f7d28e17f72.
        let mut request = http::Request::new(ByteStream::from(&b"abc"[..]));
        CallOptions::new().content_md5().apply(&mut request).unwrap();
        assert_eq!(request.headers()[CONTENT_MD5], "kAFQmDzST7DWlj99KOF/cg==");
        let mut given = http::Request::new(ByteStream::from(&b"abc"[..]));
        given.headers_mut().insert(CONTENT_MD5, HeaderValue::from_static("given"));
        CallOptions::new().content_md5().apply(&mut given).unwrap();
        assert_eq!(given.headers()[CONTENT_MD5], "given");
        let mut plain = http::Request::new(ByteStream::from(&b"abc"[..]));
        CallOptions::new().apply(&mut plain).unwrap();
        assert!(plain.headers().get(CONTENT_MD5).is_none());
    }

    #[cfg(feature = "gzip")]
    #[test]
    fn content_md5_covers_the_compressed_body() {
        let mut request = http::Request::new(ByteStream::from(vec![b'a'; MIN_COMPRESSION_SIZE_BYTES]));
        CallOptions::new().gzip().content_md5().apply(&mut request).unwrap();
        assert_eq!(request.headers()[CONTENT_ENCODING], "gzip");
        assert_eq!(Some(request.headers()[CONTENT_MD5].clone()), content_md5(request.body().bytes().unwrap()));
        assert_ne!(content_md5(request.body().bytes().unwrap()), content_md5(&[b'a'; MIN_COMPRESSION_SIZE_BYTES]));
    }

    #[cfg(feature = "gzip")]
    #[test]
    fn large_bodies_are_gzipped() {
        use std::io::Read as _;
        let body = vec![b'a'; MIN_COMPRESSION_SIZE_BYTES];
        let mut request = http::Request::new(ByteStream::from(body.clone()));
        CallOptions::new().gzip().apply(&mut request).unwrap();
        assert_eq!(request.headers()[CONTENT_ENCODING], "gzip");
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(&request.body().bytes().unwrap()[..]).read_to_end(&mut decoded).unwrap();
        assert_eq!(decoded, body);
        let mut small = http::Request::new(ByteStream::from("{}"));
        CallOptions::new().gzip().apply(&mut small).unwrap();
        assert!(small.headers().get(CONTENT_ENCODING).is_none());
    }
}
