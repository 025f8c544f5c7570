//! `cargo xtask diff OLD NEW`: the `awsgen diff` report (see [`awsgen::diff`]); and the tests
//! that prove its classification by compiling caller code against generated crates.

use std::path::PathBuf;
use std::process::ExitCode;

/// Runs the task: `OLD NEW [--operations A,B] [--format text|json]`; exit status 0 when
/// every change is compatible, 1 when one breaks callers, 2 on bad arguments or models.
pub fn run(args: &[String]) -> ExitCode {
    match report(args) {
        Ok((text, breaking)) => {
            print!("{text}");
            ExitCode::from(u8::from(breaking))
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn report(args: &[String]) -> Result<(String, bool), String> {
    let (mut models, mut operations, mut json) = (Vec::new(), None, false);
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--operations" => {
                let list = iter.next().ok_or("--operations needs a value")?;
                operations = Some(list.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect::<Vec<_>>());
            }
            "--format" => json = iter.next().ok_or("--format needs a value")? == "json",
            other if other.starts_with("--") => return Err(format!("unknown option `{other}` for diff")),
            model => models.push(PathBuf::from(model)),
        }
    }
    let [old, new] = &models[..] else { return Err("diff needs OLD_MODEL and NEW_MODEL".into()) };
    let report = awsgen::diff::diff_models(old, new, operations.as_deref()).map_err(|e| e.to_string())?;
    let text = if json { format!("{}\n", report.json()) } else { report.text() };
    Ok((text, report.is_breaking()))
}

#[cfg(test)]
mod tests {
    //! A table of model updates, each one edit of the MWAA model with its expected report,
    //! and the proof of each classification: a caller written against the crate of the
    //! unedited model is compiled against the crate of the edited one.

    use std::collections::BTreeSet;
    use std::path::Path;
    use std::process::Command;

    use awsgen::diff::{ChangeKind as K, Compat, Compat::Breaking as B, Compat::Compatible as C};
    use serde_json::{json, Map, Value};

    use crate::codegen::{scratch_workspace, workspace_root};

    const NS: &str = "com.amazonaws.mwaaserverless#";

    type Shapes = Map<String, Value>;

    /// How a caller finds out that a breaking change breaks it.
    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    enum Proof {
        /// `cargo check` of the caller fails (passes for compatible changes).
        Compile,
        /// The caller compiles; its `run()` fails: a `build()` it relied on now errs.
        Run,
    }

    struct Case {
        /// Also the caller's feature and module name.
        name: &'static str,
        edit: fn(&mut Shapes),
        expect: &'static [(K, Compat)],
        proof: Proof,
        /// Caller code against the old crate (`api`): items for `Compile`, the body of
        /// `fn run() -> Result<(), String>` for `Run`.
        caller: &'static str,
    }

    fn shape<'a>(shapes: &'a mut Shapes, name: &str) -> &'a mut Value {
        shapes.get_mut(&format!("{NS}{name}")).unwrap_or_else(|| panic!("no shape {name}"))
    }

    fn member<'a>(shapes: &'a mut Shapes, owner: &str, name: &str) -> &'a mut Value {
        &mut shape(shapes, owner)["members"][name]
    }

    fn traits(value: &mut Value) -> &mut Map<String, Value> {
        let traits = value.as_object_mut().expect("an object").entry("traits").or_insert_with(|| json!({}));
        traits.as_object_mut().expect("traits are an object")
    }

    fn add_member(shapes: &mut Shapes, owner: &str, name: &str, target: &str) {
        shape(shapes, owner)["members"].as_object_mut().expect("members").insert(name.to_owned(), json!({ "target": target }));
    }

    fn remove_member(shapes: &mut Shapes, owner: &str, name: &str) {
        shape(shapes, owner)["members"].as_object_mut().expect("members").remove(name);
    }

    fn errors<'a>(shapes: &'a mut Shapes, op: &str) -> &'a mut Vec<Value> {
        shape(shapes, op)["errors"].as_array_mut().expect("errors")
    }

    /// Takes an operation out of every `operations` list (the service's, resources').
    fn unlist(shapes: &mut Shapes, op: &str) {
        let target = json!({ "target": format!("{NS}{op}") });
        for s in shapes.values_mut() {
            if let Some(list) = s.get_mut("operations").and_then(Value::as_array_mut) {
                list.retain(|o| *o != target);
            }
        }
    }

    fn paginated<'a>(shapes: &'a mut Shapes, op: &str) -> &'a mut Map<String, Value> {
        traits(shape(shapes, op))["smithy.api#paginated"].as_object_mut().expect("@paginated")
    }

    const CASES: &[Case] = &[
        Case {
            name: "operation_added",
            edit: |s| {
                s.insert(format!("{NS}DescribeQuota"), json!({ "type": "operation", "input": { "target": format!("{NS}DescribeQuotaRequest") }, "output": { "target": format!("{NS}DescribeQuotaResponse") } }));
                s.insert(format!("{NS}DescribeQuotaRequest"), json!({ "type": "structure", "members": {}, "traits": { "smithy.api#input": {} } }));
                s.insert(format!("{NS}DescribeQuotaResponse"), json!({ "type": "structure", "members": { "Limit": { "target": "smithy.api#Integer" } }, "traits": { "smithy.api#output": {} } }));
                shape(s, "AmazonMWAAServerless")["operations"].as_array_mut().expect("operations").push(json!({ "target": format!("{NS}DescribeQuota") }));
            },
            expect: &[(K::OperationAdded, C)],
            proof: Proof::Compile,
            caller: "pub fn f(c: &api::Client) { let _ = c.list_workflows(); }",
        },
        Case {
            name: "output_member_added",
            edit: |s| add_member(s, "GetWorkflowResponse", "Owner", "smithy.api#String"),
            expect: &[(K::MemberAdded, C)],
            proof: Proof::Compile,
            caller: "pub fn f(o: &api::operation::get_workflow::GetWorkflowOutput) -> Option<&str> { o.role_arn.as_deref() }",
        },
        Case {
            name: "input_member_added",
            edit: |s| add_member(s, "CreateWorkflowRequest", "Priority", "smithy.api#Integer"),
            expect: &[(K::MemberAdded, C)],
            proof: Proof::Compile,
            caller: "pub fn f(c: &api::Client) { let _ = c.create_workflow().name(\"n\").description(\"d\"); }",
        },
        Case {
            name: "input_member_optional",
            edit: |s| drop(traits(member(s, "CreateWorkflowRequest", "RoleArn")).remove("smithy.api#required")),
            expect: &[(K::MemberOptional, C)],
            proof: Proof::Compile,
            caller: "pub fn f(c: &api::Client) { let _ = c.create_workflow().role_arn(\"arn\"); }",
        },
        Case {
            name: "enum_value_added",
            edit: |s| {
                shape(s, "WorkflowStatus")["members"]["ARCHIVED"] = json!({ "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "ARCHIVED" } });
            },
            expect: &[(K::EnumValueAdded, C)],
            proof: Proof::Compile,
            caller: "use api::types::WorkflowStatus as S;\npub fn f(s: &S) -> u8 { match s { S::Ready => 1, S::Deleting => 2, S::Unknown(_) => 3, _ => 0 } }",
        },
        Case {
            name: "int_enum_value_added",
            edit: |s| {
                shape(s, "EngineVersion")["members"]["TWO"] = json!({ "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": 2 } });
            },
            expect: &[(K::EnumValueAdded, C)],
            proof: Proof::Compile,
            caller: "use api::types::EngineVersion as V;\npub fn f(v: &V) -> u8 { match v { V::One => 1, _ => 0 } }",
        },
        Case {
            name: "union_variant_added",
            edit: |s| add_member(s, "Code", "InlineArchive", "smithy.api#String"),
            expect: &[(K::VariantAdded, C)],
            proof: Proof::Compile,
            caller: "use api::types::Code;\npub fn f(c: &Code) -> Option<&str> { match c { Code::S3Location(l) => Some(&l.bucket), _ => None } }",
        },
        Case {
            name: "error_added",
            edit: |s| errors(s, "ListWorkflows").push(json!({ "target": format!("{NS}ResourceNotFoundException") })),
            expect: &[(K::ErrorAdded, C)],
            proof: Proof::Compile,
            caller: "use api::operation::list_workflows::ListWorkflowsError as E;\npub fn f(e: &E) -> u8 { match e { E::ValidationException(_) => 1, E::ThrottlingException(_) => 2, _ => 0 } }",
        },
        Case {
            name: "paginator_added",
            edit: |s| {
                add_member(s, "ListTagsForResourceRequest", "NextToken", "smithy.api#String");
                add_member(s, "ListTagsForResourceResponse", "NextToken", "smithy.api#String");
                traits(shape(s, "ListTagsForResource")).insert("smithy.api#paginated".into(), json!({ "inputToken": "NextToken", "outputToken": "NextToken" }));
            },
            expect: &[(K::MemberAdded, C), (K::PaginatorAdded, C)],
            proof: Proof::Compile,
            caller: "pub fn f(c: &api::Client) { let _ = c.list_tags_for_resource().resource_arn(\"arn\"); }",
        },
        Case {
            name: "input_default_changed",
            edit: |s| drop(traits(member(s, "ListWorkflowsRequest", "MaxResults")).insert("smithy.api#default".into(), json!(50))),
            expect: &[(K::DefaultChanged, C)],
            proof: Proof::Compile,
            caller: "pub fn f(c: &api::Client) { let _ = c.list_workflows().max_results(10); }",
        },
        Case {
            name: "length_loosened",
            edit: |s| traits(shape(s, "S3LocationObjectKeyString"))["smithy.api#length"]["max"] = json!(2048),
            expect: &[(K::LengthChanged, C)],
            proof: Proof::Compile,
            caller: "pub fn f() -> bool { api::types::S3Location::builder().bucket(\"bucket\").object_key(\"k\").build().is_ok() }",
        },
        Case {
            name: "pattern_changed",
            edit: |s| drop(traits(shape(s, "NameString")).insert("smithy.api#pattern".into(), json!("^[a-zA-Z0-9][a-zA-Z0-9._-]*$"))),
            expect: &[(K::PatternChanged, C)],
            proof: Proof::Compile,
            caller: "pub fn f(c: &api::Client) { let _ = c.create_workflow().name(\"flow\"); }",
        },
        Case {
            name: "endpoint_rules_changed",
            edit: |s| {
                let service = shape(s, "AmazonMWAAServerless");
                let text = service.to_string().replace("https://airflow-serverless-fips.", "https://airflow-serverless-fips-v2.");
                *service = serde_json::from_str(&text).expect("still JSON");
            },
            expect: &[(K::EndpointRulesChanged, C)],
            proof: Proof::Compile,
            caller: "pub fn f(c: &api::Client) { let _ = c.get_workflow(); }",
        },
        Case {
            name: "documentation_only",
            edit: |s| drop(traits(shape(s, "GetWorkflow")).insert("smithy.api#documentation".into(), json!("<p>Reads a workflow.</p>"))),
            expect: &[],
            proof: Proof::Compile,
            caller: "pub fn f(c: &api::Client) { let _ = c.get_workflow().workflow_arn(\"arn\"); }",
        },
        Case {
            name: "operation_removed",
            edit: |s| unlist(s, "UntagResource"),
            expect: &[(K::OperationRemoved, B)],
            proof: Proof::Compile,
            caller: "pub fn f(c: &api::Client) { let _ = c.untag_resource(); }",
        },
        Case {
            name: "member_removed",
            edit: |s| remove_member(s, "GetWorkflowResponse", "Description"),
            expect: &[(K::MemberRemoved, B)],
            proof: Proof::Compile,
            caller: "pub fn f(o: &api::operation::get_workflow::GetWorkflowOutput) -> Option<&str> { o.description.as_deref() }",
        },
        Case {
            name: "member_type_changed",
            edit: |s| member(s, "GetTaskInstanceResponse", "DurationInSeconds")["target"] = json!("smithy.api#Long"),
            expect: &[(K::MemberTypeChanged, B)],
            proof: Proof::Compile,
            caller: "pub fn f(o: &api::operation::get_task_instance::GetTaskInstanceOutput) -> Option<i32> { o.duration_in_seconds }",
        },
        Case {
            name: "output_member_required",
            edit: |s| drop(traits(member(s, "GetWorkflowResponse", "Name")).insert("smithy.api#required".into(), json!({}))),
            expect: &[(K::MemberRequired, B)],
            proof: Proof::Compile,
            caller: "pub fn f(o: &api::operation::get_workflow::GetWorkflowOutput) -> Option<&str> { o.name.as_deref() }",
        },
        Case {
            name: "output_member_optional",
            edit: |s| drop(traits(member(s, "ListWorkflowsResponse", "Workflows")).remove("smithy.api#required")),
            expect: &[(K::MemberOptional, B)],
            proof: Proof::Compile,
            caller: "pub fn f(o: &api::operation::list_workflows::ListWorkflowsOutput) -> usize { o.workflows.len() }",
        },
        Case {
            name: "nested_member_required",
            edit: |s| drop(traits(member(s, "NetworkConfiguration", "SubnetIds")).insert("smithy.api#required".into(), json!({}))),
            expect: &[(K::BuildFallibility, B), (K::MemberRequired, B)],
            proof: Proof::Compile,
            caller: "pub fn f(n: &api::types::NetworkConfiguration) -> bool { n.subnet_ids.is_some() }",
        },
        Case {
            name: "build_becomes_fallible",
            edit: |s| drop(traits(member(s, "ScheduleConfiguration", "CronExpression")).insert("smithy.api#length".into(), json!({ "min": 1, "max": 256 }))),
            expect: &[(K::BuildFallibility, B), (K::LengthChanged, B)],
            proof: Proof::Compile,
            caller: "pub fn f() -> api::types::ScheduleConfiguration { api::types::ScheduleConfiguration::builder().cron_expression(\"rate(1 day)\").build() }",
        },
        Case {
            name: "output_default_added",
            edit: |s| drop(traits(member(s, "WorkflowRunDetail", "Duration")).insert("smithy.api#default".into(), json!(0))),
            expect: &[(K::DefaultChanged, B)],
            proof: Proof::Compile,
            caller: "pub fn f(d: &api::types::WorkflowRunDetail) -> i32 { d.duration.unwrap_or(0) }",
        },
        Case {
            name: "enum_value_removed",
            edit: |s| drop(shape(s, "WorkflowRunStatus")["members"].as_object_mut().expect("members").remove("STOPPING")),
            expect: &[(K::EnumValueRemoved, B)],
            proof: Proof::Compile,
            caller: "pub fn f() -> api::types::WorkflowRunStatus { api::types::WorkflowRunStatus::Stopping }",
        },
        Case {
            name: "error_removed",
            edit: |s| errors(s, "GetTaskInstance").retain(|e| e["target"] != json!(format!("{NS}ResourceNotFoundException"))),
            expect: &[(K::ErrorRemoved, B)],
            proof: Proof::Compile,
            caller: "use api::operation::get_task_instance::GetTaskInstanceError as E;\npub fn f(e: &E) -> bool { matches!(e, E::ResourceNotFoundException(_)) }",
        },
        Case {
            name: "paginator_removed",
            edit: |s| drop(traits(shape(s, "ListWorkflowVersions")).remove("smithy.api#paginated")),
            expect: &[(K::PaginatorRemoved, B)],
            proof: Proof::Compile,
            caller: "pub fn f(c: &api::Client) { let _ = c.list_workflow_versions().workflow_arn(\"arn\").into_paginator(); }",
        },
        Case {
            name: "paginator_page_size_removed",
            edit: |s| drop(paginated(s, "ListWorkflows").remove("pageSize")),
            expect: &[(K::PaginatorChanged, B)],
            proof: Proof::Compile,
            caller: "pub fn f(c: &api::Client) { let _ = c.list_workflows().into_paginator().page_size(10); }",
        },
        Case {
            name: "input_member_required",
            edit: |s| drop(traits(member(s, "CreateWorkflowRequest", "Description")).insert("smithy.api#required".into(), json!({}))),
            expect: &[(K::MemberRequired, B)],
            proof: Proof::Run,
            caller: "let location = api::types::DefinitionS3Location::builder().bucket(\"bucket\").object_key(\"k\").build().map_err(|e| e.to_string())?;\n\
                     api::operation::create_workflow::CreateWorkflowInput::builder().name(\"n\").role_arn(\"arn\").definition_s3_location(location).build().map_err(|e| e.to_string())?;",
        },
        Case {
            name: "range_tightened",
            edit: |s| traits(shape(s, "ExpiresInSecondsInteger"))["smithy.api#range"]["max"] = json!(60),
            expect: &[(K::RangeChanged, B)],
            proof: Proof::Run,
            caller: "api::operation::create_airflow_ui_url::CreateAirflowUiUrlInput::builder().expires_in_seconds(120).build().map_err(|e| e.to_string())?;",
        },
    ];

    fn base_model() -> Value {
        let path = workspace_root().join("model/mwaa-serverless.json");
        serde_json::from_str(&std::fs::read_to_string(path).expect("model readable")).expect("model is JSON")
    }

    fn edited(edits: &[fn(&mut Shapes)]) -> Value {
        let mut model = base_model();
        let shapes = model["shapes"].as_object_mut().expect("shapes");
        for edit in edits {
            edit(shapes);
        }
        model
    }

    fn write_model(dir: &Path, name: &str, model: &Value) -> std::path::PathBuf {
        std::fs::create_dir_all(dir).expect("scratch dir");
        let path = dir.join(name);
        std::fs::write(&path, serde_json::to_string(model).expect("serializable")).expect("model written");
        path
    }

    /// Each edit gives exactly its expected kinds of change, each classified as expected,
    /// and the release the changes call for.
    #[test]
    fn each_kind_of_model_change_is_classified() {
        let dir = std::env::temp_dir().join(format!("awsgen-diff-cases-{}", std::process::id()));
        let old = write_model(&dir, "old.json", &base_model());
        for case in CASES {
            let new = write_model(&dir, &format!("{}.json", case.name), &edited(&[case.edit]));
            let report = awsgen::diff::diff_models(&old, &new, None).unwrap_or_else(|e| panic!("{}: {e}", case.name));
            let got: BTreeSet<(K, Compat)> = report.changes.iter().map(|c| (c.kind, c.compat)).collect();
            let want: BTreeSet<(K, Compat)> = case.expect.iter().copied().collect();
            assert_eq!(got, want, "{}:\n{}", case.name, report.text());
            let breaking = case.expect.iter().any(|(_, c)| *c == B);
            assert_eq!(report.is_breaking(), breaking, "{}", case.name);
            assert!(case.proof == Proof::Compile || breaking, "{}: a run proof is for a breaking change", case.name);
            if case.expect.is_empty() {
                assert!(report.documentation_changes > 0, "{}: the documentation change is counted", case.name);
                assert_eq!(report.bump(), awsgen::diff::Bump::Patch);
            }
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    /// `--operations`: a change counts only for the operations it reaches.
    #[test]
    fn operations_filter_keeps_only_changes_reaching_them() {
        let dir = std::env::temp_dir().join(format!("awsgen-diff-ops-{}", std::process::id()));
        let old = write_model(&dir, "old.json", &base_model());
        // Two breaking changes: one reached by GetTaskInstance only, one by ListWorkflows only.
        let find = |name: &str| CASES.iter().find(|c| c.name == name).expect("a case").edit;
        let new = write_model(&dir, "new.json", &edited(&[find("member_type_changed"), find("output_member_optional")]));
        let only = |ops: &[&str]| {
            let ops: Vec<String> = ops.iter().map(|o| o.to_string()).collect();
            awsgen::diff::diff_models(&old, &new, Some(&ops)).expect("diff").changes.iter().map(|c| c.kind).collect::<Vec<_>>()
        };
        assert_eq!(only(&["GetTaskInstance"]), [K::MemberTypeChanged]);
        assert_eq!(only(&["ListWorkflows"]), [K::MemberOptional]);
        assert!(only(&["GetWorkflowRun"]).is_empty());
        let unknown = awsgen::diff::diff_models(&old, &new, Some(&["NoSuchOperation".to_owned()])).expect_err("unknown operation");
        assert!(unknown.to_string().contains("NoSuchOperation"), "{unknown}");
        std::fs::remove_dir_all(&dir).ok();
    }

    /// The callers' crate: one module per case, behind a feature of the case's name;
    /// `api` is the old crate with feature `old`, else the new one.
    fn callers_crate(dir: &Path) {
        let features: String = CASES.iter().map(|c| format!("{} = []\n", c.name)).collect();
        let manifest = format!(
            "[package]\nname = \"callers\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[features]\nold = []\n{features}\n\
             [dependencies]\nold-api = {{ package = \"mwaa-old\", path = \"../mwaa-old\", default-features = false }}\n\
             new-api = {{ package = \"mwaa-new\", path = \"../mwaa-new\", default-features = false }}\n"
        );
        let mut lib = String::from(
            "#![allow(dead_code, unused_imports, unused_variables, clippy::all)]\n#[cfg(feature = \"old\")]\npub use old_api as api;\n#[cfg(not(feature = \"old\"))]\npub use new_api as api;\n",
        );
        let mut run = String::from("pub fn run() -> Result<(), String> {\n");
        for case in CASES {
            let body = match case.proof {
                Proof::Compile => case.caller.to_owned(),
                Proof::Run => {
                    run.push_str(&format!("    #[cfg(feature = \"{0}\")]\n    {0}::run()?;\n", case.name));
                    format!("pub fn run() -> Result<(), String> {{\n{}\nOk(())\n}}", case.caller)
                }
            };
            lib.push_str(&format!("#[cfg(feature = \"{0}\")]\npub mod {0} {{\nuse crate::api;\n{body}\n}}\n", case.name));
        }
        lib.push_str(&run);
        lib.push_str("    Ok(())\n}\n");
        let main = "fn main() {\n    if let Err(e) = callers::run() {\n        eprintln!(\"{e}\");\n        std::process::exit(1);\n    }\n}\n";
        std::fs::create_dir_all(dir.join("src")).expect("callers dir");
        for (file, text) in [("Cargo.toml", manifest), ("src/lib.rs", lib), ("src/main.rs", main.to_owned())] {
            std::fs::write(dir.join(file), text).expect("callers file");
        }
    }

    fn generate(root: &Path, scratch: &Path, name: &str, model: std::path::PathBuf) {
        let out = scratch.join(name);
        let mut settings = crate::codegen::standalone_settings(root, model, &out);
        settings.crate_name = Some(name.to_owned());
        settings.manifest.extra = String::new();
        let generated = awsgen::generate(&settings).unwrap_or_else(|e| panic!("{e}"));
        awsgen::write::write(&out, &generated.files, false).unwrap_or_else(|e| panic!("{e}"));
    }

    /// `cargo check` (or `run`) of the callers with these features; the exit code.
    fn cargo(root: &Path, scratch: &Path, verb: &str, features: &[&str]) -> Option<i32> {
        let output = Command::new(env!("CARGO"))
            .args([verb, "--quiet", "-p", "callers", "--features", &features.join(","), "--manifest-path"])
            .arg(scratch.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", root.join("target/scratch-target"))
            .env("RUSTFLAGS", "-D warnings")
            .output()
            .expect("cargo runs");
        if !output.status.success() && features.contains(&"old") {
            eprintln!("{}", String::from_utf8_lossy(&output.stderr));
        }
        output.status.code()
    }

    /// The proof: every caller compiles (and runs) against the old crate; against the crate
    /// of the model with every edit applied (the edits touch disjoint parts of the API, and
    /// each caller only its own), the caller of each compatible change compiles, the caller
    /// of each breaking one fails to compile, or compiles and then fails to build its input.
    #[test]
    fn callers_of_the_old_crate_compile_against_the_new_one_unless_breaking() {
        let root = workspace_root();
        let scratch = root.join("target/awsgen-diff-scratch");
        let models = scratch.join("models");
        let old = write_model(&models, "old.json", &base_model());
        let new = write_model(&models, "new.json", &edited(&CASES.iter().map(|c| c.edit).collect::<Vec<_>>()));
        generate(&root, &scratch, "mwaa-old", old);
        generate(&root, &scratch, "mwaa-new", new);
        callers_crate(&scratch.join("callers"));
        scratch_workspace(&scratch, &["mwaa-old", "mwaa-new", "callers"]).expect("scratch workspace");

        let all: Vec<&str> = std::iter::once("old").chain(CASES.iter().map(|c| c.name)).collect();
        assert_eq!(cargo(&root, &scratch, "check", &all), Some(0), "every caller compiles against the old crate");
        assert_eq!(cargo(&root, &scratch, "run", &all), Some(0), "every caller runs against the old crate");
        let mut wrong = Vec::new();
        for case in CASES {
            let breaking = case.expect.iter().any(|(_, c)| *c == B);
            let compiles = cargo(&root, &scratch, "check", &[case.name]) == Some(0);
            let verdict = match (case.proof, compiles) {
                (Proof::Compile, _) => compiles != breaking,
                (Proof::Run, true) => cargo(&root, &scratch, "run", &[case.name]) == Some(1),
                (Proof::Run, false) => false,
            };
            if !verdict {
                wrong.push(format!("{} (breaking: {breaking}, compiles: {compiles})", case.name));
            }
        }
        assert!(wrong.is_empty(), "classification not borne out by the compiler: {wrong:?}");
    }
}
