use super::ShellRun;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC1088",
    name: "misplaced-parenthesis",
    severity: Severity::Error,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "The shell cannot parse this: a `(` after a command's arguments opens nothing.",
    docs: r#"
## What it does
Reports a `RUN` under a POSIX shell where `(` follows a command's
arguments (`cp a (b)`): the shell stops with a syntax error there. When the
`(` follows a single word it is SC1065 instead. Under PowerShell or cmd
(a `SHELL` that names them) the `RUN` is not shell and is not read; hadolint
reads it as shell and reports this code there (see
docs/hadolint-differences.md).

## Why is this bad?
`/bin/sh` refuses the whole script: the step fails with "syntax error near
unexpected token `(`". Quote the parenthesis (`'(b)'`) when it is text.

## Example
```dockerfile
FROM debian:12
RUN echo Installing tool (version 2)
```

## Use instead
```dockerfile
FROM debian:12
RUN echo "Installing tool (version 2)"
```

```dockerfile
FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command"]
RUN $url = ('https://example.com/{0}' -f $env:V); Write-Host $url
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// The `(` after a command's arguments, when there is one.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    match super::shared::misplaced_paren(run) {
        Some((at, false)) => vec![at],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports_a_parenthesis_after_arguments() {
        assert!(reports_run(&RULE, "echo a b (c)"));
        assert!(reports_run(&RULE, "$url = ('x' -f $y)"));
        assert!(reports_run(&RULE, "echo a (b)"));
    }

    #[test]
    fn subshells_functions_and_quotes_pass() {
        assert!(!reports_run(&RULE, "(cd /x && make)"));
        assert!(!reports_run(&RULE, "f() { echo; }; f"));
        assert!(!reports_run(&RULE, "echo 'a (b)' \\(c\\)"));
    }
}
