//! Writes the apt tables of `knowledge::apt` as constants
//! (`$OUT_DIR/apt_tables.rs`) for native builds with the `apt-tables`
//! feature, and sets `cfg(apt_static)` for them: the tables are built by
//! the same code the wasm builds run at first use (`apt_build.rs` and
//! `text.rs`, included here), so a process starts with them made. The
//! wasm builds keep reading the data files' text (the playground fetches
//! it; a table written as constants is larger than its text).

use std::fmt::Write as _;
use std::path::PathBuf;

#[allow(dead_code)]
#[path = "src/knowledge/text.rs"]
mod text;

#[allow(dead_code)]
#[path = "src/knowledge/apt_build.rs"]
mod apt_build;

use apt_build::Table;

const RECOMMENDS: &str = include_str!("src/knowledge/data/apt-recommends.txt");
const KEPT: &str = include_str!("src/knowledge/data/apt-kept.txt");
const EXECUTABLES: &str = include_str!("src/knowledge/data/apt-executables.txt");

fn main() {
    println!("cargo::rustc-check-cfg=cfg(apt_static)");
    for path in [
        "build.rs",
        "src/knowledge/text.rs",
        "src/knowledge/apt_build.rs",
        "src/knowledge/data/apt-recommends.txt",
        "src/knowledge/data/apt-kept.txt",
        "src/knowledge/data/apt-executables.txt",
    ] {
        println!("cargo::rerun-if-changed={path}");
    }
    let apt_tables = std::env::var_os("CARGO_FEATURE_APT_TABLES").is_some();
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    if !apt_tables || wasm {
        return;
    }
    let mut out = String::from("// Written by build.rs from the apt data files: do not edit.\n");
    let mut dropped_packages = Vec::new();
    for (name, sections) in [("DEBIAN", apt_build::DEBIAN), ("UBUNTU", apt_build::UBUNTU)] {
        let dropped = apt_build::parse_dropped(RECOMMENDS, sections);
        let kept = apt_build::parse_kept(KEPT, EXECUTABLES, dropped.keys().copied(), sections);
        write_table(&mut out, &format!("{name}_DROPPED"), &dropped);
        write_table(&mut out, &format!("{name}_KEPT"), &kept);
        dropped_packages.extend(dropped.values().flatten().copied());
    }
    let (by_package, by_program) = apt_build::parse_programs(EXECUTABLES, dropped_packages);
    write_table(&mut out, "BY_PACKAGE", &by_package);
    write_table(&mut out, "BY_PROGRAM", &by_program);
    let dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(dir.join("apt_tables.rs"), out).expect("OUT_DIR is writable");
    println!("cargo::rustc-cfg=apt_static");
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
