//! The services under test: each a model, a protocol, and the table of its operations on
//! both clients ([`crate::ops::Op`]).

use std::sync::OnceLock;

use crate::model::Model;
use crate::ops::Op;

/// The wire protocol of a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// `awsJson1_0`: `POST /`, `X-Amz-Target`, the input as the JSON body.
    AwsJson1_0,
    /// `restJson1`: HTTP bindings (labels, query, headers, payloads, status).
    RestJson1,
}

impl Protocol {
    /// The `Content-Type` of a JSON body.
    pub fn content_type(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
            Protocol::RestJson1 => "application/json",
        }
    }
}

/// A service under test.
pub struct Service {
    /// Its name (`mwaa-serverless`, `lambda`).
    pub name: &'static str,
    /// Its model.
    pub model: &'static Model,
    /// Its protocol.
    pub protocol: Protocol,
    /// Its operations on both clients.
    pub ops: &'static [Op],
    /// `(operation, member)`: members our model has and the official crate's lacks (left
    /// out of the comparison with it).
    pub ours_only: &'static [(&'static str, &'static str)],
}

impl Service {
    /// The entry of operation `name`.
    pub fn op(&self, name: &str) -> &'static Op {
        self.ops
            .iter()
            .find(|o| o.name == name)
            .unwrap_or_else(|| panic!("{}: no operation {name}", self.name))
    }

    /// Output members of `operation` the official crate lacks.
    pub fn skipped_members(&self, operation: &str) -> Vec<&'static str> {
        self.ours_only
            .iter()
            .filter(|(o, _)| *o == operation)
            .map(|(_, m)| *m)
            .collect()
    }
}

/// MWAA Serverless (awsJson1_0): the committed crate against `aws-sdk-mwaaserverless`.
pub fn mwaa_serverless() -> &'static Service {
    static SERVICE: OnceLock<Service> = OnceLock::new();
    SERVICE.get_or_init(|| Service {
        name: "mwaa-serverless",
        model: Model::get(),
        protocol: Protocol::AwsJson1_0,
        ops: crate::ops::OPS,
        ours_only: crate::compare::OURS_ONLY_MEMBERS,
    })
}

/// Whether the restJson1 services were built (their models are in `../shared`).
pub const RESTJSON1_BUILT: bool = cfg!(difftest_restjson1);

/// A restJson1 service of the shared corpus (`mwaa`, `lambda`), generated at build time;
/// `None` when the corpus was absent at build time.
pub fn restjson1(name: &str) -> Option<&'static Service> {
    #[cfg(difftest_restjson1)]
    {
        static MWAA: OnceLock<Service> = OnceLock::new();
        static LAMBDA: OnceLock<Service> = OnceLock::new();
        let (cell, path, ops) = match name {
            "mwaa" => (&MWAA, env!("DIFFTEST_MODEL_MWAA"), crate::restjson1::mwaa::OPS),
            "lambda" => (&LAMBDA, env!("DIFFTEST_MODEL_LAMBDA"), crate::restjson1::lambda::OPS),
            other => panic!("no restJson1 service {other}"),
        };
        Some(cell.get_or_init(|| {
            let text = std::fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("read {path} (the model this crate was built from): {e}"));
            Service {
                name: match name {
                    "mwaa" => "mwaa",
                    _ => "lambda",
                },
                model: Box::leak(Box::new(Model::parse(&text, path))),
                protocol: Protocol::RestJson1,
                ops,
                ours_only: &[],
            }
        }))
    }
    #[cfg(not(difftest_restjson1))]
    {
        let _ = name;
        None
    }
}

/// The operations of `service` not compared, with the reason (none for MWAA Serverless:
/// its few exclusions are per client, see [`crate::compare::OURS_ONLY_MEMBERS`]).
pub fn skipped_operations_of(service: &Service) -> &'static [(&'static str, &'static str)] {
    match service.protocol {
        Protocol::AwsJson1_0 => &[],
        Protocol::RestJson1 => skipped_operations(service.name),
    }
}

/// The operations of restJson1 service `name` not compared (left out by our generator, or
/// with a streaming response), with the reason.
pub fn skipped_operations(name: &str) -> &'static [(&'static str, &'static str)] {
    #[cfg(difftest_restjson1)]
    {
        match name {
            "mwaa" => crate::restjson1::mwaa::SKIPPED,
            "lambda" => crate::restjson1::lambda::SKIPPED,
            other => panic!("no restJson1 service {other}"),
        }
    }
    #[cfg(not(difftest_restjson1))]
    {
        let _ = name;
        &[]
    }
}

/// The service named `name` (`mwaa-serverless`, or a restJson1 service of
/// [`restjson1`]); `None` for a restJson1 service built without the corpus, or an unknown
/// name.
pub fn by_name(name: &str) -> Option<&'static Service> {
    match name {
        "mwaa-serverless" => Some(mwaa_serverless()),
        "mwaa" | "lambda" => restjson1(name),
        _ => None,
    }
}
