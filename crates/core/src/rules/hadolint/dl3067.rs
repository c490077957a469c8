use crate::rules::hadolint::scan::drop_quotes;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3067",
    name: "copy-entire-filesystem",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Do not copy an entire filesystem from another stage",
    docs: r#"
## What it does
Reports `COPY --from=… / /`: copying another stage's whole root
filesystem over this one.

## Why is this bad?
Everything comes along: package databases, caches, build tools, `/etc`
files and device nodes, overwriting the target's own. The result is large,
hard to reason about and defeats the point of a multi-stage build. Copy
the directories the final image needs.

## Example
```dockerfile
FROM golang:1.22 AS build
RUN go build -o /out/app ./...
FROM gcr.io/distroless/static
COPY --from=build / /
```

## Use instead
```dockerfile
FROM golang:1.22 AS build
RUN go build -o /out/app ./...
FROM gcr.io/distroless/static
COPY --from=build /out/app /app
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    for inst in &file.instructions {
        let Body::Copy(copy) = &inst.body else {
            continue;
        };
        if inst.flag("from").is_none() {
            continue;
        }
        let root_source = copy.sources.iter().any(|s| drop_quotes(&s.text) == "/");
        let root_dest = copy
            .dest
            .as_ref()
            .is_some_and(|d| drop_quotes(&d.text) == "/");
        if root_source && root_dest {
            cx.report(inst.span, RULE.summary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::lines;

    #[test]
    fn whole_fs() {
        let text = "FROM a:1 AS b\nFROM c:1\nCOPY --from=b / /\nCOPY / /\nCOPY --from=b /x /\nCOPY --from=b [\"/\", \"/\"]\n";
        assert_eq!(lines(&RULE, text), vec![3, 6]);
    }
}
