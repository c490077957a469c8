use super::{pieces, Kind, ShellRun, Span};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2211",
    name: "glob-as-command-name",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "This command name is a glob (`*`, `?`): the shell runs whatever file happens to match first, with the other matches as arguments.",
    docs: r#"
## What it does
Reports a `RUN` where a command's name holds an unquoted `*` or `?`:
`*.sh`, `./install-*`, `tool?`. On the `RUN`'s first line, once.

## Why is this bad?
The shell expands the glob before running anything: with one match the
step runs that file (which may not be the one meant), with two the first
runs with the second as its argument, with none it looks for a program
literally named `*.sh`. What runs depends on what is in the directory.
Name the file, or loop over the matches.

## Example
```dockerfile
FROM debian:12
COPY install-1.2.sh /tmp/
RUN /tmp/install-*.sh
```

## Use instead
```dockerfile
FROM debian:12
COPY install-1.2.sh /tmp/
RUN /tmp/install-1.2.sh
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    // A quick look at the text first: most `RUN`s have none.
    if !run.text.text.contains('*') && !run.text.text.contains('?') {
        return Vec::new();
    }
    run.script
        .commands
        .iter()
        .filter_map(|c| {
            let w = c.words.first()?;
            if !w.raw.bytes().any(|b| matches!(b, b'*' | b'?')) {
                return None;
            }
            let glob = pieces(&w.raw).iter().any(|p| {
                p.kind == Kind::Literal && !p.quoted && {
                    let lit = &w.raw[p.start..p.end];
                    // `\*` is a literal star.
                    let mut esc = false;
                    lit.chars().any(|ch| {
                        let hit = !esc && matches!(ch, '*' | '?');
                        esc = !esc && ch == '\\';
                        hit
                    })
                }
            });
            glob.then_some(w.span)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports_globs_as_command_names() {
        assert!(reports_run(&RULE, "?x"));
        assert!(reports_run(&RULE, "foo* x"));
        assert!(reports_run(&RULE, "x && *.sh"));
        assert!(reports_run(&RULE, "/tmp/install-*.sh --yes"));
    }

    #[test]
    fn plain_or_quoted_names_pass() {
        assert!(!reports_run(&RULE, "ls *.sh"));
        assert!(!reports_run(&RULE, "\"*.sh\""));
        assert!(!reports_run(&RULE, "echo '*'"));
        assert!(!reports_run(&RULE, "[ -f x ]"));
        assert!(!reports_run(&RULE, "x\\* y"));
    }
}
