//! Paging through 100,000 runs (1,000 pages of 100) from a loopback HTTP server, item by
//! item: ours (`into_paginator().page_size(100).items()`) against the official SDK
//! (`into_paginator().page_size(100).items().send()`).
//!
//! A plain binary (`harness = false`, no criterion): each repetition is one full pass of
//! 1,000 sequential requests, long enough (hundreds of milliseconds) that per-pass timing is
//! stable, and the figures wanted are per-page CPU time and allocations, which criterion
//! does not measure. After one unmeasured warm-up pass per client (connection pooled, caches
//! filled), the clients alternate for `--reps` repetitions (default 5; the first client
//! alternates too), and min/median/max are printed per page:
//!
//! - wall time per page (and items per second);
//! - client CPU per page: process CPU time (`CLOCK_PROCESS_CPUTIME_ID`, all threads) minus the
//!   server thread's (`pthread_getcpuclockid`), so the server's cost, the same for both, is
//!   left out; the server's own CPU per page is printed as a check;
//! - allocations per page (calls and bytes) by the counting global allocator below, the
//!   server thread excluded.
//!
//! Both clients use the default (standard) retry configuration, static credentials, region
//! `us-east-1` with the endpoint overridden to `http://127.0.0.1:port`, and run on the same
//! current-thread Tokio runtime on the main thread. Transports: ours its default hyper-util
//! transport (HTTP/1.1, pooled); the official SDK the `LoopbackConnector` of this crate over
//! the same hyper-util client (see `mwaa_bench::official_http`).
//!
//! Options: `--reps N`, `--pages N` (of 100 runs), `--only ours|official`.

use std::time::{Duration, Instant};

use futures_util::TryStreamExt;
use mwaa_bench::bodies::{self, PAGE_SIZE, WORKFLOW_ARN};
use mwaa_bench::clients::{self, official, ours};
use mwaa_bench::measure::{process_cpu, Allocations, CountingAllocator};
use mwaa_bench::server::PageServer;

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

#[derive(Clone, Copy, Debug)]
struct Sample {
    wall: Duration,
    client_cpu: Duration,
    server_cpu: Duration,
    allocs: Allocations,
}

struct Args {
    reps: usize,
    pages: usize,
    only: Option<String>,
}

fn args() -> Args {
    let mut args = Args {
        reps: 5,
        pages: 1000,
        only: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().unwrap_or_else(|| panic!("{name} needs a value"));
        match arg.as_str() {
            "--reps" => args.reps = value("--reps").parse().expect("--reps N"),
            "--pages" => args.pages = value("--pages").parse().expect("--pages N"),
            "--only" => args.only = Some(value("--only")),
            // `cargo bench` passes `--bench`; filters and other flags are not used here.
            _ => {}
        }
    }
    assert!(
        args.reps > 0 && args.pages > 0,
        "--reps and --pages must be positive"
    );
    args
}

async fn ours_pass(client: &mwaa_serverless::Client) -> (usize, Option<String>) {
    let mut items = client
        .list_workflow_runs()
        .workflow_arn(WORKFLOW_ARN)
        .into_paginator()
        .page_size(100)
        .items();
    let (mut count, mut last) = (0, None);
    while let Some(run) = items.try_next().await.expect("ours: a page") {
        count += 1;
        last = run.run_id;
    }
    (count, last)
}

async fn official_pass(client: &aws_sdk_mwaaserverless::Client) -> (usize, Option<String>) {
    let mut items = client
        .list_workflow_runs()
        .workflow_arn(WORKFLOW_ARN)
        .into_paginator()
        .page_size(100)
        .items()
        .send();
    let (mut count, mut last) = (0, None);
    while let Some(run) = items.try_next().await.expect("official: a page") {
        count += 1;
        last = run.run_id;
    }
    (count, last)
}

fn measure(
    server: &PageServer,
    expected: usize,
    pass: impl FnOnce() -> (usize, Option<String>),
) -> Sample {
    let (cpu0, server0, allocs0) = (process_cpu(), server.cpu(), Allocations::now());
    let start = Instant::now();
    let (count, last) = pass();
    let wall = start.elapsed();
    let allocs = Allocations::since(allocs0);
    let server_cpu = server.cpu() - server0;
    let client_cpu = (process_cpu() - cpu0).saturating_sub(server_cpu);
    assert_eq!(count, expected, "items seen");
    assert_eq!(last, Some(bodies::run_id(expected - 1)), "last run id");
    Sample {
        wall,
        client_cpu,
        server_cpu,
        allocs,
    }
}

/// min, median, max
fn stats(mut values: Vec<f64>) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    (
        values[0],
        values[values.len() / 2],
        values[values.len() - 1],
    )
}

fn row(label: &str, unit: &str, values: Vec<f64>) -> f64 {
    let (min, median, max) = stats(values);
    println!("| {label} | {min:.1} | {median:.1} | {max:.1} | {unit} |");
    median
}

fn report(name: &str, samples: &[Sample], pages: usize) -> [f64; 4] {
    let per_page = |f: &dyn Fn(&Sample) -> f64| samples.iter().map(f).collect::<Vec<_>>();
    let p = pages as f64;
    println!(
        "\n{name} ({} repetitions of {pages} pages):\n",
        samples.len()
    );
    println!("| per page | min | median | max | unit |\n|---|---|---|---|---|");
    let wall = row(
        "wall time",
        "µs",
        per_page(&|s| s.wall.as_secs_f64() * 1e6 / p),
    );
    let cpu = row(
        "client CPU",
        "µs",
        per_page(&|s| s.client_cpu.as_secs_f64() * 1e6 / p),
    );
    row(
        "server CPU (same server)",
        "µs",
        per_page(&|s| s.server_cpu.as_secs_f64() * 1e6 / p),
    );
    let calls = row(
        "allocations",
        "calls",
        per_page(&|s| s.allocs.calls as f64 / p),
    );
    let bytes = row(
        "allocated",
        "KiB",
        per_page(&|s| s.allocs.bytes as f64 / 1024.0 / p),
    );
    let items = per_page(&|s| (pages * PAGE_SIZE) as f64 / s.wall.as_secs_f64());
    let (min, median, max) = stats(items);
    println!("| throughput (whole pass) | {min:.0} | {median:.0} | {max:.0} | items/s |");
    [wall, cpu, calls, bytes]
}

fn main() {
    let args = args();
    let expected = args.pages * PAGE_SIZE;
    let server = PageServer::start(args.pages).expect("the loopback server starts");
    let rt = clients::runtime();
    let ours_client = ours::loopback_client(&server.url());
    let official_client = official::loopback_client(&server.url());
    let run_ours = args.only.as_deref() != Some("official");
    let run_official = args.only.as_deref() != Some("ours");

    let ours_sample = || measure(&server, expected, || rt.block_on(ours_pass(&ours_client)));
    let official_sample = || {
        measure(&server, expected, || {
            rt.block_on(official_pass(&official_client))
        })
    };

    // Warm-up: a pass each, unmeasured.
    if run_ours {
        ours_sample();
    }
    if run_official {
        official_sample();
    }
    let (mut ours_samples, mut official_samples) = (Vec::new(), Vec::new());
    for rep in 0..args.reps {
        if rep.is_multiple_of(2) {
            if run_ours {
                ours_samples.push(ours_sample());
            }
            if run_official {
                official_samples.push(official_sample());
            }
        } else {
            if run_official {
                official_samples.push(official_sample());
            }
            if run_ours {
                ours_samples.push(ours_sample());
            }
        }
    }

    println!(
        "paginate: {expected} runs in {} pages of {PAGE_SIZE} from {}",
        args.pages,
        server.url()
    );
    let ours_medians =
        run_ours.then(|| report("ours (mwaa-serverless)", &ours_samples, args.pages));
    let official_medians = run_official.then(|| {
        report(
            "official (aws-sdk-mwaaserverless 1.32.0)",
            &official_samples,
            args.pages,
        )
    });
    if let (Some(o), Some(a)) = (ours_medians, official_medians) {
        println!("\nofficial / ours, medians:");
        println!(
            "- wall time per page (= ours' throughput / official's): {:.2}x",
            a[0] / o[0]
        );
        println!("- client CPU per page: {:.2}x", a[1] / o[1]);
        println!(
            "- allocations per page: {:.2}x calls, {:.2}x bytes",
            a[2] / o[2],
            a[3] / o[3]
        );
    }
    println!("\nrequests served: {}", server.requests());
}
