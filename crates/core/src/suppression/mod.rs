//! Suppression: what silences a finding, in one place.
//!
//! - Comment pragmas ([`pragma`]), as hadolint reads them and under our
//!   own name: `# hadolint ignore=DL3008,DL3015` (the instruction starting
//!   on the next line), `# hadolint global ignore=…` (the whole file),
//!   `# hadolint stage ignore=…` (to the end of the stage); `drydock` may
//!   stand in place of `hadolint`, and entries may be rule names.
//!   `Config::disable_ignore_pragma` turns them off.
//! - BuildKit's `# check=` directive ([`check`]): the file's (or the
//!   `BUILDKIT_DOCKERFILE_CHECK` build argument, which replaces it), and
//!   the comments above one instruction; it governs BuildKit's checks
//!   only.
//!
//! Rules report everything they see; the lint pipeline
//! ([`crate::linter`]) calls [`apply`] once, after the rules ran.
//!
//! A layer below `semantics` (which reads the `shell=` pragma from
//! [`pragma::Pragmas`]) and `rules`: what it needs to know about them (a
//! rule's code from its name, which codes are BuildKit's, the stage of an
//! instruction) the pipeline hands it in a [`Lookup`].

use std::collections::{HashMap, HashSet};

use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic};
use crate::position::LineIndex;
use crate::syntax::Dockerfile;

pub mod check;
pub mod pragma;

use pragma::Pragmas;

/// What suppression needs from the layers above it.
pub struct Lookup<'a> {
    /// The code of the rule an entry names (a code or a rule name, any
    /// case), when it names one.
    pub rule_code: &'a dyn Fn(&str) -> Option<&'static str>,
    /// Whether a code is one of BuildKit's checks (the ones `# check=`
    /// governs).
    pub is_buildkit: &'a dyn Fn(&str) -> bool,
    /// The index of the stage instruction `i` belongs to.
    pub stage_of: &'a dyn Fn(usize) -> Option<usize>,
}

/// Drop the findings the file's `# check=` directives and (unless
/// `config.disable_ignore_pragma`) its ignore pragmas silence; raise the
/// BuildKit checks' findings to errors under `# check=error=true`.
pub fn apply(
    file: &Dockerfile,
    pragmas: &Pragmas,
    config: &Config,
    lookup: &Lookup,
    index: &LineIndex,
    diagnostics: &mut Vec<Diagnostic>,
) {
    check::apply_check_directives(file, config, diagnostics, lookup.is_buildkit);
    if !config.disable_ignore_pragma && !pragmas.ignores_nothing() {
        let silencer = Silencer::new(file, pragmas, lookup, index);
        diagnostics.retain(|d| !silencer.silences(d));
    }
}

/// Applies ignore pragmas to findings. The pragmas are indexed once (codes
/// resolved to the rules' [`Code`]s, lines in maps), so each finding costs
/// the same however many pragmas the file has, and nothing is allocated
/// per finding.
struct Silencer<'a> {
    file: &'a Dockerfile,
    index: &'a LineIndex,
    lookup: &'a Lookup<'a>,
    /// Codes of `# hadolint global ignore=`.
    global: HashSet<Key>,
    /// Line of an instruction → codes ignored on it.
    next_line: HashMap<usize, HashSet<Key>>,
    /// (stage, code) → first line from which a stage pragma ignores it.
    stage: HashMap<(usize, Key), usize>,
    /// Whether some entry names no rule (then a finding's code is also
    /// looked up upper-cased).
    unresolved: bool,
}

/// What a pragma entry silences: a rule's code, or (an entry naming no
/// rule) the entry upper-cased.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Key {
    Rule(Code),
    Other(String),
}

impl<'a> Silencer<'a> {
    fn new(
        file: &'a Dockerfile,
        pragmas: &'a Pragmas,
        lookup: &'a Lookup<'a>,
        index: &'a LineIndex,
    ) -> Self {
        let mut next_line: HashMap<usize, HashSet<Key>> = HashMap::new();
        for (line, codes) in &pragmas.next_line {
            next_line
                .entry(*line)
                .or_default()
                .extend(codes.iter().map(|c| rule_code(lookup, c)));
        }
        let mut stage: HashMap<(usize, Key), usize> = HashMap::new();
        for (line, codes) in &pragmas.stage {
            // The stage of the first instruction at or after the pragma.
            let first = file.instructions.partition_point(|i| i.line < *line);
            let Some(s) = (lookup.stage_of)(first) else {
                continue;
            };
            for code in codes {
                let from = stage.entry((s, rule_code(lookup, code))).or_insert(*line);
                *from = (*from).min(*line);
            }
        }
        let global: HashSet<Key> = pragmas
            .global
            .iter()
            .map(|c| rule_code(lookup, c))
            .collect();
        let other = |k: &Key| matches!(k, Key::Other(_));
        let unresolved = global.iter().any(other)
            || next_line.values().flatten().any(other)
            || stage.keys().any(|(_, k)| other(k));
        Silencer {
            file,
            index,
            lookup,
            global,
            next_line,
            stage,
            unresolved,
        }
    }

    /// The instruction whose span holds `offset`.
    fn instruction_at(&self, offset: usize) -> Option<usize> {
        let insts = &self.file.instructions;
        let i = insts.partition_point(|inst| inst.span.start <= offset);
        let i = i.checked_sub(1)?;
        (offset <= insts[i].span.end).then_some(i)
    }

    fn silences(&self, d: &Diagnostic) -> bool {
        let rule = Key::Rule(d.code);
        let other = self
            .unresolved
            .then(|| Key::Other(d.code.to_ascii_uppercase()));
        let keys = std::iter::once(&rule).chain(other.as_ref());
        for code in keys {
            if self.silences_as(d, code) {
                return true;
            }
        }
        false
    }

    /// Whether a pragma for `code` silences `d`.
    fn silences_as(&self, d: &Diagnostic, code: &Key) -> bool {
        if self.global.contains(code) {
            return true;
        }
        let inst = self.instruction_at(d.span.start);
        // Like hadolint, a finding belongs to the line its instruction
        // starts on.
        let line = match inst {
            Some(i) => self.file.instructions[i].line,
            None => self.index.line(d.span.start),
        };
        if self
            .next_line
            .get(&line)
            .is_some_and(|codes| codes.contains(code))
        {
            return true;
        }
        let Some(stage) = inst.and_then(|i| (self.lookup.stage_of)(i)) else {
            return false;
        };
        self.stage
            .get(&(stage, code.clone()))
            .is_some_and(|&from| from <= line)
    }
}

/// The code a pragma entry names (a code or a rule name, any case); an
/// entry naming no rule is kept as written, upper-cased.
fn rule_code(lookup: &Lookup, entry: &str) -> Key {
    match (lookup.rule_code)(entry) {
        Some(code) => Key::Rule(Code::new(code)),
        None => Key::Other(entry.to_ascii_uppercase()),
    }
}

#[cfg(test)]
mod tests;
