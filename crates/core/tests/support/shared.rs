//! Where the shared test material is: `../shared` beside the repository
//! (the corpus with hadolint's output per file, BuildKit's conformance
//! files), or the folder `DRYDOCK_SHARED` names.
//!
//! A test that needs it fails when it is missing, with a message saying
//! what to do; it is skipped only when `DRYDOCK_SKIP_SHARED=1` says so
//! (then it says it was skipped). Included with
//! `#[path = "support/shared.rs"] mod shared;`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The environment variable naming the shared folder.
pub const DIR_VAR: &str = "DRYDOCK_SHARED";
/// The environment variable that skips the tests needing it.
pub const SKIP_VAR: &str = "DRYDOCK_SKIP_SHARED";

/// The shared folder (it may lack what a test needs: see [`path`]).
pub fn root() -> PathBuf {
    match std::env::var_os(DIR_VAR) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    }
}

/// Whether the tests needing the shared material are to be skipped.
pub fn skipping() -> bool {
    std::env::var(SKIP_VAR).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// `rel` inside the shared folder. Panics when it is missing, unless
/// [`SKIP_VAR`] is set: then `None`, and the test returns.
pub fn path(rel: &str) -> Option<PathBuf> {
    let p = root().join(rel);
    if p.exists() {
        return Some(p);
    }
    if skipping() {
        eprintln!(
            "note: {} not found; skipped ({SKIP_VAR} is set)",
            p.display()
        );
        return None;
    }
    panic!(
        "{} not found: this test needs the shared material (../shared beside the repository). \
         Point {DIR_VAR} at it, or set {SKIP_VAR}=1 to skip the tests that need it.",
        p.display()
    );
}

/// The shared folder, when it holds `rel` (see [`path`]).
pub fn root_with(rel: &str) -> Option<PathBuf> {
    path(rel).map(|_| root())
}

/// Every file in `dir`, by name, as `(name, text)` (bytes that are not
/// UTF-8 replaced), sorted by name.
pub fn texts(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("readable");
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            (name, String::from_utf8_lossy(&bytes).into_owned())
        })
        .collect()
}
