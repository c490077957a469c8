//! The core behind plain objects: what the JS API returns and what the
//! playground's worker sends the page. Offsets for the browser are UTF-16
//! code units (`from`, `to`); lines and columns are 1-based (columns count
//! characters, as the CLI prints them).
//!
//! A check comes in two parts, so findings never wait for fixes:
//! [`check`] (the findings, grouped into problems and ranked by impact)
//! and then [`rewrite`] (the fix engine). One analysis of a text serves
//! both: the lint [`check`] ran is kept and is the fix engine's first
//! round.

use std::cell::RefCell;
use std::collections::BTreeSet;

use drydock_core::fix::{fix_with, problems, Applicability, Choices, Skip, SuggestionId};
use drydock_core::rules::impact;
use drydock_core::syntax::Dockerfile;
use drydock_core::{lint_parsed, Config, Diagnostic, Inputs, LineIndex, Severity};
use serde::{Deserialize, Serialize};

use crate::options::Options;

/// A finding as plain data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// `CODE@LINE`: what `rejected` names.
    pub id: SuggestionId,
    pub code: String,
    pub severity: Severity,
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// UTF-16 offsets of the range in the text.
    pub from: usize,
    pub to: usize,
    /// UTF-16 offsets of the exact place inside `from..to`, when the rule
    /// knows it (ShellCheck's codes, reported on their `RUN` as hadolint
    /// does): what an editor underlines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exact: Option<(usize, usize)>,
    pub fix: Option<FindingFix>,
}

/// What a finding's fix offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingFix {
    pub message: String,
    /// `safe`, `suggested` or `manual`.
    pub applicability: String,
    /// Whether the default rewrite applies it (a safe or suggested fix
    /// with an edit or a file).
    pub applies: bool,
    /// A manual fix with an edit: applied only when accepted; `risk` says
    /// why in one line.
    #[serde(default)]
    pub risk: Option<String>,
    /// Whether it has an edit (or a file) at all.
    #[serde(default)]
    pub has_edit: bool,
}

/// One problem: what the user decides on. Several rules can report it
/// (`MAINTAINER`: MaintainerDeprecated and DL4000); its card lists every
/// code, and naming any of its `ids` names it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    pub id: SuggestionId,
    pub ids: Vec<SuggestionId>,
    pub codes: Vec<String>,
    /// Indexes of its findings in [`Checked::findings`], the preferred
    /// first.
    pub findings: Vec<usize>,
    /// `security`, `breaks`, `size`, `rebuild`, `runtime` or `style`
    /// ([`drydock_core::rules::impact`]).
    pub impact: String,
    /// One of the seed articles' points.
    pub lead: bool,
    /// The most severe of its findings' severities.
    pub severity: Severity,
    /// Info and style: folded behind a count.
    pub minor: bool,
    pub line: usize,
    /// The preferred finding's message.
    pub message: String,
    /// The fix the engine would apply for it (the preferred finding's
    /// with an edit, else its explanation).
    pub fix: Option<FindingFix>,
}

/// The first part of a check: findings and their problems, most costly
/// first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Checked {
    pub findings: Vec<Finding>,
    pub problems: Vec<Problem>,
}

/// A fix applied, or offered and not applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixNote {
    pub id: SuggestionId,
    pub code: String,
    /// Every code reporting the problem.
    #[serde(default)]
    pub codes: Vec<String>,
    pub line: usize,
    pub fix_message: String,
    pub applicability: String,
    /// Why it was not applied (`rejected`, `manual`, `risky`,
    /// `breaks_syntax`, `adds_findings` …); absent for applied fixes.
    pub reason: Option<String>,
    #[serde(default)]
    pub risk: Option<String>,
    #[serde(default)]
    pub has_edit: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewFile {
    pub path: String,
    pub contents: String,
}

/// The rewrite: every chosen fix applied, to a fixed point.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rewrite {
    pub text: String,
    pub applied: Vec<FixNote>,
    pub skipped: Vec<FixNote>,
    /// Files the fixes create beside the Dockerfile (a `.dockerignore`).
    pub files: Vec<NewFile>,
    pub converged: bool,
}

/// Findings, problems and rewrite of one text (the JS API's `analyze`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub findings: Vec<Finding>,
    pub problems: Vec<Problem>,
    pub rewrite: Rewrite,
}

pub fn applicability(a: Applicability) -> String {
    match a {
        Applicability::Safe => "safe",
        Applicability::Suggested => "suggested",
        Applicability::Manual => "manual",
    }
    .to_string()
}

fn skip_reason(s: Skip) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn finding_fix(f: &drydock_core::fix::Fix) -> FindingFix {
    let has_edit = !f.edits.is_empty() || !f.files.is_empty();
    FindingFix {
        applies: f.applicability != Applicability::Manual && has_edit,
        applicability: applicability(f.applicability),
        message: f.message.clone(),
        risk: f.risk.clone(),
        has_edit,
    }
}

fn finding(text: &str, index: &LineIndex, d: &Diagnostic) -> Finding {
    Finding {
        id: SuggestionId::of(d),
        from: index.utf16_offset(text, d.span.start),
        to: index.utf16_offset(text, d.span.end),
        exact: Some(d.exact_span()).filter(|e| *e != d.span).map(|e| {
            (
                index.utf16_offset(text, e.start),
                index.utf16_offset(text, e.end),
            )
        }),
        fix: d.fix.as_ref().map(finding_fix),
        code: d.code.to_string(),
        severity: d.severity,
        message: d.message.clone(),
        line: d.start.line,
        column: d.start.column,
        end_line: d.end.line,
        end_column: d.end.column,
    }
}

/// The last text linted: its tree and findings, for the fix engine's first
/// round (and for the next call about the same text).
struct Linted {
    text: String,
    config: Config,
    dockerignore: Option<String>,
    file: Dockerfile,
    diagnostics: Vec<Diagnostic>,
    /// Whether the apt tables were there (a lint made before they were
    /// installed is not kept after).
    apt: bool,
}

thread_local! {
    static LAST: RefCell<Option<Linted>> = const { RefCell::new(None) };
}

/// Run `f` on the lint of `text` with `options` (computed now, or kept
/// from the last call about the same text and settings).
fn with_lint<R>(text: &str, options: &Options, f: impl FnOnce(&Linted) -> R) -> R {
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        let apt = drydock_core::knowledge::apt::available();
        let fresh = last.as_ref().is_some_and(|l| {
            l.text == text
                && l.config == options.config
                && l.dockerignore == options.dockerignore
                && l.apt == apt
        });
        if !fresh {
            let file = drydock_core::syntax::parse(text);
            let diagnostics = lint_parsed(&file, &options.config, &inputs(options));
            *last = Some(Linted {
                text: text.to_string(),
                config: options.config.clone(),
                dockerignore: options.dockerignore.clone(),
                file,
                diagnostics,
                apt,
            });
        }
        match last.as_ref() {
            Some(l) => f(l),
            None => unreachable!("set above"),
        }
    })
}

fn inputs(options: &Options) -> Inputs<'_> {
    Inputs {
        dockerignore: options.dockerignore.as_deref(),
    }
}

/// Every finding of `text`.
pub fn lint(text: &str, options: &Options) -> Vec<Finding> {
    with_lint(text, options, |l| {
        let index = LineIndex::new(text);
        l.diagnostics
            .iter()
            .map(|d| finding(text, &index, d))
            .collect()
    })
}

/// The findings of `text` and their problems, most costly first.
pub fn check(text: &str, options: &Options) -> Checked {
    with_lint(text, options, |l| {
        let index = LineIndex::new(text);
        let findings: Vec<Finding> = l
            .diagnostics
            .iter()
            .map(|d| finding(text, &index, d))
            .collect();
        let mut out: Vec<(Problem, (u8, usize, impact::Impact))> =
            problems(&l.file, &l.diagnostics)
                .into_iter()
                .map(|p| {
                    let rank = impact::rank(&p.codes);
                    let first = &findings[p.findings[0]];
                    let severity = p
                        .findings
                        .iter()
                        .map(|&i| findings[i].severity)
                        .max()
                        .unwrap_or(first.severity);
                    // The fix applied for it: the first finding's (by
                    // precedence) that edits, else the first explanation.
                    let fix = p
                        .findings
                        .iter()
                        .filter_map(|&i| findings[i].fix.as_ref())
                        .find(|f| f.has_edit)
                        .or_else(|| p.findings.iter().find_map(|&i| findings[i].fix.as_ref()))
                        .cloned();
                    let lead = p.codes.iter().any(|c| impact::leads(c).is_some());
                    let problem = Problem {
                        impact: rank.2.as_str().to_string(),
                        lead,
                        minor: !lead
                            && (severity <= Severity::Info || rank.2 == impact::Impact::Style),
                        severity,
                        line: first.line,
                        message: first.message.clone(),
                        fix,
                        id: p.id,
                        ids: p.ids,
                        codes: p.codes.iter().map(|c| c.to_string()).collect(),
                        findings: p.findings,
                    };
                    (problem, rank)
                })
                .collect();
        // Most costly first; then the more severe, then source order.
        out.sort_by(|(a, ra), (b, rb)| {
            (ra, std::cmp::Reverse(a.severity), a.line).cmp(&(
                rb,
                std::cmp::Reverse(b.severity),
                b.line,
            ))
        });
        Checked {
            findings,
            problems: out.into_iter().map(|(p, _)| p).collect(),
        }
    })
}

/// The rewrite of `text`: the core's fix engine, as `drydock fix` runs it,
/// its first round on the lint [`check`] made of the same text.
pub fn rewrite(text: &str, options: &Options) -> Rewrite {
    let choices = Choices {
        safe_only: options.safe_only,
        only: Vec::new(),
        rejected: options.rejected.clone(),
        accepted: options.accepted.clone(),
    };
    let out = with_lint(text, options, |l| {
        let first = std::cell::Cell::new(true);
        let lint = |file: &Dockerfile, round: &Inputs| -> Vec<Diagnostic> {
            if first.replace(false)
                && file.source == l.text
                && round.dockerignore == l.dockerignore.as_deref()
            {
                return l.diagnostics.clone();
            }
            lint_parsed(file, &options.config, round)
        };
        fix_with(text, &inputs(options), &choices, &lint)
    });
    let note = |id: &SuggestionId,
                code: &str,
                codes: &[drydock_core::Code],
                line,
                msg: &str,
                a,
                reason,
                risk: &Option<String>,
                has_edit| FixNote {
        id: id.clone(),
        code: code.to_string(),
        codes: codes.iter().map(|c| c.to_string()).collect(),
        line,
        fix_message: msg.to_string(),
        applicability: applicability(a),
        reason,
        risk: risk.clone(),
        has_edit,
    };
    Rewrite {
        applied: out
            .applied
            .iter()
            .map(|a| {
                note(
                    &a.id,
                    &a.code,
                    &a.codes,
                    a.line,
                    &a.fix_message,
                    a.applicability,
                    None,
                    &a.risk,
                    true,
                )
            })
            .collect(),
        skipped: out
            .skipped
            .iter()
            .map(|s| {
                note(
                    &s.id,
                    &s.code,
                    &s.codes,
                    s.line,
                    &s.fix_message,
                    s.applicability,
                    Some(skip_reason(s.reason)),
                    &s.risk,
                    s.has_edit,
                )
            })
            .collect(),
        files: out
            .files
            .into_iter()
            .map(|f| NewFile {
                path: f.path,
                contents: f.contents,
            })
            .collect(),
        converged: out.converged,
        text: out.text,
    }
}

/// Findings, problems and rewrite together.
pub fn analyze(text: &str, options: &Options) -> Analysis {
    let Checked { findings, problems } = check(text, options);
    Analysis {
        findings,
        problems,
        rewrite: rewrite(text, options),
    }
}

/// The choices (rejected or accepted ids) that still apply after the text
/// changed. A problem's id names its line, so an edit above it moves it:
/// a chosen problem that is gone follows its line when exactly one problem
/// of the same rule now sits on a line with the same text. Others are
/// forgotten. Ids are given back as the problems' own ids.
pub fn carry_choices(
    chosen: &BTreeSet<SuggestionId>,
    old: &[Problem],
    old_text: &str,
    new: &[Problem],
    new_text: &str,
) -> BTreeSet<SuggestionId> {
    let old_lines: Vec<&str> = old_text.lines().collect();
    let new_lines: Vec<&str> = new_text.lines().collect();
    fn line_of<'t>(lines: &[&'t str], n: usize) -> Option<&'t str> {
        n.checked_sub(1).and_then(|i| lines.get(i).copied())
    }
    let mut carried = BTreeSet::new();
    for id in chosen {
        if let Some(p) = new.iter().find(|p| p.ids.contains(id)) {
            carried.insert(p.id.clone());
            continue;
        }
        let Some(was) = old.iter().find(|p| p.ids.contains(id)) else {
            continue;
        };
        let content = line_of(&old_lines, was.line);
        let mut same = new.iter().filter(|p| {
            p.codes.first() == was.codes.first()
                && line_of(&new_lines, p.line) == content
                && !chosen.contains(&p.id)
        });
        if let (Some(p), None) = (same.next(), same.next()) {
            carried.insert(p.id.clone());
        }
    }
    carried
}

/// The rule code `code` (a finding's, so a registered rule's code).
fn code(code: &str) -> drydock_core::Code {
    match drydock_core::rules::find(code) {
        Some(rule) if rule.code == code => drydock_core::Code::new(rule.code),
        // Not a registered code (never a finding's, but a caller may hand
        // back findings of another version): kept as written, each
        // distinct text stored once for the life of the module.
        _ => drydock_core::Code::new(foreign_code(code)),
    }
}

/// `code` as a `&'static str`, stored the first time it is met.
fn foreign_code(code: &str) -> &'static str {
    thread_local! {
        static SEEN: std::cell::RefCell<std::collections::HashSet<&'static str>> =
            std::cell::RefCell::new(std::collections::HashSet::new());
    }
    SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        if let Some(&known) = seen.get(code) {
            return known;
        }
        let stored: &'static str = Box::leak(code.to_string().into_boxed_str());
        seen.insert(stored);
        stored
    })
}

/// The findings back as the core's diagnostics (for the reports Export
/// writes: they read codes, severities, messages and positions), so an
/// export needs no second lint.
pub fn diagnostics(findings: &[Finding]) -> Vec<Diagnostic> {
    findings
        .iter()
        .map(|f| {
            let mut d = Diagnostic::new(
                code(&f.code),
                f.severity,
                f.message.clone(),
                drydock_core::syntax::Span::new(f.from, f.to),
            );
            d.start = drydock_core::Position {
                line: f.line,
                column: f.column,
            };
            d.end = drydock_core::Position {
                line: f.end_line,
                column: f.end_column,
            };
            d
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_from_a_caller_are_the_registry_s_or_stored_once() {
        // A registered code is the registry's own text.
        assert_eq!(
            code("DL3007").as_str().as_ptr(),
            code(&String::from("DL3007")).as_str().as_ptr()
        );
        // An unknown code keeps its text, and the same text is stored once.
        let a = code(&String::from("XX9999"));
        let b = code(&String::from("XX9999"));
        assert_eq!(a, "XX9999");
        assert_eq!(a.as_str().as_ptr(), b.as_str().as_ptr());
    }

    const SEED_01: &str = "FROM python:3.13.1\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nEXPOSE 1234\nCMD [\"python\", \"./main.py\"]\n";

    #[test]
    fn findings_carry_ids_positions_and_fixes() {
        let text = "FROM ubuntu:latest\nRUN pip install x\n";
        let found = lint(text, &Options::default());
        let latest = found.iter().find(|f| f.code == "DL3007").unwrap();
        assert_eq!(latest.id.as_str(), "DL3007@1");
        assert_eq!((latest.line, latest.column), (1, 1));
        let pip = found.iter().find(|f| f.code == "DL3042").unwrap();
        assert!(pip.fix.as_ref().unwrap().applies);
        assert_eq!(pip.fix.as_ref().unwrap().applicability, "safe");
    }

    #[test]
    fn utf16_offsets() {
        let text = "# 😀\nFROM ubuntu:latest\n";
        let f = &lint(text, &Options::default())[0];
        // "# 😀\n" is 5 UTF-16 units (the emoji is a surrogate pair).
        assert_eq!(f.from, 5);
    }

    #[test]
    fn one_problem_for_maintainer_with_both_codes() {
        let text = "FROM debian:12\nMAINTAINER Jane <jane@example.com>\n";
        let checked = check(text, &Options::default());
        let m: Vec<&Problem> = checked
            .problems
            .iter()
            .filter(|p| p.codes.iter().any(|c| c == "DL4000"))
            .collect();
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].codes, ["MaintainerDeprecated", "DL4000"]);
        assert_eq!(m[0].impact, "style");
        assert!(m[0].minor);
        // Rejecting it by either id keeps the MAINTAINER line.
        for id in &m[0].ids {
            let options = Options {
                rejected: vec![id.clone()],
                ..Options::default()
            };
            assert!(rewrite(text, &options).text.contains("MAINTAINER"), "{id}");
        }
        assert!(!rewrite(text, &Options::default())
            .text
            .contains("MAINTAINER"));
    }

    #[test]
    fn problems_are_ranked_by_impact() {
        let checked = check(SEED_01, &Options::default());
        let codes: Vec<&str> = checked
            .problems
            .iter()
            .map(|p| p.codes[0].as_str())
            .collect();
        // Root first (security), then the articles' points, then the rest.
        assert_eq!(codes.first(), Some(&"DD007"), "{codes:?}");
        let lead = codes.iter().position(|c| *c == "DD002").unwrap();
        let slim = codes.iter().position(|c| *c == "DD001").unwrap();
        assert!(lead < slim, "{codes:?}");
        let minor_before_major = checked
            .problems
            .windows(2)
            .any(|w| w[0].minor && !w[1].minor && w[0].impact == w[1].impact);
        assert!(!minor_before_major, "{codes:?}");
    }

    #[test]
    fn the_first_round_reuses_the_check() {
        let options = Options::default();
        let checked = check(SEED_01, &options);
        let again = rewrite(SEED_01, &options);
        let engine = drydock_core::fix::fix_all(SEED_01, &Config::default(), &Choices::default());
        assert_eq!(again.text, engine.text);
        assert!(!checked.findings.is_empty());
    }

    #[test]
    fn rejected_suggestions_are_left_out_as_drydock_fix_does() {
        let text = "FROM debian:12\nRUN pip install x\n";
        let all = rewrite(text, &Options::default());
        assert!(all.text.contains("--no-cache-dir"));
        assert!(all.applied.iter().any(|a| a.id.as_str() == "DL3042@2"));
        let options = Options {
            rejected: vec![SuggestionId::new("DL3042", 2)],
            ..Options::default()
        };
        let fewer = rewrite(text, &options);
        assert!(!fewer.text.contains("--no-cache-dir"));
        let skipped = fewer.skipped.iter().find(|s| s.id.as_str() == "DL3042@2");
        assert_eq!(skipped.unwrap().reason.as_deref(), Some("rejected"));
    }

    #[test]
    fn choices_follow_their_line() {
        let before = "FROM debian:12\nRUN pip install x\n";
        let after = "FROM debian:12\n# a comment\nRUN pip install x\n";
        let old = check(before, &Options::default()).problems;
        let new = check(after, &Options::default()).problems;
        let chosen: BTreeSet<SuggestionId> = [SuggestionId::new("DL3042", 2)].into();
        let carried = carry_choices(&chosen, &old, before, &new, after);
        assert_eq!(carried, [SuggestionId::new("DL3042", 3)].into());
        assert_eq!(carry_choices(&chosen, &old, before, &old, before), chosen);
        let fixed = "FROM debian:12\nRUN pip install --no-cache-dir x\n";
        let gone = check(fixed, &Options::default()).problems;
        assert!(carry_choices(&chosen, &old, before, &gone, fixed).is_empty());
    }

    #[test]
    fn exports_read_the_findings_as_diagnostics() {
        let text = "FROM ubuntu:latest\nRUN pip install flask\n";
        let found = lint(text, &Options::default());
        let core = drydock_core::lint(text, &Config::default());
        let back = diagnostics(&found);
        assert_eq!(back.len(), core.len());
        for (a, b) in back.iter().zip(&core) {
            assert_eq!(
                (&a.code, a.severity, &a.message, a.start, a.end),
                (&b.code, b.severity, &b.message, b.start, b.end)
            );
        }
    }
}
