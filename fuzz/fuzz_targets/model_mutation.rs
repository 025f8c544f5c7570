//! Structure-aware: the real MWAA Serverless model, mutated as the input says (drop a shape,
//! retarget a member, change a type string, delete a trait), then generated. Each mutation
//! takes 4 input bytes: kind, shape index (2 bytes), choice.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use awsgen::model::Model;
use awsgen::{ManifestSettings, Selection, Settings};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const TYPES: &[&str] = &[
    "structure",
    "union",
    "list",
    "map",
    "string",
    "enum",
    "intEnum",
    "integer",
    "long",
    "boolean",
    "timestamp",
    "document",
    "blob",
    "operation",
    "service",
    "resource",
    "banana",
];

fn model() -> &'static Value {
    static MODEL: OnceLock<Value> = OnceLock::new();
    MODEL.get_or_init(|| {
        let text = include_bytes!("../../model/mwaa-serverless.json");
        serde_json::from_slice(text).expect("the shipped model is JSON")
    })
}

fn mutate(root: &mut Value, op: [u8; 4]) {
    let Some(shapes) = root.get_mut("shapes").and_then(Value::as_object_mut) else {
        return;
    };
    let ids: Vec<String> = shapes.keys().cloned().collect();
    if ids.is_empty() {
        return;
    }
    let id = &ids[usize::from(u16::from_be_bytes([op[1], op[2]])) % ids.len()];
    let other = ids[usize::from(op[3]) % ids.len()].clone();
    match op[0] % 4 {
        0 => {
            shapes.remove(id);
        }
        1 => {
            let Some(shape) = shapes.get_mut(id) else {
                return;
            };
            let mut targets = Vec::new();
            collect_targets(shape, &mut targets);
            if !targets.is_empty() {
                let n = usize::from(op[3]) % targets.len();
                *targets.swap_remove(n) = Value::String(other);
            }
        }
        2 => {
            if let Some(shape) = shapes.get_mut(id).and_then(Value::as_object_mut) {
                shape.insert(
                    "type".into(),
                    Value::String(TYPES[usize::from(op[3]) % TYPES.len()].into()),
                );
            }
        }
        _ => {
            let Some(shape) = shapes.get_mut(id) else {
                return;
            };
            let mut traits = Vec::new();
            collect_traits(shape, &mut traits);
            if !traits.is_empty() {
                let (map, key) = traits.swap_remove(usize::from(op[3]) % traits.len());
                map.remove(&key);
            }
        }
    }
}

fn collect_targets<'a>(value: &'a mut Value, out: &mut Vec<&'a mut Value>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if key == "target" && v.is_string() {
                    out.push(v);
                } else if key != "traits" {
                    collect_targets(v, out);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| collect_targets(v, out)),
        _ => {}
    }
}

fn collect_traits<'a>(
    value: &'a mut Value,
    out: &mut Vec<(&'a mut serde_json::Map<String, Value>, String)>,
) {
    let Value::Object(map) = value else { return };
    let mut nested = Vec::new();
    for (key, v) in map.iter_mut() {
        if key == "traits" {
            if let Value::Object(traits) = v {
                let keys: Vec<String> = traits.keys().cloned().collect();
                if let Some(k) = keys.first() {
                    out.push((traits, k.clone()));
                }
            }
        } else {
            nested.push(v);
        }
    }
    for v in nested {
        collect_traits(v, out);
    }
}

fuzz_target!(|data: &[u8]| {
    let mut root = model().clone();
    for op in data.chunks_exact(4).take(16) {
        mutate(&mut root, [op[0], op[1], op[2], op[3]]);
    }
    let text = serde_json::to_vec(&root).expect("serializable");
    let path = Path::new("fuzz/mutated.json");
    let Ok(model) = Model::from_slice(path, &text) else {
        return;
    };
    let settings = Settings {
        model: path.to_owned(),
        selection: Selection::default(),
        crate_name: None,
        manifest: ManifestSettings {
            runtime_dependency: "{ path = \"../runtime\" }".into(),
            extra: String::new(),
        },
    };
    let _ = awsgen::generate_from_model(model, &settings);
});
