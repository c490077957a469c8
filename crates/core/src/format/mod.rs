//! The formatter: a view over the lossless tree that returns minimal
//! edits, never a reprinted file.
//!
//! What it changes (docs/formatting.md is the user's copy):
//! - instruction keywords upper case (`run` → `RUN`, the trigger of an
//!   `ONBUILD` too); one space after the keyword, between flags and
//!   before the arguments when they are on the same line;
//! - continuation lines indented by [`Options::indent`], keeping any
//!   extra indentation a line had over the instruction's least indented
//!   continuation line, rounded up to whole levels (nested `if` bodies
//!   stay nested); comment lines inside a continuation indented the same
//!   way;
//! - one space before a continuation backslash, nothing after it;
//! - in a shell-form `RUN` that already spans several lines, every
//!   top-level `&&` that is not at a line's start or end starts a new line,
//!   in the style the `RUN` already uses (`\` then `&& b`, or `a && \`);
//! - JSON arrays on one line written `["a", "b"]`;
//! - trailing spaces and tabs dropped, at most one blank line in a row, no
//!   blank lines at the end, a final newline.
//!
//! What it never touches: heredoc bodies and the lines of an instruction
//! that opens one (beyond its keyword), parser directives, lines with
//! syntax errors, the text of comments, quoted text, and whitespace that
//! is not a separator ([`scan`]). With `# escape=` other than `\`, only
//! keywords, trailing spaces and blank lines are formatted. Line endings
//! (CRLF) and a BOM are kept: new lines use the file's own ending.
//!
//! Every result is checked before it is returned: the edited text is
//! parsed again and compared with the original ([`meaning`]); a
//! difference is an error, never an output.

use std::fmt;

use crate::diagnostic::{apply_edits, Edit};
use crate::syntax::{self, Body, CommandForm, Dockerfile, Instruction, ItemKind, Keyword, Span};
use crate::syntax::{continuation_end, split_lines, Line};

mod meaning;
mod scan;

pub use meaning::{same_meaning, Difference};

/// How continuation lines are indented.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Indent {
    /// This many spaces (the default: 4).
    Spaces(u8),
    /// One tab.
    Tab,
}

/// Formatting options (`[fmt]` in `.drydock.toml`, `.editorconfig`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    pub indent: Indent,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            indent: Indent::Spaces(4),
        }
    }
}

impl Options {
    fn unit(&self) -> String {
        match self.indent {
            Indent::Spaces(n) => " ".repeat(usize::from(n)),
            Indent::Tab => "\t".into(),
        }
    }
}

/// Why a file was not formatted: the result would not have meant the same
/// (a bug in the formatter; the file is left as it is).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    pub message: String,
    /// 1-based line (0: the file as a whole).
    pub line: usize,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "line {}: ", self.line)?;
        }
        write!(
            f,
            "formatting would change the meaning ({}); the file is left as it is",
            self.message
        )
    }
}

impl std::error::Error for FormatError {}

/// The edits that format `text`, sorted and non-overlapping (empty when it
/// is formatted already).
pub fn format_edits(text: &str, options: &Options) -> Result<Vec<Edit>, FormatError> {
    let file = syntax::parse(text);
    let edits = edits(&file, options);
    if edits.is_empty() {
        return Ok(edits);
    }
    let after = syntax::parse(&apply_edits(text, &edits));
    same_meaning(&file, &after).map_err(|d| FormatError {
        message: d.message,
        line: d.line,
    })?;
    Ok(edits)
}

/// `text` formatted.
pub fn format(text: &str, options: &Options) -> Result<String, FormatError> {
    let edits = format_edits(text, options)?;
    Ok(apply_edits(text, &edits))
}

fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t')
}

/// Length of the run of spaces and tabs at the end of `s`.
fn trailing_blanks(s: &str) -> usize {
    s.len() - s.trim_end_matches([' ', '\t']).len()
}

/// Length of the run of spaces and tabs at the start of `s`.
fn leading_blanks(s: &str) -> usize {
    s.len() - s.trim_start_matches([' ', '\t']).len()
}

/// Columns of leading whitespace, a tab counting 4.
fn width(ws: &str) -> usize {
    ws.bytes().map(|b| if b == b'\t' { 4 } else { 1 }).sum()
}

struct Formatter<'a> {
    src: &'a str,
    lines: Vec<Line>,
    edits: Vec<Edit>,
    unit: String,
    nl: &'static str,
    /// The escape character is `\`: whitespace can be read as the shell
    /// reads it.
    backslash: bool,
    escape: u8,
}

impl Formatter<'_> {
    fn edit(&mut self, start: usize, end: usize, replacement: impl Into<String>) {
        let replacement = replacement.into();
        if self.src[start..end] != replacement {
            self.edits
                .push(Edit::replace(Span::new(start, end), replacement));
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.lines
            .partition_point(|l| l.end <= offset)
            .min(self.lines.len().saturating_sub(1))
    }

    fn trim_trailing(&mut self, l: Line) {
        let content = &self.src[l.start..l.content_end];
        let t = trailing_blanks(content);
        if t > 0 {
            self.edit(l.content_end - t, l.content_end, "");
        }
    }
}

/// Every edit that formats `file`, sorted and non-overlapping.
fn edits(file: &Dockerfile, options: &Options) -> Vec<Edit> {
    let src = file.source.as_str();
    let mut f = Formatter {
        src,
        lines: split_lines(src),
        edits: Vec::new(),
        unit: options.unit(),
        nl: if src.contains("\r\n") { "\r\n" } else { "\n" },
        backslash: file.escape == '\\',
        escape: u8::try_from(u32::from(file.escape)).unwrap_or(b'\\'),
    };
    if f.lines.is_empty() {
        return Vec::new();
    }
    // Lines a syntax error touches (a difference array: linear in the
    // lines and the errors).
    let mut touched = vec![0i64; f.lines.len() + 1];
    for e in &file.errors {
        let (a, b) = (f.line_of(e.span.start), f.line_of(e.span.end.max(1) - 1));
        touched[a.min(b)] += 1;
        touched[a.max(b) + 1] -= 1;
    }
    let mut depth = 0;
    let erroneous_line: Vec<bool> = touched[..f.lines.len()]
        .iter()
        .map(|d| {
            depth += d;
            depth > 0
        })
        .collect();
    // Blank lines at the top level (not inside an instruction).
    let mut blank = vec![false; f.lines.len()];
    for item in &file.items {
        if item.span.is_empty() {
            continue;
        }
        let (first, last) = (f.line_of(item.span.start), f.line_of(item.span.end - 1));
        let erroneous = erroneous_line[first..=last].contains(&true);
        match item.kind {
            ItemKind::Blank => blank[first..=last].iter_mut().for_each(|b| *b = true),
            ItemKind::Comment => f.trim_trailing(f.lines[first]),
            ItemKind::Instruction(i) if !erroneous => {
                if let Some(inst) = file.instructions.get(i) {
                    instruction(&mut f, inst, first, last);
                }
            }
            ItemKind::Instruction(_) | ItemKind::Directive | ItemKind::Error => {}
        }
    }
    let tail = blank.iter().rposition(|b| !b).map_or(0, |i| i + 1);
    for (k, &is_blank) in blank.iter().enumerate() {
        if !is_blank {
            continue;
        }
        let l = f.lines[k];
        // One blank line stays (the first of a run; at the very top too,
        // so a comment after it never becomes a parser directive).
        if k >= tail || (k > 0 && blank[k - 1]) {
            f.edit(l.start, l.end, "");
        } else if l.content_end > l.start {
            f.edit(l.start, l.content_end, "");
        }
    }
    // A final newline, unless the file ends inside an instruction that
    // opens a heredoc (its body would change) or on an error line.
    let ends_plainly = match file.items.last().map(|i| i.kind) {
        Some(ItemKind::Instruction(i)) => file
            .instructions
            .get(i)
            .is_some_and(|inst| inst.heredocs.is_empty() && file.errors.is_empty()),
        Some(ItemKind::Comment) => true,
        _ => false,
    };
    if !src.ends_with('\n') && tail > 0 && ends_plainly {
        let nl = f.nl;
        f.edits.push(Edit::insert(src.len(), nl));
    }
    let mut edits = f.edits;
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    // Each edit once (as `apply_edits` applies it), never two over the
    // same bytes (the meaning check then judges what is left).
    edits.dedup();
    let mut end = 0;
    edits.retain(|e| {
        let keep = e.span.start >= end && e.span.start <= e.span.end && e.span.end <= src.len();
        if keep {
            end = e.span.end;
        }
        keep
    });
    edits
}

/// Which whitespace in the arguments is only a separator.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Read by BuildKit as words, JSON, or handed to the shell.
    Words,
    /// Read as one string (`WORKDIR`, `USER`, legacy `ENV k v`, `ONBUILD`
    /// …): whitespace inside is kept as it is.
    Raw,
}

fn class(inst: &Instruction) -> Class {
    match &inst.body {
        Body::Run(_) | Body::Cmd(_) | Body::Entrypoint(_) => Class::Words,
        Body::From(_) | Body::Copy(_) | Body::Add(_) | Body::Expose(_) => Class::Words,
        Body::Volume { .. } | Body::Healthcheck(_) => Class::Words,
        Body::Arg(kvs) | Body::Env(kvs) | Body::Label(kvs) => {
            if kvs.iter().any(|kv| kv.legacy) {
                Class::Raw
            } else {
                Class::Words
            }
        }
        Body::Shell(_) if inst.args.text.starts_with('[') => Class::Words,
        _ => Class::Raw,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Code,
    Comment,
    Empty,
}

fn keyword(f: &mut Formatter, inst: &Instruction) {
    if inst.keyword == Keyword::Unknown {
        return;
    }
    let w = &inst.keyword_word;
    let upper = inst.keyword.as_str();
    if w.text != upper && w.span.len() == upper.len() {
        f.edit(w.span.start, w.span.end, upper);
    }
}

fn instruction(f: &mut Formatter, inst: &Instruction, first: usize, last: usize) {
    keyword(f, inst);
    if let Body::Onbuild(inner) = &inst.body {
        keyword(f, inner);
    }
    let src = f.src;
    let kw_end = inst.keyword_word.span.end;
    let l0 = f.lines[first];
    if kw_end > l0.content_end || kw_end < l0.start {
        return; // a keyword split by a continuation: left as written
    }
    // One space after the keyword, when something follows on its line.
    let after_kw = &src[kw_end..l0.content_end];
    let gap = leading_blanks(after_kw);
    let next = after_kw.as_bytes().get(gap).copied();
    let continues_right_away = continuation_end(after_kw, f.escape) == Some(gap);
    if gap > 0 && next.is_some() && !continues_right_away {
        f.edit(kw_end, kw_end + gap, " ");
    }
    if !inst.heredocs.is_empty() {
        // The marker line and the body belong together: left as written.
        return;
    }
    // One space between flags and before the arguments, on one line.
    let mut bounds: Vec<Span> = inst.flags.iter().map(|fl| fl.span).collect();
    if !inst.args.text.is_empty() {
        bounds.push(inst.args.span);
    }
    for pair in bounds.windows(2) {
        let between = &src[pair[0].end..pair[1].start];
        if !between.is_empty() && between.bytes().all(is_blank) {
            f.edit(pair[0].end, pair[1].start, " ");
        }
    }
    json_array(f, inst);

    // The lines: keyword line, continuation code lines, comment lines
    // and empty lines inside the continuation.
    let kinds: Vec<Kind> = (first..=last)
        .map(|k| {
            let l = f.lines[k];
            let t = src[l.start..l.content_end].trim_start();
            if k == first {
                Kind::Code
            } else if t.starts_with('#') {
                Kind::Comment
            } else if t.is_empty() {
                Kind::Empty
            } else {
                Kind::Code
            }
        })
        .collect();
    let multi = kinds[1..].contains(&Kind::Code);
    let indent_for = |f: &Formatter, k: usize, min: usize| -> String {
        let l = f.lines[k];
        let ws = &src[l.start..l.start + leading_blanks(&src[l.start..l.content_end])];
        // Extra indentation in whole levels, rounded up.
        let levels = width(ws)
            .saturating_sub(min)
            .div_ceil(width(&f.unit).max(1));
        f.unit.repeat(1 + levels)
    };
    let words = class(inst) == Class::Words && f.backslash;
    // Two passes: the first finds the lines whose indentation is
    // formatted (their least indentation is the base the others keep
    // their extra indentation over), the second makes the edits.
    let mut min = 0;
    let mut any_indented = false;
    let mut new_indent: Vec<Option<String>> = vec![None; last - first + 1];
    let before = f.edits.len();
    for pass in 0..2 {
        if pass == 1 {
            min = (first + 1..=last)
                .filter(|&k| new_indent[k - first].is_some())
                .map(|k| {
                    let l = f.lines[k];
                    width(&src[l.start..l.start + leading_blanks(&src[l.start..l.content_end])])
                })
                .min()
                .unwrap_or(0);
            any_indented = new_indent.iter().any(Option::is_some);
            f.edits.truncate(before);
            new_indent.iter_mut().for_each(|n| *n = None);
        }
        let mut scanner = scan::Scanner::default();
        // The previous code line's whitespace before its backslash, and
        // whether it is a separator (see `scan`).
        let mut pending: Option<(Span, bool, bool)> = None;
        for k in first..=last {
            let l = f.lines[k];
            let content = &src[l.start..l.content_end];
            match kinds[k - first] {
                Kind::Empty => {
                    if !content.is_empty() {
                        f.edit(l.start, l.content_end, "");
                    }
                }
                Kind::Comment => {
                    let lead = leading_blanks(content);
                    // Indented with the lines around it, when they are.
                    if any_indented {
                        let indent = indent_for(f, k, min);
                        f.edit(l.start, l.start + lead, indent);
                    }
                    f.trim_trailing(l);
                }
                Kind::Code => {
                    let body_start = if k == first { kw_end } else { l.start };
                    let cont = continuation_end(content, f.escape).map(|e| l.start + e);
                    let body_end = cont.unwrap_or(l.content_end);
                    let lead = if k == first {
                        0
                    } else {
                        leading_blanks(&src[body_start..body_end])
                    };
                    if k > first {
                        if let Some((tw, sep, after_keyword)) = pending.take() {
                            let run = tw.len() + lead;
                            if run > 0 && sep && (words || after_keyword) {
                                let indent = indent_for(f, k, min);
                                if !tw.is_empty() || !after_keyword {
                                    f.edit(tw.start, tw.end, " ");
                                }
                                f.edit(l.start, l.start + lead, indent.clone());
                                new_indent[k - first] = Some(indent);
                            }
                        }
                    }
                    // Trailing whitespace: after the backslash, or at the end.
                    match cont {
                        Some(c) => {
                            if c + 1 < l.content_end {
                                f.edit(c + 1, l.content_end, "");
                            }
                            let body = &src[body_start..c];
                            let t = trailing_blanks(body);
                            scanner.feed(&body[..body.len() - t]);
                            let only_keyword = k == first && body[..body.len() - t].is_empty();
                            let real = !body[..body.len() - t].trim().is_empty() || only_keyword;
                            pending = Some((
                                Span::new(c - t, c),
                                scanner.separator() && real,
                                only_keyword,
                            ));
                            scanner.feed(&body[body.len() - t..]);
                        }
                        None => {
                            f.trim_trailing(l);
                            scanner.feed(&src[body_start..body_end]);
                        }
                    }
                }
            }
        }
    }
    if multi && f.backslash {
        split_and_chains(f, inst, first, &new_indent, &|f, k| indent_for(f, k, min));
    }
}

/// In a shell-form `RUN` that spans lines: each top-level `&&` in the
/// middle of a line starts a new line.
fn split_and_chains(
    f: &mut Formatter,
    inst: &Instruction,
    first: usize,
    new_indent: &[Option<String>],
    indent_for: &dyn Fn(&Formatter, usize) -> String,
) {
    let Body::Run(CommandForm::Shell { script, .. }) = &inst.body else {
        return;
    };
    let src = f.src;
    // The style in use: `&&` leading its line, or ending it.
    let (mut leading, mut trailing) = (0, 0);
    let last = f.line_of(inst.span.end.saturating_sub(1));
    for k in first..=last {
        let l = f.lines[k];
        let content = &src[l.start..l.content_end];
        if k > first && content.trim_start().starts_with("&&") {
            leading += 1;
        }
        if let Some(c) = continuation_end(content, f.escape) {
            if content[..c].trim_end().ends_with("&&") {
                trailing += 1;
            }
        }
    }
    let trailing_style = trailing > leading;
    for cmd in &script.commands {
        let top = cmd.depth == 0 && !cmd.in_substitution && !cmd.in_subshell && !cmd.in_compound;
        if !top || cmd.op_before != Some(syntax::shell::Op::And) {
            continue;
        }
        // `… <ws>&&<ws>` right before the command, on its line.
        let k = f.line_of(cmd.span.start);
        let line_start = f.lines[k].start.max(inst.keyword_word.span.end);
        if line_start > cmd.span.start {
            continue;
        }
        let before = &src[line_start..cmd.span.start];
        let post = trailing_blanks(before);
        let Some(head) = before[..before.len() - post].strip_suffix("&&") else {
            continue;
        };
        let pre = trailing_blanks(head);
        if head[..head.len() - pre].trim().is_empty() {
            continue; // `&&` starts its line already
        }
        let at = line_start + head.len();
        let p = Span::new(at - pre, at - pre);
        let k = f.line_of(p.end);
        let indent = new_indent
            .get(k - first)
            .cloned()
            .flatten()
            .unwrap_or_else(|| {
                if k == first {
                    f.unit.clone()
                } else {
                    indent_for(f, k)
                }
            });
        let nl = f.nl;
        let (start, end) = if trailing_style {
            (at + 2, cmd.span.start)
        } else {
            (p.end, at)
        };
        if start < end {
            f.edit(start, end, format!(" \\{nl}{indent}"));
        }
    }
}

/// `["a", "b"]` for a JSON array written on one line.
fn json_array(f: &mut Formatter, inst: &Instruction) {
    let json = match &inst.body {
        Body::Run(CommandForm::Exec { .. })
        | Body::Cmd(CommandForm::Exec { .. })
        | Body::Entrypoint(CommandForm::Exec { .. }) => true,
        Body::Copy(c) | Body::Add(c) => c.json,
        Body::Volume { json, .. } => *json,
        Body::Shell(_) => inst.args.text.starts_with('['),
        _ => false,
    };
    let span = inst.args.span;
    if !json || span.is_empty() {
        return;
    }
    let text = &f.src[span.start..span.end];
    if text.contains('\n') {
        return;
    }
    if let Some(normal) = normal_json(text) {
        f.edit(span.start, span.end, normal);
    }
}

/// The array with `, ` between its strings and nothing inside the
/// brackets; `None` when it is not a flat array of strings.
fn normal_json(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut i = 0;
    let skip = |i: &mut usize| {
        while *i < b.len() && is_blank(b[*i]) {
            *i += 1;
        }
    };
    if b.first() != Some(&b'[') {
        return None;
    }
    i += 1;
    let mut items: Vec<&str> = Vec::new();
    skip(&mut i);
    if b.get(i) == Some(&b']') {
        i += 1;
    } else {
        loop {
            skip(&mut i);
            if b.get(i) != Some(&b'"') {
                return None;
            }
            let s = i;
            i += 1;
            loop {
                match b.get(i)? {
                    b'\\' => i += 2,
                    b'"' => break,
                    _ => i += 1,
                }
            }
            i += 1;
            items.push(text.get(s..i)?);
            skip(&mut i);
            match b.get(i)? {
                b',' => i += 1,
                b']' => {
                    i += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    if i != b.len() {
        return None;
    }
    Some(format!("[{}]", items.join(", ")))
}

#[cfg(test)]
mod tests;
