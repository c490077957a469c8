//! The shared corpus for the benchmarks (`corpus.rs`, `build_plan.rs`):
//! every file of `../shared/corpus/files`, or a built-in sample without it.

#![allow(dead_code)]

use std::path::Path;

pub fn corpus() -> Vec<String> {
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

pub const SAMPLE: &str = "FROM python:3.12-slim AS base\n\
ENV PYTHONDONTWRITEBYTECODE=1 \\\n    PIP_NO_CACHE_DIR=1\n\
RUN apt-get update && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*\n\
COPY --chown=app:app requirements.txt /app/\n\
RUN <<EOF\nset -e\npip install -r /app/requirements.txt\nEOF\n\
CMD [\"python\", \"-m\", \"app\"]\n";
