use crate::diagnostic::Applicability;
use crate::rules::layers::join_edit;
use crate::rules::layers::{command_count, would_pair};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3059",
    name: "consecutive-run",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Multiple consecutive `RUN` instructions. Consider consolidation.",
    docs: r#"
## What it does
Reports a `RUN` that directly follows another `RUN` (comments between
them do not count) with the same flags, when both run a single command.
`RUN`s that already chain commands are taken as deliberately split.
(hadolint's source says "more than two commands", but it counts every
command twice; the effective limit, kept here, is one.)

## Why is this bad?
Each `RUN` makes a layer. Files created in one layer and deleted in the
next still ship in the image, and more layers mean more to pull and
store. Short steps that belong together read as well joined with `&&`.

## Fix
*Safe.* Joins the two `RUN`s with ` && \`: one layer instead of two.

- **What changes in the image:** one layer fewer; the same files. At
  build time the commands run in the same order, in one shell, and the
  step fails when either fails, as before.
- **What must hold:** the second command runs in the same state as it
  did in its own `RUN`, and stays a command.
- **What the fix checks:** both are shell-form `RUN`s without heredocs,
  with the same flags, under a POSIX shell, with only blank lines and
  comment lines between them; the first
  has no shell comment (`RUN a # why`: the second would be appended to
  the comment) and cannot change the state the second runs in (no `cd`,
  `export`, `set`, `source`, variable assignment, background job or
  `exit`). The engine also drops any round in which a command would be
  lost. When comment lines stand between the two, the join is offered
  but not applied (risky, `--accept` applies it): the comments stay where
  they are, as comment lines of the joined `RUN`'s continuation (the
  Dockerfile parser removes them before the shell sees the command), and
  whether they read well there is the author's call.

## Example
```dockerfile
FROM debian:12
RUN apt-get update
RUN apt-get install -y curl
```

## Use instead
```dockerfile
FROM debian:12
RUN apt-get update && \
    apt-get install -y curl
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    let counts: Vec<Option<usize>> = file.instructions.iter().map(command_count).collect();
    for (i, pair) in file.instructions.windows(2).enumerate() {
        let (Some(a), Some(b)) = (counts[i], counts[i + 1]) else {
            continue;
        };
        if !would_pair(&pair[0], a, &pair[1], b) {
            continue;
        }
        let span = pair[1].span;
        // The join is the fix: worked out only when it is read.
        if !cx.wants_fixes() {
            cx.report(span, RULE.summary);
            continue;
        }
        match join_edit(file, cx.semantics(), i) {
            Some(join) => cx.report_fix(
                span,
                RULE.summary,
                join.fix("Join with the previous `RUN`", Applicability::Safe),
            ),
            None => {
                cx.report(span, RULE.summary);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed_once, lines};

    #[test]
    fn consecutive() {
        let text = "FROM a:1\nRUN a\nRUN b\n# c\nRUN c && d\nRUN e && f && g\nRUN h\nENV X=1\nRUN i\nRUN --mount=type=cache,target=/c j\nRUN k\n";
        assert_eq!(lines(&RULE, text), vec![3]);
        assert!(lines(&RULE, "FROM a:1\nRUN a\nRUN b && c\n").is_empty());
    }

    #[test]
    fn fix_joins() {
        let text = "FROM a:1\nRUN a\nRUN b\nRUN c\n";
        let out = fixed_once(&RULE, text);
        assert_eq!(out, "FROM a:1\nRUN a && \\\n    b && \\\n    c\n");
        assert!(lines(&RULE, &out).is_empty());
        assert!(crate::syntax::parse(&out).errors.is_empty());
    }

    #[test]
    fn comments_between_stay_and_a_comment_ending_the_first_blocks() {
        // Comment lines between the two stay in place, inside the joined
        // RUN's continuation, where the parser drops them.
        // Offered as a risk, not in the default rewrite.
        let text = "FROM a:1\nRUN a\n\n# why b\n  # more\n\nRUN b\n";
        let found = crate::testing::findings(&RULE, text);
        assert!(found[0].fix.as_ref().is_some_and(|f| f.risk.is_some()));
        let out = fixed_once(&RULE, text);
        assert_eq!(
            out,
            "FROM a:1\nRUN a && \\\n    # why b\n    # more\n    b\n"
        );
        let file = crate::syntax::parse(&out);
        assert!(file.errors.is_empty());
        match &file.instructions[1].body {
            crate::syntax::Body::Run(crate::syntax::CommandForm::Shell { script, .. }) => {
                let names: Vec<_> = script.commands.iter().filter_map(|c| c.name()).collect();
                assert_eq!(names, ["a", "b"]);
            }
            other => panic!("{other:?}"),
        }
        // A shell comment ending the first would swallow the second.
        let text = "FROM a:1\nRUN ln -s a /b # compat\nRUN chmod +x /x\n";
        assert_eq!(fixed_once(&RULE, text), text);
        assert_eq!(lines(&RULE, text).len(), 1, "{text}");
    }

    #[test]
    fn no_fix_when_state_changes() {
        for text in [
            "FROM a:1\nRUN cd /x\nRUN make\n",
            "FROM a:1\nRUN export A=1\nRUN make\n",
            "FROM a:1\nRUN A=1\nRUN make\n",
            "FROM a:1\nRUN a;\nRUN b\n",
            "FROM a:1\nRUN a\n# ends with \\\nRUN b\n",
            "FROM a:1\nRUN [\"a\"]\nRUN b\n",
            "FROM a:1\nSHELL [\"pwsh\", \"-c\"]\nRUN a\nRUN b\n",
        ] {
            assert_eq!(fixed_once(&RULE, text), text, "{text}");
            assert_eq!(lines(&RULE, text).len(), 1, "{text}");
        }
    }
}
