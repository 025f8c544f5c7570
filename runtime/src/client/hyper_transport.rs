//! The default transport: hyper 1 (HTTP/1.1 only) over hyper-util's pooled client, TLS by
//! rustls with the aws-lc-rs provider (feature `rustls-aws-lc`, the default) or ring (feature
//! `rustls-ring`).
//!
//! Crypto provider: aws-lc-rs offers the post-quantum hybrid key exchange X25519MLKEM768 first
//! (AWS endpoints negotiate it, and the official SDK uses the same provider); ring offers
//! classical groups only and builds faster (BENCHMARKS.md, "TLS provider").
//! rustls 0.23.48 deprecated naming ring's provider, so the ring transport asks rustls for
//! its process-default provider, which is ring when ring is the only provider rustls is built
//! with, or the one the application installed with `CryptoProvider::install_default`.
//!
//! Trust roots: the Mozilla roots compiled in by `webpki-roots`, not the platform store. It is a
//! single dependency-free data crate, needs no file system access or OS API at run time (so it
//! works the same in scratch containers and on every OS, and cannot fail at start-up), and AWS
//! endpoints chain to Amazon Trust Services roots that it includes. `rustls-native-certs`
//! would add a PEM parser, `openssl-probe` and, on macOS, `security-framework`. HTTP/2 is
//! left out: AWS JSON services speak HTTP/1.1 and `h2` would be the largest dependency.

use std::error::Error as StdError;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use crate::body::{ByteStream, ByteStreamError};

use super::transport::{BoxFuture, HttpTransport, ResponseBody, TransportError, TransportErrorKind};

type Connector = ConnectTimeout<hyper_rustls::HttpsConnector<HttpConnector>>;

/// The default [`HttpTransport`] (feature `rustls`): pooled HTTP/1.1 connections, HTTPS with
/// rustls (see [`TLS_PROVIDER`] for its crypto provider), plain HTTP allowed (for local
/// endpoints).
#[derive(Clone)]
pub struct HyperTransport {
    client: Client<Connector, RequestBody>,
}

impl std::fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HyperTransport")
    }
}

impl HyperTransport {
    /// A transport whose connections (TCP connect and TLS handshake) must be made within
    /// `connect_timeout`. Needs a Tokio runtime when used.
    pub fn new(connect_timeout: Option<Duration>) -> Result<Self, TransportError> {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(crypto_provider())
            .map_err(|e| {
                TransportError::new(TransportErrorKind::Other, "failed to set up TLS").with_source(e)
            })?
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let connector = ConnectTimeout { inner: https, timeout: connect_timeout };
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(Duration::from_secs(90))
            .build(connector);
        Ok(Self { client })
    }
}

impl HttpTransport for HyperTransport {
    fn send(
        &self,
        request: http::Request<ByteStream>,
    ) -> BoxFuture<'_, Result<http::Response<ResponseBody>, TransportError>> {
        let future = self.client.request(request.map(RequestBody));
        Box::pin(async move {
            let response = future.await.map_err(map_client_error)?;
            Ok(response.map(|body| ResponseBody::from_stream(IncomingStream(body))))
        })
    }
}

/// The crypto provider the transport's TLS uses: `"aws-lc-rs"` (post-quantum hybrid key
/// exchange first) when the `rustls-aws-lc` feature is on, else `"ring"` (feature
/// `rustls-ring`).
pub const TLS_PROVIDER: &str = if cfg!(feature = "rustls-aws-lc") { "aws-lc-rs" } else { "ring" };

#[cfg(feature = "rustls-aws-lc")]
fn crypto_provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

/// rustls's process default: the provider the application installed, else ring, which rustls
/// installs when it is the only provider it was built with.
#[cfg(not(feature = "rustls-aws-lc"))]
fn crypto_provider() -> Arc<rustls::crypto::CryptoProvider> {
    match rustls::crypto::CryptoProvider::get_default() {
        Some(provider) => provider.clone(),
        None => rustls::ClientConfig::builder().crypto_provider().clone(),
    }
}

/// Maps a hyper-util client error to a transport error kind.
fn map_client_error(error: hyper_util::client::legacy::Error) -> TransportError {
    let kind = if source_chain(&error).any(|e| e.is::<ConnectTimeoutError>()) {
        TransportErrorKind::ConnectTimeout
    } else if error.is_connect() {
        TransportErrorKind::Connect
    } else {
        TransportErrorKind::Io
    };
    let message = match kind {
        TransportErrorKind::ConnectTimeout => "connect timeout",
        TransportErrorKind::Connect => "failed to connect",
        _ => "connection failed",
    };
    TransportError::new(kind, message).with_source(error)
}

fn source_chain<'a>(
    error: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    std::iter::successors(Some(error), |e: &&'a (dyn StdError + 'static)| (*e).source())
}

/// The connect timeout fired (a marker found in the error's source chain).
#[derive(Debug)]
pub(crate) struct ConnectTimeoutError(Duration);

impl std::fmt::Display for ConnectTimeoutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "no connection within {:?}", self.0)
    }
}

impl StdError for ConnectTimeoutError {}

/// A connector wrapper that bounds the whole connect (DNS, TCP and TLS) by a timeout.
#[derive(Clone, Debug)]
struct ConnectTimeout<C> {
    inner: C,
    timeout: Option<Duration>,
}

impl<C> tower_service::Service<http::Uri> for ConnectTimeout<C>
where
    C: tower_service::Service<http::Uri>,
    C::Future: Send + 'static,
    C::Error: Into<Box<dyn StdError + Send + Sync>>,
{
    type Response = C::Response;
    type Error = Box<dyn StdError + Send + Sync>;
    type Future = Pin<Box<dyn Future<Output = Result<C::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, uri: http::Uri) -> Self::Future {
        let connect = self.inner.call(uri);
        let timeout = self.timeout;
        Box::pin(async move {
            match timeout {
                Some(t) => match tokio::time::timeout(t, connect).await {
                    Ok(result) => result.map_err(Into::into),
                    Err(_) => Err(Box::new(ConnectTimeoutError(t)) as Box<dyn StdError + Send + Sync>),
                },
                None => connect.await.map_err(Into::into),
            }
        })
    }
}

/// A request body for hyper: the byte stream's chunks, its length when known.
struct RequestBody(ByteStream);

impl Body for RequestBody {
    type Data = Bytes;
    type Error = ByteStreamError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        Pin::new(&mut self.get_mut().0).poll_next(cx).map(|chunk| chunk.map(|c| c.map(Frame::data)))
    }

    fn is_end_stream(&self) -> bool {
        self.0.content_length() == Some(0)
    }

    fn size_hint(&self) -> SizeHint {
        match self.0.content_length() {
            Some(len) => SizeHint::with_exact(len),
            None => SizeHint::default(),
        }
    }
}

/// A hyper response body as a stream of data chunks (trailers are skipped).
struct IncomingStream(Incoming);

impl Stream for IncomingStream {
    type Item = Result<Bytes, TransportError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let body = &mut self.get_mut().0;
        loop {
            return match Pin::new(&mut *body).poll_frame(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(None) => Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => {
                    let kind = if source_chain(&e).any(|s| s.downcast_ref::<io::Error>().is_some())
                        || e.is_incomplete_message()
                    {
                        TransportErrorKind::Io
                    } else {
                        TransportErrorKind::Other
                    };
                    Poll::Ready(Some(Err(
                        TransportError::new(kind, "failed to read the response body").with_source(e)
                    )))
                }
                Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
                    Ok(data) => Poll::Ready(Some(Ok(data))),
                    Err(_) => continue,
                },
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    /// A connector that never connects: the connect timeout must fire.
    #[derive(Clone)]
    struct Hang;

    impl tower_service::Service<http::Uri> for Hang {
        type Response = ();
        type Error = io::Error;
        type Future = Pin<Box<dyn Future<Output = Result<(), io::Error>> + Send>>;
        fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), io::Error>> {
            Poll::Ready(Ok(()))
        }
        fn call(&mut self, _: http::Uri) -> Self::Future {
            Box::pin(std::future::pending())
        }
    }

    #[tokio::test]
    async fn connect_timeout_fires_and_is_recognised() {
        use tower_service::Service;
        let mut connector = ConnectTimeout { inner: Hang, timeout: Some(Duration::from_millis(20)) };
        let start = Instant::now();
        let err = connector.call(http::Uri::from_static("http://localhost/")).await.err();
        assert!(start.elapsed() < Duration::from_secs(5));
        let err = err.map(|e| e.is::<ConnectTimeoutError>());
        assert_eq!(err, Some(true));
    }

    #[tokio::test]
    async fn refused_connection_is_a_connect_error() {
        // Bind then drop a listener: its port is (almost certainly) closed right after.
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port());
        let Ok(port) = port else { return };
        let transport = HyperTransport::new(Some(Duration::from_secs(2))).map_err(|e| e.to_string());
        let Ok(transport) = transport else { panic!("{transport:?}") };
        let request = http::Request::builder().uri(format!("http://127.0.0.1:{port}/")).body(ByteStream::default());
        let Ok(request) = request else { panic!("bad request") };
        let err = transport.send(request).await.err().map(|e| e.kind());
        assert_eq!(err, Some(TransportErrorKind::Connect));
    }
}
