//! Documentation text beyond the model's prose: what a member requires and allows, and an
//! operation's reference (parameters, output, errors, pagination), as the boto3 page of an
//! operation gives it. Each fact is worded by one function here, so a field, its setters and
//! the operation's parameter list state it alike.

use quote::ToTokens;
use serde_json::Value;

use crate::index::Simple;
use crate::ir::{AuthIr, CrateIr, Deprecation, MemberIr, Module, NamedKind, OperationError, OperationIr, ShapeKind, StructRole, TypeIr, TypePath};
use crate::model::traits::Bounds;

/// Enums with more values than this are named, not spelled out (a country code enum has 250).
const MAX_LISTED_VALUES: usize = 8;

/// A member's documentation: its description, then its facts ([`member_facts`]).
pub fn member(krate: &CrateIr, member: &MemberIr) -> String {
    let description = member.docs.as_deref().unwrap_or_default();
    match member_facts(krate, member) {
        Some(facts) if description.is_empty() => facts,
        Some(facts) => format!("{description}\n\n{facts}"),
        None => description.to_owned(),
    }
}

/// What a member requires and allows, one short sentence each: required, length, range,
/// pattern, allowed values, default, idempotency token. `None` when the model says nothing.
pub fn member_facts(krate: &CrateIr, member: &MemberIr) -> Option<String> {
    let mut facts = Vec::new();
    if member.required {
        facts.push("**Required.**".to_owned());
    }
    if let (Some(bounds), Some(unit)) = (member.length, length_unit(&member.ty)) {
        facts.push(length(bounds, unit));
    }
    if let (Some(bounds), true) = (member.range, member.ty.is_numeric()) {
        facts.push(range(bounds));
    }
    if let TypeIr::Stream { requires_length } = member.ty {
        facts.push(stream_fact(requires_length).to_owned());
    }
    if let Some(pattern) = &member.pattern {
        facts.push(format!("Pattern {}.", code(pattern)));
    }
    facts.extend(allowed_values(krate, &member.ty));
    if let Some(default) = &member.default {
        facts.push(format!("Default {}.", code(&value_text(&member.ty, default))));
    }
    if member.idempotency_token {
        facts.push("Idempotency token: `send` fills it in when unset (a random UUID by default).".to_owned());
    }
    (!facts.is_empty()).then(|| facts.join(" "))
}

/// A streaming member: how it is read and written, and that the `serde` form leaves it out.
fn stream_fact(requires_length: bool) -> &'static str {
    if requires_length {
        "A byte stream of known length (bytes, a file, or a stream with its length): read chunk by chunk (`next`) or whole (`collect`); not part of the `serde` form."
    } else {
        "A byte stream: read chunk by chunk (`next`) or whole (`collect`); not part of the `serde` form."
    }
}

/// What `@length` counts in a value of this type; `None` where it does not apply.
fn length_unit(ty: &TypeIr) -> Option<(&'static str, &'static str)> {
    match ty {
        TypeIr::Simple(Simple::String) => Some(("character", "characters")),
        TypeIr::Simple(Simple::Blob) => Some(("byte", "bytes")),
        TypeIr::List { .. } => Some(("item", "items")),
        TypeIr::Map { .. } => Some(("entry", "entries")),
        _ => None,
    }
}

/// `1–2048 characters.`, `At least 1 item.`, `At most 10 entries.`
fn length(bounds: Bounds, (one, many): (&str, &str)) -> String {
    let unit = |n: f64| if n == 1.0 { one } else { many };
    match (bounds.min, bounds.max) {
        (Some(min), Some(max)) if min == max => format!("Exactly {} {}.", number(min), unit(min)),
        (Some(min), Some(max)) => format!("{}–{} {many}.", number(min), number(max)),
        (Some(min), None) => format!("At least {} {}.", number(min), unit(min)),
        (None, Some(max)) => format!("At most {} {}.", number(max), unit(max)),
        (None, None) => String::new(),
    }
}

/// `Range 1–100.`, `At least 0.`, `At most 100.`
fn range(bounds: Bounds) -> String {
    match (bounds.min, bounds.max) {
        (Some(min), Some(max)) => format!("Range {}–{}.", number(min), number(max)),
        (Some(min), None) => format!("At least {}.", number(min)),
        (None, Some(max)) => format!("At most {}.", number(max)),
        (None, None) => String::new(),
    }
}

/// A bound as the model wrote it (`1`, not `1.0`).
fn number(n: f64) -> String {
    n.to_string()
}

/// `One of `A`, `B`.` for an enum (or a list of them: `Each one of ...`); an enum with many
/// values is named instead.
fn allowed_values(krate: &CrateIr, ty: &TypeIr) -> Option<String> {
    let (path, each) = match ty {
        TypeIr::Named(path, NamedKind::Enum | NamedKind::IntEnum) => (path, false),
        TypeIr::List { member, .. } => match member.as_ref() {
            TypeIr::Named(path, NamedKind::Enum | NamedKind::IntEnum) => (path, true),
            _ => return None,
        },
        _ => return None,
    };
    let values = match &krate.shape(path)?.kind {
        ShapeKind::Enum(values) | ShapeKind::IntEnum(values) => values,
        _ => return None,
    };
    let lead = if each { "Each one of" } else { "One of" };
    if values.len() > MAX_LISTED_VALUES {
        return Some(format!("{lead} the {} values of `{}`.", values.len(), path.name));
    }
    let listed: Vec<String> = values.iter().map(|v| code(&enum_value_text(&v.value))).collect();
    Some(format!("{lead} {}.", listed.join(", ")))
}

/// An enum value as the wire carries it: `ON_DEMAND`, `3`.
fn enum_value_text(value: &Value) -> String {
    value.as_str().map_or_else(|| value.to_string(), str::to_owned)
}

/// A `@default` value: an enum's bare, anything else as JSON (`20`, `"text"`, `[]`).
fn value_text(ty: &TypeIr, value: &Value) -> String {
    match ty {
        TypeIr::Named(_, NamedKind::Enum) => enum_value_text(value),
        _ => value.to_string(),
    }
}

/// A Markdown code span holding `text` as is, fenced by more backticks than it contains.
pub fn code(text: &str) -> String {
    // A code span is one line: control characters (the `\r` of a pattern such as
    // `^[\t\n\r -ÿ]+$`) are written escaped, as in the pattern's source.
    let escaped;
    let text = if text.chars().any(char::is_control) {
        escaped = text.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect::<String>();
        escaped.as_str()
    } else {
        text
    };
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// The first paragraph of Markdown documentation on one line: what a list shows of it.
pub fn summary(text: &str) -> String {
    let first = text.split("\n\n").next().unwrap_or_default();
    first.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A Rust type as a reader writes it: last path segments only (`Vec<WorkflowRunSummary>`).
pub fn type_text(ty: &syn::Type) -> String {
    let syn::Type::Path(path) = ty else {
        return ty.to_token_stream().to_string();
    };
    let Some(last) = path.path.segments.last() else {
        return String::new();
    };
    let name = last.ident.to_string();
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return name;
    };
    let args: Vec<String> = args
        .args
        .iter()
        .map(|arg| match arg {
            syn::GenericArgument::Type(ty) => type_text(ty),
            other => other.to_token_stream().to_string(),
        })
        .collect();
    format!("{name}<{}>", args.join(", "))
}

/// The path of a generated type for an intra-doc link (`crate::error::ThrottlingException`).
pub fn link_path(path: &TypePath) -> String {
    super::type_path(path).to_token_stream().to_string().replace(' ', "")
}

/// `message (since 2020-01-01)`: a deprecation's note, for `#[deprecated]` and docs alike.
pub fn deprecation_note(deprecation: &Deprecation) -> Option<String> {
    match (&deprecation.message, &deprecation.since) {
        (Some(message), Some(since)) => Some(format!("{message} (since {since})")),
        (Some(message), None) => Some(message.clone()),
        (None, Some(since)) => Some(format!("Since {since}.")),
        (None, None) => None,
    }
}

/// The members of the structure at `path` (none if it is not a structure).
fn members_of<'a>(krate: &'a CrateIr, path: &TypePath) -> &'a [MemberIr] {
    match krate.shape(path).map(|s| &s.kind) {
        Some(ShapeKind::Struct { members, .. }) => members,
        _ => &[],
    }
}

/// An operation's reference: its parameters, output, errors and pagination, as Markdown
/// sections, for the client method's documentation (outside the operation and type modules,
/// so every link names its type from the crate root).
pub fn operation_reference(krate: &CrateIr, op: &OperationIr) -> String {
    let sections = [authentication(op), parameters(krate, op), output(krate, op), errors(krate, op), pagination(krate, op)];
    sections.into_iter().flatten().collect::<Vec<_>>().join("\n\n")
}

/// A client method's documentation: the operation's description, then its reference. A
/// deprecation is the method's `#[deprecated]` note.
pub fn client_method(krate: &CrateIr, op: &OperationIr) -> String {
    let description = op.docs.as_deref().unwrap_or_default();
    format!("{description}\n\n{}", operation_reference(krate, op))
}

/// A fluent builder's documentation: how to use it, the first paragraph of the operation's
/// description, its deprecation, and a link to the client method that creates it, which
/// carries the reference (parameters, output, errors, pagination) once for both.
pub fn fluent_builder(op: &OperationIr) -> String {
    let home = Module::Operation(op.fn_name.clone());
    let builder = TypePath { module: op.input.module.clone(), name: format!("{}Builder", op.input.name) };
    let builder_link = if op.input.module == home {
        format!("[`{}`]", builder.name)
    } else {
        format!("[`{}`]({})", builder.name, super::builder_path(&op.input).to_token_stream().to_string().replace(' ', ""))
    };
    let mut text = format!(
        "Calls `{}`: the input builder {builder_link} attached to the client; set the input with its methods, then [`send`](Self::send).",
        op.name
    );
    let description = op.docs.as_deref().map(summary).filter(|s| !s.is_empty());
    for paragraph in [description, op.deprecated.as_ref().map(deprecation_paragraph)] {
        text.extend(paragraph.map(|p| format!("\n\n{p}")));
    }
    let reference = if op.paginator.is_some() { "parameters, output, errors and pagination" } else { "parameters, output and errors" };
    text.push_str(&format!("\n\nCreated by [`Client::{0}`](crate::Client::{0}), whose docs list the {reference}.", op.fn_name));
    text
}

/// `**Deprecated**: note`.
fn deprecation_paragraph(deprecation: &Deprecation) -> String {
    match deprecation_note(deprecation) {
        Some(note) => format!("**Deprecated**: {note}"),
        None => "**Deprecated.**".to_owned(),
    }
}

/// A type of the operation's module: `suffix` is `FluentBuilder`, `Error` or `Paginator`.
fn operation_type(op: &OperationIr, suffix: &str) -> TypePath {
    TypePath { module: Module::Operation(op.fn_name.clone()), name: format!("{}{suffix}", crate::naming::type_name(&op.name)) }
}

/// A link to a generated type, its target from the crate root.
fn type_link(path: &TypePath) -> String {
    format!("[`{}`]({})", path.name, link_path(path))
}

/// A line for an operation not always signed, or signed without its payload (signed calls
/// need no mention).
fn authentication(op: &OperationIr) -> Option<String> {
    let payload = " The signature does not cover the payload (`@unsignedPayload`).";
    let payload = if op.unsigned_payload { payload } else { "" };
    match op.auth {
        AuthIr::SigV4 if op.unsigned_payload => Some(payload.trim_start().to_owned()),
        AuthIr::SigV4 => None,
        AuthIr::Optional => Some(format!("Signed when the client has credentials, sent unsigned otherwise.{payload}")),
        AuthIr::None => Some("Sent unsigned: the call needs no credentials.".to_owned()),
    }
}

/// `# Parameters`: each input member's setter, Rust type, description and facts.
fn parameters(krate: &CrateIr, op: &OperationIr) -> Option<String> {
    let members = members_of(krate, &op.input);
    if members.is_empty() {
        return Some("# Parameters\n\nNone.".to_owned());
    }
    let fluent = type_link(&operation_type(op, "FluentBuilder"));
    let mut text = format!("# Parameters\n\nSet with the methods of {fluent}:\n");
    for m in members {
        let ty = type_text(&super::rust_type(&m.ty));
        let description = summary(m.docs.as_deref().unwrap_or_default());
        let facts = member_facts(krate, m).map(|f| format!(" {f}")).unwrap_or_default();
        text.push_str(&format!("\n- `{}` (`{ty}`): {description}{facts}", m.setter));
    }
    Some(text)
}

/// `# Output`: the output type and its fields with their types and descriptions.
fn output(krate: &CrateIr, op: &OperationIr) -> Option<String> {
    let members = members_of(krate, &op.output);
    let link = type_link(&op.output);
    if members.is_empty() {
        return Some(format!("# Output\n\n{link}, without fields."));
    }
    let mut text = format!("# Output\n\n{link}, with:\n");
    for m in members {
        let ty = type_text(&super::shapes::field_type(m));
        let description = summary(m.docs.as_deref().unwrap_or_default());
        text.push_str(&format!("\n- `{}` (`{ty}`): {description}", m.field));
    }
    Some(text)
}

/// `# Errors`: the operation's error enum and each modeled error with its description.
fn errors(krate: &CrateIr, op: &OperationIr) -> Option<String> {
    let error_enum = type_link(&operation_type(op, "Error"));
    let mut text = format!(
        "# Errors\n\n{error_enum} inside an [`SdkError`](awsgen_runtime::SdkError), with a variant for each error the model lists:\n"
    );
    for error in &op.errors {
        let (marks, description) = (retry_marks(krate, error), error_summary(krate, error));
        text.push_str(&format!("\n- {}{marks}: {description}", type_link(&error.path)));
    }
    text.push_str("\n- `Unhandled`: any other error the service returns.");
    Some(text)
}

/// ` (retryable)` or ` (retryable, throttling)` for an error the model marks so.
fn retry_marks(krate: &CrateIr, error: &OperationError) -> &'static str {
    match krate.shape(&error.path).map(|s| &s.kind) {
        Some(ShapeKind::Struct { role: StructRole::Error(info), .. }) if info.throttling => " (retryable, throttling)",
        Some(ShapeKind::Struct { role: StructRole::Error(info), .. }) if info.retryable => " (retryable)",
        _ => "",
    }
}

/// The first paragraph of an error structure's documentation.
fn error_summary(krate: &CrateIr, error: &OperationError) -> String {
    summary(krate.shape(&error.path).and_then(|s| s.docs.as_deref()).unwrap_or_default())
}

/// An operation error enum's variant: which error it is and what the model says of it.
pub fn error_variant(krate: &CrateIr, error: &OperationError) -> String {
    let text = format!("The service returned `{}`{}. {}", error.code, retry_marks(krate, error), error_summary(krate, error));
    text.trim_end().to_owned()
}

/// `# Pagination`: the paginator, its items, and what it sets on the input.
fn pagination(krate: &CrateIr, op: &OperationIr) -> Option<String> {
    let paginator = op.paginator.as_ref()?;
    let fluent = link_path(&operation_type(op, "FluentBuilder"));
    let paginator_link = type_link(&operation_type(op, "Paginator"));
    let items = match &paginator.items {
        Some((steps, ty)) => {
            let item = match ty {
                TypeIr::List { member, .. } => type_text(&super::rust_type(member)),
                TypeIr::Map { key, value, .. } => {
                    format!("({}, {})", type_text(&super::rust_type(key)), type_text(&super::rust_type(value)))
                }
                _ => String::new(),
            };
            let from: Vec<&str> = steps.iter().map(|s| s.field.as_str()).collect();
            format!(", or of their items (`items()`: `{item}`, from `{}`)", from.join("."))
        }
        None => String::new(),
    };
    let token = setter_of(krate, op, &paginator.input_token);
    let page_size = match &paginator.page_size {
        Some((field, _)) => format!(" Its `page_size` sets `{}`;", setter_of(krate, op, field)),
        None => String::new(),
    };
    Some(format!(
        "# Pagination\n\n[`into_paginator()`]({fluent}::into_paginator) gives a {paginator_link}: \
         a stream of pages (`send()`){items}. It sets `{token}` from page to page.{page_size} \
         `max_items`, `max_pages` and `starting_token` limit and resume it."
    ))
}

/// The setter name of the input member with this field name (the name users call).
fn setter_of<'a>(krate: &'a CrateIr, op: &OperationIr, field: &'a str) -> &'a str {
    members_of(krate, &op.input).iter().find(|m| m.field == field).map_or(field, |m| m.setter.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("^[a-z]+$"), "`^[a-z]+$`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x``"), "``` `x`` ```");
        // Control characters read as they are written in a pattern's source.
        assert_eq!(code("^([\t\n\r -\u{ff}]+)$"), "`^([\\t\\n\\r -\u{ff}]+)$`");
    }

    #[test]
    fn bounds_read_as_written() {
        let b = |min, max| Bounds { min, max };
        assert_eq!(length(b(Some(1.0), Some(2048.0)), ("character", "characters")), "1–2048 characters.");
        assert_eq!(length(b(Some(1.0), None), ("item", "items")), "At least 1 item.");
        assert_eq!(length(b(None, Some(1.0)), ("entry", "entries")), "At most 1 entry.");
        assert_eq!(length(b(Some(16.0), Some(16.0)), ("byte", "bytes")), "Exactly 16 bytes.");
        assert_eq!(length(b(Some(0.0), Some(1.0)), ("item", "items")), "0–1 items.");
        assert_eq!(range(b(Some(1.0), Some(100.0))), "Range 1–100.");
        assert_eq!(range(b(Some(0.5), None)), "At least 0.5.");
        assert_eq!(range(b(None, Some(-1.0))), "At most -1.");
    }

    #[test]
    fn summaries_are_the_first_paragraph_on_one_line() {
        assert_eq!(summary("Lists the\nruns.\n\nMore detail."), "Lists the runs.");
        assert_eq!(summary(""), "");
    }

    #[test]
    fn types_read_without_paths() {
        let ty: syn::Type = syn::parse_quote!(Option<std::collections::BTreeMap<String, Vec<crate::types::Run>>>);
        assert_eq!(type_text(&ty), "Option<BTreeMap<String, Vec<Run>>>");
    }

    #[test]
    fn deprecation_notes_name_what_the_model_gives() {
        let note = |message: Option<&str>, since: Option<&str>| {
            deprecation_note(&Deprecation { message: message.map(str::to_owned), since: since.map(str::to_owned) })
        };
        assert_eq!(note(Some("Use Y."), Some("2020")).as_deref(), Some("Use Y. (since 2020)"));
        assert_eq!(note(None, Some("2020")).as_deref(), Some("Since 2020."));
        assert_eq!(note(None, None), None);
    }
}
