//! Stage 2, resolve: a shape index over the loaded model with the Smithy prelude built in,
//! mixins flattened, the service's operations found (directly and through resources), the
//! closure of shapes the selected operations reach, and the members that need boxing.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::model::traits::{self, describe, id, Traits};
use crate::model::{Member, Model, Shape};

/// A simple (prelude or model) type the generator maps directly to Rust.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Simple {
    /// blob
    Blob,
    /// boolean
    Boolean,
    /// string (without `@enum`)
    String,
    /// byte
    Byte,
    /// short
    Short,
    /// integer
    Integer,
    /// long
    Long,
    /// float
    Float,
    /// double
    Double,
    /// bigInteger
    BigInteger,
    /// bigDecimal
    BigDecimal,
    /// timestamp
    Timestamp,
    /// document
    Document,
}

impl Simple {
    /// The simple type of a shape type name.
    pub fn from_kind(kind: &str) -> Option<Simple> {
        Some(match kind {
            "blob" => Simple::Blob,
            "boolean" => Simple::Boolean,
            "string" => Simple::String,
            "byte" => Simple::Byte,
            "short" => Simple::Short,
            "integer" => Simple::Integer,
            "long" => Simple::Long,
            "float" => Simple::Float,
            "double" => Simple::Double,
            "bigInteger" => Simple::BigInteger,
            "bigDecimal" => Simple::BigDecimal,
            "timestamp" => Simple::Timestamp,
            "document" => Simple::Document,
            _ => return None,
        })
    }
}

/// The shapes of the Smithy prelude (`smithy.api#`) that members may target.
fn prelude_shape(shape_id: &str) -> Option<Shape> {
    let name = shape_id.strip_prefix("smithy.api#")?;
    let (kind, primitive) = match name {
        "String" => ("string", false),
        "Blob" => ("blob", false),
        "Boolean" => ("boolean", false),
        "Byte" => ("byte", false),
        "Short" => ("short", false),
        "Integer" => ("integer", false),
        "Long" => ("long", false),
        "Float" => ("float", false),
        "Double" => ("double", false),
        "BigInteger" => ("bigInteger", false),
        "BigDecimal" => ("bigDecimal", false),
        "Timestamp" => ("timestamp", false),
        "Document" => ("document", false),
        "PrimitiveBoolean" => ("boolean", true),
        "PrimitiveByte" => ("byte", true),
        "PrimitiveShort" => ("short", true),
        "PrimitiveInteger" => ("integer", true),
        "PrimitiveLong" => ("long", true),
        "PrimitiveFloat" => ("float", true),
        "PrimitiveDouble" => ("double", true),
        "Unit" => ("structure", false),
        _ => return None,
    };
    let mut traits = serde_json::Map::new();
    if primitive {
        let zero = if kind == "boolean" { serde_json::json!(false) } else { serde_json::json!(0) };
        traits.insert(id::DEFAULT.into(), zero);
    }
    if name == "Unit" {
        traits.insert("smithy.api#unitType".into(), serde_json::json!({}));
    }
    Some(Shape {
        kind: kind.into(),
        members: Vec::new(),
        member: None,
        key: None,
        value: None,
        traits,
        mixins: Vec::new(),
        input: None,
        output: None,
        errors: Vec::new(),
        version: None,
        operations: Vec::new(),
        collection_operations: Vec::new(),
        resources: Vec::new(),
        create: None,
        put: None,
        read: None,
        update: None,
        delete: None,
        list: None,
    })
}

/// How deeply lists and maps may nest without a structure or union in between (real models
/// nest a few levels).
pub const MAX_COLLECTION_NESTING: usize = 64;

/// The resolved model: shapes by id (prelude included, mixins applied).
#[derive(Debug)]
pub struct ShapeIndex {
    /// The model file, for errors.
    pub path: std::path::PathBuf,
    shapes: BTreeMap<String, Shape>,
}

impl ShapeIndex {
    /// Builds the index: adds prelude shapes that are referenced, flattens mixins, and
    /// checks that every member target exists.
    pub fn new(model: Model) -> Result<ShapeIndex> {
        let mut index = ShapeIndex { path: model.path, shapes: model.shapes };
        index.flatten_mixins()?;
        index.check_targets()?;
        index.check_collection_nesting()?;
        index.check_operations()?;
        index.check_traits()?;
        Ok(index)
    }

    fn shape_error(&self, shape: &str, message: impl Into<String>) -> Error {
        Error::Shape { path: self.path.clone(), shape: shape.into(), message: message.into() }
    }

    /// Flattens mixins: mixin members come first (in mixin order), then the shape's own;
    /// the mixin's traits apply unless the shape overrides them.
    fn flatten_mixins(&mut self) -> Result<()> {
        let ids: Vec<String> = self.shapes.iter().filter(|(_, s)| !s.mixins.is_empty()).map(|(id, _)| id.clone()).collect();
        let mut done = BTreeSet::new();
        for shape_id in ids {
            self.flatten_one(&shape_id, &mut Vec::new(), &mut done)?;
        }
        Ok(())
    }

    fn flatten_one(&mut self, shape_id: &str, stack: &mut Vec<String>, done: &mut BTreeSet<String>) -> Result<()> {
        if done.contains(shape_id) {
            return Ok(());
        }
        if stack.iter().any(|s| s == shape_id) {
            stack.push(shape_id.to_owned());
            return Err(self.shape_error(shape_id, format!("mixin cycle: {}", stack.join(" -> "))));
        }
        let Some(shape) = self.shapes.get(shape_id) else {
            let via = stack.last().cloned().unwrap_or_default();
            return Err(self.shape_error(&via, format!("mixin `{shape_id}` does not exist")));
        };
        let mixins: Vec<String> = shape.mixins.iter().map(|m| m.target.clone()).collect();
        stack.push(shape_id.to_owned());
        for mixin in &mixins {
            self.flatten_one(mixin, stack, done)?;
        }
        stack.pop();
        let mut members: Vec<(String, Member)> = Vec::new();
        let mut traits = serde_json::Map::new();
        for mixin in &mixins {
            let m = &self.shapes[mixin];
            for (name, member) in &m.members {
                members.retain(|(n, _)| n != name);
                members.push((name.clone(), member.clone()));
            }
            for (k, v) in &m.traits {
                if k != id::MIXIN {
                    traits.insert(k.clone(), v.clone());
                }
            }
        }
        let Some(shape) = self.shapes.get_mut(shape_id) else {
            return Ok(());
        };
        for (name, member) in std::mem::take(&mut shape.members) {
            match members.iter_mut().find(|(n, _)| *n == name) {
                // A redeclared mixin member keeps the mixin's target and adds its own traits.
                Some((_, inherited)) => inherited.traits.extend(member.traits),
                None => members.push((name, member)),
            }
        }
        shape.members = members;
        traits.extend(std::mem::take(&mut shape.traits));
        shape.traits = traits;
        shape.mixins.clear();
        done.insert(shape_id.to_owned());
        Ok(())
    }

    fn check_targets(&mut self) -> Result<()> {
        let mut prelude = Vec::new();
        for (shape_id, shape) in &self.shapes {
            let members = shape.members.iter().map(|(n, m)| (n.as_str(), m));
            let collection = [("member", &shape.member), ("key", &shape.key), ("value", &shape.value)];
            let collection = collection.into_iter().filter_map(|(n, m)| m.as_ref().map(|m| (n, m)));
            for (name, member) in members.chain(collection) {
                if self.shapes.contains_key(&member.target) {
                    continue;
                }
                match prelude_shape(&member.target) {
                    Some(shape) => prelude.push((member.target.clone(), shape)),
                    None => {
                        return Err(self.shape_error(
                            &format!("{shape_id}${name}"),
                            format!("targets `{}`, which is not defined", member.target),
                        ))
                    }
                }
            }
        }
        if let Some(unit) = prelude_shape("smithy.api#Unit") {
            prelude.push(("smithy.api#Unit".into(), unit));
        }
        for (shape_id, shape) in prelude {
            self.shapes.entry(shape_id).or_insert(shape);
        }
        Ok(())
    }

    /// Lists and maps become anonymous Rust types nested as they are (`Vec<Vec<String>>`),
    /// and the generator walks them recursively. A list or map that contains itself with no
    /// structure or union in between would be an infinite type (Smithy forbids it too), and
    /// nesting deeper than [`MAX_COLLECTION_NESTING`] would exhaust the stack: both are errors
    /// naming the shape. The walk itself is iterative, so it cannot overflow.
    fn check_collection_nesting(&self) -> Result<()> {
        let is_collection = |shape_id: &str| self.shapes.get(shape_id).is_some_and(|s| matches!(s.kind.as_str(), "list" | "set" | "map"));
        let children = |shape_id: &str| -> Vec<&str> {
            let Some(shape) = self.shapes.get(shape_id).filter(|_| is_collection(shape_id)) else { return Vec::new() };
            [&shape.member, &shape.key, &shape.value].into_iter().flatten().map(|m| m.target.as_str()).filter(|t| is_collection(t)).collect()
        };
        // A step of the walk: the collection, its children, and how many are still to visit.
        let step = |shape_id| {
            let kids = children(shape_id);
            let pending = kids.len();
            (shape_id, kids, pending)
        };
        let too_deep = |shape_id: &str| self.shape_error(shape_id, format!("lists and maps nested over the limit of {MAX_COLLECTION_NESTING} deep"));
        // Nesting depth of every collection walked so far (1 for a list of non-collections).
        let mut depth: BTreeMap<&str, usize> = BTreeMap::new();
        for start in self.shapes.keys().map(String::as_str) {
            if depth.contains_key(start) || !is_collection(start) {
                continue;
            }
            // Depth-first: the path from `start`, each step with its children and how many of
            // them are still to visit (taken from the end).
            let mut path: Vec<(&str, Vec<&str>, usize)> = vec![step(start)];
            while let Some((shape_id, kids, pending)) = path.last_mut() {
                let shape_id = *shape_id;
                if *pending > 0 {
                    *pending -= 1;
                    let child = kids[*pending];
                    if depth.contains_key(child) {
                        continue;
                    }
                    if let Some(at) = path.iter().position(|(id, _, _)| *id == child) {
                        let cycle: Vec<&str> = path[at..].iter().map(|(id, _, _)| *id).chain([child]).collect();
                        return Err(self.shape_error(
                            child,
                            format!(
                                "a list or map that contains itself with no structure or union in between ({})",
                                cycle.join(" -> ")
                            ),
                        ));
                    }
                    if path.len() == MAX_COLLECTION_NESTING {
                        return Err(too_deep(start));
                    }
                    path.push(step(child));
                    continue;
                }
                let nested = 1 + kids.iter().map(|c| depth[c]).max().unwrap_or(0);
                if nested > MAX_COLLECTION_NESTING {
                    return Err(too_deep(shape_id));
                }
                depth.insert(shape_id, nested);
                path.pop();
            }
        }
        Ok(())
    }

    /// The kind of shape `shape_id` (prelude shapes included, referenced or not).
    fn kind_of(&self, shape_id: &str) -> Option<String> {
        match self.shapes.get(shape_id) {
            Some(shape) => Some(shape.kind.clone()),
            None => prelude_shape(shape_id).map(|s| s.kind),
        }
    }

    /// Every operation's `input` and `output` target a structure (or `smithy.api#Unit`), and
    /// every `errors` entry of an operation or a service a structure with `@error`.
    fn check_operations(&self) -> Result<()> {
        for (shape_id, shape) in &self.shapes {
            if shape.kind == "operation" {
                for (what, target) in [("input", &shape.input), ("output", &shape.output)] {
                    let Some(target) = target else { continue };
                    let Some(kind) = self.kind_of(&target.target) else {
                        return Err(self.shape_error(
                            shape_id,
                            format!("refers to `{}`, which is not defined", target.target),
                        ));
                    };
                    if kind != "structure" {
                        return Err(self.shape_error(
                            shape_id,
                            format!(
                                "`{what}` targets `{}` (type `{kind}`); an operation's {what} must be a structure",
                                target.target
                            ),
                        ));
                    }
                }
            }
            if !matches!(shape.kind.as_str(), "operation" | "service") {
                continue;
            }
            for (i, error) in shape.errors.iter().enumerate() {
                let problem = match self.shapes.get(&error.target) {
                    Some(e) if e.kind == "structure" && e.traits.has(id::ERROR) => continue,
                    Some(e) if e.kind == "structure" => "a structure without the `smithy.api#error` trait".to_owned(),
                    Some(e) => format!("of type `{}`", e.kind),
                    None => match prelude_shape(&error.target) {
                        Some(p) => format!("of prelude type `{}`", p.kind),
                        None => {
                            return Err(self.shape_error(
                                shape_id,
                                format!("refers to `{}`, which is not defined", error.target),
                            ))
                        }
                    },
                };
                return Err(self.shape_error(
                    shape_id,
                    format!(
                        "`errors[{i}]` targets `{}`, {problem}; errors must be structures with `@error`",
                        error.target
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Checks the values of the traits the generator reads, on every shape and member: an
    /// error names the shape (or `shape$member`) and the trait.
    fn check_traits(&self) -> Result<()> {
        for (shape_id, shape) in &self.shapes {
            self.check_trait_map(shape_id, &shape.traits, shape_id, shape, false)?;
            let members = shape.members.iter().map(|(n, m)| (n.as_str(), m));
            let collection = [("member", &shape.member), ("key", &shape.key), ("value", &shape.value)];
            let collection = collection.into_iter().filter_map(|(n, m)| m.as_ref().map(|m| (n, m)));
            for (name, member) in members.chain(collection) {
                let member_id = format!("{shape_id}${name}");
                // Targets exist (checked before); a missing one is left to the later stages.
                let Some(target) = self.shapes.get(&member.target) else { continue };
                self.check_trait_map(&member_id, &member.traits, &member.target, target, true)?;
                if let Some(value) = member.traits.get(id::ENUM_VALUE) {
                    let found = match shape.kind.as_str() {
                        "enum" => value.is_string(),
                        "intEnum" => value.as_i64().and_then(|v| i32::try_from(v).ok()).is_some(),
                        _ => true,
                    };
                    if !found {
                        let expected = if shape.kind == "enum" { "a string" } else { "a 32-bit integer" };
                        return Err(self.shape_error(
                            &member_id,
                            format!(
                                "trait `{}`: on a member of `{shape_id}` (type `{}`) the value must be {expected}, found {}",
                                id::ENUM_VALUE,
                                shape.kind,
                                describe(value)
                            ),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// Checks the traits of `owner` (a shape, or a member when `on_member`); `target` is the
    /// shape whose values they describe (the shape itself, or the member's target).
    fn check_trait_map(
        &self,
        owner: &str,
        traits: &Map<String, Value>,
        target_id: &str,
        target: &Shape,
        on_member: bool,
    ) -> Result<()> {
        for (trait_id, value) in traits {
            let checked = match trait_id.as_str() {
                id::DEFAULT => self.check_default(value, target_id, target, on_member),
                _ => traits::check_value(trait_id, value),
            };
            checked.map_err(|problem| self.shape_error(owner, format!("trait `{trait_id}`: {problem}")))?;
        }
        Ok(())
    }

    /// A `@default` value must have the type of the shape it is a value of.
    fn check_default(
        &self,
        value: &Value,
        target_id: &str,
        target: &Shape,
        on_member: bool,
    ) -> std::result::Result<(), String> {
        let kind = target.kind.as_str();
        let of = || format!("`{target_id}` (type `{kind}`)");
        let integer_range = match kind {
            "byte" => Some((i64::from(i8::MIN), i64::from(i8::MAX))),
            "short" => Some((i64::from(i16::MIN), i64::from(i16::MAX))),
            "integer" | "intEnum" => Some((i64::from(i32::MIN), i64::from(i32::MAX))),
            "long" => Some((i64::MIN, i64::MAX)),
            _ => None,
        };
        let ok = match (kind, value) {
            // `null` on a member removes the target's default.
            (_, Value::Null) => on_member,
            ("enum", Value::String(_)) | ("string", Value::String(_)) if kind == "enum" || target.traits.contains_key(id::ENUM) => {
                // The default is an enum *value* (`"red"`), not a member name (`RED`).
                if !self.enum_values(target).iter().any(|v| v == value) {
                    return Err(format!("{} has no value {}", of(), describe(value)));
                }
                true
            }
            ("string" | "blob", Value::String(_)) => true,
            ("boolean", Value::Bool(_)) => true,
            ("byte" | "short" | "integer" | "long" | "intEnum", Value::Number(n)) => {
                let (min, max) = integer_range.unwrap_or((i64::MIN, i64::MAX));
                let fits = n.as_i64().is_some_and(|v| (min..=max).contains(&v));
                if fits && kind == "intEnum" && !self.enum_values(target).iter().any(|v| v.as_i64() == n.as_i64()) {
                    return Err(format!("{} has no value {}", of(), describe(value)));
                }
                fits
            }
            ("float" | "double" | "bigDecimal", Value::Number(_)) => true,
            ("float" | "double", Value::String(s)) => matches!(s.as_str(), "NaN" | "Infinity" | "-Infinity"),
            ("bigInteger", Value::Number(n)) => n.is_i64() || n.is_u64(),
            ("timestamp", Value::Number(_) | Value::String(_)) => true,
            ("document", _) => true,
            ("list" | "set", Value::Array(items)) => items.is_empty(),
            ("map", Value::Object(entries)) => entries.is_empty(),
            _ => false,
        };
        if ok {
            return Ok(());
        }
        let expected = match kind {
            _ if value.is_null() => "a value (`null` only removes a default on a member)",
            "string" | "blob" | "enum" => "a string",
            "boolean" => "a boolean",
            "byte" | "short" | "integer" | "long" | "intEnum" => "an integer within the shape's range",
            "bigInteger" => "an integer",
            "float" | "double" | "bigDecimal" => "a number",
            "timestamp" => "a number or a string",
            "list" | "set" => "an empty list",
            "map" => "an empty object",
            _ => return Err(format!("{} cannot have a default value", of())),
        };
        Err(format!("the default for {} must be {expected}, found {}", of(), describe(value)))
    }

    /// The values of an `enum`/`intEnum` shape, or of a string shape with `@enum`.
    fn enum_values(&self, shape: &Shape) -> Vec<Value> {
        if let Some(entries) = shape.traits.get(id::ENUM).and_then(Value::as_array) {
            return entries.iter().filter_map(|e| e.get("value").cloned()).collect();
        }
        shape
            .members
            .iter()
            .map(|(name, m)| m.traits.get(id::ENUM_VALUE).cloned().unwrap_or_else(|| Value::String(name.clone())))
            .collect()
    }

    /// A shape by id; missing shapes are an error naming `from` (the referring shape).
    pub fn get(&self, shape_id: &str, from: &str) -> Result<&Shape> {
        self.shapes
            .get(shape_id)
            .ok_or_else(|| self.shape_error(from, format!("refers to `{shape_id}`, which is not defined")))
    }

    /// Every shape id of the model.
    pub fn ids(&self) -> impl Iterator<Item = &String> {
        self.shapes.keys()
    }

    /// The single service shape of the model.
    pub fn service(&self) -> Result<(&str, &Shape)> {
        let services: Vec<_> = self.shapes.iter().filter(|(_, s)| s.kind == "service").collect();
        match services.as_slice() {
            [(id, shape)] => Ok((id.as_str(), shape)),
            [] => Err(Error::Json { path: self.path.clone(), message: "the model has no service shape".into() }),
            _ => Err(Error::Json {
                path: self.path.clone(),
                message: format!(
                    "the model has {} service shapes; one is supported per model",
                    services.len()
                ),
            }),
        }
    }

    /// The operations bound to the service, directly or through resources, sorted by id.
    pub fn operations(&self, service_id: &str) -> Result<Vec<String>> {
        let mut found = BTreeSet::new();
        let mut seen_resources = BTreeSet::new();
        self.collect_operations(service_id, &mut found, &mut seen_resources)?;
        Ok(found.into_iter().collect())
    }

    fn collect_operations(
        &self,
        container: &str,
        found: &mut BTreeSet<String>,
        seen: &mut BTreeSet<String>,
    ) -> Result<()> {
        let shape = self.get(container, container)?;
        let lifecycle = [&shape.create, &shape.put, &shape.read, &shape.update, &shape.delete, &shape.list];
        let direct = shape.operations.iter().chain(&shape.collection_operations).chain(lifecycle.into_iter().flatten());
        for op in direct {
            let op_shape = self.get(&op.target, container)?;
            if op_shape.kind != "operation" {
                return Err(self.shape_error(container, format!("binds `{}`, which is not an operation", op.target)));
            }
            found.insert(op.target.clone());
        }
        for resource in &shape.resources {
            if seen.insert(resource.target.clone()) {
                self.collect_operations(&resource.target, found, seen)?;
            }
        }
        Ok(())
    }

    /// Every shape reachable from `roots` (each with the shape that refers to it) through
    /// members, sorted by id.
    pub fn closure(&self, roots: &[(String, String)]) -> Result<BTreeSet<String>> {
        let mut reached = BTreeSet::new();
        // (shape id, the shape that refers to it), so a missing shape is reported where used.
        let mut stack: Vec<(String, String)> = roots.to_vec();
        while let Some((shape_id, from)) = stack.pop() {
            if reached.contains(&shape_id) {
                continue;
            }
            let shape = self.get(&shape_id, &from)?;
            reached.insert(shape_id.clone());
            let members = shape.members.iter().map(|(_, m)| m);
            let collection = [&shape.member, &shape.key, &shape.value].into_iter().flatten();
            for member in members.chain(collection) {
                if !reached.contains(&member.target) {
                    stack.push((member.target.clone(), shape_id.clone()));
                }
            }
        }
        Ok(reached)
    }

    /// Members (as `(shape id, member name)`) that must be boxed: direct structure/union
    /// edges on a cycle. Lists and maps already add indirection.
    ///
    /// An edge is on a cycle when both its ends are in one strongly connected component of
    /// the graph of direct edges (Tarjan's algorithm, iterative): linear in the model's size,
    /// where a search from every edge was quadratic (a ring of 3,000 structures took minutes).
    pub fn boxed_members(&self, shapes: &BTreeSet<String>) -> BTreeSet<(String, String)> {
        let direct_edges = |shape_id: &str| -> Vec<(&str, &str)> {
            let Some(shape) = self.shapes.get(shape_id) else { return Vec::new() };
            if !matches!(shape.kind.as_str(), "structure" | "union") {
                return Vec::new();
            }
            shape
                .members
                .iter()
                .filter(|(_, m)| self.shapes.get(&m.target).is_some_and(|t| matches!(t.kind.as_str(), "structure" | "union")))
                .map(|(name, m)| (name.as_str(), m.target.as_str()))
                .collect()
        };
        // Tarjan: discovery index and low link per shape; `component` once assigned.
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut low: HashMap<&str, usize> = HashMap::new();
        let mut component: HashMap<&str, usize> = HashMap::new();
        let mut stack: Vec<&str> = Vec::new();
        let mut on_stack: HashSet<&str> = HashSet::new();
        // The explicit call stack: (shape, its targets, the next target to visit).
        let mut calls: Vec<(&str, Vec<&str>, usize)> = Vec::new();
        for (root, _) in shapes.iter().filter_map(|id| self.shapes.get_key_value(id)) {
            if index.contains_key(root.as_str()) {
                continue;
            }
            let mut visiting = Some(root.as_str());
            loop {
                if let Some(shape_id) = visiting.take() {
                    let n = index.len();
                    index.insert(shape_id, n);
                    low.insert(shape_id, n);
                    stack.push(shape_id);
                    on_stack.insert(shape_id);
                    calls.push((shape_id, direct_edges(shape_id).into_iter().map(|(_, t)| t).collect(), 0));
                }
                let Some((shape_id, targets, next)) = calls.last_mut() else { break };
                let shape_id = *shape_id;
                if let Some(&target) = targets.get(*next) {
                    *next += 1;
                    match index.get(target) {
                        None => visiting = Some(target),
                        Some(&i) if on_stack.contains(target) => {
                            let l = low[shape_id].min(i);
                            low.insert(shape_id, l);
                        }
                        Some(_) => {}
                    }
                    continue;
                }
                calls.pop();
                if let Some((parent, _, _)) = calls.last() {
                    let l = low[parent].min(low[shape_id]);
                    low.insert(parent, l);
                }
                if low[shape_id] == index[shape_id] {
                    let c = component.len();
                    while let Some(member) = stack.pop() {
                        on_stack.remove(member);
                        component.insert(member, c);
                        if member == shape_id {
                            break;
                        }
                    }
                }
            }
        }
        let mut boxed = BTreeSet::new();
        for shape_id in shapes {
            for (member, target) in direct_edges(shape_id) {
                if component.get(shape_id.as_str()).is_some_and(|c| component.get(target) == Some(c)) {
                    boxed.insert((shape_id.clone(), member.to_owned()));
                }
            }
        }
        boxed
    }

    /// Whether the shape carries a trait.
    pub fn shape_has(&self, shape_id: &str, trait_id: &str) -> bool {
        self.shapes.get(shape_id).is_some_and(|s| s.traits.has(trait_id))
    }
}
