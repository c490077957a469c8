use super::{Dialect, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC3010",
    name: "sh-double-brackets",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "POSIX sh has no `[[ … ]]`: use `[ … ]`, or run the step under bash.",
    docs: r#"
## What it does
Reports a `RUN` under a POSIX `sh` that tests with `[[ … ]]`. On the `RUN`'s first line.

## Why is this bad?
`[[` is a bash and ksh keyword. dash, Debian's and Ubuntu's `/bin/sh`, fails with `[[: not found`, and the `&&` or `if` around it takes the failure for a false condition: the step goes on with the wrong branch.

## Example
```dockerfile
FROM debian:12
RUN [[ -f /etc/app.conf ]] && echo found
```

## Use instead
```dockerfile
FROM debian:12
RUN [ -f /etc/app.conf ] && echo found
```

```dockerfile
FROM debian:12
SHELL ["/bin/bash", "-c"]
RUN [[ -f /etc/app.conf ]] && echo found
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every `[[`, under sh.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    if run.dialect != Dialect::Sh {
        return Vec::new();
    }
    super::commands_named(run, "[[")
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{reports_run, reports_run_bash};

    #[test]
    fn reports() {
        assert!(reports_run(&RULE, "[[ -f x ]] && echo"));
    }

    #[test]
    fn passes() {
        assert!(!reports_run(&RULE, "[ -f x ] && echo"));
        assert!(!reports_run(&RULE, "echo '[[ x ]]'"));
        assert!(!reports_run_bash(&RULE, "[[ -f x ]] && echo"));
    }
}
