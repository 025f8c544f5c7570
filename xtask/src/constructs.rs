//! `cargo xtask constructs [DIR...]`: the inventory of what Smithy models use — every trait,
//! trait value the generator branches on, shape kind and name pattern — with how many models
//! of each directory use it (by default the two shared corpora and the test fixtures) and
//! what the generator does with it. `--out FILE` writes the
//! Markdown (`codegen/CONSTRUCTS.md`), `--check FILE` fails if FILE differs from it; without
//! either the Markdown goes to standard output.
//!
//! What the generator does with each trait is the table [`trait_handling`] below; a trait it
//! does not list shows as "not classified yet" and fails the `--ignored` test
//! `every_trait_of_the_corpora_is_classified`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use awsgen::model::{Model, Shape};
use awsgen::naming;

use crate::codegen::{json_models, workspace_root};

/// What the generator does with a trait, as a sentence; `None` for a trait not classified.
pub fn trait_handling(trait_id: &str) -> Option<&'static str> {
    const USED: &[(&str, &str)] = &[
        ("aws.api#service", "used: `sdkId` names the crate and the `SdkConfig` service"),
        ("aws.auth#sigv4", "used: the SigV4 signing name"),
        ("aws.protocols#awsJson1_0", "used: selects the awsJson 1.0 protocol"),
        ("aws.protocols#awsJson1_1", "used: selects the awsJson 1.1 protocol"),
        ("aws.protocols#awsQueryCompatible", "used: the query-mode header, error codes from `x-amzn-query-error`"),
        ("aws.protocols#awsQueryError", "used: the error's code in query-compatible responses"),
        ("smithy.api#clientOptional", "used: the member is an `Option` whatever its `@default`"),
        ("smithy.api#default", "used: the zero value of non-optional members (checked against the target)"),
        ("smithy.api#deprecated", "used: `#[deprecated]` on fields, operations and setters"),
        ("smithy.api#documentation", "used: rustdoc (HTML turned into Markdown)"),
        ("smithy.api#endpoint", "used: the `hostPrefix` (with `@hostLabel` members) of the request host"),
        ("smithy.api#enum", "used: Smithy 1.0 string enums become open Rust enums"),
        ("smithy.api#enumValue", "used: enum and intEnum values"),
        ("smithy.api#error", "used: modeled errors and their fault (client/server)"),
        ("smithy.api#httpError", "used: the error's HTTP status (error builders, stubs)"),
        ("smithy.api#idempotencyToken", "used: filled with a fresh UUID when unset; makes the operation retry-safe"),
        ("smithy.api#idempotent", "used: the operation is retried after transient failures"),
        ("smithy.api#input", "used: marks operation inputs (all members optional in builders)"),
        ("smithy.api#length", "used: checked by `build()`"),
        ("smithy.api#mixin", "used: mixins are flattened into the shapes that use them"),
        ("smithy.api#output", "used: marks operation outputs (lenient builders, request id)"),
        ("smithy.api#paginated", "used: paginators (string, map or enum tokens); one it cannot build is left out, the operation stays"),
        ("smithy.api#pattern", "used: stated in the docs and reported by `awsgen diff`; not validated client-side, as the official SDKs do not"),
        ("smithy.api#range", "used: checked by `build()`"),
        ("smithy.api#readonly", "used: the operation is retried after transient failures"),
        ("smithy.api#requestCompression", "used: gzip request bodies"),
        ("smithy.api#httpChecksumRequired", "used: the request carries `Content-MD5` of its body (after compression)"),
        ("smithy.api#required", "used: checked by `build()`; missing in responses is corrected to the zero value"),
        ("smithy.api#retryable", "used: retry classification (and throttling)"),
        ("smithy.api#sensitive", "used: redacted in `Debug` and traces"),
        ("smithy.api#sparse", "used: `Option` values in lists and maps"),
        ("smithy.api#streaming", "used for blobs: a restJson1 `@httpPayload` streaming blob is the runtime's `ByteStream` (request bodies from bytes, a file or a stream; response bodies read as they arrive). Unsupported for event streams (unions): their operations are left out, with the reason in the crate docs"),
        ("smithy.api#timestampFormat", "used: `date-time`, `epoch-seconds`, `http-date`; another value leaves out the operations reaching it"),
        ("smithy.api#title", "used: the crate's documentation title"),
        ("smithy.rules#endpointRuleSet", "used: compiled to the endpoint resolver; one it cannot compile (unknown function, ...) is left out, callers set an endpoint URL"),
        ("smithy.rules#endpointTests", "used: generated endpoint tests (when the resolver is)"),
        ("smithy.test#httpRequestTests", "used: generated protocol tests"),
        ("smithy.test#httpResponseTests", "used: generated protocol tests"),
        ("smithy.api#jsonName", "used in restJson1: the member's key in JSON bodies, payloads and errors; ignored on purpose for awsJson, which does not use it"),
        ("smithy.api#mediaType", "used in restJson1: the `Content-Type` of a blob or string payload; a string header travels in base64. Otherwise a string or blob whatever its media type"),
        ("aws.protocols#restJson1", "used: the protocol (HTTP bindings, JSON bodies, streaming blob payloads); event-stream operations are left out"),
        ("smithy.api#http", "used in restJson1: method and URI pattern (labels, greedy labels, literal query); an operation without it is left out. Ignored for awsJson (always `POST /`)"),
        ("smithy.api#httpHeader", "used in restJson1: a header, lists joined and quoted, timestamps http-date by default; ignored for awsJson"),
        ("smithy.api#httpLabel", "used in restJson1: a percent-encoded URI label, timestamps date-time by default; ignored for awsJson"),
        ("smithy.api#httpQuery", "used in restJson1: a query parameter (lists repeat it), timestamps date-time by default; ignored for awsJson"),
        ("smithy.api#httpQueryParams", "used in restJson1: a map of query parameters, `@httpQuery` members win; ignored for awsJson"),
        ("smithy.api#httpPayload", "used in restJson1: the body is the member (blob, string, enum, structure, union, document; another kind leaves the operation out); ignored for awsJson"),
        ("smithy.api#httpPrefixHeaders", "used in restJson1: a map of headers with the prefix, `@httpHeader` members win; ignored for awsJson"),
        ("smithy.api#httpResponseCode", "used in restJson1: the response's status; ignored for awsJson"),
    ];
    const IGNORED: &[(&str, &str)] = &[
        ("smithy.api#uniqueItems", "ignored on purpose: a list (`Vec`); uniqueness is the caller's, as in the official SDKs"),
        ("smithy.api#addedDefault", "ignored on purpose: only says `@default` was added later; the default itself is used"),
        ("smithy.api#examples", "ignored on purpose: documentation examples"),
        ("smithy.api#externalDocumentation", "ignored on purpose: links only"),
        ("smithy.api#suppress", "ignored on purpose: model validation only"),
        ("smithy.api#tags", "ignored on purpose: model organisation only"),
        ("smithy.api#unstable", "ignored on purpose: no API stability marker in the crate"),
        ("smithy.api#recommended", "ignored on purpose: model guidance only"),
        ("smithy.api#private", "ignored on purpose: model visibility only"),
        ("smithy.api#idRef", "ignored on purpose: model validation only"),
        ("smithy.api#trait", "ignored on purpose: trait definitions"),
        ("smithy.api#references", "ignored on purpose: resource relations, no client code"),
        ("smithy.api#resourceIdentifier", "ignored on purpose: resource relations, no client code"),
        ("smithy.api#noReplace", "ignored on purpose: resource lifecycle, no client code"),
        ("smithy.api#notProperty", "ignored on purpose: resource properties, no client code"),
        ("smithy.api#property", "ignored on purpose: resource properties, no client code"),
        ("smithy.api#nestedProperties", "ignored on purpose: resource properties, no client code"),
        ("smithy.api#hostLabel", "used through `@endpoint`: the member names a `{label}` of the host prefix"),
        ("smithy.api#cors", "ignored on purpose: browser (CORS) settings of the service"),
        ("smithy.api#auth", "used: an empty list (no authentication) sends the operation unsigned, without asking for credentials; otherwise SigV4, the only scheme the runtime signs with"),
        ("smithy.api#optionalAuth", "used: signed when credentials are available, else sent unsigned"),
        ("smithy.api#httpBearerAuth", "ignored (gap): bearer-token auth is not supported"),
        ("aws.auth#unsignedPayload", "used: the signature covers `UNSIGNED-PAYLOAD` instead of the payload's hash, said in `x-amz-content-sha256`"),
        ("aws.api#arn", "ignored on purpose: ARN templates, no client code"),
        ("aws.api#arnReference", "ignored on purpose: ARN references, no client code"),
        ("aws.api#controlPlane", "ignored on purpose: a hint for tooling"),
        ("aws.api#dataPlane", "ignored on purpose: a hint for tooling"),
        ("aws.api#data", "ignored on purpose: data classification, no client code"),
        ("aws.api#tagEnabled", "ignored on purpose: tagging metadata"),
        ("aws.api#taggable", "ignored on purpose: tagging metadata"),
        ("aws.api#clientEndpointDiscovery", "ignored (gap): endpoint discovery is not performed; requests go to the resolved endpoint, which the services accept"),
        ("aws.api#clientDiscoveredEndpoint", "ignored (gap): see `aws.api#clientEndpointDiscovery`"),
        ("aws.endpoints#dualStackOnlyEndpoints", "ignored on purpose: the endpoint rule set decides"),
        ("aws.endpoints#rulesBasedEndpoints", "ignored on purpose: the endpoint rule set decides"),
        ("aws.endpoints#standardPartitionalEndpoints", "ignored on purpose: the endpoint rule set decides"),
        ("aws.endpoints#standardRegionalEndpoints", "ignored on purpose: the endpoint rule set decides"),
        ("smithy.rules#contextParam", "used: the input member, when set, is the endpoint parameter for that call"),
        ("smithy.rules#staticContextParams", "used: the operation's constants are endpoint parameters of its calls"),
        ("smithy.rules#clientContextParams", "ignored (gap): service-specific client settings are not endpoint parameters"),
        ("smithy.test#smokeTests", "ignored on purpose: smoke tests need real credentials"),
        ("smithy.waiters#waitable", "used: `Client::wait_until_...` per waiter, JMESPath compiled to Rust; a waiter outside the supported subset is left out with the reason"),
        ("smithy.protocols#rpcv2Cbor", "ignored: the service's awsJson protocol is used"),
        ("smithy.api#eventPayload", "unsupported: event streams (their operations are left out)"),
        ("smithy.api#requiresLength", "used: a request stream of unknown length for such a member fails before sending"),
        ("smithy.api#xmlName", "ignored on purpose: XML protocols only"),
        ("smithy.api#xmlNamespace", "ignored on purpose: XML protocols only"),
        ("smithy.api#xmlFlattened", "ignored on purpose: XML protocols only"),
        ("smithy.api#xmlAttribute", "ignored on purpose: XML protocols only"),
    ];
    if let Some(aws_doc) = trait_id.strip_prefix("aws.") {
        // Resource and IAM metadata: CloudFormation and IAM tooling, no client code.
        if aws_doc.starts_with("cloudformation#") || aws_doc.starts_with("iam#") {
            return Some("ignored on purpose: CloudFormation/IAM metadata, no client code");
        }
    }
    USED.iter().chain(IGNORED).find(|(id, _)| *id == trait_id).map(|(_, what)| *what)
}

/// What one directory of models uses: construct → models using it.
#[derive(Default)]
struct Usage {
    models: usize,
    by_construct: BTreeMap<(Section, String), BTreeSet<String>>,
}

/// The inventory's sections, in document order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    Trait,
    TraitValue,
    ShapeKind,
    Name,
}

impl Section {
    fn title(self) -> &'static str {
        match self {
            Section::Trait => "Traits",
            Section::TraitValue => "Trait values the generator branches on",
            Section::ShapeKind => "Shape kinds",
            Section::Name => "Name patterns",
        }
    }
}

/// What the generator does with a shape kind.
fn kind_handling(kind: &str) -> &'static str {
    match kind {
        "structure" => "a struct with a builder",
        "union" => "an open enum (`Unknown` variant) with one variant per member",
        "enum" => "an open string enum (`Unknown(String)` variant)",
        "intEnum" => "an open integer enum",
        "list" | "set" => "`Vec<T>` (`Vec<Option<T>>` when `@sparse`)",
        "map" => "`BTreeMap<K, V>` with string or string-enum keys; other keys leave out the operations reaching them",
        "string" => "`String` (or an enum with `@enum`)",
        "blob" => "`Vec<u8>`, base64 in JSON (streaming blobs: `ByteStream`, the HTTP payload)",
        "boolean" | "byte" | "short" | "integer" | "long" | "float" | "double" => "the Rust primitive",
        "bigInteger" => "`i128`",
        "bigDecimal" => "`f64`",
        "timestamp" => "`awsgen_runtime::DateTime`, in the member's wire format",
        "document" => "`awsgen_runtime::Document`",
        "service" | "operation" | "resource" => "the client and its operations (resources are walked for theirs)",
        _ => "members targeting it leave out the operations reaching them",
    }
}

/// What the generator does with a name pattern (the construct strings of [`names`]).
fn name_handling(pattern: &str) -> &'static str {
    match pattern {
        "member named like a Rust keyword" => "field `r#type` (`self_`, `crate_`, `super_` where raw identifiers cannot be)",
        "member named like a std trait method (`add`, `clone`, `next`, ...)" => "field keeps the name; builder methods get `_value` (`add_value`, `set_add_value`)",
        "member named like a builder method (`build`; fluent: `send`, `new`, ...)" => "builder methods get `_value`",
        "members whose Rust names collide in one structure" => "later ones get `_2`, `_3`, ...",
        "shape named like a prelude or crate-root item (`Result`, `Error`, ...)" => "type gets a `Shape` suffix",
        "enum value or union member named `Unknown`" => "variant `UnknownValue` (`Unknown` is the catch-all)",
        "name starting with a digit" => "prefixed: `_1x` fields, `V1x` variants, `Shape1x` types",
        "operation named like a client or trait method (`new`, `config`, `clone`, ...)" => "method and module get `_2`",
        _ => "",
    }
}

/// The name patterns of one model's shapes, as construct strings.
fn names(shapes: &BTreeMap<String, Shape>) -> BTreeSet<&'static str> {
    let mut found = BTreeSet::new();
    let short = |id: &str| id.rsplit('#').next().unwrap_or(id).to_owned();
    for (id, shape) in shapes {
        let name = short(id);
        if name.starts_with(|c: char| c.is_ascii_digit()) {
            found.insert("name starting with a digit");
        }
        match shape.kind.as_str() {
            "structure" | "union" | "enum" | "intEnum" if naming::type_name(&name).ends_with("Shape") && !name.ends_with("Shape") => {
                found.insert("shape named like a prelude or crate-root item (`Result`, `Error`, ...)");
            }
            "operation" if naming::operation_fn_names([name.as_str()])[0] != naming::fn_name(&name) => {
                found.insert("operation named like a client or trait method (`new`, `config`, `clone`, ...)");
            }
            _ => {}
        }
        let mut fields = BTreeSet::new();
        for (member, _) in &shape.members {
            if member.starts_with(|c: char| c.is_ascii_digit()) {
                found.insert("name starting with a digit");
            }
            if matches!(shape.kind.as_str(), "union" | "enum") && naming::variant_name(member) == "UnknownValue" {
                found.insert("enum value or union member named `Unknown`");
            }
            if shape.kind != "structure" {
                continue;
            }
            let field = naming::field_name(member);
            if naming::ident_text(&field) != field {
                found.insert("member named like a Rust keyword");
            }
            if naming::TRAIT_METHODS.contains(&field.as_str()) {
                found.insert("member named like a std trait method (`add`, `clone`, `next`, ...)");
            }
            if naming::BUILDER_METHODS.contains(&field.as_str()) || naming::FLUENT_BUILDER_METHODS.contains(&field.as_str()) {
                found.insert("member named like a builder method (`build`; fluent: `send`, `new`, ...)");
            }
            if !fields.insert(field) {
                found.insert("members whose Rust names collide in one structure");
            }
        }
    }
    found
}

/// The trait values the generator branches on, as construct strings.
fn trait_values(shapes: &BTreeMap<String, Shape>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    // Prelude shapes (`smithy.api#Integer`) are not in the model: their name says their kind.
    let kind_of = |target: &str| match (shapes.get(target), target.strip_prefix("smithy.api#")) {
        (Some(shape), _) => shape.kind.clone(),
        (None, Some(prelude)) => {
            let mut chars = prelude.chars();
            chars.next().map(|c| c.to_ascii_lowercase().to_string() + chars.as_str()).unwrap_or_default()
        }
        (None, None) => "(undefined)".to_owned(),
    };
    for shape in shapes.values() {
        let members = shape.members.iter().map(|(_, m)| &m.traits);
        for traits in std::iter::once(&shape.traits).chain(members) {
            if let Some(format) = traits.get("smithy.api#timestampFormat").and_then(|v| v.as_str()) {
                found.insert(format!("@timestampFormat `{format}`"));
            }
        }
        if shape.kind == "service" {
            // Protocol traits proper: not `awsQueryCompatible`/`awsQueryError`, which modify one.
            let is_protocol = |t: &&String| {
                (t.starts_with("aws.protocols#") || t.starts_with("smithy.protocols#")) && !t.contains("#awsQuery")
            };
            let protocols: Vec<&str> = shape.traits.keys().filter(is_protocol).map(String::as_str).collect();
            if protocols.len() > 1 {
                found.insert(format!("service with several protocols: {}", protocols.join(", ")));
            }
        }
        let Some(paginated) = shape.traits.get("smithy.api#paginated") else { continue };
        if shape.kind != "operation" {
            continue;
        }
        let input = shape.input.as_ref().and_then(|t| shapes.get(&t.target));
        let token = paginated.get("inputToken").and_then(|v| v.as_str());
        if let (Some(input), Some(token)) = (input, token) {
            if let Some((_, member)) = input.members.iter().find(|(n, _)| n == token) {
                found.insert(format!("@paginated token of type `{}`", kind_of(&member.target)));
            }
        }
    }
    found
}

fn scan_model(path: &Path, usage: &mut Usage) -> Result<(), String> {
    let model = Model::load(path).map_err(|e| e.to_string())?;
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut add = |section: Section, construct: String| {
        usage.by_construct.entry((section, construct)).or_default().insert(stem.clone());
    };
    for shape in model.shapes.values() {
        add(Section::ShapeKind, shape.kind.clone());
        let members = shape.members.iter().map(|(_, m)| m).chain([&shape.member, &shape.key, &shape.value].into_iter().flatten());
        for traits in std::iter::once(&shape.traits).chain(members.map(|m| &m.traits)) {
            for trait_id in traits.keys() {
                add(Section::Trait, trait_id.clone());
            }
        }
    }
    for value in trait_values(&model.shapes) {
        add(Section::TraitValue, value);
    }
    for name in names(&model.shapes) {
        add(Section::Name, name.to_owned());
    }
    usage.models += 1;
    Ok(())
}

/// Scans every model of `dir`.
fn scan(dir: &Path) -> Result<Usage, String> {
    let mut usage = Usage::default();
    for model in json_models(dir)? {
        scan_model(&model, &mut usage).map_err(|e| format!("{}: {e}", model.display()))?;
    }
    Ok(usage)
}

/// What the generator does with a construct.
fn handling(section: Section, construct: &str) -> String {
    match section {
        Section::Trait => trait_handling(construct).unwrap_or("**not classified yet**").to_owned(),
        Section::ShapeKind => kind_handling(construct).to_owned(),
        Section::Name => name_handling(construct).to_owned(),
        Section::TraitValue => {
            if let Some(format) = construct.strip_prefix("@timestampFormat `") {
                let format = format.trim_end_matches('`');
                if awsgen::model::traits::TimestampFormat::parse(format).is_some() {
                    "used".to_owned()
                } else {
                    "unsupported: the operations reaching it are left out".to_owned()
                }
            } else if let Some(kind) = construct.strip_prefix("@paginated token of type `") {
                match kind.trim_end_matches('`') {
                    "string" | "map" | "enum" => "a paginator over tokens of that type".to_owned(),
                    _ => "the operation is generated without its paginator (reason in the crate docs)".to_owned(),
                }
            } else if construct.starts_with("service with several protocols") {
                "the awsJson protocol is used; the others are ignored".to_owned()
            } else {
                String::new()
            }
        }
    }
}

/// The inventory of `dirs` as Markdown.
fn markdown(dirs: &[(String, Usage)]) -> String {
    let mut out = String::from(
        "# Constructs of the model corpora\n\n\
         What the Smithy models of the corpora use, how many models use it, and what the \
         generator does with it. Generated by `cargo xtask constructs --out codegen/CONSTRUCTS.md` \
         (`xtask/src/constructs.rs`, where the handling of each trait is listed); do not edit by hand.\n\n",
    );
    let header: Vec<String> = dirs.iter().map(|(name, usage)| format!("{name} ({})", usage.models)).collect();
    let all: BTreeSet<&(Section, String)> = dirs.iter().flat_map(|(_, u)| u.by_construct.keys()).collect();
    let mut section = None;
    for key @ (this, construct) in all {
        if section != Some(*this) {
            section = Some(*this);
            out.push_str(&format!("\n## {}\n\n| construct | {} | what the generator does |\n|---|{}---|\n", this.title(), header.join(" | "), "---:|".repeat(dirs.len())));
        }
        let counts: Vec<String> = dirs.iter().map(|(_, u)| u.by_construct.get(key).map_or(0, BTreeSet::len).to_string()).collect();
        out.push_str(&format!("| `{}` | {} | {} |\n", construct.replace('`', ""), counts.join(" | "), handling(*this, construct)));
    }
    out
}

/// Runs the task.
pub fn run(args: &[String]) -> Result<(), String> {
    let root = workspace_root();
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut out = None;
    let mut check = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--out" => out = Some(PathBuf::from(iter.next().ok_or("--out needs a file")?)),
            "--check" => check = Some(PathBuf::from(iter.next().ok_or("--check needs a file")?)),
            other if other.starts_with("--") => return Err(format!("unknown option `{other}` for constructs")),
            dir => dirs.push(PathBuf::from(dir)),
        }
    }
    if dirs.is_empty() {
        // The corpora, and the fixtures: which constructs the tests hold.
        dirs = vec![root.join("../shared/models/corpus"), root.join("../shared/models/corpus-restjson1"), root.join("codegen/tests/fixtures")];
    }
    let mut usages = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        usages.push((name, scan(dir)?));
    }
    let text = markdown(&usages);
    if let Some(path) = check {
        let current = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        return if current == text {
            Ok(())
        } else {
            Err(format!("{} is stale; run `cargo xtask constructs --out {}`", path.display(), path.display()))
        };
    }
    match out {
        Some(path) => std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display())),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixtures() -> Usage {
        scan(&workspace_root().join("codegen/tests/fixtures")).expect("the fixtures scan")
    }

    /// The traits of `usage` without a handling.
    fn unclassified(usage: &Usage) -> Vec<&String> {
        usage.by_construct.keys().filter(|(s, t)| *s == Section::Trait && trait_handling(t).is_none()).map(|(_, t)| t).collect()
    }

    fn models(usage: &Usage, section: Section, construct: &str) -> usize {
        usage.by_construct.get(&(section, construct.to_owned())).map_or(0, BTreeSet::len)
    }

    /// The obstacle course holds one of each construct it was written for.
    #[test]
    fn the_fixture_is_inventoried() {
        let usage = fixtures();
        assert_eq!(usage.models, 5, "nothing-supported, obstacle-course, rare-constructs, rest-json and waiters");
        assert_eq!(models(&usage, Section::Trait, "smithy.waiters#waitable"), 1);
        assert_eq!(models(&usage, Section::Trait, "smithy.api#paginated"), 2);
        assert_eq!(models(&usage, Section::Trait, "aws.protocols#restJson1"), 1);
        assert_eq!(models(&usage, Section::Trait, "smithy.api#httpPrefixHeaders"), 1);
        assert_eq!(models(&usage, Section::ShapeKind, "intEnum"), 2);
        for value in [
            "@paginated token of type `string`",
            "@paginated token of type `map`",
            "@paginated token of type `integer`",
            "@paginated token of type `enum`",
        ] {
            assert_eq!(models(&usage, Section::TraitValue, value), 1, "{value}");
        }
        for (name, count) in [
            ("member named like a Rust keyword", 1),
            ("member named like a std trait method (`add`, `clone`, `next`, ...)", 1),
            // `build` in the obstacle course, `Send` and `AsInput` among the rare constructs.
            ("member named like a builder method (`build`; fluent: `send`, `new`, ...)", 2),
            ("shape named like a prelude or crate-root item (`Result`, `Error`, ...)", 1),
            ("operation named like a client or trait method (`new`, `config`, `clone`, ...)", 1),
        ] {
            assert_eq!(models(&usage, Section::Name, name), count, "{name}");
            assert!(!name_handling(name).is_empty(), "{name} has a handling");
        }
        let markdown = markdown(&[("fixtures".to_owned(), usage)]);
        assert!(markdown.contains("| `smithy.api#paginated` | 2 | used: paginators"), "{markdown}");
        // Blobs in rare-constructs (awsJson: left out) and rest-json, an event stream in nothing-supported.
        assert!(markdown.contains("| `smithy.api#streaming` | 3 | used for blobs:"), "{markdown}");
        assert!(markdown.contains("| `@paginated token of type integer` | 1 | the operation is generated without its paginator"), "{markdown}");
    }

    /// Every trait of the fixture has a handling: a construct added there must be classified.
    #[test]
    fn every_trait_of_the_fixture_is_classified() {
        let usage = fixtures();
        assert!(unclassified(&usage).is_empty(), "not classified: {:?}", unclassified(&usage));
    }

    /// With `AWSGEN_CORPUS_DIRS` (directories separated by `:`), or the shared corpora by
    /// default: every trait they use is classified.
    #[test]
    #[ignore = "reads the shared corpora (../shared/models)"]
    fn every_trait_of_the_corpora_is_classified() {
        let root = workspace_root();
        let dirs: Vec<PathBuf> = match std::env::var("AWSGEN_CORPUS_DIRS") {
            Ok(dirs) => std::env::split_paths(&dirs).collect(),
            Err(_) => vec![root.join("../shared/models/corpus"), root.join("../shared/models/corpus-restjson1")],
        };
        for dir in dirs {
            let usage = scan(&dir).unwrap_or_else(|e| panic!("{e}"));
            assert!(unclassified(&usage).is_empty(), "{}: not classified: {:?}", dir.display(), unclassified(&usage));
        }
    }

    /// With `AWSGEN_AWSJSON_CORPUS` (a directory), or the shared awsJson corpus by default:
    /// every construct that only one or two of its models use is in a fixture
    /// (`codegen/tests/fixtures/rare-constructs.json` holds those the obstacle course does not).
    #[test]
    #[ignore = "reads the shared corpus (../shared/models/corpus)"]
    fn every_rare_construct_of_the_awsjson_corpus_has_a_fixture() {
        let dir = std::env::var_os("AWSGEN_AWSJSON_CORPUS").map_or_else(|| workspace_root().join("../shared/models/corpus"), PathBuf::from);
        let corpus = scan(&dir).unwrap_or_else(|e| panic!("{e}"));
        let fixtures = fixtures();
        let missing: Vec<&(Section, String)> = corpus
            .by_construct
            .iter()
            .filter(|(key, models)| models.len() <= 2 && !fixtures.by_construct.contains_key(*key))
            .map(|(key, _)| key)
            .collect();
        assert!(missing.is_empty(), "rare constructs without a fixture: {missing:?}");
    }
}
