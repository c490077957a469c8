//! Parsing a text that shares most of its instructions with one already
//! parsed (the fix engine parses each rewrite of a file): the shell of a
//! `RUN`, `CMD`, `ENTRYPOINT` or `HEALTHCHECK` whose cooked text and
//! source layout are the earlier tree's is copied from it, its spans
//! moved to the new place, instead of parsed again. The tree is the one
//! [`parse`](super::parse) makes (`tests/incremental.rs` checks it on
//! every corpus file and every text the fix engine parses).

use rustc_hash::FxHashMap;

use super::ast::{Body, CommandForm, Cooked, Dockerfile, HealthcheckBody, Instruction, Span};
use super::shell::{ForLoop, Script, ShellError, ShellWord, SimpleCommand};

/// The shell parses of an earlier tree, by what the shell parser reads
/// (see [`key`]), for [`super::parse_reusing`].
pub struct Earlier<'a> {
    scripts: FxHashMap<Vec<u8>, (usize, &'a Script)>,
    /// How many parses were copied.
    reused: std::cell::Cell<usize>,
}

impl<'a> Earlier<'a> {
    /// Index the shell-form commands of `file`.
    pub fn new(file: &'a Dockerfile) -> Self {
        let mut scripts = FxHashMap::default();
        for inst in &file.instructions {
            index(inst, &mut scripts);
        }
        Earlier {
            scripts,
            reused: std::cell::Cell::new(0),
        }
    }

    /// How many shell parses were copied (tests show they are).
    pub fn reused(&self) -> usize {
        self.reused.get()
    }

    /// [`super::shell::parse`] of `text`: a copy of the earlier parse of
    /// the same text and layout when there is one.
    pub(crate) fn parse_shell(&self, text: &Cooked) -> Script {
        if !self.scripts.is_empty() {
            if let Some(&(base, script)) = self.scripts.get(&key(text)) {
                self.reused.set(self.reused.get() + 1);
                let mut copy = script.clone();
                shift_script(&mut copy, base, text.span.start);
                return copy;
            }
        }
        super::shell::parse(text)
    }
}

fn index<'a>(inst: &'a Instruction, out: &mut FxHashMap<Vec<u8>, (usize, &'a Script)>) {
    let form = match &inst.body {
        Body::Run(f) | Body::Cmd(f) | Body::Entrypoint(f) => f,
        Body::Healthcheck(HealthcheckBody::Cmd(f)) => f,
        Body::Onbuild(inner) => return index(inner, out),
        _ => return,
    };
    if let CommandForm::Shell { text, script } = form {
        out.entry(key(text)).or_insert((text.span.start, script));
    }
}

/// Everything the shell parser reads of `text`, positions relative to its
/// start: the cooked text, its map back to the source and its length
/// there. Two texts with one key parse to the same script, spans moved by
/// the distance between their starts.
fn key(text: &Cooked) -> Vec<u8> {
    let base = text.span.start;
    let mut key = Vec::with_capacity(16 + 16 * text.map.len() + text.text.len());
    let number = |key: &mut Vec<u8>, n: usize| key.extend_from_slice(&(n as u64).to_le_bytes());
    number(&mut key, text.span.end.wrapping_sub(base));
    number(&mut key, text.map.len());
    for &(cooked, source) in &text.map {
        number(&mut key, cooked);
        number(&mut key, source.wrapping_sub(base));
    }
    key.extend_from_slice(text.text.as_bytes());
    key
}

/// Move every span of `script` from `from` to `to` (offsets relative to
/// the script's start kept). Every field is named: a new one must be
/// considered here.
fn shift_script(script: &mut Script, from: usize, to: usize) {
    let at = |n: &mut usize| *n = n.wrapping_sub(from).wrapping_add(to);
    let span = |s: &mut Span| {
        at(&mut s.start);
        at(&mut s.end);
    };
    let word = |w: &mut ShellWord| {
        let ShellWord {
            value: _,
            raw: _,
            span: s,
            quoted: _,
            has_expansion: _,
        } = w;
        span(s);
    };
    let Script {
        commands,
        errors,
        comments,
        loops,
        bangs,
    } = script;
    for c in commands {
        let SimpleCommand {
            assignments,
            words,
            redirects,
            span: s,
            op_before: _,
            depth: _,
            pipeline: _,
            in_substitution: _,
            in_subshell: _,
            in_compound: _,
            program_word: _,
            effective_word: _,
        } = c;
        span(s);
        assignments.iter_mut().for_each(word);
        words.iter_mut().for_each(word);
        redirects.iter_mut().for_each(word);
    }
    for e in errors {
        let ShellError {
            message: _,
            span: s,
        } = e;
        span(s);
    }
    comments.iter_mut().for_each(span);
    bangs.iter_mut().for_each(span);
    for l in loops {
        let ForLoop { var, items } = l;
        word(var);
        if let Some(items) = items {
            items.iter_mut().for_each(word);
        }
    }
}
