//! Every naming decision of the generator, in one place (as prost-build's `ident.rs`):
//! shape ids to Rust type names, members to field names, enum values to variants, with
//! keywords and collisions resolved deterministically.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict and reserved, all editions) that cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract",
    "become", "box", "do", "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot even be raw identifiers: they get a trailing `_`.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "extern", "_"];

/// Names a shape's type may not take, so generated code can use std's prelude names
/// unqualified and the crate's own root items stay unambiguous: such shapes get a `Shape`
/// suffix (`Result` → `ResultShape`).
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Client", "Config", "Error", "Result", "Option", "Some", "None", "Ok", "Err", "Box", "Vec", "String", "Default",
    "Clone", "Copy", "Debug", "Send", "Sync", "Sized", "Drop", "Fn", "FnMut", "FnOnce", "From", "Into", "AsRef",
    "AsMut", "Iterator", "IntoIterator", "ToString", "ToOwned", "PartialEq", "Eq", "PartialOrd", "Ord", "Hash",
    "Extend", "DateTime", "Document", "SdkError",
    // Error enums have an `Unhandled` variant (and the service-wide one an `Sdk` variant),
    // and an error's variant is its type name.
    "Unhandled", "Sdk",
];

/// The default package name of a service's crate, from its `sdkId`: lower-cased words joined
/// by hyphens where AWS puts a space or hyphen (`CloudWatch Logs` → `cloudwatch-logs`,
/// `DynamoDB` → `dynamodb`), without a trailing `Service`/`API` (`Directory Service` →
/// `directory`, `ApiGatewayManagementApi` → `apigatewaymanagement`). Without its hyphens it
/// is the official SDK's crate name after `aws-sdk-` (smithy-rs lower-cases the sdkId, drops
/// the spaces and then that suffix), so users find the crate under the name they know.
pub fn crate_name(sdk_id: &str) -> String {
    let mut words: Vec<String> = sdk_id
        .split([' ', '-'])
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    let count = words.len();
    if let Some(last) = words.last() {
        let stripped = ["service", "api"].iter().find_map(|suffix| last.strip_suffix(suffix)).map(str::to_owned);
        match stripped.as_deref() {
            // The suffix was the whole word: drop it, unless it is the only one.
            Some("") if count > 1 => {
                words.pop();
            }
            Some(rest) if !rest.is_empty() => words[count - 1] = rest.to_owned(),
            _ => {}
        }
    }
    if words.is_empty() {
        "service".to_owned()
    } else {
        words.join("-")
    }
}

/// A Rust identifier as source text: `r#type`, `self_`, `workflow_arn`.
pub fn ident_text(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name.to_owned()
    }
}

/// A `proc_macro2::Ident` for a (possibly keyword) name.
pub fn ident(name: &str) -> proc_macro2::Ident {
    let text = ident_text(name);
    match text.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(&text, proc_macro2::Span::call_site()),
    }
}

/// Keeps only characters that can appear in an identifier, splitting words elsewhere.
fn clean(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect()
}

/// The Rust type name of a shape: `UpperCamelCase` of its name.
pub fn type_name(shape_name: &str) -> String {
    let name = clean(shape_name).to_upper_camel_case();
    let name = if name.is_empty() { "Shape".to_owned() } else { name };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("Shape{name}") } else { name };
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) || KEYWORDS.contains(&name.as_str()) {
        format!("{name}Shape")
    } else {
        name
    }
}

/// The field (and builder method) name of a member: `snake_case`.
pub fn field_name(member_name: &str) -> String {
    let name = clean(member_name).to_snake_case();
    if name.is_empty() {
        "value".to_owned()
    } else {
        name
    }
}

/// The module and method name of an operation: `list_workflow_runs`.
pub fn fn_name(operation_name: &str) -> String {
    field_name(operation_name)
}

/// The variant name of an enum value or union member.
pub fn variant_name(member_name: &str) -> String {
    let name = clean(member_name).to_upper_camel_case();
    let name = if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else {
        name
    };
    // `Unknown` is the catch-all of open enums and unions.
    if name == "Unknown" || name == "Self" {
        format!("{name}Value")
    } else {
        name
    }
}

/// Resolves collisions in a list of names by appending `_2`, `_3`, ... (or `2`, `3` for
/// type-like names) to later duplicates, in order. Returns the final names.
///
/// Linear in the number of names: a set of the names taken, and for each name that collided
/// the next suffix to try (every smaller one is taken already, and stays taken).
pub fn dedupe(names: Vec<String>, snake: bool) -> Vec<String> {
    dedupe_avoiding(names, &[], snake)
}

/// [`dedupe`], with `reserved` names taken from the start (the fixed methods of the impl
/// block the names go into, say).
pub fn dedupe_avoiding(names: Vec<String>, reserved: &[&str], snake: bool) -> Vec<String> {
    let mut taken: std::collections::HashSet<String> = reserved.iter().map(|r| (*r).to_owned()).collect();
    let mut next_suffix: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let mut candidate = name.clone();
        if taken.contains(&candidate) {
            let n = next_suffix.entry(name.clone()).or_insert(2);
            loop {
                candidate = if snake { format!("{name}_{n}") } else { format!("{name}{n}") };
                *n += 1;
                if !taken.contains(&candidate) {
                    break;
                }
            }
        }
        taken.insert(candidate.clone());
        out.push(candidate);
    }
    out
}

/// Methods of the client besides one per operation (`emit/client.rs`).
pub const CLIENT_METHODS: &[&str] = &["new", "config"];

/// The client method (and module) names of operations, from their shape names: distinct,
/// and none of the client's own methods nor a [`TRAIT_METHODS`] name (the client is `Clone`:
/// an operation `Clone` must not turn `client.clone()` into a request, which clippy's
/// `should_implement_trait` also flags).
pub fn operation_fn_names<'a>(operations: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let names = operations.into_iter().map(fn_name).collect();
    dedupe_avoiding(names, &[CLIENT_METHODS, TRAIT_METHODS].concat(), true)
}

/// Methods of an operation's error enum that start with `is_` (`emit/errors.rs`), besides one
/// `is_<variant>` per modeled error.
pub const ERROR_ENUM_PREDICATES: &[&str] = &["is_retryable", "is_throttling"];

/// The `is_<variant>` method names of an operation's error enum, one per variant: distinct
/// from each other and from the enum's own predicates (an error named `Retryable` gets
/// `is_retryable_2`).
pub fn error_predicates<'a>(variants: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let names = variants.into_iter().map(|v| format!("is_{}", field_name(v))).collect();
    dedupe_avoiding(names, ERROR_ENUM_PREDICATES, true)
}

/// Methods of every builder besides its members' setters (`emit/builders.rs`).
pub const BUILDER_METHODS: &[&str] = &["build"];
/// Method names no builder defines for a member, since builders and generated code use them
/// as trait methods: the names clippy's `should_implement_trait` wants reserved for std's
/// traits (`add(self, x) -> Self` fails `-D warnings`), and the methods of the traits builders
/// implement or get blanket impls of (`Clone`, `PartialEq`, `Debug`, `Default`, `Into`,
/// `ToOwned`, `Any`), which an inherent method would shadow in
/// method calls (`input.clone()` would call a setter `clone(self, value)`).
pub const TRAIT_METHODS: &[&str] = &[
    // clippy::should_implement_trait
    "add", "as_mut", "as_ref", "bitand", "bitor", "bitxor", "borrow", "borrow_mut", "clone", "cmp", "default", "deref",
    "deref_mut", "div", "drop", "eq", "from_iter", "from_str", "hash", "index", "index_mut", "into_iter", "mul", "neg",
    "next", "not", "rem", "shl", "shr", "sub",
    // other methods of traits builders implement or are given
    "clone_from", "ne", "partial_cmp", "fmt", "from", "into", "try_from", "try_into", "to_owned", "clone_into",
    "type_id", "to_string",
];
/// Methods of an operation's fluent builder, the input builder attached to a client, besides
/// the input builder's (`emit/operations.rs`). `as_input` is no longer one, but stays
/// reserved so that the setter names of existing crates do not change.
pub const FLUENT_BUILDER_METHODS: &[&str] = &["new", "as_input", "send", "into_paginator"];
/// Methods of a modeled error's builder besides its members' setters (`emit/builders.rs`).
pub const ERROR_BUILDER_METHODS: &[&str] = &["set_error_metadata"];

/// The base names of the builder methods of a structure's members (`x`, `set_x` and
/// `get_x` for base `x`), from their field names: every method name differs from every other
/// member's and from `reserved` (the builder's own methods). A field name is kept when it
/// can be; otherwise `_value`, then `_value2`, ... is appended (`build` → `build_value`; with
/// members `Foo` and `SetFoo`, in that order, `SetFoo`'s methods are `set_foo_value`, ...).
pub fn setter_names(fields: &[String], reserved: &[&str]) -> Vec<String> {
    let methods = |base: &str| [ident_text(base), format!("set_{base}"), format!("get_{base}")];
    let mut taken: std::collections::HashSet<String> = reserved.iter().map(|m| (*m).to_owned()).collect();
    fields
        .iter()
        .map(|field| {
            let mut base = field.clone();
            let mut n = 1;
            while methods(&base).iter().any(|m| taken.contains(m)) {
                base = if n == 1 { format!("{field}_value") } else { format!("{field}_value{n}") };
                n += 1;
            }
            taken.extend(methods(&base));
            base
        })
        .collect()
}

/// Turns documentation HTML (as AWS models carry) into Markdown for rustdoc.
pub fn docs_to_markdown(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut link: Option<String> = None;
    let mut list_depth = 0usize;
    while let Some(start) = rest.find('<') {
        out.push_str(&unescape(&rest[..start]));
        let Some(end) = rest[start..].find('>') else {
            out.push_str(&unescape(&rest[start..]));
            rest = "";
            break;
        };
        let tag = &rest[start + 1..start + end];
        rest = &rest[start + end + 1..];
        let lower = tag.to_ascii_lowercase();
        let name = lower.trim_start_matches('/').split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("");
        let closing = lower.starts_with('/');
        match (name, closing) {
            // A paragraph that opens a list item stays on the item's line.
            ("p" | "div", false) if out.ends_with("- ") => {}
            ("p" | "div", false) => out.push_str("\n\n"),
            ("p" | "div", true) => out.push_str("\n\n"),
            ("br", _) => out.push('\n'),
            ("code", _) => out.push('`'),
            ("b" | "strong", _) => out.push_str("**"),
            ("i" | "em", _) => out.push('*'),
            ("ul" | "ol", false) => {
                list_depth += 1;
                out.push('\n');
            }
            ("ul" | "ol", true) => {
                list_depth = list_depth.saturating_sub(1);
                // Text after the outermost list is a new paragraph, not part of its last item.
                out.push_str(if list_depth == 0 { "\n\n" } else { "\n" });
            }
            ("li", false) => {
                out.push('\n');
                out.push_str(&"  ".repeat(list_depth.saturating_sub(1)));
                out.push_str("- ");
            }
            ("a", false) => {
                // An anchor without a target (AWS docs have many) is plain text: brackets
                // alone would make rustdoc look for an item of that name.
                link = tag
                    .split("href=")
                    .nth(1)
                    .map(|h| h.split_whitespace().next().unwrap_or("").trim_matches(|c| c == '"' || c == '\'').to_owned())
                    .filter(|h| !h.is_empty());
                if link.is_some() {
                    out.push('[');
                }
            }
            ("a", true) => {
                if let Some(href) = link.take() {
                    out.push_str(&format!("]({href})"));
                }
            }
            _ => {}
        }
    }
    out.push_str(&unescape(rest));
    tidy(&out)
}

/// Decodes entities and escapes what rustdoc would read as links, HTML or bare URLs.
fn unescape(text: &str) -> String {
    // In HTML, line breaks inside text are just spaces; only tags break lines.
    let mut collapsed = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_whitespace() {
            if !collapsed.ends_with(' ') {
                collapsed.push(' ');
            }
        } else {
            collapsed.push(c);
        }
    }
    let decoded = if collapsed.contains('&') {
        collapsed.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
    } else {
        collapsed
    };
    // Copies runs of plain text at once; stops at what Markdown would misread and at
    // possible URLs (which start with `h`).
    let mut out = String::with_capacity(decoded.len() + 8);
    let mut rest = decoded.as_str();
    while let Some(at) = rest.find(['[', ']', '<', '>', '\\', 'h']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with("https://") || rest.starts_with("http://") {
            let end = rest.find(|c: char| c.is_whitespace() || c == ')' || c == '"').unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        // Every character searched for is ASCII.
        let c = char::from(rest.as_bytes()[0]);
        if c != 'h' {
            out.push('\\');
        }
        out.push(c);
        rest = &rest[1..];
    }
    out.push_str(rest);
    out
}

/// Collapses whitespace inside lines and blank-line runs; keeps list structure.
fn tidy(text: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let words: Vec<&str> = line.split_whitespace().collect();
        let joined = words.join(" ");
        let keep_indent = joined.starts_with("- ");
        let line = if keep_indent { format!("{}{joined}", " ".repeat(indent)) } else { joined };
        if line.is_empty() && lines.last().is_none_or(|l: &String| l.is_empty()) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_follow_the_sdk_id() {
        for (sdk_id, name) in [
            ("DynamoDB", "dynamodb"),
            ("SageMaker", "sagemaker"),
            ("CloudWatch Logs", "cloudwatch-logs"),
            ("MWAA Serverless", "mwaa-serverless"),
            ("Directory Service", "directory"),
            ("Resource Groups Tagging API", "resource-groups-tagging"),
            ("ApiGatewayManagementApi", "apigatewaymanagement"),
            ("SSM-Contacts", "ssm-contacts"),
            ("IoT 1Click Devices Service", "iot-1click-devices"),
            ("Service", "service"),
            ("API", "api"),
            ("  ", "service"),
        ] {
            assert_eq!(crate_name(sdk_id), name, "{sdk_id}");
        }
    }

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(ident_text("type"), "r#type");
        assert_eq!(ident_text("match"), "r#match");
        assert_eq!(ident_text("async"), "r#async");
        assert_eq!(ident_text("self"), "self_");
        assert_eq!(ident_text("Self"), "Self_");
        assert_eq!(ident_text("crate"), "crate_");
        assert_eq!(ident_text("super"), "super_");
        assert_eq!(ident_text("workflow_arn"), "workflow_arn");
    }

    #[test]
    fn names_follow_rust_conventions() {
        assert_eq!(type_name("WorkflowRunSummary"), "WorkflowRunSummary");
        assert_eq!(type_name("Error"), "ErrorShape");
        assert_eq!(type_name("Client"), "ClientShape");
        assert_eq!(field_name("WorkflowArn"), "workflow_arn");
        assert_eq!(field_name("NextToken"), "next_token");
        assert_eq!(variant_name("STARTING"), "Starting");
        assert_eq!(variant_name("UNKNOWN"), "UnknownValue");
        assert_eq!(variant_name("1X"), "V1x");
    }

    #[test]
    fn duplicates_get_suffixes_in_order() {
        let names = vec!["a".into(), "b".into(), "a".into(), "a".into()];
        assert_eq!(dedupe(names, true), ["a", "b", "a_2", "a_3"]);
        // A suffixed name that is taken already is skipped, wherever it comes.
        let names = ["a_2", "a", "a", "a", "a_3", "A", "A", "A2"].map(String::from).to_vec();
        assert_eq!(dedupe(names, true), ["a_2", "a", "a_3", "a_4", "a_3_2", "A", "A_2", "A2"]);
        let names = ["A", "A2", "A", "A"].map(String::from).to_vec();
        assert_eq!(dedupe(names, false), ["A", "A2", "A3", "A4"]);
    }

    #[test]
    fn setter_names_never_collide() {
        let names = |fields: &[&str], reserved| setter_names(&fields.iter().map(|f| f.to_string()).collect::<Vec<_>>(), reserved);
        assert_eq!(names(&["workflow_arn", "next_token"], BUILDER_METHODS), ["workflow_arn", "next_token"]);
        assert_eq!(names(&["build", "build_value"], BUILDER_METHODS), ["build_value", "build_value_value"]);
        assert_eq!(names(&["send", "new", "as_input"], FLUENT_BUILDER_METHODS), ["send_value", "new_value", "as_input_value"]);
        // `set_foo` is both the setter of `foo` and the builder method of `set_foo`.
        assert_eq!(names(&["foo", "set_foo", "get_foo"], &[]), ["foo", "set_foo_value", "get_foo_value"]);
        assert_eq!(names(&["set_foo", "foo"], &[]), ["set_foo", "foo_value"]);
        assert_eq!(names(&["error_metadata"], ERROR_BUILDER_METHODS), ["error_metadata_value"]);
        // Keywords compare as the identifiers they become.
        assert_eq!(names(&["type", "self"], &[]), ["type", "self"]);
    }

    /// A test per name: a member named like a trait method gets `_value` builder methods
    /// (on every kind of builder: all reserve [`TRAIT_METHODS`]), and its field keeps the name.
    mod trait_method_names {
        use super::super::*;

        fn builder_base(field: &str) -> String {
            setter_names(&[field.to_owned()], &[BUILDER_METHODS, TRAIT_METHODS].concat()).remove(0)
        }

        macro_rules! renamed {
            ($($name:ident),* $(,)?) => {$(
                #[test]
                fn $name() {
                    let name = stringify!($name);
                    assert_eq!(field_name(name), name);
                    assert_eq!(builder_base(name), format!("{name}_value"));
                    // The model's spelling does not matter: `IntoIter` is `into_iter` too.
                    assert_eq!(builder_base(&field_name(&heck::ToUpperCamelCase::to_upper_camel_case(name))), format!("{name}_value"));
                }
            )*};
        }

        // clippy's `should_implement_trait` list.
        renamed!(add, sub, mul, div, rem, neg, not, shl, shr, bitand, bitor, bitxor);
        renamed!(as_mut, as_ref, borrow, borrow_mut, clone, cmp, default, deref, deref_mut, drop, eq);
        renamed!(from_iter, from_str, hash, index, index_mut, into_iter, next);
        // Methods of the traits builders implement or are given, and the builder's own.
        renamed!(partial_cmp, clone_from, ne, fmt, from, into, try_from, try_into, to_owned, clone_into, type_id, to_string, build);

        #[test]
        fn a_name_that_only_starts_like_one_is_kept() {
            assert_eq!(builder_base("addition"), "addition");
            assert_eq!(builder_base("next_token"), "next_token");
        }
    }

    #[test]
    fn generated_methods_avoid_fixed_ones() {
        assert_eq!(type_name("Unhandled"), "UnhandledShape");
        assert_eq!(
            error_predicates(["Retryable", "Throttling", "ValidationException", "RetryableShape"]),
            ["is_retryable_2", "is_throttling_2", "is_validation_exception", "is_retryable_shape"]
        );
        assert_eq!(
            operation_fn_names(["New", "Config", "ListThings", "Clone", "Next", "CloneStack"]),
            ["new_2", "config_2", "list_things", "clone_2", "next_2", "clone_stack"]
        );
    }

    #[test]
    fn html_docs_become_markdown() {
        let md = docs_to_markdown("<p>Lists <code>runs</code> of a <a href=\"https://x\">workflow</a>.</p><ul><li><p>one</p></li><li>two</li></ul>");
        assert_eq!(md, "Lists `runs` of a [workflow](https://x).\n\n- one\n\n- two");
    }

    #[test]
    fn text_after_a_list_is_a_new_paragraph() {
        // Not a lazy continuation of the last item (clippy's `doc_lazy_continuation`).
        let md = docs_to_markdown("<p>Options: <ol><li>gp2</li><li>io1</li></ol> See <code>VolumeType</code>.</p>");
        assert_eq!(md, "Options:\n\n- gp2\n- io1\n\nSee `VolumeType`.");
    }
}
