//! Our side of the waiter comparison with botocore (`botocore/waiters.py`): reads cases as
//! JSON on stdin and prints, for each, how our generated waiter ended.
//!
//! Input: `[{"service": "lambda", "waiter": "FunctionActive", "params": {..},
//! "responses": [{"status": 200, "headers": [["name", "value"], ..], "body": "text"}, ..]},
//! ..]`. Output: one entry per case, `{"state", "acceptor", "polls"}` (see
//! `mwaa_difftest::waiters::outcome`) or `{"rejected": "why"}`.
//!
//! With `--list` it prints the services instead: `{"services": {"eks": {"waiters":
//! {"ClusterActive": "DescribeCluster", ..}, "skipped": {"Name": "why", ..}}, ..},
//! "missing": ["dms", ..]}` (clients built without their model).

use mwaa_difftest::gen::WireResponse;
use mwaa_difftest::waiters::{service, services};
use serde_json::{json, Map, Value};

fn main() {
    if std::env::args().nth(1).as_deref() == Some("--list") {
        println!("{}", list());
        return;
    }
    mwaa_difftest::wire::answer_cases(run);
}

fn list() -> Value {
    let pairs = |items: &mut dyn Iterator<Item = (&str, &str)>| -> Map<String, Value> {
        items.map(|(k, v)| (k.to_owned(), json!(v))).collect()
    };
    let described: Map<String, Value> = services::SERVICES
        .iter()
        .map(|s| {
            let waiters = pairs(&mut s.waiters.iter().map(|(name, op, _)| (*name, *op)));
            let skipped = pairs(&mut s.skipped.iter().copied());
            (s.name.to_owned(), json!({ "waiters": waiters, "skipped": skipped }))
        })
        .collect();
    json!({ "services": described, "missing": services::MISSING })
}

fn run(case: &Value) -> Value {
    let service_name = case["service"].as_str().unwrap_or_default();
    let name = case["waiter"].as_str().unwrap_or_default();
    let call = service(service_name)
        .and_then(|s| s.waiters.iter().find(|(waiter, _, _)| *waiter == name))
        .map(|(_, _, call)| *call);
    let Some(call) = call else {
        return json!({ "rejected": format!("no waiter {service_name} {name} (built without ../shared?)") });
    };
    let responses: Vec<WireResponse> = case["responses"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| WireResponse::from_json("botocore", r))
        .collect();
    call(&case["params"], &responses)
}
