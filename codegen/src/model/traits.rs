//! Typed views of the traits the generator uses; everything else stays raw JSON.

use serde_json::{Map, Value};

/// Trait ids.
pub mod id {
    #![allow(missing_docs)]
    pub const DOCUMENTATION: &str = "smithy.api#documentation";
    pub const REQUIRED: &str = "smithy.api#required";
    pub const DEFAULT: &str = "smithy.api#default";
    pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
    pub const INPUT: &str = "smithy.api#input";
    pub const OUTPUT: &str = "smithy.api#output";
    pub const ERROR: &str = "smithy.api#error";
    pub const HTTP_ERROR: &str = "smithy.api#httpError";
    pub const HTTP: &str = "smithy.api#http";
    pub const HTTP_LABEL: &str = "smithy.api#httpLabel";
    pub const HTTP_QUERY: &str = "smithy.api#httpQuery";
    pub const HTTP_QUERY_PARAMS: &str = "smithy.api#httpQueryParams";
    pub const HTTP_HEADER: &str = "smithy.api#httpHeader";
    pub const HTTP_PREFIX_HEADERS: &str = "smithy.api#httpPrefixHeaders";
    pub const HTTP_PAYLOAD: &str = "smithy.api#httpPayload";
    pub const HTTP_RESPONSE_CODE: &str = "smithy.api#httpResponseCode";
    pub const RETRYABLE: &str = "smithy.api#retryable";
    pub const PAGINATED: &str = "smithy.api#paginated";
    pub const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
    pub const IDEMPOTENT: &str = "smithy.api#idempotent";
    pub const READONLY: &str = "smithy.api#readonly";
    pub const SENSITIVE: &str = "smithy.api#sensitive";
    pub const ENUM_VALUE: &str = "smithy.api#enumValue";
    pub const ENUM: &str = "smithy.api#enum";
    pub const LENGTH: &str = "smithy.api#length";
    pub const PATTERN: &str = "smithy.api#pattern";
    pub const RANGE: &str = "smithy.api#range";
    pub const SPARSE: &str = "smithy.api#sparse";
    pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
    pub const JSON_NAME: &str = "smithy.api#jsonName";
    pub const MIXIN: &str = "smithy.api#mixin";
    pub const STREAMING: &str = "smithy.api#streaming";
    pub const REQUIRES_LENGTH: &str = "smithy.api#requiresLength";
    pub const DEPRECATED: &str = "smithy.api#deprecated";
    pub const TITLE: &str = "smithy.api#title";
    pub const AWS_SERVICE: &str = "aws.api#service";
    pub const SIGV4: &str = "aws.auth#sigv4";
    pub const AWS_JSON_1_0: &str = "aws.protocols#awsJson1_0";
    pub const AWS_JSON_1_1: &str = "aws.protocols#awsJson1_1";
    pub const REST_JSON_1: &str = "aws.protocols#restJson1";
    pub const MEDIA_TYPE: &str = "smithy.api#mediaType";
    pub const ENDPOINT_RULE_SET: &str = "smithy.rules#endpointRuleSet";
    pub const ENDPOINT_TESTS: &str = "smithy.rules#endpointTests";
    pub const HTTP_REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
    pub const HTTP_RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";
    pub const ENDPOINT: &str = "smithy.api#endpoint";
    pub const REQUEST_COMPRESSION: &str = "smithy.api#requestCompression";
    pub const HTTP_CHECKSUM_REQUIRED: &str = "smithy.api#httpChecksumRequired";
    pub const AUTH: &str = "smithy.api#auth";
    pub const UNSIGNED_PAYLOAD: &str = "aws.auth#unsignedPayload";
    pub const OPTIONAL_AUTH: &str = "smithy.api#optionalAuth";
    pub const CONTEXT_PARAM: &str = "smithy.rules#contextParam";
    pub const STATIC_CONTEXT_PARAMS: &str = "smithy.rules#staticContextParams";
    pub const AWS_QUERY_COMPATIBLE: &str = "aws.protocols#awsQueryCompatible";
    pub const AWS_QUERY_ERROR: &str = "aws.protocols#awsQueryError";
}

/// Read access to a trait map.
pub trait Traits {
    /// Whether the trait is present.
    fn has(&self, id: &str) -> bool;
    /// A trait's string value.
    fn str_of(&self, id: &str) -> Option<&str>;
    /// A field of an object-valued trait.
    fn field(&self, id: &str, field: &str) -> Option<&Value>;
}

impl Traits for Map<String, Value> {
    fn has(&self, id: &str) -> bool {
        self.contains_key(id)
    }
    fn str_of(&self, id: &str) -> Option<&str> {
        self.get(id).and_then(Value::as_str)
    }
    fn field(&self, id: &str, field: &str) -> Option<&Value> {
        self.get(id).and_then(|t| t.get(field))
    }
}

/// `@length(min, max)` or `@range(min, max)` bounds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Bounds {
    /// Inclusive lower bound.
    pub min: Option<f64>,
    /// Inclusive upper bound.
    pub max: Option<f64>,
}

impl Bounds {
    /// Reads the bounds of trait `id`, if present.
    pub fn of(traits: &Map<String, Value>, id: &str) -> Option<Bounds> {
        let t = traits.get(id)?;
        let bounds = Bounds {
            min: t.get("min").and_then(Value::as_f64),
            max: t.get("max").and_then(Value::as_f64),
        };
        (bounds.min.is_some() || bounds.max.is_some()).then_some(bounds)
    }
}

/// `@timestampFormat` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TimestampFormat {
    /// Unix seconds as a number.
    EpochSeconds,
    /// RFC 3339.
    DateTime,
    /// IMF-fixdate.
    HttpDate,
}

impl TimestampFormat {
    /// Parses the trait value.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "epoch-seconds" => Some(Self::EpochSeconds),
            "date-time" => Some(Self::DateTime),
            "http-date" => Some(Self::HttpDate),
            _ => None,
        }
    }
}

/// A JSON value as it appears in error messages: compact, cut after 60 characters.
pub fn describe(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

fn expect_object<'a>(value: &'a Value, what: &str) -> Result<&'a Map<String, Value>, String> {
    value
        .as_object()
        .ok_or_else(|| format!("{what} must be an object, found {}", describe(value)))
}

fn expect_str<'a>(value: &'a Value, what: &str) -> Result<&'a str, String> {
    value
        .as_str()
        .ok_or_else(|| format!("{what} must be a string, found {}", describe(value)))
}

/// Each of `keys` that is present in `object` must be a string.
fn string_fields(object: &Map<String, Value>, keys: &[&str]) -> Result<(), String> {
    for key in keys {
        if let Some(value) = object.get(*key) {
            expect_str(value, &format!("`{key}`"))?;
        }
    }
    Ok(())
}

/// A present `key` of `object` must be an array of strings.
fn string_list_field(object: &Map<String, Value>, key: &str) -> Result<(), String> {
    let Some(value) = object.get(key) else {
        return Ok(());
    };
    let Some(items) = value.as_array() else {
        return Err(format!(
            "`{key}` must be a list of strings, found {}",
            describe(value)
        ));
    };
    for (i, item) in items.iter().enumerate() {
        expect_str(item, &format!("`{key}[{i}]`"))?;
    }
    Ok(())
}

/// `min`/`max` of `@range` (numbers) or `@length` (non-negative integers), `min <= max`.
fn check_bounds(value: &Value, integers: bool) -> Result<(), String> {
    let object = expect_object(value, "the value")?;
    let mut bounds = [None, None];
    for (slot, key) in bounds.iter_mut().zip(["min", "max"]) {
        let Some(v) = object.get(key) else { continue };
        *slot = if integers {
            v.as_u64().map(|n| n as f64)
        } else {
            v.as_f64()
        };
        if slot.is_none() {
            let kind = if integers {
                "a non-negative integer"
            } else {
                "a number"
            };
            return Err(format!("`{key}` must be {kind}, found {}", describe(v)));
        }
    }
    if let [Some(min), Some(max)] = bounds {
        if min > max {
            return Err(format!("`min` ({min}) is greater than `max` ({max})"));
        }
    }
    Ok(())
}

/// Checks the value of trait `trait_id` as far as it does not depend on the shape it is
/// applied to: the JSON type of the value and of the fields the generator reads. Unknown
/// traits, and fields the generator does not read, are not checked. `Err` says what is wrong
/// (with the field's path inside the value); the caller names the shape and the trait.
pub fn check_value(trait_id: &str, value: &Value) -> Result<(), String> {
    match trait_id {
        id::DOCUMENTATION | id::TITLE | id::JSON_NAME => expect_str(value, "the value").map(drop),
        // A format the generator does not know is no malformed model: the lowering leaves out
        // the operations that reach it (see `ir::lower`).
        id::TIMESTAMP_FORMAT => expect_str(value, "the value").map(drop),
        id::ERROR => match value.as_str() {
            Some("client" | "server") => Ok(()),
            _ => Err(format!(
                "the value must be \"client\" or \"server\", found {}",
                describe(value)
            )),
        },
        id::HTTP_ERROR => match value.as_u64() {
            Some(100..=599) => Ok(()),
            _ => Err(format!(
                "the value must be an HTTP status code (100 to 599), found {}",
                describe(value)
            )),
        },
        id::RANGE => check_bounds(value, false),
        id::LENGTH => check_bounds(value, true),
        id::PAGINATED => {
            let object = expect_object(value, "the value")?;
            string_fields(object, &["inputToken", "outputToken", "items", "pageSize"])
        }
        id::AWS_JSON_1_0 | id::AWS_JSON_1_1 | id::REST_JSON_1 => {
            let object = expect_object(value, "the value")?;
            string_list_field(object, "http")?;
            string_list_field(object, "eventStreamHttp")
        }
        id::RETRYABLE => {
            let object = expect_object(value, "the value")?;
            match object.get("throttling") {
                None | Some(Value::Bool(_)) => Ok(()),
                Some(v) => Err(format!(
                    "`throttling` must be a boolean, found {}",
                    describe(v)
                )),
            }
        }
        id::SIGV4 => {
            let object = expect_object(value, "the value")?;
            match object.get("name") {
                Some(name) => expect_str(name, "`name`").map(drop),
                None => Err("`name` (the signing name) is missing".into()),
            }
        }
        id::AWS_SERVICE => string_fields(expect_object(value, "the value")?, &["sdkId"]),
        id::ENDPOINT => string_fields(expect_object(value, "the value")?, &["hostPrefix"]),
        id::DEPRECATED => string_fields(expect_object(value, "the value")?, &["message", "since"]),
        id::AWS_QUERY_ERROR => string_fields(expect_object(value, "the value")?, &["code"]),
        id::REQUEST_COMPRESSION => {
            string_list_field(expect_object(value, "the value")?, "encodings")
        }
        id::ENDPOINT_RULE_SET => expect_object(value, "the value").map(drop),
        id::ENDPOINT_TESTS => {
            let object = expect_object(value, "the value")?;
            match object.get("testCases") {
                None | Some(Value::Array(_)) => Ok(()),
                Some(v) => Err(format!("`testCases` must be a list, found {}", describe(v))),
            }
        }
        id::HTTP_REQUEST_TESTS | id::HTTP_RESPONSE_TESTS => match value {
            Value::Array(_) => Ok(()),
            _ => Err(format!(
                "the value must be a list of test cases, found {}",
                describe(value)
            )),
        },
        id::ENUM => {
            let Some(entries) = value.as_array() else {
                return Err(format!(
                    "the value must be a list, found {}",
                    describe(value)
                ));
            };
            for (i, entry) in entries.iter().enumerate() {
                let object = expect_object(entry, &format!("`[{i}]`"))?;
                match object.get("value") {
                    Some(v) => expect_str(v, &format!("`[{i}].value`")).map(drop)?,
                    None => return Err(format!("`[{i}].value` is missing")),
                }
                for key in ["name", "documentation"] {
                    if let Some(v) = object.get(key) {
                        expect_str(v, &format!("`[{i}].{key}`"))?;
                    }
                }
            }
            Ok(())
        }
        // Annotation traits: their presence is what counts, so `false` or `null` must not be
        // read as "present".
        id::REQUIRED
        | id::CLIENT_OPTIONAL
        | id::INPUT
        | id::OUTPUT
        | id::IDEMPOTENCY_TOKEN
        | id::IDEMPOTENT
        | id::READONLY
        | id::SENSITIVE
        | id::SPARSE
        | id::MIXIN
        | id::STREAMING
        | id::AWS_QUERY_COMPATIBLE => expect_object(value, "the value of an annotation trait")
            .map(drop)
            .map_err(|e| format!("{e} (`{{}}`)")),
        _ => Ok(()),
    }
}
