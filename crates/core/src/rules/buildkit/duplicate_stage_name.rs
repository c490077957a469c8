use std::collections::HashSet;

use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::{go_quote, Body};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DuplicateStageName",
    name: "duplicate-stage-name",
    severity: Severity::Warning,
    source: Source::Buildkit,
    fix: FixAvailability::Never,
    summary: "Stage names should be unique",
    docs: r#"
## What it does
Reports a stage whose name (`FROM … AS name`) an earlier stage already
has. Names are compared the way BuildKit stores them, lowercased:
`Build` and `build` are the same stage name. hadolint's DL3024 reports
the same line under its own code.

## Why is this bad?
`COPY --from=name`, `FROM name` and `--target name` can only point at
one stage; with two stages of one name, the later one silently wins and
the other becomes unreachable. Which stage to rename is a choice, so no
edit is offered.

## Example
```dockerfile
FROM debian:12 AS builder
RUN apt-get update
FROM golang:1.22 AS builder
```

## Use instead
```dockerfile
FROM debian:12 AS deb-builder
RUN apt-get update
FROM golang:1.22 AS go-builder
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let mut seen = HashSet::new();
    for inst in &cx.file.instructions {
        let Body::From(from) = &inst.body else {
            continue;
        };
        let Some(alias) = &from.alias else { continue };
        let name = alias.text.to_lowercase();
        if !seen.insert(name.clone()) {
            cx.report(
                inst.span,
                format!(
                    "Duplicate stage name {}, stage names should be unique",
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
    fn reports_the_later_stage() {
        assert_eq!(
            messages(&RULE, "FROM a AS b\nFROM a AS B\nFROM a AS c\n"),
            ["Duplicate stage name \"b\", stage names should be unique"]
        );
        assert!(messages(&RULE, "FROM a AS b1\nFROM a AS b2\nFROM a\nFROM a\n").is_empty());
    }
}
