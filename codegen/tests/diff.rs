//! `awsgen diff` on what the MWAA-based cases of `xtask/src/diff.rs` cannot show: a structure
//! that is both an input and an output (one generated type per role, each compared), and
//! waiters (added, removed, changed). The waiters fixture is the base model.

use std::path::{Path, PathBuf};

use awsgen::diff::{diff, ChangeKind, Compat, Report};
use awsgen::ir::CrateIr;
use awsgen::model::Model;
use awsgen::{ManifestSettings, Selection, Settings};
use serde_json::{json, Value};

const NS: &str = "example.waiters#";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/waiters.json")
}

fn fixture_json() -> Value {
    serde_json::from_slice(&std::fs::read(fixture()).expect("fixture")).expect("fixture JSON")
}

fn lower(model: &Value) -> CrateIr {
    let path = fixture();
    let settings = Settings {
        model: path.clone(),
        selection: Selection::default(),
        crate_name: None,
        manifest: ManifestSettings::default(),
    };
    let model = Model::from_slice(&path, model.to_string().as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    awsgen::generate_from_model(model, &settings).unwrap_or_else(|e| panic!("{e}")).ir
}

fn shape<'a>(model: &'a mut Value, name: &str) -> &'a mut Value {
    &mut model["shapes"][format!("{NS}{name}")]
}

fn waiters(model: &mut Value) -> &mut serde_json::Map<String, Value> {
    shape(model, "DescribeThing")["traits"]["smithy.waiters#waitable"].as_object_mut().expect("waiters")
}

fn changes(report: &Report) -> Vec<(ChangeKind, Compat, &str)> {
    report.changes.iter().map(|c| (c.kind, c.compat, c.item.as_str())).collect()
}

/// The operation's input structure used as its output too: two generated types
/// (`DescribeThingInput`, `DescribeThingOutput`) from one shape.
fn dual_role_model() -> Value {
    let mut model = fixture_json();
    shape(&mut model, "DescribeThingInput")["traits"] = json!({});
    shape(&mut model, "DescribeThing")["output"] = json!({ "target": format!("{NS}DescribeThingInput") });
    model
}

#[test]
fn both_role_copies_of_a_structure_are_compared() {
    let old = dual_role_model();
    let mut new = old.clone();
    shape(&mut new, "DescribeThingInput")["members"]["Tag"] =
        json!({ "target": "smithy.api#String", "traits": { "smithy.api#required": {} } });
    let (old, new) = (lower(&old), lower(&new));
    let copies = new.shapes.iter().filter(|s| s.id == format!("{NS}DescribeThingInput")).count();
    assert_eq!(copies, 2, "one type per role");
    let report = diff(&old, &new, None).expect("diff");
    // The input's builder now fails without it; the output only gains a field.
    assert_eq!(
        changes(&report),
        [
            (ChangeKind::MemberAdded, Compat::Breaking, "operation::describe_thing::DescribeThingInput::tag"),
            (ChangeKind::MemberAdded, Compat::Compatible, "operation::describe_thing::DescribeThingOutput::tag"),
        ],
        "{}",
        report.text()
    );
}

#[test]
fn a_structure_becoming_both_input_and_output_keeps_comparing_the_input() {
    let (old, new) = (lower(&fixture_json()), lower(&dual_role_model()));
    let report = diff(&old, &new, None).expect("diff");
    // The output type is now the input's members: `DescribeThingOutput` lost its own (its
    // old shape id is gone, so it is no longer compared), the input is unchanged.
    assert!(
        report.changes.iter().all(|c| !c.item.starts_with("operation::describe_thing::DescribeThingInput")),
        "{}",
        report.text()
    );
}

#[test]
fn waiters_added_removed_and_changed() {
    let old = fixture_json();
    let mut new = old.clone();
    let removed = waiters(&mut new).remove("ThingDeleted").expect("a fixture waiter");
    waiters(&mut new).insert("ThingGone".to_owned(), removed);
    waiters(&mut new)["NotBusy"]["maxDelay"] = json!(300);
    waiters(&mut new)["ThingReady"]["acceptors"][0]["matcher"]["output"]["expected"] = json!("false");
    waiters(&mut new)["BigParts"]["documentation"] = json!("Other words.");
    let report = diff(&lower(&old), &lower(&new), None).expect("diff");
    assert_eq!(
        changes(&report),
        [
            (ChangeKind::WaiterRemoved, Compat::Breaking, "Client::wait_until_thing_deleted"),
            (ChangeKind::WaiterChanged, Compat::Compatible, "Client::wait_until_not_busy"),
            (ChangeKind::WaiterAdded, Compat::Compatible, "Client::wait_until_thing_gone"),
            (ChangeKind::WaiterChanged, Compat::Compatible, "Client::wait_until_thing_ready"),
        ],
        "{}",
        report.text()
    );
    assert!(report.changes.iter().all(|c| c.operations == ["DescribeThing"]), "{}", report.text());
    let delays = &report.changes.iter().find(|c| c.item == "Client::wait_until_not_busy").expect("changed").detail;
    assert!(delays.contains("..=300 s"), "{delays}");
    assert_eq!(report.documentation_changes, 1);
    assert_eq!(report.bump(), awsgen::diff::Bump::Major);
    // Only waiters added: a minor release.
    let mut added = old.clone();
    let copy = waiters(&mut added)["NotBusy"].clone();
    waiters(&mut added).insert("NotBusyAgain".to_owned(), copy);
    let report = diff(&lower(&old), &lower(&added), None).expect("diff");
    assert_eq!(changes(&report), [(ChangeKind::WaiterAdded, Compat::Compatible, "Client::wait_until_not_busy_again")]);
    assert_eq!(report.bump(), awsgen::diff::Bump::Minor);
}
