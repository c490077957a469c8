use super::{pieces, sub_span, Dialect, Kind, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::ShellWord;
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC3009",
    name: "sh-brace-expansion",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "POSIX sh has no brace expansion: `{a,b}` and `{1..3}` stay as written.",
    docs: r#"
## What it does
Reports a `RUN` under a POSIX `sh` (the default `/bin/sh`, `dash`, `ash`)
with an unquoted brace expansion, `{a,b}` or `{1..3}`. Under bash (a
`SHELL ["/bin/bash", "-c"]` before) it is not reported. On the `RUN`'s
first line, once.

## Why is this bad?
Brace expansion is bash's (and ksh's, zsh's). `dash` passes
`mkdir -p /app/{logs,tmp}` one directory named `{logs,tmp}`: the step
succeeds and builds the wrong tree.

## Example
```dockerfile
FROM debian:12
RUN mkdir -p /app/{logs,tmp}
```

## Use instead
```dockerfile
FROM debian:12
RUN mkdir -p /app/logs /app/tmp
```

```dockerfile
FROM debian:12
SHELL ["/bin/bash", "-c"]
RUN mkdir -p /app/{logs,tmp}
```
"#,
    check,
};

/// The span of the first brace expansion in `w`, outside quotes.
fn brace(w: &ShellWord) -> Option<Span> {
    if !w.raw.contains('{') {
        return None;
    }
    for p in pieces(&w.raw) {
        if p.quoted || p.kind != Kind::Literal {
            continue;
        }
        let text = &w.raw[p.start..p.end];
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'{' && (i == 0 || b[i - 1] != b'\\') {
                if let Some(n) = text[i..].find('}') {
                    let inner = &text[i + 1..i + n];
                    let list = inner.contains(',')
                        || {
                            let mut parts = inner.splitn(2, "..");
                            matches!((parts.next(), parts.next()), (Some(a), Some(b)) if !a.is_empty() && !b.is_empty())
                        };
                    if list && !inner.bytes().any(|c| c.is_ascii_whitespace() || c == b'\\') {
                        return Some(sub_span(w, p.start + i, p.start + i + n + 1));
                    }
                }
            }
            i += 1;
        }
    }
    None
}

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every unquoted brace expansion, under sh.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    // A quick look at the text first: a brace list needs a `{`.
    if run.dialect != Dialect::Sh || !run.text.text.contains('{') {
        return Vec::new();
    }
    let items = run
        .script
        .loops
        .iter()
        .flat_map(|l| l.items.iter().flatten());
    run.script
        .commands
        .iter()
        .flat_map(|c| &c.words)
        .chain(items)
        .filter_map(brace)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{reports_run, reports_run_bash};

    #[test]
    fn reports_brace_expansion_under_sh() {
        assert!(reports_run(&RULE, "echo {a,b}"));
        assert!(reports_run(&RULE, "cp x.{a,b} y"));
        assert!(reports_run(&RULE, "echo {1..3}"));
        assert!(reports_run(&RULE, "for i in {1..3}; do echo; done"));
    }

    #[test]
    fn quoted_single_or_bash_pass() {
        assert!(!reports_run(&RULE, "echo \"{a,b}\" '{a,b}'"));
        assert!(!reports_run(&RULE, "find . -exec rm {} \\;"));
        assert!(!reports_run(&RULE, "echo ${a:-b,c}"));
        assert!(!reports_run(&RULE, "A={a,b}"));
        assert!(!reports_run_bash(&RULE, "echo {a,b}"));
    }
}
