//! Text → [`Dockerfile`], following BuildKit's `frontend/dockerfile/parser`
//! line by line, but never stopping: every problem BuildKit would fail on is
//! recorded as a [`SyntaxError`] and parsing goes on with the next line.
//!
//! The steps, per logical instruction:
//! 1. physical lines are classified (directive, comment, blank, start of an
//!    instruction); the first line is left-trimmed;
//! 2. continuation lines are joined into a [`Cooked`] line (comment and
//!    empty lines inside the continuation are dropped, as BuildKit does);
//! 3. the cooked line is split into keyword, `--flags` and arguments, and
//!    the arguments are read the way BuildKit reads that keyword;
//! 4. for `RUN`/`COPY`/`ADD` (also under `ONBUILD`), heredoc markers on the
//!    line open heredocs whose bodies are the following physical lines.

use super::ast::*;
use super::heredoc;
use super::shell;
use super::words::{self, Json};

/// Parse a Dockerfile. Never fails and never panics: problems are in
/// [`Dockerfile::errors`].
pub fn parse(text: &str) -> Dockerfile {
    let mut p = Parser::new(text);
    p.run();
    p.file
}

/// [`parse`], copying the shell parses `earlier` holds instead of parsing
/// the same shell again (see [`super::reuse`]): the same tree.
pub fn parse_reusing(text: &str, earlier: &super::reuse::Earlier) -> Dockerfile {
    let mut p = Parser::new(text);
    p.earlier = Some(earlier);
    p.run();
    p.file
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Line {
    /// First byte of the line (after the BOM on the first line).
    pub(crate) start: usize,
    /// End of the content: trailing `\r` and `\n` removed.
    pub(crate) content_end: usize,
    /// After the newline (or the end of the text).
    pub(crate) end: usize,
}

struct Parser<'a> {
    src: &'a str,
    lines: Vec<Line>,
    /// Next physical line to read.
    i: usize,
    escape: u8,
    directives_done: bool,
    file: Dockerfile,
    /// Shell parses to copy (see [`parse_reusing`]).
    earlier: Option<&'a super::reuse::Earlier<'a>>,
}

/// Builds cooked text from source runs.
#[derive(Default)]
struct CookedBuilder {
    text: String,
    map: Vec<(usize, usize)>,
    span: Option<Span>,
}

impl CookedBuilder {
    fn with_capacity(bytes: usize) -> Self {
        CookedBuilder {
            text: String::with_capacity(bytes),
            // Most instructions are one run (one line); four is what the
            // first push would allocate anyway.
            map: Vec::with_capacity(4),
            span: None,
        }
    }
    fn push(&mut self, src: &str, start: usize, end: usize) {
        if start >= end {
            return;
        }
        let contiguous = self
            .map
            .last()
            .is_some_and(|&(c, s)| s + (self.text.len() - c) == start);
        if !contiguous {
            self.map.push((self.text.len(), start));
        }
        self.text.push_str(&src[start..end]);
        self.span = Some(match self.span {
            Some(s) => Span::new(s.start, end),
            None => Span::new(start, end),
        });
    }
    fn finish(self, fallback: usize) -> Cooked {
        Cooked {
            text: self.text,
            map: self.map,
            span: self.span.unwrap_or(Span::new(fallback, fallback)),
        }
    }
}

/// `Some(new_end)` when `s` ends with a line continuation: the escape
/// character followed only by spaces and tabs, not itself escaped
/// (BuildKit's rule). The formatter reads continuations with it too.
pub(crate) fn continuation_end(s: &str, escape: u8) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = b.len();
    while i > 0 && matches!(b[i - 1], b' ' | b'\t') {
        i -= 1;
    }
    if i == 0 || b[i - 1] != escape {
        return None;
    }
    let e = i - 1;
    if e > 0 && b[e - 1] == escape {
        return None;
    }
    Some(e)
}

pub(crate) fn split_lines(text: &str) -> Vec<Line> {
    let b = text.as_bytes();
    let mut lines = Vec::with_capacity(text.len() / 32 + 1);
    let mut start = 0;
    while start < b.len() {
        let end = match memchr_newline(&b[start..]) {
            Some(n) => start + n + 1,
            None => b.len(),
        };
        let mut content_end = end;
        while content_end > start && matches!(b[content_end - 1], b'\n' | b'\r') {
            content_end -= 1;
        }
        lines.push(Line {
            start,
            content_end,
            end,
        });
        start = end;
    }
    if let Some(first) = lines.first_mut() {
        if text.starts_with('\u{feff}') {
            first.start = 3;
            first.content_end = first.content_end.max(3);
        }
    }
    lines
}

/// The first `\n` in `b`, eight bytes at a time (a byte loop cost about
/// eight instructions a byte; lines average 40 bytes).
#[cfg(not(target_arch = "wasm32"))]
fn memchr_newline(b: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const NEWLINES: u64 = u64::from_ne_bytes([b'\n'; 8]);
    let mut chunks = b.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes")) ^ NEWLINES;
        // The lowest byte that was a newline (now zero) sets the lowest
        // high bit: bytes above it may be set too, never below.
        let zeros = word.wrapping_sub(ONES) & !word & HIGHS;
        if zeros != 0 {
            return Some(at + (zeros.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&c| c == b'\n')
        .map(|k| at + k)
}

/// The first `\n` in `b`: the playground's wasm keeps the byte loop
/// (smaller).
#[cfg(target_arch = "wasm32")]
fn memchr_newline(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Self {
        let lines = split_lines(src);
        // At most one item per line; an instruction starts on a line that
        // starts with a letter (continuation lines may too: a bound).
        // Comments start on a line that starts with `#` (a bound too:
        // directives and heredoc lines are counted).
        let (mut starts, mut hashes) = (0, 0);
        for l in &lines {
            match src.as_bytes()[l.start..l.content_end]
                .iter()
                .find(|b| !b.is_ascii_whitespace())
            {
                Some(b) if b.is_ascii_alphabetic() => starts += 1,
                Some(b'#') => hashes += 1,
                _ => {}
            }
        }
        let (items, instructions) = (Vec::with_capacity(lines.len()), Vec::with_capacity(starts));
        Parser {
            src,
            lines,
            i: 0,
            escape: b'\\',
            directives_done: false,
            earlier: None,
            file: Dockerfile {
                source: src.to_string(),
                directives: Vec::new(),
                escape: '\\',
                items,
                instructions,
                comments: Vec::with_capacity(hashes),
                errors: Vec::new(),
            },
        }
    }

    fn error(&mut self, message: impl Into<String>, span: Span) {
        self.file.errors.push(SyntaxError {
            message: message.into(),
            span,
        });
    }

    /// Item span of physical lines `first..=last` (the first line's item
    /// starts at 0 so a BOM is covered).
    fn item_span(&self, first: usize, last: usize) -> Span {
        let start = if first == 0 {
            0
        } else {
            self.lines[first].start
        };
        Span::new(start, self.lines[last].end)
    }

    fn push_item(&mut self, kind: ItemKind, first: usize, last: usize) {
        let span = self.item_span(first, last);
        self.file.items.push(Item { kind, span });
    }

    /// 1-based line of a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        match self.lines.binary_search_by(|l| l.start.cmp(&offset)) {
            Ok(i) => i + 1,
            Err(0) => 1,
            Err(i) => i,
        }
    }

    fn run(&mut self) {
        while self.i < self.lines.len() {
            let idx = self.i;
            let line = self.lines[idx];
            let content = &self.src[line.start..line.content_end];
            let trimmed = content.trim_start();
            let tstart = line.content_end - trimmed.len();
            if !self.directives_done && self.directive(trimmed, tstart, idx) {
                self.i += 1;
                continue;
            }
            self.directives_done = true;
            if trimmed.starts_with('#') {
                self.comment(tstart, line.content_end, false);
                self.push_item(ItemKind::Comment, idx, idx);
                self.i += 1;
                continue;
            }
            let cont = continuation_end(trimmed, self.escape);
            if cont.is_none() && trimmed.is_empty() {
                self.push_item(ItemKind::Blank, idx, idx);
                self.i += 1;
                continue;
            }
            self.instruction(idx, tstart, cont);
        }
        if self.file.instructions.is_empty() {
            let end = self.src.len();
            self.error("file with no instructions", Span::new(end, end));
        }
    }

    fn comment(&mut self, hash: usize, end: usize, in_continuation: bool) {
        self.file.comments.push(Comment {
            text: self.src[hash + 1..end].to_string(),
            span: Span::new(hash, end),
            in_continuation,
        });
    }

    /// A parser directive on line `idx` (`trimmed` starts at `tstart`)?
    /// Records it and returns true; otherwise directives are over.
    fn directive(&mut self, trimmed: &str, tstart: usize, idx: usize) -> bool {
        let Some(after_hash) = trimmed.strip_prefix('#') else {
            return false;
        };
        let body = after_hash.trim_start();
        // ^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$
        let name_len = body
            .bytes()
            .enumerate()
            .take_while(|&(i, c)| {
                if i == 0 {
                    c.is_ascii_alphabetic()
                } else {
                    c.is_ascii_alphanumeric()
                }
            })
            .count();
        if name_len == 0 {
            return false;
        }
        let is_re_space = |c: char| matches!(c, '\t' | '\n' | '\u{c}' | '\r' | ' ');
        let rest = body[name_len..].trim_start_matches(is_re_space);
        let Some(value) = rest.strip_prefix('=') else {
            return false;
        };
        let value = value
            .trim_start_matches(is_re_space)
            .trim_end_matches(is_re_space);
        if value.is_empty() {
            return false;
        }
        let name = body[..name_len].to_ascii_lowercase();
        if !matches!(name.as_str(), "syntax" | "escape" | "check") {
            return false;
        }
        let end = self.lines[idx].content_end;
        let span = Span::new(tstart, end);
        self.comment(tstart, end, false);
        if self.file.directives.iter().any(|d| d.name == name) {
            self.error(
                format!("only one {name} parser directive can be used"),
                span,
            );
            self.push_item(ItemKind::Comment, idx, idx);
            return true;
        }
        if name == "escape" {
            match value {
                "\\" | "`" => {
                    self.escape = value.as_bytes()[0];
                    self.file.escape = value.chars().next().unwrap_or('\\');
                }
                _ => self.error(
                    format!("invalid escape token '{value}' does not match ` or \\"),
                    span,
                ),
            }
        }
        self.file.directives.push(Directive {
            name,
            value: value.to_string(),
            span,
        });
        self.push_item(ItemKind::Directive, idx, idx);
        true
    }

    /// An instruction starting on line `first`, its trimmed text at
    /// `tstart`; `cont` is the continuation cut of the first line.
    fn instruction(&mut self, first: usize, tstart: usize, cont: Option<usize>) {
        let src = self.src;
        let line = self.lines[first];
        let mut continues = cont.is_some();
        let mut cooked = CookedBuilder::with_capacity(self.cooked_bound(first, tstart, continues));
        cooked.push(src, tstart, cont.map_or(line.content_end, |e| tstart + e));
        let mut empty_lines = Vec::new();
        self.i = first + 1;
        while continues && self.i < self.lines.len() {
            let l = self.lines[self.i];
            self.i += 1;
            let raw = &src[l.start..l.content_end];
            let trimmed = raw.trim_start();
            if trimmed.starts_with('#') {
                self.comment(l.content_end - trimmed.len(), l.content_end, true);
                continue;
            }
            if trimmed.is_empty() {
                empty_lines.push(Span::new(l.start, l.content_end));
                continue;
            }
            match continuation_end(raw, self.escape) {
                Some(e) => cooked.push(src, l.start, l.start + e),
                None => {
                    cooked.push(src, l.start, l.content_end);
                    continues = false;
                }
            }
        }
        let cooked = cooked.finish(tstart);
        let (ls, le) = words::trim_space(&cooked.text, 0, cooked.text.len());
        if ls == le {
            // Only continuation characters: BuildKit would make an
            // instruction with no name.
            let last = self.i - 1;
            let span = Span::new(tstart, self.lines[last].content_end);
            self.error("line continuation with no instruction", span);
            self.push_item(ItemKind::Error, first, last);
            return;
        }
        let mut inst = self.build(&cooked, 0, cooked.text.len(), 0);
        inst.empty_continuation_lines = empty_lines;

        if can_contain_heredoc(&inst) && cooked.text.contains("<<") {
            self.heredocs(&mut inst, &cooked);
        }

        let last = self.i - 1;
        inst.end_line = last + 1;
        inst.span = Span::new(inst.keyword_word.span.start, self.lines[last].content_end);
        if let Body::Onbuild(inner) = &mut inst.body {
            inner.end_line = inst.end_line;
            inner.span.end = inst.span.end;
            inner.heredocs = inst.heredocs.clone();
        }
        let index = self.file.instructions.len();
        self.file.instructions.push(inst);
        self.push_item(ItemKind::Instruction(index), first, last);
    }

    /// At most how many bytes the cooked text of an instruction starting
    /// at `tstart` on line `first` holds: up to the end of the line its
    /// continuation stops at (what [`Parser::instruction`] reads), so the
    /// text is allocated once.
    fn cooked_bound(&self, first: usize, tstart: usize, continues: bool) -> usize {
        let mut last = first;
        if continues {
            for (i, l) in self.lines.iter().enumerate().skip(first + 1) {
                last = i;
                let raw = &self.src[l.start..l.content_end];
                let trimmed = raw.trim_start();
                if trimmed.starts_with('#') || trimmed.is_empty() {
                    continue;
                }
                if continuation_end(raw, self.escape).is_none() {
                    break;
                }
            }
        }
        self.lines[last].content_end.saturating_sub(tstart)
    }

    fn word(cooked: &Cooked, start: usize, end: usize) -> Word {
        Word {
            text: cooked.text[start..end].to_string(),
            span: cooked.span_of(start, end),
        }
    }

    /// Split `cooked.text[lo..hi]` into keyword, flags and arguments and
    /// read the arguments for that keyword. `depth` is 1 under `ONBUILD`.
    fn build(&mut self, cooked: &Cooked, lo: usize, hi: usize, depth: u8) -> Instruction {
        let text = cooked.text.as_str();
        let (ls, le) = words::trim_space(text, lo, hi);
        let (kw_end, rest) = match words::first_space_run(text, ls, le) {
            Some((a, b)) => (a, b),
            None => (le, le),
        };
        let keyword_word = Self::word(cooked, ls, kw_end);
        let keyword = Keyword::parse(&keyword_word.text).unwrap_or(Keyword::Unknown);
        let escape = self.escape as char;
        let (raw_flags, args_at) = words::extract_flags(text, rest, le, escape);
        let flags = raw_flags
            .into_iter()
            .map(|f| {
                let raw = &text[f.start..f.end];
                let body = raw.strip_prefix("--").unwrap_or(raw);
                let (name, value) = match body.find('=') {
                    Some(eq) => {
                        let vs = f.start + 2 + eq + 1;
                        (body[..eq].to_string(), Some(Self::word(cooked, vs, f.end)))
                    }
                    None => (body.to_string(), None),
                };
                Flag {
                    name,
                    value,
                    span: cooked.span_of(f.start, f.end),
                    text: f.text,
                }
            })
            .collect();
        let (as_, ae) = words::trim_space(text, args_at, le);
        let args = cooked.slice(as_, ae);
        let line = self.line_of(keyword_word.span.start);
        let mut inst = Instruction {
            keyword,
            span: Span::new(keyword_word.span.start, cooked.span.end),
            keyword_word,
            line,
            end_line: line,
            flags,
            args,
            heredocs: Vec::new(),
            empty_continuation_lines: Vec::new(),
            body: Body::Invalid,
        };
        inst.body = self.body(&inst, cooked, as_, ae, depth);
        inst
    }

    fn command_form(
        &mut self,
        cooked: &Cooked,
        start: usize,
        end: usize,
        what: &str,
    ) -> Option<CommandForm> {
        if start < end {
            match words::parse_json_array(&cooked.text, start, end) {
                Json::Strings(items) => {
                    let args = items
                        .into_iter()
                        .map(|(text, s, e)| Word {
                            text,
                            span: cooked.span_of(s, e),
                        })
                        .collect();
                    return Some(CommandForm::Exec {
                        args,
                        span: cooked.span_of(start, end),
                    });
                }
                Json::NotStrings => {
                    self.error(
                        format!("{what}: when using JSON array syntax, arrays must be comprised of strings only"),
                        cooked.span_of(start, end),
                    );
                    return None;
                }
                Json::Invalid => {}
            }
        }
        let text = cooked.slice(start, end);
        let script = match self.earlier {
            Some(earlier) => earlier.parse_shell(&text),
            None => shell::parse(&text),
        };
        Some(CommandForm::Shell { text, script })
    }

    fn body(&mut self, inst: &Instruction, cooked: &Cooked, s: usize, e: usize, depth: u8) -> Body {
        let text = cooked.text.as_str();
        let name = inst.keyword.as_str();
        let whole = cooked.span_of(s, e);
        let kw_span = inst.keyword_word.span;
        let escape = self.escape as char;
        let empty = s == e;
        let missing = |p: &mut Self, msg: &str| {
            p.error(format!("{name} {msg}"), kw_span);
        };
        match inst.keyword {
            Keyword::From => {
                let ws = words::split_whitespace(text, s, e);
                if ws.is_empty() {
                    missing(self, "requires either one or three arguments");
                    return Body::Invalid;
                }
                let as_ok = ws.len() == 3 && text[ws[1].0..ws[1].1].eq_ignore_ascii_case("as");
                if ws.len() != 1 && !as_ok {
                    self.error("FROM requires either one or three arguments", whole);
                }
                let has_as = ws.len() >= 2 && text[ws[1].0..ws[1].1].eq_ignore_ascii_case("as");
                Body::From(FromBody {
                    image: Self::word(cooked, ws[0].0, ws[0].1),
                    as_keyword: has_as.then(|| Self::word(cooked, ws[1].0, ws[1].1)),
                    alias: if has_as {
                        ws.get(2).map(|w| Self::word(cooked, w.0, w.1))
                    } else {
                        None
                    },
                })
            }
            Keyword::Run | Keyword::Cmd | Keyword::Entrypoint => {
                let Some(form) = self.command_form(cooked, s, e, name) else {
                    return Body::Invalid;
                };
                match inst.keyword {
                    Keyword::Run => Body::Run(form),
                    Keyword::Cmd => Body::Cmd(form),
                    _ => Body::Entrypoint(form),
                }
            }
            Keyword::Shell => {
                if empty {
                    missing(self, "requires at least one argument");
                    return Body::Invalid;
                }
                match self.command_form(cooked, s, e, name) {
                    Some(CommandForm::Exec { args, .. }) => Body::Shell(args),
                    Some(CommandForm::Shell { .. }) => {
                        self.error("SHELL requires the arguments to be in JSON form", whole);
                        Body::Invalid
                    }
                    None => Body::Invalid,
                }
            }
            Keyword::Copy | Keyword::Add => {
                let (mut list, json) = match words::parse_json_array(text, s, e) {
                    Json::Strings(items) => (
                        items
                            .into_iter()
                            .map(|(t, a, b)| Word {
                                text: t,
                                span: cooked.span_of(a, b),
                            })
                            .collect::<Vec<_>>(),
                        true,
                    ),
                    Json::NotStrings => {
                        self.error(
                            format!("{name}: when using JSON array syntax, arrays must be comprised of strings only"),
                            whole,
                        );
                        return Body::Invalid;
                    }
                    Json::Invalid => (
                        words::split_whitespace(text, s, e)
                            .into_iter()
                            .map(|(a, b)| Self::word(cooked, a, b))
                            .collect(),
                        false,
                    ),
                };
                let dest = if list.len() >= 2 { list.pop() } else { None };
                if dest.is_none() {
                    missing(
                        self,
                        "requires at least two arguments, but only one was provided. Destination could not be determined",
                    );
                }
                let body = CopyBody {
                    sources: list,
                    dest,
                    json,
                };
                if inst.keyword == Keyword::Copy {
                    Body::Copy(body)
                } else {
                    Body::Add(body)
                }
            }
            Keyword::Env | Keyword::Label => {
                let ws = words::parse_words(text, s, e, escape);
                if ws.is_empty() {
                    missing(self, "requires at least one argument");
                    return if inst.keyword == Keyword::Env {
                        Body::Env(Vec::new())
                    } else {
                        Body::Label(Vec::new())
                    };
                }
                let mut pairs = Vec::new();
                if !ws[0].text.contains('=') {
                    // legacy `KEY value`
                    let Some((a, b)) = words::first_space_run(text, s, e) else {
                        self.error(format!("{name} must have two arguments"), whole);
                        return Body::Invalid;
                    };
                    pairs.push(KeyValue {
                        key: Self::word(cooked, s, a),
                        value: Some(Self::word(cooked, b, e)),
                        legacy: true,
                        span: whole,
                    });
                } else {
                    for w in &ws {
                        let Some(eq) = w.text.find('=') else {
                            self.error(
                                format!(
                                    "Syntax error - can't find = in {}. Must be of the form: name=value",
                                    words::go_quote(&w.text)
                                ),
                                cooked.span_of(w.start, w.end),
                            );
                            return Body::Invalid;
                        };
                        pairs.push(KeyValue {
                            key: Word {
                                text: w.text[..eq].to_string(),
                                span: cooked.span_of(w.start, w.start + eq),
                            },
                            value: Some(Word {
                                text: w.text[eq + 1..].to_string(),
                                span: cooked.span_of(w.start + eq + 1, w.end.max(w.start + eq + 1)),
                            }),
                            legacy: false,
                            span: cooked.span_of(w.start, w.end),
                        });
                    }
                }
                if inst.keyword == Keyword::Env {
                    Body::Env(pairs)
                } else {
                    Body::Label(pairs)
                }
            }
            Keyword::Arg => {
                let ws = words::parse_words(text, s, e, escape);
                if ws.is_empty() {
                    missing(self, "requires at least one argument");
                }
                Body::Arg(
                    ws.iter()
                        .map(|w| {
                            let (key, value) = match w.text.find('=') {
                                Some(eq) => (
                                    Word {
                                        text: w.text[..eq].to_string(),
                                        span: cooked.span_of(w.start, w.start + eq),
                                    },
                                    Some(Word {
                                        text: w.text[eq + 1..].to_string(),
                                        span: cooked
                                            .span_of(w.start + eq + 1, w.end.max(w.start + eq + 1)),
                                    }),
                                ),
                                None => (
                                    Word {
                                        text: w.text.clone(),
                                        span: cooked.span_of(w.start, w.end),
                                    },
                                    None,
                                ),
                            };
                            KeyValue {
                                key,
                                value,
                                legacy: false,
                                span: cooked.span_of(w.start, w.end),
                            }
                        })
                        .collect(),
                )
            }
            Keyword::Expose => {
                if empty {
                    missing(self, "requires at least one argument");
                }
                Body::Expose(
                    words::split_whitespace(text, s, e)
                        .into_iter()
                        .map(|(a, b)| Self::word(cooked, a, b))
                        .collect(),
                )
            }
            Keyword::Volume => {
                if empty {
                    missing(self, "requires at least one argument");
                }
                match words::parse_json_array(text, s, e) {
                    Json::Strings(items) => Body::Volume {
                        paths: items
                            .into_iter()
                            .map(|(t, a, b)| Word {
                                text: t,
                                span: cooked.span_of(a, b),
                            })
                            .collect(),
                        json: true,
                    },
                    Json::NotStrings => {
                        self.error(
                            "VOLUME: when using JSON array syntax, arrays must be comprised of strings only",
                            whole,
                        );
                        Body::Invalid
                    }
                    Json::Invalid => Body::Volume {
                        paths: words::split_whitespace(text, s, e)
                            .into_iter()
                            .map(|(a, b)| Self::word(cooked, a, b))
                            .collect(),
                        json: false,
                    },
                }
            }
            Keyword::Workdir | Keyword::User | Keyword::Stopsignal | Keyword::Maintainer => {
                if empty {
                    missing(self, "requires exactly one argument");
                    return Body::Invalid;
                }
                let w = Self::word(cooked, s, e);
                match inst.keyword {
                    Keyword::Workdir => Body::Workdir(w),
                    Keyword::User => Body::User(w),
                    Keyword::Stopsignal => Body::Stopsignal(w),
                    _ => Body::Maintainer(w),
                }
            }
            Keyword::Healthcheck => {
                if empty {
                    missing(self, "requires at least one argument");
                    return Body::Invalid;
                }
                let b = text.as_bytes();
                let mut sep = s;
                while sep < e && !b[sep].is_ascii_whitespace() && b[sep] != 0x0b {
                    sep += 1;
                }
                let mut next = sep;
                while next < e && (b[next].is_ascii_whitespace() || b[next] == 0x0b) {
                    next += 1;
                }
                let typ = &text[s..sep];
                if typ.eq_ignore_ascii_case("NONE") {
                    if next < e {
                        self.error("HEALTHCHECK NONE takes no arguments", whole);
                    }
                    Body::Healthcheck(HealthcheckBody::None)
                } else if typ.eq_ignore_ascii_case("CMD") {
                    if next >= e {
                        self.error("Missing command after HEALTHCHECK CMD", whole);
                        return Body::Invalid;
                    }
                    match self.command_form(cooked, next, e, name) {
                        Some(form) => Body::Healthcheck(HealthcheckBody::Cmd(form)),
                        None => Body::Invalid,
                    }
                } else {
                    self.error(
                        format!(
                            "Unknown type {} in HEALTHCHECK (try CMD)",
                            words::go_quote(typ)
                        ),
                        cooked.span_of(s, sep),
                    );
                    Body::Invalid
                }
            }
            Keyword::Onbuild => {
                if empty {
                    missing(self, "requires at least one argument");
                    return Body::Invalid;
                }
                if depth > 0 {
                    // `ONBUILD ONBUILD …`: the inner one is kept, its own
                    // trigger is not read (so nesting never recurses).
                    self.error(
                        "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
                        kw_span,
                    );
                    return Body::Invalid;
                }
                let sub_end = words::first_space_run(text, s, e).map_or(e, |r| r.0);
                let sub = &text[s..sub_end];
                if sub.eq_ignore_ascii_case("FROM") || sub.eq_ignore_ascii_case("MAINTAINER") {
                    self.error(
                        format!(
                            "{} isn't allowed as an ONBUILD trigger",
                            sub.to_ascii_uppercase()
                        ),
                        cooked.span_of(s, sub_end),
                    );
                }
                Body::Onbuild(Box::new(self.build(cooked, s, e, depth + 1)))
            }
            Keyword::Unknown => {
                let word = &inst.keyword_word.text;
                self.error(format!("unknown instruction: {word}"), kw_span);
                Body::Invalid
            }
        }
    }

    /// Read the heredocs opened on `inst`'s line from the following lines.
    fn heredocs(&mut self, inst: &mut Instruction, cooked: &Cooked) {
        let src = self.src;
        for m in heredoc::markers(&cooked.text) {
            let marker_span = cooked.span_of(m.start, m.end);
            let body_start = self.lines.get(self.i).map_or(src.len(), |l| l.start);
            let mut body_end = src.len();
            let mut terminator_span = Span::new(src.len(), src.len());
            let mut terminated = false;
            while self.i < self.lines.len() {
                let l = self.lines[self.i];
                self.i += 1;
                let mut candidate = &src[l.start..l.content_end];
                if m.chomp {
                    candidate = candidate.trim_start_matches('\t');
                }
                if candidate == m.name {
                    terminated = true;
                    body_end = l.start;
                    terminator_span = Span::new(l.start, l.content_end);
                    break;
                }
            }
            if !terminated {
                self.error(
                    format!("unterminated heredoc {}", words::go_quote(&m.name)),
                    marker_span,
                );
            }
            let raw = &src[body_start..body_end];
            let mut body_cooked = CookedBuilder::default();
            if m.chomp {
                let mut at = body_start;
                for l in raw.split_inclusive('\n') {
                    let tabs = l.len() - l.trim_start_matches('\t').len();
                    body_cooked.push(src, at + tabs, at + l.len());
                    at += l.len();
                }
            } else {
                body_cooked.push(src, body_start, body_end);
            }
            let mut body = body_cooked.finish(body_start);
            body.span = Span::new(body_start, body_end);
            inst.heredocs.push(Heredoc {
                name: m.name,
                strip_tabs: m.chomp,
                quoted: m.quoted,
                marker_span,
                body: body.text.clone(),
                body_span: Span::new(body_start, body_end),
                terminator_span,
                script: None,
                cooked: body,
            });
        }
        attach_scripts(inst);
    }
}

/// BuildKit's `canContainHeredoc`: RUN, COPY and ADD (also as ONBUILD
/// triggers), not in JSON form.
fn can_contain_heredoc(inst: &Instruction) -> bool {
    let target = match &inst.body {
        Body::Onbuild(inner) => inner.as_ref(),
        _ => inst,
    };
    match &target.body {
        Body::Run(CommandForm::Exec { .. }) => false,
        Body::Run(_) => true,
        Body::Copy(c) | Body::Add(c) => !c.json,
        Body::Invalid => matches!(target.keyword, Keyword::Run | Keyword::Copy | Keyword::Add),
        _ => false,
    }
}

/// Shells whose stdin script we parse (`RUN bash <<EOF`).
const SHELLS: [&str; 6] = ["sh", "bash", "ash", "dash", "zsh", "ksh"];

/// A RUN heredoc is shell when it is the whole command (`RUN <<EOF`, run by
/// the default shell) or is fed to a shell (`RUN bash <<EOF`).
fn attach_scripts(inst: &mut Instruction) {
    let body = match &inst.body {
        Body::Onbuild(inner) => &inner.body,
        b => b,
    };
    let Body::Run(CommandForm::Shell { script, .. }) = body else {
        return;
    };
    let mut script_markers = Vec::new();
    for cmd in &script.commands {
        let runs_shell = match cmd.name() {
            None => true,
            Some(n) => SHELLS.contains(&n.rsplit('/').next().unwrap_or(n)),
        };
        if runs_shell {
            script_markers.extend(cmd.redirects.iter().map(|r| r.span));
        }
    }
    // Redirections do not overlap: the one that can hold a marker is the
    // last one starting at or before it.
    script_markers.sort_by_key(|s| s.start);
    for h in &mut inst.heredocs {
        let at = script_markers.partition_point(|s| s.start <= h.marker_span.start);
        let holder = at.checked_sub(1).map(|i| script_markers[i]);
        if holder.is_some_and(|s| s.cover(h.marker_span) == s) {
            h.script = Some(shell::parse(&h.cooked));
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn memchr_newline_finds_the_first_newline() {
        let mut text = Vec::new();
        for n in 0..40 {
            for k in 0..=n {
                text.clear();
                text.extend(std::iter::repeat_n(b'a', n));
                if k < n {
                    text[k] = b'\n';
                    // A byte next to it that a borrow could turn into a
                    // false match, and a later newline.
                    if k + 1 < n {
                        text[k + 1] = 0x0b;
                    }
                    if k + 3 < n {
                        text[k + 3] = b'\n';
                    }
                }
                let want = text.iter().position(|&c| c == b'\n');
                assert_eq!(super::memchr_newline(&text), want, "{n} {k}");
            }
        }
        assert_eq!(
            super::memchr_newline("\u{e9}\u{20ac}x\n".as_bytes()),
            Some(6)
        );
        assert_eq!(super::memchr_newline(&[0x8a; 20]), None);
        assert_eq!(super::memchr_newline(&[0x0a ^ 0x80; 20]), None);
    }
}
