use crate::diagnostic::{Edit, Fix};
use crate::rules::hadolint::scan::{drop_quotes, is_archive, is_url};
use crate::rules::shared;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::{Body, Instruction};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3020",
    name: "add-instead-of-copy",
    severity: Severity::Error,
    source: Source::Hadolint,
    fix: FixAvailability::Sometimes,
    summary: "Use COPY instead of ADD for files and folders",
    docs: r#"
## What it does
Reports an `ADD` of local files or folders: a source that is neither a
URL nor an archive `ADD` would extract.

## Why is this bad?
`ADD` does more than copy: it downloads URLs and unpacks local tar
archives. Using it for plain files hides that magic where a reader does
not expect it, and a file that happens to be a tarball gets unpacked.
`COPY` does exactly one thing.

## Fix
*Safe* for directories and files with a known non-archive extension,
*suggested* for other files: writes `COPY` for `ADD`.

- **What changes in the image:** nothing: `COPY` copies the same files to
  the same place, with the same ownership and permissions.
- **What must hold:** `ADD` would not have done more: no source is a URL
  (downloaded) or a local tar archive (unpacked: `ADD` detects archives
  by their content, whatever their name), and no `ADD`-only flag is used.
- **What the fix checks:** every source is a plain local path; no
  `--checksum`, `--keep-git-dir` or `--unpack`; a source with an archive
  extension is not reported at all. A directory, or a file named
  `*.txt`, `*.json`, `*.sh` … cannot be an archive `ADD` unpacks: safe.
  A file with no such extension (`ADD run /run`) almost never is one, but
  only its content can tell: a suggestion.

## Example
```dockerfile
FROM python:3.12
ADD requirements.txt /app/
```

## Use instead
```dockerfile
FROM python:3.12
COPY requirements.txt /app/
```
"#,
    check,
};

/// Extensions of files that are certainly not tar archives.
const PLAIN: &[&str] = &[
    "txt",
    "md",
    "json",
    "yaml",
    "yml",
    "toml",
    "ini",
    "cfg",
    "conf",
    "xml",
    "properties",
    "sh",
    "bash",
    "py",
    "js",
    "mjs",
    "cjs",
    "ts",
    "rb",
    "go",
    "mod",
    "sum",
    "java",
    "jar",
    "war",
    "php",
    "pl",
    "lock",
    "html",
    "css",
    "env",
    "sql",
    "service",
    "crt",
    "pem",
    "key",
    "list",
    "repo",
    "cnf",
    "ps1",
    "rs",
    "c",
    "h",
    "cpp",
    "csproj",
    "sln",
    "gradle",
    "lua",
    "vim",
    "patch",
    "pub",
];

fn plain_local(path: &str) -> bool {
    let p = drop_quotes(path);
    !(p.contains("://") || p.starts_with("git@") || is_archive(p) || p.starts_with("<<"))
}

fn certainly_not_archive(path: &str) -> bool {
    let p = drop_quotes(path);
    if p == "." || p.ends_with('/') {
        return true;
    }
    let base = p.rsplit('/').next().unwrap_or(p);
    base.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && PLAIN.contains(&ext.to_ascii_lowercase().as_str())
    })
}

fn copy_fix(inst: &Instruction) -> Option<Fix> {
    let Body::Add(add) = &inst.body else {
        return None;
    };
    if add.sources.is_empty() || !add.sources.iter().all(|s| plain_local(&s.text)) {
        return None;
    }
    let copy_flags = ["chown", "chmod", "link", "exclude", "parents"];
    if inst
        .flags
        .iter()
        .any(|f| !copy_flags.iter().any(|c| f.name.eq_ignore_ascii_case(c)))
    {
        return None;
    }
    let kw = &inst.keyword_word;
    let copy = if kw.text.chars().all(|c| c.is_ascii_lowercase()) {
        "copy"
    } else {
        "COPY"
    };
    let edits = vec![Edit::replace(kw.span, copy)];
    Some(
        if add.sources.iter().all(|s| certainly_not_archive(&s.text)) {
            Fix::safe("Use `COPY`", edits)
        } else {
            Fix::suggested("Use `COPY`", edits)
        },
    )
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    for (i, inst) in file.instructions.iter().enumerate() {
        let Body::Add(add) = &inst.body else {
            continue;
        };
        if add
            .sources
            .iter()
            .all(|s| is_archive(&s.text) || is_url(&s.text))
        {
            continue;
        }
        if !cx.wants_fixes() {
            cx.report(inst.span, RULE.summary);
            continue;
        }
        // As a `COPY`, a relative destination without `WORKDIR` would be
        // reported (DL3045): a human should choose the directory first.
        let relative = add
            .dest
            .as_ref()
            .is_some_and(|d| shared::relative_without_workdir(cx, i, &d.text));
        match copy_fix(inst) {
            Some(_) if relative => cx.report_fix(
                inst.span,
                RULE.summary,
                Fix::manual("Set `WORKDIR` (or use an absolute destination), then use `COPY`"),
            ),
            Some(fix) => cx.report_fix(inst.span, RULE.summary, fix),
            None => {
                cx.report(inst.span, RULE.summary);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::diagnostic::Applicability;
    use crate::testing::{findings, fixed_once, lines};

    #[test]
    fn local_files() {
        let text = "FROM a:1\nADD a.txt /x/\nADD x.tar.gz /x/\nADD https://e.com/f /x\nADD x.tgz y.conf /x/\nADD --chown=1 . /app\n";
        assert_eq!(lines(&RULE, text), vec![2, 5, 6]);
    }

    #[test]
    fn fix_to_copy() {
        let text = "FROM a:1\nADD a.txt /x/\nadd --chown=1 . /app\nADD --checksum=sha256:00 f /x\nADD x.tgz y.conf /x/\nADD bin /x\n";
        let out = fixed_once(&RULE, text);
        assert_eq!(
            out,
            "FROM a:1\nCOPY a.txt /x/\ncopy --chown=1 . /app\nADD --checksum=sha256:00 f /x\nADD x.tgz y.conf /x/\nCOPY bin /x\n"
        );
        assert_eq!(lines(&RULE, &out), vec![4, 5]);
        let found = findings(&RULE, text);
        let applicability: Vec<_> = found
            .iter()
            .map(|d| d.fix.as_ref().map(|f| f.applicability))
            .collect();
        assert_eq!(
            applicability,
            vec![
                Some(Applicability::Safe),
                Some(Applicability::Safe),
                None,
                None,
                Some(Applicability::Suggested)
            ]
        );
    }

    #[test]
    fn relative_destination_without_workdir_stays_manual() {
        // As a COPY it would be reported by DL3045: no edit, an explanation.
        let text = "FROM a:1\nADD a.txt ./\nWORKDIR /w\nADD b.txt ./\n";
        assert_eq!(
            fixed_once(&RULE, text),
            "FROM a:1\nADD a.txt ./\nWORKDIR /w\nCOPY b.txt ./\n"
        );
        let found = findings(&RULE, text);
        assert_eq!(
            found[0].fix.as_ref().map(|f| f.applicability),
            Some(Applicability::Manual)
        );
    }
}
