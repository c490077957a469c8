use super::{is_declaration, name_of, pieces, Dialect, Kind, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2155",
    name: "declare-and-assign-separately",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Declare the variable and assign it in separate commands: here the declaration's status hides the command's failure.",
    docs: r#"
## What it does
Reports a `RUN` where `export`, `local`, `declare`, `readonly` or `typeset`
assigns the output of a command substitution: `export V="$(cmd)"`. Under
`/bin/sh` an unquoted `export V=$(cmd)` is SC2046 instead (its value is
split there). On the `RUN`'s first line, once.

## Why is this bad?
The exit status of `export V="$(cmd)"` is `export`'s, which succeeds: when
`cmd` fails, the step goes on with an empty `V`, and `set -e` or `&&` do not
stop it. Assign first, then declare: `V="$(cmd)" && export V`.

## Example
```dockerfile
FROM debian:12
RUN export ARCH="$(dpkg --print-architecture)" && echo "$ARCH"
```

## Use instead
```dockerfile
FROM debian:12
RUN ARCH="$(dpkg --print-architecture)" && export ARCH && echo "$ARCH"
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every declaration that assigns a command's output (at the assignment).
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let mut out = Vec::new();
    for cmd in &run.script.commands {
        if !name_of(cmd).is_some_and(is_declaration) {
            continue;
        }
        for w in cmd.args() {
            let Some(eq) = w.raw.find('=') else {
                continue;
            };
            let hit = pieces(&w.raw).into_iter().any(|p| {
                p.start > eq
                    && p.kind == Kind::CommandSub
                    && (p.quoted || run.dialect != Dialect::Sh)
            });
            if hit {
                out.push(w.span);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::shellcheck::testing::{flags, flags_bash};

    #[test]
    fn reports_declarations_of_command_output() {
        assert!(flags(&RULE, "export A=\"$(date)\""));
        assert!(flags(&RULE, "export A=\"x$(date)\""));
        assert!(flags(&RULE, "readonly A=\"$(date)\""));
        assert!(flags_bash(&RULE, "export A=$(date)"));
        assert!(flags_bash(&RULE, "local A=$(date)"));
    }

    #[test]
    fn separate_or_plain_assignments_pass() {
        assert!(!flags(&RULE, "export A=$(date)"));
        assert!(!flags(&RULE, "A=\"$(date)\" && export A"));
        assert!(!flags(&RULE, "export A=\"$B\""));
        assert!(!flags(&RULE, "echo A=\"$(date)\""));
        assert!(!flags_bash(&RULE, "export A=`date`"));
    }
}
