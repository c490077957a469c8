use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3024",
    name: "duplicate-stage-alias",
    severity: Severity::Error,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "FROM aliases (stage names) must be unique",
    docs: r#"
## What it does
Reports a `FROM … AS name` whose name an earlier stage already uses.
Stage names are compared case-insensitively, as BuildKit does.

## Why is this bad?
BuildKit rejects duplicate stage names. Older builders silently used one
of the stages, so `COPY --from=name` copied from a stage the author did
not mean.

## Example
```dockerfile
FROM node:20 AS build
RUN npm ci
FROM node:20 AS build
RUN npm run build
```

## Use instead
```dockerfile
FROM node:20 AS deps
RUN npm ci
FROM deps AS build
RUN npm run build
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    let mut seen: std::collections::HashSet<String> = Default::default();
    for inst in &file.instructions {
        let Body::From(from) = &inst.body else {
            continue;
        };
        let Some(alias) = &from.alias else {
            continue;
        };
        let name = alias.text.to_ascii_lowercase();
        if !seen.insert(name) {
            cx.report(inst.span, RULE.summary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::lines;

    #[test]
    fn duplicates() {
        let text = "FROM a:1 AS x\nFROM b:1 AS y\nFROM c:1 AS X\nFROM d:1 AS x\n";
        assert_eq!(lines(&RULE, text), vec![3, 4]);
    }
}
