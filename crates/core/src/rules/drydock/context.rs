//! Readers shared by the build-cache and layer rules: what a `COPY`/`ADD`
//! takes from the build context, the working directory an instruction
//! runs in, and which stages' layers end up in the image.

use crate::rules::Checker;
/// Moved to `semantics::workdir`; kept here for the code that reads them.
pub use crate::semantics::workdir::{clean_path, join_path, PATH_MAX};
use crate::semantics::{Base, Semantics};
use crate::syntax::{Body, CopyBody, Instruction};

/// The `COPY`/`ADD` body of an instruction that reads the build context
/// (no `--from`), with `true` for `ADD`.
pub fn context_copy(inst: &Instruction) -> Option<(&CopyBody, bool)> {
    if inst.flag("from").is_some() {
        return None;
    }
    match &inst.body {
        Body::Copy(body) => Some((body, false)),
        Body::Add(body) => Some((body, true)),
        _ => None,
    }
}

/// A source naming the whole build context: `.`, `./`, `*`, `./*`, `/`.
pub fn is_whole_context(source: &str) -> bool {
    let s = crate::rules::pkg::unquote(source);
    let s = s.trim_start_matches("./");
    matches!(s, "" | "." | "*" | "/" | "./" | "/.")
}

/// The instruction copies the whole build context (`COPY . .`,
/// `ADD . /app`, `COPY * ./`).
pub fn copies_whole_context(inst: &Instruction) -> bool {
    context_copy(inst)
        .is_some_and(|(body, _)| body.sources.iter().any(|s| is_whole_context(&s.text)))
}

/// The working directory instruction `i` runs in, as far as the file
/// tells: an absolute path, or a path relative to the base image's own
/// working directory (`""` when no `WORKDIR` applies). `None` when a
/// `WORKDIR` depends on a variable whose value is unknown.
pub fn workdir_at(cx: &Checker, i: usize) -> Option<String> {
    cx.workdirs().get(i)?.as_deref().map(str::to_string)
}

/// For each stage: its layers are part of the final image (the final
/// stage and the stages it is built `FROM`).
pub fn in_final_image(sem: &Semantics) -> Vec<bool> {
    let mut out = vec![false; sem.stages.len()];
    let Some(last) = sem.stages.last() else {
        return out;
    };
    let mut at = last.index;
    loop {
        out[at] = true;
        match sem.stages[at].base {
            Base::Stage(parent) if parent < at && !out[parent] => at = parent,
            _ => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(clean_path("./a//b/../c/"), "a/c");
        assert_eq!(clean_path("/app/."), "/app");
        assert_eq!(clean_path("."), "");
        assert_eq!(join_path("/app", "src"), "/app/src");
        assert_eq!(join_path("", "./x"), "x");
        assert_eq!(join_path("/app", "/srv"), "/srv");
        for s in [".", "./", "*", "./*", "\".\""] {
            assert!(is_whole_context(s), "{s}");
        }
        for s in ["src", "./src", "requirements.txt", "*.py"] {
            assert!(!is_whole_context(s), "{s}");
        }
    }

    /// `workdir_at` read from its definition: the `WORKDIR`s of the
    /// stage's chain of base stages, oldest first, then of the stage up to
    /// the instruction.
    fn by_definition(cx: &Checker, i: usize) -> Option<String> {
        let sem = cx.semantics();
        let stage = sem.stage_of(i)?;
        let mut chain = vec![stage.index];
        let mut at = stage.index;
        while let Base::Stage(parent) = sem.stages[at].base {
            if parent >= at || chain.contains(&parent) {
                break;
            }
            chain.push(parent);
            at = parent;
        }
        let mut dir = String::new();
        for &s in chain.iter().rev() {
            let st = &sem.stages[s];
            let end = if s == stage.index { i } else { st.end };
            for j in st.from + 1..end {
                if let Body::Workdir(w) = &cx.file.instructions[j].body {
                    let resolved = cx.resolve(j, &w.text);
                    if !resolved.is_complete() {
                        return None;
                    }
                    dir = join_path(&dir, &resolved.value);
                }
            }
        }
        Some(dir)
    }

    #[test]
    fn workdir_table_matches_the_definition() {
        let texts = [
            "FROM a\nRUN x\nWORKDIR /app\nRUN y\nWORKDIR src\nRUN z\n",
            "ARG D=/x\nFROM a AS one\nWORKDIR $D\nRUN a\nFROM one AS two\nRUN b\nWORKDIR c\nFROM two\nRUN d\n",
            "FROM a AS one\nWORKDIR $UNKNOWN\nRUN a\nFROM one\nRUN b\nWORKDIR /abs\nRUN c\n",
            "FROM later AS first\nWORKDIR w\nFROM first AS later\nRUN a\nFROM scratch\nWORKDIR /\nCOPY . .\n",
            "FROM a\nWORKDIR ./a/../b//c/\nONBUILD RUN x\nWORKDIR ..\nRUN y\n",
            "RUN before\nWORKDIR /nowhere\nFROM a\nRUN x\n",
        ];
        for text in texts {
            let file = crate::syntax::parse(text);
            let config = crate::Config::default();
            let semantics = crate::semantics::Semantics::new(&file, &config);
            let inputs = crate::Inputs::default();
            let lazy = crate::rules::Lazy::default();
            let mut out = Vec::new();
            let cx = Checker {
                file: &file,
                config: &config,
                semantics: &semantics,
                inputs: &inputs,
                runs: &[],
                lazy: &lazy,
                rule: &crate::rules::hadolint::dl3000::RULE,
                out: &mut out,
            };
            let found: Vec<Option<String>> = (0..file.instructions.len())
                .map(|i| workdir_at(&cx, i))
                .collect();
            let wanted: Vec<Option<String>> = (0..file.instructions.len())
                .map(|i| by_definition(&cx, i))
                .collect();
            assert_eq!(found, wanted, "{text:?}");
            if text == texts[0] {
                let dirs: Vec<Option<&str>> = found.iter().map(|d| d.as_deref()).collect();
                let (root, app, src) = (Some(""), Some("/app"), Some("/app/src"));
                assert_eq!(dirs, [root, root, root, app, app, src]);
            }
        }
    }
}
