use crate::rules::hadolint::scan::report_repeats;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL4004",
    name: "multiple-entrypoint",
    severity: Severity::Error,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Multiple `ENTRYPOINT` instructions found. If you list more than one `ENTRYPOINT` then only the last `ENTRYPOINT` will take effect",
    docs: r#"
## What it does
Reports every `ENTRYPOINT` after the first one of a stage.

## Why is this bad?
Only the last `ENTRYPOINT` of a stage is used. An earlier one is dead
text that readers may take for the real entry point. Keep one.

## Fix
*Safe.* Deletes the earlier `ENTRYPOINT` (its whole lines).

- **What changes in the image:** nothing: the image's entry point is the
  stage's last `ENTRYPOINT` either way. An `ENTRYPOINT` also clears a
  `CMD` inherited from the base image when the stage has set none before
  it; the last one does that too, so the command is the same.
- **What must hold:** nothing.
- **What the fix checks:** the earlier one is in the same stage (a
  `FROM` starts over; one wrapped in `ONBUILD` is not counted: it runs in
  the images built on this one) and has its lines to itself (else the
  finding has no edit). Each finding deletes the one just before it, so
  applying them all keeps only the last.

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
    report_repeats(cx, |b| matches!(b, Body::Entrypoint(_)), RULE.summary);
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed_once, lines};

    #[test]
    fn per_stage() {
        let text = "FROM a:1\nENTRYPOINT x\nENTRYPOINT y\nENTRYPOINT z\nFROM b:1\nENTRYPOINT w\nONBUILD ENTRYPOINT v\n";
        assert_eq!(lines(&RULE, text), vec![3, 4]);
    }

    #[test]
    fn fix_deletes_the_earlier_ones() {
        let out = fixed_once(
            &RULE,
            "FROM a:1\nENTRYPOINT [\"x\"]\nENTRYPOINT [\"y\", \\\n  \"z\"]\nENTRYPOINT w",
        );
        assert_eq!(out, "FROM a:1\nENTRYPOINT w");
    }
}
