//! What `apt-get install --no-install-recommends` leaves out, and which
//! programs the packages concerned ship.
//!
//! Data: `data/apt-debian.txt`, `data/apt-ubuntu.txt` and
//! `data/apt-executables.txt` (sources, dates and the exact model in the
//! module [`crate::knowledge`] documentation and in each file's header).
//!
//! For a package P, its *dropped* set is what `apt-get install P` installs
//! on a minbase system of the release with Recommends followed (apt's
//! default) but not without them, kept to the *notable* packages (those
//! shipping programs in `/bin`, `/sbin`, `/usr/bin`, `/usr/sbin`, plus
//! `ca-certificates`, `build-essential`, `python3-setuptools`,
//! `python-setuptools`, `python3-wheel`, `python3-dev` and every `*-dev`),
//! united over the family's releases (Debian: bullseye, bookworm, trixie
//! main; Ubuntu: focal, jammy, noble main and universe).
//!
//! The table does not hold every package: only those installed by at least
//! two files of the project's Dockerfile corpus and the 50 packages other
//! packages depend on most, when their set is not empty (see the files'
//! headers for the counts). A package missing from the table is unknown,
//! not "drops nothing".

use std::collections::HashMap;
use std::sync::OnceLock;

use super::text::{data_lines, expand_static};

const DEBIAN: &str = include_str!("data/apt-debian.txt");
const UBUNTU: &str = include_str!("data/apt-ubuntu.txt");
const EXECUTABLES: &str = include_str!("data/apt-executables.txt");

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
}

type Table = HashMap<&'static str, Vec<&'static str>>;

/// A family's table: package → dropped notable packages (`@name`
/// references resolved, sorted, without duplicates).
fn parse_family(text: &'static str) -> Table {
    let mut named: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    let mut rows: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
    for line in data_lines(text) {
        let mut words = line.split_whitespace();
        let Some(key) = words.next() else { continue };
        let items: Vec<&'static str> = words.collect();
        match key.strip_prefix('@') {
            Some(hub) => {
                named.insert(hub, expand_static(items));
            }
            None => rows.push((key, items)),
        }
    }
    let mut table = Table::new();
    for (key, items) in rows {
        let mut set: Vec<&'static str> = Vec::new();
        let (refs, plain): (Vec<&'static str>, Vec<&'static str>) =
            items.into_iter().partition(|w| w.starts_with('@'));
        set.extend(expand_static(plain));
        for r in refs {
            if let Some(v) = named.get(&r[1..]) {
                set.extend(v.iter().copied());
            }
        }
        set.sort_unstable();
        set.dedup();
        table.insert(key, set);
    }
    table
}

fn family_table(family: Family) -> &'static Table {
    static DEB: OnceLock<Table> = OnceLock::new();
    static UBU: OnceLock<Table> = OnceLock::new();
    match family {
        Family::Debian => DEB.get_or_init(|| parse_family(DEBIAN)),
        Family::Ubuntu => UBU.get_or_init(|| parse_family(UBUNTU)),
    }
}

struct Programs {
    /// Package → programs.
    by_package: Table,
    /// Program → packages shipping it (sorted).
    by_program: Table,
}

fn programs() -> &'static Programs {
    static PROGRAMS: OnceLock<Programs> = OnceLock::new();
    PROGRAMS.get_or_init(|| {
        let mut by_package = Table::new();
        let mut by_program = Table::new();
        for line in data_lines(EXECUTABLES) {
            let mut words = line.split_whitespace();
            let Some(package) = words.next() else {
                continue;
            };
            let progs = expand_static(words);
            for p in &progs {
                by_program.entry(*p).or_default().push(package);
            }
            by_package.insert(package, progs);
        }
        for v in by_program.values_mut() {
            v.sort_unstable();
            v.dedup();
        }
        Programs {
            by_package,
            by_program,
        }
    })
}

/// The notable packages `apt-get install --no-install-recommends package`
/// does not install that `apt-get install package` would, on a minbase
/// system of any release of `family` (sorted). `None` when the package is
/// not in the table (unknown: the table is restricted, see the module
/// docs); a package in the table always drops something.
///
/// `dropped_recommends(Family::Debian, "git")` holds `ca-certificates`,
/// `less`, `openssh-client` and `patch`.
pub fn dropped_recommends(family: Family, package: &str) -> Option<&'static [&'static str]> {
    family_table(family).get(package).map(Vec::as_slice)
}

/// The programs (file names in `/bin`, `/sbin`, `/usr/bin`, `/usr/sbin`,
/// in any release of either family) a notable package ships; empty for a
/// package outside the data or shipping none (`ca-certificates` ships
/// `update-ca-certificates`; `libssl-dev` none).
pub fn executables(package: &str) -> &'static [&'static str] {
    programs()
        .by_package
        .get(package)
        .map_or(&[], Vec::as_slice)
}

/// The notable packages of the data that ship `program` (sorted; empty when
/// none does). `providers("ssh")` is `["openssh-client"]`.
pub fn providers(program: &str) -> &'static [&'static str] {
    programs()
        .by_program
        .get(program)
        .map_or(&[], Vec::as_slice)
}

/// Whether installing `package` with `--no-install-recommends` loses
/// `program`: `Some(true)` when a dropped package ships it, `Some(false)`
/// when none does, `None` when the package is not in the table. (A program
/// that the package or its dependencies still bring may also be in a
/// dropped package: `Some(true)` means "may be missing", worth a warning.)
pub fn drops_program(family: Family, package: &str, program: &str) -> Option<bool> {
    let dropped = dropped_recommends(family, package)?;
    Some(dropped.iter().any(|p| executables(p).contains(&program)))
}

/// How many packages the table of `family` holds.
pub fn table_len(family: Family) -> usize {
    family_table(family).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dropped(family: Family, package: &str) -> &'static [&'static str] {
        dropped_recommends(family, package).unwrap_or_else(|| panic!("{package} not in table"))
    }

    #[test]
    fn known_recommends_on_debian() {
        for p in ["curl", "wget", "git"] {
            assert!(
                dropped(Family::Debian, p).contains(&"ca-certificates"),
                "{p}"
            );
        }
        let git = dropped(Family::Debian, "git");
        for p in ["openssh-client", "patch", "less"] {
            assert!(git.contains(&p), "git drops {p}");
        }
        assert!(dropped(Family::Debian, "xvfb").contains(&"xauth"));
        let pip = dropped(Family::Debian, "python3-pip");
        for p in ["build-essential", "python3-dev", "gcc", "make"] {
            assert!(pip.contains(&p), "python3-pip drops {p}");
        }
    }

    #[test]
    fn known_recommends_on_ubuntu() {
        for p in ["curl", "wget", "git"] {
            assert!(
                dropped(Family::Ubuntu, p).contains(&"ca-certificates"),
                "{p}"
            );
        }
        assert!(dropped(Family::Ubuntu, "python3-pip").contains(&"build-essential"));
    }

    #[test]
    fn sets_are_sorted_and_unique() {
        for family in [Family::Debian, Family::Ubuntu] {
            assert!(table_len(family) > 100);
            for set in family_table(family).values() {
                assert!(!set.is_empty());
                assert!(set.windows(2).all(|w| w[0] < w[1]));
            }
        }
    }

    #[test]
    fn unknown_packages() {
        assert_eq!(dropped_recommends(Family::Debian, "no-such-package"), None);
        assert_eq!(dropped_recommends(Family::Debian, ""), None);
        assert_eq!(executables("no-such-package"), &[] as &[&str]);
        assert_eq!(providers(""), &[] as &[&str]);
        assert_eq!(
            drops_program(Family::Debian, "no-such-package", "gcc"),
            None
        );
    }

    #[test]
    fn programs_and_providers() {
        assert!(executables("ca-certificates").contains(&"update-ca-certificates"));
        assert!(executables("openssh-client").contains(&"ssh"));
        assert!(providers("ssh").contains(&"openssh-client"));
        assert!(providers("gcc").contains(&"gcc"));
        assert_eq!(drops_program(Family::Debian, "git", "ssh"), Some(true));
        assert_eq!(drops_program(Family::Debian, "git", "gcc"), Some(false));
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for s in ["", "@", "@ca-certificates", "{1..9}", "é", "-", "a b", "~"] {
            for f in [Family::Debian, Family::Ubuntu] {
                assert_eq!(dropped_recommends(f, s), None, "{s}");
                let _ = drops_program(f, s, s);
            }
            let _ = executables(s);
            let _ = providers(s);
        }
    }

    #[test]
    fn families_of_images() {
        assert_eq!(Family::of_image("ubuntu"), Some(Family::Ubuntu));
        assert_eq!(Family::of_image("python"), Some(Family::Debian));
        assert_eq!(Family::of_image("alpine"), None);
    }
}
