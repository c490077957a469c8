use crate::diagnostic::Fix;
use crate::rules::pkg::{packages_of, pinned, runs};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3008",
    name: "apt-get-pin-versions",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Pin versions in apt-get install.",
    docs: r#"
## What it does
Reports an `apt-get install` whose packages are not pinned to a version
(`package=version`). Local `.deb` files and paths are accepted as pinned.

## Why is this bad?
Without a pin, the image gets whatever version the archive serves on the
day of the build, so two builds of the same Dockerfile can differ and a
new upstream release can break the image without any change on your side.
Which version to pin is a human choice, so there is no automatic fix.

## Example
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
```

## Use instead
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \
    && rm -rf /var/lib/apt/lists/*
```
"#,
    check,
};

const MESSAGE: &str = "Pin versions in apt get install. Instead of `apt-get install <package>` use `apt-get install <package>=<version>`";

/// The packages of an `apt-get … install …` command (`-t`/`--target-release`
/// take a value).
fn packages(cmd: &SimpleCommand) -> Vec<&str> {
    packages_of(cmd, "apt-get")
}

/// What a human does about it (the fix is manual: a choice).
const HOW: &str = "Pin each package to the version you tested: `apt-get install <package>=<version>` (`apt-cache policy <package>` in the base image lists versions)";

fn check(cx: &mut Checker) {
    for run in runs(cx) {
        if run
            .commands
            .iter()
            .any(|c| packages(c).iter().any(|p| !pinned(p)))
        {
            cx.report_fix(run.inst.span, MESSAGE, Fix::manual(HOW));
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
            "RUN apt-get install python\n",
            "RUN apt-get install -y python=2.7 ruby\n",
            "RUN apt-get -y install python\n",
            "RUN apt-get update && apt-get install python -y --no-install-recommends\n",
            "RUN [\"apt-get\", \"install\", \"curl\"]\n",
            // hadolint reads the exec form's strings joined as shell.
            "RUN [\"/bin/sh\", \"-c\", \"apt-get update && apt-get install -y curl\"]\n",
            "ONBUILD RUN apt-get install python\n",
            "RUN apt-get install -t bookworm-backports python\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_pinned_and_local() {
        for text in [
            "RUN apt-get install python=2.7\n",
            "RUN apt-get install -y python=2.7 && apt-get clean\n",
            "RUN apt-get install ./foo.deb\n",
            "RUN apt-get install /tmp/foo_1.0_amd64.deb\n",
            "RUN apt-get install -t bookworm-backports python=3.11\n",
            "RUN apt-get install --target-release=bookworm python=3.11\n",
            "RUN apt-get -o Dpkg::Options::=--force-confold install -y python=2.7\n",
            "RUN apt-get update\n",
            "RUN apt-get install\n",
            "RUN echo apt-get install python\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }
}
