use super::{Dialect, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC3045",
    name: "sh-undefined-option",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "POSIX sh does not define this option of the command (`ulimit -n`, `read -p` …): dash may refuse it.",
    docs: r#"
## What it does
Reports a `RUN` under a POSIX `sh` that gives a builtin an option only bash
(or ksh) defines: `ulimit` with anything but `-f`, `read` with anything but
`-r`, `printf -v`, `export -f` or `-n`. On the `RUN`'s first line.

## Why is this bad?
`/bin/sh` on Debian and Ubuntu is dash: an option it does not know fails the
command (`read: Illegal option -p`) or is ignored. Under bash (`SHELL
["/bin/bash", "-c"]`) the options exist.

## Example
```dockerfile
FROM debian:12
RUN ulimit -n 65536 && ./build.sh
```

## Use instead
```dockerfile
FROM debian:12
SHELL ["/bin/bash", "-c"]
RUN ulimit -n 65536 && ./build.sh
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// The options POSIX defines for a builtin, `None` for a command this rule
/// does not know.
fn posix_options(name: &str) -> Option<&'static str> {
    match name {
        "ulimit" => Some("f"),
        "read" => Some("r"),
        "printf" => Some(""),
        "export" => Some("p"),
        _ => None,
    }
}

/// Every option of a builtin POSIX does not define, under sh.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    if run.dialect != Dialect::Sh {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (k, cmd) in run.script.commands.iter().enumerate() {
        let Some(name) = run.name(k) else { continue };
        let Some(allowed) = posix_options(name) else {
            continue;
        };
        for a in cmd.args() {
            let v = a.value.as_str();
            if a.has_expansion || v == "--" || !v.starts_with('-') || v == "-" {
                break;
            }
            if name == "printf" {
                if v == "-v" {
                    out.push(a.span);
                }
                break;
            }
            if v[1..].chars().any(|c| !allowed.contains(c)) {
                out.push(a.span);
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{reports_run, reports_run_bash};

    #[test]
    fn reports_bash_only_options_under_sh() {
        assert!(reports_run(&RULE, "ulimit -n 65536"));
        assert!(reports_run(&RULE, "printf -v x %s y; echo \"$x\""));
    }

    #[test]
    fn posix_options_or_bash_pass() {
        assert!(!reports_run(&RULE, "ulimit -f 10"));
        assert!(!reports_run(&RULE, "read -r line < f; echo \"$line\""));
        assert!(!reports_run(&RULE, "export -p"));
        assert!(!reports_run_bash(&RULE, "ulimit -n 65536"));
    }
}
