use super::*;
use crate::fix::{fix_all, Choices};
use crate::Config;

macro_rules! seed {
    ($file:literal) => {
        include_str!(concat!("../../../../examples/seeds/", $file, ".Dockerfile"))
    };
}

const SEED_01: &str = seed!("01-python-naive");
const SEED_09: &str = seed!("09-django-wheels-multistage");
const SEED_10: &str = seed!("10-python-production-good");

fn plan_of(text: &str) -> BuildPlan {
    crate::build_plan(text, &Config::default(), &Inputs::default())
}

fn plan_with_ignore(text: &str, ignore: &str) -> BuildPlan {
    crate::build_plan(
        text,
        &Config::default(),
        &Inputs {
            dockerignore: Some(ignore),
        },
    )
}

/// The step on `line`.
fn at(plan: &BuildPlan, line: usize) -> &Step {
    plan.steps
        .iter()
        .find(|s| s.line == line)
        .unwrap_or_else(|| panic!("no step on line {line}"))
}

/// The lines of the steps a change reruns.
fn rerun_lines(plan: &BuildPlan, change: Change) -> Vec<usize> {
    plan.scenarios
        .get(change)
        .reruns
        .iter()
        .map(|&i| plan.steps[i].line)
        .collect()
}

fn reruns_install(plan: &BuildPlan, change: Change) -> bool {
    plan.scenarios
        .get(change)
        .expensive
        .iter()
        .flat_map(|e| &e.commands)
        .any(|c| c.ends_with("install"))
}

#[test]
fn seed_01_a_source_edit_reruns_pip_install() {
    let plan = plan_of(SEED_01);
    assert_eq!(plan.stages.len(), 1);
    let stage = &plan.stages[0];
    assert!(stage.is_final && stage.needed && stage.ships);
    assert_eq!(
        stage.base,
        BaseImage::Image {
            reference: "python:3.13.1".into()
        }
    );
    // One step per instruction, layers where the issue says.
    let shape: Vec<(&str, bool)> = plan
        .steps
        .iter()
        .map(|s| (s.keyword.as_str(), s.layer))
        .collect();
    assert_eq!(
        shape,
        vec![
            ("FROM", false),
            ("WORKDIR", false),
            ("COPY", true),
            ("RUN", true),
            ("EXPOSE", false),
            ("CMD", false),
        ]
    );
    let copy = at(&plan, 3);
    assert_eq!(copy.context.len(), 1);
    assert_eq!(copy.context[0].kind, SourceKind::Context);
    let install = at(&plan, 4);
    assert_eq!(install.package_managers, vec!["pip"]);
    assert_eq!(
        install.work,
        vec![Work {
            kind: WorkKind::Install,
            command: "pip install".into()
        }]
    );
    assert_eq!(rerun_lines(&plan, Change::Source), vec![3, 4]);
    assert!(reruns_install(&plan, Change::Source));
    assert_eq!(
        plan.scenarios.source.summary,
        "Editing a source file reruns 2 steps, including `pip install`."
    );
    assert_eq!(rerun_lines(&plan, Change::Dependencies), vec![3, 4]);
    assert!(at(&plan, 4).rebuilds.source && !at(&plan, 5).rebuilds.source);
    // The full python image, estimated from the bundled table.
    let base = &plan.estimates[0];
    assert_eq!(base.kind, EstimateKind::BaseImage);
    assert_eq!(base.megabytes, Some(1200));
    assert!(base.estimate && base.ships);
    assert!(base
        .source
        .contains("Optimise Docker images for production"));
    assert!(base.detail.contains("`python:3.13.1-slim` is about 145 MB"));
}

/// The articles' reordering (what DD002's fix writes): the install is
/// cached when only the sources change.
#[test]
fn seed_01_reordered_by_hand_keeps_the_install_cached() {
    let reordered = "FROM python:3.13.1-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nEXPOSE 1234\nCMD [\"python\", \"./main.py\"]\n";
    let plan = plan_of(reordered);
    assert_eq!(rerun_lines(&plan, Change::Source), vec![5]);
    assert!(!reruns_install(&plan, Change::Source));
    assert_eq!(rerun_lines(&plan, Change::Dependencies), vec![3, 4, 5]);
    assert!(reruns_install(&plan, Change::Dependencies));
    let before = plan_of(SEED_01);
    assert_eq!(
        before.scenarios.source.compare(&plan.scenarios.source),
        "Editing a source file reruns 2 steps, including `pip install`; after the rewrite: 1 step, without `pip install`."
    );
    assert_eq!(plan.estimates[0].megabytes, Some(145));
    // The same expensive work on both sides is not repeated.
    assert_eq!(
        before
            .scenarios
            .dependencies
            .compare(&plan.scenarios.dependencies),
        "Editing a dependency manifest reruns 2 steps, including `pip install`; after the rewrite: 3 steps."
    );
}

#[test]
fn seed_01_rewrite_does_not_rerun_pip_install_on_a_source_edit() {
    let rewrite = fix_all(SEED_01, &Config::default(), &Choices::all()).text;
    let plan = plan_of(&rewrite);
    assert!(
        !reruns_install(&plan, Change::Source),
        "the rewrite still reruns pip install:\n{rewrite}"
    );
    assert!(reruns_install(&plan, Change::Dependencies));
}

#[test]
fn seed_09_two_stages_the_final_copies_from_builder() {
    let plan = plan_of(SEED_09);
    assert_eq!(plan.stages.len(), 2);
    let (builder, last) = (&plan.stages[0], &plan.stages[1]);
    assert_eq!(builder.name.as_deref(), Some("builder"));
    assert!(!builder.is_final && builder.needed && !builder.ships);
    assert!(last.is_final && last.needed && last.name.is_none());
    assert_eq!(
        builder.base,
        BaseImage::Image {
            reference: "python:3.8-alpine".into()
        }
    );
    assert_eq!(plan.edges.len(), 1);
    let edge = &plan.edges[0];
    assert_eq!(edge.stage, 1);
    assert_eq!(edge.from, EdgeSource::Stage { stage: 0 });
    assert_eq!(edge.kind, EdgeKindPlan::CopyFrom);
    assert_eq!(edge.line, 15);
    assert_eq!(edge.label, "COPY /app/wheels/");
    // Both requirement files are manifests.
    assert!(at(&plan, 5).context[0].manifest && at(&plan, 6).context[0].manifest);
    // A source edit reruns only the last COPY; a manifest edit reruns the
    // wheel build, then the final stage from its COPY --from on.
    assert_eq!(rerun_lines(&plan, Change::Source), vec![19]);
    assert!(!reruns_install(&plan, Change::Source));
    assert_eq!(
        rerun_lines(&plan, Change::Dependencies),
        vec![5, 6, 7, 15, 16, 17, 19]
    );
    let deps = plan.scenarios.dependencies.expensive_commands();
    assert_eq!(deps, vec!["pip wheel", "pip install"]);
    assert!(plan.notes.is_empty(), "{:?}", plan.notes);
}

#[test]
fn seed_10_a_source_edit_reruns_no_install() {
    let plan = plan_of(SEED_10);
    assert_eq!(plan.stages.len(), 2);
    assert_eq!(plan.stages[1].name.as_deref(), Some("runner"));
    assert_eq!(rerun_lines(&plan, Change::Source), vec![16]);
    assert!(plan.scenarios.source.expensive.is_empty());
    assert_eq!(
        plan.scenarios.source.summary,
        "Editing a source file reruns 1 step (no install, build or download)."
    );
    // A manifest edit reruns the install in the builder and both copies
    // of the runner.
    assert_eq!(rerun_lines(&plan, Change::Dependencies), vec![5, 6, 15, 16]);
    assert!(reruns_install(&plan, Change::Dependencies));
    // ENV PIP_NO_CACHE_DIR=1: DL3042 sees no cache, so none is estimated.
    assert!(plan.steps.iter().all(|s| s.caches.is_empty()));
    let bases: Vec<(Option<u32>, bool)> = plan
        .estimates
        .iter()
        .map(|e| (e.megabytes, e.ships))
        .collect();
    assert_eq!(bases, vec![(Some(145), false), (Some(145), true)]);
}

#[test]
fn unused_stages_are_reported() {
    let text = "FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM alpine:3.20 AS test\nRUN echo test\nFROM build AS dev\nFROM alpine:3.20\nCOPY --from=build /app /app\n";
    let plan = plan_of(text);
    let needed: Vec<bool> = plan.stages.iter().map(|s| s.needed).collect();
    assert_eq!(needed, vec![true, false, false, true]);
    let unused: Vec<(Option<usize>, usize)> = plan
        .notes
        .iter()
        .filter(|n| n.kind == NoteKind::UnusedStage)
        .map(|n| (n.stage, n.line))
        .collect();
    assert_eq!(unused, vec![(Some(1), 3), (Some(2), 5)]);
    let skipped = plan.stages[1].skipped.as_deref().unwrap();
    assert!(skipped.contains("BuildKit skips this stage"), "{skipped}");
    assert!(skipped.contains("--target test"), "{skipped}");
    assert!(plan.notes[0].message.contains("stage 1 “test”"));
    // Steps of a skipped stage never rerun.
    assert!(!at(&plan, 4).rebuilds.source);
    assert_eq!(plan.state(at(&plan, 4), Change::Source), StepState::Skipped);
    assert_eq!(plan.state(at(&plan, 2), Change::Source), StepState::Cached);
    assert_eq!(
        plan.state(at(&plan, 1), Change::Source),
        StepState::Metadata
    );
    // A file whose final stage uses every stage has no such note.
    assert!(plan_of(SEED_09).notes.is_empty());
}

#[test]
fn a_stage_built_from_a_changed_stage_reruns_from_its_start() {
    let text = "FROM node:20 AS deps\nCOPY package.json .\nRUN npm install\nFROM deps AS app\nRUN echo a\nCOPY src/ src/\nRUN npm run build\nFROM nginx:1.27\nCOPY --from=app /dist /usr/share/nginx/html\n";
    let plan = plan_of(text);
    assert_eq!(
        rerun_lines(&plan, Change::Dependencies),
        vec![2, 3, 5, 6, 7, 9]
    );
    assert_eq!(rerun_lines(&plan, Change::Source), vec![6, 7, 9]);
    assert_eq!(
        plan.scenarios.source.expensive_commands(),
        vec!["npm run build"]
    );
    let from = plan
        .edges
        .iter()
        .find(|e| e.kind == EdgeKindPlan::From)
        .unwrap();
    assert_eq!((from.stage, from.label.as_str()), (1, "FROM"));
}

#[test]
fn mounts_from_stages_and_the_context() {
    let text = "FROM alpine:3.20 AS tools\nCOPY tool.sh /tool.sh\nFROM alpine:3.20\nRUN --mount=type=bind,from=tools,source=/tool.sh,target=/t sh /t\nRUN --mount=type=bind,source=requirements.txt,target=/r.txt pip install -r /r.txt\nRUN --mount=type=cache,target=/root/.cache/pip pip install x\n";
    let plan = plan_of(text);
    let mount = plan
        .edges
        .iter()
        .find(|e| e.kind == EdgeKindPlan::MountFrom)
        .unwrap();
    assert_eq!(mount.label, "mount /t");
    assert_eq!(mount.from, EdgeSource::Stage { stage: 0 });
    // tool.sh is a source file: the mount of its stage reruns, then the rest.
    assert_eq!(rerun_lines(&plan, Change::Source), vec![2, 4, 5, 6]);
    // The bind-mounted manifest reruns its RUN.
    assert_eq!(rerun_lines(&plan, Change::Dependencies), vec![5, 6]);
    assert!(at(&plan, 5).context[0].manifest);
    assert_eq!(at(&plan, 6).caches[0].state, CacheState::CacheMount);
}

#[test]
fn base_resolved_through_arg_defaults() {
    // FLAVOR is not declared: empty in a FROM line, so its default applies.
    let text = "ARG PY=3.12\nFROM python:${PY} AS a\nFROM python:${PY}-${FLAVOR:-slim}\nCOPY --from=a /x /x\n";
    let plan = plan_of(text);
    assert_eq!(plan.steps[0].stage, None);
    assert_eq!(
        plan.stages[0].base,
        BaseImage::Image {
            reference: "python:3.12".into()
        }
    );
    assert_eq!(
        plan.stages[1].base,
        BaseImage::Image {
            reference: "python:3.12-slim".into()
        }
    );
    let config = Config {
        build_args: [("PY".to_string(), "3.11".to_string())].into(),
        ..Config::default()
    };
    let plan = crate::build_plan(text, &config, &Inputs::default());
    assert_eq!(
        plan.stages[0].base,
        BaseImage::Image {
            reference: "python:3.11".into()
        }
    );
    let unknown = plan_of("ARG BASE\nFROM $BASE\nRUN true\n");
    assert!(matches!(
        unknown.stages[0].base,
        BaseImage::Unresolved { .. }
    ));
    assert_eq!(unknown.notes[0].kind, NoteKind::Unresolved);
}

#[test]
fn dockerignore_decides_what_a_whole_context_copy_reads() {
    let text =
        "FROM python:3.12-slim\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n";
    // `*` and exceptions: only the sources are read, so a manifest change
    // reruns nothing (and the install would not see requirements.txt).
    let plan = plan_with_ignore(text, "*\n!src\n!main.py\n");
    assert_eq!(at(&plan, 2).context[0].only, vec!["src", "main.py"]);
    assert_eq!(
        rerun_lines(&plan, Change::Dependencies),
        Vec::<usize>::new()
    );
    assert_eq!(rerun_lines(&plan, Change::Source), vec![2, 3]);
    assert_eq!(
        plan.scenarios.dependencies.summary,
        "Editing a dependency manifest reruns no step: no step of the final target reads such a file."
    );
    let plan = plan_with_ignore(text, ".git\n__pycache__\n");
    assert_eq!(at(&plan, 2).context[0].ignored, vec![".git", "__pycache__"]);
    assert_eq!(rerun_lines(&plan, Change::Dependencies), vec![2, 3]);
}

#[test]
fn pip_cache_left_in_a_layer_is_an_estimate() {
    let plan = plan_of("FROM python:3.12-slim\nRUN pip install flask==3.0.3\n");
    let cache = plan
        .estimates
        .iter()
        .find(|e| e.kind == EstimateKind::Cache)
        .unwrap();
    assert_eq!(cache.megabytes, Some(50));
    assert!(cache.ships && cache.estimate);
    assert!(cache.source.contains("~50 MB"));
    assert_eq!(at(&plan, 2).caches[0].code.as_deref(), Some("DL3042"));
    // Other caches: reported, no invented figure.
    let plan = plan_of(
        "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
    );
    let cache = plan
        .estimates
        .iter()
        .find(|e| e.kind == EstimateKind::Cache)
        .unwrap();
    assert_eq!(cache.megabytes, None);
    assert!(cache.source.contains("DL3009"));
}

#[test]
fn onbuild_triggers_do_no_work_in_this_build() {
    let plan = plan_of("FROM python:3.12-slim\nONBUILD RUN pip install x\nONBUILD COPY . .\n");
    for line in [2, 3] {
        let step = at(&plan, line);
        assert!(!step.layer && step.work.is_empty() && step.caches.is_empty());
        assert!(step.context.is_empty());
    }
    assert!(plan
        .estimates
        .iter()
        .all(|e| e.kind == EstimateKind::BaseImage));
    assert!(plan.scenarios.source.reruns.is_empty());
}

#[test]
fn heredocs_urls_and_other_images_are_not_the_context() {
    let text = "FROM alpine:3.20\nCOPY <<EOF /etc/motd\nhello\nEOF\nADD https://example.com/a.tgz /a.tgz\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\nADD app.tar.gz /app\n";
    let plan = plan_of(text);
    assert!(at(&plan, 2).context.is_empty());
    assert!(at(&plan, 5).context.is_empty());
    assert!(at(&plan, 6).context.is_empty());
    assert_eq!(at(&plan, 7).context[0].path, "app.tar.gz");
    assert_eq!(
        plan.edges[0].from,
        EdgeSource::Image {
            reference: "nginx:1.27".into()
        }
    );
    assert_eq!(rerun_lines(&plan, Change::Source), vec![7]);
}

#[test]
fn serializes_the_shape_the_issue_gives() {
    let json = serde_json::to_value(plan_of(SEED_09)).unwrap();
    let step = &json["steps"][2];
    for key in ["line", "end_line", "keyword", "stage", "layer", "rebuilds"] {
        assert!(step.get(key).is_some(), "steps[] has no {key}: {step}");
    }
    assert_eq!(step["rebuilds"]["source"], false);
    assert_eq!(step["rebuilds"]["dependencies"], true);
    assert_eq!(json["stages"][0]["name"], "builder");
    assert_eq!(json["edges"][0]["kind"], "copy_from");
    assert_eq!(json["steps"][4]["end_line"], 9);
}

#[test]
fn any_input_gives_a_plan() {
    for text in [
        "",
        "\n\n",
        "# only a comment\n",
        "RUN echo before any FROM\n",
        "FROM\n",
        "FROM a AS a\nFROM a AS b\nCOPY --from=b . .\n",
        "FROM x AS self\nCOPY --from=self /a /b\n",
        "FROM a\nCOPY --from=9 /x /y\nCOPY --from=$X /x /y\n",
        "FROM ü:é\nCOPY ñ* [ /x\nRUN --mount=type=bind,source=\"é\" true\n",
        "ONBUILD COPY . .\nFROM a\nONBUILD RUN pip install x\n",
        "FROM a\nCOPY\nADD\nRUN\n",
    ] {
        let plan = plan_of(text);
        assert_eq!(
            plan.steps.len(),
            crate::syntax::parse(text).instructions.len()
        );
        let _ = serde_json::to_string(&plan).unwrap();
    }
}

#[path = "../../tests/support/shared.rs"]
mod shared;

#[test]
fn the_corpus_plans_without_panicking() {
    let Some(dir) = shared::path("corpus/files") else {
        return;
    };
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut planned = 0;
    for entry in entries.flatten() {
        let Ok(bytes) = std::fs::read(entry.path()) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let plan = plan_of(&text);
        for scenario in [&plan.scenarios.source, &plan.scenarios.dependencies] {
            assert!(scenario.reruns.iter().all(|&i| plan.steps[i].layer));
        }
        planned += 1;
    }
    assert!(planned > 1000, "planned {planned} files");
}
