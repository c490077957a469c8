use super::ShellRun;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2185",
    name: "find-without-path",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Give find a starting directory (`.`): not every find has a default.",
    docs: r#"
## What it does
Reports a `RUN` that runs `find` with no starting path, its first argument
an expression (`find -name '*.pyc' -delete`). On the `RUN`'s first line.

## Why is this bad?
GNU find starts in `.` when no path is given; BusyBox's (Alpine) and the
BSDs' require one and fail. Writing `.` (or the directory meant, which in a
Dockerfile is clearer than the `WORKDIR`) works everywhere.

## Example
```dockerfile
FROM alpine:3.20
RUN find -name '*.pyc' -delete
```

## Use instead
```dockerfile
FROM alpine:3.20
RUN find . -name '*.pyc' -delete
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every `find` whose first argument is an expression.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    run.named(&["find"])
        .map(|(_, cmd)| cmd)
        .filter(|cmd| {
            let mut args = cmd
                .args()
                .iter()
                .skip_while(|a| matches!(a.value.as_str(), "-H" | "-L" | "-P"));
            args.next().is_some_and(|a| {
                !a.has_expansion && (a.value.starts_with('-') || a.value == "(" || a.value == "!")
            })
        })
        .map(|cmd| cmd.span)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports_find_without_a_path() {
        assert!(reports_run(&RULE, "find -name x"));
        assert!(reports_run(
            &RULE,
            "mv $(find -name 'docker' -type f) /usr/local/bin/"
        ));
    }

    #[test]
    fn find_with_a_path_passes() {
        assert!(!reports_run(&RULE, "find . -name x"));
        assert!(!reports_run(&RULE, "find -L /usr -name x"));
        assert!(!reports_run(&RULE, "find \"$DIR\" -name x"));
    }
}
