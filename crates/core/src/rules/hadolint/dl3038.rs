use crate::diagnostic::Fix;
use crate::rules::flags::{after_subcommand, report_missing_flag};
use crate::rules::pkg::CommandExt;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3038",
    name: "dnf-missing-yes",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Use the -y switch to avoid manual input `dnf install -y <package>`.",
    docs: r#"
## What it does
Reports a `dnf` or `microdnf` `install` (`groupinstall`, `localinstall`)
without `-y` or `--assumeyes`.

## Why is this bad?
A build cannot answer dnf's confirmation prompt: without `-y` dnf aborts
("Operation aborted") and the build fails.

## Fix
*Safe.* Inserts `-y` after the subcommand.

- **What changes in the image:** nothing where the install went through:
  dnf asks before every transaction, so an install without `-y` only
  succeeded when it had nothing to do (or the image's `dnf.conf` sets
  `assumeyes`). Now it installs: a build that failed there builds, and
  where the failure was ignored (`|| true`, `;`) the packages are now in
  the image. `-y` also accepts the import of a repository's signing key
  that dnf asks about. `microdnf` never asks: for it `-y` changes
  nothing.
- **What must hold:** the transaction dnf resolves is wanted, as it is
  when someone answers yes.
- **What the fix checks:** every such `dnf`/`microdnf` command of the
  `RUN` gets `-y`. In an exec-form `RUN` the finding has no edit.

## Example
```dockerfile
FROM fedora:40
RUN dnf install httpd-2.4.62 && dnf clean all
```

## Use instead
```dockerfile
FROM fedora:40
RUN dnf install -y httpd-2.4.62 && dnf clean all
```
"#,
    check,
};

const MESSAGE: &str = "Use the -y switch to avoid manual input `dnf install -y <package>`";
const INSTALLS: &[&str] = &["install", "groupinstall", "localinstall"];

fn forgot(cmd: &SimpleCommand) -> bool {
    cmd.runs_with(&["dnf", "microdnf"], INSTALLS) && !cmd.has_any_flag(&["y", "assumeyes"])
}

fn check(cx: &mut Checker) {
    report_missing_flag(
        cx,
        MESSAGE,
        |_| false,
        forgot,
        |_, _, bad| {
            Fix::safe(
                "Add -y to dnf install",
                after_subcommand(bad, INSTALLS, "-y"),
            )
        },
    );
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed_until_clean, reports};

    #[test]
    fn reports_missing_yes() {
        for text in [
            "RUN dnf install httpd\n",
            "RUN microdnf install httpd\n",
            "RUN dnf groupinstall 'Development Tools'\n",
            "ONBUILD RUN dnf install httpd\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_yes() {
        for text in [
            "RUN dnf install -y httpd\n",
            "RUN dnf -y install httpd\n",
            "RUN microdnf install --assumeyes httpd\n",
            "RUN dnf upgrade\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }

    #[test]
    fn fix_inserts_yes() {
        assert_eq!(
            fixed_until_clean(&RULE, "RUN microdnf install httpd\n"),
            "RUN microdnf install -y httpd\n"
        );
    }
}
