use crate::diagnostic::{Edit, Fix};
use crate::rules::buildkit::{default_global_env, expand_with, var_refs};
use crate::rules::shared::{pins_target_platform, PINNED};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::{Body, Span};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "RedundantTargetPlatform",
    name: "redundant-target-platform",
    severity: Severity::Warning,
    source: Source::Buildkit,
    fix: FixAvailability::Sometimes,
    summary: "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior",
    docs: r#"
## What it does
Reports `FROM --platform=$TARGETPLATFORM` (or `${TARGETPLATFORM}`): a
platform that expands to exactly the target platform. hadolint's DL3065
reports the same line under its own code.

## Why is this bad?
A stage is built for the target platform unless told otherwise, so the
flag says nothing and suggests a cross-platform subtlety that is not
there.

## Fix
*Safe.* Deletes the flag and the blanks after it.

- **What changes in the image:** nothing: without the flag the stage is
  built for the target platform, which is what `$TARGETPLATFORM` holds.
- **What must hold:** `TARGETPLATFORM` in `FROM` lines is BuildKit's own
  value: neither a global `ARG TARGETPLATFORM=…` default nor a
  `--build-arg TARGETPLATFORM=…` replaces it (either would make the flag
  pin another platform, which removing it would lose).
- **What the fix checks:** no global `ARG TARGETPLATFORM` has a default
  (whatever its value, even one from another variable); when one does,
  there is no edit, only the explanation. Build arguments are beyond the
  file.

## Example
```dockerfile
FROM --platform=$TARGETPLATFORM alpine:3.20 AS builder
RUN apk add --no-cache git
```

## Use instead
```dockerfile
FROM alpine:3.20 AS builder
RUN apk add --no-cache git
```
"#,
    check,
};

/// A value no platform string has: stands for the target platform.
const TARGET: &str = "\u{0}target-platform\u{0}";

fn check(cx: &mut Checker) {
    let file = cx.file;
    // The global scope, made for the first `FROM --platform=$TARGETPLATFORM`
    // (most files have none).
    let mut scope = None;
    for inst in &file.instructions {
        if !matches!(inst.body, Body::From(_)) {
            continue;
        }
        let Some(flag) = inst.flag("platform") else {
            continue;
        };
        let Some(value) = &flag.value else { continue };
        if var_refs(&value.text, file.escape) != ["TARGETPLATFORM"] {
            continue;
        }
        let (env, target, pinned) = scope.get_or_insert_with(|| {
            let mut env = default_global_env(file);
            if let Some(var) = env.get_mut("TARGETPLATFORM") {
                if var.value.is_none() {
                    var.value = Some(TARGET.into());
                }
            }
            let target = env
                .get("TARGETPLATFORM")
                .and_then(|v| v.value.clone())
                .unwrap_or_default();
            (env, target, pins_target_platform(file))
        });
        let pinned = *pinned;
        let r = expand_with(env, &value.text, file.escape);
        if !r.is_complete() || r.value != **target {
            continue;
        }
        let message = format!(
            "Setting platform to predefined {} in FROM is redundant as this is the default behavior",
            value.text
        );
        let fix = if pinned {
            Fix::manual(PINNED)
        } else {
            let span = with_spaces_after(cx.source(), flag.span);
            Fix::safe("Remove `--platform`", vec![Edit::delete(span)])
        };
        cx.report_fix(inst.span, message, fix);
    }
}

/// `span` extended over the spaces and tabs that follow it.
fn with_spaces_after(source: &str, span: Span) -> Span {
    let rest = &source[span.end..];
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    Span::new(span.start, span.end + spaces)
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, fixes_cleanly, messages};

    #[test]
    fn reports_the_target_platform() {
        assert_eq!(
            messages(&RULE, "FROM --platform=${TARGETPLATFORM} scratch\n"),
            ["Setting platform to predefined ${TARGETPLATFORM} in FROM is redundant as this is the default behavior"]
        );
        for fine in [
            "FROM --platform=$BUILDPLATFORM scratch\n",
            "FROM --platform=linux/amd64 scratch\n",
            "FROM --platform=$TARGETPLATFORM$X scratch\n",
            "FROM --platform=${TARGETPLATFORM:+linux/arm64} scratch\n",
            "FROM scratch\n",
        ] {
            assert!(messages(&RULE, fine).is_empty(), "{fine}");
        }
    }

    #[test]
    fn fix_removes_the_flag() {
        assert_eq!(
            fixes_cleanly(
                &RULE,
                "FROM --platform=$TARGETPLATFORM  alpine AS b\nRUN x\n"
            ),
            "FROM alpine AS b\nRUN x\n"
        );
        // A global default pins the platform: no edit, whether its value
        // is known or comes from another variable.
        for text in [
            "ARG TARGETPLATFORM=linux/arm64\nFROM --platform=$TARGETPLATFORM alpine\n",
            "ARG TARGETPLATFORM=$BUILDPLATFORM\nFROM --platform=$TARGETPLATFORM alpine\n",
        ] {
            let d = findings(&RULE, text);
            assert_eq!(d.len(), 1, "{text}");
            assert!(d[0].fix.as_ref().unwrap().edits.is_empty(), "{text}");
        }
    }
}
