//! `fake-mwaa-serverless [RUNS]`: serves the embedded fake MWAA Serverless service on loopback
//! until killed, for programs outside the test suite (the `cargo xtask bench-build` probes,
//! other SDKs). Prints the endpoint, the workflow ARN and the environment to sign with.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use mwaa_demo::fake_server::{FakeServer, DEFAULT_RUN_COUNT, DEMO_WORKFLOW_ARN};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let runs = match std::env::args().nth(1).map(|a| a.parse::<usize>()) {
        None => DEFAULT_RUN_COUNT,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("usage: fake-mwaa-serverless [RUNS] (default {DEFAULT_RUN_COUNT})");
            return ExitCode::from(2);
        }
    };
    let server = match FakeServer::builder().runs(runs).start().await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("error: could not start the fake service: {e}");
            return ExitCode::FAILURE;
        }
    };
    let credentials = server.credentials();
    println!("endpoint: {}", server.base_url());
    println!("workflow: {DEMO_WORKFLOW_ARN} ({runs} runs)");
    println!(
        "env: AWS_ACCESS_KEY_ID={} AWS_SECRET_ACCESS_KEY={} AWS_REGION={}",
        credentials.access_key_id,
        credentials.secret_access_key,
        server.region()
    );
    // Serve until the process is killed.
    std::future::pending::<()>().await;
    ExitCode::SUCCESS
}
