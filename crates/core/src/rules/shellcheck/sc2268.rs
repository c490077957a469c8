use super::ShellRun;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2268",
    name: "x-prefix-comparison",
    severity: Severity::Style,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "The `x` prefix in comparisons (`[ \"x$a\" = \"xb\" ]`) is a workaround for shells long gone: compare the values.",
    docs: r#"
## What it does
Reports a `RUN` whose `[ … ]` or `test` compares two operands that both start with a literal `x`. On the `RUN`'s first line.

## Why is this bad?
Modern shells handle empty strings and values starting with `-` in `[ … ]`; the prefix only makes the test harder to read.

## Example
```dockerfile
FROM debian:12
ARG MODE
RUN if [ "x$MODE" = "xdev" ]; then echo dev; fi
```

## Use instead
```dockerfile
FROM debian:12
ARG MODE
RUN if [ "$MODE" = "dev" ]; then echo dev; fi
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every `[`/`test` comparing `x…` with `x…`.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let mut out = Vec::new();
    for (_, cmd) in run.named(&["[", "test"]) {
        for t in cmd.args().windows(3) {
            let prefixed = |w: &crate::syntax::shell::ShellWord| {
                w.value.starts_with(['x', 'X']) && w.has_expansion
                    || w.value.starts_with(['x', 'X']) && w.value.len() > 1
            };
            if matches!(t[1].value.as_str(), "=" | "!=" | "==")
                && prefixed(&t[0])
                && prefixed(&t[2])
                && (t[0].has_expansion || t[2].has_expansion)
            {
                out.push(cmd.span);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports() {
        assert!(reports_run(&RULE, "[ \"x$A\" = \"xb\" ]"));
        assert!(reports_run(&RULE, "test \"x$A\" != xy"));
    }

    #[test]
    fn passes() {
        assert!(!reports_run(&RULE, "[ \"$a\" = \"b\" ]"));
        assert!(!reports_run(&RULE, "[ \"xyz\" = \"$a\" ]"));
    }
}
