use crate::diagnostic::{Applicability, Fix};
use crate::rules::drydock::context::in_final_image;
use crate::rules::drydock::deps::{apk_virtual, package_names};
use crate::rules::layers::join_range;
use crate::rules::pkg::{run_at, CommandExt};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::SimpleCommand;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DD004",
    name: "build-deps-separate-layers",
    severity: Severity::Warning,
    source: Source::Drydock,
    fix: FixAvailability::Sometimes,
    summary:
        "Packages installed in one layer and removed in a later one: the removal saves nothing.",
    docs: r#"
## What it does
Reports a `RUN` that installs system packages (`apk add`, `apk add
--virtual NAME`, `apt-get install`, `yum`/`dnf install`) and a later `RUN`
of the same stage that removes some of them (`apk del`, `apt-get
purge`/`remove`, `yum`/`dnf remove`), both lines. Only stages whose layers
end up in the image are checked (the final stage and the stages it is
built `FROM`).

## Why is this bad?
Each `RUN` commits a layer, and layers are immutable: removing files in a
later layer only hides them, the earlier layer still ships them. Build
dependencies (compilers, `-dev` headers) installed in one `RUN` and removed
in another cost their full size in the image. Installing them, using them
and removing them in *one* `RUN` keeps them out of every layer.

## Fix
*Suggested*: joins the `RUN`s from the install to the removal into one,
with ` && \`.

- **What changes in the image:** the build dependencies never reach a
  layer: the image is smaller by their size. The same commands run in
  the same order; one layer replaces several.
- **What must hold:** each joined command runs in the state it ran in
  before (see DL3059), and none is lost.
- **What the fix checks:** the `RUN`s follow each other with nothing but
  `RUN`s in between, and each join keeps behaviour (DL3059's conditions:
  same flags, shell form, no heredoc, no comment between or ending the
  first, no `cd`/`export`/`set` … carried over). Otherwise the finding
  explains what to move.

## Example
```dockerfile
FROM python:3.13-alpine
COPY requirements.txt .
RUN apk add --no-cache --virtual .build-deps gcc musl-dev python3-dev
RUN pip install --no-cache-dir -r requirements.txt
RUN apk del .build-deps
```

## Use instead
```dockerfile
FROM python:3.13-alpine
COPY requirements.txt .
RUN apk add --no-cache --virtual .build-deps gcc musl-dev python3-dev && \
    pip install --no-cache-dir -r requirements.txt && \
    apk del .build-deps
```
"#,
    check,
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    Apk,
    Apt,
    Rpm,
}

fn family(cmd: &SimpleCommand) -> Option<Family> {
    match cmd.program()? {
        "apk" => Some(Family::Apk),
        "apt-get" | "apt" | "aptitude" => Some(Family::Apt),
        "yum" | "dnf" | "microdnf" => Some(Family::Rpm),
        _ => None,
    }
}

/// What a command installs: (family, names, including an apk virtual
/// package's name).
fn added(cmd: &SimpleCommand) -> Option<(Family, Vec<String>)> {
    let fam = family(cmd)?;
    let sub: &[&str] = match fam {
        Family::Apk => &["add"],
        Family::Apt | Family::Rpm => &["install"],
    };
    let mut names = package_names(cmd, sub);
    if names.is_empty() && !cmd.args().iter().any(|w| sub.contains(&w.value.as_str())) {
        return None;
    }
    if fam == Family::Apk {
        names.extend(apk_virtual(cmd));
    }
    Some((fam, names))
}

/// What a command removes.
fn removed(cmd: &SimpleCommand) -> Option<(Family, Vec<String>)> {
    let fam = family(cmd)?;
    let sub: &[&str] = match fam {
        Family::Apk => &["del"],
        Family::Apt => &["purge", "remove", "autoremove"],
        Family::Rpm => &["remove", "erase", "autoremove"],
    };
    let names = package_names(cmd, sub);
    (!names.is_empty()).then_some((fam, names))
}

struct Install {
    index: usize,
    family: Family,
    names: Vec<String>,
}

fn check(cx: &mut Checker) {
    let sem = cx.semantics();
    let shipped = in_final_image(sem);
    for stage in &sem.stages {
        if !shipped[stage.index] {
            continue;
        }
        let mut installs: Vec<Install> = Vec::new();
        for j in stage.instructions() {
            let Some(run) = run_at(cx, j) else {
                continue;
            };
            if run.onbuild || !cx.shell_is_posix(j) {
                continue;
            }
            let mut here: Vec<(Family, Vec<String>)> = Vec::new();
            for cmd in run.commands.iter() {
                if let Some(a) = added(cmd) {
                    here.push(a);
                }
                let Some((fam, names)) = removed(cmd) else {
                    continue;
                };
                // Removed here but installed in an earlier layer (and not
                // again in this one).
                let gone: Vec<&String> = names
                    .iter()
                    .filter(|n| !here.iter().any(|(f, h)| *f == fam && h.contains(n)))
                    .collect();
                let earlier: Vec<(usize, Vec<&String>)> = installs
                    .iter()
                    .filter(|a| a.family == fam)
                    .filter_map(|a| {
                        let both: Vec<&String> = gone
                            .iter()
                            .copied()
                            .filter(|n| a.names.contains(n))
                            .collect();
                        (!both.is_empty()).then_some((a.index, both))
                    })
                    .collect();
                if earlier.is_empty() {
                    continue;
                }
                report(cx, &earlier, j);
            }
            installs.extend(here.into_iter().map(|(family, names)| Install {
                index: j,
                family,
                names,
            }));
        }
    }
}

fn report(cx: &mut Checker, earlier: &[(usize, Vec<&String>)], j: usize) {
    let file = cx.file;
    let first = earlier.iter().map(|(i, _)| *i).min().unwrap_or(j);
    // The fix joins the RUNs in between: built only when it is read.
    let fix = cx.wants_fixes().then(|| match join_range(file, cx.semantics(), first, j) {
        Some(join) => join.fix(
            format!(
                "Join the RUNs from line {} to line {} into one",
                file.instructions[first].line, file.instructions[j].line
            ), Applicability::Suggested),
        None => Fix::manual(
            "Install, use and remove the build dependencies in one RUN (move the steps in between into it)",
        ),
    });
    let removal = &file.instructions[j];
    for (i, names) in earlier {
        let inst = &file.instructions[*i];
        let message = format!(
            "`{}` installed here and removed in a later layer (line {}): this layer still holds \
             them, the removal saves nothing. Install, use and remove them in one RUN",
            join(names),
            removal.line
        );
        cx.report_with(inst.span, message, fix.clone());
    }
    let all: Vec<&String> = earlier
        .iter()
        .flat_map(|(_, n)| n.iter().copied())
        .collect();
    let lines: Vec<String> = earlier
        .iter()
        .map(|(i, _)| file.instructions[*i].line.to_string())
        .collect();
    let message = format!(
        "Removing `{}` saves nothing: installed in an earlier layer (line {}), they stay in \
         the image. Install, use and remove them in one RUN",
        join(&all),
        lines.join(", ")
    );
    cx.report_with(removal.span, message, fix);
}

fn join(names: &[&String]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for n in names {
        if !seen.contains(&n.as_str()) {
            seen.push(n);
        }
    }
    seen.join(" ")
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{apply_fix, findings, lines};

    #[test]
    fn reports_both_lines() {
        let seed = "FROM python:3.13.1-alpine\nWORKDIR /app\nCOPY requirements.txt .\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev python3-dev\nRUN pip install --no-cache-dir -r requirements.txt\nRUN apk del .build-deps\nCOPY . .\n";
        assert_eq!(lines(&RULE, seed), vec![4, 6]);
        for text in [
            "FROM debian:12\nRUN apt-get update && apt-get install -y gcc make\nRUN make\nRUN apt-get purge -y gcc\n",
            "FROM fedora:40\nRUN dnf install -y gcc\nRUN dnf remove -y gcc\n",
            "FROM alpine:3\nRUN apk add gcc=13.2.1-r0\nRUN apk del gcc\n",
            "FROM debian:12\nRUN apt-get install -y $BUILD_DEPS && make\nRUN apt-get purge -y --auto-remove $BUILD_DEPS\n",
        ] {
            assert_eq!(lines(&RULE, text).len(), 2, "{text}");
        }
    }

    #[test]
    fn accepts_one_layer_and_builder_stages() {
        for text in [
            "FROM alpine:3\nRUN apk add --virtual .b gcc && make && apk del .b\n",
            "FROM alpine:3\nRUN apk add gcc\nRUN apk add --virtual .t x && apk del .t\n",
            "FROM alpine:3 AS build\nRUN apk add gcc\nRUN apk del gcc\nFROM alpine:3\nCOPY --from=build /x /x\n",
            "FROM alpine:3\nRUN apk add gcc\nRUN apk del curl\n",
            "FROM debian:12\nRUN apt-get install -y gcc\nRUN apk del gcc\n",
        ] {
            assert!(findings(&RULE, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn fix_joins_install_to_removal() {
        let seed = "FROM python:3.13.1-alpine\nRUN apk add --no-cache --virtual .build-deps gcc\nRUN pip install --no-cache-dir -r requirements.txt\nRUN apk del .build-deps\n";
        let found = findings(&RULE, seed);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].fix, found[1].fix);
        let out = apply_fix(seed, found[0].fix.as_ref().unwrap());
        assert_eq!(
            out,
            "FROM python:3.13.1-alpine\nRUN apk add --no-cache --virtual .build-deps gcc && \\\n    pip install --no-cache-dir -r requirements.txt && \\\n    apk del .build-deps\n"
        );
        assert!(findings(&RULE, &out).is_empty());
        assert!(crate::syntax::parse(&out).errors.is_empty());
        // A COPY in between: explained, not edited.
        let text = "FROM alpine:3\nRUN apk add gcc\nCOPY . .\nRUN apk del gcc\n";
        assert!(findings(&RULE, text)
            .iter()
            .all(|d| d.fix.as_ref().is_some_and(|f| f.edits.is_empty())));
    }
}
