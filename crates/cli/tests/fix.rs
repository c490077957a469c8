//! `drydock fix` end to end: the three outputs, choices, config, exit codes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_drydock");

/// DL3009 and DL3015 (suggested fixes), DL3047 (a safe one), and DL3008
/// (manual: a version only a human can choose).
const APT: &str = "FROM debian:12\n# fetch\nRUN apt-get update && apt-get install -y curl\nRUN wget https://example.com/x.tgz\n";
/// After every safe and suggested fix.
const APT_FIXED: &str = "FROM debian:12\n# fetch\nRUN apt-get update && apt-get install --no-install-recommends -y curl ca-certificates && rm -rf /var/lib/apt/lists/*\nRUN wget --progress=dot:giga https://example.com/x.tgz\n";
/// Nothing to fix.
const CLEAN: &str = "FROM scratch\nCOPY a /a\n";

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("drydock-fix-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

fn run_in(cwd: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut input = child.stdin.take().unwrap();
        if let Some(text) = stdin {
            input.write_all(text.as_bytes()).unwrap();
        }
    }
    child.wait_with_output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// The process ends with `_exit` (main.rs, `exit_now`): what standard
/// output holds after its last newline must still be written first.
#[test]
fn output_without_a_final_newline_is_written_whole() {
    let d = dir("no-newline");
    let o = run_in(&d, &["fix", "-q", "-"], Some("FROM alpine:3.19"));
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(out(&o), "FROM alpine:3.19");
}

#[test]
fn prints_the_rewrite_and_a_summary() {
    let d = dir("print");
    let f = write(&d, "Dockerfile", APT);
    let o = run_in(&d, &["fix", &f], None);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(out(&o), APT_FIXED);
    let e = err(&o);
    assert!(e.contains("fixed   DL3015@3"), "{e}");
    assert!(e.contains("fixed   DL3047@4"), "{e}");
    // The version is left for a human, with what to do.
    assert!(e.contains("needs a human: DL3008@3"), "{e}");
    assert!(e.contains("<package>=<version>"), "{e}");
    // The file itself is untouched.
    assert_eq!(std::fs::read_to_string(&f).unwrap(), APT);
    // --quiet: no summary.
    let o = run_in(&d, &["fix", "-q", &f], None);
    assert_eq!(err(&o), "");
}

#[test]
fn reads_standard_input() {
    let d = dir("stdin");
    let o = run_in(&d, &["fix", "-q", "-"], Some(APT));
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(out(&o), APT_FIXED);
}

#[test]
fn diff_exits_1_when_there_is_something_to_change() {
    let d = dir("diff");
    let f = write(&d, "Dockerfile", APT);
    let o = run_in(&d, &["fix", "--diff", "-q", "Dockerfile"], None);
    assert_eq!(o.status.code(), Some(1));
    let diff = out(&o);
    assert!(
        diff.starts_with("--- a/Dockerfile\n+++ b/Dockerfile\n@@ "),
        "{diff}"
    );
    assert!(
        diff.contains("\n-RUN wget https://example.com/x.tgz\n"),
        "{diff}"
    );
    assert!(
        diff.contains("\n+RUN wget --progress=dot:giga https://example.com/x.tgz\n"),
        "{diff}"
    );
    assert!(diff.contains("\n # fetch\n"), "{diff}");
    assert_eq!(std::fs::read_to_string(&f).unwrap(), APT);
    let c = write(&d, "Clean", CLEAN);
    let o = run_in(&d, &["fix", "--diff", &c], None);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(out(&o), "");
    assert!(err(&o).contains("nothing to fix"), "{}", err(&o));
}

#[cfg(unix)]
#[test]
fn write_rewrites_in_place_keeping_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let d = dir("write");
    let f = write(&d, "Dockerfile", APT);
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = d.join("link.Dockerfile");
    std::os::unix::fs::symlink(&f, &link).unwrap();
    let o = run_in(&d, &["fix", "--write", "-q", "link.Dockerfile"], None);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(out(&o), "");
    // The link's target was rewritten; the link is still a link.
    assert_eq!(std::fs::read_to_string(&f).unwrap(), APT_FIXED);
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    // No temporary file left behind.
    let names: Vec<String> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with(".drydock-fix-")),
        "{names:?}"
    );
    // Stable: nothing left to change.
    let o = run_in(&d, &["fix", "--diff", &f], None);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
}

#[test]
fn only_and_safe_only_and_reject_narrow_what_is_applied() {
    let d = dir("choices");
    let f = write(&d, "Dockerfile", APT);
    let o = run_in(&d, &["fix", "-q", "--only", "DL3047", &f], None);
    assert_eq!(
        out(&o),
        APT.replace("RUN wget ", "RUN wget --progress=dot:giga ")
    );
    // By name too, comma-separated.
    let o = run_in(
        &d,
        &[
            "fix",
            "-q",
            "--only",
            "wget-progress,apt-get-no-install-recommends",
            &f,
        ],
        None,
    );
    assert!(out(&o).contains("--no-install-recommends"));
    assert!(!out(&o).contains("rm -rf"));
    // --safe-only: DL3009/DL3015 are suggestions; DL3047 is safe.
    let o = run_in(&d, &["fix", "--safe-only", &f], None);
    assert_eq!(
        out(&o),
        APT.replace("RUN wget ", "RUN wget --progress=dot:giga ")
    );
    assert!(
        err(&o).contains("suggested, not applied (--safe-only)"),
        "{}",
        err(&o)
    );
    let o = run_in(&d, &["fix", "--reject", "DL3015@3", &f], None);
    assert!(!out(&o).contains("--no-install-recommends"));
    assert!(out(&o).contains("rm -rf /var/lib/apt/lists/*"));
    assert!(err(&o).contains("rejected: DL3015@3"), "{}", err(&o));
}

#[test]
fn config_is_read_as_lint_reads_it() {
    let d = dir("config");
    let f = write(&d, "Dockerfile", APT);
    write(&d, ".hadolint.yaml", "ignored:\n  - DL3047\n");
    let o = run_in(&d, &["fix", "-q", &f], None);
    assert!(!out(&o).contains("--progress"), "{}", out(&o));
    assert!(out(&o).contains("--no-install-recommends"));
    let o = run_in(&d, &["fix", "-q", "--ignore", "DL3015", &f], None);
    assert!(!out(&o).contains("--no-install-recommends"));
    // A pragma silences a finding, and so its fix.
    let g = write(
        &d,
        "Pragma",
        &APT.replace("# fetch\n", "# hadolint ignore=DL3015\n"),
    );
    let o = run_in(&d, &["fix", "-q", "--config", "/dev/null", &g], None);
    assert!(!out(&o).contains("--no-install-recommends"));
    assert!(out(&o).contains("rm -rf"));
}

#[test]
fn json_reports_each_file() {
    let d = dir("json");
    write(&d, "A", APT);
    write(&d, "B", CLEAN);
    let o = run_in(&d, &["fix", "--json", "-q", "A", "B"], None);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["file"], "A");
    assert_eq!(list[0]["changed"], true);
    assert_eq!(list[0]["text"], APT_FIXED);
    assert_eq!(list[0]["syntax_errors_after"], 0);
    assert!(list[0]["applied"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["id"] == "DL3047@4" && a["applicability"] == "safe"));
    assert!(list[0]["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["code"] == "DL3008" && s["reason"] == "manual"));
    assert_eq!(list[1]["changed"], false);
    assert_eq!(list[1]["text"], CLEAN);
}

#[test]
fn usage_and_io_errors_exit_2() {
    let d = dir("errors");
    write(&d, "A", APT);
    write(&d, "B", CLEAN);
    for (args, message) in [
        (vec!["fix", "A", "B"], "takes one file"),
        (vec!["fix", "--write", "-"], "cannot rewrite standard input"),
        (vec!["fix", "--only", "DL9999", "A"], "no such rule"),
        (vec!["fix", "missing"], "cannot read missing"),
        (vec!["fix", "--build-arg", "NOVALUE", "A"], "NAME=VALUE"),
    ] {
        let o = run_in(&d, &args, None);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(err(&o).contains(message), "{args:?}: {}", err(&o));
    }
    // --diff and --write together make no sense.
    let o = run_in(&d, &["fix", "--diff", "--write", "A"], None);
    assert_eq!(o.status.code(), Some(2));
    // A missing file among several: the others are still written.
    let o = run_in(&d, &["fix", "--write", "-q", "A", "missing"], None);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(d.join("A")).unwrap(), APT_FIXED);
}
