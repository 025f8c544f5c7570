//! restJson1 responses: the members of an output or error bound to headers, the status
//! and the payload go there; the others make the JSON body (under their `@jsonName`).
//! Header values keep to visible ASCII (what HTTP allows unencoded); both clients read the
//! same text, so nothing is lost for the comparison.

use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Value};

use super::{
    code_forms, code_place, render, request_id_headers, structure, CodePlace, Mode, WireResponse,
};
use crate::model::{short, Member, Model, Operation};
use crate::service::Protocol;

/// Whether responses of `shape` carry a JSON document: body members, or a structure,
/// union or document payload.
pub(super) fn has_json_body(model: &Model, shape: &str) -> bool {
    model.members(shape).iter().any(|m| {
        m.in_body()
            || (m.has("smithy.api#httpPayload")
                && matches!(
                    model.kind(&m.target).as_str(),
                    "structure" | "union" | "document"
                ))
    })
}

/// The body part of a generated value of `shape`: its body members under their JSON keys
/// (and keys the model does not have).
pub(super) fn body_members(model: &Model, shape: &str, value: Value) -> Value {
    let members = model.members(shape);
    let Value::Object(obj) = value else {
        return value;
    };
    let mut body = Map::new();
    for (key, v) in obj {
        match members.iter().find(|m| m.name == key) {
            None => {
                body.insert(key, v);
            }
            Some(m) if m.in_body() => {
                body.insert(m.json_key().to_owned(), v);
            }
            Some(_) => {}
        }
    }
    Value::Object(body)
}

/// A response as HTTP: headers and body from a generated value of `shape`.
struct Bound {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    content_type: Option<&'static str>,
}

fn bind(model: &Model, shape: &str, value: &Value, seed: u64) -> Bound {
    let members = model.members(shape);
    let mut headers = Vec::new();
    let mut payload: Option<(&Member, &Value)> = None;
    for m in &members {
        let Some(v) = value.get(&m.name).filter(|v| !v.is_null()) else {
            continue;
        };
        if let Some(name) = m.http_header() {
            headers.push((name.to_owned(), header_text(model, m, v)));
        } else if let Some(prefix) = m.http_prefix_headers() {
            for (k, x) in v.as_object().into_iter().flatten() {
                let suffix: String = k.chars().filter(char::is_ascii_alphanumeric).collect();
                if let (false, Some(x)) = (suffix.is_empty(), x.as_str()) {
                    headers.push((format!("{prefix}{suffix}"), visible_ascii(x)));
                }
            }
        } else if m.has("smithy.api#httpPayload") {
            payload = Some((m, v));
        }
    }
    let has_payload = members.iter().any(|m| m.has("smithy.api#httpPayload"));
    let (body, content_type) = match payload {
        Some((m, v)) => match model.kind(&m.target).as_str() {
            "blob" => {
                use base64::Engine as _;
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(v.as_str().unwrap_or_default())
                    .unwrap_or_default();
                (bytes, Some("application/octet-stream"))
            }
            "string" | "enum" => (
                v.as_str().unwrap_or_default().as_bytes().to_vec(),
                Some("text/plain"),
            ),
            _ => (render(v, seed), Some("application/json")),
        },
        None if has_payload => (Vec::new(), None),
        None => {
            let body = body_members(model, shape, value.clone());
            let empty = body.as_object().is_some_and(Map::is_empty);
            if empty && seed.is_multiple_of(3) {
                (Vec::new(), None)
            } else {
                (render(&body, seed), Some("application/json"))
            }
        }
    };
    Bound {
        headers,
        body,
        content_type,
    }
}

/// The text of a header-bound value.
fn header_text(model: &Model, m: &Member, v: &Value) -> String {
    match v {
        Value::String(s) => visible_ascii(s),
        Value::Number(n) if model.kind(&m.target) == "timestamp" => {
            http_date(n.as_f64().unwrap_or(0.0))
        }
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                // list items with a comma or a quote are quoted (Smithy header lists)
                Value::String(s) => {
                    let s = visible_ascii(s);
                    if s.contains([',', '"']) || s.is_empty() {
                        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
                    } else {
                        s
                    }
                }
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// `s` without the characters a header value cannot hold as they are, trimmed.
fn visible_ascii(s: &str) -> String {
    s.chars()
        .filter(|c| (' '..='~').contains(c))
        .collect::<String>()
        .trim()
        .to_owned()
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), whole seconds.
fn http_date(epoch_seconds: f64) -> String {
    let at = time::OffsetDateTime::from_unix_timestamp(epoch_seconds.floor() as i64)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let day = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        [at.weekday().number_days_from_monday() as usize];
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][u8::from(at.month()) as usize - 1];
    format!(
        "{day}, {:02} {month} {:04} {:02}:{:02}:{:02} GMT",
        at.day(),
        at.year(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// A success response of `op`: its status (or another 2xx when the output binds the
/// status), bound headers, the payload or the JSON body.
pub(super) fn success(
    model: &'static Model,
    op: &Operation,
    output: BoxedStrategy<Value>,
) -> BoxedStrategy<WireResponse> {
    let id = op.output.clone();
    let code = op.http.as_ref().map_or(200, |h| h.code);
    let binds_status = model
        .members(&id)
        .iter()
        .any(|m| m.has("smithy.api#httpResponseCode"));
    let status = if binds_status {
        select(vec![code, 200, 201, 202]).boxed()
    } else {
        prop_oneof![20 => Just(code), 1 => Just(if code == 200 { 201 } else { 200 })].boxed()
    };
    (output, request_id_headers(), any::<u64>(), status)
        .prop_map(move |(value, mut headers, seed, status)| {
            let bound = bind(model, &id, &value, seed);
            if let Some(content_type) = bound.content_type {
                headers.insert(0, ("Content-Type".to_owned(), content_type.to_owned()));
            }
            headers.extend(bound.headers);
            WireResponse {
                kind: "success".to_owned(),
                status,
                headers,
                body: bound.body,
            }
        })
        .boxed()
}

/// A modeled error: its `@httpError` status (or 400), its code in `X-Amzn-Errortype` or
/// the body's `code` or `__type` (in any of the forms services write), its members bound
/// as for outputs; sometimes `message` for a modeled `Message`.
pub(super) fn modeled_error(model: &'static Model, error: &str) -> BoxedStrategy<WireResponse> {
    let id = error.to_owned();
    let code = short(error).to_owned();
    let status = model.http_error(error);
    let place = code_place(&[
        (4, CodePlace::Header),
        (2, CodePlace::CodeKey),
        (2, CodePlace::TypeKey),
        (1, CodePlace::HeaderWithoutBody),
    ]);
    (
        structure(model, error, Mode::Wire),
        code_forms(model),
        place,
        request_id_headers(),
        any::<u64>(),
        any::<bool>(),
        prop_oneof![9 => Just(status), 1 => Just(400u16)],
    )
        .prop_map(
            move |(mut value, form, place, mut headers, seed, lower_message, status)| {
                let code_text = form.replace("{code}", &code);
                if lower_message {
                    if let Some(obj) = value.as_object_mut() {
                        if let Some(m) = obj.remove("Message") {
                            obj.insert("message".to_owned(), m);
                        }
                    }
                }
                let mut bound = bind(model, &id, &value, seed);
                headers.insert(
                    0,
                    (
                        "Content-Type".to_owned(),
                        Protocol::RestJson1.content_type().to_owned(),
                    ),
                );
                headers.append(&mut bound.headers);
                let mut body = body_members(model, &id, value);
                let body = place.put(code_text, &mut body, &mut headers, seed);
                WireResponse {
                    kind: format!("error:{code}"),
                    status,
                    headers,
                    body,
                }
            },
        )
        .boxed()
}
