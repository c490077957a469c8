//! What a Dockerfile means beyond its syntax, computed once per lint and
//! shared by every rule through [`crate::rules::Checker::semantics`].
//!
//! # API (for rule authors)
//!
//! Instructions are named by their index in `file.instructions`.
//!
//! - **Stages**: [`Semantics::stages`] in order; each [`Stage`] has its
//!   `index`, the `from` instruction and `end` (exclusive) —
//!   [`Stage::instructions`] is the range —, its `alias` as written, the
//!   base `image` text with global `ARG`s resolved ([`Resolved`]), the
//!   parsed [`Base`] (`Scratch`, an earlier `Stage(i)`, an external
//!   `Image(ImageRef)`, or `Unresolved` when a variable's value is
//!   unknown), `is_final`, and `needed` (the final stage depends on it,
//!   itself included). [`Semantics::stage_of`] gives the stage of an
//!   instruction (`None` before the first `FROM`);
//!   [`Semantics::stage_named`] looks an alias up case-insensitively.
//! - **Edges**: [`Semantics::edges`], one per `FROM <stage>`,
//!   `COPY/ADD --from=…` and `RUN --mount=…,from=…`, each with the stage
//!   it belongs to, the instruction, its [`EdgeKind`] and its [`Target`]
//!   (a stage, or an external image).
//! - **Variables**: [`Semantics::scope`] is what `ARG`/`ENV` define for an
//!   instruction (before it runs): global `ARG`s for `FROM` lines and
//!   anything before the first `FROM`; inside a stage the stage's `ARG`s
//!   (a bare `ARG X` takes the global default or the configured build
//!   arg), its `ENV`s and those inherited from a parent stage
//!   (`FROM builder`). `ENV` wins over `ARG` of the same name, as in
//!   Docker. [`Semantics::resolve`] expands a word in that scope: `$A`,
//!   `${A}`, `${A:-x}`, `${A:+x}`, `${A#p}`… with quote removal; unknown
//!   values (an `ARG` without default, a variable the base image may set)
//!   are kept as written and listed in [`Resolved::unknown`].
//!   `Config::build_args` overrides `ARG` defaults like `--build-arg`.
//! - **Shell**: [`Semantics::shell`] is the `SHELL` in force for an
//!   instruction (inherited through `FROM <stage>`, reset by a new
//!   external base) and [`Semantics::shell_is_posix`] is false under
//!   `pwsh`/`powershell`/`cmd`, whether set by `SHELL` or by a
//!   `# hadolint shell=…` / `# drydock shell=…` pragma. Rules that parse
//!   `RUN` as POSIX shell should skip non-POSIX ones.
//! - **Names**: [`symbols::occurrences`] lists every place a stage or a
//!   variable is defined or used, with spans (for editors: definition,
//!   references, rename); [`Semantics::variable`] is the `ARG`/`ENV` an
//!   instruction sees under a name.
//! - [`Semantics::pragmas`]: the file's pragmas (applied by the engine).
//! - [`image::ImageRef::parse`] reads `[registry/]name[:tag][@digest]`.

pub mod distro;
pub mod dockerignore;
pub mod expand;
pub mod image;
pub mod pkg;
pub mod symbols;
pub mod workdir;

use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, VecDeque};
use std::ops::Range;
use std::rc::Rc;

pub use distro::Distro;
pub use expand::{Resolved, Undeclared};
pub use image::ImageRef;

use crate::config::Config;
use crate::suppression::pragma::Pragmas;
use crate::syntax::{Body, Dockerfile, Instruction, Keyword};

/// Who defined a variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarKind {
    Arg,
    Env,
    /// Defined by BuildKit itself (`TARGETPLATFORM`, `BUILDARCH` …).
    Predefined,
}

/// A variable in scope. Its name and value are shared strings: the model
/// keeps one variable in several tables (the scope replayed, the `ENV`s a
/// child stage inherits, each name's definitions), copied without
/// copying its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Var {
    pub name: Rc<str>,
    /// `None`: defined, but its value is only known at build time.
    pub value: Option<Rc<str>>,
    pub kind: VarKind,
    /// The defining instruction, when there is one.
    pub defined_at: Option<usize>,
}

/// The variables in force for one instruction.
#[derive(Clone, Debug)]
pub struct Scope {
    pub vars: BTreeMap<String, Var>,
    /// What an undeclared variable means here.
    pub undeclared: Undeclared,
}

impl Scope {
    pub fn get(&self, name: &str) -> Option<&Var> {
        self.vars.get(name)
    }
}

/// One stage's definitions of each variable, by instruction, in order.
type History = FxHashMap<Rc<str>, Vec<(usize, Var)>>;

/// Variables by name, persistent: a copy is free and shares its entries.
pub(crate) type VarMap = rpds::RedBlackTreeMap<Rc<str>, Var>;

impl expand::Vars for VarMap {
    fn var(&self, name: &str) -> Option<&Var> {
        self.get(name)
    }
}

/// The variables in force before instruction `at` runs, looked up one
/// name at a time: what [`Semantics::scope`] would hold, without building
/// it.
struct ScopeAt<'s> {
    sem: &'s Semantics,
    /// The instruction's stage; `None` for a `FROM` line and the global
    /// section, which see the global `ARG`s declared before them.
    stage: Option<usize>,
    at: usize,
}

impl expand::Vars for ScopeAt<'_> {
    fn var(&self, name: &str) -> Option<&Var> {
        let Some(s) = self.stage else {
            return self
                .sem
                .global_args
                .get(name)
                .filter(|v| v.defined_at.is_none_or(|d| d < self.at));
        };
        if let Some(defs) = self.sem.history.get(s).and_then(|h| h.get(name)) {
            let before = defs.partition_point(|(j, _)| *j < self.at);
            if let Some((_, var)) = before.checked_sub(1).map(|k| &defs[k]) {
                return Some(var);
            }
        }
        match self.sem.stages[s].base {
            Base::Stage(parent) => self.sem.end_env.get(parent)?.get(name),
            _ => None,
        }
    }
}

/// A stage's base.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Base {
    Scratch,
    /// `FROM <alias>` of an earlier stage.
    Stage(usize),
    Image(ImageRef),
    /// The reference depends on a variable whose value is unknown.
    Unresolved,
}

/// One build stage: a `FROM` and the instructions up to the next one.
#[derive(Clone, Debug)]
pub struct Stage {
    pub index: usize,
    /// Index of the `FROM` instruction.
    pub from: usize,
    /// One past the stage's last instruction.
    pub end: usize,
    /// The `AS` name as written.
    pub alias: Option<String>,
    /// The base reference with global `ARG`s resolved.
    pub image: Resolved,
    pub base: Base,
    pub is_final: bool,
    /// The final stage needs this one (the final stage itself included).
    pub needed: bool,
}

impl Stage {
    /// The instruction indices of this stage, `FROM` included.
    pub fn instructions(&self) -> Range<usize> {
        self.from..self.end
    }
    /// The parsed external image, when the base is one.
    pub fn image_ref(&self) -> Option<&ImageRef> {
        match &self.base {
            Base::Image(r) => Some(r),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    /// `FROM <stage>`
    From,
    /// `COPY --from=…` or `ADD --from=…`
    CopyFrom,
    /// `RUN --mount=…,from=…`
    MountFrom,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Stage(usize),
    /// An image (or an unresolved name), as resolved.
    Image(Resolved),
}

/// A dependency of a stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    /// The stage that depends.
    pub stage: usize,
    pub instruction: usize,
    pub kind: EdgeKind,
    pub target: Target,
}

/// The shell `RUN` uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shell {
    /// `["/bin/sh", "-c"]` by default; a `SHELL` instruction's words; or
    /// the name a shell pragma gives.
    pub program: Vec<String>,
    pub posix: bool,
}

impl Shell {
    fn default_posix() -> Shell {
        Shell {
            program: vec!["/bin/sh".into(), "-c".into()],
            posix: true,
        }
    }

    fn new(program: Vec<String>) -> Shell {
        let posix = program.first().is_none_or(|p| is_posix_shell(p));
        Shell { program, posix }
    }
}

/// False for PowerShell and cmd (what hadolint treats as non-POSIX).
pub fn is_posix_shell(program: &str) -> bool {
    let base = program
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(program)
        .to_ascii_lowercase();
    let base = base.strip_suffix(".exe").unwrap_or(&base);
    !(base.contains("pwsh") || base.contains("powershell") || base == "cmd")
}

/// Arguments BuildKit defines for every build.
pub const PREDEFINED_ARGS: [&str; 8] = [
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
];

/// The semantic model of one file.
#[derive(Clone, Debug)]
pub struct Semantics {
    pub stages: Vec<Stage>,
    pub edges: Vec<Edge>,
    /// `ARG`s before the first `FROM` (and the predefined ones), with
    /// build-arg overrides applied.
    pub global_args: BTreeMap<Rc<str>, Var>,
    pub pragmas: Pragmas,
    stage_of: Vec<Option<usize>>,
    /// ENV in force at the end of each stage (what `FROM <stage>` inherits).
    end_env: Vec<VarMap>,
    /// Per stage, the indexes in `edges` of the edges out of it, and of
    /// those into it.
    edges_from: Vec<Vec<usize>>,
    edges_to: Vec<Vec<usize>>,
    /// Stage alias, ASCII-lowercased → the first stage with it.
    aliases: FxHashMap<String, usize>,
    /// Per stage, each variable's definitions in it, by instruction, in
    /// order: what [`Semantics::resolve`] looks a name up in (a binary
    /// search, where replaying the stage would cost its length).
    history: Vec<History>,
    shell_of: Vec<usize>,
    shells: Vec<Shell>,
    defs: Vec<Defs>,
    escape: char,
    build_args: BTreeMap<String, String>,
}

impl Semantics {
    /// Compute the model. Linear in the file's size, except [`scope`]
    /// which replays the instruction's stage on demand.
    ///
    /// [`scope`]: Semantics::scope
    pub fn new(file: &Dockerfile, config: &Config) -> Semantics {
        let mut sem = Semantics {
            stages: Vec::new(),
            edges: Vec::new(),
            global_args: BTreeMap::new(),
            pragmas: Pragmas::collect(file),
            stage_of: vec![None; file.instructions.len()],
            end_env: Vec::new(),
            aliases: FxHashMap::default(),
            edges_from: Vec::new(),
            edges_to: Vec::new(),
            history: Vec::new(),
            shell_of: vec![0; file.instructions.len()],
            shells: vec![Shell::default_posix()],
            defs: file
                .instructions
                .iter()
                .map(|inst| match &inst.body {
                    Body::Arg(pairs) => Defs::Arg(
                        pairs
                            .iter()
                            .map(|kv| {
                                (
                                    Rc::from(kv.key.text.as_str()),
                                    kv.value.as_ref().map(|v| Rc::from(v.text.as_str())),
                                )
                            })
                            .collect(),
                    ),
                    Body::Env(pairs) => Defs::Env(
                        pairs
                            .iter()
                            .map(|kv| {
                                let value = kv.value.as_ref().map_or("", |v| v.text.as_str());
                                (Rc::from(kv.key.text.as_str()), Rc::from(value))
                            })
                            .collect(),
                    ),
                    _ => Defs::None,
                })
                .collect(),
            escape: file.escape,
            build_args: config.build_args.clone(),
        };
        for name in predefined_names() {
            sem.global_args.insert(
                Rc::clone(&name),
                Var {
                    value: sem.build_args.get(&*name).map(|v| Rc::from(v.as_str())),
                    name,
                    kind: VarKind::Predefined,
                    defined_at: None,
                },
            );
        }
        let insts = &file.instructions;

        // Global ARGs and stage boundaries.
        let mut seen_from = false;
        for (i, inst) in insts.iter().enumerate() {
            match (&inst.body, seen_from) {
                (Body::Arg(pairs), false) => {
                    for kv in pairs {
                        let value = match (sem.build_args.get(&kv.key.text), &kv.value) {
                            (Some(v), _) => Some(Rc::from(v.as_str())),
                            (None, Some(default)) => {
                                let r = sem.resolve_global(&default.text);
                                r.is_complete().then(|| Rc::from(r.value))
                            }
                            (None, None) => None,
                        };
                        let name: Rc<str> = Rc::from(kv.key.text.as_str());
                        sem.global_args.insert(
                            Rc::clone(&name),
                            Var {
                                name,
                                value,
                                kind: VarKind::Arg,
                                defined_at: Some(i),
                            },
                        );
                    }
                }
                (Body::From(from), _) => {
                    seen_from = true;
                    let image = sem.resolve_global(&from.image.text);
                    let index = sem.stages.len();
                    let base = sem.base_of(&image);
                    if let Base::Stage(parent) = base {
                        sem.edges.push(Edge {
                            stage: index,
                            instruction: i,
                            kind: EdgeKind::From,
                            target: Target::Stage(parent),
                        });
                    }
                    if let Some(last) = sem.stages.last_mut() {
                        last.end = i;
                    }
                    if let Some(alias) = &from.alias {
                        sem.aliases
                            .entry(alias.text.to_ascii_lowercase())
                            .or_insert(index);
                    }
                    sem.stages.push(Stage {
                        index,
                        from: i,
                        end: insts.len(),
                        alias: from.alias.as_ref().map(|a| a.text.clone()),
                        image,
                        base,
                        is_final: false,
                        needed: false,
                    });
                }
                _ => {}
            }
            if seen_from {
                sem.stage_of[i] = Some(sem.stages.len() - 1);
            }
        }

        // ENV at the end of each stage (parents come before children).
        for s in 0..sem.stages.len() {
            let end = sem.stages[s].end;
            let mut history = History::default();
            let (_, env) = sem.replay(s, end, Some(&mut history));
            sem.history.push(history);
            sem.end_env.push(env);
        }

        // Shells and the --from edges.
        let mut pragma_shells = sem.pragmas.shells.clone().into_iter().peekable();
        let mut pragma_shell: Option<usize> = None;
        let mut current_shell = 0;
        for (i, inst) in insts.iter().enumerate() {
            while let Some((offset, name)) = pragma_shells.peek() {
                if *offset > inst.span.start {
                    break;
                }
                sem.shells.push(Shell::new(vec![name.clone()]));
                pragma_shell = Some(sem.shells.len() - 1);
                current_shell = sem.shells.len() - 1;
                pragma_shells.next();
            }
            let stage = sem.stage_of[i];
            match &inst.body {
                Body::From(_) => {
                    let s = stage.expect("a FROM starts a stage");
                    current_shell = match sem.stages[s].base {
                        Base::Stage(parent) => sem.shell_of[sem.stages[parent].end - 1],
                        _ => pragma_shell.unwrap_or(0),
                    };
                }
                Body::Shell(words) => {
                    sem.shells
                        .push(Shell::new(words.iter().map(|w| w.text.clone()).collect()));
                    current_shell = sem.shells.len() - 1;
                }
                _ => {}
            }
            sem.shell_of[i] = current_shell;
            if let Some(s) = stage {
                sem.collect_edges(s, i, inst);
            }
        }

        // The edges by stage, both ways.
        sem.edges_from = vec![Vec::new(); sem.stages.len()];
        sem.edges_to = vec![Vec::new(); sem.stages.len()];
        for (k, e) in sem.edges.iter().enumerate() {
            if let Some(from) = sem.edges_from.get_mut(e.stage) {
                from.push(k);
            }
            if let Target::Stage(t) = e.target {
                if let Some(to) = sem.edges_to.get_mut(t) {
                    to.push(k);
                }
            }
        }

        // Final stage and what it needs.
        if let Some(last) = sem.stages.last_mut() {
            last.is_final = true;
            last.needed = true;
            let mut queue = VecDeque::from([last.index]);
            while let Some(s) = queue.pop_front() {
                let targets: Vec<usize> = sem
                    .dependencies(s)
                    .filter_map(|e| match e.target {
                        Target::Stage(t) => Some(t),
                        Target::Image(_) => None,
                    })
                    .collect();
                for t in targets {
                    if !sem.stages[t].needed {
                        sem.stages[t].needed = true;
                        queue.push_back(t);
                    }
                }
            }
        }
        sem
    }

    /// Everything of `file` that [`Semantics::new`] reads but its comments
    /// (the pragmas, which [`Semantics::serves`] compares), written into
    /// `out`: two texts with the same key, pragmas and config have the
    /// same model. Keep in step with `new`: the escape character; per
    /// instruction, what kind it is, the names and values of an `ARG` or
    /// `ENV` as written, a `FROM`'s image and alias, a `SHELL`'s words, a
    /// `COPY`'s or `ADD`'s `--from`, a `RUN`'s `--mount`s.
    pub(crate) fn model_key(file: &Dockerfile, out: &mut String) {
        // A text as its length in decimal, `:` and itself; `~` for none.
        fn field(out: &mut String, text: Option<&str>) {
            let Some(t) = text else {
                out.push('~');
                return;
            };
            crate::position::push_decimal(out, t.len());
            out.push(':');
            out.push_str(t);
        }
        out.reserve(64 + 4 * file.instructions.len());
        out.push(file.escape);
        for inst in &file.instructions {
            match &inst.body {
                Body::Arg(pairs) | Body::Env(pairs) => {
                    out.push(if matches!(inst.body, Body::Arg(_)) {
                        'A'
                    } else {
                        'E'
                    });
                    for kv in pairs {
                        field(out, Some(&kv.key.text));
                        field(out, kv.value.as_ref().map(|v| v.text.as_str()));
                    }
                    out.push(';');
                }
                Body::From(from) => {
                    out.push('F');
                    field(out, Some(&from.image.text));
                    field(out, from.alias.as_ref().map(|a| a.text.as_str()));
                }
                Body::Shell(words) => {
                    out.push('S');
                    for w in words {
                        field(out, Some(&w.text));
                    }
                    out.push(';');
                }
                _ => out.push('-'),
            }
            match inst.keyword {
                Keyword::Copy | Keyword::Add => {
                    out.push('c');
                    let from = inst
                        .flag("from")
                        .map(|f| f.value.as_ref().map(|v| v.text.as_str()));
                    match from {
                        Some(value) => field(out, value),
                        None => out.push('!'),
                    }
                }
                Keyword::Run => {
                    out.push('r');
                    for flag in &inst.flags {
                        if flag.name.eq_ignore_ascii_case("mount") {
                            field(out, flag.value.as_ref().map(|v| v.text.as_str()));
                        }
                    }
                    out.push(';');
                }
                _ => out.push('.'),
            }
        }
    }

    /// Whether this model, computed for a text with the same
    /// [`Semantics::model_key`] as `file`, is `file`'s: the same build
    /// arguments and pragmas, and no shell pragma (whose place among the
    /// instructions the key does not hold).
    pub(crate) fn serves(&self, file: &Dockerfile, config: &Config) -> bool {
        self.escape == file.escape
            && self.build_args == config.build_args
            && self.pragmas.shells.is_empty()
            && self.pragmas == Pragmas::collect(file)
    }

    fn resolve_global(&self, text: &str) -> Resolved {
        expand::resolve(
            text,
            &expand::Env {
                vars: &self.global_args,
                undeclared: Undeclared::Empty,
                escape: self.escape,
            },
        )
    }

    fn base_of(&self, image: &Resolved) -> Base {
        if !image.is_complete() {
            return Base::Unresolved;
        }
        if let Some(stage) = self.stage_named(&image.value) {
            return Base::Stage(stage.index);
        }
        match ImageRef::parse(&image.value) {
            Some(r) if r.is_scratch() => Base::Scratch,
            Some(r) => Base::Image(r),
            None => Base::Unresolved,
        }
    }

    pub(crate) fn target_of(&self, current: usize, text: &str, at: usize) -> Target {
        let r = self.resolve(at, text);
        if r.is_complete() {
            if let Ok(n) = r.value.parse::<usize>() {
                if n < current {
                    return Target::Stage(n);
                }
            }
            if let Some(stage) = self.stage_named(&r.value) {
                if stage.index != current {
                    return Target::Stage(stage.index);
                }
            }
        }
        Target::Image(r)
    }

    fn collect_edges(&mut self, stage: usize, i: usize, inst: &Instruction) {
        match inst.keyword {
            Keyword::Copy | Keyword::Add => {
                if let Some(value) = inst.flag("from").and_then(|f| f.value.as_ref()) {
                    let target = self.target_of(stage, &value.text, i);
                    self.edges.push(Edge {
                        stage,
                        instruction: i,
                        kind: EdgeKind::CopyFrom,
                        target,
                    });
                }
            }
            Keyword::Run => {
                for flag in &inst.flags {
                    if !flag.name.eq_ignore_ascii_case("mount") {
                        continue;
                    }
                    let Some(value) = &flag.value else { continue };
                    let text = unquote(&value.text);
                    for field in text.split(',') {
                        if let Some((k, v)) = field.split_once('=') {
                            if k.trim().eq_ignore_ascii_case("from") {
                                let target = self.target_of(stage, v.trim(), i);
                                self.edges.push(Edge {
                                    stage,
                                    instruction: i,
                                    kind: EdgeKind::MountFrom,
                                    target,
                                });
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// The variables defined before instruction `upto` of stage `s` runs.
    /// With `record`, each definition is also added to it, by name.
    fn replay(&self, s: usize, upto: usize, mut record: Option<&mut History>) -> (VarMap, VarMap) {
        let stage = &self.stages[s];
        // Persistent maps: a stage starts from its parent's end without
        // copying it, so a chain (or a fan) of thousands of stages over
        // thousands of variables stays linear in time and memory.
        let inherited = match stage.base {
            Base::Stage(parent) => self.end_env.get(parent).cloned().unwrap_or_default(),
            _ => VarMap::new(),
        };
        // Every variable, and the `ENV`s only (what a child stage gets).
        let mut env = inherited.clone();
        let mut define = |vars: &mut VarMap, var: Var| {
            if let Some(record) = record.as_deref_mut() {
                let at = var.defined_at.unwrap_or(0);
                record
                    .entry(var.name.clone())
                    .or_default()
                    .push((at, var.clone()));
            }
            if var.kind == VarKind::Env {
                env.insert_mut(var.name.clone(), var.clone());
            }
            vars.insert_mut(var.name.clone(), var);
        };
        let mut vars = inherited;
        for i in stage.from + 1..upto.min(stage.end) {
            match &self.defs[i] {
                Defs::None => {}
                Defs::Arg(pairs) => {
                    for (name, default) in pairs {
                        if vars.get(name).is_some_and(|v| v.kind == VarKind::Env) {
                            // ENV always wins over ARG.
                            continue;
                        }
                        let value = if let Some(v) = self.build_args.get(&**name) {
                            Some(Rc::from(v.as_str()))
                        } else if let Some(default) = default {
                            self.value_in(&vars, default)
                        } else {
                            self.global_args.get(name).and_then(|g| g.value.clone())
                        };
                        define(
                            &mut vars,
                            Var {
                                name: Rc::clone(name),
                                value,
                                kind: VarKind::Arg,
                                defined_at: Some(i),
                            },
                        );
                    }
                }
                Defs::Env(pairs) => {
                    // All values of one ENV see the scope before it (one
                    // pair, the usual case, needs no list of them).
                    let values: Vec<Option<Rc<str>>> = if pairs.len() == 1 {
                        Vec::new()
                    } else {
                        pairs.iter().map(|(_, v)| self.value_in(&vars, v)).collect()
                    };
                    let mut values = values.into_iter();
                    for (name, raw) in pairs {
                        let value = match values.next() {
                            Some(v) => v,
                            None => self.value_in(&vars, raw),
                        };
                        define(
                            &mut vars,
                            Var {
                                name: Rc::clone(name),
                                value,
                                kind: VarKind::Env,
                                defined_at: Some(i),
                            },
                        );
                    }
                }
            }
        }
        (vars, env)
    }

    /// The value of `raw` (an `ARG` default or an `ENV` value as written)
    /// expanded with `vars`, when it is known: `raw` itself, shared, when
    /// there is nothing to expand.
    fn value_in(&self, vars: &VarMap, raw: &Rc<str>) -> Option<Rc<str>> {
        if expand::is_literal(raw, self.escape) {
            return Some(Rc::clone(raw));
        }
        let r = self.expand_in(vars, raw);
        r.is_complete().then(|| Rc::from(r.value))
    }

    fn expand_in(&self, vars: &VarMap, text: &str) -> Resolved {
        expand::resolve(
            text,
            &expand::Env {
                vars,
                undeclared: Undeclared::Unknown,
                escape: self.escape,
            },
        )
    }

    /// The variables in force for instruction `i` (before it runs).
    pub fn scope(&self, i: usize) -> Scope {
        match self.stage_of.get(i).copied().flatten() {
            Some(s) if self.stages[s].from != i => Scope {
                vars: self
                    .replay(s, i, None)
                    .0
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect(),
                undeclared: Undeclared::Unknown,
            },
            _ => {
                // FROM lines and the global section see the global ARGs
                // declared before them.
                let vars = self
                    .global_args
                    .iter()
                    .filter(|(_, v)| v.defined_at.is_none_or(|d| d < i))
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect();
                Scope {
                    vars,
                    undeclared: Undeclared::Empty,
                }
            }
        }
    }

    /// The variables in force for instruction `i`, looked up by name.
    fn scope_at(&self, i: usize) -> ScopeAt<'_> {
        ScopeAt {
            sem: self,
            stage: self
                .stage_of
                .get(i)
                .copied()
                .flatten()
                .filter(|&s| self.stages[s].from != i),
            at: i,
        }
    }

    /// Expand `text` as a word of instruction `i` would be.
    pub fn resolve(&self, i: usize, text: &str) -> Resolved {
        if !text.contains('$') {
            // Nothing to look up: only quotes and escapes are processed,
            // so the scope need not be replayed.
            return expand::resolve(
                text,
                &expand::Env {
                    vars: &expand::NoVars,
                    undeclared: Undeclared::Unknown,
                    escape: self.escape,
                },
            );
        }
        let at = self.scope_at(i);
        expand::resolve(
            text,
            &expand::Env {
                vars: &at,
                undeclared: if at.stage.is_some() {
                    Undeclared::Unknown
                } else {
                    Undeclared::Empty
                },
                escape: self.escape,
            },
        )
    }

    /// The stage instruction `i` belongs to (`None` before the first `FROM`).
    pub fn stage_of(&self, i: usize) -> Option<&Stage> {
        self.stage_of
            .get(i)
            .copied()
            .flatten()
            .map(|s| &self.stages[s])
    }

    /// The stage whose `AS` name is `name` (case-insensitive, as BuildKit).
    pub fn stage_named(&self, name: &str) -> Option<&Stage> {
        let index = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            *self.aliases.get(&name.to_ascii_lowercase())?
        } else {
            *self.aliases.get(name)?
        };
        self.stages.get(index)
    }

    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// Edges out of stage `s` (what it depends on).
    pub fn dependencies(&self, s: usize) -> impl Iterator<Item = &Edge> {
        let edges = self.edges_from.get(s).map_or(&[][..], Vec::as_slice);
        edges.iter().map(|&k| &self.edges[k])
    }

    /// Edges into stage `s` (who uses it).
    pub fn dependents(&self, s: usize) -> impl Iterator<Item = &Edge> {
        let edges = self.edges_to.get(s).map_or(&[][..], Vec::as_slice);
        edges.iter().map(|&k| &self.edges[k])
    }

    /// The shell `RUN` instruction `i` runs under.
    pub fn shell(&self, i: usize) -> &Shell {
        &self.shells[self.shell_of.get(i).copied().unwrap_or(0)]
    }

    /// False when instruction `i` runs under PowerShell or cmd.
    pub fn shell_is_posix(&self, i: usize) -> bool {
        self.shell(i).posix
    }
}

/// What an instruction defines, kept to replay scopes.
#[derive(Clone, Debug)]
enum Defs {
    None,
    /// `(name, default as written)`
    Arg(Vec<(Rc<str>, Option<Rc<str>>)>),
    /// `(name, value as written)`
    Env(Vec<(Rc<str>, Rc<str>)>),
}

/// The names of [`PREDEFINED_ARGS`], made once per thread (every lint
/// defines all of them).
fn predefined_names() -> [Rc<str>; 8] {
    thread_local! {
        static NAMES: [Rc<str>; 8] = PREDEFINED_ARGS.map(Rc::from);
    }
    NAMES.with(|names| names.clone())
}

/// `text` without one pair of matching quotes around the whole of it
/// (`"a,b"` → `a,b`, `'x'` → `x`; `"a'`, `"` and `a"b"` stay as they
/// are). Nothing is trimmed and nothing inside is unescaped.
///
/// The one `unquote` of the core: [`pkg::unquote`] is this
/// on trimmed text. Two others do something else on purpose and are named
/// for it: [`crate::syntax::Word::unquoted`] reads a word as BuildKit does
/// (quotes anywhere, escapes resolved), and
/// `rules::hadolint::scan::drop_quotes` strips every quote character at
/// either end, as hadolint's `Text.dropAround` does (parity).
pub fn unquote(text: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(q).and_then(|t| t.strip_suffix(q)) {
            return inner;
        }
    }
    text
}

#[cfg(test)]
mod tests;
