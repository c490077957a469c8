//! The tables of [`super::images`] built from the data files' text: each
//! image's tag index and the packages and programs of the images. The
//! crate's build script runs the same code (it includes this file and
//! `text.rs`) to write the tables into the native builds as constants;
//! the wasm builds run it at first use.
//!
//! Architecture Invariant: this imports only [`super::text`] and the
//! standard library (and `rustc-hash`), so that the build script can
//! include it.

use rustc_hash::FxHashMap as HashMap;

use super::text::{data_lines, expand_static};

/// The text of `[image]`'s section of the tag data `tags`.
pub(crate) fn tag_section(tags: &'static str, image: &str) -> &'static str {
    let mut start = None;
    let mut offset = 0;
    for line in tags.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') && trimmed.ends_with(']') {
            if let Some(s) = start {
                return &tags[s..offset];
            }
            if &trimmed[1..trimmed.len() - 1] == image {
                start = Some(offset + line.len());
            }
        }
        offset += line.len();
    }
    start.map_or("", |s| &tags[s..])
}

/// One image's tags as the data writes them, for asking whether a tag is
/// one of them without making every tag: a data line `HEADS : SUFFIXES`
/// stands for `head`, `suffix` and `head-suffix` of each of its heads and
/// suffixes (an empty one, `~`, drops the other and its `-`). Building it
/// expands each word once (the sections hold hundreds of thousands of
/// tags, which took most of a short run's time to make).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct TagIndex {
    /// The named suffix lists (`%N WORDS`), expanded, each sorted without
    /// duplicates.
    pub(crate) groups: &'static [&'static [&'static str]],
    /// Each line's suffixes: its own words, expanded, and the groups it
    /// names (as defined when the line is read).
    pub(crate) lines: &'static [(&'static [&'static str], &'static [usize])],
    /// Each head (expanded) → the lines it heads, sorted by head.
    pub(crate) heads: &'static [(&'static str, &'static [usize])],
}

impl TagIndex {
    /// The index of a section of the tag data (kept for the life of the
    /// program, as the compiled-in tables are).
    pub(crate) fn new(section: &'static str) -> TagIndex {
        let mut named: HashMap<&str, usize> = HashMap::default();
        let mut groups: Vec<&'static [&'static str]> = Vec::new();
        let mut lines: Vec<(&'static [&'static str], &'static [usize])> = Vec::new();
        let mut heads: HashMap<&'static str, Vec<usize>> = HashMap::default();
        for line in data_lines(section) {
            if let Some(rest) = line.strip_prefix('%') {
                let mut words = rest.split_whitespace();
                if let Some(n) = words.next() {
                    named.insert(n, groups.len());
                    let mut group = expand_static(words);
                    group.sort_unstable();
                    group.dedup();
                    groups.push(group.leak());
                }
                continue;
            }
            let Some((line_heads, suffixes)) = line.split_once(':') else {
                continue;
            };
            let mut words = Vec::new();
            let mut line_groups = Vec::new();
            for w in suffixes.split_whitespace() {
                match w.strip_prefix('%') {
                    Some(n) => line_groups.extend(named.get(n).copied()),
                    None => words.extend(expand_static([w])),
                }
            }
            let at = lines.len();
            lines.push((words.leak(), line_groups.leak()));
            for h in expand_static(line_heads.split_whitespace()) {
                heads.entry(h).or_default().push(at);
            }
        }
        let mut heads: Vec<(&'static str, &'static [usize])> =
            heads.into_iter().map(|(h, at)| (h, &*at.leak())).collect();
        heads.sort_unstable_by_key(|&(h, _)| h);
        TagIndex {
            groups: groups.leak(),
            lines: lines.leak(),
            heads: heads.leak(),
        }
    }

    /// Whether a line headed by `head` has the suffix `suffix`.
    fn pair(&self, head: &str, suffix: &str) -> bool {
        let Ok(at) = self.heads.binary_search_by(|&(h, _)| h.cmp(head)) else {
            return false;
        };
        self.heads[at].1.iter().any(|&l| {
            self.lines.get(l).is_some_and(|&(words, groups)| {
                words.contains(&suffix)
                    || groups.iter().any(|&g| {
                        self.groups
                            .get(g)
                            .is_some_and(|group| group.binary_search(&suffix).is_ok())
                    })
            })
        })
    }

    /// Whether `tag` is one of the image's tags.
    pub(crate) fn contains(&self, tag: &str) -> bool {
        if tag.is_empty() {
            return false;
        }
        // `head` alone, `suffix` alone, or `head-suffix` split at any `-`.
        self.pair(tag, "")
            || self.pair("", tag)
            || tag.match_indices('-').any(|(i, _)| {
                let (head, suffix) = (&tag[..i], &tag[i + 1..]);
                !head.is_empty() && !suffix.is_empty() && self.pair(head, suffix)
            })
    }
}

/// (image, kind, release).
pub(crate) type Key = (&'static str, &'static str, &'static str);

/// A table of [`Packages`]: sorted by key, keys distinct.
pub(crate) type KeyTable = &'static [(Key, &'static [&'static str])];

/// What the Debian- and Ubuntu-based images ship.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Packages {
    /// (image, kind, release) → packages kept, the parents' included.
    pub(crate) kept: KeyTable,
    /// (image, kind, release) → programs of `looked_for` present.
    pub(crate) programs: KeyTable,
    /// Sorted.
    pub(crate) looked_for: &'static [&'static str],
    /// Sorted.
    pub(crate) universal: &'static [&'static str],
}

/// The row of `key` in `table`.
pub(crate) fn find(table: KeyTable, key: &Key) -> Option<&'static [&'static str]> {
    table
        .binary_search_by(|(k, _)| k.cmp(key))
        .ok()
        .map(|at| table[at].1)
}

/// A hash map of rows as a [`KeyTable`].
fn key_table(map: HashMap<Key, Vec<&'static str>>) -> KeyTable {
    let mut rows: Vec<(Key, &'static [&'static str])> =
        map.into_iter().map(|(k, v)| (k, &*v.leak())).collect();
    rows.sort_unstable_by_key(|&(k, _)| k);
    rows.leak()
}

/// The package data `text` (`image-packages.txt`) read.
pub(crate) fn parse_packages(text: &'static str) -> Packages {
    type Own = (Option<(&'static str, &'static str)>, Vec<&'static str>);
    let mut own: HashMap<Key, Own> = HashMap::default();
    let mut programs = HashMap::default();
    let mut looked_for = Vec::new();
    let mut universal = Vec::new();
    for line in data_lines(text) {
        if let Some(rest) = line.strip_prefix("? ") {
            looked_for = rest.split_whitespace().collect();
            continue;
        }
        if let Some(rest) = line.strip_prefix("! ") {
            universal = rest.split_whitespace().collect();
            continue;
        }
        let (head, items) = line.split_once(':').unwrap_or((line, ""));
        let items: Vec<&'static str> = items.split_whitespace().collect();
        let words: Vec<&'static str> = head.split_whitespace().collect();
        match words.as_slice() {
            ["=", image, kind, releases] => {
                for r in releases.split(',') {
                    programs.insert((*image, *kind, r), items.clone());
                }
            }
            [image, kind, releases, "<", p_image, p_kind] => {
                for r in releases.split(',') {
                    own.insert(
                        (*image, *kind, r),
                        (Some((*p_image, *p_kind)), items.clone()),
                    );
                }
            }
            _ => {}
        }
    }
    // Each `=` line lists the programs beyond the parent's.
    let own_programs: HashMap<Key, Vec<&'static str>> = programs;
    let mut programs = HashMap::default();
    for key in own_programs.keys() {
        let mut all = Vec::new();
        let mut cur = Some(*key);
        for _ in 0..8 {
            let Some(k) = cur else { break };
            let Some(progs) = own_programs.get(&k) else {
                break;
            };
            all.extend(progs.iter().copied());
            cur = own
                .get(&k)
                .and_then(|(p, _)| *p)
                .map(|(i, kind)| (i, kind, k.2));
        }
        all.sort_unstable();
        all.dedup();
        programs.insert(*key, all);
    }
    let mut kept = HashMap::default();
    for key in own.keys() {
        let mut all = Vec::new();
        let mut cur = Some(*key);
        for _ in 0..8 {
            let Some(k) = cur else { break };
            let Some((parent, pkgs)) = own.get(&k) else {
                break;
            };
            all.extend(pkgs.iter().copied());
            cur = parent.map(|(i, kind)| (i, kind, k.2));
        }
        all.sort_unstable();
        all.dedup();
        kept.insert(*key, all);
    }
    looked_for.sort_unstable();
    universal.sort_unstable();
    Packages {
        kept: key_table(kept),
        programs: key_table(programs),
        looked_for: looked_for.leak(),
        universal: universal.leak(),
    }
}
