use super::{name_of, ShellRun, Span};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::Op;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2012",
    name: "parsing-ls",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary:
        "`ls` output piped into another command breaks on unusual file names: use find or a glob.",
    docs: r#"
## What it does
Reports a `RUN` where the output of `ls` is piped into another command
(`ls /opt | head -1`, `ls *.jar | wc -l`), other than `grep` and `xargs`,
which have codes of their own. On the `RUN`'s first line, once.

## Why is this bad?
`ls` writes names for people to read: one per line, with some
characters escaped or replaced by `?` depending on the version and the
terminal. A name with a newline or a space turns into two, and the
command reading the list acts on files that do not exist. `find` (with
`-print0` where names go further) or a shell glob keep each name whole.

## Example
```dockerfile
FROM debian:12
RUN ls /opt/app/*.jar | head -1 > /jar-name
```

## Use instead
```dockerfile
FROM debian:12
RUN find /opt/app -name '*.jar' | head -1 > /jar-name
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every `ls` whose output the next command of its pipeline reads.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let commands = &run.script.commands;
    run.named(&["ls"])
        .filter_map(|(k, cmd)| {
            let next = commands[k + 1..]
                .iter()
                .find(|c| c.depth <= cmd.depth && c.span.start >= cmd.span.end)?;
            let piped = next.depth == cmd.depth
                && next.pipeline == cmd.pipeline
                && next.op_before == Some(Op::Pipe);
            let own_code = matches!(name_of(next), Some("grep" | "egrep" | "fgrep" | "xargs"));
            (piped && !own_code).then_some(cmd.span)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports_ls_piped_onwards() {
        assert!(reports_run(&RULE, "ls | wc -l"));
        assert!(reports_run(&RULE, "ls -1 /x | head"));
        assert!(reports_run(&RULE, "x=$(ls -t | head -1); echo \"$x\""));
        assert!(reports_run(&RULE, "ls -d /x/ | cut -f1"));
    }

    #[test]
    fn ls_alone_or_into_grep_or_xargs_passes() {
        assert!(!reports_run(&RULE, "ls -la"));
        assert!(!reports_run(&RULE, "ls | grep x"));
        assert!(!reports_run(&RULE, "ls /x | xargs rm"));
        assert!(!reports_run(&RULE, "ls && wc -l f"));
        assert!(!reports_run(&RULE, "a | ls"));
    }
}
