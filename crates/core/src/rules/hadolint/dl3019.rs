use crate::fix::Fix;
use crate::rules::pkg::{insert_after, runs, CommandExt};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3019",
    name: "apk-no-cache",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*` when done installing packages.",
    docs: r#"
## What it does
Reports an `apk add` without `--no-cache`, unless the `RUN` mounts a cache
or tmpfs on `/var/cache/apk`.

## Why is this bad?
Without `--no-cache`, apk stores the package index under `/var/cache/apk`
and it stays in the layer. `--no-cache` fetches a fresh index, uses it
and leaves nothing behind: no `apk update` before and no
`rm -rf /var/cache/apk/*` after. The fix inserts `--no-cache` after `add`.

## Example
```dockerfile
FROM alpine:3.20
RUN apk add curl=8.9.1-r2
```

## Use instead
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl=8.9.1-r2
```
"#,
    check,
};

const MESSAGE: &str = "Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*` when done installing packages";

fn forgot(cmd: &SimpleCommand) -> bool {
    cmd.runs_with(&["apk"], &["add"]) && !cmd.has_flag("no-cache")
}

fn check(cx: &mut Checker) {
    for run in runs(cx) {
        if run.has_cache_mount("/var/cache/apk") {
            continue;
        }
        let bad: Vec<_> = run.matching(forgot).collect();
        if bad.is_empty() {
            continue;
        }
        if run.exec {
            cx.report(run.inst.span, MESSAGE);
            continue;
        }
        let edits = bad
            .iter()
            .filter_map(|c| c.arg_word(&["add"]))
            .map(|w| insert_after(w, "--no-cache"))
            .collect();
        cx.report_fix(
            run.inst.span,
            MESSAGE,
            Fix::safe("Add --no-cache to apk add", edits),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::pkg::testing::{fixed, reports};

    #[test]
    fn reports_missing_no_cache() {
        for text in [
            "RUN apk add python\n",
            "RUN apk update && apk add --update python\n",
            "RUN apk add --no-cache a && apk add b\n",
            "RUN --mount=type=bind,target=/var/cache/apk apk add python\n",
            "ONBUILD RUN apk add python\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_no_cache_or_cache_mount() {
        for text in [
            "RUN apk add --no-cache python\n",
            "RUN apk add python --no-cache\n",
            "RUN --mount=type=cache,target=/var/cache/apk apk add python\n",
            "RUN --mount=type=tmpfs,dst=/var/cache/apk apk add python\n",
            "RUN apk del python\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }

    #[test]
    fn fix_inserts_no_cache() {
        assert_eq!(
            fixed(&RULE, "RUN apk update && apk add --virtual .d gcc\n"),
            "RUN apk update && apk add --no-cache --virtual .d gcc\n"
        );
    }
}
