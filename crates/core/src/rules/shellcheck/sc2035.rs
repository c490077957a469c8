use super::{pieces, Kind, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2035",
    name: "glob-as-option",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Write the glob as `./*` (or put `--` before it): a file name starting with a dash would be read as an option.",
    docs: r#"
## What it does
Reports a `RUN` where a command other than `echo` or `printf` gets an
argument that starts with an unquoted glob (`rm *.tmp`, `chmod +x *`),
with no `--` before it. On the `RUN`'s first line, once.

## Why is this bad?
The shell replaces the glob with the matching file names, and the command
cannot tell a file named `-rf` from an option. `./*.tmp` keeps every name a
path; `--` ends the options.

## Example
```dockerfile
FROM debian:12
RUN rm *.deb
```

## Use instead
```dockerfile
FROM debian:12
RUN rm ./*.deb && rm -- *.tmp && echo *
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every argument that starts with a glob, before any `--`.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let mut out = Vec::new();
    for (k, cmd) in run.script.commands.iter().enumerate() {
        if matches!(run.name(k), None | Some("echo" | "printf")) {
            continue;
        }
        out.extend(
            cmd.args()
                .iter()
                .take_while(|w| w.raw != "--")
                .filter(|w| {
                    if !w.raw.starts_with(['*', '?']) {
                        return false;
                    }
                    let p = pieces(&w.raw);
                    p.first().is_some_and(|p| {
                        !p.quoted && p.kind == Kind::Literal && w.raw.starts_with(['*', '?'])
                    })
                })
                .map(|w| w.span),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports_globs_that_may_become_options() {
        assert!(reports_run(&RULE, "rm *.txt"));
        assert!(reports_run(&RULE, "ls *"));
        assert!(reports_run(&RULE, "chmod +x *.sh"));
    }

    #[test]
    fn qualified_quoted_or_echoed_globs_pass() {
        assert!(!reports_run(&RULE, "rm ./*.txt"));
        assert!(!reports_run(&RULE, "rm -- *.txt"));
        assert!(!reports_run(&RULE, "echo *.txt"));
        assert!(!reports_run(&RULE, "find . -name '*.txt'"));
        assert!(!reports_run(&RULE, "rm /tmp/*"));
    }
}
