//! The engine's guarantee that no fix loses a command.
//!
//! Every program a `RUN` runs (shell form, heredoc bodies, exec form,
//! `ONBUILD RUN` too) is counted by name before and after a round's edits.
//! A round in which some program is run fewer times than before is
//! dropped, whatever the fixes say: a join that puts the next command
//! behind a shell comment (`RUN ln -s a /b # compat` then `&& chmod +x
//! /x`), an edit that swallows a line, a deleted `RUN`.
//!
//! Fixes do legitimately rename or remove a few programs, and those are
//! counted as what they become:
//! - `sudo X` counts as `X` (DL3004 drops a `sudo` the step does not need);
//! - `apt` counts as `apt-get` (DL3027);
//! - `cd` is not counted: DL3003 turns a leading `cd` into a `WORKDIR`.

use super::hash::HashMap;

use crate::syntax::shell::Script;
use crate::syntax::{Body, CommandForm, Dockerfile, Instruction};

/// How many times each program is run by the `RUN`s of a file (the
/// names borrowed from its tree).
pub(crate) type Counts<'a> = HashMap<&'a str, usize>;

/// The programs the `RUN`s of `file` run, counted by name.
pub(crate) fn counts(file: &Dockerfile) -> Counts<'_> {
    // Room for the programs of most files at once.
    let mut out = Counts::with_capacity_and_hasher(32, Default::default());
    for inst in file.all_instructions() {
        let Body::Run(form) = &inst.body else {
            continue;
        };
        match form {
            CommandForm::Exec { args, .. } => {
                if let Some(first) = args.first() {
                    count(&mut out, &first.text);
                }
            }
            CommandForm::Shell { script, .. } => {
                count_script(&mut out, script);
                for script in heredoc_scripts(inst) {
                    count_script(&mut out, script);
                }
            }
        }
    }
    out
}

fn heredoc_scripts(inst: &Instruction) -> impl Iterator<Item = &Script> {
    inst.heredocs.iter().filter_map(|h| h.script.as_ref())
}

fn count_script<'a>(out: &mut Counts<'a>, script: &'a Script) {
    for cmd in &script.commands {
        let mut words = cmd.words.iter().filter(|w| !w.has_expansion);
        let Some(mut name) = words.next().map(|w| w.value.as_str()) else {
            continue;
        };
        if name == "sudo" {
            match words.find(|w| !w.value.starts_with('-')) {
                Some(w) => name = w.value.as_str(),
                None => continue,
            }
        }
        count(out, name);
    }
}

fn count<'a>(out: &mut Counts<'a>, name: &'a str) {
    let name = match name {
        "apt" => "apt-get",
        "cd" => return,
        other => other,
    };
    *out.entry(name).or_insert(0) += 1;
}

/// No program is run fewer times `now` than `before`.
pub(crate) fn kept(before: &Counts<'_>, now: &Counts<'_>) -> bool {
    before
        .iter()
        .all(|(name, n)| now.get(name).copied().unwrap_or(0) >= *n)
}

/// The programs `before` runs more often than `after`.
#[cfg(test)]
pub(crate) fn lost(before: &Counts<'_>, after: &Dockerfile) -> Vec<String> {
    let now = counts(after);
    let mut out: Vec<String> = before
        .iter()
        .filter(|(name, n)| now.get(*name).copied().unwrap_or(0) < **n)
        .map(|(name, _)| name.to_string())
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_behind_a_comment_is_lost() {
        let before_file =
            crate::syntax::parse("FROM a\nRUN ln -s a /b # compat\nRUN chmod +x /x\n");
        let before = counts(&before_file);
        let after =
            crate::syntax::parse("FROM a\nRUN ln -s a /b # compat && \\\n    chmod +x /x\n");
        assert!(!kept(&before, &counts(&after)));
        assert_eq!(lost(&before, &after), ["chmod"]);
        let joined = crate::syntax::parse("FROM a\nRUN ln -s a /b && \\\n    chmod +x /x\n");
        assert!(kept(&before, &counts(&joined)));
    }

    #[test]
    fn renamed_and_removed_as_fixes_do() {
        let before_file =
            crate::syntax::parse("FROM a\nRUN sudo apt install -y x\nRUN cd /src && make\n");
        let before = counts(&before_file);
        let after =
            crate::syntax::parse("FROM a\nRUN apt-get install -y x\nWORKDIR /src\nRUN make\n");
        assert!(kept(&before, &counts(&after)));
        let heredoc = crate::syntax::parse("FROM a\nRUN <<EOF\nmake\nmake install\nEOF\n");
        assert_eq!(counts(&heredoc).get("make"), Some(&2));
        let exec = crate::syntax::parse("FROM a\nRUN [\"make\", \"all\"]\nONBUILD RUN make\n");
        assert_eq!(counts(&exec).get("make"), Some(&2));
    }
}
