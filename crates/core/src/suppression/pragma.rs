//! Comment pragmas, as hadolint reads them and under our own name:
//!
//! - `# hadolint ignore=DL3008,DL3015` silences those codes on the
//!   instruction that starts on the next line.
//! - `# hadolint global ignore=…` silences them in the whole file.
//! - `# hadolint stage ignore=…` silences them from the next line to the
//!   end of that stage (hadolint 2.15).
//! - `# hadolint shell=powershell` declares the shell of the base image;
//!   with a non-POSIX shell, shell-parsing rules skip `RUN`s after it
//!   (see [`crate::semantics::Semantics::shell_is_posix`]).
//!
//! `drydock` may stand in place of `hadolint`, and our pragmas also take
//! rule names (`# drydock ignore=latest-tag`) and BuildKit check names.
//! A list spelled `hadolint` is read as hadolint reads it: one name that
//! is not made of D, L, S, C and digits drops the whole list.
//! As in hadolint, a trailing `# reason` comment is allowed after the
//! list; unlike hadolint, a reason written without the extra `#` does
//! not void the pragma (see `docs/hadolint-differences.md`).
//!
//! Read here; applied by [`super::apply`] (ignore forms) and read by
//! `semantics` (the shell).

use crate::syntax::{Dockerfile, Span};

/// One pragma comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pragma {
    Ignore(Vec<String>),
    GlobalIgnore(Vec<String>),
    StageIgnore(Vec<String>),
    Shell(String),
}

/// Parse a comment's text (what follows `#`). `None` when it is not a
/// pragma.
pub fn parse(comment: &str) -> Option<Pragma> {
    let rest = comment.trim_start_matches([' ', '\t']);
    let hadolint = strip_word(rest, "hadolint");
    let spelled_hadolint = hadolint.is_some();
    let rest = hadolint.or_else(|| strip_word(rest, "drydock"))?;
    // At least one blank after the tool name.
    let after = rest.trim_start_matches([' ', '\t']);
    if after.len() == rest.len() {
        return None;
    }
    if let Some(v) = strip_word(after, "shell") {
        let v = strip_equals(v)?;
        let name: String = v
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '#')
            .collect();
        return (!name.is_empty()).then_some(Pragma::Shell(name));
    }
    let (kind, after) = if let Some(v) = strip_word(after, "global") {
        (1, v.trim_start_matches([' ', '\t']))
    } else if let Some(v) = strip_word(after, "stage") {
        (2, v.trim_start_matches([' ', '\t']))
    } else {
        (0, after)
    };
    let v = strip_equals(strip_word(after, "ignore")?)?;
    let codes = code_list(v);
    // hadolint reads a name as letters D, L, S, C and digits, and drops
    // the whole list when one name is anything else: so does a pragma
    // spelled `hadolint` (one spelled `drydock` takes rule names too).
    if codes.is_empty() || (spelled_hadolint && !codes.iter().all(|c| is_hadolint_code(c))) {
        return None;
    }
    Some(match kind {
        1 => Pragma::GlobalIgnore(codes),
        2 => Pragma::StageIgnore(codes),
        _ => Pragma::Ignore(codes),
    })
}

/// A name hadolint reads in an ignore list: the letters D, L, S, C and
/// digits (`DL3008`, `SC2086`, and our `DD001`).
pub fn is_hadolint_code(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| matches!(c, 'D' | 'L' | 'S' | 'C' | '0'..='9'))
}

fn strip_word<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let head = text.get(..word.len())?;
    head.eq_ignore_ascii_case(word).then(|| &text[word.len()..])
}

fn strip_equals(text: &str) -> Option<&str> {
    let t = text.trim_start_matches([' ', '\t']).strip_prefix('=')?;
    Some(t.trim_start_matches([' ', '\t']))
}

/// `DL3008, DL3015 # reason` → codes. Stops at `#` or at the first word
/// that is not a code.
fn code_list(text: &str) -> Vec<String> {
    let list = text.split('#').next().unwrap_or("");
    let mut codes = Vec::new();
    for part in list.split(',') {
        let part = part.trim();
        let code: String = part
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        if code.is_empty() {
            break;
        }
        codes.push(code.clone());
        if code.len() != part.len() {
            // `DL3008 because …`: the rest is a reason.
            break;
        }
    }
    codes
}

/// The pragmas of a file, located.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pragmas {
    /// Codes ignored everywhere.
    pub global: Vec<String>,
    /// `(line, codes)`: codes ignored on the instruction starting at that
    /// 1-based line.
    pub next_line: Vec<(usize, Vec<String>)>,
    /// `(line, codes)`: codes ignored from that 1-based line to the end of
    /// its stage.
    pub stage: Vec<(usize, Vec<String>)>,
    /// `(byte offset, shell)`: the shell declared from that offset on.
    pub shells: Vec<(usize, String)>,
    /// Every pragma comment with its span, in order (for DL1001).
    pub all: Vec<(Span, Pragma)>,
}

impl Pragmas {
    /// No ignore pragma: nothing to silence.
    pub fn ignores_nothing(&self) -> bool {
        self.global.is_empty() && self.next_line.is_empty() && self.stage.is_empty()
    }

    /// Read every comment that is not inside a continuation.
    pub fn collect(file: &Dockerfile) -> Pragmas {
        let mut out = Pragmas::default();
        let mut line = 1;
        let mut counted = 0;
        let source = file.source.as_bytes();
        for comment in &file.comments {
            if comment.in_continuation {
                continue;
            }
            let Some(pragma) = parse(&comment.text) else {
                continue;
            };
            let upto = comment.span.start.min(source.len());
            line += source[counted..upto]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            counted = upto;
            out.all.push((comment.span, pragma.clone()));
            match pragma {
                Pragma::Ignore(codes) => out.next_line.push((line + 1, codes)),
                Pragma::GlobalIgnore(codes) => out.global.extend(codes),
                Pragma::StageIgnore(codes) => out.stage.push((line + 1, codes)),
                Pragma::Shell(shell) => out.shells.push((comment.span.start, shell)),
            }
        }
        out
    }
}
