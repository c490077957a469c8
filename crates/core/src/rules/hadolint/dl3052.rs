use crate::config::LabelType;
use crate::rules::hadolint::scan::check_typed_labels;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3052",
    name: "label-not-url",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Label `<label>` is not a valid URL.",
    docs: r#"
## What it does
Reports a `LABEL` whose key the label schema types as `url` and whose value is not an absolute URL (`scheme:…`).
Values that depend on a build argument without a default are not judged.

Only active with a label schema in the configuration (hadolint's
`label-schema`).

## Configuration
```json
{"label_schema": {"org.opencontainers.image.source": "url"}}
```

## Why is this bad?
Labels such as `org.opencontainers.image.source` are read by registries and tools that link to them. A value that is not a URL breaks those links silently.

## Example
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.source="github.com/example/app"
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.source="https://github.com/example/app"
```
"#,
    check,
};

/// An absolute URI: a scheme, `:`, and no blanks.
pub fn is_url(v: &str) -> bool {
    let Some((scheme, rest)) = v.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        && !rest.is_empty()
        && !v
            .chars()
            .any(|c| c.is_whitespace() || "<>\"{}|^`\\".contains(c))
}

fn message(label: &str) -> String {
    format!("Label `{label}` is not a valid URL.")
}

fn check(cx: &mut Checker) {
    check_typed_labels(cx, LabelType::Url, is_url, message);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::findings_with;
    use crate::Config;

    #[test]
    fn values() {
        assert!(is_url("https://x.org/a?b=c#d"), "https://x.org/a?b=c#d");
        assert!(is_url("mailto:a@b.c"), "mailto:a@b.c");
        assert!(!is_url("x.org"), "x.org");
        assert!(!is_url("http://a b"), "http://a b");
        assert!(!is_url(""), "");
    }

    #[test]
    fn only_with_schema() {
        let text = "FROM a:1\nLABEL org.opencontainers.image.source=\"github.com/example/app\"\n";
        assert!(findings_with(&RULE, text, &Config::default()).is_empty());
        let mut config = Config::default();
        config
            .label_schema
            .insert("org.opencontainers.image.source".into(), LabelType::Url);
        let found = findings_with(&RULE, text, &config);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, message("org.opencontainers.image.source"));
        let text = "FROM a:1\nARG V\nLABEL org.opencontainers.image.source=$V\n";
        assert!(findings_with(&RULE, text, &config).is_empty());
    }
}
