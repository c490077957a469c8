//! The lint pipeline: parse, compute [`Semantics`] once, run every
//! enabled rule, then centrally drop what pragmas and BuildKit's `# check=`
//! directive silence, apply severity overrides, locate and sort.
//!
//! Above the rules and the suppression layer; the fix engine ([`crate::fix`])
//! is handed [`lint_parsed`] and runs it on each round's text.

use std::collections::HashMap;

use crate::config::{Config, Inputs};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::position::LineIndex;
use crate::rules;
pub use crate::rules::Memo;
use crate::semantics::Semantics;
use crate::suppression::{self, Lookup};
use crate::syntax::{self, Dockerfile};

/// Lint `text`: every finding of every rule the config enables, in source
/// order, with positions filled in.
pub fn lint(text: &str, config: &Config) -> Vec<Diagnostic> {
    lint_with(text, config, &Inputs::default())
}

/// [`lint`] with extra inputs (the `.dockerignore`).
///
/// The pipeline: parse, compute [`Semantics`] once, run every enabled
/// rule, then centrally drop what pragmas silence (unless
/// `config.disable_ignore_pragma`), apply severity overrides, locate and
/// sort.
pub fn lint_with(text: &str, config: &Config, inputs: &Inputs) -> Vec<Diagnostic> {
    lint_parsed(&syntax::parse(text), config, inputs)
}

/// [`lint_with`] of a file already parsed (the fix engine needs the tree's
/// syntax errors too, and parses once).
pub fn lint_parsed(file: &Dockerfile, config: &Config, inputs: &Inputs) -> Vec<Diagnostic> {
    lint_parsed_memo(file, config, inputs, None)
}

/// [`lint_parsed`], reusing what earlier lints of edited versions of the
/// text left in `memo` (and leaving its own): the same findings, sooner
/// when few instructions changed. The fix engine keeps one per file.
pub fn lint_parsed_memo(
    file: &Dockerfile,
    config: &Config,
    inputs: &Inputs,
    memo: Option<&Memo>,
) -> Vec<Diagnostic> {
    let semantics = Semantics::new(file, config);
    let index = LineIndex::new(&file.source);
    findings(file, &semantics, &index, config, inputs, memo)
}

/// Everything one lint of a text computes, computed once: the tree, its
/// [`Semantics`], the line index and the located findings. The fix engine
/// takes it as its first round ([`crate::fix::fix_analysis`]), so a caller
/// that shows the findings and then the rewrite analyses the text once.
#[derive(Debug)]
pub struct Analysis {
    /// The tree (its `source` is the text).
    pub file: Dockerfile,
    pub semantics: Semantics,
    /// Line starts of the text: positions of findings, suppression lines.
    pub index: LineIndex,
    /// What [`lint_with`] returns for the text.
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    /// Parse and lint `text`.
    pub fn new(text: &str, config: &Config, inputs: &Inputs) -> Analysis {
        Analysis::of(syntax::parse(text), config, inputs)
    }

    /// Lint a file already parsed.
    pub fn of(file: Dockerfile, config: &Config, inputs: &Inputs) -> Analysis {
        Analysis::of_memo(file, config, inputs, None)
    }

    /// [`Analysis::of`], reusing and filling `memo` (see
    /// [`lint_parsed_memo`]).
    pub fn of_memo(
        file: Dockerfile,
        config: &Config,
        inputs: &Inputs,
        memo: Option<&Memo>,
    ) -> Analysis {
        let semantics = Semantics::new(&file, config);
        let index = LineIndex::new(&file.source);
        let diagnostics = findings(&file, &semantics, &index, config, inputs, memo);
        Analysis {
            file,
            semantics,
            index,
            diagnostics,
        }
    }

    /// The text analysed.
    pub fn text(&self) -> &str {
        &self.file.source
    }
}

/// The pipeline after parsing: rules, suppression, severities, positions,
/// order.
fn findings(
    file: &Dockerfile,
    semantics: &Semantics,
    index: &LineIndex,
    config: &Config,
    inputs: &Inputs,
    memo: Option<&Memo>,
) -> Vec<Diagnostic> {
    let text = file.source.as_str();
    let mut diagnostics = rules::check_all_memo(file, config, semantics, inputs, memo);
    let lookup = Lookup {
        rule_code: &|entry| rules::find(entry).map(|r| r.code),
        is_buildkit: &rules::buildkit::is_buildkit,
        stage_of: &|i| semantics.stage_of(i).map(|s| s.index),
    };
    suppression::apply(
        file,
        &semantics.pragmas,
        config,
        &lookup,
        index,
        &mut diagnostics,
    );
    // Severity overrides (most configs have none) are looked up once per
    // code met, not once per finding.
    if !config.severity_overrides.is_empty() {
        let mut overrides: HashMap<Code, Option<Severity>> = HashMap::new();
        for d in &mut diagnostics {
            let set = *overrides
                .entry(d.code)
                .or_insert_with(|| config.severity_override(&d.code));
            if let Some(severity) = set {
                d.severity = severity;
            }
        }
    }
    for d in &mut diagnostics {
        d.locate(text, index);
    }
    diagnostics.sort_by_key(|d| (d.span.start, d.code));
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str, config: &Config) -> Vec<(Code, usize)> {
        lint(text, config)
            .into_iter()
            .map(|d| (d.code, d.start.line))
            .collect()
    }

    fn has_with(text: &str, config: &Config, code: &str) -> bool {
        codes(text, config).iter().any(|(c, _)| *c == code)
    }

    #[test]
    fn config_ignores_and_overrides() {
        let mut config = Config::default();
        config.ignored.push("latest-tag".into());
        assert!(!has_with("FROM ubuntu:latest\n", &config, "DL3007"));
        let mut config = Config::default();
        config.set_override("DL3007", "error");
        let d = lint("FROM ubuntu:latest\n", &config);
        let d: Vec<_> = d.iter().filter(|d| d.code == "DL3007").collect();
        assert_eq!(d[0].severity, Severity::Error);
    }

    #[test]
    fn findings_are_sorted_and_located() {
        let d = lint("FROM a:latest\nFROM b:latest\n", &Config::default());
        let lines: Vec<usize> = d.iter().map(|d| d.start.line).collect();
        let mut sorted = lines.clone();
        sorted.sort();
        assert_eq!(lines, sorted);
        assert!(d.iter().all(|d| d.start.line >= 1 && d.start.column >= 1));
    }
}
