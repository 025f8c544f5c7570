//! A read-only view of a Smithy JSON AST (`model/mwaa-serverless.json`, or a model of the
//! shared corpus): what the case generators and the request checks need (shapes, members,
//! constraints, error statuses, HTTP bindings). Written independently of the generator's own
//! model code.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::Value;

/// The model the generated crate was generated from.
pub const MODEL_JSON: &str = include_str!("../../model/mwaa-serverless.json");

/// The parsed model.
pub struct Model {
    shapes: BTreeMap<String, Value>,
}

/// What a member of a structure or union is.
#[derive(Clone, Debug)]
pub struct Member {
    /// The member name (the JSON key on the wire).
    pub name: String,
    /// The target shape id.
    pub target: String,
    /// The member's own traits.
    pub traits: Value,
}

impl Member {
    /// Whether the member is `@required`.
    pub fn required(&self) -> bool {
        self.traits.get("smithy.api#required").is_some()
    }

    /// The `@httpQuery` name, if bound to the query string.
    pub fn http_query(&self) -> Option<&str> {
        self.traits
            .get("smithy.api#httpQuery")
            .and_then(Value::as_str)
    }

    /// The `@httpHeader` name, if bound to a header.
    pub fn http_header(&self) -> Option<&str> {
        self.traits
            .get("smithy.api#httpHeader")
            .and_then(Value::as_str)
    }

    /// The `@httpPrefixHeaders` prefix, if bound to prefixed headers.
    pub fn http_prefix_headers(&self) -> Option<&str> {
        self.traits
            .get("smithy.api#httpPrefixHeaders")
            .and_then(Value::as_str)
    }

    /// Whether the member has the trait `name` (`smithy.api#httpPayload`, ...).
    pub fn has(&self, name: &str) -> bool {
        self.traits.get(name).is_some()
    }

    /// Whether the member travels in a JSON body (restJson1: no HTTP binding trait).
    pub fn in_body(&self) -> bool {
        ![
            "smithy.api#httpLabel",
            "smithy.api#httpQuery",
            "smithy.api#httpQueryParams",
            "smithy.api#httpHeader",
            "smithy.api#httpPrefixHeaders",
            "smithy.api#httpPayload",
            "smithy.api#httpResponseCode",
        ]
        .iter()
        .any(|t| self.has(t))
    }

    /// The member's key in a restJson1 body: `@jsonName`, else its name.
    pub fn json_key(&self) -> &str {
        self.traits
            .get("smithy.api#jsonName")
            .and_then(Value::as_str)
            .unwrap_or(&self.name)
    }
}

/// An operation's `@http` trait.
#[derive(Clone, Debug)]
pub struct Http {
    /// The method.
    pub method: String,
    /// The URI pattern.
    pub uri: String,
    /// The success status.
    pub code: u16,
}

/// An operation: input, output and error shape ids.
#[derive(Clone, Debug)]
pub struct Operation {
    /// The operation name (`ListWorkflowRuns`).
    pub name: String,
    /// The input structure id.
    pub input: String,
    /// The output structure id.
    pub output: String,
    /// The modeled error structure ids.
    pub errors: Vec<String>,
    /// The `@http` trait (restJson1).
    pub http: Option<Http>,
}

/// `@length` or `@range` bounds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Bounds {
    /// Inclusive minimum.
    pub min: Option<f64>,
    /// Inclusive maximum.
    pub max: Option<f64>,
}

impl Model {
    /// The shipped model (MWAA Serverless), parsed once.
    pub fn get() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| Model::parse(MODEL_JSON, "model/mwaa-serverless.json"))
    }

    /// A model from its JSON AST text; `source` names it in the panic of a broken model.
    pub fn parse(text: &str, source: &str) -> Model {
        let ast: Value =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{source} is not JSON: {e}"));
        let shapes = ast["shapes"]
            .as_object()
            .unwrap_or_else(|| panic!("{source} has no shapes"))
            .clone()
            .into_iter()
            .collect();
        Model { shapes }
    }

    /// The namespace of the service shape (`com.amazonaws.lambda`).
    pub fn namespace(&self) -> &str {
        self.shapes
            .iter()
            .find(|(_, s)| s["type"] == "service")
            .and_then(|(id, _)| id.split_once('#'))
            .map_or("", |(ns, _)| ns)
    }

    /// Every operation in the model, by name.
    pub fn operations(&self) -> Vec<Operation> {
        self.shapes
            .iter()
            .filter(|(_, s)| s["type"] == "operation")
            .map(|(id, s)| Operation {
                name: short(id).to_owned(),
                input: s["input"]["target"]
                    .as_str()
                    .unwrap_or("smithy.api#Unit")
                    .to_owned(),
                output: s["output"]["target"]
                    .as_str()
                    .unwrap_or("smithy.api#Unit")
                    .to_owned(),
                errors: s["errors"]
                    .as_array()
                    .map(|e| {
                        e.iter()
                            .filter_map(|t| t["target"].as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default(),
                http: s["traits"].get("smithy.api#http").map(|h| Http {
                    method: h["method"].as_str().unwrap_or_default().to_owned(),
                    uri: h["uri"].as_str().unwrap_or_default().to_owned(),
                    code: h["code"].as_u64().map_or(200, |c| c as u16),
                }),
            })
            .collect()
    }

    /// The members of every structure and union, by shape name (`Foo` of `ns#Foo`), each
    /// with the `@length` and `@range` bounds its builder checks (`[min, max]`, `null` for
    /// none) and its `@default` (`null` for none).
    pub fn member_bounds_by_shape(&self) -> BTreeMap<String, BTreeMap<String, Value>> {
        let pair = |b: Bounds| serde_json::json!([b.min, b.max]);
        self.shapes
            .iter()
            .filter(|(_, s)| s["type"] == "structure" || s["type"] == "union")
            .map(|(id, _)| {
                let members = self
                    .members(id)
                    .into_iter()
                    .map(|m| {
                        let bounds = serde_json::json!({
                            "length": pair(self.length(&m)),
                            "range": pair(self.range(&m)),
                            "default": m.traits.get("smithy.api#default"),
                        });
                        (m.name, bounds)
                    })
                    .collect();
                (short(id).to_owned(), members)
            })
            .collect()
    }

    /// The operation named `name`.
    pub fn operation(&self, name: &str) -> Operation {
        self.operations()
            .into_iter()
            .find(|o| o.name == name)
            .unwrap_or_else(|| panic!("no operation {name}"))
    }

    /// The shape `id`; prelude shapes (`smithy.api#String`, ...) are synthesized.
    pub fn shape(&self, id: &str) -> Value {
        if let Some(shape) = self.shapes.get(id) {
            return shape.clone();
        }
        let kind = match id {
            "smithy.api#String" => "string",
            "smithy.api#Integer" | "smithy.api#PrimitiveInteger" => "integer",
            "smithy.api#Boolean" | "smithy.api#PrimitiveBoolean" => "boolean",
            "smithy.api#Timestamp" => "timestamp",
            "smithy.api#Document" => "document",
            "smithy.api#Long" | "smithy.api#PrimitiveLong" => "long",
            "smithy.api#Double" | "smithy.api#PrimitiveDouble" => "double",
            "smithy.api#Float" | "smithy.api#PrimitiveFloat" => "float",
            "smithy.api#Blob" => "blob",
            "smithy.api#Unit" => "structure",
            other => panic!("unknown shape {other}"),
        };
        serde_json::json!({ "type": kind })
    }

    /// The type of shape `id` (`structure`, `string`, `enum`, ...).
    pub fn kind(&self, id: &str) -> String {
        self.shape(id)["type"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Members of a structure or union, in model order.
    pub fn members(&self, id: &str) -> Vec<Member> {
        let shape = self.shape(id);
        shape["members"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(name, member)| Member {
                        name: name.clone(),
                        target: member["target"].as_str().unwrap_or_default().to_owned(),
                        traits: member.get("traits").cloned().unwrap_or(Value::Null),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The target of a list's `member` or a map's `key`/`value`.
    pub fn target_of(&self, id: &str, part: &str) -> String {
        self.shape(id)[part]["target"]
            .as_str()
            .unwrap_or_else(|| panic!("{id} has no {part}"))
            .to_owned()
    }

    /// A trait of shape `id`.
    pub fn trait_of(&self, id: &str, name: &str) -> Option<Value> {
        self.shape(id)
            .get("traits")
            .and_then(|t| t.get(name))
            .cloned()
    }

    /// String values of an `enum` (or the single values of an `intEnum`, as numbers).
    pub fn enum_values(&self, id: &str) -> Vec<Value> {
        let shape = self.shape(id);
        shape["members"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(name, member)| {
                        member["traits"]
                            .get("smithy.api#enumValue")
                            .cloned()
                            .unwrap_or_else(|| Value::String(name.clone()))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `@length` of a member (member traits win over the target's).
    pub fn length(&self, member: &Member) -> Bounds {
        self.bounds(member, "smithy.api#length")
    }

    /// `@range` of a member (member traits win over the target's).
    pub fn range(&self, member: &Member) -> Bounds {
        self.bounds(member, "smithy.api#range")
    }

    /// `@length` of a shape.
    pub fn shape_length(&self, id: &str) -> Bounds {
        self.trait_of(id, "smithy.api#length")
            .map(|t| bounds(&t))
            .unwrap_or_default()
    }

    fn bounds(&self, member: &Member, name: &str) -> Bounds {
        member
            .traits
            .get(name)
            .cloned()
            .or_else(|| self.trait_of(&member.target, name))
            .map(|t| bounds(&t))
            .unwrap_or_default()
    }

    /// The `@httpError` status of an error structure.
    pub fn http_error(&self, id: &str) -> u16 {
        self.trait_of(id, "smithy.api#httpError")
            .and_then(|v| v.as_u64())
            .map(|s| s as u16)
            .unwrap_or_else(|| {
                match self
                    .trait_of(id, "smithy.api#error")
                    .as_ref()
                    .and_then(Value::as_str)
                {
                    Some("client") => 400,
                    _ => 500,
                }
            })
    }
}

fn bounds(t: &Value) -> Bounds {
    Bounds {
        min: t.get("min").and_then(Value::as_f64),
        max: t.get("max").and_then(Value::as_f64),
    }
}

/// `Foo` of `ns#Foo`.
pub fn short(id: &str) -> &str {
    id.rsplit_once('#').map_or(id, |(_, name)| name)
}

/// Every way a params value breaks the constraints the generated builders check:
/// `@required` members, and `@length`/`@range` of structure members (at any depth; list
/// items and map keys/values are not members and are not checked by the builders).
pub fn violations(model: &Model, shape: &str, value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    check(model, shape, value, short(shape), &mut out);
    out
}

fn check(model: &Model, shape: &str, value: &Value, path: &str, out: &mut Vec<String>) {
    match model.kind(shape).as_str() {
        "structure" => {
            for member in model.members(shape) {
                let path = format!("{path}.{}", member.name);
                match value.get(&member.name) {
                    None | Some(Value::Null) => {
                        if member.required() {
                            out.push(format!("{path}: required"));
                        }
                    }
                    Some(v) => {
                        let len = match v {
                            Value::String(s) => Some(s.chars().count() as f64),
                            Value::Array(a) => Some(a.len() as f64),
                            Value::Object(o) if model.kind(&member.target) == "map" => {
                                Some(o.len() as f64)
                            }
                            _ => None,
                        };
                        let b = model.length(&member);
                        if let Some(len) = len {
                            if b.min.is_some_and(|m| len < m) || b.max.is_some_and(|m| len > m) {
                                out.push(format!("{path}: length {len}"));
                            }
                        }
                        if let Some(n) = v.as_f64() {
                            let r = model.range(&member);
                            if r.min.is_some_and(|m| n < m) || r.max.is_some_and(|m| n > m) {
                                out.push(format!("{path}: range {n}"));
                            }
                        }
                        check(model, &member.target, v, &path, out);
                    }
                }
            }
        }
        "union" => {
            if let Some(obj) = value.as_object() {
                for member in model.members(shape) {
                    if let Some(v) = obj.get(&member.name) {
                        check(
                            model,
                            &member.target,
                            v,
                            &format!("{path}.{}", member.name),
                            out,
                        );
                    }
                }
            }
        }
        "list" => {
            let item = model.target_of(shape, "member");
            for (i, v) in value.as_array().into_iter().flatten().enumerate() {
                check(model, &item, v, &format!("{path}[{i}]"), out);
            }
        }
        "map" => {
            let item = model.target_of(shape, "value");
            for (k, v) in value.as_object().into_iter().flatten() {
                check(model, &item, v, &format!("{path}[{k:?}]"), out);
            }
        }
        _ => {}
    }
}
