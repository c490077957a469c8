//! Parse throughput over the whole shared corpus (1,919 real Dockerfiles),
//! reported in bytes per second.
//!
//! `cargo bench -p drydock-core --bench parse`
//!
//! When the corpus (`../shared/corpus/files` beside the repository) is
//! absent, the seeds in `crates/app/seeds` are not used either: a small
//! built-in sample is parsed instead, and a note is printed.

use std::path::Path;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

fn corpus() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/files");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!(
            "note: {} not found; benchmarking a built-in sample",
            dir.display()
        );
        return vec![SAMPLE.repeat(200)];
    };
    let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    files
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect()
}

const SAMPLE: &str = "FROM python:3.12-slim AS base\n\
ENV PYTHONDONTWRITEBYTECODE=1 \\\n    PIP_NO_CACHE_DIR=1\n\
RUN apt-get update && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*\n\
COPY --chown=app:app requirements.txt /app/\n\
RUN <<EOF\nset -e\npip install -r /app/requirements.txt\nEOF\n\
CMD [\"python\", \"-m\", \"app\"]\n";

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
