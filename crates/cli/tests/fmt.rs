//! `drydock fmt` end to end: the four outputs, stdin, exit codes, and
//! where the indentation comes from (flag, `.drydock.toml`, `.editorconfig`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_drydock");

const MESSY: &str = "from alpine\nrun apk add curl \\\n  && rm -rf /tmp/*   \n\n\n# done\n";
const TIDY: &str = "FROM alpine\nRUN apk add curl \\\n    && rm -rf /tmp/*\n\n# done\n";

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("drydock-fmt-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run_in(cwd: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(BIN)
        .arg("fmt")
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut input = child.stdin.take().unwrap();
        if let Some(s) = stdin {
            // The command may exit before reading (a usage error).
            let _ = input.write_all(s.as_bytes());
        }
    }
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn prints_checks_diffs_and_writes() {
    let d = dir("modes");
    std::fs::write(d.join("Dockerfile"), MESSY).unwrap();
    let printed = run_in(&d, &["Dockerfile"], None);
    assert_eq!(printed.status.code(), Some(0));
    assert_eq!(stdout(&printed), TIDY);

    let from_stdin = run_in(&d, &["-"], Some(MESSY));
    assert_eq!(stdout(&from_stdin), TIDY);

    let check = run_in(&d, &["--check", "Dockerfile"], None);
    assert_eq!(check.status.code(), Some(1));
    assert!(stdout(&check).is_empty());
    assert!(String::from_utf8_lossy(&check.stderr).contains("Dockerfile: not formatted"));

    let diff = run_in(&d, &["--diff", "Dockerfile"], None);
    assert_eq!(diff.status.code(), Some(1));
    assert!(stdout(&diff).contains("-run apk add curl \\\n"));
    assert!(stdout(&diff).contains("+RUN apk add curl \\\n"));

    let write = run_in(&d, &["--write", "Dockerfile"], None);
    assert_eq!(write.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(d.join("Dockerfile")).unwrap(), TIDY);
    let again = run_in(&d, &["--check", "Dockerfile"], None);
    assert_eq!(again.status.code(), Some(0));

    let bad = run_in(&d, &["--write", "-"], Some(MESSY));
    assert_eq!(bad.status.code(), Some(2));
    let missing = run_in(&d, &["--check", "nope"], None);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn indentation_from_flag_settings_and_editorconfig() {
    let d = dir("indent");
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::fs::write(d.join("sub/Dockerfile"), MESSY).unwrap();
    let two = TIDY.replace("    &&", "  &&");
    let tab = TIDY.replace("    &&", "\t&&");

    std::fs::write(
        d.join(".editorconfig"),
        "root = true\n[*]\nindent_style = space\nindent_size = 2\n",
    )
    .unwrap();
    assert_eq!(stdout(&run_in(&d, &["sub/Dockerfile"], None)), two);

    std::fs::write(d.join(".drydock.toml"), "[fmt]\nindent_style = \"tab\"\n").unwrap();
    assert_eq!(stdout(&run_in(&d, &["sub/Dockerfile"], None)), tab);

    assert_eq!(
        stdout(&run_in(&d, &["--indent", "4", "sub/Dockerfile"], None)),
        TIDY
    );

    std::fs::write(d.join(".drydock.toml"), "[fmt]\nindent_size = 40\n").unwrap();
    let bad = run_in(&d, &["sub/Dockerfile"], None);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("indent_size = 40"));
}
