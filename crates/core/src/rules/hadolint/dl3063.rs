use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3063",
    name: "reserved-stage-alias",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Stage name should not be a reserved word.",
    docs: r#"
## What it does
Reports a `FROM … AS <name>` whose stage name is `scratch` or `context`
(in any case: BuildKit compares stage names case-insensitively).

## Why is this bad?
Both words already mean something to BuildKit: `scratch` is the empty
base image and `context` names the build context in `COPY --from` and
`--build-context`. A stage with such a name makes `FROM scratch` or
`COPY --from=context` ambiguous for readers; BuildKit's own
`ReservedStageName` check warns about it too. Pick another name; which
one is up to you, so there is no automatic fix.

## Example
```dockerfile
FROM alpine:3.20 AS scratch
RUN echo building
```

## Use instead
```dockerfile
FROM alpine:3.20 AS base
RUN echo building
```
"#,
    check,
};

const MESSAGE: &str = "stage name should not be a reserved word";

fn check(cx: &mut Checker) {
    for inst in &cx.file.instructions {
        let Body::From(from) = &inst.body else {
            continue;
        };
        let Some(alias) = &from.alias else { continue };
        if ["scratch", "context"]
            .iter()
            .any(|w| alias.text.eq_ignore_ascii_case(w))
        {
            cx.report(inst.span, MESSAGE);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports;

    #[test]
    fn reports_reserved_names() {
        assert_eq!(reports(&RULE, "FROM foo:bar AS scratch\n"), 1);
        assert_eq!(reports(&RULE, "FROM foo:bar AS context\n"), 1);
        assert_eq!(reports(&RULE, "FROM scratch as Scratch\n"), 1);
    }

    #[test]
    fn accepts_other_names() {
        assert_eq!(reports(&RULE, "FROM foo:bar AS foobar\n"), 0);
        assert_eq!(reports(&RULE, "FROM scratch\n"), 0);
        assert_eq!(reports(&RULE, "FROM foo AS scratchpad\n"), 0);
    }
}
