use crate::diagnostic::Fix;
use crate::rules::pkg::{runs, CommandExt};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3028",
    name: "gem-pin-versions",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Pin versions in gem install. Instead of `gem install <gem>` use `gem install <gem>:<version>`.",
    docs: r#"
## What it does
Reports a `gem install` (or `gem i`) naming a gem without a version
(`name:version`), unless `-v`/`--version` gives one.

## Why is this bad?
An unpinned gem is whatever version rubygems.org serves on the day of the
build: rebuilds are not reproducible and a new major release can break
the image. The version is a human choice: no automatic fix.

## Example
```dockerfile
FROM ruby:3.3-slim
RUN gem install bundler
```

## Use instead
```dockerfile
FROM ruby:3.3-slim
RUN gem install bundler:2.5.22
```
"#,
    check,
};

const MESSAGE: &str =
    "Pin versions in gem install. Instead of `gem install <gem>` use `gem install <gem>:<version>`";

/// The gem names of a `gem install` without `-v`/`--version`: the words
/// before `--` that are neither options nor (as hadolint reads it) the
/// word after an option.
fn gems(cmd: &SimpleCommand) -> Vec<&str> {
    if !cmd.runs_with(&["gem"], &["install", "i"])
        || cmd.arg_word(&["-v", "--version"]).is_some()
        || cmd.args().iter().any(|w| w.value.starts_with("--version="))
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut args = cmd.args().iter().map(|w| w.value.as_str());
    while let Some(a) = args.next() {
        if a == "--" {
            break;
        }
        if a.starts_with('-') {
            args.next();
            continue;
        }
        if a != "install" && a != "i" {
            out.push(a);
        }
    }
    out
}

/// What a human does about it (the fix is manual: a choice).
const HOW: &str = "Pin each gem to the version you tested: `gem install <gem>:<version>`";

fn check(cx: &mut Checker) {
    for run in runs(cx) {
        if run
            .commands
            .iter()
            .any(|c| gems(c).iter().any(|g| !g.contains(':')))
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
            "RUN gem install rake\n",
            "RUN gem i rake\n",
            "RUN gem install rake:13.0 rails\n",
            "ONBUILD RUN gem install rake\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_pinned() {
        for text in [
            "RUN gem install rake:13.0\n",
            "RUN gem install rake -v 13.0\n",
            "RUN gem install rake --version 13.0\n",
            "RUN gem install rake --version=13.0\n",
            "RUN gem update --system\n",
            "RUN gem install\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }
}
