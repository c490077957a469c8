use crate::diagnostic::Fix;
use crate::rules::drydock::deps::{install_tool, Tool};
use crate::rules::pkg::{run_at, unquote};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::semantics::Base;
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DD006",
    name: "cache-mount",
    severity: Severity::Info,
    source: Source::Drydock,
    fix: FixAvailability::Never,
    summary: "A package-manager install without a BuildKit cache mount: every rebuild downloads everything again.",
    docs: r#"
## What it does
Reports a `RUN` that installs with a package manager (pip, poetry, uv,
npm, yarn, pnpm, go, cargo, bundler, composer, maven, gradle, apt, apk,
yum/dnf, zypper) and mounts no cache (`--mount=type=cache`), and shows the
cache mount that fits it. It is advice, not an edit: the finding carries
an explanation only, so it never competes with DL3042/DL3019, whose fixes
add `--no-cache-dir`/`--no-cache`.

## Why is this bad?
Keeping package caches out of the image (`pip install --no-cache-dir`,
`apk add --no-cache`, deleting `/var/lib/apt/lists`) makes the image
small, but every time the layer is rebuilt (a new requirement, a changed
manifest) every package is downloaded again. A BuildKit cache mount gives
the package manager a cache that lives *outside* the image and survives
between builds: the image stays as small, and rebuilds only download
what changed. For example `RUN --mount=type=cache,target=/root/.cache/pip
pip install -r requirements.txt` (then `--no-cache-dir` is not needed);
apt needs `sharing=locked` on `/var/cache/apt` and `/var/lib/apt` and the
`docker-clean` hook removed. The targets shown are the default cache
directories for a build running as root; a `RUN` under another `USER`
needs that user's cache directory (and `uid=`).

## Example
```dockerfile
FROM python:3.13-slim
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
```

## Use instead
```dockerfile
# syntax=docker/dockerfile:1
FROM python:3.13-slim
COPY requirements.txt .
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
```
"#,
    check,
};

/// The non-root `USER` set by instruction `j`, if it is a `USER`:
/// `Some(None)` for root.
fn user_of(cx: &Checker, j: usize) -> Option<Option<String>> {
    let Body::User(user) = &cx.file.instructions[j].body else {
        return None;
    };
    let name = unquote(&user.text);
    let name = name.split(':').next().unwrap_or(name);
    Some((!matches!(name, "root" | "0")).then(|| name.to_string()))
}

/// Per instruction, the `USER` a `RUN` there runs as, when not root: the
/// last `USER` before it in its stage, else the user its base stage ends
/// with (`FROM <stage>`). One pass over the file.
fn users(cx: &Checker) -> Vec<Option<String>> {
    let sem = cx.semantics();
    // The user each stage ends with, filled in stage order (a stage's
    // base stage comes before it).
    let mut ends_with: Vec<Option<String>> = Vec::with_capacity(sem.stages.len());
    let mut out = vec![None; cx.file.instructions.len()];
    for stage in &sem.stages {
        let mut current = match stage.base {
            Base::Stage(parent) if parent < stage.index => ends_with.get(parent).cloned().flatten(),
            _ => None,
        };
        for j in stage.from..stage.end.min(out.len()) {
            out[j].clone_from(&current);
            if let Some(user) = user_of(cx, j) {
                current = user;
            }
        }
        ends_with.push(current);
    }
    out
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    // Read only for a finding (most files have none).
    let mut users_at: Option<Vec<Option<String>>> = None;
    for (i, inst) in file.instructions.iter().enumerate() {
        let Some(run) = run_at(cx, i) else { continue };
        if run.onbuild || !cx.shell_is_posix(i) {
            continue;
        }
        let mounts_cache = run.run.flags.iter().any(|f| {
            f.name.eq_ignore_ascii_case("mount")
                && f.value
                    .as_ref()
                    .is_some_and(|v| v.text.to_ascii_lowercase().contains("type=cache"))
        });
        if mounts_cache {
            continue;
        }
        let mut tools: Vec<Tool> = Vec::new();
        for cmd in run.commands.iter() {
            if let Some((tool, _)) = install_tool(cmd) {
                if !tools.contains(&tool) {
                    tools.push(tool);
                }
            }
        }
        if tools.is_empty() {
            continue;
        }
        // The names joined by `/` and the mounts by spaces, written in
        // place (no vector or string per name and mount).
        let mut message = String::from("Rebuilding this layer downloads every ");
        for (k, t) in tools.iter().enumerate() {
            if k > 0 {
                message.push('/');
            }
            message.push_str(t.name());
        }
        message.push_str(
            " package again: a BuildKit cache mount \
             keeps the downloads between builds, outside the image",
        );
        if !cx.wants_fixes() {
            cx.report(inst.span, message);
            continue;
        }
        let mut advice = String::from("Add `");
        for (k, m) in tools.iter().flat_map(|t| t.cache_mounts().iter()).enumerate() {
            if k > 0 {
                advice.push(' ');
            }
            advice.push_str("--mount=");
            advice.push_str(m);
        }
        advice.push_str(
            "` to this RUN (the cache is not part of the image, so `--no-cache-dir`/`--no-cache` \
             are no longer needed for size).",
        );
        for note in tools.iter().filter_map(|t| t.cache_note()) {
            advice.push(' ');
            advice.push_str(note);
        }
        let users = users_at.get_or_insert_with(|| users(cx));
        if let Some(user) = users.get(i).cloned().flatten() {
            advice.push_str(&format!(
                " This RUN runs as `{user}`: mount the cache in that user's home and add `uid=` for it."
            ));
        }
        cx.report_fix(inst.span, message, Fix::manual(advice));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::findings;

    fn advice(text: &str) -> Vec<String> {
        findings(&RULE, text)
            .into_iter()
            .map(|d| {
                let fix = d.fix.expect("an explanation");
                assert!(fix.edits.is_empty());
                assert_eq!(fix.applicability, crate::diagnostic::Applicability::Manual);
                fix.message
            })
            .collect()
    }

    #[test]
    fn offers_the_right_mount() {
        for (text, mount) in [
            (
                "FROM python:3\nRUN pip install --no-cache-dir -r requirements.txt\n",
                "--mount=type=cache,target=/root/.cache/pip",
            ),
            (
                "FROM node:22\nRUN npm ci\n",
                "--mount=type=cache,target=/root/.npm",
            ),
            (
                "FROM golang:1.23\nRUN go mod download\n",
                "--mount=type=cache,target=/go/pkg/mod",
            ),
            (
                "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
                "--mount=type=cache,target=/var/lib/apt,sharing=locked",
            ),
            (
                "FROM alpine:3\nRUN apk add --no-cache curl\n",
                "--mount=type=cache,target=/var/cache/apk",
            ),
            (
                "FROM maven:3\nRUN mvn -B package\n",
                "--mount=type=cache,target=/root/.m2",
            ),
            (
                "FROM rust:1\nRUN cargo build --release\n",
                "--mount=type=cache,target=/usr/local/cargo/registry",
            ),
        ] {
            let found = advice(text);
            assert_eq!(found.len(), 1, "{text}");
            assert!(found[0].contains(mount), "{text}: {}", found[0]);
        }
        let user = advice("FROM python:3\nUSER app\nRUN pip install flask\n");
        assert!(user[0].contains("runs as `app`"), "{}", user[0]);
        let root = advice("FROM python:3\nUSER root\nRUN pip install flask\n");
        assert!(!root[0].contains("runs as"), "{}", root[0]);
        // The user a base stage ends with carries into `FROM <stage>`; a
        // new external base starts as root again.
        let text = "FROM python:3 AS base\nUSER app\nFROM base\nRUN pip install flask\n\
                    FROM python:3\nRUN pip install flask\nUSER 0\nRUN pip install x\n";
        let found = advice(text);
        assert_eq!(found.len(), 3);
        assert!(found[0].contains("runs as `app`"), "{}", found[0]);
        assert!(!found[1].contains("runs as"), "{}", found[1]);
        assert!(!found[2].contains("runs as"), "{}", found[2]);
    }

    #[test]
    fn never_nags_a_run_that_mounts_a_cache() {
        for text in [
            "FROM python:3\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n",
            "FROM python:3\nRUN --mount=type=cache,target=/x,id=pip pip install flask\n",
            "FROM python:3\nRUN python main.py\n",
            "FROM node:22\nRUN npm run build\n",
        ] {
            assert!(advice(text).is_empty(), "{text}");
        }
    }
}
