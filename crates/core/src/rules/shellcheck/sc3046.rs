use super::{Dialect, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC3046",
    name: "sh-source",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "POSIX sh has no `source`: use `.` to read a file into the shell.",
    docs: r#"
## What it does
Reports a `RUN` under a POSIX `sh` that runs `source FILE`. On the `RUN`'s
first line.

## Why is this bad?
`source` is bash's name for `.`. dash, Debian's and Ubuntu's `/bin/sh`,
fails with `source: not found`, and the variables the file sets never
arrive. `. FILE` works in every shell.

## Example
```dockerfile
FROM python:3.12
RUN python -m venv /venv && source /venv/bin/activate && pip install flask
```

## Use instead
```dockerfile
FROM python:3.12
RUN python -m venv /venv && . /venv/bin/activate && pip install flask
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every `source`, under sh.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    if run.dialect != Dialect::Sh {
        return Vec::new();
    }
    super::commands_named(run, "source")
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{reports_run, reports_run_bash};

    #[test]
    fn reports_source_under_sh() {
        assert!(reports_run(&RULE, "source /venv/bin/activate"));
    }

    #[test]
    fn dot_or_bash_pass() {
        assert!(!reports_run(&RULE, ". /venv/bin/activate"));
        assert!(!reports_run(&RULE, "echo source"));
        assert!(!reports_run_bash(&RULE, "source /venv/bin/activate"));
    }
}
