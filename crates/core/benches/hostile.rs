//! The pathological inputs of `tests/hostile_input.rs`, timed: parse,
//! lint and `fix_all` of each case at size n and 2n, to show the time
//! grows linearly (2n should take about twice as long as n).
//!
//! `cargo bench -p drydock-core --bench hostile` (a filter such as
//! `-- 'instructions'` runs one case). Criterion measures wall time; on a
//! busy machine `cargo run --profile release-cli -p drydock-core --example hostile_cpu`
//! gives the CPU time of each phase for the same cases.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use drydock_core::fix::{fix_all, Choices};
use drydock_core::Config;

#[path = "support/hostile_cases.rs"]
mod hostile_cases;

use hostile_cases::CASES;

fn bench(c: &mut Criterion) {
    let config = Config::default();
    let choices = Choices::all();
    for &(name, n, make) in CASES {
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        for size in [n, 2 * n] {
            let text = make(size);
            group.bench_function(format!("parse/{size}"), |b| {
                b.iter(|| drydock_core::syntax::parse(black_box(&text)))
            });
            group.bench_function(format!("lint/{size}"), |b| {
                b.iter(|| drydock_core::lint(black_box(&text), &config))
            });
            group.bench_function(format!("fix_all/{size}"), |b| {
                b.iter(|| fix_all(black_box(&text), &config, &choices))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
