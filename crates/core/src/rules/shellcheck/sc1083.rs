use super::{pieces, sub_span, Kind, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::ShellWord;
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC1083",
    name: "literal-brace",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "This brace is plain text to the shell: quote it, or check for a missing `;` or newline before it.",
    docs: r#"
## What it does
Reports a `RUN` with an unquoted `{` or `}` inside an argument that is
neither a brace expansion (`{a,b}`) nor `{}` (as `find -exec` and
`xargs -I` use it): `mkdir -p /srv/{{project}}`. On the `RUN`'s first line.

## Why is this bad?
Braces only group commands when they stand alone as words; inside a word
they are ordinary characters. An unquoted one usually means a template
placeholder that was never filled in (`{{name}}`), or a `}` that was meant
to close a group and is missing the `;` before it.

## Example
```dockerfile
FROM debian:12
RUN mkdir -p /usr/src/{{project_name}}
```

## Use instead
```dockerfile
FROM debian:12
RUN mkdir -p '/usr/src/{{project_name}}' && find /tmp -name '*.tmp' -exec rm {} +
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// The literal braces of one word.
fn literal_braces(w: &ShellWord, out: &mut Vec<Span>) {
    for p in pieces(&w.raw) {
        if p.quoted || p.kind != Kind::Literal {
            continue;
        }
        let text = &w.raw[p.start..p.end];
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\\' => i += 2,
                b'{' if b.get(i + 1) == Some(&b'}') => i += 2,
                b'{' => {
                    let inner_end = text[i + 1..].find(['{', '}']).map(|n| i + 1 + n);
                    let expansion = inner_end.is_some_and(|e| {
                        let inner = &text[i + 1..e];
                        b[e] == b'}'
                            && (inner.contains(',') || inner.contains(".."))
                            && !inner.bytes().any(|c| c.is_ascii_whitespace())
                    });
                    match inner_end {
                        Some(e) if expansion => i = e + 1,
                        _ => {
                            out.push(sub_span(w, p.start + i, p.start + i + 1));
                            i += 1;
                        }
                    }
                }
                b'}' => {
                    out.push(sub_span(w, p.start + i, p.start + i + 1));
                    i += 1;
                }
                _ => i += 1,
            }
        }
    }
}

/// False when every brace of `raw` belongs to a `${…}` ([`pieces`] then
/// makes no literal piece with a brace): a word without quotes,
/// backslashes, backticks or parentheses, whose `{` each open a `${` and
/// whose `}` each close one, as [`pieces`] and its bracket matching read
/// them. True otherwise, or when unsure.
fn may_have_literal_brace(raw: &str) -> bool {
    let b = raw.as_bytes();
    if b.iter()
        .any(|c| matches!(c, b'\\' | b'\'' | b'"' | b'`' | b'(' | b')'))
    {
        return true;
    }
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'$' => match b.get(i + 1) {
                Some(b'{') => {
                    depth += 1;
                    i += 2;
                }
                // `$$`, `$#` …: a parameter of its own, whatever follows.
                Some(c) if c.is_ascii_digit() || b"@*#?$!-".contains(c) => i += 2,
                _ => i += 1,
            },
            b'{' => return true,
            b'}' if depth == 0 => return true,
            b'}' => {
                depth -= 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    false
}

/// Every literal brace in an argument.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let mut out = Vec::new();
    // A quick look at the text first: most `RUN`s have no brace.
    // (Two searches for one byte each: a search for either of two
    // characters decodes every character.)
    let has_brace = |t: &str| t.contains('{') || t.contains('}');
    if !has_brace(&run.text.text) {
        return out;
    }
    for cmd in &run.script.commands {
        for w in &cmd.words {
            if has_brace(&w.raw) && may_have_literal_brace(&w.raw) {
                literal_braces(w, &mut out);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{reports_run, reports_run_bash};

    /// The quick test never skips a word with a literal brace: every word
    /// of up to six characters of `${}a#1,"(` it calls brace-free has no
    /// finding.
    #[test]
    fn quick_test_skips_only_brace_free_words() {
        use crate::syntax::shell::ShellWord;
        let alphabet = ['$', '{', '}', 'a', '#', '1', ',', '"', '('];
        let mut skipped = 0;
        let mut words = vec![String::new()];
        for _ in 0..6 {
            let mut next = Vec::new();
            for w in &words {
                for c in alphabet {
                    let raw = format!("{w}{c}");
                    if !super::may_have_literal_brace(&raw) {
                        skipped += 1;
                        let word = ShellWord {
                            raw: raw.clone(),
                            ..ShellWord::default()
                        };
                        let mut out = Vec::new();
                        super::literal_braces(&word, &mut out);
                        assert!(out.is_empty(), "{raw:?}");
                    }
                    next.push(raw);
                }
            }
            words = next;
        }
        assert!(skipped > 1000, "{skipped}");
    }

    #[test]
    fn reports_literal_braces() {
        assert!(reports_run(&RULE, "mkdir -p /usr/src/{{project_name}}"));
        assert!(reports_run(&RULE, "echo a{b}c"));
        assert!(reports_run(&RULE, "git rev-parse @{u}"));
    }

    #[test]
    fn expansions_groups_and_placeholders_pass() {
        assert!(!reports_run(&RULE, "find . -exec rm {} +"));
        assert!(!reports_run(&RULE, "xargs -I{} cp {} /x"));
        assert!(!reports_run(&RULE, "{ echo a; echo b; } > f"));
        assert!(!reports_run(&RULE, "echo \"${A}\" '{x}' \"{y}\""));
        assert!(!reports_run_bash(&RULE, "echo {a,b} {1..3}"));
    }
}
