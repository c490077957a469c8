//! The fix engine over the 1,919 real Dockerfiles of the shared corpus
//! (`../shared/corpus/files` beside the repository; skipped with a note
//! when absent). The cheap invariants of `make verify-fixes`, without
//! hadolint, so they run in `cargo test`:
//! - the rewrite has no more syntax errors than the original;
//! - fixing the rewrite again changes nothing (and the engine converged);
//! - our findings never grow for any code;
//! - every comment line of the original is still in the rewrite.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use drydock_core::fix::{fix_all, Choices};
use drydock_core::{lint, syntax, Config};

#[path = "support/shared.rs"]
mod shared;

fn shared_dir() -> Option<PathBuf> {
    shared::root_with("corpus/files")
}

fn corpus(dir: &Path) -> Vec<(String, String)> {
    shared::texts(&dir.join("corpus/files"))
}

fn counts(text: &str, config: &Config) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for d in lint(text, config) {
        *out.entry(d.code.to_string()).or_default() += 1;
    }
    out
}

/// Lines of `text` that are comments (`#` after optional blanks).
fn comment_lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.starts_with('#'))
        .collect()
}

#[test]
fn corpus_rewrites_are_sound() {
    let Some(dir) = shared_dir() else { return };
    let config = Config::default();
    let choices = Choices::all();
    let files = corpus(&dir);
    assert!(files.len() >= 1900, "corpus has {} files", files.len());
    let mut problems = Vec::new();
    let (mut changed, mut before_total, mut after_total) = (0, 0, 0);
    for (name, text) in &files {
        let out = fix_all(text, &config, &choices);
        if out.text != *text {
            changed += 1;
        }
        let errors_before = syntax::parse(text).errors.len();
        let errors_after = syntax::parse(&out.text).errors.len();
        if errors_after > errors_before {
            problems.push(format!(
                "{name}: broken ({errors_before} → {errors_after} errors)"
            ));
        }
        for a in &out.applied {
            let says = drydock_core::rules::find(&a.code).map(|r| r.fix);
            if says == Some(drydock_core::rules::FixAvailability::Never) {
                problems.push(format!("{name}: {} applied a fix but says Never", a.code));
            }
        }
        if !out.converged {
            problems.push(format!("{name}: did not converge"));
        }
        let again = fix_all(&out.text, &config, &choices);
        if again.text != out.text {
            problems.push(format!(
                "{name}: unstable (fixing again applies {:?})",
                again.applied.iter().map(|a| &a.id).collect::<Vec<_>>()
            ));
        }
        let before = counts(text, &config);
        let after = counts(&out.text, &config);
        before_total += before.values().sum::<usize>();
        after_total += after.values().sum::<usize>();
        for (code, n) in &after {
            let was = before.get(code).copied().unwrap_or(0);
            if *n > was {
                problems.push(format!("{name}: {code} grew {was} → {n}"));
            }
        }
        let mut kept = comment_lines(&out.text);
        for line in comment_lines(text) {
            match kept.iter().position(|k| *k == line) {
                Some(i) => {
                    kept.swap_remove(i);
                }
                None => problems.push(format!("{name}: comment lost: {line}")),
            }
        }
    }
    eprintln!(
        "fix over the corpus: {changed}/{} files rewritten; our findings {before_total} → {after_total}; {} problems",
        files.len(),
        problems.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
