//! `string_enum!` and `int_enum!` as generated crates use them: deprecated and documented
//! values, wire values that are not identifiers, negative intEnum values, and the impls the
//! JSON codecs and users rely on. Warnings are errors here, so a deprecated value must not
//! warn where the macro itself names it.
#![deny(warnings)]

use std::collections::BTreeMap;

use awsgen_runtime::json::{IntEnum, MapKey, StringEnum};

awsgen_runtime::string_enum! {
    /// An instance type.
    pub enum InstanceType {
        T2Micro = "t2.micro",
        /// The old one.
        #[deprecated(note = "use t2.micro")]
        M1Small = "m1.small",
        #[deprecated]
        Quoted = "a \"quoted\" value",
    }
}

awsgen_runtime::int_enum! {
    /// A level.
    pub enum Level {
        Low = -1,
        /// The middle.
        Middle = 0,
        High = 7,
    }
}

#[test]
fn string_enum_round_trips_known_and_unknown_values() {
    for value in InstanceType::values() {
        assert_eq!(InstanceType::from(*value).as_str(), *value);
    }
    assert_eq!(InstanceType::values(), &["t2.micro", "m1.small", "a \"quoted\" value"]);
    #[allow(deprecated, reason = "the test names the deprecated value on purpose")]
    let old = InstanceType::M1Small;
    assert_eq!(old.as_str(), "m1.small");
    let unknown: InstanceType = "x9.huge".parse().unwrap();
    assert_eq!(unknown, InstanceType::Unknown("x9.huge".to_owned()));
    assert_eq!(unknown.to_string(), "x9.huge");
    assert_eq!(AsRef::<str>::as_ref(&unknown), "x9.huge");
    assert_eq!(StringEnum::as_str(&InstanceType::T2Micro), "t2.micro");
}

#[test]
fn string_enum_is_a_map_key_ordered_by_variant() {
    let mut map = BTreeMap::new();
    map.insert(InstanceType::from_wire("zzz"), 1);
    map.insert(InstanceType::T2Micro, 2);
    assert_eq!(map.keys().map(MapKey::wire).collect::<Vec<_>>(), ["t2.micro", "zzz"]);
}

#[test]
fn string_enum_matches_by_variant() {
    let describe = |t: &InstanceType| match t {
        InstanceType::T2Micro => "micro",
        InstanceType::Unknown(_) => "unknown",
        _ => "other",
    };
    assert_eq!(describe(&"t2.micro".into()), "micro");
    assert_eq!(describe(&"new".into()), "unknown");
    assert_eq!(describe(&"m1.small".into()), "other");
}

#[test]
fn int_enum_round_trips_known_and_unknown_values() {
    assert_eq!(Level::values(), &[-1, 0, 7]);
    for value in Level::values() {
        assert_eq!(Level::from(*value).as_i32(), *value);
    }
    assert_eq!(Level::from(-1), Level::Low);
    assert_eq!(Level::from(3), Level::Unknown(3));
    assert_eq!(IntEnum::as_i32(&Level::Unknown(3)), 3);
    assert!(Level::Low < Level::High);
}
