//! `drydock build-plan` end to end: the JSON shape of issue 9, the table,
//! the `.dockerignore` input, errors.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_drydock");

fn seed(name: &str) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/seeds/");
    std::fs::read_to_string(format!("{dir}{name}.Dockerfile")).unwrap()
}

/// A fresh directory holding `files`.
fn dir(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let d = std::env::temp_dir().join(format!("drydock-plan-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    for (file, text) in files {
        std::fs::write(d.join(file), text).unwrap();
    }
    d
}

fn run(cwd: &PathBuf, args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn json(o: &Output) -> Value {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// (line, rebuilds.source, rebuilds.dependencies) of every layer step.
fn layers(plan: &Value) -> Vec<(u64, bool, bool)> {
    plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["layer"] == true)
        .map(|s| {
            (
                s["line"].as_u64().unwrap(),
                s["rebuilds"]["source"].as_bool().unwrap(),
                s["rebuilds"]["dependencies"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[test]
fn json_has_the_shape_of_the_issue() {
    let d = dir("json", &[("Dockerfile", &seed("01-python-naive"))]);
    let plan = json(&run(
        &d,
        &["build-plan", "--format", "json", "Dockerfile"],
        None,
    ));
    let step = &plan["steps"][3];
    assert_eq!(step["keyword"], "RUN");
    assert_eq!(step["line"], 4);
    assert_eq!(step["end_line"], 4);
    assert_eq!(step["stage"], 0);
    assert_eq!(step["layer"], true);
    assert_eq!(step["rebuilds"]["source"], true);
    assert_eq!(plan["stages"][0]["is_final"], true);
    assert_eq!(layers(&plan), vec![(3, true, true), (4, true, true)]);
    let source = &plan["scenarios"]["source"];
    assert_eq!(source["expensive"][0]["commands"][0], "pip install");
    assert_eq!(plan["estimates"][0]["estimate"], true);
}

#[test]
fn seeds_09_and_10() {
    let d = dir(
        "seeds",
        &[
            ("09.Dockerfile", &seed("09-django-wheels-multistage")),
            ("10.Dockerfile", &seed("10-python-production-good")),
        ],
    );
    let nine = json(&run(
        &d,
        &["build-plan", "-f", "json", "09.Dockerfile"],
        None,
    ));
    assert_eq!(nine["stages"].as_array().unwrap().len(), 2);
    assert_eq!(nine["edges"][0]["kind"], "copy_from");
    assert_eq!(nine["edges"][0]["stage"], 1);
    assert_eq!(nine["edges"][0]["from"]["stage"], 0);
    let ten = json(&run(
        &d,
        &["build-plan", "-f", "json", "10.Dockerfile"],
        None,
    ));
    let source: Vec<u64> = layers(&ten)
        .into_iter()
        .filter(|l| l.1)
        .map(|l| l.0)
        .collect();
    assert_eq!(source, vec![16]);
    assert_eq!(
        ten["scenarios"]["source"]["expensive"],
        Value::Array(vec![])
    );
}

#[test]
fn the_table_names_what_reruns_and_unused_stages() {
    let text = "FROM python:3.12-slim AS test\nRUN pytest\nFROM python:3.12-slim\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n";
    let d = dir("tty", &[("Dockerfile", text)]);
    let o = run(&d, &["build-plan", "Dockerfile"], None);
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("Editing a source file reruns 2 steps, including `pip install`."),
        "{out}"
    );
    assert!(out.contains("unused: BuildKit skips it"), "{out}");
    assert!(
        out.contains("stage 0 “test” is not used by the final stage"),
        "{out}"
    );
    assert!(out.contains("skipped"), "{out}");
    assert!(out.contains("No .dockerignore"), "{out}");
}

#[test]
fn dockerignore_given_or_found_beside_the_file() {
    let text =
        "FROM python:3.12-slim\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n";
    let d = dir(
        "ignore",
        &[("Dockerfile", text), ("only-src", "*\n!src\n!main.py\n")],
    );
    let plain = json(&run(&d, &["build-plan", "-f", "json", "Dockerfile"], None));
    assert_eq!(layers(&plain), vec![(2, true, true), (3, true, true)]);
    let args = [
        "build-plan",
        "-f",
        "json",
        "--dockerignore",
        "only-src",
        "Dockerfile",
    ];
    let filtered = json(&run(&d, &args, None));
    assert_eq!(layers(&filtered), vec![(2, true, false), (3, true, false)]);
    assert_eq!(filtered["steps"][1]["context"][0]["only"][1], "main.py");
    // .dockerignore beside the Dockerfile is used when none is given.
    std::fs::write(d.join(".dockerignore"), "*\n!src\n").unwrap();
    let found = json(&run(&d, &["build-plan", "-f", "json", "Dockerfile"], None));
    assert_eq!(layers(&found), vec![(2, true, false), (3, true, false)]);
}

#[test]
fn stdin_build_args_and_errors() {
    let d = dir("errors", &[]);
    let text = "ARG BASE=python:3.12\nFROM $BASE\n";
    let o = run(
        &d,
        &[
            "build-plan",
            "-f",
            "json",
            "--build-arg",
            "BASE=node:22",
            "-",
        ],
        Some(text),
    );
    assert_eq!(json(&o)["stages"][0]["base"]["reference"], "node:22");
    let o = run(&d, &["build-plan", "missing.Dockerfile"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot read missing.Dockerfile"));
    let o = run(
        &d,
        &["build-plan", "--dockerignore", "nope", "-"],
        Some(text),
    );
    assert_eq!(o.status.code(), Some(2));
    let o = run(
        &d,
        &["build-plan", "--build-arg", "NOEQUALS", "-"],
        Some(text),
    );
    assert_eq!(o.status.code(), Some(2));
    // Garbage in, a plan out.
    let o = run(
        &d,
        &["build-plan", "-f", "json", "-"],
        Some("\u{0}\u{feff}FROM\n$$$\n"),
    );
    assert!(o.status.success());
}
