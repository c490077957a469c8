use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Keyword;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3061",
    name: "instruction-before-from",
    severity: Severity::Error,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment.",
    docs: r#"
## What it does
Reports every instruction other than `ARG` that comes before the first
`FROM`.

## Why is this bad?
Only `ARG` (and parser directives and comments) may precede the first
`FROM`; Docker rejects anything else, so the file does not build.

## Example
```dockerfile
LABEL maintainer="me@example.com"
FROM alpine:3.20
```

## Use instead
```dockerfile
ARG VERSION=3.20
FROM alpine:${VERSION}
LABEL maintainer="me@example.com"
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    for inst in &file.instructions {
        match inst.keyword {
            Keyword::From => break,
            // Not an instruction at all: the syntax error (DL1000) says so.
            Keyword::Arg | Keyword::Unknown => {}
            _ => {
                cx.report(inst.span, RULE.summary);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::lines;

    #[test]
    fn order() {
        let text = "# c\nARG A=1\nENV B=2\nRUN x\nFROM a:1\nRUN y\n";
        assert_eq!(lines(&RULE, text), vec![3, 4]);
    }

    #[test]
    fn unknown_words_are_syntax_errors_not_instructions() {
        // A template placeholder before FROM: one syntax error, no DL3061.
        let text = "{{ template }}\nARG A=1\nFROM a:1\n";
        assert!(lines(&RULE, text).is_empty());
    }
}
