use crate::rules::hadolint::scan::{named_commands, run_script, with_onbuild};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL4005",
    name: "ln-bin-sh",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Use SHELL to change the default shell",
    docs: r#"
## What it does
Reports a `RUN` that relinks `/bin/sh` with `ln` (also inside
`ONBUILD RUN`).

## Why is this bad?
Replacing `/bin/sh` changes the shell of every program in the image that
calls `system()` or runs scripts with `#!/bin/sh`, not only of the
Dockerfile's `RUN` steps. To run build steps with another shell, say so
with `SHELL`.

## Example
```dockerfile
FROM debian:12
RUN ln -sf /bin/bash /bin/sh
```

## Use instead
```dockerfile
FROM debian:12
SHELL ["/bin/bash", "-c"]
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
        if named_commands(&script).any(|(name, cmd)| name == "ln" && cmd.has_arg("/bin/sh")) {
            cx.report(outer.span, RULE.summary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::lines;

    #[test]
    fn relink() {
        let text = "FROM a:1\nRUN ln -sf /bin/bash /bin/sh\nRUN ln -s /bin/sh /usr/bin/x\nRUN ln -s a b\nONBUILD RUN ln -sf bash /bin/sh\n";
        assert_eq!(lines(&RULE, text), vec![2, 3, 5]);
    }
}
