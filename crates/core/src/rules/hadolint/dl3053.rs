use crate::config::LabelType;
use crate::rules::hadolint::scan::check_typed_labels;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3053",
    name: "label-not-rfc3339",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Label `<label>` is not a valid time format - must conform to RFC3339.",
    docs: r#"
## What it does
Reports a `LABEL` whose key the label schema types as `rfc3339` and whose value is not an RFC 3339 date-time (`2024-05-01T12:00:00Z`).
Values that depend on a build argument without a default are not judged.

Only active with a label schema in the configuration (hadolint's
`label-schema`).

## Configuration
```json
{"label_schema": {"org.opencontainers.image.created": "rfc3339"}}
```

## Why is this bad?
Build dates such as `org.opencontainers.image.created` are compared and sorted by tools; a free-form date cannot be.

## Example
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.created="2024-05-01"
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.created="2024-05-01T12:00:00Z"
```
"#,
    check,
};

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.chars().all(|c| c.is_ascii_digit())).then(|| s.parse().ok())?
}

/// `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`.
pub fn is_rfc3339(v: &str) -> bool {
    let Some((date, time)) = v.split_once(['T', 't']) else {
        return false;
    };
    let d: Vec<&str> = date.split('-').collect();
    let date_ok = d.len() == 3
        && digits(d[0], 4).is_some()
        && digits(d[1], 2).is_some_and(|m| (1..=12).contains(&m))
        && digits(d[2], 2).is_some_and(|m| (1..=31).contains(&m));
    let (clock, zone) = if let Some(c) = time.strip_suffix(['Z', 'z']) {
        (c, None)
    } else if let Some(i) = time.rfind(['+', '-']) {
        (&time[..i], Some(&time[i + 1..]))
    } else {
        return false;
    };
    let (clock, frac) = clock.split_once('.').unwrap_or((clock, "0"));
    let c: Vec<&str> = clock.split(':').collect();
    let clock_ok = c.len() == 3
        && digits(c[0], 2).is_some_and(|h| h < 24)
        && digits(c[1], 2).is_some_and(|m| m < 60)
        && digits(c[2], 2).is_some_and(|s| s <= 60)
        && !frac.is_empty()
        && frac.chars().all(|c| c.is_ascii_digit());
    let zone_ok = zone.is_none_or(|z| {
        let p: Vec<&str> = z.split(':').collect();
        p.len() == 2
            && digits(p[0], 2).is_some_and(|h| h < 24)
            && digits(p[1], 2).is_some_and(|m| m < 60)
    });
    date_ok && clock_ok && zone_ok
}

fn message(label: &str) -> String {
    format!("Label `{label}` is not a valid time format - must conform to RFC3339.")
}

fn check(cx: &mut Checker) {
    check_typed_labels(cx, LabelType::Rfc3339, is_rfc3339, message);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::findings_with;
    use crate::Config;

    #[test]
    fn values() {
        assert!(is_rfc3339("2024-05-01T12:00:00Z"), "2024-05-01T12:00:00Z");
        assert!(
            is_rfc3339("2024-05-01T12:00:00.123+02:00"),
            "2024-05-01T12:00:00.123+02:00"
        );
        assert!(!is_rfc3339("2024-05-01"), "2024-05-01");
        assert!(!is_rfc3339("2024-13-01T00:00:00Z"), "2024-13-01T00:00:00Z");
        assert!(!is_rfc3339("yesterday"), "yesterday");
    }

    #[test]
    fn only_with_schema() {
        let text = "FROM a:1\nLABEL org.opencontainers.image.created=\"2024-05-01\"\n";
        assert!(findings_with(&RULE, text, &Config::default()).is_empty());
        let mut config = Config::default();
        config.label_schema.insert(
            "org.opencontainers.image.created".into(),
            LabelType::Rfc3339,
        );
        let found = findings_with(&RULE, text, &config);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            message("org.opencontainers.image.created")
        );
        let text = "FROM a:1\nARG V\nLABEL org.opencontainers.image.created=$V\n";
        assert!(findings_with(&RULE, text, &config).is_empty());
    }
}
