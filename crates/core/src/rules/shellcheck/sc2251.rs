use super::{name_of, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::Op;
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2251",
    name: "bang-skips-errexit",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "This `!` is not a condition: under `set -e` a negated command never stops the script. Use `&& exit 1`, or check `$?`.",
    docs: r#"
## What it does
Reports a `RUN` with `set -e` where a command negated with `!` stands on its
own, followed by more commands (`! grep -q x f; next`), rather than in an
`if`, `while` or `&&`/`||` list. On the `RUN`'s first line.

## Why is this bad?
`set -e` ignores the status of a `!` pipeline: `! grep -q debug /etc/app.conf;`
looks like an assertion that stops the build when the file has `debug`, and
stops nothing. `grep -q debug /etc/app.conf && exit 1;` does.

## Example
```dockerfile
FROM debian:12
RUN set -e; ! grep -q '/usr/share/locale' /etc/dpkg/dpkg.cfg.d/docker; apt-get update
```

## Use instead
```dockerfile
FROM debian:12
RUN set -e; if grep -q '/usr/share/locale' /etc/dpkg/dpkg.cfg.d/docker; then exit 1; fi; apt-get update
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every `!` on its own, followed by more commands, under `set -e`.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let script = run.script;
    if script.bangs.is_empty() || !super::shared::sets_e(script) {
        return Vec::new();
    }
    let text = &run.text.text;
    let commands = &script.commands;
    script
        .bangs
        .iter()
        .filter(|bang| {
            let k = commands.partition_point(|c| c.span.start <= bang.start);
            if k >= commands.len() {
                return false;
            }
            let cmd = &commands[k];
            if name_of(cmd).is_none() && cmd.words.is_empty() {
                return false;
            }
            // In a condition (`if ! …`, `while ! …`) or an `&&`/`||` list.
            if matches!(cmd.op_before, Some(Op::And | Op::Or)) {
                return false;
            }
            // The word before the `!`.
            let before = super::to_cooked(run.text, bang.start);
            let head = text.get(..before).unwrap_or("").trim_end();
            let start = head
                .rfind(|c: char| c.is_whitespace() || c == ';')
                .map_or(0, |p| p + 1);
            let prev = head.get(start..).unwrap_or("");
            if matches!(prev, "if" | "elif" | "while" | "until") {
                return false;
            }
            // The last command of its pipeline: what follows it in the list.
            let last = commands[k..]
                .iter()
                .take_while(|c| c.pipeline == cmd.pipeline || c.depth > cmd.depth)
                .last()
                .unwrap_or(cmd);
            // Something runs after it: the next command of its list, or,
            // at the end of a loop's or group's body, what follows that.
            let next = commands
                .iter()
                .find(|c| c.depth <= cmd.depth && c.span.start >= last.span.end);
            next.is_some_and(|n| {
                n.depth < cmd.depth || !matches!(n.op_before, Some(Op::And | Op::Or))
            })
        })
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports_a_bang_that_set_e_ignores() {
        assert!(reports_run(&RULE, "set -e; ! grep -q x f; echo"));
        assert!(reports_run(
            &RULE,
            "set -eux; \\\n ! grep -q x f | cat; \\\n echo"
        ));
        assert!(reports_run(
            &RULE,
            "set -e; for c in a b; do ! grep -q \"$c\" f; done; echo"
        ));
        assert!(reports_run(
            &RULE,
            "set -e; for c in a; do ! grep -q x f; done; for d in b c; do grep -q \"$d\" f; done"
        ));
    }

    #[test]
    fn conditions_lists_and_last_commands_pass() {
        assert!(!reports_run(&RULE, "set -e; ! grep -q x f"));
        assert!(!reports_run(&RULE, "set -e; ! grep -q x f && echo"));
        assert!(!reports_run(
            &RULE,
            "set -e; if ! grep -q x f; then echo; fi; echo"
        ));
        assert!(!reports_run(&RULE, "! grep -q x f; echo"));
    }
}
