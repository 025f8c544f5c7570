//! `list-workflow-runs`: pages through the runs of an MWAA Serverless workflow with the
//! generated client and prints them as a table (or JSON lines).
//!
//! Without `--endpoint-url`, `AWS_ACCESS_KEY_ID` or `AWS_PROFILE` in the environment it starts
//! the embedded fake service ([`mwaa_demo::fake_server`]) and talks to that with the demo credentials
//! it verifies signatures against.
#![forbid(unsafe_code)]

use std::error::Error as StdError;
use std::process::ExitCode;

use mwaa_demo::fake_server::{FakeServer, DEMO_WORKFLOW_ARN};
use mwaa_serverless::types::WorkflowRunSummary;
use mwaa_serverless::{Client, Config, DateTime};

const USAGE: &str = "\
Usage: list-workflow-runs [OPTIONS]

Options:
  --workflow-arn ARN   workflow whose runs to list (default: the demo workflow)
  --endpoint-url URL   service endpoint (default: resolved from the region)
  --region REGION      region (default: AWS_REGION, AWS_DEFAULT_REGION, else us-east-1)
  --page-size N        runs per request, 1-100 (default: 25)
  --max-items N        stop after N runs
  --json               print JSON lines instead of a table
  -h, --help           show this help

Without --endpoint-url, AWS_ACCESS_KEY_ID or AWS_PROFILE set, an embedded fake
service is started and used with its demo credentials. Otherwise the client is
configured from the environment and the shared config files (~/.aws/config and
~/.aws/credentials, profile AWS_PROFILE or default).";

/// Command-line options.
#[derive(Debug)]
struct Args {
    workflow_arn: String,
    endpoint_url: Option<String>,
    region: Option<String>,
    page_size: i32,
    max_items: Option<usize>,
    json: bool,
}

/// Outcome of argument parsing that is not a set of options.
enum ArgsError {
    Help,
    Invalid(String),
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, ArgsError> {
    let mut parsed = Args {
        workflow_arn: DEMO_WORKFLOW_ARN.to_owned(),
        endpoint_url: None,
        region: None,
        page_size: 25,
        max_items: None,
        json: false,
    };
    while let Some(arg) = args.next() {
        // Accept both `--flag value` and `--flag=value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| ArgsError::Invalid(format!("{name} needs a value")))
        };
        match flag.as_str() {
            "-h" | "--help" => return Err(ArgsError::Help),
            "--json" => parsed.json = true,
            "--workflow-arn" => parsed.workflow_arn = value("--workflow-arn")?,
            "--endpoint-url" => parsed.endpoint_url = Some(value("--endpoint-url")?),
            "--region" => parsed.region = Some(value("--region")?),
            "--page-size" => {
                let text = value("--page-size")?;
                parsed.page_size = match text.parse::<i32>() {
                    Ok(n) if (1..=100).contains(&n) => n,
                    _ => {
                        return Err(ArgsError::Invalid(format!(
                            "--page-size must be 1 to 100, not `{text}`"
                        )))
                    }
                };
            }
            "--max-items" => {
                let text = value("--max-items")?;
                parsed.max_items = Some(text.parse().map_err(|_| {
                    ArgsError::Invalid(format!("--max-items must be a count, not `{text}`"))
                })?);
            }
            other => return Err(ArgsError::Invalid(format!("unknown argument `{other}`"))),
        }
    }
    Ok(parsed)
}

fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The error and its `source()` chain, one cause per line.
fn error_chain(error: &(dyn StdError + 'static)) -> String {
    let mut text = format!("error: {error}");
    let mut last = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        // Some wrappers display their source verbatim; print each distinct cause once.
        let cause_text = cause.to_string();
        if cause_text != last {
            text.push_str(&format!("\n  caused by: {cause_text}"));
        }
        last = cause_text;
        source = cause.source();
    }
    text
}

fn time_text(value: Option<&DateTime>) -> String {
    value.map_or_else(|| "-".to_owned(), awsgen_runtime::time::format_date_time)
}

/// One run as a JSON line (wire member names, RFC 3339 times).
fn run_json(run: &WorkflowRunSummary) -> serde_json::Value {
    let detail = run.run_detail_summary.as_ref();
    serde_json::json!({
        "RunId": run.run_id,
        "WorkflowVersion": run.workflow_version,
        "Status": detail.and_then(|d| d.status.as_ref()).map(|s| s.as_str()),
        "RunType": run.run_type.as_ref().map(|t| t.as_str()),
        "CreatedOn": detail.and_then(|d| d.created_on.as_ref()).map(awsgen_runtime::time::format_date_time),
        "StartedAt": detail.and_then(|d| d.started_at.as_ref()).map(awsgen_runtime::time::format_date_time),
        "EndedAt": detail.and_then(|d| d.ended_at.as_ref()).map(awsgen_runtime::time::format_date_time),
    })
}

const ROW_HEADER: [&str; 6] = ["RunId", "Status", "RunType", "Created", "Started", "Ended"];

fn print_row(cells: [&str; 6]) {
    let line = format!(
        "{:<12} {:<9} {:<10} {:<20} {:<20} {}",
        cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]
    );
    println!("{}", line.trim_end());
}

fn print_table_row(run: &WorkflowRunSummary) {
    let detail = run.run_detail_summary.as_ref();
    let status = detail
        .and_then(|d| d.status.as_ref())
        .map_or("-", |s| s.as_str());
    let run_type = run.run_type.as_ref().map_or("-", |t| t.as_str());
    let created = time_text(detail.and_then(|d| d.created_on.as_ref()));
    let started = time_text(detail.and_then(|d| d.started_at.as_ref()));
    let ended = time_text(detail.and_then(|d| d.ended_at.as_ref()));
    print_row([
        run.run_id.as_deref().unwrap_or("-"),
        status,
        run_type,
        &created,
        &started,
        &ended,
    ]);
}

async fn run(args: Args) -> Result<(), Box<dyn StdError>> {
    // Environment first, then the shared config files (`AWS_PROFILE`, `~/.aws/config`).
    let from_env = Config::from_env();
    let region =
        args.region.clone().or_else(|| from_env.region().map(str::to_owned)).unwrap_or_else(|| "us-east-1".to_owned());
    let mut fake = None;
    // A profile is only used when asked for by name, so the demo does not call AWS just
    // because the machine has a default profile.
    let real_service = args.endpoint_url.is_some() || env_var("AWS_ACCESS_KEY_ID").is_some() || env_var("AWS_PROFILE").is_some();
    let config = if !real_service {
        // The embedded server verifies signatures: it knows the demo credentials the client
        // signs with, and expects the same region in the credential scope.
        let server = FakeServer::builder().region(region).start().await?;
        eprintln!(
            "No --endpoint-url, AWS_ACCESS_KEY_ID or AWS_PROFILE: using the embedded fake \
             MWAA Serverless service at {} with its demo credentials ({}).",
            server.base_url(),
            server.credentials().access_key_id
        );
        let config = server.client_config().build();
        fake = Some(server);
        config
    } else {
        let mut builder = from_env.to_builder().region(region);
        if let Some(url) = &args.endpoint_url {
            builder = builder.endpoint_url(url.clone());
        }
        builder.build()
    };
    let client = Client::new(config);

    let mut paginator = client
        .list_workflow_runs()
        .workflow_arn(args.workflow_arn.clone())
        .into_paginator()
        .page_size(args.page_size);
    if let Some(max) = args.max_items {
        paginator = paginator.max_items(max);
    }
    // The page stream (rather than `.items()`) so the page count can be reported too;
    // items come out in the same order either way.
    let mut pages = paginator.send();
    if !args.json {
        print_row(ROW_HEADER);
    }
    let (mut runs, mut page_count) = (0usize, 0usize);
    while let Some(page) = pages.next().await {
        let page = page?;
        page_count += 1;
        for summary in page.workflow_runs.unwrap_or_default() {
            runs += 1;
            if args.json {
                println!("{}", run_json(&summary));
            } else {
                print_table_row(&summary);
            }
        }
    }
    let summary = format!("{runs} runs in {page_count} pages");
    if args.json {
        eprintln!("{summary}");
    } else {
        println!("{summary}");
    }
    if let Some(server) = fake {
        server.shutdown().await;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(ArgsError::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(ArgsError::Invalid(message)) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}", error_chain(error.as_ref()));
            ExitCode::FAILURE
        }
    }
}
