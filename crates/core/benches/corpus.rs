//! Parse, lint, format and fix throughput over the shared corpus (1,919 real
//! Dockerfiles, `../shared/corpus/files` beside the repository).
//!
//! `cargo bench -p drydock-core --bench corpus` (or `make bench`, which
//! turns criterion's estimates into MB/s and files/s).
//!
//! One iteration processes every file once, so criterion's throughput is
//! the corpus's bytes per second; `scripts/bench.py` divides the file
//! count by the same time for files per second. When the corpus is absent,
//! a built-in sample is used instead and a note is printed.
//!
//! Times are the benchmark thread's CPU time, not wall time: the machines
//! this runs on are shared, and wall time there mostly measures the other
//! tenants. On an idle machine the two agree for this single-threaded work.

#[path = "support/corpus.rs"]
mod corpus;

use std::time::Duration;

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use drydock_core::fix::{fix_all, Choices};
use drydock_core::Config;

use corpus::{corpus, long_file};

/// CPU time of the calling thread (`CLOCK_THREAD_CPUTIME_ID`); wall time
/// where that clock is not available.
struct ThreadCpuTime;

impl ThreadCpuTime {
    #[cfg(unix)]
    fn now() -> Duration {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `t` is a valid, writable timespec for the call.
        let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
        assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
    }

    #[cfg(not(unix))]
    fn now() -> Duration {
        use std::sync::OnceLock;
        static START: OnceLock<std::time::Instant> = OnceLock::new();
        START.get_or_init(std::time::Instant::now).elapsed()
    }
}

impl Measurement for ThreadCpuTime {
    type Intermediate = Duration;
    type Value = Duration;

    fn start(&self) -> Duration {
        Self::now()
    }
    fn end(&self, start: Duration) -> Duration {
        Self::now().saturating_sub(start)
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
        // Nanoseconds, as wall time's.
        static WALL: WallTime = WallTime;
        WALL.formatter()
    }
}

fn bench(c: &mut Criterion<ThreadCpuTime>) {
    let files = corpus();
    let bytes: usize = files.iter().map(String::len).sum();
    println!("corpus: {} files, {} bytes", files.len(), bytes);
    let config = Config::default();
    let choices = Choices::all();

    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("parse", |b| {
        b.iter(|| {
            for text in &files {
                black_box(drydock_core::syntax::parse(black_box(text)));
            }
        })
    });
    group.bench_function("lint", |b| {
        b.iter(|| {
            for text in &files {
                black_box(drydock_core::lint(black_box(text), &config));
            }
        })
    });
    let options = drydock_core::format::Options::default();
    group.bench_function("format", |b| {
        b.iter(|| {
            for text in &files {
                let _ = black_box(drydock_core::format::format(black_box(text), &options));
            }
        })
    });
    group.bench_function("fix", |b| {
        b.iter(|| {
            for text in &files {
                black_box(fix_all(black_box(text), &config, &choices));
            }
        })
    });
    group.finish();

    // The playground's budget: lint + fix of a 5,000-line file (the first
    // 5,000 lines of the corpus, as `web/bench/inputs.mjs` builds it).
    let long = long_file(5000);
    let mut group = c.benchmark_group("5000-lines");
    group.throughput(Throughput::Bytes(long.len() as u64));
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("lint", |b| {
        b.iter(|| black_box(drydock_core::lint(black_box(&long), &config)))
    });
    group.bench_function("fix", |b| {
        b.iter(|| black_box(fix_all(black_box(&long), &config, &choices)))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(ThreadCpuTime);
    targets = bench
}
criterion_main!(benches);
