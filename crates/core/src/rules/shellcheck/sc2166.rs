use super::ShellRun;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2166",
    name: "test-and-or",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "`-a` and `-o` inside `[ … ]` are not well defined: write `[ p ] && [ q ]` or `[ p ] || [ q ]`.",
    docs: r#"
## What it does
Reports a `RUN` where `[ … ]` or `test` joins conditions with `-a` or `-o`. On the `RUN`'s first line.

## Why is this bad?
POSIX marks `-a` and `-o` obsolescent: with some operands (`!`, `(`, an empty string) the test is ambiguous and shells read it differently. Two tests joined by the shell's `&&` and `||` are clear.

## Example
```dockerfile
FROM debian:12
RUN if [ -f /a -a -f /b ]; then echo both; fi
```

## Use instead
```dockerfile
FROM debian:12
RUN if [ -f /a ] && [ -f /b ]; then echo both; fi
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every `-a`/`-o` between conditions of a `[`/`test`.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let mut out = Vec::new();
    for (_, cmd) in run.named(&["[", "test"]) {
        let args = cmd.args();
        // Not the first operand (`[ -a file ]` is a unary test).
        out.extend(
            args.iter()
                .enumerate()
                .skip(1)
                .filter(|(k, w)| matches!(w.raw.as_str(), "-a" | "-o") && k + 1 < args.len())
                .map(|(_, w)| w.span),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports() {
        assert!(reports_run(&RULE, "[ -f a -a -f b ]"));
        assert!(reports_run(&RULE, "test -n \"$A\" -o -n \"$B\""));
    }

    #[test]
    fn passes() {
        assert!(!reports_run(&RULE, "[ -f a ] && [ -f b ]"));
        assert!(!reports_run(&RULE, "[ -a f ]"));
        assert!(!reports_run(&RULE, "ls -a -o"));
    }
}
