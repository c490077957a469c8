use super::ShellRun;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2028",
    name: "echo-escapes",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary:
        "Whether echo turns backslash sequences into characters depends on the shell: use printf.",
    docs: r#"
## What it does
Reports a `RUN` where `echo` (without options) prints text containing a
backslash escape such as `\n` or `\t`. On the `RUN`'s first line, once.

## Why is this bad?
`dash`, Debian's and Ubuntu's `/bin/sh`, turns `\n` into a newline; `bash`
prints the backslash and the `n`. The same line writes different files
depending on the shell of the image. `printf 'a\nb\n'` behaves the same
everywhere.

## Example
```dockerfile
FROM debian:12
RUN echo "[main]\nenabled=1" > /etc/tool.conf
```

## Use instead
```dockerfile
FROM debian:12
RUN printf '[main]\nenabled=1\n' > /etc/tool.conf
```
"#,
    check,
};

/// Whether `text` has a backslash escape echo may expand.
fn has_escape(text: &str) -> bool {
    text.as_bytes().windows(2).any(|w| {
        w[0] == b'\\'
            && matches!(
                w[1],
                b'n' | b't' | b'r' | b'a' | b'b' | b'f' | b'v' | b'c' | b'e' | b'0' | b'\\'
            )
    })
}

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every argument of an option-less `echo` with a backslash escape.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let mut out = Vec::new();
    for (_, cmd) in run.named(&["echo"]) {
        let args = cmd.args();
        if args.first().is_some_and(|a| a.value.starts_with('-')) {
            continue;
        }
        // The text echo prints: a substitution's command is not.
        out.extend(
            args.iter()
                .filter(|w| has_escape(&w.value) && !w.raw.contains('`') && !w.raw.contains("$("))
                .map(|w| w.span),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports_escapes_echo_may_expand() {
        assert!(reports_run(&RULE, "echo \"a\\nb\""));
        assert!(reports_run(&RULE, "echo 'a\\tb' > f"));
        assert!(reports_run(&RULE, "echo 'PS1=\\\\$ '"));
    }

    #[test]
    fn printf_options_and_plain_text_pass() {
        assert!(!reports_run(&RULE, "printf 'a\\nb'"));
        assert!(!reports_run(&RULE, "echo -e 'a\\nb'"));
        assert!(!reports_run(&RULE, "echo 'a/b' C:\\\\x"));
    }
}
