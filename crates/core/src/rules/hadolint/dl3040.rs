use crate::rules::cleanup::{cache_only, cleanup_fix, Cleanup};
use crate::rules::pkg::{run_at, CommandExt, Run};
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
is removed in the same `RUN`.

## Fix
*Safe.* Appends `&& dnf clean all` (or `microdnf clean all`) to the end
of the `RUN`.

- **What changes in the image:** dnf's cache (`/var/cache/dnf`,
  `/var/cache/libdnf5`, microdnf's `/var/cache/yum`) is emptied before
  the layer is written: the layer is smaller; the installed packages are
  the same. The `RUN` fails as before when its commands fail (`&&` runs
  the cleanup only after they succeed).
- **What must hold:** nothing later needs the cache. A later `dnf`
  downloads the metadata again, so a later install works (it only
  fetches the metadata anew); one told to use the cache only (`-C`,
  `--cacheonly`) would fail, and so would a later `rm` of the cache
  without `-f` (a glob that matches nothing stays as it is).
- **What the fix checks:** the last command of the `RUN` is at its top
  level (not inside `if`, a loop or a group) and the script parses;
  otherwise, or when the `RUN` already runs that program's `clean`, no
  edit. Later `rm`s of the cache without `-f` (in the later `RUN`s of
  the image) get `-f` in the same fix; when one is an exec-form `RUN`,
  there is no edit, only the explanation. When a later `RUN` of the
  image runs `dnf` or `yum` with `-C`, the edit is offered unticked, as a
  risk.

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

fn dnf_cache(path: &str) -> bool {
    ["/var/cache/dnf", "/var/cache/libdnf5", "/var/cache/yum"]
        .iter()
        .any(|c| path.starts_with(c))
}

const RISK: &str = "A later `dnf -C` (cache only) reads the metadata this removes: it would fail";

fn check(cx: &mut Checker) {
    for i in 0..cx.file.instructions.len() {
        let Some(run) = run_at(cx, i) else { continue };
        let Some(name) = missing_clean(run) else {
            continue;
        };
        if run.has_cache_mount("/var/cache/libdnf5") || run.has_cache_mount(".cache/libdnf5") {
            continue;
        }
        match run.append_point() {
            Some(at) if !run.any(|c| c.runs_with(&[name], &["clean"])) => {
                let append = format!(" && {name} clean all");
                let message = format!("Run {name} clean all at the end of this RUN");
                let cleanup = Cleanup {
                    append: &append,
                    message: &message,
                    hits: dnf_cache,
                    reads_cache: cache_only,
                    risk: RISK,
                };
                let fix = cleanup_fix(cx, i, at, &cleanup);
                cx.report_fix(run.inst.span, MESSAGE, fix);
            }
            _ => {
                cx.report(run.inst.span, MESSAGE);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed_until_clean, reports};

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
            fixed_until_clean(&RULE, "RUN microdnf install -y httpd\n"),
            "RUN microdnf install -y httpd && microdnf clean all\n"
        );
    }

    #[test]
    fn later_steps_that_need_the_cache() {
        use crate::diagnostic::Applicability;
        assert_eq!(
            fixed_until_clean(
                &RULE,
                "FROM fedora:40\nRUN dnf install -y httpd\nRUN rm -r /var/cache/dnf/*\n"
            ),
            "FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\nRUN rm -f -r /var/cache/dnf/*\n"
        );
        let text =
            "FROM fedora:40\nRUN dnf install -y httpd\nRUN dnf --cacheonly -y install mod_ssl\n";
        let d = crate::testing::findings(&RULE, text);
        let fix = d[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Manual);
        assert!(fix.risk.is_some() && !fix.edits.is_empty());
    }
}
