use rpds::RedBlackTreeSet;

use crate::rules::buildkit::{
    fold_stages, suggest_within, var_refs, var_refs_ignoring_quotes, HINT_BUDGET,
};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::semantics::{Base, ImageRef, Stage, VarKind};
use crate::syntax::{Body, Instruction, Keyword};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "UndefinedVar",
    name: "undefined-var",
    severity: Severity::Warning,
    source: Source::Buildkit,
    fix: FixAvailability::Never,
    summary: "Variables should be defined before their use",
    docs: r#"
## What it does
Reports a variable used before anything defines it, in the instructions
BuildKit expands itself: `ENV`, `LABEL`, `ARG` defaults, `COPY`/`ADD`
(sources, destination, `--chown`, `--chmod`, `--checksum`, expanded
heredocs), `WORKDIR`, `USER`, `VOLUME`, `STOPSIGNAL` and `RUN --mount`
options. Shell-form `RUN`, `CMD` and `ENTRYPOINT` are left alone: the
shell expands those. A name close to a defined one is suggested (`$PAHT`
→ `did you mean $PATH?`). A variable is defined by an `ARG` (with or
without a value) or `ENV` earlier in the stage or in the stage it is
built `FROM`, or by the base image.

BuildKit reads the base image's environment from its registry; Drydock
works offline, so it reports only where the base image's environment is
known: `scratch` (only `PATH`), a stage of the file, and the official
`alpine`, `busybox`, `debian`, `ubuntu` and `centos` images, which set
only `PATH`. Over any other base image a name it may define is not
reported.

## Why is this bad?
An undefined variable expands to nothing, silently: `COPY $foo .` copies
the whole context, `ENV PATH=$PAHT:/app/bin` loses the system `PATH`.
What the variable should be is the author's choice, so no edit is
offered.

## Example
```dockerfile
FROM alpine:3.20
ENV PATH=$PAHT:/app/bin
```

## Use instead
```dockerfile
FROM alpine:3.20
ENV PATH=$PATH:/app/bin
```
"#,
    check,
};

/// Official images whose own Dockerfiles set no environment: BuildKit
/// gives them only a default `PATH`.
const PATH_ONLY_IMAGES: &[&str] = &["alpine", "busybox", "centos", "debian", "ubuntu"];

/// Arguments BuildKit never puts in the environment and never reports.
const NON_ENV: &[&str] = &["BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"];

/// What is defined at a point of a stage.
#[derive(Clone, Debug, Default)]
struct Defined {
    /// False when the base image's environment is unknown.
    known: bool,
    /// Names in the environment (base image, `ENV`, `ARG` with a value).
    /// (Persistent sets: the stages built on a stage share its sets
    /// instead of copying them.)
    env: RedBlackTreeSet<String>,
    /// Every `ARG` name declared (BuildKit does not report those).
    args: RedBlackTreeSet<String>,
}

impl Defined {
    fn with_path() -> Defined {
        Defined {
            known: true,
            env: RedBlackTreeSet::new().insert("PATH".to_string()),
            args: RedBlackTreeSet::new(),
        }
    }

    fn defines(&self, name: &str) -> bool {
        self.env.contains(name) || self.args.contains(name) || NON_ENV.contains(&name)
    }
}

/// The environment of an external base image, when known.
fn image_env(image: &ImageRef) -> Option<Defined> {
    let hub = matches!(
        image.registry.as_deref(),
        None | Some("docker.io" | "index.docker.io" | "registry-1.docker.io")
    );
    let name = image.name.strip_prefix("library/").unwrap_or(&image.name);
    (hub && PATH_ONLY_IMAGES.contains(&name)).then(Defined::with_path)
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    let fresh = |stage: &Stage| match &stage.base {
        Base::Scratch => Defined::with_path(),
        Base::Image(image) => image_env(image).unwrap_or_default(),
        Base::Stage(_) | Base::Unresolved => Defined::default(),
    };
    let mut budget = HINT_BUDGET;
    fold_stages(cx.semantics(), fresh, |stage, defined| {
        for i in stage.instructions().skip(1) {
            let inst = &file.instructions[i];
            if defined.known {
                let mut reported: Vec<String> = Vec::new();
                for name in used(cx, inst) {
                    if defined.defines(&name) || reported.contains(&name) {
                        continue;
                    }
                    let mut message = format!("Usage of undefined variable '${name}'");
                    let options = defined.env.iter().map(String::as_str);
                    if let Some(close) = suggest_within(&name, options, &mut budget) {
                        message.push_str(&format!(" (did you mean ${close}?)"));
                    }
                    cx.report(inst.span, message);
                    reported.push(name);
                }
            }
            define(cx, inst, defined);
        }
    });
}

/// What `inst` defines, for the instructions after it.
fn define(cx: &Checker, inst: &Instruction, defined: &mut Defined) {
    match &inst.body {
        Body::Arg(pairs) => {
            for kv in pairs {
                let name = &kv.key.text;
                let has_value = kv.value.is_some()
                    || cx.config.build_args.contains_key(name)
                    || cx
                        .semantics()
                        .global_args
                        .get(name.as_str())
                        .is_some_and(|g| g.kind == VarKind::Predefined || g.value.is_some());
                if has_value {
                    defined.env.insert_mut(name.clone());
                }
                defined.args.insert_mut(name.clone());
            }
        }
        Body::Env(pairs) => {
            for kv in pairs {
                defined.env.insert_mut(kv.key.text.clone());
            }
        }
        _ => {}
    }
}

/// The variables instruction `inst` makes BuildKit expand, in order.
fn used(cx: &Checker, inst: &Instruction) -> Vec<String> {
    let esc = cx.file.escape;
    let mut words: Vec<&str> = Vec::new();
    let mut raw: Vec<&str> = Vec::new();
    match &inst.body {
        Body::Env(pairs) | Body::Label(pairs) => {
            for kv in pairs {
                words.push(&kv.key.text);
                words.extend(kv.value.as_ref().map(|v| v.text.as_str()));
            }
        }
        Body::Arg(pairs) => {
            for kv in pairs {
                if !cx.config.build_args.contains_key(&kv.key.text) {
                    words.extend(kv.value.as_ref().map(|v| v.text.as_str()));
                }
            }
        }
        Body::Copy(body) | Body::Add(body) => {
            for flag in ["chown", "chmod", "checksum"] {
                if inst.keyword == Keyword::Copy && flag == "checksum" {
                    continue;
                }
                words.extend(
                    inst.flag(flag)
                        .and_then(|f| f.value.as_ref())
                        .map(|v| v.text.as_str()),
                );
            }
            words.extend(body.sources.iter().map(|w| w.text.as_str()));
            words.extend(body.dest.iter().map(|w| w.text.as_str()));
            raw.extend(
                inst.heredocs
                    .iter()
                    .filter(|h| !h.quoted)
                    .map(|h| h.body.as_str()),
            );
        }
        Body::Run(_) => {
            for flag in inst
                .flags
                .iter()
                .filter(|f| f.name.eq_ignore_ascii_case("mount"))
            {
                if let Some(value) = &flag.value {
                    words.extend(
                        value
                            .text
                            .split(',')
                            .filter_map(|f| f.split_once('=').map(|kv| kv.1)),
                    );
                }
            }
        }
        Body::Workdir(w) | Body::User(w) | Body::Stopsignal(w) => words.push(&w.text),
        Body::Volume { paths, .. } => words.extend(paths.iter().map(|w| w.text.as_str())),
        _ => {}
    }
    let mut out: Vec<String> = Vec::new();
    let names = words
        .iter()
        .flat_map(|w| var_refs(w, esc))
        .chain(raw.iter().flat_map(|b| var_refs_ignoring_quotes(b, '\\')));
    for name in names {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::messages;

    #[test]
    fn buildkit_cases() {
        assert!(messages(&RULE, "FROM scratch\nARG foo\nCOPY Dockerfile${foo} .\n").is_empty());
        assert!(messages(
            &RULE,
            "FROM alpine AS base\nARG foo=Dockerfile\nFROM base\nCOPY $foo .\n"
        )
        .is_empty());
        assert!(messages(&RULE, "FROM alpine\nRUN echo $PATH $NOPE\n").is_empty());
        assert_eq!(
            messages(
                &RULE,
                "FROM alpine\nCOPY $foo .\nARG foo=bar\nRUN echo $foo\n"
            ),
            ["Usage of undefined variable '$foo'"]
        );
        assert_eq!(
            messages(&RULE, "FROM alpine\nARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\nARG DIR_CONFIG=config/\nCOPY $DIR_ASSET .\n"),
            ["Usage of undefined variable '$DIR_ASSET' (did you mean $DIR_ASSETS?)"]
        );
        assert_eq!(
            messages(&RULE, "FROM alpine\nENV PATH=$PAHT:/tmp/bin\n"),
            ["Usage of undefined variable '$PAHT' (did you mean $PATH?)"]
        );
        assert_eq!(
            messages(
                &RULE,
                "FROM scratch AS first\nCOPY $foo .\nFROM scratch AS second\nCOPY $bar .\n"
            )
            .len(),
            2
        );
    }

    #[test]
    fn where_variables_come_from() {
        for fine in [
            // Global ARG redeclared in the stage; ENV; one ENV's values
            // see earlier instructions only.
            "ARG V=1\nFROM alpine\nARG V\nCOPY $V /\n",
            "FROM alpine\nENV A=1\nENV B=$A\nLABEL x=$B\n",
            // Unknown base image: it may define anything.
            "FROM python:3.12\nARG VERSION=$PYTHON_VERSION\n",
            "FROM myorg/app\nCOPY $ANYTHING /\n",
            // Single quotes, escapes, quoted heredocs.
            "FROM alpine\nENV A='$X' B=\\$Y\n",
            "FROM alpine\nCOPY <<'EOF' /x\n$NOPE\nEOF\n",
            "FROM alpine\nCMD echo $NOPE\n",
        ] {
            assert!(messages(&RULE, fine).is_empty(), "{fine}");
        }
        for (bad, name) in [
            ("ARG V=1\nFROM alpine\nCOPY $V /\n", "V"),
            ("FROM alpine\nENV A=1 B=$A\n", "A"),
            ("FROM debian:12\nWORKDIR $HOME/app\n", "HOME"),
            ("FROM ubuntu\nUSER ${APP_USER}\n", "APP_USER"),
            ("FROM alpine\nCOPY --chown=$U:$U a /b\n", "U"),
            (
                "FROM alpine\nRUN --mount=type=cache,target=$CACHE x\n",
                "CACHE",
            ),
            ("FROM alpine\nCOPY <<EOF /x\n'$NOPE'\nEOF\n", "NOPE"),
        ] {
            let found = messages(&RULE, bad);
            assert_eq!(found.len(), 1, "{bad}: {found:?}");
            assert!(found[0].contains(&format!("'${name}'")), "{bad}: {found:?}");
        }
    }
}
