use crate::diagnostic::{Edit, Fix};
use crate::rules::shared::{pins_target_platform, PINNED};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::{Keyword, Span};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3065",
    name: "redundant-platform-flag",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Setting `FROM --platform` to predefined `$TARGETPLATFORM` is redundant as this is the default behavior",
    docs: r#"
## What it does
Reports `FROM --platform=$TARGETPLATFORM`.

## Why is this bad?
A stage is built for the target platform by default; spelling it out
adds noise and suggests to readers that something special happens.

## Fix
*Safe.* Deletes the flag and the blanks after it (the same edit as
BuildKit's RedundantTargetPlatform).

- **What changes in the image:** nothing: without the flag the stage is
  built for the target platform, which is what `$TARGETPLATFORM` holds.
- **What must hold:** `TARGETPLATFORM` in `FROM` lines is BuildKit's own
  value: neither a global `ARG TARGETPLATFORM=…` default nor a
  `--build-arg TARGETPLATFORM=…` replaces it.
- **What the fix checks:** no global `ARG TARGETPLATFORM` has a default;
  when one does, there is no edit, only the explanation. Build arguments
  are beyond the file.

## Example
```dockerfile
FROM --platform=$TARGETPLATFORM debian:12
```

## Use instead
```dockerfile
FROM debian:12
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    let source = cx.source();
    let pinned = pins_target_platform(file);
    for inst in &file.instructions {
        if inst.keyword != Keyword::From {
            continue;
        }
        let Some(flag) = inst.flag("platform") else {
            continue;
        };
        let value = flag.value.as_ref().map_or("", |v| v.text.as_str());
        if value != "$TARGETPLATFORM" && value != "${TARGETPLATFORM}" {
            continue;
        }
        if pinned {
            cx.report_fix(inst.span, RULE.summary, Fix::manual(PINNED));
            continue;
        }
        // Remove the flag and the blanks after it.
        let rest = &source[flag.span.end..];
        let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let fix = Fix::safe(
            "Remove `--platform`",
            vec![Edit::delete(Span::new(
                flag.span.start,
                flag.span.end + blanks,
            ))],
        );
        cx.report_fix(inst.span, RULE.summary, fix);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed_once, lines};

    #[test]
    fn target_platform() {
        let text = "FROM --platform=$TARGETPLATFORM a:1\nFROM --platform=${TARGETPLATFORM} b:1 AS b\nFROM --platform=$BUILDPLATFORM c:1\n";
        assert_eq!(lines(&RULE, text), vec![1, 2]);
        let out = fixed_once(&RULE, text);
        assert_eq!(
            out,
            "FROM a:1\nFROM b:1 AS b\nFROM --platform=$BUILDPLATFORM c:1\n"
        );
        assert!(lines(&RULE, &out).is_empty());
    }

    #[test]
    fn no_edit_when_a_global_default_pins_the_platform() {
        let text = "ARG TARGETPLATFORM=linux/arm64\nFROM --platform=$TARGETPLATFORM a:1\n";
        let d = crate::testing::findings(&RULE, text);
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.as_ref().unwrap().edits.is_empty());
        assert_eq!(fixed_once(&RULE, text), text);
    }
}
