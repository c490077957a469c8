//! The rule registry. One file per rule, grouped by where the rule comes
//! from: `hadolint/` (hadolint's DL codes), `buildkit/` (Docker BuildKit's
//! build checks) and `drydock/` (our own, from the articles).
//!
//! Adding a rule: write `rules/<source>/<name>.rs` with a `pub static RULE`
//! and add one line, `<name> => <Impact>,`, to the [`rules!`] list in its
//! family's `mod.rs` (in code order): that line declares the module,
//! registers the rule in [`RULES`] and gives its [impact](impact::Impact).

/// A rule family's registry, one line per rule: `module => Impact`.
///
/// Declares each rule's module (`module.rs` beside the family's `mod.rs`)
/// and lists its `RULE`, with its impact, in the family's `REGISTERED`
/// table; [`RULES`] and [`impact::impact`] are made from those tables at
/// compile time. Without the `docs` feature (the playground's wasm, which
/// fetches the docs when they are shown) each rule is copied with empty
/// `docs`, so neither the rule statics nor their docs text reach the
/// binary.
macro_rules! rules {
    ($($module:ident => $impact:ident),* $(,)?) => {
        $(pub mod $module;)*

        /// This family's rules, in code order, with their impact.
        pub(crate) const REGISTERED: &[$crate::rules::Registered] = &[
            $($crate::rules::Registered {
                rule: &$crate::rules::registered(&$module::RULE),
                impact: $crate::rules::impact::Impact::$impact,
            }),*
        ];
    };
}

pub mod buildkit;
pub mod cleanup;
pub mod drydock;
pub mod flags;
pub mod hadolint;
pub mod impact;
pub mod later;
pub mod layers;
pub mod memo;
pub mod pkg;
pub mod shared;
pub mod shellcheck;

use serde::Serialize;

use crate::config::Config;
use crate::config::Inputs;
use crate::diagnostic::Fix;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::semantics::workdir::{self, StageWorkdirs};
use crate::semantics::{Resolved, Semantics};
use crate::syntax::{Dockerfile, Span};
pub use memo::Memo;

/// Where a rule comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Hadolint,
    Buildkit,
    Drydock,
}

/// Whether a rule can offer an edit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixAvailability {
    Never,
    Sometimes,
    Always,
}

/// A rule: its metadata, its documentation and its check.
pub struct Rule {
    /// `DL3007`, `FromAsCasing`, `DD001`.
    pub code: &'static str,
    /// kebab-case name, e.g. `latest-tag`.
    pub name: &'static str,
    pub severity: Severity,
    pub source: Source,
    pub fix: FixAvailability,
    /// One line: what the rule reports.
    pub summary: &'static str,
    /// Markdown in fixed sections: `## Why is this bad?`, `## Example`
    /// (a ```dockerfile block that must be reported), `## Use instead`
    /// (a ```dockerfile block that must not be). The examples are tests.
    pub docs: &'static str,
    pub check: fn(&mut Checker),
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("code", &self.code).finish()
    }
}

/// A rule in its family's registry (see [`rules!`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Registered {
    pub rule: &'static Rule,
    pub impact: impact::Impact,
}

/// `rule` as [`RULES`] holds it: as written with the `docs` feature, with
/// empty docs without it.
pub(crate) const fn registered(rule: &Rule) -> Rule {
    #[cfg(feature = "docs")]
    let docs = rule.docs;
    #[cfg(not(feature = "docs"))]
    let docs = "";
    Rule { docs, ..*rule }
}

/// How many rules `families` register.
const fn count(families: &[&[Registered]]) -> usize {
    let (mut n, mut f) = (0, 0);
    while f < families.len() {
        n += families[f].len();
        f += 1;
    }
    n
}

/// `families`' rules in one table, in order.
const fn concat<const N: usize>(families: &[&[Registered]]) -> [Registered; N] {
    let mut out = [families[0][0]; N];
    let (mut f, mut k) = (0, 0);
    while f < families.len() {
        let mut i = 0;
        while i < families[f].len() {
            out[k] = families[f][i];
            k += 1;
            i += 1;
        }
        f += 1;
    }
    assert!(k == N);
    out
}

/// The rules of `registry`.
const fn rules_of<const N: usize>(registry: &[Registered; N]) -> [&'static Rule; N] {
    let mut out = [registry[0].rule; N];
    let mut k = 0;
    while k < N {
        out[k] = registry[k].rule;
        k += 1;
    }
    out
}

/// The rule families' registries, in code order (see [`rules!`]).
const FAMILIES: [&[Registered]; 4] = [
    drydock::REGISTERED,
    hadolint::REGISTERED,
    shellcheck::REGISTERED,
    buildkit::REGISTERED,
];

/// Every rule with its impact, in code order.
pub(crate) const REGISTRY: [Registered; count(&FAMILIES)] = concat(&FAMILIES);

/// Every rule, in code order.
pub static RULES: &[&Rule] = &rules_of(&REGISTRY);

/// Look a rule up by code or name, case-insensitively.
///
/// Binary search over every code and name (the engine asks for each
/// finding, so a linear scan of [`RULES`] would cost a hundred string
/// comparisons a finding).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    static INDEX: std::sync::OnceLock<Vec<(&'static str, &'static Rule)>> =
        std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut index: Vec<(&'static str, &'static Rule)> = RULES
            .iter()
            .flat_map(|&r| [(r.code, r), (r.name, r)])
            .collect();
        // A stable sort: of equal keys (any case), the rule first in
        // RULES stays first, and wins.
        index.sort_by(|a, b| caseless(a.0, b.0));
        index
    });
    let at = index.partition_point(|(key, _)| caseless(key, code_or_name).is_lt());
    index
        .get(at)
        .filter(|(key, _)| key.eq_ignore_ascii_case(code_or_name))
        .map(|(_, r)| *r)
}

/// ASCII-case-insensitive order of two strings.
fn caseless(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// What a rule's check sees, and where it reports.
///
/// Besides `file` and `config`, rules can ask for:
/// - [`Checker::semantics`]: stages, the stage graph, variables in scope
///   and their resolution (see [`crate::semantics`]);
/// - [`Checker::resolve`]`(i, text)`: `text` expanded as a word of
///   instruction `i` (`$A`, `${A:-x}` …, quotes removed);
/// - [`Checker::shell_is_posix`]`(i)`: false when instruction `i` runs
///   under PowerShell or cmd (`SHELL` or a `# hadolint shell=` pragma):
///   rules that parse `RUN` as POSIX shell skip those;
/// - [`Checker::dockerignore`]: the `.dockerignore` beside the file, when
///   the caller has one.
///
/// Ignore pragmas, ignored codes and severity overrides are applied by
/// the engine after the rules run: rules report everything they see.
pub struct Checker<'a> {
    pub file: &'a Dockerfile,
    pub config: &'a Config,
    semantics: &'a Semantics,
    inputs: &'a Inputs<'a>,
    /// The `RUN` behind each instruction ([`pkg::Run::of`]), computed
    /// once per lint: most rules read them.
    runs: &'a [Option<pkg::Run<'a>>],
    /// Facts computed on first use, once per lint.
    lazy: &'a Lazy<'a>,
    rule: &'static Rule,
    out: &'a mut Vec<Diagnostic>,
}

/// Facts several rules need that are not worth computing for every lint:
/// each is computed the first time a rule asks, then shared.
#[derive(Default)]
pub(crate) struct Lazy<'m> {
    /// Results of earlier lints of edited texts (see [`memo`]).
    memo: Option<&'m Memo>,
    workdirs: std::cell::OnceCell<Vec<Option<std::rc::Rc<str>>>>,
    absolute_workdirs: std::cell::OnceCell<Vec<Option<std::rc::Rc<str>>>>,
    stage_workdirs: std::cell::OnceCell<StageWorkdirs>,
    shellcheck: std::cell::OnceCell<Vec<shellcheck::Finding>>,
}

impl<'a> Checker<'a> {
    /// The working directory of each instruction, by index (see
    /// [`workdir::relative_table`]).
    pub(crate) fn workdirs(&self) -> &'a [Option<std::rc::Rc<str>>] {
        self.lazy
            .workdirs
            .get_or_init(|| workdir::relative_table(self.file, self.semantics))
    }

    /// The absolute working directory of each instruction, by index, when
    /// known (see [`workdir::absolute_table`]; DL3000, DL3003 and
    /// DL3045 read it).
    pub(crate) fn absolute_workdirs(&self) -> &'a [Option<std::rc::Rc<str>>] {
        self.lazy
            .absolute_workdirs
            .get_or_init(|| workdir::absolute_table(self.file, self.semantics))
    }

    /// The ShellCheck finding hadolint shows for each `RUN` (see
    /// [`shellcheck::findings`]), computed once per lint.
    pub(crate) fn shellcheck_findings(&self) -> &'a [shellcheck::Finding] {
        self.lazy
            .shellcheck
            .get_or_init(|| shellcheck::findings(self))
    }

    /// Per stage, where it and the stages it is built on set a
    /// `WORKDIR`, computed once per lint.
    pub(crate) fn stage_workdirs(&self) -> &'a StageWorkdirs {
        self.lazy
            .stage_workdirs
            .get_or_init(|| workdir::stage_table(self.file, self.semantics))
    }

    /// What earlier lints of edited texts left (see [`memo`]), when the
    /// caller keeps it.
    pub(crate) fn memo(&self) -> Option<&'a Memo> {
        self.lazy.memo
    }

    pub fn source(&self) -> &'a str {
        &self.file.source
    }

    /// The semantic model of the file, computed once per lint.
    pub fn semantics(&self) -> &'a Semantics {
        self.semantics
    }

    /// `text` expanded as a word of instruction `i` would be.
    pub fn resolve(&self, i: usize, text: &str) -> Resolved {
        self.semantics.resolve(i, text)
    }

    /// False when instruction `i` runs under a non-POSIX shell.
    pub fn shell_is_posix(&self, i: usize) -> bool {
        self.semantics.shell_is_posix(i)
    }

    /// Whether the caller reads fixes (see [`Config::skip_fixes`]): a
    /// rule whose fix costs more than its finding builds it only then.
    pub fn wants_fixes(&self) -> bool {
        // The playground shows every fix: its wasm has no code for leaving
        // them out (the branches fold away).
        cfg!(target_arch = "wasm32") || !self.config.skip_fixes
    }

    /// The build context's `.dockerignore`, when known.
    pub fn dockerignore(&self) -> Option<&'a str> {
        self.inputs.dockerignore
    }

    /// Report the current rule at `span` with its default severity.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        let rule = self.rule;
        self.out.push(Diagnostic::new(
            Code::new(rule.code),
            rule.severity,
            message,
            span,
        ));
        self.out.last_mut().expect("just pushed")
    }

    /// Report with a fix.
    pub fn report_fix(&mut self, span: Span, message: impl Into<String>, fix: Fix) {
        self.report(span, message).fix = Some(fix);
    }

    /// Report with a fix when there is one.
    pub fn report_with(&mut self, span: Span, message: impl Into<String>, fix: Option<Fix>) {
        self.report(span, message).fix = fix;
    }

    /// Report on `span` (a whole instruction, as hadolint does) a problem
    /// that is about what starts at `anchor` (one command of a `RUN`; see
    /// [`Diagnostic::anchor`]): the fix engine follows it by `anchor` when
    /// other fixes join or move instructions.
    pub fn report_at(
        &mut self,
        span: Span,
        anchor: Option<usize>,
        message: impl Into<String>,
        fix: Option<Fix>,
    ) {
        let d = self.report(span, message);
        d.fix = fix;
        d.anchor = anchor;
    }

    /// [`Checker::report_at`] with the exact place `exact` inside `span`
    /// (its start is the anchor; editors underline it).
    pub fn report_exact(
        &mut self,
        span: Span,
        exact: Span,
        message: impl Into<String>,
        fix: Option<Fix>,
    ) {
        let d = self.report(span, message);
        d.fix = fix;
        d.anchor = Some(exact.start);
        d.anchor_end = Some(exact.end);
    }
}

/// Run every rule that the config does not ignore over a parsed file.
/// Findings are in rule order; pragmas are not applied here (see
/// [`crate::lint_with`]).
pub fn check_all(
    file: &Dockerfile,
    config: &Config,
    semantics: &Semantics,
    inputs: &Inputs,
) -> Vec<Diagnostic> {
    check_all_memo(file, config, semantics, inputs, None)
}

/// [`check_all`], reusing and filling `memo` (see [`memo`]): the same
/// findings.
pub fn check_all_memo(
    file: &Dockerfile,
    config: &Config,
    semantics: &Semantics,
    inputs: &Inputs,
    memo: Option<&Memo>,
) -> Vec<Diagnostic> {
    if config.ignored.is_empty() {
        return check_rules_memo(file, config, semantics, inputs, RULES, memo);
    }
    let enabled: Vec<&'static Rule> = RULES
        .iter()
        .copied()
        .filter(|r| !config.is_ignored(r.code) && !config.is_ignored(r.name))
        .collect();
    check_rules_memo(file, config, semantics, inputs, &enabled, memo)
}

/// Run the given rules over a parsed file, whatever the config ignores
/// (the build model asks the cache rules what they see). Pragmas are not
/// applied.
pub fn check_rules(
    file: &Dockerfile,
    config: &Config,
    semantics: &Semantics,
    inputs: &Inputs,
    rules: &[&'static Rule],
) -> Vec<Diagnostic> {
    check_rules_memo(file, config, semantics, inputs, rules, None)
}

/// [`check_rules`], reusing and filling `memo`: the same findings.
fn check_rules_memo(
    file: &Dockerfile,
    config: &Config,
    semantics: &Semantics,
    inputs: &Inputs,
    rules: &[&'static Rule],
    memo: Option<&Memo>,
) -> Vec<Diagnostic> {
    // About one finding per instruction on the corpus: room for them up
    // front instead of growing (and copying) the findings as rules add.
    let mut out = Vec::with_capacity(file.instructions.len());
    let runs = pkg::all_runs(file);
    let lazy = Lazy {
        memo,
        ..Lazy::default()
    };
    for &rule in rules {
        let mut checker = Checker {
            file,
            config,
            semantics,
            inputs,
            runs: &runs,
            lazy: &lazy,
            rule,
            out: &mut out,
        };
        (rule.check)(&mut checker);
    }
    out
}

#[cfg(test)]
mod registry_tests {
    //! The registry's own tests: the checker, every rule's documented
    //! examples, unique codes and names.
    use super::*;
    use crate::testing::{docs_config, docs_dockerignore, examples, findings_with_inputs};

    /// The engine hands rules the optional inputs and the semantics.
    #[test]
    fn checker_exposes_inputs_and_semantics() {
        fn probe(cx: &mut Checker) {
            let stages = cx.semantics().stages.len();
            let posix = cx.shell_is_posix(1);
            let resolved = cx.resolve(1, "$V").value;
            let msg = format!("{:?} {stages} {posix} {resolved}", cx.dockerignore());
            cx.report(Span::new(0, 1), msg);
        }
        static PROBE: Rule = Rule {
            code: "XX0000",
            name: "probe",
            severity: Severity::Info,
            source: Source::Drydock,
            fix: FixAvailability::Never,
            summary: "",
            docs: "",
            check: probe,
        };
        let text = "FROM alpine:3.20\nARG V=7\nRUN true\n";
        let file = crate::syntax::parse(text);
        let config = Config::default();
        let semantics = Semantics::new(&file, &config);
        let inputs = Inputs {
            dockerignore: Some("node_modules\n"),
        };
        let mut out = Vec::new();
        let mut cx = Checker {
            file: &file,
            config: &config,
            semantics: &semantics,
            inputs: &inputs,
            runs: &[],
            lazy: &Lazy::default(),
            rule: &PROBE,
            out: &mut out,
        };
        probe(&mut cx);
        assert_eq!(out[0].message, "Some(\"node_modules\\n\") 1 true $V");
        let run = file.instructions.len() - 1;
        assert_eq!(semantics.resolve(run, "$V").value, "7");
    }

    /// Every rule's bad examples report it and its good examples do not.
    /// Every failure of every rule is listed, not only the first.
    #[test]
    fn documented_examples() {
        let mut failed: Vec<String> = Vec::new();
        for &rule in RULES {
            for section in ["## What it does", "## Why is this bad?"] {
                if !rule.docs.contains(section) {
                    failed.push(format!("{}: no {section}", rule.code));
                }
            }
            let bad = examples(rule.docs, "## Example");
            let good = examples(rule.docs, "## Use instead");
            if bad.is_empty() {
                failed.push(format!("{}: no bad example", rule.code));
            }
            if good.is_empty() {
                failed.push(format!("{}: no good example", rule.code));
            }
            // A rule that only acts under some configuration (a label
            // schema, an enabled-by-override rule) shows it as a ```json
            // block under `## Configuration`; the examples run with it.
            let config: Config = match docs_config(rule.docs).map(serde_json::from_str) {
                None => Config::default(),
                Some(Ok(config)) => config,
                Some(Err(e)) => {
                    failed.push(format!("{}: bad configuration: {e}", rule.code));
                    continue;
                }
            };
            let inputs = Inputs {
                dockerignore: docs_dockerignore(rule.docs),
            };
            let codes = |rule, text| findings_with_inputs(rule, text, &config, &inputs);
            for text in bad {
                if codes(rule, text).is_empty() {
                    failed.push(format!("{}: bad example not reported:\n{text}", rule.code));
                }
            }
            for text in good {
                let found = codes(rule, text);
                if !found.is_empty() {
                    failed.push(format!(
                        "{}: good example reported {found:?}:\n{text}",
                        rule.code
                    ));
                }
            }
        }
        assert!(
            failed.is_empty(),
            "{} documented examples failed:\n{}",
            failed.len(),
            failed.join("\n")
        );
    }

    #[test]
    fn codes_and_names_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            assert!(seen.insert(rule.name), "duplicate name {}", rule.name);
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} is not kebab-case",
                rule.name
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The indexed lookup answers as a scan of [`RULES`] in order would.
    #[test]
    fn find_agrees_with_a_scan() {
        let scan = |key: &str| {
            RULES
                .iter()
                .copied()
                .find(|r| r.code.eq_ignore_ascii_case(key) || r.name.eq_ignore_ascii_case(key))
        };
        let mut keys: Vec<String> = Vec::new();
        for r in RULES {
            for k in [r.code, r.name] {
                keys.push(k.to_string());
                keys.push(k.to_ascii_lowercase());
                keys.push(k.to_ascii_uppercase());
                keys.push(format!("{k}x"));
                keys.push(k[..k.len() - 1].to_string());
            }
        }
        keys.extend(["", "DL", "DL9999", "zzz", "é"].map(String::from));
        for key in &keys {
            assert_eq!(
                find(key).map(|r| r.code),
                scan(key).map(|r| r.code),
                "{key:?}"
            );
        }
        assert_eq!(find("dl3007").map(|r| r.code), Some("DL3007"));
        assert_eq!(find("fromascasing").map(|r| r.code), Some("FromAsCasing"));
    }
}
