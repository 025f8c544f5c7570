//! Structure-aware: a real model, mutated as the input says, then loaded and generated (load,
//! resolve, IR, emit and render — every file of the crate), each file checked as
//! `common/generate.rs` says (a render error, unparsable output or a name defined twice is a
//! crash, like a panic).
//!
//! Input: 1 byte picks the base model (bit 0: `model/mwaa-serverless.json` or the
//! obstacle-course fixture `codegen/tests/fixtures/obstacle-course.json`) and the operations to
//! generate (bit 1 clear: all; set: the subset that bits 2..8 pick, as `--operations` would),
//! then up to 16 mutations of 6 bytes
//! each: `[kind, shape (2 bytes), x (2 bytes), y]`. `shape` picks the shape to mutate, `x`
//! picks a position inside it (a member, a trait, a JSON value, another shape) and `y` a
//! value from the palettes below. The kinds:
//!
//! 0. drop the shape;
//! 1. retarget a reference (member target, input/output/errors, operations, resources,
//!    mixins, lifecycle operations) to another shape or a prelude shape;
//! 2. change the shape's `type`;
//! 3. delete a trait (of the shape or of one of its members);
//! 4. replace any JSON value inside the shape (a trait value, a rule of the endpoint rule
//!    set, a member, ...) by a hostile value;
//! 5. rename a member (keyword, collision, non-ASCII, empty, ...);
//! 6. rename the shape, updating every reference (name collisions across namespaces, case
//!    collisions, hostile names);
//! 7. add a trait (with a plausible or hostile value) to the shape or one of its members;
//! 8. add a member targeting any shape;
//! 9. replace the shape by a copy of another shape.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use awsgen::Selection;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};

#[path = "../common/generate.rs"]
mod generate;

const TYPES: &[&str] = &[
    "structure",
    "union",
    "list",
    "set",
    "map",
    "string",
    "enum",
    "intEnum",
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
    "boolean",
    "timestamp",
    "document",
    "blob",
    "operation",
    "service",
    "resource",
    "member",
    "apply",
    "",
    "banana",
];

const PRELUDE: &[&str] = &[
    "smithy.api#String",
    "smithy.api#Integer",
    "smithy.api#Long",
    "smithy.api#Boolean",
    "smithy.api#PrimitiveBoolean",
    "smithy.api#PrimitiveInteger",
    "smithy.api#Double",
    "smithy.api#Float",
    "smithy.api#BigDecimal",
    "smithy.api#Timestamp",
    "smithy.api#Blob",
    "smithy.api#Document",
    "smithy.api#Unit",
    "smithy.api#Nope",
    "",
    "#",
    "nonamespace",
];

/// Names for members and shapes: Rust keywords and reserved names, names the generator
/// uses itself, case and separator collisions, and names that are not identifiers at all.
const NAMES: &[&str] = &[
    "",
    "type",
    "Type",
    "self",
    "Self",
    "super",
    "crate",
    "r#type",
    "_",
    "__",
    "_1",
    "0",
    "1abc",
    "a-b",
    "a.b",
    "a b",
    "a#b",
    "a$b",
    "é",
    "日本語",
    "Unknown",
    "Unhandled",
    "Builder",
    "Error",
    "Result",
    "Option",
    "Some",
    "None",
    "String",
    "Vec",
    "Box",
    "Client",
    "Config",
    "Inner",
    "meta",
    "request_id",
    "_request_id",
    "build",
    "builder",
    "default",
    "values",
    "as_str",
    "from",
    "into",
    "send",
    "customize",
    "fmt",
    "Debug",
    "async",
    "await",
    "dyn",
    "try",
    "union",
    "macro_rules",
    "fooBar",
    "FooBar",
    "foo_bar",
    "FOO_BAR",
    "ABCDef",
    "AbcDef",
    "NextToken",
    "MaxResults",
    "Message",
    "message",
    "New",
    "Send",
    "Build",
    "BuildValue",
    "SetFoo",
    "Foo",
    "Retryable",
    "Throttling",
    "ErrorMetadata",
    "Meta",
    "Code",
    "RequestId",
    "Items",
    "Paginator",
    "FluentBuilder",
    "Input",
    "Output",
];

/// Hostile JSON values for trait values and other positions.
fn values(y: u8) -> Value {
    let palette = [
        Value::Null,
        json!(true),
        json!(false),
        json!(0),
        json!(-1),
        json!(1),
        json!(2147483648u64),
        json!(-9223372036854775808i64),
        json!(18446744073709551615u64),
        json!(1e308),
        json!(-1e308),
        json!(0.5),
        json!(""),
        json!("x"),
        json!("*/ /*"),
        json!("\"#]}"),
        json!("<p>doc <code>x</code> <a href=\"u\">l</a> <ul><li>i</li></ul></p>"),
        json!("```rust\nfn main() {}\n```"),
        json!("\\"),
        json!("\u{0}"),
        json!("a\r\nb"),
        json!("\u{202e}rtl"),
        json!("{Region}"),
        json!("NextToken"),
        json!("a.b.c"),
        json!([]),
        json!({}),
        json!([1, "x", null]),
        json!({"min": 5, "max": 1}),
        json!({"min": -1e300, "max": 1e300}),
        json!({"min": 0.5}),
        json!({"value": "A", "name": "B"}),
        json!([{"value": "A", "name": "B"}, {"value": "A"}]),
        json!({"target": "smithy.api#String"}),
        json!({"inputToken": "NextToken", "outputToken": "NextToken", "items": "Items", "pageSize": "MaxResults"}),
        json!({"inputToken": "a.b", "outputToken": "x.y.z", "items": "", "pageSize": "Nope"}),
        json!({"throttling": true}),
        json!({"fn": "booleanEquals", "argv": [{"ref": "Region"}, true]}),
        json!({"ref": "Nope"}),
        json!({"fn": "nope", "argv": []}),
        json!({"type": "endpoint", "conditions": [], "endpoint": {"url": "{Nope}"}}),
        json!({"type": "error", "conditions": [], "error": "e"}),
        json!({"type": "tree", "conditions": [], "rules": []}),
    ];
    palette[usize::from(y) % palette.len()].clone()
}

/// Traits to add, with plausible and hostile values.
fn new_trait(y: u8) -> (&'static str, Value) {
    let palette: &[(&str, Value)] = &[
        ("smithy.api#required", json!({})),
        ("smithy.api#default", json!(0)),
        ("smithy.api#default", json!("")),
        ("smithy.api#default", json!([])),
        ("smithy.api#default", json!({})),
        ("smithy.api#default", json!(true)),
        ("smithy.api#default", json!(1.5)),
        ("smithy.api#default", json!("1970-01-01T00:00:00Z")),
        ("smithy.api#default", json!("not base64!")),
        ("smithy.api#clientOptional", json!({})),
        ("smithy.api#error", json!("client")),
        ("smithy.api#error", json!("server")),
        ("smithy.api#error", json!("bogus")),
        ("smithy.api#httpError", json!(500)),
        ("smithy.api#httpError", json!(-1)),
        ("smithy.api#retryable", json!({"throttling": true})),
        (
            "smithy.api#paginated",
            json!({"inputToken": "NextToken", "outputToken": "NextToken", "items": "Items", "pageSize": "MaxResults"}),
        ),
        (
            "smithy.api#paginated",
            json!({"inputToken": "a.b", "outputToken": "c.d.e", "items": "f.g"}),
        ),
        ("smithy.api#paginated", json!({})),
        ("smithy.api#idempotencyToken", json!({})),
        ("smithy.api#idempotent", json!({})),
        ("smithy.api#readonly", json!({})),
        ("smithy.api#sensitive", json!({})),
        ("smithy.api#sparse", json!({})),
        ("smithy.api#timestampFormat", json!("epoch-seconds")),
        ("smithy.api#timestampFormat", json!("http-date")),
        ("smithy.api#timestampFormat", json!("date-time")),
        ("smithy.api#timestampFormat", json!("bogus")),
        ("smithy.api#length", json!({"min": 3, "max": 1})),
        ("smithy.api#length", json!({"min": -1})),
        ("smithy.api#range", json!({"min": 1e300, "max": -1e300})),
        ("smithy.api#range", json!({"min": "1", "max": "x"})),
        ("smithy.api#enumValue", json!("")),
        ("smithy.api#enumValue", json!(7)),
        (
            "smithy.api#enum",
            json!([{"value": "a"}, {"value": "A"}, {"value": "a-"}, {"value": ""}]),
        ),
        (
            "smithy.api#documentation",
            json!("<p>a */ b <code>`x`</code></p>\n#[doc]"),
        ),
        (
            "smithy.api#deprecated",
            json!({"message": "\"", "since": "x"}),
        ),
        ("smithy.api#streaming", json!({})),
        ("smithy.api#mixin", json!({})),
        ("smithy.api#input", json!({})),
        ("smithy.api#output", json!({})),
        ("smithy.api#jsonName", json!("x y")),
        ("smithy.api#endpoint", json!({"hostPrefix": "{Nope}."})),
        (
            "smithy.api#requestCompression",
            json!({"encodings": ["gzip", "br"]}),
        ),
        ("aws.protocols#awsQueryCompatible", json!({})),
        (
            "aws.protocols#awsQueryError",
            json!({"code": "X", "httpResponseCode": 400}),
        ),
        ("aws.protocols#awsJson1_1", json!({})),
        ("aws.protocols#restJson1", json!({})),
        ("aws.api#service", json!({"sdkId": ""})),
        ("aws.api#service", json!({"sdkId": "Self Type 2"})),
        ("smithy.rules#endpointRuleSet", json!({})),
        (
            "smithy.rules#endpointTests",
            json!({"version": "1.0", "testCases": [{"params": {}, "expect": {"error": "x"}}]}),
        ),
    ];
    let (id, value) = &palette[usize::from(y) % palette.len()];
    (id, value.clone())
}

fn bases() -> &'static [Value; 2] {
    static BASES: OnceLock<[Value; 2]> = OnceLock::new();
    BASES.get_or_init(|| {
        [
            include_bytes!("../../model/mwaa-serverless.json").as_slice(),
            include_bytes!("../../codegen/tests/fixtures/obstacle-course.json").as_slice(),
        ]
        .map(|text| serde_json::from_slice(text).expect("the base models are JSON"))
    })
}

fn pick<T>(items: &[T], n: u16) -> Option<&T> {
    (!items.is_empty()).then(|| &items[usize::from(n) % items.len()])
}

fn mutate(root: &mut Value, op: &[u8]) {
    let [kind, s1, s2, x1, x2, y] = *op else {
        return;
    };
    let (s, x) = (u16::from_be_bytes([s1, s2]), u16::from_be_bytes([x1, x2]));
    let Some(shapes) = root.get_mut("shapes").and_then(Value::as_object_mut) else {
        return;
    };
    let ids: Vec<String> = shapes.keys().cloned().collect();
    let Some(id) = pick(&ids, s).cloned() else {
        return;
    };
    match kind % 10 {
        0 => {
            shapes.remove(&id);
        }
        1 => {
            let mut targets = Vec::new();
            collect_targets(&mut shapes[&id], &mut targets);
            let other = match y % 4 {
                0 => PRELUDE[usize::from(x) % PRELUDE.len()].to_owned(),
                _ => ids[usize::from(x) % ids.len()].clone(),
            };
            let n = usize::from(y) / 4;
            if !targets.is_empty() {
                let i = n % targets.len();
                *targets.swap_remove(i) = Value::String(other);
            }
        }
        2 => {
            if let Some(shape) = shapes[&id].as_object_mut() {
                shape.insert("type".into(), TYPES[usize::from(y) % TYPES.len()].into());
            }
        }
        3 => {
            let mut traits = Vec::new();
            collect_traits(&shapes[&id], String::new(), &mut traits);
            if let Some((pointer, key)) = pick(&traits, x) {
                if let Some(map) = shapes[&id]
                    .pointer_mut(pointer)
                    .and_then(Value::as_object_mut)
                {
                    map.remove(key);
                }
            }
        }
        4 => {
            let mut pointers = Vec::new();
            collect_pointers(&shapes[&id], String::new(), &mut pointers);
            if let Some(pointer) = pick(&pointers, x) {
                if let Some(v) = shapes[&id].pointer_mut(pointer) {
                    *v = values(y);
                }
            }
        }
        5 => {
            let Some(members) = shapes[&id]
                .get_mut("members")
                .and_then(Value::as_object_mut)
            else {
                return;
            };
            let keys: Vec<String> = members.keys().cloned().collect();
            let Some(old) = pick(&keys, x) else { return };
            let new = NAMES[usize::from(y) % NAMES.len()];
            // Rebuild to keep the member order.
            let renamed: Map<String, Value> = std::mem::take(members)
                .into_iter()
                .map(|(k, v)| {
                    if k == *old {
                        (new.to_owned(), v)
                    } else {
                        (k, v)
                    }
                })
                .collect();
            *members = renamed;
        }
        6 => {
            let (namespace, name) = id.split_once('#').unwrap_or(("", &id));
            let other = &ids[usize::from(x) % ids.len()];
            let other_name = other.split_once('#').map_or(other.as_str(), |(_, n)| n);
            let new = match y % 6 {
                0 => format!("{namespace}#{}", name.to_lowercase()),
                1 => format!("{namespace}#{}", name.to_uppercase()),
                // Same name as another shape, in another namespace.
                2 => format!("other.ns#{other_name}"),
                3 => format!("{namespace}#{other_name}_"),
                4 => format!("{namespace}.nested#{name}"),
                _ => format!("{namespace}#{}", NAMES[usize::from(y / 6) % NAMES.len()]),
            };
            if shapes.contains_key(&new) {
                return;
            }
            let shape = shapes.remove(&id).expect("picked from the keys");
            shapes.insert(new.clone(), shape);
            replace_strings(root, &id, &new);
        }
        7 => {
            let mut holders = vec![String::new()];
            if let Some(members) = shapes[&id].get("members").and_then(Value::as_object) {
                holders.extend(members.keys().map(|k| format!("/members/{}", escape(k))));
            }
            for single in ["member", "key", "value"] {
                if shapes[&id].get(single).is_some() {
                    holders.push(format!("/{single}"));
                }
            }
            let holder = &holders[usize::from(x) % holders.len()];
            let (trait_id, value) = new_trait(y);
            let Some(object) = shapes[&id]
                .pointer_mut(holder)
                .and_then(Value::as_object_mut)
            else {
                return;
            };
            let traits = object.entry("traits").or_insert_with(|| json!({}));
            if let Some(traits) = traits.as_object_mut() {
                traits.insert(trait_id.to_owned(), value);
            }
        }
        8 => {
            let Some(shape) = shapes[&id].as_object_mut() else {
                return;
            };
            let target = ids[usize::from(x) % ids.len()].clone();
            let name = NAMES[usize::from(y) % NAMES.len()];
            let members = shape.entry("members").or_insert_with(|| json!({}));
            if let Some(members) = members.as_object_mut() {
                members.insert(name.to_owned(), json!({ "target": target }));
            }
        }
        _ => {
            let other = &ids[usize::from(x) % ids.len()];
            let copy = shapes[other].clone();
            shapes.insert(id, copy);
        }
    }
}

/// Every shape reference inside a shape (`{"target": ...}` outside of trait values).
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

/// JSON pointer escaping of one path segment.
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Every trait of the shape and of its members: (pointer to the traits object, trait id).
fn collect_traits(value: &Value, pointer: String, out: &mut Vec<(String, String)>) {
    let Value::Object(map) = value else { return };
    for (key, v) in map {
        let here = format!("{pointer}/{}", escape(key));
        if key == "traits" {
            if let Value::Object(traits) = v {
                out.extend(traits.keys().map(|k| (here.clone(), k.clone())));
            }
        } else {
            collect_traits(v, here, out);
        }
    }
}

/// Pointers to every value inside the shape (not the shape itself).
fn collect_pointers(value: &Value, pointer: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let here = format!("{pointer}/{}", escape(key));
                out.push(here.clone());
                collect_pointers(v, here, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let here = format!("{pointer}/{i}");
                out.push(here.clone());
                collect_pointers(v, here, out);
            }
        }
        _ => {}
    }
}

/// Replaces every string equal to `old` (shape references) by `new`.
fn replace_strings(value: &mut Value, old: &str, new: &str) {
    match value {
        Value::String(s) if s == old => *s = new.to_owned(),
        Value::Object(map) => map.values_mut().for_each(|v| replace_strings(v, old, new)),
        Value::Array(items) => items.iter_mut().for_each(|v| replace_strings(v, old, new)),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&base, ops)) = data.split_first() else {
        return;
    };
    let mut root = bases()[usize::from(base) % 2].clone();
    for op in ops.chunks_exact(6).take(16) {
        mutate(&mut root, op);
    }
    let text = serde_json::to_vec(&root).expect("serializable");
    // `AWSGEN_FUZZ_DUMP=file`: write the mutated model (to reproduce a crash outside the
    // fuzzer, or to turn it into a regression test).
    if let Some(dump) = std::env::var_os("AWSGEN_FUZZ_DUMP") {
        let pretty = serde_json::to_vec_pretty(&root).expect("serializable");
        std::fs::write(dump, pretty).expect("AWSGEN_FUZZ_DUMP is writable");
    }
    let path = Path::new("fuzz/mutated.json");
    if let Some(model) = generate::load(path, &text) {
        generate::generate_and_check(model, &generate::settings(path, selection(base, &root)));
    }
});

/// All operations when bit 1 of `base` is clear; otherwise the operations (by shape name, as
/// `--operations` takes them) whose position modulo 6 is set in bits 2..8 — possibly none.
fn selection(base: u8, root: &Value) -> Selection {
    if base & 2 == 0 {
        return Selection::default();
    }
    let mask = base >> 2;
    let names = root["shapes"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, shape)| shape["type"] == "operation")
        .map(|(id, _)| awsgen::model::shape_name(id).to_owned());
    let operations = names
        .enumerate()
        .filter(|(i, _)| mask & (1 << (i % 6)) != 0)
        .map(|(_, n)| n);
    Selection {
        operations: Some(operations.collect()),
    }
}
