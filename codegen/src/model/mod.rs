//! Stage 1, load: the Smithy JSON AST read into typed structures.
//!
//! Shapes are kept close to the AST; traits stay raw JSON here and are read through
//! [`traits`] helpers where the generator uses them.

pub mod traits;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// A reference to another shape: `{"target": "ns#Name"}`.
#[derive(Clone, Debug, Deserialize)]
pub struct Target {
    /// The absolute shape id.
    pub target: String,
}

/// A member of an aggregate shape.
#[derive(Clone, Debug, Deserialize)]
pub struct Member {
    /// The targeted shape id.
    pub target: String,
    /// The member's traits.
    #[serde(default)]
    pub traits: Map<String, Value>,
}

/// One shape of the model, as in the JSON AST.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shape {
    /// `structure`, `string`, `operation`, ...
    #[serde(rename = "type")]
    pub kind: String,
    /// Members of structures, unions, enums and intEnums, in model order.
    #[serde(default)]
    pub members: Vec<(String, Member)>,
    /// The member of a list.
    pub member: Option<Member>,
    /// The key of a map.
    pub key: Option<Member>,
    /// The value of a map.
    pub value: Option<Member>,
    /// Traits.
    #[serde(default)]
    pub traits: Map<String, Value>,
    /// Mixins applied to this shape.
    #[serde(default)]
    pub mixins: Vec<Target>,
    /// Operation input.
    pub input: Option<Target>,
    /// Operation output.
    pub output: Option<Target>,
    /// Operation or service errors.
    #[serde(default)]
    pub errors: Vec<Target>,
    /// Service version.
    pub version: Option<String>,
    /// Operations bound to a service or resource.
    #[serde(default)]
    pub operations: Vec<Target>,
    /// Collection operations of a resource.
    #[serde(default)]
    pub collection_operations: Vec<Target>,
    /// Resources bound to a service or resource.
    #[serde(default)]
    pub resources: Vec<Target>,
    /// Resource lifecycle operations.
    pub create: Option<Target>,
    /// Resource lifecycle operations.
    pub put: Option<Target>,
    /// Resource lifecycle operations.
    pub read: Option<Target>,
    /// Resource lifecycle operations.
    pub update: Option<Target>,
    /// Resource lifecycle operations.
    pub delete: Option<Target>,
    /// Resource lifecycle operations.
    pub list: Option<Target>,
}

/// A loaded model: every shape by absolute id.
#[derive(Debug)]
pub struct Model {
    /// Where the model came from (for error messages).
    pub path: PathBuf,
    /// Shapes by id, sorted for deterministic output.
    pub shapes: BTreeMap<String, Shape>,
}

/// The largest model file [`Model::load`] reads: 256 MiB. The largest AWS models are a few
/// MiB; anything far bigger is not a model, and reading it would only exhaust memory (the
/// parsed JSON takes several times the file's size).
pub const MAX_MODEL_BYTES: u64 = 256 * 1024 * 1024;

impl Model {
    /// Reads and parses a model file. Files over [`MAX_MODEL_BYTES`] are refused before
    /// anything is read (their size comes from the file's metadata).
    pub fn load(path: &Path) -> Result<Model> {
        let io_error = |source| Error::Io { path: path.to_owned(), source };
        let file = std::fs::File::open(path).map_err(io_error)?;
        let size = file.metadata().map_err(io_error)?.len();
        if size > MAX_MODEL_BYTES {
            return Err(Error::Json {
                path: path.to_owned(),
                message: format!(
                    "the file is {size} bytes, over the {MAX_MODEL_BYTES}-byte limit for model files (256 MiB)"
                ),
            });
        }
        let mut text = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        // Read at most one byte past the limit, in case the file grows while it is read.
        std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_MODEL_BYTES + 1), &mut text)
            .map_err(io_error)?;
        if text.len() as u64 > MAX_MODEL_BYTES {
            return Err(Error::Json {
                path: path.to_owned(),
                message: format!("the file grew over the {MAX_MODEL_BYTES}-byte limit for model files while being read"),
            });
        }
        Self::from_slice(path, &text)
    }

    /// Parses a model from JSON text; `path` is used in error messages.
    pub fn from_slice(path: &Path, text: &[u8]) -> Result<Model> {
        let json_error = |message: String| Error::Json { path: path.to_owned(), message };
        let root: Value = serde_json::from_slice(text).map_err(|e| json_error(e.to_string()))?;
        let Some(root) = root.as_object() else {
            return Err(json_error("the top level must be an object".into()));
        };
        match root.get("smithy").and_then(Value::as_str) {
            Some(v) if v.starts_with('2') || v.starts_with('1') => {}
            Some(v) => return Err(json_error(format!("unsupported Smithy version `{v}`"))),
            None => return Err(json_error("missing `smithy` version at the top level".into())),
        }
        let Some(raw_shapes) = root.get("shapes").and_then(Value::as_object) else {
            return Err(json_error("missing `shapes` object at the top level".into()));
        };
        let mut shapes = BTreeMap::new();
        for (id, raw) in raw_shapes {
            if !id.contains('#') {
                return Err(Error::Shape {
                    path: path.to_owned(),
                    shape: id.clone(),
                    message: "shape ids must be absolute (`namespace#Name`)".into(),
                });
            }
            let shape = parse_shape(raw).map_err(|message| Error::Shape {
                path: path.to_owned(),
                shape: id.clone(),
                message,
            })?;
            shapes.insert(id.clone(), shape);
        }
        Ok(Model { path: path.to_owned(), shapes })
    }
}

/// Members are an object in the AST; keep their order, which serde's map would not promise.
fn parse_shape(raw: &Value) -> std::result::Result<Shape, String> {
    let Some(object) = raw.as_object() else {
        return Err("a shape must be a JSON object".into());
    };
    let mut without_members = object.clone();
    let members = without_members.remove("members");
    let mut shape: Shape = serde_json::from_value(Value::Object(without_members)).map_err(|e| e.to_string())?;
    if let Some(members) = members {
        let Some(members) = members.as_object() else {
            return Err("`members` must be an object".into());
        };
        for (name, member) in members {
            let member: Member =
                serde_json::from_value(member.clone()).map_err(|e| format!("member `{name}`: {e}"))?;
            shape.members.push((name.clone(), member));
        }
    }
    Ok(shape)
}

/// The name part of a shape id: `com.example#Foo` → `Foo`.
pub fn shape_name(id: &str) -> &str {
    let name = id.rsplit_once('#').map_or(id, |(_, name)| name);
    name.split_once('$').map_or(name, |(shape, _)| shape)
}
