//! The parser over the 1,919 real Dockerfiles of the shared corpus
//! (`../shared/corpus/files` beside the repository; skipped with a note
//! when absent):
//! - the items tile every file byte for byte;
//! - spans are in order and on character boundaries; nothing panics;
//! - no file gets a parse error where hadolint 2.15.1 parsed it (no DL1000
//!   in `corpus/hadolint-2.15.1.jsonl`), and no file hadolint rejects parses
//!   cleanly, except the documented cases below.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use drydock_core::syntax::{parse, Body, Dockerfile, ItemKind};

#[path = "support/shared.rs"]
mod shared;

pub fn shared_dir() -> Option<PathBuf> {
    shared::root_with("corpus/files")
}

fn corpus(dir: &Path) -> Vec<(String, String)> {
    shared::texts(&dir.join("corpus/files"))
}

fn check_tiling(name: &str, file: &Dockerfile) {
    let mut at = 0;
    let mut rebuilt = String::with_capacity(file.source.len());
    for item in &file.items {
        assert_eq!(item.span.start, at, "{name}: gap or overlap at byte {at}");
        assert!(
            item.span.end > item.span.start,
            "{name}: empty item at {at}"
        );
        rebuilt.push_str(&file.source[item.span.start..item.span.end]);
        at = item.span.end;
        if let ItemKind::Instruction(i) = item.kind {
            let inst = &file.instructions[i];
            assert!(
                item.span.start <= inst.span.start && inst.span.end <= item.span.end,
                "{name}: instruction outside its item"
            );
            assert!(inst.line <= inst.end_line);
        }
    }
    assert_eq!(at, file.source.len(), "{name}: items stop at {at}");
    assert_eq!(rebuilt, file.source, "{name}: round trip differs");
}

#[test]
fn corpus_round_trips_byte_for_byte() {
    let Some(dir) = shared_dir() else { return };
    let files = corpus(&dir);
    assert!(files.len() >= 1900, "corpus has {} files", files.len());
    for (name, text) in &files {
        let file = parse(text);
        check_tiling(name, &file);
    }
    eprintln!(
        "round trip: {}/{} corpus files tile byte for byte",
        files.len(),
        files.len()
    );
}

/// Files where our parser reports an error and hadolint does not, with the
/// reason hadolint is wrong.
const HADOLINT_MISSES: &[(&str, &str)] = &[];

/// Files hadolint rejects (DL1000) that parse without error here, with the
/// reason (see docs/hadolint-differences.md, sections 4 and 5).
const HADOLINT_ONLY: &[(&str, &str)] = &[
    (
        "github__h__hanzhankang__auto_es__Dockerfile.0",
        "`EXPOSE {es_tcp_port}`: BuildKit's parser accepts it too; the build fails later, reading the port",
    ),
    (
        "github__r__roscopecoltran__sniperkit-services__Dockerfile.1113",
        "tab-only lines inside a continuation: BuildKit skips them (isEmptyContinuationLine), hadolint stops",
    ),
    (
        "github__r__roscopecoltran__sniperkit-services__Dockerfile.613",
        "tab-only lines inside a continuation: BuildKit skips them (isEmptyContinuationLine), hadolint stops",
    ),
];

/// Errors hadolint never reports, with the reason it is wrong not to.
/// - "file with no instructions": a file of only comments / blank lines.
///   BuildKit's parser rejects it (`docker build` fails with exactly this
///   message, and it is one of BuildKit's own negative parser tests);
///   hadolint lints it as an empty, valid file.
const BUILDKIT_ONLY_ERRORS: &[&str] = &["file with no instructions"];

#[test]
fn corpus_errors_agree_with_hadolint() {
    let Some(dir) = shared_dir() else { return };
    let jsonl = std::fs::read_to_string(dir.join("corpus/hadolint-2.15.1.jsonl"))
        .expect("hadolint results");
    let mut dl1000 = HashSet::new();
    for line in jsonl.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        let name = v["file"].as_str().expect("file").to_string();
        if v["findings"]
            .as_array()
            .is_some_and(|f| f.iter().any(|f| f["code"] == "DL1000"))
        {
            dl1000.insert(name);
        }
    }
    let documented: HashSet<&str> = HADOLINT_MISSES.iter().map(|m| m.0).collect();
    let hadolint_only: HashSet<&str> = HADOLINT_ONLY.iter().map(|m| m.0).collect();
    let mut disagreements = Vec::new();
    let mut with_errors = 0;
    let mut buildkit_only = 0;
    for (name, text) in corpus(&dir) {
        let file = parse(&text);
        if file.errors.is_empty() {
            // The other direction: hadolint rejects, we parse cleanly.
            if dl1000.contains(&name) != hadolint_only.contains(name.as_str()) {
                disagreements.push(format!("{name}: hadolint DL1000, no parse error here"));
            }
            continue;
        }
        if hadolint_only.contains(name.as_str()) {
            disagreements.push(format!("{name}: listed in HADOLINT_ONLY but has errors"));
        }
        with_errors += 1;
        if file
            .errors
            .iter()
            .all(|e| BUILDKIT_ONLY_ERRORS.contains(&e.message.as_str()))
        {
            buildkit_only += 1;
            continue;
        }
        if !dl1000.contains(&name) && !documented.contains(name.as_str()) {
            disagreements.push(format!("{name}: {:?}", file.errors));
        }
    }
    eprintln!(
        "corpus: {with_errors} files with parse errors ({buildkit_only} only with errors hadolint does not check), hadolint DL1000 on {} ({} of them parse cleanly here, documented), {} undocumented disagreements",
        dl1000.len(),
        hadolint_only.len(),
        disagreements.len()
    );
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

#[test]
fn corpus_bodies_are_filled() {
    let Some(dir) = shared_dir() else { return };
    let mut invalid = 0;
    let mut total = 0;
    for (_, text) in corpus(&dir) {
        let file = parse(&text);
        for inst in &file.instructions {
            total += 1;
            if matches!(inst.body, Body::Invalid) {
                invalid += 1;
                assert!(!file.errors.is_empty(), "Invalid body without an error");
            }
        }
    }
    eprintln!("corpus: {total} instructions, {invalid} with an Invalid body");
}
