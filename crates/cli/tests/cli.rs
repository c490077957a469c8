//! `drydock` end to end: formats, exit codes, config files, rules, explain.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_drydock");

/// Two warnings (DL3007 on line 1, DL3008 on line 2) and an info (DL3015).
const WARNS: &str = "FROM ubuntu:latest\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n";
/// Nothing to report (asserted where it matters).
const CLEAN: &str = "FROM scratch\n";

/// A fresh directory for one test.
fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("drydock-cli-{}-{name}", std::process::id()));
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
    // A home of its own: no user-wide hadolint config leaks in.
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env("HOME", cwd)
        .env("XDG_CONFIG_HOME", cwd.join(".config"))
        .env_remove("NO_COLOR")
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

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn json(o: &Output) -> Vec<Value> {
    serde_json::from_slice::<Value>(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
        .as_array()
        .unwrap()
        .clone()
}

fn codes(o: &Output) -> Vec<String> {
    json(o)
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn json_shape_and_exit_code() {
    let d = dir("json");
    let f = write(&d, "Dockerfile", WARNS);
    let o = run_in(&d, &["lint", "--format", "json", &f], None);
    assert_eq!(o.status.code(), Some(1));
    let findings = json(&o);
    assert!(!findings.is_empty());
    for x in &findings {
        let keys: Vec<&str> = x.as_object().unwrap().keys().map(String::as_str).collect();
        for k in [
            "file",
            "code",
            "line",
            "column",
            "end_line",
            "end_column",
            "severity",
            "message",
        ] {
            assert!(keys.contains(&k), "missing {k} in {x}");
        }
        assert_eq!(x["file"], f.as_str());
    }
    assert!(codes(&o).contains(&"DL3007".to_string()));
}

#[test]
fn exit_codes_follow_hadolint() {
    let d = dir("exit");
    let warn = write(&d, "warn.Dockerfile", WARNS);
    let clean = write(&d, "clean.Dockerfile", CLEAN);
    let code = |args: &[&str]| run_in(&d, args, None).status.code();
    assert!(codes(&run_in(&d, &["lint", "--format", "json", &clean], None)).is_empty());
    assert_eq!(code(&["lint", &clean]), Some(0));
    assert_eq!(code(&["lint", &warn]), Some(1));
    assert_eq!(code(&["lint", "--no-fail", &warn]), Some(0));
    assert_eq!(
        code(&["lint", "--failure-threshold", "error", &warn]),
        Some(0)
    );
    assert_eq!(
        code(&["lint", "--failure-threshold", "warning", &warn]),
        Some(1)
    );
    assert_eq!(code(&["lint", "-t", "none", &warn]), Some(0));
    assert_eq!(
        code(&["lint", "--failure-threshold", "fatal", &warn]),
        Some(2)
    );
    assert_eq!(code(&["lint", "does-not-exist.Dockerfile"]), Some(2));
    assert_eq!(code(&["lint"]), Some(2));
    assert_eq!(code(&["lint", "--format", "yaml", &warn]), Some(2));
}

#[test]
fn style_findings_do_not_fail_by_default() {
    // hadolint's default threshold is info: a finding downgraded to style passes.
    let d = dir("style");
    let f = write(&d, "Dockerfile", "FROM ubuntu:latest\nUSER 65534\n");
    write(&d, ".hadolint.yaml", "override:\n  style: [DL3007]\n");
    let o = run_in(&d, &["lint", "--format", "json", &f], None);
    assert_eq!(json(&o)[0]["severity"], "style");
    assert_eq!(o.status.code(), Some(0));
    let o = run_in(&d, &["lint", "-t", "style", &f], None);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn many_files_and_stdin_in_one_process() {
    let d = dir("many");
    let a = write(&d, "a.Dockerfile", WARNS);
    let b = write(&d, "b.Dockerfile", CLEAN);
    let c = write(&d, "c.Dockerfile", "FROM debian:latest\n");
    let o = run_in(
        &d,
        &["lint", "--format", "json", "--no-fail", &a, &b, &c],
        None,
    );
    let files: Vec<String> = json(&o)
        .iter()
        .map(|x| x["file"].as_str().unwrap().to_string())
        .collect();
    assert!(files.contains(&a) && files.contains(&c) && !files.contains(&b));
    let o = run_in(&d, &["lint", "--format", "json", "-"], Some(WARNS));
    assert_eq!(o.status.code(), Some(1));
    assert!(json(&o).iter().all(|x| x["file"] == "-"));
}

#[test]
fn config_file_discovery_and_flags() {
    let d = dir("config");
    let f = write(&d, "Dockerfile", WARNS);
    // Without config.
    let all = codes(&run_in(&d, &["lint", "--format", "json", &f], None));
    assert!(all.contains(&"DL3007".into()) && all.contains(&"DL3008".into()));
    // --ignore, repeatable, codes or names.
    let o = run_in(
        &d,
        &[
            "lint",
            "--format",
            "json",
            "--ignore",
            "DL3007",
            "--ignore",
            "apt-get-pin-versions",
            &f,
        ],
        None,
    );
    let c = codes(&o);
    assert!(!c.contains(&"DL3007".into()) && !c.contains(&"DL3008".into()));
    // .hadolint.yml in the current directory.
    write(
        &d,
        ".hadolint.yml",
        "ignored: [DL3007]\noverride:\n  error: [DL3008]\n",
    );
    let o = run_in(&d, &["lint", "--format", "json", &f], None);
    let found = json(&o);
    assert!(!codes(&o).contains(&"DL3007".into()));
    let dl3008 = found.iter().find(|x| x["code"] == "DL3008").unwrap();
    assert_eq!(dl3008["severity"], "error");
    // .hadolint.yaml wins over .hadolint.yml; --config wins over both.
    write(&d, ".hadolint.yaml", "ignored: [DL3008]\n");
    let c = codes(&run_in(&d, &["lint", "--format", "json", &f], None));
    assert!(c.contains(&"DL3007".into()) && !c.contains(&"DL3008".into()));
    let other = write(&d, "other.yaml", "failure-threshold: error\n");
    let o = run_in(&d, &["lint", "--config", &other, &f], None);
    assert_eq!(o.status.code(), Some(0));
    // A broken config is a clear error, exit 2.
    let bad = write(&d, "bad.yaml", "ignored: [\n");
    let o = run_in(&d, &["lint", "--config", &bad, &f], None);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.yaml"), "{err}");
    // no-fail from the config.
    let nf = write(&d, "nf.yaml", "no-fail: true\n");
    assert_eq!(
        run_in(&d, &["lint", "-c", &nf, &f], None).status.code(),
        Some(0)
    );
}

#[test]
fn hadolint_config_keys_and_flags() {
    let d = dir("keys");
    let f = write(&d, "Dockerfile", WARNS);
    // `format` from the config; `--format` wins over it.
    write(&d, ".hadolint.yaml", "format: gnu\n");
    let text = stdout(&run_in(&d, &["lint", &f], None));
    assert!(text.contains(": warning: DL3007 "), "{text}");
    assert!(codes(&run_in(&d, &["lint", "-f", "json", &f], None)).contains(&"DL3007".into()));
    write(&d, ".hadolint.yaml", "format: junit\n");
    let o = run_in(&d, &["lint", &f], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("junit"));
    // A user-wide config is found when the directory has none.
    std::fs::remove_file(d.join(".hadolint.yaml")).unwrap();
    std::fs::create_dir_all(d.join(".config")).unwrap();
    write(&d.join(".config"), "hadolint.yaml", "ignored: [DL3007]\n");
    assert!(!codes(&run_in(&d, &["lint", "-f", "json", &f], None)).contains(&"DL3007".into()));
    std::fs::remove_file(d.join(".config/hadolint.yaml")).unwrap();
    // hadolint's severity flags.
    let o = run_in(
        &d,
        &[
            "lint", "-f", "json", "--error", "DL3015", "--style", "DL3007", &f,
        ],
        None,
    );
    let found = json(&o);
    let sev = |code: &str| found.iter().find(|x| x["code"] == code).unwrap()["severity"].clone();
    assert_eq!(sev("DL3015"), "error");
    assert_eq!(sev("DL3007"), "style");
    // --require-label and --strict-labels drive the label rules.
    let labels = write(&d, "labels.Dockerfile", "FROM scratch\nLABEL other=x\n");
    let c = codes(&run_in(
        &d,
        &[
            "lint",
            "-f",
            "json",
            "--require-label",
            "maintainer:text",
            "--strict-labels",
            &labels,
        ],
        None,
    ));
    assert!(
        c.contains(&"DL3049".into()) && c.contains(&"DL3050".into()),
        "{c:?}"
    );
    let o = run_in(
        &d,
        &["lint", "--require-label", "maintainer", &labels],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn ignore_pragmas_and_disable() {
    let d = dir("pragma");
    let f = write(
        &d,
        "Dockerfile",
        "# hadolint ignore=DL3007\nFROM ubuntu:latest\nUSER 65534\n",
    );
    let o = run_in(&d, &["lint", "--format", "json", &f], None);
    assert!(codes(&o).is_empty());
    assert_eq!(o.status.code(), Some(0));
    let o = run_in(
        &d,
        &["lint", "--format", "json", "--disable-ignore-pragma", &f],
        None,
    );
    assert_eq!(codes(&o), vec!["DL3007"]);
}

/// The SARIF 2.1.0 schema's required properties, checked by hand.
#[test]
fn sarif_has_the_required_fields() {
    let d = dir("sarif");
    let f = write(&d, "Dockerfile", WARNS);
    let o = run_in(&d, &["lint", "--format", "sarif", &f], None);
    assert_eq!(o.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    assert!(doc["$schema"].as_str().unwrap().contains("sarif"));
    let runs = doc["runs"].as_array().expect("runs is required");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert!(driver["name"].is_string(), "tool.driver.name is required");
    let rules = driver["rules"].as_array().unwrap();
    for r in rules {
        assert!(r["id"].is_string(), "reportingDescriptor.id is required");
    }
    let results = run["results"].as_array().unwrap();
    assert!(results.len() >= 2);
    for res in results {
        // result.message is required, with text (or id).
        assert!(res["message"]["text"].is_string());
        let level = res["level"].as_str().unwrap();
        assert!(["none", "note", "warning", "error"].contains(&level));
        let idx = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], res["ruleId"]);
        let loc = &res["locations"][0]["physicalLocation"];
        assert!(loc["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("Dockerfile"));
        let region = &loc["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert!(region["startColumn"].as_u64().unwrap() >= 1);
        assert!(region["endLine"].as_u64().unwrap() >= region["startLine"].as_u64().unwrap());
    }
    // An empty run is still valid.
    let clean = write(&d, "clean.Dockerfile", CLEAN);
    let o = run_in(&d, &["lint", "--format", "sarif", &clean], None);
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["runs"][0]["results"].as_array().unwrap().len(), 0);
}

#[test]
fn checkstyle_is_well_formed_xml() {
    let d = dir("checkstyle");
    // A file name that needs escaping, and a message with `<…>`.
    let f = write(&d, "a&b<c>\"q\".Dockerfile", WARNS);
    let clean = write(&d, "clean.Dockerfile", CLEAN);
    let o = run_in(&d, &["lint", "--format", "checkstyle", &f, &clean], None);
    let text = stdout(&o);
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "checkstyle");
    let files: Vec<_> = root.children().filter(|n| n.has_tag_name("file")).collect();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0].attribute("name"), Some(f.as_str()));
    let errors: Vec<_> = files[0]
        .children()
        .filter(|n| n.has_tag_name("error"))
        .collect();
    assert!(errors.len() >= 2);
    let dl3008 = errors
        .iter()
        .find(|e| e.attribute("source") == Some("DL3008"))
        .unwrap();
    assert!(dl3008.attribute("message").unwrap().contains("<package>"));
    for e in &errors {
        assert!(e.attribute("line").unwrap().parse::<usize>().unwrap() >= 1);
        assert!(["error", "warning", "info"].contains(&e.attribute("severity").unwrap()));
    }
}

#[test]
fn gnu_and_github_lines() {
    let d = dir("gnu");
    let f = write(&d, "Dockerfile", WARNS);
    let o = run_in(&d, &["lint", "--format", "gnu", &f], None);
    let text = stdout(&o);
    assert!(
        text.lines().any(|l| l == format!("{f}:1:1: warning: DL3007 Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag")),
        "{text}"
    );
    let o = run_in(&d, &["lint", "--format", "github", &f], None);
    let text = stdout(&o);
    let line = text.lines().find(|l| l.contains("title=DL3007")).unwrap();
    assert!(
        line.starts_with(&format!("::warning file={f},line=1,col=1,")),
        "{line}"
    );
    assert!(line.contains("::Using latest"));
    assert!(text.lines().all(|l| l.starts_with("::")));
    assert!(text.contains("::notice ")); // DL3015 is info
}

#[test]
fn tty_is_plain_when_piped() {
    let d = dir("tty");
    let f = write(&d, "Dockerfile", WARNS);
    let o = run_in(&d, &["lint", &f], None);
    let text = stdout(&o);
    assert!(!text.contains('\x1b'));
    assert!(
        text.contains(&format!("{f}:1:1 DL3007 warning: ")),
        "{text}"
    );
}

/// On a terminal the tty format is colored, unless `--no-color` or
/// `NO_COLOR`. The terminal is `script`'s pseudo-terminal (util-linux);
/// without `script` the test says so and checks nothing more.
#[test]
fn tty_is_colored_on_a_terminal() {
    let d = dir("pty");
    let f = write(&d, "Dockerfile", WARNS);
    let on_pty = |extra: &str, no_color: bool| {
        let mut cmd = Command::new("script");
        cmd.args(["-qec", &format!("{BIN} lint {extra} {f}"), "/dev/null"])
            .current_dir(&d)
            .env("HOME", &d)
            .env("XDG_CONFIG_HOME", d.join(".config"));
        if no_color {
            cmd.env("NO_COLOR", "1");
        } else {
            cmd.env_remove("NO_COLOR");
        }
        cmd.output()
    };
    let Ok(o) = on_pty("", false) else {
        eprintln!("note: `script` not found; terminal coloring not checked");
        return;
    };
    let text = stdout(&o);
    assert!(text.contains("\x1b["), "no color on a terminal: {text:?}");
    assert!(text.contains("DL3007"));
    let o = on_pty("--no-color", false).unwrap();
    assert!(!stdout(&o).contains('\x1b'));
    let o = on_pty("", true).unwrap();
    assert!(!stdout(&o).contains('\x1b'));
    write(&d, ".hadolint.yaml", "no-color: true\n");
    let o = on_pty("", false).unwrap();
    assert!(!stdout(&o).contains('\x1b'));
}

#[test]
fn rules_listing() {
    let d = dir("rules");
    let o = run_in(&d, &["rules", "--format", "json"], None);
    assert_eq!(o.status.code(), Some(0));
    let list = json(&o);
    assert!(!list.is_empty());
    for r in &list {
        for k in [
            "code", "name", "severity", "fixable", "source", "impact", "summary",
        ] {
            assert!(r.get(k).is_some(), "missing {k} in {r}");
        }
    }
    let dl3007 = list.iter().find(|r| r["code"] == "DL3007").unwrap();
    assert_eq!(dl3007["name"], "latest-tag");
    assert_eq!(dl3007["severity"], "warning");
    assert_eq!(dl3007["source"], "hadolint");
    // The security family: the issue-19 rules among them.
    let dd016 = list.iter().find(|r| r["code"] == "DD016").unwrap();
    assert_eq!(dd016["impact"], "security");
    let o = run_in(&d, &["rules"], None);
    assert!(stdout(&o).lines().any(|l| l.starts_with("DL3007 ")));
    assert!(stdout(&o)
        .lines()
        .any(|l| l.starts_with("DD016 ") && l.contains(" security ")));
}

#[test]
fn explain_prints_docs() {
    let d = dir("explain");
    let o = run_in(&d, &["explain", "DL3007"], None);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.starts_with("# DL3007 (latest-tag)"));
    assert!(text.contains("## Why is this bad?"));
    assert!(text.contains("```dockerfile"));
    let o = run_in(&d, &["explain", "latest-tag"], None);
    assert_eq!(o.status.code(), Some(0));
    let o = run_in(&d, &["explain", "DL9999"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("DL9999"));
}

#[test]
fn syntax_errors_are_reported_and_linting_goes_on() {
    let d = dir("syntax");
    // Line 2 lost the `\` of line 1: an unknown instruction, as in BuildKit.
    let f = write(
        &d,
        "Dockerfile",
        "FROM ubuntu:latest\nRUN apt-get update\n  apt-get install -y curl\n",
    );
    let o = run_in(&d, &["lint", "--format", "json", &f], None);
    assert_eq!(o.status.code(), Some(1));
    let found = json(&o);
    let dl1000 = found.iter().find(|x| x["code"] == "DL1000").unwrap();
    assert_eq!(dl1000["line"], 3);
    assert_eq!(dl1000["severity"], "error");
    assert_eq!(dl1000["message"], "unknown instruction: apt-get");
    // The rest of the file is still linted (hadolint would stop here).
    assert!(found.iter().any(|x| x["code"] == "DL3007"));
}

#[test]
fn copy_ignored_file_uses_the_dockerignore_beside_the_dockerfile() {
    let d = dir("dockerignore");
    let text = "FROM scratch\nCOPY secrets/key.pem /key.pem\nCOPY app /app\n";
    let f = write(&d, "Dockerfile", text);
    let ignored = |o: &Output| {
        json(o)
            .iter()
            .filter(|x| x["code"] == "CopyIgnoredFile")
            .map(|x| x["line"].as_u64().unwrap())
            .collect::<Vec<_>>()
    };
    // No .dockerignore: nothing to compare with.
    let o = run_in(&d, &["lint", "--format", "json", "--no-fail", &f], None);
    assert!(ignored(&o).is_empty());
    write(&d, ".dockerignore", "secrets/\n");
    let o = run_in(&d, &["lint", "--format", "json", "--no-fail", &f], None);
    assert_eq!(ignored(&o), vec![2]);
    // `<Dockerfile>.dockerignore` wins over `.dockerignore`.
    write(&d, "Dockerfile.dockerignore", "app\n");
    let o = run_in(&d, &["lint", "--format", "json", "--no-fail", &f], None);
    assert_eq!(ignored(&o), vec![3]);
}

#[test]
fn check_directives_apply_to_buildkit_checks() {
    let d = dir("check-directive");
    let f = write(
        &d,
        "Dockerfile",
        "# check=error=true\nFROM alpine:3.20 as build\n",
    );
    let o = run_in(&d, &["lint", "--format", "json", "--no-fail", &f], None);
    let found = json(&o);
    let x = found.iter().find(|x| x["code"] == "FromAsCasing").unwrap();
    assert_eq!(x["severity"], "error");
    let f = write(
        &d,
        "skip.Dockerfile",
        "# check=skip=all\nFROM alpine:3.20 as build\n",
    );
    let o = run_in(&d, &["lint", "--format", "json", "--no-fail", &f], None);
    assert!(!codes(&o).contains(&"FromAsCasing".to_string()));
}
