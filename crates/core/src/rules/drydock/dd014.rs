use crate::diagnostic::{Applicability, Edit, Fix};
use crate::rules::pkg::{run_at, CommandExt, Run};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::syntax::{Body, CommandForm, Span};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DD014",
    name: "apt-update-alone",
    severity: Severity::Warning,
    source: Source::Drydock,
    fix: FixAvailability::Sometimes,
    summary: "`apt-get update` alone in its own `RUN`: later installs read package lists that are cached forever.",
    docs: r#"
## What it does
Reports a `RUN` that only runs `apt-get update` (or `apt update`,
possibly with `apt-get clean`) when a later `RUN` of the same stage
installs or upgrades packages with apt.

## Why is this bad?
Docker caches the `apt-get update` layer like any other: as long as the
instruction text is unchanged, the package lists it downloaded are reused,
for months. When the install line changes (a package added), it runs
against those old lists and fails to find packages that have since moved
(`404 Not Found`), or installs outdated versions. Updating in the same
`RUN` as the install keeps the two in step, and lets that `RUN` delete the
lists afterwards (DL3009).

## Fix
*Suggested*: joins the lone `RUN` with the installing `RUN` right after
it (the same join DL3059 proposes), or, when other instructions come
between them, removes it and starts the installing `RUN` with the same
update (`RUN apt-get update && apt-get install …`); it only removes it
when that `RUN` updates already.

- **What changes in the image:** the lists are fetched in the same step
  as the install, on every rebuild of it: the packages are as current as
  the build. One layer fewer.
- **What must hold:** nothing between the two needs the lists.
- **What the fix checks:** the update `RUN` has no flags, the installing
  `RUN` is shell form, and no `USER` change, stage boundary or other apt
  call comes between them; a join keeps DL3059's conditions.

## Example
```dockerfile
FROM debian:12-slim
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
```

## Use instead
```dockerfile
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \
    && rm -rf /var/lib/apt/lists/*
```
"#,
    check,
};

const APT: &[&str] = &["apt-get", "apt"];

fn is_update(cmd: &SimpleCommand) -> bool {
    cmd.program().is_some_and(|p| APT.contains(&p))
        && cmd
            .positionals(&["o", "c", "t"])
            .first()
            .is_some_and(|w| w.value == "update")
}

/// `apt-get clean`/`autoclean`: nothing that needs the lists.
fn is_housekeeping(cmd: &SimpleCommand) -> bool {
    cmd.program().is_some_and(|p| APT.contains(&p))
        && cmd
            .positionals(&["o", "c", "t"])
            .first()
            .is_some_and(|w| matches!(w.value.as_str(), "clean" | "autoclean"))
}

/// An apt command that reads the package lists (install, upgrade …).
fn uses_lists(cmd: &SimpleCommand) -> bool {
    cmd.program()
        .is_some_and(|p| APT.contains(&p) || p == "aptitude")
        && cmd.positionals(&["o", "c", "t"]).first().is_some_and(|w| {
            matches!(
                w.value.as_str(),
                "install" | "upgrade" | "dist-upgrade" | "full-upgrade" | "build-dep" | "source"
            )
        })
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    let sem = cx.semantics();
    for stage in &sem.stages {
        let range = stage.instructions();
        for a in range.clone() {
            let inst = &file.instructions[a];
            let Some(run) = run_at(cx, a) else { continue };
            if run.onbuild
                || !cx.shell_is_posix(a)
                || run.commands.is_empty()
                || !run.any(is_update)
                || !run
                    .commands
                    .iter()
                    .all(|c| is_update(c) || is_housekeeping(c))
            {
                continue;
            }
            // The next RUN of the stage that reads the lists or updates
            // them (removals in between need no lists).
            let next = (a + 1..range.end)
                .find(|&j| run_at(cx, j).is_some_and(|r| r.any(uses_lists) || r.any(is_update)));
            let Some(b) = next else { continue };
            let Some(later) = run_at(cx, b) else {
                continue;
            };
            if !later.any(uses_lists) {
                continue;
            }
            let message = format!(
                "`apt-get update` alone in its own layer: the install on line {} reads package \
                 lists cached from whenever this layer was built. Update in the same RUN as the install",
                file.instructions[b].line
            );
            match merge(cx, a, b, later) {
                Some(fix) => cx.report_fix(inst.span, message, fix),
                None => {
                    cx.report_fix(
                        inst.span,
                        message,
                        Fix::manual(format!(
                            "Run `apt-get update && apt-get install …` in one RUN (line {})",
                            file.instructions[b].line
                        )),
                    );
                }
            }
        }
    }
}

/// Delete the update `RUN`'s lines; start `RUN` `b` with the update
/// unless it updates already.
fn merge(cx: &Checker, a: usize, b: usize, later: &Run) -> Option<Fix> {
    let file = cx.file;
    // Right after each other: the same join DL3059 and the other layer
    // rules propose, so that it is one suggestion.
    if b == a + 1 && !later.any(is_update) {
        if let Some(join) = crate::rules::layers::join_edit(file, cx.semantics(), a) {
            return Some(join.fix(
                format!(
                    "Run `apt-get update` in the RUN on line {}",
                    file.instructions[b].line
                ),
                Applicability::Suggested,
            ));
        }
    }
    let source = cx.source();
    let update = &file.instructions[a];
    let install = &file.instructions[b];
    if !update.flags.is_empty() || !update.heredocs.is_empty() || !install.heredocs.is_empty() {
        return None;
    }
    let Body::Run(CommandForm::Shell { text, script }) = &update.body else {
        return None;
    };
    if !script.errors.is_empty() {
        return None;
    }
    let between_ok = file.instructions[a + 1..b]
        .iter()
        .all(|i| !matches!(i.body, Body::User(_) | Body::Shell(_) | Body::Onbuild(_)));
    if !between_ok || later.exec || later.onbuild {
        return None;
    }
    let Body::Run(CommandForm::Shell { script: s2, .. }) = &install.body else {
        return None;
    };
    let first = s2.commands.iter().find(|c| c.depth == 0)?;
    // The update's lines, from the start of the line to its newline.
    let start = source[..update.span.start].rfind('\n').map_or(0, |i| i + 1);
    if !source[start..update.span.start].trim().is_empty() {
        return None;
    }
    let end = match source[update.span.end..].find('\n') {
        Some(i) => update.span.end + i + 1,
        None => return None,
    };
    let delete = Edit::delete(Span::new(start, end));
    if later.any(is_update) {
        return Some(Fix::suggested(
            "Drop this RUN: the install RUN updates already",
            vec![delete],
        ));
    }
    let command = text.text.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(Fix::suggested(
        format!("Run `{command}` in the RUN on line {}", install.line),
        vec![
            delete,
            Edit::insert(first.span.start, format!("{command} && ")),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, fixed_until_clean, reports};

    #[test]
    fn reports_a_lone_update() {
        for text in [
            "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n",
            "FROM debian:12\nRUN apt update -qq\nENV X=1\nRUN echo hi\nRUN DEBIAN_FRONTEND=noninteractive apt-get install -y curl\n",
            "FROM debian:12\nRUN apt-get update\nRUN apt-get upgrade -y\n",
            "FROM nginx\nRUN apt-get update -qq\nRUN apt-get remove node\nRUN apt-get install -y curl\n",
            "FROM ubuntu:24.04\nRUN apt-get update && apt-get clean\nRUN apt-get install -q -y curl\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_update_with_install() {
        for text in [
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
            "FROM debian:12\nRUN apt-get update\n",
            "FROM debian:12\nRUN apt-get update\nFROM debian:12\nRUN apt-get install -y curl\n",
            "FROM debian:12\nRUN apt-get update\nRUN apt-get remove -y x\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }

    #[test]
    fn fix_moves_the_update_into_the_install() {
        assert_eq!(
            fixed_until_clean(
                &RULE,
                "FROM python:3.11-slim\nRUN apt-get update\nRUN apt-get install -y curl\nCOPY . .\n"
            ),
            "FROM python:3.11-slim\nRUN apt-get update && \\\n    apt-get install -y curl\nCOPY . .\n"
        );
        assert_eq!(
            fixed_until_clean(
                &RULE,
                "FROM debian:12\n# lists\nRUN apt-get update -qq\nENV A=1\n\nRUN DEBIAN_FRONTEND=noninteractive \\\n  apt-get install -y curl\n"
            ),
            "FROM debian:12\n# lists\nENV A=1\n\nRUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive \\\n  apt-get install -y curl\n"
        );
        assert_eq!(
            fixed_until_clean(
                &RULE,
                "FROM debian:12\nRUN apt-get update\nRUN apt-get update && apt-get install -y curl\n"
            ),
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"
        );
    }

    #[test]
    fn explains_when_it_cannot_move() {
        for text in [
            "FROM debian:12\nRUN apt-get update\nUSER app\nRUN apt-get install -y curl\n",
            "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt apt-get update\nRUN apt-get install -y curl\n",
            "FROM debian:12\nRUN apt-get update\nRUN [\"apt-get\", \"install\", \"-y\", \"curl\"]\n",
        ] {
            let found = findings(&RULE, text);
            assert_eq!(found.len(), 1, "{text}");
            assert!(found[0].fix.as_ref().is_some_and(|f| f.edits.is_empty()), "{text}");
        }
    }
}
