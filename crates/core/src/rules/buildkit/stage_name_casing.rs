use crate::diagnostic::{Edit, Fix};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::semantics::EdgeKind;
use crate::syntax::{Body, Span};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "StageNameCasing",
    name: "stage-name-casing",
    severity: Severity::Warning,
    source: Source::Buildkit,
    fix: FixAvailability::Sometimes,
    summary: "Stage names should be lowercase",
    docs: r#"
## What it does
Reports a stage name (`FROM image AS Name`) that is not all lowercase.

## Why is this bad?
BuildKit lowercases stage names anyway, so `Builder`, `builder` and
`BUILDER` are one stage; writing them in lowercase keeps names apart
from instruction keywords and matches what `--target` and the build
output show.

## Fix
*Safe.* Lowercases the name and every reference to it in the file
(`FROM name`, `COPY --from=name`, `ADD --from=name`,
`RUN --mount=…,from=name`).

- **What changes in the image:** nothing: BuildKit lowercases a stage's
  name where it is defined and where it is looked up (`FROM`, `--from`,
  `from=`, `--target`), so the same stages are built and copied from.
- **What must hold:** nothing: a `--target` in any case still finds the
  stage.
- **What the fix checks:** every reference spells the name out. When one
  goes through a variable (`COPY --from=$STAGE`) or sits in a quoted
  `--mount`, the finding has no edit (the build would still find the
  stage, but the file would then spell its name two ways). References by
  number (`--from=0`) need no change.

## Example
```dockerfile
FROM alpine:3.20 AS Builder
RUN echo built > /out
FROM alpine:3.20
COPY --from=Builder /out /out
```

## Use instead
```dockerfile
FROM alpine:3.20 AS builder
RUN echo built > /out
FROM alpine:3.20
COPY --from=builder /out /out
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    let sem = cx.semantics();
    for stage in &sem.stages {
        let inst = &file.instructions[stage.from];
        let Body::From(from) = &inst.body else {
            continue;
        };
        let Some(alias) = &from.alias else { continue };
        let lower = alias.text.to_lowercase();
        if alias.text == lower {
            continue;
        }
        let message = format!("Stage name '{}' should be lowercase", alias.text);
        let mut edits = vec![Edit::replace(alias.span, lower.clone())];
        let mut complete = true;
        for edge in sem.dependents(stage.index) {
            match reference_span(cx, edge.instruction, edge.kind, &alias.text) {
                Reference::Literal(spans) => {
                    for span in spans {
                        // A `RUN` with two mounts from the stage has an
                        // edge per mount: each span once.
                        let edit = Edit::replace(span, lower.clone());
                        if !edits.contains(&edit) {
                            edits.push(edit);
                        }
                    }
                }
                Reference::Index => {}
                Reference::Other => complete = false,
            }
        }
        let fix = complete.then(|| Fix::safe(format!("Rename the stage `{lower}`"), edits));
        cx.report_with(inst.span, message, fix);
    }
}

/// How an instruction refers to a stage.
enum Reference {
    /// The name, spelled out at these spans.
    Literal(Vec<Span>),
    /// By stage number (`--from=0`): nothing to rename.
    Index,
    /// Through a variable or in a form we do not edit.
    Other,
}

fn reference_span(cx: &Checker, i: usize, kind: EdgeKind, name: &str) -> Reference {
    let inst = &cx.file.instructions[i];
    let literal = |text: &str, span: Span| {
        if text.eq_ignore_ascii_case(name) {
            Reference::Literal(vec![span])
        } else if text.parse::<usize>().is_ok() {
            Reference::Index
        } else {
            Reference::Other
        }
    };
    match kind {
        EdgeKind::From => match &inst.body {
            Body::From(from) => literal(&from.image.text, from.image.span),
            _ => Reference::Other,
        },
        EdgeKind::CopyFrom => match inst.flag("from").and_then(|f| f.value.as_ref()) {
            Some(value) => literal(&value.text, value.span),
            None => Reference::Other,
        },
        EdgeKind::MountFrom => {
            // Every mount of the stage by name (an edge stands for one of
            // them; the others are edges of their own).
            let mut spans = Vec::new();
            let mut by_index = false;
            for flag in inst
                .flags
                .iter()
                .filter(|f| f.name.eq_ignore_ascii_case("mount"))
            {
                let Some(value) = &flag.value else { continue };
                if value.text.len() != value.span.len() {
                    continue;
                }
                let mut offset = 0;
                for field in value.text.split(',') {
                    if let Some((k, v)) = field.split_once('=') {
                        if k.trim().eq_ignore_ascii_case("from") {
                            let start = value.span.start + offset + k.len() + 1;
                            match literal(v, Span::new(start, start + v.len())) {
                                Reference::Literal(s) => spans.extend(s),
                                Reference::Index => by_index = true,
                                Reference::Other => {}
                            }
                        }
                    }
                    offset += field.len() + 1;
                }
            }
            match (spans.is_empty(), by_index) {
                (false, _) => Reference::Literal(spans),
                (true, true) => Reference::Index,
                (true, false) => Reference::Other,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, fixes_cleanly, messages};

    #[test]
    fn reports_mixed_case_names() {
        assert_eq!(
            messages(&RULE, "FROM a AS BuilderBase\n"),
            ["Stage name 'BuilderBase' should be lowercase"]
        );
        assert!(messages(&RULE, "FROM a AS builder-base\nFROM a\n").is_empty());
    }

    #[test]
    fn fix_renames_every_reference() {
        let text = "FROM a AS Build\nRUN x\nFROM Build AS Next\nCOPY --from=Build /a /b\nRUN --mount=type=cache,from=Build,target=/c x\nFROM b\nCOPY --from=Next /x /y\n";
        let out = fixes_cleanly(&RULE, text);
        assert_eq!(
            out,
            "FROM a AS build\nRUN x\nFROM build AS next\nCOPY --from=build /a /b\nRUN --mount=type=cache,from=build,target=/c x\nFROM b\nCOPY --from=next /x /y\n"
        );
    }

    #[test]
    fn fix_renames_every_mount_of_a_run() {
        let text = "FROM a AS Deps\nFROM b\nRUN --mount=from=Deps,target=/x --mount=type=bind,from=Deps,source=/y,target=/y z\n";
        assert_eq!(
            fixes_cleanly(&RULE, text),
            "FROM a AS deps\nFROM b\nRUN --mount=from=deps,target=/x --mount=type=bind,from=deps,source=/y,target=/y z\n"
        );
    }

    #[test]
    fn no_fix_when_a_reference_is_not_literal() {
        let text = "FROM a AS Build\nFROM b\nARG S=Build\nCOPY --from=$S /a /b\n";
        let d = findings(&RULE, text);
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none());
    }
}
