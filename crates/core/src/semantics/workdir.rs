//! The working directory: where each instruction runs, as far as the file
//! tells, and where stages set a `WORKDIR`. Computed from the tree and the
//! semantics (variables, stages, base images); the rules read it through
//! `Checker::workdirs`, `Checker::absolute_workdirs` and
//! `Checker::stage_workdirs`, which compute each table once per lint.
//!
//! Two tables, because two kinds of rule need two answers: the relative
//! table (a path relative to the base image's own working directory,
//! `..` resolved) serves the build-context rules; the absolute table (the
//! base image's working directory known from its Dockerfile, `..` kept)
//! serves hadolint's DL3000, DL3003 and DL3045.

use std::rc::Rc;

use super::image::base_workdir;
use super::{Base, Semantics};
use crate::syntax::{Body, Dockerfile, Keyword};

/// `path` cleaned like a Go path: `.`/empty segments and `..` resolved,
/// no trailing slash. Relative paths stay relative (`""` is the current
/// directory).
pub fn clean_path(path: &str) -> String {
    match super::dockerignore::clean(path) {
        dot if dot == "." => String::new(),
        cleaned => cleaned,
    }
}

/// `path` taken relative to `dir` (absolute paths stay as they are).
pub fn join_path(dir: &str, path: &str) -> String {
    if path.starts_with('/') || dir.is_empty() {
        clean_path(path)
    } else {
        clean_path(&format!("{dir}/{path}"))
    }
}

/// The longest path Linux accepts (`PATH_MAX`). A working directory
/// longer than that (a thousand `WORKDIR sub`s) is unknown: no build can
/// use it, and keeping it would make each instruction cost its length.
pub const PATH_MAX: usize = 4096;

/// The working directory each instruction runs in, as far as the file
/// tells: an absolute path, or a path relative to the base image's own
/// working directory (`""` when no `WORKDIR` applies); `None` when a
/// `WORKDIR` depends on a variable whose value is unknown. One pass; the
/// rules' `Checker::workdirs` computes it once per lint.
pub fn relative_table(file: &Dockerfile, sem: &Semantics) -> Vec<Option<Rc<str>>> {
    let mut out: Vec<Option<Rc<str>>> = vec![None; file.instructions.len()];
    // The directory each stage ends in (`None`: unknown).
    let mut ends: Vec<Option<Rc<str>>> = Vec::with_capacity(sem.stages.len());
    for stage in &sem.stages {
        // A stage builds on an earlier stage's end; the chain stops at a
        // stage named later (or itself), as BuildKit's cannot loop.
        let mut dir: Option<Rc<str>> = match stage.base {
            Base::Stage(parent) if parent < stage.index => ends.get(parent).cloned().flatten(),
            _ => Some(Rc::from("")),
        };
        for j in stage.from..stage.end.min(out.len()) {
            out[j] = dir.clone();
            if j == stage.from {
                continue;
            }
            if let Body::Workdir(w) = &file.instructions[j].body {
                let resolved = sem.resolve(j, &w.text);
                dir = match (&dir, resolved.is_complete()) {
                    (Some(d), true) => Some(join_path(d, &resolved.value))
                        .filter(|p| p.len() <= PATH_MAX)
                        .map(Rc::from),
                    _ => None,
                };
            }
        }
        ends.push(dir);
    }
    out
}

/// The working directory each instruction runs in, when known (shared,
/// not copied, between the instructions it stays the same for): set by
/// an earlier `WORKDIR` of the stage (or of the stage it is built on), or
/// `/` in a stage on an image known to set none ([`plain_image`]).
pub fn absolute_table(file: &Dockerfile, sem: &Semantics) -> Vec<Option<Rc<str>>> {
    let mut out = Vec::with_capacity(file.instructions.len());
    // The working directory each stage ends in, when known.
    let mut stage_end: Vec<Option<Rc<str>>> = Vec::new();
    let mut current: Option<Rc<str>> = None;
    for (i, inst) in file.instructions.iter().enumerate() {
        match &inst.body {
            Body::From(_) => {
                if let Some(stage) = sem.stage_of(i) {
                    if stage.index > 0 {
                        stage_end.push(current.take());
                    }
                    current = match &stage.base {
                        Base::Stage(p) => stage_end.get(*p).cloned().flatten(),
                        _ => stage.image_ref().and_then(base_workdir).map(Rc::from),
                    };
                }
                out.push(None);
            }
            Body::Workdir(word) => {
                out.push(current.clone());
                current = workdir_after(sem, i, &word.text, current.as_deref()).map(Rc::from);
            }
            _ => out.push(current.clone()),
        }
    }
    out
}

/// The (absolute) working directory after `WORKDIR text` at instruction `i`, when it
/// can be known (no unknown variable; a relative path needs the previous
/// directory).
pub fn workdir_after(
    sem: &Semantics,
    i: usize,
    text: &str,
    before: Option<&str>,
) -> Option<String> {
    let r = sem.resolve(i, text);
    if !r.is_complete() {
        return None;
    }
    let path = r.value.as_str();
    let dir = if path.starts_with('/') {
        Some(normalize(path))
    } else {
        before.map(|b| normalize(&format!("{b}/{path}")))
    };
    dir.filter(|d| d.len() <= PATH_MAX)
}

/// `/a//b/./c/` → `/a/b/c` (no `..` resolution: such paths stay unknown
/// for comparisons, which only makes the fix rarer).
pub fn normalize(path: &str) -> String {
    let parts: Vec<&str> = path
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    format!("/{}", parts.join("/"))
}

/// Where stages set a `WORKDIR` (the rules' `Checker::stage_workdirs`).
pub struct StageWorkdirs {
    /// Per stage, its first `WORKDIR` instruction.
    pub first: Vec<Option<usize>>,
    /// Per stage, a stage it is built on (directly or not) has one.
    pub inherited: Vec<bool>,
}

/// Per stage, where it and the stages it is built on set a `WORKDIR`.
pub fn stage_table(file: &Dockerfile, sem: &Semantics) -> StageWorkdirs {
    let first: Vec<Option<usize>> = sem
        .stages
        .iter()
        .map(|st| {
            st.instructions()
                .find(|&j| file.instructions[j].keyword == Keyword::Workdir)
        })
        .collect();
    let mut inherited = vec![false; sem.stages.len()];
    for st in &sem.stages {
        if let Base::Stage(p) = st.base {
            if p < st.index {
                inherited[st.index] = first[p].is_some() || inherited[p];
            }
        }
    }
    StageWorkdirs { first, inherited }
}
