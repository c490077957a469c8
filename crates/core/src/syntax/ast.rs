//! The Dockerfile syntax tree.
//!
//! The tree is *lossless by span*: the source text is kept in
//! [`Dockerfile::source`], and every node records the byte [`Span`] it was
//! read from. The top-level [`Dockerfile::items`] tile the whole file in
//! order (directives, comments, blank lines, instructions, error lines), so
//! concatenating `source[item.span]` for every item gives back the input
//! byte for byte. Values that BuildKit "cooks" (continuations joined,
//! comment lines inside continuations dropped) are stored as text beside
//! the span they came from; spans always point into the original source so
//! fixes can edit it.

use serde::Serialize;

pub use crate::position::Span;

/// A parsed Dockerfile. Always produced, whatever the input: errors are
/// recorded in [`Dockerfile::errors`] and as [`ItemKind::Error`] items.
#[derive(Clone, Debug, Serialize)]
pub struct Dockerfile {
    /// The input, unchanged.
    pub source: String,
    /// Parser directives (`# syntax=`, `# escape=`, `# check=`) at the top.
    pub directives: Vec<Directive>,
    /// The escape character in force (`\\` unless `# escape=` says otherwise).
    pub escape: char,
    /// Everything in the file, in order, tiling `0..source.len()`.
    pub items: Vec<Item>,
    /// The instructions, in order (the same ones the items point at).
    pub instructions: Vec<Instruction>,
    /// Every comment line, including those inside continuations and
    /// those that are parser directives.
    pub comments: Vec<Comment>,
    /// Syntax errors, in source order. Parsing never stops at one.
    pub errors: Vec<SyntaxError>,
}

impl Dockerfile {
    /// The instruction whose item contains byte `offset` (its lines,
    /// continuation and heredoc lines included).
    pub fn instruction_at(&self, offset: usize) -> Option<&Instruction> {
        let i = self.items.partition_point(|it| it.span.end <= offset);
        match self.items.get(i) {
            Some(Item {
                kind: ItemKind::Instruction(n),
                span,
            }) if span.start <= offset => self.instructions.get(*n),
            _ => None,
        }
    }

    /// The item containing byte `offset`.
    pub fn item_at(&self, offset: usize) -> Option<&Item> {
        let i = self.items.partition_point(|it| it.span.end <= offset);
        self.items.get(i).filter(|it| it.span.start <= offset)
    }

    /// Instructions in source order, `ONBUILD` triggers included right
    /// after the `ONBUILD` that wraps them.
    pub fn all_instructions(&self) -> impl Iterator<Item = &Instruction> {
        self.instructions.iter().flat_map(|i| {
            let inner = match &i.body {
                Body::Onbuild(inner) => Some(inner.as_ref()),
                _ => None,
            };
            std::iter::once(i).chain(inner)
        })
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Item {
    pub kind: ItemKind,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Directive,
    Comment,
    /// Empty or whitespace-only line(s).
    Blank,
    /// Index into [`Dockerfile::instructions`].
    Instruction(usize),
    /// Text that could not be parsed as an instruction.
    Error,
}

#[derive(Clone, Debug, Serialize)]
pub struct Directive {
    /// Lower-cased name: `syntax`, `escape`, `check`.
    pub name: String,
    pub value: String,
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct Comment {
    /// The text after `#`, untrimmed.
    pub text: String,
    /// The whole comment line, from `#` to the end of the line (not the newline).
    pub span: Span,
    /// True when the comment sits inside an instruction's line continuation.
    pub in_continuation: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
}

/// A token as written, with continuations removed (`text`) and the source
/// bytes it came from (`span`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Word {
    pub text: String,
    pub span: Span,
}

impl Word {
    /// The word with shell-style quotes removed and escapes resolved, the way
    /// BuildKit reads `ENV`/`LABEL`/`ARG` values (`"a b"` → `a b`,
    /// `a\ b` → `a b`, `'x'` → `x`). Variables are left as written.
    pub fn unquoted(&self, escape: char) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut chars = self.text.chars();
        let mut quote: Option<char> = None;
        while let Some(c) = chars.next() {
            match quote {
                Some('\'') if c == '\'' => quote = None,
                Some('\'') => out.push(c),
                Some(q) if c == q => quote = None,
                Some(_) if c == escape => match chars.next() {
                    Some(n @ ('"' | '$')) => out.push(n),
                    Some(n) if n == escape => out.push(n),
                    Some(n) => {
                        out.push(c);
                        out.push(n);
                    }
                    None => {}
                },
                Some(_) => out.push(c),
                None if c == '"' || c == '\'' => quote = Some(c),
                None if c == escape => {
                    if let Some(n) = chars.next() {
                        out.push(n);
                    }
                }
                None => out.push(c),
            }
        }
        out
    }
}

/// Text with line continuations joined (and comment / empty lines inside
/// continuations dropped, as BuildKit does), plus the map back to source
/// offsets.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Cooked {
    pub text: String,
    /// Sorted `(cooked_offset, source_offset)` pairs: each marks where a
    /// contiguous run of source bytes starts in `text`.
    pub map: Vec<(usize, usize)>,
    /// The source span the cooked text was read from.
    pub span: Span,
}

impl Cooked {
    /// Source offset of a byte offset into `text` (an offset equal to
    /// `text.len()` maps to the end of the last run).
    #[inline]
    pub fn to_source(&self, cooked: usize) -> usize {
        // The run holding `cooked`: the last one starting at or before it
        // (runs start at strictly increasing offsets).
        match self.map.partition_point(|&(c, _)| c <= cooked) {
            0 => self.span.start + cooked,
            i => {
                let (c, s) = self.map[i - 1];
                s + (cooked - c)
            }
        }
    }
    /// The part `start..end` of `text`, with its own map and span.
    pub fn slice(&self, start: usize, end: usize) -> Cooked {
        let end = end.clamp(start, self.text.len());
        let first = self.map.partition_point(|&(c, _)| c <= start);
        // The runs that start inside the slice, counted first so the map
        // is allocated once at its length.
        let runs = self.map[first..].partition_point(|&(c, _)| c < end);
        let mut map = Vec::with_capacity(1 + runs);
        map.push((0, self.to_source(start)));
        map.extend(
            self.map[first..first + runs]
                .iter()
                .map(|&(c, s)| (c - start, s)),
        );
        Cooked {
            text: self.text[start..end].to_string(),
            map,
            span: self.span_of(start, end),
        }
    }

    /// Source span of a range of `text`.
    #[inline]
    pub fn span_of(&self, start: usize, end: usize) -> Span {
        if start == end {
            let s = self.to_source(start);
            return Span::new(s, s);
        }
        // The end is mapped from the last byte inside the range so a range
        // ending at a continuation does not swallow it.
        Span::new(self.to_source(start), self.to_source(end - 1) + 1)
    }
}

/// Instruction keywords. `Unknown` keeps instructions BuildKit would reject.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    Unknown,
}

impl Keyword {
    pub const ALL: [Keyword; 18] = [
        Keyword::Add,
        Keyword::Arg,
        Keyword::Cmd,
        Keyword::Copy,
        Keyword::Entrypoint,
        Keyword::Env,
        Keyword::Expose,
        Keyword::From,
        Keyword::Healthcheck,
        Keyword::Label,
        Keyword::Maintainer,
        Keyword::Onbuild,
        Keyword::Run,
        Keyword::Shell,
        Keyword::Stopsignal,
        Keyword::User,
        Keyword::Volume,
        Keyword::Workdir,
    ];

    /// Case-insensitive lookup; `None` for anything else.
    pub fn parse(word: &str) -> Option<Keyword> {
        Keyword::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(word))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::Add => "ADD",
            Keyword::Arg => "ARG",
            Keyword::Cmd => "CMD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Env => "ENV",
            Keyword::Expose => "EXPOSE",
            Keyword::From => "FROM",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Run => "RUN",
            Keyword::Shell => "SHELL",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::User => "USER",
            Keyword::Volume => "VOLUME",
            Keyword::Workdir => "WORKDIR",
            Keyword::Unknown => "UNKNOWN",
        }
    }
}

/// One instruction, including its continuation lines and heredoc bodies.
#[derive(Clone, Debug, Serialize)]
pub struct Instruction {
    pub keyword: Keyword,
    /// The keyword as written (any case) and where.
    pub keyword_word: Word,
    /// From the keyword to the end of its last line (heredoc bodies and
    /// their terminators included), without the final newline.
    pub span: Span,
    /// 1-based line of the keyword and of the instruction's last line.
    pub line: usize,
    pub end_line: usize,
    /// `--name=value` / `--name` flags before the arguments, in order.
    pub flags: Vec<Flag>,
    /// Everything after the flags, cooked.
    pub args: Cooked,
    /// Heredocs opened on this instruction, in order.
    pub heredocs: Vec<Heredoc>,
    /// Spans of empty (whitespace-only) lines inside the continuation,
    /// for BuildKit's NoEmptyContinuation.
    pub empty_continuation_lines: Vec<Span>,
    /// Keyword-specific structure.
    pub body: Body,
}

impl Instruction {
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Flag {
    /// Name without the leading `--`, as written.
    pub name: String,
    /// The value after `=`, if any, as written (quotes kept).
    pub value: Option<Word>,
    /// The whole flag, `--` to the end of its value.
    pub span: Span,
    /// The flag as BuildKit reads it: `--name=value` with quotes removed and
    /// escapes resolved (what BuildKit's parser dump prints).
    pub text: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Heredoc {
    /// The delimiter word without quotes (`EOF`).
    pub name: String,
    /// `<<-`: leading tabs are stripped from the body.
    pub strip_tabs: bool,
    /// The delimiter was quoted: no expansion in the body.
    pub quoted: bool,
    /// The `<<EOF` token on the instruction line.
    pub marker_span: Span,
    /// The body text as BuildKit passes it (tabs stripped for `<<-`).
    pub body: String,
    /// The body's source span (after the instruction line's newline, up to
    /// the terminator line).
    pub body_span: Span,
    /// The terminator line's span.
    pub terminator_span: Span,
    /// The body parsed as shell, when the heredoc is a RUN's script.
    pub script: Option<crate::syntax::shell::Script>,
    /// [`Heredoc::body`] with its map back to source offsets (tabs removed
    /// by `<<-` are skipped by the map).
    pub cooked: Cooked,
}

/// Exec form (`["a", "b"]`) or shell form.
#[derive(Clone, Debug, Serialize)]
pub enum CommandForm {
    /// Decoded JSON strings with the span of each string literal.
    Exec { args: Vec<Word>, span: Span },
    /// Shell form: the cooked text and its parse.
    Shell {
        text: Cooked,
        script: crate::syntax::shell::Script,
    },
}

#[derive(Clone, Debug, Serialize)]
pub struct KeyValue {
    pub key: Word,
    /// `None` for `ARG NAME` without a default.
    pub value: Option<Word>,
    /// The legacy space-separated form (`ENV key value`).
    pub legacy: bool,
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct FromBody {
    /// The image reference as written (may contain `$VARS`).
    pub image: Word,
    /// `AS` as written, and the stage name.
    pub as_keyword: Option<Word>,
    pub alias: Option<Word>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CopyBody {
    /// Sources as written (JSON strings decoded for the exec form). A
    /// heredoc source appears as its `<<EOF` marker word.
    pub sources: Vec<Word>,
    pub dest: Option<Word>,
    pub json: bool,
}

#[derive(Clone, Debug, Serialize)]
pub enum HealthcheckBody {
    None,
    Cmd(CommandForm),
}

#[derive(Clone, Debug, Serialize)]
pub enum Body {
    From(FromBody),
    Run(CommandForm),
    Cmd(CommandForm),
    Entrypoint(CommandForm),
    Copy(CopyBody),
    Add(CopyBody),
    Env(Vec<KeyValue>),
    Arg(Vec<KeyValue>),
    Label(Vec<KeyValue>),
    Expose(Vec<Word>),
    Volume {
        paths: Vec<Word>,
        json: bool,
    },
    Workdir(Word),
    User(Word),
    Stopsignal(Word),
    Shell(Vec<Word>),
    Maintainer(Word),
    Healthcheck(HealthcheckBody),
    Onbuild(Box<Instruction>),
    /// Unknown keyword, or arguments that could not be read; an error was
    /// recorded.
    Invalid,
}
