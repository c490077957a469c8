//! Each image's tag index of [`super::images`], built from the data
//! file's text. The crate's build script runs the same code (it includes
//! this file and `text.rs`) to write the indexes into the native builds as
//! constants; the wasm builds run it at first use.
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
        if let Some(name) = trimmed.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            if let Some(s) = start {
                return tags.get(s..offset).unwrap_or("");
            }
            if name == image {
                start = Some(offset + line.len());
            }
        }
        offset += line.len();
    }
    start.and_then(|s| tags.get(s..)).unwrap_or("")
}

/// One image's tags as the data writes them, for asking whether a tag is
/// one of them without making every tag: a data line `HEADS : SUFFIXES`
/// stands for `head`, `suffix` and `head-suffix` of each of its heads and
/// suffixes (an empty one, `~`, drops the other and its `-`). Building it
/// expands each word once (the sections hold hundreds of thousands of
/// tags, which took most of a short run's time to make).
///
/// Words and lists are numbers into `text`, `starts` and `items`, not
/// references: the native builds hold the index as a constant, and a
/// constant reference costs a relocation when the program starts.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct TagIndex {
    /// Every distinct word, one after the other.
    pub(crate) text: &'static str,
    /// Word `i` is `text[starts[i]..starts[i + 1]]`.
    pub(crate) starts: &'static [u32],
    /// The lists below, one after the other: a list is a range of it.
    pub(crate) items: &'static [u32],
    /// The named suffix lists (`%N WORDS`), expanded: a range of words,
    /// sorted without duplicates.
    pub(crate) groups: &'static [(u32, u32)],
    /// Each line's suffixes: a range of its own words, expanded, and a
    /// range of the groups it names (as defined when the line is read).
    pub(crate) lines: &'static [(u32, u32, u32, u32)],
    /// Each head (a word, expanded) and the range of the lines it heads,
    /// sorted by head.
    pub(crate) heads: &'static [(u32, u32, u32)],
}

/// What [`TagIndex::new`] fills.
#[derive(Default)]
struct Builder {
    text: String,
    starts: Vec<u32>,
    ids: HashMap<&'static str, usize>,
    items: Vec<u32>,
}

impl Builder {
    fn word(&mut self, word: &'static str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id as u32;
        }
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        let id = self.starts.len() - 1;
        self.text.push_str(word);
        self.starts.push(self.text.len() as u32);
        self.ids.insert(word, id);
        id as u32
    }

    fn list(&mut self, items: impl IntoIterator<Item = u32>) -> (u32, u32) {
        let start = self.items.len() as u32;
        self.items.extend(items);
        (start, self.items.len() as u32)
    }
}

impl TagIndex {
    /// The index of a section of the tag data (kept for the life of the
    /// program, as the compiled-in tables are).
    pub(crate) fn new(section: &'static str) -> TagIndex {
        let mut b = Builder::default();
        let mut named: HashMap<&str, usize> = HashMap::default();
        let mut groups: Vec<(u32, u32)> = Vec::new();
        let mut lines: Vec<(u32, u32, u32, u32)> = Vec::new();
        let mut heads: HashMap<&'static str, Vec<u32>> = HashMap::default();
        for line in data_lines(section) {
            if let Some(rest) = line.strip_prefix('%') {
                let mut words = rest.split_whitespace();
                if let Some(n) = words.next() {
                    named.insert(n, groups.len());
                    let mut group = expand_static(words);
                    group.sort_unstable();
                    group.dedup();
                    let ids: Vec<u32> = group.into_iter().map(|w| b.word(w)).collect();
                    groups.push(b.list(ids));
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
                    Some(n) => line_groups.extend(named.get(n).map(|&g| g as u32)),
                    None => words.extend(expand_static([w])),
                }
            }
            let ids: Vec<u32> = words.into_iter().map(|w| b.word(w)).collect();
            let (w0, w1) = b.list(ids);
            let (g0, g1) = b.list(line_groups);
            let at = lines.len() as u32;
            lines.push((w0, w1, g0, g1));
            for h in expand_static(line_heads.split_whitespace()) {
                heads.entry(h).or_default().push(at);
            }
        }
        let mut names: Vec<&'static str> = heads.keys().copied().collect();
        names.sort_unstable();
        let heads: Vec<(u32, u32, u32)> = names
            .into_iter()
            .map(|h| {
                let id = b.word(h);
                let (l0, l1) = b.list(heads.remove(h).unwrap_or_default());
                (id, l0, l1)
            })
            .collect();
        if b.starts.is_empty() {
            b.starts.push(0);
        }
        TagIndex {
            text: b.text.leak(),
            starts: b.starts.leak(),
            items: b.items.leak(),
            groups: groups.leak(),
            lines: lines.leak(),
            heads: heads.leak(),
        }
    }

    /// Word `id`.
    fn word(&self, id: u32) -> &'static str {
        let at = id as usize;
        match (self.starts.get(at), self.starts.get(at + 1)) {
            (Some(&a), Some(&b)) => self.text.get(a as usize..b as usize).unwrap_or(""),
            _ => "",
        }
    }

    /// The list at `start..end` of `items`.
    fn list(&self, start: u32, end: u32) -> &'static [u32] {
        self.items.get(start as usize..end as usize).unwrap_or(&[])
    }

    /// Whether a line headed by `head` has the suffix `suffix`.
    fn pair(&self, head: &str, suffix: &str) -> bool {
        let Ok(at) = self
            .heads
            .binary_search_by(|&(h, _, _)| self.word(h).cmp(head))
        else {
            return false;
        };
        let (_, l0, l1) = self.heads[at];
        self.list(l0, l1).iter().any(|&l| {
            self.lines.get(l as usize).is_some_and(|&(w0, w1, g0, g1)| {
                self.list(w0, w1).iter().any(|&w| self.word(w) == suffix)
                    || self.list(g0, g1).iter().any(|&g| {
                        self.groups.get(g as usize).is_some_and(|&(a, b)| {
                            self.list(a, b)
                                .binary_search_by(|&w| self.word(w).cmp(suffix))
                                .is_ok()
                        })
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

/// What the Debian- and Ubuntu-based images ship, read from
/// `image-packages.txt` (what the wasm builds use; the native builds hold
/// it as a [`PackageTable`]).
pub(crate) struct Packages {
    /// (image, kind, release) → packages kept, the parents' included.
    pub(crate) kept: HashMap<Key, Vec<&'static str>>,
    /// (image, kind, release) → programs of `looked_for` present.
    pub(crate) programs: HashMap<Key, Vec<&'static str>>,
    pub(crate) looked_for: Vec<&'static str>,
    pub(crate) universal: Vec<&'static str>,
}

impl Packages {
    pub(crate) fn kept_of(&self, key: &Key) -> Option<&[&'static str]> {
        self.kept.get(key).map(Vec::as_slice)
    }

    pub(crate) fn programs_of(&self, key: &Key) -> Option<&[&'static str]> {
        self.programs.get(key).map(Vec::as_slice)
    }

    pub(crate) fn looked_for(&self) -> &[&'static str] {
        &self.looked_for
    }

    pub(crate) fn universal(&self) -> &[&'static str] {
        &self.universal
    }
}

/// [`Packages`] as constants: each table's rows sorted by key.
pub(crate) struct PackageTable {
    pub(crate) kept: &'static [(Key, &'static [&'static str])],
    pub(crate) programs: &'static [(Key, &'static [&'static str])],
    pub(crate) looked_for: &'static [&'static str],
    pub(crate) universal: &'static [&'static str],
}

impl PackageTable {
    fn find(
        table: &'static [(Key, &'static [&'static str])],
        key: &Key,
    ) -> Option<&'static [&'static str]> {
        table
            .binary_search_by(|(k, _)| k.cmp(key))
            .ok()
            .and_then(|at| table.get(at))
            .map(|(_, row)| *row)
    }

    pub(crate) fn kept_of(&self, key: &Key) -> Option<&'static [&'static str]> {
        Self::find(self.kept, key)
    }

    pub(crate) fn programs_of(&self, key: &Key) -> Option<&'static [&'static str]> {
        Self::find(self.programs, key)
    }

    pub(crate) fn looked_for(&self) -> &'static [&'static str] {
        self.looked_for
    }

    pub(crate) fn universal(&self) -> &'static [&'static str] {
        self.universal
    }
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
        kept,
        programs,
        looked_for,
        universal,
    }
}
