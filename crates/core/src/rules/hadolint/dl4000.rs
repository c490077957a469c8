use crate::rules::shared::report_maintainers;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL4000",
    name: "maintainer-instruction",
    severity: Severity::Error,
    source: Source::Hadolint,
    fix: FixAvailability::Always,
    summary: "MAINTAINER is deprecated",
    docs: r#"
## What it does
Reports the `MAINTAINER` instruction.

## Why is this bad?
`MAINTAINER` has been deprecated since Docker 1.13: it fills the image's
legacy `Author` field, which tools no longer show. A `maintainer` label
(or the OCI `org.opencontainers.image.authors` label) carries the same
information where `docker inspect` and registries look for it.

## Fix
*Safe.* Rewrites `MAINTAINER x` as `LABEL maintainer="x"`, keeping the
text exactly (`"`, `$` and the escape character are escaped; `MAINTAINER`
expands no variables).

- **What changes in the image:** the text is in the `maintainer` label
  instead of the legacy `Author` field, which is no longer set (it keeps
  the base image's, if it has one). A `maintainer` label set earlier, or
  by the base image, now has this text.
- **What must hold:** nothing reads the `Author` field.
- **What the fix checks:** nothing more: every `MAINTAINER` gets the
  edit. BuildKit's MaintainerDeprecated reports the same `MAINTAINER`;
  the fix engine then applies MaintainerDeprecated's fix instead (the
  label is `org.opencontainers.image.authors`, the one Docker's reference
  names).

## Example
```dockerfile
FROM alpine:3.20
MAINTAINER Jane Doe <jane@example.com>
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL maintainer="Jane Doe <jane@example.com>"
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    report_maintainers(cx, "maintainer", "MAINTAINER is deprecated");
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed_once, lines};

    #[test]
    fn reports_every_maintainer() {
        assert_eq!(
            lines(&RULE, "FROM a:1\nMAINTAINER x\nmaintainer y\n"),
            vec![2, 3]
        );
        assert!(lines(&RULE, "FROM a:1\nLABEL maintainer=x\n").is_empty());
    }

    #[test]
    fn fix_makes_a_label() {
        let text = "FROM a:1\nMAINTAINER Jane \"JD\" Doe $HOME\nRUN x\n";
        let out = fixed_once(&RULE, text);
        assert_eq!(
            out,
            "FROM a:1\nLABEL maintainer=\"Jane \\\"JD\\\" Doe \\$HOME\"\nRUN x\n"
        );
        assert!(lines(&RULE, &out).is_empty());
        let file = crate::syntax::parse(&out);
        assert!(file.errors.is_empty(), "{:?}", file.errors);
        let crate::syntax::Body::Label(pairs) = &file.instructions[1].body else {
            panic!("not a label: {:?}", file.instructions[1].body)
        };
        assert_eq!(pairs[0].key.text, "maintainer");
        // Safe: the text moves from the Author field to a label.
        let d = crate::testing::findings(&RULE, text);
        assert_eq!(
            d[0].fix.as_ref().unwrap().applicability,
            crate::diagnostic::Applicability::Safe
        );
    }
}
