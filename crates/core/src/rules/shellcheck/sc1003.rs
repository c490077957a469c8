use super::{pieces, sub_span, Kind, ShellRun, Span};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC1003",
    name: "backslash-before-closing-single-quote",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "A backslash cannot escape a single quote inside '…': this quote ends the string. To write a quote, use '…'\\''…'.",
    docs: r#"
## What it does
Reports a `RUN` where a single-quoted string ends in a backslash:
`echo 'it\'s'`, `sed -i '1ifoo\' f`. On the `RUN`'s first line, once.

## Why is this bad?
Inside single quotes nothing is special, a backslash included: `'a\'`
is the two characters `a\` and the quote closes the string. If the
backslash was meant to escape a quote, the rest of the line is read
differently from what was intended. A literal single quote is written
by closing the string, adding `\'`, and opening it again: `'it'\''s'`.
When the trailing backslash is wanted (a `sed` command's line break),
this is a hint only.

## Example
```dockerfile
FROM debian:12
RUN echo 'C:\' > /drive
```

## Use instead
```dockerfile
FROM debian:12
RUN echo "C:\\" > /drive
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// The backslash of every closed single-quoted part that ends in one.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    // A quick look at the text first: most `RUN`s have none.
    if !run.text.text.contains("\\'") {
        return Vec::new();
    }
    let mut out = Vec::new();
    let words = run
        .script
        .commands
        .iter()
        .flat_map(|c| c.assignments.iter().chain(&c.words).chain(&c.redirects));
    for w in words {
        if !w.raw.contains("\\'") {
            continue;
        }
        for p in pieces(&w.raw) {
            let text = &w.raw[p.start..p.end];
            if p.kind == Kind::SingleQuoted && text.len() >= 3 && text.ends_with("\\'") {
                out.push(sub_span(w, p.end - 2, p.end - 1));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports_single_quotes_ending_in_a_backslash() {
        assert!(reports_run(&RULE, "echo 'a\\'"));
        assert!(reports_run(&RULE, "echo 'a\\' b"));
        assert!(reports_run(&RULE, "sed -E -i '1ifoo\\'  conf"));
        assert!(reports_run(&RULE, "echo 'a\\\\'"));
        assert!(reports_run(&RULE, "echo '\\' && echo 'b'"));
    }

    #[test]
    fn other_backslashes_pass() {
        assert!(!reports_run(&RULE, "echo 'a\\b'"));
        assert!(!reports_run(&RULE, "echo \"a\\\\\""));
        assert!(!reports_run(&RULE, "echo 'x'\\''y'"));
        assert!(!reports_run(&RULE, "echo a\\'"));
    }
}
