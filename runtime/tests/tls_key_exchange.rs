//! The key exchange the default transport offers: a loopback listener reads the TLS
//! ClientHello that `HyperTransport` sends and checks its key shares and supported groups.
//!
//! With `rustls-aws-lc` (the default) the first key share is the post-quantum hybrid
//! X25519MLKEM768, which a server that supports it (AWS endpoints do) negotiates without a
//! retry; with `rustls-ring` alone it is a classical group and no post-quantum group is
//! offered at all. Run the
//! ring case with `cargo test -p awsgen-runtime --no-default-features --features rustls-ring
//! --test tls_key_exchange`.
#![cfg(any(feature = "rustls-aws-lc", feature = "rustls-ring"))]

use awsgen_runtime::client::{HttpTransport, HyperTransport, TLS_PROVIDER};
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

/// TLS named groups (IANA "TLS Supported Groups").
const X25519: u16 = 0x001d;
const SECP256R1: u16 = 0x0017;
const X25519_MLKEM768: u16 = 0x11ec;

/// What a ClientHello offers for the key exchange.
#[derive(Debug)]
struct Offer {
    /// Groups with a key share sent in the hello, in order.
    key_shares: Vec<u16>,
    /// The `supported_groups` extension, in preference order.
    supported_groups: Vec<u16>,
}

/// A cursor over a byte slice that reads big-endian fields, failing (not panicking) past the end.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if self.0.len() < n {
            return Err(format!("truncated: wanted {n} bytes, {} left", self.0.len()));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    fn u8(&mut self) -> Result<usize, String> {
        Ok(self.take(1)?[0] as usize)
    }
    fn u16(&mut self) -> Result<u16, String> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }
    /// A vector with a 16-bit length prefix, as a reader of its own.
    fn vec16(&mut self) -> Result<Reader<'a>, String> {
        let n = self.u16()? as usize;
        Ok(Reader(self.take(n)?))
    }
}

/// Parses a ClientHello handshake message (RFC 8446 §4.1.2) for its key exchange offer.
fn parse_client_hello(handshake: &[u8]) -> Result<Offer, String> {
    let mut r = Reader(handshake);
    if r.u8()? != 1 {
        return Err("not a ClientHello".into());
    }
    let length = r.take(3)?;
    let length = u32::from_be_bytes([0, length[0], length[1], length[2]]) as usize;
    let mut hello = Reader(r.take(length)?);
    hello.take(2 + 32)?; // legacy_version, random
    let session_id = hello.u8()?;
    hello.take(session_id)?;
    hello.vec16()?; // cipher_suites
    let compression = hello.u8()?;
    hello.take(compression)?;
    let mut extensions = hello.vec16()?;
    let mut offer = Offer { key_shares: Vec::new(), supported_groups: Vec::new() };
    while !extensions.0.is_empty() {
        let kind = extensions.u16()?;
        let mut body = extensions.vec16()?;
        match kind {
            0x000a => {
                let mut groups = body.vec16()?;
                while !groups.0.is_empty() {
                    offer.supported_groups.push(groups.u16()?);
                }
            }
            0x0033 => {
                let mut shares = body.vec16()?;
                while !shares.0.is_empty() {
                    offer.key_shares.push(shares.u16()?);
                    shares.vec16()?; // the key exchange value
                }
            }
            _ => {}
        }
    }
    Ok(offer)
}

/// Reads one TLS record from the socket and returns the ClientHello's offer.
async fn read_offer(listener: TcpListener) -> Result<Offer, String> {
    let (mut socket, _) = listener.accept().await.map_err(|e| e.to_string())?;
    let mut header = [0u8; 5];
    socket.read_exact(&mut header).await.map_err(|e| e.to_string())?;
    if header[0] != 22 {
        return Err(format!("expected a handshake record, got content type {}", header[0]));
    }
    let mut record = vec![0u8; u16::from_be_bytes([header[3], header[4]]) as usize];
    socket.read_exact(&mut record).await.map_err(|e| e.to_string())?;
    parse_client_hello(&record)
}

#[tokio::test]
async fn the_transport_offers_its_providers_key_exchange() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let port = listener.local_addr().expect("address").port();
    let server = tokio::spawn(read_offer(listener));
    let transport = HyperTransport::new(Some(std::time::Duration::from_secs(10))).expect("transport");
    let request = http::Request::get(format!("https://127.0.0.1:{port}/")).body(awsgen_runtime::body::ByteStream::default()).expect("request");
    // The listener never answers the hello, so the request fails; only the hello matters.
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), transport.send(request)).await;
    let offer = server.await.expect("listener task").expect("a well-formed ClientHello");
    match TLS_PROVIDER {
        "aws-lc-rs" => {
            assert_eq!(offer.key_shares.first(), Some(&X25519_MLKEM768), "{offer:?}");
            assert_eq!(offer.supported_groups.first(), Some(&X25519_MLKEM768), "{offer:?}");
            // Classical groups stay offered for servers without post-quantum support.
            assert!(offer.supported_groups.contains(&X25519), "{offer:?}");
        }
        "ring" => {
            // One classical key share, for the most preferred group (rustls 0.23.48 orders
            // ring's groups secp384r1, X25519, secp256r1); no post-quantum group at all.
            assert_eq!(offer.key_shares.len(), 1, "{offer:?}");
            assert_eq!(offer.key_shares.first(), offer.supported_groups.first(), "{offer:?}");
            assert!(!offer.supported_groups.contains(&X25519_MLKEM768), "{offer:?}");
            assert!(offer.supported_groups.contains(&X25519), "{offer:?}");
            assert!(offer.supported_groups.contains(&SECP256R1), "{offer:?}");
        }
        other => panic!("unknown provider {other}"),
    }
}

#[test]
fn a_truncated_hello_is_an_error_not_a_panic() {
    let hello = [1u8, 0, 0, 40, 3, 3];
    assert!(parse_client_hello(&hello).unwrap_err().contains("truncated"));
    assert_eq!(parse_client_hello(&[2, 0, 0, 0]).unwrap_err(), "not a ClientHello");
}
