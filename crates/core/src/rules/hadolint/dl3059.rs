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
whitespace between them, and the first one cannot change the state the
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
    // A SHELL anywhere before a RUN: its script may not be POSIX shell.
    let first_shell = file
        .instructions
        .iter()
        .position(|i| matches!(i.body, Body::Shell(_)))
        .unwrap_or(usize::MAX);
    for (i, inst) in file.instructions.iter().enumerate() {
        let Some(script) = run_script(inst) else {
            prev = None;
            continue;
        };
        // hadolint (through ShellCheck) sees no command at all in a script
        // it cannot parse.
        let count = if script.errors.is_empty() {
            script
                .commands
                .iter()
                .filter(|c| crate::rules::hadolint::scan::command_name(c).is_some())
                .count()
        } else {
            0
        };
        let flags = flag_key(inst);
        if let Some((p, pflags, pcount)) = &prev {
            if *pflags == flags && count <= 1 && *pcount <= 1 {
                let first = &file.instructions[*p];
                let fix = (*p <= first_shell)
                    .then(|| merge_fix(source, file, first, inst))
                    .flatten();
                match fix {
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

/// `RUN a` + `RUN b` → `RUN a && \` + `    b`.
fn merge_fix(
    source: &str,
    file: &crate::syntax::Dockerfile,
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
    // Nothing but whitespace between the two (no comment lines).
    let gap = Span::new(t1.span.end, t2.span.start);
    // Items are in order: only those from the first's item on can lie
    // between the two.
    let from = file
        .items
        .partition_point(|item| item.span.end <= first.span.end);
    let between_instructions = file.items[from..]
        .iter()
        .take_while(|item| item.span.start < second.span.start)
        .any(|item| {
            matches!(
                item.kind,
                ItemKind::Comment | ItemKind::Error | ItemKind::Directive
            )
        });
    if between_instructions
        || source[first.span.end..second.span.start]
            .chars()
            .any(|c| !c.is_whitespace())
        || source[t1.span.end..first.span.end].contains('#')
    {
        return None;
    }
    let esc = file.escape;
    Some(Fix::safe(
        "Join with the previous `RUN`",
        vec![Edit::replace(gap, format!(" && {esc}\n    "))],
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
    fn no_fix_when_state_changes() {
        for text in [
            "FROM a:1\nRUN cd /x\nRUN make\n",
            "FROM a:1\nRUN export A=1\nRUN make\n",
            "FROM a:1\nRUN A=1\nRUN make\n",
            "FROM a:1\nRUN a\n# why\nRUN b\n",
            "FROM a:1\nRUN a;\nRUN b\n",
            "FROM a:1\nRUN [\"a\"]\nRUN b\n",
            "FROM a:1\nSHELL [\"pwsh\", \"-c\"]\nRUN a\nRUN b\n",
        ] {
            assert_eq!(fixed(&RULE, text), text, "{text}");
            assert_eq!(lines(&RULE, text).len(), 1, "{text}");
        }
    }
}
