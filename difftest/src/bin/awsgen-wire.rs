//! Our side of the botocore comparison (`botocore/compare.py`): reads cases as JSON on
//! stdin and prints, for each, what our client sent and how it parsed the response.
//!
//! Input: `[{"operation": "ListWorkflowRuns", "params": {..}, "response": {"status": 200,
//! "headers": [["name", "value"], ..], "body": "text"}}, ..]`.
//! Output: one entry per case: `{"rejected": "why"}` or `{"request": {"method", "uri",
//! "target", "content_type", "body"}, "result": ..}` with `result` in the canonical form of
//! `mwaa_difftest::clients::Outcome` (timestamps `@<epoch nanoseconds>`).

use std::io::Read;

use mwaa_difftest::clients::Outcome;
use mwaa_difftest::gen::WireResponse;
use mwaa_difftest::ops::OPS;
use serde_json::{json, Value};

fn main() {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .expect("cases on stdin");
    let cases: Vec<Value> = serde_json::from_str(&input).expect("cases are a JSON array");
    let results: Vec<Value> = cases.iter().map(run).collect();
    println!("{}", Value::Array(results));
}

fn run(case: &Value) -> Value {
    let name = case["operation"].as_str().expect("operation");
    let Some(op) = OPS.iter().find(|o| o.name == name) else {
        return json!({ "rejected": format!("unknown operation {name}") });
    };
    let r = &case["response"];
    let response = WireResponse::from_json("botocore", r);
    match (op.ours)(&case["params"], &response) {
        Outcome::Rejected(why) => json!({ "rejected": why }),
        Outcome::Sent { request, result } => json!({
            "request": {
                "method": request.method,
                "uri": request.uri,
                "target": request.header("x-amz-target"),
                "content_type": request.header("content-type"),
                "body": serde_json::from_slice::<Value>(&request.body)
                    .unwrap_or_else(|e| Value::String(format!("not JSON: {e}"))),
            },
            "result": result,
        }),
    }
}
