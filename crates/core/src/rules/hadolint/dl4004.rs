use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL4004",
    name: "multiple-entrypoint",
    severity: Severity::Error,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Multiple `ENTRYPOINT` instructions found. If you list more than one `ENTRYPOINT` then only the last `ENTRYPOINT` will take effect",
    docs: r#"
## What it does
Reports every `ENTRYPOINT` after the first one of a stage.

## Why is this bad?
Only the last `ENTRYPOINT` of a stage is used. An earlier one is dead
text that readers may take for the real entry point. Keep one.

## Example
```dockerfile
FROM python:3.12
ENTRYPOINT ["python"]
ENTRYPOINT ["gunicorn"]
```

## Use instead
```dockerfile
FROM python:3.12
ENTRYPOINT ["gunicorn"]
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    let mut seen = false;
    for inst in &file.instructions {
        match &inst.body {
            Body::From(_) => seen = false,
            Body::Entrypoint(_) if seen => {
                cx.report(inst.span, RULE.summary);
            }
            Body::Entrypoint(_) => seen = true,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::hadolint::scan::check::lines;

    #[test]
    fn per_stage() {
        let text = "FROM a:1\nENTRYPOINT x\nENTRYPOINT y\nENTRYPOINT z\nFROM b:1\nENTRYPOINT w\nONBUILD ENTRYPOINT v\n";
        assert_eq!(lines(&RULE, text), vec![3, 4]);
    }
}
