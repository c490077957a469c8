//! Applying fixes: choose, apply, re-lint, repeat to a fixed point.
//!
//! Each round lints the current text, groups its findings into
//! [problems](super::problems) (one fix per problem, however many rules
//! report it), keeps the fixes the [`Choices`] allow, applies the ones
//! whose edits do not overlap (the others wait for the next round, when the
//! text has been re-linted), and checks that the result has no more syntax
//! errors than before, and no more findings of any code that will stay
//! (findings without a fix the [`Choices`] apply): a fix that would add
//! either is dropped. Rounds repeat until no fix is left to apply, at most
//! [`MAX_ROUNDS`] times.
//!
//! **Identity.** A problem is named by a [`SuggestionId`], `CODE@LINE`, the
//! code and line of its first finding in the *original* text. A later
//! round's finding is the same problem as an earlier one when it is of the
//! same kind (code, or a code of the same
//! [`SAME_PROBLEM`](super::problems::SAME_PROBLEM) group) and
//! - its start maps back, through the edits applied so far, to the start
//!   of the earlier finding (text that no edit touched), or, when it lies
//!   in text an edit wrote (a moved `COPY`, a rewritten instruction),
//! - its instruction reads the same as the earlier finding's did, keyword
//!   aside (each earlier problem matched once per round).
//!
//! So a rejected suggestion stays rejected in every round, wherever other
//! fixes move it. A problem first seen in a later round (a fix exposed it)
//! is named by the line its start maps back to.
//!
//! **Precedence.** Within a problem, the fix of its first finding by
//! [`SAME_PROBLEM`](super::problems::SAME_PROBLEM) order, then source
//! order. Between problems whose edits
//! conflict, source order (then the order of the rules' codes): the later
//! one waits for the next round and is judged again on the new text.
//!
//! **Files.** A fix may create a file beside the Dockerfile; a created
//! `.dockerignore` is an input to the following rounds' lints, as it will
//! be to the build.
//!
//! The work of a round is linear in the text and in the number of
//! findings (up to a log factor): chosen edits are kept in a map by
//! offset, ids in hash maps, and offsets are mapped back by binary search.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::hash::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::problems::{kind_of, same_problem_sets, ProblemSets, Sets};
use crate::config::Config;
use crate::config::Inputs;
use crate::diagnostic::{
    apply_edits, conflicts, edits_valid, Applicability, Code, Diagnostic, Edit, ExtraFile, Fix,
};
use crate::linter::{Analysis, Memo};
use crate::position::LineIndex;
use crate::syntax::Dockerfile;

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

// An id hashes and compares as its text (the derived `Hash` and `Eq` are
// the `String`'s), so maps of ids are looked up by `&str`.
impl std::borrow::Borrow<str> for SuggestionId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl SuggestionId {
    pub fn new(code: &str, line: usize) -> Self {
        let mut id = String::new();
        SuggestionId::write(code, line, &mut id);
        SuggestionId(id)
    }

    /// Append the id `code@line` to `id`: `format!("{code}@{line}")`
    /// without the formatting machinery (the engine names every finding
    /// of every round, into one buffer).
    fn write(code: &str, line: usize, id: &mut String) {
        id.reserve(code.len() + 21);
        id.push_str(code);
        id.push('@');
        crate::position::push_decimal(id, line);
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
/// manual fixes are applied only when accepted by id, and only those that
/// carry an edit (the others are explanations).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Choices {
    /// Apply safe fixes only (no suggested ones).
    pub safe_only: bool,
    /// When not empty, only fixes of these rules (codes or names, any case).
    pub only: Vec<String>,
    /// Suggestions the user turned off.
    pub rejected: Vec<SuggestionId>,
    /// Manual fixes with an edit that the user chose to apply (a risky
    /// suggestion, ticked).
    pub accepted: Vec<SuggestionId>,
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
        // A manual fix here is an explanation (no edit).
        let edits = match applicability {
            Applicability::Manual => Vec::new(),
            _ => vec![Edit::insert(0, "x")],
        };
        let fix = Fix {
            applicability,
            ..Fix::safe("", edits)
        };
        Prepared::new(self).refuses(code, &[], &fix, &[Rc::from(id.as_str())])
    }
}

/// [`Choices`] made ready for many questions: the rejected and accepted
/// ids in sets, and `only` resolved once per rule code.
struct Prepared<'a> {
    choices: &'a Choices,
    rejected: HashSet<&'a str>,
    accepted: HashSet<&'a str>,
    /// Codes of the accepted ids, upper-cased: their manual fixes count
    /// as fixable.
    accepted_codes: Vec<String>,
    /// Rule codes `only` names, upper-cased (or every code, when `only`
    /// is empty). Few: matched by a scan without allocating.
    only: Option<Vec<String>>,
}

impl<'a> Prepared<'a> {
    fn new(choices: &'a Choices) -> Self {
        let only = (!choices.only.is_empty()).then(|| {
            let mut codes: Vec<String> = choices
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
            codes.sort();
            codes.dedup();
            codes
        });
        Prepared {
            choices,
            rejected: choices.rejected.iter().map(SuggestionId::as_str).collect(),
            accepted: choices.accepted.iter().map(SuggestionId::as_str).collect(),
            accepted_codes: choices
                .accepted
                .iter()
                .filter_map(|id| id.as_str().rsplit_once('@'))
                .map(|(code, _)| code.to_ascii_uppercase())
                .collect(),
            only,
        }
    }

    fn selected(&self, code: &str) -> bool {
        self.only
            .as_ref()
            .is_none_or(|only| only.iter().any(|c| c.eq_ignore_ascii_case(code)))
    }

    /// Whether an accepted id is of `code` (its manual fixes are
    /// fixable).
    fn accepts_code(&self, code: &str) -> bool {
        self.accepted_codes
            .iter()
            .any(|c| c.eq_ignore_ascii_case(code))
    }

    /// Why `fix`, of a finding of `code`, offered for the problem also
    /// reported by `codes` and named by `ids`, is not applied, if it is
    /// not.
    fn refuses(&self, code: &str, codes: &[Code], fix: &Fix, ids: &[Rc<str>]) -> Option<Skip> {
        let edits = !fix.edits.is_empty() || !fix.files.is_empty();
        if fix.applicability == Applicability::Manual && !edits {
            return Some(Skip::Manual);
        }
        if !self.selected(code) && !codes.iter().any(|c| self.selected(c)) {
            return Some(Skip::NotSelected);
        }
        if ids.iter().any(|id| self.rejected.contains(&**id)) {
            return Some(Skip::Rejected);
        }
        match fix.applicability {
            Applicability::Manual if !ids.iter().any(|id| self.accepted.contains(&**id)) => {
                Some(Skip::Risky)
            }
            Applicability::Suggested if self.choices.safe_only => Some(Skip::NotSafe),
            _ => None,
        }
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
    /// A manual fix with an edit, not accepted: it changes the image in a
    /// way the file does not show to be harmless (its `risk` says how).
    Risky,
    /// Not in [`Choices::only`].
    NotSelected,
    /// Suggested, and [`Choices::safe_only`] is set.
    NotSafe,
    /// The user rejected it.
    Rejected,
    /// Applying it would have added a syntax error.
    BreaksSyntax,
    /// Applying it would have lost a command: some program would run fewer
    /// times (see the engine's command count).
    LosesCommand,
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
    /// The problem's id.
    pub id: SuggestionId,
    /// The code whose fix was applied.
    pub code: Code,
    /// Every code that reports the problem, `code` first.
    pub codes: Vec<Code>,
    /// The finding's message.
    pub message: String,
    /// What the fix does.
    pub fix_message: String,
    pub applicability: Applicability,
    /// What must hold for the change to be harmless, when it is not
    /// obvious (see [`Fix::risk`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<String>,
    /// 1-based line of the finding in the original text.
    pub line: usize,
    /// The round (0-based) it was applied in.
    pub round: usize,
}

/// A fix that was offered and not applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SkippedFix {
    /// The problem's id.
    pub id: SuggestionId,
    pub code: Code,
    /// Every code that reports the problem, `code` first.
    pub codes: Vec<Code>,
    pub message: String,
    /// What the fix does, or (for a manual fix) what a human should do.
    pub fix_message: String,
    pub applicability: Applicability,
    /// Whether the fix has an edit (or a file) that accepting it would
    /// apply.
    pub has_edit: bool,
    /// Why it is not applied by default (a risky suggestion), or what must
    /// hold for it to be harmless.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<String>,
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
    /// Fixes offered and not applied, once each (by problem and fix
    /// message), including the dropped ones ([`Skip::BreaksSyntax`]).
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

/// The problems met so far, across rounds: their names, and what later
/// rounds recognise them by (see the module docs).
#[derive(Default)]
struct Tracker {
    problems: Vec<Tracked>,
    sets: Option<Sets>,
    /// (kind, start in the original text) → problem.
    by_anchor: HashMap<(Code, usize), usize>,
    /// (kind, instruction text without its keyword, by its number in
    /// `subjects`) → problems, in order.
    by_subject: HashMap<(Code, usize), InOrder>,
    /// Every instruction text met (as [`subject`] reads it) → its number:
    /// a long `RUN` is hashed once per round, not once per finding.
    subjects: HashMap<String, usize>,
    /// Every id handed out → problem (the key shared with the problem's
    /// `ids`).
    by_id: HashMap<Rc<str>, usize>,
}

/// Problems in the order they were recorded, the first one inline (most
/// keys of [`Tracker::by_subject`] have one).
#[derive(Default)]
struct InOrder {
    first: Option<usize>,
    rest: Vec<usize>,
}

impl InOrder {
    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.first.into_iter().chain(self.rest.iter().copied())
    }

    /// Record `p`, unless it is already.
    fn add(&mut self, p: usize) {
        match self.first {
            None => self.first = Some(p),
            Some(q) if q == p => {}
            Some(_) => {
                if !self.rest.contains(&p) {
                    self.rest.push(p);
                }
            }
        }
    }
}

struct Tracked {
    id: SuggestionId,
    line: usize,
    ids: Vec<Rc<str>>,
    codes: Vec<Code>,
}

impl Tracker {
    /// The number of the instruction text `subject`.
    fn subject_number(&mut self, subject: &str) -> usize {
        if let Some(&n) = self.subjects.get(subject) {
            return n;
        }
        let next = self.subjects.len();
        self.subjects.insert(subject.to_string(), next);
        next
    }

    fn sets(&mut self) -> &mut Sets {
        self.sets.get_or_insert_with(|| Sets::new(0))
    }

    fn root(&mut self, p: usize) -> usize {
        self.sets().find(p)
    }

    /// Merge problem `b` into `a` (the older name stays).
    fn merge(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        if a == b {
            return;
        }
        self.sets().union(a, b);
        let (keep, gone) = (a.min(b), a.max(b));
        let gone = std::mem::replace(
            &mut self.problems[gone],
            Tracked {
                id: SuggestionId(String::new()),
                line: 0,
                ids: Vec::new(),
                codes: Vec::new(),
            },
        );
        let kept = &mut self.problems[keep];
        for id in gone.ids {
            if !kept.ids.contains(&id) {
                kept.ids.push(id);
            }
        }
        for c in gone.codes {
            if !kept.codes.contains(&c) {
                kept.codes.push(c);
            }
        }
        kept.codes.sort_by_key(|c| super::problems::rank(c));
    }

    /// A new problem named `id` (which [`Tracker::assign`] then records
    /// among its ids and in `by_id`).
    fn add(&mut self, id: &str, line: usize) -> usize {
        let p = self.problems.len();
        self.sets().push();
        self.problems.push(Tracked {
            id: SuggestionId(id.to_string()),
            line,
            ids: Vec::new(),
            codes: Vec::new(),
        });
        p
    }

    /// Name the findings of one round: per set of findings of one problem
    /// (`sets`, indexes into `diagnostics`), the problem it is. `file` is
    /// the text linted; `history` maps its offsets to the original.
    fn assign(
        &mut self,
        sets: &ProblemSets,
        diagnostics: &[Diagnostic],
        file: &Dockerfile,
        history: &History,
        original: &LineIndex,
        original_len: usize,
    ) -> Vec<usize> {
        let first_round = history.rounds.is_empty();
        // Every map below gets its room for the first round's findings at
        // once (growing them step by step cost more than filling them;
        // later rounds mostly meet the same keys).
        let n = diagnostics.len();
        if self.by_id.is_empty() {
            self.by_anchor.reserve(n);
            self.by_subject.reserve(n);
            self.subjects.reserve(n);
            self.by_id.reserve(n);
        }
        let mut used: HashSet<usize> = HashSet::with_capacity_and_hasher(n, Default::default());
        let mut out = Vec::with_capacity(sets.len());
        // The subject of each instruction findings are on, by its start
        // (most instructions have several findings).
        let mut subjects: HashMap<usize, usize> =
            HashMap::with_capacity_and_hasher(n, Default::default());
        // The text of the instruction being numbered (one buffer for all).
        let mut buf = String::new();
        // What each finding of a set is known by, and its id (two buffers
        // for all the sets).
        let mut facts: Vec<(Code, usize, bool, usize)> = Vec::with_capacity(8);
        // Ids as ranges of `id_text`: a new `SuggestionId` is made only
        // for an id not met before.
        let mut ids: Vec<(usize, usize, usize)> = Vec::new();
        let mut id_text = String::new();
        for set in sets.iter() {
            facts.clear();
            facts.extend(set.iter().map(|&i| {
                let d = &diagnostics[i];
                let (at, exact) = history.to_original(d.anchor());
                let at = at.min(original_len);
                let subj = match file.instruction_at(d.anchor()) {
                    Some(inst) => *subjects.entry(inst.span.start).or_insert_with(|| {
                        subject_into(file, inst, &mut buf);
                        self.subject_number(&buf)
                    }),
                    None => self.subject_number(""),
                };
                (kind_of(d.code), at, exact, subj)
            }));
            let mut found: Option<usize> = None;
            if !first_round {
                for (kind, at, exact, subj) in &facts {
                    let by_anchor = exact
                        .then(|| self.by_anchor.get(&(*kind, *at)).copied())
                        .flatten();
                    let p = by_anchor.or_else(|| {
                        let candidates = self.by_subject.get(&(*kind, *subj))?;
                        candidates.iter().find(|p| !used.contains(p))
                    });
                    if let Some(p) = p {
                        found = Some(match found {
                            Some(q) => {
                                self.merge(q, p);
                                self.root(q)
                            }
                            None => self.root(p),
                        });
                    }
                }
            }
            // Ids of this round's findings, by their original lines: the
            // line of the finding in the first round (as the user sees
            // it), else where its anchor comes from.
            ids.clear();
            id_text.clear();
            ids.extend(set.iter().zip(&facts).map(|(&i, (_, at, _, _))| {
                let d = &diagnostics[i];
                let line = if first_round {
                    original.line(d.span.start.min(original_len))
                } else {
                    original.line(*at)
                };
                let start = id_text.len();
                SuggestionId::write(&d.code, line, &mut id_text);
                (start, id_text.len(), line)
            }));
            let p = match found {
                Some(p) => p,
                None => {
                    // An id already handed out names the same problem (two
                    // findings of one rule on one line share an id).
                    match ids
                        .iter()
                        .find_map(|&(s, e, _)| self.by_id.get(&id_text[s..e]).copied())
                    {
                        Some(p) => self.root(p),
                        None => {
                            let (s, e, line) = ids[0];
                            self.add(&id_text[s..e], line)
                        }
                    }
                }
            };
            for &(s, e, _) in &ids {
                let id = &id_text[s..e];
                if let Some(&q) = self.by_id.get(id) {
                    self.merge(p, q);
                }
                let p = self.root(p);
                // The id is copied only the first time it is met, into a
                // string `by_id` and the problem's ids share.
                let shared = match self.by_id.get_key_value(id) {
                    Some((known, _)) => Rc::clone(known),
                    None => Rc::from(id),
                };
                if !self.problems[p].ids.iter().any(|known| **known == *id) {
                    self.problems[p].ids.push(Rc::clone(&shared));
                }
                self.by_id.insert(shared, p);
            }
            let p = self.root(p);
            for &i in set {
                let code = diagnostics[i].code;
                if !self.problems[p].codes.contains(&code) {
                    self.problems[p].codes.push(code);
                }
            }
            self.problems[p]
                .codes
                .sort_by_key(|c| super::problems::rank(c));
            for (kind, at, exact, subj) in facts.drain(..) {
                if exact || first_round {
                    self.by_anchor.entry((kind, at)).or_insert(p);
                }
                self.by_subject.entry((kind, subj)).or_default().add(p);
            }
            used.insert(p);
            out.push(p);
        }
        out
    }
}

/// What a finding in `inst` is about when its position cannot be
/// mapped back: the instruction's text without the keyword, blanks and
/// line continuations collapsed (`ADD a b` and `COPY a b` read the same).
fn subject_into(file: &Dockerfile, inst: &crate::syntax::Instruction, out: &mut String) {
    let text = file
        .source
        .get(inst.keyword_word.span.end..inst.span.end)
        .unwrap_or("");
    collapse_blanks_into(text, file.escape, out);
}

/// [`collapse_blanks_into`] a new string.
#[cfg(test)]
fn collapse_blanks(text: &str, esc: char) -> String {
    let mut out = String::new();
    collapse_blanks_into(text, esc, &mut out);
    out
}

/// The words of `text` (runs of non-blanks; `esc` before a newline is a
/// blank too) joined by one space, into `out` (cleared first). Works on
/// bytes: ASCII is most of a Dockerfile, and a multi-byte character is
/// decoded only to ask whether it is a blank.
fn collapse_blanks_into(text: &str, esc: char, out: &mut String) {
    out.clear();
    let bytes = text.as_bytes();
    let mut buf = [0u8; 4];
    let esc = esc.encode_utf8(&mut buf).as_bytes();
    out.reserve(text.len());
    let mut word: Option<usize> = None;
    // A byte that is a character of a word by itself: printable ASCII
    // other than the escape character (most of a Dockerfile).
    let plain = |b: u8| b > b' ' && b < 0x80 && b != esc[0];
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if plain(b) {
            // The rest of the run of such bytes, in one go: eight at a
            // time while all eight are plain, then one at a time.
            word.get_or_insert(i);
            i += 1;
            while let Some(chunk) = bytes.get(i..i + 8) {
                if !all_plain(chunk, esc[0]) {
                    break;
                }
                i += 8;
            }
            while i < bytes.len() && plain(bytes[i]) {
                i += 1;
            }
            continue;
        }
        // The length of the character at `i`, and whether it (with the
        // newline after an escape) is a blank.
        let (len, blank) = if b == esc[0]
            && bytes[i..].starts_with(esc)
            && bytes.get(i + esc.len()) == Some(&b'\n')
        {
            (esc.len() + 1, true)
        } else if b.is_ascii() {
            (1, b == b' ' || (b'\t'..=b'\r').contains(&b))
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.len_utf8(), c.is_whitespace())
        };
        match (blank, word) {
            (true, Some(start)) => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&text[start..i]);
                word = None;
            }
            (false, None) => word = Some(i),
            _ => {}
        }
        i += len;
    }
    if let Some(start) = word {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&text[start..]);
    }
}

/// Whether each of the eight bytes of `chunk` is printable ASCII other
/// than `esc` (see `plain` in [`collapse_blanks_into`]), tested on the
/// eight at once: no byte with its high bit set, none below `!`, none
/// equal to `esc` (the borrow tricks for "a byte below n" and "a zero
/// byte", exact as yes-or-no answers for n ≤ 128).
fn all_plain(chunk: &[u8], esc: u8) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut word = [0u8; 8];
    word.copy_from_slice(chunk);
    let w = u64::from_le_bytes(word);
    let below_bang = w.wrapping_sub(ONES * 0x21) & !w & HIGH;
    let x = w ^ (ONES * u64::from(esc));
    let is_esc = x.wrapping_sub(ONES) & !x & HIGH;
    (w & HIGH) | below_bang | is_esc == 0
}

/// [`fix_all`] with extra inputs (the `.dockerignore`).
pub fn fix_all_with(text: &str, config: &Config, inputs: &Inputs, choices: &Choices) -> FixOutcome {
    // The engine reads fixes: a config that skips them is used without
    // that ([`Config::skip_fixes`]).
    let reading;
    let config = if config.skip_fixes {
        reading = Config {
            skip_fixes: false,
            ..config.clone()
        };
        &reading
    } else {
        config
    };
    // The first lint fills the memo the rewrites' lints read.
    let memo = Memo::default();
    let first = Analysis::of_memo(crate::syntax::parse(text), config, inputs, Some(&memo));
    fix_analysis_memo(first, config, inputs, choices, memo)
}

/// [`fix_all_with`] of a text already analysed with the same config and
/// inputs: its findings are the first round's, so the text is not linted
/// again (a caller that shows the findings, then the rewrite, analyses
/// the text once).
pub fn fix_analysis(
    analysis: Analysis,
    config: &Config,
    inputs: &Inputs,
    choices: &Choices,
) -> FixOutcome {
    if config.skip_fixes {
        // Its findings may lack fixes ([`Config::skip_fixes`]): analysed
        // again, reading them.
        return fix_all_with(&analysis.file.source, config, inputs, choices);
    }
    fix_analysis_memo(analysis, config, inputs, choices, Memo::default())
}

/// [`fix_analysis`], its rewrites linted with `memo` (see
/// [`crate::linter::lint_parsed_memo`]): the same outcome.
fn fix_analysis_memo(
    analysis: Analysis,
    config: &Config,
    inputs: &Inputs,
    choices: &Choices,
    memo: Memo,
) -> FixOutcome {
    let Analysis {
        file,
        diagnostics,
        index,
        semantics,
    } = analysis;
    // The first rewrites' lints reuse the model when they can.
    memo.keep_semantics(&file, semantics);
    let first = Linted {
        errors: file.errors.len(),
        file,
        diagnostics,
    };
    run(first, index, inputs, choices, &|file, inputs| {
        crate::linter::lint_parsed_memo(file, config, inputs, Some(&memo))
    })
}

/// The engine itself, given the lint to run on each text (the findings of
/// a parsed file with the inputs of the round, located): [`fix_all_with`]
/// passes [`crate::lint_parsed`]; tests pass rules of their own.
pub fn fix_with(
    text: &str,
    inputs: &Inputs,
    choices: &Choices,
    lint: &dyn Fn(&Dockerfile, &Inputs) -> Vec<Diagnostic>,
) -> FixOutcome {
    let file = crate::syntax::parse(text);
    let first = Linted {
        errors: file.errors.len(),
        diagnostics: lint(&file, inputs),
        file,
    };
    let index = LineIndex::new(text);
    run(first, index, inputs, choices, lint)
}

/// The engine, its first round on `first` (the parsed and linted text,
/// whose line index is `original_index`).
fn run(
    first: Linted,
    original_index: LineIndex,
    inputs: &Inputs,
    choices: &Choices,
    lint: &dyn Fn(&Dockerfile, &Inputs) -> Vec<Diagnostic>,
) -> FixOutcome {
    let original: String = first.file.source.clone();
    let text = original.as_str();
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
    // (problem, fix message) of fixes dropped (they broke the syntax or
    // added a lasting finding) in the current text, and why: not retried
    // until the text changes.
    let mut dropped: Dropped = ByFix::default();
    // The text changed since some of `dropped` were dropped.
    let mut stale_drops = false;
    // Files-only fixes already collected, by problem and message.
    let mut files_seen: ByFix<()> = ByFix::default();
    let mut skips = Skips::default();
    let mut tracker = Tracker::default();
    // A `.dockerignore` a fix created: the next rounds lint with it.
    let mut created_dockerignore: Option<String> = None;
    // One created in this round, for the next.
    let mut pending_dockerignore: Option<String> = None;

    // The syntax errors, tree and findings of `current`, when an earlier
    // lint of it serves (a text is not linted again with the inputs it was
    // linted with).
    let mut linted: Option<Linted> = Some(first);
    // The last texts judged and rejected, with their trees and findings.
    let rejected = Rejected::default();
    // Text left to re-lint in culprit searches (see `MAX_TRIAL_BYTES`).
    let mut trial_budget = MAX_TRIAL_BYTES;
    for round in 0..MAX_ROUNDS {
        out.rounds = round + 1;
        if let Some(d) = pending_dockerignore.take() {
            created_dockerignore = Some(d);
        }
        let round_inputs = Inputs {
            dockerignore: inputs.dockerignore.or(created_dockerignore.as_deref()),
        };
        let Linted {
            errors,
            file,
            diagnostics,
        } = match linted.take() {
            Some(l) => l,
            None => {
                let file = crate::syntax::parse(&current);
                Linted {
                    errors: file.errors.len(),
                    diagnostics: lint(&file, &round_inputs),
                    file,
                }
            }
        };
        debug_assert_eq!(file.source, current);
        let sticky_now = sticky(&diagnostics, &prepared);
        // When a search by halving (a trial per step, each a full lint)
        // could cost more than the budget left, a failed round first looks
        // where the new lasting findings are (see `blame_locally`); for
        // that, where the lasting findings are now.
        let large = current.len().saturating_mul(MAX_TRIALS) > trial_budget;
        let lasting_now: Vec<(Code, usize)> = if large {
            diagnostics
                .iter()
                .filter(|d| lasting(d, &prepared))
                .map(|d| (d.code, d.span.start))
                .collect()
        } else {
            Vec::new()
        };
        let sets = same_problem_sets(&file, &diagnostics);
        let problems = tracker.assign(
            &sets,
            &diagnostics,
            &file,
            &history,
            &original_index,
            text.len(),
        );
        // The programs the text runs (names borrowed from its tree).
        let round_counts = super::commands::counts(&file);
        // This round's lint is kept whole: a round that changes nothing
        // hands it to the next, which would lint the same text again with
        // the same inputs (unless a `.dockerignore` was created).
        let mut candidates: Vec<Candidate> = Vec::with_capacity(sets.len());
        // One candidate per problem (a problem found twice in one round,
        // at two places, is offered once).
        let mut offered: HashSet<usize> =
            HashSet::with_capacity_and_hasher(sets.len(), Default::default());
        for (set, p) in sets.iter().zip(problems) {
            let p = tracker.root(p);
            // The preferred finding with a fix that does something (and
            // was not dropped on this text: then the next one's).
            let acts = |i: usize, fresh: bool| {
                diagnostics[i].fix.as_ref().is_some_and(|f| {
                    (!f.edits.is_empty() || !f.files.is_empty())
                        && (!fresh || dropped.get(p, &f.message).is_none())
                })
            };
            let Some(&chosen) = set
                .iter()
                .find(|&&i| acts(i, true))
                .or_else(|| set.iter().find(|&&i| acts(i, false)))
                .or_else(|| set.iter().find(|&&i| diagnostics[i].fix.is_some()))
            else {
                continue;
            };
            let d = &diagnostics[chosen];
            let Some(fix) = &d.fix else { continue };
            let problem = &tracker.problems[p];
            // The candidate, made only when it is kept or first reported.
            let codes = || {
                let mut codes = Vec::with_capacity(problem.codes.len() + 1);
                codes.push(d.code);
                codes.extend(problem.codes.iter().filter(|c| **c != d.code).copied());
                codes
            };
            let candidate = || Candidate {
                problem: p,
                id: problem.id.clone(),
                code: d.code,
                codes: codes(),
                message: &d.message,
                line: problem.line,
                fix,
            };
            let refusal = if let Some(reason) = dropped.get(p, &fix.message) {
                Some(*reason)
            } else if !offered.insert(p) {
                continue;
            } else if !edits_valid(&current, &fix.edits) {
                Some(Skip::InvalidEdits)
            } else {
                prepared.refuses(&d.code, &problem.codes, fix, &problem.ids)
            };
            // What the outcome says of it, from the finding (no candidate,
            // and no copy of its edits, for that).
            let offer = || Offer {
                id: &problem.id,
                code: d.code,
                codes: codes(),
                message: &d.message,
                line: problem.line,
                fix,
            };
            if let Some(reason) = refusal {
                // Noted once per (problem, fix message).
                if skips.seen.insert(p, &fix.message, ()) {
                    out.skipped.push(offer().skipped(reason));
                }
                continue;
            }
            if fix.edits.is_empty() {
                // Nothing to edit: only extra files (or nothing at all).
                if !fix.files.is_empty() && files_seen.insert(p, &fix.message, ()) {
                    add_files(&mut out.files, &fix.files);
                    out.applied.push(offer().applied(round));
                }
                continue;
            }
            candidates.push(candidate());
        }
        // A created `.dockerignore` is an input to the next rounds.
        if inputs.dockerignore.is_none() && created_dockerignore.is_none() {
            if let Some(f) = out.files.iter().find(|f| f.path == ".dockerignore") {
                pending_dockerignore = Some(f.contents.clone());
                if candidates.is_empty() {
                    // Lint again with it before deciding there is nothing
                    // left.
                    continue;
                }
            }
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
                linted = pending_dockerignore.is_none().then_some(Linted {
                    errors,
                    file,
                    diagnostics,
                });
                continue;
            }
            break;
        }

        let mut edits = chosen.into_edits();
        let mut next = apply_edits(&current, &edits);
        // Whether `text` keeps the invariants: no new syntax error, no
        // more lasting findings of any code, no command lost.
        // `Ok` with its errors, tree, findings and commands, or `Err` with
        // its tree and findings when it has more lasting ones (`None`: a
        // new syntax error, or a lost command).
        type Verdict = Result<Linted, Option<Rc<(Dockerfile, Vec<Diagnostic>)>>>;
        // The shell parses of `current`, copied into the texts judged
        // where their shell is unchanged (indexed at the first judgement).
        let earlier: std::cell::OnceCell<crate::syntax::reuse::Earlier> =
            std::cell::OnceCell::new();
        let parse = |text: &str| {
            crate::syntax::parse_reusing(
                text,
                earlier.get_or_init(|| crate::syntax::reuse::Earlier::new(&file)),
            )
        };
        let judge = |text: &str| -> Verdict {
            // A text an earlier trial linted and rejected, with the same
            // inputs: its tree and findings serve (the retry of dropped
            // fixes often rebuilds the text a culprit search rejected).
            let known = rejected.take(text, round_inputs.dockerignore);
            let (new_file, known) = match known {
                Some(lint) => match Rc::try_unwrap(lint) {
                    Ok((file, found)) => (file, Some(found)),
                    Err(_) => (parse(text), None),
                },
                None => (parse(text), None),
            };
            let new_errors = new_file.errors.len();
            if new_errors > errors {
                return Err(None);
            }
            let new_counts = super::commands::counts(&new_file);
            if !super::commands::kept(&round_counts, &new_counts) {
                return Err(None);
            }
            let found = match known {
                Some(found) => found,
                None => lint(&new_file, &round_inputs),
            };
            let fine = sticky(&found, &prepared)
                .iter()
                .all(|(code, n)| *n <= sticky_now.get(code).copied().unwrap_or(0));
            if fine {
                Ok(Linted {
                    errors: new_errors,
                    file: new_file,
                    diagnostics: found,
                })
            } else {
                let judged = Rc::new((new_file, found));
                rejected.keep(text, round_inputs.dockerignore, Rc::clone(&judged));
                Err(Some(judged))
            }
        };
        let mut verdict = judge(&next);
        // On a file too large to search, new lasting findings usually sit
        // where an edit was made: drop the fixes edited there and check
        // the rest once. (Coarser than halving: a fix sharing an
        // instruction with a culprit goes too.)
        if let (true, Err(Some(judged))) = (large, &verdict) {
            let (new_file, found) = &**judged;
            let blamed = blame_locally(
                &file,
                new_file,
                &edits,
                &taken,
                &lasting_now,
                found,
                &prepared,
            );
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
                // Nothing left to check (the next round keeps this
                // round's lint of `current`).
                verdict = if taken.is_empty() {
                    Err(None)
                } else {
                    judge(&next)
                };
            }
        }
        let mut next_linted = verdict.ok();
        if next_linted.is_none() && !taken.is_empty() {
            // The last trial that passed: when it is the text kept, the
            // next round's lint (if its inputs are this round's).
            let mut passed: Option<(String, Linted)> = None;
            let found = find_culprits(&current, taken, &mut trial_budget, |t| match judge(t) {
                Ok(l) => {
                    passed = Some((t.to_string(), l));
                    true
                }
                Err(_) => false,
            });
            for c in &found.culprits {
                let alone = crate::syntax::parse(&apply_edits(&current, &c.fix.edits));
                let reason = if alone.errors.len() > errors {
                    Skip::BreaksSyntax
                } else if !super::commands::kept(&round_counts, &super::commands::counts(&alone)) {
                    Skip::LosesCommand
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
            next_linted = passed
                .filter(|(t, _)| *t == next && pending_dockerignore.is_none())
                .map(|(_, l)| l);
        }
        if taken.is_empty() || next == current {
            // Everything was dropped, or the edits changed nothing: the
            // next round would see the same findings.
            if next == current && !taken.is_empty() {
                for c in &taken {
                    add_files(&mut out.files, &c.fix.files);
                    out.applied.push(c.offer().applied(round));
                }
                break;
            }
            linted = pending_dockerignore.is_none().then_some(Linted {
                errors,
                file,
                diagnostics,
            });
            continue;
        }
        for c in &taken {
            add_files(&mut out.files, &c.fix.files);
            out.applied.push(c.offer().applied(round));
        }
        history.push(&edits);
        current = next;
        linted = next_linted;
        // Fixes dropped so far were judged on an older text.
        stale_drops |= !dropped.is_empty();
        if round + 1 == MAX_ROUNDS {
            out.converged = false;
        }
    }
    // A fix that appeared only in an early round and was later applied is
    // not "skipped"; a problem merged into another is named by the
    // survivor.
    for a in &mut out.applied {
        if let Some(&p) = tracker.by_id.get(a.id.as_str()) {
            let p = tracker.root(p);
            a.id = tracker.problems[p].id.clone();
            a.line = tracker.problems[p].line;
        }
    }
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

/// The texts the judge linted and rejected most recently, with their
/// trees and findings, by text and the `.dockerignore` they were linted
/// with: a lint is a function of those, so a text tried again (a round
/// that retries dropped fixes rebuilds the text a culprit search rejected)
/// is not linted again.
#[derive(Default)]
struct Rejected {
    texts: std::cell::RefCell<Vec<RejectedText>>,
}

/// A kept text, found again by its text and every field of
/// [`crate::config::Inputs`] (the config and the choices are the run's).
struct RejectedText {
    text: String,
    dockerignore: Option<String>,
    lint: Rc<(Dockerfile, Vec<Diagnostic>)>,
}

impl Rejected {
    /// How many texts are kept (each with its tree).
    const KEPT: usize = 4;

    fn keep(
        &self,
        text: &str,
        dockerignore: Option<&str>,
        lint: Rc<(Dockerfile, Vec<Diagnostic>)>,
    ) {
        let mut texts = self.texts.borrow_mut();
        texts.retain(|t| t.text != text || t.dockerignore.as_deref() != dockerignore);
        if texts.len() == Self::KEPT {
            texts.remove(0);
        }
        texts.push(RejectedText {
            text: text.to_string(),
            dockerignore: dockerignore.map(str::to_string),
            lint,
        });
    }

    /// The tree and findings of `text` linted with `dockerignore`, if it
    /// is kept (it is then no longer kept).
    fn take(
        &self,
        text: &str,
        dockerignore: Option<&str>,
    ) -> Option<Rc<(Dockerfile, Vec<Diagnostic>)>> {
        let mut texts = self.texts.borrow_mut();
        let at = texts
            .iter()
            .position(|t| t.text == text && t.dockerignore.as_deref() == dockerignore)?;
        Some(texts.remove(at).lint)
    }
}

/// A text's syntax errors, tree and findings.
struct Linted {
    errors: usize,
    file: Dockerfile,
    diagnostics: Vec<Diagnostic>,
}

/// Per code, the findings that will stay ([`lasting`]).
fn sticky(diagnostics: &[Diagnostic], prepared: &Prepared) -> BTreeMap<Code, usize> {
    let mut out = BTreeMap::new();
    for d in diagnostics.iter().filter(|d| lasting(d, prepared)) {
        *out.entry(d.code).or_insert(0) += 1;
    }
    out
}

/// A finding that will stay: one without a fix that the choices would
/// apply (no fix, a manual one not accepted, or one not chosen).
fn lasting(d: &Diagnostic, prepared: &Prepared) -> bool {
    let fixable = d.fix.as_ref().is_some_and(|f| {
        !f.edits.is_empty()
            && match f.applicability {
                Applicability::Manual => prepared.accepts_code(&d.code),
                Applicability::Suggested => !prepared.choices.safe_only,
                Applicability::Safe => true,
            }
            && prepared.selected(&d.code)
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
    old_file: &Dockerfile,
    new_file: &Dockerfile,
    edits: &[Edit],
    taken: &[Candidate<'_>],
    before: &[(Code, usize)],
    after: &[Diagnostic],
    prepared: &Prepared,
) -> HashSet<usize> {
    // The instruction containing `offset`, or the next one.
    let instruction = |file: &crate::syntax::Dockerfile, offset: usize| {
        file.instructions.partition_point(|i| i.span.end <= offset)
    };
    let mut old: HashMap<(Code, usize), usize> = HashMap::default();
    for (code, at) in before {
        *old.entry((*code, instruction(old_file, *at))).or_insert(0) += 1;
    }
    let back = RoundMap::new(edits);
    // Instructions of `current` where a new lasting finding came from.
    let mut places: HashSet<usize> = HashSet::default();
    for d in after.iter().filter(|d| lasting(d, prepared)) {
        let at = instruction(old_file, back.map_back(d.span.start).0);
        match old.get_mut(&(d.code, at)) {
            Some(n) if *n > 0 => *n -= 1,
            _ => {
                let span = new_file
                    .instructions
                    .get(instruction(new_file, d.span.start))
                    .map_or(d.span, |i| i.span);
                let first = instruction(old_file, back.map_back(span.start).0);
                let last = instruction(old_file, back.map_back(span.end.saturating_sub(1)).0);
                places.extend(first..=last.max(first));
            }
        }
    }
    // Per fix: whether every edit stays inside one instruction, and
    // whether one touches a place.
    let touches = |c: &Candidate<'_>| {
        let mut inside = true;
        let mut touched = false;
        for e in &c.fix.edits {
            let first = instruction(old_file, e.span.start);
            let last = instruction(old_file, e.span.end.saturating_sub(1).max(e.span.start));
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

/// A fix to apply this round, with what its finding says: the message and
/// the fix are the finding's (borrowed from the round's lint, not copied).
struct Candidate<'a> {
    /// The problem's index in the [`Tracker`].
    problem: usize,
    id: SuggestionId,
    code: Code,
    codes: Vec<Code>,
    message: &'a str,
    line: usize,
    fix: &'a Fix,
}

impl Candidate<'_> {
    fn offer(&self) -> Offer<'_> {
        Offer {
            id: &self.id,
            code: self.code,
            codes: self.codes.clone(),
            message: self.message,
            line: self.line,
            fix: self.fix,
        }
    }
}

/// What the outcome says of a fix offered for a problem, applied or
/// not: the one place an [`AppliedFix`] or a [`SkippedFix`] is made.
struct Offer<'a> {
    /// The problem's id and line.
    id: &'a SuggestionId,
    /// The code of the finding whose fix it is.
    code: Code,
    /// Every code that reports the problem, `code` first.
    codes: Vec<Code>,
    /// The finding's message.
    message: &'a str,
    line: usize,
    fix: &'a Fix,
}

impl Offer<'_> {
    fn applied(self, round: usize) -> AppliedFix {
        AppliedFix {
            id: self.id.clone(),
            code: self.code,
            codes: self.codes,
            message: self.message.to_string(),
            fix_message: self.fix.message.clone(),
            applicability: self.fix.applicability,
            risk: self.fix.risk.clone(),
            line: self.line,
            round,
        }
    }

    fn skipped(self, reason: Skip) -> SkippedFix {
        SkippedFix {
            id: self.id.clone(),
            code: self.code,
            codes: self.codes,
            message: self.message.to_string(),
            fix_message: self.fix.message.clone(),
            applicability: self.fix.applicability,
            has_edit: !self.fix.edits.is_empty() || !self.fix.files.is_empty(),
            risk: self.fix.risk.clone(),
            line: self.line,
            reason,
        }
    }
}

/// The (problem, fix message) pairs already in [`FixOutcome::skipped`].
#[derive(Default)]
struct Skips {
    seen: ByFix<()>,
}

/// Fixes dropped on some text, by (problem, fix message), and why.
type Dropped = ByFix<Skip>;

/// A map keyed by (problem, fix message), asked without building a key
/// (a problem has one or two fix messages).
struct ByFix<V> {
    by_problem: HashMap<usize, Vec<(String, V)>>,
}

impl<V> Default for ByFix<V> {
    fn default() -> Self {
        ByFix {
            by_problem: HashMap::default(),
        }
    }
}

impl<V> ByFix<V> {
    fn get(&self, problem: usize, message: &str) -> Option<&V> {
        let list = self.by_problem.get(&problem)?;
        list.iter().find(|(m, _)| m == message).map(|(_, v)| v)
    }

    /// Set the value of (`problem`, `message`); true when it was absent.
    fn insert(&mut self, problem: usize, message: &str, value: V) -> bool {
        let list = self.by_problem.entry(problem).or_default();
        match list.iter_mut().find(|(m, _)| m == message) {
            Some((_, v)) => {
                *v = value;
                false
            }
            None => {
                list.push((message.to_string(), value));
                true
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.by_problem.is_empty()
    }

    fn clear(&mut self) {
        self.by_problem.clear();
    }
}

impl Skips {
    /// Drop candidate `c` for `reason`: it is not retried until the text
    /// changes, and it is reported skipped.
    fn drop_fix(
        &mut self,
        dropped: &mut Dropped,
        skipped: &mut Vec<SkippedFix>,
        c: &Candidate<'_>,
        reason: Skip,
    ) {
        dropped.insert(c.problem, &c.fix.message, reason);
        self.note(skipped, c, reason);
    }

    fn note(&mut self, skipped: &mut Vec<SkippedFix>, c: &Candidate<'_>, reason: Skip) {
        if !self.seen.insert(c.problem, &c.fix.message, ()) {
            return;
        }
        skipped.push(c.offer().skipped(reason));
    }
}

const MAX_TRIALS: usize = 64;

/// The most text [`fix_all`] re-lints to find the fixes that interfere,
/// over all its rounds: a large file with thousands of such fixes would
/// otherwise take minutes. Enough for any file of the corpus (the largest
/// is 19 KB); fixes still undecided when it is spent are not applied
/// ([`Skip::Unchecked`]).
pub const MAX_TRIAL_BYTES: usize = 4 << 20;

/// What [`find_culprits`] decided.
struct Culprits<'a> {
    kept: Vec<Candidate<'a>>,
    culprits: Vec<Candidate<'a>>,
    /// Not tried: the trials or the budget ran out.
    undecided: Vec<Candidate<'a>>,
}

/// The fixes of `taken` (compatible, in source order) whose edits make
/// `text` unacceptable (`acceptable` of the result is false: a new syntax
/// error, a new lasting finding), found by halving: a group whose edits
/// (with those kept so far) are acceptable is kept whole, a group that is
/// not is split, a single fix that is not is a culprit. Each trial
/// spends the length of the text from `budget`. Fixes still undecided
/// after [`MAX_TRIALS`] trials, or when the budget is spent, are neither
/// kept nor culprits.
fn find_culprits<'a>(
    text: &str,
    taken: Vec<Candidate<'a>>,
    budget: &mut usize,
    mut acceptable: impl FnMut(&str) -> bool,
) -> Culprits<'a> {
    let mut kept: Vec<Candidate<'a>> = Vec::new();
    let mut culprits = Vec::new();
    // Groups to try, the next one last; the whole set is known to fail.
    let mut groups: Vec<Vec<Candidate<'a>>> = vec![taken];
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
    let mut undecided: Vec<Candidate<'a>> = groups.into_iter().rev().flatten().collect();
    undecided.sort_by_key(|c| c.fix.edits.first().map(|e| e.span.start));
    Culprits {
        kept,
        culprits,
        undecided,
    }
}

/// The distinct edits of compatible candidates.
fn edits_of(candidates: &[Candidate<'_>]) -> Vec<Edit> {
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
    /// came from, and whether it came from there unchanged. An offset
    /// inside text an edit wrote maps to the start of the span that edit
    /// replaced (not exactly).
    fn to_original(&self, mut offset: usize) -> (usize, bool) {
        let mut exact = true;
        for round in self.rounds.iter().rev() {
            let (back, same) = round.map_back(offset);
            offset = back;
            exact &= same;
        }
        (offset, exact)
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

    /// Map `offset` of the new text to the offset it came from, and
    /// whether it came from there unchanged (false inside an edit's
    /// replacement, which maps to the start of the span it replaced).
    fn map_back(&self, offset: usize) -> (usize, bool) {
        let after = self.marks.partition_point(|m| m.new_start <= offset);
        let Some(m) = after.checked_sub(1).map(|i| &self.marks[i]) else {
            return (offset, true);
        };
        if offset < m.new_end {
            return (m.old_start, false);
        }
        (offset.saturating_add_signed(-m.shift_after), true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::map_forward;
    use crate::position::Span;
    use crate::testing::Rng;

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
    fn suggestion_ids_read_code_at_line() {
        for line in [0, 1, 9, 10, 99, 12345, usize::MAX] {
            assert_eq!(
                SuggestionId::new("DL3015", line).as_str(),
                format!("DL3015@{line}")
            );
        }
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
                    assert_eq!(
                        RoundMap::new(&sorted).map_back(moved.start),
                        (gap.start, true)
                    );
                }
            }
            let grown: isize = edits
                .iter()
                .map(|e| e.replacement.len() as isize - e.span.len() as isize)
                .sum();
            assert_eq!(out.len() as isize, text.len() as isize + grown);
        }
    }

    /// What [`collapse_blanks`] must return: the words, a character at a
    /// time.
    fn collapse_blanks_by_chars(text: &str, esc: char) -> String {
        let mut out = String::new();
        let mut blank = false;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let is_blank = if c == esc && chars.peek() == Some(&'\n') {
                chars.next();
                true
            } else {
                c.is_whitespace()
            };
            if is_blank {
                blank = true;
            } else {
                if blank && !out.is_empty() {
                    out.push(' ');
                }
                blank = false;
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn eight_bytes_at_once_as_one_at_a_time() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        // Bytes around each boundary the test draws, and any byte.
        let near = [
            0x00, 0x1f, 0x20, 0x21, 0x22, 0x5c, 0x60, 0x7e, 0x7f, 0x80, 0xff,
        ];
        for _ in 0..200_000 {
            let mut chunk = [0u8; 8];
            for b in &mut chunk {
                *b = if rng.below(4) == 0 {
                    rng.below(256) as u8
                } else if rng.below(2) == 0 {
                    near[rng.below(near.len())]
                } else {
                    b'a' + rng.below(26) as u8
                };
            }
            for esc in [b'\\', b'`'] {
                let one_by_one = chunk.iter().all(|&b| b > b' ' && b < 0x80 && b != esc);
                assert_eq!(all_plain(&chunk, esc), one_by_one, "{chunk:?} {esc}");
            }
        }
    }

    #[test]
    fn blanks_collapse_as_characters_do() {
        const PIECES: &[&str] = &[
            "a",
            "é",
            " ",
            "\t",
            "\n",
            "\r",
            "\u{b}",
            "\u{a0}",
            "\u{3000}",
            "\\",
            "`",
            "\\\n",
            "`\n",
            "x\u{2028}y",
            "日本",
            "\u{1}",
            "\u{7f}",
            "run-of-bytes",
            "a-longer-run-of-plain-bytes/with/slashes",
            "x\\y",
            "x`y",
            "~!@#$%^&*()_+{}|:<>?",
        ];
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        for _ in 0..20000 {
            let text: String = (0..rng.below(12))
                .map(|_| PIECES[rng.below(PIECES.len())])
                .collect();
            for esc in ['\\', '`', 'é'] {
                assert_eq!(
                    collapse_blanks(&text, esc),
                    collapse_blanks_by_chars(&text, esc),
                    "{text:?} {esc:?}"
                );
            }
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

    fn candidate(code: &'static str, edit: Edit) -> Candidate<'static> {
        Candidate {
            problem: 0,
            id: SuggestionId::new(code, 1),
            code: code.into(),
            codes: vec![code.into()],
            message: "",
            line: 1,
            fix: Box::leak(Box::new(Fix::safe("f", vec![edit]))),
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
        let codes = |v: &[Candidate]| v.iter().map(|c| c.code).collect::<Vec<_>>();
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
        assert!(h.to_original(at).1);
        assert_eq!(index.line(h.to_original(at).0), 3);
        // Inside the inserted text: the line of the insertion point.
        let (inside, exact) = h.to_original(now.find('Y').unwrap());
        assert!(!exact);
        assert_eq!(index.line(inside), 3);
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
        // With the version pinned, nothing new appears: the fix applies.
        // The exposed DL3015 would keep curl's recommended certificates by
        // installing them by name, unpinned: a new DL3008, so it is
        // dropped in its turn.
        let text = "FROM ubuntu:22.04\nRUN sudo apt-get install -y curl=8.5.0-2ubuntu10\n";
        let out = fix_all(text, &Config::default(), &Choices::all());
        assert_eq!(
            out.text,
            "FROM ubuntu:22.04\nRUN apt-get install -y curl=8.5.0-2ubuntu10\n"
        );
        assert!(out
            .skipped
            .iter()
            .any(|s| s.code == "DL3015" && s.reason == Skip::AddsFindings));
    }
}

#[cfg(test)]
mod problem_tests {
    //! The engine's handling of problems: identity across rounds, one fix
    //! per problem, risky fixes, created files, lost commands.
    use super::*;
    use crate::position::Span;

    fn run(text: &str, choices: &Choices) -> FixOutcome {
        fix_all(text, &Config::default(), choices)
    }

    fn rejecting(ids: &[&str]) -> Choices {
        Choices {
            rejected: ids.iter().map(|i| SuggestionId(i.to_string())).collect(),
            ..Choices::default()
        }
    }

    const SEED_01: &str = "FROM python:3.13.1\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nEXPOSE 1234\nCMD [\"python\", \"./main.py\"]\n";

    #[test]
    fn a_created_dockerignore_is_created_once() {
        let out = run(SEED_01, &Choices::all());
        let dd003: Vec<&AppliedFix> = out.applied.iter().filter(|a| a.code == "DD003").collect();
        assert_eq!(dd003.len(), 1, "{:?}", out.applied);
        assert_eq!(out.files.len(), 1);
    }

    #[test]
    fn a_rejected_suggestion_stays_rejected_after_its_line_moves() {
        // DD002 moves `COPY . .` below the install; DD003 (the missing
        // .dockerignore) is then found on the moved line: still DD003@3.
        let out = run(SEED_01, &rejecting(&["DD003@3"]));
        assert!(out.files.is_empty(), "{:?}", out.applied);
        assert!(out.applied.iter().all(|a| a.code != "DD003"));
        assert!(out.text.contains("COPY requirements.txt"), "{}", out.text);
        // An ADD moved the same way keeps being the ADD the user chose to
        // keep.
        let text = "FROM python:3.13.1\nWORKDIR /app\nADD . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD [\"python\", \"main.py\"]\n";
        let all = run(text, &Choices::all());
        assert!(!all.text.contains("ADD"), "{}", all.text);
        let kept = run(text, &rejecting(&["DL3020@3"]));
        assert!(kept.text.contains("ADD . ."), "{}", kept.text);
        assert!(kept.applied.iter().all(|a| a.code != "DL3020"));
    }

    #[test]
    fn one_fix_for_a_problem_several_rules_report() {
        let text = "FROM debian:12\nMAINTAINER Jane <jane@example.com>\n";
        let out = run(text, &Choices::all());
        assert_eq!(out.applied.len(), 1, "{:?}", out.applied);
        assert_eq!(out.applied[0].codes, ["MaintainerDeprecated", "DL4000"]);
        // Rejecting it under either code's id rejects it.
        for id in ["DL4000@2", "MaintainerDeprecated@2"] {
            let out = run(text, &rejecting(&[id]));
            assert_eq!(out.text, text, "{id}");
            assert_eq!(out.skipped.len(), 1);
            assert_eq!(out.skipped[0].reason, Skip::Rejected);
        }
    }

    /// A lint made of one hand-written rule, for what no real rule does.
    fn with_rule(
        text: &str,
        choices: &Choices,
        rule: fn(&Dockerfile) -> Vec<Diagnostic>,
    ) -> FixOutcome {
        fix_with(text, &Inputs::default(), choices, &|file, _| {
            let mut found = rule(file);
            let index = LineIndex::new(&file.source);
            for d in &mut found {
                d.locate(&file.source, &index);
            }
            found
        })
    }

    #[test]
    fn a_fix_that_loses_a_command_is_dropped() {
        // A careless join: the next command lands inside the comment.
        fn careless_join(file: &Dockerfile) -> Vec<Diagnostic> {
            let Some(at) = file.source.find("\nRUN chmod") else {
                return Vec::new();
            };
            let mut d = Diagnostic::new(
                "XX0001",
                crate::Severity::Info,
                "join",
                Span::new(at + 1, at + 4),
            );
            d.fix = Some(Fix::safe(
                "join",
                vec![Edit::replace(Span::new(at, at + 5), " && \\\n    ")],
            ));
            vec![d]
        }
        let text = "FROM a\nRUN ln -s a /b # compat\nRUN chmod +x /x\n";
        let out = with_rule(text, &Choices::all(), careless_join);
        assert_eq!(out.text, text);
        assert_eq!(out.skipped[0].reason, Skip::LosesCommand);
    }

    #[test]
    fn a_risky_fix_applies_only_when_accepted() {
        fn risky(file: &Dockerfile) -> Vec<Diagnostic> {
            let Some(at) = file.source.find("slow") else {
                return Vec::new();
            };
            let mut d =
                Diagnostic::new("XX0002", crate::Severity::Info, "m", Span::new(at, at + 4));
            d.fix = Some(Fix::risky(
                "Go fast",
                vec![Edit::replace(Span::new(at, at + 4), "fast")],
                "fast may break",
            ));
            vec![d]
        }
        let text = "FROM a\nRUN make slow\n";
        let out = with_rule(text, &Choices::all(), risky);
        assert_eq!(out.text, text);
        assert_eq!(out.skipped[0].reason, Skip::Risky);
        assert_eq!(out.skipped[0].risk.as_deref(), Some("fast may break"));
        assert!(out.skipped[0].has_edit);
        let accepted = Choices {
            accepted: vec![SuggestionId::new("XX0002", 2)],
            ..Choices::default()
        };
        let out = with_rule(text, &accepted, risky);
        assert_eq!(out.text, "FROM a\nRUN make fast\n");
        assert_eq!(out.applied[0].applicability, Applicability::Manual);
    }
}
