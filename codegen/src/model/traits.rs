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
    pub const RETRYABLE: &str = "smithy.api#retryable";
    pub const PAGINATED: &str = "smithy.api#paginated";
    pub const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
    pub const IDEMPOTENT: &str = "smithy.api#idempotent";
    pub const READONLY: &str = "smithy.api#readonly";
    pub const SENSITIVE: &str = "smithy.api#sensitive";
    pub const ENUM_VALUE: &str = "smithy.api#enumValue";
    pub const ENUM: &str = "smithy.api#enum";
    pub const LENGTH: &str = "smithy.api#length";
    pub const RANGE: &str = "smithy.api#range";
    pub const SPARSE: &str = "smithy.api#sparse";
    pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
    pub const MIXIN: &str = "smithy.api#mixin";
    pub const STREAMING: &str = "smithy.api#streaming";
    pub const DEPRECATED: &str = "smithy.api#deprecated";
    pub const TITLE: &str = "smithy.api#title";
    pub const AWS_SERVICE: &str = "aws.api#service";
    pub const SIGV4: &str = "aws.auth#sigv4";
    pub const AWS_JSON_1_0: &str = "aws.protocols#awsJson1_0";
    pub const AWS_JSON_1_1: &str = "aws.protocols#awsJson1_1";
    pub const ENDPOINT_RULE_SET: &str = "smithy.rules#endpointRuleSet";
    pub const ENDPOINT_TESTS: &str = "smithy.rules#endpointTests";
    pub const HTTP_REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
    pub const HTTP_RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";
    pub const ENDPOINT: &str = "smithy.api#endpoint";
    pub const REQUEST_COMPRESSION: &str = "smithy.api#requestCompression";
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
