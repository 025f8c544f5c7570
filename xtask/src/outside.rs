//! End to end, outside this workspace, as a user would work: the `awsgen` command installed
//! into a temporary root generates MWAA Serverless into a new cargo project that depends on
//! it; a second project generates it from its build script through `awsgen::Builder`. Both
//! depend on `awsgen-runtime` by version, patched to this checkout (nothing is published),
//! start from our `Cargo.lock`, build, and page the demo's fake service's runs.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::codegen::{pin_to_workspace_lock, runtime_path, workspace_root};

/// The program both projects run: pages ListWorkflowRuns at the endpoint in its first
/// argument with the client crate `client`, prints `<n> runs`.
fn main_rs(client: &str) -> String {
    format!(
        r#"fn main() {{
    let endpoint = std::env::args().nth(1).expect("endpoint URL");
    let arn = std::env::args().nth(2).expect("workflow ARN");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio");
    runtime.block_on(async move {{
        let config = {client}::Config::from_env().to_builder().endpoint_url(endpoint).build();
        let client = {client}::Client::new(config);
        let mut runs = client.list_workflow_runs().workflow_arn(arn).into_paginator().page_size(7).items();
        let mut count = 0;
        while let Some(run) = runs.next().await {{
            run.expect("a run");
            count += 1;
        }}
        println!("{{count}} runs");
    }});
}}
"#
    )
}

/// `[patch.crates-io]` for the runtime of this checkout, relative to `project`.
fn patch(root: &Path, project: &Path) -> String {
    format!("\n[patch.crates-io]\nawsgen-runtime = {{ path = {:?} }}\n", runtime_path(root, project))
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Runs `command`, panicking with its output when it fails; returns its standard output.
fn run(command: &mut Command, what: &str) -> String {
    let output = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{what} failed:\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    stdout
}

fn cargo(target: &Path) -> Command {
    let mut command = Command::new(env!("CARGO"));
    command.env("CARGO_TARGET_DIR", target).env_remove("RUSTFLAGS");
    command
}

/// A project using the command: `awsgen generate` into a member of its workspace.
fn command_project(root: &Path, dir: &Path, awsgen: &Path, model: &Path) {
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"user-app\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nmwaa-serverless = {{ path = \"mwaa-serverless\" }}\n\
             tokio = {{ version = \"1\", features = [\"rt\"] }}\n\n\
             [workspace]\nmembers = [\"mwaa-serverless\"]\n{}",
            patch(root, dir)
        ),
    );
    write(&dir.join("src/main.rs"), &main_rs("mwaa_serverless"));
    let out = dir.join("mwaa-serverless");
    let generate = || {
        let mut command = Command::new(awsgen);
        command.arg("generate").arg("--model").arg(model).arg("--out").arg(&out);
        command.args(["--operations", "ListWorkflowRuns,GetWorkflowRun"]);
        command
    };
    let printed = run(&mut generate(), "awsgen generate");
    assert!(printed.contains("mwaa-serverless: 2 operations"), "{printed}");
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("generated manifest");
    assert!(manifest.contains("awsgen-runtime = { version = "), "by version:\n{manifest}");
    assert!(!manifest.contains(&root.display().to_string()), "no absolute path:\n{manifest}");
    // The freshness check passes now, and fails (exit 1) once a file is edited.
    let check = |expect: i32| {
        let mut command = Command::new(awsgen);
        command.arg("check").arg("--model").arg(model).arg("--out").arg(&out);
        command.args(["--operations", "ListWorkflowRuns,GetWorkflowRun"]);
        let status = command.status().expect("awsgen check");
        assert_eq!(status.code(), Some(expect), "awsgen check");
    };
    check(0);
    // `awsgen diff`: 0 without a breaking change, 1 with one, 2 for a model it cannot read.
    let diff = |old: &Path, new: &Path| {
        Command::new(awsgen).arg("diff").arg(old).arg(new).output().expect("awsgen diff").status.code()
    };
    let mut smaller: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(model).expect("model")).expect("JSON");
    let shapes = smaller["shapes"].as_object_mut().expect("shapes");
    for shape in shapes.values_mut() {
        if let Some(ops) = shape.get_mut("operations").and_then(|o| o.as_array_mut()) {
            ops.retain(|o| !o["target"].as_str().is_some_and(|t| t.ends_with("#CreateAirflowUiUrl")));
        }
    }
    let smaller_path = dir.join("smaller-model.json");
    write(&smaller_path, &smaller.to_string());
    assert_eq!(diff(model, model), Some(0), "no change");
    assert_eq!(diff(&smaller_path, model), Some(0), "an operation added is compatible");
    assert_eq!(diff(model, &smaller_path), Some(1), "an operation removed is breaking");
    assert_eq!(diff(&dir.join("missing.json"), model), Some(2), "an unreadable model");
    let lib = out.join("src/lib.rs");
    let text = std::fs::read_to_string(&lib).expect("lib.rs");
    write(&lib, &format!("{text}\n// edited by hand\n"));
    check(1);
    run(&mut generate(), "awsgen generate again");
    check(0);
}

/// A project whose build script generates the client as a module of its own crate.
fn build_script_project(root: &Path, dir: &Path, model: &Path) {
    let codegen = runtime_path(root, dir).replace("runtime", "codegen");
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"mwaa-client\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nawsgen-runtime = \"{}\"\n\
             serde_json = {{ version = \"1\", features = [\"float_roundtrip\"] }}\n\
             tokio = {{ version = \"1\", features = [\"rt\"] }}\n\n\
             [build-dependencies]\nawsgen = {{ path = {codegen:?}, default-features = false }}\n\n\
             [workspace]\n{}",
            awsgen::RUNTIME_VERSION,
            patch(root, dir)
        ),
    );
    write(
        &dir.join("build.rs"),
        &format!(
            "fn main() {{\n    awsgen::Builder::new()\n        .model({:?})\n        .operations([\"ListWorkflowRuns\"])\n        .build_script()\n        .expect(\"generate the client\");\n}}\n",
            model.display().to_string()
        ),
    );
    write(&dir.join("src/lib.rs"), "include!(concat!(env!(\"OUT_DIR\"), \"/mwaa_serverless.rs\"));\n");
    write(&dir.join("src/main.rs"), &main_rs("mwaa_client"));
}

#[test]
fn the_command_and_the_build_script_work_outside_the_workspace() {
    let root = workspace_root();
    let base = root.join("target/outside-e2e");
    let _ = std::fs::remove_dir_all(base.join("projects"));
    let target = base.join("target");
    let model = root.join("model/mwaa-serverless.json");

    // Install the command as a user would (debug: a test need not wait for release).
    let install = base.join("install");
    run(
        cargo(&target).args(["install", "--quiet", "--debug", "--locked", "--force", "--path"]).arg(root.join("codegen")).arg("--root").arg(&install),
        "cargo install --path codegen",
    );
    let awsgen: PathBuf = install.join("bin").join(format!("awsgen{}", std::env::consts::EXE_SUFFIX));

    let projects = [base.join("projects/command"), base.join("projects/build-script")];
    command_project(&root, &projects[0], &awsgen, &model);
    build_script_project(&root, &projects[1], &model);

    let tokio = tokio::runtime::Runtime::new().expect("tokio");
    let server = tokio.block_on(mwaa_demo::fake_server::FakeServer::start_with_runs(30)).expect("fake server");
    for project in &projects {
        pin_to_workspace_lock(project).expect("Cargo.lock");
        run(cargo(&target).arg("build").arg("--quiet").current_dir(project), &format!("cargo build in {}", project.display()));
        let bin = target.join("debug").join(format!(
            "{}{}",
            if project.ends_with("command") { "user-app" } else { "mwaa-client" },
            std::env::consts::EXE_SUFFIX
        ));
        let printed = run(
            Command::new(&bin)
                .arg(server.base_url())
                .arg(mwaa_demo::fake_server::DEMO_WORKFLOW_ARN)
                .env("AWS_ACCESS_KEY_ID", mwaa_demo::fake_server::DEMO_ACCESS_KEY_ID)
                .env("AWS_SECRET_ACCESS_KEY", mwaa_demo::fake_server::DEMO_SECRET_ACCESS_KEY)
                .env("AWS_REGION", mwaa_demo::fake_server::DEMO_REGION)
                .env("AWS_CONFIG_FILE", base.join("no-config"))
                .env("AWS_SHARED_CREDENTIALS_FILE", base.join("no-credentials"))
                .env_remove("AWS_PROFILE"),
            &format!("{} against the fake service", bin.display()),
        );
        assert_eq!(printed.trim(), "30 runs", "{}", project.display());
    }
    tokio.block_on(server.shutdown());
}
