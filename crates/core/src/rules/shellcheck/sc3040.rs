use super::{Dialect, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC3040",
    name: "sh-set-option",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "POSIX sh does not define this `set -o` option (pipefail …).",
    docs: r#"
## What it does
Reports a `RUN` under a POSIX `sh` that turns on an option with `set -o`
that POSIX does not define, such as `pipefail` (`set -o pipefail`,
`set -euo pipefail`). On the `RUN`'s first line.

## Why is this bad?
Older dash (Debian 11, Ubuntu 22.04 and before) stops with
`set: Illegal option -o pipefail`; where it is accepted the meaning depends
on the shell. For pipefail, say which shell runs the step:
`SHELL ["/bin/bash", "-o", "pipefail", "-c"]` (see DL4006).

## Example
```dockerfile
FROM debian:12
RUN set -o pipefail && curl -fsSL https://example.com/key | gpg --dearmor -o /usr/share/keyrings/x.gpg
```

## Use instead
```dockerfile
FROM debian:12
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN set -o pipefail && curl -fsSL https://example.com/key | gpg --dearmor -o /usr/share/keyrings/x.gpg
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// The options `set -o` has in POSIX.
const POSIX: [&str; 13] = [
    "allexport",
    "errexit",
    "ignoreeof",
    "monitor",
    "noclobber",
    "noexec",
    "noglob",
    "nolog",
    "notify",
    "nounset",
    "verbose",
    "vi",
    "xtrace",
];

/// Every `set -o NAME` naming an option POSIX does not define, under sh
/// (at the option's name).
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    if run.dialect != Dialect::Sh {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (_, cmd) in run.named(&["set"]) {
        let args = cmd.args();
        for pair in args.windows(2) {
            let flag = pair[0].value.as_str();
            let takes_name = (flag.starts_with('-') || flag.starts_with('+'))
                && !flag.starts_with("--")
                && flag.ends_with('o');
            if takes_name && !pair[1].has_expansion && !POSIX.contains(&pair[1].value.as_str()) {
                out.push(pair[1].span);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{reports_run, reports_run_bash};

    #[test]
    fn reports_non_posix_set_options_under_sh() {
        assert!(reports_run(&RULE, "set -o pipefail"));
        assert!(reports_run(&RULE, "set -euo pipefail"));
    }

    #[test]
    fn posix_options_or_bash_pass() {
        assert!(!reports_run(&RULE, "set -o errexit -o nounset"));
        assert!(!reports_run(&RULE, "set -eux"));
        assert!(!reports_run_bash(&RULE, "set -o pipefail"));
    }
}
