use crate::rules::buildkit::fold_stages;
use crate::rules::shared::exec_form_fix;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::{Body, CommandForm};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "JSONArgsRecommended",
    name: "json-args-recommended",
    severity: Severity::Warning,
    source: Source::Buildkit,
    fix: FixAvailability::Sometimes,
    summary: "JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals",
    docs: r#"
## What it does
Reports a `CMD` or `ENTRYPOINT` in shell form (`CMD node app.js`) in a
stage where no `SHELL` instruction is in force (its own, or one of the
stage it is built `FROM`). As in BuildKit, a `SHELL` instruction marks
the shell form as a deliberate choice. hadolint's DL3025 reports shell
forms under its own code.

## Why is this bad?
In shell form the command runs as a child of `/bin/sh -c`; the shell is
PID 1 and does not pass on signals, so `docker stop`'s `SIGTERM` never
reaches the program, which is killed after the grace period instead of
shutting down cleanly. Where the command needs the shell, write a small
script and run it in exec form.

## Fix
*Suggested*, when the command uses no shell feature: writes it in exec
form (`ENTRYPOINT my-program start` → `ENTRYPOINT ["my-program",
"start"]`), dropping a leading `exec`.

- **What changes in the image:** the program runs without `/bin/sh -c`
  around it: it is PID 1 and gets the signals `docker stop` sends. An
  exec-form `ENTRYPOINT` receives `CMD` and `docker run`'s arguments,
  which the shell form ignored; an exec-form `CMD` reaches an
  `ENTRYPOINT` in force (the file's or the base image's) as its own
  words instead of `/bin/sh -c "…"`.
- **What must hold:** the words mean the same without a shell; the
  program copes with being PID 1; an `ENTRYPOINT` in force treats the
  words as it treated `/bin/sh -c "…"` (the official images' entrypoint
  scripts run their setup, such as a database's initialisation, only
  when the first word is the server's name: it now runs); `docker run`
  gives an exec-form `ENTRYPOINT` no arguments it should not take.
- **What the fix checks:** the command is one simple command of literal
  words (no variable, glob, operator, redirection, comment, or shell
  builtin such as `cd` or `export`; quotes only group words); otherwise
  the finding has no edit. An `ENTRYPOINT` with a `CMD` in its stage or
  in a stage built on it would get that `CMD` as arguments, and a `CMD`
  under an `ENTRYPOINT` of its stage (or one it is built on) would reach
  it as its own words: the edit is offered unticked, as a risk. hadolint's DL3025 reports the same
  instructions (every shell form); the fix engine then applies DL3025's
  fix.

## Example
```dockerfile
FROM alpine:3.20
ENTRYPOINT my-program start
```

## Use instead
```dockerfile
FROM alpine:3.20
ENTRYPOINT ["my-program", "start"]
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    // The state: whether a SHELL instruction is in force.
    fold_stages(
        cx.semantics(),
        |_| false,
        |stage, shell| {
            for i in stage.instructions() {
                let inst = &file.instructions[i];
                let form = match &inst.body {
                    Body::Shell(_) => {
                        *shell = true;
                        continue;
                    }
                    Body::Cmd(form) | Body::Entrypoint(form) => form,
                    _ => continue,
                };
                if *shell || !matches!(form, CommandForm::Shell { .. }) {
                    continue;
                }
                let message = format!(
                "JSON arguments recommended for {} to prevent unintended behavior related to OS signals",
                inst.keyword_word.text
            );
                let fix = if cx.wants_fixes() {
                    exec_form_fix(cx, i, form)
                } else {
                    None
                };
                cx.report_with(inst.span, message, fix);
            }
        },
    );
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, fixed_once, messages};

    #[test]
    fn reports_shell_forms() {
        assert_eq!(
            messages(&RULE, "FROM scratch\nCMD mycommand\nENTRYPOINT my program\n"),
            [
                "JSON arguments recommended for CMD to prevent unintended behavior related to OS signals",
                "JSON arguments recommended for ENTRYPOINT to prevent unintended behavior related to OS signals",
            ]
        );
        assert!(messages(
            &RULE,
            "FROM a\nHEALTHCHECK CMD curl -f x || exit 1\nCMD [\"a\"]\n"
        )
        .is_empty());
    }

    #[test]
    fn a_shell_instruction_is_a_choice() {
        for text in [
            "FROM scratch\nSHELL [\"/usr/bin/customshell\"]\nCMD mycommand\n",
            "FROM scratch AS base\nSHELL [\"/bin/bash\", \"-c\"]\nFROM base\nENTRYPOINT mycommand\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
        // A SHELL later in the stage, or in an unrelated stage, does not count.
        let text = "FROM a AS x\nSHELL [\"/bin/bash\", \"-c\"]\nFROM b\nCMD run\nSHELL [\"sh\"]\n";
        assert_eq!(findings(&RULE, text).len(), 1);
    }

    #[test]
    fn fix_only_without_shell_features() {
        let text = "FROM a\nCMD exec node server.js\nENTRYPOINT echo $HOME\n";
        let out = fixed_once(&RULE, text);
        assert_eq!(
            out,
            "FROM a\nCMD [\"node\", \"server.js\"]\nENTRYPOINT echo $HOME\n"
        );
        assert!(crate::syntax::parse(&out).errors.is_empty());
        assert_eq!(findings(&RULE, &out).len(), 1);
    }

    /// In exec form an ENTRYPOINT gets the CMD as arguments: where the
    /// stage (or one built on it) has a CMD, the edit is a risk.
    #[test]
    fn entrypoint_with_a_cmd_is_a_risk() {
        use crate::diagnostic::Applicability::{Manual, Suggested};
        for (text, want) in [
            ("FROM a\nENTRYPOINT my-server\n", Suggested),
            (
                "FROM a\nCMD [\"x\"]\nFROM a\nENTRYPOINT my-server\n",
                Suggested,
            ),
            ("FROM a\nENTRYPOINT my-server\nCMD [\"--help\"]\n", Manual),
            (
                "FROM a\nCMD [\"--port\", \"80\"]\nENTRYPOINT my-server\n",
                Manual,
            ),
            (
                "FROM a AS base\nENTRYPOINT my-server\nFROM base\nCMD [\"-v\"]\n",
                Manual,
            ),
        ] {
            let d = findings(&RULE, text);
            let fix = d[0].fix.as_ref().unwrap();
            assert_eq!(fix.applicability, want, "{text}");
            assert!(!fix.edits.is_empty(), "{text}");
        }
    }
}
