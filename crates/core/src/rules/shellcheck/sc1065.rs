use super::ShellRun;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC1065",
    name: "function-parameters",
    severity: Severity::Error,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "The shell cannot parse this: a function takes no parameter list; declare it with `()` and read `$1`, `$2`.",
    docs: r#"
## What it does
Reports a `RUN` under a POSIX shell where a single word is followed by a
parenthesis with something inside, `name(a, b)` or `name (x)`: it reads as a
function declared with parameters, which the shell has no syntax for, and
the script does not parse. Under PowerShell or cmd the `RUN` is not read
(hadolint reads it as shell and reports this code there: see
docs/hadolint-differences.md).

## Why is this bad?
`/bin/sh` stops with a syntax error and the step fails. A shell function is
declared `name() { …; }` and reads its arguments as `$1`, `$2`.

## Example
```dockerfile
FROM debian:12
RUN greet (name) { echo "hello $name"; }
```

## Use instead
```dockerfile
FROM debian:12
RUN greet() { echo "hello $1"; }; greet world
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// The `(` after a single word, when there is one.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    match super::shared::misplaced_paren(run) {
        Some((at, true)) => vec![at],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports_a_parameter_list() {
        assert!(reports_run(&RULE, "greet (name) { echo; }"));
        assert!(reports_run(&RULE, "Write-Host ('x' -f $y)"));
    }

    #[test]
    fn plain_functions_and_arguments_pass() {
        assert!(!reports_run(&RULE, "greet() { echo \"$1\"; }; greet x"));
        assert!(!reports_run(&RULE, "echo a b (c)"));
        assert!(!reports_run(&RULE, "(make)"));
    }
}
