use super::{name_of, ShellRun, Span};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::{Op, SimpleCommand};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2015",
    name: "and-or-is-not-if-then-else",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "`A && B || C` is not if-then-else: C also runs when A succeeds and B fails.",
    docs: r#"
## What it does
Reports a `RUN` with a list `A && B || C` whose last part `C` is a
command that does something (not `true`, `:`, `exit`, `return`, `echo`
or `printf`). On the `RUN`'s first line, once.

## Why is this bad?
`||` applies to everything before it: when `A` succeeds but `B` fails,
`C` runs too. `test -f x && install x || build x` builds after a failed
install, and the step succeeds with a half-done state. `if A; then B;
else C; fi` says what is meant; `A && B || true`, a common way to ignore
a failure, is left alone.

## Example
```dockerfile
FROM debian:12
RUN test -f /opt/x.deb && dpkg -i /opt/x.deb || apt-get install -y x
```

## Use instead
```dockerfile
FROM debian:12
RUN if test -f /opt/x.deb; then dpkg -i /opt/x.deb; else apt-get install -y x; fi
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// The commands of the list `commands[k]` belongs to, at its depth and
/// after it, up to the end of that list.
fn siblings_after(commands: &[SimpleCommand], k: usize) -> impl Iterator<Item = &SimpleCommand> {
    let d = commands[k].depth;
    commands[k + 1..]
        .iter()
        .take_while(move |c| c.depth >= d)
        .filter(move |c| c.depth == d)
}

/// Where each `A && B || C` starts its `&& B`: the `&&` before the last
/// pipeline B before a final `|| C`.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let commands = &run.script.commands;
    let mut out = Vec::new();
    for (k, c) in commands.iter().enumerate() {
        if c.op_before != Some(Op::Or) || c.in_compound {
            continue;
        }
        // `C` must be a plain command that ends the list.
        if matches!(
            name_of(c),
            None | Some("true" | ":" | "exit" | "return" | "echo" | "printf" | "false")
        ) {
            continue;
        }
        let ends = siblings_after(commands, k)
            .find(|n| n.op_before != Some(Op::Pipe))
            .is_none_or(|n| !matches!(n.op_before, Some(Op::And | Op::Or)));
        if !ends {
            continue;
        }
        // The head of the pipeline before `||`, walking back at this depth.
        let mut head = None;
        for p in commands[..k].iter().rev() {
            if p.depth < c.depth {
                break;
            }
            if p.depth > c.depth {
                continue;
            }
            if p.op_before != Some(Op::Pipe) {
                head = Some(p);
                break;
            }
        }
        let Some(head) = head else { continue };
        if head.op_before != Some(Op::And) {
            continue;
        }
        // The `&&` itself, in the text before B.
        let before = run.source.get(..head.span.start).unwrap_or("");
        let at = before.rfind("&&").unwrap_or(head.span.start);
        out.push(Span::new(at, at + 2));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports_and_or_chains() {
        assert!(reports_run(&RULE, "a && b || c"));
        assert!(reports_run(&RULE, "a && b && c || d"));
        assert!(reports_run(&RULE, "a | b && c || d"));
        assert!(reports_run(&RULE, "a && b | c || d"));
        assert!(reports_run(&RULE, "a && b || c; d && e"));
    }

    #[test]
    fn if_else_or_ignored_failures_pass() {
        assert!(!reports_run(&RULE, "a && b || true"));
        assert!(!reports_run(&RULE, "a && b || :"));
        assert!(!reports_run(&RULE, "a && b || exit 1"));
        assert!(!reports_run(&RULE, "a || b && c"));
        assert!(!reports_run(&RULE, "a && b || c && d"));
        assert!(!reports_run(&RULE, "a && b || c || d"));
        assert!(!reports_run(&RULE, "if a; then b; else c; fi"));
    }
}
