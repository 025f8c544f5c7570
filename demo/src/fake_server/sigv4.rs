//! SigV4 verification for the fake server, written from the AWS specification
//! ("Create a signed AWS API request") with the `hmac` and `sha2` crates — deliberately not
//! with `aws-sigv4`, which is what the client signs with: the point is an independent check.
//!
//! The verifier recomputes the signature from what arrived on the wire: method, path, query,
//! the headers named in `SignedHeaders`, the SHA-256 of the body, `X-Amz-Date`, and the
//! credential scope; then compares it with the `Signature` of the `Authorization` header
//! (in constant time, through [`Mac::verify_slice`]). The clock skew is not checked: tests sign
//! with fixed clocks.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

/// The only signing algorithm accepted.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// Headers that must be covered by the signature of every request this fake serves.
const REQUIRED_SIGNED_HEADERS: &[&str] = &["content-type", "host", "x-amz-date", "x-amz-target"];

/// Test credentials a fake server accepts.
#[derive(Clone, PartialEq, Eq)]
pub struct FakeCredentials {
    /// The access key id (`AKID...`).
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: String,
    /// The session token, when the credentials are temporary: requests must then carry it in a
    /// signed `X-Amz-Security-Token` header.
    pub session_token: Option<String>,
}

impl FakeCredentials {
    /// Long-term credentials (no session token).
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token: None,
        }
    }

    /// Temporary credentials: with a session token.
    pub fn with_session_token(mut self, token: impl Into<String>) -> Self {
        self.session_token = Some(token.into());
        self
    }
}

impl std::fmt::Debug for FakeCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "** redacted **"),
            )
            .finish()
    }
}

/// The request as the verifier sees it.
pub struct SignedRequest<'a> {
    /// `POST`.
    pub method: &'a str,
    /// The request target: path and optional query, as sent (`/`, `/a?b=c`).
    pub target: &'a str,
    /// Header names lowercased, values as received, in arrival order.
    pub headers: &'a [(String, String)],
    /// The body.
    pub body: &'a [u8],
}

impl SignedRequest<'_> {
    fn values<'h>(&'h self, name: &'h str) -> impl Iterator<Item = &'h str> + 'h {
        self.headers
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn header<'h>(&'h self, name: &'h str) -> Option<&'h str> {
        self.values(name).next()
    }
}

/// Why a request was not accepted: the message of the `AccessDeniedException`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthFailure(pub String);

fn deny(message: impl Into<String>) -> AuthFailure {
    AuthFailure(message.into())
}

/// The parts of an `Authorization: AWS4-HMAC-SHA256 ...` header.
#[derive(Debug, PartialEq, Eq)]
struct Authorization<'a> {
    access_key_id: &'a str,
    date: &'a str,
    region: &'a str,
    service: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

fn parse_authorization(value: &str) -> Result<Authorization<'_>, AuthFailure> {
    let rest = value
        .strip_prefix(ALGORITHM)
        .and_then(|r| r.strip_prefix(' '))
        .ok_or_else(|| deny(format!("Authorization must use {ALGORITHM}")))?;
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let (key, value) = part.trim().split_once('=').ok_or_else(|| {
            deny(format!(
                "malformed Authorization component `{}`",
                part.trim()
            ))
        })?;
        let slot = match key {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed_headers,
            "Signature" => &mut signature,
            other => return Err(deny(format!("unknown Authorization component `{other}`"))),
        };
        if slot.replace(value).is_some() {
            return Err(deny(format!("Authorization repeats {key}")));
        }
    }
    let missing = |name: &str| deny(format!("Authorization has no {name}"));
    let credential = credential.ok_or_else(|| missing("Credential"))?;
    let signed_headers = signed_headers.ok_or_else(|| missing("SignedHeaders"))?;
    let signature = signature.ok_or_else(|| missing("Signature"))?;
    let scope: Vec<&str> = credential.split('/').collect();
    let [access_key_id, date, region, service, "aws4_request"] = scope[..] else {
        return Err(deny(format!(
            "Credential `{credential}` is not <key>/<date>/<region>/<service>/aws4_request"
        )));
    };
    let signed_headers: Vec<&str> = signed_headers.split(';').collect();
    let sorted = signed_headers
        .windows(2)
        .all(|w| w[0] < w[1] && !w[0].is_empty());
    let lowercase = signed_headers
        .iter()
        .all(|h| !h.is_empty() && !h.bytes().any(|b| b.is_ascii_uppercase()));
    if !sorted || !lowercase {
        return Err(deny(
            "SignedHeaders must be lowercase, sorted and without duplicates",
        ));
    }
    if signature.len() != 64 || !signature.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(deny("Signature must be 64 hex digits"));
    }
    Ok(Authorization {
        access_key_id,
        date,
        region,
        service,
        signed_headers,
        signature,
    })
}

/// `YYYYMMDDTHHMMSSZ`.
fn is_amz_date(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 16
        && b[8] == b'T'
        && b[15] == b'Z'
        && b[..8].iter().chain(&b[9..15]).all(u8::is_ascii_digit)
}

/// URI-encodes per SigV4: everything but the unreserved characters, `%XX` in upper case.
fn uri_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The canonical URI: each segment of the (already once-encoded) path encoded again, as
/// SigV4 requires for every service but S3.
fn canonical_uri(path: &str) -> String {
    if path.is_empty() {
        return "/".to_owned();
    }
    path.split('/')
        .map(uri_encode)
        .collect::<Vec<_>>()
        .join("/")
}

/// The canonical query: `name=value` pairs as sent (already encoded), sorted.
fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(&str, &str)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect();
    pairs.sort_unstable();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// Lowercase hex of a byte string.
fn hex_lower(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

fn sha256_hex(data: &[u8]) -> String {
    hex_lower(&Sha256::digest(data))
}

fn hmac(key: &[u8], data: &[u8]) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(data);
    mac
}

fn hmac_bytes(key: &[u8], data: &[u8]) -> Vec<u8> {
    hmac(key, data).finalize().into_bytes().to_vec()
}

/// The canonical request of SigV4, or why it cannot be built (a signed header is absent).
fn canonical_request(
    request: &SignedRequest<'_>,
    signed_headers: &[&str],
    payload_hash: &str,
) -> Result<String, AuthFailure> {
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((request.target, ""));
    let mut out = format!(
        "{}\n{}\n{}\n",
        request.method,
        canonical_uri(path),
        canonical_query(query)
    );
    for name in signed_headers {
        let values: Vec<String> = request
            .values(name)
            .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        if values.is_empty() {
            return Err(deny(format!(
                "signed header `{name}` is not in the request"
            )));
        }
        out.push_str(&format!("{name}:{}\n", values.join(",")));
    }
    out.push_str(&format!("\n{}\n{payload_hash}", signed_headers.join(";")));
    Ok(out)
}

/// The string to sign for `canonical_request`.
fn string_to_sign(amz_date: &str, scope: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{amz_date}\n{scope}\n{}",
        sha256_hex(canonical_request.as_bytes())
    )
}

/// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> Vec<u8> {
    let k_date = hmac_bytes(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    let k_region = hmac_bytes(&k_date, region.as_bytes());
    let k_service = hmac_bytes(&k_region, service.as_bytes());
    hmac_bytes(&k_service, b"aws4_request")
}

/// Verifies the SigV4 `Authorization` header of `request` against `credentials`, for
/// `region` and `service`. The message of an `Err` is what the client is told; a signature
/// that does not match is exactly `signature mismatch`.
pub fn verify(
    request: &SignedRequest<'_>,
    credentials: &FakeCredentials,
    region: &str,
    service: &str,
) -> Result<(), AuthFailure> {
    let authorization = request
        .header("authorization")
        .ok_or_else(|| deny("missing Authorization header"))?;
    let auth = parse_authorization(authorization)?;
    if auth.access_key_id != credentials.access_key_id {
        return Err(deny(format!(
            "unknown access key id `{}`",
            auth.access_key_id
        )));
    }
    let amz_date = request
        .header("x-amz-date")
        .filter(|d| is_amz_date(d))
        .ok_or_else(|| deny("X-Amz-Date is missing or not YYYYMMDDTHHMMSSZ"))?;
    if auth.date != &amz_date[..8] {
        return Err(deny(format!(
            "credential date {} is not the date of X-Amz-Date {amz_date}",
            auth.date
        )));
    }
    if auth.region != region {
        return Err(deny(format!(
            "credential scope region `{}` should be `{region}`",
            auth.region
        )));
    }
    if auth.service != service {
        return Err(deny(format!(
            "credential scope service `{}` should be `{service}`",
            auth.service
        )));
    }
    let mut required: Vec<&str> = REQUIRED_SIGNED_HEADERS.to_vec();
    match (
        &credentials.session_token,
        request.header("x-amz-security-token"),
    ) {
        (Some(expected), Some(got)) if got == expected => required.push("x-amz-security-token"),
        (Some(_), Some(_)) => return Err(deny("the security token is invalid")),
        (Some(_), None) => return Err(deny("missing X-Amz-Security-Token")),
        (None, Some(_)) => {
            return Err(deny(
                "X-Amz-Security-Token sent, but these credentials have no session token",
            ))
        }
        (None, None) => {}
    }
    if let Some(name) = required
        .iter()
        .find(|name| !auth.signed_headers.contains(name))
    {
        return Err(deny(format!("header `{name}` is not signed")));
    }
    let payload_hash = sha256_hex(request.body);
    if let Some(declared) = request.header("x-amz-content-sha256") {
        if declared != payload_hash {
            return Err(deny("X-Amz-Content-Sha256 does not match the body"));
        }
    }
    let canonical = canonical_request(request, &auth.signed_headers, &payload_hash)?;
    let scope = format!("{}/{region}/{service}/aws4_request", auth.date);
    let to_sign = string_to_sign(amz_date, &scope, &canonical);
    let key = signing_key(&credentials.secret_access_key, auth.date, region, service);
    let claimed = hex::decode(auth.signature).map_err(|_| deny("signature mismatch"))?;
    hmac(&key, to_sign.as_bytes())
        .verify_slice(&claimed)
        .map_err(|_| deny("signature mismatch"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The credentials of the AWS SigV4 test suite.
    fn suite_credentials() -> FakeCredentials {
        FakeCredentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    }

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// Signature of a request of the AWS test suite (`host;x-amz-date` signed, empty body).
    fn suite_signature(method: &str, target: &str) -> String {
        let headers = headers(&[
            ("host", "example.amazonaws.com"),
            ("x-amz-date", "20150830T123600Z"),
        ]);
        let request = SignedRequest {
            method,
            target,
            headers: &headers,
            body: b"",
        };
        let canonical =
            canonical_request(&request, &["host", "x-amz-date"], &sha256_hex(b"")).unwrap();
        let to_sign = string_to_sign(
            "20150830T123600Z",
            "20150830/us-east-1/service/aws4_request",
            &canonical,
        );
        let key = signing_key(
            &suite_credentials().secret_access_key,
            "20150830",
            "us-east-1",
            "service",
        );
        hex_lower(&hmac_bytes(&key, to_sign.as_bytes()))
    }

    /// Known answers published by AWS: the verifier's arithmetic is right independently of
    /// the client's signer.
    #[test]
    fn matches_the_aws_test_vectors() {
        // "Examples of how to derive a signing key for Signature Version 4".
        let key = signing_key(
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "20120215",
            "us-east-1",
            "iam",
        );
        assert_eq!(
            hex_lower(&key),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"
        );
        // aws-sig-v4-test-suite: get-vanilla, get-vanilla-query-order-key-case, post-vanilla.
        assert_eq!(
            suite_signature("GET", "/"),
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        );
        assert_eq!(
            suite_signature("GET", "/?Param2=value2&Param1=value1"),
            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"
        );
        assert_eq!(
            suite_signature("POST", "/"),
            "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"
        );
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    /// A get-vanilla request with the headers this fake requires signed, signed by the
    /// verifier's own arithmetic.
    fn signed(secret: &str, body: &[u8]) -> Vec<(String, String)> {
        let mut h = headers(&[
            ("host", "127.0.0.1:1"),
            ("content-type", "application/x-amz-json-1.0"),
            ("x-amz-date", "20250101T000000Z"),
            ("x-amz-target", "AmazonMWAAServerless.ListWorkflowRuns"),
        ]);
        let names = ["content-type", "host", "x-amz-date", "x-amz-target"];
        let request = SignedRequest {
            method: "POST",
            target: "/",
            headers: &h,
            body,
        };
        let canonical = canonical_request(&request, &names, &sha256_hex(body)).unwrap();
        let scope = "20250101/us-east-1/airflow-serverless/aws4_request";
        let to_sign = string_to_sign("20250101T000000Z", scope, &canonical);
        let key = signing_key(secret, "20250101", "us-east-1", "airflow-serverless");
        let signature = hex_lower(&hmac_bytes(&key, to_sign.as_bytes()));
        h.push((
            "authorization".into(),
            format!(
                "{ALGORITHM} Credential=AKIDEXAMPLE/{scope}, SignedHeaders={}, Signature={signature}",
                names.join(";")
            ),
        ));
        h
    }

    #[test]
    fn verifies_and_rejects() {
        let creds = suite_credentials();
        let check = |headers: &[(String, String)], body: &[u8]| {
            let request = SignedRequest {
                method: "POST",
                target: "/",
                headers,
                body,
            };
            verify(&request, &creds, "us-east-1", "airflow-serverless").map_err(|e| e.0)
        };
        let good = signed(&creds.secret_access_key, b"{}");
        assert_eq!(check(&good, b"{}"), Ok(()));
        // Another body, another secret, another header value: mismatch.
        assert_eq!(check(&good, b"{ }"), Err("signature mismatch".into()));
        let wrong = signed("not-the-secret", b"{}");
        assert_eq!(check(&wrong, b"{}"), Err("signature mismatch".into()));
        let mut tampered = good.clone();
        tampered[3].1 = "AmazonMWAAServerless.GetWorkflowRun".into();
        assert_eq!(check(&tampered, b"{}"), Err("signature mismatch".into()));
        // Whitespace inside a value is canonicalized, so it does not matter.
        let mut spaced = good.clone();
        spaced[1].1 = "  application/x-amz-json-1.0 ".into();
        assert_eq!(check(&spaced, b"{}"), Ok(()));
        // A token the credentials do not have.
        let mut with_token = good.clone();
        with_token.push(("x-amz-security-token".into(), "t".into()));
        assert!(check(&with_token, b"{}")
            .unwrap_err()
            .contains("no session token"));
        // Missing or malformed pieces.
        assert_eq!(
            check(&good[..4], b"{}"),
            Err("missing Authorization header".into())
        );
        let mut other_region = good.clone();
        other_region[4].1 = other_region[4].1.replace("us-east-1", "eu-west-1");
        assert!(check(&other_region, b"{}").unwrap_err().contains("region"));
        let mut unsigned_target = good.clone();
        unsigned_target[4].1 = unsigned_target[4].1.replace(";x-amz-target", "");
        assert_eq!(
            check(&unsigned_target, b"{}"),
            Err("header `x-amz-target` is not signed".into())
        );
    }

    #[test]
    fn parses_authorization() {
        let auth = parse_authorization(
            "AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/svc/aws4_request, \
             SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
        )
        .unwrap();
        assert_eq!(
            (auth.access_key_id, auth.date, auth.region, auth.service),
            ("AKID", "20250101", "us-east-1", "svc")
        );
        assert_eq!(auth.signed_headers, ["host", "x-amz-date"]);
        for bad in [
            "AWS4-HMAC-SHA1 Credential=a/b/c/d/aws4_request, SignedHeaders=host, Signature=00",
            "AWS4-HMAC-SHA256 Credential=a/b/c/d, SignedHeaders=host, Signature=00",
            "AWS4-HMAC-SHA256 Credential=a/b/c/d/aws4_request, SignedHeaders=x-amz-date;host, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            "AWS4-HMAC-SHA256 Credential=a/b/c/d/aws4_request, SignedHeaders=host, Signature=zz",
        ] {
            assert!(parse_authorization(bad).is_err(), "{bad}");
        }
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri("/a b/%2F"), "/a%20b/%252F");
    }
}
