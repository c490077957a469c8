use crate::diagnostic::{Edit, Fix};
use crate::knowledge;
use crate::rules::drydock::images::{self, SlimImage};
use crate::rules::drydock::lineage::{final_instructions, official_name, root_image};
use crate::rules::drydock::text::{reference_edit, single_variable};
use crate::rules::pkg::{run_at, CommandExt, Run};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::semantics::{ImageRef, Stage};
use crate::syntax::{Body, Word};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DD001",
    name: "slim-base-image",
    severity: Severity::Warning,
    source: Source::Drydock,
    fix: FixAvailability::Sometimes,
    summary: "The final image is based on a full-size language image that has a `-slim` variant",
    docs: r#"
## What it does
Reports a final image built on the full-size variant of an official
language image (`python`, `node`, `ruby`, `perl`, `rust`, `openjdk`) when
the same version exists as `-slim`, with an estimate of the size it
would save.

## Why is this bad?
The default tags are built on `buildpack-deps`: a full Debian with
compilers, headers, version-control tools and hundreds of libraries your
application never calls. They weigh five to eight times the slim
variant, which keeps the same language runtime on a minimal Debian. Every pull,
push and cold start pays for the difference, and every extra package is
one more thing for a vulnerability scanner to flag.

Estimated sizes (uncompressed, linux/amd64; they change with every
release, so treat them as orders of magnitude):

- python: ~1.2 GB full, ~145 MB `-slim`, ~55 MB `-alpine` (python:3.11,
  in the article "Optimise Docker images for production");
- node: ~1.13 GB, ~227 MB, ~168 MB (node:22, as docker-library/repo-info
  records them);
- ruby: ~996 MB, ~150 MB, ~70 MB (ruby:3.3, docker-library/repo-info).

`-alpine` is smaller still, but it is built on musl libc, not glibc:
prebuilt wheels and native modules made for glibc do not load, packages
with C extensions (numpy, psycopg2, grpcio …) may have to be compiled
(with `gcc`, `musl-dev` and the library headers installed), and musl
behaves differently (DNS resolution, locales). Prefer `-slim` unless you
know your dependencies work on musl.

What Drydock checks, and what it leaves alone:
- Only the image the **final** stage ends up based on (through any
  `FROM <stage>` chain) is reported. A full image is a fine place to
  *build* in: a builder stage whose results are copied out with
  `COPY --from` is thrown away, so its size does not matter.
- `FROM ${BASE}` is read through the `ARG`s: the fix then edits the
  `ARG` default when the image comes from one, or appends `-slim` after a
  variable tag (`python:${PY}` → `python:${PY}-slim`).
- A digest (`@sha256:…`) decides which image is pulled whatever the tag
  says: changing the tag would change nothing, so the finding explains
  instead of editing. A digest without a tag is not reported (the variant
  is unknown).
- `--platform` does not matter: the slim variants are published for the
  same platforms.

## Fix
*Suggested*: switches the tag to the slim variant (`python:3.13.1` →
`python:3.13.1-slim`).

- **What changes in the image:** the base: the same language runtime on a
  minimal Debian, without the compilers, headers, version-control tools
  and libraries of the full image.
- **What must hold:** the tag exists; no step of the final image uses
  what only the full image has: a program (`gcc`, `make`, `git`, `curl`,
  `wget` …) or a compiler it runs without naming it (a dependency
  install that builds native code).
- **What the fix checks:** the slim tag is in the Docker Official Images'
  tag history (bundled, `knowledge::images`; `perl:5.20-slim` never
  existed: then only the explanation); the final image's `RUN`s call no
  full-image-only program without installing it (then only the
  explanation); and no dependency install compiles, unless the file
  installs a toolchain itself: `bundle install` and `gem install` build
  native gems, `pip install` of a package without wheels (`mysqlclient`,
  `psycopg2`, `uwsgi` …) or on a Python before 3.7, `npm`/`yarn` on a
  Node before 12. Then the edit is offered unticked, as a risk, with the
  articles' answer: build in a stage on the full image and copy the
  result into the slim one. A `pip install -r requirements.txt` on a
  current Python is taken to install wheels: a package that must be
  compiled fails the build loudly, at build time.

## Example
```dockerfile
FROM python:3.13.1
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
CMD ["python", "./main.py"]
```

## Use instead
```dockerfile
FROM python:3.13.1-slim
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
CMD ["python", "./main.py"]
```

```dockerfile
# A full image to build in, a slim one to run.
FROM python:3.13.1 AS builder
RUN pip wheel --wheel-dir /wheels psycopg2
FROM python:3.13.1-slim
COPY --from=builder /wheels /wheels
RUN pip install --no-cache-dir /wheels/*
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let sem = cx.semantics();
    let Some(last) = sem.final_stage() else {
        return;
    };
    let Some((root, image)) = root_image(sem, last.index) else {
        return;
    };
    let Some(name) = official_name(image) else {
        return;
    };
    let Some(slim) = images::slim_image(name) else {
        return;
    };
    // A digest alone pins an image of unknown variant.
    if image.digest.is_some() && image.tag.is_none() {
        return;
    }
    let Some(slim_tag) = images::slim_tag(slim, image.tag.as_deref()) else {
        return;
    };
    // Whether that tag was ever published, from the official images'
    // tag history (`perl:5.20-slim` never was).
    let published = if knowledge::images::covered(name) {
        Some(knowledge::images::tag_exists(name, &slim_tag) == Some(true))
    } else {
        None
    };
    let Body::From(from) = &cx.file.instructions[root.from].body else {
        return;
    };
    let written = root.image.value.as_str();
    let slim_ref = with_tag(written, image, &slim_tag);
    let shown = format!("{name}:{}", image.tag.as_deref().unwrap_or("latest"));
    let wanted = format!("{name}:{slim_tag}");
    let message = format!(
        "`{shown}` is the full-size image; `{wanted}` has the same runtime on a minimal Debian{}",
        size_note(slim)
    );
    if !cx.wants_fixes() {
        cx.report(from.image.span, message);
        return;
    }
    let missing = tools_missing_from_slim(cx);
    let builds = builds_from_source(cx, name, image.tag.as_deref());
    let fix = if published == Some(false) {
        Fix::manual(format!(
            "`{wanted}` was never published: a newer version of `{name}` has a slim variant, or keep this one"
        ))
    } else if !missing.is_empty() {
        Fix::manual(format!(
            "Use `{wanted}` and install what the build uses from the full image ({}), or keep the full image for a builder stage and copy the result into `{wanted}`",
            missing.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
        ))
    } else if image.digest.is_some() {
        Fix::manual(format!(
            "The digest decides which image is pulled, so changing the tag alone changes nothing: pin the digest of `{wanted}` instead"
        ))
    } else {
        match (slim_edit(cx, root, &from.image, &slim_ref), builds) {
            (Some(edit), None) => Fix::suggested(format!("Use `{wanted}`"), vec![edit]),
            (Some(edit), Some(why)) => Fix::risky(
                format!(
                    "Use `{wanted}`; better, build in a stage on `{shown}` and copy the result \
                     into `{wanted}` ({})",
                    multi_stage_sketch(name)
                ),
                vec![edit],
                format!("{why}: `{wanted}` has no compiler or headers, so that step may fail"),
            ),
            (None, _) => Fix::manual(format!(
                "Use `{wanted}` (the image is built from variables Drydock cannot edit safely)"
            )),
        }
    };
    cx.report_fix(from.image.span, message, fix);
}

/// Programs the full images have and the slim ones lack, and the packages
/// that install them.
const FULL_ONLY: &[(&str, &[&str])] = &[
    ("autoconf", &["autoconf"]),
    ("c++", &["g++", "build-essential"]),
    ("cc", &["gcc", "build-essential"]),
    ("curl", &["curl"]),
    ("g++", &["g++", "build-essential"]),
    ("gcc", &["gcc", "build-essential"]),
    ("git", &["git"]),
    ("hg", &["mercurial"]),
    ("make", &["make", "build-essential"]),
    ("pkg-config", &["pkg-config"]),
    ("scp", &["openssh-client"]),
    ("ssh", &["openssh-client"]),
    ("svn", &["subversion"]),
    ("wget", &["wget"]),
];

/// The full-image-only programs the final image's `RUN`s call without
/// installing them: switching to slim would break those steps.
fn tools_missing_from_slim(cx: &Checker) -> Vec<&'static str> {
    let runs: Vec<&Run> = final_instructions(cx.semantics())
        .into_iter()
        .filter_map(|i| run_at(cx, i))
        .collect();
    let commands = || runs.iter().flat_map(|r| r.commands.iter());
    let installed = |packages: &[&str]| {
        commands().any(|c| {
            c.effective().is_some_and(|(p, args)| {
                matches!(p, "apt-get" | "apt" | "apk" | "yum" | "dnf")
                    && args.iter().any(|w| packages.contains(&w.value.as_str()))
            })
        })
    };
    let mut out = Vec::new();
    for (tool, packages) in FULL_ONLY {
        if commands().any(|c| c.effective().is_some_and(|(p, _)| p == *tool))
            && !installed(packages)
        {
            out.push(*tool);
        }
    }
    out
}

/// Python packages that have no wheels for Linux and build from source
/// (they need a compiler and their library's headers).
const SOURCE_ONLY_PYTHON: &[&str] = &[
    "mysqlclient",
    "mysql-python",
    "psycopg2",
    "uwsgi",
    "pycrypto",
    "python-ldap",
    "mod-wsgi",
    "m2crypto",
    "pylibmc",
    "python-memcached-c",
    "gevent-websocket-c",
];

/// Why the final image's dependency installs may compile, which the slim
/// image cannot do (no compiler, no headers), unless the file installs a
/// toolchain itself: `bundle install` and `gem install` build native
/// extensions; `pip install` of a package without wheels, or on a Python
/// too old for most wheels (before 3.7); `npm`/`yarn` installs on a Node
/// too old for most prebuilt binaries (before 12).
fn builds_from_source(cx: &Checker, image: &str, tag: Option<&str>) -> Option<String> {
    let runs: Vec<&Run> = final_instructions(cx.semantics())
        .into_iter()
        .filter_map(|i| run_at(cx, i))
        .collect();
    let commands = || runs.iter().flat_map(|r| r.commands.iter());
    let toolchain = commands().any(|c| {
        matches!(c.program(), Some("apt-get" | "apt" | "apk" | "yum" | "dnf"))
            && c.args().iter().any(|w| {
                matches!(
                    w.value.as_str(),
                    "build-essential" | "gcc" | "g++" | "build-base"
                )
            })
    });
    if toolchain {
        return None;
    }
    let version = tag.and_then(|t| {
        let v: String = t
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let mut parts = v.split('.').map(|p| p.parse::<u32>().ok());
        let major = parts.next().flatten()?;
        Some((major, parts.next().flatten().unwrap_or(0)))
    });
    for c in commands() {
        let Some((program, words)) = c.effective() else {
            continue;
        };
        let args: Vec<&str> = words.iter().map(|w| w.value.as_str()).collect();
        let first = args.first().copied();
        match Some(program) {
            Some("bundle" | "bundler") if matches!(first, None | Some("install")) => {
                return Some("`bundle install` builds the native extensions of gems".into());
            }
            Some("gem") if first == Some("install") => {
                return Some("`gem install` builds the native extensions of gems".into());
            }
            Some(p) if image == "python" && (p.starts_with("pip") || p.starts_with("python")) => {
                if !args.contains(&"install") {
                    continue;
                }
                let named = args
                    .iter()
                    .map(|a| {
                        a.split(['=', '<', '>', '[', '~', '!'])
                            .next()
                            .unwrap_or("")
                            .to_ascii_lowercase()
                            .replace('_', "-")
                    })
                    .find(|a| SOURCE_ONLY_PYTHON.contains(&a.as_str()));
                if let Some(n) = named {
                    return Some(format!("`{n}` is built from source by `pip install`"));
                }
                if version.is_some_and(|v| v < (3, 7)) {
                    return Some(format!(
                        "`pip install` on Python {} builds many packages from source (few wheels)",
                        tag.unwrap_or("")
                    ));
                }
            }
            Some("npm" | "yarn") if image == "node" => {
                let installs = matches!(first, None | Some("install" | "i" | "ci"));
                if installs && version.is_some_and(|v| v.0 < 12) {
                    return Some(format!(
                        "`{}` on Node {} builds native modules with node-gyp (make, g++, python)",
                        program,
                        tag.unwrap_or("")
                    ));
                }
            }
            _ => {}
        }
    }
    None
}

/// How to build in the full image and run in the slim one, per image.
fn multi_stage_sketch(image: &str) -> &'static str {
    match image {
        "python" => "install into a virtual environment there, `COPY --from=build /venv /venv` and put `/venv/bin` first on `PATH`",
        "ruby" => "`bundle install` there with `BUNDLE_PATH=/bundle`, then `COPY --from=build /bundle /bundle`",
        "node" => "`npm ci` there, then `COPY --from=build /app/node_modules ./node_modules`",
        _ => "compile there and copy the result",
    }
}

/// `written` (a resolved `FROM` reference without digest) with its tag
/// replaced by `tag`.
fn with_tag(written: &str, image: &ImageRef, tag: &str) -> String {
    let without_digest = written.split('@').next().unwrap_or(written);
    match image.tag.as_deref() {
        Some(old) => {
            let head = without_digest
                .strip_suffix(old)
                .and_then(|h| h.strip_suffix(':'))
                .unwrap_or(without_digest);
            format!("{head}:{tag}")
        }
        None => format!("{without_digest}:{tag}"),
    }
}

/// " (estimated … ; source)" for the message, when the table has sizes.
fn size_note(image: &SlimImage) -> String {
    let Some(s) = image.sizes else {
        return String::new();
    };
    let alpine = if image.alpine {
        format!(
            "; `-alpine` ~{} but uses musl libc, so C extensions may need compiling",
            mb(s.alpine)
        )
    } else {
        String::new()
    };
    format!(
        " (estimates: ~{} full, ~{} slim{alpine}; figures for {})",
        mb(s.full),
        mb(s.slim),
        s.source
    )
}

/// `1200` → `1.2 GB`, `145` → `145 MB`.
fn mb(size: u32) -> String {
    if size >= 1000 {
        let tenths = (size + 50) / 100;
        format!("{}.{} GB", tenths / 10, tenths % 10)
    } else {
        format!("{size} MB")
    }
}

/// The edit that makes the stage's base `slim_ref`, where the text allows
/// one: see [`reference_edit`]; besides, `-slim` appended after a
/// variable tag (`python:${PY}` → `python:${PY}-slim`).
fn slim_edit(cx: &Checker, root: &Stage, word: &Word, slim_ref: &str) -> Option<Edit> {
    let value = root.image.value.as_str();
    if let Some(edit) = reference_edit(cx, word, value, slim_ref) {
        return Some(edit);
    }
    let suffix = slim_ref.strip_prefix(value)?;
    let literal = cx.source().get(word.span.start..word.span.end) == Some(word.text.as_str());
    (literal && single_variable(&word.text).is_none()).then(|| Edit::insert(word.span.end, suffix))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, fixed_until_clean, lines};

    #[test]
    fn reports_the_final_base_only() {
        assert_eq!(lines(&RULE, "FROM python:3.13.1\nRUN x\n"), vec![1]);
        // Builder stages may be full-size.
        assert!(lines(
            &RULE,
            "FROM python:3.12 AS build\nRUN pip wheel x\nFROM python:3.12-slim\nCOPY --from=build /w /w\n"
        )
        .is_empty());
        // Through a FROM <stage> chain.
        assert_eq!(
            lines(
                &RULE,
                "FROM node:20 AS base\nFROM base AS app\nRUN npm ci\nFROM app\n"
            ),
            vec![1]
        );
        for good in [
            "FROM python:3.12-slim\n",
            "FROM python:3.12-alpine\n",
            "FROM python:3.12-windowsservercore\n",
            "FROM golang:1.22\n",
            "FROM bitnami/python:3.12\n",
            "FROM ghcr.io/python:3.12\n",
            "FROM python@sha256:0123\n",
            "FROM scratch\n",
            "ARG B\nFROM ${B}\n",
            "FROM node:lts-alpine\n",
        ] {
            assert!(lines(&RULE, good).is_empty(), "{good}");
        }
    }

    #[test]
    fn message_gives_estimates_with_their_source() {
        let d = findings(&RULE, "FROM python:3.13.1\n");
        let m = &d[0].message;
        assert!(m.contains("`python:3.13.1-slim`"), "{m}");
        assert!(m.contains("~1.2 GB full, ~145 MB slim"), "{m}");
        assert!(m.contains("estimates"), "{m}");
        assert!(
            m.contains("\"Optimise Docker images for production\""),
            "{m}"
        );
        assert!(m.contains("musl"), "{m}");
        let d = findings(&RULE, "FROM perl:5.38\n");
        assert!(!d[0].message.contains("estimates"), "{}", d[0].message);
    }

    #[test]
    fn fixes_keep_everything_else() {
        let cases = [
            (
                "# app\nFROM python:3.13.1\nCMD [\"python\"]\n",
                "# app\nFROM python:3.13.1-slim\nCMD [\"python\"]\n",
            ),
            (
                "FROM --platform=linux/arm64 docker.io/library/python:3.11-bookworm AS app\n",
                "FROM --platform=linux/arm64 docker.io/library/python:3.11-slim-bookworm AS app\n",
            ),
            ("FROM node:20-bookworm\n", "FROM node:20-bookworm-slim\n"),
            ("FROM python\r\nRUN x\r\n", "FROM python:slim\r\nRUN x\r\n"),
            ("FROM ruby:latest", "FROM ruby:slim"),
            ("FROM openjdk:8-jdk\n", "FROM openjdk:8-jdk-slim\n"),
            (
                "ARG BASE=python:3.12\nFROM ${BASE}\n",
                "ARG BASE=python:3.12-slim\nFROM ${BASE}\n",
            ),
            (
                "ARG PY=3.12\nFROM python:${PY}\n",
                "ARG PY=3.12\nFROM python:${PY}-slim\n",
            ),
            (
                "FROM node:20 AS base\nFROM base\n",
                "FROM node:20-slim AS base\nFROM base\n",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(fixed_until_clean(&RULE, text), want, "{text}");
        }
    }

    #[test]
    fn a_tag_never_published_gets_no_edit() {
        let d = findings(&RULE, "FROM perl:5.20\nCMD [\"perl\", \"app.pl\"]\n");
        let fix = d[0].fix.as_ref().unwrap();
        assert!(fix.edits.is_empty());
        assert!(fix.message.contains("never published"), "{}", fix.message);
        // python:2.7-slim was.
        let d = findings(&RULE, "FROM python:2.7\nCMD [\"python\", \"app.py\"]\n");
        assert!(!d[0].fix.as_ref().unwrap().edits.is_empty());
    }

    #[test]
    fn builds_that_compile_make_the_switch_a_risk() {
        use crate::diagnostic::Applicability;
        for text in [
            "FROM ruby:2.5\nWORKDIR /app\nCOPY Gemfile* ./\nRUN bundle install\nCMD [\"rails\", \"s\"]\n",
            "FROM python:2.7\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n",
            "FROM python:3.12\nRUN pip install --no-cache-dir uwsgi==2.0.26 flask==3.0.3\n",
            "FROM node:8\nCOPY package.json .\nRUN npm install\n",
        ] {
            let d = findings(&RULE, text);
            let fix = d[0].fix.as_ref().unwrap();
            assert_eq!(fix.applicability, Applicability::Manual, "{text}");
            assert!(!fix.edits.is_empty(), "{text}");
            assert!(fix.risk.as_deref().unwrap_or("").contains("no compiler"), "{text}");
            assert!(fix.message.contains("build in a stage"), "{text}");
        }
        // A current Python installing from requirements, or a file that
        // installs a toolchain itself: the suggestion stands.
        for text in [
            "FROM python:3.13.1\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n",
            "FROM ruby:3.3\nRUN apt-get update && apt-get install -y build-essential && bundle install\n",
        ] {
            let d = findings(&RULE, text);
            let fix = d[0].fix.as_ref().unwrap();
            assert_eq!(fix.applicability, Applicability::Suggested, "{text}");
        }
    }

    #[test]
    fn explains_what_it_cannot_edit() {
        use crate::diagnostic::Applicability;
        for text in [
            "FROM python:3.12@sha256:abcd\n",
            "ARG PY=3.12-bookworm\nFROM python:${PY}\n",
            "FROM rust:1.30.0-stretch\nRUN git clone x && make\n",
        ] {
            let d = findings(&RULE, text);
            let fix = d[0].fix.as_ref().unwrap();
            assert_eq!(fix.applicability, Applicability::Manual, "{text}");
            assert!(fix.edits.is_empty());
            assert!(fix.message.contains("slim"), "{}", fix.message);
        }
        let d = findings(&RULE, "FROM node:20\nRUN git clone x && curl -O y\n");
        let m = &d[0].fix.as_ref().unwrap().message;
        assert!(m.contains("`curl`, `git`"), "{m}");
        // Installed by the file itself: slim works.
        let d = findings(
            &RULE,
            "FROM python:3.12\nRUN apt-get update && apt-get install -y git build-essential && git clone x && make\n",
        );
        assert!(!d[0].fix.as_ref().unwrap().edits.is_empty());
        // A build argument overriding the ARG default: no edit of the ARG.
        let config = crate::Config {
            build_args: [("BASE".to_string(), "python:3.11".to_string())].into(),
            ..crate::Config::default()
        };
        let d =
            crate::testing::findings_with(&RULE, "ARG BASE=python:3.12\nFROM ${BASE}\n", &config);
        assert!(d[0].fix.as_ref().unwrap().edits.is_empty());
    }
}
