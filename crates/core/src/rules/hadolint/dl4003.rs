use crate::rules::hadolint::scan::report_repeats;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL4003",
    name: "multiple-cmd",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Multiple `CMD` instructions found. If you list more than one `CMD` then only the last `CMD` will take effect",
    docs: r#"
## What it does
Reports every `CMD` after the first one of a stage.

## Why is this bad?
Only the last `CMD` of a stage is used. An earlier one is dead text that
readers may take for the real command. Keep one.

## Fix
*Safe.* Deletes the earlier `CMD` (its whole lines).

- **What changes in the image:** nothing: the image's command is the
  stage's last `CMD` either way (an `ENTRYPOINT` clears the command only
  when the stage has set none before it, and then the last `CMD` comes
  after it).
- **What must hold:** nothing.
- **What the fix checks:** the earlier one is in the same stage (a
  `FROM` starts over; one wrapped in `ONBUILD` is not counted: it runs in
  the images built on this one) and has its lines to itself (else the
  finding has no edit). Each finding deletes the one just before it, so
  applying them all keeps only the last.

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
    report_repeats(cx, |b| matches!(b, Body::Cmd(_)), RULE.summary);
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed_once, lines};

    #[test]
    fn per_stage() {
        let text = "FROM a:1\nCMD x\nCMD y\nCMD z\nFROM b:1\nCMD w\nONBUILD CMD v\n";
        assert_eq!(lines(&RULE, text), vec![3, 4]);
    }

    #[test]
    fn fix_deletes_the_earlier_ones() {
        let out = fixed_once(
            &RULE,
            "FROM a:1\nCMD x\n  CMD y  \n# z\nCMD z\nFROM b:1\nCMD w\n",
        );
        assert_eq!(out, "FROM a:1\n# z\nCMD z\nFROM b:1\nCMD w\n");
    }
}
