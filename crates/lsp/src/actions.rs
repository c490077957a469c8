//! Code actions: each finding's fix as a quick fix, "fix all safe
//! problems", "ignore here" (hadolint's pragma) and "skip this check"
//! (BuildKit's `# check=skip=` directive).
//!
//! A fix's applicability is in its title: safe fixes are the preferred
//! action; suggested ones say they change the image; risky (manual) ones
//! say what could break and are never preferred. Manual fixes without an
//! edit are explanations: they are in the diagnostic's message and the
//! hover, not here.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CreateFile, CreateFileOptions,
    DocumentChangeOperation, DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier,
    Range, ResourceOp, TextDocumentEdit, TextEdit, Url, WorkspaceEdit,
};

use drydock_core::fix::{fix_all_with, Applicability, Choices, Edit, Fix};
use drydock_core::rules::{self, Source};
use drydock_core::syntax::Span;

use crate::analysis::{Analysis, Settings};
use crate::diagnostics::to_lsp;
use crate::document::Document;

/// What the client can do with a workspace edit.
#[derive(Clone, Copy, Debug, Default)]
pub struct EditSupport {
    /// `documentChanges` with `create` operations: a fix may create a
    /// file (a generated `.dockerignore`).
    pub create_files: bool,
}

pub struct Context<'a> {
    pub uri: &'a Url,
    pub doc: &'a Document,
    pub analysis: &'a Analysis,
    pub settings: &'a Settings,
    pub docs_url: &'a str,
    pub support: EditSupport,
}

/// The title of a fix's action: the code, what it does, how safe it is.
pub fn fix_title(code: &str, fix: &Fix) -> String {
    let how = match fix.applicability {
        Applicability::Safe => "safe".to_string(),
        Applicability::Suggested => "suggested: changes the image".to_string(),
        Applicability::Manual => match &fix.risk {
            Some(risk) => format!("risky, review it: {risk}"),
            None => "risky, review it".to_string(),
        },
    };
    format!("{code}: {} ({how})", fix.message)
}

/// Every action for the findings that touch `range`, then "fix all safe
/// problems" when it changes anything.
pub fn code_actions(
    cx: &Context,
    range: Range,
    only: Option<&[CodeActionKind]>,
) -> Vec<CodeActionOrCommand> {
    let wanted = |kind: &CodeActionKind| {
        only.is_none_or(|kinds| {
            kinds.iter().any(|k| {
                kind.as_str() == k.as_str()
                    || kind.as_str().starts_with(&format!("{}.", k.as_str()))
            })
        })
    };
    // Findings on the lines the range touches (a cursor anywhere on a
    // finding's line gets its actions).
    let (first, last) = (
        range.start.line.min(range.end.line),
        range.start.line.max(range.end.line),
    );
    let mut out = Vec::new();
    let mut ignored_lines: Vec<(usize, drydock_core::Code)> = Vec::new();
    for d in &cx.analysis.diagnostics {
        let r = cx.doc.range(d.span);
        if r.start.line > last || r.end.line < first {
            continue;
        }
        let diag = to_lsp(d, cx.doc, cx.docs_url);
        if wanted(&CodeActionKind::QUICKFIX) {
            let has_change = |f: &&Fix| !f.edits.is_empty() || !f.files.is_empty();
            if let Some(fix) = d.fix.as_ref().filter(has_change) {
                if let Some(edit) = fix_edit(cx, fix) {
                    out.push(action(
                        fix_title(&d.code, fix),
                        CodeActionKind::QUICKFIX,
                        vec![diag.clone()],
                        edit,
                        fix.applicability == Applicability::Safe,
                    ));
                }
            }
            let key = (ignore_line(cx.analysis, d.span.start, cx.doc), d.code);
            if !ignored_lines.contains(&key) {
                ignored_lines.push(key);
                let edit = ignore_here(cx, d.span.start, &d.code);
                out.push(action(
                    format!(
                        "{}: ignore here (# {} ignore={})",
                        d.code,
                        pragma_tool(&d.code),
                        d.code
                    ),
                    CodeActionKind::QUICKFIX,
                    vec![diag.clone()],
                    text_edit(cx, vec![edit]),
                    false,
                ));
            }
            if rules::find(&d.code).is_some_and(|r| r.source == Source::Buildkit) {
                if let Some(edit) = skip_check(cx, &d.code) {
                    out.push(action(
                        format!(
                            "{}: skip this check in the file (# check=skip={})",
                            d.code, d.code
                        ),
                        CodeActionKind::QUICKFIX,
                        vec![diag.clone()],
                        text_edit(cx, vec![edit]),
                        false,
                    ));
                }
            }
        }
    }
    if wanted(&CodeActionKind::SOURCE_FIX_ALL) || wanted(&CodeActionKind::QUICKFIX) {
        if let Some((edit, count)) = fix_all_safe(cx) {
            out.push(action(
                format!("Fix all safe problems ({count})"),
                CodeActionKind::SOURCE_FIX_ALL,
                Vec::new(),
                edit,
                false,
            ));
        }
    }
    out
}

fn action(
    title: String,
    kind: CodeActionKind,
    diagnostics: Vec<lsp_types::Diagnostic>,
    edit: WorkspaceEdit,
    preferred: bool,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(kind),
        diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
        edit: Some(edit),
        command: None,
        is_preferred: preferred.then_some(true),
        disabled: None,
        data: None,
    })
}

fn text_edits(cx: &Context, edits: &[Edit]) -> Vec<TextEdit> {
    edits
        .iter()
        .map(|e| TextEdit::new(cx.doc.range(e.span), e.replacement.clone()))
        .collect()
}

fn text_edit(cx: &Context, edits: Vec<Edit>) -> WorkspaceEdit {
    let mut changes = HashMap::new();
    changes.insert(cx.uri.clone(), text_edits(cx, &edits));
    WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    }
}

/// A fix as a workspace edit; with the files it creates when the client
/// can create files (`None` when it cannot and the fix needs one).
fn fix_edit(cx: &Context, fix: &Fix) -> Option<WorkspaceEdit> {
    if fix.files.is_empty() {
        return Some(text_edit(cx, fix.edits.clone()));
    }
    if !cx.support.create_files {
        return None;
    }
    let mut ops = Vec::new();
    for file in &fix.files {
        let uri = cx.uri.join(&file.path).ok()?;
        ops.push(DocumentChangeOperation::Op(ResourceOp::Create(
            CreateFile {
                uri: uri.clone(),
                options: Some(CreateFileOptions {
                    overwrite: Some(false),
                    ignore_if_exists: Some(true),
                }),
                annotation_id: None,
            },
        )));
        ops.push(DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
            edits: vec![OneOf::Left(TextEdit::new(
                Range::default(),
                file.contents.clone(),
            ))],
        }));
    }
    ops.push(DocumentChangeOperation::Edit(TextDocumentEdit {
        text_document: OptionalVersionedTextDocumentIdentifier {
            uri: cx.uri.clone(),
            version: Some(cx.doc.version),
        },
        edits: text_edits(cx, &fix.edits)
            .into_iter()
            .map(OneOf::Left)
            .collect(),
    }));
    Some(WorkspaceEdit {
        document_changes: Some(DocumentChanges::Operations(ops)),
        ..WorkspaceEdit::default()
    })
}

/// The 0-based line a finding at `offset` belongs to: the first line of
/// its instruction (where hadolint's pragma applies).
fn ignore_line(analysis: &Analysis, offset: usize, doc: &Document) -> usize {
    match analysis.instruction_at(offset) {
        Some(i) => analysis.file.instructions[i].line.saturating_sub(1),
        None => doc.position(offset).line as usize,
    }
}

/// The tool word of an ignore pragma for `code`: `hadolint` for a code
/// hadolint can read (`DL3008`, `SC2086`, `DD001`), `drydock` for a
/// BuildKit check or a rule name (hadolint drops a whole list with one).
pub fn pragma_tool(code: &str) -> &'static str {
    if drydock_core::pragma::is_hadolint_code(code) {
        "hadolint"
    } else {
        "drydock"
    }
}

/// `# hadolint ignore=CODE` (or `# drydock ignore=CODE`, see
/// [`pragma_tool`]) above the finding's instruction, or `,CODE` added to
/// the ignore pragma already there (spelled `drydock` when `CODE` needs
/// it).
pub fn ignore_here(cx: &Context, offset: usize, code: &str) -> Edit {
    let text = cx.doc.text.as_str();
    let line = ignore_line(cx.analysis, offset, cx.doc);
    let start = cx.doc.offset(lsp_types::Position::new(line as u32, 0));
    if line > 0 {
        let above = cx.doc.offset(lsp_types::Position::new(line as u32 - 1, 0));
        let above_text = &text[above..start];
        let trimmed = above_text.trim_start();
        let lead = above_text.len() - trimmed.len();
        let after_hash = trimmed.strip_prefix('#').map(str::trim_start);
        let tool = after_hash.and_then(|r| {
            ["hadolint", "drydock"]
                .into_iter()
                .find(|t| r.starts_with(t))
                .map(|t| (t, r))
        });
        if let Some((tool, r)) = tool {
            if let Some(rest) = r[tool.len()..].trim_start().strip_prefix("ignore=") {
                let codes_len = rest
                    .find(|c: char| c.is_whitespace() || c == '#')
                    .unwrap_or(rest.len());
                let codes_end = above + lead + (trimmed.len() - rest.len()) + codes_len;
                if tool == "drydock" || pragma_tool(code) == "hadolint" {
                    return Edit::insert(codes_end, format!(",{code}"));
                }
                // hadolint would drop the whole list: spell it `drydock`.
                let word = above + lead + (trimmed.len() - r.len());
                let kept = &text[word + tool.len()..codes_end];
                return Edit::replace(Span::new(word, codes_end), format!("drydock{kept},{code}"));
            }
        }
    }
    let indent: String = text[start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let tool = pragma_tool(code);
    Edit::insert(start, format!("{indent}# {tool} ignore={code}\n"))
}

/// BuildKit's `# check=skip=CODE` directive: added to the `check`
/// directive already there, or a new one on the first line. `None` when
/// the directive cannot be read back as written.
pub fn skip_check(cx: &Context, code: &str) -> Option<Edit> {
    let text = cx.doc.text.as_str();
    let Some(directive) = cx
        .analysis
        .file
        .directives
        .iter()
        .find(|d| d.name == "check")
    else {
        return Some(Edit::insert(0, format!("# check=skip={code}\n")));
    };
    let line = text.get(directive.span.start..directive.span.end)?;
    let line = line.trim_end_matches(['\n', '\r']);
    let eq = line.find('=')?;
    let value_start = directive.span.start + eq + 1;
    let value = &text[value_start..directive.span.start + line.len()];
    let token_len = value
        .trim_start()
        .find(char::is_whitespace)
        .map_or(value.len(), |n| {
            n + (value.len() - value.trim_start().len())
        });
    let token = &value[..token_len];
    let mut at = value_start;
    for part in token.split(';') {
        let key = part.split('=').next().unwrap_or("").trim();
        if key.eq_ignore_ascii_case("skip") {
            let end = at + part.len();
            return Some(Edit::insert(end, format!(",{code}")));
        }
        at += part.len() + 1;
    }
    let end = value_start + token_len;
    let sep = if token.trim().is_empty() { "" } else { ";" };
    Some(Edit::replace(
        Span::new(end, end),
        format!("{sep}skip={code}"),
    ))
}

/// Every safe fix, applied to a fixed point by the core's engine, as one
/// edit over the part of the text that changes; with the number of fixes.
fn fix_all_safe(cx: &Context) -> Option<(WorkspaceEdit, usize)> {
    let text = cx.doc.text.as_str();
    let outcome = fix_all_with(
        text,
        &cx.settings.config,
        &cx.settings.inputs(),
        &Choices::safe_only(),
    );
    if outcome.text == text || outcome.applied.is_empty() {
        return None;
    }
    let edit = minimal_edit(text, &outcome.text);
    Some((text_edit(cx, vec![edit]), outcome.applied.len()))
}

/// One edit turning `old` into `new`: the span between their common
/// prefix and suffix (on character boundaries).
pub fn minimal_edit(old: &str, new: &str) -> Edit {
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    Edit::replace(
        Span::new(prefix, old.len() - suffix),
        &new[prefix..new.len() - suffix],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use drydock_core::fix::apply_edits;

    #[test]
    fn minimal_edits_rebuild_the_new_text() {
        for (old, new) in [
            ("abc", "abc"),
            ("abc", "abXc"),
            ("FROM a as b\n", "FROM a AS b\n"),
            ("ééé", "éöé"),
            ("", "x"),
            ("aaaa", "aa"),
            ("😀", "😁"),
        ] {
            let edit = minimal_edit(old, new);
            assert_eq!(apply_edits(old, &[edit]), new, "{old:?} → {new:?}");
        }
        let edit = minimal_edit("FROM a as b\n", "FROM a AS b\n");
        assert_eq!(edit.span, Span::new(7, 9));
    }
}
