use super::ShellRun;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2162",
    name: "read-without-r",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "`read` without `-r` treats backslashes as escapes: use `read -r`.",
    docs: r#"
## What it does
Reports a `RUN` where `read` runs without `-r`. On the `RUN`'s first line.

## Why is this bad?
Without `-r`, `read` drops backslashes and joins lines that end with one: a Windows path or a regular expression read from a file arrives changed.

## Example
```dockerfile
FROM debian:12
RUN while read line; do echo "$line"; done < /etc/hosts
```

## Use instead
```dockerfile
FROM debian:12
RUN while read -r line; do echo "$line"; done < /etc/hosts
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every `read` without `-r`.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    run.named(&["read"])
        .map(|(_, c)| c)
        .filter(|c| {
            !c.args().iter().any(|a| {
                let v = a.value.as_str();
                v.starts_with('-') && !v.starts_with("--") && v.contains('r')
            })
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
        assert!(reports_run(&RULE, "read x && echo \"$x\""));
        assert!(reports_run(&RULE, "read x y && echo \"$x$y\""));
    }

    #[test]
    fn passes() {
        assert!(!reports_run(&RULE, "read -r x && echo \"$x\""));
        assert!(!reports_run(&RULE, "read -rp x y && echo \"$y\""));
        assert!(!reports_run(&RULE, "echo read"));
    }
}
