//! The benchmark contenders outside criterion, for profilers and for interleaved runs.
//!
//! `profile <case> [iterations]` runs one contender in a loop (the function `measured_loop`,
//! so callgrind can count only it) and prints its time per call:
//!
//! ```sh
//! cargo build --release -p mwaa-bench --example profile
//! valgrind --tool=callgrind --toggle-collect='*measured_loop*' \
//!     target/release/examples/profile parse-ours-deserialize-100 200
//! perf record -g target/release/examples/profile parse-ours-client-100 20000
//! ```
//!
//! `profile --interleave <case>,<case>,... [rounds] [iterations]` runs the contenders in turn,
//! `iterations` calls each per round, for `rounds` rounds (default 30 × 100), and prints each
//! one's thread CPU time per call (min/median/max over rounds) and its ratio to the first
//! case (the median of the per-round ratios). Contenders measured side by side see the same
//! machine load, so on a busy machine the ratios are much steadier than separate runs.
//!
//! Cases (timed as in the criterion benchmarks: decoders without dropping their output,
//! whole calls with it):
//! `parse-{ours-deserialize,ours-parse-response,official-phase,floor,ours-client,official-client}-{100,1mb}`,
//! the experiments `parse-{ours,floor}-from-str-{100,1mb}` (the body read through serde_json's
//! `from_str` after one UTF-8 check),
//! `call-overhead-{ours,official}`,
//! `serialize-{ours-to-vec,floor,ours-client,official-client,ours-client-minimal,official-client-minimal}`.

use std::hint::black_box;
use std::time::Duration;

use awsgen_runtime::client::test_util::StubTransport;
use awsgen_runtime::json;
use awsgen_runtime::protocol::parse_response;
use awsgen_runtime::spec::Protocol;
use awsgen_runtime::RawResponse;
use bytes::Bytes;
use mwaa_bench::bodies::{self, CONTENT_TYPE, REQUEST_ID, WORKFLOW_ARN};
use mwaa_bench::clients::{self, official, ours};
use mwaa_bench::floor::ListWorkflowRunsFloor;
use mwaa_bench::measure::thread_cpu;
use mwaa_serverless::operation::list_workflow_runs::{
    ListWorkflowRunsError, ListWorkflowRunsOutput,
};
use tokio::runtime::Runtime;

/// One call of a contender, returning the thread CPU time it took.
type Case = Box<dyn FnMut() -> Duration>;

/// Times `f` on the thread CPU clock; its output is dropped after.
fn timed<T>(f: impl FnOnce() -> T) -> Duration {
    let start = thread_cpu();
    let out = f();
    let took = thread_cpu().saturating_sub(start);
    drop(black_box(out));
    took
}

fn case(name: &str, rt: &'static Runtime) -> Option<Case> {
    let (stem, size) = name.rsplit_once('-').unwrap_or((name, ""));
    let body = Bytes::from(match size {
        "1mb" => bodies::body_of_at_least(1_000_000).0,
        "100" => bodies::page_body(0, 2),
        _ => br#"{"WorkflowRuns":[]}"#.to_vec(),
    });
    let create_response = Bytes::from_static(bodies::create_workflow::RESPONSE.as_bytes());
    let ours_stub = |response: Bytes| {
        let stub = StubTransport::new();
        (
            ours::stub_client(stub.clone()),
            stub,
            ours::response(response),
        )
    };
    Some(match (stem, name) {
        ("parse-ours-deserialize", _) => Box::new(move || {
            timed(|| json::from_slice::<ListWorkflowRunsOutput>(black_box(&body)).unwrap())
        }),
        ("parse-ours-parse-response", _) => {
            let raw = RawResponse::new(200, body)
                .with_header("content-type", CONTENT_TYPE)
                .with_header("x-amzn-requestid", REQUEST_ID);
            Box::new(move || {
                let input = raw.clone();
                timed(|| {
                    parse_response(
                        Protocol::AwsJson1_0,
                        input,
                        awsgen_runtime::protocol::aws_json::parse_output::<ListWorkflowRunsOutput>,
                        ListWorkflowRunsError::from_response,
                    )
                    .unwrap()
                })
            })
        }
        ("parse-official-phase", _) => {
            let timer = official::DeserializationTimer::new(thread_cpu);
            let client = official::canned_client_timed(body, timer.clone());
            Box::new(move || {
                timer.take();
                drop(
                    rt.block_on(
                        client
                            .list_workflow_runs()
                            .workflow_arn(WORKFLOW_ARN)
                            .send(),
                    )
                    .unwrap(),
                );
                timer.take().0
            })
        }
        // Experiment (not a benchmark contender): our generated decoder on serde_json's `StrRead`
        // (the body validated as UTF-8 once, then `Deserializer::from_str`) instead of
        // `SliceRead`, which validates every string it reads. Built from the runtime's public
        // codec API; `json::from_slice` would do this if it took this route.
        ("parse-ours-from-str", _) => Box::new(move || {
            timed(|| {
                let text = std::str::from_utf8(black_box(&body)).unwrap();
                let mut trail = json::Trail::default();
                let mut de = serde_json::Deserializer::from_str(text);
                let out =
                    <json::Shape<ListWorkflowRunsOutput> as json::Decode>::de(&mut de, &mut trail)
                        .unwrap();
                de.end().unwrap();
                out
            })
        }),
        ("parse-floor-from-str", _) => Box::new(move || {
            timed(|| {
                let text = std::str::from_utf8(black_box(&body)).unwrap();
                serde_json::from_str::<ListWorkflowRunsFloor>(text).unwrap()
            })
        }),
        ("parse-floor", _) => Box::new(move || {
            timed(|| serde_json::from_slice::<ListWorkflowRunsFloor>(black_box(&body)).unwrap())
        }),
        ("parse-ours-client", _) | (_, "call-overhead-ours") => {
            let (client, stub, response) = ours_stub(body);
            Box::new(move || {
                timed(|| {
                    stub.expect(ours::LIST_WORKFLOW_RUNS, None, response.clone());
                    drop(
                        rt.block_on(
                            client
                                .list_workflow_runs()
                                .workflow_arn(WORKFLOW_ARN)
                                .send(),
                        )
                        .unwrap(),
                    );
                })
            })
        }
        ("parse-official-client", _) | (_, "call-overhead-official") => {
            let client = official::canned_client(body);
            Box::new(move || {
                timed(|| {
                    drop(
                        rt.block_on(
                            client
                                .list_workflow_runs()
                                .workflow_arn(WORKFLOW_ARN)
                                .send(),
                        )
                        .unwrap(),
                    )
                })
            })
        }
        (_, "serialize-ours-to-vec") => {
            let input = ours::create_workflow_input(false);
            Box::new(move || timed(|| json::to_vec(black_box(&input))))
        }
        (_, "serialize-floor") => {
            let floor = clients::floor::create_workflow(false);
            Box::new(move || timed(|| serde_json::to_vec(black_box(&floor)).unwrap()))
        }
        (_, "serialize-ours-client" | "serialize-ours-client-minimal") => {
            let (client, stub, response) = ours_stub(create_response);
            let call = if name.ends_with("minimal") {
                ours::create_workflow_minimal
            } else {
                ours::create_workflow_call
            };
            Box::new(move || {
                timed(|| {
                    stub.expect(ours::CREATE_WORKFLOW, None, response.clone());
                    drop(rt.block_on(call(&client).send()).unwrap());
                })
            })
        }
        (_, "serialize-official-client" | "serialize-official-client-minimal") => {
            let client = official::canned_client(create_response);
            let call = if name.ends_with("minimal") {
                official::create_workflow_minimal
            } else {
                official::create_workflow_call
            };
            Box::new(move || timed(|| drop(rt.block_on(call(&client).send()).unwrap())))
        }
        _ => return None,
    })
}

#[inline(never)]
fn measured_loop(iterations: usize, run: &mut Case) -> Duration {
    (0..iterations).map(|_| run()).sum()
}

fn usage() -> ! {
    eprintln!("usage: profile <case> [iterations] | profile --interleave <case>,<case>,... [rounds] [iterations]");
    std::process::exit(2)
}

fn number(arg: Option<String>, default: usize) -> usize {
    arg.map_or(default, |n| n.parse().unwrap_or_else(|_| usage()))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let first = args.next().unwrap_or_else(|| usage());
    let rt: &'static Runtime = Box::leak(Box::new(clients::runtime()));
    let make = |name: &str| {
        case(name, rt).unwrap_or_else(|| {
            eprintln!("unknown case {name:?} (see the source for the list)");
            std::process::exit(2)
        })
    };

    if first != "--interleave" {
        let iterations = number(args.next(), 1000).max(1);
        let mut run = make(&first);
        run(); // first-call initialisation stays out of the loop
        let start = std::time::Instant::now();
        let cpu = measured_loop(iterations, &mut run);
        let n = iterations as u32;
        println!(
            "{first}: {iterations} calls, {:?} wall, {:?} thread CPU per call",
            start.elapsed() / n,
            cpu / n
        );
        return;
    }

    let names: Vec<String> = args
        .next()
        .unwrap_or_else(|| usage())
        .split(',')
        .map(str::to_owned)
        .collect();
    let rounds = number(args.next(), 30).max(1);
    let iterations = number(args.next(), 100).max(1);
    let mut cases: Vec<Case> = names.iter().map(|n| make(n)).collect();
    for run in &mut cases {
        measured_loop(iterations.div_ceil(10), run); // warm-up
    }
    // per_call[case][round], in seconds
    let mut per_call = vec![Vec::with_capacity(rounds); cases.len()];
    for round in 0..rounds {
        // Rotate the order each round so no contender always follows the same one.
        for k in 0..cases.len() {
            let i = (k + round) % cases.len();
            per_call[i]
                .push(measured_loop(iterations, &mut cases[i]).as_secs_f64() / iterations as f64);
        }
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        (v[0], v[v.len() / 2], v[v.len() - 1])
    };
    println!("{rounds} rounds × {iterations} calls, thread CPU time per call; ratio = median over rounds of case / {}", names[0]);
    println!("| case | min µs | median µs | max µs | ratio |\n|---|---|---|---|---|");
    for (i, name) in names.iter().enumerate() {
        let (min, med, max) = median(per_call[i].clone());
        let (_, ratio, _) = median(
            per_call[i]
                .iter()
                .zip(&per_call[0])
                .map(|(a, b)| a / b)
                .collect(),
        );
        println!(
            "| {name} | {:.1} | {:.1} | {:.1} | {ratio:.2} |",
            min * 1e6,
            med * 1e6,
            max * 1e6
        );
    }
}
