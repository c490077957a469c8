//! The build model: what `docker build` would do with a Dockerfile,
//! computed from the text alone — its stages and how they depend on each
//! other, one step per instruction (a filesystem layer or only metadata),
//! the build-context paths each `COPY`/`ADD` reads, the package managers
//! and caches each `RUN` touches, and which steps a change reruns.
//!
//! The articles the project comes from teach one idea above all: every
//! instruction is a layer, a layer never shrinks afterwards, and a change to
//! a copied file invalidates its `COPY` and every step after it. This
//! module turns that into data the views draw ([`plan`], serializable with
//! serde: the CLI prints it as JSON).
//!
//! # What a change rebuilds
//!
//! Two scenarios ([`Change`]): *a source file changes* (any context file
//! that is not a dependency manifest) and *a dependency manifest changes*
//! (`requirements.txt`, `package.json`, `go.mod`… see
//! [`context::is_manifest`]). A `COPY`/`ADD` (or a `RUN
//! --mount=type=bind` of the context) reruns when its sources can include
//! the changed file; every later layer of its stage reruns after it; a
//! stage that builds `FROM`, copies from, or mounts a stage that reran
//! reruns from that step. Only stages the final target needs count:
//! BuildKit skips the others. Metadata instructions (`ENV`, `LABEL`,
//! `EXPOSE` …) make no layer and are never counted as rerun.
//!
//! # Estimates
//!
//! Weights come only from bundled figures with a source
//! ([`crate::knowledge::official`] for base images; the articles for
//! pip's cache); each [`Estimate`] carries its source, and says whether it
//! ends up in the final image.
//!
//! Architecture Invariant: like the rest of the core, this is a pure
//! function of its inputs; it never reads files or the network.

mod commands;
pub mod context;
mod estimate;
mod mount;
mod rebuild;

use serde::Serialize;

use crate::config::Inputs;
use crate::diagnostic::Diagnostic;
use crate::position::floor_char_boundary;
use crate::semantics::{self, Base, EdgeKind, Semantics, Target};
use crate::syntax::{Body, Dockerfile, Instruction, Keyword, Span};

pub use commands::{CacheState, CacheUse, Work, WorkKind, CACHE_RULES};
pub use context::{ContextSource, SourceKind};
pub use estimate::{Estimate, EstimateKind};

/// The whole model of one Dockerfile.
#[derive(Clone, Debug, Serialize)]
pub struct BuildPlan {
    pub stages: Vec<StagePlan>,
    /// Dependencies between stages (and on external images through
    /// `--from`), in source order.
    pub edges: Vec<StageEdge>,
    /// One per instruction, in source order (`steps[i]` is instruction
    /// `i`).
    pub steps: Vec<Step>,
    pub scenarios: Scenarios,
    /// Weight estimates, each with its source.
    pub estimates: Vec<Estimate>,
    /// Things worth saying about the build as a whole (a stage BuildKit
    /// skips, a base image that depends on an unknown variable).
    pub notes: Vec<Note>,
}

/// One build stage.
#[derive(Clone, Debug, Serialize)]
pub struct StagePlan {
    pub index: usize,
    /// The `AS` name, as written.
    pub name: Option<String>,
    pub base: BaseImage,
    /// Lines of the stage, from its `FROM` to its last instruction.
    pub line: usize,
    pub end_line: usize,
    /// The instructions of the stage: `steps[first_step..end_step]`.
    pub first_step: usize,
    pub end_step: usize,
    /// The last stage: what `docker build` builds without `--target`.
    pub is_final: bool,
    /// The final target needs this stage (itself included).
    pub needed: bool,
    /// Why BuildKit does not build it, when it is not needed.
    pub skipped: Option<String>,
    /// Its filesystem ends up in the final image: the final stage and the
    /// stages it builds `FROM`, transitively.
    pub ships: bool,
}

/// What a stage starts from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BaseImage {
    /// An image reference, global `ARG` defaults substituted.
    Image {
        reference: String,
    },
    /// `FROM <stage>`: an earlier stage.
    Stage {
        stage: usize,
        name: Option<String>,
    },
    Scratch,
    /// The reference uses a variable without a known value.
    Unresolved {
        reference: String,
        unknown: Vec<String>,
    },
}

/// How a stage depends on something.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKindPlan {
    /// `FROM <stage>`
    From,
    /// `COPY --from=…` / `ADD --from=…`
    CopyFrom,
    /// `RUN --mount=…,from=…`
    MountFrom,
}

/// What an edge points at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EdgeSource {
    Stage {
        stage: usize,
    },
    /// An image (or a name that is no stage), as resolved.
    Image {
        reference: String,
    },
}

/// One dependency of a stage.
#[derive(Clone, Debug, Serialize)]
pub struct StageEdge {
    /// The stage that depends.
    pub stage: usize,
    pub from: EdgeSource,
    pub kind: EdgeKindPlan,
    /// The instruction (step) that makes the dependency.
    pub step: usize,
    pub line: usize,
    /// What it takes: `FROM`, `COPY /app/wheels/`, `mount /root/.m2`.
    pub label: String,
}

/// One instruction.
#[derive(Clone, Debug, Serialize)]
pub struct Step {
    /// Index of the instruction (and of this step).
    pub index: usize,
    /// `None` before the first `FROM` (global `ARG`s).
    pub stage: Option<usize>,
    /// 1-based lines of the instruction (continuations and heredocs
    /// included).
    pub line: usize,
    pub end_line: usize,
    /// Byte span of the instruction in the text.
    pub span: Span,
    /// `RUN`, `COPY` … upper-case.
    pub keyword: String,
    /// The instruction's first line, shortened for display.
    pub text: String,
    /// Adds a filesystem layer (`RUN`, `COPY`, `ADD`); otherwise only
    /// metadata.
    pub layer: bool,
    /// The build-context paths a `COPY`/`ADD` (or a `RUN` bind mount)
    /// reads, after the `.dockerignore` when one was given.
    pub context: Vec<ContextSource>,
    /// Package managers a `RUN` calls (`apt`, `pip`, `npm` …).
    pub package_managers: Vec<String>,
    /// Expensive work: installs, builds, downloads.
    pub work: Vec<Work>,
    /// Package caches the step leaves in its layer or keeps in a cache
    /// mount, as the rules see them.
    pub caches: Vec<CacheUse>,
    /// Whether the step reruns in each scenario (always false for
    /// metadata and for stages BuildKit skips).
    pub rebuilds: Rebuilds,
}

/// A yes/no per kind of change: whether a step reruns ([`Rebuilds`]), or
/// whether a source can include such a changed file ([`Reads`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PerChange {
    pub source: bool,
    pub dependencies: bool,
}

/// Whether a step reruns, per scenario.
pub type Rebuilds = PerChange;
/// Whether a context source can include a changed source file / manifest.
pub type Reads = PerChange;

impl PerChange {
    pub const BOTH: PerChange = PerChange {
        source: true,
        dependencies: true,
    };
    pub const SOURCE: PerChange = PerChange {
        source: true,
        dependencies: false,
    };
    pub const DEPENDENCIES: PerChange = PerChange {
        source: false,
        dependencies: true,
    };

    pub fn get(self, change: Change) -> bool {
        match change {
            Change::Source => self.source,
            Change::Dependencies => self.dependencies,
        }
    }
    fn set(&mut self, change: Change, value: bool) {
        match change {
            Change::Source => self.source = value,
            Change::Dependencies => self.dependencies = value,
        }
    }
}

/// How a step fares in a scenario, for display.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    /// No layer: metadata only.
    Metadata,
    /// In a stage BuildKit does not build.
    Skipped,
    Rebuilt,
    Cached,
}

impl StepState {
    pub fn as_str(self) -> &'static str {
        match self {
            StepState::Metadata => "metadata",
            StepState::Skipped => "skipped",
            StepState::Rebuilt => "rebuilt",
            StepState::Cached => "cached",
        }
    }
}

impl BuildPlan {
    /// How `step` fares when `change` happens.
    pub fn state(&self, step: &Step, change: Change) -> StepState {
        let skipped = step
            .stage
            .and_then(|s| self.stages.get(s))
            .is_some_and(|s| !s.needed);
        match (step.layer, skipped, step.rebuilds.get(change)) {
            (false, _, _) => StepState::Metadata,
            (true, true, _) => StepState::Skipped,
            (true, false, true) => StepState::Rebuilt,
            (true, false, false) => StepState::Cached,
        }
    }
}

/// The kind of file edit a scenario assumes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// A context file that is not a dependency manifest.
    Source,
    /// A dependency manifest (`requirements.txt`, `package.json` …).
    Dependencies,
}

impl Change {
    pub const ALL: [Change; 2] = [Change::Source, Change::Dependencies];

    /// "editing a source file"
    pub fn describe(self) -> &'static str {
        match self {
            Change::Source => "editing a source file",
            Change::Dependencies => "editing a dependency manifest",
        }
    }
}

/// Both scenarios.
#[derive(Clone, Debug, Serialize)]
pub struct Scenarios {
    pub source: Scenario,
    pub dependencies: Scenario,
}

impl Scenarios {
    pub fn get(&self, change: Change) -> &Scenario {
        match change {
            Change::Source => &self.source,
            Change::Dependencies => &self.dependencies,
        }
    }
}

/// What one kind of change reruns when the final target is built.
#[derive(Clone, Debug, Serialize)]
pub struct Scenario {
    pub change: Change,
    /// The layer steps that rerun, in order.
    pub reruns: Vec<usize>,
    /// The expensive ones among them.
    pub expensive: Vec<ExpensiveStep>,
    /// One sentence: "Editing a source file reruns 2 steps, including
    /// `pip install`."
    pub summary: String,
}

/// A rerun step that installs, builds or downloads.
#[derive(Clone, Debug, Serialize)]
pub struct ExpensiveStep {
    pub step: usize,
    pub line: usize,
    /// The commands, as labels (`pip install`).
    pub commands: Vec<String>,
}

impl Scenario {
    /// The distinct command labels of the expensive steps, in order.
    pub fn expensive_commands(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for c in self.expensive.iter().flat_map(|e| &e.commands) {
            if !out.contains(&c.as_str()) {
                out.push(c);
            }
        }
        out
    }

    /// "… reruns 2 steps, including `pip install`; after the rewrite:
    /// 1 step, without `pip install`." for this scenario and the same one
    /// of the rewrite. Expensive commands the rewrite still reruns are
    /// not repeated; those it no longer reruns, or newly reruns, are named.
    pub fn compare(&self, after: &Scenario) -> String {
        let before = self.summary.trim_end_matches('.');
        let mut out = format!("{before}; after the rewrite: {}", steps(after.reruns.len()));
        let was = self.expensive_commands();
        let now = after.expensive_commands();
        let gone: Vec<&str> = was.iter().copied().filter(|c| !now.contains(c)).collect();
        let new: Vec<&str> = now.iter().copied().filter(|c| !was.contains(c)).collect();
        if !new.is_empty() {
            out.push_str(&format!(", including {}", code_list(&new)));
        }
        if !gone.is_empty() {
            out.push_str(&format!(
                "{} without {}",
                if new.is_empty() { "," } else { " and" },
                code_list(&gone)
            ));
        }
        out.push('.');
        out
    }
}

fn steps(n: usize) -> String {
    match n {
        0 => "no step".to_string(),
        1 => "1 step".to_string(),
        n => format!("{n} steps"),
    }
}

/// "`a`, `b` and `c`"
fn code_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|c| format!("`{c}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// Something worth saying about the build.
#[derive(Clone, Debug, Serialize)]
pub struct Note {
    pub kind: NoteKind,
    pub stage: Option<usize>,
    pub line: usize,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// The final target does not need the stage: BuildKit skips it.
    UnusedStage,
    /// A base image or `--from` depends on a variable with no known value.
    Unresolved,
}

/// The build model of a parsed file (see the module docs), from its
/// semantics (`config.build_args` resolves `ARG`s there, like
/// `--build-arg`) and what the cache rules ([`CACHE_RULES`]) report on it,
/// before pragmas and ignored codes: the caches left in layers. Findings
/// of other codes are not read. `inputs.dockerignore` filters what
/// `COPY`/`ADD` read. [`crate::build_plan`] computes all three from the
/// text.
pub fn plan(
    file: &Dockerfile,
    sem: &Semantics,
    inputs: &Inputs,
    findings: &[Diagnostic],
) -> BuildPlan {
    let ignore = inputs
        .dockerignore
        .map(semantics::dockerignore::Dockerignore::parse);
    let stages = stage_plans(file, sem);
    let edges = edge_plans(file, sem);
    let caches = commands::cache_findings(file, findings);
    let mut steps: Vec<Step> = file
        .instructions
        .iter()
        .enumerate()
        .map(|(i, inst)| step(file, sem, i, inst))
        .collect();
    let manifests = context::ManifestDirs::of(file, sem);
    for (i, inst) in file.instructions.iter().enumerate() {
        steps[i].context = context::reads(file, sem, i, &manifests, ignore.as_ref());
        // An `ONBUILD RUN` runs in the builds that use this image, not in
        // this one.
        if let Some(run) = crate::semantics::pkg::Run::of(inst).filter(|r| !r.onbuild) {
            let (managers, work) = commands::classify(&run);
            steps[i].package_managers = managers;
            steps[i].work = work;
            steps[i].caches = commands::cache_mounts(&run);
        }
    }
    for (i, cache) in caches {
        if let Some(step) = steps.get_mut(i).filter(|s| s.layer) {
            if !step.caches.iter().any(|c| c.what == cache.what) {
                step.caches.push(cache);
            }
        }
    }
    let scenarios = rebuild::scenarios(&stages, &edges, &mut steps);
    let estimates = estimate::estimates(&stages, &steps);
    let notes = notes(&stages, &edges, &steps);
    BuildPlan {
        stages,
        edges,
        steps,
        scenarios,
        estimates,
        notes,
    }
}

fn stage_plans(file: &Dockerfile, sem: &Semantics) -> Vec<StagePlan> {
    let insts = &file.instructions;
    let mut out: Vec<StagePlan> = sem
        .stages
        .iter()
        .map(|s| {
            let last = s.end.saturating_sub(1).max(s.from);
            let base = match &s.base {
                Base::Image(_) => BaseImage::Image {
                    reference: s.image.value.clone(),
                },
                Base::Stage(p) => BaseImage::Stage {
                    stage: *p,
                    name: sem.stages.get(*p).and_then(|p| p.alias.clone()),
                },
                Base::Scratch => BaseImage::Scratch,
                Base::Unresolved => BaseImage::Unresolved {
                    reference: s.image.value.clone(),
                    unknown: s.image.unknown.clone(),
                },
            };
            StagePlan {
                index: s.index,
                name: s.alias.clone(),
                base,
                line: insts.get(s.from).map_or(0, |i| i.line),
                end_line: insts.get(last).map_or(0, |i| i.end_line),
                first_step: s.from,
                end_step: s.end,
                is_final: s.is_final,
                needed: s.needed,
                skipped: None,
                ships: false,
            }
        })
        .collect();
    // The final stage ships, and so does every stage it builds FROM.
    let mut at = out.len().checked_sub(1);
    let mut hops = 0;
    while let Some(s) = at {
        if out[s].ships || hops > out.len() {
            break;
        }
        out[s].ships = true;
        hops += 1;
        at = match out[s].base {
            BaseImage::Stage { stage, .. } if stage < out.len() => Some(stage),
            _ => None,
        };
    }
    let final_name = out.last().map(stage_label);
    for s in &mut out {
        if !s.needed {
            let name = s.name.clone().unwrap_or_else(|| s.index.to_string());
            s.skipped = Some(format!(
                "BuildKit skips this stage: the final stage ({}) does not build on it, copy from it or mount it. \
                 `docker build --target {name}` builds it.",
                final_name.clone().unwrap_or_default()
            ));
        }
    }
    out
}

/// `stage 1 "runner"` or `stage 1`.
fn stage_label(s: &StagePlan) -> String {
    match &s.name {
        Some(n) => format!("stage {} “{n}”", s.index),
        None => format!("stage {}", s.index),
    }
}

fn edge_plans(file: &Dockerfile, sem: &Semantics) -> Vec<StageEdge> {
    sem.edges
        .iter()
        .map(|e| {
            let inst = &file.instructions[e.instruction];
            let from = match &e.target {
                Target::Stage(s) => EdgeSource::Stage { stage: *s },
                Target::Image(r) => EdgeSource::Image {
                    reference: r.value.clone(),
                },
            };
            let (kind, label) = match e.kind {
                EdgeKind::From => (EdgeKindPlan::From, "FROM".to_string()),
                EdgeKind::CopyFrom => (EdgeKindPlan::CopyFrom, copy_label(inst)),
                EdgeKind::MountFrom => (EdgeKindPlan::MountFrom, mount_label(inst)),
            };
            StageEdge {
                stage: e.stage,
                from,
                kind,
                step: e.instruction,
                line: inst.line,
                label,
            }
        })
        .collect()
}

/// `COPY /app/wheels/` (the sources of a `COPY --from`).
fn copy_label(inst: &Instruction) -> String {
    let sources = match &inst.body {
        Body::Copy(c) | Body::Add(c) => c
            .sources
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    };
    shorten(&format!("{} {sources}", inst.keyword.as_str()), 48)
}

/// `mount /root/.m2` (the target of a `RUN --mount=…,from=…`).
fn mount_label(inst: &Instruction) -> String {
    let targets: Vec<String> = mount::mounts(inst)
        .into_iter()
        .filter(|m| m.from.is_some())
        .map(|m| m.target)
        .collect();
    shorten(&format!("mount {}", targets.join(" ")), 48)
}

fn step(file: &Dockerfile, sem: &Semantics, i: usize, inst: &Instruction) -> Step {
    let keyword = match inst.keyword {
        Keyword::Unknown => inst.keyword_word.text.to_uppercase(),
        k => k.as_str().to_string(),
    };
    let source = &file.source;
    let start = floor_char_boundary(source, inst.span.start);
    let end = floor_char_boundary(source, inst.span.end.max(start));
    let first_line = source[start..end].lines().next().unwrap_or("");
    let first_line = first_line.trim_end().trim_end_matches('\\').trim_end();
    Step {
        index: i,
        stage: sem.stage_of(i).map(|s| s.index),
        line: inst.line,
        end_line: inst.end_line,
        span: inst.span,
        keyword,
        text: shorten(first_line, 80),
        layer: matches!(inst.keyword, Keyword::Run | Keyword::Copy | Keyword::Add),
        context: Vec::new(),
        package_managers: Vec::new(),
        work: Vec::new(),
        caches: Vec::new(),
        rebuilds: Rebuilds::default(),
    }
}

/// `text` cut to at most `max` characters, with `…` when cut (for
/// display).
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The notes in source order: each stage's, then those of its `--from`s.
fn notes(stages: &[StagePlan], edges: &[StageEdge], steps: &[Step]) -> Vec<Note> {
    let mut out = Vec::new();
    for s in stages {
        if let Some(why) = &s.skipped {
            out.push(Note {
                kind: NoteKind::UnusedStage,
                stage: Some(s.index),
                line: s.line,
                message: format!("{} is not used by the final stage. {why}", stage_label(s)),
            });
        }
        if let BaseImage::Unresolved { reference, unknown } = &s.base {
            out.push(Note {
                kind: NoteKind::Unresolved,
                stage: Some(s.index),
                line: s.line,
                message: format!(
                    "The base image of {} ({reference}) depends on {} with no default: the plan cannot tell which image it is.",
                    stage_label(s),
                    code_list(&unknown.iter().map(String::as_str).collect::<Vec<_>>())
                ),
            });
        }
        for e in edges.iter().filter(|e| e.stage == s.index) {
            if let EdgeSource::Image { reference } = &e.from {
                if reference.contains('$') {
                    out.push(Note {
                        kind: NoteKind::Unresolved,
                        stage: Some(e.stage),
                        line: steps.get(e.step).map_or(e.line, |s| s.line),
                        message: format!(
                            "`--from={reference}` depends on a variable with no known value: the plan treats it as an external image."
                        ),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
