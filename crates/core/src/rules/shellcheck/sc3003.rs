use super::{pieces, sub_span, Dialect, Kind, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC3003",
    name: "sh-ansi-c-quotes",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "POSIX sh has no `$'…'` quoting: the `$` and the quotes stay as written.",
    docs: r#"
## What it does
Reports a `RUN` under a POSIX `sh` that uses bash's `$'…'` quotes (`$'a\tb'`). On the `RUN`'s first line.

## Why is this bad?
dash does not know `$'…'`: it prints a `$` followed by the text with its backslashes. Use `printf` to produce tabs and newlines.

## Example
```dockerfile
FROM debian:12
RUN echo $'[main]\nenabled=1' > /etc/tool.conf
```

## Use instead
```dockerfile
FROM debian:12
RUN printf '[main]\nenabled=1\n' > /etc/tool.conf
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every `$'…'`, under sh.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    // A quick look at the text first: most `RUN`s have no `$'`.
    if run.dialect != Dialect::Sh || !run.text.text.contains("$'") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for cmd in &run.script.commands {
        for w in cmd
            .assignments
            .iter()
            .chain(&cmd.words)
            .chain(&cmd.redirects)
        {
            if !w.raw.contains("$'") {
                continue;
            }
            out.extend(
                pieces(&w.raw)
                    .into_iter()
                    .filter(|p| p.kind == Kind::AnsiC)
                    .map(|p| sub_span(w, p.start, p.end)),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{reports_run, reports_run_bash};

    #[test]
    fn reports() {
        assert!(reports_run(&RULE, "echo $'a\\tb'"));
        assert!(reports_run(&RULE, "A=$'x'"));
    }

    #[test]
    fn passes() {
        assert!(!reports_run(&RULE, "echo 'a$' \"$'\""));
        assert!(!reports_run(&RULE, "printf 'a\\tb'"));
        assert!(!reports_run_bash(&RULE, "echo $'a\\tb'"));
    }
}
