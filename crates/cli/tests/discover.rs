//! `drydock lint DIR|GLOB…` and `drydock fix DIR|GLOB…`: which files are
//! found, in which order, and which `.dockerignore` each one reads.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_drydock");

/// DL3007 on line 1; DD003 on line 2, whose message says whether a
/// `.dockerignore` was found; a fixable DL3015 on line 3.
const TEXT: &str = "FROM ubuntu:latest\nCOPY . /app\nRUN apt-get install -y curl\n";

/// A tree with a `.gitignore`, Dockerfiles under every accepted name, and
/// files that must not be read.
fn tree(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("drydock-discover-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    for (path, text) in [
        (".gitignore", "build/\n*.generated.Dockerfile\n"),
        ("Dockerfile", TEXT),
        ("build/Dockerfile", TEXT),
        (".git/Dockerfile", TEXT),
        (".devcontainer/Dockerfile", TEXT),
        ("svc/api.Dockerfile", TEXT),
        ("svc/api.Dockerfile.dockerignore", ".git\n.env\n"),
        ("svc/x.generated.Dockerfile", TEXT),
        ("svc/Containerfile", TEXT),
        ("svc/.dockerignore", "node_modules\n"),
        ("svc/README.md", "not a Dockerfile\n"),
        ("web/Dockerfile.dev", TEXT),
        ("web/deep/nested/Dockerfile", TEXT),
        ("web/dockerfile.txt", TEXT),
    ] {
        let p = d.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    d
}

fn run(cwd: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env("HOME", cwd)
        .env("XDG_CONFIG_HOME", cwd.join(".config"))
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// The files of a tty report, in the order they are reported.
fn files_of(report: &str) -> Vec<String> {
    let mut files: Vec<String> = Vec::new();
    for line in report.lines() {
        let file = line.split(':').next().unwrap().to_string();
        if files.last() != Some(&file) {
            files.push(file);
        }
    }
    files
}

#[test]
fn a_directory_is_searched_for_dockerfiles_honouring_gitignore() {
    let d = tree("dir");
    let out = run(&d, &["lint", "--no-color", "."]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(
        files_of(&stdout(&out)),
        [
            ".devcontainer/Dockerfile",
            "Dockerfile",
            "svc/Containerfile",
            "svc/api.Dockerfile",
            "web/Dockerfile.dev",
            "web/deep/nested/Dockerfile",
        ]
    );
    // Named from outside, the paths keep the directory's name.
    let out = run(
        d.parent().unwrap(),
        &["lint", "--no-color", d.to_str().unwrap()],
    );
    let files = files_of(&stdout(&out));
    assert_eq!(files.len(), 6, "{files:?}");
    assert!(files[0].ends_with("/.devcontainer/Dockerfile"), "{files:?}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn each_file_reads_the_dockerignore_beside_it() {
    let d = tree("ignore");
    let out = stdout(&run(&d, &["lint", "--no-color", "svc", "Dockerfile"]));
    let dd003 = |file: &str| {
        out.lines()
            .find(|l| l.starts_with(&format!("{file}:2:1 DD003")))
            .unwrap_or_else(|| panic!("no DD003 for {file} in {out}"))
            .to_string()
    };
    // No .dockerignore at the top of the tree.
    assert!(dd003("Dockerfile").contains("no .dockerignore was given"));
    // svc/.dockerignore ignores node_modules only.
    assert!(dd003("svc/Containerfile").contains("does not exclude `.git`, `.env`"));
    // svc/api.Dockerfile.dockerignore ignores both: no DD003 at all.
    assert!(!out.contains("svc/api.Dockerfile:2:1 DD003"), "{out}");
    assert!(out.contains("svc/api.Dockerfile:1:1 DL3007"), "{out}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn globs_files_and_duplicates() {
    let d = tree("glob");
    let out = run(
        &d,
        &[
            "lint",
            "--no-color",
            "web/**/Dockerfile*",
            "Dockerfile",
            "web",
        ],
    );
    assert_eq!(
        files_of(&stdout(&out)),
        [
            "web/Dockerfile.dev",
            "web/deep/nested/Dockerfile",
            "Dockerfile"
        ]
    );
    // A file named on the command line is read whatever its name; a glob
    // still skips what .gitignore excludes.
    let out = run(
        &d,
        &[
            "lint",
            "--no-color",
            "web/dockerfile.txt",
            "svc/*.Dockerfile",
        ],
    );
    assert_eq!(
        files_of(&stdout(&out)),
        ["web/dockerfile.txt", "svc/api.Dockerfile"]
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn nothing_found_is_an_error() {
    let d = tree("empty");
    let out = run(&d, &["lint", "svc/none-*"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("svc/none-*: no file matches"));
    std::fs::create_dir_all(d.join("empty")).unwrap();
    let out = run(&d, &["lint", "empty"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty: no Dockerfile found"));
    let out = run(&d, &["fix", "empty"]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn fix_takes_directories() {
    let d = tree("fix");
    // Printing the rewrite takes one file: a directory with several is refused.
    let out = run(&d, &["fix", "web"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    // One Dockerfile in the directory: its rewrite is printed.
    let out = run(&d, &["fix", "-q", "web/deep"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(stdout(&out).contains("COPY . /app"));
    let out = run(&d, &["fix", "--diff", "-q", "."]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = stdout(&out);
    let diffs: Vec<&str> = text.lines().filter(|l| l.starts_with("+++ ")).collect();
    assert!(
        diffs.iter().any(|l| l.contains("svc/Containerfile")),
        "{diffs:?}"
    );
    assert!(!diffs.iter().any(|l| l.contains("build/")), "{diffs:?}");
    assert!(!diffs.iter().any(|l| l.contains("generated")), "{diffs:?}");
    let _ = std::fs::remove_dir_all(&d);
}
