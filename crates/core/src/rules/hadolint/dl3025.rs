use crate::rules::shared::exec_form_fix;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::{Body, CommandForm};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3025",
    name: "shell-form-cmd",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Use arguments JSON notation for CMD and ENTRYPOINT arguments",
    docs: r#"
## What it does
Reports `CMD` and `ENTRYPOINT` written in shell form (`CMD node app.js`)
instead of exec form (`CMD ["node", "app.js"]`).

## Why is this bad?
In shell form the command runs as `/bin/sh -c "…"`: the shell is PID 1,
so `docker stop`'s `SIGTERM` goes to the shell, which does not forward
it; the container is killed after the grace period instead of shutting
down cleanly. A shell-form `ENTRYPOINT` also ignores `CMD` and the
arguments of `docker run`.

`HEALTHCHECK CMD` is not reported, unlike hadolint: a health check is
a short-lived command run by the daemon, not the container's main
process, so the signal argument does not apply, and its shell form is
the documented, idiomatic way to write `curl -f … || exit 1`.

## Fix
*Suggested*, when the command uses no shell feature (no variables,
globs, operators or redirections; quotes only group words): rewrites it
in exec form; a leading `exec` is dropped.

- **What changes in the image:** the command's configuration: the
  program runs directly as PID 1 instead of under `/bin/sh -c` (or the
  `SHELL` in force), so it receives `docker stop`'s signal, which is the
  point. A shell-form `ENTRYPOINT` ignored `docker run`'s arguments; in
  exec form it receives them.
- **What must hold:** the command means the same without a shell, and
  what the other of `CMD`/`ENTRYPOINT` receives does not change.
- **What the fix checks:** the command's words are plain (no `$`, globs,
  operators, redirections, builtins); no `CMD` in the stage (or one it
  is built on) when converting an `ENTRYPOINT` (it would receive that
  `CMD` as arguments), and no `ENTRYPOINT` there when converting a `CMD`
  (it would receive the command's words instead of `/bin/sh -c "…"`):
  then the edit is offered unticked, as a risk. (A base image's own
  `CMD` is reset by setting an `ENTRYPOINT`.)

## Example
```dockerfile
FROM node:20
CMD node server.js
```

## Use instead
```dockerfile
FROM node:20
CMD ["node", "server.js"]
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    for (i, inst) in file.instructions.iter().enumerate() {
        let form = match &inst.body {
            Body::Cmd(f) | Body::Entrypoint(f) => f,
            _ => continue,
        };
        if !matches!(form, CommandForm::Shell { .. }) {
            continue;
        }
        if !cx.wants_fixes() {
            cx.report(inst.span, RULE.summary);
            continue;
        }
        match exec_form_fix(cx, i, form) {
            Some(fix) => cx.report_fix(inst.span, RULE.summary, fix),
            None => {
                cx.report(inst.span, RULE.summary);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed_once, lines};

    #[test]
    fn a_change_of_what_the_other_receives_is_a_risk() {
        use crate::diagnostic::Applicability;
        for text in [
            "FROM debian:12\nENTRYPOINT /start.sh\nCMD [\"--verbose\"]\n",
            "FROM debian:12\nENTRYPOINT [\"/entry.sh\"]\nCMD node app.js\n",
        ] {
            let d = crate::testing::findings(&RULE, text);
            let fix = d[0].fix.as_ref().unwrap();
            assert_eq!(fix.applicability, Applicability::Manual, "{text}");
            assert!(fix.risk.is_some() && !fix.edits.is_empty(), "{text}");
        }
        let d = crate::testing::findings(&RULE, "FROM node:20\nCMD node app.js\n");
        assert_eq!(
            d[0].fix.as_ref().unwrap().applicability,
            Applicability::Suggested
        );
    }

    #[test]
    fn shell_forms() {
        let text = "FROM a:1\nCMD node app.js\nENTRYPOINT [\"x\"]\nENTRYPOINT x y\nHEALTHCHECK CMD curl -f http://x/ || exit 1\nCMD [\"a\", \"b\"]\n";
        assert_eq!(lines(&RULE, text), vec![2, 4]);
    }

    #[test]
    fn fix_to_exec_form() {
        let text = "FROM a:1\nCMD exec java -jar /app.jar --port=80\nCMD echo $HOME\nCMD a && b\nCMD \"python\" app.py\nENTRYPOINT /entrypoint.sh\n";
        let out = fixed_once(&RULE, text);
        assert_eq!(
            out,
            "FROM a:1\nCMD [\"java\", \"-jar\", \"/app.jar\", \"--port=80\"]\nCMD echo $HOME\nCMD a && b\nCMD [\"python\", \"app.py\"]\nENTRYPOINT [\"/entrypoint.sh\"]\n"
        );
        assert_eq!(lines(&RULE, &out), vec![3, 4]);
        assert!(crate::syntax::parse(&out).errors.is_empty());
    }

    #[test]
    fn quotes_only_group_words() {
        let text = "FROM a:1\nCMD nginx -g 'daemon off;'\nCMD run --opt=\"a b\" 'it''s'\n";
        assert_eq!(
            fixed_once(&RULE, text),
            "FROM a:1\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\nCMD [\"run\", \"--opt=a b\", \"its\"]\n"
        );
        for text in [
            "FROM a:1\nCMD echo \"$HOME\"\n",
            "FROM a:1\nCMD echo \"a\\\"b\"\n",
            "FROM a:1\nCMD echo 'a\n",
            "FROM a:1\nCMD echo 'a  b'\n",
        ] {
            assert_eq!(fixed_once(&RULE, text), text, "{text}");
        }
    }

    #[test]
    fn json_escapes() {
        assert_eq!(
            crate::rules::shared::json_string("a\"b\\c"),
            "\"a\\\"b\\\\c\""
        );
    }
}
