use crate::diagnostic::{Edit, Fix};
use crate::rules::hadolint::scan::drop_quotes;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::semantics::dockerignore::clean;
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3021",
    name: "copy-dest-not-dir",
    severity: Severity::Error,
    source: Source::Hadolint,
    fix: FixAvailability::Always,
    summary: "COPY with more than 2 arguments requires the last argument to end with /",
    docs: r#"
## What it does
Reports a `COPY` with several sources whose destination does not end
with `/`.

## Why is this bad?
With more than one source the destination must be a directory, written
with a trailing `/`. The classic builder fails the build otherwise.
BuildKit does not: where the destination does not exist yet, it copies
each source in turn to that one path, and what is left is a single file,
the last source.

## Fix
*Safe* where the destination is a directory already: the working
directory (`.`, or the path a `WORKDIR` created) or one above it;
*suggested* elsewhere. Adds the trailing `/` (inside the quotes, if
any).

- **What changes in the image:** nothing when the destination is a
  directory: the sources are copied into it either way. Where it does
  not exist yet, the sources now land in a new directory of that name,
  where BuildKit left one file (the last source) at that path; with the
  classic builder the build failed and now builds.
- **What must hold:** a directory was meant (as the several sources
  say), and nothing relies on that single file.
- **What the fix checks:** whether the destination is the working
  directory or above it, with the working directory known from the
  `WORKDIR`s of the stage and the stages it is built on (or `/` on an
  image known to set none): then the edit is safe. A destination that
  may not exist (a new path, a directory of the base image, a variable)
  gets it as a suggestion.

## Example
```dockerfile
FROM alpine:3.20
COPY package.json package-lock.json /app
```

## Use instead
```dockerfile
FROM alpine:3.20
COPY package.json package-lock.json /app/
```
"#,
    check,
};

/// `dest` is a directory that exists when the `COPY` runs in `workdir`
/// (known, absolute): the working directory itself or one above it,
/// which `WORKDIR` created.
fn is_existing_dir(dest: &str, workdir: Option<&str>) -> bool {
    if dest == "." {
        // BuildKit reads `.` as `./`.
        return true;
    }
    let Some(workdir) = workdir else {
        return false;
    };
    if dest.contains('$') || !workdir.starts_with('/') {
        return false;
    }
    let dest = if dest.starts_with('/') {
        clean(dest)
    } else {
        clean(&format!("{workdir}/{dest}"))
    };
    let workdir = clean(workdir);
    dest == "/"
        || dest == workdir
        || workdir
            .strip_prefix(dest.as_str())
            .is_some_and(|rest| rest.starts_with('/'))
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    let dirs = cx.absolute_workdirs();
    for (i, inst) in file.instructions.iter().enumerate() {
        let Body::Copy(copy) = &inst.body else {
            continue;
        };
        let Some(dest) = &copy.dest else {
            continue;
        };
        if copy.sources.len() < 2 || drop_quotes(&dest.text).ends_with('/') {
            continue;
        }
        // Insert the slash inside the closing quote, if any.
        let raw = &cx.source()[dest.span.start..dest.span.end];
        let at = if raw.len() > 1 && (raw.ends_with('"') || raw.ends_with('\'')) {
            dest.span.end - 1
        } else {
            dest.span.end
        };
        let edits = vec![Edit::insert(at, "/")];
        let fix = if is_existing_dir(drop_quotes(&dest.text), dirs[i].as_deref()) {
            Fix::safe("Add a trailing `/`", edits)
        } else {
            Fix::suggested(
                "Add a trailing `/`: copy the sources into a directory",
                edits,
            )
        };
        cx.report_fix(inst.span, RULE.summary, fix);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed_once, lines};

    #[test]
    fn multi_source() {
        let text = "FROM a:1\nCOPY a b /x\nCOPY a /x\nCOPY a b /x/\nCOPY [\"a\", \"b\", \"/x\"]\n";
        assert_eq!(lines(&RULE, text), vec![2, 5]);
        let out = fixed_once(&RULE, text);
        assert_eq!(
            out,
            "FROM a:1\nCOPY a b /x/\nCOPY a /x\nCOPY a b /x/\nCOPY [\"a\", \"b\", \"/x/\"]\n"
        );
        assert!(lines(&RULE, &out).is_empty());
    }

    /// BuildKit copies several sources to a path that does not exist as
    /// one file (the last source): the slash changes the image there.
    #[test]
    fn safe_only_where_the_destination_is_a_directory() {
        use crate::diagnostic::Applicability::{Safe, Suggested};
        for (text, want) in [
            ("FROM alpine:3.20\nCOPY a b .\n", Safe),
            ("FROM alpine:3.20\nWORKDIR /app\nCOPY a b /app\n", Safe),
            ("FROM alpine:3.20\nWORKDIR /app/src\nCOPY a b ..\n", Safe),
            (
                "FROM alpine:3.20\nWORKDIR /app\nCOPY a b ./sub\n",
                Suggested,
            ),
            ("FROM alpine:3.20\nCOPY a b /app\n", Suggested),
            ("FROM example/x:1\nCOPY a b ..\n", Suggested),
            ("FROM alpine:3.20\nWORKDIR /app\nCOPY a b $D\n", Suggested),
        ] {
            let d = crate::testing::findings(&RULE, text);
            assert_eq!(d.len(), 1, "{text}");
            assert_eq!(d[0].fix.as_ref().unwrap().applicability, want, "{text}");
        }
    }
}
