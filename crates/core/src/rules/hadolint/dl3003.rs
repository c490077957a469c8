use crate::fix::{Edit, Fix};
use crate::rules::hadolint::scan::{run_script, uses_program};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::shell::Op;
use crate::syntax::{Body, CommandForm, Instruction};
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

When the `RUN` starts with `cd /absolute/path && …`, the fix moves the
directory change into a `WORKDIR` before the `RUN`. It is a suggestion:
the instructions after it now also run in that directory.

## Example
```dockerfile
FROM golang:1.22
COPY . /src
RUN cd /src && go build ./...
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
    for inst in &file.instructions {
        let Some(script) = run_script(inst) else {
            continue;
        };
        if !uses_program(&script, "cd") {
            continue;
        }
        match workdir_fix(cx.source(), inst) {
            Some(fix) => cx.report_fix(inst.span, RULE.summary, fix),
            None => {
                cx.report(inst.span, RULE.summary);
            }
        }
    }
}

/// `RUN cd /abs && rest` → `WORKDIR /abs` + `RUN rest`.
fn workdir_fix(source: &str, inst: &Instruction) -> Option<Fix> {
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
    let line_start = source[..inst.span.start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &source[line_start..inst.span.start];
    if !indent.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    Some(Fix::suggested(
        format!("Use `WORKDIR {path}`"),
        vec![
            Edit::insert(inst.span.start, format!("WORKDIR {path}\n{indent}")),
            Edit::delete(crate::syntax::Span::new(
                first.span.start,
                second.span.start,
            )),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::hadolint::scan::check::{fixed, lines};

    #[test]
    fn finds_cd() {
        let text = "FROM a:1\nRUN cd /x && make\nRUN (cd x; make)\nRUN echo cd\nRUN [\"cd\", \"/x\"]\nRUN make -C x\n";
        assert_eq!(lines(&RULE, text), vec![2, 3, 5]);
    }

    #[test]
    fn fix_moves_cd_to_workdir() {
        let text = "FROM a:1\nRUN cd /src && \\\n    make && make install\nCOPY x y\n";
        let out = fixed(&RULE, text);
        assert_eq!(
            out,
            "FROM a:1\nWORKDIR /src\nRUN make && make install\nCOPY x y\n"
        );
        assert!(lines(&RULE, &out).is_empty());
        assert!(crate::syntax::parse(&out).errors.is_empty());
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
            assert_eq!(fixed(&RULE, text), text);
            assert_eq!(lines(&RULE, text), vec![2]);
        }
    }
}
