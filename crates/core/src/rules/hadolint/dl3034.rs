use crate::diagnostic::Fix;
use crate::rules::flags::{after_program, report_missing_flag};
use crate::rules::pkg::CommandExt;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3034",
    name: "zypper-missing-yes",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Non-interactive switch missing from `zypper` command: `zypper install -y`.",
    docs: r#"
## What it does
Reports a `zypper` `install`/`in`, `remove`/`rm`, `source-install`/`si`
or `patch` without a non-interactive switch (`-n`/`--non-interactive`, or
the subcommand's `-y`/`--no-confirm`).

## Why is this bad?
zypper asks for confirmation before changing packages; in a build nobody
answers, so it stops ("Cannot read input: bad stream or EOF") and the
build fails.

## Fix
*Safe.* Inserts zypper's global `-n` (`--non-interactive`) right after
`zypper`, which works for every subcommand.

- **What changes in the image:** nothing where the build succeeded:
  zypper only stops when it has a question, and a question in a build
  fails the step. Now zypper takes the default answers: yes to the
  transaction, so a build that failed there builds; no to what needs a
  human (a license to accept, an unknown signing key to trust, a
  dependency problem to solve), which still fails the step.
- **What must hold:** the transaction zypper resolves is wanted, as it
  is when someone answers yes.
- **What the fix checks:** every such `zypper` command of the `RUN` gets
  `-n` after the program's own name (`exec zypper …` gets it after
  `zypper`, not after `exec`). In an exec-form `RUN` the finding has no
  edit.

## Example
```dockerfile
FROM opensuse/leap:15.6
RUN zypper install httpd=2.4.58 && zypper clean
```

## Use instead
```dockerfile
FROM opensuse/leap:15.6
RUN zypper -n install httpd=2.4.58 && zypper clean
```
"#,
    check,
};

const MESSAGE: &str = "Non-interactive switch missing from `zypper` command: `zypper install -y`";

fn forgot(cmd: &SimpleCommand) -> bool {
    cmd.runs_with(
        &["zypper"],
        &[
            "install",
            "in",
            "remove",
            "rm",
            "source-install",
            "si",
            "patch",
        ],
    ) && !cmd.has_any_flag(&["non-interactive", "n", "no-confirm", "y"])
}

fn check(cx: &mut Checker) {
    report_missing_flag(
        cx,
        MESSAGE,
        |_| false,
        forgot,
        |_, _, bad| {
            Fix::safe(
                "Run zypper non-interactively (-n)",
                after_program(bad, "-n"),
            )
        },
    );
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed_until_clean, reports};

    #[test]
    fn reports_missing_switch() {
        for text in [
            "RUN zypper install httpd\n",
            "RUN zypper in httpd\n",
            "RUN zypper rm httpd\n",
            "RUN zypper patch\n",
            "ONBUILD RUN zypper install httpd\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_switch() {
        for text in [
            "RUN zypper install -y httpd\n",
            "RUN zypper -n install httpd\n",
            "RUN zypper --non-interactive in httpd\n",
            "RUN zypper install --no-confirm httpd\n",
            "RUN zypper refresh\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }

    #[test]
    fn fix_inserts_n() {
        assert_eq!(
            fixed_until_clean(&RULE, "RUN zypper refresh && zypper in httpd\n"),
            "RUN zypper refresh && zypper -n in httpd\n"
        );
        assert_eq!(
            fixed_until_clean(&RULE, "RUN exec zypper install httpd\n"),
            "RUN exec zypper -n install httpd\n"
        );
        assert_eq!(
            fixed_until_clean(&RULE, "RUN command zypper rm httpd\n"),
            "RUN command zypper -n rm httpd\n"
        );
    }
}
