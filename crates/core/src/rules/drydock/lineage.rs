//! What ends up in the image: the final stage and the stages it is built
//! `FROM` (its *lineage*), and the external image at the root of it.
//!
//! Several DD rules ask about "the final image" (does it run as root, does
//! it ship dev dependencies, is its base a full-size image). Instructions
//! of a stage the final stage is built `FROM` are part of the final image;
//! stages only used through `COPY --from` are not (only what is copied).

use crate::rules::pkg::{CommandExt, Run};
use crate::semantics::{Base, ImageRef, Semantics, Stage};
use crate::syntax::{Body, CommandForm, Dockerfile};

/// `stage` and the stages it is built `FROM`, final first, root last.
pub fn lineage(sem: &Semantics, stage: usize) -> Vec<&Stage> {
    walk(sem, stage).collect()
}

/// [`lineage`] without collecting it: final first, root last.
pub fn walk(sem: &Semantics, stage: usize) -> impl Iterator<Item = &Stage> {
    std::iter::successors(sem.stages.get(stage), move |s| match s.base {
        // A stage can only name an earlier one; the bound keeps a
        // malformed model from looping.
        Base::Stage(parent) if parent < s.index => sem.stages.get(parent),
        _ => None,
    })
}

/// [`final_lineage`] without collecting it.
pub fn final_walk(sem: &Semantics) -> impl Iterator<Item = &Stage> {
    sem.final_stage()
        .into_iter()
        .flat_map(move |f| walk(sem, f.index))
}

/// The root (last) stage of the final lineage.
fn final_root(sem: &Semantics) -> Option<&Stage> {
    final_walk(sem).last()
}

/// The final stage's lineage (empty for a file without `FROM`).
pub fn final_lineage(sem: &Semantics) -> Vec<&Stage> {
    sem.final_stage()
        .map(|f| lineage(sem, f.index))
        .unwrap_or_default()
}

/// The instructions that build the final image, in build order (the root
/// stage's first). `FROM` lines included.
pub fn final_instructions(sem: &Semantics) -> Vec<usize> {
    final_lineage(sem)
        .iter()
        .rev()
        .flat_map(|s| s.instructions())
        .collect()
}

/// The stage at the root of `stage`'s lineage and its base, when that base
/// is an external image.
pub fn root_image(sem: &Semantics, stage: usize) -> Option<(&Stage, &ImageRef)> {
    let root = walk(sem, stage).last()?;
    root.image_ref().map(|r| (root, r))
}

/// The external image the final image is built on (through any
/// `FROM <stage>` chain), when there is one.
pub fn final_base(sem: &Semantics) -> Option<&ImageRef> {
    final_root(sem).and_then(|s| s.image_ref())
}

/// The official image the final image is built on (`python`, `node` …).
pub fn final_official(sem: &Semantics) -> Option<&str> {
    final_base(sem).and_then(official_name)
}

/// The name of a Docker Official Image reference (`python` for `python`,
/// `library/python`, `docker.io/library/python`), or `None` for an image
/// in another namespace or registry, or a name that is not an official
/// image (`BASEIMAGE`, `myapp`).
pub fn official_name(image: &ImageRef) -> Option<&str> {
    let hub = match image.registry.as_deref() {
        None => true,
        Some(r) => matches!(
            r.to_ascii_lowercase().as_str(),
            "docker.io" | "index.docker.io" | "registry-1.docker.io"
        ),
    };
    if !hub {
        return None;
    }
    let name = image.name.strip_prefix("library/").unwrap_or(&image.name);
    (!name.contains('/') && super::images::is_official(name)).then_some(name)
}

/// The programs the final image starts: the last `ENTRYPOINT`'s and the
/// last `CMD`'s (an entrypoint script usually runs the command after its
/// setup), by file name. A shell running a `-c` string counts as the
/// string's first program (`sh -c "python app.py"` starts `python`).
/// Empty when the final image sets neither (it keeps its base's).
pub fn start_programs(file: &Dockerfile, sem: &Semantics) -> Vec<String> {
    let (mut cmd, mut entrypoint) = (None, None);
    for i in final_instructions(sem) {
        match &file.instructions[i].body {
            Body::Cmd(form) => cmd = Some(form),
            Body::Entrypoint(form) => entrypoint = Some(form),
            _ => {}
        }
    }
    [entrypoint, cmd]
        .into_iter()
        .flatten()
        .filter_map(|form| first_program(&command_words(form)))
        .collect()
}

/// A command form's words: the exec form's strings, the shell form's
/// words (split on blanks).
fn command_words(form: &CommandForm) -> Vec<String> {
    match form {
        CommandForm::Exec { args, .. } => args.iter().map(|w| w.text.clone()).collect(),
        CommandForm::Shell { text, .. } => {
            text.text.split_whitespace().map(str::to_string).collect()
        }
    }
}

/// The program `words` run, by file name, looking through `sh -c`,
/// `exec`, `env` and `tini`/`dumb-init`-style wrappers.
fn first_program(words: &[String]) -> Option<String> {
    let mut rest: Vec<String> = words.to_vec();
    for _ in 0..4 {
        let first = rest.first()?.clone();
        let name = first.rsplit('/').next().unwrap_or(&first).to_string();
        match name.as_str() {
            "sh" | "bash" | "ash" | "dash" => {
                let c = rest.iter().position(|w| w == "-c")?;
                let script = rest.get(c + 1)?;
                rest = script.split_whitespace().map(str::to_string).collect();
            }
            "exec" | "env" | "tini" | "dumb-init" | "gosu" | "su-exec" => {
                // Skip the wrapper, its options and (for gosu/su-exec) the
                // user, and `NAME=value` pairs.
                let skip_user = matches!(name.as_str(), "gosu" | "su-exec");
                let mut it = rest
                    .into_iter()
                    .skip(1)
                    .skip_while(|w| w.starts_with('-') || w.contains('='));
                if skip_user {
                    it.next();
                }
                rest = it.collect();
                if rest.first().is_some_and(|w| w == "--") {
                    rest.remove(0);
                }
            }
            _ => return Some(name),
        }
    }
    None
}

/// The final image says it is for development or tests: a stage of its
/// lineage is named, or its base image is called, `dev`, `test`, `ci`,
/// `debug` … (`FROM base AS dev`, `FROM runc_test`). Such images carry
/// toolchains and dev dependencies on purpose.
pub fn is_dev_image(sem: &Semantics) -> bool {
    let dev = |text: &str| {
        text.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "dev"
                    | "devel"
                    | "develop"
                    | "development"
                    | "test"
                    | "tests"
                    | "testing"
                    | "ci"
                    | "debug"
            )
        })
    };
    final_walk(sem).any(|s| {
        s.alias.as_deref().is_some_and(dev) || s.image_ref().is_some_and(|r| dev(r.short_name()))
    })
}

/// The distribution family of the final image, for snippets that differ
/// by distribution (creating a user, a health check command).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// `apk`, BusyBox `adduser`/`addgroup`, BusyBox `wget`.
    Alpine,
    /// Debian and Ubuntu: `apt-get`, shadow's `useradd`/`groupadd`.
    Debian,
    /// CentOS, Fedora, RHEL UBI, Rocky, Alma, Amazon Linux: `yum`/`dnf`.
    Rhel,
    /// `scratch` or distroless: no shell, no user tools.
    Bare,
    Unknown,
}

/// Official images built on Debian by default (their `-alpine` tags
/// excepted).
const DEBIAN_BASED: &[&str] = &[
    "buildpack-deps",
    "debian",
    "golang",
    "httpd",
    "nginx",
    "node",
    "perl",
    "php",
    "python",
    "ruby",
    "rust",
    "ubuntu",
];

const RHEL_BASED: &[&str] = &[
    "almalinux",
    "amazonlinux",
    "centos",
    "fedora",
    "oraclelinux",
    "rockylinux",
];

/// The family of the final image: from its base image's name and tag,
/// else from the package manager its `RUN`s use.
pub fn family(file: &Dockerfile, sem: &Semantics) -> Family {
    if let Some(root) = final_root(sem) {
        match &root.base {
            Base::Scratch => return Family::Bare,
            Base::Image(image) => {
                if let Some(f) = family_of_image(image) {
                    return f;
                }
            }
            _ => {}
        }
    }
    for i in final_instructions(sem) {
        let Some(run) = file.instructions.get(i).and_then(Run::of) else {
            continue;
        };
        for cmd in &run.commands {
            match cmd.program() {
                Some("apk") => return Family::Alpine,
                Some("apt-get" | "apt") => return Family::Debian,
                Some("yum" | "dnf" | "microdnf") => return Family::Rhel,
                _ => {}
            }
        }
    }
    Family::Unknown
}

fn family_of_image(image: &ImageRef) -> Option<Family> {
    let name = image.name.to_ascii_lowercase();
    let tag = image.tag.as_deref().unwrap_or("").to_ascii_lowercase();
    if name.contains("distroless") {
        return Some(Family::Bare);
    }
    if name.rsplit('/').next() == Some("alpine") || tag.contains("alpine") {
        return Some(Family::Alpine);
    }
    let official = official_name(image)?;
    if DEBIAN_BASED.contains(&official) {
        return Some(Family::Debian);
    }
    RHEL_BASED.contains(&official).then_some(Family::Rhel)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    fn sem(text: &str) -> Semantics {
        Semantics::new(&crate::syntax::parse(text), &Config::default())
    }

    #[test]
    fn follows_from_stage_chains() {
        let s = sem("FROM python:3.12 AS base\nRUN a\nFROM golang:1.22 AS build\nFROM base AS app\nRUN b\nFROM app\nCOPY --from=build /x /x\n");
        let names: Vec<usize> = final_lineage(&s).iter().map(|s| s.index).collect();
        assert_eq!(names, vec![3, 2, 0]);
        assert_eq!(final_instructions(&s), vec![0, 1, 3, 4, 5, 6]);
        let (root, image) = root_image(&s, 3).unwrap();
        assert_eq!((root.index, image.name.as_str()), (0, "python"));
        assert!(final_lineage(&sem("# nothing\n")).is_empty());
        assert!(root_image(&sem("FROM scratch\n"), 0).is_none());
    }

    #[test]
    fn families() {
        let fam = |t: &str| family(&crate::syntax::parse(t), &sem(t));
        assert_eq!(fam("FROM python:3.12-slim\n"), Family::Debian);
        assert_eq!(fam("FROM python:3.12-alpine\n"), Family::Alpine);
        assert_eq!(fam("FROM alpine:3.20\n"), Family::Alpine);
        assert_eq!(fam("FROM centos:7\n"), Family::Rhel);
        assert_eq!(fam("FROM scratch\n"), Family::Bare);
        assert_eq!(fam("FROM gcr.io/distroless/static\n"), Family::Bare);
        assert_eq!(fam("FROM myorg/base\nRUN apk add x\n"), Family::Alpine);
        assert_eq!(fam("FROM myorg/base\nRUN yum install -y x\n"), Family::Rhel);
        assert_eq!(fam("FROM myorg/base\n"), Family::Unknown);
    }

    #[test]
    fn start_programs_look_through_shells_and_wrappers() {
        let programs = |t: &str| start_programs(&crate::syntax::parse(t), &sem(t));
        assert_eq!(
            programs("FROM python:3\nCMD [\"python\", \"app.py\"]\n"),
            ["python"]
        );
        assert_eq!(
            programs("FROM python:3\nENTRYPOINT [\"/entrypoint.sh\"]\nCMD gunicorn app:app\n"),
            ["entrypoint.sh", "gunicorn"]
        );
        assert_eq!(
            programs("FROM python:3\nCMD [\"sh\", \"-c\", \"exec uvicorn main:app\"]\n"),
            ["uvicorn"]
        );
        assert_eq!(
            programs("FROM python:3\nENTRYPOINT [\"tini\", \"--\", \"/usr/bin/python3\"]\n"),
            ["python3"]
        );
        assert!(programs("FROM python:3\n").is_empty());
    }

    #[test]
    fn development_images() {
        assert!(is_dev_image(&sem(
            "FROM golang:1.22 AS base\nFROM base AS dev\n"
        )));
        assert!(is_dev_image(&sem("FROM runc_test\n")));
        assert!(is_dev_image(&sem("FROM node:20 AS ci-runner\n")));
        assert!(!is_dev_image(&sem("FROM node:20 AS devices\n")));
        assert!(!is_dev_image(&sem(
            "FROM golang:1.22 AS test\nFROM alpine:3.20\n"
        )));
        assert!(!is_dev_image(&sem("FROM python:3.12-slim\n")));
    }

    #[test]
    fn official_names() {
        let name = |t: &str| {
            let r = ImageRef::parse(t).unwrap();
            official_name(&r).map(str::to_string)
        };
        assert_eq!(name("python:3.12").as_deref(), Some("python"));
        assert_eq!(name("library/python").as_deref(), Some("python"));
        assert_eq!(name("docker.io/library/node:20").as_deref(), Some("node"));
        assert_eq!(name("index.docker.io/ruby").as_deref(), Some("ruby"));
        assert_eq!(name("bitnami/python:3.12"), None);
        assert_eq!(name("ghcr.io/python"), None);
        assert_eq!(name("localhost:5000/python"), None);
        assert_eq!(name("BASEIMAGE"), None);
        assert_eq!(name("myapp:1"), None);
    }
}
