use crate::fix::{Edit, Fix};
use crate::rules::pkg::{runs, CommandExt};
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
Cleaning in a later `RUN` is too late, the earlier layer keeps them. The
fix appends `&& yum clean all` to the end of the `RUN`.

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

fn check(cx: &mut Checker) {
    for run in runs(cx) {
        if !run.any(install) || run.comes_before(install, clean) {
            continue;
        }
        match run.append_point() {
            Some(at) if !run.any(clean) => cx.report_fix(
                run.inst.span,
                MESSAGE,
                Fix::safe(
                    "Run yum clean all at the end of this RUN",
                    vec![Edit::insert(at, " && yum clean all")],
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
            fixed(&RULE, "RUN yum install -y httpd\n"),
            "RUN yum install -y httpd && yum clean all\n"
        );
    }
}
