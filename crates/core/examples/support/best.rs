//! The wall time of the fastest of several runs, for the examples that
//! time things (`rule_cpu.rs`, `scaling.rs`).

use std::time::{Duration, Instant};

/// The shortest of `times` runs of `f` (at least one).
pub fn best<T>(times: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..times.max(1))
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}
