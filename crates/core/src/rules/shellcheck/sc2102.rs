use super::{pieces, sub_span, Kind, ShellRun, Span};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2102",
    name: "bracket-glob-repeats-characters",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "`[…]` is a glob matching one character, and this one lists a character twice: quote the word if the brackets are meant literally (`\"pkg[extra]\"`).",
    docs: r#"
## What it does
Reports a `RUN` where an unquoted word holds a bracket expression that
repeats a character: `pip install urllib3[secure]`, `ls [10-15]`. On the
`RUN`'s first line, once.

## Why is this bad?
Unquoted, `[secure]` is a glob: it matches *one* character among `s`,
`e`, `c`, `u`, `r`. A repeated character shows the author meant
something else, a word (a pip extra) or a number range. When a file
happens to match, the shell replaces the word with the file's name
(`urllib3e`) and the command gets the wrong argument; with `failglob` or
`zsh` it fails. Quoting keeps the brackets literal.

## Example
```dockerfile
FROM python:3.12
RUN pip install --no-cache-dir urllib3[secure]==1.26.18
```

## Use instead
```dockerfile
FROM python:3.12
RUN pip install --no-cache-dir "urllib3[secure]==1.26.18"
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Whether the inside of a bracket expression lists a character twice
/// (`-` of a range and a leading `!`/`^` aside; character classes are
/// left alone).
fn repeats(inner: &str) -> bool {
    let inner = inner.strip_prefix(['!', '^']).unwrap_or(inner);
    if inner.contains("[:") || inner.contains("[=") || inner.contains("[.") {
        return false;
    }
    let mut seen = Vec::new();
    for c in inner.chars().filter(|&c| c != '-') {
        if seen.contains(&c) {
            return true;
        }
        seen.push(c);
    }
    false
}

/// The `[` of every unquoted bracket expression in an argument that
/// repeats a character.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    // A quick look at the text first: most `RUN`s have none.
    if !run.text.text.contains('[') {
        return Vec::new();
    }
    let mut out = Vec::new();
    let words = run
        .script
        .commands
        .iter()
        .flat_map(|c| c.assignments.iter().chain(c.args()).chain(&c.redirects));
    for w in words {
        if !w.raw.contains('[') || w.raw.contains("[:") {
            continue;
        }
        for p in pieces(&w.raw) {
            if p.kind != Kind::Literal || p.quoted {
                continue;
            }
            let lit = &w.raw[p.start..p.end];
            let mut from = 0;
            while let Some(open) = lit[from..].find('[').map(|k| from + k) {
                let Some(close) = lit[open + 1..].find(']').map(|k| open + 1 + k) else {
                    break;
                };
                // `[]…]` and `[!]…]`: a `]` first is part of the set.
                let inner = &lit[open + 1..close];
                if !inner.contains('\\') && repeats(inner) {
                    out.push(sub_span(w, p.start + open, p.start + open + 1));
                }
                from = close + 1;
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
    fn reports_bracket_sets_with_a_repeated_character() {
        assert!(reports_run(&RULE, "pip install urllib3[secure]"));
        assert!(reports_run(&RULE, "ls [10-15]"));
        assert!(reports_run(&RULE, "ls x[dev,test]"));
        assert!(reports_run(&RULE, "ls [!aa]"));
        assert!(reports_run(&RULE, "echo a[bb]c"));
    }

    #[test]
    fn sets_of_distinct_characters_or_quoted_pass() {
        assert!(!reports_run(&RULE, "pip install x[ab]"));
        assert!(!reports_run(&RULE, "pip install \"urllib3[secure]\""));
        assert!(!reports_run(&RULE, "ls [a-z]"));
        assert!(!reports_run(&RULE, "ls [a-c-z]"));
        assert!(!reports_run(&RULE, "ls [[:alpha:][:alpha:]]"));
        assert!(!reports_run(&RULE, "ls x[security]"));
        assert!(!reports_run(&RULE, "[ aa = b ]"));
    }
}
