use super::{name_of, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2126",
    name: "grep-count",
    severity: Severity::Style,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "`grep -c` counts matching lines itself: no need to pipe grep into `wc -l`.",
    docs: r#"
## What it does
Reports a `RUN` that pipes `grep` straight into `wc -l` (and `grep` has no
`-o`, whose matches can be several per line). On the `RUN`'s first line.

## Why is this bad?
It runs a second process to do what `grep -c` does, and reads less clearly.

## Example
```dockerfile
FROM debian:12
RUN test "$(grep processor /proc/cpuinfo | wc -l)" -gt 0
```

## Use instead
```dockerfile
FROM debian:12
RUN test "$(grep -c processor /proc/cpuinfo)" -gt 0
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every `grep` piped into `wc -l` (at the grep).
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let commands = &run.script.commands;
    let mut out = Vec::new();
    for (k, cmd) in run.named(&["grep", "egrep", "fgrep"]) {
        let only = cmd.args().iter().any(|a| {
            let v = a.value.as_str();
            v == "--only-matching"
                || (v.starts_with('-') && !v.starts_with("--") && v.contains('o'))
        });
        if only {
            continue;
        }
        let next = commands[k + 1..]
            .iter()
            .take_while(|c| c.depth >= cmd.depth)
            .find(|c| c.depth == cmd.depth && c.span.start >= cmd.span.end);
        if next.is_some_and(|n| {
            n.pipeline == cmd.pipeline
                && name_of(n) == Some("wc")
                && n.args().len() == 1
                && n.has_arg("-l")
        }) {
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
    fn reports_grep_into_wc() {
        assert!(reports_run(&RULE, "grep x f | wc -l"));
        assert!(reports_run(&RULE, "cat f | grep x | wc -l"));
    }

    #[test]
    fn grep_c_or_only_matching_pass() {
        assert!(!reports_run(&RULE, "grep -c x f"));
        assert!(!reports_run(&RULE, "grep -o x f | wc -l"));
        assert!(!reports_run(&RULE, "grep x f; wc -l g"));
    }
}
