//! Runtime benchmarks (issue #7) of the generated MWAA Serverless client (`mwaa-serverless`
//! on `awsgen-runtime`) against the official SDK (`aws-sdk-mwaaserverless` 1.32.0) and a
//! serde_json floor. The benchmarks are in `benches/`; `README.md` says how to run them, what
//! each includes, and the figures.
//!
//! This library holds what they share: deterministic bodies ([`bodies`]), the floor's types
//! ([`floor`]), both clients set up alike ([`clients`]), the official SDK's loopback
//! connector ([`official_http`]), the loopback page server ([`server`]), and allocation and
//! CPU-time counters ([`measure`]).

#![warn(missing_docs)]

pub mod bodies;
pub mod clients;
pub mod floor;
pub mod measure;
pub mod official_http;
pub mod server;
