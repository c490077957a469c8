use super::ShellRun;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2013",
    name: "for-over-cat",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "A for loop over `$(cat file)` walks words, not lines: use `while read -r line; do …; done < file`.",
    docs: r#"
## What it does
Reports a `RUN` with a `for` loop over the output of `cat` (or `awk`):
`for pkg in $(cat packages.txt); do …`. On the `RUN`'s first line.

## Why is this bad?
The file's content is split on every blank and glob-expanded: a line with
two words becomes two iterations, a `*` becomes the files of the directory.
`while read -r line; do …; done < packages.txt` reads it line by line.

## Example
```dockerfile
FROM debian:12
COPY hosts.txt /tmp/
RUN for h in $(cat /tmp/hosts.txt); do echo "$h" >> /etc/hosts.allow; done
```

## Use instead
```dockerfile
FROM debian:12
COPY hosts.txt /tmp/
RUN while read -r h; do echo "$h" >> /etc/hosts.allow; done < /tmp/hosts.txt
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every `for` list made from cat's output.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let mut out = super::shared::loops_over(run, "cat");
    out.extend(super::shared::loops_over(run, "awk"));
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports_loops_over_cat() {
        assert!(reports_run(
            &RULE,
            "for u in $(awk -F: '{print $1}' /etc/passwd); do echo \"$u\"; done"
        ));
        assert!(reports_run(
            &RULE,
            "for f in $(cat list); do echo \"$f\"; done"
        ));
    }

    #[test]
    fn while_read_passes() {
        assert!(!reports_run(
            &RULE,
            "while read -r f; do echo \"$f\"; done < list"
        ));
        assert!(!reports_run(
            &RULE,
            "for f in $(seq 3); do echo \"$f\"; done"
        ));
    }
}
