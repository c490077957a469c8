use super::{ShellRun, Span};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC1010",
    name: "keyword-as-argument",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "`do`, `done`, `then`, `fi` or `esac` here is an argument, not a keyword: a `;` or a newline missing before it? Quote it if it is meant as text.",
    docs: r#"
## What it does
Reports a `RUN` where an unquoted argument of a command is one of the
shell keywords `do`, `done`, `then`, `fi` or `esac`: `echo done`,
`mix do deps.get, compile`. On the `RUN`'s first line, once.

## Why is this bad?
A keyword only counts as one at the start of a command. Written after a
command's arguments without `;` or a line break, it is one more argument:
`for f in *; do echo $f done` never closes the loop. When the word is
meant as text, quoting it (`echo "done"`) says so.

## Example
```dockerfile
FROM debian:12
RUN echo done
```

## Use instead
```dockerfile
FROM debian:12
RUN echo "done"
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every unquoted argument spelled like a closing or opening keyword.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    run.script
        .commands
        .iter()
        .flat_map(|c| c.args())
        .filter(|w| !w.quoted && matches!(w.raw.as_str(), "do" | "done" | "then" | "fi" | "esac"))
        .map(|w| w.span)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports_keywords_as_arguments() {
        assert!(reports_run(&RULE, "echo done"));
        assert!(reports_run(&RULE, "mix do local.hex --force, compile"));
        assert!(reports_run(&RULE, "cmd -x then"));
        assert!(reports_run(&RULE, "echo fi"));
    }

    #[test]
    fn keywords_in_place_or_quoted_pass() {
        assert!(!reports_run(&RULE, "for f in a b; do echo \"$f\"; done"));
        assert!(!reports_run(&RULE, "if true; then echo a; fi"));
        assert!(!reports_run(&RULE, "echo \"done\""));
        assert!(!reports_run(&RULE, "echo 'do'"));
        assert!(!reports_run(&RULE, "echo else"));
        assert!(!reports_run(&RULE, "echo do=1"));
    }
}
