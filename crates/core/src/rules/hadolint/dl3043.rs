use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Keyword;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3043",
    name: "onbuild-forbidden-trigger",
    severity: Severity::Error,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction.",
    docs: r#"
## What it does
Reports `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`.

## Why is this bad?
Docker refuses these triggers: chaining `ONBUILD` is not allowed, and
`FROM` and `MAINTAINER` cannot run as a trigger. The image that inherits
from this one fails to build.

## Example
```dockerfile
FROM node:20
ONBUILD FROM alpine:3.20
```

## Use instead
```dockerfile
FROM node:20
ONBUILD COPY . /app
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    for inst in &file.instructions {
        if inst.keyword != Keyword::Onbuild {
            continue;
        }
        // The trigger's keyword as written (`ONBUILD ONBUILD` has no
        // parsed body: BuildKit rejects it outright).
        let trigger = inst.args.text.split_whitespace().next().unwrap_or("");
        if ["ONBUILD", "FROM", "MAINTAINER"]
            .iter()
            .any(|k| trigger.eq_ignore_ascii_case(k))
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
    fn triggers() {
        let text = "FROM a:1\nONBUILD ONBUILD RUN x\nONBUILD MAINTAINER me\nONBUILD RUN x\nONBUILD from b\n";
        assert_eq!(lines(&RULE, text), vec![2, 3, 5]);
    }
}
