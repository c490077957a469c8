use super::{pieces, Kind, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2231",
    name: "for-glob-unquoted-expansion",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Quote the expansion in this loop's glob (`\"$dir\"/*.txt`): unquoted, its value is split and globbed too.",
    docs: r#"
## What it does
Reports a `RUN` with a `for` loop over a glob that starts with an unquoted expansion (`for f in $DIR/*.txt`). On the `RUN`'s first line.

## Why is this bad?
The variable's value is split on spaces and its own glob characters expanded before the pattern is matched: a directory with a space in its name yields nothing useful. `"$DIR"/*.txt` keeps the value whole and still expands the `*`.

## Example
```dockerfile
FROM debian:12
ARG DIR=/opt/app
RUN for f in $DIR/*.conf; do cp "$f" /etc/; done
```

## Use instead
```dockerfile
FROM debian:12
ARG DIR=/opt/app
RUN for f in "$DIR"/*.conf; do cp "$f" /etc/; done
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every `for` item mixing an unquoted expansion and a glob.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let mut out = Vec::new();
    for w in run
        .script
        .loops
        .iter()
        .flat_map(|l| l.items.iter().flatten())
    {
        if !w.raw.contains('$') || !w.raw.contains(['*', '?', '[']) {
            continue;
        }
        let p = pieces(&w.raw);
        let expansion = p
            .iter()
            .any(|p| !p.quoted && matches!(p.kind, Kind::Param { .. }));
        let glob = p.iter().any(|p| {
            !p.quoted && p.kind == Kind::Literal && w.raw[p.start..p.end].contains(['*', '?', '['])
        });
        if expansion && glob {
            out.push(w.span);
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
        assert!(reports_run(
            &RULE,
            "for f in $D/*.txt; do echo \"$f\"; done"
        ));
    }

    #[test]
    fn passes() {
        assert!(!reports_run(
            &RULE,
            "for f in \"$D\"/*.txt; do echo \"$f\"; done"
        ));
        assert!(!reports_run(
            &RULE,
            "for f in /x/*.txt; do echo \"$f\"; done"
        ));
    }
}
