//! Doubles read from JSON are the nearest `f64` to the decimal text, as `str::parse` gives
//! them. That takes serde_json's `float_roundtrip` feature, which generated crates whose
//! models have floating-point members ask for (and this crate's dev-dependencies enable).

use awsgen_runtime::json::{Decode, Trail, F64};

fn decode(text: &str) -> f64 {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    F64::de(&mut deserializer, &mut Trail::default()).unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn doubles_decode_to_the_nearest_f64() {
    // Shortest round-trip texts of pseudo-random bit patterns across the whole finite range,
    // plus 17-digit texts, which the fast parsing path gets wrong by one unit in the last place.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut checked = 0;
    for _ in 0..20_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let value = f64::from_bits(state);
        if !value.is_finite() {
            continue;
        }
        for text in [format!("{value:e}"), format!("{value:.16e}")] {
            let expected: f64 = text.parse().expect("Rust parses its own output");
            assert_eq!(decode(&text).to_bits(), expected.to_bits(), "{text}");
            checked += 1;
        }
    }
    assert!(checked > 30_000, "only {checked} finite values");
}
