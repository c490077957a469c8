use crate::rules::hadolint::scan::label_pairs;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3050",
    name: "superfluous-label",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Superfluous label(s) present.",
    docs: r#"
## What it does
With `strict_labels` on (hadolint's `strict-labels`), reports a `LABEL`
that sets a label the label schema does not list.

## Configuration
```json
{"label_schema": {"org.opencontainers.image.version": "semver"}, "strict_labels": true}
```

## Why is this bad?
Teams that define a label schema often want it to be the complete list,
so that labels are spelled one way and tools can rely on them. An extra
label is usually a typo or an old convention (`version` next to
`org.opencontainers.image.version`).

## Example
```dockerfile
FROM alpine:3.20
LABEL version="1.4.2"
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
    if !cx.config.strict_labels {
        return;
    }
    for i in 0..cx.file.instructions.len() {
        let span = cx.file.instructions[i].span;
        let extra = label_pairs(cx, i)
            .iter()
            .any(|(key, _)| !cx.config.label_schema.contains_key(key));
        if extra {
            cx.report(span, RULE.summary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LabelType;
    use crate::testing::findings_with;
    use crate::Config;

    #[test]
    fn strict() {
        let text = "FROM a:1\nLABEL a=1\nLABEL a=1 b=2\n";
        let mut config = Config::default();
        config.label_schema.insert("a".into(), LabelType::Text);
        assert!(findings_with(&RULE, text, &config).is_empty());
        config.strict_labels = true;
        assert_eq!(findings_with(&RULE, text, &config).len(), 1);
    }
}
