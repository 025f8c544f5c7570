//! `aws.protocols#restJson1`: each operation's `@http` method and URI, members bound to
//! labels, query parameters, headers and the payload, the other input members in a JSON
//! body (Smithy "HTTP binding traits", "AWS restJson1 protocol").
//!
//! Generated code builds a request with a [`RequestBuilder`] (one call per bound member) and
//! reads outputs and errors with [`parse_output`] and [`parse_error`], through the
//! [`ResponseBindings`] each output and error structure implements. Error codes are read as in
//! awsJson: header `X-Amzn-Errortype`, then the body's `code`, then `__type`.

use std::collections::BTreeMap;

use base64::Engine;

use super::http_text::{percent_encode, quote_list_element, split_list, HttpText};
use crate::body::ByteStream;
use crate::error::{BuildError, BuildProblem, ErrorMetadata};
use crate::json::{self, DeserializeError, DeserializeShape, Encode, JsonWriter, MapKey, ModeledError};
use crate::response::RawResponse;

/// The `Content-Type` of JSON bodies and structure, union and document payloads.
pub const JSON_CONTENT_TYPE: &str = "application/json";

/// What an unset structure, union or document payload sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsetPayload {
    /// `{}` (a structure).
    EmptyObject,
    /// No body (a union or document).
    NoBody,
}

/// What the payload member of an input holds, for its default `Content-Type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayloadKind {
    /// A blob: `application/octet-stream`.
    Blob,
    /// A string or string enum: `text/plain`.
    Text,
}

/// Builds an operation's request: method, path from the URI pattern, query, headers, body.
///
/// Calls follow the pattern's order for the path ([`literal`](Self::literal),
/// [`label`](Self::label)); `@httpQuery` members before `@httpQueryParams` and `@httpHeader`
/// members before `@httpPrefixHeaders`, since the named members win over map entries.
///
/// A member the request cannot carry (an unset label, a header value that is not valid HTTP,
/// a stream of unknown length where one is required) makes [`build`](Self::build) fail,
/// naming the input shape and the member: the request is never sent without it.
#[derive(Debug)]
pub struct RequestBuilder {
    method: http::Method,
    /// The input shape's name, for errors.
    shape: &'static str,
    /// The first member that could not be bound.
    error: Option<BuildError>,
    path: String,
    query: Vec<String>,
    /// Names set by `@httpQuery` members, which a `@httpQueryParams` map does not override.
    query_names: Vec<String>,
    headers: http::HeaderMap,
    body: ByteStream,
}

impl RequestBuilder {
    /// A request with the given method (`GET`) and no path yet, for input shape `shape`.
    pub fn new(method: &'static str, shape: &'static str) -> Self {
        RequestBuilder {
            method: http::Method::from_bytes(method.as_bytes()).unwrap_or(http::Method::POST),
            shape,
            error: None,
            path: String::new(),
            query: Vec::new(),
            query_names: Vec::new(),
            headers: http::HeaderMap::new(),
            body: ByteStream::default(),
        }
    }

    /// Records that `member` cannot be bound (the first such member is reported).
    fn fail(&mut self, member: &'static str, problem: BuildProblem) {
        if self.error.is_none() {
            self.error = Some(BuildError { shape: self.shape, member, problem });
        }
    }

    /// Appends literal text of the URI pattern to the path, as it is.
    pub fn literal(&mut self, text: &str) -> &mut Self {
        self.path.push_str(text);
        self
    }

    /// Appends the value of label `member` to the path, percent-encoded, `/` included.
    /// Labels are required: an unset one fails the request.
    pub fn label<C: HttpText>(&mut self, member: &'static str, value: &Option<C::Value>) -> &mut Self {
        match value {
            Some(value) => {
                let text = C::to_text(value);
                if text.is_empty() {
                    self.fail(member, BuildProblem::EmptyLabel);
                }
                self.path.push_str(&percent_encode(&text, false));
            }
            None => self.fail(member, BuildProblem::Missing),
        }
        self
    }

    /// Appends a greedy label (`{key+}`, a string spanning path segments): percent-encoded
    /// but for its `/`s; required like [`label`](Self::label).
    pub fn greedy_label(&mut self, member: &'static str, value: &Option<String>) -> &mut Self {
        match value {
            Some(value) if value.is_empty() => self.fail(member, BuildProblem::EmptyLabel),
            Some(value) => self.path.push_str(&percent_encode(value, true)),
            None => self.fail(member, BuildProblem::Missing),
        }
        self
    }

    /// [`label`](Self::label), with `default` for a value that is unset or empty (service
    /// customizations).
    pub fn label_or<C: HttpText>(&mut self, value: &Option<C::Value>, default: &str) -> &mut Self {
        let text = value.as_ref().map(C::to_text).filter(|text| !text.is_empty());
        self.path.push_str(&percent_encode(text.as_deref().unwrap_or(default), false));
        self
    }

    /// Adds the literal query of the URI pattern (`foo=bar&hello`), as it is.
    pub fn literal_query(&mut self, text: &str) -> &mut Self {
        self.query.extend(text.split('&').filter(|pair| !pair.is_empty()).map(str::to_owned));
        self
    }

    fn push_query(&mut self, name: &str, value: &str) {
        self.query.push(format!("{}={}", percent_encode(name, false), percent_encode(value, false)));
    }

    /// An `@httpQuery` member: `name=value` if set.
    pub fn query<C: HttpText>(&mut self, name: &str, value: &Option<C::Value>) -> &mut Self {
        if let Some(value) = value {
            self.push_query(name, &C::to_text(value));
            self.query_names.push(name.to_owned());
        }
        self
    }

    /// An `@httpQuery` list: one `name=element` per element; an empty list sends nothing
    /// (`name=` would mean one empty string).
    pub fn query_list<C: HttpText>(&mut self, name: &str, values: &Option<Vec<C::Value>>) -> &mut Self {
        for value in values.iter().flatten() {
            self.push_query(name, &C::to_text(value));
        }
        if values.as_ref().is_some_and(|v| !v.is_empty()) {
            self.query_names.push(name.to_owned());
        }
        self
    }

    /// An `@httpQueryParams` map of strings (or of lists of strings, one pair per element);
    /// names an `@httpQuery` member set are left out.
    pub fn query_params<K: MapKey, V: QueryValues>(&mut self, map: &Option<BTreeMap<K, V>>) -> &mut Self {
        for (key, values) in map.iter().flatten() {
            if self.query_names.iter().any(|n| n == key.wire()) {
                continue;
            }
            for value in values.values() {
                self.push_query(key.wire(), value);
            }
        }
        self
    }

    /// Sets header `name` to `value` for `member`; a name or value that is not valid HTTP
    /// fails the request.
    fn insert_header(&mut self, member: &'static str, name: &str, value: &str) {
        match (http::HeaderName::from_bytes(name.as_bytes()), http::HeaderValue::from_str(value)) {
            (Ok(name), Ok(value)) => {
                self.headers.insert(name, value);
            }
            _ => self.fail(member, BuildProblem::InvalidHeader { header: name.to_owned() }),
        }
    }

    /// An `@httpHeader` member, if set (an empty string sends an empty header).
    pub fn header<C: HttpText>(&mut self, member: &'static str, name: &str, value: &Option<C::Value>) -> &mut Self {
        if let Some(value) = value {
            self.insert_header(member, name, &C::to_text(value));
        }
        self
    }

    /// An `@httpHeader` string with `@mediaType`: always base64 in a header.
    pub fn media_type_header(&mut self, member: &'static str, name: &str, value: &Option<String>) -> &mut Self {
        if let Some(value) = value {
            self.insert_header(member, name, &base64::engine::general_purpose::STANDARD.encode(value));
        }
        self
    }

    /// An `@httpHeader` list, one line joined by `", "`; strings that hold a comma or quote
    /// are quoted. An empty list sends an empty header.
    pub fn header_list<C: HttpText>(
        &mut self,
        member: &'static str,
        name: &str,
        values: &Option<Vec<C::Value>>,
    ) -> &mut Self {
        if let Some(values) = values {
            let texts: Vec<String> = values
                .iter()
                .map(|v| if C::QUOTED_IN_LISTS { quote_list_element(&C::to_text(v)) } else { C::to_text(v) })
                .collect();
            self.insert_header(member, name, &texts.join(", "));
        }
        self
    }

    /// An `@httpPrefixHeaders` map: header `prefix` + key per entry, unless an `@httpHeader`
    /// member set that header.
    pub fn prefix_headers<K: MapKey>(
        &mut self,
        member: &'static str,
        prefix: &str,
        map: &Option<BTreeMap<K, String>>,
    ) -> &mut Self {
        for (key, value) in map.iter().flatten() {
            let name = format!("{prefix}{}", key.wire());
            if !self.headers.contains_key(name.to_ascii_lowercase().as_str()) {
                self.insert_header(member, &name, value);
            }
        }
        self
    }

    /// A header the request carries unless a member set it (service customizations: the
    /// model's own text, always a valid header).
    pub fn default_header(&mut self, name: &'static str, value: &'static str) -> &mut Self {
        if !self.headers.contains_key(name.to_ascii_lowercase().as_str()) {
            self.insert_header("", name, value);
        }
        self
    }

    fn set_body(&mut self, body: impl Into<ByteStream>, content_type: &str) {
        self.body = body.into();
        if !self.headers.contains_key(http::header::CONTENT_TYPE) {
            if let Ok(value) = http::HeaderValue::from_str(content_type) {
                self.headers.insert(http::header::CONTENT_TYPE, value);
            }
        }
    }

    /// The JSON object of the input's body members (`{}` when none is set); `write_members`
    /// writes them between the braces.
    pub fn json_body(&mut self, write_members: impl FnOnce(&mut JsonWriter)) -> &mut Self {
        let mut w = JsonWriter::new();
        w.begin_object();
        write_members(&mut w);
        w.end_object();
        self.set_body(w.finish(), JSON_CONTENT_TYPE);
        self
    }

    /// A structure, union or document `@httpPayload`: the value is the JSON body; `unset`
    /// says what an unset one sends.
    pub fn json_payload<C: Encode>(&mut self, value: &Option<C::Value>, unset: UnsetPayload) -> &mut Self {
        match (value, unset) {
            (Some(value), _) => {
                let mut w = JsonWriter::new();
                C::ser(value, &mut w);
                self.set_body(w.finish(), JSON_CONTENT_TYPE);
            }
            (None, UnsetPayload::EmptyObject) => self.set_body(b"{}".to_vec(), JSON_CONTENT_TYPE),
            (None, UnsetPayload::NoBody) => {}
        }
        self
    }

    /// A blob or string `@httpPayload`: the raw bytes, with the `@mediaType` or the kind's
    /// default `Content-Type`; unset sends no body.
    pub fn raw_payload(&mut self, value: Option<&[u8]>, kind: PayloadKind, media_type: Option<&str>) -> &mut Self {
        if let Some(value) = value {
            let default = match kind {
                PayloadKind::Blob => "application/octet-stream",
                PayloadKind::Text => "text/plain",
            };
            self.set_body(value.to_vec(), media_type.unwrap_or(default));
        }
        self
    }

    /// A streaming blob `@httpPayload` (`member`): the stream, with the `@mediaType` or
    /// `application/octet-stream`; unset sends no body. With `requires_length`
    /// (`@requiresLength`), a stream of unknown length fails the request.
    pub fn stream_payload(
        &mut self,
        member: &'static str,
        value: &Option<ByteStream>,
        requires_length: bool,
        media_type: Option<&str>,
    ) -> &mut Self {
        let Some(value) = value else { return self };
        if requires_length && value.content_length().is_none() {
            self.fail(member, BuildProblem::LengthRequired);
        }
        self.set_body(value.clone(), media_type.unwrap_or("application/octet-stream"));
        self
    }

    /// The request (path relative to the endpoint), or the first member it could not bind.
    pub fn build(self) -> Result<http::Request<ByteStream>, BuildError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let mut uri = if self.path.is_empty() { "/".to_owned() } else { self.path };
        if !self.query.is_empty() {
            uri.push('?');
            uri.push_str(&self.query.join("&"));
        }
        let mut request = http::Request::new(self.body);
        *request.method_mut() = self.method;
        // Labels and query are percent-encoded; only a model's literal text could be no URI.
        *request.uri_mut() = http::Uri::try_from(uri.as_str())
            .or_else(|_| http::Uri::try_from(percent_encode_invalid(&uri)))
            .unwrap_or_else(|_| http::Uri::from_static("/"));
        *request.headers_mut() = self.headers;
        Ok(request)
    }
}

/// Encodes the bytes a URI cannot hold (spaces, non-ASCII) in a model's literal path text.
fn percent_encode_invalid(uri: &str) -> String {
    let mut out = String::with_capacity(uri.len());
    for byte in uri.bytes() {
        if byte.is_ascii_graphic() {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The values of an `@httpQueryParams` map entry: a string, or a list of strings.
pub trait QueryValues {
    /// The entry's values, one query pair each.
    fn values(&self) -> Vec<&str>;
}

impl QueryValues for String {
    fn values(&self) -> Vec<&str> {
        vec![self]
    }
}

impl QueryValues for Vec<String> {
    fn values(&self) -> Vec<&str> {
        self.iter().map(String::as_str).collect()
    }
}

/// An output or error structure of a restJson1 operation: the members bound to the status,
/// headers and payload, read after its body members.
pub trait ResponseBindings: DeserializeShape {
    /// Whether a member is the payload: the body is then that member, not an object of
    /// members.
    const HAS_PAYLOAD: bool = false;
    /// The JSON names of the members bound to the status, headers or payload: not body
    /// members, so a body member of that name is skipped.
    const BOUND_KEYS: &'static [&'static str] = &[];
    /// Reads the members bound to the status, headers and payload.
    fn read_bindings(&mut self, raw: &RawResponse) -> Result<(), DeserializeError>;
}

fn body_members<T: ResponseBindings>(raw: &RawResponse) -> Result<T, DeserializeError> {
    // With a payload member the body is not an object of members: the others start unset.
    let body: &[u8] = if T::HAS_PAYLOAD { b"{}" } else { &raw.body };
    let mut value: T = json::from_slice_skipping(body, T::BOUND_KEYS)?;
    value.read_bindings(raw)?;
    Ok(value)
}

/// Reads an output from a success response: body members from the JSON body (an empty body
/// has none), the others from status, headers and payload.
pub fn parse_output<O: ResponseBindings>(raw: &RawResponse) -> Result<O, DeserializeError> {
    body_members(raw)
}

/// Reads a modeled error from an error response, as an output is read, and attaches `meta`.
pub fn parse_error<E: ModeledError + ResponseBindings>(raw: &RawResponse, meta: ErrorMetadata) -> Result<E, DeserializeError> {
    let mut error: E = body_members(raw)?;
    error.set_meta(meta);
    Ok(error)
}

/// Reads code, message and request id from an error response, as awsJson does.
pub fn error_metadata(raw: &RawResponse) -> ErrorMetadata {
    super::aws_json::error_metadata(raw)
}

/// An error in header `name`: its path is the header, since a header-bound member is no JSON
/// member.
fn header_error(name: &str, message: String) -> DeserializeError {
    DeserializeError { path: format!("header {name}"), message }
}

/// The header's value, its repeated lines joined by `, `.
fn header_text(raw: &RawResponse, name: &str) -> Result<Option<String>, DeserializeError> {
    let mut lines = Vec::new();
    for value in raw.headers.get_all(name) {
        lines.push(value.to_str().map_err(|_| header_error(name, "the value is not visible ASCII".to_owned()))?);
    }
    Ok((!lines.is_empty()).then(|| lines.join(", ")))
}

/// An `@httpHeader` member of a response; absent is unset.
pub fn header<C: HttpText>(raw: &RawResponse, name: &str) -> Result<Option<C::Value>, DeserializeError> {
    let Some(text) = header_text(raw, name)? else { return Ok(None) };
    C::from_text(text.trim()).map(Some).map_err(|e| header_error(name, e))
}

/// An `@httpHeader` string with `@mediaType`: base64 in the header.
pub fn media_type_header(raw: &RawResponse, name: &str) -> Result<Option<String>, DeserializeError> {
    let Some(text) = header_text(raw, name)? else { return Ok(None) };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|e| header_error(name, format!("invalid base64: {e}")))?;
    String::from_utf8(bytes).map(Some).map_err(|_| header_error(name, "the decoded value is not UTF-8".to_owned()))
}

/// An `@httpHeader` list: split at commas outside quotes (and after each whole http-date).
pub fn header_list<C: HttpText>(raw: &RawResponse, name: &str) -> Result<Option<Vec<C::Value>>, DeserializeError> {
    let Some(text) = header_text(raw, name)? else { return Ok(None) };
    let elements = split_list(&text, C::COMMAS).map_err(|e| header_error(name, e))?;
    let element = |(i, text): (usize, &String)| C::from_text(text).map_err(|e| header_error(&format!("{name}[{i}]"), e));
    elements.iter().enumerate().map(element).collect::<Result<Vec<_>, _>>().map(Some)
}

/// An `@httpPrefixHeaders` map: every header whose name starts with `prefix` (compared
/// ignoring case), keyed by the rest of its name; `None` when there is none.
pub fn prefix_headers<K: MapKey>(raw: &RawResponse, prefix: &str) -> Result<Option<BTreeMap<K, String>>, DeserializeError> {
    let prefix = prefix.to_ascii_lowercase();
    let mut map = BTreeMap::new();
    for name in raw.headers.keys() {
        if let Some(rest) = name.as_str().strip_prefix(prefix.as_str()) {
            if let Some(text) = header_text(raw, name.as_str())? {
                map.insert(K::from_wire(rest), text);
            }
        }
    }
    Ok((!map.is_empty()).then_some(map))
}

// Every reader of a bound member returns `Result<Option<_>, _>`, even those that cannot
// fail, so that generated code reads each member alike.

/// The status, for an `@httpResponseCode` member.
pub fn status(raw: &RawResponse) -> Result<Option<i32>, DeserializeError> {
    Ok(Some(i32::from(raw.status)))
}

/// A blob `@httpPayload`: the body's bytes; an empty body is unset.
pub fn blob_payload(raw: &RawResponse) -> Result<Option<Vec<u8>>, DeserializeError> {
    Ok((!raw.body.is_empty()).then(|| raw.body.to_vec()))
}

/// A streaming blob `@httpPayload`: the body, unread if the client left it to the stream
/// ([`RawResponse::body_stream`]), else the bytes read (an error response, a test). Always
/// set: an empty body is an empty stream.
pub fn stream_payload(raw: &RawResponse) -> Result<Option<ByteStream>, DeserializeError> {
    Ok(Some(raw.body_stream().cloned().unwrap_or_else(|| ByteStream::new(raw.body.clone()))))
}

/// A string (or string enum) `@httpPayload` `member`: the body as UTF-8 text; an empty body
/// is unset.
pub fn text_payload(raw: &RawResponse, member: &str) -> Result<Option<String>, DeserializeError> {
    if raw.body.is_empty() {
        return Ok(None);
    }
    String::from_utf8(raw.body.to_vec()).map(Some).map_err(|e| DeserializeError {
        path: member.to_owned(),
        message: format!("the payload is not UTF-8 text: invalid byte at {} of the body", e.utf8_error().valid_up_to()),
    })
}

/// A structure, union or document `@httpPayload` `member`: the body as JSON; an empty body
/// is unset. An error's path starts at the member (`Payload.Items[2]`).
pub fn json_payload<C: json::Decode>(raw: &RawResponse, member: &str) -> Result<Option<C::Value>, DeserializeError> {
    if raw.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    json::from_slice_with::<C>(&raw.body).map(Some).map_err(|mut e| {
        e.path = match e.path.as_str() {
            "" => member.to_owned(),
            inner if inner.starts_with('[') => format!("{member}{inner}"),
            inner => format!("{member}.{inner}"),
        };
        e
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_path_query_and_headers() {
        let mut request = RequestBuilder::new("GET", "Things");
        request
            .literal("/things/")
            .label::<json::Str>("Name", &Some("a b/c".to_owned()))
            .literal("/")
            .greedy_label("Key", &Some("x/y".to_owned()))
            .literal_query("fixed&k=v")
            .query::<json::Bool>("flag", &Some(false))
            .query_list::<json::I32>("n", &Some(vec![]))
            .query_params::<String, String>(&Some(BTreeMap::from([
                ("flag".to_owned(), "ignored".to_owned()),
                ("other".to_owned(), "é".to_owned()),
            ])))
            .header_list::<json::Str>("List", "X-List", &Some(vec!["a,b".to_owned(), "c".to_owned()]))
            .header::<json::Str>("Empty", "X-Empty", &Some(String::new()))
            .prefix_headers::<String>("Map", "x-list", &Some(BTreeMap::from([(String::new(), "lost".to_owned())])));
        request.literal("/").label_or::<json::Str>(&Some(String::new()), "-");
        request.default_header("X-List", "kept").default_header("X-Default", "set");
        let request = request.build().unwrap();
        assert_eq!(request.uri(), "/things/a%20b%2Fc/x/y/-?fixed&k=v&flag=false&other=%C3%A9");
        assert_eq!(request.headers()["x-default"], "set");
        assert_eq!(request.headers()["x-list"], r#""a,b", c"#);
        assert_eq!(request.headers()["x-empty"], "");
        assert_eq!(request.body().content_length(), Some(0));
        assert!(!request.headers().contains_key("content-type"));
    }

    #[test]
    fn members_the_request_cannot_carry_fail_it_naming_the_member() {
        let mut unset_label = RequestBuilder::new("GET", "GetThing");
        unset_label.literal("/things/").label::<json::Str>("Name", &None).literal("/x");
        let error = unset_label.build().unwrap_err();
        assert_eq!((error.shape, error.member, error.problem), ("GetThing", "Name", BuildProblem::Missing));
        let mut greedy = RequestBuilder::new("GET", "GetThing");
        greedy.greedy_label("Key", &None);
        assert_eq!(greedy.build().unwrap_err().member, "Key");
        // An empty label would address another resource (`/things//x`).
        let mut empty = RequestBuilder::new("DELETE", "DeleteThing");
        empty.literal("/things/").label::<json::Str>("Name", &Some(String::new())).literal("/x");
        let error = empty.build().unwrap_err();
        assert_eq!((error.member, &error.problem), ("Name", &BuildProblem::EmptyLabel));
        assert!(error.to_string().contains("DeleteThing.Name is empty"), "{error}");
        let mut empty_greedy = RequestBuilder::new("GET", "GetThing");
        empty_greedy.greedy_label("Key", &Some(String::new()));
        assert_eq!(empty_greedy.build().unwrap_err().problem, BuildProblem::EmptyLabel);

        let mut bad_header = RequestBuilder::new("GET", "GetThing");
        bad_header
            .header::<json::Str>("Note", "X-Note", &Some("line\nbreak".to_owned()))
            .header::<json::Str>("Other", "X-Other", &Some("\u{7}".to_owned()));
        let error = bad_header.build().unwrap_err();
        assert_eq!(error.member, "Note", "the first failing member is reported");
        assert_eq!(error.problem, BuildProblem::InvalidHeader { header: "X-Note".to_owned() });
        assert!(error.to_string().contains("GetThing.Note"), "{error}");
        let mut bad_prefix = RequestBuilder::new("GET", "GetThing");
        bad_prefix.prefix_headers::<String>("Meta", "x-meta-", &Some(BTreeMap::from([("a b".to_owned(), "v".to_owned())])));
        assert_eq!(bad_prefix.build().unwrap_err().member, "Meta");
    }

    #[test]
    fn stream_payloads_keep_the_stream_and_check_required_lengths() {
        let chunks = || ByteStream::from_stream(IterStream(vec![Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"ab"))].into_iter()));
        let mut unknown = RequestBuilder::new("POST", "Upload");
        unknown.stream_payload("Body", &Some(chunks()), true, None);
        let error = unknown.build().unwrap_err();
        assert_eq!((error.member, error.problem), ("Body", BuildProblem::LengthRequired));

        let mut chunked = RequestBuilder::new("POST", "Upload");
        chunked.stream_payload("Body", &Some(chunks()), false, Some("text/plain"));
        let request = chunked.build().unwrap();
        assert_eq!(request.body().content_length(), None);
        assert_eq!(request.headers()["content-type"], "text/plain");

        let mut sized = RequestBuilder::new("POST", "Upload");
        sized.stream_payload("Body", &Some(ByteStream::from("abc")), true, None);
        let request = sized.build().unwrap();
        assert_eq!(request.body().content_length(), Some(3));
        assert_eq!(request.headers()["content-type"], "application/octet-stream");

        let mut unset = RequestBuilder::new("POST", "Upload");
        unset.stream_payload("Body", &None, true, None);
        assert!(!unset.build().unwrap().headers().contains_key("content-type"));
    }

    struct IterStream<I>(I);

    impl<I: Iterator + Unpin> futures_core::Stream for IterStream<I> {
        type Item = I::Item;
        fn poll_next(
            self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<I::Item>> {
            std::task::Poll::Ready(self.get_mut().0.next())
        }
    }

    #[test]
    fn reads_header_lists_and_prefix_maps() {
        let raw = RawResponse::new(200, "")
            .with_header("X-Dates", "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT")
            .with_header("X-Foo-Abc", "1")
            .with_header("X-Num", "x");
        assert_eq!(header_list::<json::HttpDate>(&raw, "x-dates").unwrap().unwrap().len(), 2);
        let map: BTreeMap<String, String> = prefix_headers(&raw, "X-Foo-").unwrap().unwrap();
        assert_eq!(map, BTreeMap::from([("abc".to_owned(), "1".to_owned())]));
        let error = header::<json::I32>(&raw, "x-num").unwrap_err();
        assert_eq!(error.path, "header x-num");
        assert_eq!(header::<json::I32>(&raw, "x-absent").unwrap(), None);
    }
}
