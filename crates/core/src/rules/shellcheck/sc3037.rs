use super::{Dialect, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC3037",
    name: "sh-echo-flags",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "POSIX sh defines no options for echo: `-n` or `-e` may be printed as text.",
    docs: r#"
## What it does
Reports a `RUN` under a POSIX `sh` where `echo` is given an option (`-n`,
`-e`, `-E` or a combination). Under bash it is not reported. On the `RUN`'s
first line, once.

## Why is this bad?
POSIX leaves `echo`'s options undefined. `dash` knows `-n` but prints
`-e` as text: `echo -e "a\tb" > f` writes `-e a	b` into `f` on Debian and
Ubuntu. `printf` does the same job everywhere.

## Example
```dockerfile
FROM debian:12
RUN echo -e "[main]\nenabled=1" > /etc/tool.conf
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

/// Every `echo` given an option, under sh (at the option).
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    if run.dialect != Dialect::Sh {
        return Vec::new();
    }
    run.named(&["echo"])
        .filter_map(|(_, cmd)| {
            let first = cmd.args().first()?;
            let flags = first.value.strip_prefix('-')?;
            (!first.has_expansion
                && !flags.is_empty()
                && flags.bytes().all(|c| matches!(c, b'n' | b'e' | b'E')))
            .then_some(first.span)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{reports_run, reports_run_bash};

    #[test]
    fn reports_echo_options_under_sh() {
        assert!(reports_run(&RULE, "echo -n x"));
        assert!(reports_run(&RULE, "echo -e 'a\\nb'"));
        assert!(reports_run(&RULE, "echo -ne x"));
    }

    #[test]
    fn plain_echo_printf_or_bash_pass() {
        assert!(!reports_run(&RULE, "echo x -n"));
        assert!(!reports_run(&RULE, "echo -x"));
        assert!(!reports_run(&RULE, "printf -- '-n'"));
        assert!(!reports_run_bash(&RULE, "echo -n x"));
    }
}
