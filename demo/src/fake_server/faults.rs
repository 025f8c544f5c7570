//! Fault injection for the fake server: deterministic (scripted, or seeded per request
//! number) and bounded.

use std::sync::Mutex;

/// Something that goes wrong with one request instead of a normal answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// `400` with `__type` `ThrottlingException` (what a throttled awsJson service sends).
    Throttle,
    /// `500` with `__type` `InternalServerException`.
    InternalError,
    /// `503` with `__type` `ServiceUnavailableException` (not in the model: `Unhandled`).
    Unavailable,
    /// The request is read, then the connection is closed without a response.
    DropBeforeResponse,
    /// The response head (announcing the full `Content-Length`) and part of its body are
    /// written, then the connection is closed (FIN).
    DropMidResponse,
    /// The response head (announcing the full `Content-Length`) and part of its body are
    /// written, then the connection is reset (RST: `SO_LINGER` 0, then close).
    ResetMidResponse,
    /// The request is read and never answered; the connection stays open until the client
    /// gives up or the server shuts down.
    Hang,
}

/// Seeded random faults: the fault of request number `n` depends only on `seed` and `n`.
///
/// Percentages are of all requests and must add up to at most 100. At most
/// `max_consecutive` requests in a row get a fault; the next one is answered normally, so a
/// client that makes more than `max_consecutive` attempts always gets through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RandomFaults {
    /// The seed.
    pub seed: u64,
    /// Percent of requests throttled.
    pub throttle_percent: u8,
    /// Percent of requests answered `500`.
    pub internal_error_percent: u8,
    /// Percent of requests answered `503`.
    pub unavailable_percent: u8,
    /// Percent of requests whose connection is dropped (before or in the middle of the
    /// response, half each).
    pub drop_percent: u8,
    /// Percent of requests whose response is cut mid-body: the head and part of the body
    /// are sent, then the connection is closed or reset (half each).
    pub mid_body_percent: u8,
    /// The longest run of faulty requests.
    pub max_consecutive: u32,
}

impl RandomFaults {
    /// No faults yet (set the percentages), at most 2 in a row.
    pub fn new(seed: u64) -> Self {
        Self {
            seed,
            throttle_percent: 0,
            internal_error_percent: 0,
            unavailable_percent: 0,
            drop_percent: 0,
            mid_body_percent: 0,
            max_consecutive: 2,
        }
    }

    /// Sets the percentage of throttled requests.
    pub fn throttle(mut self, percent: u8) -> Self {
        self.throttle_percent = percent;
        self
    }

    /// Sets the percentage of `500` responses.
    pub fn internal_errors(mut self, percent: u8) -> Self {
        self.internal_error_percent = percent;
        self
    }

    /// Sets the percentage of `503` responses.
    pub fn unavailable(mut self, percent: u8) -> Self {
        self.unavailable_percent = percent;
        self
    }

    /// Sets the percentage of dropped connections.
    pub fn drops(mut self, percent: u8) -> Self {
        self.drop_percent = percent;
        self
    }

    /// Sets the percentage of responses cut in the middle of their body (the connection is
    /// then closed or reset, half each).
    pub fn mid_body(mut self, percent: u8) -> Self {
        self.mid_body_percent = percent;
        self
    }

    /// Sets the longest run of faulty requests.
    pub fn max_consecutive(mut self, max: u32) -> Self {
        self.max_consecutive = max;
        self
    }

    fn total_percent(&self) -> u32 {
        [
            self.throttle_percent,
            self.internal_error_percent,
            self.unavailable_percent,
            self.drop_percent,
            self.mid_body_percent,
        ]
        .iter()
        .map(|&p| u32::from(p))
        .sum()
    }

    /// The fault of request number `n` (1-based), before the consecutive bound.
    fn roll(&self, n: u64) -> Option<Fault> {
        let hash = splitmix64(self.seed ^ splitmix64(n));
        let mut roll = (hash % 100) as u8;
        for (percent, fault) in [
            (self.throttle_percent, Fault::Throttle),
            (self.internal_error_percent, Fault::InternalError),
            (self.unavailable_percent, Fault::Unavailable),
        ] {
            if roll < percent {
                return Some(fault);
            }
            roll -= percent;
        }
        if roll < self.drop_percent {
            return Some(if (hash >> 40) & 1 == 0 {
                Fault::DropBeforeResponse
            } else {
                Fault::DropMidResponse
            });
        }
        roll -= self.drop_percent;
        if roll < self.mid_body_percent {
            return Some(if (hash >> 41) & 1 == 0 {
                Fault::DropMidResponse
            } else {
                Fault::ResetMidResponse
            });
        }
        None
    }
}

/// SplitMix64: a small, well-mixed, deterministic hash of a counter.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Which requests get a fault, by their number in arrival order (the first request is 1).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum FaultPlan {
    /// Every request is answered normally.
    #[default]
    None,
    /// The first requests get these faults, in order (`None`: answered normally); every
    /// later request is answered normally.
    Script(Vec<Option<Fault>>),
    /// Every request gets this fault.
    Always(Fault),
    /// Seeded random faults.
    Random(RandomFaults),
}

impl FaultPlan {
    /// Checks the plan's settings.
    pub(crate) fn validate(&self) -> Result<(), String> {
        match self {
            Self::Random(r) if r.total_percent() > 100 => Err(format!(
                "fault percentages add up to {}, more than 100",
                r.total_percent()
            )),
            _ => Ok(()),
        }
    }
}

/// How many faults a server injected, by kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FaultStats {
    /// `ThrottlingException` responses.
    pub throttled: u64,
    /// `500` responses.
    pub internal_errors: u64,
    /// `503` responses.
    pub unavailable: u64,
    /// Connections closed before a response.
    pub dropped_before_response: u64,
    /// Connections closed in the middle of a response.
    pub dropped_mid_response: u64,
    /// Connections reset in the middle of a response.
    pub reset_mid_response: u64,
    /// Requests never answered.
    pub hung: u64,
}

impl FaultStats {
    /// All faults.
    pub fn total(&self) -> u64 {
        self.throttled
            + self.internal_errors
            + self.unavailable
            + self.dropped_before_response
            + self.dropped_mid_response
            + self.reset_mid_response
            + self.hung
    }

    fn count(&mut self, fault: Fault) {
        let slot = match fault {
            Fault::Throttle => &mut self.throttled,
            Fault::InternalError => &mut self.internal_errors,
            Fault::Unavailable => &mut self.unavailable,
            Fault::DropBeforeResponse => &mut self.dropped_before_response,
            Fault::DropMidResponse => &mut self.dropped_mid_response,
            Fault::ResetMidResponse => &mut self.reset_mid_response,
            Fault::Hang => &mut self.hung,
        };
        *slot += 1;
    }
}

/// A plan and what it has done so far.
#[derive(Debug)]
pub(crate) struct FaultInjector {
    plan: FaultPlan,
    state: Mutex<InjectorState>,
}

#[derive(Debug, Default)]
struct InjectorState {
    consecutive: u32,
    stats: FaultStats,
}

impl FaultInjector {
    pub(crate) fn new(plan: FaultPlan) -> Self {
        Self {
            plan,
            state: Mutex::default(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, InjectorState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The fault for request number `n` (1-based), counted in the stats.
    pub(crate) fn decide(&self, n: u64) -> Option<Fault> {
        let mut state = self.lock();
        let fault = match &self.plan {
            FaultPlan::None => None,
            FaultPlan::Script(script) => usize::try_from(n - 1)
                .ok()
                .and_then(|i| script.get(i).copied().flatten()),
            FaultPlan::Always(fault) => Some(*fault),
            FaultPlan::Random(random) => match random.roll(n) {
                Some(_) if state.consecutive >= random.max_consecutive => None,
                roll => roll,
            },
        };
        match fault {
            Some(f) => {
                state.consecutive += 1;
                state.stats.count(f);
            }
            None => state.consecutive = 0,
        }
        fault
    }

    pub(crate) fn stats(&self) -> FaultStats {
        self.lock().stats
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_faults_are_deterministic_bounded_and_near_their_rates() {
        let plan = RandomFaults::new(42)
            .throttle(30)
            .internal_errors(10)
            .unavailable(5)
            .drops(5)
            .max_consecutive(2);
        let decide_all = || {
            let injector = FaultInjector::new(FaultPlan::Random(plan));
            let faults: Vec<_> = (1..=10_000).map(|n| injector.decide(n)).collect();
            (faults, injector.stats())
        };
        let (faults, stats) = decide_all();
        assert_eq!(decide_all().0, faults, "same seed, same faults");
        assert!(
            faults.windows(3).all(|w| w.iter().any(Option::is_none)),
            "never 3 in a row"
        );
        // The consecutive bound lowers the rates a little; they stay in the right range.
        assert!((2_300..=3_100).contains(&stats.throttled), "{stats:?}");
        assert!((700..=1_100).contains(&stats.internal_errors), "{stats:?}");
        assert!((300..=600).contains(&stats.unavailable), "{stats:?}");
        let drops = stats.dropped_before_response + stats.dropped_mid_response;
        assert!((300..=600).contains(&drops), "{stats:?}");
        assert!(stats.dropped_before_response > 100 && stats.dropped_mid_response > 100);
        assert_eq!((stats.hung, stats.reset_mid_response), (0, 0));
        let other_seed = FaultInjector::new(FaultPlan::Random(RandomFaults { seed: 43, ..plan }));
        assert_ne!(
            (1..=100).map(|n| other_seed.decide(n)).collect::<Vec<_>>(),
            faults[..100]
        );
    }

    #[test]
    fn mid_body_faults_close_or_reset_and_keep_the_other_rates() {
        let base = RandomFaults::new(7)
            .throttle(30)
            .internal_errors(10)
            .max_consecutive(3);
        let with_cuts = base.mid_body(5);
        let run = |plan: RandomFaults| {
            let injector = FaultInjector::new(FaultPlan::Random(plan));
            let faults: Vec<_> = (1..=10_000).map(|n| injector.decide(n)).collect();
            (faults, injector.stats())
        };
        let (faults, stats) = run(with_cuts);
        assert!(stats.dropped_mid_response > 100, "{stats:?}");
        assert!(stats.reset_mid_response > 100, "{stats:?}");
        let cuts = stats.dropped_mid_response + stats.reset_mid_response;
        assert!((350..=600).contains(&cuts), "{stats:?}");
        assert_eq!(stats.dropped_before_response + stats.unavailable, 0);
        // The new bucket comes after the others: a request the base plan faults keeps its
        // fault (up to the consecutive bound, which the extra faults can trip earlier).
        let (base_faults, _) = run(base);
        let changed = faults
            .iter()
            .zip(&base_faults)
            .filter(|(with, without)| with.is_some() && without.is_some() && with != without)
            .count();
        assert_eq!(changed, 0);
        assert!(FaultPlan::Random(base.mid_body(61)).validate().is_err());
    }

    #[test]
    fn scripts_and_validation() {
        let injector = FaultInjector::new(FaultPlan::Script(vec![
            Some(Fault::Throttle),
            None,
            Some(Fault::Hang),
        ]));
        let got: Vec<_> = (1..=5).map(|n| injector.decide(n)).collect();
        assert_eq!(
            got,
            [Some(Fault::Throttle), None, Some(Fault::Hang), None, None]
        );
        assert_eq!(injector.stats().total(), 2);
        assert!(
            FaultPlan::Random(RandomFaults::new(1).throttle(60).drops(50))
                .validate()
                .is_err()
        );
        assert!(FaultPlan::Always(Fault::Unavailable).validate().is_ok());
    }
}
