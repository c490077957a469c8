use crate::fix::Fix;
use crate::rules::hadolint::scan::{command_name, run_script};
use crate::rules::layers::{flag_key, join_edit};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Instruction;
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

/// The commands of a `RUN` as hadolint counts them (`None` for other
/// instructions). hadolint (through ShellCheck) sees no command at all in
/// a script it cannot parse.
fn command_count(inst: &Instruction) -> Option<usize> {
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

/// True when this rule reports `RUN` `second` right after `RUN` `first`.
pub(crate) fn reports_pair(first: &Instruction, second: &Instruction) -> bool {
    match (command_count(first), command_count(second)) {
        (Some(a), Some(b)) => a <= 1 && b <= 1 && flag_key(first) == flag_key(second),
        _ => false,
    }
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    for (i, pair) in file.instructions.windows(2).enumerate() {
        if !reports_pair(&pair[0], &pair[1]) {
            continue;
        }
        let span = pair[1].span;
        match join_edit(file, i) {
            Some(edit) => cx.report_fix(
                span,
                RULE.summary,
                Fix::safe("Join with the previous `RUN`", vec![edit]),
            ),
            None => {
                cx.report(span, RULE.summary);
            }
        }
    }
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
