use crate::diagnostic::Applicability;
use crate::rules::drydock::deps::{install_tool, Reads, Tool};
use crate::rules::layers;
use crate::rules::layers::join_edit;
use crate::rules::pkg::{run_at, Run};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DD015",
    name: "split-package-install",
    severity: Severity::Info,
    source: Source::Drydock,
    fix: FixAvailability::Always,
    summary: "Consecutive `RUN`s install with the same package manager: one layer would do.",
    docs: r#"
## What it does
Reports a `RUN` that installs with a package manager (`apk add`,
`apt-get install`, `dnf install`, `pip install`, `npm install -g` …)
right after a `RUN` that installs with the same one, when at least one of
the two chains several commands (two single-command `RUN`s are DL3059's
case, which this rule leaves to it) and the two can be joined as they
stand (see the fix below): `RUN`s kept apart by a `cd`, by different
flags or by a comment ending in a line continuation are left alone, and
so is a pair whose second `RUN` chains commands with `;`, `||` or `&`
(after ` && `, a failure of the first `RUN` would no longer stop it).

## Why is this bad?
Every `RUN` is a layer. Splitting the installs of one package manager over
several layers adds layers to pull and store, repeats the package
manager's setup (index downloads, caches) per layer, and stops a cleanup
at the end of the last `RUN` from shrinking the earlier ones. One `RUN`
that installs everything, then cleans up, makes one layer.

## Fix
*Safe.* Joins the two `RUN`s with ` && \`: one layer instead of two (the
same edit as DL3059's).

- **What changes in the image:** one layer fewer; the same files. At
  build time the commands run in the same order, in one shell, and the
  step fails when either `RUN` would have failed.
- **What must hold:** the second script runs in the same state as it did
  in its own `RUN`, and a failure of the first still stops it.
- **What the fix checks:** both are shell-form `RUN`s without heredocs,
  with the same flags, under a POSIX shell, with only blank lines
  between them; the first has no shell comment and cannot change the
  state the second runs in (no `cd`, `export`, `set`, `source`, variable
  assignment, background job or `exit`); the second joins its top-level
  commands only with `&&` and pipes (`a && b || c` would run `c` when
  the first `RUN` fails). Other pairs are not reported.

## Example
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache python3
RUN apk add --no-cache py3-pip && pip3 install --no-cache-dir django==5.1 && apk del py3-pip
```

## Use instead
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache python3 && \
    apk add --no-cache py3-pip && pip3 install --no-cache-dir django==5.1 && apk del py3-pip
```
"#,
    check,
};

/// The package managers a `RUN` installs with.
fn tools(run: &Run) -> Vec<Tool> {
    let mut out: Vec<Tool> = Vec::new();
    for cmd in run.commands.iter() {
        // Installs, not builds (`go build`, `mvn package`).
        if let Some((tool, _)) = install_tool(cmd).filter(|(_, reads)| *reads != Reads::Sources) {
            if !out.contains(&tool) {
                out.push(tool);
            }
        }
    }
    out
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    for i in 1..file.instructions.len() {
        let (prev, inst) = (&file.instructions[i - 1], &file.instructions[i]);
        let (Some(a), Some(b)) = (run_at(cx, i - 1), run_at(cx, i)) else {
            continue;
        };
        if a.onbuild || b.onbuild || layers::reports_pair(prev, inst) {
            continue;
        }
        let first = tools(a);
        let Some(tool) = tools(b).into_iter().find(|t| first.contains(t)) else {
            continue;
        };
        let message = format!(
            "This RUN installs with {} like the RUN on line {}: one more layer for the same \
             package manager. Install in one RUN",
            tool.name(),
            prev.line
        );
        // Only pairs that can be joined as they stand: the others have a
        // reason to be apart (a `cd`, other flags, a comment ending in a
        // continuation), and a fix elsewhere that adds a command to one of
        // two single-command RUNs must not turn DL3059's finding into a
        // lasting one of this rule.
        // A comment between them says they were split on purpose.
        if let Some(join) = join_edit(file, cx.semantics(), i - 1).filter(|j| !j.comments_between) {
            cx.report_fix(
                inst.span,
                message,
                join.fix("Join with the previous `RUN`", Applicability::Safe),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed_until_clean, reports};

    #[test]
    fn reports_split_installs() {
        for text in [
            "FROM alpine:3.7\nRUN apk add python3\nRUN apk add py3-pip && pip3 install django && apk del py3-pip\n",
            "FROM debian:12\nRUN apt-get update && apt-get install -y a\n\nRUN apt-get update && apt-get install -y b\n",
            "FROM python:3\nRUN pip install a && pip check\nRUN pip install b\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
        // A comment between them: split on purpose.
        let text = "FROM debian:12\nRUN apt-get update && apt-get install -y a\n# more\nRUN apt-get update && apt-get install -y b\n";
        assert_eq!(reports(&RULE, text), 0, "{text}");
    }

    #[test]
    fn leaves_other_cases_alone() {
        for text in [
            // DL3059's case.
            "FROM alpine:3.7\nRUN apk add a\nRUN apk add b\n",
            // Different package managers, or something between.
            "FROM python:3\nRUN apk add a && true\nRUN pip install b\n",
            "FROM alpine:3.7\nRUN apk add a && true\nENV X=1\nRUN apk add b\n",
            "FROM alpine:3.7\nRUN apk add a && true\nRUN echo b\n",
            "FROM maven:3\nRUN mvn -B package && true\nRUN mvn -B install\n",
            "FROM alpine:3.7 AS a\nRUN apk add a && true\nFROM alpine:3.7\nRUN apk add b && true\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }

    #[test]
    fn the_join_is_safe() {
        let text = "FROM alpine:3.7\nRUN apk add a\nRUN apk add b && apk add c\n";
        let d = crate::testing::findings(&RULE, text);
        assert_eq!(
            d[0].fix.as_ref().unwrap().applicability,
            crate::diagnostic::Applicability::Safe
        );
    }

    #[test]
    fn fix_joins_the_runs() {
        assert_eq!(
            fixed_until_clean(
                &RULE,
                "FROM alpine:3.7\nRUN apk add python3\nRUN apk add py3-pip && \\\npip3 install django && \\\napk del py3-pip\n"
            ),
            "FROM alpine:3.7\nRUN apk add python3 && \\\n    apk add py3-pip && \\\npip3 install django && \\\napk del py3-pip\n"
        );
        // Not joinable as they stand: not reported.
        for text in [
            // Joined with `&&`, `|| true` or `;` would run after a failure
            // of the first RUN (and `|| true` hide it).
            "FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN apt-get install -y b || true\n",
            "FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN apt-get install -y b; echo done\n",
            "FROM alpine:3.7\nRUN cd /x && apk add a\nRUN apk add b && true\n",
            "FROM alpine:3.7\nRUN apk add a && true\n# c \\\nRUN apk add b\n",
            "FROM alpine:3.7\nRUN --network=none apk add a && true\nRUN apk add b\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }
}
