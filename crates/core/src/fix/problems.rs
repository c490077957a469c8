//! Problems: what a suggestion is about.
//!
//! A finding is one rule's report; a *problem* is what the user decides
//! on. Several rules can report one problem: hadolint's DL4000 and
//! BuildKit's MaintainerDeprecated both report a `MAINTAINER`, DL3059 and
//! DD014 both propose the same join of two `RUN`s. The app shows one card
//! per problem, listing every code; rejecting it rejects every finding of
//! it; and the fix engine applies one fix for it, chosen by a documented
//! precedence.
//!
//! Findings are the same problem when
//! - they are of the same code and start on the same line (they share a
//!   [`SuggestionId`]: naming one names both);
//! - their codes are listed together in [`SAME_PROBLEM`] and they are
//!   reported on the same instruction (when each code reports it the same
//!   number of times, the k-th findings pair up; otherwise only findings
//!   starting at the same offset do);
//! - their fixes are the same edits (applying one applies the other: they
//!   cannot be decided apart).
//!
//! Within a problem the precedence is the order of [`SAME_PROBLEM`]'s
//! group, then source order: the first finding names the problem (its
//! [`SuggestionId`]) and offers the fix.

use super::hash::HashMap;

use super::SuggestionId;
use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::Dockerfile;

/// Codes that report the same problem when they report the same
/// instruction, the preferred one first: its fix is the one applied, and
/// its id names the problem.
///
/// - `MAINTAINER`: BuildKit's replacement, `org.opencontainers.image.authors`
///   (the label Docker's reference names), before hadolint's `maintainer`;
/// - shell-form `CMD`/`ENTRYPOINT`, relative `WORKDIR`, duplicate stage
///   names, a constant `FROM --platform`, a secret in `ENV`/`ARG`: the
///   rules propose the same change (or none).
pub static SAME_PROBLEM: &[&[&str]] = &[
    &["MaintainerDeprecated", "DL4000"],
    &["DL3025", "JSONArgsRecommended"],
    &["DL3000", "WorkdirRelativePath"],
    &["DL3024", "DuplicateStageName"],
    &["DL3029", "FromPlatformFlagConstDisallowed"],
    &["DD009", "SecretsUsedInArgOrEnv"],
];

/// The group of [`SAME_PROBLEM`] `code` belongs to and its rank in it.
pub fn group_of(code: &str) -> Option<(usize, usize)> {
    SAME_PROBLEM.iter().enumerate().find_map(|(g, codes)| {
        codes
            .iter()
            .position(|c| c.eq_ignore_ascii_case(code))
            .map(|rank| (g, rank))
    })
}

/// The key under which findings of `code` are the same problem as
/// findings of the other codes of its group: the group's first code, or
/// the code itself.
pub fn problem_kind(code: &str) -> &str {
    match group_of(code) {
        Some((g, _)) => SAME_PROBLEM[g][0],
        None => code,
    }
}

/// [`problem_kind`] of a typed code.
pub(crate) fn kind_of(code: Code) -> Code {
    match group_of(&code) {
        Some((g, _)) => Code::new(SAME_PROBLEM[g][0]),
        None => code,
    }
}

/// One problem of a text: the findings that report it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The id of its first finding by precedence: what the app and
    /// `--reject` name it by.
    pub id: SuggestionId,
    /// Every finding's id (one per code and line): naming any of them
    /// names the problem.
    pub ids: Vec<SuggestionId>,
    /// Every code that reports it, the preferred first.
    pub codes: Vec<Code>,
    /// Indexes of its findings in the diagnostics, the preferred first.
    pub findings: Vec<usize>,
}

/// A union-find over indexes.
pub(crate) struct Sets(Vec<usize>);

impl Sets {
    pub(crate) fn new(n: usize) -> Self {
        Sets((0..n).collect())
    }
    pub(crate) fn push(&mut self) -> usize {
        let n = self.0.len();
        self.0.push(n);
        n
    }
    pub(crate) fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }
    /// Join the sets of `a` and `b`; the smaller root survives (the older
    /// set keeps its name).
    pub(crate) fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            let (keep, gone) = (a.min(b), a.max(b));
            self.0[gone] = keep;
        }
    }
}

/// Which findings of `diagnostics` (of `file`) report the same problem:
/// the sets of indexes, each set sorted by precedence, the sets in the
/// order of their first finding.
pub(crate) fn same_problem_sets(file: &Dockerfile, diagnostics: &[Diagnostic]) -> ProblemSets {
    let n = diagnostics.len();
    let mut sets = Sets::new(n);
    // Same code, same line.
    let mut at: HashMap<(Code, usize), usize> =
        HashMap::with_capacity_and_hasher(n, Default::default());
    for (i, d) in diagnostics.iter().enumerate() {
        if let Some(&j) = at.get(&(d.code, d.start.line)) {
            sets.union(i, j);
        } else {
            at.insert((d.code, d.start.line), i);
        }
    }
    // Codes of one group on one instruction.
    let instruction = |offset: usize| file.items.partition_point(|it| it.span.end <= offset);
    let mut buckets: HashMap<(usize, usize), Vec<usize>> =
        HashMap::with_capacity_and_hasher(n, Default::default());
    for (i, d) in diagnostics.iter().enumerate() {
        if let Some((g, _)) = group_of(&d.code) {
            buckets
                .entry((g, instruction(d.span.start)))
                .or_default()
                .push(i);
        }
    }
    let mut bucket_list: Vec<Vec<usize>> = buckets.into_values().collect();
    bucket_list.sort();
    for bucket in bucket_list {
        let mut by_code: Vec<(Code, Vec<usize>)> = Vec::new();
        for &i in &bucket {
            let code = diagnostics[i].code;
            match by_code.iter_mut().find(|(c, _)| *c == code) {
                Some((_, v)) => v.push(i),
                None => by_code.push((code, vec![i])),
            }
        }
        if by_code.len() < 2 {
            continue;
        }
        let count = by_code[0].1.len();
        if by_code.iter().all(|(_, v)| v.len() == count) {
            for k in 0..count {
                for (_, v) in &by_code[1..] {
                    sets.union(by_code[0].1[k], v[k]);
                }
            }
        } else {
            for (a, &i) in bucket.iter().enumerate() {
                for &j in &bucket[a + 1..] {
                    if diagnostics[i].span.start == diagnostics[j].span.start {
                        sets.union(i, j);
                    }
                }
            }
        }
    }
    // Identical fixes (the same edits).
    let mut edits: HashMap<Vec<(usize, usize, &str)>, usize> =
        HashMap::with_capacity_and_hasher(n, Default::default());
    for (i, d) in diagnostics.iter().enumerate() {
        let Some(fix) = &d.fix else { continue };
        if fix.edits.is_empty() {
            continue;
        }
        let mut key: Vec<(usize, usize, &str)> = fix
            .edits
            .iter()
            .map(|e| (e.span.start, e.span.end, e.replacement.as_str()))
            .collect();
        key.sort_unstable();
        key.dedup();
        match edits.get(&key) {
            Some(&j) => sets.union(i, j),
            None => {
                edits.insert(key, i);
            }
        }
    }
    // The sets in the order of their first finding, each in the order of
    // its findings, in one vector: numbered by first finding, counted,
    // then placed.
    let mut set_of: Vec<usize> = Vec::with_capacity(n);
    let mut sizes: Vec<usize> = Vec::new();
    // Each root's set number (`usize::MAX`: not numbered yet).
    let mut index_of: Vec<usize> = vec![usize::MAX; n];
    for i in 0..n {
        let root = sets.find(i);
        if index_of[root] == usize::MAX {
            index_of[root] = sizes.len();
            sizes.push(0);
        }
        let k = index_of[root];
        sizes[k] += 1;
        set_of.push(k);
    }
    let mut ends = Vec::with_capacity(sizes.len());
    let mut next = Vec::with_capacity(sizes.len());
    let mut total = 0;
    for size in &sizes {
        next.push(total);
        total += size;
        ends.push(total);
    }
    let mut members = vec![0; n];
    for (i, &k) in set_of.iter().enumerate() {
        members[next[k]] = i;
        next[k] += 1;
    }
    let mut start = 0;
    for &end in &ends {
        members[start..end].sort_by_key(|&i| (rank(&diagnostics[i].code), i));
        start = end;
    }
    ProblemSets { members, ends }
}

/// The sets of [`same_problem_sets`], in order (one vector for all).
pub(crate) struct ProblemSets {
    members: Vec<usize>,
    /// Where each set ends in `members`.
    ends: Vec<usize>,
}

impl ProblemSets {
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &[usize]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(start, &end)| &self.members[start..end])
    }
}

/// Precedence of a code within a problem: its rank in its
/// [`SAME_PROBLEM`] group (codes outside a group come after).
pub(crate) fn rank(code: &str) -> usize {
    group_of(code).map_or(usize::MAX, |(_, r)| r)
}

/// The problems of `diagnostics`, the findings of `file` as
/// [`crate::lint`] returns them (positions filled in), in the order of
/// their first finding.
pub fn problems(file: &Dockerfile, diagnostics: &[Diagnostic]) -> Vec<Problem> {
    same_problem_sets(file, diagnostics)
        .iter()
        .map(|findings| {
            let mut ids: Vec<SuggestionId> = Vec::new();
            let mut codes: Vec<Code> = Vec::new();
            for &i in findings {
                let id = SuggestionId::of(&diagnostics[i]);
                if !ids.contains(&id) {
                    ids.push(id);
                }
                if !codes.contains(&diagnostics[i].code) {
                    codes.push(diagnostics[i].code);
                }
            }
            Problem {
                id: ids[0].clone(),
                ids,
                codes,
                findings: findings.to_vec(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn problems_of(text: &str) -> Vec<Problem> {
        let file = crate::syntax::parse(text);
        let found = crate::lint(text, &Config::default());
        problems(&file, &found)
    }

    #[test]
    fn one_problem_for_maintainer() {
        let found = problems_of("FROM debian:12\nMAINTAINER Jane <jane@example.com>\n");
        let m: Vec<&Problem> = found
            .iter()
            .filter(|p| p.codes.iter().any(|c| c == "DL4000"))
            .collect();
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].codes, ["MaintainerDeprecated", "DL4000"]);
        assert_eq!(m[0].id.as_str(), "MaintainerDeprecated@2");
        assert!(m[0].ids.contains(&SuggestionId::new("DL4000", 2)));
    }

    #[test]
    fn one_problem_for_one_join() {
        let text = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10\n";
        let found = problems_of(text);
        let join: Vec<&Problem> = found
            .iter()
            .filter(|p| p.codes.iter().any(|c| c == "DL3059"))
            .collect();
        assert_eq!(join.len(), 1, "{found:?}");
        assert!(join[0].codes.iter().any(|c| c == "DD014"), "{found:?}");
    }

    #[test]
    fn findings_pair_up_by_instruction_and_line() {
        // Two secrets on two lines of one ENV: two problems, each reported
        // by both rules.
        let text = "FROM debian:12\nENV DB_PASSWORD=hunter2 \\\n    API_TOKEN=abc123\n";
        let found = problems_of(text);
        let secrets: Vec<&Problem> = found
            .iter()
            .filter(|p| p.codes.iter().any(|c| c == "DD009"))
            .collect();
        assert!(!secrets.is_empty(), "{found:?}");
        assert!(secrets.iter().all(|p| p.codes.len() == 2), "{found:?}");
        // On one line they share an id, so they are one problem.
        let text = "FROM debian:12\nENV DB_PASSWORD=hunter2 API_TOKEN=abc123\n";
        let found = problems_of(text);
        let secrets: Vec<&Problem> = found
            .iter()
            .filter(|p| p.codes.iter().any(|c| c == "DD009"))
            .collect();
        assert_eq!(secrets.len(), 1, "{found:?}");
    }

    #[test]
    fn sets_keep_the_older_name() {
        let mut s = Sets::new(4);
        s.union(3, 1);
        s.union(1, 2);
        assert_eq!(s.find(3), 1);
        assert_eq!(s.find(2), 1);
        let n = s.push();
        assert_eq!(s.find(n), 4);
    }
}
