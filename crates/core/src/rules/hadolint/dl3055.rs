use crate::config::LabelType;
use crate::rules::hadolint::scan::check_typed_labels;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3055",
    name: "label-not-git-hash",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Label `<label>` is not a valid git hash.",
    docs: r#"
## What it does
Reports a `LABEL` whose key the label schema types as `hash` and whose value is not a short (7) or full (40) lower-case hexadecimal git hash.
Values that depend on a build argument without a default are not judged.

Only active with a label schema in the configuration (hadolint's
`label-schema`).

## Configuration
```json
{"label_schema": {"org.opencontainers.image.revision": "hash"}}
```

## Why is this bad?
A revision label (`org.opencontainers.image.revision`) lets anyone find the exact source of an image. A branch name or a mistyped hash points nowhere.

## Example
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.revision="main"
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.revision="0123abc"
```
"#,
    check,
};

/// 7 or 40 lower-case hex digits.
pub fn is_git_hash(v: &str) -> bool {
    (v.len() == 7 || v.len() == 40)
        && v.chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
}

fn message(label: &str) -> String {
    format!("Label `{label}` is not a valid git hash.")
}

fn check(cx: &mut Checker) {
    check_typed_labels(cx, LabelType::Hash, is_git_hash, message);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::findings_with;
    use crate::Config;

    #[test]
    fn values() {
        assert!(is_git_hash("0123abc"), "0123abc");
        assert!(
            is_git_hash("0123456789abcdef0123456789abcdef01234567"),
            "0123456789abcdef0123456789abcdef01234567"
        );
        assert!(!is_git_hash("0123ABC"), "0123ABC");
        assert!(!is_git_hash("main"), "main");
    }

    #[test]
    fn only_with_schema() {
        let text = "FROM a:1\nLABEL org.opencontainers.image.revision=\"main\"\n";
        assert!(findings_with(&RULE, text, &Config::default()).is_empty());
        let mut config = Config::default();
        config
            .label_schema
            .insert("org.opencontainers.image.revision".into(), LabelType::Hash);
        let found = findings_with(&RULE, text, &config);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            message("org.opencontainers.image.revision")
        );
        let text = "FROM a:1\nARG V\nLABEL org.opencontainers.image.revision=$V\n";
        assert!(findings_with(&RULE, text, &config).is_empty());
    }
}
