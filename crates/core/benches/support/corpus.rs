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

/// The first `lines` lines of the corpus's files (sorted by name), one
/// after the other: the long Dockerfile of the browser benchmarks
/// (`web/bench/inputs.mjs`'s `bigDockerfile`). The built-in sample
/// repeated without the corpus.
pub fn long_file(lines: usize) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/files");
    let mut names: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    let mut out: Vec<String> = Vec::new();
    for p in &names {
        let Ok(b) = std::fs::read(p) else { continue };
        out.extend(String::from_utf8_lossy(&b).split('\n').map(str::to_string));
        if out.len() >= lines {
            break;
        }
    }
    if out.is_empty() {
        out = SAMPLE
            .repeat(lines / 10 + 1)
            .lines()
            .map(str::to_string)
            .collect();
    }
    out.truncate(lines);
    out.join("\n") + "\n"
}

pub const SAMPLE: &str = "FROM python:3.12-slim AS base\n\
ENV PYTHONDONTWRITEBYTECODE=1 \\\n    PIP_NO_CACHE_DIR=1\n\
RUN apt-get update && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*\n\
COPY --chown=app:app requirements.txt /app/\n\
RUN <<EOF\nset -e\npip install -r /app/requirements.txt\nEOF\n\
CMD [\"python\", \"-m\", \"app\"]\n";
