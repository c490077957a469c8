//! Applying fixes: choose, apply, re-lint, repeat to a fixed point.
//!
//! Each round lints the current text, keeps the fixes the [`Choices`]
//! allow, applies the ones whose edits do not overlap (the others wait for
//! the next round, when the text has been re-linted), and checks that the
//! result has no more syntax errors than before, and no more findings of
//! any code that will stay (findings without a fix the [`Choices`] apply):
//! a fix that would add either is dropped. Rounds repeat until no fix is
//! left to apply, at most [`MAX_ROUNDS`] times.
//!
//! Every finding is named by a [`SuggestionId`]: its code and the line, in
//! the *original* text, where it was reported. Offsets of later rounds are
//! mapped back through the edits already applied, so a suggestion keeps its
//! id whatever round it is applied in, and the app can send ids back to
//! reject suggestions.
//!
//! The work of a round is linear in the text and in the number of
//! findings (up to a log factor): chosen edits are kept in a map by
//! offset, ids in hash sets, and offsets are mapped back by binary search.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{Applicability, Edit, ExtraFile, Fix};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::position::LineIndex;
use crate::syntax::Span;
use crate::Inputs;

/// The most rounds [`fix_all`] runs.
pub const MAX_ROUNDS: usize = 10;

/// A stable name for one suggestion: `CODE@LINE`, the rule's code and the
/// 1-based line of the finding in the original text (`DL3015@3`).
///
/// Two findings of one rule on one line share an id: accepting or
/// rejecting applies to both.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SuggestionId(pub String);

impl SuggestionId {
    pub fn new(code: &str, line: usize) -> Self {
        SuggestionId(format!("{code}@{line}"))
    }
    /// The id of a finding of the original text (as [`crate::lint`]
    /// returns it: positions filled in).
    pub fn of(diagnostic: &Diagnostic) -> Self {
        SuggestionId::new(&diagnostic.code, diagnostic.start.line)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for SuggestionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which fixes to apply. The default applies every safe and suggested fix;
/// manual fixes (explanations) are never applied.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Choices {
    /// Apply safe fixes only (no suggested ones).
    pub safe_only: bool,
    /// When not empty, only fixes of these rules (codes or names, any case).
    pub only: Vec<String>,
    /// Suggestions the user turned off.
    pub rejected: Vec<SuggestionId>,
}

impl Choices {
    /// Every safe and suggested fix.
    pub fn all() -> Self {
        Choices::default()
    }

    /// Only safe fixes.
    pub fn safe_only() -> Self {
        Choices {
            safe_only: true,
            ..Choices::default()
        }
    }

    /// Why a fix of `code` with `applicability` and `id` is not applied,
    /// if it is not.
    #[cfg(test)]
    fn refuses(&self, code: &str, applicability: Applicability, id: &SuggestionId) -> Option<Skip> {
        Prepared::new(self).refuses(code, applicability, id)
    }
}

/// [`Choices`] made ready for many questions: the rejected ids in a set,
/// and `only` resolved once per rule code.
struct Prepared<'a> {
    choices: &'a Choices,
    rejected: HashSet<&'a SuggestionId>,
    /// Rule codes `only` names (or every code, when `only` is empty).
    only: Option<HashSet<String>>,
}

impl<'a> Prepared<'a> {
    fn new(choices: &'a Choices) -> Self {
        let only = (!choices.only.is_empty()).then(|| {
            let mut codes: HashSet<String> = choices
                .only
                .iter()
                .map(|c| c.trim().to_ascii_uppercase())
                .collect();
            codes.extend(
                crate::rules::RULES
                    .iter()
                    .filter(|r| choices.only.iter().any(|c| names_rule(c, r.code)))
                    .map(|r| r.code.to_ascii_uppercase()),
            );
            codes
        });
        Prepared {
            choices,
            rejected: choices.rejected.iter().collect(),
            only,
        }
    }

    /// Why a fix of `code` with `applicability` and `id` is not applied,
    /// if it is not.
    fn refuses(&self, code: &str, applicability: Applicability, id: &SuggestionId) -> Option<Skip> {
        if applicability == Applicability::Manual {
            return Some(Skip::Manual);
        }
        if let Some(only) = &self.only {
            if !only.contains(&code.to_ascii_uppercase()) {
                return Some(Skip::NotSelected);
            }
        }
        if self.choices.safe_only && applicability != Applicability::Safe {
            return Some(Skip::NotSafe);
        }
        if self.rejected.contains(id) {
            return Some(Skip::Rejected);
        }
        None
    }
}

/// `entry` names the rule `code` (by code or name, any case).
fn names_rule(entry: &str, code: &str) -> bool {
    let entry = entry.trim();
    entry.eq_ignore_ascii_case(code)
        || crate::rules::find(entry).is_some_and(|r| r.code.eq_ignore_ascii_case(code))
}

/// Why a fix was not applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Skip {
    /// Only an explanation: a human must choose.
    Manual,
    /// Not in [`Choices::only`].
    NotSelected,
    /// Suggested, and [`Choices::safe_only`] is set.
    NotSafe,
    /// The user rejected it.
    Rejected,
    /// Applying it would have added a syntax error.
    BreaksSyntax,
    /// Its edits overlap each other, or fall outside the text.
    InvalidEdits,
    /// Applying it would have added a finding that no chosen fix removes
    /// (a `sudo` dropped in front of an unpinned `apt-get install`).
    AddsFindings,
    /// Not checked: the fixes of this file interfere (together they add a
    /// finding or break the syntax) and finding which ones do would take
    /// more than [`MAX_TRIAL_BYTES`] of re-linting.
    Unchecked,
}

/// A fix that was applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AppliedFix {
    pub id: SuggestionId,
    pub code: String,
    /// The finding's message.
    pub message: String,
    /// What the fix does.
    pub fix_message: String,
    pub applicability: Applicability,
    /// 1-based line of the finding in the original text.
    pub line: usize,
    /// The round (0-based) it was applied in.
    pub round: usize,
}

/// A fix that was offered and not applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SkippedFix {
    pub id: SuggestionId,
    pub code: String,
    pub message: String,
    /// What the fix does, or (for a manual fix) what a human should do.
    pub fix_message: String,
    pub applicability: Applicability,
    pub line: usize,
    pub reason: Skip,
}

/// The result of [`fix_all`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FixOutcome {
    /// The rewritten text.
    pub text: String,
    /// Fixes applied, in the order they were applied.
    pub applied: Vec<AppliedFix>,
    /// Fixes offered and not applied, once each (by id and fix message),
    /// including the dropped ones ([`Skip::BreaksSyntax`]).
    pub skipped: Vec<SkippedFix>,
    /// Files the applied fixes create beside the Dockerfile (first one per
    /// path wins).
    pub files: Vec<ExtraFile>,
    /// Rounds run.
    pub rounds: usize,
    /// False when [`MAX_ROUNDS`] ran out while fixes were still being
    /// applied.
    pub converged: bool,
}

impl FixOutcome {
    /// The fixes dropped because they would have added a syntax error.
    pub fn dropped(&self) -> impl Iterator<Item = &SkippedFix> {
        self.skipped
            .iter()
            .filter(|s| s.reason == Skip::BreaksSyntax)
    }

    /// True when the text changed.
    pub fn changed(&self, original: &str) -> bool {
        self.text != original
    }
}

/// Apply the chosen fixes of every finding of `text`, repeatedly, until
/// none is left (see the module docs).
pub fn fix_all(text: &str, config: &Config, choices: &Choices) -> FixOutcome {
    fix_all_with(text, config, &Inputs::default(), choices)
}

/// [`fix_all`] with extra inputs (the `.dockerignore`).
pub fn fix_all_with(text: &str, config: &Config, inputs: &Inputs, choices: &Choices) -> FixOutcome {
    let original_index = LineIndex::new(text);
    let mut current = text.to_string();
    let mut history = History::default();
    let mut out = FixOutcome {
        text: String::new(),
        applied: Vec::new(),
        skipped: Vec::new(),
        files: Vec::new(),
        rounds: 0,
        converged: true,
    };
    let prepared = Prepared::new(choices);
    // (id, fix message) of fixes dropped (they broke the syntax or added
    // a lasting finding) in the current text, and why: not retried until
    // the text changes.
    let mut dropped: Dropped = HashMap::new();
    // The text changed since some of `dropped` were dropped.
    let mut stale_drops = false;
    // Files-only fixes already collected, by id and message.
    let mut files_seen: HashSet<(SuggestionId, String)> = HashSet::new();
    let mut skips = Skips::default();

    // Parses `text` once: its syntax errors, and its findings (unless it
    // has more syntax errors than `limit`).
    let check = |text: &str, limit: usize| -> (usize, Option<Vec<Diagnostic>>) {
        let file = crate::syntax::parse(text);
        let errors = file.errors.len();
        let found = (errors <= limit).then(|| crate::lint_parsed(&file, config, inputs));
        (errors, found)
    };
    // The syntax errors and findings of `current`, when the previous round
    // computed them.
    let mut linted: Option<(usize, Vec<Diagnostic>)> = None;
    // Text left to re-lint in culprit searches (see `MAX_TRIAL_BYTES`).
    let mut trial_budget = MAX_TRIAL_BYTES;
    for round in 0..MAX_ROUNDS {
        out.rounds = round + 1;
        let (errors, diagnostics) = linted.take().unwrap_or_else(|| {
            let (errors, found) = check(&current, usize::MAX);
            (errors, found.unwrap_or_default())
        });
        let sticky_now = sticky(&diagnostics, &prepared);
        // When a search by halving (a trial per step, each a full lint)
        // could cost more than the budget left, a failed round first looks
        // where the new lasting findings are (see `blame_locally`); for
        // that, where the lasting findings are now.
        let large = current.len().saturating_mul(MAX_TRIALS) > trial_budget;
        let lasting_now: Vec<(String, usize)> = if large {
            diagnostics
                .iter()
                .filter(|d| lasting(d, &prepared))
                .map(|d| (d.code.clone(), d.span.start))
                .collect()
        } else {
            Vec::new()
        };
        let mut candidates: Vec<Candidate> = Vec::new();
        for d in diagnostics {
            let Some(fix) = d.fix else { continue };
            let line = original_index.line(history.to_original(d.span.start).min(text.len()));
            let id = SuggestionId::new(&d.code, line);
            let key = (id.clone(), fix.message.clone());
            let refusal = if let Some(reason) = dropped.get(&key) {
                Some(*reason)
            } else if !edits_valid(&current, &fix.edits) {
                Some(Skip::InvalidEdits)
            } else {
                prepared.refuses(&d.code, fix.applicability, &id)
            };
            if let Some(reason) = refusal {
                skips.note(
                    &mut out.skipped,
                    &id,
                    &d.code,
                    &d.message,
                    &fix,
                    line,
                    reason,
                );
                continue;
            }
            if fix.edits.is_empty() {
                // Nothing to edit: only extra files (or nothing at all).
                if !fix.files.is_empty() && files_seen.insert(key) {
                    add_files(&mut out.files, &fix.files);
                    out.applied
                        .push(applied(&id, &d.code, &d.message, &fix, line, round));
                }
                continue;
            }
            candidates.push(Candidate {
                id,
                code: d.code,
                message: d.message,
                line,
                fix,
            });
        }

        // Greedy, in source order: a fix whose edits overlap an edit
        // already chosen waits for the next round; an edit identical to a
        // chosen one is applied once.
        let mut chosen = EditSet::default();
        let mut taken: Vec<Candidate> = Vec::new();
        for c in candidates {
            if chosen.try_add(&c.fix.edits) {
                taken.push(c);
            }
        }
        if taken.is_empty() {
            // Nothing left but fixes dropped on an older text: give them
            // one more chance on this one before stopping. (Otherwise the
            // result would depend on the path: fixing the output again
            // could apply them.) Retrying only here, not after every
            // change, keeps the culprit searches few.
            if stale_drops {
                dropped.clear();
                stale_drops = false;
                continue;
            }
            break;
        }

        let mut edits = chosen.into_edits();
        let mut next = apply_edits(&current, &edits);
        // Whether `text` keeps the invariants: no new syntax error, no
        // more lasting findings of any code. Returns its findings.
        // `Ok` with its errors and findings, or `Err` with its findings
        // when it has more lasting ones (`None`: a new syntax error).
        let judge = |text: &str| -> Result<(usize, Vec<Diagnostic>), Option<Vec<Diagnostic>>> {
            let (new_errors, found) = check(text, errors);
            let found = found.ok_or(None)?;
            let fine = sticky(&found, &prepared)
                .iter()
                .all(|(code, n)| *n <= sticky_now.get(code).copied().unwrap_or(0));
            if fine {
                Ok((new_errors, found))
            } else {
                Err(Some(found))
            }
        };
        let acceptable = |text: &str| judge(text).ok();
        let mut verdict = judge(&next);
        // On a file too large to search, new lasting findings usually sit
        // where an edit was made: drop the fixes edited there and check
        // the rest once. (Coarser than halving: a fix sharing an
        // instruction with a culprit goes too.)
        if let (true, Err(Some(found))) = (large, &verdict) {
            let blamed = blame_locally(&current, &edits, &taken, &lasting_now, found, &prepared);
            if !blamed.is_empty() {
                let (mut kept, mut culprits) = (Vec::new(), Vec::new());
                for (k, c) in taken.into_iter().enumerate() {
                    if blamed.contains(&k) {
                        culprits.push(c);
                    } else {
                        kept.push(c);
                    }
                }
                for c in &culprits {
                    skips.drop_fix(&mut dropped, &mut out.skipped, c, Skip::AddsFindings);
                }
                taken = kept;
                edits = edits_of(&taken);
                next = apply_edits(&current, &edits);
                verdict = judge(&next);
            }
        }
        let mut next_diagnostics = verdict.ok();
        if next_diagnostics.is_none() && !taken.is_empty() {
            let found = find_culprits(&current, taken, &mut trial_budget, |t| {
                acceptable(t).is_some()
            });
            for c in &found.culprits {
                let alone = apply_edits(&current, &c.fix.edits);
                let reason = if crate::syntax::parse(&alone).errors.len() > errors {
                    Skip::BreaksSyntax
                } else {
                    Skip::AddsFindings
                };
                skips.drop_fix(&mut dropped, &mut out.skipped, c, reason);
            }
            // With the budget spent, what is still undecided is given up
            // (otherwise it would wait for a next round that cannot decide
            // it either).
            if trial_budget < current.len() {
                for c in &found.undecided {
                    skips.drop_fix(&mut dropped, &mut out.skipped, c, Skip::Unchecked);
                }
            }
            taken = found.kept;
            edits = edits_of(&taken);
            next = apply_edits(&current, &edits);
            next_diagnostics = None;
        }
        if taken.is_empty() || next == current {
            // Everything was dropped, or the edits changed nothing: the
            // next round would see the same findings.
            if next == current && !taken.is_empty() {
                for c in &taken {
                    add_files(&mut out.files, &c.fix.files);
                    out.applied
                        .push(applied(&c.id, &c.code, &c.message, &c.fix, c.line, round));
                }
                break;
            }
            continue;
        }
        for c in &taken {
            add_files(&mut out.files, &c.fix.files);
            out.applied
                .push(applied(&c.id, &c.code, &c.message, &c.fix, c.line, round));
        }
        history.push(&edits);
        current = next;
        linted = next_diagnostics;
        // Fixes dropped so far were judged on an older text.
        stale_drops |= !dropped.is_empty();
        if round + 1 == MAX_ROUNDS {
            out.converged = false;
        }
    }
    // A fix that appeared only in an early round and was later applied is
    // not "skipped".
    let applied_keys: HashSet<(&SuggestionId, &str)> = out
        .applied
        .iter()
        .map(|a| (&a.id, a.fix_message.as_str()))
        .collect();
    out.skipped
        .retain(|s| !applied_keys.contains(&(&s.id, s.fix_message.as_str())));
    out.text = current;
    out
}

/// Per code, the findings that will stay ([`lasting`]).
fn sticky(diagnostics: &[Diagnostic], prepared: &Prepared) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for d in diagnostics.iter().filter(|d| lasting(d, prepared)) {
        *out.entry(d.code.clone()).or_insert(0) += 1;
    }
    out
}

/// A finding that will stay: one without a fix that the choices would
/// apply (no fix, a manual one, or one not chosen).
fn lasting(d: &Diagnostic, prepared: &Prepared) -> bool {
    let fixable = d.fix.as_ref().is_some_and(|f| {
        !f.edits.is_empty()
            && f.applicability != Applicability::Manual
            && (!prepared.choices.safe_only || f.applicability == Applicability::Safe)
            && prepared
                .only
                .as_ref()
                .is_none_or(|only| only.contains(&d.code.to_ascii_uppercase()))
    });
    !fixable
}

/// The indexes in `taken` of the fixes to blame for the lasting findings
/// that `after` (the findings of `current` with `edits` applied) has and
/// `before` (the lasting findings of `current`, by code and offset) has
/// not. Each new finding's instruction is mapped back to the
/// instructions of `current` it came from (several, when a fix joined
/// them); the fixes that edit inside one of those instructions are
/// blamed, or, when there are none, the fixes that edit across them (the
/// joins). Empty when nothing can be blamed that way.
fn blame_locally(
    current: &str,
    edits: &[Edit],
    taken: &[Candidate],
    before: &[(String, usize)],
    after: &[Diagnostic],
    prepared: &Prepared,
) -> HashSet<usize> {
    let old_file = crate::syntax::parse(current);
    let new_text = apply_edits(current, edits);
    let new_file = crate::syntax::parse(&new_text);
    // The instruction containing `offset`, or the next one.
    let instruction = |file: &crate::syntax::Dockerfile, offset: usize| {
        file.instructions.partition_point(|i| i.span.end <= offset)
    };
    let mut old: HashMap<(&str, usize), usize> = HashMap::new();
    for (code, at) in before {
        *old.entry((code.as_str(), instruction(&old_file, *at)))
            .or_insert(0) += 1;
    }
    let back = RoundMap::new(edits);
    // Instructions of `current` where a new lasting finding came from.
    let mut places: HashSet<usize> = HashSet::new();
    for d in after.iter().filter(|d| lasting(d, prepared)) {
        let at = instruction(&old_file, back.map_back(d.span.start));
        match old.get_mut(&(d.code.as_str(), at)) {
            Some(n) if *n > 0 => *n -= 1,
            _ => {
                let span = new_file
                    .instructions
                    .get(instruction(&new_file, d.span.start))
                    .map_or(d.span, |i| i.span);
                let first = instruction(&old_file, back.map_back(span.start));
                let last = instruction(&old_file, back.map_back(span.end.saturating_sub(1)));
                places.extend(first..=last.max(first));
            }
        }
    }
    // Per fix: whether every edit stays inside one instruction, and
    // whether one touches a place.
    let touches = |c: &Candidate| {
        let mut inside = true;
        let mut touched = false;
        for e in &c.fix.edits {
            let first = instruction(&old_file, e.span.start);
            let last = instruction(&old_file, e.span.end.saturating_sub(1).max(e.span.start));
            inside &= old_file
                .instructions
                .get(first)
                .is_some_and(|i| i.span.start <= e.span.start && e.span.end <= i.span.end);
            touched |= (first..=last).any(|i| places.contains(&i));
        }
        (inside, touched)
    };
    let local: HashSet<usize> = taken
        .iter()
        .enumerate()
        .filter(|(_, c)| touches(c) == (true, true))
        .map(|(k, _)| k)
        .collect();
    if !local.is_empty() {
        return local;
    }
    taken
        .iter()
        .enumerate()
        .filter(|(_, c)| touches(c).1)
        .map(|(k, _)| k)
        .collect()
}

struct Candidate {
    id: SuggestionId,
    code: String,
    message: String,
    line: usize,
    fix: Fix,
}

fn applied(
    id: &SuggestionId,
    code: &str,
    message: &str,
    fix: &Fix,
    line: usize,
    round: usize,
) -> AppliedFix {
    AppliedFix {
        id: id.clone(),
        code: code.to_string(),
        message: message.to_string(),
        fix_message: fix.message.clone(),
        applicability: fix.applicability,
        line,
        round,
    }
}

/// The (id, fix message) pairs already in [`FixOutcome::skipped`].
#[derive(Default)]
struct Skips {
    seen: HashSet<(SuggestionId, String)>,
}

/// Fixes dropped on some text, by (id, fix message), and why.
type Dropped = HashMap<(SuggestionId, String), Skip>;

impl Skips {
    /// Drop candidate `c` for `reason`: it is not retried until the text
    /// changes, and it is reported skipped.
    fn drop_fix(
        &mut self,
        dropped: &mut Dropped,
        skipped: &mut Vec<SkippedFix>,
        c: &Candidate,
        reason: Skip,
    ) {
        dropped.insert((c.id.clone(), c.fix.message.clone()), reason);
        self.note(skipped, &c.id, &c.code, &c.message, &c.fix, c.line, reason);
    }

    #[allow(clippy::too_many_arguments)]
    fn note(
        &mut self,
        skipped: &mut Vec<SkippedFix>,
        id: &SuggestionId,
        code: &str,
        message: &str,
        fix: &Fix,
        line: usize,
        reason: Skip,
    ) {
        if !self.seen.insert((id.clone(), fix.message.clone())) {
            return;
        }
        skipped.push(SkippedFix {
            id: id.clone(),
            code: code.to_string(),
            message: message.to_string(),
            fix_message: fix.message.clone(),
            applicability: fix.applicability,
            line,
            reason,
        });
    }
}

/// The most trials (parse and lint) [`find_culprits`] makes in one round.
const MAX_TRIALS: usize = 64;

/// The most text [`fix_all`] re-lints to find the fixes that interfere,
/// over all its rounds: a large file with thousands of such fixes would
/// otherwise take minutes. Enough for any file of the corpus (the largest
/// is 19 KB); fixes still undecided when it is spent are not applied
/// ([`Skip::Unchecked`]).
pub const MAX_TRIAL_BYTES: usize = 4 << 20;

/// What [`find_culprits`] decided.
struct Culprits {
    kept: Vec<Candidate>,
    culprits: Vec<Candidate>,
    /// Not tried: the trials or the budget ran out.
    undecided: Vec<Candidate>,
}

/// The fixes of `taken` (compatible, in source order) whose edits make
/// `text` unacceptable (`acceptable` of the result is false: a new syntax
/// error, a new lasting finding), found by halving: a group whose edits
/// (with those kept so far) are acceptable is kept whole, a group that is
/// not is split, a single fix that is not is a culprit. Each trial
/// spends the length of the text from `budget`. Fixes still undecided
/// after [`MAX_TRIALS`] trials, or when the budget is spent, are neither
/// kept nor culprits.
fn find_culprits(
    text: &str,
    taken: Vec<Candidate>,
    budget: &mut usize,
    mut acceptable: impl FnMut(&str) -> bool,
) -> Culprits {
    let mut kept: Vec<Candidate> = Vec::new();
    let mut culprits = Vec::new();
    // Groups to try, the next one last; the whole set is known to fail.
    let mut groups: Vec<Vec<Candidate>> = vec![taken];
    let mut trials = 0;
    let mut known_bad = true;
    while let Some(mut group) = groups.pop() {
        if !known_bad {
            if trials == MAX_TRIALS || *budget < text.len() {
                groups.push(group);
                break;
            }
            trials += 1;
            *budget -= text.len();
            let mut trial = edits_of(&kept);
            trial.extend(edits_of(&group));
            if acceptable(&apply_edits(text, &trial)) {
                kept.append(&mut group);
                continue;
            }
        }
        known_bad = false;
        if group.len() == 1 {
            culprits.append(&mut group);
            continue;
        }
        let second = group.split_off(group.len() / 2);
        groups.push(second);
        groups.push(group);
    }
    let mut undecided: Vec<Candidate> = groups.into_iter().rev().flatten().collect();
    undecided.sort_by_key(|c| c.fix.edits.first().map(|e| e.span.start));
    Culprits {
        kept,
        culprits,
        undecided,
    }
}

/// The distinct edits of compatible candidates.
fn edits_of(candidates: &[Candidate]) -> Vec<Edit> {
    let mut edits: Vec<Edit> = candidates
        .iter()
        .flat_map(|c| c.fix.edits.iter().cloned())
        .collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    edits.dedup();
    edits
}

fn add_files(files: &mut Vec<ExtraFile>, new: &[ExtraFile]) {
    for f in new {
        if !files.iter().any(|g| g.path == f.path) {
            files.push(f.clone());
        }
    }
}

/// Two edits conflict when their spans overlap, or when they touch at one
/// point and either inserts there (the order of the two texts would be
/// ambiguous).
fn conflicts(a: &Edit, b: &Edit) -> bool {
    if a.span.start < b.span.end && b.span.start < a.span.end {
        return true;
    }
    let touch = a.span.end == b.span.start || b.span.end == a.span.start;
    touch && (a.span.is_empty() || b.span.is_empty())
}

/// Edits that do not conflict with each other, by start offset (two
/// compatible edits never share a start unless they are identical).
#[derive(Default)]
struct EditSet {
    by_start: BTreeMap<usize, Edit>,
}

impl EditSet {
    /// The chosen edit that conflicts with `e`, if any. Only the edits
    /// starting at or before `e.span.end` whose end reaches `e.span.start`
    /// can; they are the last few before `e.span.end`.
    fn conflicting(&self, e: &Edit) -> bool {
        for c in self.by_start.range(..=e.span.end).rev().map(|(_, c)| c) {
            if c.span.end < e.span.start {
                return false;
            }
            if c != e && conflicts(c, e) {
                return true;
            }
        }
        false
    }

    /// Add every edit of `fix` when none conflicts with an edit already
    /// in the set (identical ones are shared); false, adding nothing,
    /// otherwise.
    fn try_add(&mut self, fix: &[Edit]) -> bool {
        if fix.iter().any(|e| self.conflicting(e)) {
            return false;
        }
        for e in fix {
            self.by_start.insert(e.span.start, e.clone());
        }
        true
    }

    fn into_edits(self) -> Vec<Edit> {
        self.by_start.into_values().collect()
    }
}

/// The edits lie inside `text`, on character boundaries, and do not
/// conflict with each other (identical edits are allowed).
fn edits_valid(text: &str, edits: &[Edit]) -> bool {
    let in_text = edits.iter().all(|e| {
        e.span.start <= e.span.end
            && e.span.end <= text.len()
            && text.is_char_boundary(e.span.start)
            && text.is_char_boundary(e.span.end)
    });
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    sorted.dedup();
    // Sorted by start, an edit that conflicts with a later one conflicts
    // with the one right after it.
    in_text && sorted.windows(2).all(|w| !conflicts(w[0], w[1]))
}

/// `text` with `edits` applied. The edits must not conflict (see
/// [`edits_valid`]); identical edits are applied once. Every byte outside
/// the edits' spans is kept.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    sorted.dedup();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        let start = e.span.start.max(at);
        out.push_str(&text[at..start]);
        out.push_str(&e.replacement);
        at = e.span.end.max(start);
    }
    out.push_str(&text[at..]);
    out
}

/// The edits applied in each round, to map offsets back to the original.
#[derive(Default)]
struct History {
    rounds: Vec<RoundMap>,
}

impl History {
    fn push(&mut self, edits: &[Edit]) {
        self.rounds.push(RoundMap::new(edits));
    }

    /// The offset in the original text that `offset` of the current text
    /// came from. An offset inside inserted text maps to the start of the
    /// span it replaced.
    fn to_original(&self, mut offset: usize) -> usize {
        for round in self.rounds.iter().rev() {
            offset = round.map_back(offset);
        }
        offset
    }
}

/// One round's edits (non-conflicting), ready to map offsets of the text
/// they produced back to the text they were applied to.
struct RoundMap {
    /// Per edit, in order: where its replacement starts and ends in the new
    /// text, the start of its span in the old text, and new - old offset
    /// for what follows it.
    marks: Vec<Mark>,
}

struct Mark {
    new_start: usize,
    new_end: usize,
    old_start: usize,
    shift_after: isize,
}

impl RoundMap {
    fn new(edits: &[Edit]) -> Self {
        let mut sorted = edits.to_vec();
        sorted.sort_by_key(|e| (e.span.start, e.span.end));
        sorted.dedup();
        let mut shift: isize = 0;
        let marks = sorted
            .iter()
            .map(|e| {
                let new_start = e.span.start.saturating_add_signed(shift);
                shift += e.replacement.len() as isize - e.span.len() as isize;
                Mark {
                    new_start,
                    new_end: new_start + e.replacement.len(),
                    old_start: e.span.start,
                    shift_after: shift,
                }
            })
            .collect();
        RoundMap { marks }
    }

    /// Map `offset` of the new text to the offset it came from.
    fn map_back(&self, offset: usize) -> usize {
        let after = self.marks.partition_point(|m| m.new_start <= offset);
        let Some(m) = after.checked_sub(1).map(|i| &self.marks[i]) else {
            return offset;
        };
        if offset < m.new_end {
            return m.old_start;
        }
        offset.saturating_add_signed(-m.shift_after)
    }
}

/// Where `span` of the text before `edits` ends up after them (used by
/// tests to check that untouched bytes stay put).
pub fn map_forward(edits: &[Edit], span: Span) -> Span {
    let mut shift: isize = 0;
    for e in edits {
        if e.span.end <= span.start {
            shift += e.replacement.len() as isize - e.span.len() as isize;
        }
    }
    let start = (span.start as isize + shift) as usize;
    Span::new(start, start + span.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift), for property tests
    /// without a dependency.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    fn random_text(rng: &mut Rng) -> String {
        const PIECES: &[&str] = &["a", "b", " ", "\n", "é", "RUN x", "\\\n", "#c"];
        (0..rng.below(40))
            .map(|_| PIECES[rng.below(PIECES.len())])
            .collect()
    }

    /// Non-conflicting random edits on char boundaries.
    fn random_edits(rng: &mut Rng, text: &str) -> Vec<Edit> {
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let mut edits: Vec<Edit> = Vec::new();
        for _ in 0..rng.below(5) {
            let a = bounds[rng.below(bounds.len())];
            let b = bounds[rng.below(bounds.len())];
            let span = Span::new(a.min(b), a.max(b));
            let replacement = ["", "X", "YY\n", "ü"][rng.below(4)];
            let e = Edit::replace(span, replacement);
            if !edits.iter().any(|c| conflicts(c, &e)) {
                edits.push(e);
            }
        }
        edits
    }

    #[test]
    fn untouched_bytes_are_kept() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..2000 {
            let text = random_text(&mut rng);
            let edits = random_edits(&mut rng, &text);
            assert!(edits_valid(&text, &edits));
            let out = apply_edits(&text, &edits);
            // Every maximal stretch between edits is found, unchanged, where
            // the forward map puts it.
            let mut sorted = edits.clone();
            sorted.sort_by_key(|e| (e.span.start, e.span.end));
            let mut at = 0;
            let mut gaps = Vec::new();
            for e in &sorted {
                gaps.push(Span::new(at, e.span.start));
                at = e.span.end;
            }
            gaps.push(Span::new(at, text.len()));
            for gap in gaps {
                let moved = map_forward(&sorted, gap);
                assert_eq!(
                    &out[moved.start..moved.end],
                    &text[gap.start..gap.end],
                    "{text:?} {edits:?}"
                );
                // And maps back to where it came from.
                if !gap.is_empty() {
                    assert_eq!(RoundMap::new(&sorted).map_back(moved.start), gap.start);
                }
            }
            let grown: isize = edits
                .iter()
                .map(|e| e.replacement.len() as isize - e.span.len() as isize)
                .sum();
            assert_eq!(out.len() as isize, text.len() as isize + grown);
        }
    }

    #[test]
    fn conflicts_and_duplicates() {
        let a = Edit::replace(Span::new(0, 3), "x");
        let b = Edit::replace(Span::new(2, 4), "y");
        let c = Edit::replace(Span::new(3, 5), "z");
        let ins = Edit::insert(3, "i");
        assert!(conflicts(&a, &b));
        assert!(!conflicts(&a, &c));
        assert!(conflicts(&a, &ins));
        assert!(conflicts(&ins, &c));
        assert!(conflicts(&ins, &Edit::insert(3, "j")));
        let mut set = EditSet::default();
        assert!(set.try_add(std::slice::from_ref(&a)));
        assert!(set.try_add(&[a.clone(), c.clone()]));
        assert!(!set.try_add(&[b]));
        assert!(!set.try_add(std::slice::from_ref(&ins)));
        assert_eq!(set.into_edits(), vec![a.clone(), c.clone()]);
        assert_eq!(apply_edits("abcdef", &[a.clone(), a, c]), "xzf");
        assert!(!edits_valid("abc", &[Edit::insert(4, "x")]));
        assert!(!edits_valid("é", &[Edit::insert(1, "x")]));
    }

    fn candidate(code: &str, edit: Edit) -> Candidate {
        Candidate {
            id: SuggestionId::new(code, 1),
            code: code.into(),
            message: String::new(),
            line: 1,
            fix: Fix::safe("f", vec![edit]),
        }
    }

    #[test]
    fn culprits_are_found_by_halving() {
        let text = "FROM a\nRUN x\nRUN y\nRUN z\n";
        let at = |s: &str| text.find(s).unwrap();
        let good = |code, s: &str| candidate(code, Edit::replace(Span::new(at(s), at(s) + 1), "w"));
        let bad = |code, s: &str| candidate(code, Edit::insert(at(s), "BAD "));
        let parses = |t: &str| crate::syntax::parse(t).errors.is_empty();
        let mut budget = MAX_TRIAL_BYTES;
        let found = find_culprits(
            text,
            vec![
                good("A", "x"),
                bad("B", "RUN y"),
                good("C", "z"),
                bad("D", "RUN z"),
            ],
            &mut budget,
            parses,
        );
        let codes = |v: &[Candidate]| v.iter().map(|c| c.code.clone()).collect::<Vec<_>>();
        assert_eq!(codes(&found.kept), ["A", "C"]);
        assert_eq!(codes(&found.culprits), ["B", "D"]);
        assert!(found.undecided.is_empty());
        // Six trials: [A B], [A], [B], [C D], [C], [D].
        assert_eq!(budget, MAX_TRIAL_BYTES - 6 * text.len());
        // Many culprits: the trial budget bounds the work; the undecided
        // wait for the next round.
        let text = "FROM a\n".to_string() + &"RUN x\n".repeat(500);
        let all: Vec<Candidate> = text
            .match_indices("RUN")
            .map(|(i, _)| candidate("B", Edit::insert(i, "BAD ")))
            .collect();
        let n = all.len();
        let mut budget = MAX_TRIAL_BYTES;
        let found = find_culprits(&text, all, &mut budget, parses);
        assert!(found.kept.is_empty());
        assert!(!found.culprits.is_empty() && found.culprits.len() <= MAX_TRIALS);
        assert_eq!(found.culprits.len() + found.undecided.len(), n);
        // And so does the budget of text re-linted: none left, no trial.
        let all: Vec<Candidate> = text
            .match_indices("RUN")
            .map(|(i, _)| candidate("B", Edit::insert(i, "BAD ")))
            .collect();
        let mut budget = text.len() - 1;
        let found = find_culprits(&text, all, &mut budget, parses);
        assert!(found.kept.is_empty() && found.culprits.is_empty());
        assert_eq!(found.undecided.len(), n);
    }

    #[test]
    fn suggestion_ids_map_to_original_lines() {
        // Round 0 inserts two lines above line 3; a finding on the new
        // line 5 maps back to line 3.
        let mut h = History::default();
        h.push(&[Edit::insert(4, "X\nY\n")]);
        let text = "a\nb\nc\n";
        let now = apply_edits(text, &[Edit::insert(4, "X\nY\n")]);
        let at = now.find('c').unwrap();
        let index = LineIndex::new(text);
        assert_eq!(index.line(h.to_original(at)), 3);
        // Inside the inserted text: the line of the insertion point.
        assert_eq!(index.line(h.to_original(now.find('Y').unwrap())), 3);
    }

    #[test]
    fn choices() {
        let id = SuggestionId::new("DL3015", 3);
        let c = Choices::default();
        assert_eq!(
            c.refuses("DL3015", Applicability::Manual, &id),
            Some(Skip::Manual)
        );
        assert_eq!(c.refuses("DL3015", Applicability::Suggested, &id), None);
        let c = Choices::safe_only();
        assert_eq!(
            c.refuses("DL3015", Applicability::Suggested, &id),
            Some(Skip::NotSafe)
        );
        assert_eq!(c.refuses("DL3015", Applicability::Safe, &id), None);
        let c = Choices {
            only: vec!["dl3007".into(), "apt-no-install-recommends".into()],
            ..Choices::default()
        };
        assert_eq!(c.refuses("DL3007", Applicability::Safe, &id), None);
        assert_eq!(
            c.refuses("DL4000", Applicability::Safe, &id),
            Some(Skip::NotSelected)
        );
        let c = Choices {
            rejected: vec![id.clone()],
            ..Choices::default()
        };
        assert_eq!(
            c.refuses("DL3015", Applicability::Safe, &id),
            Some(Skip::Rejected)
        );
        assert_eq!(
            c.refuses(
                "DL3015",
                Applicability::Safe,
                &SuggestionId::new("DL3015", 4)
            ),
            None
        );
    }

    #[test]
    fn a_fix_that_adds_a_lasting_finding_is_dropped() {
        // Dropping `sudo` would expose an unpinned `apt-get install`
        // (DL3008, which only a human can fix).
        let text = "FROM ubuntu:22.04\nRUN sudo apt-get install -y curl\n";
        let out = fix_all(text, &Config::default(), &Choices::all());
        assert_eq!(out.text, text);
        let dropped: Vec<_> = out
            .skipped
            .iter()
            .filter(|s| s.reason == Skip::AddsFindings)
            .map(|s| s.code.as_str())
            .collect();
        assert_eq!(dropped, vec!["DL3004"]);
        // With the version pinned, nothing new appears: the fix applies
        // (and the exposed DL3015 and DL3009-free install get fixed too).
        let text = "FROM ubuntu:22.04\nRUN sudo apt-get install -y curl=8.5.0-2ubuntu10\n";
        let out = fix_all(text, &Config::default(), &Choices::all());
        assert_eq!(
            out.text,
            "FROM ubuntu:22.04\nRUN apt-get install --no-install-recommends -y curl=8.5.0-2ubuntu10\n"
        );
    }
}
