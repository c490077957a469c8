//! What rules' tests share (test builds only): run one rule on a text, read
//! what it reports, apply its fixes.
//!
//! Every helper runs the rule alone, with the default config unless one is
//! given, and reports what the rule itself reports: pragmas, ignored codes
//! and severity overrides are the lint pipeline's ([`crate::lint`]), not
//! applied here. Whole-file tests (`tests/fixtures.rs`, the snapshots) run
//! the pipeline instead.
//!
//! | helper | gives |
//! | --- | --- |
//! | [`findings`], [`findings_with`], [`findings_with_inputs`] | the rule's diagnostics |
//! | [`messages`], [`lines`], [`reports`] | their messages, their 1-based lines, how many |
//! | [`reports_run`], [`reports_run_bash`] | whether it reports on `FROM debian:12` + `RUN <run>` (under `sh`, under `bash`) |
//! | [`fixed_once`] | the text with every fix applied in one pass (no check) |
//! | [`fixed_until_clean`] | the text fixed one finding at a time until the rule is quiet (asserts it parses and is quiet) |
//! | [`fixes_cleanly`] | [`fixed_once`], asserting the result parses, is quiet and keeps the bytes around the edits |
//! | [`suggested_rewrites`] | asserts each `RUN`'s rewrite and that its fix is suggested |
//! | [`apply_fix`] | a text with one fix's edits applied |
//! | [`examples`], [`docs_config`], [`docs_dockerignore`] | the blocks of a rule's docs (its documented examples are run for every rule) |
//! | [`Rng`] | a small deterministic generator, for property tests |

use crate::config::{Config, Inputs};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::position::LineIndex;
use crate::rules::{check_rules, Rule};
use crate::semantics::Semantics;

/// What `rule` alone reports on `text` with the default config (pragmas
/// not applied).
pub fn findings(rule: &'static Rule, text: &str) -> Vec<Diagnostic> {
    findings_with(rule, text, &Config::default())
}

/// What `rule` alone reports on `text` under `config` (label schema,
/// trusted registries, build args …); pragmas not applied.
pub fn findings_with(rule: &'static Rule, text: &str, config: &Config) -> Vec<Diagnostic> {
    findings_with_inputs(rule, text, config, &Inputs::default())
}

/// [`findings_with`] with the optional inputs (a `.dockerignore`).
pub fn findings_with_inputs(
    rule: &'static Rule,
    text: &str,
    config: &Config,
    inputs: &Inputs,
) -> Vec<Diagnostic> {
    let file = crate::syntax::parse(text);
    let semantics = Semantics::new(&file, config);
    check_rules(&file, config, &semantics, inputs, &[rule])
}

/// The messages of [`findings`].
pub fn messages(rule: &'static Rule, text: &str) -> Vec<String> {
    findings(rule, text)
        .into_iter()
        .map(|d| d.message)
        .collect()
}

/// The 1-based lines `rule` reports in `text`.
pub fn lines(rule: &'static Rule, text: &str) -> Vec<usize> {
    lines_with(rule, text, &Config::default())
}

/// [`lines`] under `config`.
pub fn lines_with(rule: &'static Rule, text: &str, config: &Config) -> Vec<usize> {
    let index = LineIndex::new(text);
    findings_with(rule, text, config)
        .iter()
        .map(|d| index.line(d.span.start))
        .collect()
}

/// How many findings `rule` reports on `text`, for must/must-not tests.
pub fn reports(rule: &'static Rule, text: &str) -> usize {
    findings(rule, text).len()
}

/// Whether `rule` reports anything on a `RUN` of `run` (after a `FROM`,
/// under `/bin/sh`).
pub fn reports_run(rule: &'static Rule, run: &str) -> bool {
    !findings(rule, &format!("FROM debian:12\nRUN {run}\n")).is_empty()
}

/// [`reports_run`] under bash (`SHELL ["/bin/bash", "-c"]`).
pub fn reports_run_bash(rule: &'static Rule, run: &str) -> bool {
    !findings(
        rule,
        &format!("FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\nRUN {run}\n"),
    )
    .is_empty()
}

/// `text` with `fix`'s edits applied.
pub fn apply_fix(text: &str, fix: &Fix) -> String {
    crate::diagnostic::apply_edits(text, &fix.edits)
}

/// `text` with the edits of every fix `rule` offers applied in one pass
/// (fixes whose edits overlap an earlier one are skipped). Checks nothing:
/// see [`fixes_cleanly`] and [`fixed_until_clean`].
pub fn fixed_once(rule: &'static Rule, text: &str) -> String {
    let mut edits: Vec<Edit> = Vec::new();
    for d in findings(rule, text) {
        let Some(fix) = d.fix else { continue };
        let overlaps = fix.edits.iter().any(|e| {
            edits.iter().any(|o| {
                e.span.start < o.span.end && o.span.start < e.span.end
                    || (e.span.is_empty() && e.span.start == o.span.start)
            })
        });
        if !overlaps {
            edits.extend(fix.edits);
        }
    }
    crate::diagnostic::apply_edits(text, &edits)
}

/// Apply the fix of every finding of `rule` on `text` (which must be
/// reported, each finding with a fix with edits), one finding at a time,
/// re-checking in between so edits never overlap; the result must parse
/// cleanly and no longer report. Returns the fixed text.
pub fn fixed_until_clean(rule: &'static Rule, text: &str) -> String {
    let found = findings(rule, text);
    assert!(!found.is_empty(), "{}: not reported:\n{text}", rule.code);
    let mut out = text.to_string();
    for _ in 0..found.len() {
        let found = findings(rule, &out);
        let Some(d) = found.first() else { break };
        let fix = d
            .fix
            .as_ref()
            .unwrap_or_else(|| panic!("{}: no fix on {out}", rule.code));
        assert!(!fix.edits.is_empty(), "{}: empty fix", rule.code);
        out = apply_fix(&out, fix);
    }
    let file = crate::syntax::parse(&out);
    assert!(file.errors.is_empty(), "fix broke the file: {out}");
    let left = findings(rule, &out);
    assert!(
        left.is_empty(),
        "{}: still reported after fix:\n{out}",
        rule.code
    );
    out
}

/// [`fixed_once`], checking the result parses cleanly (when `text` did),
/// keeps every byte outside the edits, and no longer reports; returns it.
pub fn fixes_cleanly(rule: &'static Rule, text: &str) -> String {
    let before = findings(rule, text);
    assert!(!before.is_empty(), "nothing reported:\n{text}");
    let out = fixed_once(rule, text);
    assert_ne!(out, text, "no edit offered:\n{text}");
    if crate::syntax::parse(text).errors.is_empty() {
        let file = crate::syntax::parse(&out);
        assert!(file.errors.is_empty(), "{:?}\n{out}", file.errors);
    }
    let again = findings(rule, &out);
    assert!(again.is_empty(), "still reported {again:?}:\n{out}");
    // Bytes outside the first edit's span are kept: the text before
    // the earliest edit and after the last one are unchanged.
    let spans: Vec<_> = before
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .flat_map(|f| f.edits.iter().map(|e| e.span))
        .collect();
    let first = spans.iter().map(|s| s.start).min().unwrap_or(0);
    let last = spans.iter().map(|s| s.end).max().unwrap_or(text.len());
    assert_eq!(
        out[..first],
        text[..first],
        "bytes before the edits changed"
    );
    assert!(
        out.ends_with(&text[last..]),
        "bytes after the edits changed"
    );
    out
}

/// For each `(run, want)`: `rule`'s rewrite ([`fixed_once`]) of a `RUN` of
/// `run` is a `RUN` of `want`, and its fix is suggested.
pub fn suggested_rewrites(rule: &'static Rule, cases: &[(&str, &str)]) {
    for (run, want) in cases {
        let text = format!("FROM debian:12\nRUN {run}\n");
        assert_eq!(
            fixed_once(rule, &text),
            format!("FROM debian:12\nRUN {want}\n"),
            "{run}"
        );
        assert_eq!(
            findings(rule, &text)[0]
                .fix
                .as_ref()
                .map(|f| f.applicability),
            Some(Applicability::Suggested),
            "{run}"
        );
    }
}

/// The ```dockerfile blocks following `heading` in `docs`.
pub fn examples<'d>(docs: &'d str, heading: &str) -> Vec<&'d str> {
    let Some(start) = docs.find(heading) else {
        return Vec::new();
    };
    let rest = &docs[start + heading.len()..];
    let section = &rest[..rest.find("\n## ").unwrap_or(rest.len())];
    section
        .split("```dockerfile\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .collect()
}

/// The ```dockerignore block of a `## Configuration` section, if any:
/// the `.dockerignore` the examples are checked with.
pub fn docs_dockerignore(docs: &str) -> Option<&str> {
    let start = docs.find("## Configuration")?;
    let block = docs[start..].split("```dockerignore\n").nth(1)?;
    block.split("```").next()
}

/// The ```json block of a `## Configuration` section, if any.
pub fn docs_config(docs: &str) -> Option<&str> {
    let start = docs.find("## Configuration")?;
    let rest = &docs[start..];
    let section = &rest[..rest[1..].find("\n## ").map_or(rest.len(), |i| i + 1)];
    let block = section.split("```json\n").nth(1)?;
    block.split("```").next()
}

/// A small deterministic generator (xorshift), for property tests
/// without a dependency.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}
