use crate::config::LabelType;
use crate::rules::hadolint::scan::label_pairs;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3051",
    name: "empty-label",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "label `<label>` is empty.",
    docs: r#"
## What it does
Reports a `LABEL` that sets a label of the label schema to an empty
value. Values that depend on a build argument without a default are not
judged.

Only active with a label schema in the configuration (hadolint's
`label-schema`).

## Configuration
```json
{"label_schema": {"org.opencontainers.image.version": "text"}}
```

## Why is this bad?
A label the schema requires but that is set to nothing satisfies the
letter of the schema and none of its purpose: the information is still
missing.

## Example
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.version=""
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.version="1.4.2"
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let schema: Vec<(String, LabelType)> = cx
        .config
        .label_schema
        .iter()
        .map(|(k, t)| (k.clone(), *t))
        .collect();
    if schema.is_empty() {
        return;
    }
    for i in 0..cx.file.instructions.len() {
        let span = cx.file.instructions[i].span;
        for (key, value) in label_pairs(cx, i) {
            if value.as_deref() == Some("") && schema.iter().any(|(k, _)| *k == key) {
                cx.report(span, format!("label `{key}` is empty."));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::findings_with;
    use crate::Config;

    #[test]
    fn empty_values() {
        let text = "FROM a:1\nLABEL a=\"\" b=\"\" c=1\nLABEL a=x\n";
        assert!(findings_with(&RULE, text, &Config::default()).is_empty());
        let mut config = Config::default();
        config.label_schema.insert("a".into(), LabelType::Text);
        config.label_schema.insert("c".into(), LabelType::Text);
        let found = findings_with(&RULE, text, &config);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "label `a` is empty.");
    }
}
