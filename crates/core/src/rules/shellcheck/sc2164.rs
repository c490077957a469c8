use super::{name_of, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::Op;
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2164",
    name: "unchecked-cd",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Handle a failing cd (`cd … || exit`): otherwise the next commands run in the wrong directory.",
    docs: r#"
## What it does
Reports a `RUN` where `cd` (or `pushd`, `popd`) is not followed by `&&` or
`||`, in a script that does not `set -e`: `cd /src; make`. On the `RUN`'s
first line, once.

## Why is this bad?
When the directory is missing, `cd` fails and the shell goes on in the
directory it was in: `make` builds something else, `rm -rf *` removes the
wrong files. `cd /src && make`, `cd /src || exit 1`, or `set -e` stop the
step instead. In a Dockerfile, `WORKDIR /src` is better still (DL3003).

## Example
```dockerfile
FROM debian:12
RUN cd /src; make
```

## Use instead
```dockerfile
FROM debian:12
RUN cd /src && make
```

```dockerfile
FROM debian:12
RUN set -e; cd /src; make
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every `cd`, `pushd` or `popd` whose failure nothing handles.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    if super::shared::sets_e(run.script) {
        return Vec::new();
    }
    let commands = &run.script.commands;
    commands
        .iter()
        .enumerate()
        .filter_map(|(k, cmd)| {
            if !matches!(name_of(cmd), Some("cd" | "pushd" | "popd")) {
                return None;
            }
            let next = commands[k + 1..]
                .iter()
                .take_while(|c| c.depth >= cmd.depth)
                .find(|c| c.depth == cmd.depth && c.span.start >= cmd.span.end);
            let handled = next.is_some_and(|n| matches!(n.op_before, Some(Op::And | Op::Or)));
            (!handled).then_some(cmd.span)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::shellcheck::testing::flags;

    #[test]
    fn reports_unchecked_cd() {
        assert!(flags(&RULE, "cd /x"));
        assert!(flags(&RULE, "cd /x; make"));
        assert!(flags(&RULE, "make; cd /x"));
        assert!(flags(&RULE, "(cd /x; make)"));
    }

    #[test]
    fn checked_cd_or_errexit_pass() {
        assert!(!flags(&RULE, "cd /x && make"));
        assert!(!flags(&RULE, "cd /x || exit; make"));
        assert!(!flags(&RULE, "set -e; cd /x; make"));
        assert!(!flags(&RULE, "set -eux; cd /x; make"));
        assert!(!flags(&RULE, "echo cd /x"));
    }
}
