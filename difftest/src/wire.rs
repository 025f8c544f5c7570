//! The JSON interface of our side to the Python scripts (`botocore/compare.py`,
//! `botocore/waiters.py`): cases come in on stdin, results go out on stdout.

use std::io::Read;

use base64::Engine as _;
use serde_json::{json, Map, Value};

use crate::clients::{Captured, Outcome};
use crate::gen::WireResponse;
use crate::model::short;
use crate::service::{self, Service};

/// Reads a JSON array of cases on stdin and prints the array of `run`'s answers, one per
/// case, on stdout: the protocol of the scripts' drivers. Exits with a message if stdin
/// is not such an array.
pub fn answer_cases(run: impl Fn(&Value) -> Value) {
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("reading the cases from stdin: {e}");
        std::process::exit(2);
    }
    let cases: Vec<Value> = serde_json::from_str(&input).unwrap_or_else(|e| {
        eprintln!("the cases on stdin are not a JSON array: {e}");
        std::process::exit(2);
    });
    println!("{}", Value::Array(cases.iter().map(run).collect()));
}

/// What our client of `service` has, for the script to generate only what both sides
/// know: per operation its input and output shape names and its errors; the members of
/// every structure and union with the bounds our builders check and their `@default`s; the
/// operations the comparison leaves out, with why. `{"unavailable": why}` for a restJson1
/// service built without the corpus.
pub fn describe(name: &str) -> Value {
    let Some(service) = service::by_name(name) else {
        return json!({ "unavailable": format!(
            "no service {name} in this build (restJson1 services need ../shared/models/corpus-restjson1 at build time)"
        ) });
    };
    let operations: Map<String, Value> = service
        .ops
        .iter()
        .map(|op| {
            let op = service.model.operation(op.name);
            let errors: Vec<&str> = op.errors.iter().map(|e| short(e)).collect();
            let entry = json!({
                "input": short(&op.input),
                "output": short(&op.output),
                "errors": errors,
            });
            (op.name.clone(), entry)
        })
        .collect();
    let left_out: Map<String, Value> = service::skipped_operations_of(service)
        .iter()
        .map(|(op, why)| ((*op).to_owned(), Value::from(*why)))
        .collect();
    json!({
        "operations": operations,
        "shapes": service.model.member_bounds_by_shape(),
        "left_out": left_out,
    })
}

/// Runs one case (`{"service", "operation", "params", "response"}`; the service defaults
/// to `mwaa-serverless`) through our client: `{"rejected": why}`, or what it sent
/// (`request`) and how it read the response (`result`, the canonical form of
/// [`Outcome`]).
pub fn run_case(case: &Value) -> Value {
    let service_name = case["service"].as_str().unwrap_or("mwaa-serverless");
    let name = case["operation"].as_str().unwrap_or_default();
    let Some(op) = service::by_name(service_name)
        .and_then(|s: &Service| s.ops.iter().find(|o| o.name == name))
    else {
        return json!({ "rejected": format!("no operation {service_name} {name}") });
    };
    let response = WireResponse::from_json("botocore", &case["response"]);
    match (op.ours)(&case["params"], &response) {
        Outcome::Rejected(why) => json!({ "rejected": why }),
        Outcome::Sent { request, result } => {
            json!({ "request": request_json(&request), "result": result })
        }
    }
}

/// A request as JSON: method, URI, headers in order, the body as bytes (base64) and, when
/// it is JSON, as a value.
fn request_json(request: &Captured) -> Value {
    json!({
        "method": request.method,
        "uri": request.uri,
        "headers": request.headers.iter().map(|(n, v)| json!([n, v])).collect::<Vec<_>>(),
        "body_base64": base64::engine::general_purpose::STANDARD.encode(&request.body),
        "body": serde_json::from_slice::<Value>(&request.body).ok(),
    })
}
