use crate::fix::Fix;
use crate::rules::pkg::{insert_after, runs, CommandExt};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3015",
    name: "apt-get-no-install-recommends",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Avoid additional packages by specifying `--no-install-recommends`.",
    docs: r#"
## What it does
Reports an `apt-get install` without `--no-install-recommends` (or
`-o APT::Install-Recommends=false`).

## Why is this bad?
By default apt also installs every package the requested ones merely
*recommend*: documentation, optional helpers, sometimes whole toolchains.
They make the image larger and widen its attack surface without being
needed. The fix inserts `--no-install-recommends` after `install`; if the
program really needs one of the recommended packages, list it explicitly.

## Example
```dockerfile
FROM debian:12
RUN apt-get install -y curl=7.88.1-10+deb12u5
```

## Use instead
```dockerfile
FROM debian:12
RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
```
"#,
    check,
};

const MESSAGE: &str = "Avoid additional packages by specifying `--no-install-recommends`";

fn forgot(cmd: &SimpleCommand) -> bool {
    cmd.runs_with(&["apt-get"], &["install"])
        && !cmd.has_flag("no-install-recommends")
        && cmd.arg_word(&["APT::Install-Recommends=false"]).is_none()
}

fn check(cx: &mut Checker) {
    for run in runs(cx) {
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
            .filter_map(|c| c.arg_word(&["install"]))
            .map(|w| insert_after(w, "--no-install-recommends"))
            .collect();
        cx.report_fix(
            run.inst.span,
            MESSAGE,
            Fix::suggested("Add --no-install-recommends", edits),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::pkg::testing::{fixed, reports};

    #[test]
    fn reports_missing_flag() {
        for text in [
            "RUN apt-get install -y python\n",
            "RUN apt-get update && apt-get -y install python\n",
            "RUN apt-get install -y -o APT::Install-Suggests=false python\n",
            "ONBUILD RUN apt-get install python\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_flag_anywhere() {
        for text in [
            "RUN apt-get install -y --no-install-recommends python\n",
            "RUN apt-get -y --no-install-recommends install python\n",
            "RUN apt-get install -y python --no-install-recommends\n",
            "RUN apt-get install -y -o APT::Install-Recommends=false python\n",
            "RUN apt-get update && apt-get upgrade -y\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }

    #[test]
    fn fix_inserts_flag() {
        assert_eq!(
            fixed(&RULE, "RUN apt-get -y install python\n"),
            "RUN apt-get -y install --no-install-recommends python\n"
        );
    }
}
