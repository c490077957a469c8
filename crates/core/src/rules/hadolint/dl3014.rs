use crate::diagnostic::Fix;
use crate::rules::flags::{after_subcommand, report_missing_flag};
use crate::rules::pkg::CommandExt;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3014",
    name: "apt-get-missing-yes",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Use the `-y` switch to avoid manual input `apt-get -y install <package>`.",
    docs: r#"
## What it does
Reports an `apt-get install` without `-y` (`--yes`, `--assume-yes`, or the
`-qq` quiet level, which implies it).

## Why is this bad?
A build has no one to answer apt's "Do you want to continue? [Y/n]"
prompt. Without `-y` apt-get aborts as soon as an install needs more
than the packages named (their dependencies) or has to remove one, and
the step fails, or installs nothing where the failure is ignored.

## Fix
*Safe.* Inserts `-y` after `install`.

- **What changes in the image:** nothing where the install went through:
  apt-get only asks when it has more to do than install the named
  packages, and in a build that question reads end-of-file and aborts.
  Now those installs go ahead: a build that failed there builds, and
  where the failure was ignored (`|| true`, `;`) the packages are now in
  the image.
- **What must hold:** what apt-get resolves to install (or remove) is
  wanted, as it is when someone answers yes. `-y` does not allow more:
  held packages, downgrades and unauthenticated packages still stop it.
- **What the fix checks:** every `apt-get install` of the `RUN` without
  `-y`, `--yes`, `--assume-yes` or quiet level 2 (`-qq`) gets it. In an
  exec-form `RUN` the finding has no edit.

## Example
```dockerfile
FROM debian:12
RUN apt-get install --no-install-recommends curl=7.88.1-10+deb12u5
```

## Use instead
```dockerfile
FROM debian:12
RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
```
"#,
    check,
};

const MESSAGE: &str = "Use the `-y` switch to avoid manual input `apt-get -y install <package>`";

fn forgot_yes(cmd: &SimpleCommand) -> bool {
    cmd.runs_with(&["apt-get"], &["install"])
        && !(cmd.has_any_flag(&["y", "yes", "qq", "assume-yes"])
            || cmd.count_flag("q") == 2
            || cmd.count_flag("quiet") == 2
            || cmd.arg_word(&["-q=2"]).is_some())
}

fn check(cx: &mut Checker) {
    report_missing_flag(
        cx,
        MESSAGE,
        |_| false,
        forgot_yes,
        |_, _, bad| {
            Fix::safe(
                "Add -y to apt-get install",
                after_subcommand(bad, &["install"], "-y"),
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
            "RUN apt-get install python\n",
            "RUN apt-get update && apt-get install python\n",
            "RUN apt-get -q install python\n",
            "RUN apt-get -qqq install python\n",
            "RUN apt-get --force-yes install python\n",
            "ONBUILD RUN apt-get install python\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_yes_variants() {
        for text in [
            "RUN apt-get install -y python\n",
            "RUN apt-get -y install python\n",
            "RUN apt-get install python --yes\n",
            "RUN apt-get install --assume-yes python\n",
            "RUN apt-get install -qq python\n",
            "RUN apt-get install -q -q python\n",
            "RUN apt-get install -q=2 python\n",
            "RUN apt-get install -yq python\n",
            "RUN apt-get update\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }

    #[test]
    fn fix_inserts_yes() {
        assert_eq!(
            fixed_until_clean(
                &RULE,
                "RUN apt-get update && apt-get install python && apt-get install ruby\n"
            ),
            "RUN apt-get update && apt-get install -y python && apt-get install -y ruby\n"
        );
    }
}
