use super::{pieces, Kind, ShellRun, Span};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2288",
    name: "command-name-ends-in-punctuation",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "This command name ends in punctuation (`,` `.` `%` `]` `}` `#` `\\`): a stray character or a template placeholder left in?",
    docs: r#"
## What it does
Reports a `RUN` where a command's name ends in `,`, `.`, `%`, `]`, `}`,
`#` or a backslash: `foo, bar`, `%%INSTALL%% x`, `make. install`. On the
`RUN`'s first line, once.

## Why is this bad?
No program is called like that: the line was cut in the wrong place, a
separator is missing, or a template placeholder (`%%CMD%%`) was never
filled in. The step fails with "command not found", or worse, only when
that branch runs.

## Example
```dockerfile
FROM debian:12
RUN %%INSTALL%% curl
```

## Use instead
```dockerfile
FROM debian:12
RUN apt-get install -y curl
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report(cx, &RULE);
}

/// Every command whose name (as the shell reads it) ends in one of the
/// characters above; `.` alone is the `source` builtin.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    run.script
        .commands
        .iter()
        .filter_map(|c| {
            let w = c.words.first()?;
            let v = w.value.as_str();
            let bad = v != "." && v.ends_with([',', '.', '%', ']', '}', '#', '\\']);
            if !bad {
                return None;
            }
            // The last character must be written as text, not end an
            // expansion (`${PYTHON}`, `$#`).
            let last = pieces(&w.raw).pop()?;
            let bad = last.kind == Kind::Literal;
            bad.then_some(w.span)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports_run;

    #[test]
    fn reports_names_ending_in_punctuation() {
        assert!(reports_run(&RULE, "%%CMD%% get-pip.py"));
        assert!(reports_run(&RULE, "foo, bar"));
        assert!(reports_run(&RULE, "make. install"));
        assert!(reports_run(&RULE, "echo a | foo, x"));
        assert!(reports_run(&RULE, "x=1 foo, y"));
        assert!(reports_run(&RULE, ".."));
    }

    #[test]
    fn ordinary_names_pass() {
        assert!(!reports_run(&RULE, ". /etc/profile"));
        assert!(!reports_run(&RULE, "foo: x"));
        assert!(!reports_run(&RULE, "foo+ x"));
        assert!(!reports_run(&RULE, "echo %%X%%"));
        assert!(!reports_run(&RULE, "a%b c"));
        assert!(!reports_run(&RULE, "./configure.sh"));
        assert!(!reports_run(&RULE, "\"${PYTHON}\" -m pip"));
    }
}
