//! Dockerfile word expansion: `$A`, `${A}`, `${A:-x}`, `${A-x}`,
//! `${A:+x}`, `${A+x}`, `${A:?x}`, `${A?x}`, `${A#p}`, `${A##p}`, `${A%p}`,
//! `${A%%p}`, with quote removal and the escape character, as BuildKit
//! processes the words of `FROM`, `COPY`, `ENV`, `LABEL`, `USER` …
//!
//! Variables whose value cannot be known (an `ARG` without default, a
//! variable the base image may define) are kept *as written* in the
//! result and named in [`Resolved::unknown`], so a rule can tell "this
//! image has no tag" from "this image's tag comes from a variable".

use std::collections::BTreeMap;

use super::{Var, VarKind};
use crate::syntax::{Body, Dockerfile, KeyValue, Keyword};

/// The outcome of [`resolve`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resolved {
    /// The text with quotes removed and every known variable substituted;
    /// unknown variables are kept as written (`${TAG}`).
    pub value: String,
    /// Variables whose values cannot be known here, in order of use.
    pub unknown: Vec<String>,
    /// Variables that are certainly not defined (they expand to nothing,
    /// as BuildKit does; BuildKit's `UndefinedVar` reports them).
    pub undefined: Vec<String>,
}

impl Resolved {
    /// True when the value is exactly what BuildKit will use.
    pub fn is_complete(&self) -> bool {
        self.unknown.is_empty()
    }
}

/// What an undeclared variable means where the text is expanded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Undeclared {
    /// Before the first `FROM` and in `FROM` lines: nothing can define it,
    /// it expands to the empty string.
    Empty,
    /// Inside a stage: the base image's environment may define it.
    Unknown,
}

/// The variables an expansion can see.
/// Where variables are looked up.
pub trait Vars {
    fn var(&self, name: &str) -> Option<&Var>;
}

impl Vars for BTreeMap<String, Var> {
    fn var(&self, name: &str) -> Option<&Var> {
        self.get(name)
    }
}

impl Vars for BTreeMap<std::rc::Rc<str>, Var> {
    fn var(&self, name: &str) -> Option<&Var> {
        self.get(name)
    }
}

/// No variable at all (a word without `$` looks none up).
pub struct NoVars;

impl Vars for NoVars {
    fn var(&self, _: &str) -> Option<&Var> {
        None
    }
}

pub struct Env<'a> {
    pub vars: &'a dyn Vars,
    pub undeclared: Undeclared,
    pub escape: char,
}

/// Nesting deeper than this (`${A:-${B:-${C…}}}`) is kept as written.
const MAX_DEPTH: usize = 16;

/// At most this many bytes of variable values are substituted into one
/// word; past it, variables count as unknown (kept as written). Without a
/// bound, `ENV A=$A$A` repeated 40 times would double a value 40 times.
pub const MAX_SUBSTITUTED: usize = 64 * 1024;

/// True when `text` has no `$`, quote or escape character: [`resolve`]
/// keeps every character as it is, so its value is the text, complete.
pub fn is_literal(text: &str, escape: char) -> bool {
    if escape.is_ascii() {
        // Bytes, not characters: an ASCII character is the byte itself,
        // and no byte of a multi-byte character is ASCII.
        let esc = escape as u8;
        !text
            .bytes()
            .any(|b| matches!(b, b'$' | b'\'' | b'"') || b == esc)
    } else {
        !text.contains(['$', '\'', '"', escape])
    }
}

/// Expand `text` as a Dockerfile word.
pub fn resolve(text: &str, env: &Env) -> Resolved {
    // No `$`, quote or escape character: every character is kept as it
    // is, so the value is the text (without a copy of it as characters).
    if is_literal(text, env.escape) {
        return Resolved {
            value: text.to_string(),
            ..Resolved::default()
        };
    }
    let mut out = Resolved::default();
    let chars: Vec<char> = text.chars().collect();
    let mut p = Processor {
        chars: &chars,
        pos: 0,
        env,
        out: &mut out,
        budget: MAX_SUBSTITUTED,
    };
    let value = p.word(0, None);
    out.value = value;
    out
}

enum Lookup {
    Set(String),
    /// Declared without a value anyone can know.
    Unknown,
    /// Certainly unset.
    Unset,
}

struct Processor<'a, 'e> {
    chars: &'a [char],
    pos: usize,
    env: &'e Env<'e>,
    out: &'a mut Resolved,
    /// Bytes of values that may still be substituted.
    budget: usize,
}

impl Processor<'_, '_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn lookup(&mut self, name: &str) -> Lookup {
        match self.env.vars.var(name) {
            Some(var) => match &var.value {
                Some(v) if v.len() <= self.budget => {
                    self.budget -= v.len();
                    Lookup::Set(v.to_string())
                }
                // Too much text to know (see `MAX_SUBSTITUTED`).
                Some(_) => Lookup::Unknown,
                None => Lookup::Unknown,
            },
            None => match self.env.undeclared {
                Undeclared::Empty => Lookup::Unset,
                Undeclared::Unknown => Lookup::Unknown,
            },
        }
    }

    fn note_unknown(&mut self, name: &str) {
        if !self.out.unknown.iter().any(|n| n == name) {
            self.out.unknown.push(name.to_string());
        }
    }

    fn note_undefined(&mut self, name: &str) {
        if !self.out.undefined.iter().any(|n| n == name) {
            self.out.undefined.push(name.to_string());
        }
    }

    /// Read until the end, or until `stop` (a `}` closing a `${…}` at
    /// `depth` > 0), processing quotes, escapes and expansions.
    fn word(&mut self, depth: usize, stop: Option<char>) -> String {
        let mut value = String::new();
        while let Some(c) = self.peek() {
            if Some(c) == stop {
                break;
            }
            if c == self.env.escape {
                self.pos += 1;
                match self.peek() {
                    Some(next) => {
                        value.push(next);
                        self.pos += 1;
                    }
                    None => value.push(c),
                }
            } else if c == '\'' {
                self.pos += 1;
                while let Some(q) = self.peek() {
                    self.pos += 1;
                    if q == '\'' {
                        break;
                    }
                    value.push(q);
                }
            } else if c == '"' {
                self.pos += 1;
                while let Some(q) = self.peek() {
                    if q == '"' {
                        self.pos += 1;
                        break;
                    }
                    if q == self.env.escape {
                        match self.chars.get(self.pos + 1).copied() {
                            Some(n @ ('"' | '$')) => {
                                value.push(n);
                                self.pos += 2;
                            }
                            Some(n) if n == self.env.escape => {
                                value.push(n);
                                self.pos += 2;
                            }
                            _ => {
                                value.push(q);
                                self.pos += 1;
                            }
                        }
                    } else if q == '$' {
                        let expanded = self.dollar(depth);
                        value.push_str(&expanded);
                    } else {
                        value.push(q);
                        self.pos += 1;
                    }
                }
            } else if c == '$' {
                let expanded = self.dollar(depth);
                value.push_str(&expanded);
            } else {
                value.push(c);
                self.pos += 1;
            }
        }
        value
    }

    /// At a `$`: expand what follows and advance past it.
    fn dollar(&mut self, depth: usize) -> String {
        let start = self.pos;
        self.pos += 1;
        match self.peek() {
            Some('{') => {
                self.pos += 1;
                self.braced(start, depth)
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let name_start = self.pos;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    self.pos += 1;
                }
                let name: String = self.chars[name_start..self.pos].iter().collect();
                match self.lookup(&name) {
                    Lookup::Set(v) => v,
                    Lookup::Unknown => {
                        self.note_unknown(&name);
                        self.chars[start..self.pos].iter().collect()
                    }
                    Lookup::Unset => {
                        self.note_undefined(&name);
                        String::new()
                    }
                }
            }
            // A lone `$` (or `$1`, `$$`…) is literal, as in BuildKit.
            _ => "$".to_string(),
        }
    }

    /// After `${`: the name, an optional operator and word, then `}`.
    fn braced(&mut self, start: usize, depth: usize) -> String {
        let name_start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            self.pos += 1;
        }
        let name: String = self.chars[name_start..self.pos].iter().collect();
        // Operator.
        let mut op = String::new();
        if self.peek() == Some(':') {
            op.push(':');
            self.pos += 1;
        }
        match self.peek() {
            Some(c @ ('-' | '+' | '?')) => {
                op.push(c);
                self.pos += 1;
            }
            Some(c @ ('#' | '%')) if op.is_empty() => {
                op.push(c);
                self.pos += 1;
                if self.peek() == Some(c) {
                    op.push(c);
                    self.pos += 1;
                }
            }
            _ => {}
        }
        let mut junk = false;
        let word = if op.is_empty() || op == ":" || depth >= MAX_DEPTH {
            // Skip to the closing brace without interpreting anything.
            while self.peek().is_some_and(|c| c != '}') {
                self.pos += 1;
                junk = true;
            }
            None
        } else {
            Some(self.word(depth + 1, Some('}')))
        };
        let closed = self.peek() == Some('}');
        if closed {
            self.pos += 1;
        }
        let as_written: String = self.chars[start..self.pos].iter().collect();
        if name.is_empty() || !closed || junk || op == ":" || (word.is_none() && !op.is_empty()) {
            // Malformed (BuildKit refuses it) or too deep: keep it.
            return as_written;
        }
        let looked = self.lookup(&name);
        let word = word.unwrap_or_default();
        match (op.as_str(), looked) {
            ("", Lookup::Set(v)) => v,
            (_, Lookup::Unknown) => {
                self.note_unknown(&name);
                as_written
            }
            ("", Lookup::Unset) => {
                self.note_undefined(&name);
                String::new()
            }
            (":-", Lookup::Set(v)) => {
                if v.is_empty() {
                    word
                } else {
                    v
                }
            }
            ("-", Lookup::Set(v)) => v,
            (":-" | "-", Lookup::Unset) => word,
            (":+", Lookup::Set(v)) => {
                if v.is_empty() {
                    String::new()
                } else {
                    word
                }
            }
            ("+", Lookup::Set(_)) => word,
            (":+" | "+", Lookup::Unset) => String::new(),
            (":?", Lookup::Set(v)) if !v.is_empty() => v,
            ("?", Lookup::Set(v)) => v,
            // `${A:?msg}` with A empty or unset fails the build.
            (":?" | "?", _) => {
                self.note_undefined(&name);
                as_written
            }
            ("#", Lookup::Set(v)) => strip_prefix(&v, &word, false),
            ("##", Lookup::Set(v)) => strip_prefix(&v, &word, true),
            ("%", Lookup::Set(v)) => strip_suffix(&v, &word, false),
            ("%%", Lookup::Set(v)) => strip_suffix(&v, &word, true),
            (_, Lookup::Unset) => {
                self.note_undefined(&name);
                String::new()
            }
            (_, Lookup::Set(v)) => v,
        }
    }
}

/// Shell glob match of a whole string: `*`, `?`, anything else literal.
fn glob_match(pattern: &[char], text: &[char]) -> bool {
    // Iterative matcher with single-star backtracking.
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == '?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == '*' {
            star = Some((p, t));
            p += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

fn strip_prefix(value: &str, pattern: &str, longest: bool) -> String {
    let v: Vec<char> = value.chars().collect();
    let p: Vec<char> = pattern.chars().collect();
    let mut ends: Vec<usize> = (0..=v.len()).collect();
    if longest {
        ends.reverse();
    }
    for end in ends {
        if glob_match(&p, &v[..end]) {
            return v[end..].iter().collect();
        }
    }
    value.to_string()
}

fn strip_suffix(value: &str, pattern: &str, longest: bool) -> String {
    let v: Vec<char> = value.chars().collect();
    let p: Vec<char> = pattern.chars().collect();
    let mut starts: Vec<usize> = (0..=v.len()).rev().collect();
    if longest {
        starts.reverse();
    }
    for start in starts {
        if glob_match(&p, &v[start..]) {
            return v[..start].iter().collect();
        }
    }
    value.to_string()
}

// Variable references and the global scope of `FROM` lines (BuildKit's
// checks read them).

/// The names a word refers to with `$NAME` or `${NAME…}` (nested
/// defaults included), in order, without duplicates. Single quotes and
/// the escape character suppress expansion, as in BuildKit's word
/// processing.
pub fn var_refs(text: &str, escape: char) -> Vec<String> {
    refs(text, escape, true)
}

/// [`var_refs`] for text whose quotes do not matter (a heredoc body
/// BuildKit expands: `SkipProcessQuotes`).
pub fn var_refs_ignoring_quotes(text: &str, escape: char) -> Vec<String> {
    refs(text, escape, false)
}

fn refs(text: &str, escape: char, quotes: bool) -> Vec<String> {
    // Byte offsets, stepping a character at a time (quotes, `$`, braces
    // and names are ASCII), instead of a copy of the text as characters.
    let bytes = text.as_bytes();
    let step = |i: usize| i + text[i..].chars().next().map_or(1, char::len_utf8);
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    let mut in_double = false;
    while i < bytes.len() {
        let c = text[i..].chars().next().unwrap_or('\0');
        if c == escape {
            i = step(i);
            if i < bytes.len() {
                i = step(i);
            }
            continue;
        }
        if c == '\'' && quotes && !in_double {
            // Skip to the closing quote.
            i = match bytes[i + 1..].iter().position(|&b| b == b'\'') {
                Some(p) => i + 1 + p + 1,
                None => bytes.len(),
            };
            continue;
        }
        if c == '"' && quotes {
            in_double = !in_double;
            i += 1;
            continue;
        }
        if c == '$' {
            let mut j = i + 1;
            if bytes.get(j) == Some(&b'{') {
                j += 1;
            }
            let start = j;
            if bytes
                .get(j)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
            {
                while bytes
                    .get(j)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
                {
                    j += 1;
                }
                let name = &text[start..j];
                if !out.iter().any(|n| n == name) {
                    out.push(name.to_string());
                }
            }
            i = j.max(i + 1);
            continue;
        }
        i = step(i);
    }
    out
}

/// The arguments BuildKit defines for every build (`defaultArgs`), as
/// `FROM` lines see them ([`default_global_env`]). `Semantics` declares
/// the eight of [`super::PREDEFINED_ARGS`] in every scope; making the two
/// lists one would change which variables rules see as declared, so it is
/// left for a change that checks parity.
pub const PREDEFINED: [&str; 11] = [
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDOSVERSION",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETOSVERSION",
    "TARGETARCH",
    "TARGETVARIANT",
    "TARGETSTAGE",
];

/// The `ARG`s before the first `FROM` (BuildKit's meta arguments), in
/// order.
pub fn global_args(file: &Dockerfile) -> impl Iterator<Item = &KeyValue> {
    file.instructions
        .iter()
        .take_while(|i| i.keyword != Keyword::From)
        .filter_map(|i| match &i.body {
            Body::Arg(pairs) => Some(pairs.iter()),
            _ => None,
        })
        .flatten()
}

/// What `FROM` lines see when no `--build-arg` is given (BuildKit's
/// `buildMetaArgs` without build arguments): each global `ARG` with a
/// default has it, one without is unset, and the predefined platform
/// arguments, whose values depend on the machine, are unknown.
pub fn default_global_env(file: &Dockerfile) -> BTreeMap<String, Var> {
    let mut vars = BTreeMap::new();
    for name in PREDEFINED {
        vars.insert(
            name.to_string(),
            Var {
                name: name.into(),
                value: None,
                kind: VarKind::Predefined,
                defined_at: None,
            },
        );
    }
    for kv in global_args(file) {
        let Some(default) = &kv.value else { continue };
        let r = expand_with(&vars, &default.text, file.escape);
        vars.insert(
            kv.key.text.clone(),
            Var {
                name: kv.key.text.as_str().into(),
                value: r.is_complete().then(|| r.value.into()),
                kind: VarKind::Arg,
                defined_at: None,
            },
        );
    }
    vars
}

/// `text` expanded as a `FROM` word with `vars` (an undeclared variable
/// is empty).
pub fn expand_with(vars: &BTreeMap<String, Var>, text: &str, escape: char) -> Resolved {
    resolve(
        text,
        &Env {
            vars,
            undeclared: Undeclared::Empty,
            escape,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semantics::{Var, VarKind};

    fn vars(pairs: &[(&str, Option<&str>)]) -> BTreeMap<String, Var> {
        pairs
            .iter()
            .map(|(k, v)| {
                (
                    k.to_string(),
                    Var {
                        name: (*k).into(),
                        value: v.map(Into::into),
                        kind: VarKind::Arg,
                        defined_at: None,
                    },
                )
            })
            .collect()
    }

    fn run(text: &str, undeclared: Undeclared) -> Resolved {
        let vars = vars(&[
            ("A", Some("alpha")),
            ("EMPTY", Some("")),
            ("U", None),
            ("V", Some("1.2.3")),
        ]);
        resolve(
            text,
            &Env {
                vars: &vars,
                undeclared,
                escape: '\\',
            },
        )
    }

    fn value(text: &str) -> String {
        run(text, Undeclared::Empty).value
    }

    #[test]
    fn plain_and_braced() {
        assert_eq!(value("$A"), "alpha");
        assert_eq!(value("${A}"), "alpha");
        assert_eq!(value("x${A}y"), "xalphay");
        assert_eq!(value("$A-$V"), "alpha-1.2.3");
        assert_eq!(value("img:$V"), "img:1.2.3");
    }

    #[test]
    fn modifiers() {
        assert_eq!(value("${MISSING:-dflt}"), "dflt");
        assert_eq!(value("${MISSING-dflt}"), "dflt");
        assert_eq!(value("${EMPTY:-dflt}"), "dflt");
        assert_eq!(value("${EMPTY-dflt}"), "");
        assert_eq!(value("${A:-dflt}"), "alpha");
        assert_eq!(value("${A:+set}"), "set");
        assert_eq!(value("${EMPTY:+set}"), "");
        assert_eq!(value("${EMPTY+set}"), "set");
        assert_eq!(value("${MISSING:+set}"), "");
        assert_eq!(value("${MISSING:-${A}}"), "alpha");
        assert_eq!(value("${MISSING:-${OTHER:-deep}}"), "deep");
    }

    #[test]
    fn pattern_removal() {
        assert_eq!(value("${V#*.}"), "2.3");
        assert_eq!(value("${V##*.}"), "3");
        assert_eq!(value("${V%.*}"), "1.2");
        assert_eq!(value("${V%%.*}"), "1");
        assert_eq!(value("${V#nomatch}"), "1.2.3");
    }

    #[test]
    fn unknown_is_kept_as_written() {
        let r = run("repo:${U}", Undeclared::Empty);
        assert_eq!(r.value, "repo:${U}");
        assert_eq!(r.unknown, vec!["U"]);
        assert!(!r.is_complete());
        let r = run("repo:${U:-x}", Undeclared::Empty);
        assert_eq!(r.value, "repo:${U:-x}");
        let r = run("$HOME/bin", Undeclared::Unknown);
        assert_eq!(r.value, "$HOME/bin");
        assert_eq!(r.unknown, vec!["HOME"]);
    }

    #[test]
    fn undefined_is_empty_before_stages() {
        let r = run("${REG}ubuntu", Undeclared::Empty);
        assert_eq!(r.value, "ubuntu");
        assert!(r.is_complete());
        assert_eq!(r.undefined, vec!["REG"]);
    }

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(value("\"a b\""), "a b");
        assert_eq!(value("'$A'"), "$A");
        assert_eq!(value("\"$A\""), "alpha");
        assert_eq!(value("\\$A"), "$A");
        assert_eq!(value("\"x\\\"y\""), "x\"y");
        assert_eq!(value("a\\ b"), "a b");
        assert_eq!(value("$"), "$");
        assert_eq!(value("cost$"), "cost$");
        assert_eq!(value("$1"), "$1");
    }

    #[test]
    fn backtick_escape() {
        let vars = vars(&[("A", Some("x"))]);
        let env = Env {
            vars: &vars,
            undeclared: Undeclared::Empty,
            escape: '`',
        };
        assert_eq!(resolve("`$A", &env).value, "$A");
        assert_eq!(resolve("C:\\dir\\$A", &env).value, "C:\\dir\\x");
    }

    #[test]
    fn malformed_is_kept() {
        assert_eq!(value("${A"), "${A");
        assert_eq!(value("${}"), "${}");
        assert_eq!(value("${A:}"), "${A:}");
    }

    #[test]
    fn deep_nesting_terminates() {
        let text = "${X:-".repeat(10_000) + &"}".repeat(10_000);
        let r = value(&text);
        assert!(!r.is_empty());
    }

    #[test]
    fn glob() {
        let m = |p: &str, t: &str| {
            glob_match(
                &p.chars().collect::<Vec<_>>(),
                &t.chars().collect::<Vec<_>>(),
            )
        };
        assert!(m("*", ""));
        assert!(m("a*c", "abbbc"));
        assert!(m("a?c", "abc"));
        assert!(!m("a?c", "ac"));
        assert!(!m("abc", "abd"));
    }
}
