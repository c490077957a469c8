use std::collections::BTreeSet;

use crate::rules::buildkit::{global_args, suggest_within, var_refs, HINT_BUDGET, PREDEFINED};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "UndefinedArgInFrom",
    name: "undefined-arg-in-from",
    severity: Severity::Warning,
    source: Source::Buildkit,
    fix: FixAvailability::Never,
    summary: "FROM command must use declared ARGs",
    docs: r#"
## What it does
Reports a variable used in a `FROM` line (in the image or in
`--platform`) that no `ARG` before the first `FROM` declares and that is
not one of BuildKit's predefined platform arguments (`BUILDPLATFORM`,
`TARGETARCH` …). When a declared name is close, the message suggests it
(`did you mean BUILDPLATFORM?`).

## Why is this bad?
`FROM` lines only see the global `ARG`s: an undeclared variable expands
to nothing, so `FROM node:22${VARIANT}` silently builds `node:22`, and a
misspelt `$BULIDPLATFORM` makes the platform empty. Declaring the `ARG`
(or fixing the name) is the author's choice, so no edit is offered.

## Example
```dockerfile
FROM node:22${VARIANT} AS jsbuilder
```

## Use instead
```dockerfile
ARG VARIANT="-alpine3.20"
FROM node:22${VARIANT} AS jsbuilder
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    let declared: BTreeSet<&str> = global_args(file)
        .map(|kv| kv.key.text.as_str())
        .chain(PREDEFINED)
        .collect();
    let mut budget = HINT_BUDGET;
    for inst in &file.instructions {
        let Body::From(from) = &inst.body else {
            continue;
        };
        let platform = inst
            .flag("platform")
            .and_then(|f| f.value.as_ref())
            .map(|v| v.text.as_str());
        let mut names = var_refs(&from.image.text, file.escape);
        for name in platform
            .map(|p| var_refs(p, file.escape))
            .unwrap_or_default()
        {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        for name in names {
            if declared.contains(name.as_str()) {
                continue;
            }
            let mut message = format!("FROM argument '{name}' is not declared");
            if let Some(close) = suggest_within(&name, declared.iter().copied(), &mut budget) {
                message.push_str(&format!(" (did you mean {close}?)"));
            }
            cx.report(inst.span, message);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::messages;

    #[test]
    fn reports_undeclared_names() {
        assert_eq!(
            messages(&RULE, "FROM --platform=$BULIDPLATFORM scratch\n"),
            ["FROM argument 'BULIDPLATFORM' is not declared (did you mean BUILDPLATFORM?)"]
        );
        assert_eq!(
            messages(
                &RULE,
                "ARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\n"
            ),
            ["FROM argument 'MYARCH' is not declared (did you mean MY_ARCH?)"]
        );
        assert_eq!(
            messages(
                &RULE,
                "ARG tag=latest\nFROM busybox:${tag}${version} AS b\n"
            ),
            ["FROM argument 'version' is not declared"]
        );
    }

    #[test]
    fn declared_and_predefined_names_are_fine() {
        for text in [
            "ARG base=scratch\nFROM $base\n",
            "FROM --platform=$BUILDPLATFORM scratch\n",
            "ARG DEBUG\nFROM scratch${DEBUG}\n",
            "ARG DEBUG\nFROM scra${DEBUG:-tch}\n",
            "FROM alpine\nARG LATE\nFROM alpine:${LATE:-3}\nFROM a:'$NOT'\n",
        ] {
            let found = messages(&RULE, text);
            // Only the ARG declared inside a stage is not global.
            assert!(
                found.is_empty() || found == ["FROM argument 'LATE' is not declared"],
                "{text}: {found:?}"
            );
        }
    }
}
