//! The core behind plain objects: what the playground's worker, the JS API
//! (`lint(text, config)`, `fix(text, config)` in `drydock.js`) and the app
//! itself exchange. One set of types, serialized with serde-wasm-bindgen.
//!
//! Offsets for the browser are UTF-16 code units (`from`, `to`); lines and
//! columns are 1-based (columns count characters, as the CLI prints them).

use drydock_core::fix::{fix_all_with, Applicability, Choices, FixOutcome, Skip, SuggestionId};
use drydock_core::{lint_with, Config, Diagnostic, Inputs, LineIndex, Severity};
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// What a caller may pass besides the text: the settings (the same keys
/// as [`Config`]'s JSON), the project's `.dockerignore`, and for `fix`
/// which suggestions to leave out.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    #[serde(flatten)]
    pub config: Config,
    /// The build context's `.dockerignore`.
    pub dockerignore: Option<String>,
    /// Suggestions not to apply, by id (`"DL3042@5"`).
    pub rejected: Vec<SuggestionId>,
    /// Apply safe fixes only.
    pub safe_only: bool,
    /// Risky suggestions (manual fixes with an edit) to apply, by id.
    pub accepted: Vec<SuggestionId>,
}

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
    pub fix: Option<FindingFix>,
}

/// What a finding's fix offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingFix {
    pub message: String,
    /// `safe`, `suggested` or `manual` (an explanation only).
    pub applicability: String,
    /// Whether it edits the text (or creates a file): can be accepted or
    /// rejected.
    pub applies: bool,
}

/// A fix applied, or offered and not applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixNote {
    pub id: SuggestionId,
    pub code: String,
    pub line: usize,
    pub fix_message: String,
    pub applicability: String,
    /// Why it was not applied (`rejected`, `manual`, `breaks_syntax`, …);
    /// absent for applied fixes.
    pub reason: Option<String>,
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

/// Findings and rewrite of one text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub findings: Vec<Finding>,
    pub rewrite: Rewrite,
}

fn applicability(a: Applicability) -> String {
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

fn finding(text: &str, index: &LineIndex, d: Diagnostic) -> Finding {
    Finding {
        id: SuggestionId::of(&d),
        from: index.utf16_offset(text, d.span.start),
        to: index.utf16_offset(text, d.span.end),
        fix: d.fix.map(|f| FindingFix {
            applies: f.applicability != Applicability::Manual
                && (!f.edits.is_empty() || !f.files.is_empty()),
            applicability: applicability(f.applicability),
            message: f.message,
        }),
        code: d.code,
        severity: d.severity,
        message: d.message,
        line: d.start.line,
        column: d.start.column,
        end_line: d.end.line,
        end_column: d.end.column,
    }
}

fn inputs(options: &Options) -> Inputs<'_> {
    Inputs {
        dockerignore: options.dockerignore.as_deref(),
    }
}

/// Every finding of `text`.
pub fn lint(text: &str, options: &Options) -> Vec<Finding> {
    let index = LineIndex::new(text);
    lint_with(text, &options.config, &inputs(options))
        .into_iter()
        .map(|d| finding(text, &index, d))
        .collect()
}

/// The rewrite of `text`: the core's `fix_all`, as `drydock fix` runs it.
pub fn fix(text: &str, options: &Options) -> Rewrite {
    let choices = Choices {
        safe_only: options.safe_only,
        only: Vec::new(),
        rejected: options.rejected.clone(),
        accepted: options.accepted.clone(),
    };
    let out: FixOutcome = fix_all_with(text, &options.config, &inputs(options), &choices);
    let note = |id: &SuggestionId, code: &str, line, msg: &str, a, reason| FixNote {
        id: id.clone(),
        code: code.to_string(),
        line,
        fix_message: msg.to_string(),
        applicability: applicability(a),
        reason,
    };
    Rewrite {
        applied: out
            .applied
            .iter()
            .map(|a| {
                note(
                    &a.id,
                    &a.code,
                    a.line,
                    &a.fix_message,
                    a.applicability,
                    None,
                )
            })
            .collect(),
        skipped: out
            .skipped
            .iter()
            .map(|s| {
                let reason = Some(skip_reason(s.reason));
                note(
                    &s.id,
                    &s.code,
                    s.line,
                    &s.fix_message,
                    s.applicability,
                    reason,
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

pub fn analyze(text: &str, options: &Options) -> Analysis {
    Analysis {
        findings: lint(text, options),
        rewrite: fix(text, options),
    }
}

/// The rejections that still apply after the text changed. A suggestion's
/// id names its line, so an edit above it moves it: a rejected suggestion
/// that is gone follows its line when exactly one finding of the same rule
/// now sits on a line with the same text. Others are forgotten.
pub fn carry_rejections(
    rejected: &BTreeSet<SuggestionId>,
    old: &[Finding],
    old_text: &str,
    new: &[Finding],
    new_text: &str,
) -> BTreeSet<SuggestionId> {
    let old_lines: Vec<&str> = old_text.lines().collect();
    let new_lines: Vec<&str> = new_text.lines().collect();
    fn line_of<'t>(lines: &[&'t str], n: usize) -> Option<&'t str> {
        n.checked_sub(1).and_then(|i| lines.get(i).copied())
    }
    let mut carried = BTreeSet::new();
    for id in rejected {
        if new.iter().any(|f| &f.id == id) {
            carried.insert(id.clone());
            continue;
        }
        let Some(was) = old.iter().find(|f| &f.id == id) else {
            continue;
        };
        let content = line_of(&old_lines, was.line);
        let mut same = new.iter().filter(|f| {
            f.code == was.code
                && line_of(&new_lines, f.line) == content
                && !rejected.contains(&f.id)
        });
        if let (Some(f), None) = (same.next(), same.next()) {
            carried.insert(f.id.clone());
        }
    }
    carried
}

// --- the JS API --------------------------------------------------------

fn options_from(config: JsValue) -> Result<Options, JsError> {
    if config.is_undefined() || config.is_null() {
        return Ok(Options::default());
    }
    serde_wasm_bindgen::from_value(config)
        .map_err(|e| JsError::new(&format!("drydock: invalid config: {e}")))
}

pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// `lint(text, config?)`: the findings of a Dockerfile, as plain objects.
#[wasm_bindgen(js_name = lint)]
pub fn js_lint(text: &str, config: JsValue) -> Result<JsValue, JsError> {
    to_js(&lint(text, &options_from(config)?))
}

/// `fix(text, config?)`: the rewritten Dockerfile and what was applied.
#[wasm_bindgen(js_name = fix)]
pub fn js_fix(text: &str, config: JsValue) -> Result<JsValue, JsError> {
    to_js(&fix(text, &options_from(config)?))
}

/// Findings and rewrite together (what the playground's worker runs).
#[wasm_bindgen(js_name = analyze)]
pub fn js_analyze(text: &str, config: JsValue) -> Result<JsValue, JsError> {
    to_js(&analyze(text, &options_from(config)?))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn rejected_suggestions_are_left_out_as_drydock_fix_does() {
        let text = "FROM debian:12\nRUN pip install x\n";
        let all = fix(text, &Options::default());
        assert!(all.text.contains("--no-cache-dir"));
        assert!(all.applied.iter().any(|a| a.id.as_str() == "DL3042@2"));
        let options = Options {
            rejected: vec![SuggestionId::new("DL3042", 2)],
            ..Options::default()
        };
        let fewer = fix(text, &options);
        assert!(!fewer.text.contains("--no-cache-dir"));
        let skipped = fewer.skipped.iter().find(|s| s.id.as_str() == "DL3042@2");
        assert_eq!(skipped.unwrap().reason.as_deref(), Some("rejected"));
        let core = drydock_core::fix::fix_all(
            text,
            &Config::default(),
            &Choices {
                rejected: options.rejected.clone(),
                ..Choices::default()
            },
        );
        assert_eq!(fewer.text, core.text);
    }

    #[test]
    fn options_read_config_keys_and_extras() {
        let options: Options = serde_json::from_str(
            r#"{"ignored":["DL3007"],"failure_threshold":"error","dockerignore":".git\n","rejected":["DL3042@2"],"safe_only":true}"#,
        )
        .unwrap();
        assert_eq!(options.config.ignored, vec!["DL3007".to_string()]);
        assert_eq!(options.config.failure_threshold, Some(Severity::Error));
        assert_eq!(options.dockerignore.as_deref(), Some(".git\n"));
        assert_eq!(options.rejected, vec![SuggestionId::new("DL3042", 2)]);
        assert!(options.safe_only);
        assert!(lint("FROM ubuntu:latest\n", &options).is_empty());
        let empty: Options = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, Options::default());
    }

    #[test]
    fn rejections_follow_their_line() {
        let before = "FROM debian:12\nRUN pip install x\n";
        let after = "FROM debian:12\n# a comment\nRUN pip install x\n";
        let old = lint(before, &Options::default());
        let new = lint(after, &Options::default());
        let rejected: BTreeSet<SuggestionId> = [SuggestionId::new("DL3042", 2)].into();
        let carried = carry_rejections(&rejected, &old, before, &new, after);
        assert_eq!(carried, [SuggestionId::new("DL3042", 3)].into());
        // Still there: kept as it is. Gone (the line changed): forgotten.
        assert_eq!(
            carry_rejections(&rejected, &old, before, &old, before),
            rejected
        );
        let fixed = "FROM debian:12\nRUN pip install --no-cache-dir x\n";
        let gone = lint(fixed, &Options::default());
        assert!(carry_rejections(&rejected, &old, before, &gone, fixed).is_empty());
    }
}
