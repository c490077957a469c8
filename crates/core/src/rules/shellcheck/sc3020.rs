use super::{Dialect, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC3020",
    name: "sh-and-redirect",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "POSIX sh has no `&>`: write `> file 2>&1`.",
    docs: r#"
## What it does
Reports a `RUN` under a POSIX `sh` that redirects both outputs with bash's `&>` (or `&>>`). On the `RUN`'s first line.

## Why is this bad?
dash reads `make &> /dev/null` as `make &` (in the background) followed by `> /dev/null`: the step does not wait for `make`, and its output and errors are not redirected.

## Example
```dockerfile
FROM debian:12
RUN make &> /dev/null
```

## Use instead
```dockerfile
FROM debian:12
RUN make > /dev/null 2>&1
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every `&>`, under sh.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    if run.dialect != Dialect::Sh {
        return Vec::new();
    }
    run.script
        .commands
        .iter()
        .flat_map(|c| &c.redirects)
        .filter(|r| r.raw.starts_with("&>"))
        .map(|r| r.span)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{reports_run, reports_run_bash};

    #[test]
    fn reports() {
        assert!(reports_run(&RULE, "make &> /dev/null"));
        assert!(reports_run(&RULE, "make &>> log"));
    }

    #[test]
    fn passes() {
        assert!(!reports_run(&RULE, "make > /dev/null 2>&1"));
        assert!(!reports_run(&RULE, "make >&2"));
        assert!(!reports_run(&RULE, "make & > x"));
        assert!(!reports_run_bash(&RULE, "make &> /dev/null"));
    }
}
