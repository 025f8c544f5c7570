//! Generates the restJson1 fixture's client into `OUT_DIR`, as a crate's build script would.
fn main() {
    awsgen::Builder::new()
        .model("../../codegen/tests/fixtures/rest-json.json")
        .crate_name("rest-json")
        .build_script()
        .expect("generate the fixture's client");
}
