use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DD020",
    name: "system-workdir",
    severity: Severity::Warning,
    source: Source::Drydock,
    fix: FixAvailability::Never,
    summary:
        "`WORKDIR` is a system directory: the files the build writes there mix with the system's.",
    docs: r#"
## What it does
Reports a `WORKDIR` under `/proc`, `/sys`, `/dev`, `/boot` or `/initrd`,
and a `WORKDIR` that is one of the system's own directories (`/bin`,
`/sbin`, `/etc`, `/lib`, `/lib64`, `/usr`, `/usr/bin`, `/usr/sbin`,
`/usr/lib`, `/var`) when a later `COPY` or `ADD` of the stage writes
there through it (a relative destination, before another `WORKDIR`).
Variables are resolved. Directories made for applications
(`/usr/src/app`, `/usr/local/bin`, `/opt/x`, `/var/www`) are not
reported, nor is `WORKDIR /`: without any `WORKDIR` the working directory
is `/` already (relative copies there are DL3045's finding), and DL3045's
fix writes `WORKDIR /` to say so. Working in `/usr/bin` to download a
tool there (what DL3003's fix of `RUN cd /usr/bin && wget …` writes) is
not reported either.

Also reported by Trivy DS-0030 (which reports `/proc`, `/boot`, `/dev`
and `/initrd`).

## Why is this bad?
Everything that later instructions write with relative paths lands in
the system's directories: `COPY . .` puts the build context (its
`Dockerfile`, scripts, maybe secrets) among the system's files, where it
can shadow commands on the `PATH` or configuration the system reads, and
where it is hard to find or remove. Under `/proc`, `/sys` and `/dev` the
container runtime mounts kernel interfaces at run time: files put there
by the build are hidden, and a process started there works among the
kernel's files.

## Fix
*Manual.* Use a directory of the application's own (`WORKDIR /app`,
`WORKDIR /usr/src/app`), and give absolute destinations to the
instructions that must write into system directories.

## Example
```dockerfile
FROM node:22-slim
WORKDIR /usr
COPY . .
```

## Use instead
```dockerfile
FROM node:22-slim
WORKDIR /app
COPY . .
```
"#,
    check,
};

const EXACT: &[&str] = &[
    "/bin",
    "/sbin",
    "/etc",
    "/lib",
    "/lib32",
    "/lib64",
    "/usr",
    "/usr/bin",
    "/usr/sbin",
    "/usr/lib",
    "/var",
];
const UNDER: &[&str] = &["/proc", "/sys", "/dev", "/boot", "/initrd", "/lost+found"];

/// `path` without `.` segments, repeated and trailing slashes.
fn normal(path: &str) -> String {
    // `/` and the segments joined by `/`, written into one string.
    let mut out = String::with_capacity(path.len() + 1);
    for part in path.split('/').filter(|p| !p.is_empty() && *p != ".") {
        out.push('/');
        out.push_str(part);
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// The system directory `path` is, or is under.
pub(crate) fn system_dir(path: &str) -> Option<&'static str> {
    if !path.starts_with('/') || path.contains("..") {
        return None;
    }
    let p = normal(path);
    EXACT.iter().copied().find(|d| **d == p).or_else(|| {
        UNDER
            .iter()
            .copied()
            .find(|d| p.strip_prefix(*d).is_some_and(|r| r.is_empty() || r.starts_with('/')))
    })
}

/// A `COPY`/`ADD` after `WORKDIR` `i`, in its stage and before the next
/// `WORKDIR`, writes to a relative destination.
fn copies_here(cx: &Checker, i: usize) -> bool {
    let file = cx.file;
    let end = cx
        .semantics()
        .stage_of(i)
        .map_or(file.instructions.len(), |s| s.end);
    for j in i + 1..end {
        match &file.instructions[j].body {
            Body::Workdir(_) => return false,
            Body::Copy(body) | Body::Add(body) => {
                let relative = body
                    .dest
                    .as_ref()
                    .is_some_and(|d| !cx.resolve(j, &d.text).value.starts_with('/'));
                if relative {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    for (i, inst) in file.instructions.iter().enumerate() {
        let Body::Workdir(word) = &inst.body else {
            continue;
        };
        let resolved = cx.resolve(i, &word.text);
        if !resolved.unknown.is_empty() {
            continue;
        }
        let Some(dir) = system_dir(&resolved.value) else {
            continue;
        };
        // The kernel's directories always; the others when the build
        // copies into them through the working directory.
        if UNDER.contains(&dir) || copies_here(cx, i) {
            cx.report(
                word.span,
                format!(
                    "`WORKDIR {}` works in the system directory `{dir}`: use a directory of the \
                     application's own",
                    word.text
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports;

    #[test]
    fn reports_system_directories() {
        for text in [
            "FROM a\nWORKDIR /usr/\nCOPY . .\n",
            "FROM a\nWORKDIR /etc\nADD conf.tar.gz nginx/\n",
            "FROM a\nWORKDIR /proc/self\n",
            "FROM a\nARG D=/bin\nWORKDIR $D\nCOPY run.sh .\n",
            "FROM a\nWORKDIR //usr/./bin\nCOPY tool ./\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn leaves_application_directories_alone() {
        for text in [
            "FROM a\nWORKDIR /app\n",
            "FROM a\nWORKDIR /usr/src/app\n",
            "FROM a\nWORKDIR /usr/local/bin\n",
            "FROM a\nWORKDIR /var/www/html\n",
            "FROM a\nWORKDIR /devel\n",
            "FROM a\nWORKDIR bin\n",
            "FROM a\nWORKDIR $HOME\n",
            // `/` is the working directory without any `WORKDIR` too.
            "FROM a\nWORKDIR /\nCOPY . .\n",
            // Nothing copied there through it.
            "FROM a\nWORKDIR /usr/bin\nRUN wget https://x/lein && chmod +x lein\n",
            "FROM a\nWORKDIR /bin\nCOPY *.sh /bin/\n",
            "FROM a\nWORKDIR /etc\nWORKDIR /app\nCOPY . .\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }
}
