use crate::rules::hadolint::scan::drop_quotes;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3048",
    name: "invalid-label-key",
    severity: Severity::Style,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Invalid label key.",
    docs: r#"
## What it does
Reports a `LABEL` key that does not follow Docker's key format: lower-case
letters, digits, `.`, `-`, `_` and `/`; starting with a letter and ending
with a letter or digit; no `..` or `--`; and not in the namespaces Docker
reserves (`com.docker.`, `io.docker.`, `org.dockerproject.`).

## Why is this bad?
Tools that read labels (registries, scanners, orchestrators) expect the
documented format, ideally reverse-DNS keys such as
`org.opencontainers.image.source`. Upper-case or odd keys are easily
duplicated with a different spelling and may be rejected or ignored.

## Example
```dockerfile
FROM alpine:3.20
LABEL Maintainer="me@example.com"
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.authors="me@example.com"
```
"#,
    check,
};

pub fn is_valid_key(key: &str) -> bool {
    let first_ok = key.chars().next().is_some_and(|c| c.is_ascii_lowercase());
    let last_ok = key
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let chars_ok = key
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_/".contains(c));
    let reserved = ["com.docker.", "io.docker.", "org.dockerproject."]
        .iter()
        .any(|p| key.starts_with(p));
    first_ok && last_ok && chars_ok && !reserved && !key.contains("..") && !key.contains("--")
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    for inst in &file.instructions {
        let Body::Label(pairs) = &inst.body else {
            continue;
        };
        if pairs
            .iter()
            .any(|kv| !is_valid_key(drop_quotes(&kv.key.text)))
        {
            cx.report(inst.span, RULE.summary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::lines;

    #[test]
    fn keys() {
        let text = "FROM a:1\nLABEL version=1\nLABEL Version=1\nLABEL a..b=1\nLABEL com.docker.x=1\nLABEL \"org.x.y\"=1 z-=2\nLABEL maintainer=\"x\" description=\"y\"\nLABEL a_b/c=1\n";
        assert_eq!(lines(&RULE, text), vec![3, 4, 5, 6]);
    }
}
