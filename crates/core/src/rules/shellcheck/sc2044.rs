use super::ShellRun;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2044",
    name: "for-over-find",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "A for loop over find's output breaks on names with spaces: use `find -exec`, or `find … | while read -r f`.",
    docs: r#"
## What it does
Reports a `RUN` with a `for` loop over the output of `find`:
`for f in $(find /src -name '*.sh'); do …`. On the `RUN`'s first line.

## Why is this bad?
The output is split on blanks and glob-expanded before the loop sees it: a
file named `my file.sh` arrives as two names, neither of which exists.
`find /src -name '*.sh' -exec chmod +x {} +` hands each name over intact.

## Example
```dockerfile
FROM debian:12
RUN for f in $(find /opt/app -name '*.sh'); do chmod +x "$f"; done
```

## Use instead
```dockerfile
FROM debian:12
RUN find /opt/app -name '*.sh' -exec chmod +x {} +
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every `for` list made from find's output.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    super::shared::loops_over(run, "find")
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports_loops_over_find() {
        assert!(reports_run(
            &RULE,
            "for f in $(find . -name x); do echo \"$f\"; done"
        ));
        assert!(reports_run(
            &RULE,
            "for f in `find /lib -name '*.ko'`; do echo \"$f\"; done"
        ));
    }

    #[test]
    fn exec_or_other_lists_pass() {
        assert!(!reports_run(&RULE, "find . -name x -exec echo {} +"));
        assert!(!reports_run(&RULE, "for f in a b; do echo \"$f\"; done"));
        assert!(!reports_run(
            &RULE,
            "for f in \"$(find . -name x)\"; do echo \"$f\"; done"
        ));
    }
}
