//! The fuzz targets' checks (`fuzz/checks.rs`), replayed in `cargo test`:
//! - every reproducer kept in `fuzz/regressions/` (inputs that once
//!   crashed a target) through all three targets;
//! - the shared corpus (`../shared/corpus/files`, skipped when absent):
//!   every file through `parse` and `lint`, every 8th through `fix`.

#[path = "../../../fuzz/checks.rs"]
mod checks;

use std::path::{Path, PathBuf};

#[path = "support/shared.rs"]
mod shared;

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn replay(path: &Path, target: fn(&[u8])) {
    let data = std::fs::read(path).expect("readable");
    let name = path.display().to_string();
    let run = std::panic::catch_unwind(|| target(&data));
    assert!(run.is_ok(), "{name} fails its check");
}

#[test]
fn regressions_pass_every_target() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions");
    for path in files(&dir) {
        replay(&path, checks::parse_target);
        replay(&path, checks::lint_target);
        replay(&path, checks::fix_target);
        replay(&path, checks::format_target);
    }
}

#[test]
fn corpus_passes_the_fuzz_checks() {
    let Some(dir) = shared::path("corpus/files") else {
        return;
    };
    let corpus = files(&dir);
    assert!(!corpus.is_empty(), "{} is empty", dir.display());
    for (i, path) in corpus.iter().enumerate() {
        replay(path, checks::parse_target);
        replay(path, checks::lint_target);
        replay(path, checks::format_target);
        if i % 8 == 0 {
            replay(path, checks::fix_target);
        }
    }
}
