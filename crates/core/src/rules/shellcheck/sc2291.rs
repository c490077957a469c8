use super::{ShellRun, Span};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2291",
    name: "echo-collapses-spaces",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "echo prints one space between its arguments, however many separate them here: quote the text to keep the spacing.",
    docs: r#"
## What it does
Reports a `RUN` where two arguments of `echo` are separated by a run of
unquoted blanks four columns wide or more (tabs count to the next
multiple of eight), on one line: `echo %sudo<TAB>ALL=(ALL) ALL`,
`echo name    value`. On the `RUN`'s first line, once.

## Why is this bad?
The shell splits the line into words and `echo` joins them with single
spaces, so the alignment or the tab that was typed is not what lands in
the file. For a `sudoers` or a config file that cares, the result is not
the line that was read in the Dockerfile. Quoting the whole text keeps
it byte for byte.

## Example
```dockerfile
FROM debian:12
RUN echo key    value >> /etc/tool.conf
```

## Use instead
```dockerfile
FROM debian:12
RUN echo "key    value" >> /etc/tool.conf
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// The width in columns of the blanks `gap`, starting at column `col`
/// (tabs go to the next multiple of eight); `None` when it holds more
/// than blanks (a line continuation, a comment).
fn width(gap: &str, mut col: usize) -> Option<usize> {
    let start = col;
    for c in gap.chars() {
        match c {
            ' ' => col += 1,
            '\t' => col = (col / 8 + 1) * 8,
            _ => return None,
        }
    }
    Some(col - start)
}

/// Every `echo` with a wide gap between two of its arguments.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let src = run.source;
    let script_start = run.text.span.start;
    run.named(&["echo"])
        .map(|(_, c)| c)
        .filter(|c| c.words.len() >= 3)
        .filter(|c| {
            c.words[1..].windows(2).any(|p| {
                let (a, b) = (p[0].span.end, p[1].span.start);
                let Some(gap) = src.get(a..b) else {
                    return false;
                };
                // The column (0-based) where the gap starts: from the start
                // of the line, or of the script on the RUN's first line.
                let line_start = src[..a].rfind('\n').map_or(0, |k| k + 1).max(script_start);
                let col = src[line_start..a].chars().count();
                width(gap, col).is_some_and(|w| w >= 4)
            })
        })
        .map(|c| c.span)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports_wide_gaps_between_echo_arguments() {
        assert!(reports_run(&RULE, "echo a    b"));
        assert!(reports_run(
            &RULE,
            "echo %sudo\tALL=NOPASSWD: ALL >> /etc/sudoers"
        ));
        assert!(reports_run(&RULE, "echo \"a\"\tb"));
        assert!(reports_run(&RULE, "echo a\t\tb"));
        assert!(reports_run(&RULE, "echo a    \"b c\""));
    }

    #[test]
    fn narrow_gaps_quotes_and_continuations_pass() {
        assert!(!reports_run(&RULE, "echo a   b"));
        assert!(!reports_run(&RULE, "echo a\tb"));
        assert!(!reports_run(&RULE, "echo    a"));
        assert!(!reports_run(&RULE, "echo \"a    b\""));
        assert!(!reports_run(&RULE, "echo a \\\n        b"));
        assert!(!reports_run(&RULE, "ls a    b"));
    }
}
