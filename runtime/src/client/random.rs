//! Random version-4 UUIDs for invocation ids and idempotency tokens, and the jitter of
//! waiters' delays.
//!
//! They only have to be unique, not secret (the official SDK draws both from `fastrand`), so
//! they come from a per-thread SplitMix64 generator seeded once from the operating system's
//! randomness through `std`'s `RandomState`: no system call per request, and no `getrandom`
//! build for the `uuid` crate's `v4` feature.

use std::cell::Cell;
use std::hash::{BuildHasher, RandomState};

/// A random (version 4, RFC 4122 variant) UUID.
pub(crate) fn uuid_v4() -> uuid::Uuid {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&next().to_le_bytes());
    bytes[8..].copy_from_slice(&next().to_le_bytes());
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// A random number in `[0, 1)`, from the top 53 bits of the generator's output.
pub(crate) fn unit() -> f64 {
    (next() >> 11) as f64 / (1u64 << 53) as f64
}

fn next() -> u64 {
    thread_local! {
        // `RandomState` keys come from the OS (per thread, then stepped per instance); hashing
        // the thread id with them gives each thread its own starting point.
        static STATE: Cell<u64> = Cell::new(RandomState::new().hash_one(std::thread::current().id()));
    }
    STATE.with(|state| {
        let mut z = state.get().wrapping_add(0x9e37_79b9_7f4a_7c15);
        state.set(z);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_version_4_uuids_per_thread() {
        let ids: std::collections::HashSet<uuid::Uuid> = (0..10_000).map(|_| uuid_v4()).collect();
        assert_eq!(ids.len(), 10_000);
        assert!(ids.iter().all(|id| id.get_version_num() == 4 && id.get_variant() == uuid::Variant::RFC4122));
        // Each thread has its own sequence.
        let other = std::thread::spawn(uuid_v4).join().expect("thread");
        assert!(!ids.contains(&other));
    }
}
