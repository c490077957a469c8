//! What `apt-get install --no-install-recommends` leaves out and what it
//! keeps, and which programs the packages concerned ship.
//!
//! Data: `data/apt-recommends.txt`, `data/apt-kept.txt` and
//! `data/apt-executables.txt` (sources, dates and the exact model in the
//! module [`crate::knowledge`] documentation, in `README.md` and in each
//! file's header).
//!
//! For a package P, its *dropped* set is what `apt-get install P` installs
//! on a minbase system of the release with Recommends followed (apt's
//! default) but not without them, kept to the *notable* packages (those
//! shipping programs in `/bin`, `/sbin`, `/usr/bin`, `/usr/sbin`, plus
//! `ca-certificates`, `build-essential`, `python3-setuptools`,
//! `python-setuptools`, `python3-wheel`, `python3-dev` and every `*-dev`),
//! united over the family's releases (Debian: bullseye, bookworm, trixie
//! main; Ubuntu: focal, jammy, noble main and universe). Its *kept*
//! programs are the programs in those directories that the install without
//! Recommends brings and minbase does not have, united the same way.
//!
//! The tables do not hold every package: they hold those installed by at
//! least one file of the project's Dockerfile corpus, and those among the
//! 1,000 names other packages depend on, recommend or build-depend on most
//! that drop nothing (see the files' headers for the counts). A package
//! missing from them is unknown; a known package may drop nothing
//! (`make`), and minbase packages (`bash`) always do.

use std::sync::OnceLock;

#[cfg(apt_static)]
use rustc_hash::FxHashMap as HashMap;

use super::apt_build;

/// The three data files' text.
#[derive(Clone, Copy)]
struct Texts {
    /// Read by the build script instead in native builds.
    #[cfg_attr(all(apt_static, not(test)), allow(dead_code))]
    recommends: &'static str,
    kept: &'static str,
    executables: &'static str,
}

/// With the `apt-tables` feature (the default) the data is compiled in.
#[cfg(feature = "apt-tables")]
fn texts() -> Option<Texts> {
    Some(Texts {
        recommends: include_str!("data/apt-recommends.txt"),
        kept: include_str!("data/apt-kept.txt"),
        executables: include_str!("data/apt-executables.txt"),
    })
}

/// Without it (the playground's wasm, which fetches the files when a text
/// first needs them) the data is what [`install`] was given; until then
/// every function answers as if the tables were empty and records that it
/// was asked ([`take_missed`]), so the caller knows to discard its result.
#[cfg(not(feature = "apt-tables"))]
static INSTALLED: OnceLock<Texts> = OnceLock::new();

#[cfg(not(feature = "apt-tables"))]
static MISSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[cfg(not(feature = "apt-tables"))]
fn texts() -> Option<Texts> {
    let texts = INSTALLED.get().copied();
    if texts.is_none() {
        MISSED.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    texts
}

/// Whether the data is here: compiled in, or [`install`]ed.
pub fn available() -> bool {
    #[cfg(feature = "apt-tables")]
    return true;
    #[cfg(not(feature = "apt-tables"))]
    return INSTALLED.get().is_some();
}

/// Give the data files' text (`apt-recommends.txt`, `apt-kept.txt`,
/// `apt-executables.txt`) to a build without the `apt-tables` feature. The
/// first call wins (a later one, and any call when the data is compiled
/// in, changes nothing).
pub fn install(recommends: String, kept: String, executables: String) {
    #[cfg(not(feature = "apt-tables"))]
    {
        // Kept for the life of the program, as compiled-in data is.
        let _ = INSTALLED.get_or_init(|| Texts {
            recommends: Box::leak(recommends.into_boxed_str()),
            kept: Box::leak(kept.into_boxed_str()),
            executables: Box::leak(executables.into_boxed_str()),
        });
    }
    #[cfg(feature = "apt-tables")]
    let _ = (recommends, kept, executables);
}

/// Whether a function of this module was asked something while the data
/// was missing, since the last call (which resets it). Always false when
/// the data is compiled in.
pub fn take_missed() -> bool {
    #[cfg(not(feature = "apt-tables"))]
    return MISSED.swap(false, std::sync::atomic::Ordering::Relaxed);
    #[cfg(feature = "apt-tables")]
    return false;
}

/// A family of apt-based distributions whose releases the data unites.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// Debian bullseye, bookworm and trixie (main).
    Debian,
    /// Ubuntu focal, jammy and noble (main and universe).
    Ubuntu,
}

impl Family {
    /// The family of a base image name (`debian`, `ubuntu`; the Debian-based
    /// official language images such as `python` or `node` are `Debian`).
    /// `None` for anything else (`alpine`, `fedora`, unknown images).
    pub fn of_image(image: &str) -> Option<Family> {
        match image {
            "ubuntu" => Some(Family::Ubuntu),
            "debian" | "buildpack-deps" | "python" | "node" | "ruby" | "perl" | "rust"
            | "openjdk" | "golang" | "php" => Some(Family::Debian),
            _ => None,
        }
    }

    /// The sections of the data files this family reads.
    #[cfg_attr(apt_static, allow(dead_code))]
    fn sections(self) -> &'static [&'static str] {
        match self {
            Family::Debian => apt_build::DEBIAN,
            Family::Ubuntu => apt_build::UBUNTU,
        }
    }
}

/// A row of the tables: words, sorted, without duplicates. Read it with
/// [`Words::iter`] or [`Words::contains`]; [`Words::to_vec`] copies it.
#[derive(Clone, Copy, Default)]
pub struct Words(Repr);

#[derive(Clone, Copy)]
enum Repr {
    /// Words of a table built from the text at run time.
    Strs(&'static [&'static str]),
    /// Words of a compiled-in table: indexes into its list of words.
    #[cfg(apt_static)]
    Ids(&'static [u16]),
}

impl Default for Repr {
    fn default() -> Repr {
        Repr::Strs(&[])
    }
}

impl Words {
    /// No words.
    pub const EMPTY: Words = Words(Repr::Strs(&[]));

    /// How many words.
    pub fn len(self) -> usize {
        match self.0 {
            Repr::Strs(s) => s.len(),
            #[cfg(apt_static)]
            Repr::Ids(ids) => ids.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The words in order.
    pub fn iter(self) -> WordsIter {
        WordsIter(match self.0 {
            Repr::Strs(s) => IterRepr::Strs(s.iter()),
            #[cfg(apt_static)]
            Repr::Ids(ids) => IterRepr::Ids(ids.iter()),
        })
    }

    /// Whether `word` is one of them (rows are short: a scan, which does
    /// not depend on their order).
    pub fn contains(self, word: &str) -> bool {
        self.iter().any(|w| w == word)
    }

    /// The words, copied into a vector.
    pub fn to_vec(self) -> Vec<&'static str> {
        self.iter().collect()
    }
}

impl IntoIterator for Words {
    type Item = &'static str;
    type IntoIter = WordsIter;
    fn into_iter(self) -> WordsIter {
        self.iter()
    }
}

impl std::fmt::Debug for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for Words {
    fn eq(&self, other: &Words) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Words {}

impl PartialEq<&[&str]> for Words {
    fn eq(&self, other: &&[&str]) -> bool {
        self.iter().eq(other.iter().copied())
    }
}

impl PartialEq<Vec<&str>> for Words {
    fn eq(&self, other: &Vec<&str>) -> bool {
        self.iter().eq(other.iter().copied())
    }
}

/// The iterator of [`Words::iter`].
#[derive(Clone, Debug)]
pub struct WordsIter(IterRepr);

#[derive(Clone, Debug)]
enum IterRepr {
    Strs(std::slice::Iter<'static, &'static str>),
    #[cfg(apt_static)]
    Ids(std::slice::Iter<'static, u16>),
}

impl Iterator for WordsIter {
    type Item = &'static str;

    fn next(&mut self) -> Option<&'static str> {
        match &mut self.0 {
            IterRepr::Strs(i) => i.next().copied(),
            #[cfg(apt_static)]
            IterRepr::Ids(i) => i.next().map(|&id| generated::word(id)),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.0 {
            IterRepr::Strs(i) => i.size_hint(),
            #[cfg(apt_static)]
            IterRepr::Ids(i) => i.size_hint(),
        }
    }
}

impl DoubleEndedIterator for WordsIter {
    fn next_back(&mut self) -> Option<&'static str> {
        match &mut self.0 {
            IterRepr::Strs(i) => i.next_back().copied(),
            #[cfg(apt_static)]
            IterRepr::Ids(i) => i.next_back().map(|&id| generated::word(id)),
        }
    }
}

impl ExactSizeIterator for WordsIter {}

impl std::iter::FusedIterator for WordsIter {}

/// A table built from the text, as the lookups read it: key → sorted
/// words. (The wasm builds keep the table they build as it is: one hash
/// map type fewer in the playground's download.)
#[cfg(apt_static)]
type Frozen = HashMap<&'static str, &'static [&'static str]>;
#[cfg(not(apt_static))]
type Frozen = apt_build::Table;

/// A table: built from the text, or compiled in.
enum Lookup {
    Built(Frozen),
    #[cfg(apt_static)]
    Packed(&'static [(u16, u32, u32)]),
}

impl Lookup {
    /// The row of `key`.
    fn get(&'static self, key: &str) -> Option<Words> {
        match self {
            Lookup::Built(t) => t.get(key).map(|v| Words(Repr::Strs(v))),
            #[cfg(apt_static)]
            Lookup::Packed(rows) => {
                let i = rows
                    .binary_search_by(|&(k, _, _)| generated::word(k).cmp(key))
                    .ok()?;
                Some(generated::row(rows[i]))
            }
        }
    }

    fn len(&self) -> usize {
        match self {
            Lookup::Built(t) => t.len(),
            #[cfg(apt_static)]
            Lookup::Packed(rows) => rows.len(),
        }
    }

    /// Every row (in no particular order).
    fn rows(&'static self) -> Box<dyn Iterator<Item = (&'static str, Words)>> {
        match self {
            Lookup::Built(t) => Box::new(t.iter().map(|(k, v)| (*k, Words(Repr::Strs(v))))),
            #[cfg(apt_static)]
            Lookup::Packed(rows) => Box::new(
                rows.iter()
                    .map(|&r| (generated::word(r.0), generated::row(r))),
            ),
        }
    }

    fn keys(&'static self) -> impl Iterator<Item = &'static str> {
        self.rows().map(|(k, _)| k)
    }
}

/// The tables a lint reads (the dropped sets and the programs' providers),
/// as the build script wrote them (`build.rs`, from the data files and
/// `apt_build.rs`): native builds with the `apt-tables` feature read them
/// as they are instead of reading the data files at first use, which was
/// a tenth of a short CLI run's instructions. They hold no pointers (see
/// `packed_tables` in `build.rs`): a table is `(key, start, end)` rows
/// sorted by key, a row the words `IDS[start..end]`, a word an index into
/// the sorted list `TEXT` cut at `STARTS`. The kept programs and each
/// package's programs, which no rule reads, are still read from the text
/// when first asked for.
#[cfg(apt_static)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/apt_tables.rs"));

    /// Word `id` of the tables.
    pub(super) fn word(id: u16) -> &'static str {
        let i = usize::from(id);
        &TEXT[STARTS[i] as usize..STARTS[i + 1] as usize]
    }

    /// The words of a row.
    pub(super) fn row((_, start, end): (u16, u32, u32)) -> super::Words {
        super::Words(super::Repr::Ids(&IDS[start as usize..end as usize]))
    }
}

/// A table built from the text, kept for the life of the program.
#[cfg(apt_static)]
fn freeze(table: apt_build::Table) -> Lookup {
    Lookup::Built(table.into_iter().map(|(k, v)| (k, &*v.leak())).collect())
}

#[cfg(not(apt_static))]
fn freeze(table: apt_build::Table) -> Lookup {
    Lookup::Built(table)
}

struct FamilyData {
    dropped: Lookup,
    kept: OnceLock<Lookup>,
}

/// The tables of missing data: empty.
fn empty_data() -> &'static FamilyData {
    static EMPTY: OnceLock<FamilyData> = OnceLock::new();
    EMPTY.get_or_init(|| FamilyData {
        dropped: Lookup::Built(Frozen::default()),
        kept: OnceLock::from(Lookup::Built(Frozen::default())),
    })
}

fn family_data(family: Family) -> &'static FamilyData {
    static DEB: OnceLock<FamilyData> = OnceLock::new();
    static UBU: OnceLock<FamilyData> = OnceLock::new();
    let cell = match family {
        Family::Debian => &DEB,
        Family::Ubuntu => &UBU,
    };
    #[cfg(apt_static)]
    return cell.get_or_init(|| FamilyData {
        dropped: Lookup::Packed(match family {
            Family::Debian => generated::DEBIAN_DROPPED,
            Family::Ubuntu => generated::UBUNTU_DROPPED,
        }),
        kept: OnceLock::new(),
    });
    #[cfg(not(apt_static))]
    {
        let Some(texts) = texts() else {
            return empty_data();
        };
        cell.get_or_init(|| FamilyData {
            dropped: freeze(apt_build::parse_dropped(
                texts.recommends,
                family.sections(),
            )),
            kept: OnceLock::new(),
        })
    }
}

fn kept_table(family: Family) -> &'static Lookup {
    let Some(texts) = texts() else {
        return &empty_data().dropped;
    };
    let data = family_data(family);
    data.kept.get_or_init(|| {
        freeze(apt_build::parse_kept(
            texts.kept,
            texts.executables,
            data.dropped.keys(),
            family.sections(),
        ))
    })
}

struct Programs {
    /// Package → programs (every section).
    by_package: OnceLock<Lookup>,
    /// Program → the packages of a dropped set (either family) shipping it.
    by_program: Lookup,
}

/// A cell holding `value`.
fn filled<T>(value: T) -> OnceLock<T> {
    let cell = OnceLock::new();
    let _ = cell.set(value);
    cell
}

/// Package → programs, read from the text when first asked for.
fn by_package(texts: Texts) -> Lookup {
    freeze(apt_build::parse_by_package(texts.executables))
}

fn programs() -> &'static Programs {
    static PROGRAMS: OnceLock<Programs> = OnceLock::new();
    static EMPTY: OnceLock<Programs> = OnceLock::new();
    let Some(texts) = texts() else {
        return EMPTY.get_or_init(|| Programs {
            by_package: filled(Lookup::Built(Frozen::default())),
            by_program: Lookup::Built(Frozen::default()),
        });
    };
    #[cfg(apt_static)]
    let _ = texts;
    #[cfg(apt_static)]
    return PROGRAMS.get_or_init(|| Programs {
        by_package: OnceLock::new(),
        by_program: Lookup::Packed(generated::BY_PROGRAM),
    });
    #[cfg(not(apt_static))]
    PROGRAMS.get_or_init(|| {
        let by_package = by_package(texts);
        let dropped = [Family::Debian, Family::Ubuntu]
            .into_iter()
            .flat_map(|f| family_data(f).dropped.rows().flat_map(|(_, v)| v.iter()));
        let by_program = match &by_package {
            Lookup::Built(t) => freeze(apt_build::parse_by_program(
                t.iter().map(|(k, v)| (*k, v.as_slice())),
                dropped,
            )),
        };
        Programs {
            by_package: filled(by_package),
            by_program,
        }
    })
}

/// The notable packages `apt-get install --no-install-recommends package`
/// does not install that `apt-get install package` would, on a minbase
/// system of any release of `family` (sorted). `Some` of no words when the package
/// is known to drop nothing notable (`make`; every minbase package, such
/// as `bash`); `None` when the package is not in the table (unknown: the
/// table is restricted, see the module docs).
///
/// `dropped_recommends(Family::Debian, "git")` holds `ca-certificates`,
/// `less`, `openssh-client` and `patch`.
pub fn dropped_recommends(family: Family, package: &str) -> Option<Words> {
    family_data(family).dropped.get(package)
}

/// The programs `apt-get install --no-install-recommends package` keeps on
/// a minbase system of `family`: the programs (file names in `/bin`,
/// `/sbin`, `/usr/bin`, `/usr/sbin`) that the packages of its Pre-Depends
/// and Depends closure ship and minbase does not have, in any release of
/// the family (sorted). `Some` of no words when it keeps none (`bash`, already in
/// minbase; a library); `None` when the package is not covered: every
/// package [`dropped_recommends`] knows is, and a few more.
///
/// `kept_programs(Family::Debian, "build-essential")` holds `make`, `gcc`
/// and `g++`; `kept_programs(Family::Debian, "git")` holds `git` but not
/// `ssh`, which only a recommendation brings.
pub fn kept_programs(family: Family, package: &str) -> Option<Words> {
    kept_table(family).get(package)
}

/// The programs (file names in `/bin`, `/sbin`, `/usr/bin`, `/usr/sbin`,
/// in any release of either family) a package of the data ships; empty
/// for a package outside the data or shipping none (`ca-certificates`
/// ships `update-ca-certificates`; `libssl-dev` none).
pub fn executables(package: &str) -> Words {
    let Some(texts) = texts() else {
        return Words::EMPTY;
    };
    programs()
        .by_package
        .get_or_init(|| by_package(texts))
        .get(package)
        .unwrap_or(Words::EMPTY)
}

/// The packages of the dropped sets (either family) that ship `program`
/// (sorted; empty when none does). `providers("ssh")` is
/// `["openssh-client"]`.
pub fn providers(program: &str) -> Words {
    programs().by_program.get(program).unwrap_or(Words::EMPTY)
}

/// Whether installing `package` with `--no-install-recommends` loses
/// `program`: `Some(true)` when a dropped package ships it, `Some(false)`
/// when none does (or nothing is dropped), `None` when the package is not
/// in the table. (A program that the package or its dependencies still
/// bring may also be in a dropped package: `Some(true)` means "may be
/// missing", worth a warning; [`kept_programs`] tells.)
pub fn drops_program(family: Family, package: &str, program: &str) -> Option<bool> {
    let dropped = dropped_recommends(family, package)?;
    Some(dropped.iter().any(|p| executables(p).contains(program)))
}

/// How many packages the dropped table of `family` holds (those known to
/// drop nothing included).
pub fn table_len(family: Family) -> usize {
    family_data(family).dropped.len()
}

#[cfg(test)]
mod tests {
    #[cfg(feature = "apt-tables")]
    use super::apt_build::{lines_of, sorted, Table};
    #[cfg(apt_static)]
    use super::apt_build::{parse_by_package, parse_by_program};
    use super::apt_build::{parse_dropped, parse_kept};
    use super::*;

    const BOTH: [Family; 2] = [Family::Debian, Family::Ubuntu];

    /// Makes the data available as each build has it: compiled in (the
    /// `apt-tables` feature), or installed from the data files' text as
    /// the playground installs the files it fetched; then checks it is
    /// there, so that no test below passes on empty tables.
    fn data() {
        #[cfg(not(feature = "apt-tables"))]
        install(
            include_str!("data/apt-recommends.txt").to_owned(),
            include_str!("data/apt-kept.txt").to_owned(),
            include_str!("data/apt-executables.txt").to_owned(),
        );
        assert!(available());
        for family in BOTH {
            assert!(table_len(family) > 800, "{family:?}");
        }
    }

    /// The one-pass table of programs is each family's table united.
    #[cfg(feature = "apt-tables")]
    #[test]
    fn executables_unite_the_families() {
        let text = texts().expect("compiled in").executables;
        let mut union: Table = Table::default();
        for family in BOTH {
            for (package, progs) in lines_of(text, family.sections()).rows {
                union.entry(package).or_default().extend(progs);
            }
        }
        assert!(union.len() > 500);
        for (package, progs) in union {
            assert_eq!(executables(package), sorted(progs), "{package}");
        }
    }

    /// The tables the build script wrote are the tables the data files'
    /// text gives when read at run time (as the wasm builds read it): the
    /// same keys with the same rows, and the same misses.
    #[cfg(apt_static)]
    #[test]
    fn generated_tables_are_the_text_read_at_run_time() {
        let texts = texts().expect("compiled in");
        let misses = [
            "",
            "no-such-package",
            "GIT",
            "git ",
            "@ca-certificates",
            "^git",
            "-x",
            "~",
            "cpp-{10,12}",
            "[debian]",
        ];
        let mut dropped_packages = Vec::new();
        for family in BOTH {
            let dropped = parse_dropped(texts.recommends, family.sections());
            let kept = parse_kept(
                texts.kept,
                texts.executables,
                dropped.keys().copied(),
                family.sections(),
            );
            assert!(dropped.len() > 800 && kept.len() >= dropped.len());
            assert_eq!(table_len(family), dropped.len());
            assert_eq!(kept_table(family).len(), kept.len());
            for (k, v) in &dropped {
                assert_eq!(
                    dropped_recommends(family, k).map(Words::to_vec),
                    Some(v.clone()),
                    "{k}"
                );
            }
            for (k, v) in &kept {
                assert_eq!(
                    kept_programs(family, k).map(Words::to_vec),
                    Some(v.clone()),
                    "{k}"
                );
            }
            for m in misses {
                assert_eq!(
                    dropped_recommends(family, m).is_some(),
                    dropped.contains_key(m)
                );
                assert_eq!(kept_programs(family, m).is_some(), kept.contains_key(m));
            }
            dropped_packages.extend(dropped.values().flatten().copied());
        }
        let by_package = parse_by_package(texts.executables);
        let by_program = parse_by_program(
            by_package.iter().map(|(k, v)| (*k, &v[..])),
            dropped_packages,
        );
        assert!(by_program.len() > 1000);
        assert_eq!(programs().by_program.len(), by_program.len());
        for (k, v) in &by_package {
            assert_eq!(executables(k), &v[..], "{k}");
        }
        for (k, v) in &by_program {
            assert_eq!(providers(k), &v[..], "{k}");
        }
        for m in misses {
            assert_eq!(
                executables(m).is_empty(),
                by_package.get(m).is_none_or(Vec::is_empty)
            );
            assert_eq!(
                providers(m).is_empty(),
                by_program.get(m).is_none_or(Vec::is_empty)
            );
        }
    }

    fn dropped(family: Family, package: &str) -> Words {
        dropped_recommends(family, package).unwrap_or_else(|| panic!("{package} not in table"))
    }

    fn kept(family: Family, package: &str) -> Words {
        kept_programs(family, package).unwrap_or_else(|| panic!("{package} not covered"))
    }

    #[test]
    fn known_recommends_on_debian() {
        data();
        for p in ["curl", "wget", "git"] {
            assert!(
                dropped(Family::Debian, p).contains("ca-certificates"),
                "{p}"
            );
        }
        let git = dropped(Family::Debian, "git");
        for p in ["openssh-client", "patch", "less"] {
            assert!(git.contains(p), "git drops {p}");
        }
        assert!(dropped(Family::Debian, "xvfb").contains("xauth"));
        let pip = dropped(Family::Debian, "python3-pip");
        for p in ["build-essential", "python3-dev", "gcc", "make"] {
            assert!(pip.contains(p), "python3-pip drops {p}");
        }
    }

    #[test]
    fn known_recommends_on_ubuntu() {
        data();
        for p in ["curl", "wget", "git"] {
            assert!(
                dropped(Family::Ubuntu, p).contains("ca-certificates"),
                "{p}"
            );
        }
        assert!(dropped(Family::Ubuntu, "python3-pip").contains("build-essential"));
    }

    #[test]
    fn packages_that_drop_nothing() {
        data();
        // make: Depends libc6, no Recommends (bookworm, noble). bash, tar,
        // coreutils: minbase. libc6: minbase, and the most depended on.
        for f in BOTH {
            for p in ["make", "bash", "tar", "coreutils", "libc6"] {
                assert_eq!(
                    dropped_recommends(f, p).map(Words::to_vec),
                    Some(vec![]),
                    "{p} {f:?}"
                );
                assert_eq!(drops_program(f, p, "make"), Some(false));
            }
        }
        assert!(table_len(Family::Debian) > 800);
        assert!(table_len(Family::Ubuntu) > 800);
    }

    #[test]
    fn sets_are_sorted_and_unique() {
        data();
        for family in BOTH {
            for (_, set) in family_data(family).dropped.rows() {
                assert!(set.to_vec().windows(2).all(|w| w[0] < w[1]));
            }
            for (_, set) in kept_table(family).rows() {
                assert!(set.to_vec().windows(2).all(|w| w[0] < w[1]));
            }
        }
    }

    #[test]
    fn unknown_packages() {
        data();
        for f in BOTH {
            assert_eq!(dropped_recommends(f, "no-such-package"), None);
            assert_eq!(dropped_recommends(f, ""), None);
            assert_eq!(kept_programs(f, "no-such-package"), None);
            assert_eq!(kept_programs(f, ""), None);
            assert_eq!(drops_program(f, "no-such-package", "gcc"), None);
        }
        assert_eq!(executables("no-such-package"), &[] as &[&str]);
        assert_eq!(providers(""), &[] as &[&str]);
    }

    #[test]
    fn programs_and_providers() {
        data();
        assert!(executables("ca-certificates").contains("update-ca-certificates"));
        assert!(executables("openssh-client").contains("ssh"));
        assert!(providers("ssh").contains("openssh-client"));
        assert!(providers("gcc").contains("gcc"));
        assert_eq!(drops_program(Family::Debian, "git", "ssh"), Some(true));
        assert_eq!(drops_program(Family::Debian, "git", "gcc"), Some(false));
    }

    /// Facts read from the Packages files (bookworm and noble alike):
    /// build-essential Depends gcc, g++, make, dpkg-dev; git Depends perl
    /// and Recommends ssh-client; curl Depends libcurl4(t64), which
    /// Recommends ca-certificates; python3-dev Depends python3, which
    /// Depends python3-minimal (`/usr/bin/python3`); ruby Depends
    /// ruby-rubygems (`/usr/bin/gem`); nodejs ships `/usr/bin/node`.
    #[test]
    fn kept_programs_facts() {
        data();
        for f in BOTH {
            let be = kept(f, "build-essential");
            for p in ["make", "gcc", "g++", "cpp", "ld", "dpkg-buildpackage"] {
                assert!(be.contains(p), "build-essential keeps {p} ({f:?})");
            }
            let git = kept(f, "git");
            // `perl` itself is in perl-base (minbase); perl's other programs are kept.
            assert!(git.contains("git") && git.contains("perldoc"), "{f:?}");
            assert!(!git.contains("perl"), "{f:?}");
            assert!(!git.contains("ssh") && !git.contains("less"), "{f:?}");
            assert!(kept(f, "curl").contains("curl"));
            assert!(!kept(f, "curl").contains("update-ca-certificates"));
            assert!(kept(f, "make").contains("make"));
            assert!(kept(f, "python3-dev").contains("python3"));
            assert!(kept(f, "ruby").contains("gem"));
            assert!(kept(f, "nodejs").contains("node"));
            let pip = kept(f, "python3-pip");
            assert!(pip.contains("pip3") && pip.contains("python3"));
            assert!(!pip.contains("gcc"), "python3-pip only recommends gcc");
            // Minbase packages keep nothing beyond minbase.
            assert_eq!(kept_programs(f, "bash").map(Words::to_vec), Some(vec![]));
            // A virtual name counts as its provider.
            assert!(kept(f, "git-core").contains("git"));
        }
    }

    #[test]
    fn kept_programs_leave_out_minbase() {
        data();
        for f in BOTH {
            for (_, set) in kept_table(f).rows() {
                for p in ["sh", "bash", "ls", "dpkg", "apt-get", "tar", "gzip", "sed"] {
                    assert!(!set.contains(p), "{p}");
                }
            }
        }
    }

    #[test]
    fn every_known_package_has_kept_programs() {
        data();
        for f in BOTH {
            for k in family_data(f).dropped.keys() {
                assert!(kept_programs(f, k).is_some(), "{k} {f:?}");
            }
        }
    }

    #[test]
    fn hostile_input_does_not_panic() {
        data();
        for s in [
            "",
            "@",
            "@ca-certificates",
            "^git",
            "-",
            "{1..9}",
            "é",
            "a b",
            "~",
            "=",
        ] {
            for f in BOTH {
                assert_eq!(dropped_recommends(f, s), None, "{s}");
                assert_eq!(kept_programs(f, s), None, "{s}");
                let _ = drops_program(f, s, s);
            }
            let _ = executables(s);
            let _ = providers(s);
        }
    }

    #[test]
    fn damaged_data_does_not_panic_or_loop() {
        const RECS: &str = "[both]\na ^b x\nb ^a y\nc ^c @nohub @ ^ z\n= d {1..3}\n\
                            [debian]\n@h p q\ne @h ^missing\n[\n[ubuntu]\nf g\n";
        const KEPT: &str = "[both]\na ^b -x\nb ^a\nk ^k -\n! \n[]\n";
        const EXES: &str = "a x y\nb z\nq w\n[debian]\nk\n";
        // A chain of references deeper than MAX_DEPTH: recursion stops there.
        let mut chain = String::new();
        for i in 0..300 {
            chain.push_str(&format!("n{i} ^n{} w{i}\n", i + 1));
        }
        let chain: &'static str = Box::leak(chain.into_boxed_str());
        for f in BOTH {
            // In a loop, what a row gets depends on where resolving starts;
            // it gets no more than the loop holds.
            let d = parse_dropped(RECS, f.sections());
            assert!(d["a"].contains(&"x") && d["a"].iter().all(|w| ["x", "y"].contains(w)));
            assert_eq!(d["c"], ["z"]);
            assert_eq!(d["d"], [] as [&str; 0]);
            let k = parse_kept(KEPT, EXES, d.keys().copied(), f.sections());
            assert!(k["a"].contains(&"y") && k["a"].iter().all(|w| ["y", "z"].contains(w)));
            let long = parse_dropped(chain, f.sections());
            assert!(long["n0"].contains(&"w0"));
            let _ = parse_kept(chain, chain, long.keys().copied(), f.sections());
        }
        let d = parse_dropped(RECS, Family::Debian.sections());
        assert_eq!(d["e"], ["p", "q"]);
        assert!(!d.contains_key("f"));
        assert_eq!(parse_dropped(RECS, Family::Ubuntu.sections())["f"], ["g"]);
    }

    #[test]
    fn families_of_images() {
        assert_eq!(Family::of_image("ubuntu"), Some(Family::Ubuntu));
        assert_eq!(Family::of_image("python"), Some(Family::Debian));
        assert_eq!(Family::of_image("alpine"), None);
    }
}
