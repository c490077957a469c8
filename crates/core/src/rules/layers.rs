//! Joining consecutive `RUN`s into one layer, the fix shared by DL3059
//! (consecutive `RUN`s), DD004 (build dependencies removed in a later
//! layer), DD005 (caches cleaned in a later layer) and DD015 (one package
//! manager split over several `RUN`s).
//!
//! Every rule that joins the same two `RUN`s proposes the *same* edit, so
//! the fix engine applies it once when several of them fire.

use crate::diagnostic::{Applicability, Edit, Fix};
use crate::rules::hadolint::scan::{command_name, run_script};
use crate::rules::Checker;
use crate::semantics::Semantics;
use crate::syntax::shell::{Op, Script};
use crate::syntax::{Body, CommandForm, Dockerfile, Instruction, ItemKind, Span};

/// Commands that change the shell's state for what follows them.
pub const STATEFUL: &[&str] = &[
    "cd", "pushd", "popd", "export", "set", "unset", "source", ".", "alias", "unalias", "umask",
    "ulimit", "trap", "exit", "return", "exec", "shopt", "eval", "declare", "typeset", "local",
    "readonly", "shift", "hash",
];

/// The flags of a `RUN`, normalised for comparison.
pub type FlagKey = Vec<(String, String)>;

pub fn flag_key(inst: &Instruction) -> FlagKey {
    let mut key: Vec<(String, String)> = inst
        .flags
        .iter()
        .map(|f| {
            (
                f.name.to_ascii_lowercase(),
                f.value.as_ref().map_or(String::new(), |v| v.text.clone()),
            )
        })
        .collect();
    key.sort();
    key
}

/// Whether the top-level commands of `script` are joined by `&&` (and
/// pipes) only: prefixed with `x && `, a failure of `x` still fails the
/// whole (`x && a; b` would run `b` anyway, `x && a || b` too).
pub fn and_chained(script: &Script) -> bool {
    script
        .commands
        .iter()
        .filter(|c| c.depth == 0)
        .all(|c| matches!(c.op_before, None | Some(Op::And | Op::Pipe)))
}

/// The edits that join the `RUN` at instruction `first` with the `RUN`
/// right after it: `RUN a` + `RUN b` → `RUN a && \` + `    b`. Comment
/// lines between them move above the first (inside the joined `RUN` they
/// would sit in the middle of a continuation).
///
/// `None` unless the join keeps behaviour: both are shell-form `RUN`s
/// (not in `ONBUILD`) with the same flags and no heredocs, both run
/// under a POSIX shell (not a `SHELL` running PowerShell or cmd, as
/// `semantics` resolves it per stage), only blank lines and whole-line
/// comments separate them, the second's commands are joined by `&&` only
/// (a `;` or `||` in it would let a failure of the first pass: `a && b
/// || true`), the first script parses, has no shell comment
/// (`RUN a # why`: what is appended would be part of the comment, and the
/// command lost) and cannot change the state the second runs in (no `cd`,
/// `export`, `set`, `source`, variable assignment, background job or
/// `exit`), and it does not end in an operator or a line continuation.
///
/// Constant work per call apart from the two instructions' own text (the
/// rules call it for every pair of a file).
pub fn join_edit(file: &Dockerfile, semantics: &Semantics, first: usize) -> Option<Join> {
    let (join, comments_between) = join_parts(file, semantics, first)?;
    Some(Join {
        edits: vec![join],
        comments_between,
    })
}

/// The edits of a join, and whether comment lines stood between the
/// `RUN`s (they stay where they are, inside the joined `RUN`).
#[derive(Clone, Debug)]
pub struct Join {
    pub edits: Vec<Edit>,
    /// Comment lines stood between the `RUN`s; they stay in place, as
    /// comment lines of the joined `RUN`'s continuation, which the
    /// Dockerfile parser drops before the shell sees the command.
    pub comments_between: bool,
}

impl Join {
    /// The fix making this join, with `applicability`; offered unticked,
    /// as a risk, when comment lines stand between the `RUN`s: the image
    /// is the same, but a comment between two steps says they were split
    /// on purpose, and reading it inside the joined `RUN` is the author's
    /// call (reviewers of real rewrites asked to revert exactly this).
    pub fn fix(self, message: impl Into<String>, applicability: Applicability) -> Fix {
        if self.comments_between {
            Fix::risky(
                message,
                self.edits,
                "the comment lines between the RUNs end up inside the joined RUN: they were split on purpose",
            )
        } else {
            Fix {
                applicability,
                ..Fix::safe(message, self.edits)
            }
        }
    }
}

/// The edit of [`join_edit`] between the two `RUN`s, and whether comment
/// lines stand between them (kept in place, indented as continuation
/// lines).
fn join_parts(file: &Dockerfile, semantics: &Semantics, first: usize) -> Option<(Edit, bool)> {
    let a = file.instructions.get(first)?;
    let b = file.instructions.get(first + 1)?;
    let (
        Body::Run(CommandForm::Shell {
            text: t1,
            script: s1,
        }),
        Body::Run(CommandForm::Shell { text: t2, .. }),
    ) = (&a.body, &b.body)
    else {
        return None;
    };
    if !a.heredocs.is_empty()
        || !b.heredocs.is_empty()
        || !s1.errors.is_empty()
        || !s1.comments.is_empty()
        || flag_key(a) != flag_key(b)
    {
        return None;
    }
    // Under PowerShell or cmd the scripts are not POSIX shell (`SHELL
    // ["/bin/bash", "-o", "pipefail", "-c"]` is fine).
    if !semantics.shell_is_posix(first) || !semantics.shell_is_posix(first + 1) {
        return None;
    }
    let stateful = s1.commands.iter().any(|c| {
        (c.name().is_none() && !c.assignments.is_empty())
            || c.name().is_some_and(|n| STATEFUL.contains(&n))
            || c.op_before == Some(Op::Background)
    });
    // The second's commands are joined by `&&` only: after `a && `, a
    // `;` or `||` in it would let a failure of `a` pass (`a && b || true`
    // is `(a && b) || true`).
    let and_list = match &b.body {
        Body::Run(CommandForm::Shell { script, .. }) => and_chained(script),
        _ => false,
    };
    let trimmed = t1.text.trim_end();
    if stateful
        || !and_list
        || trimmed.ends_with(['&', '|', ';', '\\'])
        || trimmed.is_empty()
        || t2.text.trim().is_empty()
    {
        return None;
    }
    let source = file.source.as_str();
    // Between the two: only blank lines and whole-line comments. Items
    // are in source order: only those from the first's end on can lie
    // between the two.
    let from = file
        .items
        .partition_point(|item| item.span.end <= a.span.end);
    let between_instructions = file.items[from..]
        .iter()
        .take_while(|item| item.span.start < b.span.start)
        .any(|item| matches!(item.kind, ItemKind::Error | ItemKind::Directive));
    if between_instructions
        || source
            .get(t1.span.end..a.span.end)
            .is_none_or(|tail| tail.contains('#'))
    {
        return None;
    }
    let mut comments = String::new();
    for line in source.get(a.span.end..b.span.start)?.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if !trimmed.starts_with('#') || trimmed.ends_with(file.escape) {
            return None;
        }
        comments.push_str("    ");
        comments.push_str(trimmed);
        comments.push('\n');
    }
    let esc = file.escape;
    Some((
        Edit::replace(
            Span::new(t1.span.end, t2.span.start),
            format!(" && {esc}\n{comments}    "),
        ),
        !comments.is_empty(),
    ))
}

/// The edits joining every `RUN` from instruction `first` to `last`
/// (inclusive) into one, when every instruction in between is a `RUN` and
/// every pair can be joined ([`join_edit`]); comment lines between them
/// stay in place.
pub fn join_range(
    file: &Dockerfile,
    semantics: &Semantics,
    first: usize,
    last: usize,
) -> Option<Join> {
    if last <= first {
        return None;
    }
    let mut edits = Vec::new();
    let mut comments_between = false;
    for i in first..last {
        let (join, comments) = join_parts(file, semantics, i)?;
        edits.push(join);
        comments_between |= comments;
    }
    Some(Join {
        edits,
        comments_between,
    })
}

/// The commands of a `RUN` as hadolint counts them (those with a name);
/// `None` when `inst` is not a `RUN`. hadolint (through ShellCheck) sees
/// no command at all in a script it cannot parse.
pub(crate) fn command_count(inst: &Instruction) -> Option<usize> {
    let script = run_script(inst)?;
    if !script.errors.is_empty() {
        return Some(0);
    }
    Some(
        script
            .commands
            .iter()
            .filter(|c| command_name(c).is_some())
            .count(),
    )
}

/// True when DL3059 reports `RUN` `second` right after `RUN` `first`.
pub(crate) fn reports_pair(first: &Instruction, second: &Instruction) -> bool {
    match (command_count(first), command_count(second)) {
        (Some(a), Some(b)) => would_pair(first, a, second, b),
        _ => false,
    }
}

/// Whether DL3059 would report the pair of instructions `first`,
/// `second` (adjacent `RUN`s) if they ran `first_count` and
/// `second_count` commands: for fixes that shorten a `RUN` (DL3003).
/// `first` and `second` (both `RUN`s: callers pass a count over 1 for
/// anything else) would be reported as a pair, given their command counts.
pub(crate) fn would_pair(
    first: &Instruction,
    first_count: usize,
    second: &Instruction,
    second_count: usize,
) -> bool {
    first_count <= 1 && second_count <= 1 && flag_key(first) == flag_key(second)
}

/// Whether DL3059's fix could join `RUN` `file.instructions[first]`
/// with the `RUN` that follows it.
pub(crate) fn joinable(cx: &Checker, first: usize) -> bool {
    join_edit(cx.file, cx.semantics(), first).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::apply_edits;

    fn joined(text: &str, first: usize, last: usize) -> Option<String> {
        let file = crate::syntax::parse(text);
        let semantics = Semantics::new(&file, &crate::config::Config::default());
        join_range(&file, &semantics, first, last).map(|j| apply_edits(text, &j.edits))
    }

    #[test]
    fn joins_a_chain() {
        let text = "FROM a:1\nRUN a\nRUN b && c\nRUN d\nCMD x\n";
        assert_eq!(
            joined(text, 1, 3).as_deref(),
            Some("FROM a:1\nRUN a && \\\n    b && c && \\\n    d\nCMD x\n")
        );
        let out = joined(text, 1, 3).unwrap();
        assert!(crate::syntax::parse(&out).errors.is_empty());
    }

    #[test]
    fn refuses_what_changes_behaviour() {
        for text in [
            "FROM a:1\nRUN cd /x\nRUN make\n",
            "FROM a:1\nRUN a\n# ends with \\\nRUN b\n",
            "FROM a:1\nRUN --mount=type=cache,target=/c a\nRUN b\n",
            "FROM a:1\nRUN a\nENV X=1\n",
            "FROM a:1\nRUN a &\nRUN b\n",
            "FROM a:1\nRUN [\"a\"]\nRUN b\n",
            "FROM a:1\nSHELL [\"pwsh\", \"-c\"]\nRUN a\nRUN b\n",
        ] {
            let first = if text.contains("SHELL") { 2 } else { 1 };
            assert_eq!(joined(text, first, first + 1), None, "{text}");
        }
        assert_eq!(joined("FROM a:1\nRUN a\n", 1, 1), None);
        assert!(joined(
            "FROM a:1\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\nRUN c\n",
            2,
            3
        )
        .is_some());
        // A comment between them stays in place, in the continuation; a
        // comment ending the first: the second would be commented out.
        assert_eq!(
            joined("FROM a:1\nRUN a\n\n# why\nRUN b\n", 1, 2).as_deref(),
            Some("FROM a:1\nRUN a && \\\n    # why\n    b\n")
        );
        assert_eq!(
            joined("FROM a:1\n  RUN a\n# x\n  RUN b\n  # y\n  RUN c\n", 1, 3).as_deref(),
            Some("FROM a:1\n  RUN a && \\\n    # x\n    b && \\\n    # y\n    c\n")
        );
        assert_eq!(
            joined("FROM a:1\nRUN ln -s a /b # compat\nRUN chmod +x /x\n", 1, 2),
            None
        );
        assert_eq!(
            joined("FROM a:1\nRUN a\n\nRUN b # why\n", 1, 2).as_deref(),
            Some("FROM a:1\nRUN a && \\\n    b # why\n")
        );
    }
}
