//! `drydock share`: the link it prints opens in the playground (same
//! encoder: the browser tests open a link printed here).

use std::path::PathBuf;
use std::process::{Command, Output};

use drydock_core::{Config, Severity};
use drydock_formats::link;

const BIN: &str = env!("CARGO_BIN_EXE_drydock");

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("drydock-share-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn share(cwd: &PathBuf, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("share")
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

fn fragment(o: &Output) -> String {
    let out = String::from_utf8(o.stdout.clone()).unwrap();
    assert_eq!(out.lines().count(), 1, "{out}");
    out.trim_end().split_once('#').unwrap().1.to_string()
}

#[test]
fn prints_a_link_to_the_text_and_settings() {
    let d = dir("basic");
    let text = "FROM ubuntu:latest\nRUN echo 'héllo 😀'\n";
    std::fs::write(d.join("Dockerfile"), text).unwrap();
    let o = share(&d, &["Dockerfile"]);
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout.clone()).unwrap();
    assert!(
        out.starts_with(&format!("{}#code=", link::DEFAULT_BASE)),
        "{out}"
    );
    let shared = link::decode(&fragment(&o)).unwrap().unwrap();
    assert_eq!(shared.code, text);
    assert_eq!(shared.config, Config::default());
    assert_eq!(shared.version.as_deref(), Some(env!("CARGO_PKG_VERSION")));
    // Exactly what the playground's dialog makes for the same state.
    assert_eq!(fragment(&o), link::encode(text, &Config::default(), None));

    // The settings of .hadolint.yaml, a .dockerignore and another base.
    std::fs::write(
        d.join(".hadolint.yaml"),
        "ignored: [DL3007]\nfailure-threshold: error\n",
    )
    .unwrap();
    std::fs::write(d.join("ignore"), ".git\n").unwrap();
    let o = share(
        &d,
        &[
            "--base",
            "https://x.test/dd/",
            "--dockerignore",
            "ignore",
            "Dockerfile",
        ],
    );
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("https://x.test/dd/#code="));
    let shared = link::decode(&fragment(&o)).unwrap().unwrap();
    assert_eq!(shared.config.ignored, vec!["DL3007".to_string()]);
    assert_eq!(shared.config.failure_threshold, Some(Severity::Error));
    assert_eq!(shared.dockerignore.as_deref(), Some(".git\n"));
}

#[test]
fn refuses_what_the_playground_would_refuse() {
    let d = dir("big");
    std::fs::write(d.join("Dockerfile"), "#".repeat(link::MAX_DECODED + 1)).unwrap();
    let o = share(&d, &["Dockerfile"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(String::from_utf8_lossy(&o.stderr).contains("at most 262144 bytes"));
    let o = share(&d, &["missing"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot read missing"));
}
