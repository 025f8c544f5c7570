//! `accessors!` as generated builders use it: every kind of entry, setters named by keywords
//! (`r#type`, named `as type` for the docs' links), deprecated members (their three methods carry the `#[deprecated]`) and methods
//! named apart from their field. Warnings are errors here, so the macro itself must not warn
//! where it names a deprecated method.
#![deny(warnings)]

use std::collections::BTreeMap;

#[derive(Clone, Default, Debug, PartialEq)]
struct Shape;

#[derive(Clone, Default, Debug, PartialEq)]
struct ThingBuilder {
    r#type: Option<String>,
    r#match: Option<Vec<i32>>,
    r#ref: Option<Box<Shape>>,
    old: Option<String>,
    older: Option<BTreeMap<String, i32>>,
    oldest: Option<Vec<Option<String>>>,
    r#loop: Option<BTreeMap<String, Option<bool>>>,
    build: Option<i64>,
}

impl ThingBuilder {
    awsgen_runtime::accessors! {
        /// The type.
        value r#type(set_type, get_type) as type: String;
        list r#match(set_match, get_match) as match: i32;
        boxed r#ref(set_ref, get_ref) as ref: Shape;
        /// Old.
        #[deprecated(note = "Use `type`.")]
        value old(set_old, get_old): String;
        #[deprecated]
        map older(set_older, get_older): String => i32;
        /// Oldest.
        ///
        /// Two paragraphs.
        #[deprecated = "Gone."]
        sparse_list oldest(set_oldest, get_oldest): String;
        sparse_map r#loop(set_loop, get_loop) as loop: String => bool;
        /// Named apart from its field.
        value build_value(set_build_value, get_build_value) for build: i64;
    }
}

#[test]
fn keyword_setters_set_and_get() {
    let builder = ThingBuilder::default().r#type("a").r#match(1).r#match(2).r#ref(Shape).r#loop("k", None);
    assert_eq!(builder.get_type().as_deref(), Some("a"));
    assert_eq!(builder.get_match().as_deref(), Some(&[1, 2][..]));
    assert_eq!(builder.get_ref(), &Some(Box::new(Shape)));
    assert_eq!(builder.get_loop(), &Some(BTreeMap::from([("k".to_owned(), None)])));
    let cleared = builder.set_type(None).set_match(Some(vec![3])).set_ref(None).set_loop(None);
    assert_eq!(cleared, ThingBuilder { r#match: Some(vec![3]), ..ThingBuilder::default() });
}

#[test]
#[allow(deprecated, reason = "the deprecated members' methods are called on purpose")]
fn deprecated_members_are_still_settable() {
    let builder = ThingBuilder::default().old("x").older("a", 1).older("b", 2).oldest(Some("y".to_owned())).oldest(None);
    assert_eq!(builder.get_old().as_deref(), Some("x"));
    assert_eq!(builder.get_older(), &Some(BTreeMap::from([("a".to_owned(), 1), ("b".to_owned(), 2)])));
    assert_eq!(builder.get_oldest(), &Some(vec![Some("y".to_owned()), None]));
    let replaced = builder.set_old(None).set_older(Some(BTreeMap::new())).set_oldest(None);
    assert_eq!(replaced, ThingBuilder { older: Some(BTreeMap::new()), ..ThingBuilder::default() });
}

#[test]
fn a_method_named_apart_from_its_field() {
    let builder = ThingBuilder::default().build_value(7);
    assert_eq!(builder.build, Some(7));
    assert_eq!(builder.set_build_value(None).get_build_value(), &None);
}
