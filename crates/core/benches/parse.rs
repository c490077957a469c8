//! Parse throughput over the whole shared corpus (1,919 real Dockerfiles),
//! reported in bytes per second.
//!
//! `cargo bench -p drydock-core --bench parse`
//!
//! When the corpus (`../shared/corpus/files` beside the repository) is
//! absent, the seeds in `crates/app/seeds` are not used either: a small
//! built-in sample is parsed instead, and a note is printed.

#[path = "support/corpus.rs"]
mod corpus;

use corpus::corpus;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

fn bench(c: &mut Criterion) {
    let files = corpus();
    let bytes: usize = files.iter().map(String::len).sum();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("corpus", |b| {
        b.iter(|| {
            for text in &files {
                black_box(drydock_core::syntax::parse(black_box(text)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
