use super::{Dialect, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC3014",
    name: "sh-double-equals",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "POSIX `[` compares strings with `=`: `==` is bash's.",
    docs: r#"
## What it does
Reports a `RUN` under a POSIX `sh` where `[ … ]` or `test` compares with `==`. On the `RUN`'s first line.

## Why is this bad?
dash's `test` stops with `unexpected operator` on `==`: the condition is false (and an error is printed), whatever the values. `=` works in every shell.

## Example
```dockerfile
FROM debian:12
ARG MODE=prod
RUN if [ "$MODE" == prod ]; then echo production; fi
```

## Use instead
```dockerfile
FROM debian:12
ARG MODE=prod
RUN if [ "$MODE" = prod ]; then echo production; fi
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every `==` in a `[`/`test`, under sh.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    if run.dialect != Dialect::Sh {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (_, cmd) in run.named(&["[", "test"]) {
        out.extend(cmd.args().iter().filter(|w| w.raw == "==").map(|w| w.span));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{reports_run, reports_run_bash};

    #[test]
    fn reports() {
        assert!(reports_run(&RULE, "[ \"$A\" == b ] && echo"));
        assert!(reports_run(&RULE, "test a == b"));
    }

    #[test]
    fn passes() {
        assert!(!reports_run(&RULE, "[ \"$A\" = b ] && echo"));
        assert!(!reports_run(&RULE, "echo =="));
        assert!(!reports_run_bash(&RULE, "[ \"$A\" == b ] && echo"));
    }
}
