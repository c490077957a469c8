use crate::diagnostic::Fix;
use crate::rules::hadolint::scan::image_ref;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3006",
    name: "untagged-image",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Always tag the version of an image explicitly",
    docs: r#"
## What it does
Reports a `FROM` whose image has neither a tag nor a digest. `scratch`
and earlier stages (`FROM builder`) are not images and are not reported.

## Why is this bad?
Without a tag Docker pulls `latest`: whatever was pushed last. The build
is not repeatable and a major upgrade can arrive unannounced. Pin a
release tag (better, a digest). Which release you want is a decision, so
no fix is offered.

## Example
```dockerfile
FROM debian
```

## Use instead
```dockerfile
FROM debian:12.5
```
"#,
    check,
};

/// What a human does about it (the fix is manual: a choice).
const HOW: &str =
    "Add the tag (or digest) you have tested, e.g. `debian:12.7`: which version is a human choice";

fn check(cx: &mut Checker) {
    let file = cx.file;
    // Stage aliases so far, ASCII-lowercased.
    let mut aliases: std::collections::HashSet<String> = Default::default();
    for inst in &file.instructions {
        let Body::From(from) = &inst.body else {
            continue;
        };
        let image = from.image.text.as_str();
        let r = image_ref(image);
        let untagged = !image.is_empty()
            && r.name != "scratch"
            && r.tag.is_none()
            && r.digest.is_none()
            && !r.name.starts_with('$')
            && !aliases.contains(&r.name.to_ascii_lowercase());
        if untagged {
            cx.report_fix(inst.span, RULE.summary, Fix::manual(HOW));
        }
        if let Some(alias) = &from.alias {
            aliases.insert(alias.text.to_ascii_lowercase());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::lines;

    #[test]
    fn untagged() {
        let text = "FROM debian\nFROM debian:12 AS build\nFROM build\nFROM scratch\nFROM a@sha256:00\nFROM $BASE\nFROM docker.io/library/ubuntu\nFROM localhost:5000/x\nFROM other\n";
        assert_eq!(lines(&RULE, text), vec![1, 7, 9]);
    }
}
