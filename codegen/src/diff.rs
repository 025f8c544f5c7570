//! What a model update does to the generated Rust API: the two models' IRs compared
//! operation by operation, shape by shape (by shape id) and member by member (by wire name),
//! each change classified as breaking or compatible for callers of the generated crate.
//!
//! The classification follows what the emitters generate: structures and error enums are
//! `#[non_exhaustive]` with builders (new members and new error variants are compatible),
//! enums and unions are open and `#[non_exhaustive]` (new values are compatible), a builder's
//! `build()` returns a `Result` only when some member is checked, and it checks `@required`
//! (not in outputs), `@length` and `@range` but not `@pattern`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;

use crate::emit::builders::{build_is_fallible, must_be_set};
use crate::error::{Error, Result};
use crate::ir::{CrateIr, EnumValueIr, MemberIr, Module, OperationIr, PaginatorIr, Repr, ShapeIr, ShapeKind, StructRole, TypeIr, TypePath, VariantIr};
use crate::model::traits::Bounds;
use crate::waiters::WaiterIr;

/// Whether callers of the old crate are affected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Compat {
    /// Code written against the old crate compiles and behaves as before.
    Compatible,
    /// Code written against the old crate no longer compiles, or a `build()` it relied on
    /// now fails.
    Breaking,
}

/// What changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// A client method and its operation module appeared.
    OperationAdded,
    /// A client method and its operation module went away.
    OperationRemoved,
    /// A generated type appeared.
    TypeAdded,
    /// A generated type went away.
    TypeRemoved,
    /// A type was renamed, moved or became another kind of type.
    TypeChanged,
    /// A builder's `build()` started or stopped returning a `Result`.
    BuildFallibility,
    /// A structure member (field and setters) appeared.
    MemberAdded,
    /// A structure member went away.
    MemberRemoved,
    /// A member's Rust type (or its field or setter name) changed.
    MemberTypeChanged,
    /// A member became `@required`.
    MemberRequired,
    /// A member stopped being `@required`.
    MemberOptional,
    /// A member's `@default` appeared, went away or changed value.
    DefaultChanged,
    /// A member's `@length` changed.
    LengthChanged,
    /// A member's `@range` changed.
    RangeChanged,
    /// A member's `@pattern` changed.
    PatternChanged,
    /// An enum or intEnum value appeared.
    EnumValueAdded,
    /// An enum or intEnum value went away (or its variant was renamed).
    EnumValueRemoved,
    /// A union variant appeared.
    VariantAdded,
    /// A union variant went away.
    VariantRemoved,
    /// A union variant's payload type (or name) changed.
    VariantChanged,
    /// An operation can fail with a new modeled error.
    ErrorAdded,
    /// An operation's modeled error went away (or its variant was renamed).
    ErrorRemoved,
    /// An operation became paginated.
    PaginatorAdded,
    /// An operation stopped being paginated.
    PaginatorRemoved,
    /// A paginator's tokens, page size or items changed.
    PaginatorChanged,
    /// The endpoint rule set changed.
    EndpointRulesChanged,
    /// A waiter (`Client::wait_until_...`) appeared.
    WaiterAdded,
    /// A waiter went away.
    WaiterRemoved,
    /// A waiter's delays or acceptors changed: its method is the same, when it stops is not.
    WaiterChanged,
}

/// What a change is attached to, for `--operations` filtering.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Scope {
    /// Every operation (the endpoint rule set).
    Service,
    /// One operation (by shape name).
    Operation(String),
    /// A generated type (by shape id): it counts for the operations that reach it.
    Shape(String),
}

/// One change to the generated API.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    /// Breaking or compatible.
    pub compat: Compat,
    /// What kind of change.
    pub kind: ChangeKind,
    /// The Rust item concerned (`types::S3Location::bucket`, `Client::create_workflow`).
    pub item: String,
    /// What changed, and why it is classified so.
    pub detail: String,
    /// The operations it reaches (by shape name).
    pub operations: Vec<String>,
    #[serde(skip)]
    scope: Scope,
}

/// Whether the next crate version is a major, minor or patch release.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Documentation only.
    Patch,
    /// Compatible changes.
    Minor,
    /// Breaking changes.
    Major,
}

/// All changes between two models' generated APIs.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The changes, breaking ones first.
    pub changes: Vec<Change>,
    /// How many operations, types, members, enum values and variants changed only their
    /// documentation.
    pub documentation_changes: usize,
}

impl Report {
    /// Whether any change is breaking.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.compat == Compat::Breaking)
    }

    /// The release the changes call for.
    pub fn bump(&self) -> Bump {
        if self.is_breaking() {
            Bump::Major
        } else if !self.changes.is_empty() {
            Bump::Minor
        } else if self.documentation_changes > 0 {
            Bump::Patch
        } else {
            Bump::None
        }
    }

    /// One line per change, then a summary line.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for c in &self.changes {
            let ops = if c.operations.is_empty() { String::new() } else { format!(" [{}]", c.operations.join(", ")) };
            let compat = match c.compat {
                Compat::Breaking => "breaking",
                Compat::Compatible => "compatible",
            };
            out.push_str(&format!("{compat:<10} {}: {}{ops}\n", c.item, c.detail));
        }
        let breaking = self.changes.iter().filter(|c| c.compat == Compat::Breaking).count();
        out.push_str(&format!(
            "{} changes ({breaking} breaking, {} compatible), {} documentation-only; release: {}\n",
            self.changes.len(),
            self.changes.len() - breaking,
            self.documentation_changes,
            bump_name(self.bump())
        ));
        out
    }

    /// The report as JSON: `changes`, `documentation_changes`, `breaking`, `bump`.
    pub fn json(&self) -> String {
        let value = serde_json::json!({
            "changes": self.changes,
            "documentation_changes": self.documentation_changes,
            "breaking": self.is_breaking(),
            "bump": self.bump(),
        });
        serde_json::to_string_pretty(&value).unwrap_or_default()
    }
}

fn bump_name(bump: Bump) -> &'static str {
    match bump {
        Bump::None => "none",
        Bump::Patch => "patch",
        Bump::Minor => "minor",
        Bump::Major => "major",
    }
}

/// The version after `version` for a release of kind `bump`. Cargo reads `0.x.y` as major
/// version `x`: there a breaking release bumps `x` and any other release bumps `y`.
pub fn next_version(version: &str, bump: Bump) -> Result<String> {
    let parts: Vec<u64> = version.split('.').map(str::parse).collect::<Result<_, _>>().unwrap_or_default();
    let [major, minor, patch] = parts[..] else {
        return Err(Error::Usage(format!("crate version `{version}` is not MAJOR.MINOR.PATCH")));
    };
    Ok(match (bump, major) {
        (Bump::None, _) => version.to_owned(),
        (Bump::Major, 0) => format!("0.{}.0", minor + 1),
        (Bump::Minor | Bump::Patch, 0) => format!("0.{minor}.{}", patch + 1),
        (Bump::Major, _) => format!("{}.0.0", major + 1),
        (Bump::Minor, _) => format!("{major}.{}.0", minor + 1),
        (Bump::Patch, _) => format!("{major}.{minor}.{}", patch + 1),
    })
}

/// Lowers a model file to its IR (every operation), without emitting anything.
pub fn lower_model(path: &Path) -> Result<CrateIr> {
    let model = crate::model::Model::load(path)?;
    let index = crate::index::ShapeIndex::new(model)?;
    crate::ir::lower(&index, &crate::ir::Selection::default(), None)
}

/// Compares two model files; with `operations`, only changes reaching those operations
/// count (each must be in one of the models).
pub fn diff_models(old: &Path, new: &Path, operations: Option<&[String]>) -> Result<Report> {
    let (old, new) = (lower_model(old)?, lower_model(new)?);
    diff(&old, &new, operations)
}

/// Compares two IRs; see [`diff_models`].
pub fn diff(old: &CrateIr, new: &CrateIr, operations: Option<&[String]>) -> Result<Report> {
    let mut d = Differ::default();
    d.operations(old, new);
    d.shapes(old, new);
    d.waiters(old, new);
    if old.service.endpoint_rules != new.service.endpoint_rules {
        d.endpoint_rules(old, new);
    }
    let reach = merge_reach(reach(old), reach(new));
    if let Some(selected) = operations {
        let known: BTreeSet<&str> = old.operations.iter().chain(&new.operations).map(|o| o.name.as_str()).collect();
        if let Some(unknown) = selected.iter().find(|s| !known.contains(s.as_str())) {
            return Err(Error::Usage(format!("--operations: `{unknown}` is an operation of neither model")));
        }
    }
    let selected = operations.map(|ops| ops.iter().cloned().collect::<BTreeSet<String>>());
    let in_scope = |ops: &BTreeSet<String>| selected.as_ref().is_none_or(|s| !s.is_disjoint(ops));
    let mut changes = Vec::new();
    for mut change in d.changes {
        let ops = match &change.scope {
            Scope::Service => BTreeSet::new(),
            Scope::Operation(op) => BTreeSet::from([op.clone()]),
            Scope::Shape(id) => reach.get(id).cloned().unwrap_or_default(),
        };
        if change.scope != Scope::Service && !in_scope(&ops) {
            continue;
        }
        change.operations = ops.into_iter().filter(|o| selected.as_ref().is_none_or(|s| s.contains(o))).collect();
        changes.push(change);
    }
    let documentation_changes = d.docs.iter().filter(|scope| match scope {
        Scope::Service => true,
        Scope::Operation(op) => in_scope(&BTreeSet::from([op.clone()])),
        Scope::Shape(id) => in_scope(reach.get(id).unwrap_or(&BTreeSet::new())),
    });
    let documentation_changes = documentation_changes.count();
    changes.sort_by(|a, b| b.compat.cmp(&a.compat).then_with(|| a.item.cmp(&b.item)).then(a.kind.cmp(&b.kind)));
    Ok(Report { changes, documentation_changes })
}

/// For each shape id, the operations that reach it (input, output, errors and everything
/// their members hold).
fn reach(ir: &CrateIr) -> BTreeMap<String, BTreeSet<String>> {
    let by_path: BTreeMap<(Module, &str), &ShapeIr> = ir.shapes.iter().map(|s| ((s.path.module.clone(), s.path.name.as_str()), s)).collect();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for op in &ir.operations {
        let mut stack: Vec<&TypePath> = vec![&op.input, &op.output];
        stack.extend(op.errors.iter().map(|e| &e.path));
        let mut seen = BTreeSet::new();
        while let Some(path) = stack.pop() {
            let Some(shape) = by_path.get(&(path.module.clone(), path.name.as_str())) else { continue };
            if !seen.insert(shape.id.as_str()) {
                continue;
            }
            out.entry(shape.id.clone()).or_default().insert(op.name.clone());
            for ty in member_types(&shape.kind) {
                named_paths(ty, &mut stack);
            }
        }
    }
    out
}

fn merge_reach(mut a: BTreeMap<String, BTreeSet<String>>, b: BTreeMap<String, BTreeSet<String>>) -> BTreeMap<String, BTreeSet<String>> {
    for (id, ops) in b {
        a.entry(id).or_default().extend(ops);
    }
    a
}

fn member_types(kind: &ShapeKind) -> Vec<&TypeIr> {
    match kind {
        ShapeKind::Struct { members, .. } => members.iter().map(|m| &m.ty).collect(),
        ShapeKind::Union(variants) => variants.iter().filter_map(|v| v.ty.as_ref()).collect(),
        ShapeKind::Enum(_) | ShapeKind::IntEnum(_) => Vec::new(),
    }
}

fn named_paths<'a>(ty: &'a TypeIr, out: &mut Vec<&'a TypePath>) {
    match ty {
        TypeIr::Named(path, _) => out.push(path),
        TypeIr::List { member, .. } => named_paths(member, out),
        TypeIr::Map { key, value, .. } => {
            named_paths(key, out);
            named_paths(value, out);
        }
        TypeIr::Simple(_) | TypeIr::Timestamp(_) | TypeIr::Stream { .. } => {}
    }
}

/// The Rust path of a generated type, from the crate root.
fn type_path(path: &TypePath) -> String {
    match &path.module {
        Module::Types => format!("types::{}", path.name),
        Module::Error => format!("error::{}", path.name),
        Module::Operation(module) => format!("operation::{module}::{}", path.name),
    }
}

/// A type as a caller writes it (`Option<Vec<types::S3Location>>`).
fn type_text(ty: &TypeIr) -> String {
    match ty {
        TypeIr::Simple(simple) => format!("{simple:?}"),
        TypeIr::Timestamp(format) => format!("Timestamp({format:?})"),
        TypeIr::List { member, .. } => format!("Vec<{}>", type_text(member)),
        TypeIr::Map { key, value, .. } => format!("Map<{}, {}>", type_text(key), type_text(value)),
        TypeIr::Named(path, _) => type_path(path),
        TypeIr::Stream { .. } => "ByteStream".to_owned(),
    }
}

/// The type of a struct field as declared (`Option<T>`, `T` or `Box<T>`).
fn field_text(m: &MemberIr) -> String {
    let inner = if m.boxed { format!("Box<{}>", type_text(&m.ty)) } else { type_text(&m.ty) };
    match m.repr {
        Repr::Optional => format!("Option<{inner}>"),
        Repr::Required | Repr::Default(_) => inner,
    }
}

#[derive(Default)]
struct Differ {
    changes: Vec<Change>,
    /// Documentation-only changes, by what they belong to.
    docs: Vec<Scope>,
}

impl Differ {
    fn push(&mut self, scope: Scope, compat: Compat, kind: ChangeKind, item: String, detail: impl Into<String>) {
        self.changes.push(Change { compat, kind, item, detail: detail.into(), operations: Vec::new(), scope });
    }

    fn operations(&mut self, old: &CrateIr, new: &CrateIr) {
        let old_ops: BTreeMap<&str, &OperationIr> = old.operations.iter().map(|o| (o.name.as_str(), o)).collect();
        let new_ops: BTreeMap<&str, &OperationIr> = new.operations.iter().map(|o| (o.name.as_str(), o)).collect();
        for (name, op) in &old_ops {
            if !new_ops.contains_key(name) {
                let item = format!("Client::{}", op.fn_name);
                self.push(Scope::Operation(name.to_string()), Compat::Breaking, ChangeKind::OperationRemoved, item, "operation removed");
            }
        }
        for (name, op) in &new_ops {
            match old_ops.get(name) {
                None => {
                    let item = format!("Client::{}", op.fn_name);
                    self.push(Scope::Operation(name.to_string()), Compat::Compatible, ChangeKind::OperationAdded, item, "operation added");
                }
                Some(before) => self.operation(before, op),
            }
        }
    }

    fn operation(&mut self, old: &OperationIr, new: &OperationIr) {
        let scope = || Scope::Operation(new.name.clone());
        if old.fn_name != new.fn_name {
            let item = format!("Client::{}", old.fn_name);
            self.push(scope(), Compat::Breaking, ChangeKind::OperationRemoved, item, format!("renamed to `{}`", new.fn_name));
        }
        if old.docs != new.docs {
            self.docs.push(scope());
        }
        self.errors(old, new);
        self.paginator(old, new);
    }

    fn errors(&mut self, old: &OperationIr, new: &OperationIr) {
        let enum_path = format!("operation::{}::{}Error", new.fn_name, new.name);
        let variants = |op: &OperationIr| op.errors.iter().map(|e| (e.code.clone(), e.variant.clone())).collect::<BTreeMap<_, _>>();
        let (before, after) = (variants(old), variants(new));
        for (code, variant) in &before {
            if after.get(code) != Some(variant) {
                let item = format!("{enum_path}::{variant}");
                let scope = Scope::Operation(new.name.clone());
                self.push(scope, Compat::Breaking, ChangeKind::ErrorRemoved, item, format!("error `{code}` removed: the variant is gone"));
            }
        }
        for (code, variant) in &after {
            if before.get(code) != Some(variant) {
                let item = format!("{enum_path}::{variant}");
                let detail = format!("error `{code}` added (the error enum is #[non_exhaustive])");
                self.push(Scope::Operation(new.name.clone()), Compat::Compatible, ChangeKind::ErrorAdded, item, detail);
            }
        }
    }

    fn paginator(&mut self, old: &OperationIr, new: &OperationIr) {
        let item = format!("operation::{}::{}Paginator", new.fn_name, new.name);
        let scope = Scope::Operation(new.name.clone());
        match (&old.paginator, &new.paginator) {
            (None, None) => {}
            (None, Some(_)) => self.push(scope, Compat::Compatible, ChangeKind::PaginatorAdded, item, "paginator added (`into_paginator()`)"),
            (Some(_), None) => self.push(scope, Compat::Breaking, ChangeKind::PaginatorRemoved, item, "paginator removed"),
            (Some(a), Some(b)) => {
                for (compat, detail) in paginator_changes(a, b) {
                    self.push(scope.clone(), compat, ChangeKind::PaginatorChanged, item.clone(), detail);
                }
            }
        }
    }

    fn endpoint_rules(&mut self, old: &CrateIr, new: &CrateIr) {
        let (compat, detail) = match (&old.service.endpoint_rules, &new.service.endpoint_rules) {
            (Some(_), None) => (Compat::Breaking, "endpoint rule set no longer compiled: callers must set an endpoint URL"),
            (None, Some(_)) => (Compat::Compatible, "endpoint rule set now compiled"),
            _ => (Compat::Compatible, "endpoint rule set changed (resolved endpoints may differ)"),
        };
        self.push(Scope::Service, compat, ChangeKind::EndpointRulesChanged, "endpoint::resolve".to_owned(), detail);
    }

    fn shapes(&mut self, old: &CrateIr, new: &CrateIr) {
        let (old_copies, new_copies) = (copies_by_id(old), copies_by_id(new));
        let ids: BTreeSet<&str> = old_copies.keys().chain(new_copies.keys()).copied().collect();
        for id in ids {
            let (before, after) = (old_copies.get(id).map_or(&[][..], Vec::as_slice), new_copies.get(id).map_or(&[][..], Vec::as_slice));
            for pair in pair_copies(before, after) {
                match pair {
                    (Some(a), Some(b)) => self.shape(a, b),
                    (Some(gone), None) if !is_operation_type(gone) => {
                        let item = type_path(&gone.path);
                        self.push(Scope::Shape(id.to_owned()), Compat::Breaking, ChangeKind::TypeRemoved, item, "type removed");
                    }
                    (None, Some(added)) if !is_operation_type(added) => {
                        let item = type_path(&added.path);
                        self.push(Scope::Shape(id.to_owned()), Compat::Compatible, ChangeKind::TypeAdded, item, "type added");
                    }
                    _ => {}
                }
            }
        }
    }

    /// Waiters by method name: a new one is a new method, a removed one breaks its callers,
    /// and a changed one keeps its method but may stop at another point.
    fn waiters(&mut self, old: &CrateIr, new: &CrateIr) {
        let by_fn = |ir: &CrateIr| ir.waiters.iter().map(|w| (w.fn_name.clone(), w.clone())).collect::<BTreeMap<String, WaiterIr>>();
        let (before, after) = (by_fn(old), by_fn(new));
        for (name, w) in &before {
            if !after.contains_key(name) {
                let detail = format!("waiter `{}` removed", w.name);
                self.push(Scope::Operation(w.operation.clone()), Compat::Breaking, ChangeKind::WaiterRemoved, format!("Client::{name}"), detail);
            }
        }
        for (name, w) in &after {
            let scope = Scope::Operation(w.operation.clone());
            let item = format!("Client::{name}");
            match before.get(name) {
                None => self.push(scope, Compat::Compatible, ChangeKind::WaiterAdded, item, format!("waiter `{}` added", w.name)),
                Some(b) => {
                    if let Some(detail) = waiter_change(b, w) {
                        self.push(scope.clone(), Compat::Compatible, ChangeKind::WaiterChanged, item, detail);
                    }
                    if b.docs != w.docs {
                        self.docs.push(scope);
                    }
                }
            }
        }
    }

    fn shape(&mut self, old: &ShapeIr, new: &ShapeIr) {
        let scope = Scope::Shape(new.id.clone());
        if old.docs != new.docs {
            self.docs.push(scope.clone());
        }
        let item = type_path(&new.path);
        if old.path != new.path {
            self.push(scope, Compat::Breaking, ChangeKind::TypeChanged, type_path(&old.path), format!("now `{item}`"));
            return;
        }
        match (&old.kind, &new.kind) {
            (ShapeKind::Struct { members: a, role: ra }, ShapeKind::Struct { members: b, role }) => {
                if build_is_fallible(a, ra) != build_is_fallible(b, role) {
                    let detail = if build_is_fallible(b, role) { "`build()` now returns a Result" } else { "`build()` no longer returns a Result" };
                    self.push(scope.clone(), Compat::Breaking, ChangeKind::BuildFallibility, format!("{item}Builder::build"), detail);
                }
                self.members(&scope, &item, a, b, role);
            }
            (ShapeKind::Union(a), ShapeKind::Union(b)) => self.variants(&scope, &item, a, b),
            (ShapeKind::Enum(a), ShapeKind::Enum(b)) | (ShapeKind::IntEnum(a), ShapeKind::IntEnum(b)) => self.enum_values(&scope, &item, a, b),
            _ => self.push(scope, Compat::Breaking, ChangeKind::TypeChanged, item, "now another kind of type"),
        }
    }

    fn members(&mut self, scope: &Scope, item: &str, old: &[MemberIr], new: &[MemberIr], role: &StructRole) {
        let before: BTreeMap<&str, &MemberIr> = old.iter().map(|m| (m.wire.as_str(), m)).collect();
        let after: BTreeMap<&str, &MemberIr> = new.iter().map(|m| (m.wire.as_str(), m)).collect();
        for (wire, m) in &before {
            if !after.contains_key(wire) {
                let detail = format!("member `{wire}` removed (field and setters)");
                self.push(scope.clone(), Compat::Breaking, ChangeKind::MemberRemoved, format!("{item}::{}", m.field), detail);
            }
        }
        for m in new {
            match before.get(m.wire.as_str()) {
                None => self.member_added(scope, item, m, role),
                Some(b) => self.member(scope, &format!("{item}::{}", m.field), b, m, role),
            }
        }
    }

    fn member_added(&mut self, scope: &Scope, item: &str, m: &MemberIr, role: &StructRole) {
        let (compat, why) = if must_be_set(m, role) {
            (Compat::Breaking, "required: `build()` fails without it")
        } else {
            (Compat::Compatible, "the struct is #[non_exhaustive]")
        };
        let detail = format!("member `{}` added, `{}` ({why})", m.wire, field_text(m));
        self.push(scope.clone(), compat, ChangeKind::MemberAdded, format!("{item}::{}", m.field), detail);
    }

    fn member(&mut self, scope: &Scope, item: &str, old: &MemberIr, new: &MemberIr, role: &StructRole) {
        let mut push = |compat, kind, detail: String| self.push(scope.clone(), compat, kind, item.to_owned(), detail);
        let (field_before, field_after) = (field_text(old), field_text(new));
        let field_changed = field_before != field_after || old.field != new.field || old.setter != new.setter;
        let field_note = format!("field `{field_before}` -> `{field_after}`");
        if old.required != new.required {
            let checked = must_be_set(new, role) && !must_be_set(old, role);
            let compat = if field_changed || checked { Compat::Breaking } else { Compat::Compatible };
            let why = if checked { "`build()` fails without it".to_owned() } else if field_changed { field_note.clone() } else { "the field's type is unchanged".to_owned() };
            let (kind, what) = if new.required { (ChangeKind::MemberRequired, "now required") } else { (ChangeKind::MemberOptional, "now optional") };
            push(compat, kind, format!("{what} ({why})"));
        } else if old.ty != new.ty {
            push(Compat::Breaking, ChangeKind::MemberTypeChanged, field_note.clone());
        } else if field_changed && !matches!((&old.repr, &new.repr), (Repr::Default(_), Repr::Optional) | (Repr::Optional, Repr::Default(_))) {
            push(Compat::Breaking, ChangeKind::MemberTypeChanged, format!("{field_note} (setter `{}` -> `{}`)", old.setter, new.setter));
        }
        if let Some((compat, detail)) = default_change(old, new, field_changed) {
            push(compat, ChangeKind::DefaultChanged, detail);
        }
        for (kind, name, a, b) in [(ChangeKind::LengthChanged, "@length", old.length, new.length), (ChangeKind::RangeChanged, "@range", old.range, new.range)] {
            if a != b {
                let compat = if tightened(a, b) { Compat::Breaking } else { Compat::Compatible };
                let why = if compat == Compat::Breaking { "`build()` rejects values it accepted" } else { "loosened" };
                push(compat, kind, format!("{name} {} -> {} ({why})", bounds_text(a), bounds_text(b)));
            }
        }
        if old.pattern != new.pattern {
            // The patterns themselves are long regular expressions: the model has them.
            let detail = match (&old.pattern, &new.pattern) {
                (None, Some(_)) => "@pattern added (checked by the service, not by the client)",
                (Some(_), None) => "@pattern removed (checked by the service, not by the client)",
                _ => "@pattern changed (checked by the service, not by the client)",
            };
            push(Compat::Compatible, ChangeKind::PatternChanged, detail.to_owned());
        }
        if old.docs != new.docs {
            self.docs.push(scope.clone());
        }
    }

    fn variants(&mut self, scope: &Scope, item: &str, old: &[VariantIr], new: &[VariantIr]) {
        let before: BTreeMap<&str, &VariantIr> = old.iter().map(|v| (v.wire.as_str(), v)).collect();
        let after: BTreeMap<&str, &VariantIr> = new.iter().map(|v| (v.wire.as_str(), v)).collect();
        for (wire, v) in &before {
            if !after.contains_key(wire) {
                self.push(scope.clone(), Compat::Breaking, ChangeKind::VariantRemoved, format!("{item}::{}", v.variant), format!("union member `{wire}` removed"));
            }
        }
        for (wire, v) in &after {
            let name = format!("{item}::{}", v.variant);
            match before.get(wire) {
                None => self.push(scope.clone(), Compat::Compatible, ChangeKind::VariantAdded, name, format!("union member `{wire}` added (the union is #[non_exhaustive])")),
                Some(b) if b.ty != v.ty || b.variant != v.variant || b.boxed != v.boxed => {
                    self.push(scope.clone(), Compat::Breaking, ChangeKind::VariantChanged, name, format!("union member `{wire}` changed its variant or payload type"));
                }
                Some(b) if b.docs != v.docs => self.docs.push(scope.clone()),
                Some(_) => {}
            }
        }
    }

    fn enum_values(&mut self, scope: &Scope, item: &str, old: &[EnumValueIr], new: &[EnumValueIr]) {
        let key = |v: &EnumValueIr| v.value.to_string();
        let before: BTreeMap<String, &EnumValueIr> = old.iter().map(|v| (key(v), v)).collect();
        let after: BTreeMap<String, &EnumValueIr> = new.iter().map(|v| (key(v), v)).collect();
        for (value, v) in &before {
            if after.get(value).is_none_or(|n| n.variant != v.variant) {
                self.push(scope.clone(), Compat::Breaking, ChangeKind::EnumValueRemoved, format!("{item}::{}", v.variant), format!("value {value} removed: the variant is gone"));
            }
        }
        for (value, v) in &after {
            match before.get(value) {
                Some(b) if b.variant == v.variant => {
                    if b.docs != v.docs {
                        self.docs.push(scope.clone());
                    }
                }
                _ => {
                    let detail = format!("value {value} added (the enum is open and #[non_exhaustive])");
                    self.push(scope.clone(), Compat::Compatible, ChangeKind::EnumValueAdded, format!("{item}::{}", v.variant), detail);
                }
            }
        }
    }
}

/// Operation inputs and outputs come and go with their operation: reported there.
fn is_operation_type(shape: &ShapeIr) -> bool {
    matches!(&shape.kind, ShapeKind::Struct { role: StructRole::Input | StructRole::Output, .. })
}

/// Each shape id's generated types: one, or one per role for a structure that is both an
/// operation input and an output (each operation's copy, and one in `types` if members
/// refer to it).
fn copies_by_id(ir: &CrateIr) -> BTreeMap<&str, Vec<&ShapeIr>> {
    let mut out: BTreeMap<&str, Vec<&ShapeIr>> = BTreeMap::new();
    for shape in &ir.shapes {
        out.entry(shape.id.as_str()).or_default().push(shape);
    }
    out
}

/// The old and new copies of one shape id, paired: a lone copy on each side is the same type
/// (even renamed or moved); otherwise copies pair by Rust path, and the rest came or went.
fn pair_copies<'a>(old: &[&'a ShapeIr], new: &[&'a ShapeIr]) -> Vec<(Option<&'a ShapeIr>, Option<&'a ShapeIr>)> {
    if let ([a], [b]) = (old, new) {
        return vec![(Some(*a), Some(*b))];
    }
    let mut pairs: Vec<(Option<&ShapeIr>, Option<&ShapeIr>)> =
        old.iter().map(|a| (Some(*a), new.iter().copied().find(|b| b.path == a.path))).collect();
    pairs.extend(new.iter().filter(|b| !old.iter().any(|a| a.path == b.path)).map(|b| (None, Some(*b))));
    pairs
}

/// What changed in a waiter's behaviour, if anything (its method and types are unchanged).
fn waiter_change(old: &WaiterIr, new: &WaiterIr) -> Option<String> {
    let mut what = Vec::new();
    if (old.min_delay, old.max_delay) != (new.min_delay, new.max_delay) {
        what.push(format!("delays {}..={} s -> {}..={} s", old.min_delay, old.max_delay, new.min_delay, new.max_delay));
    }
    if old.acceptors != new.acceptors {
        what.push(format!("acceptors changed ({} -> {}): it may stop at another point", old.acceptors.len(), new.acceptors.len()));
    }
    if old.deprecated != new.deprecated {
        what.push(if new.deprecated { "now deprecated" } else { "no longer deprecated" }.to_owned());
    }
    (!what.is_empty()).then(|| what.join("; "))
}

/// A default that appears or goes away can change the field's type (`T` / `Option<T>`); a
/// new value changes only what a caller reads when the service leaves the member out (and,
/// for inputs, what the service assumes when the caller does).
fn default_change(old: &MemberIr, new: &MemberIr, field_changed: bool) -> Option<(Compat, String)> {
    if old.default == new.default {
        return None;
    }
    let value = |d: &Option<serde_json::Value>| d.as_ref().map_or_else(|| "none".to_owned(), ToString::to_string);
    let (a, b) = (value(&old.default), value(&new.default));
    let repr_changed = matches!(old.repr, Repr::Optional) != matches!(new.repr, Repr::Optional);
    Some(if field_changed && repr_changed {
        (Compat::Breaking, format!("default {a} -> {b}: field `{}` -> `{}`", field_text(old), field_text(new)))
    } else {
        (Compat::Compatible, format!("default {a} -> {b}"))
    })
}

/// Whether `new` rejects some value `old` accepted (a missing bound is unbounded).
fn tightened(old: Option<Bounds>, new: Option<Bounds>) -> bool {
    let (old, new) = (old.unwrap_or_default(), new.unwrap_or_default());
    let min_up = match (old.min, new.min) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(a), Some(b)) => b > a,
    };
    let max_down = match (old.max, new.max) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(a), Some(b)) => b < a,
    };
    min_up || max_down
}

fn bounds_text(bounds: Option<Bounds>) -> String {
    let Some(b) = bounds else { return "none".to_owned() };
    let end = |v: Option<f64>| v.map_or_else(String::new, |v| v.to_string());
    format!("{}..={}", end(b.min), end(b.max))
}

/// The caller-visible differences between two paginators of one operation.
fn paginator_changes(old: &PaginatorIr, new: &PaginatorIr) -> Vec<(Compat, String)> {
    let mut out = Vec::new();
    if old.token != new.token {
        let detail = format!("token type {} -> {} (`starting_token`, `resume_token`)", type_text(&old.token), type_text(&new.token));
        out.push((Compat::Breaking, detail));
    }
    match (&old.page_size, &new.page_size) {
        (Some(_), None) => out.push((Compat::Breaking, "`page_size()` removed".to_owned())),
        (None, Some((field, _))) => out.push((Compat::Compatible, format!("`page_size()` added (member `{field}`)"))),
        (Some((_, a)), Some((_, b))) if a != b => out.push((Compat::Breaking, format!("`page_size()` takes {b:?}, not {a:?}"))),
        (Some((a, _)), Some((b, _))) if a != b => out.push((Compat::Compatible, format!("page size member `{a}` -> `{b}`"))),
        _ => {}
    }
    let fields = |steps: &[crate::ir::PathStep]| steps.iter().map(|s| s.field.as_str()).collect::<Vec<_>>().join(".");
    match (&old.items, &new.items) {
        (Some(_), None) => out.push((Compat::Breaking, "`items()` removed".to_owned())),
        (None, Some((path, _))) => out.push((Compat::Compatible, format!("`items()` added (`{}`)", fields(path)))),
        (Some((_, a)), Some((_, b))) if a != b => out.push((Compat::Breaking, format!("items {} -> {}", type_text(a), type_text(b)))),
        (Some((a, _)), Some((b, _))) if fields(a) != fields(b) => out.push((Compat::Compatible, format!("items read from `{}`, not `{}`", fields(b), fields(a)))),
        _ => {}
    }
    if old.input_token != new.input_token || fields(&old.output_token) != fields(&new.output_token) {
        let detail = format!("tokens `{}`/`{}` -> `{}`/`{}`", old.input_token, fields(&old.output_token), new.input_token, fields(&new.output_token));
        out.push((Compat::Compatible, detail));
    }
    out
}
