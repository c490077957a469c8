use super::shared::name_part;
use super::{is_declaration, name_of, pieces, Dialect, Kind, ShellRun};
use crate::fix::{Edit, Fix};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::Op;
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2155",
    name: "declare-and-assign-separately",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Declare the variable and assign it in separate commands: here the declaration's status hides the command's failure.",
    docs: r#"
## What it does
Reports a `RUN` where `export`, `local`, `declare`, `readonly` or `typeset`
assigns the output of a command substitution: `export V="$(cmd)"`. Under
`/bin/sh` an unquoted `export V=$(cmd)` is SC2046 instead (its value is
split there). On the `RUN`'s first line, once.

## Why is this bad?
The exit status of `export V="$(cmd)"` is `export`'s, which succeeds: when
`cmd` fails, the step goes on with an empty `V`, and `set -e` or `&&` do not
stop it. Assign first, then declare: `V="$(cmd)" && export V`.

## Fix
*Suggested*: `export V="$(cmd)"` becomes `export V && V="$(cmd)"` (the
same for `local`, `declare` and `typeset` without options): the name is
declared first, as before, and the assignment, whose status is `cmd`'s,
comes last.

- **What changes in the image:** nothing when `cmd` succeeds: `V` gets the
  same value and is exported (or local) as before. When `cmd` fails, `V`
  still gets its output and is still exported, but the failure is no
  longer hidden: under `set -e`, or when the assignment ends the `RUN`,
  the step fails; in an `&&` chain, the commands after it do not run.
- **What must hold:** the failure of `cmd` is not meant to be ignored
  (add `|| true` inside the substitution if it is).
- **What the fix checks:** the declaration has one argument, `NAME=value`,
  and no options; it is not after `||` (where `&&` would regroup the
  list), nor piped, backgrounded, or inside an `if`/`while`/`case`/loop
  (whose condition would read the new status). `readonly` gets no edit
  (declared first, it could not be assigned). Otherwise there is no edit.

## Example
```dockerfile
FROM debian:12
RUN export ARCH="$(dpkg --print-architecture)" && echo "$ARCH"
```

## Use instead
```dockerfile
FROM debian:12
RUN ARCH="$(dpkg --print-architecture)" && export ARCH && echo "$ARCH"
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report_fixing(cx, &RULE, fix);
}

/// `DECL V=$(…)` → `DECL V && V=$(…)` for every declaration the docs' Fix
/// section allows.
fn fix(source: &str, run: &ShellRun) -> Option<Fix> {
    let commands = &run.script.commands;
    let mut edits = Vec::new();
    for (k, cmd) in commands.iter().enumerate() {
        if !matches!(
            name_of(cmd),
            Some("export" | "local" | "declare" | "typeset")
        ) || cmd.in_compound
            || !cmd.redirects.is_empty()
            || !matches!(cmd.op_before, None | Some(Op::Seq | Op::And))
        {
            continue;
        }
        let [w] = cmd.args() else { continue };
        if !declares_output(run, w) || w.value.starts_with('-') {
            continue;
        }
        let next = commands[k + 1..]
            .iter()
            .take_while(|c| c.depth >= cmd.depth)
            .find(|c| c.depth == cmd.depth && c.span.start >= cmd.span.end)
            .and_then(|n| n.op_before);
        if matches!(next, Some(Op::Pipe | Op::Background)) {
            continue;
        }
        let Some(name) = name_part(w) else { continue };
        // The name must be written in the file as the shell reads it.
        if source.get(w.span.start..w.span.start + name.len()) != Some(name) {
            continue;
        }
        edits.push(Edit::insert(w.span.start, format!("{name} && ")));
    }
    (!edits.is_empty()).then(|| {
        Fix::suggested(
            "Declare the variable, then assign it, so the command's failure shows",
            edits,
        )
    })
}

/// Whether `w` (`NAME=value`) assigns a command's output SC2155 reports.
fn declares_output(run: &ShellRun, w: &crate::syntax::shell::ShellWord) -> bool {
    let Some(eq) = w.raw.find('=') else {
        return false;
    };
    pieces(&w.raw).into_iter().any(|p| {
        p.start > eq && p.kind == Kind::CommandSub && (p.quoted || run.dialect != Dialect::Sh)
    })
}

/// Every declaration that assigns a command's output (at the assignment).
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let mut out = Vec::new();
    for (k, cmd) in run.script.commands.iter().enumerate() {
        if !run.name(k).is_some_and(is_declaration) {
            continue;
        }
        for w in cmd.args() {
            let hit = declares_output(run, w);
            if hit {
                out.push(w.span);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, fixed_once, reports_run, reports_run_bash, suggested_rewrites};

    #[test]
    fn reports_declarations_of_command_output() {
        assert!(reports_run(&RULE, "export A=\"$(date)\""));
        assert!(reports_run(&RULE, "export A=\"x$(date)\""));
        assert!(reports_run(&RULE, "readonly A=\"$(date)\""));
        assert!(reports_run_bash(&RULE, "export A=$(date)"));
        assert!(reports_run_bash(&RULE, "local A=$(date)"));
    }

    #[test]
    fn separate_or_plain_assignments_pass() {
        assert!(!reports_run(&RULE, "export A=$(date)"));
        assert!(!reports_run(&RULE, "A=\"$(date)\" && export A"));
        assert!(!reports_run(&RULE, "export A=\"$B\""));
        assert!(!reports_run(&RULE, "echo A=\"$(date)\""));
        assert!(!reports_run_bash(&RULE, "export A=`date`"));
    }

    #[test]
    fn fix_declares_then_assigns() {
        suggested_rewrites(
            &RULE,
            &[
                ("export A=\"$(date)\"", "export A && A=\"$(date)\""),
                (
                    "set -e; export A=\"$(date)\"; echo \"$A\"",
                    "set -e; export A && A=\"$(date)\"; echo \"$A\"",
                ),
                (
                    "a && export A=\"$(date)\" && echo \"$A\"",
                    "a && export A && A=\"$(date)\" && echo \"$A\"",
                ),
                (
                    "export \\\n  A=\"$(date)\"",
                    "export \\\n  A && A=\"$(date)\"",
                ),
            ],
        );
        let bash = "FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\nRUN local A=$(date)\n";
        assert!(fixed_once(&RULE, bash).ends_with("RUN local A && A=$(date)\n"));
    }

    #[test]
    fn no_fix_where_the_split_would_regroup_or_cannot_assign() {
        for run in [
            "a || export A=\"$(date)\"",
            "readonly A=\"$(date)\"",
            "export A=\"$(date)\" B=1",
            "export A=\"$(date)\" | cat",
            "if export A=\"$(date)\"; then echo; fi",
        ] {
            let text = format!("FROM debian:12\nRUN {run}\n");
            let found = findings(&RULE, &text);
            assert_eq!(found.len(), 1, "{run}");
            assert!(found[0].fix.is_none(), "{run}");
        }
    }
}
