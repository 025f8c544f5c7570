//! Our side of the botocore comparison (`botocore/compare.py`), for every service of the
//! difftest (`mwaa_difftest::wire`):
//!
//! - `awsgen-wire --describe <service>` prints what our client of the service has
//!   (operations, their shapes and errors, structure members, operations left out);
//! - `awsgen-wire` reads cases as JSON on stdin and prints, for each, what our client sent
//!   and how it parsed the response.
//!
//! Input: `[{"service": "lambda", "operation": "GetFunction", "params": {..}, "response":
//! {"status": 200, "headers": [["name", "value"], ..], "body": "text" or "body_base64":
//! "..."}}, ..]` (`service` defaults to `mwaa-serverless`). Output: one entry per case:
//! `{"rejected": "why"}` or `{"request": {"method", "uri", "headers", "body_base64",
//! "body"}, "result": ..}` with `result` in the canonical form of
//! `mwaa_difftest::clients::Outcome` (timestamps `@<epoch nanoseconds>`, blobs as lists of
//! bytes).

use mwaa_difftest::wire;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, service] = args.as_slice() {
        if flag == "--describe" {
            println!("{}", wire::describe(service));
            return;
        }
    }
    if !args.is_empty() {
        eprintln!("usage: awsgen-wire [--describe <service>] < cases.json");
        std::process::exit(2);
    }
    wire::answer_cases(wire::run_case);
}
