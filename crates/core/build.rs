//! Writes the tables of `knowledge` as constants for the native builds:
//! the apt tables a lint reads (`$OUT_DIR/apt_tables.rs`, with the
//! `apt-tables` feature; sets `cfg(apt_static)`) and the official images'
//! tag indexes and packages (`$OUT_DIR/image_tables.rs`; sets
//! `cfg(images_static)`).
//! They are built by the same code the wasm builds run at first use
//! (`apt_build.rs`, `images_build.rs` and `text.rs`, included here), so a
//! process starts with them made instead of spending a tenth of a short
//! CLI run making them. The wasm builds keep reading the data files' text
//! (the playground fetches the apt files; a table written as constants is
//! larger than its text).

use std::fmt::Write as _;
use std::path::PathBuf;

#[allow(dead_code)]
#[path = "src/knowledge/text.rs"]
mod text;

#[allow(dead_code)]
#[path = "src/knowledge/apt_build.rs"]
mod apt_build;

#[allow(dead_code)]
#[path = "src/knowledge/images_build.rs"]
mod images_build;

use apt_build::Table;
use images_build::TagIndex;
use rustc_hash::FxHashMap as HashMap;

const RECOMMENDS: &str = include_str!("src/knowledge/data/apt-recommends.txt");
const EXECUTABLES: &str = include_str!("src/knowledge/data/apt-executables.txt");
const TAGS: &str = include_str!("src/knowledge/data/image-tags.txt");
const PACKAGES: &str = include_str!("src/knowledge/data/image-packages.txt");

fn main() {
    println!("cargo::rustc-check-cfg=cfg(apt_static)");
    println!("cargo::rustc-check-cfg=cfg(images_static)");
    for path in [
        "build.rs",
        "src/knowledge/text.rs",
        "src/knowledge/apt_build.rs",
        "src/knowledge/images_build.rs",
        "src/knowledge/data/image-tags.txt",
        "src/knowledge/data/image-packages.txt",
        "src/knowledge/data/apt-recommends.txt",
        "src/knowledge/data/apt-executables.txt",
    ] {
        println!("cargo::rerun-if-changed={path}");
    }
    let apt_tables = std::env::var_os("CARGO_FEATURE_APT_TABLES").is_some();
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    if wasm {
        return;
    }
    let dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    image_tables(&dir);
    if apt_tables {
        apt_tables_file(&dir);
    }
}

fn apt_tables_file(dir: &std::path::Path) {
    // The tables a lint reads (see `generated` in apt.rs).
    let mut tables: Vec<(&str, Table)> = Vec::new();
    let mut dropped_packages = Vec::new();
    for (name, sections) in [
        ("DEBIAN_DROPPED", apt_build::DEBIAN),
        ("UBUNTU_DROPPED", apt_build::UBUNTU),
    ] {
        let dropped = apt_build::parse_dropped(RECOMMENDS, sections);
        dropped_packages.extend(dropped.values().flatten().copied());
        tables.push((name, dropped));
    }
    let by_package = apt_build::parse_by_package(EXECUTABLES);
    let by_program = apt_build::parse_by_program(
        by_package.iter().map(|(k, v)| (*k, &v[..])),
        dropped_packages,
    );
    tables.push(("BY_PROGRAM", by_program));
    std::fs::write(dir.join("apt_tables.rs"), packed_tables(&tables)).expect("OUT_DIR is writable");
    println!("cargo::rustc-cfg=apt_static");
}

/// The tables written without a pointer per word: a word is an index into
/// the sorted list of every distinct word (`TEXT` cut at `STARTS`), a row a
/// range of `IDS`, a table `(key, start, end)` sorted by key (ids follow
/// the words' order, so the keys are sorted as strings too). A `&str` per
/// word and a slice per row were relocations the loader applied at every
/// start of the CLI, whether it read the tables or not (20,380 of its
/// 31,598).
fn packed_tables(tables: &[(&str, Table)]) -> String {
    let mut words: Vec<&str> = tables
        .iter()
        .flat_map(|(_, t)| {
            t.iter()
                .flat_map(|(k, v)| std::iter::once(*k).chain(v.iter().copied()))
        })
        .collect();
    words.sort_unstable();
    words.dedup();
    let id: HashMap<&str, u16> = words
        .iter()
        .enumerate()
        .map(|(i, w)| (*w, u16::try_from(i).expect("fewer than 65,536 words")))
        .collect();
    let mut out = String::from("// Written by build.rs from the apt data files: do not edit.\n");
    let _ = writeln!(out, "pub(super) static TEXT: &str = {:?};", words.concat());
    out.push_str("pub(super) static STARTS: &[u32] = &[0");
    let mut end = 0;
    for w in &words {
        end += w.len();
        let _ = write!(out, ",{end}");
    }
    out.push_str("];\n");
    let mut ids: Vec<u16> = Vec::new();
    let mut rows_out = String::new();
    for (name, table) in tables {
        let mut rows: Vec<(&&str, &Vec<&str>)> = table.iter().collect();
        rows.sort_unstable_by_key(|&(k, _)| *k);
        let _ = writeln!(
            rows_out,
            "pub(super) static {name}: &[(u16, u32, u32)] = &["
        );
        for (key, row) in rows {
            let start = ids.len();
            ids.extend(row.iter().map(|w| id[w]));
            let _ = writeln!(rows_out, "({},{start},{}),", id[key], ids.len());
        }
        rows_out.push_str("];\n");
    }
    let _ = writeln!(out, "pub(super) static IDS: &[u16] = &{ids:?};");
    out.push_str(&rows_out);
    out
}

/// `TAG_INDEXES`, each image's tag index by name (sorted: the order of
/// `images::TAG_IMAGES`), and `PACKAGES`.
fn image_tables(dir: &std::path::Path) {
    let mut images: Vec<&str> = TAGS
        .lines()
        .filter_map(|l| l.trim().strip_prefix('[')?.strip_suffix(']'))
        .collect();
    images.sort_unstable();
    let mut out = String::from("// Written by build.rs from the image tag data: do not edit.\n");
    let _ = writeln!(
        out,
        "pub(super) static TAG_INDEXES: [(&str, TagIndex); {}] = [",
        images.len()
    );
    for image in images {
        let index = TagIndex::new(images_build::tag_section(TAGS, image));
        let _ = write!(
            out,
            "({image:?}, TagIndex {{ text: {:?}, starts: &{:?}, items: &{:?}, groups: &{:?}, \
             lines: &{:?}, heads: &{:?}",
            index.text, index.starts, index.items, index.groups, index.lines, index.heads
        );
        out.push_str(" }),\n");
    }
    out.push_str("];\n");
    let packages = images_build::parse_packages(PACKAGES);
    out.push_str("pub(super) static PACKAGES: PackageTable = PackageTable { kept: ");
    write_key_table(&mut out, &packages.kept);
    out.push_str(", programs: ");
    write_key_table(&mut out, &packages.programs);
    let _ = writeln!(
        out,
        ", looked_for: &{:?}, universal: &{:?} }};",
        packages.looked_for, packages.universal
    );
    std::fs::write(dir.join("image_tables.rs"), out).expect("OUT_DIR is writable");
    println!("cargo::rustc-cfg=images_static");
}
/// `&[(KEY, ROW), …]` sorted by key (`PackageTable::find` searches it).
fn write_key_table(out: &mut String, table: &HashMap<images_build::Key, Vec<&str>>) {
    let mut rows: Vec<_> = table.iter().collect();
    rows.sort_unstable_by_key(|&(k, _)| *k);
    out.push_str("&[");
    for (key, row) in rows {
        let _ = write!(out, "({key:?},&{row:?}),");
    }
    out.push(']');
}
