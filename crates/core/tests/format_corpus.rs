//! The formatter over every file of the shared corpus
//! (`../shared/corpus/files`; `DRYDOCK_SHARED` names another shared
//! folder). The corpus is required: the test fails when it is missing,
//! unless `DRYDOCK_SKIP_SHARED=1` says to skip it (`support/shared.rs`,
//! as every test reading the shared material).
//!
//! For every file: formatting succeeds (its own meaning check passed);
//! BuildKit's s-expression is the same before and after (shell-form
//! commands compared with separator whitespace collapsed, everything else
//! byte for byte); every comment is still there, in order; formatting
//! twice equals formatting once; the lint findings are the same apart
//! from the rules about formatting. The figures are printed (run with
//! `--nocapture`) and quoted in docs/formatting.md.

#[path = "support/shared.rs"]
mod shared;

use std::collections::BTreeMap;
use std::path::PathBuf;

use drydock_core::format::{format, same_meaning, Options};
use drydock_core::syntax::{dump_sexp, parse};
use drydock_core::{lint, Config};

/// Rules that report formatting: they may change when a file is formatted.
const FORMATTING_RULES: &[&str] = &["ConsistentInstructionCasing"];

fn corpus() -> Option<Vec<(String, String)>> {
    let dir = shared::path("corpus/files")?;
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries.map(|e| e.expect("entry").path()).collect();
    files.sort();
    assert!(
        files.len() > 100,
        "the corpus at {} is nearly empty",
        dir.display()
    );
    Some(
        files
            .into_iter()
            .map(|p| {
                let bytes = std::fs::read(&p).expect("readable");
                let name = p.file_name().expect("name").to_string_lossy().into_owned();
                (name, String::from_utf8_lossy(&bytes).into_owned())
            })
            .collect(),
    )
}

fn findings(text: &str) -> BTreeMap<(String, String), usize> {
    let mut out = BTreeMap::new();
    for d in lint(text, &Config::default()) {
        if FORMATTING_RULES.contains(&d.code.as_str()) {
            continue;
        }
        // Messages may quote a command (compared with whitespace runs
        // collapsed) and name other lines (`line 12`: lines move when a
        // blank line goes or an `&&` chain is split).
        let message = without_line_numbers(&d.message)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        *out.entry((d.code.to_string(), message)).or_insert(0) += 1;
    }
    out
}

fn without_line_numbers(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find("line ") {
        out.push_str(&rest[..i + 5]);
        rest = &rest[i + 5..];
        // `line 12` or `line 26, 132, 161`.
        loop {
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits == 0 {
                break;
            }
            out.push('N');
            rest = &rest[digits..];
            match rest.strip_prefix(", ") {
                Some(r) if r.starts_with(|c: char| c.is_ascii_digit()) => rest = r,
                _ => break,
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn formatting_the_corpus_keeps_meaning_comments_and_findings() {
    let Some(files) = corpus() else { return };
    let options = Options::default();
    let (mut changed, mut identical_sexp, mut errors) = (0, 0, Vec::new());
    let (mut meaning, mut comments, mut unstable, mut lint_changed) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (name, text) in &files {
        let out = match format(text, &options) {
            Ok(out) => out,
            Err(e) => {
                errors.push(format!("{name}: {e}"));
                continue;
            }
        };
        if out == *text {
            continue;
        }
        changed += 1;
        let (before, after) = (parse(text), parse(&out));
        if let Err(d) = same_meaning(&before, &after) {
            meaning.push(format!("{name}:{}: {}", d.line, d.message));
        }
        if dump_sexp(&before) == dump_sexp(&after) {
            identical_sexp += 1;
        }
        let texts = |f: &drydock_core::syntax::Dockerfile| {
            f.comments
                .iter()
                .map(|c| c.text.trim_end().to_string())
                .collect::<Vec<_>>()
        };
        if texts(&before) != texts(&after) || text.matches('#').count() != out.matches('#').count()
        {
            comments.push(name.clone());
        }
        match format(&out, &options) {
            Ok(again) if again == out => {}
            _ => unstable.push(name.clone()),
        }
        if findings(text) != findings(&out) {
            lint_changed.push(name.clone());
        }
    }
    eprintln!(
        "format corpus: {} files, {} changed ({} with a byte-identical s-expression), \
         {} not formatted, {} meaning changes, {} with comments lost, {} unstable, \
         {} with other findings",
        files.len(),
        changed,
        identical_sexp,
        errors.len(),
        meaning.len(),
        comments.len(),
        unstable.len(),
        lint_changed.len()
    );
    let show = |v: &[String]| v.iter().take(10).cloned().collect::<Vec<_>>().join("\n");
    assert!(errors.is_empty(), "not formatted:\n{}", show(&errors));
    assert!(meaning.is_empty(), "meaning changed:\n{}", show(&meaning));
    assert!(comments.is_empty(), "comments lost:\n{}", show(&comments));
    assert!(unstable.is_empty(), "not idempotent:\n{}", show(&unstable));
    assert!(
        lint_changed.is_empty(),
        "findings changed:\n{}",
        show(&lint_changed)
    );
    assert!(
        changed > 0,
        "formatting changed no file: the test checks nothing"
    );
}
