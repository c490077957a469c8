use super::{name_of, pieces, sub_span, Kind, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2016",
    name: "expansion-in-single-quotes",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Nothing expands inside single quotes: use double quotes where the variable or command should be replaced.",
    docs: r#"
## What it does
Reports a `RUN` with a single-quoted string that looks like it expects an
expansion: `'$NAME'`, `'${…}'`, `'$(…)'` or backticks. Programs that read
such text themselves are left alone: `awk`, `perl`, `python` and other
interpreters, `sh -c`/`bash -c` anywhere in the command, `trap`, `ssh`,
`jq`, `eval`. On the `RUN`'s first line, once.

## Why is this bad?
Single quotes keep every character as written: `echo 'home is $HOME'`
prints `$HOME`. When that is the intent (a line written into a script for
later, a regular expression), it is fine, and the rule can be ignored
there; when it is not, the variable is silently never replaced.

## Example
```dockerfile
FROM debian:12
RUN echo 'export PATH=/opt/tool/bin:$PATH' >> /etc/profile && sed -i 's/$VERSION/1.0/' /etc/tool.conf
```

## Use instead
```dockerfile
FROM debian:12
RUN echo "export PATH=/opt/tool/bin:$PATH" >> /etc/profile && awk '{print $1}' /etc/hosts
```
"#,
    check,
};

/// Commands that read `$…` in their arguments themselves.
fn reads_its_own(cmd: &SimpleCommand) -> bool {
    let Some(name) = name_of(cmd) else {
        return false;
    };
    let interpreter = matches!(
        name,
        "awk"
            | "gawk"
            | "mawk"
            | "nawk"
            | "perl"
            | "python"
            | "python2"
            | "python3"
            | "ruby"
            | "php"
            | "node"
            | "trap"
            | "ssh"
            | "jq"
            | "yq"
            | "eval"
            | "sh"
            | "bash"
            | "dash"
            | "ash"
            | "ksh"
            | "zsh"
            | "su"
            | "expect"
            | "unset"
            | "alias"
            | "xargs"
    );
    interpreter
        || cmd.words.windows(2).any(|p| {
            matches!(p[0].value.as_str(), "sh" | "bash" | "/bin/sh" | "/bin/bash")
                && p[1].value.starts_with("-c")
        })
}

/// Whether single-quoted text looks like it expects an expansion.
fn looks_expanded(text: &str) -> bool {
    let b = text.as_bytes();
    b.contains(&b'`')
        || b.windows(2)
            .any(|w| w[0] == b'$' && (w[1].is_ascii_alphanumeric() || matches!(w[1], b'_' | b'(')))
        || b.windows(3).any(|w| {
            w[0] == b'$'
                && w[1] == b'{'
                && (w[2].is_ascii_alphanumeric() || matches!(w[2], b'_' | b'#' | b'!'))
        })
}

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every single-quoted string that looks like it expects an expansion.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let mut out = Vec::new();
    // A quick look at the text first: the words reported hold a `'`.
    if !run.text.text.contains('\'') {
        return out;
    }
    for cmd in &run.script.commands {
        let words = if reads_its_own(cmd) {
            &cmd.words[..0]
        } else {
            &cmd.words[cmd.words.len().min(1)..]
        };
        for w in cmd.assignments.iter().chain(words) {
            if !w.raw.contains('\'') {
                continue;
            }
            out.extend(
                pieces(&w.raw)
                    .into_iter()
                    .filter(|p| {
                        p.kind == Kind::SingleQuoted && looks_expanded(&w.raw[p.start..p.end])
                    })
                    .map(|p| sub_span(w, p.start, p.end)),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports_expansions_that_stay_literal() {
        assert!(reports_run(&RULE, "echo '$HOME'"));
        assert!(reports_run(&RULE, "sed -i 's/$x/y/' f"));
        assert!(reports_run(&RULE, "A='$x'"));
        assert!(reports_run(&RULE, "echo '`date`'"));
        assert!(reports_run(&RULE, "echo 'a $(b)'"));
        assert!(reports_run(&RULE, "echo 'if [ -n \"$1\" ]; then x; fi'"));
    }

    #[test]
    fn interpreters_and_plain_text_pass() {
        assert!(!reports_run(&RULE, "awk '{print $1}' f"));
        assert!(!reports_run(&RULE, "sh -c 'echo $HOME'"));
        assert!(!reports_run(&RULE, "find . -exec sh -c 'echo $1' _ {} \\;"));
        assert!(!reports_run(&RULE, "echo 'costs 5$' \"$HOME\""));
        assert!(!reports_run(&RULE, "grep 'a$' f"));
        assert!(!reports_run(&RULE, "sed 's/(.*)$/${\\1}/' f"));
    }
}
