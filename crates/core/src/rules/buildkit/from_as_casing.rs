use crate::rules::buildkit::{is_self_consistent, rewrite};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "FromAsCasing",
    name: "from-as-casing",
    severity: Severity::Warning,
    source: Source::Buildkit,
    fix: FixAvailability::Always,
    summary: "The 'as' keyword should match the case of the 'from' keyword",
    docs: r#"
## What it does
Reports a `FROM … AS name` whose `AS` is not written in the case of its
`FROM` (`FROM image as build`, `from image AS build`). A `FROM` in mixed
case (`From`) is left to ConsistentInstructionCasing.

## Why is this bad?
Keywords are case-insensitive, but mixing cases in one line reads as
carelessness and hides the keyword among identifiers.

## Fix
*Safe.* Writes `AS` in the case of `FROM`.

- **What changes in the image:** nothing: `AS` is read in any case, and
  the stage name after it is left as it is.
- **What must hold:** nothing.
- **What the fix checks:** nothing more: every finding gets the edit.

## Example
```dockerfile
FROM debian:12 as builder
```

## Use instead
```dockerfile
FROM debian:12 AS builder
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    for inst in &file.instructions {
        let Body::From(from) = &inst.body else {
            continue;
        };
        let (Some(as_kw), Some(_)) = (&from.as_keyword, &from.alias) else {
            continue;
        };
        let kw = inst.keyword_word.text.as_str();
        if !is_self_consistent(kw) {
            continue;
        }
        let wanted = if kw == kw.to_lowercase() {
            as_kw.text.to_lowercase()
        } else {
            as_kw.text.to_uppercase()
        };
        if as_kw.text == wanted {
            continue;
        }
        let fix = rewrite(as_kw.span, wanted);
        cx.report_fix(
            inst.span,
            format!("'{}' and '{kw}' keywords' casing do not match", as_kw.text),
            fix,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixes_cleanly, messages};

    #[test]
    fn reports_mismatched_as() {
        assert_eq!(
            messages(&RULE, "FROM a as b\n"),
            ["'as' and 'FROM' keywords' casing do not match"]
        );
        assert_eq!(
            messages(&RULE, "from a AS b\n"),
            ["'AS' and 'from' keywords' casing do not match"]
        );
        assert!(messages(&RULE, "From a as b\nFROM a AS c\nfrom a as d\nFROM a\n").is_empty());
    }

    #[test]
    fn fix_recases_as() {
        assert_eq!(fixes_cleanly(&RULE, "FROM a as b\n"), "FROM a AS b\n");
        assert_eq!(fixes_cleanly(&RULE, "from a As b\n"), "from a as b\n");
    }
}
