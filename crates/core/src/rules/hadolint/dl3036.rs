use crate::rules::cleanup::{cleanup_fix, Cleanup};
use crate::rules::pkg::{run_at, CommandExt};
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
`/var/cache/zypp`; left there, they are baked into the layer.

## Fix
*Safe.* Appends `&& zypper clean` to the end of the `RUN`.

- **What changes in the image:** the downloaded packages under
  `/var/cache/zypp/packages` are removed before the layer is written
  (`zypper clean` without options keeps the repository metadata; with
  zypper's default `keeppackages=0` there may be little to remove). The
  installed packages are the same; the `RUN` fails as before when its
  commands fail (`&&` runs the cleanup only after they succeed).
- **What must hold:** nothing later needs the downloaded packages: a
  later zypper downloads what it installs again; a later `rm` of them
  without `-f` would fail.
- **What the fix checks:** the last command of the `RUN` is at its top
  level (not inside `if`, a loop or a group) and the script parses;
  otherwise, or when the `RUN` already runs a cleanup before its
  install, no edit. Later `rm`s under `/var/cache/zypp/packages` without
  `-f` (in the later `RUN`s of the image) get `-f` in the same fix; when
  one is an exec-form `RUN`, there is no edit, only the explanation.

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

const CLEANUP: Cleanup = Cleanup {
    append: " && zypper clean",
    message: "Run zypper clean at the end of this RUN",
    hits: |p| p.starts_with("/var/cache/zypp/packages"),
    reads_cache: |_| false,
    risk: "",
};

fn check(cx: &mut Checker) {
    for i in 0..cx.file.instructions.len() {
        let Some(run) = run_at(cx, i) else { continue };
        if !run.any(install)
            || run.has_cache_mount("/var/cache/zypp")
            || run.comes_before(install, clean)
        {
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
            fixed_until_clean(&RULE, "RUN zypper -n install httpd\n"),
            "RUN zypper -n install httpd && zypper clean\n"
        );
    }
}
