//! Our side of the waiter comparison with botocore (`botocore/waiters.py`): reads cases as
//! JSON on stdin and prints, for each, how our generated waiter ended.
//!
//! Input: `[{"service": "lambda", "waiter": "FunctionActive", "params": {..},
//! "responses": [{"status": 200, "headers": [["name", "value"], ..], "body": "text"}, ..]},
//! ..]`. Output: one entry per case, `{"state", "acceptor", "polls"}` (see
//! `mwaa_difftest::waiters::outcome`) or `{"rejected": "why"}`.

use mwaa_difftest::gen::WireResponse;
use serde_json::{json, Value};

fn main() {
    mwaa_difftest::wire::answer_cases(run);
}

fn run(case: &Value) -> Value {
    let service = case["service"].as_str().unwrap_or_default();
    let name = case["waiter"].as_str().unwrap_or_default();
    let Some(call) = waiter(service, name) else {
        return json!({ "rejected": format!("no waiter {service} {name} (built without ../shared?)") });
    };
    let responses: Vec<WireResponse> = case["responses"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| WireResponse::from_json("botocore", r))
        .collect();
    call(&case["params"], &responses)
}

/// The waiter `name` of restJson1 service `service`.
fn waiter(service: &str, name: &str) -> Option<mwaa_difftest::waiters::WaiterCall> {
    #[cfg(difftest_restjson1)]
    {
        let table = match service {
            "mwaa" => mwaa_difftest::restjson1::mwaa::WAITERS,
            "lambda" => mwaa_difftest::restjson1::lambda::WAITERS,
            _ => return None,
        };
        table
            .iter()
            .find(|(waiter, _, _)| *waiter == name)
            .map(|(_, _, call)| *call)
    }
    #[cfg(not(difftest_restjson1))]
    {
        let _ = (service, name);
        None
    }
}
