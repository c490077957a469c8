use crate::diagnostic::Fix;
use crate::rules::pkg::{runs, CommandExt};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3018",
    name: "apk-pin-versions",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary:
        "Pin versions in apk add. Instead of `apk add <package>` use `apk add <package>=<version>`.",
    docs: r#"
## What it does
Reports an `apk add` whose packages carry no version constraint (`=`,
`~`, `>`, `<`). Local `.apk` files are accepted; the names after
`--virtual`/`-t` (a virtual package) and `--repository`/`-X` are not
packages.

## Why is this bad?
Unpinned packages make the build depend on the day it runs: the Alpine
mirror serves the newest version of each package, so a rebuild can pull
in a change nobody reviewed. Choosing the version (exact `=1.2.3-r0` or a
range like `~1.2`) is a human decision: no automatic fix.

## Example
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl
```

## Use instead
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl=8.9.1-r2
```
"#,
    check,
};

const MESSAGE: &str =
    "Pin versions in apk add. Instead of `apk add <package>` use `apk add <package>=<version>`";

fn unpinned(cmd: &SimpleCommand) -> bool {
    cmd.runs_with(&["apk"], &["add"])
        && cmd
            .positionals(&["t", "virtual", "repository", "X"])
            .iter()
            .map(|w| w.value.as_str())
            .filter(|p| *p != "add")
            .any(|p| !(p.contains(['=', '~', '>', '<']) || p.ends_with(".apk")))
}

/// What a human does about it (the fix is manual: a choice).
const HOW: &str = "Pin each package to the version you tested: `apk add <package>=<version>` (`apk policy <package>` lists versions)";

fn check(cx: &mut Checker) {
    for run in runs(cx) {
        if run.any(unpinned) {
            cx.report_fix(run.inst.span, MESSAGE, Fix::manual(HOW));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports;

    #[test]
    fn reports_unpinned() {
        for text in [
            "RUN apk add python\n",
            "RUN apk add --no-cache python=3.11 ruby\n",
            "RUN apk add --virtual .deps gcc\n",
            "RUN apk update && apk add -t .deps gcc\n",
            "ONBUILD RUN apk add python\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_pinned() {
        for text in [
            "RUN apk add python=3.11.5-r0\n",
            "RUN apk add 'python>3.10'\n",
            "RUN apk add python~3.11\n",
            "RUN apk add --virtual .deps gcc=13.2.1-r0\n",
            "RUN apk add --repository http://dl-cdn.alpinelinux.org/alpine/edge/testing foo=1.0\n",
            "RUN apk add -X http://mirror/alpine foo=1.0\n",
            "RUN apk add /tmp/foo-1.0.apk\n",
            "RUN apk add --virtual=.deps gcc=13\n",
            "RUN apk del python\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }
}
