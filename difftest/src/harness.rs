//! The property runs against the official SDK: for each operation, a run of request cases
//! (any input, including ones that break constraints) and a run of response cases (valid
//! inputs), each case sent through both clients with the same generated response.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::Value;

use crate::clients::Outcome;
use crate::compare::{self, ResponseNote};
use crate::gen::{self, WireResponse};
use crate::model::{violations, Operation};
use crate::service::Service;

/// Cases per run: `DIFFTEST_CASES`, default 500.
pub fn cases() -> u32 {
    std::env::var("DIFFTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500)
}

/// The seed of a run: `DIFFTEST_SEED` (a number) mixed with the run's name, so runs are
/// reproducible by default and vary on request.
pub fn seed(name: &str) -> [u8; 32] {
    let base: u64 = std::env::var("DIFFTEST_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ base;
    let mut out = [0u8; 32];
    for (i, chunk) in out.chunks_mut(8).enumerate() {
        for b in name.bytes().chain([i as u8]) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        chunk.copy_from_slice(&h.to_le_bytes());
    }
    out
}

/// Counts of one operation's runs.
#[derive(Debug, Default)]
pub struct Stats {
    /// Request cases run.
    pub request_cases: usize,
    /// Response cases run.
    pub response_cases: usize,
    /// Cases both clients sent (request and response compared).
    pub compared: usize,
    /// Of those, bodies byte-identical.
    pub bytes_identical: usize,
    /// Of those, with the official SDK's `@httpQuery` query string (deviation 1).
    pub official_query: usize,
    /// Inputs breaking `@required`/`@length`/`@range`: ours refused, the official SDK sent.
    pub refused_by_ours: usize,
    /// Inputs both refused (a nested required member missing).
    pub refused_by_both: usize,
    /// Responses by kind (`success`, `error:Code`, `unmodeled`, `non-json`).
    pub kinds: BTreeMap<String, usize>,
    /// Responses both failed to parse.
    pub malformed: usize,
    /// Error responses without a code where ours kept request id and message (deviation 2).
    pub metadata_kept: usize,
    /// Error bodies with `message` where ours filled the `Message` member (deviation 3).
    pub message_member: usize,
    /// Whitespace-only success bodies, an empty output for ours (deviation 4).
    pub blank_body: usize,
    /// Fractional epoch-seconds timestamps the official SDK read some nanoseconds off
    /// (deviation 8).
    pub epoch_float: usize,
    /// Empty `@httpLabel` strings: both refused them before sending.
    pub empty_label: usize,
    /// Requests without a body where the official SDK sent a `Content-Type` (deviation 11).
    pub content_type_without_body: usize,
    /// Header members holding control characters: both refused them before sending.
    pub header_control: usize,
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "request cases {}, response cases {}, compared {} (bodies byte-identical {}, official query {}), \
             refused by ours only {} (invalid input), by both {}, malformed for both {}, metadata kept without code {}, Message from `message` {}, blank body {}, epoch seconds through f64 {}, empty label refused by both {}, Content-Type without body {}, control characters in headers refused by both {}; kinds {:?}",
            self.request_cases,
            self.response_cases,
            self.compared,
            self.bytes_identical,
            self.official_query,
            self.refused_by_ours,
            self.refused_by_both,
            self.malformed,
            self.metadata_kept,
            self.message_member,
            self.blank_body,
            self.epoch_float,
            self.empty_label,
            self.content_type_without_body,
            self.header_control,
            self.kinds
        )
    }
}

/// Runs one case through both clients and compares.
pub fn check_case(
    service: &Service,
    op: &Operation,
    params: &Value,
    response: &WireResponse,
    stats: &mut Stats,
) -> Result<(), String> {
    let entry = service.op(&op.name);
    let official = entry
        .official
        .ok_or_else(|| format!("{} is not in the official SDK", op.name))?;
    let broken = violations(service.model, &op.input, params);
    let context = || {
        let body = String::from_utf8_lossy(&response.body);
        format!(
            "\n  params   {}\n  response {} {:?} {:?}",
            clip(&params.to_string()),
            response.status,
            response.headers,
            clip(&body)
        )
    };
    match (official(params, response), (entry.ours)(params, response)) {
        (
            Outcome::Sent {
                request: o_req,
                result: o_res,
            },
            Outcome::Sent {
                request: u_req,
                result: u_res,
            },
        ) => {
            if !broken.is_empty() {
                return Err(format!(
                    "ours sent an input that breaks {broken:?}{}",
                    context()
                ));
            }
            let notes = compare::requests(service, op, params, &o_req, &u_req)
                .map_err(|e| format!("request: {e}{}", context()))?;
            let note = compare::responses(service, op, response, &o_res, &u_res)
                .map_err(|e| format!("response: {e}{}", context()))?;
            stats.compared += 1;
            stats.bytes_identical += usize::from(notes.bytes_identical);
            stats.official_query += usize::from(notes.official_query);
            stats.content_type_without_body += usize::from(notes.content_type_without_body);
            stats.metadata_kept += usize::from(note == ResponseNote::MetadataKeptWithoutCode);
            stats.message_member +=
                usize::from(note == ResponseNote::MessageMemberFromLowercaseKey);
            stats.blank_body += usize::from(note == ResponseNote::BlankBodyIsEmptyOutput);
            stats.epoch_float += usize::from(note == ResponseNote::EpochSecondsThroughFloat);
            stats.malformed += usize::from(o_res.get("failure").is_some());
            *stats.kinds.entry(response.kind.clone()).or_default() += 1;
            Ok(())
        }
        (Outcome::Sent { .. }, Outcome::Rejected(why)) => {
            if broken.is_empty() {
                return Err(format!("ours refused a valid input: {why}{}", context()));
            }
            stats.refused_by_ours += 1;
            Ok(())
        }
        // Both refuse an input the model allows but HTTP cannot carry, before sending: an
        // empty string for a label (it would address another resource) or control
        // characters in a header value.
        (Outcome::Rejected(why), Outcome::Rejected(ours))
            if broken.is_empty()
                && why.contains("cannot be empty")
                && ours.contains("is empty")
                && has_empty_label(service, op, params) =>
        {
            stats.empty_label += 1;
            Ok(())
        }
        (Outcome::Rejected(why), Outcome::Rejected(ours))
            if broken.is_empty()
                && why.contains("cannot be used as a header value")
                && ours.contains("not a valid header value")
                && header_with_control(service, op, params) =>
        {
            stats.header_control += 1;
            Ok(())
        }
        (Outcome::Rejected(why), Outcome::Rejected(ours)) => {
            if broken.is_empty() {
                return Err(format!(
                    "both refused a valid input: {why} / {ours}{}",
                    context()
                ));
            }
            stats.refused_by_both += 1;
            Ok(())
        }
        (Outcome::Rejected(why), Outcome::Sent { .. }) => Err(format!(
            "the official SDK refused ({why}) an input ours sent (breaks {broken:?}){}",
            context()
        )),
    }
}

/// Whether a `@httpLabel` member of the input is the empty string in `params`.
fn has_empty_label(service: &Service, op: &Operation, params: &Value) -> bool {
    service
        .model
        .members(&op.input)
        .iter()
        .any(|m| m.has("smithy.api#httpLabel") && params.get(&m.name) == Some(&Value::from("")))
}

/// The characters HTTP forbids in a header value: ASCII controls but tab (bytes from 0x80
/// up, as in UTF-8 text, are `obs-text` and allowed).
fn forbidden_in_header(c: char) -> bool {
    c.is_ascii_control() && c != '\t'
}

/// Whether a header-bound string of the input holds a control character in `params`.
fn header_with_control(service: &Service, op: &Operation, params: &Value) -> bool {
    let control = |v: &Value| v.as_str().is_some_and(|s| s.chars().any(forbidden_in_header));
    service.model.members(&op.input).iter().any(|m| {
        m.http_header().is_some()
            && params.get(&m.name).is_some_and(|v| {
                control(v) || v.as_array().is_some_and(|items| items.iter().any(control))
            })
    })
}

/// Both runs for operation `name` of `service`; panics with the (shrunk) failing case.
pub fn run_operation(service: &Service, name: &str) -> Stats {
    let started = std::time::Instant::now();
    let op = service.model.operation(name);
    let stats = RefCell::new(Stats::default());
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        max_shrink_iters: 512,
        ..Config::default()
    };

    let mut runner = TestRunner::new_with_rng(
        config.clone(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed(&format!("{name}/requests"))),
    );
    let skip = service.skipped_members(name);
    let requests = (
        gen::params(service.model, &op),
        gen::response(service, &op, &skip),
    );
    let result = runner.run(&requests, |(params, response)| {
        let mut stats = stats.borrow_mut();
        stats.request_cases += 1;
        check_case(service, &op, &params, &response, &mut stats).map_err(TestCaseError::fail)
    });
    if let Err(e) = result {
        panic!("{} {name}, request cases: {e}", service.name);
    }

    let mut runner = TestRunner::new_with_rng(
        config,
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed(&format!("{name}/responses"))),
    );
    let valid = gen::params(service.model, &op).prop_filter("valid input", |p| {
        violations(service.model, &op.input, p).is_empty()
    });
    let responses = (valid, gen::response(service, &op, &skip));
    let result = runner.run(&responses, |(params, response)| {
        let mut stats = stats.borrow_mut();
        stats.response_cases += 1;
        check_case(service, &op, &params, &response, &mut stats).map_err(TestCaseError::fail)
    });
    if let Err(e) = result {
        panic!("{} {name}, response cases: {e}", service.name);
    }
    let stats = stats.into_inner();
    eprintln!(
        "difftest {} {name} ({:.1} s): {stats}",
        service.name,
        started.elapsed().as_secs_f64()
    );
    if cases() >= 200 {
        // every kind of response was seen
        let mut want = vec![
            "success".to_owned(),
            "unmodeled".to_owned(),
            "non-json".to_owned(),
        ];
        want.extend(
            op.errors
                .iter()
                .map(|e| format!("error:{}", crate::model::short(e))),
        );
        for kind in want {
            assert!(
                stats.kinds.get(&kind).is_some_and(|n| *n > 0),
                "{name}: no {kind} response in {} cases",
                cases()
            );
        }
        let constrained = service.model.members(&op.input).iter().any(|m| {
            m.required()
                || service.model.length(m) != Default::default()
                || service.model.range(m) != Default::default()
        });
        assert!(
            !constrained || stats.refused_by_ours + stats.refused_by_both > 0,
            "{name}: no invalid input generated"
        );
    }
    stats
}

fn clip(s: &str) -> String {
    if s.chars().count() > 1500 {
        format!(
            "{}... ({} chars)",
            s.chars().take(1500).collect::<String>(),
            s.chars().count()
        )
    } else {
        s.to_owned()
    }
}
