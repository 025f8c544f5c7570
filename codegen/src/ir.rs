//! Stage 3, the Rust-facing intermediate representation: every shape the crate defines with
//! its Rust name, module, members, representation and constraints; every operation with its
//! errors, retry facts and paginator. Emitters read only this.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::error::{Error, Result};
use crate::index::{ShapeIndex, Simple};
use crate::model::traits::{id, Bounds, TimestampFormat, Traits};
use crate::model::{shape_name, Member, Shape};
use crate::naming;

/// The wire protocol of the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// `aws.protocols#awsJson1_0`.
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`.
    AwsJson1_1,
    /// `aws.protocols#restJson1`: HTTP bindings, JSON bodies.
    RestJson1,
}

impl Protocol {
    /// The protocol trait's shape id (`aws.protocols#restJson1`).
    pub fn trait_id(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "aws.protocols#awsJson1_0",
            Protocol::AwsJson1_1 => "aws.protocols#awsJson1_1",
            Protocol::RestJson1 => "aws.protocols#restJson1",
        }
    }

    /// The protocol's name (`restJson1`).
    pub fn name(self) -> &'static str {
        self.trait_id().trim_start_matches("aws.protocols#")
    }
}

/// The module of the generated crate a type lives in.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Module {
    /// `crate::types`.
    Types,
    /// `crate::error`.
    Error,
    /// `crate::operation::<name>`.
    Operation(String),
}

/// A named generated type: where it lives and what it is called.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypePath {
    /// The module.
    pub module: Module,
    /// The type name.
    pub name: String,
}

/// What kind of generated type a name refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NamedKind {
    /// A structure.
    Struct,
    /// A union.
    Union,
    /// A string enum.
    Enum,
    /// An intEnum.
    IntEnum,
}

/// The type of a member.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeIr {
    /// A simple type other than timestamp.
    Simple(Simple),
    /// A timestamp in the given wire format.
    Timestamp(TimestampFormat),
    /// A list.
    List {
        /// The element type.
        member: Box<TypeIr>,
        /// `@sparse`.
        sparse: bool,
    },
    /// A map (keys are strings or string enums).
    Map {
        /// The key type.
        key: Box<TypeIr>,
        /// The value type.
        value: Box<TypeIr>,
        /// `@sparse`.
        sparse: bool,
    },
    /// A generated type.
    Named(TypePath, NamedKind),
    /// A streaming blob (`@streaming`), bound to the HTTP payload: the runtime's
    /// `ByteStream`, never in a JSON body.
    Stream {
        /// `@requiresLength`: a request body must have a known length.
        requires_length: bool,
    },
}

impl TypeIr {
    /// Whether values of this type are written to and read from JSON bodies: all but
    /// streams, which are the HTTP payload.
    pub fn in_json(&self) -> bool {
        !matches!(self, TypeIr::Stream { .. })
    }

    /// Whether `@length` applies (and is checked): strings, blobs, lists and maps.
    pub fn has_length(&self) -> bool {
        matches!(self, TypeIr::Simple(Simple::String | Simple::Blob) | TypeIr::List { .. } | TypeIr::Map { .. })
    }

    /// Whether `@range` applies (and is checked): numbers.
    pub fn is_numeric(&self) -> bool {
        matches!(
            self,
            TypeIr::Simple(
                Simple::Byte | Simple::Short | Simple::Integer | Simple::Long | Simple::Float | Simple::Double | Simple::BigInteger | Simple::BigDecimal
            )
        )
    }
}

/// How a member is held in its structure.
#[derive(Clone, Debug, PartialEq)]
pub enum Repr {
    /// `Option<T>`: absent when not set.
    Optional,
    /// `T`, required; a missing value in a response is corrected to the zero value.
    Required,
    /// `T`, filled with the `@default` value when not set.
    Default(Value),
}

/// A structure member.
#[derive(Clone, Debug)]
pub struct MemberIr {
    /// The member name on the wire.
    pub wire: String,
    /// Its key in JSON objects: `@jsonName` in restJson1 (awsJson ignores the trait), else
    /// the member name.
    pub json_key: String,
    /// The Rust field name.
    pub field: String,
    /// The base name of its builder methods (`x`, `set_x`, `get_x`): the field name unless
    /// that would collide with another method of the builders (see [`naming::setter_names`]).
    pub setter: String,
    /// Documentation (Markdown).
    pub docs: Option<String>,
    /// The type.
    pub ty: TypeIr,
    /// How it is held.
    pub repr: Repr,
    /// `@required` (checked by builders).
    pub required: bool,
    /// `@length` bounds (of the member or its target).
    pub length: Option<Bounds>,
    /// `@range` bounds (of the member or its target).
    pub range: Option<Bounds>,
    /// `@pattern` (of the member or its target): a regular expression the value matches;
    /// not checked by the client (the service checks it), stated in docs and diffs.
    pub pattern: Option<String>,
    /// The model's `@default` (of the member or its target), whatever the representation:
    /// an input member is held optional, yet the service applies its default.
    pub default: Option<Value>,
    /// Redacted in `Debug`.
    pub sensitive: bool,
    /// Boxed to break a recursive type.
    pub boxed: bool,
    /// `@idempotencyToken`.
    pub idempotency_token: bool,
    /// `@deprecated`.
    pub deprecated: Option<Deprecation>,
    /// Where the member travels in an HTTP-binding protocol (restJson1). awsJson ignores it:
    /// there every member is in the body.
    pub http: HttpBinding,
    /// `@mediaType` of the member's target (a string one travels in base64 in headers; a
    /// payload's `Content-Type`).
    pub media_type: Option<String>,
}

/// A `@deprecated` trait.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Deprecation {
    /// What to use instead, or why (`message`).
    pub message: Option<String>,
    /// Since when (`since`: a version or date).
    pub since: Option<String>,
}

impl Deprecation {
    /// The trait in `traits`, if there.
    pub fn of(traits: &serde_json::Map<String, Value>) -> Option<Deprecation> {
        let text = |field| traits.field(id::DEPRECATED, field).and_then(Value::as_str).map(str::to_owned);
        traits.has(id::DEPRECATED).then(|| Deprecation { message: text("message"), since: text("since") })
    }
}

/// Where a member of an operation's input, output or error travels, by its HTTP binding
/// trait (Smithy "HTTP binding traits").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HttpBinding {
    /// No binding trait: a member of the document body.
    Body,
    /// `@httpLabel`: a `{label}` of the URI pattern.
    Label,
    /// `@httpQuery("name")`: a query parameter.
    Query(String),
    /// `@httpQueryParams`: a map of further query parameters.
    QueryParams,
    /// `@httpHeader("name")`: a header.
    Header(String),
    /// `@httpPrefixHeaders("prefix")`: a map of headers whose names start with the prefix.
    PrefixHeaders(String),
    /// `@httpPayload`: the member is the whole body.
    Payload,
    /// `@httpResponseCode`: the response's status code.
    ResponseCode,
}

impl HttpBinding {
    /// The binding a member's traits give.
    pub fn of(traits: &serde_json::Map<String, Value>) -> HttpBinding {
        let text = |id| traits.str_of(id).unwrap_or_default().to_owned();
        if traits.has(id::HTTP_LABEL) {
            HttpBinding::Label
        } else if traits.has(id::HTTP_QUERY) {
            HttpBinding::Query(text(id::HTTP_QUERY))
        } else if traits.has(id::HTTP_QUERY_PARAMS) {
            HttpBinding::QueryParams
        } else if traits.has(id::HTTP_HEADER) {
            HttpBinding::Header(text(id::HTTP_HEADER))
        } else if traits.has(id::HTTP_PREFIX_HEADERS) {
            HttpBinding::PrefixHeaders(text(id::HTTP_PREFIX_HEADERS))
        } else if traits.has(id::HTTP_PAYLOAD) {
            HttpBinding::Payload
        } else if traits.has(id::HTTP_RESPONSE_CODE) {
            HttpBinding::ResponseCode
        } else {
            HttpBinding::Body
        }
    }
}

/// An operation's `@http` trait: its method, URI pattern and success status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpIr {
    /// The method (`GET`).
    pub method: String,
    /// The URI pattern, with `{label}`, `{greedy+}` and a literal query (`/things/{id}?x`).
    pub uri: String,
    /// The status of a success response (`code`, 200 when absent).
    pub code: u16,
}

impl HttpIr {
    /// The `@http` trait of an operation's traits, if it has a well-formed one.
    pub fn of(traits: &serde_json::Map<String, Value>) -> Option<HttpIr> {
        let method = traits.field(id::HTTP, "method")?.as_str()?.to_owned();
        let uri = traits.field(id::HTTP, "uri")?.as_str()?.to_owned();
        let code = match traits.field(id::HTTP, "code") {
            None => 200,
            Some(code) => u16::try_from(code.as_u64()?).ok()?,
        };
        Some(HttpIr { method, uri, code })
    }
}

/// The role a structure plays.
#[derive(Clone, Debug, PartialEq)]
pub enum StructRole {
    /// A nested structure.
    Plain,
    /// An operation input: every member optional, defaults not sent unless set.
    Input,
    /// An operation output: carries the request id.
    Output,
    /// A modeled error.
    Error(ErrorInfo),
}

/// Facts about a modeled error.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorInfo {
    /// The code it is matched by (the shape name).
    pub code: String,
    /// `@retryable`.
    pub retryable: bool,
    /// `@retryable(throttling: true)`.
    pub throttling: bool,
    /// `client` or `server`.
    pub fault: String,
    /// `@httpError`, if any.
    pub http_status: Option<u16>,
}

/// A union variant.
#[derive(Clone, Debug)]
pub struct VariantIr {
    /// The member name on the wire.
    pub wire: String,
    /// Its key in JSON objects (see [`MemberIr::json_key`]).
    pub json_key: String,
    /// The Rust variant name.
    pub variant: String,
    /// Documentation.
    pub docs: Option<String>,
    /// The payload type (`None` for a unit member).
    pub ty: Option<TypeIr>,
    /// Boxed to break a recursive type.
    pub boxed: bool,
}

/// An enum value.
#[derive(Clone, Debug)]
pub struct EnumValueIr {
    /// The Rust variant name.
    pub variant: String,
    /// The wire value (a string, or an integer for intEnums).
    pub value: Value,
    /// Documentation.
    pub docs: Option<String>,
}

/// What a generated type is.
#[derive(Clone, Debug)]
pub enum ShapeKind {
    /// A structure.
    Struct {
        /// Members in model order.
        members: Vec<MemberIr>,
        /// Its role.
        role: StructRole,
    },
    /// A union.
    Union(Vec<VariantIr>),
    /// A string enum.
    Enum(Vec<EnumValueIr>),
    /// An intEnum.
    IntEnum(Vec<EnumValueIr>),
}

/// A generated type.
#[derive(Clone, Debug)]
pub struct ShapeIr {
    /// The shape id it comes from (synthesized inputs/outputs use the operation id).
    pub id: String,
    /// Where it lives and its name.
    pub path: TypePath,
    /// Documentation.
    pub docs: Option<String>,
    /// What it is.
    pub kind: ShapeKind,
    /// `@sensitive` on the shape: `Debug` shows nothing of it.
    pub sensitive: bool,
    /// `smithy.test#httpResponseTests` cases on an error structure, as in the model.
    pub response_tests: Vec<Value>,
    /// Which JSON directions the client uses: structures and unions are read only if a
    /// response can hold them and written only if a request can.
    pub json: JsonUse,
}

/// The directions a shape crosses the wire in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JsonUse {
    /// Some output or error holds it: it gets a deserializer.
    pub read: bool,
    /// Some input holds it: it gets a serializer.
    pub write: bool,
}

/// One step of a paginator path through the output.
#[derive(Clone, Debug)]
pub struct PathStep {
    /// The field.
    pub field: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
    /// Whether it is boxed.
    pub boxed: bool,
    /// Whether the member is `@deprecated` (reading it needs `#[allow(deprecated)]`).
    pub deprecated: bool,
}

/// A paginated operation.
#[derive(Clone, Debug)]
pub struct PaginatorIr {
    /// The input token field.
    pub input_token: String,
    /// The type of the tokens, in and out: a string, a map (a "last evaluated key" of
    /// attribute values) or a string enum, as `@paginated` allows.
    pub token: TypeIr,
    /// The page size field and its type.
    pub page_size: Option<(String, Simple)>,
    /// The path to the output token.
    pub output_token: Vec<PathStep>,
    /// The path to the items, and their collection type.
    pub items: Option<(Vec<PathStep>, TypeIr)>,
}

/// A modeled error of an operation.
#[derive(Clone, Debug)]
pub struct OperationError {
    /// The error type.
    pub path: TypePath,
    /// The wire code.
    pub code: String,
    /// The variant name in the operation's error enum.
    pub variant: String,
    /// The `@awsQueryError` code when it differs from `code`: `@awsQueryCompatible` services
    /// may name the error by it.
    pub query_code: Option<String>,
}

/// An operation.
#[derive(Clone, Debug)]
pub struct OperationIr {
    /// The shape name (`ListWorkflowRuns`).
    pub name: String,
    /// The method and module name (`list_workflow_runs`).
    pub fn_name: String,
    /// Documentation.
    pub docs: Option<String>,
    /// The input type.
    pub input: TypePath,
    /// The output type.
    pub output: TypePath,
    /// Modeled errors (operation errors, then service errors).
    pub errors: Vec<OperationError>,
    /// Safe to retry after a transient failure.
    pub retry_safe: bool,
    /// The paginator, if `@paginated`.
    pub paginator: Option<PaginatorIr>,
    /// The idempotency token field of the input, if any.
    pub idempotency_token: Option<String>,
    /// `@deprecated`.
    pub deprecated: Option<Deprecation>,
    /// The operation's `smithy.test#httpRequestTests` cases, as in the model.
    pub request_tests: Vec<Value>,
    /// The operation's `smithy.test#httpResponseTests` cases, as in the model.
    pub response_tests: Vec<Value>,
    /// `@endpoint(hostPrefix)`: a template of `{label}`s naming `@hostLabel` input members.
    pub host_prefix: Option<String>,
    /// `@requestCompression` encodings, in order of preference.
    pub request_compression: Vec<String>,
    /// `@httpChecksumRequired`: the request carries the `Content-MD5` of its body.
    pub checksum_required: bool,
    /// `@unsignedPayload`: the signature does not cover the payload.
    pub unsigned_payload: bool,
    /// `@http`: method, URI pattern and success status, for HTTP-binding protocols (awsJson
    /// always sends `POST /` and ignores it).
    pub http: Option<HttpIr>,
    /// Endpoint rule-set parameters the operation sets for its calls, in model order.
    pub endpoint_params: Vec<ContextParamIr>,
    /// Whether calls are signed.
    pub auth: AuthIr,
}

/// Whether an operation's calls are signed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthIr {
    /// With SigV4; credentials are required.
    SigV4,
    /// With SigV4 when credentials are available, else unsigned (`@optionalAuth`).
    Optional,
    /// Never (`@auth([])` on the operation, or on the service and not overridden).
    None,
}

impl AuthIr {
    fn of(op: &Shape, service: &Shape) -> AuthIr {
        let no_schemes = |shape: &Shape| shape.traits.get(id::AUTH).and_then(Value::as_array).map(Vec::is_empty);
        match no_schemes(op).or_else(|| no_schemes(service)) {
            Some(true) => AuthIr::None,
            _ if op.traits.has(id::OPTIONAL_AUTH) => AuthIr::Optional,
            _ => AuthIr::SigV4,
        }
    }
}

/// An endpoint rule-set parameter an operation sets (`@staticContextParams`, or an input
/// member's `@contextParam`).
#[derive(Clone, Debug, PartialEq)]
pub struct ContextParamIr {
    /// The rule-set parameter's name.
    pub name: String,
    /// Where its value comes from.
    pub value: ContextValue,
}

/// The value of a [`ContextParamIr`].
#[derive(Clone, Debug, PartialEq)]
pub enum ContextValue {
    /// A constant of the operation (a string, boolean or list of strings).
    Static(Value),
    /// The input member with this wire name, when set.
    Member(String),
}

impl ContextParamIr {
    /// The operation's constants, then its input members' bindings.
    fn of(op: &Shape, input: Option<&Shape>) -> Vec<ContextParamIr> {
        let statics = op.traits.get(id::STATIC_CONTEXT_PARAMS).and_then(Value::as_object).into_iter().flatten();
        let statics = statics.filter_map(|(name, param)| {
            Some(ContextParamIr { name: name.clone(), value: ContextValue::Static(param.get("value")?.clone()) })
        });
        let members = input.into_iter().flat_map(|shape| &shape.members).filter_map(|(wire, member)| {
            let name = member.traits.field(id::CONTEXT_PARAM, "name")?.as_str()?;
            Some(ContextParamIr { name: name.to_owned(), value: ContextValue::Member(wire.clone()) })
        });
        statics.chain(members).collect()
    }
}

/// One `smithy.rules#endpointTests` case.
#[derive(Clone, Debug)]
pub struct EndpointTestIr {
    /// The case's description.
    pub documentation: String,
    /// Parameters.
    pub params: Value,
    /// Expected endpoint (`url`, `headers`, `properties`) or error message.
    pub expect: Value,
}

/// The service.
#[derive(Clone, Debug)]
pub struct ServiceIr {
    /// The service shape name (`AmazonMWAAServerless`).
    pub shape_name: String,
    /// `aws.api#service` sdkId.
    pub sdk_id: String,
    /// Title.
    pub title: String,
    /// Version.
    pub version: String,
    /// Protocol.
    pub protocol: Protocol,
    /// SigV4 signing name.
    pub signing_name: String,
    /// The endpoint rule set, checked and typed.
    pub endpoint_rules: Option<crate::rules::RuleSetIr>,
    /// Why the model's endpoint rule set cannot be compiled, if it cannot (the crate is
    /// then generated without a resolver: callers set an endpoint URL).
    pub endpoint_rules_unsupported: Option<String>,
    /// Endpoint test cases.
    pub endpoint_tests: Vec<EndpointTestIr>,
    /// `@awsQueryCompatible`.
    pub query_compatible: bool,
    /// Documentation.
    pub docs: Option<String>,
}

/// An operation left out of the crate, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedOperation {
    /// The operation's name.
    pub name: String,
    /// Why it is not supported.
    pub reason: String,
}

/// The whole crate to generate.
#[derive(Clone, Debug)]
pub struct CrateIr {
    /// The Cargo package name (`mwaa-serverless`).
    pub crate_name: String,
    /// The service.
    pub service: ServiceIr,
    /// Operations, sorted by name.
    pub operations: Vec<OperationIr>,
    /// Generated types, sorted by module and name.
    pub shapes: Vec<ShapeIr>,
    /// Operations of the model that were left out, with the reason.
    pub skipped: Vec<SkippedOperation>,
    /// Operations generated without the paginator their `@paginated` trait asks for, with
    /// the reason (`name` is the operation's).
    pub skipped_paginators: Vec<SkippedOperation>,
    /// The waiters of the operations (`smithy.waiters#waitable`), sorted by method name.
    pub waiters: Vec<crate::waiters::WaiterIr>,
    /// Waiters left out, with the reason (`name` is the waiter's).
    pub skipped_waiters: Vec<SkippedOperation>,
}

impl CrateIr {
    /// The generated type at `path` (shapes are sorted by module and name).
    pub fn shape(&self, path: &TypePath) -> Option<&ShapeIr> {
        let index = self.shapes.binary_search_by(|s| (&s.path.module, &s.path.name).cmp(&(&path.module, &path.name))).ok()?;
        self.shapes.get(index)
    }

    /// Whether any generated type holds a float, double, big decimal or document: its
    /// responses then need JSON numbers parsed to the nearest `f64`, which costs code size
    /// (serde_json's `float_roundtrip`) that crates without them should not carry.
    pub fn reads_floats(&self) -> bool {
        fn floaty(ty: &TypeIr) -> bool {
            match ty {
                TypeIr::Simple(simple) => matches!(simple, Simple::Float | Simple::Double | Simple::BigDecimal | Simple::Document),
                TypeIr::List { member, .. } => floaty(member),
                TypeIr::Map { key, value, .. } => floaty(key) || floaty(value),
                TypeIr::Timestamp(_) | TypeIr::Named(..) | TypeIr::Stream { .. } => false,
            }
        }
        self.shapes.iter().any(|shape| match &shape.kind {
            ShapeKind::Struct { members, .. } => members.iter().any(|m| floaty(&m.ty)),
            ShapeKind::Union(variants) => variants.iter().filter_map(|v| v.ty.as_ref()).any(floaty),
            ShapeKind::Enum(_) | ShapeKind::IntEnum(_) => false,
        })
    }
}

/// Which operations to generate.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Operation shape names; `None` for all.
    pub operations: Option<Vec<String>>,
}

/// The cases of a `smithy.test` trait (a list of objects).
fn test_cases(traits: &serde_json::Map<String, Value>, trait_id: &str) -> Vec<Value> {
    traits.get(trait_id).and_then(Value::as_array).cloned().unwrap_or_default()
}

fn docs_of(traits: &serde_json::Map<String, Value>) -> Option<String> {
    traits.str_of(id::DOCUMENTATION).map(naming::docs_to_markdown).filter(|d| !d.is_empty())
}

struct Lowering<'a> {
    index: &'a ShapeIndex,
    protocol: Protocol,
    /// Shape id → its Rust type path.
    paths: BTreeMap<String, TypePath>,
    boxed: BTreeSet<(String, String)>,
}

impl<'a> Lowering<'a> {
    fn shape(&self, shape_id: &str, from: &str) -> Result<&'a Shape> {
        self.index.get(shape_id, from)
    }

    /// A construct the generator does not handle (yet): it costs the operations reaching it.
    fn unsupported(&self, shape: &str, message: impl Into<String>) -> Error {
        Error::Unsupported { path: self.index.path.clone(), shape: shape.into(), message: message.into() }
    }

    /// A shape that breaks Smithy's rules: the model is wrong, whichever operation reaches it.
    fn malformed(&self, shape: &str, message: impl Into<String>) -> Error {
        Error::Shape { path: self.index.path.clone(), shape: shape.into(), message: message.into() }
    }

    /// The Rust type of a member (or list/map element) targeting `member.target`, in a JSON
    /// body (timestamps default to `epoch-seconds`).
    fn type_of(&self, member: &Member, from: &str) -> Result<TypeIr> {
        self.type_at(member, from, TimestampFormat::EpochSeconds)
    }

    /// [`Self::type_of`], with the timestamp format of the member's location for timestamps
    /// (and their lists) without `@timestampFormat`.
    fn type_at(&self, member: &Member, from: &str, default_format: TimestampFormat) -> Result<TypeIr> {
        let target = self.shape(&member.target, from)?;
        if target.traits.has(id::ENUM) && target.kind == "string" {
            return self.named(&member.target, NamedKind::Enum, from);
        }
        match target.kind.as_str() {
            "blob" if target.traits.has(id::STREAMING) => {
                Ok(TypeIr::Stream { requires_length: target.traits.has(id::REQUIRES_LENGTH) })
            }
            "timestamp" => {
                let format = member
                    .traits
                    .str_of(id::TIMESTAMP_FORMAT)
                    .or_else(|| target.traits.str_of(id::TIMESTAMP_FORMAT))
                    .map(|f| TimestampFormat::parse(f).ok_or_else(|| self.unsupported(from, format!("timestamp format `{f}` (known: `date-time`, `epoch-seconds`, `http-date`)"))))
                    .transpose()?
                    .unwrap_or(default_format);
                Ok(TypeIr::Timestamp(format))
            }
            "list" | "set" => {
                let element = target
                    .member
                    .as_ref()
                    .ok_or_else(|| self.malformed(&member.target, "a list without `member`"))?;
                Ok(TypeIr::List {
                    member: Box::new(self.type_at(element, &member.target, default_format)?),
                    sparse: target.traits.has(id::SPARSE),
                })
            }
            "map" => {
                let (Some(key), Some(value)) = (&target.key, &target.value) else {
                    return Err(self.malformed(&member.target, "a map without `key` and `value`"));
                };
                let key_ty = self.type_of(key, &member.target)?;
                if !matches!(key_ty, TypeIr::Simple(Simple::String) | TypeIr::Named(_, NamedKind::Enum)) {
                    return Err(self.unsupported(&member.target, "map keys must be strings or string enums"));
                }
                Ok(TypeIr::Map {
                    key: Box::new(key_ty),
                    value: Box::new(self.type_of(value, &member.target)?),
                    sparse: target.traits.has(id::SPARSE),
                })
            }
            "structure" => self.named(&member.target, NamedKind::Struct, from),
            "union" => self.named(&member.target, NamedKind::Union, from),
            "enum" => self.named(&member.target, NamedKind::Enum, from),
            "intEnum" => self.named(&member.target, NamedKind::IntEnum, from),
            kind => match Simple::from_kind(kind) {
                Some(simple) => Ok(TypeIr::Simple(simple)),
                None => Err(self.unsupported(from, format!("members targeting a `{kind}` shape (`{}`)", member.target))),
            },
        }
    }

    fn named(&self, target: &str, kind: NamedKind, from: &str) -> Result<TypeIr> {
        let path = self
            .paths
            .get(target)
            .cloned()
            .ok_or_else(|| self.unsupported(from, format!("`{target}` has no generated type")))?;
        Ok(TypeIr::Named(path, kind))
    }

    fn member(
        &self,
        owner: &str,
        name: &str,
        member: &Member,
        (field, setter): (String, String),
        role: &StructRole,
    ) -> Result<MemberIr> {
        let member_id = format!("{owner}${name}");
        let target = self.shape(&member.target, &member_id)?;
        let http = HttpBinding::of(&member.traits);
        let ty = self.type_at(member, &member_id, self.timestamp_default(&http, role))?;
        match ty {
            TypeIr::Stream { .. } if http != HttpBinding::Payload => {
                return Err(self.unsupported(&member_id, "a streaming blob not bound to the HTTP payload (`@httpPayload`)"));
            }
            _ if target.traits.has(id::STREAMING) && !matches!(ty, TypeIr::Stream { .. }) => {
                return Err(self.unsupported(&member_id, "event streams"));
            }
            _ => {}
        }
        let required = member.traits.has(id::REQUIRED);
        let default = member.traits.get(id::DEFAULT).or_else(|| target.traits.get(id::DEFAULT)).cloned();
        let boxed = self.boxed.contains(&(owner.to_owned(), name.to_owned()));
        // A missing required structure is corrected to an empty one (Smithy's client error
        // correction), which terminates only if no member on the way back to this one is
        // corrected too: a member that breaks a cycle (boxed) stays optional. A union has no
        // zero value.
        let uncorrectable = match ty {
            TypeIr::Named(_, NamedKind::Union) => true,
            TypeIr::Named(_, NamedKind::Struct) => boxed,
            _ => false,
        };
        let repr = if *role == StructRole::Input || member.traits.has(id::CLIENT_OPTIONAL) || uncorrectable {
            Repr::Optional
        } else {
            match &default {
                Some(Value::Null) | None if required => Repr::Required,
                Some(Value::Null) | None => Repr::Optional,
                Some(value) => Repr::Default(value.clone()),
            }
        };
        let bounds = |trait_id| Bounds::of(&member.traits, trait_id).or_else(|| Bounds::of(&target.traits, trait_id));
        Ok(MemberIr {
            wire: name.to_owned(),
            json_key: self.json_key(name, &member.traits),
            field,
            setter,
            docs: docs_of(&member.traits)
                .or_else(|| docs_of(&target.traits))
                .or_else(|| Some(format!("The `{name}` member."))),
            repr,
            required,
            length: bounds(id::LENGTH),
            range: bounds(id::RANGE),
            pattern: member.traits.str_of(id::PATTERN).or_else(|| target.traits.str_of(id::PATTERN)).map(str::to_owned),
            default: default.filter(|value| !value.is_null()),
            sensitive: member.traits.has(id::SENSITIVE) || self.is_sensitive(&ty, &member.target),
            boxed,
            idempotency_token: member.traits.has(id::IDEMPOTENCY_TOKEN),
            deprecated: Deprecation::of(&member.traits),
            http,
            media_type: target.traits.str_of(id::MEDIA_TYPE).map(str::to_owned),
            ty,
        })
    }

    /// The key of a member in JSON objects: restJson1 honours `@jsonName`, awsJson does not.
    fn json_key(&self, name: &str, traits: &serde_json::Map<String, Value>) -> String {
        match self.protocol {
            Protocol::RestJson1 => traits.str_of(id::JSON_NAME).unwrap_or(name).to_owned(),
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => name.to_owned(),
        }
    }

    /// The timestamp format of a top-level member's location when it has no
    /// `@timestampFormat`: `http-date` in headers, `date-time` in labels and queries, else
    /// (bodies, and every location of awsJson, which ignores bindings) `epoch-seconds`.
    fn timestamp_default(&self, http: &HttpBinding, role: &StructRole) -> TimestampFormat {
        if self.protocol != Protocol::RestJson1 || *role == StructRole::Plain {
            return TimestampFormat::EpochSeconds;
        }
        match http {
            HttpBinding::Header(_) => TimestampFormat::HttpDate,
            // Labels and queries bind only inputs; elsewhere they are body members.
            HttpBinding::Label | HttpBinding::Query(_) if *role == StructRole::Input => TimestampFormat::DateTime,
            _ => TimestampFormat::EpochSeconds,
        }
    }

    /// A value is sensitive if its shape, or a list/map element shape, is `@sensitive`.
    fn is_sensitive(&self, _ty: &TypeIr, target: &str) -> bool {
        let mut stack = vec![target.to_owned()];
        let mut seen = BTreeSet::new();
        while let Some(current) = stack.pop() {
            if !seen.insert(current.clone()) {
                continue;
            }
            let Ok(shape) = self.shape(&current, &current) else { continue };
            if shape.traits.has(id::SENSITIVE) {
                return true;
            }
            if matches!(shape.kind.as_str(), "list" | "set" | "map") {
                stack.extend([&shape.member, &shape.key, &shape.value].into_iter().flatten().map(|m| m.target.clone()));
            }
        }
        false
    }

    fn structure(&self, shape_id: &str, shape: &Shape, role: StructRole) -> Result<ShapeKind> {
        let fields = naming::dedupe(shape.members.iter().map(|(n, _)| naming::field_name(n)).collect(), true);
        let mut reserved = [naming::BUILDER_METHODS, naming::TRAIT_METHODS].concat();
        match role {
            StructRole::Input => reserved.extend(naming::FLUENT_BUILDER_METHODS),
            StructRole::Error(_) => reserved.extend(naming::ERROR_BUILDER_METHODS),
            StructRole::Plain | StructRole::Output => {}
        }
        let setters = naming::setter_names(&fields, &reserved);
        let members = shape
            .members
            .iter()
            .zip(fields.into_iter().zip(setters))
            .map(|((name, member), names)| self.member(shape_id, name, member, names, &role))
            .collect::<Result<Vec<_>>>()?;
        Ok(ShapeKind::Struct { members, role })
    }

    fn union(&self, shape_id: &str, shape: &Shape) -> Result<ShapeKind> {
        let variants = naming::dedupe(shape.members.iter().map(|(n, _)| naming::variant_name(n)).collect(), false);
        let mut out = Vec::new();
        for ((name, member), variant) in shape.members.iter().zip(variants) {
            let member_id = format!("{shape_id}${name}");
            let ty = if member.target == "smithy.api#Unit" { None } else { Some(self.type_of(member, &member_id)?) };
            out.push(VariantIr {
                wire: name.clone(),
                json_key: self.json_key(name, &member.traits),
                variant,
                docs: docs_of(&member.traits).or_else(|| Some(format!("The `{name}` member."))),
                ty,
                boxed: self.boxed.contains(&(shape_id.to_owned(), name.clone())),
            });
        }
        Ok(ShapeKind::Union(out))
    }

    fn enumeration(&self, shape_id: &str, shape: &Shape) -> Result<ShapeKind> {
        // Smithy 1.0 string shapes with `@enum`: a list of `{value, name?, documentation?}`.
        if let Some(values) = shape.traits.get(id::ENUM) {
            let Some(values) = values.as_array() else {
                return Err(self.malformed(shape_id, "`@enum` must be a list"));
            };
            let mut raw = Vec::new();
            for v in values {
                let Some(value) = v.get("value").and_then(Value::as_str) else {
                    return Err(self.malformed(shape_id, "an `@enum` entry without a string `value`"));
                };
                let name = v.get("name").and_then(Value::as_str).unwrap_or(value);
                // An empty description (`""`, common in `@enum` entries) is none.
                let docs = v.get("documentation").and_then(Value::as_str).map(naming::docs_to_markdown).filter(|d| !d.is_empty());
                raw.push((naming::variant_name(name), Value::String(value.to_owned()), docs));
            }
            return Ok(ShapeKind::Enum(Self::enum_values(raw)));
        }
        let mut raw = Vec::new();
        for (name, member) in &shape.members {
            let value = match member.traits.get(id::ENUM_VALUE) {
                Some(v) => v.clone(),
                None if shape.kind == "enum" => Value::String(name.clone()),
                None => return Err(self.malformed(&format!("{shape_id}${name}"), "an intEnum member without `@enumValue`")),
            };
            raw.push((naming::variant_name(name), value, docs_of(&member.traits)));
        }
        let values = Self::enum_values(raw);
        Ok(if shape.kind == "intEnum" { ShapeKind::IntEnum(values) } else { ShapeKind::Enum(values) })
    }

    fn enum_values(raw: Vec<(String, Value, Option<String>)>) -> Vec<EnumValueIr> {
        let names = naming::dedupe(raw.iter().map(|(n, _, _)| n.clone()).collect(), false);
        raw.into_iter().zip(names).map(|((_, value, docs), variant)| EnumValueIr { variant, value, docs }).collect()
    }
}

/// Lowers the resolved model into the crate IR.
pub fn lower(index: &ShapeIndex, selection: &Selection, crate_name: Option<&str>) -> Result<CrateIr> {
    let (service_id, service) = index.service()?;
    let protocol = if service.traits.has(id::AWS_JSON_1_0) {
        Protocol::AwsJson1_0
    } else if service.traits.has(id::AWS_JSON_1_1) {
        Protocol::AwsJson1_1
    } else if service.traits.has(id::REST_JSON_1) {
        Protocol::RestJson1
    } else {
        let protocols: Vec<&String> = service.traits.keys().filter(|k| k.starts_with("aws.protocols#") || k.contains("protocol")).collect();
        return Err(Error::Unsupported {
            path: index.path.clone(),
            shape: service_id.into(),
            message: format!(
                "protocol {}; supported: aws.protocols#awsJson1_0, aws.protocols#awsJson1_1, aws.protocols#restJson1",
                if protocols.is_empty() { "(none declared)".to_owned() } else { format!("{protocols:?}") }
            ),
        });
    };

    // Operations: all, or the selected ones (each must exist).
    let all_ops = index.operations(service_id)?;
    let op_ids: Vec<String> = match &selection.operations {
        None => all_ops,
        Some(names) => {
            let mut chosen = Vec::new();
            for name in names {
                match all_ops.iter().find(|id| shape_name(id) == name) {
                    Some(id) => chosen.push(id.clone()),
                    None => {
                        let known: Vec<&str> = all_ops.iter().map(|id| shape_name(id)).collect();
                        return Err(Error::Shape {
                            path: index.path.clone(),
                            shape: service_id.into(),
                            message: format!("has no operation `{name}`; it has: {}", known.join(", ")),
                        });
                    }
                }
            }
            chosen.sort();
            chosen.dedup();
            chosen
        }
    };

    // Operations the client cannot call yet are left out, each with the reason.
    let mut skipped = Vec::new();
    let mut supported = Vec::new();
    for op_id in op_ids {
        match unsupported_reason(index, protocol, &op_id)? {
            Some(reason) => skipped.push(SkippedOperation { name: shape_name(&op_id).to_owned(), reason }),
            None => supported.push(op_id),
        }
    }
    // A construct the generator cannot handle yet (a member type, a trait value) costs the
    // operations that reach it, not the crate: they are left out with the reason and the
    // rest is lowered again. Each round drops at least one operation, so this ends.
    let mut op_ids = supported;
    loop {
        match lower_operations(index, service_id, protocol, &op_ids, crate_name) {
            Ok(mut krate) => {
                skipped.sort_by(|a, b| a.name.cmp(&b.name));
                krate.skipped = skipped;
                (krate.waiters, krate.skipped_waiters) = crate::waiters::lower(index, &op_ids, &krate);
                return Ok(krate);
            }
            Err(Error::Unsupported { path, shape, message }) => {
                let culprit = shape.split('$').next().unwrap_or(&shape);
                // Part of every operation's responses through a service error: there is no
                // crate without it.
                if service_errors_reach(index, service_id, culprit)? {
                    return Err(Error::Unsupported { path, shape, message });
                }
                let mut reaching = Vec::new();
                for op_id in &op_ids {
                    if op_id == culprit || operation_closure(index, op_id)?.contains(culprit) {
                        reaching.push(op_id.clone());
                    }
                }
                if reaching.is_empty() {
                    return Err(Error::Unsupported { path, shape, message });
                }
                op_ids.retain(|id| !reaching.contains(id));
                let reason = format!("it uses `{shape}`, which is not supported yet: {message}");
                skipped.extend(reaching.iter().map(|id| SkippedOperation { name: shape_name(id).to_owned(), reason: reason.clone() }));
            }
            Err(e) => return Err(e),
        }
    }
}

/// Structures that are both an input and an output of `op_ids` (restJson1 models share one
/// `FooInputOutput`): a generated type has one role (inputs hold every member optional,
/// outputs carry the request id), so each such operation gets its own input and output type.
fn input_output_shapes(index: &ShapeIndex, op_ids: &[String]) -> Result<BTreeSet<String>> {
    let (mut inputs, mut outputs) = (BTreeSet::new(), BTreeSet::new());
    for op_id in op_ids {
        let op = index.get(op_id, op_id)?;
        inputs.extend(op.input.iter().map(|t| t.target.clone()).filter(|t| t != "smithy.api#Unit"));
        outputs.extend(op.output.iter().map(|t| t.target.clone()).filter(|t| t != "smithy.api#Unit"));
    }
    Ok(inputs.intersection(&outputs).cloned().collect())
}

/// The shapes an operation's input, output and errors reach.
fn operation_closure(index: &ShapeIndex, op_id: &str) -> Result<BTreeSet<String>> {
    let op = index.get(op_id, op_id)?;
    let roots: Vec<(String, String)> = [&op.input, &op.output]
        .into_iter()
        .flatten()
        .chain(&op.errors)
        .map(|t| (t.target.clone(), op_id.to_owned()))
        .collect();
    index.closure(&roots)
}

/// Whether the service's own errors (part of every operation's responses) reach `shape`.
fn service_errors_reach(index: &ShapeIndex, service_id: &str, shape: &str) -> Result<bool> {
    let service = index.get(service_id, service_id)?;
    let roots: Vec<(String, String)> = service.errors.iter().map(|e| (e.target.clone(), service_id.to_owned())).collect();
    Ok(index.closure(&roots)?.contains(shape))
}

/// Lowers the service with the operations `op_ids` (each supported as far as is known).
fn lower_operations(
    index: &ShapeIndex,
    service_id: &str,
    protocol: Protocol,
    op_ids: &[String],
    crate_name: Option<&str>,
) -> Result<CrateIr> {
    let service = index.get(service_id, service_id)?;
    let op_ids = op_ids.to_vec();

    // Roots: what requests hold (inputs) and what responses hold (outputs, the operations'
    // and the service's errors). A shape gets the JSON directions it crosses the wire in.
    let service_errors: Vec<String> = service.errors.iter().map(|e| e.target.clone()).collect();
    let mut request_roots: Vec<(String, String)> = Vec::new();
    let mut response_roots: Vec<(String, String)> =
        service_errors.iter().map(|e| (e.clone(), service_id.to_owned())).collect();
    let mut io_use: BTreeMap<String, usize> = BTreeMap::new();
    for op_id in &op_ids {
        let op = index.get(op_id, op_id)?;
        for t in [&op.input, &op.output].into_iter().flatten() {
            *io_use.entry(t.target.clone()).or_default() += 1;
        }
        request_roots.extend(op.input.iter().map(|t| (t.target.clone(), op_id.clone())));
        response_roots.extend(op.output.iter().map(|t| (t.target.clone(), op_id.clone())));
        response_roots.extend(op.errors.iter().map(|e| (e.target.clone(), op_id.clone())));
    }
    let written = index.closure(&request_roots)?;
    let read = index.closure(&response_roots)?;
    let closure: BTreeSet<String> = written.union(&read).cloned().collect();

    // Decide every generated type's module and name.
    let dual_roles = input_output_shapes(index, &op_ids)?;
    let mut referenced_as_member: BTreeSet<String> = BTreeSet::new();
    for shape_id in &closure {
        let shape = index.get(shape_id, shape_id)?;
        let members = shape.members.iter().map(|(_, m)| m).chain([&shape.member, &shape.key, &shape.value].into_iter().flatten());
        for m in members {
            if !matches!(shape.kind.as_str(), "enum" | "intEnum") {
                referenced_as_member.insert(m.target.clone());
            }
        }
    }
    let mut paths: BTreeMap<String, TypePath> = BTreeMap::new();
    let mut op_io: Vec<(String, String, TypePath, TypePath)> = Vec::new(); // (op id, fn, input, output)
    let op_fns = naming::operation_fn_names(op_ids.iter().map(|id| shape_name(id)));
    for (op_id, fn_name) in op_ids.iter().zip(&op_fns) {
        let op = index.get(op_id, op_id)?;
        let op_type = naming::type_name(shape_name(op_id));
        let mut io_path = |target: &Option<crate::model::Target>, suffix: &str| -> TypePath {
            let own = TypePath { module: Module::Operation(fn_name.clone()), name: format!("{op_type}{suffix}") };
            match target {
                Some(t) if t.target != "smithy.api#Unit" => {
                    if dual_roles.contains(&t.target) {
                        return own;
                    }
                    let exclusive = io_use.get(&t.target) == Some(&1) && !referenced_as_member.contains(&t.target);
                    if exclusive {
                        paths.insert(t.target.clone(), own.clone());
                        own
                    } else {
                        TypePath { module: Module::Types, name: String::new() } // named below
                    }
                }
                _ => own,
            }
        };
        let input = io_path(&op.input, "Input");
        let output = io_path(&op.output, "Output");
        op_io.push((op_id.clone(), fn_name.clone(), input, output));
    }
    let mut by_module: BTreeMap<Module, Vec<String>> = BTreeMap::new();
    for shape_id in &closure {
        if paths.contains_key(shape_id) {
            continue;
        }
        let shape = index.get(shape_id, shape_id)?;
        let generated = matches!(shape.kind.as_str(), "structure" | "union" | "enum" | "intEnum")
            || (shape.kind == "string" && shape.traits.has(id::ENUM));
        if !generated || shape_id == "smithy.api#Unit" {
            continue;
        }
        // Both-role inputs/outputs are copied into their operations; `types` holds one only
        // for the structures that reference it.
        if dual_roles.contains(shape_id) && !referenced_as_member.contains(shape_id) {
            continue;
        }
        let module = if shape.traits.has(id::ERROR) { Module::Error } else { Module::Types };
        by_module.entry(module).or_default().push(shape_id.clone());
    }
    for (module, ids) in by_module {
        let names = naming::dedupe(ids.iter().map(|id| naming::type_name(shape_name(id))).collect(), false);
        for (shape_id, name) in ids.into_iter().zip(names) {
            paths.insert(shape_id, TypePath { module: module.clone(), name });
        }
    }
    // Inputs/outputs shared between operations live in `types` under their own name.
    for (op_id, _, input, output) in &mut op_io {
        let op = index.get(op_id, op_id)?;
        for (target, path) in [(&op.input, input), (&op.output, output)] {
            if path.name.is_empty() {
                if let Some(t) = target {
                    *path = paths[&t.target].clone();
                }
            }
        }
    }

    let lowering = Lowering { index, protocol, paths, boxed: index.boxed_members(&closure) };

    // Generated types.
    let mut shapes = Vec::new();
    // Inputs and outputs, with the operation they belong to (one of them, if shared).
    let io_roles: BTreeMap<&str, (StructRole, &str)> = op_ids
        .iter()
        .filter_map(|op_id| index.get(op_id, op_id).ok().map(|op| (shape_name(op_id), op)))
        .flat_map(|(op_name, op)| {
            [(op.input.as_ref(), StructRole::Input), (op.output.as_ref(), StructRole::Output)]
                .into_iter()
                .filter_map(move |(t, role)| t.map(|t| (t.target.as_str(), (role, op_name))))
        })
        .filter(|(target, _)| !dual_roles.contains(*target))
        .collect();
    for (shape_id, path) in &lowering.paths {
        let shape = index.get(shape_id, shape_id)?;
        let kind = match shape.kind.as_str() {
            "structure" => {
                let role = if shape.traits.has(id::ERROR) {
                    StructRole::Error(ErrorInfo {
                        code: shape_name(shape_id).to_owned(),
                        retryable: shape.traits.has(id::RETRYABLE),
                        throttling: shape.traits.field(id::RETRYABLE, "throttling").and_then(Value::as_bool).unwrap_or(false),
                        fault: shape.traits.str_of(id::ERROR).unwrap_or("client").to_owned(),
                        http_status: shape.traits.get(id::HTTP_ERROR).and_then(Value::as_u64).and_then(|s| u16::try_from(s).ok()),
                    })
                } else {
                    io_roles.get(shape_id.as_str()).map_or(StructRole::Plain, |(role, _)| role.clone())
                };
                lowering.structure(shape_id, shape, role)?
            }
            "union" => lowering.union(shape_id, shape)?,
            _ => lowering.enumeration(shape_id, shape)?,
        };
        let operation = io_roles.get(shape_id.as_str()).map_or("", |(_, op)| op);
        let fallback = match &kind {
            ShapeKind::Struct { role: StructRole::Input, .. } => format!("The input of `{operation}`."),
            ShapeKind::Struct { role: StructRole::Output, .. } => format!("The output of `{operation}`."),
            _ => format!("The `{}` {}.", shape_name(shape_id), shape.kind),
        };
        shapes.push(ShapeIr {
            id: shape_id.clone(),
            path: path.clone(),
            docs: docs_of(&shape.traits).or(Some(fallback)),
            kind,
            sensitive: shape.traits.has(id::SENSITIVE),
            response_tests: test_cases(&shape.traits, id::HTTP_RESPONSE_TESTS),
            json: JsonUse { read: read.contains(shape_id), write: written.contains(shape_id) },
        });
    }
    // Each operation's own input and output copies of a both-role structure.
    for (op_id, _, input, output) in &op_io {
        let op = index.get(op_id, op_id)?;
        for (target, path, role) in [(&op.input, input, StructRole::Input), (&op.output, output, StructRole::Output)] {
            let Some(target) = target.as_ref().filter(|t| dual_roles.contains(&t.target)) else { continue };
            let shape = index.get(&target.target, op_id)?;
            let what = if role == StructRole::Input { "input" } else { "output" };
            let json = JsonUse { read: role == StructRole::Output, write: role == StructRole::Input };
            shapes.push(ShapeIr {
                id: target.target.clone(),
                path: path.clone(),
                docs: docs_of(&shape.traits).or_else(|| Some(format!("The {what} of `{}`.", shape_name(op_id)))),
                kind: lowering.structure(&target.target, shape, role)?,
                sensitive: shape.traits.has(id::SENSITIVE),
                response_tests: Vec::new(),
                json,
            });
        }
    }
    // Synthesized empty inputs/outputs for operations without one (`smithy.api#Unit`).
    for (op_id, _, input, output) in &op_io {
        let op = index.get(op_id, op_id)?;
        for (target, path, role) in [(&op.input, input, StructRole::Input), (&op.output, output, StructRole::Output)] {
            if target.as_ref().is_none_or(|t| t.target == "smithy.api#Unit") {
                let what = if role == StructRole::Input { "input" } else { "output" };
                let json = JsonUse { read: role == StructRole::Output, write: role == StructRole::Input };
                shapes.push(ShapeIr {
                    id: op_id.clone(),
                    path: path.clone(),
                    docs: Some(format!("The (empty) {what} of `{}`.", shape_name(op_id))),
                    kind: ShapeKind::Struct { members: Vec::new(), role },
                    sensitive: false,
                    response_tests: Vec::new(),
                    json,
                });
            }
        }
    }
    shapes.sort_by(|a, b| (&a.path.module, &a.path.name).cmp(&(&b.path.module, &b.path.name)));

    // Operations.
    let service_paginated = service.traits.get(id::PAGINATED);
    let mut operations = Vec::new();
    let mut skipped_paginators = Vec::new();
    for (op_id, fn_name, input, output) in op_io {
        let op = index.get(&op_id, &op_id)?;
        let mut errors = Vec::new();
        for target in op.errors.iter().map(|e| &e.target).chain(&service_errors) {
            let path = lowering.paths[target].clone();
            if errors.iter().any(|e: &OperationError| e.path == path) {
                continue;
            }
            let code = shape_name(target).to_owned();
            let query_code = index
                .get(target, &op_id)?
                .traits
                .field(id::AWS_QUERY_ERROR, "code")
                .and_then(Value::as_str)
                .filter(|query| *query != code)
                .map(str::to_owned);
            errors.push(OperationError { code, variant: path.name.clone(), path, query_code });
        }
        let input_shape = shapes.iter().find(|s| s.path == input);
        let input_members: &[MemberIr] = match input_shape.map(|s| &s.kind) {
            Some(ShapeKind::Struct { members, .. }) => members,
            _ => &[],
        };
        let idempotency_token = input_members.iter().find(|m| m.idempotency_token).map(|m| m.field.clone());
        // A paginator the generator cannot build costs the paginator, not the operation.
        let paginator = match op.traits.get(id::PAGINATED) {
            Some(own) => match paginator(&lowering, &op_id, own, service_paginated, input_members, &output, &shapes) {
                Ok(p) => Some(p),
                Err(Error::Unsupported { message, .. }) => {
                    skipped_paginators.push(SkippedOperation { name: shape_name(&op_id).to_owned(), reason: message });
                    None
                }
                Err(e) => return Err(e),
            },
            None => None,
        };
        operations.push(OperationIr {
            name: shape_name(&op_id).to_owned(),
            fn_name,
            docs: docs_of(&op.traits).or_else(|| Some(format!("Calls the `{}` operation.", shape_name(&op_id)))),
            input,
            output,
            errors,
            retry_safe: op.traits.has(id::READONLY) || op.traits.has(id::IDEMPOTENT) || idempotency_token.is_some(),
            paginator,
            idempotency_token,
            deprecated: Deprecation::of(&op.traits),
            request_tests: test_cases(&op.traits, id::HTTP_REQUEST_TESTS),
            response_tests: test_cases(&op.traits, id::HTTP_RESPONSE_TESTS),
            host_prefix: op.traits.field(id::ENDPOINT, "hostPrefix").and_then(Value::as_str).map(str::to_owned),
            request_compression: op
                .traits
                .field(id::REQUEST_COMPRESSION, "encodings")
                .and_then(Value::as_array)
                .map(|e| e.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                .unwrap_or_default(),
            checksum_required: op.traits.has(id::HTTP_CHECKSUM_REQUIRED),
            unsigned_payload: op.traits.has(id::UNSIGNED_PAYLOAD),
            http: HttpIr::of(&op.traits),
            auth: AuthIr::of(op, service),
            endpoint_params: ContextParamIr::of(
                op,
                op.input.as_ref().filter(|t| t.target != "smithy.api#Unit").map(|t| index.get(&t.target, &op_id)).transpose()?,
            ),
        });
    }

    let sdk_id = service.traits.field(id::AWS_SERVICE, "sdkId").and_then(Value::as_str).unwrap_or(shape_name(service_id)).to_owned();
    let endpoint_tests = service
        .traits
        .field(id::ENDPOINT_TESTS, "testCases")
        .and_then(Value::as_array)
        .map(|cases| {
            cases
                .iter()
                .map(|case| EndpointTestIr {
                    documentation: case.get("documentation").and_then(Value::as_str).unwrap_or("").to_owned(),
                    params: case.get("params").cloned().unwrap_or(Value::Object(Default::default())),
                    expect: case.get("expect").cloned().unwrap_or(Value::Null),
                })
                .collect()
        })
        .unwrap_or_default();
    let (endpoint_rules, endpoint_rules_unsupported) = match service.traits.get(id::ENDPOINT_RULE_SET).map(crate::rules::check) {
        None => (None, None),
        Some(Ok(rules)) => (Some(rules), None),
        Some(Err(reason)) => (None, Some(format!("endpoint rule set: {reason}"))),
    };
    // Without a resolver the model's endpoint test cases cannot pass.
    let endpoint_tests = if endpoint_rules.is_some() { endpoint_tests } else { Vec::new() };
    let service_ir = ServiceIr {
        shape_name: shape_name(service_id).to_owned(),
        title: service.traits.str_of(id::TITLE).unwrap_or(&sdk_id).to_owned(),
        sdk_id: sdk_id.clone(),
        version: service.version.clone().unwrap_or_default(),
        protocol,
        signing_name: service.traits.field(id::SIGV4, "name").and_then(Value::as_str).unwrap_or("").to_owned(),
        endpoint_rules,
        endpoint_rules_unsupported,
        endpoint_tests,
        query_compatible: service.traits.has(id::AWS_QUERY_COMPATIBLE),
        docs: docs_of(&service.traits),
    };
    let crate_name = crate_name.map(str::to_owned).unwrap_or_else(|| crate::naming::crate_name(&sdk_id));
    // `lower` fills in the operations it left out.
    Ok(CrateIr { crate_name, service: service_ir, operations, shapes, skipped: Vec::new(), skipped_paginators, waiters: Vec::new(), skipped_waiters: Vec::new() })
}

/// Why an operation cannot be generated yet, if it cannot: an event stream in its input or
/// output, or a streaming blob anywhere but a restJson1 `@httpPayload` (awsJson has no
/// payload binding to stream).
fn unsupported_reason(index: &ShapeIndex, protocol: Protocol, op_id: &str) -> Result<Option<String>> {
    let op = index.get(op_id, op_id)?;
    if protocol == Protocol::RestJson1 {
        if let Some(reason) = http_binding_problem(index, op_id)? {
            return Ok(Some(reason));
        }
    }
    for (direction, target) in [("input", &op.input), ("output", &op.output)] {
        let Some(target) = target else { continue };
        let shape = index.get(&target.target, op_id)?;
        for (name, member) in &shape.members {
            let member_shape = index.get(&member.target, &target.target)?;
            if !member_shape.traits.has(id::STREAMING) {
                continue;
            }
            if member_shape.kind == "union" {
                return Ok(Some(format!(
                    "its {direction} member `{name}` is an event stream (`{}`), which the runtime does not support yet",
                    member.target
                )));
            }
            if protocol != Protocol::RestJson1 || !member.traits.has(id::HTTP_PAYLOAD) {
                return Ok(Some(format!(
                    "its {direction} member `{name}` is a streaming blob (`{}`) outside an HTTP payload, which {} cannot carry",
                    member.target,
                    protocol.name()
                )));
            }
        }
    }
    Ok(None)
}

/// Why an operation of an HTTP-binding protocol cannot be bound, if it cannot: no `@http`
/// trait, a `@httpPayload` on a shape restJson1 does not allow (structures, unions,
/// documents, strings, enums and blobs), or a URI label that names no input member.
fn http_binding_problem(index: &ShapeIndex, op_id: &str) -> Result<Option<String>> {
    let op = index.get(op_id, op_id)?;
    let Some(http) = HttpIr::of(&op.traits) else {
        return Ok(Some("it has no well-formed `@http` trait (method and URI), which restJson1 requires".to_owned()));
    };
    for (direction, target) in [("input", &op.input), ("output", &op.output)] {
        let Some(target) = target else { continue };
        let shape = index.get(&target.target, op_id)?;
        for (name, member) in &shape.members {
            if let Some(problem) = binding_target_problem(index, member, &target.target)? {
                return Ok(Some(format!("its {direction} member `{name}` is {problem}")));
            }
        }
    }
    // Label name → the kind of its member's target.
    let mut labels: Vec<(&str, &str)> = Vec::new();
    if let Some(input) = &op.input {
        let shape = index.get(&input.target, op_id)?;
        for (name, member) in shape.members.iter().filter(|(_, m)| m.traits.has(id::HTTP_LABEL)) {
            labels.push((name.as_str(), index.get(&member.target, &input.target)?.kind.as_str()));
        }
    }
    for label in uri_labels(&http.uri) {
        let (name, greedy) = label.strip_suffix('+').map_or((label, false), |name| (name, true));
        match labels.iter().find(|(n, _)| *n == name) {
            None => return Ok(Some(format!("its URI `{}` has the label `{{{label}}}`, which no `@httpLabel` input member binds", http.uri))),
            Some((_, kind)) if greedy && *kind != "string" => {
                return Ok(Some(format!("its greedy label `{{{label}}}` binds a `{kind}`; greedy labels are strings")));
            }
            Some(_) => {}
        }
    }
    Ok(None)
}

/// Why a member's binding cannot hold its target (Smithy's HTTP binding rules), if it cannot:
/// labels hold scalars, queries and headers scalars or lists of them, `@httpQueryParams` a
/// map of strings or string lists, `@httpPrefixHeaders` a map of strings, and a payload a
/// structure, union, document, string, enum or blob.
fn binding_target_problem(index: &ShapeIndex, member: &Member, owner: &str) -> Result<Option<String>> {
    const SCALARS: &[&str] = &[
        "string", "enum", "intEnum", "boolean", "byte", "short", "integer", "long", "float", "double", "bigInteger", "bigDecimal",
        "timestamp", "blob",
    ];
    let kind_of = |target: &str| -> Result<&str> { Ok(index.get(target, owner)?.kind.as_str()) };
    let target = index.get(&member.target, owner)?;
    let element_kind = |m: &Option<Member>| -> Result<Option<&str>> { m.as_ref().map(|m| kind_of(&m.target)).transpose() };
    let (what, fits) = match HttpBinding::of(&member.traits) {
        HttpBinding::Body | HttpBinding::ResponseCode => return Ok(None),
        HttpBinding::Label => ("an `@httpLabel`", SCALARS.contains(&target.kind.as_str()) && target.kind != "blob"),
        HttpBinding::Query(_) | HttpBinding::Header(_) => {
            let list_of_scalars = matches!(target.kind.as_str(), "list" | "set")
                && element_kind(&target.member)?.is_some_and(|k| SCALARS.contains(&k));
            ("an `@httpQuery` or `@httpHeader`", SCALARS.contains(&target.kind.as_str()) || list_of_scalars)
        }
        HttpBinding::QueryParams => {
            let value = element_kind(&target.value)?;
            let string_list = match target.value.as_ref().map(|v| index.get(&v.target, owner)).transpose()? {
                Some(list) if matches!(list.kind.as_str(), "list" | "set") => element_kind(&list.member)? == Some("string"),
                _ => false,
            };
            ("an `@httpQueryParams`", target.kind == "map" && (value == Some("string") || string_list))
        }
        HttpBinding::PrefixHeaders(_) => ("an `@httpPrefixHeaders`", target.kind == "map" && element_kind(&target.value)? == Some("string")),
        HttpBinding::Payload => (
            "an `@httpPayload`",
            matches!(target.kind.as_str(), "structure" | "union" | "document" | "string" | "enum" | "blob"),
        ),
    };
    Ok((!fits).then(|| format!("{what} of a `{}` (`{}`), which restJson1 does not allow", target.kind, member.target)))
}

/// The `{label}` names (greedy ones with their `+`) of a URI pattern's path.
pub fn uri_labels(uri: &str) -> impl Iterator<Item = &str> {
    let path = uri.split('?').next().unwrap_or(uri);
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(label, _)| label))
}

/// Resolves a `@paginated` trait (merged over the service's) against input and output.
fn paginator(
    lowering: &Lowering<'_>,
    op_id: &str,
    own: &Value,
    service: Option<&Value>,
    input_members: &[MemberIr],
    output: &TypePath,
    shapes: &[ShapeIr],
) -> Result<PaginatorIr> {
    let setting = |key: &str| own.get(key).or_else(|| service.and_then(|s| s.get(key))).and_then(Value::as_str);
    let input_field = |wire: &str| -> Result<&MemberIr> {
        input_members
            .iter()
            .find(|m| m.wire == wire)
            .ok_or_else(|| lowering.unsupported(op_id, format!("@paginated names input member `{wire}`, which the input lacks")))
    };
    let (Some(input_token), Some(output_token)) = (setting("inputToken"), setting("outputToken")) else {
        return Err(lowering.unsupported(op_id, "@paginated without inputToken/outputToken"));
    };
    let input_token = input_field(input_token)?;
    let token = input_token.ty.clone();
    let input_token = input_token.field.clone();
    let page_size = match setting("pageSize") {
        Some(wire) => {
            let m = input_field(wire)?;
            match m.ty {
                TypeIr::Simple(s @ (Simple::Integer | Simple::Long | Simple::Short | Simple::Byte)) => Some((m.field.clone(), s)),
                _ => return Err(lowering.unsupported(op_id, "@paginated pageSize must be an integer member")),
            }
        }
        None => None,
    };
    // Walks `a.b.c` from the output structure.
    let walk = |path: &str| -> Result<(Vec<PathStep>, TypeIr)> {
        let mut steps = Vec::new();
        let mut current = output.clone();
        let mut ty = None;
        for (i, segment) in path.split('.').enumerate() {
            if i > 0 {
                match &ty {
                    Some(TypeIr::Named(p, NamedKind::Struct)) => current = p.clone(),
                    _ => return Err(lowering.unsupported(op_id, format!("@paginated path `{path}` goes through a non-structure"))),
                }
            }
            let members = shapes.iter().find(|s| s.path == current).and_then(|s| match &s.kind {
                ShapeKind::Struct { members, .. } => Some(members),
                _ => None,
            });
            let member = members
                .and_then(|ms| ms.iter().find(|m| m.wire == segment))
                .ok_or_else(|| lowering.unsupported(op_id, format!("@paginated path `{path}`: no member `{segment}`")))?;
            steps.push(PathStep {
                field: member.field.clone(),
                optional: member.repr == Repr::Optional,
                boxed: member.boxed,
                deprecated: member.deprecated.is_some(),
            });
            ty = Some(member.ty.clone());
        }
        Ok((steps, ty.unwrap_or(TypeIr::Simple(Simple::String))))
    };
    let (output_token, output_token_ty) = walk(output_token)?;
    if !matches!(token, TypeIr::Simple(Simple::String) | TypeIr::Map { .. } | TypeIr::Named(_, NamedKind::Enum)) {
        return Err(lowering.unsupported(op_id, "@paginated inputToken must be a string or a map"));
    }
    if output_token_ty != token {
        return Err(lowering.unsupported(op_id, "@paginated outputToken must have the type of the inputToken"));
    }
    let items = match setting("items") {
        Some(path) => {
            let (steps, ty) = walk(path)?;
            if !matches!(ty, TypeIr::List { .. } | TypeIr::Map { .. }) {
                return Err(lowering.unsupported(op_id, "@paginated items must be a list or map"));
            }
            Some((steps, ty))
        }
        None => None,
    };
    Ok(PaginatorIr { input_token, token, page_size, output_token, items })
}
