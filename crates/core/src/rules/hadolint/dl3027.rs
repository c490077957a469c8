use crate::diagnostic::{Edit, Fix};
use crate::rules::pkg;
use crate::rules::pkg::{runs, CommandExt};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3027",
    name: "no-apt",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary:
        "Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead.",
    docs: r#"
## What it does
Reports a `RUN` that runs `apt`.

## Why is this bad?
`apt` is the interactive front end: its output and behaviour are tuned
for people and may change between releases (it even warns "apt does not
have a stable CLI interface. Use with caution in scripts."). `apt-get`
and `apt-cache` are the stable, scriptable tools.

## Fix
*Safe*, when every `apt` call uses a subcommand `apt-get` also has
(`install`, `update`, `remove` …): renames `apt` to `apt-get`.

- **What changes in the image:** nothing: the same packages are installed
  or removed (both follow the same apt configuration, recommendations
  included); only the build log loses apt's progress bars.
- **What must hold:** the subcommand does the same under `apt-get`. One
  does not: `apt upgrade` also installs new dependencies, which
  `apt-get upgrade` keeps back.
- **What the fix checks:** each subcommand is one `apt-get` runs the same
  way; `apt upgrade` becomes `apt-get upgrade --with-new-pkgs`, which is
  what it is. An `apt install` of unpinned packages gets only the
  explanation: as `apt-get install` it would ask for versions (DL3008),
  a human's choice.

## Example
```dockerfile
FROM debian:12
RUN apt install -y --no-install-recommends curl=7.88.1-10+deb12u5
```

## Use instead
```dockerfile
FROM debian:12
RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
```
"#,
    check,
};

const MESSAGE: &str =
    "Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead";

/// `apt` subcommands that `apt-get` runs the same way.
const APT_GET_SUBCOMMANDS: &[&str] = &[
    "update",
    "upgrade",
    "install",
    "reinstall",
    "remove",
    "purge",
    "autoremove",
    "dist-upgrade",
    "clean",
    "autoclean",
    "source",
    "build-dep",
    "download",
    "satisfy",
];

fn renamable(cmd: &SimpleCommand) -> bool {
    cmd.positionals(&["o", "c", "t"])
        .first()
        .is_some_and(|sub| APT_GET_SUBCOMMANDS.contains(&sub.value.as_str()))
        && !cmd.words[0].quoted
}

fn check(cx: &mut Checker) {
    for run in runs(cx) {
        let apts: Vec<_> = run.matching(|c| c.is("apt")).collect();
        if apts.is_empty() {
            continue;
        }
        if run.exec || !apts.iter().all(|c| renamable(c)) {
            cx.report(run.inst.span, MESSAGE);
            continue;
        }
        if apts.iter().any(|c| pkg::apt_install_unpinned(c)) {
            // As `apt-get install`, DL3008 would ask for versions: a human
            // choice.
            cx.report_fix(
                run.inst.span,
                MESSAGE,
                Fix::manual("Use apt-get instead of apt, and pin the versions it installs"),
            );
            continue;
        }
        let mut edits = Vec::new();
        for c in &apts {
            edits.push(Edit::replace(c.words[0].span, "apt-get"));
            // `apt upgrade` installs new dependencies; `apt-get upgrade`
            // only with this option.
            if let Some(sub) = c
                .positionals(&["o", "c", "t"])
                .first()
                .filter(|w| w.value == "upgrade")
            {
                edits.push(Edit::insert(sub.span.end, " --with-new-pkgs"));
            }
        }
        cx.report_fix(
            run.inst.span,
            MESSAGE,
            Fix::safe("Use apt-get instead of apt", edits),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, fixed_until_clean, reports};

    #[test]
    fn upgrade_keeps_installing_new_dependencies() {
        assert_eq!(
            fixed_until_clean(&RULE, "FROM debian:12\nRUN apt update && apt upgrade -y\n"),
            "FROM debian:12\nRUN apt-get update && apt-get upgrade --with-new-pkgs -y\n"
        );
    }

    #[test]
    fn reports_apt() {
        for text in [
            "RUN apt install python\n",
            "RUN apt-get update && apt upgrade -y\n",
            "RUN apt list --installed\n",
            "ONBUILD RUN apt update\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_apt_get() {
        for text in [
            "RUN apt-get install python\n",
            "RUN apt-cache search python\n",
            "RUN echo apt install\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }

    #[test]
    fn fix_renames_only_compatible_calls() {
        assert_eq!(
            fixed_until_clean(&RULE, "RUN apt update && apt -y install curl=7.88.1-10\n"),
            "RUN apt-get update && apt-get -y install curl=7.88.1-10\n"
        );
        // Unpinned packages: as apt-get, DL3008 would report them; a human
        // picks the versions.
        let text = "RUN apt update && apt -y install curl\n";
        let found = findings(&RULE, text);
        assert_eq!(
            found[0].fix.as_ref().map(|f| f.applicability),
            Some(crate::diagnostic::Applicability::Manual)
        );
        // `apt list` has no apt-get equivalent: no edit.
        let found = findings(&RULE, "RUN apt update && apt list\n");
        assert!(found[0].fix.is_none());
    }
}
