use crate::rules::pkg::runs;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DD019",
    name: "package-upgrade",
    severity: Severity::Info,
    source: Source::Drydock,
    fix: FixAvailability::Never,
    summary: "The build upgrades every installed package (`apt-get upgrade`, `apk upgrade`, `yum update` …).",
    docs: r#"
## What it does
Reports a `RUN` that upgrades the base image's packages as a whole:
`apt-get upgrade`/`dist-upgrade`/`full-upgrade` (and `apt`'s),
`apk upgrade`, `yum`/`dnf`/`microdnf` `update`/`upgrade` without package
names, `zypper update`/`dist-upgrade`. Upgrading named packages
(`yum update -y openssl`, `apk upgrade openssl`) is not reported.

Also reported by Trivy DS-0024 (`dist-upgrade`) and Semgrep's
`avoid-apt-get-upgrade`, `avoid-apk-upgrade`, `avoid-yum-update`,
`avoid-dnf-update` and `avoid-zypper-update`. hadolint had these checks
(DL3005, DL3017, DL3031, DL3039) and removed them to allow upgrades: this
rule is only informational, for teams that want builds to depend on the
base image alone.

## Why is this bad?
The image then holds whatever versions the mirrors served on the day of
the build: two builds of the same Dockerfile differ, the layer is as big
as every changed package, and packages the base image's maintainers held
back on purpose are changed. Security fixes come more reliably from a
newer base image (rebuilt by its maintainers with the upgrades applied
and tested) than from an upgrade in each image built on it.

## Fix
*Manual.* Use a newer tag of the base image (or rebuild on the current
one), and upgrade only the packages that need a fix by name, pinned to
the fixed version.

## Example
```dockerfile
FROM debian:12
RUN apt-get update && apt-get -y upgrade && apt-get install -y --no-install-recommends curl
```

## Use instead
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl
```
"#,
    check,
};

/// The first argument that is not an option (and not an option's value
/// for the few that take one: `-o`, `-c`, `-t`).
fn positionals(args: &[crate::syntax::shell::ShellWord]) -> Vec<&str> {
    let mut out = Vec::new();
    let mut skip = false;
    for w in args {
        let v = w.value.as_str();
        if skip {
            skip = false;
            continue;
        }
        if matches!(
            v,
            "-o" | "-c"
                | "-t"
                | "-X"
                | "--repo"
                | "--enablerepo"
                | "--disablerepo"
                | "--exclude"
                | "-x"
                | "--setopt"
                | "--releasever"
                | "--installroot"
        ) {
            skip = true;
            continue;
        }
        if v.starts_with('-') {
            continue;
        }
        out.push(v);
    }
    out
}

fn upgrade(cmd: &SimpleCommand) -> Option<String> {
    let (name, args) = cmd.effective()?;
    if !matches!(
        name,
        "apt-get" | "apt" | "apk" | "yum" | "dnf" | "microdnf" | "tdnf" | "zypper"
    ) {
        return None;
    }
    let pos = positionals(args);
    let sub = *pos.first()?;
    let named = pos.len() > 1;
    let whole = match name {
        "apt-get" | "apt" => matches!(sub, "upgrade" | "dist-upgrade" | "full-upgrade") && !named,
        "apk" => sub == "upgrade" && !named,
        "yum" | "dnf" | "microdnf" | "tdnf" => {
            matches!(
                sub,
                "update" | "upgrade" | "distro-sync" | "upgrade-minimal"
            ) && !named
        }
        "zypper" => matches!(sub, "update" | "up" | "dist-upgrade" | "dup") && !named,
        _ => false,
    };
    whole.then(|| format!("{name} {sub}"))
}

fn check(cx: &mut Checker) {
    let runs: Vec<_> = runs(cx).collect();
    for run in runs {
        if let Some(what) = run.commands.iter().find_map(|c| upgrade(c)) {
            cx.report(
                run.inst.span,
                format!(
                    "`{what}` upgrades every package of the base image: the image depends on the day \
                     of the build. Use a newer base image, or upgrade named packages"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports;

    #[test]
    fn reports_whole_upgrades() {
        for text in [
            "FROM a\nRUN apt-get update && apt-get upgrade -y\n",
            "FROM a\nRUN apt-get -y dist-upgrade\n",
            "FROM a\nRUN apt full-upgrade -y\n",
            "FROM a\nRUN apk upgrade --no-cache\n",
            "FROM a\nRUN yum -y update && yum clean all\n",
            "FROM a\nRUN dnf upgrade -y --refresh\n",
            "FROM a\nRUN zypper --non-interactive update\n",
            "FROM a\nRUN sudo apt-get -o Dpkg::Options::=--force-confold upgrade -y\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn leaves_named_upgrades_alone() {
        for text in [
            "FROM a\nRUN apt-get update && apt-get install -y x\n",
            "FROM a\nRUN apt-get install --only-upgrade -y openssl\n",
            "FROM a\nRUN apk upgrade --no-cache openssl\n",
            "FROM a\nRUN yum update -y openssl && yum clean all\n",
            "FROM a\nRUN apk update\n",
            "FROM a\nRUN pip install --upgrade pip\n",
            "FROM a\nRUN echo apt-get upgrade\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }
}
