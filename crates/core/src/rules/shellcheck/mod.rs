//! ShellCheck's findings on the shell of each `RUN`, as hadolint reports
//! them: the SC codes, hadolint's severities (ShellCheck's error, warning,
//! info and style map onto hadolint's levels of the same names), a message
//! in our own words, and the `RUN`'s first line as the position (the exact
//! place inside the `RUN` is the diagnostic's anchor).
//!
//! hadolint hands ShellCheck each `RUN` of a stage as a script that starts
//! with `#!<the shell in force>` and exports every `ARG` and `ENV` name the
//! stage declared so far (with the value `1`) and the proxy variables. Those
//! names are therefore known, and known to hold no spaces. It skips
//! PowerShell (`pwsh`); we skip every non-POSIX shell (PowerShell, cmd) and
//! shells ShellCheck does not know (see docs/hadolint-differences.md).
//!
//! The rules read the shell parse the core makes of each `RUN`
//! ([`crate::syntax::shell`]); [`pieces`] splits one of its words into
//! quoted and unquoted parts and expansions. A `RUN` whose shell does not
//! parse gets no finding but the parse errors' (ShellCheck stops there too).

rules! {
    sc1003 => Runtime,
    sc1010 => Breaks,
    sc1018 => Breaks,
    sc1065 => Breaks,
    sc1083 => Runtime,
    sc1088 => Breaks,
    sc2006 => Style,
    sc2012 => Runtime,
    sc2013 => Runtime,
    sc2015 => Runtime,
    sc2016 => Runtime,
    sc2028 => Runtime,
    sc2034 => Runtime,
    sc2035 => Runtime,
    sc2038 => Runtime,
    sc2043 => Runtime,
    sc2044 => Runtime,
    sc2046 => Runtime,
    sc2059 => Runtime,
    sc2086 => Runtime,
    sc2102 => Runtime,
    sc2115 => Breaks,
    sc2126 => Style,
    sc2129 => Style,
    sc2140 => Runtime,
    sc2153 => Runtime,
    sc2154 => Runtime,
    sc2155 => Breaks,
    sc2156 => Security,
    sc2162 => Runtime,
    sc2164 => Breaks,
    sc2166 => Runtime,
    sc2174 => Security,
    sc2181 => Style,
    sc2185 => Breaks,
    sc2196 => Style,
    sc2211 => Breaks,
    sc2226 => Runtime,
    sc2231 => Runtime,
    sc2238 => Breaks,
    sc2251 => Breaks,
    sc2261 => Runtime,
    sc2268 => Style,
    sc2288 => Breaks,
    sc2291 => Runtime,
    sc3003 => Breaks,
    sc3009 => Breaks,
    sc3010 => Breaks,
    sc3014 => Breaks,
    sc3020 => Breaks,
    sc3037 => Runtime,
    sc3040 => Breaks,
    sc3045 => Breaks,
    sc3046 => Breaks,
}
pub(crate) mod shared;

use rustc_hash::FxHashMap as HashMap;
use std::rc::Rc;

use crate::rules::{Checker, Rule};
use crate::syntax::shell::{Script, ShellWord, SimpleCommand};
use crate::syntax::{Body, CommandForm, Cooked, Instruction, Span};

/// Which shell language ShellCheck reads a script as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// `sh`, `dash`, `ash`, busybox: POSIX, so bash-only syntax is SC3xxx.
    Sh,
    Bash,
    Ksh,
}

impl Dialect {
    /// The dialect of a shell program (`/bin/bash`, `sh` …), `None` for
    /// one ShellCheck does not read (zsh, fish, PowerShell, cmd …).
    pub fn of(program: &str) -> Option<Dialect> {
        let base = program.rsplit('/').next().unwrap_or(program);
        match base {
            "sh" | "dash" | "ash" | "busybox" => Some(Dialect::Sh),
            "bash" => Some(Dialect::Bash),
            "ksh" | "mksh" | "ksh93" => Some(Dialect::Ksh),
            _ => None,
        }
    }
}

/// The proxy variables hadolint declares for every script.
const PROXY_VARS: [&str; 8] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
];

/// A shell-form `RUN` as ShellCheck sees it.
pub struct ShellRun<'a> {
    /// Index of the instruction.
    pub index: usize,
    pub inst: &'a Instruction,
    pub text: &'a Cooked,
    /// The whole Dockerfile (spans index it).
    pub source: &'a str,
    pub script: &'a Script,
    pub dialect: Dialect,
    /// The `ARG` and `ENV` names the stage declared before this `RUN`,
    /// and the proxy variables: set (to `1`) when the script starts.
    pub exported: Exported<'a>,
    /// Each command's name as ShellCheck reads it ([`name_of`]), by index
    /// in `script.commands`: read once for all the codes' finders.
    pub names: Vec<Option<&'a str>>,
    /// A filter of `names` ([`name_bit`] of each): a finder looking for
    /// commands none of which the `RUN` runs stops without a walk.
    pub name_bits: u64,
    /// See [`ShellRun::params`].
    params: std::cell::OnceCell<Vec<(&'a ShellWord, Piece<'a>)>>,
}

/// The bit of a command name in [`ShellRun::name_bits`] (from its length
/// and first and last bytes: different names may share a bit).
pub fn name_bit(name: &str) -> u64 {
    let b = name.as_bytes();
    let (first, last) = (b.first().copied(), b.last().copied());
    let h = b.len() as u32 * 31 + u32::from(first.unwrap_or(0)) * 7 + u32::from(last.unwrap_or(0));
    1 << (h % 64)
}

/// The names hadolint declares for a `RUN`'s script (see
/// [`ShellRun::exported`]), asked by name: an index of every `ARG`/`ENV`
/// declaration, shared by all `RUN`s (a file of thousands of `ENV`s and
/// `RUN`s stays linear).
#[derive(Clone)]
pub struct Exported<'a> {
    /// Name → the instructions declaring it, in order: made from `order`
    /// the first time a name is asked (a `RUN` whose finding is
    /// remembered asks none).
    index: Rc<std::cell::OnceCell<HashMap<&'a str, Vec<usize>>>>,
    /// Every declaration as (instruction, name), in file order: the names
    /// of one stage are a range of it.
    order: Rc<Vec<(usize, &'a str)>>,
    /// The stage's `FROM` (declarations before it do not count).
    from: usize,
    /// The `RUN` (declarations from it on do not count).
    at: usize,
}

impl<'a> Exported<'a> {
    fn index(&self) -> &HashMap<&'a str, Vec<usize>> {
        self.index.get_or_init(|| {
            let mut index: HashMap<&'a str, Vec<usize>> = HashMap::default();
            for &(i, name) in self.order.iter() {
                index.entry(name).or_default().push(i);
            }
            index
        })
    }

    pub fn contains(&self, name: &str) -> bool {
        PROXY_VARS.contains(&name)
            || self.index().get(name).is_some_and(|v| {
                let k = v.partition_point(|&j| j < self.at);
                k > 0 && v[k - 1] >= self.from
            })
    }
}

impl Exported<'_> {
    /// Every name declared for the script (see [`ShellRun::exported`]).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        let lo = self.order.partition_point(|(i, _)| *i < self.from);
        let hi = self.order.partition_point(|(i, _)| *i < self.at);
        PROXY_VARS
            .iter()
            .copied()
            .chain(self.order[lo..hi.max(lo)].iter().map(|(_, n)| *n))
    }
}

impl<'a> ShellRun<'a> {
    /// Whether the shell parsed: ShellCheck reports nothing but the parse
    /// error on a script it cannot parse.
    pub fn parsed(&self) -> bool {
        self.script.errors.is_empty()
    }

    /// Every parameter expansion (`$x`, `${x…}`) of the `RUN`'s words, with
    /// its word: the commands' assignments, words and redirects, then the
    /// `for` lists, in order. Split once for the codes that read them
    /// (SC2153, SC2154).
    pub fn params(&self) -> &[(&'a ShellWord, Piece<'a>)] {
        self.params.get_or_init(|| {
            let script: &'a Script = self.script;
            let items = script.loops.iter().flat_map(|l| l.items.iter().flatten());
            script
                .commands
                .iter()
                .flat_map(|c| c.assignments.iter().chain(&c.words).chain(&c.redirects))
                .chain(items)
                .filter(|w| w.raw.contains('$'))
                .flat_map(|w| {
                    pieces(&w.raw)
                        .into_iter()
                        .filter(|p| matches!(p.kind, Kind::Param { .. }))
                        .map(move |p| (w, p))
                })
                .collect()
        })
    }

    /// The name of command `k` (see [`name_of`]).
    pub fn name(&self, k: usize) -> Option<&'a str> {
        self.names.get(k).copied().flatten()
    }

    /// The commands named one of `names`, with their index in
    /// `script.commands`, in order.
    pub fn named<'s>(
        &'s self,
        names: &'s [&str],
    ) -> impl Iterator<Item = (usize, &'a SimpleCommand)> + 's {
        let commands: &'a [SimpleCommand] = &self.script.commands;
        let wanted = names.iter().fold(0, |bits, n| bits | name_bit(n));
        let names_here = if self.name_bits & wanted == 0 {
            &[][..]
        } else {
            &self.names[..]
        };
        names_here
            .iter()
            .enumerate()
            .filter(move |(_, n)| n.is_some_and(|n| names.contains(&n)))
            .map(move |(k, _)| (k, &commands[k]))
    }
}

/// Where each code applies in one `RUN`: every place, in any order.
type Finder = fn(&ShellRun) -> Vec<Span>;

/// The codes, each with its finder. Where two codes apply at the same
/// place, the later one in this list is the one shown (as with
/// ShellCheck's order: SC2086 over SC2154 on `echo $name`).
static FINDERS: &[(&str, Finder)] = &[
    ("SC1003", sc1003::find),
    ("SC1010", sc1010::find),
    ("SC1018", sc1018::find),
    ("SC1065", sc1065::find),
    ("SC1083", sc1083::find),
    ("SC1088", sc1088::find),
    ("SC2006", sc2006::find),
    ("SC2012", sc2012::find),
    ("SC2013", sc2013::find),
    ("SC2015", sc2015::find),
    ("SC2016", sc2016::find),
    ("SC2028", sc2028::find),
    ("SC2034", sc2034::find),
    ("SC2035", sc2035::find),
    ("SC2038", sc2038::find),
    ("SC2043", sc2043::find),
    ("SC2044", sc2044::find),
    ("SC2046", sc2046::find),
    ("SC2059", sc2059::find),
    ("SC2102", sc2102::find),
    ("SC2154", sc2154::find),
    ("SC2086", sc2086::find),
    ("SC2153", sc2153::find),
    ("SC2115", sc2115::find),
    ("SC2126", sc2126::find),
    ("SC2129", sc2129::find),
    ("SC2140", sc2140::find),
    ("SC2155", sc2155::find),
    ("SC2156", sc2156::find),
    ("SC2162", sc2162::find),
    ("SC2164", sc2164::find),
    ("SC2166", sc2166::find),
    ("SC2174", sc2174::find),
    ("SC2181", sc2181::find),
    ("SC2185", sc2185::find),
    ("SC2196", sc2196::find),
    ("SC2211", sc2211::find),
    ("SC2226", sc2226::find),
    ("SC2231", sc2231::find),
    ("SC2238", sc2238::find),
    ("SC2251", sc2251::find),
    ("SC2261", sc2261::find),
    ("SC2268", sc2268::find),
    ("SC2288", sc2288::find),
    ("SC2291", sc2291::find),
    ("SC3003", sc3003::find),
    ("SC3009", sc3009::find),
    ("SC3010", sc3010::find),
    ("SC3014", sc3014::find),
    ("SC3020", sc3020::find),
    ("SC3037", sc3037::find),
    ("SC3040", sc3040::find),
    ("SC3045", sc3045::find),
    ("SC3046", sc3046::find),
];

/// The codes whose finders read scripts that do not parse, in the order
/// of [`FINDERS`].
static PARSE_FINDERS: &[(&str, Finder)] = &[("SC1065", sc1065::find), ("SC1088", sc1088::find)];

/// The ShellCheck finding hadolint shows for one `RUN`.
#[derive(Clone, Debug)]
pub struct Finding {
    /// The `RUN` instruction's index.
    pub index: usize,
    pub code: &'static str,
    /// Where inside the `RUN`.
    pub at: Span,
}

/// For each `RUN`, the one ShellCheck finding hadolint shows.
///
/// hadolint collects a `RUN`'s ShellCheck comments into a set whose
/// elements compare by line only, and every comment of a `RUN` carries the
/// `RUN`'s line: of all the comments, one survives, the last ShellCheck
/// emits (the one furthest into the script). We compute every code's
/// places and keep the furthest, so the code shown is the one hadolint
/// shows.
pub fn findings(cx: &Checker) -> Vec<Finding> {
    let mut out = Vec::new();
    let memo = cx.memo();
    let mut key = String::new();
    for run in runs(cx) {
        let best = match memo {
            None => finding_of(&run),
            Some(memo) => {
                // Kept by what the finders read (see `memo_key`), at
                // offsets from the `RUN`'s start.
                let start = run.inst.span.start;
                let kept = if memo_key(&run, cx.file.escape, &mut key) {
                    memo.shellcheck.borrow().get(&key).copied()
                } else {
                    key.clear();
                    None
                };
                match kept {
                    Some(kept) => {
                        memo.hits.set(memo.hits.get() + 1);
                        kept.map(|(code, s, e)| (code, Span::new(start + s, start + e)))
                    }
                    None => {
                        let best = finding_of(&run);
                        let relative = match best {
                            None => Some(None),
                            Some((code, at)) if at.start >= start => {
                                Some(Some((code, at.start - start, at.end - start)))
                            }
                            Some(_) => None,
                        };
                        if let (Some(relative), false) = (relative, key.is_empty()) {
                            memo.shellcheck
                                .borrow_mut()
                                .insert(std::mem::take(&mut key), relative);
                        }
                        best
                    }
                }
            }
        };
        if let Some((code, at)) = best {
            out.push(Finding {
                index: run.index,
                code,
                at,
            });
        }
    }
    out
}

/// The finding hadolint shows for `run` (see [`findings`]).
fn finding_of(run: &ShellRun) -> Option<(&'static str, Span)> {
    let finders = if run.parsed() { FINDERS } else { PARSE_FINDERS };
    let mut best: Option<(&'static str, Span)> = None;
    for &(code, find) in finders {
        for at in find(run) {
            if best.is_none_or(|(_, b)| at.start >= b.start) {
                best = Some((code, at));
            }
        }
    }
    best
}

/// Into `key` (cleared first), everything [`finding_of`] reads of `run`
/// but positions: the escape character (`escape`, the file's), the
/// dialect, the names the script starts with, in order, and the `RUN`'s
/// source text (its flags, continuations and comments included; the
/// finders read the source only inside it). Two `RUN`s with one key have
/// the same finding, at the same offsets from their starts.
pub(crate) fn memo_key(run: &ShellRun, escape: char, key: &mut String) -> bool {
    key.clear();
    // Its length up front: the key is moved into the memo when kept, and
    // the next one would otherwise grow a new string step by step.
    let source = &run.source[run.inst.span.start..run.inst.span.end];
    let names = run.exported.names().skip(PROXY_VARS.len());
    key.reserve(escape.len_utf8() + 2 + names.map(|n| n.len() + 1).sum::<usize>() + source.len());
    key.push(escape);
    key.push(match run.dialect {
        Dialect::Sh => 's',
        Dialect::Bash => 'b',
        Dialect::Ksh => 'k',
    });
    // The proxy variables are every script's: the stage's names, each
    // ended by a NUL (`false` when a name holds one: no key then).
    for name in run.exported.names().skip(PROXY_VARS.len()) {
        if name.contains('\0') {
            return false;
        }
        key.push_str(name);
        key.push('\0');
    }
    key.push(';');
    key.push_str(source);
    true
}

/// [`report`], with the fix `fix` makes for the `RUN` (from the source
/// text and the `RUN`), when it makes one.
// Inlined without the docs (the playground's wasm): the rule's code and
// summary are then constants, and its static, docs and all, is not linked.
#[cfg_attr(not(feature = "docs"), inline(always))]
pub fn report_fixing(
    cx: &mut Checker,
    rule: &'static Rule,
    fix: fn(&str, &ShellRun) -> Option<crate::fix::Fix>,
) {
    let file = cx.file;
    let wins: Vec<Finding> = cx
        .shellcheck_findings()
        .iter()
        .filter(|f| f.code == rule.code)
        .cloned()
        .collect();
    if wins.is_empty() {
        return;
    }
    // Only the RUNs with a finding are read again, and only for a fix.
    let runs = if cx.wants_fixes() {
        runs_where(cx, |i| wins.iter().any(|f| f.index == i))
    } else {
        Vec::new()
    };
    let source = cx.source();
    for f in wins {
        let made = runs
            .iter()
            .find(|r| r.index == f.index)
            .and_then(|r| fix(source, r));
        let span = file.instructions[f.index].span;
        cx.report_exact(span, f.at, rule.summary, made);
    }
}

/// Report `rule`'s findings: on each `RUN` where its code is the one
/// shown, on the whole `RUN` (its first line, as hadolint reports it),
/// anchored at the exact place.
// Inlined without the docs (the playground's wasm): the rule's code and
// summary are then constants, and its static, docs and all, is not linked.
#[cfg_attr(not(feature = "docs"), inline(always))]
pub fn report(cx: &mut Checker, rule: &'static Rule) {
    let file = cx.file;
    for f in cx.shellcheck_findings() {
        if f.code == rule.code {
            let span = file.instructions[f.index].span;
            cx.report_exact(span, f.at, rule.summary, None);
        }
    }
}

/// Every shell-form `RUN` ShellCheck would read, in order: POSIX shells it
/// knows, no heredoc (hadolint's heredoc support differs by version).
pub fn runs<'a>(cx: &Checker<'a>) -> Vec<ShellRun<'a>> {
    runs_where(cx, |_| true)
}

/// [`runs`], of the instructions whose index is `wanted`.
fn runs_where<'a>(cx: &Checker<'a>, wanted: impl Fn(usize) -> bool) -> Vec<ShellRun<'a>> {
    let file = cx.file;
    let sem = cx.semantics();
    let mut order = Vec::new();
    for (i, inst) in file.instructions.iter().enumerate() {
        if let Body::Arg(kvs) | Body::Env(kvs) = &inst.body {
            for kv in kvs {
                order.push((i, kv.key.text.as_str()));
            }
        }
    }
    let index = Rc::new(std::cell::OnceCell::new());
    let order = Rc::new(order);
    let mut from = 0;
    let mut out = Vec::new();
    for (i, inst) in file.instructions.iter().enumerate() {
        match &inst.body {
            Body::From(_) => from = i,
            Body::Run(CommandForm::Shell { text, script }) => {
                if !wanted(i) || !inst.heredocs.is_empty() || !sem.shell_is_posix(i) {
                    continue;
                }
                let shell = sem.shell(i);
                let Some(dialect) = shell.program.first().and_then(|p| Dialect::of(p)) else {
                    continue;
                };
                let names: Vec<Option<&str>> = script.commands.iter().map(name_of).collect();
                let name_bits = names.iter().flatten().fold(0, |bits, n| bits | name_bit(n));
                out.push(ShellRun {
                    index: i,
                    inst,
                    text,
                    source: cx.source(),
                    script,
                    dialect,
                    names,
                    name_bits,
                    params: std::cell::OnceCell::new(),
                    exported: Exported {
                        index: Rc::clone(&index),
                        order: Rc::clone(&order),
                        from,
                        at: i,
                    },
                });
            }
            _ => {}
        }
    }
    out
}

/// The offset in `text` (cooked) of a source offset inside it.
pub fn to_cooked(text: &Cooked, source: usize) -> usize {
    let k = text.map.partition_point(|&(_, s)| s <= source);
    let cooked = match k.checked_sub(1).and_then(|k| text.map.get(k)) {
        Some(&(c, s)) => c + (source - s),
        None => source.saturating_sub(text.span.start),
    };
    cooked.min(text.text.len())
}

/// The commands of a script that are declarations (`export`, `local`,
/// `declare`, `typeset`, `readonly`), by their name.
pub fn is_declaration(name: &str) -> bool {
    matches!(
        name,
        "export" | "local" | "declare" | "typeset" | "readonly"
    )
}

/// The span of bytes `start..end` of `word.raw`: exact when the word has no
/// line continuation inside (its source is its raw text), else the word's.
pub fn sub_span(word: &ShellWord, start: usize, end: usize) -> Span {
    if word.span.end - word.span.start == word.raw.len() && start <= end && end <= word.raw.len() {
        Span::new(word.span.start + start, word.span.start + end)
    } else {
        word.span
    }
}

/// One part of a shell word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind<'a> {
    /// Plain text (an escaped character included, backslash kept).
    Literal,
    /// `'…'`.
    SingleQuoted,
    /// `$'…'` (bash, ksh).
    AnsiC,
    /// `$NAME`, `$1`, `$@`, `${…}`: the parameter's name (`""` when it has
    /// none), whether it is `${#…}` (a length), and whether something
    /// follows the name inside the braces (`${A:-x}`, `${A%.*}` …).
    Param {
        name: &'a str,
        length: bool,
        modified: bool,
    },
    /// `$(…)`.
    CommandSub,
    /// `` `…` ``.
    Backtick,
    /// `$((…))`.
    Arith,
}

/// A part of a word: what it is, where (byte offsets in `raw`), and
/// whether it is inside double quotes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece<'a> {
    pub kind: Kind<'a>,
    pub start: usize,
    pub end: usize,
    pub quoted: bool,
}

/// Split a word as written (`raw`) into its parts. Linear, never panics;
/// an unterminated quote or substitution runs to the end of the word.
/// The inside of `$(…)` and backticks is not split (its commands are
/// commands of the script of their own).
pub fn pieces(raw: &str) -> Vec<Piece<'_>> {
    let b = raw.as_bytes();
    let n = b.len();
    let mut out: Vec<Piece> = Vec::new();
    let mut dq = false;
    let mut i = 0;
    let mut lit_start: Option<usize> = None;
    let flush = |out: &mut Vec<Piece>, lit: &mut Option<usize>, at: usize, dq: bool| {
        if let Some(s) = lit.take() {
            if s < at {
                out.push(Piece {
                    kind: Kind::Literal,
                    start: s,
                    end: at,
                    quoted: dq,
                });
            }
        }
    };
    while i < n {
        let c = b[i];
        match c {
            b'\\' => {
                if lit_start.is_none() {
                    lit_start = Some(i);
                }
                i = (i + 2).min(n);
                // Keep on a character boundary.
                while i < n && !raw.is_char_boundary(i) {
                    i += 1;
                }
            }
            b'"' => {
                flush(&mut out, &mut lit_start, i, dq);
                dq = !dq;
                i += 1;
            }
            b'\'' if !dq => {
                flush(&mut out, &mut lit_start, i, dq);
                let end = raw[i + 1..].find('\'').map_or(n, |k| i + 1 + k + 1);
                out.push(Piece {
                    kind: Kind::SingleQuoted,
                    start: i,
                    end,
                    quoted: false,
                });
                i = end;
            }
            b'`' => {
                flush(&mut out, &mut lit_start, i, dq);
                let mut j = i + 1;
                while j < n && b[j] != b'`' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let end = (j + 1).min(n);
                out.push(Piece {
                    kind: Kind::Backtick,
                    start: i,
                    end,
                    quoted: dq,
                });
                i = end;
            }
            b'$' if i + 1 < n => {
                let next = b[i + 1];
                if next == b'(' {
                    flush(&mut out, &mut lit_start, i, dq);
                    let arith = b.get(i + 2) == Some(&b'(');
                    let end = closing(b, i + 1, b'(', b')');
                    out.push(Piece {
                        kind: if arith { Kind::Arith } else { Kind::CommandSub },
                        start: i,
                        end,
                        quoted: dq,
                    });
                    i = end;
                } else if next == b'{' {
                    flush(&mut out, &mut lit_start, i, dq);
                    let end = closing(b, i + 1, b'{', b'}');
                    let inner_end = if end > i + 2 && b[end - 1] == b'}' {
                        end - 1
                    } else {
                        end
                    };
                    let inner = &raw[(i + 2).min(inner_end)..inner_end];
                    let (length, rest) = match inner.strip_prefix('#') {
                        Some(r) if !r.is_empty() => (true, r),
                        _ => (false, inner),
                    };
                    let rest = rest.strip_prefix('!').unwrap_or(rest);
                    let name_len = param_name_len(rest);
                    out.push(Piece {
                        kind: Kind::Param {
                            name: &rest[..name_len],
                            length,
                            modified: name_len < rest.len(),
                        },
                        start: i,
                        end,
                        quoted: dq,
                    });
                    i = end;
                } else if next == b'\'' && !dq {
                    flush(&mut out, &mut lit_start, i, dq);
                    let mut j = i + 2;
                    while j < n && b[j] != b'\'' {
                        j += if b[j] == b'\\' { 2 } else { 1 };
                    }
                    let end = (j + 1).min(n);
                    out.push(Piece {
                        kind: Kind::AnsiC,
                        start: i,
                        end,
                        quoted: false,
                    });
                    i = end;
                } else {
                    let rest = &raw[i + 1..];
                    let len = if next.is_ascii_alphabetic() || next == b'_' {
                        param_name_len(rest)
                    } else if next.is_ascii_digit() || b"@*#?$!-".contains(&next) {
                        1
                    } else {
                        0
                    };
                    if len == 0 {
                        if lit_start.is_none() {
                            lit_start = Some(i);
                        }
                        i += 1;
                    } else {
                        flush(&mut out, &mut lit_start, i, dq);
                        out.push(Piece {
                            kind: Kind::Param {
                                name: &rest[..len],
                                length: false,
                                modified: false,
                            },
                            start: i,
                            end: i + 1 + len,
                            quoted: dq,
                        });
                        i += 1 + len;
                    }
                }
            }
            _ => {
                if lit_start.is_none() {
                    lit_start = Some(i);
                }
                i += 1;
            }
        }
    }
    flush(&mut out, &mut lit_start, n, dq);
    out
}

/// Length of the parameter name at the start of `s`: a name, one digit or
/// one special character (`@*#?$!-`).
fn param_name_len(s: &str) -> usize {
    let b = s.as_bytes();
    match b.first() {
        Some(c) if c.is_ascii_alphabetic() || *c == b'_' => b
            .iter()
            .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
            .unwrap_or(b.len()),
        Some(c) if c.is_ascii_digit() => b
            .iter()
            .position(|c| !c.is_ascii_digit())
            .unwrap_or(b.len()),
        Some(c) if b"@*#?$!-".contains(c) => 1,
        _ => 0,
    }
}

/// The offset just past the `close` matching the `open` at `at`, skipping
/// quotes and escapes; the end of `b` when it is missing.
fn closing(b: &[u8], at: usize, open: u8, close: u8) -> usize {
    let mut depth = 0usize;
    let mut i = at;
    let mut sq = false;
    let mut dq = false;
    while i < b.len() {
        let c = b[i];
        if sq {
            if c == b'\'' {
                sq = false;
            }
        } else if c == b'\\' {
            i += 1;
        } else if c == b'\'' && !dq {
            sq = true;
        } else if c == b'"' {
            dq = !dq;
        } else if !dq && c == open {
            depth += 1;
        } else if !dq && c == close {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return i + 1;
            }
        } else if dq && c == b'$' && b.get(i + 1) == Some(&open) {
            // `"$(…)"` inside the substitution: its parentheses count.
            depth += 1;
            i += 1;
        }
        i += 1;
    }
    b.len()
}

/// The name of a simple command as ShellCheck reads it (the literal first
/// word, its last path segment).
pub fn name_of(cmd: &SimpleCommand) -> Option<&str> {
    let w = cmd.words.first()?;
    if w.has_expansion {
        return None;
    }
    let v = w.value.as_str();
    Some(&v[crate::syntax::shell::after_last_slash(v)..])
}

/// The spans of the commands of `run` named `name` (as [`name_of`] reads
/// them).
pub fn commands_named(run: &ShellRun, name: &str) -> Vec<Span> {
    run.named(&[name]).map(|(_, c)| c.span).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(raw: &str) -> Vec<(String, bool)> {
        pieces(raw)
            .into_iter()
            .map(|p| (raw[p.start..p.end].to_string(), p.quoted))
            .collect()
    }

    #[test]
    fn words_split_into_parts() {
        assert_eq!(
            kinds(r#"a"$b c"'$d'$(e "f)")${g:-h}`i`$((1+2))"#),
            vec![
                ("a".into(), false),
                ("$b".into(), true),
                (" c".into(), true),
                ("'$d'".into(), false),
                ("$(e \"f)\")".into(), false),
                ("${g:-h}".into(), false),
                ("`i`".into(), false),
                ("$((1+2))".into(), false),
            ]
        );
        let p = pieces("${#A}");
        assert_eq!(
            p[0].kind,
            Kind::Param {
                name: "A",
                length: true,
                modified: false
            }
        );
        assert!(matches!(
            &pieces("${A%.*}")[0].kind,
            Kind::Param { modified: true, .. }
        ));
        assert!(matches!(&pieces("$1x")[0].kind, Kind::Param { name, .. } if *name == "1"));
    }

    #[test]
    fn broken_words_never_panic() {
        for raw in [
            "\"", "'", "$(", "${", "`", "$((", "\\", "$", "é\\é", "\"$(\"", "${#}", "$'",
        ] {
            let p = pieces(raw);
            assert!(p.iter().all(|p| p.end <= raw.len()), "{raw}");
        }
    }

    fn sc(text: &str, config: &crate::Config) -> Vec<(String, usize)> {
        crate::lint(text, config)
            .into_iter()
            .filter(|d| d.code.starts_with("SC"))
            .map(|d| (d.code.to_string(), d.start.line))
            .collect()
    }

    #[test]
    fn one_finding_per_run_on_its_first_line() {
        let config = crate::Config::default();
        // An unquoted `$dir` (SC2086) and, further on, `source` (SC3046):
        // the further one is shown, on the RUN's line, as hadolint does.
        let text = "FROM debian:12\nRUN dir=$(mktemp -d) && \\\n    cp x $dir && \\\n    source /etc/profile\n";
        assert_eq!(sc(text, &config), vec![("SC3046".to_string(), 2)]);
        let d = crate::lint(text, &config);
        let d = d.iter().find(|d| d.code == "SC3046").expect("reported");
        // The anchor is the exact place, and the exact span its extent.
        assert_eq!(&text[d.anchor()..d.anchor() + 6], "source");
        let exact = d.exact_span();
        assert_eq!(&text[exact.start..exact.end], "source /etc/profile");
    }

    #[test]
    fn pragmas_config_and_shells_silence_them() {
        let config = crate::Config::default();
        let bad = "RUN echo $bar\n";
        assert_eq!(
            sc(&format!("FROM debian:12\n{bad}"), &config),
            vec![("SC2086".to_string(), 2)]
        );
        let text = format!("FROM debian:12\n# hadolint ignore=SC2086\n{bad}");
        assert!(sc(&text, &config).is_empty());
        let ignoring = crate::Config {
            ignored: vec!["SC2086".into()],
            ..Default::default()
        };
        assert!(sc(&format!("FROM debian:12\n{bad}"), &ignoring).is_empty());
        // A `# hadolint shell=` pragma naming PowerShell: not shell.
        let text = format!("# hadolint shell=powershell\nFROM debian:12\n{bad}");
        assert!(sc(&text, &config).is_empty());
        // A shell ShellCheck does not read.
        let text = format!("FROM debian:12\nSHELL [\"/bin/zsh\", \"-c\"]\n{bad}");
        assert!(sc(&text, &config).is_empty());
        // Exec form is not read as shell.
        assert!(sc("FROM debian:12\nRUN [\"echo\", \"$bar\"]\n", &config).is_empty());
    }

    #[test]
    fn dialects() {
        assert_eq!(Dialect::of("/bin/sh"), Some(Dialect::Sh));
        assert_eq!(Dialect::of("/bin/bash"), Some(Dialect::Bash));
        assert_eq!(Dialect::of("zsh"), None);
        assert_eq!(Dialect::of("powershell"), None);
    }
}
