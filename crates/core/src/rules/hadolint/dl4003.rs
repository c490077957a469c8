use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL4003",
    name: "multiple-cmd",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Multiple `CMD` instructions found. If you list more than one `CMD` then only the last `CMD` will take effect",
    docs: r#"
## What it does
Reports every `CMD` after the first one of a stage.

## Why is this bad?
Only the last `CMD` of a stage is used. An earlier one is dead text that
readers may take for the real command. Keep one.

## Example
```dockerfile
FROM python:3.12
CMD ["python", "manage.py", "migrate"]
CMD ["gunicorn", "app:app"]
```

## Use instead
```dockerfile
FROM python:3.12
CMD ["gunicorn", "app:app"]
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
            Body::Cmd(_) if seen => {
                cx.report(inst.span, RULE.summary);
            }
            Body::Cmd(_) => seen = true,
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
        let text = "FROM a:1\nCMD x\nCMD y\nCMD z\nFROM b:1\nCMD w\nONBUILD CMD v\n";
        assert_eq!(lines(&RULE, text), vec![3, 4]);
    }
}
