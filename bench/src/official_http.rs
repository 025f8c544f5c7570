//! A plain-HTTP connector for the official SDK over loopback.
//!
//! The official SDK's own HTTP client (`aws-smithy-http-client`, its `default-https-client`
//! feature) is not in this workspace's lock file and would bring `tower`,
//! `rustls-native-certs` and a TLS stack in. This connector is the thinnest adapter that
//! does the same job: it hands the request to the same `hyper-util` pooled HTTP/1.1 client
//! (same hyper and hyper-util versions) that our runtime's transport uses, and gives the
//! response body back as a streaming `SdkBody`, the way `aws-smithy-http-client` does
//! (`HttpResponse::try_from(response.map(SdkBody::from_body_1_x))`). It adds no timeouts,
//! proxy handling or connection poisoning, so if anything it flatters the official SDK.

use aws_smithy_runtime_api::client::http::{HttpConnector, HttpConnectorFuture};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_types::body::SdkBody;
use hyper_util::client::legacy::connect::HttpConnector as HyperHttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};

/// Sends the official SDK's requests with a pooled hyper-util HTTP/1.1 client (plain HTTP).
#[derive(Clone, Debug)]
pub struct LoopbackConnector {
    client: Client<HyperHttpConnector, SdkBody>,
}

impl Default for LoopbackConnector {
    fn default() -> Self {
        Self::new()
    }
}

impl LoopbackConnector {
    /// A connector with its own connection pool (TCP_NODELAY on, as both SDKs set it).
    pub fn new() -> Self {
        let mut http = HyperHttpConnector::new();
        http.set_nodelay(true);
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .build(http);
        Self { client }
    }
}

impl HttpConnector for LoopbackConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let request = match request.try_into_http1x() {
            Ok(request) => request,
            Err(e) => return HttpConnectorFuture::ready(Err(ConnectorError::user(e.into()))),
        };
        let future = self.client.request(request);
        HttpConnectorFuture::new(async move {
            let response = future.await.map_err(|e| ConnectorError::io(e.into()))?;
            HttpResponse::try_from(response.map(SdkBody::from_body_1_x))
                .map_err(|e| ConnectorError::other(e.into(), None))
        })
    }
}
