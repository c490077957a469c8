use crate::diagnostic::Fix;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3007",
    name: "latest-tag",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag.",
    docs: r#"
## What it does
Reports a `FROM` whose image carries the `latest` tag.

## Why is this bad?
`latest` is whatever the image's publisher pushed last. The same
Dockerfile builds a different image next week, and a major upgrade can land
without anyone choosing it. Pin a release tag (or a digest) so builds are
repeatable and upgrades are deliberate. Drydock cannot pick the tag for
you: which release you want is a human choice.

## Example
```dockerfile
FROM ubuntu:latest
```

## Use instead
```dockerfile
FROM ubuntu:24.04
```
"#,
    check,
};

/// What a human does about it (the fix is manual: a choice).
const HOW: &str = "Replace `latest` with the release tag (or digest) you have tested: which version is a human choice";

fn check(cx: &mut Checker) {
    let file = cx.file;
    for inst in &file.instructions {
        let Body::From(from) = &inst.body else {
            continue;
        };
        let image = from.image.text.as_str();
        // A digest pins the image whatever the tag says.
        if image.contains('@') {
            continue;
        }
        let name_end = image.rfind('/').map_or(0, |i| i + 1);
        if let Some((_, tag)) = image[name_end..].rsplit_once(':') {
            if tag == "latest" {
                cx.report_fix(
                    inst.span,
                    "Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag",
                    Fix::manual(HOW),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::lines;

    #[test]
    fn latest_tag_only() {
        let text = "FROM ubuntu:latest\nFROM ubuntu:latest@sha256:abc\nFROM localhost:5000/app:latest AS a\nFROM localhost:5000/latest\nFROM ubuntu\nFROM ubuntu:latest-lts\n";
        assert_eq!(lines(&RULE, text), vec![1, 3]);
    }
}
