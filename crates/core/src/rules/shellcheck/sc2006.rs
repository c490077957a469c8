use super::{pieces, sub_span, Kind, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2006",
    name: "backtick-substitution",
    severity: Severity::Style,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Use $(…) rather than the legacy backticks for command substitution.",
    docs: r#"
## What it does
Reports a `RUN` that substitutes a command's output with backticks,
`` `cmd` ``, anywhere: in arguments, assignments, double quotes. On the
`RUN`'s first line, once.

## Why is this bad?
Backticks do not nest without escaping, and backslashes inside them follow
rules of their own that surprise. `$(cmd)` nests, reads clearly and means
the same.

## Example
```dockerfile
FROM debian:12
RUN echo "built on `date`" > /etc/build-info
```

## Use instead
```dockerfile
FROM debian:12
RUN echo "built on $(date)" > /etc/build-info
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every backtick substitution.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let mut out = Vec::new();
    for cmd in &run.script.commands {
        for w in cmd
            .assignments
            .iter()
            .chain(&cmd.words)
            .chain(&cmd.redirects)
        {
            if !w.raw.contains('`') {
                continue;
            }
            out.extend(
                pieces(&w.raw)
                    .into_iter()
                    // `` `# a comment` ``: a way to comment inside a
                    // continued line, not a substitution.
                    .filter(|p| {
                        p.kind == Kind::Backtick
                            && !w.raw[p.start + 1..].trim_start().starts_with('#')
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
    use crate::rules::shellcheck::testing::flags;

    #[test]
    fn reports_backticks() {
        assert!(flags(&RULE, "echo `date`"));
        assert!(flags(&RULE, "echo \"`date`\""));
        assert!(flags(&RULE, "A=`date`"));
        assert!(flags(&RULE, "export A=`date`"));
    }

    #[test]
    fn dollar_paren_and_quoted_backticks_pass() {
        assert!(!flags(&RULE, "echo $(date)"));
        assert!(!flags(&RULE, "echo '`date`'"));
        assert!(!flags(&RULE, "echo \\`date\\`"));
        assert!(!flags(&RULE, "go get -d x `# and 6 more` && go build"));
    }
}
