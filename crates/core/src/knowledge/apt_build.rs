//! The apt tables of [`super::apt`] built from the data files' text: the
//! rows read and their words expanded, references (`^OTHER`) and hubs
//! (`@HUB`) resolved. The crate's build script runs the same code (it
//! includes this file and `text.rs`) to write the tables into the native
//! build as constants; the wasm builds run it at first use.
//!
//! Architecture Invariant: this imports only [`super::text`] and the
//! standard library (and `rustc-hash`), so that the build script can
//! include it.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::text::{expand_static, section_lines};

/// How deep references (`^OTHER`) may nest before the rest is ignored: a
/// bound on the stack a damaged data file could make us use (the data
/// nests at most 10 deep).
const MAX_DEPTH: usize = 64;

pub(crate) type Table = HashMap<&'static str, Vec<&'static str>>;

/// The lines of one family in a data file, words expanded.
#[derive(Default)]
pub(crate) struct Lines {
    /// `KEY WORDS`: key (each key a brace word stands for) → its words, the
    /// lines of a key united.
    pub(crate) rows: Table,
    /// `@HUB WORDS`.
    hubs: Table,
    /// `= KEYS`.
    empty: Vec<&'static str>,
    /// `! WORDS`.
    bang: Vec<&'static str>,
}

/// The lines of `sections` in a data file, words expanded.
pub(crate) fn lines_of(text: &'static str, sections: &[&str]) -> Lines {
    let mut out = Lines::default();
    for line in section_lines(text, sections) {
        let mut words = line.split_whitespace();
        let Some(first) = words.next() else { continue };
        match first {
            "=" => out.empty.extend(expand_static(words)),
            "!" => out.bang.extend(expand_static(words)),
            _ => match first.strip_prefix('@') {
                Some(hub) => out
                    .hubs
                    .entry(hub)
                    .or_default()
                    .extend(expand_static(words)),
                None => {
                    let items = expand_static(words);
                    let mut add = |key: &'static str, items: Vec<&'static str>| {
                        match out.rows.entry(key) {
                            // The common case: the key's first line, whose
                            // words become its row without a copy.
                            std::collections::hash_map::Entry::Vacant(v) => {
                                v.insert(items);
                            }
                            std::collections::hash_map::Entry::Occupied(mut o) => {
                                o.get_mut().extend(items);
                            }
                        }
                    };
                    if first.contains('{') || first == "~" {
                        for key in expand_static([first]) {
                            add(key, items.clone());
                        }
                    } else {
                        add(first, items);
                    }
                }
            },
        }
    }
    out
}

pub(crate) fn sorted(mut v: Vec<&'static str>) -> Vec<&'static str> {
    v.sort_unstable();
    v.dedup();
    v
}

/// The dropped set a row of apt-recommends.txt stands for: its plain
/// words, the sets of its hubs (`@HUB`) and of the rows it refers to
/// (`^OTHER`). A reference to a row being resolved (a loop in damaged
/// data), or nested deeper than [`MAX_DEPTH`], adds nothing.
fn resolve_dropped(
    key: &'static str,
    l: &Lines,
    memo: &mut Table,
    open: &mut HashSet<&'static str>,
) -> Vec<&'static str> {
    if let Some(v) = memo.get(key) {
        return v.clone();
    }
    if open.len() >= MAX_DEPTH || !open.insert(key) {
        return Vec::new();
    }
    let mut set = Vec::new();
    for &w in l.rows.get(key).map_or(&[][..], Vec::as_slice) {
        if let Some(hub) = w.strip_prefix('@') {
            set.extend(l.hubs.get(hub).map_or(&[][..], Vec::as_slice));
        } else if let Some(other) = w.strip_prefix('^') {
            set.extend(resolve_dropped(other, l, memo, open));
        } else {
            set.push(w);
        }
    }
    open.remove(key);
    let set = sorted(set);
    memo.insert(key, set.clone());
    set
}

/// A family's dropped table: package → dropped notable packages (sorted,
/// without duplicates; empty for the packages known to drop nothing).
pub(crate) fn parse_dropped(text: &'static str, sections: &[&str]) -> Table {
    let l = lines_of(text, sections);
    let mut table = Table::default();
    for &k in &l.empty {
        table.insert(k, Vec::new());
    }
    let mut memo = Table::default();
    let mut open = HashSet::default();
    for &k in l.rows.keys() {
        let set = resolve_dropped(k, &l, &mut memo, &mut open);
        table.insert(k, set);
    }
    table
}

/// The packages a row of apt-kept.txt brings: the key itself when it ships
/// programs, its plain words, and what the rows it refers to (`^OTHER`)
/// bring; `-PROGRAM` words are not packages. Loops and nesting as in
/// [`resolve_dropped`].
fn kept_packages(
    key: &'static str,
    l: &Lines,
    exes: &Table,
    memo: &mut Table,
    open: &mut HashSet<&'static str>,
) -> Vec<&'static str> {
    if let Some(v) = memo.get(key) {
        return v.clone();
    }
    if open.len() >= MAX_DEPTH || !open.insert(key) {
        return Vec::new();
    }
    let mut set = Vec::new();
    if exes.contains_key(key) {
        set.push(key);
    }
    for &w in l.rows.get(key).map_or(&[][..], Vec::as_slice) {
        if let Some(other) = w.strip_prefix('^') {
            set.extend(kept_packages(other, l, exes, memo, open));
        } else if !w.starts_with('-') {
            set.push(w);
        }
    }
    open.remove(key);
    let set = sorted(set);
    memo.insert(key, set.clone());
    set
}

/// A family's kept table: package → kept programs (sorted, without
/// duplicates), for the packages with a line in `kept` and those `dropped`
/// knows (without a line, a package keeps its own programs).
pub(crate) fn parse_kept(
    kept: &'static str,
    executables: &'static str,
    dropped_keys: impl IntoIterator<Item = &'static str>,
    sections: &[&str],
) -> Table {
    let l = lines_of(kept, sections);
    let exes = lines_of(executables, sections).rows;
    let minbase: HashSet<&str> = l.bang.iter().copied().collect();
    let keys: HashSet<&'static str> = l.rows.keys().copied().chain(dropped_keys).collect();
    let mut memo = Table::default();
    let mut open = HashSet::default();
    let mut table = Table::default();
    for k in keys {
        let left_out: HashSet<&str> = l
            .rows
            .get(k)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(|w| w.strip_prefix('-'))
            .collect();
        let mut programs = Vec::new();
        for p in kept_packages(k, &l, &exes, &mut memo, &mut open) {
            programs.extend(
                exes.get(p)
                    .map_or(&[][..], Vec::as_slice)
                    .iter()
                    .filter(|x| !minbase.contains(*x) && !left_out.contains(*x)),
            );
        }
        table.insert(k, sorted(programs));
    }
    table
}

/// The sections of the data files a family reads: `both` and its own.
pub(crate) const DEBIAN: &[&str] = &["both", "debian"];
pub(crate) const UBUNTU: &[&str] = &["both", "ubuntu"];

/// Package → programs (every section).
pub(crate) fn parse_by_package(executables: &'static str) -> Table {
    // Both families united: every section read once (the rows of a
    // key are united, and `sorted` drops what two sections share).
    let by_package = lines_of(executables, &["both", "debian", "ubuntu"]).rows;
    by_package
        .into_iter()
        .map(|(k, v)| (k, sorted(v)))
        .collect()
}

/// Program → the packages of `dropped` (the packages of the dropped sets
/// of both families) shipping it, from [`parse_by_package`]'s table.
pub(crate) fn parse_by_program<'t>(
    by_package: impl IntoIterator<Item = (&'static str, &'t [&'static str])>,
    dropped: impl IntoIterator<Item = &'static str>,
) -> Table {
    let dropped: HashSet<&str> = dropped.into_iter().collect();
    let mut by_program = Table::default();
    for (package, progs) in by_package {
        if dropped.contains(package) {
            for p in progs {
                by_program.entry(*p).or_default().push(package);
            }
        }
    }
    by_program
        .into_iter()
        .map(|(k, v)| (k, sorted(v)))
        .collect()
}
