use crate::rules::hadolint::scan::report_repeats;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3012",
    name: "multiple-healthchecks",
    severity: Severity::Error,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Multiple `HEALTHCHECK` instructions",
    docs: r#"
## What it does
Reports every `HEALTHCHECK` after the first one of a stage.

## Why is this bad?
Only the last `HEALTHCHECK` of a stage takes effect. The earlier ones are
dead text that readers may believe is active. Keep one.

## Fix
*Safe.* Deletes the earlier `HEALTHCHECK` (its whole lines).

- **What changes in the image:** nothing: the image's health check is
  the stage's last `HEALTHCHECK` (or its `HEALTHCHECK NONE`) either way.
- **What must hold:** nothing.
- **What the fix checks:** the earlier one is in the same stage (a
  `FROM` starts over; one wrapped in `ONBUILD` is not counted: it runs in
  the images built on this one) and has its lines to itself (else the
  finding has no edit). Each finding deletes the one just before it, so
  applying them all keeps only the last.

## Example
```dockerfile
FROM nginx:1.27
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
HEALTHCHECK CMD wget -q -O /dev/null http://localhost/ || exit 1
```

## Use instead
```dockerfile
FROM nginx:1.27
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    report_repeats(cx, |b| matches!(b, Body::Healthcheck(_)), RULE.summary);
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed_once, lines};

    #[test]
    fn per_stage() {
        let text = "FROM a:1\nHEALTHCHECK NONE\nHEALTHCHECK CMD x\nFROM b:1\nHEALTHCHECK CMD y\n";
        assert_eq!(lines(&RULE, text), vec![3]);
    }

    #[test]
    fn fix_deletes_the_earlier_ones() {
        let out = fixed_once(
            &RULE,
            "FROM a:1\nHEALTHCHECK NONE\nHEALTHCHECK --interval=5s \\\n  CMD x\n",
        );
        assert_eq!(out, "FROM a:1\nHEALTHCHECK --interval=5s \\\n  CMD x\n");
    }
}
