use crate::rules::hadolint::scan::{run_script, uses_program, with_onbuild};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3004",
    name: "sudo",
    severity: Severity::Error,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
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

## Example
```dockerfile
FROM debian:12
USER app
RUN sudo apt-get update
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
    for (outer, inst) in with_onbuild(file) {
        let Some(script) = run_script(inst) else {
            continue;
        };
        if uses_program(&script, "sudo") {
            cx.report(outer.span, RULE.summary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::hadolint::scan::check::lines;

    #[test]
    fn finds_sudo() {
        let text = "FROM a:1\nRUN sudo x\nRUN exec sudo x\nONBUILD RUN sudo x\nRUN command sudo x\nRUN x=$(sudo y)\nRUN echo sudo\nRUN [\"sudo\", \"x\"]\nRUN apt-get install sudo\n";
        assert_eq!(lines(&RULE, text), vec![2, 3, 4, 5, 6, 8]);
    }
}
