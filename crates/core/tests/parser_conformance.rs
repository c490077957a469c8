//! BuildKit's own parser tests: every `testfiles/*/Dockerfile` must dump
//! (in BuildKit's `Node.Dump` format) exactly to its `result`, and every
//! `testfiles-negative/*/Dockerfile` must give an error.
//!
//! The files live in the shared material beside the repository
//! (`../shared/conformance/buildkit-parser`); when it is absent the tests
//! print a note and pass.

use std::path::{Path, PathBuf};

use drydock_core::syntax::{dump_sexp, parse};

#[path = "support/shared.rs"]
mod shared;

fn conformance_dir() -> Option<PathBuf> {
    shared::path("conformance/buildkit-parser")
}

fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("readable testfiles dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.join("Dockerfile").is_file())
        .collect();
    v.sort();
    v
}

/// Errors that BuildKit's *parser* raises (the testfiles only promise the
/// parser accepts them; instruction-level checks such as `HEALTHCHECK
/// CONNECT` are BuildKit's next stage).
fn parser_level(message: &str) -> bool {
    !(message.starts_with("unknown instruction")
        || message.contains("requires")
        || message.starts_with("Unknown type")
        || message.starts_with("HEALTHCHECK NONE")
        || message.starts_with("Missing command")
        || message.contains("isn't allowed as an ONBUILD trigger")
        || message.starts_with("Chaining ONBUILD")
        || message.starts_with("SHELL requires"))
}

#[test]
fn buildkit_testfiles_dump_exactly() {
    let Some(dir) = conformance_dir() else { return };
    let mut passed = 0;
    let mut failures = Vec::new();
    let all = cases(&dir.join("testfiles"));
    for case in &all {
        let text = std::fs::read_to_string(case.join("Dockerfile")).expect("utf-8 Dockerfile");
        let expected = std::fs::read_to_string(case.join("result")).expect("result file");
        let file = parse(&text);
        let got = dump_sexp(&file);
        let parser_errors: Vec<_> = file
            .errors
            .iter()
            .filter(|e| parser_level(&e.message))
            .collect();
        if got == expected && parser_errors.is_empty() {
            passed += 1;
        } else {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- got\n{got}--- errors {:?}",
                case.display(),
                parser_errors
            ));
        }
    }
    eprintln!("BuildKit testfiles: {passed}/{} dump exactly", all.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        all.len() >= 33,
        "expected at least 33 testfiles, found {}",
        all.len()
    );
}

#[test]
fn buildkit_negative_testfiles_error() {
    let Some(dir) = conformance_dir() else { return };
    let all = cases(&dir.join("testfiles-negative"));
    assert!(all.len() >= 4);
    for case in &all {
        let text = std::fs::read_to_string(case.join("Dockerfile")).expect("utf-8 Dockerfile");
        let file = parse(&text);
        assert!(
            file.errors.iter().any(|e| parser_level(&e.message)),
            "{}: no parser error (got {:?})",
            case.display(),
            file.errors
        );
    }
    eprintln!(
        "BuildKit negative testfiles: {}/{} give errors",
        all.len(),
        all.len()
    );
}
