//! A lint told that its caller reads no fix ([`Config::skip_fixes`], what
//! `drydock lint` asks) reports the same findings as one that builds every
//! fix: the same codes, severities, messages, places and anchors, in the
//! same order, on every file of the shared corpus (`../shared/corpus/files`;
//! see `support/shared.rs` when it is missing), with and without a
//! `.dockerignore`. Only fixes may be missing.

use drydock_core::{lint_with, Config, Diagnostic, Inputs};

#[path = "support/shared.rs"]
mod shared;

/// What a report shows of a finding (everything but its fix).
fn shown(d: &Diagnostic) -> String {
    format!(
        "{} {:?} {:?} {}:{}-{}:{} {:?} {:?} {}",
        d.code,
        d.severity,
        d.span,
        d.start.line,
        d.start.column,
        d.end.line,
        d.end.column,
        d.anchor,
        d.anchor_end,
        d.message
    )
}

fn compare(texts: &[(String, String)], dockerignore: Option<&str>) -> (usize, usize) {
    let full = Config::default();
    let skipping = Config {
        skip_fixes: true,
        ..Config::default()
    };
    let inputs = Inputs { dockerignore };
    let (mut findings, mut fixes_left_out) = (0, 0);
    for (name, text) in texts {
        let with = lint_with(text, &full, &inputs);
        let without = lint_with(text, &skipping, &inputs);
        let a: Vec<String> = with.iter().map(shown).collect();
        let b: Vec<String> = without.iter().map(shown).collect();
        assert_eq!(a, b, "{name}: the findings differ with skip_fixes");
        for (x, y) in with.iter().zip(&without) {
            if let Some(fix) = &y.fix {
                assert_eq!(
                    Some(fix),
                    x.fix.as_ref(),
                    "{name}: a fix built with skip_fixes differs"
                );
            } else if x.fix.is_some() {
                fixes_left_out += 1;
            }
        }
        findings += with.len();
    }
    (findings, fixes_left_out)
}

#[test]
fn the_findings_are_the_same_without_the_fixes() {
    let Some(dir) = shared::path("corpus/files") else {
        return;
    };
    let texts = shared::texts(&dir);
    assert!(texts.len() > 1000, "{} files", texts.len());
    let (findings, left_out) = compare(&texts, None);
    // The rules that leave their fix out do so on the corpus (DL3015,
    // DD003, the ShellCheck codes with a fix): the comparison means
    // something.
    assert!(
        findings > 10_000 && left_out > 100,
        "{findings} findings, {left_out} fixes left out"
    );
    let (_, left_out) = compare(&texts, Some(".git\nnode_modules\n*.log\n"));
    assert!(
        left_out > 100,
        "{left_out} fixes left out with a .dockerignore"
    );
}

/// The fix engine reads fixes: given a config that skips them, it lints
/// without skipping, and rewrites every file as it does with the default
/// config (from the text, and from an analysis made with that config).
#[test]
fn the_fix_engine_ignores_skip_fixes() {
    use drydock_core::fix::{fix_all, fix_analysis, Choices};
    use drydock_core::Analysis;
    let Some(dir) = shared::path("corpus/files") else {
        return;
    };
    let texts = shared::texts(&dir);
    let skipping = Config {
        skip_fixes: true,
        ..Config::default()
    };
    let (full, inputs, choices) = (Config::default(), Inputs::default(), Choices::default());
    let mut changed = 0;
    // Every 10th file: the engine's rounds cost more than a lint.
    for (name, text) in texts.iter().step_by(10) {
        let expected = fix_all(text, &full, &choices);
        assert_eq!(fix_all(text, &skipping, &choices), expected, "{name}");
        let analysis = Analysis::new(text, &skipping, &inputs);
        assert_eq!(
            fix_analysis(analysis, &skipping, &inputs, &choices),
            expected,
            "{name}"
        );
        changed += usize::from(expected.text != *text);
    }
    assert!(changed > 50, "{changed} files rewritten");
}
