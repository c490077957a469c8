use crate::rules::hadolint::scan::enabled_by_override;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::suppression::pragma::{self, Pragma};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL1001",
    name: "inline-ignore-pragma",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Please refrain from using inline ignore pragmas `# hadolint ignore=DLxxxx`.",
    docs: r#"
## What it does
Reports every inline ignore pragma (`# hadolint ignore=…` or
`# drydock ignore=…`).

Off by default, as in hadolint: enable it by giving it a severity in the
configuration (hadolint's `override:` lists, or the app's settings).

## Configuration
```json
{"severity_overrides": {"DL1001": "info"}}
```

## Why is this bad?
Teams that want every exception to be reviewed centrally keep them in the
configuration file, where they are visible in one place, instead of
scattered through Dockerfiles.

## Example
```dockerfile
FROM debian:12
# hadolint ignore=DL3008
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

## Use instead
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    if !enabled_by_override(cx, RULE.code) {
        return;
    }
    let file = cx.file;
    for comment in &file.comments {
        if comment.in_continuation {
            continue;
        }
        if let Some(Pragma::Ignore(_)) = pragma::parse(&comment.text) {
            cx.report(comment.span, RULE.summary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings_with, lines};
    use crate::Config;

    #[test]
    fn off_by_default() {
        let text = "FROM a:1\n# hadolint ignore=DL3008\nRUN x\n";
        assert!(lines(&RULE, text).is_empty());
        let mut config = Config::default();
        config.set_override("DL1001", "warning");
        let text = "FROM a:1\n# hadolint ignore=DL3008\nRUN x\n# hadolint global ignore=DL3009\n# just a comment\n";
        assert_eq!(findings_with(&RULE, text, &config).len(), 1);
    }
}
