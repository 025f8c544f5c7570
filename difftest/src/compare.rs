//! Comparing what the two clients sent and parsed, with the documented deviations
//! accounted for explicitly.

use serde_json::Value;

use crate::clients::Captured;
use crate::gen::WireResponse;
use crate::model::{Model, Operation};
use crate::service::{Protocol, Service};

/// Members of the model that `aws-sdk-mwaaserverless` 1.32.0 lacks: they are left out of
/// the comparison with it (botocore, whose model has them, checks them).
pub const OURS_ONLY_MEMBERS: &[(&str, &str)] = &[
    ("CreateWorkflow", "Environment"),
    ("UpdateWorkflow", "Environment"),
    ("GetWorkflow", "Environment"),
];

/// What a request comparison noticed besides equality.
#[derive(Debug, Default)]
pub struct RequestNotes {
    /// The bodies are byte for byte the same.
    pub bytes_identical: bool,
    /// The official client sent `@httpQuery` members in the query string (deviation 1).
    pub official_query: bool,
    /// The official client sent a `Content-Type` without a body (deviation 11).
    pub content_type_without_body: bool,
}

/// Method, URI, `X-Amz-Target`, `Content-Type` and the body as JSON values. Deviation 1
/// (documented): the official SDK also sends `@httpQuery` members as query parameters;
/// its query must be exactly those members and ours must have none.
pub fn requests(
    service: &Service,
    op: &Operation,
    params: &Value,
    official: &Captured,
    ours: &Captured,
) -> Result<RequestNotes, String> {
    if service.protocol == Protocol::RestJson1 {
        return rest_requests(service.model, op, official, ours);
    }
    let mut notes = RequestNotes::default();
    let (o_query, u_query) = same_method_and_base(official, ours)?;
    if let Some(q) = u_query {
        return Err(format!("ours sent a query string: {q:?}"));
    }
    let mut expected = expected_query(service.model, op, params);
    let mut got: Vec<(String, String)> = o_query.map(decode_query).transpose()?.unwrap_or_default();
    expected.sort();
    got.sort();
    if expected != got {
        return Err(format!(
            "official query {got:?} is not exactly the @httpQuery members {expected:?}"
        ));
    }
    notes.official_query = !got.is_empty();
    for header in ["x-amz-target", "content-type"] {
        if official.header(header) != ours.header(header) {
            return Err(format!(
                "{header}: official {:?} / ours {:?}",
                official.header(header),
                ours.header(header)
            ));
        }
    }
    let o_body: Value = serde_json::from_slice(&official.body)
        .map_err(|e| format!("official body is not JSON: {e}"))?;
    let mut u_body: Value =
        serde_json::from_slice(&ours.body).map_err(|e| format!("our body is not JSON: {e}"))?;
    let mut stripped = false;
    for (name, member) in service.ours_only {
        if *name == op.name {
            stripped |= u_body
                .as_object_mut()
                .and_then(|o| o.remove(*member))
                .is_some();
        }
    }
    if !json_eq(&o_body, &u_body) {
        return Err(format!(
            "body differs:\n  official {}\n  ours     {}",
            clip(&String::from_utf8_lossy(&official.body)),
            clip(&String::from_utf8_lossy(&ours.body))
        ));
    }
    notes.bytes_identical = !stripped && official.body == ours.body;
    Ok(notes)
}

/// What a response comparison accepted besides equality.
#[derive(Debug, PartialEq, Eq)]
pub enum ResponseNote {
    /// Identical canonical results.
    Equal,
    /// Deviation 2 (documented): for an error response without an error code, the
    /// official SDK drops the metadata (request id, message); ours keeps it.
    MetadataKeptWithoutCode,
    /// Deviation 3 (documented): ours fills an error's `Message` member from a `message`
    /// key.
    MessageMemberFromLowercaseKey,
    /// Deviation 4 (documented): a success body of only whitespace is an empty output for
    /// ours, malformed for the official SDK.
    BlankBodyIsEmptyOutput,
    /// Deviation 8 (documented): fractional epoch-seconds timestamps; the official SDK
    /// reads them through an `f64` and can be some nanoseconds off (ours reads the decimal
    /// digits); equal to the microsecond.
    EpochSecondsThroughFloat,
}

/// Compares the canonical parse results of the same response.
pub fn responses(
    service: &Service,
    op: &Operation,
    response: &WireResponse,
    official: &Value,
    ours: &Value,
) -> Result<ResponseNote, String> {
    let mut ours = ours.clone();
    for (name, member) in service.ours_only {
        if *name == op.name {
            if let Some(ok) = ours.get_mut("ok").and_then(Value::as_object_mut) {
                ok.remove(*member);
            }
        }
    }
    forget_unknown_union_names(&mut ours);
    if *official == ours {
        return Ok(ResponseNote::Equal);
    }
    let (mut official_micros, mut ours_micros) = (official.clone(), ours.clone());
    round_instants(&mut official_micros);
    round_instants(&mut ours_micros);
    if official_micros == ours_micros {
        return Ok(ResponseNote::EpochSecondsThroughFloat);
    }
    // Deviation 2: an error response with no error code (none in `X-Amzn-Errortype`,
    // `code` or `__type`, or a body that is not JSON) is `Unhandled` for both; the official
    // SDK builds it with empty metadata, ours keeps the request id and message (as
    // botocore does). Ours must hold exactly what the response says.
    let official_empty = serde_json::json!({ "error": {
        "variant": "Unhandled", "members": null, "code": null, "message": null, "request_id": null,
    }});
    if *official == official_empty
        && ours["error"]["variant"] == "Unhandled"
        && ours["error"]["code"].is_null()
    {
        let request_id = response
            .header("x-amzn-requestid")
            .or_else(|| response.header("x-amz-request-id"));
        let body: Option<serde_json::Map<String, Value>> =
            serde_json::from_slice(&response.body).ok();
        let message = ["message", "Message", "errorMessage"].iter().find_map(|k| {
            body.as_ref()
                .and_then(|b| b.get(*k))
                .and_then(Value::as_str)
        });
        let expected = serde_json::json!({ "error": {
            "variant": "Unhandled", "members": null, "code": null, "message": message, "request_id": request_id,
        }});
        if ours == expected {
            return Ok(ResponseNote::MetadataKeptWithoutCode);
        }
    }
    // Deviation 4: a success body of only whitespace reads as `{}` for ours (a tested
    // choice of the runtime, `generated/tests/malformed.rs`); the official SDK fails.
    let blank = !response.body.is_empty() && response.body.iter().all(u8::is_ascii_whitespace);
    if blank
        && (200..300).contains(&response.status)
        && official["failure"] == "malformed"
        && ours.get("ok").is_some()
    {
        return Ok(ResponseNote::BlankBodyIsEmptyOutput);
    }
    // Deviation 3: an error body that spells the message `message` where the model says
    // `Message`: ours fills the modeled `Message` member from it too (the official SDK does
    // so only for errors whose `Message` is optional, and leaves a required one empty).
    let body: Option<serde_json::Map<String, Value>> = serde_json::from_slice(&response.body).ok();
    if let Some(lower) = body
        .as_ref()
        .filter(|b| !b.contains_key("Message"))
        .and_then(|b| b.get("message"))
        .and_then(Value::as_str)
    {
        let official_member = &official["error"]["members"]["Message"];
        if ours["error"]["members"]["Message"] == lower
            && (official_member.is_null() || *official_member == "")
        {
            let mut adjusted = ours.clone();
            if let Some(members) = adjusted["error"]["members"].as_object_mut() {
                match official_member {
                    Value::Null => members.remove("Message"),
                    other => members.insert("Message".to_owned(), other.clone()),
                };
            }
            if *official == adjusted {
                return Ok(ResponseNote::MessageMemberFromLowercaseKey);
            }
        }
    }
    Err(format!(
        "parsed results differ:\n  official {}\n  ours     {}",
        clip(&official.to_string()),
        clip(&ours.to_string())
    ))
}

/// Canonical instants (`@<epoch nanoseconds>`) rounded to the microsecond.
fn round_instants(v: &mut Value) {
    match v {
        Value::String(s) => {
            if let Some(nanos) = s.strip_prefix('@').and_then(|n| n.parse::<i128>().ok()) {
                *s = format!("@{}us", (nanos + 500).div_euclid(1000));
            }
        }
        Value::Object(obj) => obj.values_mut().for_each(round_instants),
        Value::Array(items) => items.iter_mut().for_each(round_instants),
        _ => {}
    }
}

/// The official crate drops the name of an unknown union member; ours keeps it.
fn forget_unknown_union_names(v: &mut Value) {
    match v {
        Value::Object(obj) => {
            if obj.len() == 1 && obj.contains_key("$unknown") {
                obj.insert("$unknown".to_owned(), Value::Null);
            }
            obj.values_mut().for_each(forget_unknown_union_names);
        }
        Value::Array(items) => items.iter_mut().for_each(forget_unknown_union_names),
        _ => {}
    }
}

/// restJson1: method, scheme, host and path (byte for byte: the labels' percent-encoding
/// is compared), the query as a multiset of decoded pairs, `Content-Type` and the headers
/// the input binds (`@httpHeader`, `@httpPrefixHeaders`), and the body as JSON values when
/// both send JSON, else byte for byte.
fn rest_requests(
    model: &Model,
    op: &Operation,
    official: &Captured,
    ours: &Captured,
) -> Result<RequestNotes, String> {
    let (o_query, u_query) = same_method_and_base(official, ours)?;
    let mut o_pairs = o_query.map(decode_query).transpose()?.unwrap_or_default();
    let mut u_pairs = u_query.map(decode_query).transpose()?.unwrap_or_default();
    o_pairs.sort();
    u_pairs.sort();
    if o_pairs != u_pairs {
        return Err(format!(
            "query: official {o_pairs:?} / ours {u_pairs:?} (URIs {} / {})",
            official.uri, ours.uri
        ));
    }
    let members = model.members(&op.input);
    let bound = |request: &Captured| -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = request
            .headers
            .iter()
            .filter(|(name, _)| {
                name == "content-type"
                    || members.iter().any(|m| {
                        m.http_header()
                            .is_some_and(|h| h.eq_ignore_ascii_case(name))
                            || m.http_prefix_headers().is_some_and(|p| {
                                name.len() >= p.len()
                                    && name[..p.len()].eq_ignore_ascii_case(p)
                            })
                    })
            })
            .cloned()
            .collect();
        out.sort();
        out
    };
    let (mut o_headers, u_headers) = (bound(official), bound(ours));
    // Deviation 11: for an unset blob payload the official SDK sends `Content-Type:
    // application/octet-stream` with no body; ours, like botocore, sends none.
    let content_type_without_body = official.body.is_empty()
        && ours.body.is_empty()
        && ours.header("content-type").is_none()
        && official.header("content-type") == Some("application/octet-stream");
    if content_type_without_body {
        o_headers.retain(|(name, _)| name != "content-type");
    }
    if o_headers != u_headers {
        return Err(format!(
            "bound headers: official {o_headers:?} / ours {u_headers:?}"
        ));
    }
    let json = official
        .header("content-type")
        .is_some_and(|t| t.contains("json"));
    let same = if json && !official.body.is_empty() && !ours.body.is_empty() {
        let o: Value = serde_json::from_slice(&official.body)
            .map_err(|e| format!("official body is not JSON: {e}"))?;
        let u: Value =
            serde_json::from_slice(&ours.body).map_err(|e| format!("our body is not JSON: {e}"))?;
        json_eq(&o, &u)
    } else {
        official.body == ours.body
    };
    if !same {
        return Err(format!(
            "body differs:\n  official {}\n  ours     {}",
            clip(&String::from_utf8_lossy(&official.body)),
            clip(&String::from_utf8_lossy(&ours.body))
        ));
    }
    Ok(RequestNotes {
        bytes_identical: official.body == ours.body,
        official_query: false,
        content_type_without_body,
    })
}

/// Checks that both sent the same method to the same `scheme://host/path`; their queries.
fn same_method_and_base<'a>(
    official: &'a Captured,
    ours: &'a Captured,
) -> Result<(Option<&'a str>, Option<&'a str>), String> {
    if official.method != ours.method {
        return Err(format!(
            "method: official {} / ours {}",
            official.method, ours.method
        ));
    }
    let (o_base, o_query) = split_uri(&official.uri);
    let (u_base, u_query) = split_uri(&ours.uri);
    if o_base != u_base {
        return Err(format!(
            "URI: official {} / ours {}",
            official.uri, ours.uri
        ));
    }
    Ok((o_query, u_query))
}

/// `(scheme://host/path, query)`.
fn split_uri(uri: &str) -> (&str, Option<&str>) {
    match uri.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (uri, None),
    }
}

/// `@httpQuery` members of the input, as the official SDK would put them in the query.
pub fn expected_query(model: &Model, op: &Operation, params: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for member in model.members(&op.input) {
        let (Some(name), Some(value)) = (member.http_query(), params.get(&member.name)) else {
            continue;
        };
        let items = match value {
            Value::Array(items) => items.clone(),
            Value::Null => Vec::new(),
            other => vec![other.clone()],
        };
        for item in items {
            let text = match item {
                Value::String(s) => s,
                other => other.to_string(),
            };
            out.push((name.to_owned(), text));
        }
    }
    out
}

fn decode_query(query: &str) -> Result<Vec<(String, String)>, String> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            Ok((percent_decode(k)?, percent_decode(v)?))
        })
        .collect()
}

fn percent_decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .ok_or_else(|| format!("bad escape in {s:?}"))?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| format!("bad escape in {s:?}"))?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("query is not UTF-8: {s:?}"))
}

/// JSON equality where numbers compare by value (`1` and `1.0` are equal).
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            if let (Some(x), Some(y)) = (x.as_i64(), y.as_i64()) {
                x == y
            } else if let (Some(x), Some(y)) = (x.as_u64(), y.as_u64()) {
                x == y
            } else {
                x.as_f64() == y.as_f64()
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_eq(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

fn clip(s: &str) -> String {
    if s.chars().count() > 1500 {
        format!(
            "{}... ({} chars)",
            s.chars().take(1500).collect::<String>(),
            s.chars().count()
        )
    } else {
        s.to_owned()
    }
}
