use super::ShellRun;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2181",
    name: "check-status-directly",
    severity: Severity::Style,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Test the command itself (`if cmd; then`), not `$?` afterwards.",
    docs: r#"
## What it does
Reports a `RUN` whose `[ … ]` or `test` compares `$?`. On the `RUN`'s first line.

## Why is this bad?
The test runs after the command, and anything in between changes `$?`; `if make; then …` or `make || exit 1` say the same directly.

## Example
```dockerfile
FROM debian:12
RUN make; if [ $? -ne 0 ]; then exit 1; fi
```

## Use instead
```dockerfile
FROM debian:12
RUN if ! make; then exit 1; fi
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every `[`/`test` reading `$?`.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    run.named(&["[", "test", "[["])
        .map(|(_, c)| c)
        .filter(|c| c.args().iter().any(|a| a.raw.contains("$?")))
        .map(|c| c.span)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports() {
        assert!(reports_run(&RULE, "make; if [ $? -ne 0 ]; then exit 1; fi"));
    }

    #[test]
    fn passes() {
        assert!(!reports_run(&RULE, "if ! make; then exit 1; fi"));
        assert!(!reports_run(&RULE, "echo $?"));
    }
}
