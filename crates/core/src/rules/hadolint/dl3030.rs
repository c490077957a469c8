use crate::diagnostic::Fix;
use crate::rules::flags::{after_subcommand, report_missing_flag};
use crate::rules::pkg::CommandExt;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3030",
    name: "yum-missing-yes",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Use the -y switch to avoid manual input `yum install -y <package>`.",
    docs: r#"
## What it does
Reports a `yum install` (`groupinstall`, `localinstall`) without `-y` or
`--assumeyes`.

## Why is this bad?
Nobody answers yum's "Is this ok [y/N]" during a build: without `-y` the
prompt reads end-of-file, yum aborts, and the build fails.

## Fix
*Safe.* Inserts `-y` after the subcommand.

- **What changes in the image:** nothing where the install went through:
  yum asks before every transaction, so an install without `-y` only
  succeeded when it had nothing to do (or the image's `yum.conf` sets
  `assumeyes`). Now it installs: a build that failed there builds, and
  where the failure was ignored (`|| true`, `;`) the packages are now in
  the image. `-y` also accepts the import of a repository's signing key
  that yum asks about.
- **What must hold:** the transaction yum resolves is wanted, as it is
  when someone answers yes.
- **What the fix checks:** every such `yum` command of the `RUN` gets
  `-y`. In an exec-form `RUN` the finding has no edit.

## Example
```dockerfile
FROM centos:7
RUN yum install httpd-2.4.6 && yum clean all
```

## Use instead
```dockerfile
FROM centos:7
RUN yum install -y httpd-2.4.6 && yum clean all
```
"#,
    check,
};

const MESSAGE: &str = "Use the -y switch to avoid manual input `yum install -y <package>`";
const INSTALLS: &[&str] = &["install", "groupinstall", "localinstall"];

fn forgot(cmd: &SimpleCommand) -> bool {
    cmd.runs_with(&["yum"], INSTALLS) && !cmd.has_any_flag(&["y", "assumeyes"])
}

fn check(cx: &mut Checker) {
    report_missing_flag(
        cx,
        MESSAGE,
        |_| false,
        forgot,
        |_, _, bad| {
            Fix::safe(
                "Add -y to yum install",
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
            "RUN yum install httpd\n",
            "RUN yum groupinstall 'Development Tools'\n",
            "RUN yum localinstall /tmp/x.rpm\n",
            "ONBUILD RUN yum install httpd\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_yes() {
        for text in [
            "RUN yum install -y httpd\n",
            "RUN yum -y install httpd\n",
            "RUN yum install --assumeyes httpd\n",
            "RUN yum install -qy httpd\n",
            "RUN yum clean all\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }

    #[test]
    fn fix_inserts_yes() {
        assert_eq!(
            fixed_until_clean(&RULE, "RUN yum install httpd && yum clean all\n"),
            "RUN yum install -y httpd && yum clean all\n"
        );
    }
}
