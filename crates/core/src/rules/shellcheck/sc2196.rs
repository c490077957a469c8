use super::ShellRun;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2196",
    name: "egrep",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "`egrep` is deprecated and not in POSIX: use `grep -E`.",
    docs: r#"
## What it does
Reports a `RUN` that runs `egrep`. On the `RUN`'s first line.

## Why is this bad?
`egrep` is an old alias of `grep -E`; GNU grep 3.8 and later print a warning each time it runs, and some images do not ship it.

## Example
```dockerfile
FROM debian:12
RUN egrep -v '^#' /etc/app.conf > /etc/app.clean
```

## Use instead
```dockerfile
FROM debian:12
RUN grep -Ev '^#' /etc/app.conf > /etc/app.clean
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every `egrep`.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    super::commands_named(run, "egrep")
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports() {
        assert!(reports_run(&RULE, "egrep x f"));
    }

    #[test]
    fn passes() {
        assert!(!reports_run(&RULE, "grep -E x f"));
        assert!(!reports_run(&RULE, "echo egrep"));
    }
}
