use crate::config::LabelType;
use crate::rules::hadolint::scan::check_typed_labels;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3056",
    name: "label-not-semver",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Label `<label>` does not conform to semantic versioning.",
    docs: r#"
## What it does
Reports a `LABEL` whose key the label schema types as `semver` and whose value is not a semantic version (`1.4.2`, `2.0.0-rc.1+build.5`).
Values that depend on a build argument without a default are not judged.

Only active with a label schema in the configuration (hadolint's
`label-schema`).

## Configuration
```json
{"label_schema": {"org.opencontainers.image.version": "semver"}}
```

## Why is this bad?
Version labels are compared by tools and people; `v1.4`, `latest` or `1.04` cannot be ordered reliably.

## Example
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.version="v1.4"
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.version="1.4.2"
```
"#,
    check,
};

fn numeric_id(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
}

fn ident(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Semantic Versioning 2.0.0.
pub fn is_semver(v: &str) -> bool {
    let (rest, build) = v.split_once('+').map_or((v, None), |(a, b)| (a, Some(b)));
    let (core, pre) = rest
        .split_once('-')
        .map_or((rest, None), |(a, b)| (a, Some(b)));
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| numeric_id(p))
        && pre.is_none_or(|p| {
            p.split('.')
                .all(|i| ident(i) && (!i.chars().all(|c| c.is_ascii_digit()) || numeric_id(i)))
        })
        && build.is_none_or(|b| b.split('.').all(ident))
}

fn message(label: &str) -> String {
    format!("Label `{label}` does not conform to semantic versioning.")
}

fn check(cx: &mut Checker) {
    check_typed_labels(cx, LabelType::Semver, is_semver, message);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::findings_with;
    use crate::Config;

    #[test]
    fn values() {
        assert!(is_semver("1.4.2"), "1.4.2");
        assert!(is_semver("2.0.0-rc.1+build.5"), "2.0.0-rc.1+build.5");
        assert!(!is_semver("v1.4.2"), "v1.4.2");
        assert!(!is_semver("1.4"), "1.4");
        assert!(!is_semver("01.2.3"), "01.2.3");
    }

    #[test]
    fn only_with_schema() {
        let text = "FROM a:1\nLABEL org.opencontainers.image.version=\"v1.4\"\n";
        assert!(findings_with(&RULE, text, &Config::default()).is_empty());
        let mut config = Config::default();
        config
            .label_schema
            .insert("org.opencontainers.image.version".into(), LabelType::Semver);
        let found = findings_with(&RULE, text, &config);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            message("org.opencontainers.image.version")
        );
        let text = "FROM a:1\nARG V\nLABEL org.opencontainers.image.version=$V\n";
        assert!(findings_with(&RULE, text, &config).is_empty());
    }
}
