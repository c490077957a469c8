use crate::diagnostic::Fix;
use crate::rules::drydock::lineage::{self, Family};
use crate::rules::shared::is_root;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::semantics::Base;
use crate::syntax::{Body, CommandForm, Keyword};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DD007",
    name: "root-user",
    severity: Severity::Warning,
    source: Source::Drydock,
    fix: FixAvailability::Never,
    summary: "The final image runs as root: no `USER` switches to an unprivileged user",
    docs: r#"
## What it does
Reports a final image that never sets `USER` (in its stage or the stages
it is built `FROM`), so its process runs as root, the default of almost
every base image. A `USER` whose value resolves to root through a
variable (`USER ${APP_UID}` with `ARG APP_UID=0`) is reported too. A
literal last `USER root` is hadolint's DL3002, which reports it in every
stage; this rule does not repeat it. Official images run as root unless
listed below; for other base images Drydock cannot know which user they
set, and the message says so.

Not reported, because the image does not run its process as root:
- base images known to run as an unprivileged user (`*-unprivileged`,
  distroless `:nonroot`, `cgr.dev/chainguard/*`, `bitnami/*`,
  `jenkins/*`, `circleci/*`, `jupyter/*`, `ocaml/opam` …), and official
  service images whose entrypoint drops
  privileges itself (`postgres`, `mysql`, `redis`, `mongo`, `rabbitmq`
  …) when the file keeps their entrypoint;
- images that drop privileges themselves: the final image's `RUN`,
  `CMD` or `ENTRYPOINT` use `gosu`, `su-exec`, `setpriv`, `runuser`,
  `s6-setuidgid`, `chpst` or `setuser`;
- Windows images (`USER` names Windows accounts there);
- base images for other images: built on an OS image (`debian`,
  `ubuntu`, `alpine`, `centos` …) or `scratch`, with no `CMD` or
  `ENTRYPOINT` of their own (or only a shell) and no `EXPOSE`. The image
  built from them chooses its user.

## Why is this bad?
A process running as root inside a container is root on the container's
filesystem and one kernel bug or misconfigured mount away from root on
the host. If the application is compromised, the attacker can read
secrets, change system files and install tools. Creating an unprivileged
user and switching to it limits the damage.

The fix is an explanation, not an edit: how to create a user depends on
the distribution (`useradd` on Debian and RHEL, BusyBox `adduser` on
Alpine, a numeric UID on `scratch` and distroless), and switching user
can break an application that writes where only root may (its working
directory, `/var/run`, a volume), so the files it writes must be given to
that user (`COPY --chown=app:app`, `chown` in a `RUN`). The explanation
gives the snippet for the image's distribution.

## Example
```dockerfile
FROM python:3.13.1-slim
WORKDIR /app
COPY . .
CMD ["python", "./main.py"]
```

## Use instead
```dockerfile
FROM python:3.13.1-slim
RUN groupadd -r app && useradd -r -g app -d /app -s /sbin/nologin app
WORKDIR /app
COPY --chown=app:app . .
USER app
CMD ["python", "./main.py"]
```
"#,
    check,
};

/// Programs that start as root and switch to another user.
const PRIVILEGE_DROPPERS: &[&str] = &[
    "chpst",
    "gosu",
    "runuser",
    "s6-setuidgid",
    "setpriv",
    "setuser",
    "su-exec",
];

/// Registries whose images run as an unprivileged user by default.
const NON_ROOT_REGISTRIES: &[&str] = &["cgr.dev", "docker.elastic.co"];

/// Well-known images (or, ending in `/`, namespaces) that set an
/// unprivileged `USER`.
const NON_ROOT_IMAGES: &[&str] = &[
    "bitnami/",
    "circleci/",
    "cimg/",
    "confluentinc/",
    "gitpod/",
    "grafana/grafana",
    "jenkins/",
    "jupyter/",
    "ocaml/opam",
    "prom/",
    "selenium/",
];

/// Official images whose entrypoint switches to an unprivileged user, or
/// whose Dockerfile sets one.
const NON_ROOT_OFFICIAL: &[&str] = &[
    "cassandra",
    "couchdb",
    "elasticsearch",
    "ghost",
    "kibana",
    "logstash",
    "mariadb",
    "memcached",
    "mongo",
    "mysql",
    "neo4j",
    "percona",
    "postgres",
    "rabbitmq",
    "redis",
    "solr",
    "sonarqube",
    "zookeeper",
];

fn check(cx: &mut Checker) {
    let file = cx.file;
    let sem = cx.semantics();
    let Some(last) = sem.final_stage() else {
        return;
    };
    let insts = lineage::final_instructions(sem);
    if !insts.iter().all(|&i| cx.shell_is_posix(i)) {
        return;
    }
    let last_user = insts
        .iter()
        .copied()
        .rfind(|&i| file.instructions[i].keyword == Keyword::User);
    if let Some(i) = last_user {
        let Body::User(user) = &file.instructions[i].body else {
            return;
        };
        if is_root(&user.text) {
            return; // DL3002's finding.
        }
        let resolved = cx.resolve(i, &user.text);
        if resolved.is_complete() && is_root(&resolved.value) {
            let span = file.instructions[i].span;
            let message = format!(
                "`USER {}` resolves to root: the final image runs as root",
                user.text
            );
            let fix = cx.wants_fixes().then(|| Fix::manual(how_to(cx)));
            cx.report_with(span, message, fix);
        }
        return;
    }
    let root = lineage::final_walk(sem).last().unwrap_or(last);
    if !runs_a_service(cx, &insts, root) {
        return;
    }
    let base = match &root.base {
        Base::Image(image) => {
            if runs_unprivileged(image, overrides_entrypoint(cx, &insts)) {
                return;
            }
            if lineage::official_name(image).is_some() {
                format!(" (the base image `{}` runs as root)", root.image.value)
            } else {
                format!(
                    " (so it runs as the user of `{}`: root, unless that image sets another)",
                    root.image.value
                )
            }
        }
        Base::Scratch => " (`scratch` has no users: processes run as UID 0)".to_string(),
        _ => String::new(),
    };
    if drops_privileges(cx, &insts) {
        return;
    }
    let span = file.instructions[last.from].span;
    let message = format!("The final image runs as root: no `USER` is set{base}");
    let fix = cx.wants_fixes().then(|| Fix::manual(how_to(cx)));
    cx.report_with(span, message, fix);
}

/// Operating-system images: built on one, an image without a command of
/// its own is a base for other images.
const OS_IMAGES: &[&str] = &[
    "almalinux",
    "alpine",
    "amazonlinux",
    "archlinux",
    "busybox",
    "buildpack-deps",
    "centos",
    "debian",
    "fedora",
    "opensuse",
    "oraclelinux",
    "rockylinux",
    "ubuntu",
];

/// The final image runs a program of its own: a `CMD` or `ENTRYPOINT`
/// that is not just a shell, an `EXPOSE`d service, or the default command
/// of a language or application base image. An OS image (or `scratch`)
/// with none of these is a base for other images, whose authors choose
/// the user.
fn runs_a_service(cx: &Checker, insts: &[usize], root: &crate::semantics::Stage) -> bool {
    let mut command = None;
    for &i in insts {
        let inst = &cx.file.instructions[i];
        match &inst.body {
            Body::Cmd(form) | Body::Entrypoint(form) => command = Some(command_text(form)),
            Body::Expose(_) => return true,
            _ => {}
        }
    }
    if let Some(text) = command {
        let program = text.split_whitespace().next().unwrap_or("");
        let program = program.rsplit('/').next().unwrap_or(program);
        return !matches!(program, "" | "sh" | "bash" | "ash" | "zsh");
    }
    match &root.base {
        Base::Scratch => false,
        Base::Image(image) => {
            !lineage::official_name(image).is_some_and(|n| OS_IMAGES.contains(&n))
        }
        _ => true,
    }
}

/// A command form's words joined with spaces.
fn command_text(form: &CommandForm) -> String {
    match form {
        CommandForm::Exec { args, .. } => args
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        CommandForm::Shell { text, .. } => text.text.clone(),
    }
}

/// The base runs its process as an unprivileged user (by its `USER` or
/// by its entrypoint, which `custom_entrypoint` replaces).
fn runs_unprivileged(image: &crate::semantics::ImageRef, custom_entrypoint: bool) -> bool {
    let name = image.name.to_ascii_lowercase();
    let tag = image.tag.as_deref().unwrap_or("").to_ascii_lowercase();
    let registry = image.registry.as_deref().unwrap_or("").to_ascii_lowercase();
    if name.contains("windows") || name.contains("nanoserver") || tag.contains("windowsservercore")
    {
        // Not root-vs-user: Windows accounts.
        return true;
    }
    if name.ends_with("-unprivileged")
        || tag.contains("nonroot")
        || NON_ROOT_REGISTRIES.contains(&registry.as_str())
        || NON_ROOT_IMAGES
            .iter()
            .any(|p| name == p.trim_end_matches('/') || (p.ends_with('/') && name.starts_with(p)))
    {
        return true;
    }
    !custom_entrypoint
        && lineage::official_name(image).is_some_and(|n| NON_ROOT_OFFICIAL.contains(&n))
}

/// The final image sets its own `ENTRYPOINT`.
fn overrides_entrypoint(cx: &Checker, insts: &[usize]) -> bool {
    insts
        .iter()
        .any(|&i| cx.file.instructions[i].keyword == Keyword::Entrypoint)
}

/// A `RUN`, `CMD` or `ENTRYPOINT` of the final image runs a program that
/// switches user.
fn drops_privileges(cx: &Checker, insts: &[usize]) -> bool {
    let names = |t: &str| {
        // Most texts name none of them: a substring search first.
        PRIVILEGE_DROPPERS.iter().any(|d| t.contains(d))
            && t.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .any(|w| PRIVILEGE_DROPPERS.contains(&w))
    };
    insts.iter().any(|&i| {
        let inst = &cx.file.instructions[i];
        match &inst.body {
            // The text's parts are joined by newlines, which end words.
            Body::Run(_) => {
                crate::rules::pkg::run_at(cx, i).is_some_and(|r| r.text_parts().any(names))
            }
            Body::Cmd(form) | Body::Entrypoint(form) => names(&command_text(form)),
            _ => false,
        }
    })
}

/// What to write, for the final image's distribution.
fn how_to(cx: &Checker) -> String {
    let sem = cx.semantics();
    let node = lineage::final_official(sem) == Some("node");
    let after = "before `CMD`, and give it the files it writes (`COPY --chown=app:app`, `chown` of its data directories)";
    if node {
        return format!("The node image has an unprivileged `node` user: add `USER node` {after}");
    }
    match lineage::family(cx.file, sem) {
        Family::Debian | Family::Rhel => format!(
            "Create a user and switch to it {after}: `RUN groupadd -r app && useradd -r -g app -d /app -s /sbin/nologin app` then `USER app`"
        ),
        Family::Alpine => format!(
            "Create a user and switch to it {after}: `RUN addgroup -S app && adduser -S -G app -H -h /app app` then `USER app`"
        ),
        Family::Bare => format!(
            "There is no `useradd` here: switch to a numeric user, `USER 65532:65532`, {after}"
        ),
        Family::Unknown => format!(
            "Create a user and switch to it {after}: on Debian, Ubuntu or RHEL `RUN groupadd -r app && useradd -r -g app app`, on Alpine `RUN addgroup -S app && adduser -S -G app app`, then `USER app`"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::diagnostic::Applicability;
    use crate::testing::{findings, lines};

    #[test]
    fn no_user_in_the_final_image() {
        assert_eq!(lines(&RULE, "FROM python:3.12-slim\nCMD x\n"), vec![1]);
        assert_eq!(lines(&RULE, "FROM python:3.12-slim\nCOPY . .\n"), vec![1]);
        assert_eq!(lines(&RULE, "FROM debian:12\nCMD [\"/app\"]\n"), vec![1]);
        assert_eq!(lines(&RULE, "FROM ubuntu:24.04\nEXPOSE 80\n"), vec![1]);
        // The final stage, not the builder.
        assert_eq!(
            lines(
                &RULE,
                "FROM golang:1.22 AS b\nUSER app\nFROM alpine:3.20\nCOPY --from=b /x /x\nCMD [\"/x\"]\n"
            ),
            vec![3]
        );
        // USER in a stage the final one is built FROM counts.
        assert!(lines(
            &RULE,
            "FROM debian:12 AS base\nUSER app\nFROM base\nCMD x\n"
        )
        .is_empty());
        assert!(lines(&RULE, "FROM debian:12\nUSER 1000:1000\n").is_empty());
        assert_eq!(
            lines(
                &RULE,
                "FROM scratch\nCOPY app /app\nENTRYPOINT [\"/app\"]\n"
            ),
            vec![1]
        );
        // Base images for other images: nothing of their own to run.
        for base in [
            "FROM scratch\nCOPY data /data\n",
            "FROM scratch\nADD rootfs.tar.xz /\nCMD [\"/bin/sh\"]\n",
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
            "FROM alpine:3.20\nRUN apk add --no-cache git\nCMD [\"bash\"]\n",
        ] {
            assert!(lines(&RULE, base).is_empty(), "{base}");
        }
    }

    #[test]
    fn leaves_dl3002_and_unprivileged_images_alone() {
        for text in [
            // Literal root: DL3002.
            "FROM debian:12\nUSER root\n",
            "FROM debian:12\nUSER app\nUSER 0\nCMD x\n",
            // Images that do not run as root.
            "FROM nginxinc/nginx-unprivileged:1.27\n",
            "FROM gcr.io/distroless/static:nonroot\n",
            "FROM cgr.dev/chainguard/python:latest\n",
            "FROM bitnami/redis:7\n",
            "FROM jenkins/jenkins:lts\n",
            "FROM ocaml/opam:alpine\nCMD x\n",
            "FROM docker.elastic.co/elasticsearch/elasticsearch:8.14.0\n",
            "FROM postgres:16\nCOPY init.sql /docker-entrypoint-initdb.d/\n",
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n",
            "FROM debian:12\nSHELL [\"pwsh\", \"-c\"]\nRUN x\nCMD x\n",
            // Privileges dropped by the image itself.
            "FROM debian:12\nRUN apt-get install -y gosu\nENTRYPOINT [\"gosu\", \"app\", \"run\"]\n",
            "FROM alpine:3.20\nCMD su-exec app /app\n",
            // Unknown base through an unresolved variable, user set.
            "ARG B\nFROM $B\nUSER app\n",
        ] {
            assert!(lines(&RULE, text).is_empty(), "{text}");
        }
        // A service image with its own entrypoint runs as root.
        assert_eq!(
            lines(&RULE, "FROM redis:7\nENTRYPOINT [\"/my-entry\"]\n"),
            vec![1]
        );
    }

    #[test]
    fn user_resolving_to_root() {
        let text = "FROM debian:12\nARG UID=0\nUSER ${UID}\nCMD x\n";
        assert_eq!(lines(&RULE, text), vec![3]);
        assert!(lines(&RULE, "FROM debian:12\nARG UID\nUSER ${UID}\n").is_empty());
    }

    #[test]
    fn explains_for_the_distribution() {
        let fix = |text: &str| {
            let d = findings(&RULE, text);
            let f = d[0].fix.clone().unwrap();
            assert_eq!(f.applicability, Applicability::Manual);
            assert!(f.edits.is_empty());
            f.message
        };
        assert!(fix("FROM python:3.12-slim\n").contains("useradd -r -g app"));
        assert!(fix("FROM python:3.12-alpine\n").contains("adduser -S"));
        assert!(fix("FROM node:20\n").contains("USER node"));
        assert!(fix("FROM scratch\nCMD [\"/app\"]\n").contains("USER 65532"));
        let unknown = fix("FROM myorg/base:1\n");
        assert!(unknown.contains("useradd") && unknown.contains("adduser"));
        assert!(fix("FROM myorg/base:1\nRUN apk add curl\n").contains("adduser -S"));
        assert!(fix("FROM debian:12\nCMD x\n").contains("useradd"));
    }
}
