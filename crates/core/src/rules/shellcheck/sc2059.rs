use super::{pieces, Kind, ShellRun};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2059",
    name: "printf-format-variable",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Keep variables out of printf's format: write `printf '…%s…' \"$var\"`.",
    docs: r#"
## What it does
Reports a `RUN` where the format string of `printf` (its first argument)
contains a variable or a command substitution:
`printf "VERSION=${VERSION}\n"`. On the `RUN`'s first line.

## Why is this bad?
`printf` reads `%` and `\` in its format: a value containing `%s` or `%d`
consumes arguments that are not there and prints something else, one with
`\` gains escapes. Values passed as arguments to a fixed format are printed
as they are.

## Example
```dockerfile
FROM debian:12
ARG VERSION=1.0
RUN printf "VERSION=${VERSION}\n" > /etc/version
```

## Use instead
```dockerfile
FROM debian:12
ARG VERSION=1.0
RUN printf 'VERSION=%s\n' "$VERSION" > /etc/version
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every printf format with an expansion in it (at the format).
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    let mut out = Vec::new();
    for (_, cmd) in run.named(&["printf"]) {
        let args = cmd.args();
        let mut i = 0;
        if args.first().is_some_and(|a| a.value == "-v") {
            i = 2;
        }
        if args.get(i).is_some_and(|a| a.value == "--") {
            i += 1;
        }
        let Some(format) = args.get(i) else { continue };
        let expands = pieces(&format.raw).iter().any(|p| {
            matches!(
                p.kind,
                Kind::Param { .. } | Kind::CommandSub | Kind::Backtick | Kind::Arith
            )
        });
        if expands {
            out.push(format.span);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports_expansions_in_the_format() {
        assert!(reports_run(&RULE, "printf \"V=${V}\\n\""));
        assert!(reports_run(&RULE, "printf \"$(cat f)\""));
        assert!(reports_run(&RULE, "printf -v x \"$V\""));
    }

    #[test]
    fn fixed_formats_pass() {
        assert!(!reports_run(&RULE, "printf 'V=%s\\n' \"$V\""));
        assert!(!reports_run(&RULE, "echo \"$V\""));
    }
}
