use super::{pieces, sub_span, Kind, ShellRun, Span};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC1018",
    name: "non-breaking-space",
    severity: Severity::Error,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "A non-breaking space (U+00A0) outside quotes: the shell does not split on it. Delete it and type a plain space.",
    docs: r#"
## What it does
Reports a `RUN` where a non-breaking space (U+00A0) stands outside
quotes. On the `RUN`'s first line, once.

## Why is this bad?
It looks like a space, usually pasted from a web page or a word
processor, but the shell does not split words on it: `apt-get install`
with one between `install` and a package name runs a command named
`install<U+00A0>curl`, or passes a package name that does not exist.
The fix is to retype the blank.

## Example
```dockerfile
FROM debian:12
RUN echo hello
```

## Use instead
```dockerfile
FROM debian:12
RUN echo hello
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let mut out = Vec::new();
    if !run.text.text.contains('\u{a0}') {
        return out;
    }
    let words = run
        .script
        .commands
        .iter()
        .flat_map(|c| c.assignments.iter().chain(&c.words).chain(&c.redirects));
    for w in words {
        for p in pieces(&w.raw) {
            if p.kind != Kind::Literal || p.quoted {
                continue;
            }
            if let Some(k) = w.raw[p.start..p.end].find('\u{a0}') {
                let at = p.start + k;
                out.push(sub_span(w, at, at + '\u{a0}'.len_utf8()));
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
    fn reports_unquoted_non_breaking_spaces() {
        assert!(reports_run(&RULE, "echo\u{a0}hi"));
        assert!(reports_run(&RULE, "apt-get install\u{a0}curl"));
    }

    #[test]
    fn plain_or_quoted_spaces_pass() {
        assert!(!reports_run(&RULE, "echo hi"));
        assert!(!reports_run(&RULE, "echo \"a\u{a0}b\""));
        assert!(!reports_run(&RULE, "echo 'a\u{a0}b'"));
    }
}
