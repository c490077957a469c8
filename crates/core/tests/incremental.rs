//! A lint handed a [`Memo`] (what earlier lints of edited versions of the
//! text left) reports exactly what a lint without one reports: on every
//! file of the shared corpus (`../shared/corpus/files`; see
//! `support/shared.rs` when it is missing) and the 5,000-line file the
//! bench builds from it, and on every text the fix engine lints while
//! fixing them (every fix, and safe fixes only), with one memo per file as
//! `fix_all` keeps it.
//!
//! The trees the engine parses reusing earlier shell parses
//! ([`drydock_core::syntax::parse_reusing`]) are the trees a parse
//! makes, there and when every file is parsed reusing the shell parses
//! of the 5,000-line file (made of the first files, so many of their
//! `RUN`s are found there, at other places).
//!
//! The same with one memo for the whole corpus: an instruction read in
//! one file is then met again in other files, in other contexts (other
//! shells, escape characters, variables), so a memo whose key leaves out
//! something a result depends on (a `RUN`'s dialect, the names its script
//! starts with) makes some file lint differently, and
//! `one_memo_for_every_file` fails, naming it.

use std::cell::RefCell;

use drydock_core::fix::{fix_with, Choices};
use drydock_core::linter::{lint_parsed, lint_parsed_memo, Memo};
use drydock_core::syntax::reuse::Earlier;
use drydock_core::syntax::Dockerfile;
use drydock_core::{Config, Diagnostic, Inputs};

#[path = "support/shared.rs"]
mod shared;

/// The first 5,000 lines of the corpus's files, in order (as
/// `benches/support/corpus.rs` builds its long file).
fn long_file(files: &[(String, String)]) -> String {
    let mut out: Vec<&str> = Vec::new();
    for (_, t) in files {
        out.extend(t.split('\n'));
        if out.len() >= 5000 {
            break;
        }
    }
    out.truncate(5000);
    out.join("\n") + "\n"
}

/// The corpus files, and the 5,000-line file.
fn files() -> Option<Vec<(String, String)>> {
    let dir = shared::path("corpus/files")?;
    let mut files = shared::texts(&dir);
    assert!(files.len() >= 1900, "corpus has {} files", files.len());
    files.push(("the 5,000-line file".into(), long_file(&files)));
    Some(files)
}

#[test]
fn reused_shell_parses_make_the_same_tree() {
    let Some(files) = files() else { return };
    let long = drydock_core::syntax::parse(&files.last().expect("the long file").1);
    let earlier = Earlier::new(&long);
    let mut failures: Vec<&str> = Vec::new();
    for (name, text) in &files {
        let fresh = drydock_core::syntax::parse(text);
        let reusing = drydock_core::syntax::parse_reusing(text, &earlier);
        if format!("{fresh:?}") != format!("{reusing:?}") {
            failures.push(name);
        }
    }
    assert!(
        failures.is_empty(),
        "{} files parse to another tree reusing shell parses: {failures:?}",
        failures.len()
    );
    assert!(
        earlier.reused() > 1000,
        "{} shell parses reused",
        earlier.reused()
    );
}

#[test]
fn one_memo_for_every_file() {
    let Some(files) = files() else { return };
    let config = Config::default();
    let inputs = Inputs::default();
    let memo = Memo::default();
    let mut failures: Vec<String> = Vec::new();
    for (name, text) in &files {
        let file = drydock_core::syntax::parse(text);
        let full = lint_parsed(&file, &config, &inputs);
        let incremental = lint_parsed_memo(&file, &config, &inputs, Some(&memo));
        if full != incremental {
            failures.push(format!("{name}: {}", difference(&full, &incremental)));
        }
    }
    assert!(
        failures.is_empty(),
        "{} files lint differently with a memo:\n{}",
        failures.len(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        memo.reused() > 1000,
        "the memo served {} results",
        memo.reused()
    );
}

/// The first finding two lints disagree on.
fn difference(full: &[Diagnostic], incremental: &[Diagnostic]) -> String {
    full.iter()
        .zip(incremental)
        .find(|(a, b)| a != b)
        .map(|(a, b)| format!("{a:?}\n  with a memo: {b:?}"))
        .unwrap_or_else(|| format!("{} findings, {} with a memo", full.len(), incremental.len()))
}

#[test]
fn a_memo_changes_no_finding() {
    let Some(files) = files() else { return };
    let config = Config::default();
    let failures: RefCell<Vec<String>> = RefCell::new(Vec::new());
    let (mut lints, mut reused, mut models) = (0usize, 0usize, 0usize);
    for (name, text) in &files {
        for choices in [Choices::all(), Choices::safe_only()] {
            let memo = Memo::default();
            let count = RefCell::new(0usize);
            let lint = |file: &Dockerfile, inputs: &Inputs| {
                // The engine parses its rewrites reusing the shell parses
                // of the text before: the tree a parse makes.
                if format!("{:?}", drydock_core::syntax::parse(&file.source)) != format!("{file:?}")
                {
                    failures.borrow_mut().push(format!(
                        "{name}, lint {}: another tree",
                        *count.borrow() + 1
                    ));
                }
                let full = lint_parsed(file, &config, inputs);
                let incremental = lint_parsed_memo(file, &config, inputs, Some(&memo));
                *count.borrow_mut() += 1;
                let mut failures = failures.borrow_mut();
                if full != incremental && failures.len() < 20 {
                    let first = difference(&full, &incremental);
                    failures.push(format!("{name}, lint {}: {first}", count.borrow()));
                }
                full
            };
            let _ = fix_with(text, &Inputs::default(), &choices, &lint);
            lints += count.into_inner();
            reused += memo.reused();
            models += memo.semantics_reused();
        }
    }
    let failures = failures.into_inner();
    assert!(
        failures.is_empty(),
        "a lint with a memo differs from one without:\n{}",
        failures.join("\n")
    );
    // The check above is not vacuous: the memo served most of the re-lints' RUNs.
    assert!(lints > 2 * files.len(), "{lints} lints");
    assert!(reused > 1000, "the memo served {reused} results");
    // And the semantic model of most rewrites (those that change no
    // ARG, ENV, FROM, SHELL, --from, --mount or pragma) came from it.
    eprintln!("{lints} lints, {models} models reused");
    assert!(models > 1000, "the memo served {models} models");
}

/// Files whose `RUN`s read the same but run in other contexts (another
/// shell, other declared variables, another escape character), linted in
/// turn with one memo: each as without it. (Their ShellCheck findings
/// differ: SC3010 under `sh`, SC2086 under bash, SC2006 under bash with
/// `NAME` declared, none under PowerShell. The corpus has few such pairs:
/// a key without the dialect passes the corpus tests, not this one.)
#[test]
fn the_context_of_a_run_is_in_its_key() {
    let run = "RUN echo `ls` $NAME && [[ -f x ]]\n";
    let files = [
        format!("FROM debian:12\n{run}"),
        format!("FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\n{run}"),
        format!("FROM debian:12\nARG NAME=x\n{run}"),
        format!("FROM debian:12\nENV NAME=x\nSHELL [\"/bin/bash\", \"-c\"]\n{run}"),
        format!("# escape=`\nFROM debian:12\n{run}"),
        format!("FROM debian:12\nSHELL [\"pwsh\", \"-c\"]\n{run}"),
    ];
    let config = Config::default();
    let inputs = Inputs::default();
    for order in [false, true] {
        let memo = Memo::default();
        let mut texts: Vec<&String> = files.iter().collect();
        if order {
            texts.reverse();
        }
        for text in texts {
            let file = drydock_core::syntax::parse(text);
            let full = lint_parsed(&file, &config, &inputs);
            let incremental = lint_parsed_memo(&file, &config, &inputs, Some(&memo));
            assert_eq!(full, incremental, "{text}");
        }
    }
}
