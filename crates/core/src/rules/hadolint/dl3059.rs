use crate::fix::{Edit, Fix};
use crate::rules::hadolint::scan::run_script;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::Op;
use crate::syntax::{Body, CommandForm, Instruction, ItemKind, Span};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3059",
    name: "consecutive-run",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Multiple consecutive `RUN` instructions. Consider consolidation.",
    docs: r#"
## What it does
Reports a `RUN` that directly follows another `RUN` (comments between
them do not count) with the same flags, when both run a single command.
`RUN`s that already chain commands are taken as deliberately split.
(hadolint's source says "more than two commands", but it counts every
command twice; the effective limit, kept here, is one.)

## Why is this bad?
Each `RUN` makes a layer. Files created in one layer and deleted in the
next still ship in the image, and more layers mean more to pull and
store. Short steps that belong together read as well joined with `&&`.

When both are shell-form `RUN`s without heredocs, with nothing but
blank lines and comment lines between them (the comments stay, inside
the joined `RUN`), and the first one cannot change the state the
second runs in (no `cd`, `export`, `set`, `source`, variable assignment,
background job or `exit`), the fix joins them with ` && \`. It is safe:
the commands run in the same order and the step fails when either fails.

## Example
```dockerfile
FROM debian:12
RUN apt-get update
RUN apt-get install -y curl
```

## Use instead
```dockerfile
FROM debian:12
RUN apt-get update && \
    apt-get install -y curl
```
"#,
    check,
};

/// Commands that change the shell's state for what follows them.
const STATEFUL: &[&str] = &[
    "cd", "pushd", "popd", "export", "set", "unset", "source", ".", "alias", "unalias", "umask",
    "ulimit", "trap", "exit", "return", "exec", "shopt", "eval", "declare", "typeset", "local",
    "readonly", "shift", "hash",
];

/// The flags of a RUN, normalised for comparison.
type FlagKey = Vec<(String, String)>;

fn flag_key(inst: &Instruction) -> FlagKey {
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

fn check(cx: &mut Checker) {
    let file = cx.file;
    let source = cx.source();
    // Previous RUN: (index, flags, command count).
    let mut prev: Option<(usize, FlagKey, usize)> = None;
    for (i, inst) in file.instructions.iter().enumerate() {
        let Some(count) = command_count(inst) else {
            prev = None;
            continue;
        };
        let flags = flag_key(inst);
        if let Some((p, pflags, pcount)) = &prev {
            if *pflags == flags && count <= 1 && *pcount <= 1 {
                let first = &file.instructions[*p];
                match merge_fix(source, file, *p, first, inst) {
                    Some(fix) => cx.report_fix(inst.span, RULE.summary, fix),
                    None => {
                        cx.report(inst.span, RULE.summary);
                    }
                }
            }
        }
        prev = Some((i, flags, count));
    }
}

/// The commands of a `RUN` as hadolint counts them (those with a name);
/// `None` when `inst` is not a `RUN`.
pub(crate) fn command_count(inst: &Instruction) -> Option<usize> {
    let script = run_script(inst)?;
    // hadolint (through ShellCheck) sees no command at all in a script it
    // cannot parse.
    Some(if script.errors.is_empty() {
        script
            .commands
            .iter()
            .filter(|c| crate::rules::hadolint::scan::command_name(c).is_some())
            .count()
    } else {
        0
    })
}

/// Whether this rule would report the pair of instructions `first`,
/// `second` (adjacent `RUN`s) if they ran `first_count` and
/// `second_count` commands: for fixes that shorten a `RUN` (DL3003).
pub(crate) fn would_pair(
    first: &Instruction,
    first_count: usize,
    second: &Instruction,
    second_count: usize,
) -> bool {
    command_count(first).is_some()
        && command_count(second).is_some()
        && first_count <= 1
        && second_count <= 1
        && flag_key(first) == flag_key(second)
}

/// Whether this rule's fix could join `RUN` `file.instructions[first]`
/// with the `RUN` that follows it.
pub(crate) fn joinable(source: &str, file: &crate::syntax::Dockerfile, first: usize) -> bool {
    match (
        file.instructions.get(first),
        file.instructions.get(first + 1),
    ) {
        (Some(a), Some(b)) => merge_fix(source, file, first, a, b).is_some(),
        _ => false,
    }
}

/// `RUN a` + `RUN b` → `RUN a && \` + `    b`.
fn merge_fix(
    source: &str,
    file: &crate::syntax::Dockerfile,
    first_index: usize,
    first: &Instruction,
    second: &Instruction,
) -> Option<Fix> {
    let (
        Body::Run(CommandForm::Shell {
            text: t1,
            script: s1,
        }),
        Body::Run(CommandForm::Shell { text: t2, .. }),
    ) = (&first.body, &second.body)
    else {
        return None;
    };
    if !first.heredocs.is_empty() || !second.heredocs.is_empty() || !s1.errors.is_empty() {
        return None;
    }
    // A SHELL anywhere before: the scripts may not be POSIX shell.
    if file.instructions[..first_index]
        .iter()
        .any(|i| matches!(i.body, Body::Shell(_)))
    {
        return None;
    }
    let stateful = s1.commands.iter().any(|c| {
        (c.name().is_none() && !c.assignments.is_empty())
            || c.name().is_some_and(|n| STATEFUL.contains(&n))
            || c.op_before == Some(Op::Background)
    });
    let trimmed = t1.text.trim_end();
    if stateful
        || trimmed.ends_with(['&', '|', ';', '\\'])
        || trimmed.is_empty()
        || t2.text.trim().is_empty()
    {
        return None;
    }
    // Between the two: only blank lines and whole-line comments. The
    // comments stay, verbatim, inside the joined `RUN` (Dockerfile
    // comment lines may sit in a continuation); blank lines go.
    let between_instructions = file.items.iter().any(|item| {
        matches!(item.kind, ItemKind::Error | ItemKind::Directive)
            && item.span.start < second.span.start
            && item.span.end > first.span.end
    });
    if between_instructions || source[t1.span.end..first.span.end].contains('#') {
        return None;
    }
    let mut comments = String::new();
    for line in source[first.span.end..second.span.start].lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if !trimmed.starts_with('#') || trimmed.ends_with(file.escape) {
            return None;
        }
        comments.push_str(line.trim_end());
        comments.push('\n');
    }
    let gap = Span::new(t1.span.end, t2.span.start);
    let esc = file.escape;
    Some(Fix::safe(
        "Join with the previous `RUN`",
        vec![Edit::replace(gap, format!(" && {esc}\n{comments}    "))],
    ))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::hadolint::scan::check::{fixed, lines};

    #[test]
    fn consecutive() {
        let text = "FROM a:1\nRUN a\nRUN b\n# c\nRUN c && d\nRUN e && f && g\nRUN h\nENV X=1\nRUN i\nRUN --mount=type=cache,target=/c j\nRUN k\n";
        assert_eq!(lines(&RULE, text), vec![3]);
        assert!(lines(&RULE, "FROM a:1\nRUN a\nRUN b && c\n").is_empty());
    }

    #[test]
    fn fix_joins() {
        let text = "FROM a:1\nRUN a\nRUN b\nRUN c\n";
        let out = fixed(&RULE, text);
        assert_eq!(out, "FROM a:1\nRUN a && \\\n    b && \\\n    c\n");
        assert!(lines(&RULE, &out).is_empty());
        assert!(crate::syntax::parse(&out).errors.is_empty());
    }

    #[test]
    fn fix_keeps_comments_between() {
        let text = "FROM a:1\nRUN a\n\n# why b\n  # more\n\nRUN b\n";
        let out = fixed(&RULE, text);
        assert_eq!(out, "FROM a:1\nRUN a && \\\n# why b\n  # more\n    b\n");
        assert!(crate::syntax::parse(&out).errors.is_empty());
        let dump = crate::syntax::parse(&out);
        assert_eq!(dump.instructions.len(), 2);
    }

    #[test]
    fn no_fix_when_state_changes() {
        for text in [
            "FROM a:1\nRUN cd /x\nRUN make\n",
            "FROM a:1\nRUN export A=1\nRUN make\n",
            "FROM a:1\nRUN A=1\nRUN make\n",
            "FROM a:1\nRUN a;\nRUN b\n",
            "FROM a:1\nRUN a\n# ends with \\\nRUN b\n",
            "FROM a:1\nRUN [\"a\"]\nRUN b\n",
            "FROM a:1\nSHELL [\"pwsh\", \"-c\"]\nRUN a\nRUN b\n",
        ] {
            assert_eq!(fixed(&RULE, text), text, "{text}");
            assert_eq!(lines(&RULE, text).len(), 1, "{text}");
        }
    }
}
