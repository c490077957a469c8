use crate::diagnostic::Fix;
use crate::rules::pkg::{is_pip_install, runs, CommandExt};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3013",
    name: "pip-pin-versions",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Pin versions in pip. Instead of `pip install <package>` use `pip install <package>==<version>` or `pip install --requirement <requirements file>`.",
    docs: r#"
## What it does
Reports a `pip install` (any `pip*` program, or `python -m pip install`)
that names a package without a version specifier (`==`, `>=`, `~=` …).
Installs from a requirements file (`-r`), from `.`, with a constraints
file (`-c`), of local wheels/sdists or paths, and of VCS URLs pinned with
`@` are accepted.

## Why is this bad?
An unpinned `pip install` takes the newest release from the index on the
day of the build, so the image changes without the Dockerfile changing —
and a new major release can break it. Pin the version, or install from a
requirements/lock file that does. The version is a human choice: no
automatic fix.

## Example
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir requests
```

## Use instead
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir requests==2.32.3
```
"#,
    check,
};

const MESSAGE: &str = "Pin versions in pip. Instead of `pip install <package>` use `pip install <package>==<version>` or `pip install --requirement <requirements file>`";

/// pip options whose value is the next word.
const TAKES_VALUE: &[&str] = &[
    "abi",
    "b",
    "build",
    "e",
    "editable",
    "extra-index-url",
    "f",
    "find-links",
    "i",
    "index-url",
    "implementation",
    "no-binary",
    "only-binary",
    "platform",
    "prefix",
    "progress-bar",
    "proxy",
    "python",
    "python-version",
    "root",
    "root-user-action",
    "src",
    "t",
    "target",
    "trusted-host",
    "upgrade-strategy",
];

/// VCS URL schemes pip understands (`git+https://…`).
const VCS: &[&str] = &[
    "git+file",
    "git+https",
    "git+ssh",
    "git+http",
    "git+git",
    "git",
    "hg+file",
    "hg+http",
    "hg+https",
    "hg+ssh",
    "hg+static-http",
    "svn",
    "svn+svn",
    "svn+http",
    "svn+https",
    "svn+ssh",
    "bzr+http",
    "bzr+https",
    "bzr+ssh",
    "bzr+sftp",
    "bzr+ftp",
    "bzr+lp",
];

fn pinned(package: &str) -> bool {
    // hadolint treats anything starting with a VCS scheme name as a VCS
    // requirement (`git…`), pinned only by `@`.
    let vcs = VCS.iter().any(|s| package.starts_with(s));
    ["==", ">=", "<=", ">", "<", "!=", "~=", "==="]
        .iter()
        .any(|s| package.contains(s))
        || (vcs && package.contains('@'))
        || package.ends_with(".whl")
        || package.ends_with(".tar.gz")
        || (!vcs && package.contains('/'))
}

fn packages(cmd: &SimpleCommand) -> Vec<&str> {
    let words: Vec<&str> = cmd
        .positionals(TAKES_VALUE)
        .into_iter()
        .map(|w| w.value.as_str())
        .collect();
    let start = words
        .iter()
        .position(|w| *w == "install")
        .unwrap_or(words.len());
    words[start..]
        .iter()
        .copied()
        .skip_while(|w| *w == "install")
        .collect()
}

fn unpinned(cmd: &SimpleCommand) -> bool {
    if !is_pip_install(cmd) || cmd.has_any_flag(&["constraint", "c"]) {
        return false;
    }
    if cmd.arg_word(&["--requirement", "-r", "."]).is_some() {
        return false;
    }
    !packages(cmd).iter().all(|p| pinned(p))
}

/// What a human does about it (the fix is manual: a choice).
const HOW: &str = "Pin each package to the version you tested: `pip install <package>==<version>`, or install from a requirements file with pinned versions";

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
            "RUN pip install django\n",
            "RUN pip3 install --no-cache-dir django==4.2 flask\n",
            "RUN python -m pip install django\n",
            "RUN python3.11 -m pip install -U pip\n",
            "RUN pip install --index-url https://x/simple django\n",
            "RUN pip install git+https://github.com/x/y.git\n",
            "ONBUILD RUN pip install django\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_pinned_and_files() {
        for text in [
            "RUN pip install django==4.2\n",
            "RUN pip install 'django>=4.2'\n",
            "RUN pip install 'django~=4.2' 'flask!=2.0'\n",
            "RUN pip install -r requirements.txt\n",
            "RUN pip install --requirement requirements.txt\n",
            "RUN pip install .\n",
            "RUN pip install -c constraints.txt django\n",
            "RUN pip install --constraint=constraints.txt django\n",
            "RUN pip install /tmp/dist/pkg-1.0-py3-none-any.whl\n",
            "RUN pip install pkg-1.0.tar.gz\n",
            "RUN pip install ./src/mypkg\n",
            "RUN pip install git+https://github.com/x/y.git@v1.0\n",
            "RUN pip install -i https://x/simple django==4.2\n",
            "RUN pip install\n",
            "RUN pipenv install django\n",
            "RUN pip download django\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }
}
