use crate::diagnostic::Fix;
use crate::rules::pkg::{rpm_version_fixed, run_at, runs, CommandExt, DeclaredVars, Run};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3033",
    name: "yum-pin-versions",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Specify version with `yum install -y <package>-<version>`.",
    docs: r#"
## What it does
Reports a `yum install` naming a package without a version
(`name-version`), and a `yum module install` naming a module without a
stream (`name:stream`). `.rpm` files, and names built from an `ARG` or
`ENV` variable, are accepted.

## Why is this bad?
Without a version yum installs the newest package in the enabled
repositories on the day of the build: rebuilds differ and an update can
break the image unnoticed. The version is a human choice: no automatic
fix.

## Example
```dockerfile
FROM centos:7
RUN yum install -y httpd && yum clean all
```

## Use instead
```dockerfile
FROM centos:7
RUN yum install -y httpd-2.4.6 && yum clean all
```
"#,
    check,
};

const MESSAGE: &str = "Specify version with `yum install -y <package>-<version>`.";

fn install_args(cmd: &SimpleCommand) -> Vec<&str> {
    if !cmd.runs_with(&["yum"], &["install"]) {
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
        let module = c.runs_with(&["yum"], &["module"]);
        install_args(c).iter().any(|p| {
            if module {
                !p.contains(':')
            } else {
                !rpm_version_fixed(p, vars)
            }
        })
    })
}

/// What a human does about it (the fix is manual: a choice).
const HOW: &str =
    "Pin each package to the version you tested: `yum install -y <package>-<version>`";

fn check(cx: &mut Checker) {
    // Only an install is reported: without one, the variables need not
    // be tracked.
    if !runs(cx).any(|r| r.any(|c| c.runs_with(&["yum"], &["install"]))) {
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
            "RUN yum install -y httpd\n",
            "RUN yum install -y python3-pip\n",
            "RUN yum install -y httpd-2.4.6 mod_ssl\n",
            "RUN yum module install -y nodejs\n",
            "RUN yum install -y httpd-$VERSION\n",
            "FROM centos AS a\nENV V=1\nFROM centos\nRUN yum install -y httpd-${V}\n",
            "ONBUILD RUN yum install -y httpd\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_pinned() {
        for text in [
            "RUN yum install -y httpd-2.4.6\n",
            "RUN yum install -y httpd-2.4.6-97.el7.centos.5\n",
            "RUN yum install -y /tmp/my-pkg.rpm\n",
            "RUN yum module install -y nodejs:18\n",
            "ARG VERSION=2.4.6\nRUN yum install -y httpd-$VERSION\n",
            "FROM centos\nENV V=1\nRUN yum install -y httpd-${V}\n",
            "FROM centos AS a\nENV V=1\nFROM a\nRUN yum install -y httpd-${V}\n",
            "RUN yum update -y\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }
}
