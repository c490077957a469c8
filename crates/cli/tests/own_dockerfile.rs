//! The repository's own Dockerfile (the CLI's image): Drydock reports
//! nothing on it, and its rewrite is empty. (Docker cannot run where this
//! is developed: the image build itself is not tested here.)

use std::path::PathBuf;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_drydock");

fn dockerfile() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../Dockerfile")
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let root = dockerfile().parent().unwrap().to_path_buf();
    let out = Command::new(BIN)
        .args(args)
        .current_dir(&root)
        .env("HOME", &root)
        .env("XDG_CONFIG_HOME", root.join(".no-config"))
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn drydock_reports_nothing_on_its_own_dockerfile() {
    let text = std::fs::read_to_string(dockerfile()).expect("the repository's Dockerfile");
    // What the image promises: several stages, an empty base, not root.
    let froms: Vec<&str> = text.lines().filter(|l| l.starts_with("FROM ")).collect();
    assert!(froms.len() >= 2, "not multi-stage: {froms:?}");
    assert_eq!(froms.last(), Some(&"FROM scratch"));
    let last_stage = &text[text.rfind("\nFROM ").unwrap()..];
    assert!(
        last_stage.contains("\nUSER 65532"),
        "the final stage runs as root"
    );

    let (code, out, err) = run(&["lint", "--format", "gnu", "Dockerfile"]);
    assert_eq!((code, out.as_str()), (Some(0), ""), "{err}");
    // Every rule, style included.
    let (code, out, _) = run(&["lint", "-t", "style", "Dockerfile"]);
    assert_eq!((code, out.as_str()), (Some(0), ""));
    let (code, out, err) = run(&["fix", "--diff", "Dockerfile"]);
    assert_eq!((code, out.as_str()), (Some(0), ""), "{err}");
    let (code, _, err) = run(&["fmt", "--check", "Dockerfile"]);
    assert_eq!(code, Some(0), "{err}");
}
