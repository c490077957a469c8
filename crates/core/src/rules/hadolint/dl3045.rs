use crate::diagnostic::{Edit, Fix};
use crate::rules::hadolint::scan::indent_of;
use crate::rules::shared::relative_without_workdir;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::semantics::{Base, EdgeKind, Target};
use crate::syntax::{Body, Instruction};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3045",
    name: "copy-relative-without-workdir",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "`COPY` to a relative destination without `WORKDIR` set.",
    docs: r#"
## What it does
Reports a `COPY` to a relative destination (`COPY . .`,
`COPY app.py app/`) in a stage that has not set `WORKDIR` before it,
neither itself nor in the stages it is built `FROM`. Destinations given
by a variable are resolved; one only known at build time is accepted.

## Why is this bad?
A relative destination is resolved against the working directory, which
then comes from the base image: `/` for most, `/go` for `golang`,
`/usr/src/app` for others, and it changes when the base image does.
Files land somewhere the rest of the Dockerfile does not expect. Set
`WORKDIR` (or copy to an absolute path).

## Fix
Sets a `WORKDIR` before the first such `COPY` of the stage, in two cases;
elsewhere the directory is the base image's, and choosing one is for a
human (no edit).

- *Suggested*, when a later stage copies one project directory out of
  this one (`COPY --from=builder /app ./`) and nothing in this stage
  names that directory: `WORKDIR /app`.
  - **What changes in the image:** the files land in `/app`, where the
    later `COPY --from` looks for them, instead of the base image's
    directory (`/go` for `golang`); the stage's later steps run there.
    Without it that `COPY --from` finds nothing and the build fails.
  - **What must hold:** the stage's later steps expect the files where
    they are copied (they use relative paths).
  - **What the fix checks:** the later stage copies exactly one directory
    out of this one, and no instruction of this stage names it.
- *Safe*, when the stage is built on an operating-system image that sets
  no `WORKDIR` (so the directory is `/`): `WORKDIR /`.
  - **What changes in the image:** nothing moves; the image's working
    directory is stated instead of defaulted.
  - **What must hold:** the directory is `/`.
  - **What the fix checks:** the stage's root image is an
    operating-system image (`debian`, `ubuntu`, `alpine` …), and no
    `WORKDIR` comes before. (You may prefer a directory of your own, such
    as `/app`.)

## Example
```dockerfile
FROM python:3.12
COPY . .
```

## Use instead
```dockerfile
FROM python:3.12
WORKDIR /app
COPY . .
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    let dirs = cx.absolute_workdirs();
    // The stage of the last finding, and the fix computed at its first
    // finding: one `WORKDIR` before the first relative `COPY` settles
    // every finding of the stage, so each carries the same edit (applied
    // once), and a fix that adds a relative `COPY` to the stage (DD002's
    // reorder) adds no finding that would stay.
    let mut current: Option<(Option<usize>, Option<Fix>)> = None;
    for (i, inst) in file.instructions.iter().enumerate() {
        let Body::Copy(copy) = &inst.body else {
            continue;
        };
        let Some(dest) = &copy.dest else {
            continue;
        };
        if !relative_without_workdir(cx, i, &dest.text) {
            continue;
        }
        let stage = cx.semantics().stage_of(i).map(|s| s.index);
        let fix = match &current {
            Some((s, fix)) if *s == stage => fix.clone(),
            _ => {
                let fix = workdir_fix(cx, inst, stage, dirs[i].as_deref());
                current = Some((stage, fix.clone()));
                fix
            }
        };
        cx.report_with(inst.span, RULE.summary, fix);
    }
}

/// `WORKDIR` before `inst`, the first relative `COPY` of `stage`: the
/// directory a later stage copies out of it, or `/` when that is already
/// the working directory `dir`.
fn workdir_fix(
    cx: &Checker,
    inst: &Instruction,
    stage: Option<usize>,
    dir: Option<&str>,
) -> Option<Fix> {
    let indent = indent_of(cx.source(), inst)?;
    let (dir, message, moves) = match stage.and_then(|s| copied_out_dir(cx, s)) {
        Some(dir) => {
            let message = format!("Set `WORKDIR {dir}` (the directory a later stage copies from)");
            (dir, message, true)
        }
        None if dir == Some("/") => (
            "/".to_string(),
            "Set `WORKDIR /` (the directory it already copies to)".to_string(),
            false,
        ),
        None => return None,
    };
    let edit = Edit::insert(inst.span.start, format!("WORKDIR {dir}\n{indent}"));
    Some(if moves {
        Fix::suggested(message, vec![edit])
    } else {
        Fix::safe(message, vec![edit])
    })
}

/// First path components of directories that belong to the system or to
/// a base image, never a project's own: copying one of them out of a
/// stage says nothing about where its sources were meant to go.
const SYSTEM_DIRS: &[&str] = &[
    "bin", "boot", "dev", "etc", "go", "home", "lib", "lib32", "lib64", "libx32", "media", "mnt",
    "nix", "opt", "proc", "root", "run", "sbin", "srv", "sys", "tmp", "usr", "var",
];

/// The project directory later stages copy out of stage `s`
/// (`COPY --from=builder /app ./`), when there is exactly one and nothing
/// in `s` or the stages it is built on names it: then only a `WORKDIR`
/// could have put the stage's relative copies there.
fn copied_out_dir(cx: &Checker, s: usize) -> Option<String> {
    let file = cx.file;
    let sem = cx.semantics();
    let mut found: Option<&str> = None;
    for edge in &sem.edges {
        if edge.kind != EdgeKind::CopyFrom || edge.target != Target::Stage(s) {
            continue;
        }
        let Some(Body::Copy(copy)) = file.instructions.get(edge.instruction).map(|i| &i.body)
        else {
            continue;
        };
        for source in &copy.sources {
            let Some(dir) = project_dir(&source.text) else {
                continue;
            };
            match found {
                Some(f) if f != dir => return None,
                _ => found = Some(dir),
            }
        }
    }
    let dir = found?;
    let mut current = s;
    for _ in 0..sem.stages.len() {
        let stage = &sem.stages[current];
        let named = stage.instructions().any(|j| {
            let span = file.instructions[j].span;
            cx.source()
                .get(span.start..span.end)
                .is_none_or(|text| text.contains(dir))
        });
        if named {
            return None;
        }
        match stage.base {
            Base::Stage(p) if p < current => current = p,
            _ => return Some(dir.to_string()),
        }
    }
    None
}

/// `/app` or `/app/` (any depth) outside [`SYSTEM_DIRS`], written plainly:
/// no variable, glob, quote or escape.
fn project_dir(source: &str) -> Option<&str> {
    let dir = source.strip_prefix('/')?.trim_end_matches('/');
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/');
    let first = dir.split('/').next()?;
    let ok = !dir.is_empty()
        && dir.chars().all(plain)
        && !dir
            .split('/')
            .any(|c| c.is_empty() || c == "." || c == "..")
        && !SYSTEM_DIRS.contains(&first);
    ok.then(|| &source[..dir.len() + 1])
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed_once, lines};

    #[test]
    fn relative_dest() {
        let text = "FROM a:1 AS base\nCOPY . .\nCOPY a /abs\nCOPY a $HOME\nWORKDIR /w\nCOPY b c\nFROM base\nCOPY d e\nFROM b:1\nCOPY \"f\" \"g\"\nENV D=rel\nCOPY h $D\nCOPY i C:\\\\x\n";
        assert_eq!(lines(&RULE, text), vec![2, 10, 12]);
    }

    #[test]
    fn before_any_from_as_hadolint() {
        // hadolint reads a COPY before the first FROM too.
        assert_eq!(lines(&RULE, "COPY a b\nFROM a:1\n"), vec![1]);
        assert_eq!(
            lines(&RULE, "COPY a /b\nCOPY c $D\nFROM a:1\n"),
            Vec::<usize>::new()
        );
        assert_eq!(
            lines(&RULE, "WORKDIR /w\nCOPY a b\nFROM a:1\n"),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn fix_states_the_root_directory() {
        let text = "FROM ubuntu:22.04\nCOPY a .\nCOPY b c/\nFROM example/x:1\nCOPY d .\n";
        let out = fixed_once(&RULE, text);
        assert_eq!(
            out,
            "FROM ubuntu:22.04\nWORKDIR /\nCOPY a .\nCOPY b c/\nFROM example/x:1\nCOPY d .\n"
        );
        assert_eq!(lines(&RULE, &out), vec![6]);
    }

    #[test]
    fn fix_sets_the_directory_a_later_stage_copies() {
        let text = "FROM golang:1.18 AS builder\nCOPY . .\nRUN go build -o app .\nFROM alpine:3.10\nWORKDIR /root/\nCOPY --from=builder /app ./\n";
        let out = fixed_once(&RULE, text);
        assert_eq!(
            out,
            "FROM golang:1.18 AS builder\nWORKDIR /app\nCOPY . .\nRUN go build -o app .\nFROM alpine:3.10\nWORKDIR /root/\nCOPY --from=builder /app ./\n"
        );
        assert!(lines(&RULE, &out).is_empty());
    }

    #[test]
    fn no_directory_when_the_stage_makes_it_or_it_is_the_systems() {
        let cases = [
            // The build writes /app itself (a binary, not the sources).
            "FROM golang:1.18 AS b\nCOPY . .\nRUN go build -o /app .\nFROM alpine:3\nCOPY --from=b /app /app\n",
            // A directory of the system or the base image.
            "FROM golang:1.22 AS b\nCOPY . .\nRUN go install ./...\nFROM alpine:3\nCOPY --from=b /go/bin /usr/local/bin\n",
            // Two project directories: which one is meant is for a human.
            "FROM golang:1.18 AS b\nCOPY . .\nFROM alpine:3\nCOPY --from=b /app /app\nCOPY --from=b /dist /dist\n",
            // A variable or a glob.
            "FROM golang:1.18 AS b\nCOPY . .\nFROM alpine:3\nCOPY --from=b $DIR /app\nCOPY --from=b /out* /x/\n",
        ];
        for text in cases {
            assert_eq!(fixed_once(&RULE, text), text, "{text}");
        }
    }
}
