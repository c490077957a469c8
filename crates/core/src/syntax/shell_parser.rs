//! The shell parser behind [`super::shell::parse`].
//!
//! Two passes, neither recursive:
//! 1. [`Structure::scan`] walks the text once with an explicit stack of
//!    contexts (`$(…)`, `` `…` ``, `${…}`, `"…"`) and records where each
//!    opener closes and which lines are heredoc bodies.
//! 2. Every command list (the top level, and the inside of each `$(…)` or
//!    backticks) is a job on a work list. A job is tokenized, and its tokens
//!    drive a small state machine with an explicit stack of open compound
//!    commands (`if`, loops, `case`, `{ }`, `( )`). Substitutions met in a
//!    word become new jobs one level deeper.
//!
//! Depth therefore costs heap, never stack. Substitutions nested more than
//! [`MAX_NESTING`] deep are not read (a [`ShellError`] says so), which keeps
//! the work linear in the length of the text.

use super::ast::{Cooked, Span};
use super::shell::{ForLoop, Op, Script, ShellError, ShellWord, SimpleCommand};

/// Parse `text` (a RUN's cooked shell form, or a heredoc body) as shell.
pub(crate) fn parse(text: &Cooked) -> Script {
    let s = text.text.as_str();
    let mut script = Script::default();
    if s.trim().is_empty() {
        return script;
    }
    let st = Structure::scan(s);
    // About one simple command per 64 bytes of shell.
    script.commands.reserve(s.len() / 64 + 1);
    let mut p = State {
        cooked: text,
        s,
        st: &st,
        script: &mut script,
        jobs: vec![Job {
            start: 0,
            end: s.len(),
            depth: 0,
            nesting: 0,
            in_substitution: false,
            in_subshell: false,
            in_compound: false,
        }],
        next_pipeline: 0,
        too_deep: false,
        scratch: String::new(),
        run: std::cell::Cell::new(0),
    };
    for &(at, ref msg) in &st.errors {
        p.error(msg.clone(), at, (at + 1).min(s.len()));
    }
    p.script.comments = st
        .comments
        .iter()
        .map(|&(a, b)| text.span_of(a, b))
        .collect();
    while let Some(job) = p.jobs.pop() {
        p.run_job(job);
    }
    script.commands.sort_by_key(|c| (c.span.start, c.depth));
    script.loops.sort_by_key(|l| l.var.span.start);
    script.bangs.sort_by_key(|s| s.start);
    script.errors.sort_by_key(|e| e.span.start);
    script
}

// ---------------------------------------------------------------------------
// Pass 1: structure

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ctx {
    Top,
    Paren,
    DQuote,
    Backtick,
    Brace,
}

/// At most this many unclosed quotes and substitutions are reported.
const MAX_UNCLOSED_REPORTED: usize = 8;

/// Offsets to offsets, looked up by binary search: built once per script
/// (pushed in any order, then sorted) and read for every quote,
/// substitution and newline the tokenizer meets. Cheaper than hashing
/// every key, and the keys are few.
#[derive(Default)]
struct OffsetMap(Vec<(usize, usize)>);

impl OffsetMap {
    fn insert(&mut self, key: usize, value: usize) {
        self.0.push((key, value));
    }
    /// Sorts by key; called once, after the last insert.
    fn seal(&mut self) {
        self.0.sort_unstable_by_key(|e| e.0);
    }
    fn get(&self, key: &usize) -> Option<&usize> {
        if self.0.is_empty() {
            return None;
        }
        self.0
            .binary_search_by_key(key, |e| e.0)
            .ok()
            .map(|i| &self.0[i].1)
    }
}

#[derive(Default)]
struct Structure {
    /// Opener offset (`$` of `$(`/`${`, the backtick, the `"`) → offset of
    /// its closing character.
    close: OffsetMap,
    /// Newline offset → where the text resumes after the heredoc bodies
    /// that start on the next line.
    heredoc_skip: OffsetMap,
    /// Comments (`#` to the end of the line), by start and end.
    comments: Vec<(usize, usize)>,
    errors: Vec<(usize, String)>,
}

/// The bytes [`Structure::scan`] reads (every other byte is stepped over
/// in any context): escapes, quotes, substitutions and their closers,
/// comments, heredocs and newlines. A table natively; the playground's
/// wasm compares instead (its download does not grow by the table).
#[cfg(not(target_arch = "wasm32"))]
#[inline]
fn is_scanned(b: u8) -> bool {
    SCANNED[usize::from(b)]
}

/// [`is_scanned`] in the playground's wasm.
#[cfg(target_arch = "wasm32")]
fn is_scanned(b: u8) -> bool {
    matches!(
        b,
        b'\\' | b'"' | b'`' | b'}' | b')' | b'$' | b'\'' | b'(' | b'#' | b'<' | b'\n'
    )
}

/// [`is_scanned`] as a table.
#[cfg(not(target_arch = "wasm32"))]
const SCANNED: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    let bytes = b"\\\"`})$'(#<\n";
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
};

fn is_word_break(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t' | b'\n' | b'\r' | b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>'
    )
}

impl Structure {
    fn scan(s: &str) -> Structure {
        let b = s.as_bytes();
        let mut st = Structure::default();
        let mut stack: Vec<(Ctx, usize)> = vec![(Ctx::Top, 0)];
        let mut pending: Vec<(String, bool)> = Vec::new();
        let mut i = 0;
        while i < b.len() {
            // Most bytes are none of the ones read below: each of those
            // only steps over itself, whatever the context.
            if !is_scanned(b[i]) {
                i += 1;
                continue;
            }
            let ctx = stack.last().map_or(Ctx::Top, |c| c.0);
            let c = b[i];
            let code = matches!(ctx, Ctx::Top | Ctx::Paren);
            if c == b'\\' {
                i += 2;
                continue;
            }
            match (ctx, c) {
                (Ctx::DQuote, b'"')
                | (Ctx::Backtick, b'`')
                | (Ctx::Brace, b'}')
                | (Ctx::Paren, b')') => {
                    let (_, open) = stack.pop().expect("non-top context");
                    st.close.insert(open, i);
                    i += 1;
                    continue;
                }
                _ => {}
            }
            // Inside backquotes, quotes, `${…}` and `$(…)` nest as they do
            // outside (the body is parsed as a script later and needs their
            // ends); a backquote there can only close (nested ones are
            // escaped, `\``, and skipped above).
            if c == b'$' && b.get(i + 1) == Some(&b'(') {
                stack.push((Ctx::Paren, i));
                i += 2;
                continue;
            }
            if c == b'$' && b.get(i + 1) == Some(&b'{') {
                stack.push((Ctx::Brace, i));
                i += 2;
                continue;
            }
            if c == b'`' {
                stack.push((Ctx::Backtick, i));
                i += 1;
                continue;
            }
            if ctx == Ctx::DQuote {
                i += 1;
                continue;
            }
            match c {
                b'"' => {
                    stack.push((Ctx::DQuote, i));
                    i += 1;
                }
                b'\'' => match s[i + 1..].find('\'') {
                    Some(n) => {
                        st.close.insert(i, i + 1 + n);
                        i += n + 2;
                    }
                    None => {
                        st.errors.push((i, "unterminated single quote".into()));
                        i = b.len();
                    }
                },
                b'(' if ctx == Ctx::Paren => {
                    stack.push((Ctx::Paren, i));
                    i += 1;
                }
                b'#' if code && (i == 0 || is_word_break(b[i - 1])) => {
                    let start = i;
                    i = s[i..].find('\n').map_or(b.len(), |n| i + n);
                    st.comments.push((start, i));
                }
                b'<' if code && b.get(i + 1) == Some(&b'<') && b.get(i + 2) != Some(&b'<') => {
                    let (delim, strip, next) = heredoc_delimiter(s, i + 2);
                    if !delim.is_empty() {
                        pending.push((delim, strip));
                    }
                    i = next;
                }
                b'\n' if code && !pending.is_empty() => {
                    let resume = skip_heredoc_bodies(s, i + 1, &pending);
                    pending.clear();
                    st.heredoc_skip.insert(i, resume);
                    i = resume;
                }
                _ => i += 1,
            }
        }
        // Every opener still open is inside the ones before it: the
        // innermost few say enough (a file of 100,000 `$(` gets no
        // 100,000 errors).
        let first_reported = stack.len().saturating_sub(MAX_UNCLOSED_REPORTED).max(1);
        for &(ctx, open) in &stack[first_reported..] {
            let what = match ctx {
                Ctx::Paren => "`$(` without its `)`",
                Ctx::DQuote => "unterminated double quote",
                Ctx::Backtick => "unterminated backquote",
                Ctx::Brace => "`${` without its `}`",
                Ctx::Top => continue,
            };
            st.errors.push((open, what.into()));
        }
        st.close.seal();
        st.heredoc_skip.seal();
        st
    }
}

/// The delimiter word after `<<` (at `i`): `(word without quotes, <<-, end)`.
fn heredoc_delimiter(s: &str, mut i: usize) -> (String, bool, usize) {
    let b = s.as_bytes();
    let strip = b.get(i) == Some(&b'-');
    if strip {
        i += 1;
    }
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    let mut word = String::new();
    while i < b.len() && !is_word_break(b[i]) {
        match b[i] {
            q @ (b'\'' | b'"') => match s[i + 1..].find(q as char) {
                Some(n) => {
                    word.push_str(&s[i + 1..i + 1 + n]);
                    i += n + 2;
                }
                None => return (String::new(), strip, b.len()),
            },
            b'\\' if i + 1 < b.len() => {
                let c = s[i + 1..].chars().next().expect("in range");
                word.push(c);
                i += 1 + c.len_utf8();
            }
            _ => {
                let c = s[i..].chars().next().expect("in range");
                word.push(c);
                i += c.len_utf8();
            }
        }
    }
    (word, strip, i)
}

/// Skip the bodies of `pending` heredocs starting at `i`; returns the
/// offset just past the last terminator line (or the end).
fn skip_heredoc_bodies(s: &str, mut i: usize, pending: &[(String, bool)]) -> usize {
    for (delim, strip) in pending {
        while i < s.len() {
            let end = s[i..].find('\n').map_or(s.len(), |n| i + n);
            let mut line = s[i..end].trim_end_matches('\r');
            if *strip {
                line = line.trim_start_matches('\t');
            }
            i = (end + 1).min(s.len());
            if line == delim {
                break;
            }
        }
    }
    // Resume on the terminator's newline so the command list sees the end
    // of the line.
    if i > 0 && s.as_bytes()[i - 1] == b'\n' {
        i - 1
    } else {
        i
    }
}

// ---------------------------------------------------------------------------
// Pass 2: tokens and commands

/// Command substitutions nested deeper than this are not read. Each level
/// keeps the text of the levels inside it in its words, so the work grows
/// with nesting × length; a bound keeps it linear in the length. Scripts
/// in the corpus nest at most a few levels.
pub(crate) const MAX_NESTING: usize = 16;

#[derive(Clone, Copy, Debug)]
struct Job {
    start: usize,
    end: usize,
    depth: usize,
    /// How many `$(…)`, backticks or `<(…)` enclose this list.
    nesting: usize,
    in_substitution: bool,
    in_subshell: bool,
    in_compound: bool,
}

#[derive(Debug)]
enum Tok {
    Word(WordTok),
    Op(OpTok, usize, usize),
    Redirect(usize, usize),
}

#[derive(Debug)]
struct WordTok {
    start: usize,
    end: usize,
    value: String,
    quoted: bool,
    has_expansion: bool,
    /// Command lists inside `$(…)`, backticks, `<(…)`.
    subs: Vec<(usize, usize)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OpTok {
    And,
    Or,
    Semi,
    DSemi,
    Pipe,
    Amp,
    Newline,
    LParen,
    RParen,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Frame {
    If,
    Loop,
    For,
    Case,
    Brace,
    Subshell,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Reading commands.
    Commands,
    /// After `for`: skipping the loop header until `do`.
    ForHeader,
    /// After `case`: skipping until `in`.
    CaseHeader,
    /// In a `case` body, reading a pattern up to `)`.
    CasePattern,
    /// After `function`: the name comes next.
    FunctionName,
}

struct State<'a> {
    cooked: &'a Cooked,
    s: &'a str,
    st: &'a Structure,
    script: &'a mut Script,
    jobs: Vec<Job>,
    next_pipeline: usize,
    /// A substitution deeper than [`MAX_NESTING`] was met (reported once).
    too_deep: bool,
    /// Where [`State::word`] gathers a word's value.
    scratch: String,
    /// The run of `cooked.map` the last span was found in (see
    /// `to_source_from`; not read in the playground's wasm).
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    run: std::cell::Cell<usize>,
}

struct Builder {
    cmd: SimpleCommand,
}

impl State<'_> {
    fn error(&mut self, message: impl Into<String>, start: usize, end: usize) {
        self.script.errors.push(ShellError {
            message: message.into(),
            span: self.span_of(start, end.max(start)),
        });
    }

    /// `self.cooked.span_of(start, end)`, looking for each offset's run
    /// from the last one found: a job's words come in order.
    #[cfg(not(target_arch = "wasm32"))]
    fn span_of(&self, start: usize, end: usize) -> Span {
        let at = |offset| to_source_from(self.cooked, offset, &self.run);
        if start == end {
            let s = at(start);
            return Span::new(s, s);
        }
        Span::new(at(start), at(end - 1) + 1)
    }

    /// `self.cooked.span_of(start, end)`: the playground's wasm keeps the
    /// plain search (smaller).
    #[cfg(target_arch = "wasm32")]
    fn span_of(&self, start: usize, end: usize) -> Span {
        self.cooked.span_of(start, end)
    }

    fn shell_word(&self, w: WordTok) -> ShellWord {
        ShellWord {
            raw: self.s[w.start..w.end].to_string(),
            span: self.span_of(w.start, w.end),
            value: w.value,
            quoted: w.quoted,
            has_expansion: w.has_expansion,
        }
    }

    /// Tokenize `start..end`, queueing substitutions as jobs.
    fn tokens(&mut self, job: Job) -> Vec<Tok> {
        let s = self.s;
        let b = s.as_bytes();
        let end = job.end;
        // About one token per 8 bytes of shell.
        let mut out = Vec::with_capacity(end.saturating_sub(job.start) / 8 + 1);
        let mut i = job.start;
        while i < end {
            let c = b[i];
            match c {
                b' ' | b'\t' | b'\r' => {
                    i += 1;
                    continue;
                }
                b'\\' if b.get(i + 1) == Some(&b'\n') => {
                    i += 2;
                    continue;
                }
                b'\n' => {
                    out.push(Tok::Op(OpTok::Newline, i, i + 1));
                    i = match self.st.heredoc_skip.get(&i) {
                        Some(&r) if r > i => r,
                        _ => i + 1,
                    };
                    continue;
                }
                b'#' => {
                    i = s[i..end].find('\n').map_or(end, |n| i + n);
                    continue;
                }
                _ => {}
            }
            let two = |x: u8| b.get(i + 1) == Some(&x) && i + 1 < end;
            let op = match c {
                b'&' if two(b'&') => Some((OpTok::And, 2)),
                b'|' if two(b'|') => Some((OpTok::Or, 2)),
                b';' if two(b';') => Some((
                    OpTok::DSemi,
                    if b.get(i + 2) == Some(&b'&') { 3 } else { 2 },
                )),
                b';' if two(b'&') => Some((OpTok::DSemi, 2)),
                b';' => Some((OpTok::Semi, 1)),
                b'|' if two(b'&') => Some((OpTok::Pipe, 2)),
                b'|' => Some((OpTok::Pipe, 1)),
                b'&' if !two(b'>') => Some((OpTok::Amp, 1)),
                b'(' => Some((OpTok::LParen, 1)),
                b')' => Some((OpTok::RParen, 1)),
                _ => None,
            };
            if let Some((op, n)) = op {
                out.push(Tok::Op(op, i, i + n));
                i += n;
                continue;
            }
            // process substitution <( … ) / >( … )
            if (c == b'<' || c == b'>') && b.get(i + 1) == Some(&b'(') {
                let w = self.word(job, i);
                i = w.end;
                out.push(Tok::Word(w));
                continue;
            }
            if let Some(n) = redirect_len(b, i, end) {
                out.push(Tok::Redirect(i, i + n));
                i += n;
                continue;
            }
            let w = self.word(job, i);
            i = w.end.max(i + 1);
            out.push(Tok::Word(w));
        }
        out
    }

    /// Record the command list inside an opener at `open` (content from
    /// `from`) in `subs`, returning where the construct ends (after its
    /// closer).
    fn substitution(
        &self,
        job: Job,
        open: usize,
        from: usize,
        subs: &mut Vec<(usize, usize)>,
    ) -> usize {
        match self.st.close.get(&open) {
            Some(&close) if close <= job.end => {
                subs.push((from, close));
                close + 1
            }
            _ => {
                if from < job.end {
                    subs.push((from, job.end));
                }
                job.end
            }
        }
    }

    /// Queue the substitutions of a word of `job` as jobs one level below
    /// a command at `depth` with the given context. Beyond
    /// [`MAX_NESTING`] substitutions are not read (one error says so).
    fn queue(
        &mut self,
        job: &Job,
        subs: &[(usize, usize)],
        depth: usize,
        (in_subshell, in_compound): (bool, bool),
    ) {
        if subs.is_empty() {
            return;
        }
        if job.nesting >= MAX_NESTING {
            if !self.too_deep {
                self.too_deep = true;
                let (start, end) = subs[0];
                self.error(
                    format!(
                        "command substitutions nested more than {MAX_NESTING} deep are not read"
                    ),
                    start,
                    end.min(start + 1),
                );
            }
            return;
        }
        for &(start, end) in subs {
            self.jobs.push(Job {
                start,
                end,
                depth: depth + 1,
                nesting: job.nesting + 1,
                in_substitution: true,
                in_subshell,
                in_compound,
            });
        }
    }

    /// One word starting at `i`.
    fn word(&mut self, job: Job, start: usize) -> WordTok {
        let s = self.s;
        let b = s.as_bytes();
        let end = job.end;
        let mut w = WordTok {
            start,
            end: start,
            value: String::new(),
            quoted: false,
            has_expansion: false,
            subs: Vec::new(),
        };
        // The value is gathered in a buffer kept between words, then
        // copied once at its final length (no regrowth per piece).
        let mut value = std::mem::take(&mut self.scratch);
        value.clear();
        let mut i = start;
        let mut in_dq: Option<usize> = None;
        while i < end {
            let c = b[i];
            if in_dq.is_none() {
                if matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b')') {
                    break;
                }
                if c == b'(' && i > start {
                    break;
                }
                if (c == b'<' || c == b'>') && i > start {
                    break;
                }
            }
            match c {
                b'\\' => {
                    if b.get(i + 1) == Some(&b'\n') {
                        i += 2;
                        continue;
                    }
                    let Some(n) = s[i + 1..end.max(i + 1)].chars().next() else {
                        i += 1;
                        continue;
                    };
                    if in_dq.is_some() && !matches!(n, '$' | '`' | '"' | '\\') {
                        value.push('\\');
                    }
                    value.push(n);
                    w.quoted = true;
                    i += 1 + n.len_utf8();
                }
                b'\'' if in_dq.is_none() => {
                    w.quoted = true;
                    match self.st.close.get(&i) {
                        Some(&close) if close < end => {
                            value.push_str(&s[i + 1..close]);
                            i = close + 1;
                        }
                        _ => {
                            value.push_str(&s[i + 1..end]);
                            i = end;
                        }
                    }
                }
                b'"' => {
                    w.quoted = true;
                    if in_dq.is_some() {
                        in_dq = None;
                    } else {
                        in_dq = Some(i);
                    }
                    i += 1;
                }
                b'$' if b.get(i + 1) == Some(&b'(') && i + 1 < end => {
                    w.has_expansion = true;
                    let arith = b.get(i + 2) == Some(&b'(');
                    let after = if arith {
                        self.st.close.get(&i).map_or(end, |&c| (c + 1).min(end))
                    } else {
                        self.substitution(job, i, i + 2, &mut w.subs)
                    };
                    let after = after.min(end).max(i + 2);
                    value.push_str(&s[i..after]);
                    i = after;
                }
                b'$' if b.get(i + 1) == Some(&b'{') && i + 1 < end => {
                    w.has_expansion = true;
                    let after = self.st.close.get(&i).map_or(end, |&c| (c + 1).min(end));
                    // `${x:-$(cmd)}`: queue substitutions inside.
                    let mut k = i + 2;
                    while k < after {
                        if b[k] == b'$' && b.get(k + 1) == Some(&b'(') {
                            let next = self.substitution(job, k, k + 2, &mut w.subs);
                            k = next.max(k + 2);
                        } else {
                            k += 1;
                        }
                    }
                    value.push_str(&s[i..after]);
                    i = after;
                }
                b'$' => {
                    let n = b.get(i + 1).copied().unwrap_or(b' ');
                    if n.is_ascii_alphanumeric()
                        || matches!(n, b'_' | b'@' | b'*' | b'#' | b'?' | b'-' | b'$' | b'!')
                    {
                        w.has_expansion = true;
                    }
                    value.push('$');
                    i += 1;
                }
                b'`' => {
                    w.has_expansion = true;
                    let after = self
                        .substitution(job, i, i + 1, &mut w.subs)
                        .min(end)
                        .max(i + 1);
                    value.push_str(&s[i..after]);
                    i = after;
                }
                b'<' | b'>' if b.get(i + 1) == Some(&b'(') && in_dq.is_none() => {
                    w.has_expansion = true;
                    let close = self.find_paren_close(i + 1, end);
                    w.subs.push((i + 2, close));
                    let after = (close + 1).min(end);
                    value.push_str(&s[i..after]);
                    i = after;
                }
                _ => {
                    // A run of bytes none of the arms above reads, copied
                    // at once: the special bytes are ASCII, so the run
                    // ends on a character boundary.
                    let mut j = i + 1;
                    while j < end && !is_special(b[j]) {
                        j += 1;
                    }
                    while j < s.len() && !s.is_char_boundary(j) {
                        j += 1;
                    }
                    value.push_str(&s[i..j]);
                    i = j;
                }
            }
        }
        w.end = i.min(end);
        w.value = value.as_str().to_owned();
        self.scratch = value;
        w
    }

    /// The `)` matching a `(` at `open` (plain parentheses), or `end`.
    fn find_paren_close(&self, open: usize, end: usize) -> usize {
        let b = self.s.as_bytes();
        let mut depth = 0usize;
        let mut i = open;
        while i < end {
            match b[i] {
                b'\\' => i += 1,
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return i;
                    }
                }
                b'\'' | b'"' | b'`' => {
                    if let Some(&c) = self.st.close.get(&i) {
                        i = c;
                    }
                }
                b'$' if matches!(b.get(i + 1), Some(b'(' | b'{')) => {
                    if let Some(&c) = self.st.close.get(&i) {
                        i = c;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        end
    }

    fn run_job(&mut self, job: Job) {
        let toks = self.tokens(job);
        let mut frames = Frames::default();
        let mut mode = Mode::Commands;
        let mut cur: Option<Builder> = None;
        let mut pending: Option<Op> = None;
        let mut pipeline = 0usize;
        // The words of the `for` header being read.
        let mut header: Vec<ShellWord> = Vec::new();
        let mut toks = toks.into_iter();
        while let Some(tok) = toks.next() {
            match tok {
                Tok::Word(mut w) => {
                    if !w.subs.is_empty() {
                        let subs = std::mem::take(&mut w.subs);
                        self.queue(
                            &job,
                            &subs,
                            job.depth + frames.len(),
                            context(&job, &frames),
                        );
                    }
                    let text = &self.s[w.start..w.end];
                    let unquoted = !w.quoted && !w.has_expansion;
                    match mode {
                        Mode::ForHeader => {
                            if unquoted && text == "do" {
                                mode = Mode::Commands;
                                pending = None;
                                let mut words = std::mem::take(&mut header).into_iter();
                                if let Some(var) = words.next() {
                                    let rest: Vec<ShellWord> = words.collect();
                                    let items = match rest.split_first() {
                                        Some((w, items)) if w.raw == "in" => Some(items.to_vec()),
                                        _ => None,
                                    };
                                    self.script.loops.push(ForLoop { var, items });
                                }
                            } else {
                                header.push(self.shell_word(w));
                            }
                            continue;
                        }
                        Mode::CaseHeader => {
                            if unquoted && text == "in" {
                                mode = Mode::CasePattern;
                            }
                            continue;
                        }
                        Mode::CasePattern => {
                            if unquoted && text == "esac" {
                                self.close_frame(&mut frames, Frame::Case, w.start, w.end);
                                mode = Mode::Commands;
                            }
                            continue;
                        }
                        Mode::FunctionName => {
                            mode = Mode::Commands;
                            continue;
                        }
                        Mode::Commands => {}
                    }
                    if cur.is_none() && unquoted {
                        let reserved = match text {
                            "if" | "while" | "until" => {
                                frames.push(
                                    if text == "if" { Frame::If } else { Frame::Loop },
                                    w.start,
                                );
                                // `a | while …`: the pipe feeds the compound
                                // command; its first command carries it.
                                pending = pending.filter(|op| *op == Op::Pipe);
                                true
                            }
                            "then" | "else" | "elif" | "do" => {
                                pending = None;
                                true
                            }
                            "fi" => {
                                self.close_frame(&mut frames, Frame::If, w.start, w.end);
                                true
                            }
                            "done" => {
                                if frames.last() == Some(Frame::For) {
                                    self.close_frame(&mut frames, Frame::For, w.start, w.end);
                                } else {
                                    self.close_frame(&mut frames, Frame::Loop, w.start, w.end);
                                }
                                true
                            }
                            "for" | "select" => {
                                frames.push(Frame::For, w.start);
                                mode = Mode::ForHeader;
                                header.clear();
                                true
                            }
                            "case" => {
                                frames.push(Frame::Case, w.start);
                                mode = Mode::CaseHeader;
                                true
                            }
                            "{" => {
                                frames.push(Frame::Brace, w.start);
                                pending = pending.filter(|op| *op == Op::Pipe);
                                true
                            }
                            "}" => {
                                self.close_frame(&mut frames, Frame::Brace, w.start, w.end);
                                true
                            }
                            "!" => {
                                let span = self.span_of(w.start, w.end);
                                self.script.bangs.push(span);
                                true
                            }
                            "function" => {
                                mode = Mode::FunctionName;
                                true
                            }
                            _ => false,
                        };
                        if reserved {
                            continue;
                        }
                    }
                    let b = cur.get_or_insert_with(|| {
                        // This word and the words right after it, past the
                        // leading assignments: the command's words are
                        // allocated once for them.
                        let s = self.s;
                        let following = toks.as_slice().iter().map_while(|t| match t {
                            Tok::Word(t) => Some(&s[t.start..t.end]),
                            _ => None,
                        });
                        let words = std::iter::once(text)
                            .chain(following)
                            .skip_while(|t| is_assignment(t))
                            .count();
                        let mut b = self.command(
                            &job,
                            &frames,
                            &mut pending,
                            &mut pipeline,
                            w.start,
                            w.end,
                        );
                        b.cmd.words.reserve_exact(words);
                        b
                    });
                    let is_assignment = b.cmd.words.is_empty() && is_assignment(text);
                    let sw = self.shell_word(w);
                    if is_assignment {
                        b.cmd.assignments.push(sw);
                    } else {
                        b.cmd.words.push(sw);
                    }
                }
                Tok::Redirect(rs, re) => {
                    // The target is the next word.
                    let (end, value_tail) = match toks.as_slice().first() {
                        Some(Tok::Word(t)) => (t.end, Some(t.value.clone())),
                        _ => (re, None),
                    };
                    if value_tail.is_some() {
                        if let Some(Tok::Word(t)) = toks.next() {
                            let cx = context(&job, &frames);
                            self.queue(&job, &t.subs, job.depth + frames.len(), cx);
                        }
                    }
                    if mode != Mode::Commands {
                        continue;
                    }
                    let op_text = &self.s[rs..re];
                    let value = format!("{}{}", op_text, value_tail.unwrap_or_default());
                    let sw = ShellWord {
                        raw: self.s[rs..end].to_string(),
                        span: self.span_of(rs, end),
                        value,
                        quoted: false,
                        has_expansion: false,
                    };
                    let b = cur.get_or_insert_with(|| {
                        self.command(&job, &frames, &mut pending, &mut pipeline, rs, end)
                    });
                    b.cmd.redirects.push(sw);
                }
                Tok::Op(op, os, oe) => {
                    match mode {
                        Mode::ForHeader => {
                            continue;
                        }
                        Mode::CaseHeader | Mode::FunctionName => continue,
                        Mode::CasePattern => {
                            if op == OpTok::RParen {
                                mode = Mode::Commands;
                                pending = None;
                            }
                            continue;
                        }
                        Mode::Commands => {}
                    }
                    // `name()`: drop the name, the body follows.
                    if op == OpTok::LParen {
                        if let Some(b) = &cur {
                            if b.cmd.words.len() == 1
                                && b.cmd.assignments.is_empty()
                                && matches!(
                                    toks.as_slice().first(),
                                    Some(Tok::Op(OpTok::RParen, _, _))
                                )
                            {
                                toks.next();
                                cur = None;
                                continue;
                            }
                            // `cmd arg (…)`: `(` only starts a command
                            // (PowerShell's `Write-Host ('…' -f $x)` lands
                            // here). Recover as a subshell.
                            if !b.cmd.words.is_empty() {
                                self.error("unexpected `(`", os, oe);
                            }
                        }
                    }
                    if let Some(b) = cur.take() {
                        self.finish(b);
                    }
                    match op {
                        OpTok::And => pending = Some(Op::And),
                        OpTok::Or => pending = Some(Op::Or),
                        OpTok::Pipe => pending = Some(Op::Pipe),
                        OpTok::Semi => pending = Some(Op::Seq),
                        OpTok::Amp => pending = Some(Op::Background),
                        OpTok::Newline => {
                            if !matches!(pending, Some(Op::And | Op::Or | Op::Pipe))
                                && pending.is_some()
                            {
                                pending = Some(Op::Seq);
                            }
                        }
                        OpTok::DSemi => {
                            if frames.last() == Some(Frame::Case) {
                                mode = Mode::CasePattern;
                            }
                            pending = None;
                        }
                        OpTok::LParen => {
                            frames.push(Frame::Subshell, os);
                            pending = pending.filter(|op| *op == Op::Pipe);
                        }
                        OpTok::RParen => {
                            self.close_frame(&mut frames, Frame::Subshell, os, oe);
                            mode = Mode::Commands;
                        }
                    }
                }
            }
        }
        if let Some(b) = cur.take() {
            self.finish(b);
        }
        for (f, at) in frames.stack {
            let what = match f {
                Frame::If => "`if` without `fi`",
                Frame::Loop | Frame::For => "loop without `done`",
                Frame::Case => "`case` without `esac`",
                Frame::Brace => "`{` without `}`",
                Frame::Subshell => "`(` without `)`",
            };
            self.error(what, at, at + 1);
        }
    }

    /// A new command at `start..end` in `job` under `frames`, joined to
    /// the previous one by `pending`.
    fn command(
        &mut self,
        job: &Job,
        frames: &Frames,
        pending: &mut Option<Op>,
        pipeline: &mut usize,
        start: usize,
        end: usize,
    ) -> Builder {
        let op = pending.take();
        if op != Some(Op::Pipe) {
            self.next_pipeline += 1;
            *pipeline = self.next_pipeline;
        }
        let (in_subshell, in_compound) = context(job, frames);
        Builder {
            cmd: SimpleCommand {
                assignments: Vec::new(),
                words: Vec::new(),
                redirects: Vec::new(),
                span: self.span_of(start, end),
                op_before: op,
                depth: job.depth + frames.len(),
                pipeline: *pipeline,
                in_substitution: job.in_substitution,
                in_subshell,
                in_compound,
                program_word: None,
                effective_word: None,
            },
        }
    }

    fn close_frame(&mut self, frames: &mut Frames, want: Frame, start: usize, end: usize) {
        if frames.last() == Some(want) {
            frames.pop();
            return;
        }
        let word = &self.s[start..end];
        self.error(format!("unexpected `{word}`"), start, end);
        // Recover: close up to the nearest frame of that kind.
        if frames.has(want) {
            while let Some((f, _)) = frames.pop() {
                if f == want {
                    break;
                }
            }
        }
    }

    fn finish(&mut self, mut b: Builder) {
        let first = b
            .cmd
            .assignments
            .iter()
            .chain(&b.cmd.words)
            .chain(&b.cmd.redirects)
            .map(|w| w.span);
        let mut span = b.cmd.span;
        for s in first {
            span = span.cover(s);
        }
        b.cmd.span = span;
        b.cmd.program_word = super::shell::program_index(&b.cmd.words);
        b.cmd.effective_word = super::shell::effective_index(&b.cmd.words);
        self.script.commands.push(b.cmd);
    }
}

/// `(in_subshell, in_compound)` for a command in `job` under `frames`.
fn context(job: &Job, frames: &Frames) -> (bool, bool) {
    (
        job.in_subshell || frames.has(Frame::Subshell),
        job.in_compound
            || [Frame::If, Frame::Loop, Frame::For, Frame::Case]
                .into_iter()
                .any(|f| frames.has(f)),
    )
}

/// The open compound commands of a job, innermost last, with a count per
/// kind: what is asked for every command costs the same at any nesting.
#[derive(Default)]
struct Frames {
    stack: Vec<(Frame, usize)>,
    count: [usize; 6],
}

impl Frames {
    fn push(&mut self, frame: Frame, at: usize) {
        self.count[frame as usize] += 1;
        self.stack.push((frame, at));
    }
    fn pop(&mut self) -> Option<(Frame, usize)> {
        let top = self.stack.pop()?;
        self.count[top.0 as usize] -= 1;
        Some(top)
    }
    fn last(&self) -> Option<Frame> {
        self.stack.last().map(|f| f.0)
    }
    fn len(&self) -> usize {
        self.stack.len()
    }
    fn has(&self, frame: Frame) -> bool {
        self.count[frame as usize] > 0
    }
}

/// The bytes [`State::word`] looks at one by one: those that end a word
/// or start a quote, an escape or an expansion.
/// [`Cooked::to_source`] of `offset`, its run looked for from `*run` on
/// (a few steps forward, else a binary search), and `*run` left at it.
#[cfg(not(target_arch = "wasm32"))]
fn to_source_from(cooked: &Cooked, offset: usize, run: &std::cell::Cell<usize>) -> usize {
    let map = &cooked.map;
    let hint = run.get();
    // How many runs start at or before `offset` (`partition_point`).
    let before = if hint < map.len() && map[hint].0 <= offset {
        let mut i = hint + 1;
        let near = (hint + 5).min(map.len());
        while i < near && map[i].0 <= offset {
            i += 1;
        }
        if i == near {
            i + map[i..].partition_point(|&(c, _)| c <= offset)
        } else {
            i
        }
    } else {
        map.partition_point(|&(c, _)| c <= offset)
    };
    match before {
        0 => cooked.span.start + offset,
        i => {
            run.set(i - 1);
            let (c, s) = map[i - 1];
            s + (offset - c)
        }
    }
}

/// The bytes [`State::word`] does not copy in a run: white space,
/// operators, quotes, escapes and expansions. A table natively, as
/// [`is_scanned`].
#[cfg(not(target_arch = "wasm32"))]
#[inline]
fn is_special(b: u8) -> bool {
    SPECIAL[usize::from(b)]
}

/// [`is_special`] in the playground's wasm.
#[cfg(target_arch = "wasm32")]
fn is_special(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t'
            | b'\r'
            | b'\n'
            | b';'
            | b'&'
            | b'|'
            | b'('
            | b')'
            | b'<'
            | b'>'
            | b'\\'
            | b'\''
            | b'"'
            | b'$'
            | b'`'
    )
}

/// [`is_special`] as a table.
#[cfg(not(target_arch = "wasm32"))]
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    let bytes = b" \t\r\n;&|()<>\\'\"$`";
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
};

/// `NAME=…`, `NAME+=…`, `NAME[i]=…` as written.
fn is_assignment(raw: &str) -> bool {
    let b = raw.as_bytes();
    if b.is_empty() || !(b[0].is_ascii_alphabetic() || b[0] == b'_') {
        return false;
    }
    let mut i = 1;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
        i += 1;
    }
    if i < b.len() && b[i] == b'[' {
        match raw[i..].find(']') {
            Some(n) => i += n + 1,
            None => return false,
        }
    }
    if i < b.len() && b[i] == b'+' {
        i += 1;
    }
    i < b.len() && b[i] == b'='
}

/// Length of a redirection operator at `i` (with its fd digits), if any.
fn redirect_len(b: &[u8], i: usize, end: usize) -> Option<usize> {
    let mut j = i;
    while j < end && b[j].is_ascii_digit() {
        j += 1;
    }
    let at = |k: usize| if k < end { b[k] } else { 0 };
    let op = match (at(j), at(j + 1), at(j + 2)) {
        (b'&', b'>', b'>') if j == i => 3,
        (b'&', b'>', _) if j == i => 2,
        (b'<', b'<', b'<') => 3,
        (b'<', b'<', b'-') => 3,
        (b'<', b'<', _) => 2,
        (b'<', b'&', _) | (b'<', b'>', _) => 2,
        (b'>', b'>', _) | (b'>', b'&', _) | (b'>', b'|', _) => 2,
        (b'<', _, _) | (b'>', _, _) => 1,
        _ => return None,
    };
    Some(j - i + op)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::{to_source_from, Cooked, Span};

    /// The hinted search finds what `Cooked::to_source` finds, whatever
    /// the order of the offsets asked.
    #[test]
    fn to_source_from_is_to_source() {
        for runs in [0usize, 1, 2, 3, 7, 12, 40] {
            let map: Vec<(usize, usize)> = (0..runs).map(|k| (k * 5, 100 + k * 9)).collect();
            let len = runs * 5 + 3;
            let cooked = Cooked {
                text: "x".repeat(len),
                map,
                span: Span::new(50, 50 + len),
            };
            let run = std::cell::Cell::new(0);
            let offsets: Vec<usize> = (0..=len)
                .chain((0..=len).rev())
                .chain((0..=len).map(|k| (k * 7919) % (len + 1)))
                .collect();
            for o in offsets {
                assert_eq!(
                    to_source_from(&cooked, o, &run),
                    cooked.to_source(o),
                    "{runs} runs, {o}"
                );
            }
        }
    }

    /// The byte tables hold exactly the bytes the code reading them
    /// names.
    #[test]
    fn byte_tables() {
        for b in 0..=255u8 {
            assert_eq!(
                super::SPECIAL[usize::from(b)],
                matches!(
                    b,
                    b' ' | b'\t'
                        | b'\r'
                        | b'\n'
                        | b';'
                        | b'&'
                        | b'|'
                        | b'('
                        | b')'
                        | b'<'
                        | b'>'
                        | b'\\'
                        | b'\''
                        | b'"'
                        | b'$'
                        | b'`'
                ),
                "SPECIAL {b:#x}"
            );
            // What `Structure::scan` matches on.
            assert_eq!(
                super::SCANNED[usize::from(b)],
                matches!(
                    b,
                    b'\\' | b'"' | b'`' | b'}' | b')' | b'$' | b'\'' | b'(' | b'#' | b'<' | b'\n'
                ),
                "SCANNED {b:#x}"
            );
        }
    }
}
