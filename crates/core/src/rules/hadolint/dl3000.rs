use crate::diagnostic::{Edit, Fix};
use crate::rules::hadolint::scan::drop_quotes;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::semantics::dockerignore::clean;
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3000",
    name: "relative-workdir",
    severity: Severity::Error,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Use absolute WORKDIR",
    docs: r#"
## What it does
Reports a `WORKDIR` whose path is relative.

## Why is this bad?
A relative `WORKDIR` is resolved against the previous working directory,
which may have been set by the base image or by an earlier instruction far
away. The resulting path is hard to read and silently changes when the base
image does. An absolute path says exactly where commands run.

Paths starting with a variable (`$HOME/app`) and Windows drive paths
(`C:\app`) are accepted, as hadolint does.

## Fix
*Safe*, when the directory the path is relative to is known: writes the
absolute path it resolves to, cleaned as BuildKit cleans it (`.`, `..`
and repeated slashes resolved): `WORKDIR lib/../app` after
`WORKDIR /srv` becomes `WORKDIR /srv/app`.

- **What changes in the image:** nothing: the image's working directory
  is the same path, created the same way.
- **What must hold:** the working directory before the `WORKDIR` is the
  one the file shows.
- **What the fix checks:** that directory is set by an earlier `WORKDIR`
  of the stage (or of the stage it is built on) whose path is known, or
  is `/` in a stage on an image known to set none (the operating-system
  images, `node`, `python` …), and the path has no variable, quote or
  backslash. Otherwise which absolute path was meant is for a human to
  say: no edit. BuildKit's WorkdirRelativePath reports the first
  relative `WORKDIR` of a stage too; the fix engine applies this rule's
  fix for both.

## Example
```dockerfile
FROM alpine:3.20
WORKDIR app
```

## Use instead
```dockerfile
FROM alpine:3.20
WORKDIR /app
```
"#,
    check,
};

/// True for the paths hadolint accepts as absolute.
pub fn is_absolute(path: &str) -> bool {
    let p = drop_quotes(path.trim());
    let mut chars = p.chars();
    p.starts_with('/')
        || p.starts_with('$')
        || matches!((chars.next(), chars.next()), (Some(d), Some(':')) if d.is_alphabetic())
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    let dirs = cx.absolute_workdirs();
    for (i, inst) in file.instructions.iter().enumerate() {
        let Body::Workdir(path) = &inst.body else {
            continue;
        };
        if is_absolute(&path.text) {
            continue;
        }
        let literal = !path.text.contains(['$', '"', '\'', '\\']);
        match dirs[i].as_deref().filter(|_| literal) {
            Some(dir) => {
                // BuildKit joins a relative path to the working directory
                // with Go's `path.Join`, which cleans it (`..` included),
                // and keeps an absolute one as written: writing the
                // cleaned path records the same directory.
                let absolute = clean(&format!("{dir}/{}", path.text));
                cx.report_fix(
                    inst.span,
                    "Use absolute WORKDIR",
                    Fix::safe(
                        format!("Write `{absolute}`"),
                        vec![Edit::replace(path.span, absolute.clone())],
                    ),
                );
            }
            None => {
                cx.report(inst.span, "Use absolute WORKDIR");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixed_once, lines};

    #[test]
    fn relative_paths() {
        let text = "FROM a:1\nWORKDIR app\nWORKDIR /app\nWORKDIR \"/q\"\nWORKDIR $HOME/x\nWORKDIR C:\\\\w\nWORKDIR ./x\n";
        assert_eq!(lines(&RULE, text), vec![2, 7]);
    }

    #[test]
    fn fix_when_the_base_directory_is_known() {
        // Both resolve in one pass: the second against the first. `..` is
        // resolved as BuildKit resolves it (Go's `path.Join`): written
        // as `/app/lib/../x`, an absolute path BuildKit keeps as it is,
        // the image would record another path, and a `RUN` would fail to
        // enter it when `/app/lib` does not exist.
        assert_eq!(
            fixed_once(&RULE, "FROM alpine:3.20\nWORKDIR app\nWORKDIR ./lib/../x\n"),
            "FROM alpine:3.20\nWORKDIR /app\nWORKDIR /app/x\n"
        );
        assert_eq!(
            fixed_once(
                &RULE,
                "FROM alpine:3.20\nWORKDIR /a/../b\nWORKDIR ../../c/\n"
            ),
            "FROM alpine:3.20\nWORKDIR /a/../b\nWORKDIR /c\n"
        );
        assert_eq!(
            fixed_once(&RULE, "FROM alpine:3.20\nWORKDIR app\n"),
            "FROM alpine:3.20\nWORKDIR /app\n"
        );
        assert_eq!(
            fixed_once(&RULE, "FROM example/x:1\nWORKDIR /srv\nWORKDIR ./app/\n"),
            "FROM example/x:1\nWORKDIR /srv\nWORKDIR /srv/app\n"
        );
        for text in [
            "FROM example/x:1\nWORKDIR app\n",
            "FROM alpine:3.20\nWORKDIR \"a b\"\n",
        ] {
            assert!(
                crate::testing::findings(&RULE, text)[0].fix.is_none(),
                "{text}"
            );
        }
    }
}
