//! `cargo xtask bench-build`: the build cost of a program that pages through
//! `ListWorkflowRuns` with our generated crate, with the official SDK, and with the bare
//! dependencies every signed AWS JSON call needs (the floor).
//!
//! Each probe is a standalone crate in a temporary directory, built cold (empty target
//! directory, crates already downloaded) with `strip = true`. Wall time, CPU time (the
//! children's user + system time from `/proc/self/stat`, so Linux only), crates compiled and
//! binary size are printed per probe, with the ratios of ours to the official pair and to the
//! floor.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::bench_model::{Calls, ModelBench};
use crate::codegen::{pin_to_workspace_lock, spread, workspace_root};

/// What a probe is built on; sources follow.
struct Probe {
    name: &'static str,
    title: &'static str,
    manifest_deps: String,
    main_rs: &'static str,
}

const OURS_MAIN: &str = r#"//! Pages through ListWorkflowRuns with the generated crate; prints the number of runs.
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(endpoint), Some(workflow_arn)) = (args.next(), args.next()) else {
        eprintln!("usage: probe-ours ENDPOINT_URL WORKFLOW_ARN (credentials and region from the environment)");
        return ExitCode::from(2);
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("tokio: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let from_env = mwaa_serverless::Config::from_env();
        let mut config = from_env.to_builder();
        if from_env.region().is_none() {
            config = config.region("us-east-1");
        }
        let client = mwaa_serverless::Client::new(config.endpoint_url(endpoint).build());
        let mut runs = client.list_workflow_runs().workflow_arn(workflow_arn).into_paginator().items();
        let mut count = 0usize;
        while let Some(run) = runs.next().await {
            match run {
                Ok(_) => count += 1,
                Err(e) => {
                    eprintln!("error after {count} runs: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
        println!("{count} runs");
        ExitCode::SUCCESS
    })
}
"#;

const OFFICIAL_MAIN: &str = r#"//! Pages through ListWorkflowRuns with aws-sdk-mwaaserverless; prints the number of runs.
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(endpoint), Some(workflow_arn)) = (args.next(), args.next()) else {
        eprintln!("usage: probe-official ENDPOINT_URL WORKFLOW_ARN (credentials and region from the environment)");
        return ExitCode::from(2);
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("tokio: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let region = aws_config::meta::region::RegionProviderChain::default_provider().or_else("us-east-1");
        let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(region)
            .endpoint_url(endpoint)
            .load()
            .await;
        let client = aws_sdk_mwaaserverless::Client::new(&config);
        let mut runs = client.list_workflow_runs().workflow_arn(workflow_arn).into_paginator().items().send();
        let mut count = 0usize;
        while let Some(run) = runs.next().await {
            match run {
                Ok(_) => count += 1,
                Err(e) => {
                    eprintln!("error after {count} runs: {e:?}");
                    return ExitCode::FAILURE;
                }
            }
        }
        println!("{count} runs");
        ExitCode::SUCCESS
    })
}
"#;

const FLOOR_MAIN: &str = r#"//! The floor: the same pagination with the bare essentials (aws-sigv4, hyper + rustls,
//! tokio, serde_json) and hand-written request building, signing and parsing.
use std::process::ExitCode;
use std::time::SystemTime;

use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

async fn run(endpoint: String, workflow_arn: String) -> Result<usize, BoxError> {
    let region = env("AWS_REGION").or_else(|| env("AWS_DEFAULT_REGION")).unwrap_or_else(|| "us-east-1".into());
    let credentials = aws_credential_types::Credentials::new(
        env("AWS_ACCESS_KEY_ID").ok_or("AWS_ACCESS_KEY_ID is not set")?,
        env("AWS_SECRET_ACCESS_KEY").ok_or("AWS_SECRET_ACCESS_KEY is not set")?,
        env("AWS_SESSION_TOKEN"),
        None,
        "environment",
    );
    let identity = credentials.into();
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_webpki_roots()
        .https_or_http()
        .enable_http1()
        .build();
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build(connector);
    let uri = format!("{}/", endpoint.trim_end_matches('/'));
    let mut next_token: Option<String> = None;
    let mut count = 0;
    loop {
        let mut input = serde_json::json!({ "WorkflowArn": workflow_arn });
        if let Some(token) = &next_token {
            input["NextToken"] = token.clone().into();
        }
        let body = serde_json::to_vec(&input)?;
        let mut request = hyper::Request::post(&uri)
            .header("content-type", "application/x-amz-json-1.0")
            .header("x-amz-target", "AmazonMWAAServerless.ListWorkflowRuns")
            .header("host", hyper::Uri::try_from(&uri)?.authority().ok_or("endpoint without a host")?.as_str())
            .body(body.clone())?;
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(&region)
            .name("airflow-serverless")
            .time(SystemTime::now())
            .settings(SigningSettings::default())
            .build()?
            .into();
        let headers = request.headers().iter().filter_map(|(k, v)| Some((k.as_str(), v.to_str().ok()?)));
        let signable = SignableRequest::new("POST", &uri, headers, SignableBody::Bytes(&body))?;
        let (instructions, _) = sign(signable, &params)?.into_parts();
        instructions.apply_to_request_http1x(&mut request);
        let response = client.request(request.map(|b| Full::new(Bytes::from(b)))).await?;
        let status = response.status();
        let bytes = response.into_body().collect().await?.to_bytes();
        if !status.is_success() {
            return Err(format!("HTTP {status}: {}", String::from_utf8_lossy(&bytes)).into());
        }
        let page: serde_json::Value = serde_json::from_slice(&bytes)?;
        count += page["WorkflowRuns"].as_array().map_or(0, Vec::len);
        match page["NextToken"].as_str() {
            Some(token) if !token.is_empty() => next_token = Some(token.to_owned()),
            _ => return Ok(count),
        }
    }
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(endpoint), Some(workflow_arn)) = (args.next(), args.next()) else {
        eprintln!("usage: probe-floor ENDPOINT_URL WORKFLOW_ARN (credentials and region from the environment)");
        return ExitCode::from(2);
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("tokio: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(endpoint, workflow_arn)) {
        Ok(count) => {
            println!("{count} runs");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
"#;

/// The floor's dependencies, with hyper-rustls's crypto provider feature `provider`.
fn floor_deps(provider: &str) -> String {
    [
        "aws-sigv4 = { version = \"1\", default-features = false, features = [\"sign-http\", \"http1\"] }",
        "aws-credential-types = { version = \"1\", features = [\"hardcoded-credentials\"] }",
        "hyper = { version = \"1\", features = [\"client\", \"http1\"] }",
        "hyper-util = { version = \"0.1\", features = [\"client-legacy\", \"http1\", \"tokio\"] }",
        &format!("hyper-rustls = {{ version = \"0.27\", default-features = false, features = [\"http1\", \"{provider}\", \"webpki-roots\", \"tls12\"] }}"),
        "http-body-util = \"0.1\"",
        "tokio = { version = \"1\", features = [\"rt\"] }",
        "serde_json = \"1\"",
    ]
    .map(|line| format!("{line}\n"))
    .concat()
}

fn probes(root: &Path) -> Vec<Probe> {
    let generated = root.join("generated").display().to_string();
    let ours = |features: &str| {
        format!("mwaa-serverless = {{ path = {generated:?}{features} }}\ntokio = {{ version = \"1\", features = [\"rt\"] }}\n")
    };
    vec![
        Probe {
            name: "ours",
            title: "ours (generated mwaa-serverless + awsgen-runtime, TLS by aws-lc-rs)",
            manifest_deps: ours(""),
            main_rs: OURS_MAIN,
        },
        Probe {
            name: "ours-ring",
            title: "ours with `rustls-ring` (TLS by ring)",
            manifest_deps: ours(", default-features = false, features = [\"rustls-ring\"]"),
            main_rs: OURS_MAIN,
        },
        Probe {
            name: "official",
            title: "official (aws-config + aws-sdk-mwaaserverless)",
            manifest_deps: "aws-config = \"1\"\naws-sdk-mwaaserverless = \"1\"\ntokio = { version = \"1\", features = [\"rt\"] }\n".into(),
            main_rs: OFFICIAL_MAIN,
        },
        Probe {
            name: "floor",
            title: "floor (aws-sigv4 + hyper-rustls/aws-lc-rs + tokio + serde_json, no generated code)",
            manifest_deps: floor_deps("aws-lc-rs"),
            main_rs: FLOOR_MAIN,
        },
        Probe {
            name: "floor-ring",
            title: "floor with ring",
            manifest_deps: floor_deps("ring"),
            main_rs: FLOOR_MAIN,
        },
    ]
}

#[derive(Debug)]
struct Options {
    release: bool,
    runs: usize,
    only: Option<Vec<String>>,
    endpoint: Option<(String, String)>,
    keep: bool,
    ring: bool,
    model: Option<PathBuf>,
    official: Option<String>,
    operations: Option<Vec<String>>,
    calls: Option<Vec<Calls>>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut options =
        Options {
        release: true,
        runs: 1,
        only: None,
        endpoint: None,
        keep: false,
        ring: false,
        model: None,
        official: None,
        operations: None,
        calls: None,
    };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--profile" => match iter.next().map(String::as_str) {
                Some("release") => options.release = true,
                Some("debug") => options.release = false,
                other => return Err(format!("--profile takes debug or release, not {other:?}")),
            },
            "--runs" => {
                let n = iter.next().ok_or("--runs needs a number")?;
                options.runs = n.parse().ok().filter(|n| *n > 0).ok_or(format!("--runs: `{n}` is not a positive number"))?;
            }
            "--only" => {
                let list = iter.next().ok_or("--only needs a list of probes (ours,ours-ring,official,floor,floor-ring)")?;
                options.only = Some(list.split(',').map(|s| s.trim().to_owned()).collect());
            }
            "--endpoint" => {
                let url = iter.next().ok_or("--endpoint needs a URL and a workflow ARN")?;
                let arn = iter.next().ok_or("--endpoint needs a URL and a workflow ARN")?;
                options.endpoint = Some((url.clone(), arn.clone()));
            }
            "--keep" => options.keep = true,
            "--ring" => options.ring = true,
            "--model" => options.model = Some(PathBuf::from(iter.next().ok_or("--model needs a model file")?)),
            "--official" => options.official = Some(iter.next().ok_or("--official needs a crate name (aws-sdk-ssm)")?.clone()),
            "--operations" => {
                let list = iter.next().ok_or("--operations needs a list of operation names")?;
                let names: Vec<String> = list.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect();
                if names.is_empty() {
                    return Err("--operations needs at least one operation name".into());
                }
                options.operations = Some(names);
            }
            "--calls" => options.calls = Some(parse_calls(iter.next().ok_or("--calls needs one, all or one,all")?)?),
            other => return Err(format!("unknown option `{other}` for bench-build")),
        }
    }
    Ok(options)
}

/// `one`, `all` or both (`one,all`), each once, in the order given.
fn parse_calls(list: &str) -> Result<Vec<Calls>, String> {
    let mut calls = Vec::new();
    for text in list.split(',').map(str::trim) {
        let setting = Calls::parse(text)?;
        if calls.contains(&setting) {
            return Err(format!("--calls: `{text}` is listed twice"));
        }
        calls.push(setting);
    }
    Ok(calls)
}

/// The command as a user would type it, quoting what a shell would split or expand.
fn command_line(args: &[String]) -> String {
    let quoted = args.iter().map(|arg| {
        let plain = !arg.is_empty() && arg.chars().all(|c| c.is_ascii_alphanumeric() || "-_./,=:+@".contains(c));
        if plain {
            arg.clone()
        } else {
            format!("'{}'", arg.replace('\'', "'\\''"))
        }
    });
    std::iter::once("cargo xtask bench-build".to_owned()).chain(quoted).collect::<Vec<_>>().join(" ")
}

/// User + system CPU seconds of this process' waited-for children (and theirs), from
/// `/proc/self/stat` (fields 16 and 17, in clock ticks).
pub(crate) fn children_cpu_seconds() -> Result<f64, String> {
    // Before reading: asking for it runs a child the first time.
    let ticks_per_second = clock_ticks_per_second();
    let stat = std::fs::read_to_string("/proc/self/stat").map_err(|e| format!("/proc/self/stat: {e}"))?;
    // The command name (field 2) is parenthesised and may hold spaces: count after it.
    let rest = stat.rsplit_once(')').map(|(_, rest)| rest).ok_or("/proc/self/stat: unexpected format")?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // `rest` starts at field 3, so field n is fields[n - 3].
    let ticks = |n: usize| fields.get(n - 3).and_then(|f| f.parse::<f64>().ok()).ok_or("/proc/self/stat: unexpected format");
    Ok((ticks(16)? + ticks(17)?) / ticks_per_second)
}

/// Asked once: `getconf` is itself a child whose CPU time would count.
fn clock_ticks_per_second() -> f64 {
    static TICKS: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *TICKS.get_or_init(|| {
        Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(100.0)
    })
}

/// One cold build's figures.
struct Build {
    wall_s: f64,
    cpu_s: f64,
    crates: usize,
    binary_bytes: u64,
}

/// Writes a probe crate (`name`, its dependencies, its `main.rs`) into `dir`, and resolves and
/// downloads its dependencies; returns the versions that matter, as resolved.
pub(crate) fn prepare_probe(dir: &Path, name: &str, manifest_deps: &str, main_rs: &str) -> Result<String, String> {
    write_probe(dir, name, manifest_deps, main_rs)?;
    prepare(dir)
}

fn write_probe(dir: &Path, name: &str, manifest_deps: &str, main_rs: &str) -> Result<(), String> {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    let manifest = format!(
        "[package]\nname = \"probe-{}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n{}\n[profile.release]\nstrip = true\n\n[profile.dev]\nstrip = true\n\n\
         # Its own workspace: built apart from any enclosing one.\n[workspace]\n",
        name, manifest_deps
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| format!("{}: {e}", dir.display()))?;
    std::fs::write(src.join("main.rs"), main_rs).map_err(|e| format!("{}: {e}", src.display()))?;
    // Our versions where the probe shares them; the official SDK's own crates as locked by
    // the difftest, which depends on them.
    pin_to_workspace_lock(dir)
}

pub(crate) fn cargo(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO"));
    // The probes' manifests alone decide how they build, whatever the caller's environment.
    command
        .current_dir(dir)
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_INCREMENTAL");
    command
}

/// Resolves and downloads the probe's dependencies, so the timed builds only compile.
fn prepare(dir: &Path) -> Result<String, String> {
    let fetch = cargo(dir).arg("fetch").output().map_err(|e| format!("cargo fetch: {e}"))?;
    if !fetch.status.success() {
        return Err(format!("cargo fetch in {}:\n{}", dir.display(), String::from_utf8_lossy(&fetch.stderr)));
    }
    // The versions that matter, as resolved.
    let locked = crate::latest_deps::locked_versions(&dir.join("Cargo.lock"))?;
    let versions: Vec<String> = locked
        .iter()
        .filter(|(name, _)| {
            name.starts_with("aws-sdk-")
                || ["awsgen-runtime", "aws-config", "aws-sigv4", "hyper", "rustls", "tokio", "serde_json"].contains(&name.as_str())
        })
        .flat_map(|(name, versions)| versions.iter().map(move |v| format!("{name} {v}")))
        .collect();
    Ok(versions.join(", "))
}

fn build_cold(dir: &Path, probe: &Probe, release: bool) -> Result<Build, String> {
    let target = dir.join("target");
    let _ = std::fs::remove_dir_all(&target);
    let mut command = cargo(dir);
    command.arg("build").arg("--offline");
    if release {
        command.arg("--release");
    }
    let (Timing { wall_s, cpu_s }, output) = timed(&mut command, &format!("building probe `{}`", probe.name))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let crates = stderr.lines().filter(|l| l.trim_start().starts_with("Compiling ")).count();
    let binary = target.join(if release { "release" } else { "debug" }).join(format!("probe-{}", probe.name));
    let binary_bytes = std::fs::metadata(&binary).map_err(|e| format!("{}: {e}", binary.display()))?.len();
    Ok(Build { wall_s, cpu_s, crates, binary_bytes })
}

/// Wall and CPU seconds of one timed step.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Timing {
    pub(crate) wall_s: f64,
    pub(crate) cpu_s: f64,
}

/// Runs `command` to completion: its wall time, the CPU time of it and its children, and its
/// output; a failure is an error naming `what` with its stderr.
pub(crate) fn timed(command: &mut Command, what: &str) -> Result<(Timing, std::process::Output), String> {
    let cpu_before = children_cpu_seconds()?;
    let started = Instant::now();
    let output = command.output().map_err(|e| format!("{what}: {e}"))?;
    let wall_s = started.elapsed().as_secs_f64();
    let cpu_s = children_cpu_seconds()? - cpu_before;
    if !output.status.success() {
        return Err(format!("{what} failed:\n{}", String::from_utf8_lossy(&output.stderr)));
    }
    Ok((Timing { wall_s, cpu_s }, output))
}

fn run_probe(dir: &Path, probe: &Probe, release: bool, endpoint: &(String, String)) -> Result<String, String> {
    let binary = dir.join("target").join(if release { "release" } else { "debug" }).join(format!("probe-{}", probe.name));
    let output = Command::new(&binary)
        .args([&endpoint.0, &endpoint.1])
        .output()
        .map_err(|e| format!("{}: {e}", binary.display()))?;
    if !output.status.success() {
        return Err(format!("probe `{}` failed: {}", probe.name, String::from_utf8_lossy(&output.stderr).trim()));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Runs the task.
pub fn run(args: &[String]) -> Result<(), String> {
    let options = parse(args)?;
    match (options.model, options.official) {
        (Some(model), Some(official)) => {
            let bench = ModelBench {
                model,
                official,
                operations: options.operations,
                calls: options.calls.unwrap_or_else(|| vec![Calls::One]),
                keep: options.keep,
                ring: options.ring,
                crate_alone_runs: options.runs,
                command: command_line(args),
            };
            return crate::bench_model::run(&bench);
        }
        (None, None) if options.operations.is_none() && options.calls.is_none() && !options.ring => {}
        _ => return Err("--model and --official go together (and --operations, --calls and --ring need them)".into()),
    }
    let root = workspace_root();
    let mut probes = probes(&root);
    if let Some(only) = &options.only {
        if let Some(unknown) = only.iter().find(|n| !probes.iter().any(|p| p.name == n.as_str())) {
            return Err(format!("--only: no probe `{unknown}` (ours, ours-ring, official, floor, floor-ring)"));
        }
        probes.retain(|p| only.iter().any(|n| n == p.name));
    }
    let base: PathBuf = std::env::temp_dir().join(format!("awsgen-bench-build-{}", std::process::id()));
    let profile = if options.release { "release" } else { "debug" };
    println!("bench-build: {profile} profile, {} cold build(s) per probe, in {}", options.runs, base.display());

    let mut results: Vec<(&Probe, Vec<Build>)> = Vec::new();
    for probe in &probes {
        let versions = prepare_probe(&base.join(probe.name), probe.name, &probe.manifest_deps, probe.main_rs)?;
        println!("{}: {versions}", probe.name);
        results.push((probe, Vec::new()));
    }
    // Interleave the probes' runs so a change in machine load spreads over all of them.
    for run in 0..options.runs {
        for (probe, builds) in &mut results {
            let build = build_cold(&base.join(probe.name), probe, options.release)?;
            println!(
                "  run {}/{} {:<9} {:>7.1} s wall {:>7.1} s CPU {:>4} crates {:>6.2} MB",
                run + 1,
                options.runs,
                probe.name,
                build.wall_s,
                build.cpu_s,
                build.crates,
                build.binary_bytes as f64 / 1e6
            );
            builds.push(build);
        }
    }
    if let Some(endpoint) = &options.endpoint {
        for (probe, _) in &results {
            let printed = run_probe(&base.join(probe.name), probe, options.release, endpoint)?;
            println!("  {} against {}: {printed}", probe.name, endpoint.0);
        }
    }

    println!();
    println!("{:<72} {:>22} {:>22} {:>7} {:>10}", "probe", "wall s (min/med/max)", "CPU s (min/med/max)", "crates", "size MB");
    let mut medians = Vec::new();
    for (probe, builds) in &results {
        let wall = spread(builds.iter().map(|b| b.wall_s).collect());
        let cpu = spread(builds.iter().map(|b| b.cpu_s).collect());
        let crates = builds[0].crates;
        let size = builds[0].binary_bytes as f64 / 1e6;
        println!(
            "{:<72} {:>22} {:>22} {:>7} {:>10.2}",
            probe.title,
            format!("{:.1}/{:.1}/{:.1}", wall.0, wall.1, wall.2),
            format!("{:.1}/{:.1}/{:.1}", cpu.0, cpu.1, cpu.2),
            crates,
            size
        );
        medians.push((probe.name, wall.1, cpu.1, crates as f64, size));
    }
    let find = |name: &str| medians.iter().find(|m| m.0 == name);
    if let Some(ours) = find("ours") {
        for (other, label) in [("official", "official / ours"), ("floor", "ours / floor")] {
            let Some(theirs) = find(other) else { continue };
            let (a, b) = if other == "official" { (theirs, ours) } else { (ours, theirs) };
            println!(
                "{label:<16} wall {:.2}x, CPU {:.2}x, crates {:.2}x, size {:.2}x",
                a.1 / b.1,
                a.2 / b.2,
                a.3 / b.3,
                a.4 / b.4
            );
        }
    }
    if options.keep {
        println!("probes kept in {}", base.display());
    } else {
        let _ = std::fs::remove_dir_all(&base);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn calls_take_one_all_or_both_in_order() {
        let options = parse(&args("--model m.json --official aws-sdk-x --calls all,one")).unwrap();
        assert_eq!(options.calls, Some(vec![Calls::All, Calls::One]));
        assert_eq!(parse(&args("--model m.json --official aws-sdk-x")).unwrap().calls, None);
        assert!(parse(&args("--calls some")).unwrap_err().contains("`some`"));
        assert!(parse(&args("--calls one,one")).unwrap_err().contains("twice"));
        assert!(parse(&args("--calls")).is_err());
    }

    #[test]
    fn operations_are_a_non_empty_list() {
        let options = parse(&args("--model m.json --official aws-sdk-x --operations ListA,GetB --keep")).unwrap();
        assert_eq!(options.operations, Some(vec!["ListA".to_owned(), "GetB".to_owned()]));
        assert!(options.keep);
        assert!(!options.ring);
        assert!(parse(&args("--model m.json --official aws-sdk-x --ring")).unwrap().ring);
        assert!(parse(&args("--operations ,")).is_err());
    }

    #[test]
    fn model_options_need_model_and_official() {
        for line in ["--calls all", "--operations ListA", "--ring", "--model m.json", "--official aws-sdk-x"] {
            let error = run(&args(line)).unwrap_err();
            assert!(error.contains("go together"), "{line}: {error}");
        }
    }

    #[test]
    fn the_command_line_is_quoted_for_a_shell() {
        let line = command_line(&["--model".into(), "../my models/ssm.json".into(), "--operations".into(), "A,B".into(), "it's".into()]);
        assert_eq!(line, "cargo xtask bench-build --model '../my models/ssm.json' --operations A,B 'it'\\''s'");
    }
}
