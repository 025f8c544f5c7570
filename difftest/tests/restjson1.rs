//! restJson1: our clients of MWAA (classic) and Lambda, generated from the shared corpus at
//! build time (`difftest/clients/`), against `aws-sdk-mwaa` and `aws-sdk-lambda`, per
//! operation: `DIFFTEST_CASES` request cases and as many response cases (default 500 each;
//! `DIFFTEST_SEED` varies them; `DIFFTEST_OPERATIONS=InvokeAsync,Invoke` runs only those).
//! Without `../shared` the tests skip, except under `CI=true`.

use mwaa_difftest::harness::run_operation;
use mwaa_difftest::service::{restjson1, Service};

/// The service, or `None` (skip) when the shared corpus was absent at build time.
fn service(name: &str) -> Option<&'static Service> {
    let service = restjson1(name);
    if service.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but the restJson1 difftest was built without ../shared/models/corpus-restjson1"
        );
        eprintln!(
            "skipped: the restJson1 difftest ({name}) needs ../shared/models/corpus-restjson1 \
             beside the checkout (or DIFFTEST_RESTJSON1_DIR) at build time"
        );
    }
    service
}

/// Runs every operation of `name` whose index modulo `parts` is `part` (tests run in
/// parallel: the large service is split); only those named in `DIFFTEST_OPERATIONS`
/// (comma-separated) if it is set.
fn run(name: &str, part: usize, parts: usize) {
    let Some(service) = service(name) else { return };
    let only = std::env::var("DIFFTEST_OPERATIONS").ok();
    let selected = |op: &str| {
        only.as_deref()
            .is_none_or(|list| list.split(',').any(|o| o.trim() == op))
    };
    for op in service.ops.iter().skip(part).step_by(parts) {
        if selected(op.name) {
            run_operation(service, op.name);
        }
    }
}

#[test]
fn mwaa() {
    run("mwaa", 0, 1);
}

#[test]
fn lambda_1_of_2() {
    run("lambda", 0, 2);
}

#[test]
fn lambda_2_of_2() {
    run("lambda", 1, 2);
}

/// Every operation of the models is compared, or left out by our generator with a reason
/// (event-stream operations today).
#[test]
fn every_operation_is_compared_or_left_out() {
    for name in ["mwaa", "lambda"] {
        let Some(service) = service(name) else { return };
        let skipped = mwaa_difftest::service::skipped_operations(name);
        for op in service.model.operations() {
            let compared = service.ops.iter().any(|o| o.name == op.name);
            let left_out = skipped.iter().find(|(n, _)| *n == op.name);
            assert!(
                compared != left_out.is_some(),
                "{name} {}: compared {compared}, left out {left_out:?}",
                op.name
            );
            if let Some((_, reason)) = left_out {
                eprintln!("{name} {}: not compared ({reason})", op.name);
            }
        }
        assert!(service.ops.len() >= service.model.operations().len() / 2);
    }
}
