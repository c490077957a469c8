use crate::fix::{Edit, Fix};
use crate::rules::pkg::{runs, CommandExt, Run};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3040",
    name: "dnf-clean-all",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "`dnf clean all` missing after dnf command.",
    docs: r#"
## What it does
Reports a `RUN` where `dnf` or `microdnf` installs or upgrades packages
and the same program's `clean all` (or `rm -rf /var/cache/libdnf5*`) does
not follow in the same `RUN`. A cache/tmpfs mount on dnf's cache
directory is accepted.

## Why is this bad?
dnf keeps downloaded packages and repository metadata in its cache: a
large amount of data the image never uses, baked into the layer unless it
is removed in the same `RUN`. The fix appends `&& dnf clean all` (or
`microdnf clean all`) to the end of the `RUN`.

## Example
```dockerfile
FROM fedora:40
RUN dnf install -y httpd-2.4.62
```

## Use instead
```dockerfile
FROM fedora:40
RUN dnf install -y httpd-2.4.62 && dnf clean all
```
"#,
    check,
};

const MESSAGE: &str = "`dnf clean all` missing after dnf command.";
const INSTALLS: &[&str] = &[
    "install",
    "in",
    "upgrade",
    "up",
    "upgrade-minimal",
    "up-min",
    "reinstall",
    "rei",
];

/// The first of `dnf`/`microdnf` whose install is not followed by a clean.
fn missing_clean(run: &Run) -> Option<&'static str> {
    ["dnf", "microdnf"].into_iter().find(|&name| {
        let install = |c: &crate::syntax::shell::SimpleCommand| c.runs_with(&[name], INSTALLS);
        let clean = |c: &crate::syntax::shell::SimpleCommand| {
            c.runs_with(&[name], &["clean", "all"])
                || c.runs_with(&["rm"], &["-rf", "/var/cache/libdnf5*"])
        };
        run.any(install) && !run.comes_before(install, clean)
    })
}

fn check(cx: &mut Checker) {
    for run in runs(cx) {
        let Some(name) = missing_clean(run) else {
            continue;
        };
        if run.has_cache_mount("/var/cache/libdnf5") || run.has_cache_mount(".cache/libdnf5") {
            continue;
        }
        match run.append_point() {
            Some(at) if !run.any(|c| c.runs_with(&[name], &["clean"])) => cx.report_fix(
                run.inst.span,
                MESSAGE,
                Fix::safe(
                    format!("Run {name} clean all at the end of this RUN"),
                    vec![Edit::insert(at, format!(" && {name} clean all"))],
                ),
            ),
            _ => {
                cx.report(run.inst.span, MESSAGE);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::pkg::testing::{fixed, reports};

    #[test]
    fn reports_missing_clean() {
        for text in [
            "RUN dnf install -y httpd\n",
            "RUN microdnf install -y httpd && dnf clean all\n",
            "RUN dnf clean all && dnf upgrade -y\n",
            "ONBUILD RUN dnf install -y httpd\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_clean() {
        for text in [
            "RUN dnf install -y httpd && dnf clean all\n",
            "RUN microdnf install -y httpd && microdnf clean all\n",
            "RUN dnf install -y httpd && rm -rf /var/cache/libdnf5*\n",
            "RUN --mount=type=cache,target=/var/cache/libdnf5 dnf install -y httpd\n",
            "RUN dnf makecache\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }

    #[test]
    fn fix_appends_clean() {
        assert_eq!(
            fixed(&RULE, "RUN microdnf install -y httpd\n"),
            "RUN microdnf install -y httpd && microdnf clean all\n"
        );
    }
}
