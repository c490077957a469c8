use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::{go_quote, Body};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "ReservedStageName",
    name: "reserved-stage-name",
    severity: Severity::Warning,
    source: Source::Buildkit,
    fix: FixAvailability::Never,
    summary: "Reserved words should not be used as stage names",
    docs: r#"
## What it does
Reports a stage named `scratch` or `context` (in any case), the two
names BuildKit reserves. hadolint's DL3063 reports the same line under
its own code.

## Why is this bad?
`scratch` is the empty image and `context` the build context: `FROM
scratch` or `COPY --from=context` after such a stage is ambiguous to the
reader and to tools. The new name is a choice, so no edit is offered.

## Example
```dockerfile
FROM alpine:3.20 AS scratch
FROM alpine:3.20 AS context
```

## Use instead
```dockerfile
FROM alpine:3.20 AS builder
```
"#,
    check,
};

/// The stage names BuildKit reserves.
const RESERVED: [&str; 2] = ["context", "scratch"];

fn check(cx: &mut Checker) {
    for inst in &cx.file.instructions {
        let Body::From(from) = &inst.body else {
            continue;
        };
        let Some(alias) = &from.alias else { continue };
        let name = alias.text.to_lowercase();
        if RESERVED.contains(&name.as_str()) {
            cx.report(
                inst.span,
                format!(
                    "Stage name should not use the same name as reserved stage {}",
                    go_quote(&name)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::messages;

    #[test]
    fn reports_reserved_names() {
        assert_eq!(
            messages(&RULE, "FROM scratch AS scratch\nFROM a AS Context\n"),
            [
                "Stage name should not use the same name as reserved stage \"scratch\"",
                "Stage name should not use the same name as reserved stage \"context\"",
            ]
        );
        assert!(messages(&RULE, "FROM scratch\nFROM scratch AS a\nFROM a AS ctx\n").is_empty());
    }
}
