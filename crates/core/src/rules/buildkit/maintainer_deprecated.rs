use crate::rules::shared::report_maintainers;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "MaintainerDeprecated",
    name: "maintainer-deprecated",
    severity: Severity::Warning,
    source: Source::Buildkit,
    fix: FixAvailability::Always,
    summary:
        "The MAINTAINER instruction is deprecated, use a label instead to define an image author",
    docs: r#"
## What it does
Reports every `MAINTAINER` instruction (BuildKit's check; hadolint's
DL4000 reports the same line under its own code).

## Why is this bad?
`MAINTAINER` only fills the image's legacy `Author` field, which tools no
longer show. The OCI `org.opencontainers.image.authors` label carries
the same information where registries and `docker inspect` look for it.

## Fix
*Safe.* Rewrites `MAINTAINER x` as
`LABEL org.opencontainers.image.authors="x"`, keeping the text exactly
(`"`, `$` and the escape character are escaped; `MAINTAINER` expands no
variables).

- **What changes in the image:** the text is in the
  `org.opencontainers.image.authors` label instead of the legacy `Author`
  field, which is no longer set (it keeps the base image's, if it has
  one). A label of that name set earlier, or by the base image, now has
  this text.
- **What must hold:** nothing reads the `Author` field.
- **What the fix checks:** nothing more: every `MAINTAINER` gets the
  edit. hadolint's DL4000 reports the same `MAINTAINER` and proposes a
  `maintainer` label; the fix engine applies this rule's fix for both.

## Example
```dockerfile
FROM alpine:3.20
MAINTAINER moby@example.com
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.authors="moby@example.com"
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    report_maintainers(
        cx,
        "org.opencontainers.image.authors",
        "Maintainer instruction is deprecated in favor of using label",
    );
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixes_cleanly, messages};

    #[test]
    fn reports_maintainer_anywhere() {
        assert_eq!(
            messages(&RULE, "MAINTAINER me\nFROM a\nmaintainer you\n").len(),
            2
        );
        assert_eq!(
            messages(&RULE, "FROM a\nMAINTAINER me\n"),
            ["Maintainer instruction is deprecated in favor of using label"]
        );
        assert!(messages(&RULE, "FROM a\nLABEL maintainer=me\n").is_empty());
    }

    #[test]
    fn fix_keeps_the_text() {
        let out = fixes_cleanly(&RULE, "FROM a\nMAINTAINER Jane \"JD\" $X\nRUN x\n");
        assert_eq!(
            out,
            "FROM a\nLABEL org.opencontainers.image.authors=\"Jane \\\"JD\\\" \\$X\"\nRUN x\n"
        );
        let file = crate::syntax::parse(&out);
        let crate::syntax::Body::Label(pairs) = &file.instructions[1].body else {
            panic!("not a label");
        };
        let value = pairs[0].value.as_ref().unwrap().unquoted(file.escape);
        assert_eq!(value, "Jane \"JD\" $X");
        // With the backtick escape.
        let out = fixes_cleanly(&RULE, "# escape=`\nFROM a\nMAINTAINER a`b\n");
        assert!(out.ends_with("LABEL org.opencontainers.image.authors=\"a``b\"\n"));
    }
}
