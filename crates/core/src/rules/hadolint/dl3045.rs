use crate::fix::{Edit, Fix};
use crate::rules::hadolint::dl3003;
use crate::rules::hadolint::scan::{drop_quotes, indent_of};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::semantics::Base;
use crate::syntax::{Body, Keyword};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3045",
    name: "copy-relative-without-workdir",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "`COPY` to a relative destination without `WORKDIR` set.",
    docs: r#"
## What it does
Reports a `COPY` to a relative destination (`COPY . .`,
`COPY app.py app/`) in a stage that has not set `WORKDIR` before it,
neither itself nor in the stages it is built `FROM`. Destinations given
by a variable are resolved; one only known at build time is accepted.

## Why is this bad?
A relative destination is resolved against the working directory, which
then comes from the base image: `/` for most, `/go` for `golang`,
`/usr/src/app` for others, and it changes when the base image does.
Files land somewhere the rest of the Dockerfile does not expect. Set
`WORKDIR` (or copy to an absolute path).

When the stage is built on an operating-system image that sets no
`WORKDIR` (so the directory is `/`), the fix states it: `WORKDIR /`
before the first such `COPY` (a suggestion: nothing moves, and you may
prefer a directory of your own, such as `/app`). Elsewhere the directory
is the base image's, and choosing one is for a human.

## Example
```dockerfile
FROM python:3.12
COPY . .
```

## Use instead
```dockerfile
FROM python:3.12
WORKDIR /app
COPY . .
```
"#,
    check,
};

fn is_absolute(path: &str) -> bool {
    let p = drop_quotes(path);
    let mut chars = p.chars();
    p.starts_with('/')
        || matches!((chars.next(), chars.next()), (Some(d), Some(':')) if d.is_alphabetic())
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    let dirs = dl3003::workdirs(cx);
    // The stage whose first finding got the fix.
    let mut fixed_stage = None;
    for (i, inst) in file.instructions.iter().enumerate() {
        let Body::Copy(copy) = &inst.body else {
            continue;
        };
        let Some(dest) = &copy.dest else {
            continue;
        };
        if !relative_without_workdir(cx, i, &dest.text) {
            continue;
        }
        let stage = cx.semantics().stage_of(i).map(|s| s.index);
        let first_in_stage = fixed_stage != stage;
        fixed_stage = stage;
        let fix = indent_of(cx.source(), inst)
            .filter(|_| first_in_stage && dirs[i].as_deref() == Some("/"));
        match fix {
            Some(indent) => cx.report_fix(
                inst.span,
                RULE.summary,
                Fix::suggested(
                    "Set `WORKDIR /` (the directory it already copies to)",
                    vec![Edit::insert(
                        inst.span.start,
                        format!("WORKDIR /\n{indent}"),
                    )],
                ),
            ),
            None => {
                cx.report(inst.span, RULE.summary);
            }
        }
    }
}

/// Whether a `COPY` at instruction `i` to `dest` would be reported: a
/// relative destination (after resolving variables; unknown ones pass) in
/// a stage that has not set `WORKDIR` before `i`, neither itself nor in
/// the stages it is built `FROM`. Also used by fixes that would turn an
/// instruction into such a `COPY` (DL3020).
pub(crate) fn relative_without_workdir(cx: &Checker, i: usize, dest: &str) -> bool {
    let file = cx.file;
    let sem = cx.semantics();
    let Some(stage) = sem.stage_of(i) else {
        return false;
    };
    let d = drop_quotes(dest);
    if is_absolute(d) {
        return false;
    }
    if d.starts_with('$') {
        let r = cx.resolve(i, d);
        if !r.is_complete() || is_absolute(&r.value) {
            return false;
        }
    }
    let sets_workdir = |range: std::ops::Range<usize>| {
        range
            .into_iter()
            .any(|j| file.instructions[j].keyword == Keyword::Workdir)
    };
    if sets_workdir(stage.from..i) {
        return false;
    }
    let mut current = stage.index;
    for _ in 0..sem.stages.len() {
        match sem.stages[current].base {
            Base::Stage(p) if p < current => {
                if sets_workdir(sem.stages[p].instructions()) {
                    return false;
                }
                current = p;
            }
            _ => break,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::hadolint::scan::check::{fixed, lines};

    #[test]
    fn relative_dest() {
        let text = "FROM a:1 AS base\nCOPY . .\nCOPY a /abs\nCOPY a $HOME\nWORKDIR /w\nCOPY b c\nFROM base\nCOPY d e\nFROM b:1\nCOPY \"f\" \"g\"\nENV D=rel\nCOPY h $D\nCOPY i C:\\\\x\n";
        assert_eq!(lines(&RULE, text), vec![2, 10, 12]);
    }

    #[test]
    fn fix_states_the_root_directory() {
        let text = "FROM ubuntu:22.04\nCOPY a .\nCOPY b c/\nFROM example/x:1\nCOPY d .\n";
        let out = fixed(&RULE, text);
        assert_eq!(
            out,
            "FROM ubuntu:22.04\nWORKDIR /\nCOPY a .\nCOPY b c/\nFROM example/x:1\nCOPY d .\n"
        );
        assert_eq!(lines(&RULE, &out), vec![6]);
    }
}
