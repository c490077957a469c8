//! Semantics over parsed files.

use super::*;
use crate::syntax::parse;

fn sem(text: &str) -> (Dockerfile, Semantics) {
    sem_with(text, &Config::default())
}

fn sem_with(text: &str, config: &Config) -> (Dockerfile, Semantics) {
    let file = parse(text);
    let s = Semantics::new(&file, config);
    (file, s)
}

/// Index of the first instruction whose source starts with `prefix`.
fn inst(file: &Dockerfile, prefix: &str) -> usize {
    file.instructions
        .iter()
        .position(|i| file.source[i.span.start..].starts_with(prefix))
        .unwrap_or_else(|| panic!("no instruction starting with {prefix:?}"))
}

#[test]
fn stages_aliases_and_final() {
    let (file, s) = sem(
        "FROM golang:1.22 AS Build\nRUN go build\nFROM build AS test\nRUN go test\nFROM alpine:3.20\nCOPY --from=BUILD /app /app\n",
    );
    assert_eq!(s.stages.len(), 3);
    let [b, t, f] = [&s.stages[0], &s.stages[1], &s.stages[2]];
    assert_eq!(b.alias.as_deref(), Some("Build"));
    assert_eq!(b.instructions(), 0..2);
    assert_eq!(t.instructions(), 2..4);
    assert_eq!(f.instructions(), 4..6);
    assert_eq!(t.base, Base::Stage(0));
    let img = b.image_ref().unwrap();
    assert_eq!(
        (img.name.as_str(), img.tag.as_deref()),
        ("golang", Some("1.22"))
    );
    assert!(f.is_final && !b.is_final && !t.is_final);
    // The final stage copies from build; nothing needs test.
    assert!(f.needed && b.needed && !t.needed);
    assert_eq!(s.stage_named("build").unwrap().index, 0);
    assert_eq!(s.stage_of(inst(&file, "RUN go test")).unwrap().index, 1);
    let copy = inst(&file, "COPY");
    let e: Vec<&Edge> = s.dependencies(2).collect();
    assert_eq!(e.len(), 1);
    assert_eq!(
        (e[0].instruction, e[0].kind, &e[0].target),
        (copy, EdgeKind::CopyFrom, &Target::Stage(0))
    );
    assert_eq!(s.dependents(0).count(), 2);
}

#[test]
fn from_index_mount_and_external_images() {
    let (file, s) = sem(
        "FROM node:20 AS deps\nFROM python:3.12\nCOPY --from=0 /a /a\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\nRUN --mount=type=bind,from=deps,source=/x,target=/x true\n",
    );
    let edges: Vec<_> = s.dependencies(1).collect();
    assert_eq!(edges.len(), 3);
    assert_eq!(edges[0].target, Target::Stage(0));
    match &edges[1].target {
        Target::Image(r) => assert_eq!(r.value, "nginx:1.27"),
        other => panic!("{other:?}"),
    }
    assert_eq!(edges[2].kind, EdgeKind::MountFrom);
    assert_eq!(edges[2].target, Target::Stage(0));
    assert_eq!(edges[2].instruction, inst(&file, "RUN"));
    assert!(s.stages[0].needed);
}

#[test]
fn global_args_resolve_from() {
    let (_, s) = sem("ARG BASE=python\nARG TAG=3.12-slim\nFROM ${BASE}:${TAG}\n");
    let st = &s.stages[0];
    assert_eq!(st.image.value, "python:3.12-slim");
    assert!(st.image.is_complete());
    assert_eq!(st.image_ref().unwrap().tag.as_deref(), Some("3.12-slim"));
}

#[test]
fn unknown_arg_leaves_base_unresolved() {
    let (_, s) = sem("ARG TAG\nFROM ubuntu:$TAG\n");
    assert_eq!(s.stages[0].base, Base::Unresolved);
    assert_eq!(s.stages[0].image.value, "ubuntu:$TAG");
    assert_eq!(s.stages[0].image.unknown, vec!["TAG"]);
}

#[test]
fn build_args_override_defaults() {
    let mut config = Config::default();
    config.build_args.insert("TAG".into(), "24.04".into());
    config.build_args.insert("MODE".into(), "prod".into());
    let (file, s) = sem_with(
        "ARG TAG=latest\nFROM ubuntu:$TAG\nARG MODE=dev\nARG TAG\nRUN echo\n",
        &config,
    );
    assert_eq!(s.stages[0].image.value, "ubuntu:24.04");
    let run = inst(&file, "RUN");
    assert_eq!(s.resolve(run, "$MODE-$TAG").value, "prod-24.04");
}

#[test]
fn args_after_from_are_not_global() {
    let (_, s) = sem("FROM alpine:3.20\nARG V=1\nFROM busybox:$V\n");
    // V is declared inside the first stage, so the second FROM cannot see it.
    assert_eq!(s.stages[1].image.value, "busybox:");
    assert_eq!(s.stages[1].image.undefined, vec!["V"]);
}

#[test]
fn stage_scope_args_and_env() {
    let (file, s) = sem(
        "ARG VERSION=1.0\nFROM alpine:3.20\nARG VERSION\nARG OTHER\nENV APP=/opt/app DIR=$APP/bin\nENV LIB=$APP/lib\nWORKDIR $LIB\n",
    );
    let w = inst(&file, "WORKDIR");
    let scope = s.scope(w);
    assert_eq!(scope.get("VERSION").unwrap().value.as_deref(), Some("1.0"));
    assert_eq!(scope.get("OTHER").unwrap().value, None);
    // Within one ENV, values see the scope before it: $APP was not set yet.
    assert_eq!(scope.get("DIR").unwrap().value, None);
    assert_eq!(
        scope.get("LIB").unwrap().value.as_deref(),
        Some("/opt/app/lib")
    );
    assert_eq!(scope.get("LIB").unwrap().kind, VarKind::Env);
    assert_eq!(s.resolve(w, "$LIB").value, "/opt/app/lib");
    // A variable the base image may define stays unknown.
    let r = s.resolve(w, "$PATH:/x");
    assert_eq!(r.value, "$PATH:/x");
    assert_eq!(r.unknown, vec!["PATH"]);
    // Instructions before a definition do not see it.
    let env = inst(&file, "ENV LIB");
    assert!(s.scope(env).get("LIB").is_none());
}

#[test]
fn global_arg_is_not_in_stage_without_redeclaration() {
    let (file, s) = sem("ARG VERSION=1.0\nFROM alpine:3.20\nRUN echo $VERSION\n");
    let run = inst(&file, "RUN");
    assert!(s.scope(run).get("VERSION").is_none());
}

#[test]
fn env_wins_over_arg() {
    let (file, s) = sem("FROM alpine:3.20\nENV MODE=env\nARG MODE=arg\nRUN true\n");
    let run = inst(&file, "RUN");
    assert_eq!(s.resolve(run, "$MODE").value, "env");
}

#[test]
fn env_is_inherited_from_parent_stage_not_args() {
    let (file, s) =
        sem("FROM alpine:3.20 AS base\nENV HOME_DIR=/srv\nARG LOCAL=1\nFROM base\nRUN true\n");
    let run = inst(&file, "RUN");
    let scope = s.scope(run);
    assert_eq!(
        scope.get("HOME_DIR").unwrap().value.as_deref(),
        Some("/srv")
    );
    assert!(scope.get("LOCAL").is_none());
}

#[test]
fn copy_from_variable_resolves() {
    let (_, s) = sem(
        "FROM golang:1.22 AS builder\nFROM alpine:3.20\nARG SRC=builder\nCOPY --from=$SRC /a /a\n",
    );
    assert!(s.stages[0].needed);
}

#[test]
fn shells_and_pragmas() {
    let (file, s) = sem(
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS win\n# hadolint shell=powershell\nRUN Get-Process\nFROM ubuntu:24.04\nRUN ls\nSHELL [\"pwsh\", \"-Command\"]\nRUN Get-ChildItem\nSHELL [\"/bin/bash\", \"-c\"]\nRUN ls\n",
    );
    let runs: Vec<usize> = file
        .instructions
        .iter()
        .enumerate()
        .filter(|(_, i)| i.keyword == Keyword::Run)
        .map(|(n, _)| n)
        .collect();
    assert!(!s.shell_is_posix(runs[0]));
    // The pragma declares the base images' shell for the rest of the file.
    assert!(!s.shell_is_posix(runs[1]));
    assert!(!s.shell_is_posix(runs[2]));
    assert_eq!(s.shell(runs[2]).program, vec!["pwsh", "-Command"]);
    assert!(s.shell_is_posix(runs[3]));
}

#[test]
fn shell_instruction_is_per_stage_and_inherited() {
    let (file, s) = sem(
        "FROM ubuntu:24.04 AS a\nSHELL [\"cmd\", \"/S\", \"/C\"]\nRUN dir\nFROM a\nRUN dir\nFROM ubuntu:24.04\nRUN ls\n",
    );
    let runs: Vec<usize> = file
        .instructions
        .iter()
        .enumerate()
        .filter(|(_, i)| i.keyword == Keyword::Run)
        .map(|(n, _)| n)
        .collect();
    assert!(!s.shell_is_posix(runs[0]));
    assert!(!s.shell_is_posix(runs[1]));
    assert!(s.shell_is_posix(runs[2]));
}

#[test]
fn scratch_and_no_stages() {
    let (_, s) = sem("FROM scratch\nCOPY app /\n");
    assert_eq!(s.stages[0].base, Base::Scratch);
    let (file, s) = sem("ARG X=1\n");
    assert!(s.stages.is_empty());
    assert!(s.final_stage().is_none());
    assert!(s.stage_of(0).is_none());
    assert_eq!(file.instructions.len(), 1);
    let (_, s) = sem("");
    assert!(s.stages.is_empty());
}

#[test]
fn escape_directive_is_used() {
    let (file, s) =
        sem("# escape=`\nFROM mcr.microsoft.com/windows:ltsc2019\nARG D=C:\\tools\nWORKDIR $D\n");
    let w = inst(&file, "WORKDIR");
    assert_eq!(s.resolve(w, "$D\\bin").value, "C:\\tools\\bin");
}

#[test]
fn many_stages_stay_linear() {
    // A long chain of FROM <previous> must not recurse or blow up.
    let mut text = String::from("FROM alpine:3.20 AS s0\nENV V0=0\n");
    for i in 1..400 {
        text.push_str(&format!("FROM s{} AS s{i}\nENV V{i}=$V{}\n", i - 1, i - 1));
    }
    let (file, s) = sem(&text);
    assert_eq!(s.stages.len(), 400);
    assert!(s.stages.iter().all(|st| st.needed));
    let last = file.instructions.len() - 1;
    assert_eq!(
        s.scope(last).get("V398").unwrap().value.as_deref(),
        Some("0")
    );
}

/// `resolve` looks names up in the per-stage histories; `scope` replays
/// the stage. Both must see the same variables, everywhere.
#[test]
fn lookups_agree_with_replaying_the_stage() {
    let texts = [
        "ARG G=1\nARG H\nFROM a:$G AS one\nARG G\nENV E=$G X=$H\nARG E=arg\nENV E=$E-2\nRUN x\nFROM one\nENV F=$E\nARG H=h\nRUN y\nFROM b AS two\nARG G\nRUN z\n",
        "FROM a\nENV A=1\nFROM a AS b\nENV A=2 B=$A\nFROM b\nARG A\nARG B=3\nRUN $A $B\n",
        "ARG X\nFROM x\nARG X=$X\nENV Y=${X:-d}\nFROM scratch\nRUN $X\n",
    ];
    let mut config = Config::default();
    config.build_args.insert("H".into(), "built".into());
    for text in texts {
        let (file, s) = sem_with(text, &config);
        let names = ["G", "H", "E", "X", "A", "B", "F", "Y", "NOPE", "PATH"];
        for i in 0..file.instructions.len() {
            let scope = s.scope(i);
            let at = s.scope_at(i);
            for name in names {
                assert_eq!(
                    expand::Vars::var(&at, name),
                    scope.get(name),
                    "{text:?} instruction {i} {name}"
                );
            }
        }
    }
}
