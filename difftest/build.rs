//! Writes the glue between the clients of the shared corpora (`clients/registry.rs`) and
//! the harness: for each client with an official crate whose model is in `../shared`
//! (`DIFFTEST_RESTJSON1_DIR` overrides the restJson1 corpus), `$OUT_DIR/glue_<service>.rs` with
//!
//! - `Canon` for every generated type of both clients (ours from `difftest-<service>`, the
//!   official one from `aws-sdk-<service>`), member by member, keyed by member name;
//! - `FromParams` for the types requests carry, filled through their builders;
//! - per operation, `official` and `ours`: the fluent builder filled from params, sent, and
//!   the result in canonical form; and `OPS`, the table of them.
//!
//! Names come from our generator's IR (the library, not its output text); the official
//! crate's names follow smithy-rs's rules, which differ from ours only where
//! [`official_field`] says. Without the corpus nothing is written and
//! `cfg(difftest_restjson1)` stays unset: the difftest skips these services.
//!
//! The waiters' part (`build/waiters.rs`): each client's waiter runs, in its glue or, for a
//! client compared only through its waiters, in `$OUT_DIR/waiters_<service>.rs`; and
//! `$OUT_DIR/waiter_services.rs`, the table of them (`crate::waiters::services`).

use std::fmt::Write as _;
use std::path::PathBuf;

use awsgen::ir::{CrateIr, MemberIr, Module, ShapeKind, StructRole, TypeIr, TypePath};

// `Client::get` is the client crates' lookup, unused here.
#[allow(dead_code)]
#[path = "clients/registry.rs"]
mod registry;
#[path = "build/waiters.rs"]
mod waiters;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(difftest_restjson1)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=build");
    println!("cargo::rerun-if-changed=clients/registry.rs");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let shared_models = manifest.join("../../shared/models");
    let mut missing = Vec::new();
    let mut waiter_services = Vec::new();
    for client in registry::CLIENTS {
        println!("cargo::rerun-if-env-changed={}", client.corpus.env_var());
        let model = client.model_path(&shared_models);
        println!("cargo::rerun-if-changed={}", model.parent().unwrap_or(&model).display());
        if !model.is_file() {
            missing.push((client, model.display().to_string()));
            continue;
        }
        let operations = client.operations(&model).unwrap_or_else(|e| panic!("{}: {e}", client.crate_name()));
        let ir = lower(&model, &client.crate_name(), operations);
        let ours = format!("difftest_{}", client.service);
        let (file, glue) = match client.official {
            Some(official) => {
                println!("cargo::rustc-env=DIFFTEST_MODEL_{}={}", client.service.to_uppercase(), model.display());
                (format!("glue_{}.rs", client.service), Glue { ir: &ir, official, ours: &ours }.file())
            }
            None => (format!("waiters_{}.rs", client.service), waiters::waiters_only_glue(&ir, &ours)),
        };
        let path = out.join(file);
        std::fs::write(&path, glue).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        if !ir.waiters.is_empty() {
            waiter_services.push(client);
        }
    }
    let restjson1_built = !missing.iter().any(|(client, _)| client.official.is_some());
    if restjson1_built {
        println!("cargo::rustc-cfg=difftest_restjson1");
    }
    if !missing.is_empty() {
        let models: Vec<&str> = missing.iter().map(|(_, model)| model.as_str()).collect();
        println!("cargo::warning=difftests of these clients skipped, models missing: {}", models.join(", "));
    }
    // The official-crate services' waiters live in their glue, compiled only if all are built.
    waiter_services.retain(|client| client.official.is_none() || restjson1_built);
    let missing: Vec<&str> = missing.iter().map(|(client, _)| client.service).collect();
    let path = out.join("waiter_services.rs");
    std::fs::write(&path, waiters::index(&waiter_services, &missing))
        .unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// Our generator's IR of the model as the client crate has it: `operations` (`None`: every
/// one) but those it leaves out.
fn lower(model: &std::path::Path, crate_name: &str, operations: Option<Vec<String>>) -> CrateIr {
    let selection = awsgen::Selection { operations };
    let lowered = awsgen::model::Model::load(model)
        .and_then(awsgen::index::ShapeIndex::new)
        .and_then(|index| awsgen::ir::lower(&index, &selection, Some(crate_name)));
    lowered.unwrap_or_else(|e| panic!("lower {}: {e}", model.display()))
}

/// The official crate's field (and setter base) name of a member whose field is `ours`:
/// smithy-rs renames fields that would shadow the methods its structures and errors have.
fn official_field(ours: &str, error: bool) -> String {
    let renamed = match ours {
        "build" | "builder" | "default" => true,
        "meta" | "source" | "code" | "message" if error => ours == "meta",
        _ => false,
    };
    if renamed {
        format!("{ours}_value")
    } else {
        ours.to_owned()
    }
}

struct Glue<'a> {
    ir: &'a CrateIr,
    /// The official crate (`aws_sdk_lambda`).
    official: &'a str,
    /// Our crate (`difftest_lambda`).
    ours: &'a str,
}

impl Glue<'_> {
    fn file(&self) -> String {
        let mut out = String::new();
        writeln!(out, "// @generated by difftest/build.rs from the IR of {}; do not edit.", self.ours).unwrap();
        out.push_str(
            "use serde_json::Value;\n\
             use crate::canon::{opt, put, Built, Canon, FromParams};\n\
             use crate::clients::Outcome;\n\
             use crate::gen::WireResponse;\n\
             use crate::ops::Op;\n\n",
        );
        self.clients(&mut out);
        let nested = self.nested_types();
        for shape in &self.ir.shapes {
            let ours = self.ours_path(&shape.path);
            let officials = self.official_paths(&shape.path, &nested);
            let Some(official) = officials.first().cloned() else { continue };
            match &shape.kind {
                ShapeKind::Struct { members, role } => {
                    if *role == StructRole::Input {
                        continue; // filled through the fluent builder
                    }
                    let error = matches!(role, StructRole::Error(_));
                    self.canon_struct(&mut out, &ours, members, |m| m.field.clone());
                    for official in &officials {
                        self.canon_struct(&mut out, official, members, |m| official_field(&m.field, error));
                    }
                    if shape.json.write && *role == StructRole::Plain {
                        params_filler(&mut out, &ours, members, |m| m.setter.clone());
                        params_filler(&mut out, &official, members, |m| official_field(&m.field, false));
                    }
                }
                ShapeKind::Union(variants) => {
                    for (path, own) in [(&ours, true), (&official, false)] {
                        self.union(&mut out, path, variants, own, shape.json.write);
                    }
                }
                ShapeKind::Enum(_) => {
                    writeln!(out, "crate::string_enum!({ours}, {official});").unwrap();
                }
                ShapeKind::IntEnum(_) => {
                    // The official crate holds intEnums as `i32`; ours is an open enum.
                    writeln!(
                        out,
                        "impl Canon for {ours} {{ fn canon(&self) -> Value {{ Value::from(self.as_i32()) }} }}\n\
                         impl FromParams for {ours} {{ fn from_params(v: &Value) -> Result<Self, String> {{ i32::from_params(v).map(Self::from) }} }}"
                    )
                    .unwrap();
                }
            }
        }
        self.operations(&mut out);
        out.push_str(&waiters::runs(self.ir, self.ours));
        out
    }

    /// The thread's clients of both crates, answering with a given response.
    fn clients(&self, out: &mut String) {
        let (official, ours) = (self.official, self.ours);
        // The official config has the setting only when the model has idempotency tokens.
        let token = if self.ir.operations.iter().any(|o| o.idempotency_token.is_some()) {
            ".idempotency_token_provider(crate::clients::TOKEN)\n"
        } else {
            ""
        };
        writeln!(
            out,
            "thread_local! {{\n\
             static OFFICIAL: ({official}::Client, crate::clients::Replay) = {{\n\
                 let (http_client, replay) = crate::clients::replay_http_client();\n\
                 let config = {official}::Config::builder()\n\
                     .behavior_version({official}::config::BehaviorVersion::latest())\n\
                     .region({official}::config::Region::new(\"us-east-1\"))\n\
                     .credentials_provider({official}::config::Credentials::new(\"AKIDEXAMPLE\", \"difftest-secret\", None, None, \"difftest\"))\n\
                     .http_client(http_client)\n\
                     .retry_config({official}::config::retry::RetryConfig::disabled())\n\
                     {token}\
                     .build();\n\
                 ({official}::Client::from_conf(config), replay)\n\
             }};\n\
             }}\n\n\
             fn official_client(response: &WireResponse) -> ({official}::Client, crate::clients::Capture) {{\n\
                 OFFICIAL.with(|(client, replay)| (client.clone(), replay.answer(response)))\n\
             }}\n\n\
             fn ours_client(response: &WireResponse) -> ({ours}::Client, crate::clients::Sent) {{\n\
                 let (config, sent) = crate::clients::ours_config(response);\n\
                 ({ours}::Client::new(config), sent)\n\
             }}\n"
        )
        .unwrap();
    }

    fn ours_path(&self, path: &TypePath) -> String {
        type_path(self.ours, path)
    }

    /// The official crate's types for one of ours: types and errors by name; an operation's
    /// output as `<Operation>Output` of each operation returning it (ours shares one type
    /// between operations with the same output shape), and by name too if other types hold
    /// it. Inputs have none: they are filled through the fluent builder.
    fn official_paths(&self, path: &TypePath, nested: &[TypePath]) -> Vec<String> {
        let mut out: Vec<String> = self
            .ir
            .operations
            .iter()
            .filter(|o| o.output == *path)
            .map(|o| format!("{}::operation::{}::{}Output", self.official, o.fn_name, o.name))
            .collect();
        match &path.module {
            Module::Types if out.is_empty() || nested.contains(path) => {
                out.push(format!("{}::types::{}", self.official, path.name));
            }
            Module::Error => out.push(format!("{}::types::error::{}", self.official, path.name)),
            _ => {}
        }
        out
    }

    /// The generated types that members of other types hold.
    fn nested_types(&self) -> Vec<TypePath> {
        fn walk(ty: &TypeIr, out: &mut Vec<TypePath>) {
            match ty {
                TypeIr::Named(path, _) => out.push(path.clone()),
                TypeIr::List { member, .. } => walk(member, out),
                TypeIr::Map { key, value, .. } => {
                    walk(key, out);
                    walk(value, out);
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        for shape in &self.ir.shapes {
            match &shape.kind {
                ShapeKind::Struct { members, .. } => members.iter().for_each(|m| walk(&m.ty, &mut out)),
                ShapeKind::Union(variants) => variants.iter().filter_map(|v| v.ty.as_ref()).for_each(|t| walk(t, &mut out)),
                _ => {}
            }
        }
        out
    }

    fn canon_struct(&self, out: &mut String, ty: &str, members: &[MemberIr], field: impl Fn(&MemberIr) -> String) {
        writeln!(out, "impl Canon for {ty} {{\n    fn canon(&self) -> Value {{\n        #[allow(unused_mut)]\n        let mut map = serde_json::Map::new();").unwrap();
        for m in members {
            writeln!(out, "        put(&mut map, {:?}, self.{}.canon());", m.wire, raw(&field(m))).unwrap();
        }
        writeln!(out, "        Value::Object(map)\n    }}\n}}").unwrap();
    }

    fn union(&self, out: &mut String, ty: &str, variants: &[awsgen::ir::VariantIr], own: bool, write: bool) {
        writeln!(out, "impl Canon for {ty} {{\n    fn canon(&self) -> Value {{\n        match self {{").unwrap();
        for v in variants {
            let value = if v.ty.is_some() { "x.canon()" } else { "Value::Null" };
            let bind = if v.ty.is_some() { "(x)" } else { "" };
            writeln!(out, "            {ty}::{}{bind} => serde_json::json!({{ {:?}: {value} }}),", v.variant, v.wire).unwrap();
        }
        if own {
            writeln!(out, "            {ty}::Unknown(name) => serde_json::json!({{ \"$unknown\": name }}),").unwrap();
        }
        writeln!(out, "            #[allow(unreachable_patterns)]\n            _ => serde_json::json!({{ \"$unknown\": null }}),\n        }}\n    }}\n}}").unwrap();
        if write {
            union_from_params(out, ty, variants);
        }
    }

    /// Per operation, both calls; then `OPS`.
    fn operations(&self, out: &mut String) {
        let (official, ours) = (self.official, self.ours);
        let mut table = String::new();
        let mut not_compared = String::new();
        let streams = |path: &TypePath| {
            self.ir.shapes.iter().find(|s| &s.path == path).is_some_and(|s| {
                matches!(&s.kind, ShapeKind::Struct { members, .. } if members.iter().any(|m| matches!(m.ty, TypeIr::Stream { .. })))
            })
        };
        for op in &self.ir.operations {
            let module = &op.fn_name;
            // A streaming request payload is filled from bytes (`FromParams` for both
            // `ByteStream`s) and compared as bytes; a streaming response is not read here.
            if streams(&op.output) {
                writeln!(not_compared, "    ({:?}, \"a streaming response body, which the difftest does not compare yet\"),", op.name).unwrap();
                continue;
            }
            let Some(input) = self.ir.shapes.iter().find(|s| s.path == op.input) else { continue };
            let ShapeKind::Struct { members, .. } = &input.kind else { continue };
            let variants: String = op
                .errors
                .iter()
                .map(|e| format!("E::{0}(x) => ({0:?}, x.canon()),\n", e.variant))
                .collect();
            let official_setters: String =
                members.iter().map(|m| format!(".set_{}(opt(params, {:?})?)", official_field(&m.field, false), m.wire)).collect();
            let ours_setters: String = members.iter().map(|m| format!(".set_{}(opt(params, {:?})?)", m.setter, m.wire)).collect();
            writeln!(
                out,
                "/// `{name}`.\npub mod {module} {{\n\
                 use super::*;\n\
                 /// The official crate's call.\n\
                 #[allow(unused_variables)]\n\
                 pub fn official(params: &Value, response: &WireResponse) -> Outcome {{\n\
                     use {official}::operation::{module}::{name}Error as E;\n\
                     fn variant(e: &E) -> (&'static str, Value) {{ match e {{ {variants} _ => (\"Unhandled\", Value::Null) }} }}\n\
                     let (client, capture) = official_client(response);\n\
                     let fluent = (|| -> Result<_, String> {{ Ok(client.{module}(){official_setters}) }})();\n\
                     let fluent = match fluent {{ Ok(fluent) => fluent, Err(e) => return Outcome::Rejected(e) }};\n\
                     let result = crate::clients::block_on(fluent.send());\n\
                     crate::clients::official_outcome(result, &capture, response, variant)\n\
                 }}\n\
                 /// Our call.\n\
                 #[allow(unused_variables)]\n\
                 pub fn ours(params: &Value, response: &WireResponse) -> Outcome {{\n\
                     use {ours}::error::ProvideErrorMetadata as _;\n\
                     use {ours}::operation::{module}::{name}Error as E;\n\
                     fn variant(e: &E) -> (&'static str, Value) {{ match e {{ {variants} _ => (\"Unhandled\", Value::Null) }} }}\n\
                     let (client, sent) = ours_client(response);\n\
                     let fluent = (|| -> Result<_, String> {{ Ok(client.{module}(){ours_setters}) }})();\n\
                     let fluent = match fluent {{ Ok(fluent) => fluent, Err(e) => return Outcome::Rejected(e) }};\n\
                     let result = crate::clients::block_on(fluent.send());\n\
                     crate::clients::ours_outcome(result, &sent, |o| o.request_id(), variant, E::meta)\n\
                 }}\n\
                 }}",
                name = op.name,
            )
            .unwrap();
            writeln!(table, "    Op {{ name: {:?}, official: Some({module}::official), ours: {module}::ours }},", op.name).unwrap();
        }
        writeln!(out, "/// Every operation our client has.\npub const OPS: &[Op] = &[\n{table}];").unwrap();
        let skipped: String = self.ir.skipped.iter().map(|s| format!("    ({:?}, {:?}),\n", s.name, s.reason)).collect();
        writeln!(
            out,
            "/// The operations not compared, with the reason: those our generator leaves out, and\n\
             /// those with a streaming response body.\npub const SKIPPED: &[(&str, &str)] = &[\n{skipped}{not_compared}];"
        )
        .unwrap();
    }
}

/// The path of a generated type in crate `krate` (`difftest_lambda::types::State`).
fn type_path(krate: &str, path: &TypePath) -> String {
    match &path.module {
        Module::Types => format!("{krate}::types::{}", path.name),
        Module::Error => format!("{krate}::error::{}", path.name),
        Module::Operation(module) => format!("{krate}::operation::{module}::{}", path.name),
    }
}

/// `FromParams` for structure `ty`, member by member through its builder's setters.
fn params_filler(out: &mut String, ty: &str, members: &[MemberIr], setter: impl Fn(&MemberIr) -> String) {
    writeln!(
        out,
        "impl FromParams for {ty} {{\n    #[allow(unused_variables)]\n    fn from_params(v: &Value) -> Result<Self, String> {{\n        let builder = {ty}::builder()"
    )
    .unwrap();
    for m in members {
        writeln!(out, "            .set_{}(opt(v, {:?})?)", setter(m), m.wire).unwrap();
    }
    writeln!(
        out,
        "            ;\n        Built::<{ty}>::into_built(builder.build())\n    }}\n}}\n\
         impl Built<{ty}> for {ty} {{ fn into_built(self) -> Result<{ty}, String> {{ Ok(self) }} }}"
    )
    .unwrap();
}

/// `FromParams` for union `ty`: the variant of the params object's first known key.
fn union_from_params(out: &mut String, ty: &str, variants: &[awsgen::ir::VariantIr]) {
    writeln!(out, "impl FromParams for {ty} {{\n    fn from_params(v: &Value) -> Result<Self, String> {{").unwrap();
    for v in variants {
        let build = if v.ty.is_some() { "(FromParams::from_params(x)?)" } else { "" };
        writeln!(out, "        if let Some(x) = v.get({:?}) {{ let _ = x; return Ok({ty}::{}{build}); }}", v.wire, v.variant).unwrap();
    }
    writeln!(out, "        Err(format!(\"no known member in union: {{v}}\"))\n    }}\n}}").unwrap();
}

/// A field name as Rust text (`r#type`), as our generator writes it.
fn raw(field: &str) -> String {
    awsgen::naming::ident_text(field)
}
