use crate::rules::hadolint::scan::drop_quotes;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3000",
    name: "relative-workdir",
    severity: Severity::Error,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Use absolute WORKDIR",
    docs: r#"
## What it does
Reports a `WORKDIR` whose path is relative.

## Why is this bad?
A relative `WORKDIR` is resolved against the previous working directory,
which may have been set by the base image or by an earlier instruction far
away. The resulting path is hard to read and silently changes when the base
image does. An absolute path says exactly where commands run. Which
absolute path was meant is a choice, so no fix is offered.

Paths starting with a variable (`$HOME/app`) and Windows drive paths
(`C:\app`) are accepted, as hadolint does.

## Example
```dockerfile
FROM alpine:3.20
WORKDIR app
```

## Use instead
```dockerfile
FROM alpine:3.20
WORKDIR /app
```
"#,
    check,
};

/// True for the paths hadolint accepts as absolute.
pub fn is_absolute(path: &str) -> bool {
    let p = drop_quotes(path.trim());
    let mut chars = p.chars();
    p.starts_with('/')
        || p.starts_with('$')
        || matches!((chars.next(), chars.next()), (Some(d), Some(':')) if d.is_alphabetic())
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    for inst in &file.instructions {
        let Body::Workdir(path) = &inst.body else {
            continue;
        };
        if !is_absolute(&path.text) {
            cx.report(inst.span, "Use absolute WORKDIR");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::hadolint::scan::check::lines;

    #[test]
    fn relative_paths() {
        let text = "FROM a:1\nWORKDIR app\nWORKDIR /app\nWORKDIR \"/q\"\nWORKDIR $HOME/x\nWORKDIR C:\\\\w\nWORKDIR ./x\n";
        assert_eq!(lines(&RULE, text), vec![2, 7]);
    }
}
