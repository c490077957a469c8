use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::{Body, Keyword};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3022",
    name: "copy-from-unknown-stage",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "`COPY --from` should reference a previously defined `FROM` alias",
    docs: r#"
## What it does
Reports `COPY --from=name` where `name` is neither a stage defined above
(by its `AS` name or its index) nor an image reference with a tag
(`--from=nginx:1.27`). Variables are resolved; a value only known at
build time is not judged.

## Why is this bad?
BuildKit treats an unknown name as an image to pull. A typo in a stage
name (`--from=biuld`) therefore does not fail where it is written: the
build tries to pull `docker.io/library/biuld` and fails with a confusing
registry error, or worse, pulls something that happens to exist.

## Example
```dockerfile
FROM golang:1.22 AS build
RUN go build -o /app ./...
FROM alpine:3.20
COPY --from=builder /app /app
```

## Use instead
```dockerfile
FROM golang:1.22 AS build
RUN go build -o /app ./...
FROM alpine:3.20
COPY --from=build /app /app
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    // Lower-cased: BuildKit compares stage names without case.
    let mut aliases: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut froms = 0usize;
    for (i, inst) in file.instructions.iter().enumerate() {
        if let Body::From(from) = &inst.body {
            froms += 1;
            if let Some(alias) = &from.alias {
                aliases.insert(alias.text.to_ascii_lowercase());
            }
            continue;
        }
        if inst.keyword != Keyword::Copy {
            continue;
        }
        let Some(value) = inst.flag("from").and_then(|f| f.value.as_ref()) else {
            continue;
        };
        let resolved = cx.resolve(i, &value.text);
        if !resolved.is_complete() {
            continue;
        }
        let name = resolved.value.as_str();
        let known = name.contains(':')
            || aliases.contains(&name.to_ascii_lowercase())
            || name.parse::<usize>().is_ok_and(|n| n < froms);
        if !known {
            cx.report(inst.span, RULE.summary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::lines;

    #[test]
    fn references() {
        let text = "FROM a:1 AS build\nFROM b:1\nCOPY --from=build /x /x\nCOPY --from=BUILD /x /x\nCOPY --from=0 /x /x\nCOPY --from=5 /x /x\nCOPY --from=nginx:1 /x /x\nCOPY --from=nope /x /x\nCOPY --from=later /x /x\nFROM c:1 AS later\nARG S=build\nCOPY --from=$S /x /x\nARG U\nCOPY --from=$U /x /x\n";
        assert_eq!(lines(&RULE, text), vec![6, 8, 9]);
    }
}
