//! `drydock` on hostile files: invalid UTF-8 is read lossily with a
//! warning that says where, NUL bytes and pathological files are linted
//! without a crash, unreadable paths give a clear message and exit 2.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use std::io::Write;

const BIN: &str = env!("CARGO_BIN_EXE_drydock");

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("drydock-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn findings(o: &Output) -> Vec<(String, u64)> {
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)));
    v.as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Invalid UTF-8 on line 2; DL3007 on line 3.
const BAD_UTF8: &[u8] = b"# a comment\nLABEL name=\"caf\xe9\"\nFROM ubuntu:latest\n";

#[test]
fn invalid_utf8_is_read_lossily_with_a_warning() {
    let d = dir("utf8");
    let path = d.join("Dockerfile");
    std::fs::write(&path, BAD_UTF8).unwrap();
    let path = path.to_str().unwrap();
    let o = run(&["lint", "-f", "json", path], b"");
    let err = stderr(&o);
    assert!(
        err.contains("is not valid UTF-8 (first invalid byte at line 2, column 16)"),
        "{err}"
    );
    assert!(err.contains(path));
    assert!(findings(&o).contains(&("DL3007".to_string(), 3)));
    assert_eq!(o.status.code(), Some(1));

    // The same from standard input.
    let o = run(&["lint", "-f", "json", "-"], BAD_UTF8);
    assert!(stderr(&o).contains("<stdin> is not valid UTF-8"));
    assert!(findings(&o).contains(&("DL3007".to_string(), 3)));

    // `parse` reads the same way and keeps the replacement character.
    let o = run(&["parse", path, "--format", "json"], b"");
    assert!(stderr(&o).contains("is not valid UTF-8"));
    let tree: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(tree["instructions"].as_array().unwrap().len(), 2);
    assert!(String::from_utf8_lossy(&o.stdout).contains('\u{FFFD}'));

    // Valid UTF-8 gives no warning.
    let o = run(
        &["lint", "-f", "json", "-"],
        "LABEL a=\"café\"\nFROM ubuntu:latest\n".as_bytes(),
    );
    assert!(!stderr(&o).contains("UTF-8"));
}

#[test]
fn nul_bytes_and_pathological_files_do_not_crash() {
    let cases: Vec<Vec<u8>> = vec![
        b"FROM debian:12\0\nRUN echo \0\n".to_vec(),
        vec![0; 100_000],
        format!("FROM debian:12\nRUN {}\n", "$(".repeat(100_000)).into_bytes(),
        format!("FROM debian:12\nRUN {}\n", "{ ".repeat(50_000)).into_bytes(),
        ("\u{feff}FROM debian:12\r\n".to_string() + &"RUN a \\\r\n".repeat(50_000) + "b\r\n")
            .into_bytes(),
        vec![0xff; 10_000],
    ];
    for input in cases {
        let o = run(&["lint", "-f", "json", "-"], &input);
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "exit {:?}: {}",
            o.status.code(),
            stderr(&o)
        );
        findings(&o);
    }
}

#[test]
fn unreadable_paths_exit_2_with_a_message() {
    let d = dir("unreadable");
    let missing = d.join("nope");
    let o = run(&["lint", missing.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read"), "{}", stderr(&o));
    // A directory is searched for Dockerfiles (tests/discover.rs): one
    // without any is an error too.
    let o = run(&["lint", d.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no Dockerfile found"), "{}", stderr(&o));
}
