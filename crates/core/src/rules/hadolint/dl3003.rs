use crate::diagnostic::{Edit, Fix};
use crate::rules::hadolint::scan::{indent_of, run_script, uses_program};
use crate::rules::layers;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::semantics::workdir::{normalize, workdir_after};
use crate::semantics::Base;
use crate::syntax::shell::Op;
use crate::syntax::{Body, CommandForm, Instruction, Span};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3003",
    name: "cd-in-run",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Use WORKDIR to switch to a directory",
    docs: r#"
## What it does
Reports a `RUN` that calls `cd`.

## Why is this bad?
A `cd` lasts only until the end of its `RUN`: the next instruction starts
in the `WORKDIR` again. Readers (and later edits that split the command)
easily get the directory wrong. `WORKDIR` states the directory once, for
every following instruction, and creates it if needed.

## Fix
*Suggested* (*safe* when the directory already is the `WORKDIR`), when
the `RUN` starts with `cd /absolute/path && …`: moves the directory
change into a `WORKDIR` before the `RUN`, and returns to the previous
directory after it when something later depends on it.

- **What changes in the image:** nothing in its files or its
  configuration: the same commands run in the same directory. A
  `WORKDIR` creates the directory when it is missing, where the `cd`
  failed the step.
- **What must hold:** the instructions after the `RUN` still run where
  they ran, and the image's working directory stays what it was.
- **What the fix checks:** when a later instruction of the stage depends
  on the working directory (a `RUN`, a relative `COPY` destination, or
  the container itself when the stage is the final one or the base of
  another), a second `WORKDIR` returns to the previous directory, which
  must then be known: set by an absolute `WORKDIR` before, or the base
  image's, as its Dockerfile sets it (`/` for the operating-system
  images, `python`, `node`, `ruby`, `openjdk`, `rust`; `/go` for
  `golang`, `/var/www/html` for `php`); otherwise no edit. When
  the directory already is the `WORKDIR`, the fix only drops the `cd`.
  No edit either when it would leave two single-command `RUN`s side by
  side that DL3059 would report and cannot join.

## Example
```dockerfile
FROM golang:1.22
COPY . /src
RUN cd /src && go build ./...
```

```dockerfile
FROM debian:12
RUN cd /tmp && make install
CMD ["app"]
```

## Use instead
```dockerfile
FROM golang:1.22
COPY . /src
WORKDIR /src
RUN go build ./...
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    let mut next_use: Option<Vec<Option<usize>>> = None;
    for (i, inst) in file.instructions.iter().enumerate() {
        let Some(script) = run_script(inst) else {
            continue;
        };
        if !uses_program(&script, "cd") {
            continue;
        }
        if !cx.wants_fixes() {
            cx.report(inst.span, RULE.summary);
            continue;
        }
        let next_use = next_use.get_or_insert_with(|| next_workdir_use(cx));
        let dir = cx.absolute_workdirs()[i].as_deref();
        match workdir_fix(cx, i, dir, next_use) {
            Some(fix) => cx.report_fix(inst.span, RULE.summary, fix),
            None => {
                cx.report(inst.span, RULE.summary);
            }
        }
    }
}

/// The absolute, literal directory of `cd DIR && …` at the start of a
/// shell-form `RUN`, with the span to delete (`cd DIR && `).
fn leading_cd(inst: &Instruction) -> Option<(&str, Span)> {
    let Body::Run(CommandForm::Shell { script, .. }) = &inst.body else {
        return None;
    };
    if !inst.heredocs.is_empty() {
        return None;
    }
    let [first, second, ..] = script.commands.as_slice() else {
        return None;
    };
    if first.name() != Some("cd")
        || first.depth != 0
        || !first.assignments.is_empty()
        || !first.redirects.is_empty()
        || second.depth != 0
        || second.op_before != Some(Op::And)
    {
        return None;
    }
    let [dir] = first.args() else {
        return None;
    };
    let path = dir.value.as_str();
    if dir.has_expansion
        || !path.starts_with('/')
        || !path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+@".contains(c))
    {
        return None;
    }
    Some((path, Span::new(first.span.start, second.span.start)))
}

/// Whether instruction `j` depends on the working directory it runs in.
fn uses_workdir(cx: &Checker, j: usize) -> bool {
    let inst = &cx.file.instructions[j];
    match &inst.body {
        Body::Env(_)
        | Body::Arg(_)
        | Body::Label(_)
        | Body::Expose(_)
        | Body::User(_)
        | Body::Stopsignal(_)
        | Body::Shell(_)
        | Body::Maintainer(_) => false,
        Body::Copy(c) | Body::Add(c) => c.dest.as_ref().is_none_or(|d| {
            let r = cx.resolve(j, &d.text);
            !(r.is_complete() && r.value.starts_with('/'))
        }),
        Body::Run(_) => leading_cd(inst).is_none(),
        _ => true,
    }
}

/// `RUN cd /abs && rest` → `RUN rest`, in `/abs`:
/// - when the working directory is already `/abs`, drop the `cd` (safe);
/// - else insert `WORKDIR /abs` before the `RUN`, and when a later
///   instruction of the stage (or the image, for the final stage or a base
///   of another) depends on the working directory, restore the previous
///   one after it (`WORKDIR /prev`), which must then be known.
///
/// No fix when it would make two single-command `RUN`s adjacent that
/// DL3059 then reports and cannot join.
/// For each instruction, the first later instruction of its stage that
/// sets an absolute working directory or depends on the working directory
/// (one backward pass: a file of thousands of `RUN cd …` stays linear).
fn next_workdir_use(cx: &Checker) -> Vec<Option<usize>> {
    let file = cx.file;
    let mut out = vec![None; file.instructions.len()];
    for stage in &cx.semantics().stages {
        let mut next = None;
        for j in (stage.from..stage.end.min(out.len())).rev() {
            out[j] = next;
            if absolute_workdir(cx, j) || uses_workdir(cx, j) {
                next = Some(j);
            }
        }
    }
    out
}

/// Instruction `j` is a `WORKDIR` to a known absolute directory.
fn absolute_workdir(cx: &Checker, j: usize) -> bool {
    matches!(&cx.file.instructions[j].body, Body::Workdir(w)
        if workdir_after(cx.semantics(), j, &w.text, None).is_some())
}

fn workdir_fix(
    cx: &Checker,
    i: usize,
    current: Option<&str>,
    next_use: &[Option<usize>],
) -> Option<Fix> {
    let file = cx.file;
    let source = cx.source();
    let inst = &file.instructions[i];
    let (path, cd) = leading_cd(inst)?;
    let target = normalize(path);
    let indent = indent_of(source, inst)?;
    let count = layers::command_count(inst)?.saturating_sub(1);
    let prev = i.checked_sub(1).map(|p| &file.instructions[p]);
    let next = file.instructions.get(i + 1);
    // A new DL3059 pair (prev, this) is fine when DL3059 can join it.
    let pairs_before = |p: &Instruction| {
        layers::would_pair(p, layers::command_count(p).unwrap_or(2), inst, count)
            && !layers::joinable(cx, i - 1)
    };
    let pairs_after =
        |n: &Instruction| layers::would_pair(inst, count, n, layers::command_count(n).unwrap_or(2));
    let mut edits = vec![Edit::delete(cd)];
    if current == Some(target.as_str()) {
        if prev.is_some_and(pairs_before) || next.is_some_and(pairs_after) {
            return None;
        }
        return Some(Fix::safe(
            format!("Drop the `cd`: the working directory is already `{target}`"),
            edits,
        ));
    }
    edits.push(Edit::insert(
        inst.span.start,
        format!("WORKDIR {path}\n{indent}"),
    ));
    let stage = cx.semantics().stage_of(i)?;
    // The first later instruction that sets or uses the working
    // directory: restoring is needed unless it sets an absolute one.
    let later = next_use.get(i).copied().flatten();
    let restore = match later {
        Some(j) => !absolute_workdir(cx, j),
        None => {
            stage.is_final
                || cx
                    .semantics()
                    .stages
                    .iter()
                    .any(|s| s.base == Base::Stage(stage.index))
        }
    };
    if restore {
        let back = current?;
        let end = inst.span.end;
        let insert = match source[end..].find('\n') {
            Some(n) => Edit::insert(end + n + 1, format!("{indent}WORKDIR {back}\n")),
            None => Edit::insert(source.len(), format!("\n{indent}WORKDIR {back}")),
        };
        edits.push(insert);
        Some(Fix::suggested(
            format!("Run it in `WORKDIR {path}`, then return to `{back}`"),
            edits,
        ))
    } else {
        if next.is_some_and(pairs_after) {
            return None;
        }
        Some(Fix::suggested(format!("Use `WORKDIR {path}`"), edits))
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::diagnostic::Applicability;
    use crate::testing::{findings, fixed_once, lines};

    #[test]
    fn finds_cd() {
        let text = "FROM a:1\nRUN cd /x && make\nRUN (cd x; make)\nRUN echo cd\nRUN [\"cd\", \"/x\"]\nRUN make -C x\n";
        assert_eq!(lines(&RULE, text), vec![2, 3, 5]);
    }

    #[test]
    fn fix_moves_cd_to_workdir() {
        // A build stage only copied from: nothing depends on its directory
        // afterwards.
        let text = "FROM a:1 AS build\nRUN cd /src && \\\n    make && make install\nFROM b:1\nCOPY --from=build /src/out /out\n";
        let out = fixed_once(&RULE, text);
        assert_eq!(
            out,
            "FROM a:1 AS build\nWORKDIR /src\nRUN make && make install\nFROM b:1\nCOPY --from=build /src/out /out\n"
        );
        assert!(crate::syntax::parse(&out).errors.is_empty());
        // A later WORKDIR resets the directory anyway.
        let text = "FROM a:1\nRUN cd /src && make\nENV A=1\nWORKDIR /app\nCOPY x y\n";
        assert_eq!(
            fixed_once(&RULE, text),
            "FROM a:1\nWORKDIR /src\nRUN make\nENV A=1\nWORKDIR /app\nCOPY x y\n"
        );
    }

    #[test]
    fn fix_restores_the_known_directory() {
        let text = "FROM a:1\nWORKDIR /app\n  RUN cd /src && make\nCOPY x y\n";
        assert_eq!(
            fixed_once(&RULE, text),
            "FROM a:1\nWORKDIR /app\n  WORKDIR /src\n  RUN make\n  WORKDIR /app\nCOPY x y\n"
        );
        // Known through the stage it is built from, and relative WORKDIRs.
        let text = "FROM a:1 AS base\nWORKDIR /app\nWORKDIR lib\nFROM base\nRUN cd /src && make";
        assert_eq!(
            fixed_once(&RULE, text),
            "FROM a:1 AS base\nWORKDIR /app\nWORKDIR lib\nFROM base\nWORKDIR /src\nRUN make\nWORKDIR /app/lib"
        );
    }

    #[test]
    fn operating_system_images_start_in_root() {
        let text = "FROM ubuntu:22.04\nRUN cd /tmp && make\nCMD [\"x\"]\n";
        assert_eq!(
            fixed_once(&RULE, text),
            "FROM ubuntu:22.04\nWORKDIR /tmp\nRUN make\nWORKDIR /\nCMD [\"x\"]\n"
        );
        let text = "FROM docker.io/library/debian:12\nRUN cd / && make\n";
        assert_eq!(
            fixed_once(&RULE, text),
            "FROM docker.io/library/debian:12\nRUN make\n"
        );
    }

    #[test]
    fn fix_drops_a_cd_to_the_current_directory() {
        let text = "FROM a:1\nWORKDIR /src\nRUN cd /src/ && make && make install\nCMD [\"x\"]\n";
        assert_eq!(
            fixed_once(&RULE, text),
            "FROM a:1\nWORKDIR /src\nRUN make && make install\nCMD [\"x\"]\n"
        );
        let found = findings(&RULE, text);
        assert_eq!(
            found[0].fix.as_ref().map(|f| f.applicability),
            Some(Applicability::Safe)
        );
    }

    #[test]
    fn no_fix_when_the_directory_matters_and_is_unknown() {
        for text in [
            // The final stage's directory is the container's.
            "FROM a:1\nRUN cd /src && make\n",
            "FROM golang:1.22-windowsservercore\nRUN cd /src && make\n",
            "FROM ghcr.io/x/ubuntu:22.04\nRUN cd /src && make\n",
            "FROM a:1\nRUN cd /src && make\nCOPY x y\n",
            "FROM a:1\nRUN cd /src && make\nRUN ./configure\nWORKDIR /x\n",
            "FROM a:1 AS base\nRUN cd /src && make\nFROM base\n",
            // Two single-command RUNs with a comment between: DL3059 would
            // report them and could not join them.
            "FROM a:1\nWORKDIR /src\nRUN cd /src && make\n# c\nRUN make install\n",
        ] {
            assert!(findings(&RULE, text)[0].fix.is_none(), "{text}");
        }
    }

    #[test]
    fn official_images_start_where_their_dockerfiles_say() {
        // golang's WORKDIR is $GOPATH, /go: restored after the step.
        assert_eq!(
            fixed_once(&RULE, "FROM golang:1.22\nRUN cd /src && make\n"),
            "FROM golang:1.22\nWORKDIR /src\nRUN make\nWORKDIR /go\n"
        );
    }

    #[test]
    fn no_fix_when_unsafe() {
        for text in [
            "FROM a:1\nRUN cd src && make\n",
            "FROM a:1\nRUN cd $DIR && make\n",
            "FROM a:1\nRUN cd /x || exit 1\n",
            "FROM a:1\nRUN make && cd /x && make\n",
            "FROM a:1\nRUN cd /x\n",
        ] {
            assert_eq!(fixed_once(&RULE, text), text);
            assert_eq!(lines(&RULE, text), vec![2]);
        }
    }
}
