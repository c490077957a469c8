use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL1000",
    name: "syntax-error",
    severity: Severity::Error,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "The Dockerfile cannot be parsed",
    docs: r#"
## What it does
Reports each syntax error of the file, as BuildKit's parser would reject
it: an unknown instruction (`CROSS_BUILD_COPY …`, a template placeholder
such as `{{ x }}`), an instruction with the wrong number or form of
arguments (`FROM a b`, `SHELL sh -c`), a malformed flag, a continuation
with no instruction, a file with no instructions at all. The message is
the parser's.

hadolint reports a parse error under the same code and then stops: it
says nothing else about the file. Drydock reports every syntax error and
keeps linting the instructions it could read, so one typo does not hide
the rest of the findings.

## Why is this bad?
`docker build` stops at the first of these errors: the file does not
build. The usual causes are a template that was never rendered, a line
that lost its trailing `\` and became an instruction of its own, or a
misspelt keyword.

## Example
```dockerfile
FROM debian:12
RUN apt-get update
  apt-get install -y curl
```

## Use instead
```dockerfile
FROM debian:12
RUN apt-get update && \
  apt-get install -y curl
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    for error in &file.errors {
        cx.report(error.span, error.message.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, lines};

    #[test]
    fn every_error_is_reported_with_the_parsers_message() {
        let text = "FROM a:1\nCROSS_BUILD_COPY x /y\nRUN true\nFROM a b\n";
        assert_eq!(lines(&RULE, text), vec![2, 4]);
        let found = findings(&RULE, text);
        assert_eq!(found[0].message, "unknown instruction: CROSS_BUILD_COPY");
        assert_eq!(
            found[1].message,
            "FROM requires either one or three arguments"
        );
    }

    #[test]
    fn a_file_with_no_instructions_is_an_error() {
        assert_eq!(findings(&RULE, "# only a comment\n").len(), 1);
        assert!(findings(&RULE, "FROM a:1\n").is_empty());
    }
}
