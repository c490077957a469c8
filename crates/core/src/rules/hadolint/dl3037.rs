use crate::diagnostic::Fix;
use crate::rules::pkg::{runs, CommandExt};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3037",
    name: "zypper-pin-versions",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Specify version with `zypper install -y <package>=<version>`.",
    docs: r#"
## What it does
Reports a `zypper install` (`in`) naming a package without a version
constraint (`=`, `>=`, `>`, `<=`, `<`). `.rpm` files are accepted.

## Why is this bad?
Without a version zypper installs the newest package in the repositories
on the day of the build: rebuilds differ and an update can break the
image unnoticed. The version is a human choice: no automatic fix.

## Example
```dockerfile
FROM opensuse/leap:15.6
RUN zypper -n install httpd && zypper clean
```

## Use instead
```dockerfile
FROM opensuse/leap:15.6
RUN zypper -n install httpd=2.4.58 && zypper clean
```
"#,
    check,
};

const MESSAGE: &str = "Specify version with `zypper install -y <package>=<version>`.";

fn unpinned(cmd: &SimpleCommand) -> bool {
    cmd.runs_with(&["zypper"], &["install", "in"])
        && cmd
            .positionals(&[])
            .iter()
            .map(|w| w.value.as_str())
            .filter(|p| *p != "install" && *p != "in")
            .any(|p| !(p.contains(['=', '>', '<']) || p.ends_with(".rpm")))
}

/// What a human does about it (the fix is manual: a choice).
const HOW: &str =
    "Pin each package to the version you tested: `zypper install -y <package>=<version>`";

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
            "RUN zypper -n install httpd\n",
            "RUN zypper -n in httpd=2.4 mod_ssl\n",
            "ONBUILD RUN zypper -n in httpd\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_pinned() {
        for text in [
            "RUN zypper -n install httpd=2.4.58\n",
            "RUN zypper -n in 'httpd>=2.4'\n",
            "RUN zypper -n in /tmp/httpd.rpm\n",
            "RUN zypper -n refresh\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }
}
