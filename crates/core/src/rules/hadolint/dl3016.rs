use crate::diagnostic::Fix;
use crate::rules::pkg::{runs, CommandExt};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3016",
    name: "npm-pin-versions",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Pin versions in npm. Instead of `npm install <package>` use `npm install <package>@<version>`.",
    docs: r#"
## What it does
Reports an `npm install` that names a package without a version
(`name@version`, `@scope/name@version`). `npm install` without packages
(installing from `package.json`), local folders, tarballs, and git URLs
pinned with `#<commit>` are accepted.

## Why is this bad?
Without a version, npm installs the current `latest` tag: a rebuild can
silently pick up a new major version. Pin the version, or install from a
`package.json` + lock file with `npm ci`. Choosing the version is a human
decision: no automatic fix.

## Example
```dockerfile
FROM node:22-slim
RUN npm install -g typescript
```

## Use instead
```dockerfile
FROM node:22-slim
RUN npm install -g typescript@5.6.3
```
"#,
    check,
};

const MESSAGE: &str =
    "Pin versions in npm. Instead of `npm install <package>` use `npm install <package>@<version>`";

fn pinned(package: &str) -> bool {
    if ["git://", "git+ssh://", "git+http://", "git+https://"]
        .iter()
        .any(|p| package.starts_with(p))
    {
        return package.contains('#');
    }
    if [".tar", ".tar.gz", ".tgz"]
        .iter()
        .any(|s| package.ends_with(s))
        || ["/", "./", "../", "~/"]
            .iter()
            .any(|p| package.starts_with(p))
    {
        return true;
    }
    // A scope (`@types/node`) is not a version: hadolint skips the leading
    // run of characters above `/` in ASCII before looking for `@`.
    let rest = if package.starts_with('@') {
        package.trim_start_matches(|c: char| c > '/')
    } else {
        package
    };
    rest.contains('@')
}

fn unpinned(cmd: &SimpleCommand) -> bool {
    if !cmd.runs_with(&["npm"], &["install"]) {
        return false;
    }
    let words: Vec<&str> = cmd
        .positionals(&["loglevel", "registry"])
        .into_iter()
        .map(|w| w.value.as_str())
        .collect();
    if words.first() != Some(&"install") {
        return false;
    }
    words
        .iter()
        .skip_while(|w| **w == "install")
        .any(|p| !pinned(p))
}

/// What a human does about it (the fix is manual: a choice).
const HOW: &str = "Pin each package to the version you tested: `npm install <package>@<version>`, or install from a lockfile with `npm ci`";

fn check(cx: &mut Checker) {
    for run in runs(cx) {
        if run.any(unpinned) {
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
            "RUN npm install express\n",
            "RUN npm install -g express@4 sax\n",
            "RUN npm install @angular/cli\n",
            "RUN npm install --registry https://r express\n",
            "RUN npm install git+https://github.com/x/y.git\n",
            "ONBUILD RUN npm install express\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_pinned_and_local() {
        for text in [
            "RUN npm install\n",
            "RUN npm install --production\n",
            "RUN npm install express@4.19.2\n",
            "RUN npm install @angular/cli@17\n",
            "RUN npm install express@latest\n",
            "RUN npm install ./local-pkg\n",
            "RUN npm install /tmp/pkg.tgz\n",
            "RUN npm install git+https://github.com/x/y.git#abc123\n",
            "RUN npm ci\n",
            "RUN npm run build -- install\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }
}
