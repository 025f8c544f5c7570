//! Endpoint resolution from a service's `smithy.rules#endpointRuleSet`.
//!
//! Generated crates compile their rule set to a Rust function ([`ResolveFn`], named in
//! [`ServiceSpec`](crate::spec::ServiceSpec)) that calls the function library here:
//! [`parse_url`], [`substring`], [`uri_encode`], [`is_valid_host_label`], [`split`],
//! [`partition`] (the AWS partition table, [`Partitions`]), [`parse_arn`] and
//! [`is_virtual_hostable_s3_bucket`]. It reads [`EndpointParams`] (from the client settings
//! through [`EndpointParams::from_builtins`]) and returns an [`Endpoint`] or an
//! [`EndpointError`].
//!
//! `RuleSet` (feature `rules-interpreter`) interprets the same rules from their JSON, for
//! tools and tests (the whole
//! corpus's rule sets are checked with it, and it is the reference the generator's compiled
//! resolvers are tested against): parse the trait value once, then call
//! `RuleSet::resolve`. It implements the Smithy standard library (`isSet`, `not`,
//! `booleanEquals`, `stringEquals`, `getAttr`, `parseURL`, `substring`, `uriEncode`,
//! `isValidHostLabel`, `coalesce`, `ite`, `split`) and the AWS functions (`aws.partition`,
//! `aws.parseArn`, `aws.isVirtualHostableS3Bucket`); its partition table is replaceable per
//! rule set with `RuleSet::with_partitions`.
//!
//! Both follow the rules-engine specification: rules in order, conditions ANDed (a `false` or
//! unset result fails the rule), `assign` binds for later conditions and subrules, a tree
//! whose conditions match is final (its exhaustion is an error, not a fallthrough), and
//! exhausting the top-level rules is an error. The decision-tree form is the one supported;
//! `smithy.rules#endpointBdd` is not.

mod functions;
mod partition;
#[cfg(feature = "rules-interpreter")]
mod rule_functions;
#[cfg(feature = "rules-interpreter")]
mod rules;
#[cfg(feature = "rules-interpreter")]
mod template;

use std::collections::BTreeMap;
use std::fmt;

/// JSON values: endpoint properties and the interpreter's variables.
pub use serde_json::Value;

pub use functions::{
    is_valid_host_label, is_virtual_hostable_s3_bucket, parse_arn, parse_url, split, substring,
    uri_encode, Arn, Url,
};
pub use partition::{partition, PartitionResult, Partitions};
#[cfg(feature = "rules-interpreter")]
pub use rules::RuleSet;

/// An endpoint resolver: the generator compiles a service's rule set into one of these.
pub type ResolveFn = fn(&EndpointParams) -> Result<Endpoint, EndpointError>;

/// Checks one `smithy.rules#endpointTests` case given as JSON text: the rule set, the case's
/// `params` and its `expect`, through the interpreter ([`RuleSet::check_test_case`]).
#[cfg(feature = "rules-interpreter")]
pub fn check_test_case(rule_set: &str, params: &str, expect: &str) -> Result<(), String> {
    let rules = RuleSet::parse(rule_set).map_err(|e| e.to_string())?;
    rules.check_test_case(&test_json(params)?, &test_json(expect)?)
}

/// Checks one `smithy.rules#endpointTests` case (its `params` and `expect` as JSON text)
/// against a compiled resolver. Used by generated crates' endpoint tests.
pub fn check_resolver_case(resolve: ResolveFn, params: &str, expect: &str) -> Result<(), String> {
    let params = EndpointParams::from_json(&test_json(params)?).map_err(|e| e.to_string())?;
    compare_with_expectation(resolve(&params), &test_json(expect)?)
}

fn test_json(text: &str) -> Result<Value, String> {
    serde_json::from_str::<Value>(text).map_err(|e| format!("invalid test case JSON: {e}"))
}

/// Compares a resolution with an `endpointTests` `expect` object (`{"error": message}` or
/// `{"endpoint": {"url", "headers", "properties"}}`, absent headers and properties meaning
/// empty). `Err` describes the mismatch.
fn compare_with_expectation(result: Result<Endpoint, EndpointError>, expect: &Value) -> Result<(), String> {
    if let Some(message) = expect.get("error") {
        return match result {
            Err(e) if message.as_str() == Some(e.message()) => Ok(()),
            other => Err(format!("expected error {message}, got {other:?}")),
        };
    }
    let want = expect.get("endpoint").ok_or("the case expects neither an endpoint nor an error")?;
    let got = result.map_err(|e| format!("expected endpoint {want}, got error {:?}", e.message()))?;
    let empty = Value::Object(serde_json::Map::new());
    let headers = serde_json::to_value(&got.headers).map_err(|e| e.to_string())?;
    let matches = want.get("url") == Some(&Value::String(got.url.clone()))
        && want.get("headers").unwrap_or(&empty) == &headers
        && want.get("properties").unwrap_or(&empty) == &Value::Object(got.properties.clone());
    if matches {
        Ok(())
    } else {
        Err(format!("expected endpoint {want}, got {got:?}"))
    }
}

/// The value of one endpoint parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamValue {
    /// A `string` parameter.
    String(String),
    /// A `boolean` parameter.
    Bool(bool),
    /// A `stringArray` parameter.
    StringArray(Vec<String>),
}

impl ParamValue {
    /// Reads a JSON string, boolean or array of strings; anything else is `None`.
    fn from_json(value: &Value) -> Option<ParamValue> {
        match value {
            Value::String(s) => Some(ParamValue::String(s.clone())),
            Value::Bool(b) => Some(ParamValue::Bool(*b)),
            Value::Array(items) => items
                .iter()
                .map(|i| i.as_str().map(str::to_owned))
                .collect::<Option<_>>()
                .map(ParamValue::StringArray),
            _ => None,
        }
    }

    #[cfg(feature = "rules-interpreter")]
    fn to_json(&self) -> Value {
        match self {
            ParamValue::String(s) => Value::String(s.clone()),
            ParamValue::Bool(b) => Value::Bool(*b),
            ParamValue::StringArray(items) => {
                items.iter().map(|s| Value::String(s.clone())).collect()
            }
        }
    }
}

impl From<&str> for ParamValue {
    fn from(s: &str) -> Self {
        ParamValue::String(s.to_owned())
    }
}

impl From<String> for ParamValue {
    fn from(s: String) -> Self {
        ParamValue::String(s)
    }
}

impl From<bool> for ParamValue {
    fn from(b: bool) -> Self {
        ParamValue::Bool(b)
    }
}

impl From<Vec<String>> for ParamValue {
    fn from(items: Vec<String>) -> Self {
        ParamValue::StringArray(items)
    }
}

/// Client settings that rule-set parameters can bind through their `builtIn` name.
///
/// Service-specific built-ins (`AWS::S3::*`, `AWS::STS::*`, `AWS::Auth::AccountIdEndpointMode`,
/// ...) are not fields here: [`EndpointParams::from_builtins`] leaves them unset, so their
/// defaults apply, and a caller that has a value sets the parameter in [`EndpointParams`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Builtins {
    /// `AWS::Region`.
    pub region: Option<String>,
    /// `AWS::UseFIPS`.
    pub use_fips: bool,
    /// `AWS::UseDualStack`.
    pub use_dual_stack: bool,
    /// `SDK::Endpoint`: a caller-supplied endpoint URL.
    pub endpoint: Option<String>,
    /// `AWS::Auth::AccountId`.
    pub account_id: Option<String>,
}

impl Builtins {
    /// The value of the built-in called `name`, if it is one of the above and set.
    fn get(&self, name: &str) -> Option<ParamValue> {
        match name {
            "AWS::Region" => self.region.clone().map(ParamValue::String),
            "AWS::UseFIPS" => Some(ParamValue::Bool(self.use_fips)),
            "AWS::UseDualStack" => Some(ParamValue::Bool(self.use_dual_stack)),
            "SDK::Endpoint" => self.endpoint.clone().map(ParamValue::String),
            "AWS::Auth::AccountId" => self.account_id.clone().map(ParamValue::String),
            _ => None,
        }
    }
}

/// Endpoint parameter values by parameter name (as declared in the rule set).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EndpointParams(BTreeMap<String, ParamValue>);

impl EndpointParams {
    /// No parameters set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a parameter, replacing any previous value.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<ParamValue>) -> &mut Self {
        self.0.insert(name.into(), value.into());
        self
    }

    /// The value of parameter `name`, if set.
    pub fn get(&self, name: &str) -> Option<&ParamValue> {
        self.0.get(name)
    }

    /// Unsets parameter `name`, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<ParamValue> {
        self.0.remove(name)
    }

    /// The parameters set, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ParamValue)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The built-in settings bound to parameters: `bindings` pairs a parameter name with its
    /// `builtIn` (`("Region", "AWS::Region")`). Unset built-ins are left out, so parameter
    /// defaults apply.
    pub fn from_builtins(builtins: &Builtins, bindings: &[(&str, &str)]) -> EndpointParams {
        let mut params = EndpointParams::new();
        for (name, built_in) in bindings {
            if let Some(value) = builtins.get(built_in) {
                params.insert(*name, value);
            }
        }
        params
    }

    /// String parameter `name`: `None` when unset; an error when set to another type.
    pub fn string(&self, name: &str) -> Result<Option<&str>, EndpointError> {
        match self.0.get(name) {
            None => Ok(None),
            Some(ParamValue::String(s)) => Ok(Some(s)),
            Some(_) => Err(EndpointError::wrong_type(name, "string")),
        }
    }

    /// Boolean parameter `name`: `None` when unset; an error when set to another type.
    pub fn boolean(&self, name: &str) -> Result<Option<bool>, EndpointError> {
        match self.0.get(name) {
            None => Ok(None),
            Some(ParamValue::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(EndpointError::wrong_type(name, "boolean")),
        }
    }

    /// String-array parameter `name`: `None` when unset; an error when set to another type.
    pub fn string_array(&self, name: &str) -> Result<Option<&[String]>, EndpointError> {
        match self.0.get(name) {
            None => Ok(None),
            Some(ParamValue::StringArray(items)) => Ok(Some(items)),
            Some(_) => Err(EndpointError::wrong_type(name, "stringArray")),
        }
    }

    /// Reads a JSON object of parameter values, such as the `params` of an `endpointTests`
    /// case: strings, booleans and arrays of strings; `null` means unset.
    pub fn from_json(value: &Value) -> Result<EndpointParams, EndpointError> {
        let map = value
            .as_object()
            .ok_or_else(|| EndpointError::new("endpoint parameters must be a JSON object"))?;
        let mut params = EndpointParams::new();
        for (name, v) in map.iter().filter(|(_, v)| !v.is_null()) {
            let value = ParamValue::from_json(v).ok_or_else(|| {
                EndpointError::new(format!(
                    "endpoint parameter `{name}` must be a string, a boolean or an array of strings"
                ))
            })?;
            params.insert(name.clone(), value);
        }
        Ok(params)
    }
}

/// A resolved endpoint.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Endpoint {
    /// The endpoint URL, e.g. `https://airflow-serverless.us-east-1.api.aws`.
    pub url: String,
    /// Headers to add to the request, by name.
    pub headers: BTreeMap<String, Vec<String>>,
    /// Endpoint properties, e.g. `authSchemes` with signing overrides.
    pub properties: serde_json::Map<String, Value>,
}

impl Endpoint {
    /// An endpoint at `url`, without headers or properties.
    pub fn new(url: impl Into<String>) -> Self {
        Endpoint { url: url.into(), ..Endpoint::default() }
    }

    /// Adds header `name` with its values.
    pub fn with_header(mut self, name: &str, values: Vec<String>) -> Self {
        self.headers.insert(name.to_owned(), values);
        self
    }

    /// Sets property `name` (`authSchemes`, ...).
    pub fn with_property(mut self, name: &str, value: Value) -> Self {
        self.properties.insert(name.to_owned(), value);
        self
    }
}

/// Why an endpoint could not be resolved (or a rule set could not be parsed).
///
/// For an `error` rule, the message is the rule's own, verbatim
/// (e.g. `Invalid Configuration: Missing Region`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointError {
    message: String,
}

impl EndpointError {
    /// An error with the given message.
    pub fn new(message: impl Into<String>) -> Self {
        EndpointError {
            message: message.into(),
        }
    }

    /// `name` was given a value of another type than the rule set declares.
    pub fn wrong_type(name: &str, ty: &str) -> Self {
        EndpointError::new(format!("endpoint parameter `{name}` must be a {ty}"))
    }

    /// Required parameter `name` has no value and no default.
    pub fn missing(name: &str) -> Self {
        EndpointError::new(format!("missing required endpoint parameter `{name}`"))
    }

    /// A template or endpoint value refers to `name`, which is not set.
    pub fn unset(name: &str) -> Self {
        EndpointError::new(format!("template value `{name}` is not set"))
    }

    /// No rule matched: the top-level rules, or those of a tree whose conditions held, ran
    /// out.
    pub fn exhausted() -> Self {
        EndpointError::new("no endpoint rule matched the parameters (rules exhausted)")
    }

    /// The message, as also shown by `Display`.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EndpointError {}

/// A JSON object of endpoint property fields, for compiled resolvers (`authSchemes` entries).
pub fn object<const N: usize>(fields: [(&str, Value); N]) -> Value {
    Value::Object(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}
