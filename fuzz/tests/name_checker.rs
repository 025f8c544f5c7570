//! The model targets' name check (`common/generate.rs`) sees the names the runtime macros
//! define: each test breaks one scope of a file shaped like a generated operation module and
//! expects the check to name the duplicate; the unbroken file, the fixtures' crates and the
//! committed crate pass.

use std::path::Path;

#[allow(dead_code, reason = "these tests call only the check")]
#[path = "../common/generate.rs"]
mod generate;

/// An operation module as the generator writes it, with `__MEMBER__`, `__VARIANT__` and
/// `__IS__` to break.
const MODULE: &str = r#"
awsgen_runtime::operation! {
    pub struct GetThing = "GetThing": GetThingInput => GetThingOutput, GetThingError;
    retry_safe: true, retryable_errors: [];
    request(input) => protocol::request(input);
    response: awsgen_runtime::protocol::parse_response, protocol::parse_output;
    /// The fluent builder.
    pub type GetThingFluentBuilder = crate::operation::get_thing::GetThingInputBuilder { name, r#type, old };
    paginator: GetThingPaginator;
}

awsgen_runtime::operation_error! {
    /// Errors of `GetThing`.
    pub enum GetThingError, read with protocol::parse_error;
    /// Not there.
    NotFound(crate::error::NotFound) = "NotFound", is_not_found;
    __VARIANT__(crate::error::Gone) = "Gone", __IS__;
}

awsgen_runtime::string_enum! {
    /// A color.
    pub enum Color {
        Red = "red",
        #[deprecated]
        __VARIANT__ = "blue",
    }
}

pub struct GetThingOutput {
    pub name: Option<String>,
}
awsgen_runtime::operation_output!(GetThingOutput);
awsgen_runtime::builder_fn!(GetThingOutput => crate::operation::get_thing::GetThingOutputBuilder);

impl<C> GetThingInputBuilder<C> {
    awsgen_runtime::accessors! {
        /// The name.
        value name(set_name, get_name): String;
        value r#type(set_type, get_type): String;
        /// Old.
        #[deprecated(note = "Use `name`.")]
        list old(set_old, get_old): String;
        value __MEMBER__(set_other, get_other) for other: String;
    }

    /// Builds the value.
    pub fn build(self) -> GetThingInput {
        todo!()
    }
}
"#;

fn check(member: &str, variant: &str, is: &str) {
    let text = MODULE.replace("__MEMBER__", member).replace("__VARIANT__", variant).replace("__IS__", is);
    generate::check_file("src/operation/get_thing.rs", &text);
}

#[test]
fn the_unbroken_module_passes() {
    check("other", "Gone", "is_gone");
}

#[test]
#[should_panic(expected = "accessor `name` is defined twice")]
fn a_duplicated_accessor_entry() {
    check("name", "Gone", "is_gone");
}

#[test]
#[should_panic(expected = "`build` is defined twice")]
fn an_accessor_named_like_a_method_of_the_same_builder() {
    check("build", "Gone", "is_gone");
}

#[test]
#[should_panic(expected = "`GetThingInputBuilder` defines `GetThingFluentBuilder`'s own methods [\"send\"]")]
fn an_accessor_named_like_a_fluent_builder_method() {
    check("send", "Gone", "is_gone");
}

#[test]
#[should_panic(expected = "variant of `GetThingError`: `Unhandled` is defined twice")]
fn an_error_variant_named_unhandled() {
    check("other", "Unhandled", "is_gone");
}

#[test]
#[should_panic(expected = "method of `GetThingError`: `is_not_found` is defined twice")]
fn two_error_predicates_alike() {
    check("other", "Gone", "is_not_found");
}

#[test]
#[should_panic(expected = "variant of `Color`: `Red` is defined twice")]
fn two_enum_variants_alike() {
    check("other", "Red", "is_gone");
}

/// The crates of the generator's fixtures pass: the obstacle course (keywords, deprecated
/// members, names like generated methods), restJson1 and waiters.
#[test]
fn the_fixtures_crates_pass() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/fixtures");
    for name in ["obstacle-course.json", "rest-json.json", "waiters.json"] {
        let path = fixtures.join(name);
        let text = std::fs::read(&path).unwrap();
        let model = generate::load(&path, &text).unwrap_or_else(|| panic!("{name} does not load"));
        let krate = awsgen::generate_from_model(model, &generate::settings(&path, awsgen::Selection::default()))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        for (file, text) in krate.files.iter().filter(|(file, _)| file.ends_with(".rs")) {
            generate::check_file(&format!("{name}: {file}"), text);
        }
    }
}

/// Every file of the committed MWAA Serverless crate passes.
#[test]
fn the_committed_crate_passes() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/src");
    let mut dirs = vec![src.clone()];
    let mut checked = 0;
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                generate::check_file(&path.strip_prefix(&src).unwrap().display().to_string(), &text);
                checked += 1;
            }
        }
    }
    assert!(checked > 20, "only {checked} files under {}", src.display());
}
