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

/// The shell parses of an earlier tree, found by what the shell parser
/// reads (see [`same_input`]), for [`super::parse_reusing`].
pub struct Earlier<'a> {
    /// By [`hash`]: the cooked texts and their parses.
    scripts: FxHashMap<u64, Vec<(&'a Cooked, &'a Script)>>,
    /// How many parses were copied.
    reused: std::cell::Cell<usize>,
}

impl<'a> Earlier<'a> {
    /// Index the shell-form commands of `file`.
    pub fn new(file: &'a Dockerfile) -> Self {
        let mut earlier = Earlier {
            scripts: FxHashMap::default(),
            reused: std::cell::Cell::new(0),
        };
        for inst in &file.instructions {
            earlier.index(inst);
        }
        earlier
    }

    fn index(&mut self, inst: &'a Instruction) {
        let form = match &inst.body {
            Body::Run(f) | Body::Cmd(f) | Body::Entrypoint(f) => f,
            Body::Healthcheck(HealthcheckBody::Cmd(f)) => f,
            Body::Onbuild(inner) => return self.index(inner),
            _ => return,
        };
        if let CommandForm::Shell { text, script } = form {
            let same = self.scripts.entry(hash(text)).or_default();
            if !same.iter().any(|(t, _)| same_input(t, text)) {
                same.push((text, script));
            }
        }
    }

    /// How many shell parses were copied (tests show they are).
    pub fn reused(&self) -> usize {
        self.reused.get()
    }

    /// [`super::shell::parse`] of `text`: a copy of the earlier parse of
    /// the same input when there is one.
    pub(crate) fn parse_shell(&self, text: &Cooked) -> Script {
        if !self.scripts.is_empty() {
            let found = self
                .scripts
                .get(&hash(text))
                .and_then(|same| same.iter().find(|(t, _)| same_input(t, text)));
            if let Some(&(earlier, script)) = found {
                self.reused.set(self.reused.get() + 1);
                let mut copy = script.clone();
                shift_script(&mut copy, earlier.span.start, text.span.start);
                return copy;
            }
        }
        super::shell::parse(text)
    }
}

/// Whether the shell parser reads the same of `a` and `b`, positions
/// relative to their starts: the cooked text, its map back to the source
/// and its length there. Then they parse to the same script, spans moved
/// by the distance between their starts.
fn same_input(a: &Cooked, b: &Cooked) -> bool {
    let (ba, bb) = (a.span.start, b.span.start);
    a.text == b.text
        && a.span.end.wrapping_sub(ba) == b.span.end.wrapping_sub(bb)
        && a.map.len() == b.map.len()
        && a.map
            .iter()
            .zip(&b.map)
            .all(|(&(ca, sa), &(cb, sb))| ca == cb && sa.wrapping_sub(ba) == sb.wrapping_sub(bb))
}

/// A hash of what [`same_input`] compares.
fn hash(text: &Cooked) -> u64 {
    use std::hash::{Hash, Hasher};
    let base = text.span.start;
    let mut h = rustc_hash::FxHasher::default();
    text.text.hash(&mut h);
    text.span.end.wrapping_sub(base).hash(&mut h);
    text.map.len().hash(&mut h);
    for &(cooked, source) in &text.map {
        cooked.hash(&mut h);
        source.wrapping_sub(base).hash(&mut h);
    }
    h.finish()
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
