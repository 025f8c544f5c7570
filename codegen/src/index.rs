//! Stage 2, resolve: a shape index over the loaded model with the Smithy prelude built in,
//! mixins flattened, the service's operations found (directly and through resources), the
//! closure of shapes the selected operations reach, and the members that need boxing.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Error, Result};
use crate::model::traits::{id, Traits};
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
    pub fn boxed_members(&self, shapes: &BTreeSet<String>) -> BTreeSet<(String, String)> {
        let direct_edges = |shape_id: &str| -> Vec<(String, String)> {
            let Some(shape) = self.shapes.get(shape_id) else { return Vec::new() };
            if !matches!(shape.kind.as_str(), "structure" | "union") {
                return Vec::new();
            }
            shape
                .members
                .iter()
                .filter(|(_, m)| self.shapes.get(&m.target).is_some_and(|t| matches!(t.kind.as_str(), "structure" | "union")))
                .map(|(name, m)| (name.clone(), m.target.clone()))
                .collect()
        };
        let mut boxed = BTreeSet::new();
        for shape_id in shapes {
            for (member, target) in direct_edges(shape_id) {
                // The edge is on a cycle if `shape_id` is reachable again from `target`.
                let mut seen = BTreeSet::new();
                let mut stack = vec![target.clone()];
                while let Some(current) = stack.pop() {
                    if current == *shape_id {
                        boxed.insert((shape_id.clone(), member.clone()));
                        break;
                    }
                    if seen.insert(current.clone()) {
                        stack.extend(direct_edges(&current).into_iter().map(|(_, t)| t));
                    }
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
