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
    let mut out = String::from("// Written by build.rs from the apt data files: do not edit.\n");
    // The tables a lint reads (see `generated` in apt.rs).
    let mut dropped_packages = Vec::new();
    for (name, sections) in [("DEBIAN", apt_build::DEBIAN), ("UBUNTU", apt_build::UBUNTU)] {
        let dropped = apt_build::parse_dropped(RECOMMENDS, sections);
        write_table(&mut out, &format!("{name}_DROPPED"), &dropped);
        dropped_packages.extend(dropped.values().flatten().copied());
    }
    let by_package = apt_build::parse_by_package(EXECUTABLES);
    let by_program = apt_build::parse_by_program(
        by_package.iter().map(|(k, v)| (*k, &v[..])),
        dropped_packages,
    );
    write_table(&mut out, "BY_PROGRAM", &by_program);
    std::fs::write(dir.join("apt_tables.rs"), out).expect("OUT_DIR is writable");
    println!("cargo::rustc-cfg=apt_static");
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
/// `pub(super) static NAME: &[(&str, &[&str])]`, the rows sorted by key
/// (the same file for the same data).
fn write_table(out: &mut String, name: &str, table: &Table) {
    let mut rows: Vec<(&&str, &Vec<&str>)> = table.iter().collect();
    rows.sort_unstable_by_key(|&(k, _)| *k);
    let _ = writeln!(out, "pub(super) static {name}: &[(&str, &[&str])] = &[");
    for (key, words) in rows {
        let _ = write!(out, "({key:?},&[");
        for w in words {
            let _ = write!(out, "{w:?},");
        }
        out.push_str("]),\n");
    }
    out.push_str("];\n");
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
