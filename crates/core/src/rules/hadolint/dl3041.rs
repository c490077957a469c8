use crate::diagnostic::Fix;
use crate::rules::pkg::{rpm_version_fixed, run_at, runs, CommandExt, DeclaredVars, Run};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3041",
    name: "dnf-pin-versions",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Specify version with `dnf install -y <package>-<version>`.",
    docs: r#"
## What it does
Reports a `dnf`/`microdnf` `install` naming a package without a version
(`name-version`), and a `dnf module install` naming a module without a
stream (`name:stream`). `.rpm` files, and names built from an `ARG` or
`ENV` variable, are accepted; `dnf group install` is not checked.

## Why is this bad?
Without a version dnf installs the newest package in the enabled
repositories on the day of the build: rebuilds differ and an update can
break the image unnoticed. The version is a human choice: no automatic
fix.

## Example
```dockerfile
FROM fedora:40
RUN dnf install -y httpd && dnf clean all
```

## Use instead
```dockerfile
FROM fedora:40
RUN dnf install -y httpd-2.4.62 && dnf clean all
```
"#,
    check,
};

const MESSAGE: &str = "Specify version with `dnf install -y <package>-<version>`.";
const DNF: &[&str] = &["dnf", "microdnf"];

fn install_args(cmd: &SimpleCommand) -> Vec<&str> {
    if !cmd.runs_with(DNF, &["install"]) {
        return Vec::new();
    }
    cmd.positionals(&[])
        .into_iter()
        .map(|w| w.value.as_str())
        .filter(|a| *a != "install" && *a != "module")
        .collect()
}

fn unpinned(run: &Run, vars: &DeclaredVars) -> bool {
    run.commands.iter().any(|c| {
        let module = c.runs_with(DNF, &["module"]);
        let group = c.runs_with(DNF, &["group"]);
        install_args(c).iter().any(|p| {
            if module {
                !p.contains(':')
            } else {
                !group && !rpm_version_fixed(p, vars)
            }
        })
    })
}

/// What a human does about it (the fix is manual: a choice).
const HOW: &str =
    "Pin each package to the version you tested: `dnf install -y <package>-<version>`";

fn check(cx: &mut Checker) {
    // Only an install is reported: without one, the variables need not
    // be tracked.
    if !runs(cx).any(|r| r.any(|c| c.runs_with(DNF, &["install"]))) {
        return;
    }
    let mut vars = DeclaredVars::default();
    let mut onbuild_vars = DeclaredVars::default();
    let file = cx.file;
    for (index, inst) in file.instructions.iter().enumerate() {
        vars.see(inst);
        if let Body::Onbuild(inner) = &inst.body {
            onbuild_vars.see(inner);
        }
        let Some(run) = run_at(cx, index) else {
            continue;
        };
        let scope = if run.onbuild { &onbuild_vars } else { &vars };
        if unpinned(run, scope) {
            cx.report_fix(inst.span, MESSAGE, Fix::manual(HOW));
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
            "RUN dnf install -y httpd\n",
            "RUN microdnf install -y python3-pip\n",
            "RUN dnf module install -y nodejs\n",
            "RUN dnf install -y httpd-$V\n",
            "ONBUILD RUN dnf install -y httpd\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_pinned() {
        for text in [
            "RUN dnf install -y httpd-2.4.62\n",
            "RUN dnf install -y /tmp/my-pkg.rpm\n",
            "RUN dnf module install -y nodejs:20\n",
            "RUN dnf group install -y 'Development Tools'\n",
            "ARG V=1\nRUN dnf install -y httpd-$V\n",
            "RUN dnf upgrade -y\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }
}
