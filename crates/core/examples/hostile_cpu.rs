//! CPU time (not wall time) of parse, lint and `fix_all` for each case of
//! `benches/support/hostile_cases.rs` at n and 2n: on a machine shared with
//! other work, wall time says more about the neighbours than about us.
//! Linux only (reads `/proc/thread-self/schedstat`).
//!
//! `cargo run --profile release-cli -p drydock-core --example hostile_cpu [FILTER]`

#[path = "../benches/support/hostile_cases.rs"]
mod hostile_cases;

use std::time::Duration;

use drydock_core::fix::{fix_all, Choices};
use drydock_core::Config;

/// Nanoseconds this thread has run on a CPU.
fn cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

/// The CPU time of `f`, best of three.
fn time<T>(mut f: impl FnMut() -> T) -> Option<Duration> {
    (0..3)
        .map(|_| {
            let start = cpu_ns()?;
            std::hint::black_box(f());
            Some(Duration::from_nanos(cpu_ns()?.saturating_sub(start)))
        })
        .min()
        .flatten()
}

fn main() {
    let filter = std::env::args().nth(1).unwrap_or_default();
    let config = Config::default();
    let choices = Choices::all();
    if cpu_ns().is_none() {
        eprintln!("no /proc/thread-self/schedstat: CPU time is not available here");
        return;
    }
    println!("case size bytes parse_ms lint_ms fix_all_ms");
    for &(name, n, make) in hostile_cases::CASES {
        if !name.contains(&filter) {
            continue;
        }
        for size in [n, 2 * n] {
            let text = make(size);
            let ms = |d: Option<Duration>| d.map_or(f64::NAN, |d| d.as_secs_f64() * 1e3);
            let parse = ms(time(|| drydock_core::syntax::parse(&text)));
            let lint = ms(time(|| drydock_core::lint(&text, &config)));
            let fix = ms(time(|| fix_all(&text, &config, &choices)));
            println!("{name} {size} {} {parse:.1} {lint:.1} {fix:.1}", text.len());
        }
    }
}
