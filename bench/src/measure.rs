//! Counting allocations and CPU time.
//!
//! [`CountingAllocator`] wraps the system allocator and counts calls and bytes in global
//! atomics; a binary installs it with `#[global_allocator]`. Threads that call
//! [`exclude_this_thread`] (the loopback server's) are not counted. A `realloc` counts as one
//! allocation of its new size (what it may have to copy), a `dealloc` is not counted.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

static CALLS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

thread_local! {
    // `const` and without a destructor: safe to read from inside the allocator.
    static EXCLUDED: Cell<bool> = const { Cell::new(false) };
}

/// The system allocator, counting allocations of threads not excluded.
#[derive(Debug, Default)]
pub struct CountingAllocator;

#[inline]
fn record(size: usize) {
    if !EXCLUDED.with(Cell::get) {
        CALLS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(size as u64, Ordering::Relaxed);
    }
}

// SAFETY: every call is forwarded unchanged to `System`; counting has no effect on memory.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record(layout.size());
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        record(layout.size());
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        record(new_size);
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// Stops counting the allocations of the calling thread.
pub fn exclude_this_thread() {
    EXCLUDED.with(|e| e.set(true));
}

/// Allocations counted so far (zero unless [`CountingAllocator`] is the global allocator).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Allocations {
    /// Calls to `alloc`, `alloc_zeroed` and `realloc`.
    pub calls: u64,
    /// Bytes requested by those calls.
    pub bytes: u64,
}

impl Allocations {
    /// The counters now.
    pub fn now() -> Self {
        Self {
            calls: CALLS.load(Ordering::Relaxed),
            bytes: BYTES.load(Ordering::Relaxed),
        }
    }

    /// What was counted since `earlier`.
    pub fn since(earlier: Self) -> Self {
        let now = Self::now();
        Self {
            calls: now.calls - earlier.calls,
            bytes: now.bytes - earlier.bytes,
        }
    }
}

fn clock(id: libc::clockid_t) -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    let rc = unsafe { libc::clock_gettime(id, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime({id}) failed");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Wall-clock time since the first call in this process (a monotonic clock as a `Duration`,
/// to stand beside [`thread_cpu`]).
pub fn wall_clock() -> Duration {
    static BASE: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    BASE.get_or_init(std::time::Instant::now).elapsed()
}

/// CPU time (user + system) of the whole process so far, all threads.
pub fn process_cpu() -> Duration {
    clock(libc::CLOCK_PROCESS_CPUTIME_ID)
}

/// CPU time (user + system) of the calling thread so far.
pub fn thread_cpu() -> Duration {
    clock(libc::CLOCK_THREAD_CPUTIME_ID)
}

/// A handle on another thread's CPU clock (`pthread_getcpuclockid`).
#[derive(Clone, Copy, Debug)]
pub struct ThreadClock(libc::clockid_t);

impl ThreadClock {
    /// The CPU clock of the calling thread, readable from any thread while it lives.
    pub fn current() -> Self {
        let mut id: libc::clockid_t = 0;
        // SAFETY: `pthread_self` is always valid for the calling thread; `id` is writable.
        let rc = unsafe { libc::pthread_getcpuclockid(libc::pthread_self(), &mut id) };
        assert_eq!(rc, 0, "pthread_getcpuclockid failed");
        Self(id)
    }

    /// CPU time (user + system) of that thread so far.
    pub fn read(self) -> Duration {
        clock(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_advance() {
        let clock = ThreadClock::current();
        let (p0, t0, c0) = (process_cpu(), thread_cpu(), clock.read());
        let mut x = 0u64;
        for i in 0..5_000_000u64 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        std::hint::black_box(x);
        assert!(process_cpu() > p0);
        assert!(thread_cpu() > t0);
        assert!(clock.read() > c0);
    }
}
