//! The articles' image, security and runtime rules (DD001, DD007–DD013)
//! over the 1,919 real Dockerfiles of the shared corpus
//! (`../shared/corpus/files`; skipped with a note when absent):
//! - every edit they offer, applied alone, leaves a file with no more
//!   syntax errors than before, keeps every byte outside the edit, and
//!   makes its finding go away;
//! - applying all of their fixes with the engine converges, drops nothing
//!   for breaking the syntax, and is stable (a second pass changes
//!   nothing).

use std::path::PathBuf;

use drydock_core::fix::{apply_edits, fix_all, Choices, Skip};
use drydock_core::{lint, syntax, Config};

#[path = "support/shared.rs"]
mod shared;

const CODES: &[&str] = &[
    "DD001", "DD007", "DD008", "DD009", "DD010", "DD011", "DD012", "DD013",
];

fn corpus() -> Option<Vec<(String, String)>> {
    let dir: PathBuf = shared::path("corpus/files")?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus dir")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    Some(
        files
            .into_iter()
            .map(|p| {
                let name = p.file_name().expect("name").to_string_lossy().into_owned();
                let text = String::from_utf8_lossy(&std::fs::read(&p).expect("read")).into_owned();
                (name, text)
            })
            .collect(),
    )
}

#[test]
fn each_edit_alone_is_clean_and_removes_its_finding() {
    let Some(files) = corpus() else { return };
    let config = Config::default();
    let mut edits_checked = 0;
    for (name, text) in &files {
        let errors = syntax::parse(text).errors.len();
        for d in lint(text, &config) {
            if !CODES.contains(&d.code.as_str()) {
                continue;
            }
            let Some(fix) = &d.fix else { continue };
            if fix.edits.is_empty() {
                continue;
            }
            edits_checked += 1;
            let out = apply_edits(text, &fix.edits);
            assert!(
                syntax::parse(&out).errors.len() <= errors,
                "{name}: {} fix adds a syntax error:\n{out}",
                d.code
            );
            // Bytes before the first edit and after the last are kept.
            let first = fix.edits.iter().map(|e| e.span.start).min().unwrap_or(0);
            let last = fix.edits.iter().map(|e| e.span.end).max().unwrap_or(0);
            assert_eq!(&out[..first], &text[..first], "{name}: {}", d.code);
            assert!(out.ends_with(&text[last..]), "{name}: {}", d.code);
            let before = lint(text, &config)
                .iter()
                .filter(|x| x.code == d.code)
                .count();
            let after = lint(&out, &config)
                .iter()
                .filter(|x| x.code == d.code)
                .count();
            assert!(
                after < before,
                "{name}: {} still reported after its fix ({before} → {after}):\n{out}",
                d.code
            );
        }
    }
    eprintln!("{edits_checked} DD edits checked on {} files", files.len());
}

#[test]
fn fixing_everything_converges_and_is_stable() {
    let Some(files) = corpus() else { return };
    let config = Config::default();
    let choices = Choices {
        only: CODES.iter().map(|c| c.to_string()).collect(),
        ..Choices::default()
    };
    for (name, text) in &files {
        let out = fix_all(text, &config, &choices);
        assert!(out.converged, "{name}: did not converge");
        let dropped: Vec<_> = out
            .skipped
            .iter()
            .filter(|s| s.reason == Skip::BreaksSyntax || s.reason == Skip::InvalidEdits)
            .collect();
        assert!(dropped.is_empty(), "{name}: {dropped:#?}");
        let again = fix_all(&out.text, &config, &choices);
        assert_eq!(
            again.text, out.text,
            "{name}: a second pass changed the text"
        );
    }
}
