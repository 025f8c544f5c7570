//! Shared by the criterion benchmarks: the configuration, and a CPU-time measurement.
//!
//! `MWAA_BENCH_CLOCK=cpu` measures the benchmark thread's CPU time
//! (`CLOCK_THREAD_CPUTIME_ID`) instead of wall time. Every contender runs entirely on the
//! benchmark thread (the clients on a current-thread Tokio runtime driven by `block_on`), so
//! CPU time is the same work without the time the thread spent preempted: on a loaded
//! machine it is the steadier figure. Criterion's command-line options still apply.

use std::time::Duration;

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{Criterion, Throughput};

/// The benchmark thread's CPU time.
pub struct ThreadCpuTime;

impl Measurement for ThreadCpuTime {
    type Intermediate = Duration;
    type Value = Duration;

    fn start(&self) -> Duration {
        mwaa_bench::measure::thread_cpu()
    }
    fn end(&self, start: Duration) -> Duration {
        mwaa_bench::measure::thread_cpu().saturating_sub(start)
    }
    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }
    fn zero(&self) -> Duration {
        Duration::ZERO
    }
    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &CpuFormatter
    }
}

/// Formats nanoseconds of CPU time like criterion formats wall time.
struct CpuFormatter;

impl ValueFormatter for CpuFormatter {
    fn scale_values(&self, typical: f64, values: &mut [f64]) -> &'static str {
        let (factor, unit) = match typical {
            t if t < 1e3 => (1.0, "ns (cpu)"),
            t if t < 1e6 => (1e-3, "µs (cpu)"),
            t if t < 1e9 => (1e-6, "ms (cpu)"),
            _ => (1e-9, "s (cpu)"),
        };
        values.iter_mut().for_each(|v| *v *= factor);
        unit
    }

    fn scale_throughputs(
        &self,
        _typical: f64,
        throughput: &Throughput,
        values: &mut [f64],
    ) -> &'static str {
        let (amount, unit) = match *throughput {
            Throughput::Bytes(n) | Throughput::BytesDecimal(n) => {
                (n as f64 / (1024.0 * 1024.0), "MiB/s (cpu)")
            }
            Throughput::Elements(n) => (n as f64, "elem/s (cpu)"),
            Throughput::Bits(n) => (n as f64, "bit/s (cpu)"),
            Throughput::ElementsAndBytes { elements, .. } => (elements as f64, "elem/s (cpu)"),
        };
        values.iter_mut().for_each(|v| *v = amount * 1e9 / *v);
        unit
    }

    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}

/// Short runs by default (1 s warm-up, 5 s per benchmark); the command line overrides.
fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
}

/// Runs `wall` or `cpu` (the same benchmark function, instantiated per measurement) as
/// `MWAA_BENCH_CLOCK` says, then prints criterion's summary.
pub fn run(wall: fn(&mut Criterion<WallTime>), cpu: fn(&mut Criterion<ThreadCpuTime>)) {
    if std::env::var("MWAA_BENCH_CLOCK").is_ok_and(|v| v == "cpu") {
        let mut c = config()
            .with_measurement(ThreadCpuTime)
            .configure_from_args();
        cpu(&mut c);
        c.final_summary();
    } else {
        let mut c = config().configure_from_args();
        wall(&mut c);
        c.final_summary();
    }
}

/// The clock a measurement reads, for timings taken inside a routine.
#[allow(
    dead_code,
    reason = "used by some of the benchmarks that include this module"
)]
pub trait Clock {
    /// Now, as a `Duration` from an arbitrary origin.
    fn now() -> Duration;
}

impl Clock for WallTime {
    fn now() -> Duration {
        mwaa_bench::measure::wall_clock()
    }
}

impl Clock for ThreadCpuTime {
    fn now() -> Duration {
        mwaa_bench::measure::thread_cpu()
    }
}

/// Runs `f` `iters` times, timing each call alone: its result is dropped outside the timing
/// (as the official SDK's deserialization phase, timed by an interceptor, leaves its output's
/// drop out), but before the next call, so memory is reused as in a real loop.
#[allow(
    dead_code,
    reason = "used by some of the benchmarks that include this module"
)]
pub fn time_each<T>(iters: u64, clock: fn() -> Duration, mut f: impl FnMut() -> T) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let start = clock();
        let out = f();
        total += clock().saturating_sub(start);
        drop(std::hint::black_box(out));
    }
    total
}
