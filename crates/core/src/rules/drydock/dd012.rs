use crate::diagnostic::Fix;
use crate::rules::drydock::images::{closest_official, is_official};
use crate::rules::drydock::text::{minimal_edit, reference_edit};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::semantics::Base;
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DD012",
    name: "unknown-image",
    severity: Severity::Warning,
    source: Source::Drydock,
    fix: FixAvailability::Sometimes,
    summary: "The base image is not an official image but is one typo away from one",
    docs: r#"
## What it does
Reports a `FROM` whose image has no registry and no namespace (so Docker
looks for the official image `docker.io/library/<name>`), is not a
Docker Official Image, and is within one or two typos of one: `golfing`
→ "did you mean `golang`?". The list of official images is bundled
(deprecated ones such as `openjdk`, `centos` and `java` included);
nothing is looked up online.

Names of earlier stages, `scratch`, images with a registry or a
namespace (`bitnami/redis`, `ghcr.io/org/app`), and names far from every
official image (`myapp`) are not reported. `base`, a common name for a
locally built image, is left alone even though it is one letter from
`bash`.

## Why is this bad?
A name without a namespace only exists on Docker Hub as an official
image: `golfing:1.18` fails with "pull access denied … repository does
not exist", usually after the build has already spent time on other
stages, or it pulls whatever a local image of that name happens to be.
If you really build a local image of that name, ignore the rule for that
line.

## Fix
*Suggested*, when the name reads as a misspelling; otherwise offered
unticked, as a risk. Replaces the name with the official image's and
keeps the tag (`golfing:1.18` → `golang:1.18`), in the `FROM` or in the
global `ARG` default the name comes from.

- **What changes in the image:** the stage is built on the official
  image. Where no image of that name is at hand, the build failed at
  that `FROM`: it now builds.
- **What must hold:** the official image is the one meant: no local
  image, registry mirror or named build context (`--build-context
  name=…`) provides that name; and the tag exists for the official image
  (else the build still fails there).
- **What the fix checks:** the name is made of letters only and is not
  the official name with letters added (`pyhton`, `ngnix`, `golfing`):
  then the edit is suggested. A name with digits or separators, or one
  that extends the official name (`redis6`, `python3`, `go-base`, which
  would become `r-base`, `nodes`, `postgresql`), reads as a name someone
  chose: the edit is offered unticked, as a risk. Where the name comes
  from a variable whose default cannot be edited in place, there is no
  edit, only the explanation. The build command is beyond the file.

## Example
```dockerfile
FROM golfing:1.18 AS builder
RUN go build -o /app .
```

## Use instead
```dockerfile
FROM golang:1.18 AS builder
RUN go build -o /app .
```
"#,
    check,
};

/// Names people give locally built images that happen to be close to an
/// official name.
const LOCAL_NAMES: &[&str] = &["base"];

/// `name` (lowercase) reads as a misspelling of `official`: letters only,
/// and not `official` with letters added (`nodes`, `postgresql`). Digits
/// and separators (`redis6`, `go-base`, one letter from `r-base`) are how
/// people name their own images and mirrors.
fn reads_as_misspelling(name: &str, official: &str) -> bool {
    name.bytes().all(|b| b.is_ascii_lowercase()) && !name.starts_with(official)
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    for stage in &cx.semantics().stages {
        let Base::Image(image) = &stage.base else {
            continue;
        };
        let name = image.name.to_ascii_lowercase();
        if image.registry.is_some()
            || name.contains('/')
            || is_official(&name)
            || LOCAL_NAMES.contains(&name.as_str())
        {
            continue;
        }
        let Some(official) = closest_official(&name) else {
            continue;
        };
        let Body::From(from) = &file.instructions[stage.from].body else {
            continue;
        };
        let word = &from.image;
        let value = stage.image.value.as_str();
        let message = format!(
            "`{}` is not a Docker Official Image (a name without a namespace must be one): did you mean `{official}`?",
            image.name
        );
        if !cx.wants_fixes() {
            cx.report(from.image.span, message);
            continue;
        }
        // The name written literally at the start of the word (even when
        // the tag is a variable), else through a global ARG default.
        let literal = cx.source().get(word.span.start..word.span.end) == Some(word.text.as_str());
        let edit = if literal && word.text.starts_with(&image.name) {
            Some(minimal_edit(word.span.start, &image.name, official))
        } else {
            value
                .strip_prefix(&image.name)
                .and_then(|rest| reference_edit(cx, word, value, &format!("{official}{rest}")))
        };
        let fix = match edit {
            Some(edit) if reads_as_misspelling(&name, official) => {
                Fix::suggested(format!("Use `{official}`"), vec![edit])
            }
            Some(edit) => Fix::risky(
                format!("Use `{official}`"),
                vec![edit],
                format!(
                    "`{}` reads like a name someone chose (a local image, a mirror, a \
                     `--build-context`): the stage would be built on `{official}` instead",
                    image.name
                ),
            ),
            None => Fix::manual(format!("Use `{official}` if that is the image you meant")),
        };
        cx.report_fix(from.image.span, message, fix);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, fixed_until_clean, lines};

    #[test]
    fn typos_of_official_images() {
        let text = "FROM golfing:1.18 as builder\nCOPY . .\nRUN go build .\nFROM alpine:3.10\nCOPY --from=builder /app ./\n";
        assert_eq!(lines(&RULE, text), vec![1]);
        let d = findings(&RULE, text);
        assert!(
            d[0].message.contains("did you mean `golang`?"),
            "{}",
            d[0].message
        );
        for (text, want) in [
            ("FROM pyhton:3.12\n", "python"),
            ("FROM ubunt\n", "ubuntu"),
            ("FROM ngnix:1.27 AS web\n", "nginx"),
            ("FROM postgresql:16\n", "postgres"),
        ] {
            let d = findings(&RULE, text);
            assert_eq!(d.len(), 1, "{text}");
            assert!(
                d[0].message.contains(&format!("`{want}`")),
                "{}",
                d[0].message
            );
        }
    }

    #[test]
    fn leaves_real_names_alone() {
        for text in [
            "FROM golang:1.22\n",
            "FROM openjdk:8\n",
            "FROM adoptopenjdk:11\n",
            "FROM scratch\n",
            "FROM myapp:1.0\n",
            "FROM base\n",
            "FROM golang:1.22 AS golfing\nFROM golfing\n",
            "FROM bitnami/pyhton:3\n",
            "FROM ghcr.io/pyhton:3\n",
            "ARG IMG\nFROM $IMG\n",
        ] {
            assert!(lines(&RULE, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn fix_replaces_the_name_only() {
        assert_eq!(
            fixed_until_clean(&RULE, "# build\nFROM golfing:1.18 as builder\nRUN x\n"),
            "# build\nFROM golang:1.18 as builder\nRUN x\n"
        );
        assert_eq!(
            fixed_until_clean(&RULE, "ARG BASE=pyhton:3.12@sha256:abc\nFROM ${BASE}\n"),
            "ARG BASE=python:3.12@sha256:abc\nFROM ${BASE}\n"
        );
        assert_eq!(
            fixed_until_clean(&RULE, "ARG V=1.18\nFROM golfing:${V}\n"),
            "ARG V=1.18\nFROM golang:${V}\n"
        );
        let d = findings(&RULE, "ARG N=golfing\nFROM ${N}:1.18\n");
        let fix = d[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, crate::diagnostic::Applicability::Manual);
    }

    /// A name with digits or separators, or the official name with more
    /// letters, is likely someone's own image: the edit is a risk.
    #[test]
    fn chosen_names_are_a_risk() {
        use crate::diagnostic::Applicability::{Manual, Suggested};
        for (text, want) in [
            ("FROM pyhton:3.12\n", Suggested),
            ("FROM ubunt:24.04\n", Suggested),
            ("FROM go-base:1\n", Manual),
            ("FROM redis6\n", Manual),
            ("FROM ubuntu20\n", Manual),
            ("FROM nodes:20\n", Manual),
            ("FROM postgresql:16\n", Manual),
        ] {
            let d = findings(&RULE, text);
            assert_eq!(d.len(), 1, "{text}");
            let fix = d[0].fix.as_ref().unwrap();
            assert_eq!(fix.applicability, want, "{text}");
            assert!(!fix.edits.is_empty(), "{text}");
        }
    }
}
