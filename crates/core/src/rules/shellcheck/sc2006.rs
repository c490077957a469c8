use super::{pieces, sub_span, Kind, ShellRun};
use crate::fix::{Edit, Fix};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "SC2006",
    name: "backtick-substitution",
    severity: Severity::Style,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Use $(…) rather than the legacy backticks for command substitution.",
    docs: r#"
## What it does
Reports a `RUN` that substitutes a command's output with backticks,
`` `cmd` ``, anywhere: in arguments, assignments, double quotes. On the
`RUN`'s first line, once.

## Why is this bad?
Backticks do not nest without escaping, and backslashes inside them follow
rules of their own that surprise. `$(cmd)` nests, reads clearly and means
the same.

## Fix
*Safe*, when every backtick substitution of the `RUN` can be rewritten:
each `` `cmd` `` becomes `$(cmd)`, the command between them unchanged.

- **What changes in the image:** nothing: the shell runs the same
  commands with the same words.
- **What must hold:** the text between the backticks means the same
  inside `$(…)`. Inside backticks a backslash before `$`, `` ` `` or `\`
  (and `"` within double quotes) is removed before the command is read,
  and double quotes inside double-quoted backticks are left undefined by
  POSIX; inside `$(…)` the text is read as written. A body starting with
  `(` would turn `$((` into arithmetic, a `#` comment would hide the `)`.
- **What the fix checks:** no body contains a backslash, a backtick, `#`,
  a parenthesis or a heredoc (`<`), nor a `"` when the backticks are
  inside double quotes; the backticks are written in the file as the shell
  reads them (no line continuation inside). Otherwise there is no edit.

## Example
```dockerfile
FROM debian:12
RUN echo "built on `date`" > /etc/build-info
```

## Use instead
```dockerfile
FROM debian:12
RUN echo "built on $(date)" > /etc/build-info
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    super::report_fixing(cx, &RULE, fix);
}

/// `` `cmd` `` → `$(cmd)` for every backtick substitution of the `RUN`,
/// when each one's body reads the same inside `$(…)` (see the docs' Fix
/// section) and is written in the source as it is in the shell text.
fn fix(source: &str, run: &ShellRun) -> Option<Fix> {
    let mut edits = Vec::new();
    for (span, body, in_quotes) in backticks(run) {
        let differs = body.trim().is_empty()
            || body.contains(['\\', '`', '#', '(', ')', '<'])
            || (in_quotes && body.contains('"'));
        let written = source.get(span.start..span.end) == Some(format!("`{body}`").as_str());
        if differs || !written {
            return None;
        }
        edits.push(Edit::replace(span, format!("$({body})")));
    }
    (!edits.is_empty()).then(|| Fix::safe("Use $(…) for the command substitutions", edits))
}

/// Every backtick substitution (not a `` `# comment` ``): where, its body,
/// and whether it is inside double quotes.
fn backticks(run: &ShellRun) -> Vec<(Span, String, bool)> {
    let mut out = Vec::new();
    // A quick look at the text first: most `RUN`s have no backtick.
    if !run.text.text.contains('`') {
        return out;
    }
    for cmd in &run.script.commands {
        for w in cmd
            .assignments
            .iter()
            .chain(&cmd.words)
            .chain(&cmd.redirects)
        {
            if !w.raw.contains('`') {
                continue;
            }
            out.extend(
                pieces(&w.raw)
                    .into_iter()
                    // `` `# a comment` ``: a way to comment inside a
                    // continued line, not a substitution.
                    .filter(|p| {
                        p.kind == Kind::Backtick
                            && !w.raw[p.start + 1..].trim_start().starts_with('#')
                    })
                    .map(|p| {
                        let body = w.raw.get(p.start + 1..p.end - 1).unwrap_or("");
                        (sub_span(w, p.start, p.end), body.to_string(), p.quoted)
                    }),
            );
        }
    }
    out
}

/// Every backtick substitution.
pub(crate) fn find(run: &ShellRun) -> Vec<Span> {
    backticks(run)
        .into_iter()
        .map(|(span, _, _)| span)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::fix::Applicability;
    use crate::testing::{findings, fixed_once, reports_run};

    #[test]
    fn fix_uses_dollar_parentheses() {
        let text = "FROM debian:12\nRUN echo \"built `date -u`\" > /x && \\\n    A=`uname -m` && echo \"$A\"\n";
        assert_eq!(
            fixed_once(&RULE, text),
            "FROM debian:12\nRUN echo \"built $(date -u)\" > /x && \\\n    A=$(uname -m) && echo \"$A\"\n"
        );
        let found = findings(&RULE, text);
        assert_eq!(
            found[0].fix.as_ref().map(|f| f.applicability),
            Some(Applicability::Safe)
        );
    }

    #[test]
    fn no_fix_where_the_body_would_read_differently() {
        for run in [
            // Backslashes follow other rules inside backticks.
            "echo `echo \\$HOME`",
            // `$((` would start arithmetic; a `#` would swallow the `)`.
            "echo `(ls)`",
            "echo `ls # all`",
            // Quotes inside quoted backticks are not defined by POSIX.
            "echo \"`echo \"a b\"`\"",
            // One fixable, one not: the finding would stay.
            "echo `date` `printf 'a\\tb'`",
        ] {
            let text = format!("FROM debian:12\nRUN {run}\n");
            let found = findings(&RULE, &text);
            assert_eq!(found.len(), 1, "{run}");
            assert!(found[0].fix.is_none(), "{run}");
        }
    }

    #[test]
    fn reports_backticks() {
        assert!(reports_run(&RULE, "echo `date`"));
        assert!(reports_run(&RULE, "echo \"`date`\""));
        assert!(reports_run(&RULE, "A=`date`"));
        assert!(reports_run(&RULE, "export A=`date`"));
    }

    #[test]
    fn dollar_paren_and_quoted_backticks_pass() {
        assert!(!reports_run(&RULE, "echo $(date)"));
        assert!(!reports_run(&RULE, "echo '`date`'"));
        assert!(!reports_run(&RULE, "echo \\`date\\`"));
        assert!(!reports_run(
            &RULE,
            "go get -d x `# and 6 more` && go build"
        ));
    }
}
