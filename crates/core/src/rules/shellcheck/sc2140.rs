use super::{pieces, sub_span, Kind, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2140",
    name: "inexplicably-unquoted",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "This word reads \"A\"B\"C\": the middle part is outside the quotes. Did you mean \"ABC\", or quotes inside (\"A\\\"B\\\"C\")?",
    docs: r#"
## What it does
Reports a `RUN` with a word made of a double-quoted part, an unquoted part and another double-quoted part run together (`"--name="app" x"`). On the `RUN`'s first line.

## Why is this bad?
Usually quotes meant to be inside the string were not escaped: the shell ends the string at the inner quote, leaves the middle unquoted (split and globbed) and starts a new string after it. The value is not what it looks like.

## Example
```dockerfile
FROM debian:12
RUN echo "DATABASE_URL="postgres://db"" > /etc/app.env
```

## Use instead
```dockerfile
FROM debian:12
RUN echo "DATABASE_URL=\"postgres://db\"" > /etc/app.env
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every unquoted middle of a `"A"B"C"` word (at the middle).
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let mut out = Vec::new();
    // A quick look at the text first: the words reported hold a `"`.
    if !run.text.text.contains('"') {
        return out;
    }
    for cmd in &run.script.commands {
        for w in cmd.words.iter().chain(&cmd.assignments) {
            if w.raw.bytes().filter(|&b| b == b'"').count() < 4 {
                continue;
            }
            let p = pieces(&w.raw);
            for k in 1..p.len() {
                let (a, b) = (&p[k - 1], &p[k]);
                let middle = &w.raw[b.start..b.end];
                // Both sides plain text: `v"$V"/x_"$V"` is how paths are
                // quoted piecewise, not a mistake.
                let next_literal = p
                    .get(k + 1)
                    .is_none_or(|c| c.quoted && c.kind == Kind::Literal);
                if a.quoted
                    && a.kind == Kind::Literal
                    && next_literal
                    && !b.quoted
                    && b.kind == Kind::Literal
                    && w.raw[..b.start].ends_with('"')
                    && w.raw[b.end..].starts_with('"')
                    && middle != "/"
                    && !middle
                        .bytes()
                        .any(|c| c.is_ascii_whitespace() || c == b'\\')
                {
                    out.push(sub_span(w, b.start, b.end));
                }
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
    fn reports() {
        assert!(reports_run(&RULE, "echo \"a\"b\"c\""));
        assert!(reports_run(&RULE, "echo \"--opt=\"x\" y\""));
    }

    #[test]
    fn passes() {
        assert!(!reports_run(&RULE, "echo \"a\" b \"c\""));
        assert!(!reports_run(&RULE, "echo \"$a\"/\"$b\""));
        assert!(!reports_run(&RULE, "wget x/v\"$V\"/d_\"$V\"_amd64.deb"));
        assert!(!reports_run(&RULE, "echo \"a\\\"b\\\"c\""));
    }
}
