use super::ShellRun;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2261",
    name: "competing-redirects",
    severity: Severity::Error,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Several redirections compete for the same output: only the last one gets it. Use `tee`, or pass the file names to the command.",
    docs: r#"
## What it does
Reports a `RUN` where one command redirects its standard output twice (`echo x > a > b`). On the `RUN`'s first line.

## Why is this bad?
The shell opens every file (truncating each) and the output goes to the last one only: the others end up empty. `tee a b` writes to both.

## Example
```dockerfile
FROM debian:12
RUN echo 'nameserver 1.1.1.1' > /etc/resolv.conf > /tmp/resolv.backup
```

## Use instead
```dockerfile
FROM debian:12
RUN echo 'nameserver 1.1.1.1' | tee /etc/resolv.conf /tmp/resolv.backup
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every command redirecting standard output more than once.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    run.script
        .commands
        .iter()
        .filter(|c| {
            c.redirects
                .iter()
                .filter(|r| {
                    let op = r.raw.trim_start_matches('1');
                    (op.starts_with('>') || op.starts_with("&>")) && !op.starts_with(">&")
                })
                .count()
                > 1
        })
        .map(|c| c.span)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports() {
        assert!(reports_run(&RULE, "echo a > b > c"));
        assert!(reports_run(&RULE, "echo a >> b 1> c"));
    }

    #[test]
    fn passes() {
        assert!(!reports_run(&RULE, "echo a > b 2> c"));
        assert!(!reports_run(&RULE, "echo a > b 2>&1"));
        assert!(!reports_run(&RULE, "echo a >&2 > b"));
    }
}
