use crate::rules::cleanup::{cache_only, cleanup_fix, Cleanup};
use crate::rules::pkg::{run_at, CommandExt};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3032",
    name: "yum-clean-all",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "`yum clean all` missing after yum command.",
    docs: r#"
## What it does
Reports a `RUN` with `yum install` that does not run `yum clean all` (or
`rm -rf /var/cache/yum/*`) after it in the same `RUN`.

## Why is this bad?
yum keeps downloaded packages and repository metadata in
`/var/cache/yum`: tens to hundreds of megabytes the image never uses.
Cleaning in a later `RUN` is too late, the earlier layer keeps them.

## Fix
*Safe.* Appends `&& yum clean all` to the end of the `RUN`.

- **What changes in the image:** `/var/cache/yum` is emptied before the
  layer is written: the layer is smaller; the installed packages are the
  same. The `RUN` fails as before when its commands fail (`&&` runs the
  cleanup only after they succeed).
- **What must hold:** nothing later needs the cache. A later `yum` or
  `dnf` downloads the metadata again, so a later install works (it only
  fetches the metadata anew); one told to use the cache only (`-C`,
  `--cacheonly`) would fail, and so would a later `rm` of the cache
  without `-f` (a glob that matches nothing stays as it is).
- **What the fix checks:** the last command of the `RUN` is at its top
  level (not inside `if`, a loop or a group) and the script parses;
  otherwise, or when the `RUN` already runs a cleanup before its
  install, no edit. Later `rm`s under `/var/cache/yum` without `-f` (in
  the later `RUN`s of the image) get `-f` in the same fix; when one is
  an exec-form `RUN`, there is no edit, only the explanation. When a
  later `RUN` of the image runs `yum` or `dnf` with `-C`, the edit is
  offered unticked, as a risk.

## Example
```dockerfile
FROM centos:7
RUN yum install -y httpd-2.4.6
```

## Use instead
```dockerfile
FROM centos:7
RUN yum install -y httpd-2.4.6 && yum clean all
```
"#,
    check,
};

const MESSAGE: &str = "`yum clean all` missing after yum command.";

fn install(c: &SimpleCommand) -> bool {
    c.runs_with(&["yum"], &["install"])
}

fn clean(c: &SimpleCommand) -> bool {
    c.runs_with(&["yum"], &["clean", "all"]) || c.runs_with(&["rm"], &["-rf", "/var/cache/yum/*"])
}

const CLEANUP: Cleanup = Cleanup {
    append: " && yum clean all",
    message: "Run yum clean all at the end of this RUN",
    hits: |p| p.starts_with("/var/cache/yum"),
    reads_cache: cache_only,
    risk: "A later `yum -C` (cache only) reads the metadata this removes: it would fail",
};

fn check(cx: &mut Checker) {
    for i in 0..cx.file.instructions.len() {
        let Some(run) = run_at(cx, i) else { continue };
        if !run.any(install) || run.comes_before(install, clean) {
            continue;
        }
        match run.append_point() {
            Some(at) if !run.any(clean) => {
                let fix = cleanup_fix(cx, i, at, &CLEANUP);
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
            "RUN yum install -y httpd\n",
            "RUN yum clean all && yum install -y httpd\n",
            "ONBUILD RUN yum install -y httpd\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_clean_after_install() {
        for text in [
            "RUN yum install -y httpd && yum clean all\n",
            "RUN yum install -y httpd && rm -rf /var/cache/yum/*\n",
            "RUN yum update -y\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }

    #[test]
    fn fix_appends_clean() {
        assert_eq!(
            fixed_until_clean(&RULE, "RUN yum install -y httpd\n"),
            "RUN yum install -y httpd && yum clean all\n"
        );
    }

    #[test]
    fn later_steps_that_need_the_cache() {
        use crate::diagnostic::Applicability;
        // A later `rm` of the cache without `-f` gets it.
        assert_eq!(
            fixed_until_clean(
                &RULE,
                "FROM centos:7\nRUN yum install -y httpd\nRUN rm -r /var/cache/yum/*\n"
            ),
            "FROM centos:7\nRUN yum install -y httpd && yum clean all\nRUN rm -f -r /var/cache/yum/*\n"
        );
        // A later cache-only yum: offered as a risk.
        let text = "FROM centos:7\nRUN yum install -y httpd\nRUN yum -C install -y mod_ssl\n";
        let d = crate::testing::findings(&RULE, text);
        let fix = d[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Manual);
        assert!(fix.risk.is_some() && !fix.edits.is_empty());
        // A later install that downloads the metadata again is fine.
        let text = "FROM centos:7\nRUN yum install -y httpd\nRUN yum install -y mod_ssl && yum clean all\n";
        let d = crate::testing::findings(&RULE, text);
        assert_eq!(
            d[0].fix.as_ref().unwrap().applicability,
            Applicability::Safe
        );
    }
}
