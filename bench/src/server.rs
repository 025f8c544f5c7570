//! A minimal loopback MWAA Serverless for the pagination benchmark: `ListWorkflowRuns` pages
//! of 100 runs, keyed by `NextToken`, over plain HTTP/1.1 with keep-alive.
//!
//! Every response (head and body) is built before the server starts, so serving a page is a
//! buffer scan for the token and one write. The server runs on its own thread and Tokio
//! runtime; its allocations are not counted ([`exclude_this_thread`]) and its CPU time can be
//! read ([`PageServer::cpu`]), so the same server cost can be taken out of both clients'
//! figures. It checks no signature and reads nothing but `Content-Length` and the token.

use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use bytes::Bytes;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::bodies::{page_body, page_of_token, CONTENT_TYPE, REQUEST_ID};
use crate::measure::{exclude_this_thread, ThreadClock};

/// A running page server; stopped when dropped.
#[derive(Debug)]
pub struct PageServer {
    addr: SocketAddr,
    clock: ThreadClock,
    requests: Arc<AtomicU64>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// The whole HTTP response for one body.
fn http_response(body: &[u8]) -> Bytes {
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: {CONTENT_TYPE}\r\ncontent-length: {}\r\nx-amzn-requestid: {REQUEST_ID}\r\n\r\n",
        body.len()
    );
    let mut out = Vec::with_capacity(head.len() + body.len());
    out.extend_from_slice(head.as_bytes());
    out.extend_from_slice(body);
    out.into()
}

impl PageServer {
    /// Starts a server for `pages` pages of 100 runs on `127.0.0.1` (any free port).
    pub fn start(pages: usize) -> io::Result<Self> {
        let responses: Arc<Vec<Bytes>> = Arc::new(
            (0..pages)
                .map(|p| http_response(&page_body(p, pages)))
                .collect(),
        );
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let requests = Arc::new(AtomicU64::new(0));
        let (clock_tx, clock_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let counter = requests.clone();
        let thread = std::thread::Builder::new()
            .name("page-server".into())
            .spawn(move || {
                exclude_this_thread();
                let _ = clock_tx.send(ThreadClock::current());
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_io()
                    .build()
                    .expect("a Tokio runtime");
                rt.block_on(async move {
                    let listener = TcpListener::from_std(listener).expect("a Tokio listener");
                    let accept = async {
                        loop {
                            let Ok((stream, _)) = listener.accept().await else {
                                continue;
                            };
                            let _ = stream.set_nodelay(true);
                            tokio::spawn(serve(stream, responses.clone(), counter.clone()));
                        }
                    };
                    let _ = futures_util::future::select(std::pin::pin!(accept), stopped).await;
                });
            })?;
        let clock = clock_rx
            .recv()
            .map_err(|_| io::Error::other("the server thread died"))?;
        Ok(Self {
            addr,
            clock,
            requests,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:port`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Requests answered so far.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// CPU time of the server thread so far.
    pub fn cpu(&self) -> Duration {
        self.clock.read()
    }
}

impl Drop for PageServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `Content-Length` of a request head (names are case-insensitive).
fn content_length(head: &[u8]) -> Option<usize> {
    let head = std::str::from_utf8(head).ok()?;
    head.split("\r\n").find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse().ok())?
    })
}

/// The page the request body's `NextToken` names; page 0 without one.
fn requested_page(body: &[u8]) -> Option<usize> {
    let Some(at) = find(body, b"\"NextToken\"") else {
        return Some(0);
    };
    let rest = &body[at + 11..];
    let open = rest.iter().position(|&b| b == b'"')? + 1;
    let len = rest[open..].iter().position(|&b| b == b'"')?;
    page_of_token(std::str::from_utf8(&rest[open..open + len]).ok()?)
}

/// Serves one keep-alive connection until the client closes it.
async fn serve(
    mut stream: TcpStream,
    responses: Arc<Vec<Bytes>>,
    requests: Arc<AtomicU64>,
) -> io::Result<()> {
    let mut buf: Vec<u8> = Vec::with_capacity(16 * 1024);
    loop {
        let head_end = loop {
            if let Some(at) = find(&buf, b"\r\n\r\n") {
                break at + 4;
            }
            if stream.read_buf(&mut buf).await? == 0 {
                return Ok(());
            }
        };
        let length = content_length(&buf[..head_end]).ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidData, "request without Content-Length")
        })?;
        while buf.len() < head_end + length {
            if stream.read_buf(&mut buf).await? == 0 {
                return Ok(());
            }
        }
        let page = requested_page(&buf[head_end..head_end + length])
            .filter(|&p| p < responses.len())
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "unknown NextToken"))?;
        stream.write_all(&responses[page]).await?;
        requests.fetch_add(1, Ordering::Relaxed);
        buf.drain(..head_end + length);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_requests() {
        assert_eq!(
            content_length(b"POST / HTTP/1.1\r\nContent-Length: 12\r\nhost: x\r\n\r\n"),
            Some(12)
        );
        assert_eq!(content_length(b"POST / HTTP/1.1\r\nhost: x\r\n\r\n"), None);
        assert_eq!(requested_page(br#"{"WorkflowArn":"a"}"#), Some(0));
        let token = crate::bodies::next_token(42);
        assert_eq!(
            requested_page(format!(r#"{{"NextToken":"{token}","WorkflowArn":"a"}}"#).as_bytes()),
            Some(42)
        );
        assert_eq!(
            requested_page(format!(r#"{{"NextToken": "{token}"}}"#).as_bytes()),
            Some(42)
        );
    }
}
