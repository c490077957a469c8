use crate::rules::pkg::{runs, CommandExt};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3035",
    name: "zypper-dist-upgrade",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Do not use `zypper dist-upgrade`.",
    docs: r#"
## What it does
Reports `zypper dist-upgrade` (`zypper dup`) in a `RUN`.

## Why is this bad?
A distribution upgrade inside an image build moves the whole system to
whatever the repositories hold today — possibly a new release — behind
the base image's back. The result is large, unreproducible and may not
match the base image's tag. Use a newer base image instead, or update
only the packages you need. Which one is a human choice: no automatic fix.

## Example
```dockerfile
FROM opensuse/leap:15.6
RUN zypper -n dist-upgrade
```

## Use instead
```dockerfile
FROM opensuse/leap:15.6
RUN zypper -n patch
```
"#,
    check,
};

const MESSAGE: &str = "Do not use `zypper dist-upgrade`.";

fn check(cx: &mut Checker) {
    for run in runs(cx) {
        if run.any(|c| c.runs_with(&["zypper"], &["dist-upgrade", "dup"])) {
            cx.report(run.inst.span, MESSAGE);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports;

    #[test]
    fn reports_dist_upgrade() {
        assert_eq!(reports(&RULE, "RUN zypper dup\n"), 1);
        assert_eq!(
            reports(&RULE, "RUN zypper -n dist-upgrade && zypper clean\n"),
            1
        );
        assert_eq!(reports(&RULE, "ONBUILD RUN zypper dup\n"), 1);
    }

    #[test]
    fn accepts_other_commands() {
        assert_eq!(reports(&RULE, "RUN zypper -n up\n"), 0);
        assert_eq!(reports(&RULE, "RUN echo zypper dup\n"), 0);
    }
}
