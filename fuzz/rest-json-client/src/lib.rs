//! The restJson1 fixture's client: every kind of member bound to the status, headers, prefix
//! headers and payload, for the `response_parsing_rest_json` fuzz target.
include!(concat!(env!("OUT_DIR"), "/rest_json.rs"));
