use super::{is_declaration, pieces, sub_span, Dialect, Kind, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2046",
    name: "unquoted-command-substitution",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Double-quote this command substitution: unquoted, its output is split into words and glob-expanded.",
    docs: r#"
## What it does
Reports a `RUN` where the output of a command is substituted with `$(…)`
outside double quotes, as an argument (`chown $(id -u) f`, `[ $(uname -m)
= x86_64 ]`). `echo $(cmd)` alone is ShellCheck's SC2005 (a useless echo),
not this. Under `/bin/sh` the value of `export A=$(cmd)` is also split; under
bash it is an assignment (see SC2155). On the `RUN`'s first line, once.

## Why is this bad?
The shell splits the output on spaces and newlines and expands globs in
it: a path with a space becomes two arguments, an output of `*` becomes the
list of files. When the words are wanted (a list of packages), say so with
`xargs` or a `for` loop; otherwise quote it, `"$(cmd)"`.

## Example
```dockerfile
FROM debian:12
RUN chown $(id -u):$(id -g) /data
```

## Use instead
```dockerfile
FROM debian:12
RUN chown "$(id -u):$(id -g)" /data
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every unquoted `$(…)` in an argument.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let mut out = Vec::new();
    for (k, cmd) in run.script.commands.iter().enumerate() {
        let name = run.name(k);
        if name == Some("[[") {
            continue;
        }
        let declaration = name.is_some_and(is_declaration);
        let args = &cmd.words[cmd.words.len().min(1)..];
        for (k, w) in args.iter().chain(&cmd.redirects).enumerate() {
            if !w.raw.contains("$(") {
                continue;
            }
            let parts = pieces(&w.raw);
            // `echo $(cmd)`: ShellCheck says "useless echo" instead.
            if name == Some("echo")
                && args.len() == 1
                && k == 0
                && parts.len() == 1
                && parts[0].kind == Kind::CommandSub
            {
                continue;
            }
            let from = if declaration {
                match w.raw.find('=') {
                    Some(_) if run.dialect != Dialect::Sh => continue,
                    Some(eq) => eq + 1,
                    None => 0,
                }
            } else {
                0
            };
            out.extend(
                parts
                    .iter()
                    .filter(|p| !p.quoted && p.start >= from && p.kind == Kind::CommandSub)
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
    fn reports_unquoted_substitutions_in_arguments() {
        assert!(reports_run(&RULE, "echo x$(date)y"));
        assert!(reports_run(&RULE, "echo $(date) x"));
        assert!(reports_run(&RULE, "[ $(id -u) = 0 ]"));
        assert!(reports_run(&RULE, "export A=$(date)"));
        assert!(reports_run(&RULE, "apt-get install $(cat list)"));
    }

    #[test]
    fn quoted_assigned_or_echoed_pass() {
        assert!(!reports_run(&RULE, "echo \"$(date)\""));
        assert!(!reports_run(&RULE, "A=$(date)"));
        assert!(!reports_run(&RULE, "echo $(date)"));
        assert!(!reports_run(&RULE, "echo $((1 + 2)) x"));
        assert!(!reports_run(&RULE, "ls `date`"));
        assert!(!reports_run_bash(&RULE, "export A=$(date)"));
        assert!(!reports_run_bash(&RULE, "[[ $(id -u) = 0 ]]"));
    }
}
