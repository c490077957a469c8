use crate::fix::{Edit, Fix};
use crate::rules::pkg::{runs, CommandExt};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3036",
    name: "zypper-clean",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "`zypper clean` missing after zypper use.",
    docs: r#"
## What it does
Reports a `RUN` with `zypper install` (`in`) not followed by `zypper
clean` (`cc`) in the same `RUN`, unless the `RUN` mounts a cache or tmpfs
on `/var/cache/zypp`.

## Why is this bad?
zypper keeps downloaded packages and repository metadata in
`/var/cache/zypp`; left there, they are baked into the layer. The fix
appends `&& zypper clean` to the end of the `RUN`.

## Example
```dockerfile
FROM opensuse/leap:15.6
RUN zypper -n install httpd=2.4.58
```

## Use instead
```dockerfile
FROM opensuse/leap:15.6
RUN zypper -n install httpd=2.4.58 && zypper clean
```
"#,
    check,
};

const MESSAGE: &str = "`zypper clean` missing after zypper use.";

fn install(c: &SimpleCommand) -> bool {
    c.runs_with(&["zypper"], &["install", "in"])
}

fn clean(c: &SimpleCommand) -> bool {
    c.runs_with(&["zypper"], &["clean", "cc"])
}

fn check(cx: &mut Checker) {
    for run in runs(cx) {
        if !run.any(install)
            || run.has_cache_mount("/var/cache/zypp")
            || run.comes_before(install, clean)
        {
            continue;
        }
        match run.append_point() {
            Some(at) if !run.any(clean) => cx.report_fix(
                run.inst.span,
                MESSAGE,
                Fix::safe(
                    "Run zypper clean at the end of this RUN",
                    vec![Edit::insert(at, " && zypper clean")],
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
            "RUN zypper -n install httpd\n",
            "RUN zypper clean && zypper -n in httpd\n",
            "ONBUILD RUN zypper -n in httpd\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_clean() {
        for text in [
            "RUN zypper -n install httpd && zypper clean\n",
            "RUN zypper -n in httpd && zypper cc -a\n",
            "RUN --mount=type=cache,target=/var/cache/zypp zypper -n in httpd\n",
            "RUN zypper refresh\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }

    #[test]
    fn fix_appends_clean() {
        assert_eq!(
            fixed(&RULE, "RUN zypper -n install httpd\n"),
            "RUN zypper -n install httpd && zypper clean\n"
        );
    }
}
