use super::{name_of, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2038",
    name: "find-xargs-names",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Names with spaces or quotes break `find | xargs`: use `find -print0 | xargs -0`, or `find -exec … +`.",
    docs: r#"
## What it does
Reports a `RUN` that pipes `find` into `xargs` without `-print0` on the
`find` side and `-0` (`--null`) on the `xargs` side. On the `RUN`'s first
line.

## Why is this bad?
`xargs` splits its input on blanks and reads quotes: a file named
`my file.txt` reaches the command as `my` and `file.txt`, one with an
apostrophe stops `xargs` with an error. NUL-separated names arrive intact.

## Example
```dockerfile
FROM debian:12
RUN find /usr/local -name '*.pyc' | xargs rm -f
```

## Use instead
```dockerfile
FROM debian:12
RUN find /usr/local -name '*.pyc' -print0 | xargs -0 rm -f && find /opt -name '*.pyc' -exec rm -f {} +
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every `find` whose output `xargs` reads without NUL separators.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let commands = &run.script.commands;
    let mut out = Vec::new();
    for (k, cmd) in run.named(&["find"]) {
        if cmd.has_arg("-print0") {
            continue;
        }
        let next = commands[k + 1..]
            .iter()
            .take_while(|c| c.depth >= cmd.depth)
            .find(|c| c.depth == cmd.depth && c.span.start >= cmd.span.end);
        let Some(next) = next else { continue };
        if next.pipeline != cmd.pipeline || name_of(next) != Some("xargs") {
            continue;
        }
        let null = next.args().iter().any(|a| {
            let v = a.value.as_str();
            v == "--null" || (v.starts_with('-') && !v.starts_with("--") && v.contains('0'))
        });
        if !null {
            out.push(cmd.span);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports_find_into_xargs() {
        assert!(reports_run(&RULE, "find . -name x | xargs rm"));
        assert!(reports_run(&RULE, "find . | xargs -n1 rm"));
    }

    #[test]
    fn null_separated_or_exec_pass() {
        assert!(!reports_run(&RULE, "find . -print0 | xargs -0 rm"));
        assert!(!reports_run(&RULE, "find . -print0 | xargs --null rm"));
        assert!(!reports_run(&RULE, "find . -exec rm {} +"));
        assert!(!reports_run(&RULE, "find . > list; xargs rm < list"));
    }
}
