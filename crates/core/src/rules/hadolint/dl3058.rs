use crate::config::LabelType;
use crate::rules::hadolint::scan::check_typed_labels;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3058",
    name: "label-not-email",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Label `<label>` is not a valid email format - must conform to RFC5322.",
    docs: r#"
## What it does
Reports a `LABEL` whose key the label schema types as `email` and whose value is not an e-mail address (`team@example.com`).
Values that depend on a build argument without a default are not judged.

Only active with a label schema in the configuration (hadolint's
`label-schema`).

## Configuration
```json
{"label_schema": {"maintainer": "email"}}
```

## Why is this bad?
Contact labels (`maintainer`, `org.opencontainers.image.authors` in a schema that wants an address) are read by people and tools that need to reach someone; a name alone reaches no one.

## Example
```dockerfile
FROM alpine:3.20
LABEL maintainer="Jane Doe"
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL maintainer="jane@example.com"
```
"#,
    check,
};

fn atom_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c)
}

fn dot_atom(s: &str) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|a| !a.is_empty() && a.chars().all(atom_char))
}

/// An RFC 5322 addr-spec: `local@domain` with dot-atoms (or a quoted
/// local part, or a domain literal).
pub fn is_email(v: &str) -> bool {
    let Some((local, domain)) = v.rsplit_once('@') else {
        return false;
    };
    let local_ok =
        dot_atom(local) || (local.len() >= 2 && local.starts_with('"') && local.ends_with('"'));
    let domain_ok =
        dot_atom(domain) || (domain.starts_with('[') && domain.ends_with(']') && domain.len() > 2);
    local_ok && domain_ok
}

fn message(label: &str) -> String {
    format!("Label `{label}` is not a valid email format - must conform to RFC5322.")
}

fn check(cx: &mut Checker) {
    check_typed_labels(cx, LabelType::Email, is_email, message);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::findings_with;
    use crate::Config;

    #[test]
    fn values() {
        assert!(is_email("jane@example.com"), "jane@example.com");
        assert!(is_email("a.b+c@x"), "a.b+c@x");
        assert!(!is_email("Jane Doe"), "Jane Doe");
        assert!(!is_email("a@@b"), "a@@b");
        assert!(!is_email("a..b@c"), "a..b@c");
    }

    #[test]
    fn only_with_schema() {
        let text = "FROM a:1\nLABEL maintainer=\"Jane Doe\"\n";
        assert!(findings_with(&RULE, text, &Config::default()).is_empty());
        let mut config = Config::default();
        config
            .label_schema
            .insert("maintainer".into(), LabelType::Email);
        let found = findings_with(&RULE, text, &config);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, message("maintainer"));
        let text = "FROM a:1\nARG V\nLABEL maintainer=$V\n";
        assert!(findings_with(&RULE, text, &config).is_empty());
    }
}
