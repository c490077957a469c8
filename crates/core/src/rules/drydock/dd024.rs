use crate::rules::hadolint::scan::enabled_by_override;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::semantics::Base;
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DD024",
    name: "base-image-digest",
    severity: Severity::Info,
    source: Source::Drydock,
    fix: FixAvailability::Never,
    summary: "The base image is not pinned by digest (`image:tag@sha256:…`).",
    docs: r#"
## What it does
Reports a `FROM` of an external image without a digest
(`@sha256:…`). `FROM scratch`, a `FROM` of an earlier stage and a
reference that depends on a variable whose value is unknown are not
reported.

Off by default: enable it by giving it a severity in the configuration
(`override:` in `.hadolint.yaml`, `severity_overrides` in a JSON config,
or the app's settings).

Also reported by Semgrep's `dockerfile-source-not-pinned`.

## Configuration
```json
{"severity_overrides": {"DD024": "info"}}
```

## Why is this bad?
A tag is a name the image's publisher can move: `python:3.12-slim`
points to a new image every few days, and a compromised registry account
can point it anywhere. A digest names exactly one image: builds are
reproducible, and what was scanned and reviewed is what is built on.
The cost is that updates no longer arrive by themselves: a bot
(Renovate, Dependabot) has to move the digest, which is why this rule is
off by default.

## Fix
*Manual.* Drydock cannot know the digest without asking the registry:
`docker buildx imagetools inspect python:3.12-slim` prints it. Keep the
tag for people to read: `FROM python:3.12-slim@sha256:<digest>`.

## Example
```dockerfile
FROM python:3.12-slim
```

## Use instead
```dockerfile
FROM python:3.12-slim@sha256:2a6386ad2db20e7f55073f69a98d6da2cf9f168e05e7487d2670c7b8e1de9e5b
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    if !enabled_by_override(cx, RULE.code) {
        return;
    }
    let sem = cx.semantics();
    for stage in &sem.stages {
        let Base::Image(image) = &stage.base else {
            continue;
        };
        if image.digest.is_some() || !stage.image.unknown.is_empty() {
            continue;
        }
        let Body::From(from) = &cx.file.instructions[stage.from].body else {
            continue;
        };
        cx.report(
            from.image.span,
            format!(
                "`{}` is not pinned by digest: the tag can point to another image tomorrow",
                from.image.text
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::findings_with;
    use crate::Config;

    fn on() -> Config {
        let mut config = Config::default();
        config.set_override("DD024", "info");
        config
    }

    #[test]
    fn off_by_default() {
        assert!(crate::testing::findings(&RULE, "FROM python:3.12\n").is_empty());
    }

    #[test]
    fn reports_tags_without_digest() {
        for text in [
            "FROM python:3.12-slim\n",
            "FROM ghcr.io/x/y\n",
            "ARG V=3.12\nFROM python:$V AS build\nFROM build\n",
        ] {
            assert_eq!(findings_with(&RULE, text, &on()).len(), 1, "{text}");
        }
    }

    #[test]
    fn leaves_pinned_and_local_bases_alone() {
        for text in [
            "FROM python:3.12@sha256:2a6386ad2db20e7f55073f69a98d6da2cf9f168e05e7487d2670c7b8e1de9e5b\n",
            "FROM scratch\n",
            "FROM $BASE\n",
        ] {
            assert_eq!(findings_with(&RULE, text, &on()).len(), 0, "{text}");
        }
    }
}
