use crate::diagnostic::{Edit, Fix};
use crate::rules::hadolint::scan::{
    command_name, onbuild_inner, plain_image, run_script, uses_program,
};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::semantics::Base;
use crate::syntax::{Body, CommandForm, Instruction, Span};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3004",
    name: "sudo",
    severity: Severity::Error,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root",
    docs: r#"
## What it does
Reports a `RUN` that calls `sudo` (also inside `ONBUILD RUN`).

## Why is this bad?
Build steps already run as the current `USER`. `sudo` adds a TTY and
signal-forwarding layer with surprising behaviour, needs a sudoers
configuration baked into the image, and hides which user a step really
needs. Switch with `USER root` around the steps that need it, or use
`gosu`/`su-exec` in an entrypoint to drop privileges at run time.

## Fix
*Suggested*, when the step certainly runs as root: drops each `sudo `
prefix.

- **What changes in the image:** nothing when the step runs as root: the
  command runs as the same user. What differs is its environment: `sudo`
  resets it (the `ENV` variables, `DEBIAN_FRONTEND` among them, are not
  passed, and `PATH` is sudo's `secure_path`); without it the command
  sees the image's environment, as every other step does.
- **What must hold:** the step runs as root; the command finds the same
  program on the image's `PATH` as on sudo's `secure_path`.
- **What the fix checks:** a `USER root` before it, or a stage built on an
  operating-system image that sets no `USER`; each `sudo` is a plain
  prefix (`sudo cmd …`, no options); the stage (and those it is built on)
  does not set `PATH` with `ENV` (then a program earlier on that `PATH`,
  a virtual environment's `pip` say, would run instead of the system's:
  the edit is offered unticked, as a risk).

## Example
```dockerfile
FROM debian:12
USER app
RUN sudo apt-get update
```

```dockerfile
FROM debian:12
RUN sudo mkdir -p /opt/app
```

## Use instead
```dockerfile
FROM debian:12
USER root
RUN apt-get update
USER app
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    let sem = cx.semantics();
    // Whether each stage (so far) runs as root, when known.
    let mut stage_root: Vec<bool> = Vec::new();
    for (i, outer) in file.instructions.iter().enumerate() {
        match &outer.body {
            Body::From(_) => {
                let stage = sem.stage_of(i);
                let root = match stage.map(|s| &s.base) {
                    Some(Base::Stage(p)) => stage_root.get(*p).copied().unwrap_or(false),
                    _ => stage.and_then(|s| s.image_ref()).is_some_and(plain_image),
                };
                stage_root.push(root);
            }
            Body::User(user) => {
                let name = cx.resolve(i, &user.text).value;
                let root = matches!(name.split(':').next(), Some("root" | "0"));
                if let Some(last) = stage_root.last_mut() {
                    *last = root;
                }
            }
            _ => {}
        }
        let inst = onbuild_inner(outer).unwrap_or(outer);
        let Some(script) = run_script(inst) else {
            continue;
        };
        if !uses_program(&script, "sudo") {
            continue;
        }
        let root = stage_root.last().copied().unwrap_or(false);
        match drop_sudo(outer, inst).filter(|_| root) {
            Some(fix) => {
                let fix = match path_set_at(cx, i) {
                    Some(line) => Fix::risky(
                        fix.message,
                        fix.edits,
                        format!("`PATH` is set on line {line}: without sudo's `secure_path` another program of that name may run"),
                    ),
                    None => fix,
                };
                cx.report_fix(outer.span, RULE.summary, fix)
            }
            None => {
                cx.report(outer.span, RULE.summary);
            }
        }
    }
}

/// The line of an `ENV` setting `PATH` in the stage of instruction `i`
/// (or a stage it is built on) before it, if any.
fn path_set_at(cx: &Checker, i: usize) -> Option<usize> {
    let sem = cx.semantics();
    let stage = sem.stage_of(i)?;
    crate::rules::drydock::lineage::lineage(sem, stage.index)
        .into_iter()
        .flat_map(|s| s.instructions())
        .filter(|&j| j < i)
        .find_map(|j| {
            let inst = &cx.file.instructions[j];
            match &inst.body {
                Body::Env(pairs) if pairs.iter().any(|kv| kv.key.text == "PATH") => Some(inst.line),
                _ => None,
            }
        })
}

/// Delete every `sudo ` prefix of a shell-form `RUN` (not inside
/// `ONBUILD`), when each is a plain one.
fn drop_sudo(outer: &Instruction, inst: &Instruction) -> Option<Fix> {
    if !std::ptr::eq(outer, inst) || !inst.heredocs.is_empty() {
        return None;
    }
    let Body::Run(CommandForm::Shell { script, .. }) = &inst.body else {
        return None;
    };
    let mut edits = Vec::new();
    for cmd in &script.commands {
        if command_name(cmd) != Some("sudo") {
            continue;
        }
        let [first, next, ..] = cmd.words.as_slice() else {
            return None;
        };
        if first.value != "sudo" || first.quoted || next.value.starts_with('-') {
            return None;
        }
        edits.push(Edit::delete(Span::new(first.span.start, next.span.start)));
    }
    (!edits.is_empty()).then(|| Fix::suggested("Drop `sudo`: the step already runs as root", edits))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, fixed_once, lines};

    #[test]
    fn finds_sudo() {
        let text = "FROM a:1\nRUN sudo x\nRUN exec sudo x\nONBUILD RUN sudo x\nRUN command sudo x\nRUN x=$(sudo y)\nRUN echo sudo\nRUN [\"sudo\", \"x\"]\nRUN apt-get install sudo\n";
        assert_eq!(lines(&RULE, text), vec![2, 3, 4, 5, 6, 8]);
    }

    #[test]
    fn a_path_of_the_image_makes_it_a_risk() {
        let text = "FROM ubuntu:22.04\nENV PATH=/opt/venv/bin:$PATH\nRUN sudo pip install x\n";
        let d = findings(&RULE, text);
        let fix = d[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, crate::diagnostic::Applicability::Manual);
        assert!(fix.risk.as_deref().unwrap().contains("line 2"));
    }

    #[test]
    fn fix_drops_sudo_as_root() {
        let text = "FROM ubuntu:22.04\nRUN sudo apt-get update && sudo  apt-get install -y x\n";
        assert_eq!(
            fixed_once(&RULE, text),
            "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y x\n"
        );
        let text = "FROM example/app:1\nUSER root\nRUN sudo make install\n";
        assert_eq!(
            fixed_once(&RULE, text),
            "FROM example/app:1\nUSER root\nRUN make install\n"
        );
        // Inherited from the stage it is built on.
        let text = "FROM debian:12 AS a\nFROM a\nRUN sudo make install\n";
        assert_eq!(
            fixed_once(&RULE, text),
            "FROM debian:12 AS a\nFROM a\nRUN make install\n"
        );
    }

    #[test]
    fn no_fix_unless_certainly_root() {
        for text in [
            "FROM example/app:1\nRUN sudo make install\n",
            "FROM ubuntu:22.04\nUSER app\nRUN sudo make install\n",
            "FROM ubuntu:22.04 AS a\nUSER app\nFROM a\nRUN sudo make install\n",
            "FROM ubuntu:22.04\nRUN sudo -u app make\n",
            "FROM ubuntu:22.04\nONBUILD RUN sudo make\n",
            "FROM ubuntu:22.04\nRUN x=$(sudo -n true) && sudo make\n",
        ] {
            assert!(findings(&RULE, text)[0].fix.is_none(), "{text}");
        }
    }
}
