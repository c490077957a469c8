use crate::rules::buildkit::fold_stages;
use crate::rules::hadolint::dl3025::exec_form_fix;
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
shutting down cleanly.

When the command uses no shell feature (variables, globs, operators,
redirections, quotes that matter), the fix writes it in exec form, the
same edit as DL3025's. It is a suggestion rather than a safe fix: the
program then runs without a shell, which is the point, and an exec-form
`ENTRYPOINT` receives `CMD` as arguments where the shell form ignored
it. Otherwise, write a small script and run it in exec form.

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
                cx.report_with(inst.span, message, exec_form_fix(cx, i, form));
            }
        },
    );
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::buildkit::testing::{fixed, found, messages};

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
            assert!(found(&RULE, text).is_empty(), "{text}");
        }
        // A SHELL later in the stage, or in an unrelated stage, does not count.
        let text = "FROM a AS x\nSHELL [\"/bin/bash\", \"-c\"]\nFROM b\nCMD run\nSHELL [\"sh\"]\n";
        assert_eq!(found(&RULE, text).len(), 1);
    }

    #[test]
    fn fix_only_without_shell_features() {
        let text = "FROM a\nCMD exec node server.js\nENTRYPOINT echo $HOME\n";
        let out = fixed(&RULE, text);
        assert_eq!(
            out,
            "FROM a\nCMD [\"node\", \"server.js\"]\nENTRYPOINT echo $HOME\n"
        );
        assert!(crate::syntax::parse(&out).errors.is_empty());
        assert_eq!(found(&RULE, &out).len(), 1);
    }
}
