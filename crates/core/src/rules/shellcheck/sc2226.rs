use super::ShellRun;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2226",
    name: "ln-without-destination",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "This ln is given no destination: check the arguments, or write `.` for the current directory.",
    docs: r#"
## What it does
Reports a `RUN` where `ln` has a single operand besides its options
(`ln -s /opt/tool/bin/tool`). On the `RUN`'s first line.

## Why is this bad?
With one operand `ln` links into the current directory, which in a
Dockerfile is easy to get wrong (`WORKDIR` decides it): usually a
destination was forgotten. Writing `.` says it is meant.

## Example
```dockerfile
FROM debian:12
RUN ln -s /opt/tool/bin/tool
```

## Use instead
```dockerfile
FROM debian:12
RUN ln -s /opt/tool/bin/tool /usr/local/bin/tool
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every `ln` with one operand.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    run.named(&["ln"])
        .map(|(_, cmd)| cmd)
        .filter(|cmd| {
            let args = cmd.args();
            // `-t DIR` names the destination.
            if args
                .iter()
                .any(|a| a.value == "-t" || a.value.starts_with("--target"))
            {
                return false;
            }
            let operands = args
                .iter()
                .filter(|a| !a.value.starts_with('-') || a.value == "-")
                .count();
            operands == 1
        })
        .map(|cmd| cmd.span)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports_ln_with_one_operand() {
        assert!(reports_run(&RULE, "ln -s /a"));
        assert!(reports_run(
            &RULE,
            "mkdir /app && cd /app && ln -nfs /tmp/node_modules"
        ));
    }

    #[test]
    fn two_operands_or_a_target_pass() {
        assert!(!reports_run(&RULE, "ln -s /a /b"));
        assert!(!reports_run(&RULE, "ln -s /a ."));
        assert!(!reports_run(&RULE, "ln -st /bin /a"));
        assert!(!reports_run(&RULE, "ln -s -t /bin /a"));
    }
}
