//! The pluggable HTTP transport: what sends one signed request and streams its response back.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;

use crate::body::ByteStream;

/// A boxed, `Send` future, the return type of [`HttpTransport::send`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sends one HTTP request and returns the response head with a streaming body.
///
/// The client reads the body through [`ResponseBody::collect_limited`], so a transport never
/// has to buffer a whole body itself and the size limit (`Config::max_response_bytes`) holds
/// whatever the transport. Timeouts other than the connect timeout are applied by the client
/// around this call; a transport that enforces a connect timeout reports it as
/// [`TransportErrorKind::ConnectTimeout`].
pub trait HttpTransport: Send + Sync + fmt::Debug {
    /// Sends `request` (absolute URI, all headers set, already signed). The body is read
    /// chunk by chunk; its [`content_length`](ByteStream::content_length), when known, is in
    /// the `Content-Length` header, else the transport sends it chunked.
    fn send(
        &self,
        request: http::Request<ByteStream>,
    ) -> BoxFuture<'_, Result<http::Response<ResponseBody>, TransportError>>;
}

/// What kind of transport failure happened; decides whether the client may retry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made; the request was not sent, so it is always safe to retry.
    Connect,
    /// The connection (TCP and TLS) was not made within the connect timeout; not sent either.
    ConnectTimeout,
    /// The connection failed after (part of) the request may have been sent: reset, closed,
    /// broken body. Retried only for operations that are safe to send twice.
    Io,
    /// Anything else (a malformed response, a test stub mismatch). Never retried.
    Other,
}

/// Why a transport could not deliver a response.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl TransportError {
    /// A new error of `kind`.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into(), source: None }
    }

    /// Attaches the underlying error.
    pub fn with_source(mut self, source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The message given when the error was made.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Splits the error into its message and source, for wrapping.
    pub(crate) fn into_parts(self) -> (String, Option<Box<dyn StdError + Send + Sync>>) {
        (self.message, self.source)
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        // Include the first cause: hyper's top-level messages ("client error (Connect)") say
        // little on their own.
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn StdError + 'static))
    }
}

type ChunkStream = Pin<Box<dyn Stream<Item = Result<Bytes, TransportError>> + Send>>;

/// A response body: a stream of chunks, read by the client with a size limit.
pub struct ResponseBody {
    inner: BodyInner,
}

enum BodyInner {
    Once(Option<Bytes>),
    Stream(ChunkStream),
}

impl fmt::Debug for ResponseBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Bodies are never printed: they may hold sensitive data.
        match &self.inner {
            BodyInner::Once(b) => write!(f, "ResponseBody({} bytes)", b.as_ref().map_or(0, Bytes::len)),
            BodyInner::Stream(_) => f.write_str("ResponseBody(streaming)"),
        }
    }
}

/// Why [`ResponseBody::collect_limited`] failed.
#[derive(Debug)]
pub enum CollectError {
    /// The body is longer than the limit; reading stopped there.
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The transport failed while the body was read.
    Transport(TransportError),
}

impl fmt::Display for CollectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { limit } => write!(f, "response body exceeds the limit of {limit} bytes"),
            Self::Transport(e) => write!(f, "failed to read the response body: {e}"),
        }
    }
}

impl StdError for CollectError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::TooLarge { .. } => None,
            Self::Transport(e) => Some(e),
        }
    }
}

impl ResponseBody {
    /// An empty body.
    pub fn empty() -> Self {
        Self { inner: BodyInner::Once(None) }
    }

    /// A body already in memory.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        Self { inner: BodyInner::Once((!bytes.is_empty()).then_some(bytes)) }
    }

    /// A body read chunk by chunk from `stream`.
    pub fn from_stream<S>(stream: S) -> Self
    where
        S: Stream<Item = Result<Bytes, TransportError>> + Send + 'static,
    {
        Self { inner: BodyInner::Stream(Box::pin(stream)) }
    }

    /// Reads the whole body, failing as soon as more than `limit` bytes have arrived (so at most
    /// `limit` bytes plus one chunk are ever held in memory).
    pub async fn collect_limited(mut self, limit: usize) -> Result<Bytes, CollectError> {
        let mut collected = crate::body::Collected::default();
        let mut len = 0usize;
        while let Some(chunk) = std::future::poll_fn(|cx| Pin::new(&mut self).poll_next(cx)).await {
            let chunk = chunk.map_err(CollectError::Transport)?;
            len = len.saturating_add(chunk.len());
            if len > limit {
                return Err(CollectError::TooLarge { limit });
            }
            collected.push(chunk);
        }
        Ok(collected.finish())
    }
}

impl Stream for ResponseBody {
    type Item = Result<Bytes, TransportError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match &mut self.get_mut().inner {
            BodyInner::Once(bytes) => Poll::Ready(bytes.take().map(Ok)),
            BodyInner::Stream(stream) => stream.as_mut().poll_next(cx),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Chunks(std::vec::IntoIter<Result<Bytes, TransportError>>);

    impl Stream for Chunks {
        type Item = Result<Bytes, TransportError>;
        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            Poll::Ready(self.0.next())
        }
    }

    fn chunks(parts: &[&'static str]) -> ResponseBody {
        let items: Vec<_> = parts.iter().map(|p| Ok(Bytes::from_static(p.as_bytes()))).collect();
        ResponseBody::from_stream(Chunks(items.into_iter()))
    }

    fn block_on<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .map(|rt| rt.block_on(f))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn collects_chunks_within_the_limit() {
        let body = block_on(chunks(&["ab", "", "cd", "e"]).collect_limited(5)).map_err(|e| e.to_string());
        assert_eq!(body, Ok(Bytes::from_static(b"abcde")));
        let body = block_on(ResponseBody::from_bytes("xyz").collect_limited(3)).map_err(|e| e.to_string());
        assert_eq!(body, Ok(Bytes::from_static(b"xyz")));
        let body = block_on(ResponseBody::empty().collect_limited(0)).map_err(|e| e.to_string());
        assert_eq!(body, Ok(Bytes::new()));
    }

    #[test]
    fn stops_at_the_limit() {
        let err = block_on(chunks(&["ab", "cd", "ef"]).collect_limited(3));
        assert!(matches!(err, Err(CollectError::TooLarge { limit: 3 })), "{err:?}");
    }

    #[test]
    fn transport_errors_surface() {
        let items =
            vec![Ok(Bytes::from_static(b"a")), Err(TransportError::new(TransportErrorKind::Io, "reset"))];
        let err = block_on(ResponseBody::from_stream(Chunks(items.into_iter())).collect_limited(10));
        assert!(
            matches!(err, Err(CollectError::Transport(ref e)) if e.kind() == TransportErrorKind::Io),
            "{err:?}"
        );
    }
}
