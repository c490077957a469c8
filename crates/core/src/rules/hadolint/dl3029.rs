use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Keyword;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3029",
    name: "from-platform",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Do not use --platform flag with FROM",
    docs: r#"
## What it does
Reports `FROM --platform=…` with a fixed platform. Platforms built from
`$BUILDPLATFORM` or `$TARGETPLATFORM` are not reported.

## Why is this bad?
A hard-coded platform pins the stage to one architecture: building for
another (`docker buildx build --platform linux/arm64`) silently pulls and
runs the wrong one, under emulation or not at all. Leave the platform to
the build, or derive it from `BUILDPLATFORM` for cross-compiling stages.

## Example
```dockerfile
FROM --platform=linux/amd64 debian:12
```

## Use instead
```dockerfile
FROM --platform=$BUILDPLATFORM golang:1.22 AS build
FROM debian:12
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    for inst in &file.instructions {
        if inst.keyword != Keyword::From {
            continue;
        }
        let Some(flag) = inst.flag("platform") else {
            continue;
        };
        let value = flag.value.as_ref().map_or("", |v| v.text.as_str());
        if !value.contains("BUILDPLATFORM") && !value.contains("TARGETPLATFORM") {
            cx.report(inst.span, RULE.summary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::lines;

    #[test]
    fn platforms() {
        let text = "FROM --platform=linux/amd64 a:1\nFROM --platform=$BUILDPLATFORM b:1\nFROM --platform=${TARGETPLATFORM} c:1\nFROM d:1\n";
        assert_eq!(lines(&RULE, text), vec![1]);
    }
}
