use super::{name_of, ShellRun};
use crate::fix::{Edit, Fix};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::Op;
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2164",
    name: "unchecked-cd",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
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

## Fix
*Suggested*: ` || exit` after each unhandled `cd` that starts its own
list (`cd /src; make` → `cd /src || exit; make`, `a || cd /src; make` →
`a || cd /src || exit; make`).

- **What changes in the image:** nothing when the directory exists: the
  same commands run in the same directories. When it does not, the step
  now fails at `cd` with `cd`'s status instead of running the rest in
  the directory it was in (inside `( … )` or `$(…)`, that subshell stops
  instead).
- **What must hold:** the commands after `cd` are not meant to run when
  the directory is missing (what the finding is about).
- **What the fix checks:** the `cd` is not joined to the command before it
  by `&&` (where `|| exit` would also catch that command's failure), nor
  piped, backgrounded, or inside an `if`/`while`/`case`/loop (whose
  condition reads its status); its output is not silenced (`cd x
  2>/dev/null` says a failure is expected). Otherwise there is no edit.
  `cd dir; …` is never turned into `cd dir && …`: that changes what runs
  after a later `||`.

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
    super::report_fixing(cx, &RULE, fix);
}

/// ` || exit` after every unhandled `cd` the docs' Fix section allows.
fn fix(source: &str, run: &ShellRun) -> Option<Fix> {
    let edits: Vec<Edit> = unhandled(run)
        .into_iter()
        .filter(|&(k, next)| {
            let cmd = &run.script.commands[k];
            matches!(cmd.op_before, None | Some(Op::Seq | Op::Or))
                && matches!(next, None | Some(Op::Seq))
                && !cmd.in_compound
                && cmd.redirects.is_empty()
                && cmd.span.end <= source.len()
        })
        .map(|(k, _)| Edit::insert(run.script.commands[k].span.end, " || exit"))
        .collect();
    (!edits.is_empty()).then(|| Fix::suggested("Stop the step when cd fails (`|| exit`)", edits))
}

/// Every `cd`, `pushd` or `popd` whose failure nothing handles: its index
/// and the operator after it (`None` at the end of its list).
fn unhandled(run: &ShellRun) -> Vec<(usize, Option<Op>)> {
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
                .find(|c| c.depth == cmd.depth && c.span.start >= cmd.span.end)
                .and_then(|n| n.op_before);
            (!matches!(next, Some(Op::And | Op::Or))).then_some((k, next))
        })
        .collect()
}

/// Every `cd`, `pushd` or `popd` whose failure nothing handles.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    unhandled(run)
        .into_iter()
        .map(|(k, _)| run.script.commands[k].span)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, reports_run, suggested_rewrites};

    #[test]
    fn reports_unchecked_cd() {
        assert!(reports_run(&RULE, "cd /x"));
        assert!(reports_run(&RULE, "cd /x; make"));
        assert!(reports_run(&RULE, "make; cd /x"));
        assert!(reports_run(&RULE, "(cd /x; make)"));
    }

    #[test]
    fn checked_cd_or_errexit_pass() {
        assert!(!reports_run(&RULE, "cd /x && make"));
        assert!(!reports_run(&RULE, "cd /x || exit; make"));
        assert!(!reports_run(&RULE, "set -e; cd /x; make"));
        assert!(!reports_run(&RULE, "set -eux; cd /x; make"));
        assert!(!reports_run(&RULE, "echo cd /x"));
    }

    #[test]
    fn fix_adds_or_exit() {
        suggested_rewrites(
            &RULE,
            &[
                ("cd /x; make", "cd /x || exit; make"),
                ("make; cd /x", "make; cd /x || exit"),
                ("a || cd /x; make", "a || cd /x || exit; make"),
                ("(cd /x; make)", "(cd /x || exit; make)"),
                ("cd /x; \\\n    make", "cd /x || exit; \\\n    make"),
            ],
        );
    }

    #[test]
    fn no_fix_where_exit_would_read_another_status() {
        for run in [
            "a && cd /x; make",
            "cd /x 2>/dev/null; make",
            "cd /x | cat; make",
            "if true; then cd /x; make; fi",
        ] {
            let text = format!("FROM debian:12\nRUN {run}\n");
            let found = findings(&RULE, &text);
            assert_eq!(found.len(), 1, "{run}");
            assert!(found[0].fix.is_none(), "{run}");
        }
    }
}
