//! Docker Official Images: every tag ever published for the images with
//! variants, and what the Debian- and Ubuntu-based ones ship.
//!
//! Data: `data/image-tags.txt` (from the full history of
//! docker-library/official-images) and `data/image-packages.txt` (from
//! the images' own repositories' Dockerfiles, and the apt package data).
//! Sources and dates are in each file's header and in the module
//! [`crate::knowledge`] documentation.
//!
//! A tag names the image's *kind* (`slim`, `full`, `curl`, `scm`, `jdk`,
//! `jre-slim`, `cli`, `apache`, `fpm`, `zts`, or `base` for `debian` and
//! `ubuntu`) and a Debian or Ubuntu release, when it says one
//! (`3.12-slim-bookworm`). A tag that names no release (`3.12-slim`,
//! `latest`) is taken as the newest release that a tag of the same name
//! with a release exists for (`3.6` → `3.6-bullseye` exists, not
//! `3.6-bookworm`: bullseye), else as the newest stable release the data
//! has for that kind: what the tag points to when the data was made.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
#[cfg(not(images_static))]
use std::sync::OnceLock;

#[cfg(images_static)]
use super::images_build::PackageTable;
#[cfg(not(images_static))]
use super::images_build::{parse_packages, Packages};
use super::images_build::{tag_section, Key, TagIndex};
use super::text::{data_lines, expand_all};

const TAGS: &str = include_str!("data/image-tags.txt");
#[cfg_attr(all(images_static, not(test)), allow(dead_code))]
const PACKAGES: &str = include_str!("data/image-packages.txt");

/// The images whose tags the data holds (sorted).
pub const TAG_IMAGES: &[&str] = &[
    "buildpack-deps",
    "debian",
    "golang",
    "node",
    "openjdk",
    "perl",
    "php",
    "python",
    "ruby",
    "rust",
    "ubuntu",
];

/// Debian releases, oldest first (`sid` is unstable, not in the order).
const DEBIAN_RELEASES: &[&str] = &[
    "wheezy", "jessie", "stretch", "buster", "bullseye", "bookworm", "trixie", "forky",
];
/// Ubuntu releases the images were built on, oldest first.
const UBUNTU_RELEASES: &[&str] = &[
    "trusty", "xenial", "bionic", "focal", "jammy", "noble", "resolute",
];
/// The newest stable releases when the data was made (December 2026):
/// what a tag naming no release falls back to.
const STABLE: &[&str] = &["trixie", "noble"];

/// Version tags of `debian` and `ubuntu` → codename.
const VERSIONS: &[(&str, &str)] = &[
    ("7", "wheezy"),
    ("8", "jessie"),
    ("9", "stretch"),
    ("10", "buster"),
    ("11", "bullseye"),
    ("12", "bookworm"),
    ("13", "trixie"),
    ("14", "forky"),
    ("14.04", "trusty"),
    ("16.04", "xenial"),
    ("18.04", "bionic"),
    ("20.04", "focal"),
    ("22.04", "jammy"),
    ("24.04", "noble"),
    ("26.04", "resolute"),
];

fn is_release(word: &str) -> bool {
    word == "sid" || DEBIAN_RELEASES.contains(&word) || UBUNTU_RELEASES.contains(&word)
}

/// Every tag a section of the tag data stands for (each line's heads
/// times its suffixes): what [`TagIndex`] answers for one tag at a time.
/// Only [`tag_count`] builds it.
fn parse_tags(section: &'static str) -> HashSet<String> {
    let mut named: HashMap<&str, Vec<String>> = HashMap::default();
    let mut tags = HashSet::default();
    for line in data_lines(section) {
        if let Some(rest) = line.strip_prefix('%') {
            let mut words = rest.split_whitespace();
            if let Some(n) = words.next() {
                named.insert(n, expand_all(words));
            }
            continue;
        }
        let Some((heads, suffixes)) = line.split_once(':') else {
            continue;
        };
        let heads = expand_all(heads.split_whitespace());
        let mut sufs: Vec<String> = Vec::new();
        for w in suffixes.split_whitespace() {
            match w.strip_prefix('%') {
                Some(n) => sufs.extend(named.get(n).into_iter().flatten().cloned()),
                None => sufs.extend(expand_all([w])),
            }
        }
        for h in &heads {
            for s in &sufs {
                let tag = match (h.is_empty(), s.is_empty()) {
                    (_, true) => h.clone(),
                    (true, false) => s.clone(),
                    (false, false) => format!("{h}-{s}"),
                };
                if !tag.is_empty() {
                    tags.insert(tag);
                }
            }
        }
    }
    tags
}

/// The tag indexes the build script wrote (`build.rs`, from the data files
/// and `images_build.rs`): native builds take them as they are instead of
/// reading the data files at first use. The wasm builds read the text
/// (a table written as constants is larger than its text).
#[cfg(images_static)]
mod generated {
    use super::{PackageTable, TagIndex};
    include!(concat!(env!("OUT_DIR"), "/image_tables.rs"));
}

#[cfg(images_static)]
fn tag_set(image: &str) -> Option<&'static TagIndex> {
    let i = TAG_IMAGES.binary_search(&image).ok()?;
    generated::TAG_INDEXES
        .get(i)
        .filter(|(name, _)| *name == image)
        .map(|(_, index)| index)
}

/// The wasm builds make each image's index from the tag data's text at
/// first use, with the code the build script runs for the native builds.
#[cfg(not(images_static))]
fn tag_set(image: &str) -> Option<&'static TagIndex> {
    static SETS: [OnceLock<TagIndex>; 11] = [const { OnceLock::new() }; 11];
    let i = TAG_IMAGES.binary_search(&image).ok()?;
    let cell = SETS.get(i)?;
    Some(cell.get_or_init(|| TagIndex::new(tag_section(TAGS, TAG_IMAGES[i]))))
}

/// Whether the data covers `image`'s tags.
pub fn covered(image: &str) -> bool {
    TAG_IMAGES.binary_search(&image).is_ok()
}

/// Whether `image:tag` was ever published: `None` when the image is not
/// covered ([`TAG_IMAGES`]). `tag_exists("perl", "5.20-slim")` is
/// `Some(false)`; `tag_exists("python", "2.7-slim")` is `Some(true)`.
pub fn tag_exists(image: &str, tag: &str) -> Option<bool> {
    Some(tag_set(image)?.contains(tag))
}

/// How many tags of `image` the data holds (`None`: not covered).
pub fn tag_count(image: &str) -> Option<usize> {
    let i = TAG_IMAGES.binary_search(&image).ok()?;
    Some(parse_tags(tag_section(TAGS, TAG_IMAGES[i])).len())
}

/// A tag's words that name another platform or variant than Debian's.
fn foreign(word: &str) -> bool {
    [
        "alpine",
        "windowsservercore",
        "nanoserver",
        "oraclelinux",
        "centos",
        "ltsc",
    ]
    .iter()
    .any(|p| word.starts_with(p))
        || word == "onbuild"
}

/// `tag` without a trailing Debian/Ubuntu release word, and that release.
fn split_release(tag: &str) -> (&str, Option<&str>) {
    match tag.rsplit_once('-') {
        Some((base, last)) if is_release(last) && !base.is_empty() => (base, Some(last)),
        _ => (tag, None),
    }
}

/// The tag of the slim variant of `image:tag` (`None` for `latest`), only
/// when that tag was published: `3.11` → `3.11-slim`, `3.11-bookworm` →
/// `3.11-slim-bookworm`, node's `20-bookworm` → `20-bookworm-slim`,
/// openjdk's `11-jre-buster` → `11-jre-slim-buster`, `latest` → `slim`.
/// `None` for a tag that already names a variant (`-slim`, `-alpine`…),
/// and when no such tag exists (`perl:5.20`).
pub fn slim_tag_of(image: &str, tag: Option<&str>) -> Option<String> {
    let tags = tag_set(image)?;
    let tag = tag.unwrap_or("latest");
    let found = |t: String| tags.contains(&t).then_some(t);
    if tag == "latest" {
        return found("slim".to_string());
    }
    if tag.split('-').any(|w| w == "slim" || foreign(w)) {
        return None;
    }
    let (base, release) = split_release(tag);
    match release {
        Some(r) => found(format!("{base}-slim-{r}")).or_else(|| found(format!("{base}-{r}-slim"))),
        None => found(format!("{tag}-slim")),
    }
}

/// The tag of the Alpine variant of `image:tag` (`None` for `latest`),
/// only when published: `3.11`, `3.11-slim` and `3.11-slim-bookworm` →
/// `3.11-alpine`; openjdk's `8-jdk` → `8-jdk-alpine`; `latest` → `alpine`.
/// (The Debian release and `slim` words are dropped: an Alpine tag names
/// its own Alpine release, or none.)
pub fn alpine_tag_of(image: &str, tag: Option<&str>) -> Option<String> {
    let tags = tag_set(image)?;
    let tag = tag.unwrap_or("latest");
    if tag == "latest" {
        let t = "alpine".to_string();
        return tags.contains(&t).then_some(t);
    }
    if tag.split('-').any(foreign) {
        return None;
    }
    let words: Vec<&str> = tag
        .split('-')
        .filter(|w| *w != "slim" && !is_release(w))
        .collect();
    if words.is_empty() {
        return None;
    }
    let t = format!("{}-alpine", words.join("-"));
    tags.contains(&t).then_some(t)
}

/// The Debian or Ubuntu release of `image:tag` (`None` for `latest`):
/// the release word the tag holds; for `debian` and `ubuntu`, the release
/// a version tag names (`12.5-slim` → bookworm, `22.04` → jammy); else the
/// newest release for which the same tag with a release word exists.
/// `None` when none of these says (`debian:latest`, a non-Debian tag).
pub fn release_of(image: &str, tag: Option<&str>) -> Option<&'static str> {
    let tag = tag.unwrap_or("latest");
    if let Some(r) = tag.split('-').rev().find_map(|w| release_name(w)) {
        return Some(r);
    }
    if tag.split('-').any(foreign) {
        return None;
    }
    if image == "debian" || image == "ubuntu" {
        let version = tag.split('-').next().unwrap_or("");
        let major = match image {
            "debian" => version.split('.').next().unwrap_or(""),
            _ => version,
        };
        return VERSIONS.iter().find(|(v, _)| *v == major).map(|(_, r)| *r);
    }
    let tags = tag_set(image)?;
    let (base, slim) = match tag.strip_suffix("-slim") {
        Some(b) => (b, true),
        None if tag == "slim" => ("", true),
        None => (tag, false),
    };
    // Releases newer than the stable ones (testing) are never a tag's
    // default.
    let released = DEBIAN_RELEASES
        .iter()
        .rev()
        .skip_while(|r| **r != STABLE[0])
        .chain(
            UBUNTU_RELEASES
                .iter()
                .rev()
                .skip_while(|r| **r != STABLE[1]),
        );
    for r in released {
        let candidates = if slim && base.is_empty() {
            vec![format!("slim-{r}"), format!("{r}-slim")]
        } else if slim {
            vec![format!("{base}-slim-{r}"), format!("{base}-{r}-slim")]
        } else if tag == "latest" {
            vec![r.to_string()]
        } else {
            vec![format!("{tag}-{r}")]
        };
        if candidates.iter().any(|c| tags.contains(c)) {
            return Some(r);
        }
    }
    None
}

/// `word` as a `'static` release name, when it is one.
fn release_name(word: &str) -> Option<&'static str> {
    if word == "sid" {
        return Some("sid");
    }
    DEBIAN_RELEASES
        .iter()
        .chain(UBUNTU_RELEASES)
        .find(|r| **r == word)
        .copied()
}

/// The kind of image `image:tag` is (see the module docs); `None` for an
/// image the package data does not cover or a tag of another platform
/// (`-alpine`, `-windowsservercore`, openjdk's `-oraclelinux8`).
pub fn kind_of(image: &str, tag: Option<&str>) -> Option<&'static str> {
    let tag = tag.unwrap_or("latest");
    let words: Vec<&str> = tag.split('-').collect();
    if words.iter().any(|w| foreign(w)) {
        return None;
    }
    let has = |w: &str| words.contains(&w);
    Some(match image {
        "debian" | "ubuntu" => "base",
        "python" | "node" | "ruby" | "perl" | "rust" => {
            if has("slim") {
                "slim"
            } else {
                "full"
            }
        }
        "golang" => "full",
        "openjdk" => match (has("jre"), has("slim")) {
            (true, true) => "jre-slim",
            (true, false) => "jre",
            (false, true) => "jdk-slim",
            (false, false) => "jdk",
        },
        "php" => {
            if has("apache") {
                "apache"
            } else if has("fpm") {
                "fpm"
            } else if has("zts") {
                "zts"
            } else {
                "cli"
            }
        }
        "buildpack-deps" => {
            if has("curl") {
                "curl"
            } else if has("scm") {
                "scm"
            } else {
                "full"
            }
        }
        _ => return None,
    })
}

#[cfg(not(images_static))]
fn packages() -> &'static Packages {
    static DATA: OnceLock<Packages> = OnceLock::new();
    DATA.get_or_init(|| parse_packages(PACKAGES))
}

/// The package tables the build script wrote (`build.rs`, from
/// `image-packages.txt` read by `images_build.rs`).
#[cfg(images_static)]
fn packages() -> &'static PackageTable {
    &generated::PACKAGES
}

/// (image, kind, release) of a reference the package data covers, the
/// release falling back to the newest stable one the data has.
fn resolve(image: &str, tag: Option<&str>) -> Option<Key> {
    let kind = kind_of(image, tag)?;
    let data = packages();
    let image: &'static str = TAG_IMAGES.iter().find(|i| **i == image)?;
    let has = |r: &'static str| {
        if kind == "base" {
            data.programs_of(&(image, kind, r)).is_some() || is_release(r)
        } else {
            data.kept_of(&(image, kind, r)).is_some()
        }
    };
    let release = match release_of(image, tag) {
        Some(r) => r,
        None => {
            let stable = STABLE.iter().copied().find(|r| {
                let ubuntu = UBUNTU_RELEASES.contains(r);
                (image == "ubuntu") == ubuntu && has(r)
            });
            let older = DEBIAN_RELEASES
                .iter()
                .rev()
                .chain(UBUNTU_RELEASES.iter().rev())
                .copied()
                .find(|r| has(r));
            stable.or(older)?
        }
    };
    (kind == "base" || has(release)).then_some((image, kind, release))
}

/// The Debian packages the image's Dockerfiles install and keep on top of
/// minbase, its parent images' included (sorted): `python:3.12-slim` →
/// `ca-certificates netbase tzdata`; `debian:12` → none. Dependencies the
/// packages pull in are not listed. `None` when the data does not cover
/// the image, kind or release.
pub fn base_packages(image: &str, tag: Option<&str>) -> Option<&'static [&'static str]> {
    let key = resolve(image, tag)?;
    if key.1 == "base" {
        return Some(&[]);
    }
    packages().kept_of(&key)
}

/// Whether `program` is on the image's `PATH`: apt's closure of the
/// image's packages on minbase, plus the language's own tools (`pip`,
/// `npm`, `gem`, `go`, `java`, `cargo`…). `None` when unknown: the image,
/// kind or release is not covered (programs are computed for bullseye,
/// bookworm, trixie, focal, jammy and noble only), or `program` is not
/// one the data looks for ([`programs_looked_for`]).
pub fn has_program(image: &str, tag: Option<&str>, program: &str) -> Option<bool> {
    let key = resolve(image, tag)?;
    let data = packages();
    let present = data.programs_of(&key)?;
    if data.universal().binary_search(&program).is_ok() {
        return Some(true);
    }
    if data.looked_for().binary_search(&program).is_err() && !present.contains(&program) {
        return None;
    }
    Some(present.contains(&program))
}

/// The programs [`has_program`] can answer for (besides those every
/// covered image has, like `sh`, `cat` or `apt-get`).
pub fn programs_looked_for() -> &'static [&'static str] {
    packages().looked_for()
}

/// Whether the image has the Debian package `package`: `Some(true)` when
/// its Dockerfiles install it ([`base_packages`]); for `ca-certificates`,
/// whether `update-ca-certificates` is there (a dependency may bring it);
/// `None` otherwise (a package not listed may still come as a dependency).
pub fn ships(image: &str, tag: Option<&str>, package: &str) -> Option<bool> {
    if base_packages(image, tag)?.contains(&package) {
        return Some(true);
    }
    if package == "ca-certificates" {
        return has_program(image, tag, "update-ca-certificates");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_sections_match_the_image_list() {
        assert!(TAG_IMAGES.windows(2).all(|w| w[0] < w[1]));
        let sections: Vec<&str> = TAGS
            .lines()
            .filter_map(|l| l.strip_prefix('[')?.strip_suffix(']'))
            .collect();
        let mut sorted = sections.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, TAG_IMAGES);
        for image in TAG_IMAGES {
            assert!(tag_count(image).unwrap_or(0) > 100, "{image}");
        }
    }

    /// The tag indexes the build script wrote are those the data files'
    /// text gives when read at run time (as the wasm builds read it).
    #[cfg(images_static)]
    #[test]
    fn generated_tables_are_the_text_read_at_run_time() {
        assert_eq!(generated::TAG_INDEXES.len(), TAG_IMAGES.len());
        for (i, image) in TAG_IMAGES.iter().enumerate() {
            let built = super::super::images_build::TagIndex::new(tag_section(TAGS, image));
            assert!(built.heads.len() > 10, "{image}");
            assert_eq!(generated::TAG_INDEXES[i].0, *image);
            assert_eq!(generated::TAG_INDEXES[i].1, built, "{image}");
            assert!(std::ptr::eq(
                tag_set(image).expect("covered"),
                &generated::TAG_INDEXES[i].1
            ));
        }
        // The package tables: every key, and misses.
        let built = crate::knowledge::images_build::parse_packages(PACKAGES);
        let table = packages();
        assert!(built.kept.len() > 20 && built.programs.len() > 20);
        assert_eq!(table.kept.len(), built.kept.len());
        assert_eq!(table.programs.len(), built.programs.len());
        for (key, row) in &built.kept {
            assert_eq!(table.kept_of(key), Some(&row[..]), "{key:?}");
        }
        for (key, row) in &built.programs {
            assert_eq!(table.programs_of(key), Some(&row[..]), "{key:?}");
        }
        for miss in [
            ("python", "slim", "sid"),
            ("", "", ""),
            ("nginx", "base", "bookworm"),
        ] {
            assert_eq!(table.kept_of(&miss), built.kept_of(&miss));
            assert_eq!(table.programs_of(&miss), built.programs_of(&miss));
        }
        assert_eq!(table.looked_for(), built.looked_for());
        assert_eq!(table.universal(), built.universal());
    }

    /// The index answers as the set of every tag would: for every tag,
    /// and for near misses of each (a word added, dropped or changed).
    /// (The native builds' index is compared with the one made at run
    /// time, as the wasm builds make it, by the test above.)
    #[test]
    fn tag_index_agrees_with_every_tag() {
        for image in TAG_IMAGES {
            let all = parse_tags(tag_section(TAGS, image));
            let index = tag_set(image).expect("covered");
            for tag in &all {
                assert!(index.contains(tag), "{image}:{tag}");
                for probe in [
                    format!("{tag}-slim"),
                    format!("slim-{tag}"),
                    format!("{tag}-"),
                    format!("-{tag}"),
                    format!("{tag}x"),
                    tag[..tag.len() - 1].to_string(),
                    tag.replacen('-', "", 1),
                    tag.replacen('-', "--", 1),
                ] {
                    assert_eq!(
                        index.contains(&probe),
                        all.contains(&probe),
                        "{image}:{probe}"
                    );
                }
            }
            assert!(!index.contains(""));
        }
    }

    #[test]
    fn tags_exist_or_not() {
        assert_eq!(tag_exists("python", "3.12-slim-bookworm"), Some(true));
        assert_eq!(tag_exists("python", "2.7-slim"), Some(true));
        assert_eq!(tag_exists("python", "2.7.18-slim-buster"), Some(true));
        assert_eq!(tag_exists("perl", "5.20"), Some(true));
        assert_eq!(tag_exists("perl", "5.20-slim"), Some(false));
        assert_eq!(tag_exists("node", "20-bookworm-slim"), Some(true));
        assert_eq!(tag_exists("node", "20-slim-bookworm"), Some(false));
        assert_eq!(tag_exists("debian", "bookworm-slim"), Some(true));
        assert_eq!(tag_exists("ubuntu", "22.04"), Some(true));
        assert_eq!(tag_exists("python", "latest"), Some(true));
        assert_eq!(tag_exists("python", "3.99"), Some(false));
        assert_eq!(tag_exists("python", ""), Some(false));
        assert_eq!(tag_exists("nginx", "latest"), None);
    }

    #[test]
    fn slim_tags() {
        let slim = |i: &str, t: Option<&str>| slim_tag_of(i, t);
        assert_eq!(slim("python", Some("3.11")).as_deref(), Some("3.11-slim"));
        assert_eq!(slim("python", Some("2.7")).as_deref(), Some("2.7-slim"));
        assert_eq!(
            slim("python", Some("3.11-bookworm")).as_deref(),
            Some("3.11-slim-bookworm")
        );
        assert_eq!(slim("python", None).as_deref(), Some("slim"));
        assert_eq!(
            slim("node", Some("20-bookworm")).as_deref(),
            Some("20-bookworm-slim")
        );
        assert_eq!(slim("node", Some("lts")).as_deref(), Some("lts-slim"));
        assert_eq!(
            slim("openjdk", Some("11-jre-buster")).as_deref(),
            Some("11-jre-slim-buster")
        );
        assert_eq!(
            slim("openjdk", Some("8-jdk")).as_deref(),
            Some("8-jdk-slim")
        );
        assert_eq!(slim("perl", Some("5.20")), None);
        assert_eq!(slim("python", Some("3.11-slim")), None);
        assert_eq!(slim("python", Some("3.11-alpine")), None);
        assert_eq!(slim("python", Some("3.99")), None);
        assert_eq!(slim("nginx", Some("1")), None);
    }

    #[test]
    fn alpine_tags() {
        assert_eq!(
            alpine_tag_of("python", Some("3.11-slim-bookworm")).as_deref(),
            Some("3.11-alpine")
        );
        assert_eq!(alpine_tag_of("python", None).as_deref(), Some("alpine"));
        assert_eq!(
            alpine_tag_of("openjdk", Some("8-jdk")).as_deref(),
            Some("8-jdk-alpine")
        );
        assert_eq!(alpine_tag_of("perl", Some("5.20")), None);
        assert_eq!(alpine_tag_of("python", Some("3.11-alpine")), None);
        assert_eq!(alpine_tag_of("python", Some("bookworm")), None);
    }

    #[test]
    fn releases() {
        assert_eq!(
            release_of("python", Some("3.12-slim-bookworm")),
            Some("bookworm")
        );
        assert_eq!(
            release_of("node", Some("20-bookworm-slim")),
            Some("bookworm")
        );
        assert_eq!(release_of("debian", Some("12.5-slim")), Some("bookworm"));
        assert_eq!(release_of("ubuntu", Some("22.04")), Some("jammy"));
        assert_eq!(release_of("ubuntu", Some("jammy-20230624")), Some("jammy"));
        assert_eq!(release_of("python", Some("3.6")), Some("bullseye"));
        assert_eq!(release_of("python", Some("3.11-alpine")), None);
        assert_eq!(release_of("debian", None), None);
    }

    #[test]
    fn kinds() {
        assert_eq!(kind_of("python", Some("3.12-slim")), Some("slim"));
        assert_eq!(kind_of("python", None), Some("full"));
        assert_eq!(kind_of("openjdk", Some("11-jre-slim")), Some("jre-slim"));
        assert_eq!(kind_of("php", Some("8.2-apache-bookworm")), Some("apache"));
        assert_eq!(
            kind_of("buildpack-deps", Some("bookworm-curl")),
            Some("curl")
        );
        assert_eq!(kind_of("python", Some("3.12-alpine")), None);
        assert_eq!(kind_of("nginx", None), None);
    }

    #[test]
    fn what_images_ship() {
        let slim = base_packages("python", Some("3.12-slim-bookworm")).unwrap_or(&[]);
        assert!(slim.contains(&"ca-certificates"));
        assert!(!slim.contains(&"curl"));
        assert_eq!(
            base_packages("debian", Some("bookworm")),
            Some(&[] as &[&str])
        );
        let curl = base_packages("buildpack-deps", Some("bookworm-curl")).unwrap_or(&[]);
        assert!(curl.contains(&"curl") && curl.contains(&"wget"));
        assert!(!curl.contains(&"git"));
        let full = base_packages("python", Some("3.12-bookworm")).unwrap_or(&[]);
        for p in ["git", "gcc", "make", "curl", "libssl-dev"] {
            assert!(full.contains(&p), "{p}");
        }
        assert_eq!(
            ships("python", Some("3.12-slim"), "ca-certificates"),
            Some(true)
        );
        assert_eq!(
            ships("node", Some("20-bookworm-slim"), "ca-certificates"),
            Some(false)
        );
        assert_eq!(
            ships("debian", Some("bookworm"), "ca-certificates"),
            Some(false)
        );
        assert_eq!(
            ships("ubuntu", Some("22.04"), "ca-certificates"),
            Some(false)
        );
        assert_eq!(ships("python", Some("3.12-slim"), "libfoo"), None);
        assert_eq!(base_packages("python", Some("3.12-alpine")), None);
        assert_eq!(base_packages("nginx", None), None);
    }

    #[test]
    fn programs() {
        let has = |i: &str, t: &str, p: &str| has_program(i, Some(t), p);
        assert_eq!(has("python", "3.12-slim-bookworm", "curl"), Some(false));
        assert_eq!(has("python", "3.12-slim-bookworm", "pip"), Some(true));
        assert_eq!(has("python", "3.12-bookworm", "curl"), Some(true));
        assert_eq!(has("python", "3.12-bookworm", "gcc"), Some(true));
        assert_eq!(has("node", "20-bookworm-slim", "curl"), Some(false));
        assert_eq!(has("node", "20-bookworm-slim", "npm"), Some(true));
        assert_eq!(has("debian", "bookworm", "curl"), Some(false));
        assert_eq!(has("debian", "bookworm", "bash"), Some(true));
        assert_eq!(has("debian", "bookworm", "wget"), Some(false));
        assert_eq!(has("ubuntu", "22.04", "curl"), Some(false));
        assert_eq!(has("buildpack-deps", "bookworm-scm", "git"), Some(true));
        assert_eq!(has("buildpack-deps", "bookworm-curl", "git"), Some(false));
        assert_eq!(has("golang", "1.22-bookworm", "go"), Some(true));
        assert_eq!(has("python", "3.12-bookworm", "no-such-program"), None);
        assert_eq!(has("python", "3.6-stretch", "curl"), None);
        assert_eq!(has_program("python", Some("3.12-alpine"), "sh"), None);
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for tag in [
            "",
            "-",
            "--",
            "-slim",
            "slim-",
            "{1..9}",
            "é-ü",
            "latest-latest",
            "a-b-c-d-e",
        ] {
            for image in TAG_IMAGES.iter().chain(&["", "nginx", "é"]) {
                let t = Some(tag);
                let _ = tag_exists(image, tag);
                let _ = slim_tag_of(image, t);
                let _ = alpine_tag_of(image, t);
                let _ = release_of(image, t);
                let _ = base_packages(image, t);
                let _ = has_program(image, t, tag);
                let _ = ships(image, t, tag);
            }
        }
    }
}
