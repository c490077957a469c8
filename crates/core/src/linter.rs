//! The lint pipeline: parse, compute [`Semantics`] once, run every
//! enabled rule, then centrally drop what pragmas and BuildKit's `# check=`
//! directive silence, apply severity overrides, locate and sort.
//!
//! Above the rules and the suppression layer; the fix engine ([`crate::fix`])
//! is handed [`lint_parsed`] and runs it on each round's text.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use crate::config::{Config, Inputs};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::position::LineIndex;
use crate::rules;
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
    let semantics = match memo {
        Some(memo) => memo.semantics_for(file, config),
        None => Rc::new(Semantics::new(file, config)),
    };
    let index = LineIndex::new(&file.source);
    findings(file, &semantics, &index, config, inputs, memo)
}

/// What the lints of one text's rewrites reuse (see [`lint_parsed_memo`]):
/// the rules' results ([`rules::Memo`]), and the last semantic model
/// computed, with what it was computed from. Keep one per file, config
/// and inputs.
#[derive(Debug, Default)]
pub struct Memo {
    rules: rules::Memo,
    /// The last model, and the key ([`Semantics::model_key`]) of the text
    /// it was computed for.
    semantics: RefCell<Option<(String, Rc<Semantics>)>>,
    /// A key being built (one buffer for every lint).
    key: RefCell<String>,
    /// How many lints took the model from here.
    semantics_hits: Cell<usize>,
}

impl Memo {
    /// How many rule results lints took from the memo instead of
    /// computing them (tests show the memo is used).
    pub fn reused(&self) -> usize {
        self.rules.reused()
    }

    /// How many lints took their semantic model from the memo.
    pub fn semantics_reused(&self) -> usize {
        self.semantics_hits.get()
    }

    /// The model of `file`: the one kept, when it was computed from a text
    /// that reads the same to [`Semantics::new`] (the same key, pragmas
    /// and build arguments), else a new one, kept.
    fn semantics_for(&self, file: &Dockerfile, config: &Config) -> Rc<Semantics> {
        let mut key = self.key.borrow_mut();
        key.clear();
        Semantics::model_key(file, &mut key);
        if let Some((kept_key, kept)) = self.semantics.borrow().as_ref() {
            if *kept_key == *key && kept.serves(file, config) {
                self.semantics_hits.set(self.semantics_hits.get() + 1);
                return Rc::clone(kept);
            }
        }
        let semantics = Rc::new(Semantics::new(file, config));
        *self.semantics.borrow_mut() = Some((key.clone(), Rc::clone(&semantics)));
        semantics
    }

    /// Keep `semantics`, the model of `file` (an [`Analysis`] the fix
    /// engine starts from), for the lints of its rewrites.
    pub(crate) fn keep_semantics(&self, file: &Dockerfile, semantics: Semantics) {
        let mut key = String::new();
        Semantics::model_key(file, &mut key);
        *self.semantics.borrow_mut() = Some((key, Rc::new(semantics)));
    }
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
    let mut diagnostics =
        rules::check_all_memo(file, config, semantics, inputs, memo.map(|m| &m.rules));
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

    /// A model taken from the memo is the model of the text: each part of
    /// a text the model reads, changed, gets a new model; a change
    /// elsewhere (a `RUN`'s command, a comment that is no pragma) reuses
    /// the kept one, which is then the same as a new one.
    #[test]
    fn a_kept_model_is_the_models_of_the_text() {
        let base = "ARG V=1\nFROM img:${V} AS a\nENV E=x F=$E\nSHELL [\"/bin/sh\", \"-c\"]\n\
                    COPY --from=a /x /y\nRUN --mount=type=cache,target=/c echo hi\n\
                    FROM a\nARG W\nRUN echo $E\n";
        let changed = [
            base.replace("ARG V=1", "ARG V=2"),
            base.replace("ARG V=1", "ARG U=1"),
            base.replace("ARG V=1", "ARG V"),
            base.replace("img:${V}", "img:2"),
            base.replace("AS a", "AS b"),
            base.replace("ENV E=x", "ENV E=y"),
            base.replace("F=$E", "F=$V"),
            base.replace("ENV E=x F=$E", "ENV E x"),
            base.replace("\"-c\"]", "\"-e\"]"),
            base.replace("SHELL [\"/bin/sh\", \"-c\"]", "SHELL [\"pwsh\", \"-c\"]"),
            base.replace("--from=a", "--from=b"),
            base.replace("COPY --from=a", "COPY"),
            base.replace("type=cache,target=/c", "type=bind,from=a"),
            base.replace("RUN --mount=type=cache,target=/c", "RUN"),
            base.replace("FROM a\n", "FROM img\n"),
            base.replace("ARG W\n", "ENV W=1\n"),
            base.replace("ARG W\n", ""),
            format!("# escape=`\n{base}"),
            format!("# hadolint ignore=DL3006\n{base}"),
            format!("# hadolint shell=bash\n{base}"),
            base.replace("RUN echo $E", "# hadolint ignore=DL3003\nRUN echo $E"),
        ];
        let same = [
            base.replace("echo hi", "echo hello && ls"),
            base.replace("RUN echo $E", "RUN echo $E  # a comment"),
            base.replace("RUN echo $E", "# a comment\nRUN echo $E"),
            base.replace("/x /y", "/x /z"),
            // The model reads `COPY --from` and `ADD --from` alike.
            base.replace("COPY --from=a", "ADD --from=a"),
        ];
        let config = Config::default();
        let model = |text: &str| format!("{:?}", Semantics::new(&syntax::parse(text), &config));
        for (texts, reused) in [(&changed[..], false), (&same[..], true)] {
            for text in texts {
                let memo = Memo::default();
                memo.semantics_for(&syntax::parse(base), &config);
                let kept = memo.semantics_for(&syntax::parse(text), &config);
                assert_eq!(format!("{kept:?}"), model(text), "{text}");
                assert_eq!(memo.semantics_reused(), usize::from(reused), "{text}");
            }
        }
        // Another config's build arguments get a new model.
        let memo = Memo::default();
        memo.semantics_for(&syntax::parse(base), &config);
        let mut other = Config::default();
        other.build_args.insert("V".into(), "3".into());
        memo.semantics_for(&syntax::parse(base), &other);
        assert_eq!(memo.semantics_reused(), 0);
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
