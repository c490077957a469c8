//! `build_plan` over the whole shared corpus, and on one long file (what
//! the app's Build view recomputes after a pause in typing).
//!
//! `cargo bench -p drydock-core --bench build_plan`

#[path = "support/corpus.rs"]
mod corpus;

use corpus::{corpus, SAMPLE};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use drydock_core::{build_plan, Config, Inputs};

fn bench(c: &mut Criterion) {
    let files = corpus();
    let bytes: usize = files.iter().map(String::len).sum();
    let config = Config::default();
    let inputs = Inputs::default();
    let mut group = c.benchmark_group("build_plan");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("corpus", |b| {
        b.iter(|| {
            for text in &files {
                black_box(build_plan(black_box(text), &config, &inputs));
            }
        })
    });
    // About 5,000 lines: the sample repeated, every stage copying from the
    // one before.
    let long: String = (0..500)
        .map(|i| {
            let sample = SAMPLE.replace("AS base", &format!("AS s{i}"));
            match i {
                0 => sample,
                _ => format!("{sample}COPY --from=s{} /app /app\n", i - 1),
            }
        })
        .collect();
    group.throughput(Throughput::Bytes(long.len() as u64));
    group.bench_function("5000-lines", |b| {
        b.iter(|| black_box(build_plan(black_box(&long), &config, &inputs)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
