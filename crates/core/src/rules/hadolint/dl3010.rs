use crate::rules::hadolint::scan::{
    args_no_flags, drop_quotes, is_archive, named_commands, run_script,
};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::{Body, Span};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3010",
    name: "copy-then-extract",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Use ADD for extracting archives into an image",
    docs: r#"
## What it does
Reports a `COPY` of a local archive (`.tar`, `.tar.gz`, `.tgz`, `.xz` …)
that a later `RUN` of the same stage extracts with `tar -x`, `unzip`,
`gunzip` and the like.

## Why is this bad?
The archive is stored in one layer and its contents in another: the image
carries both, and the extraction step needs `tar` in the image. `ADD`
extracts a local tar archive in a single step, without leaving the archive
behind.

## Example
```dockerfile
FROM debian:12
COPY app.tar.gz /tmp/
RUN tar -xzf /tmp/app.tar.gz -C /opt
```

## Use instead
```dockerfile
FROM debian:12
ADD app.tar.gz /opt/
```
"#,
    check,
};

const UNPACKERS: &[&str] = &[
    "unzip",
    "gunzip",
    "bunzip2",
    "unlzma",
    "unxz",
    "zgz",
    "uncompress",
    "zcat",
    "gzcat",
];

fn basename(path: &str) -> &str {
    let p = drop_quotes(path);
    p.rsplit(['/', '\\']).next().unwrap_or(p)
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    // Archives copied in this stage: (COPY span, basename, already reported).
    let mut archives: Vec<(Span, String, bool)> = Vec::new();
    let mut reported: Vec<Span> = Vec::new();
    for inst in &file.instructions {
        match &inst.body {
            Body::From(_) => flush(&mut archives, &mut reported),
            Body::Copy(copy) if inst.flag("from").is_none() => {
                let dest = copy.dest.as_ref().map_or("", |d| d.text.as_str());
                if is_archive(dest) {
                    archives.push((inst.span, basename(dest).to_string(), false));
                } else {
                    for src in &copy.sources {
                        if is_archive(&src.text) {
                            archives.push((inst.span, basename(&src.text).to_string(), false));
                        }
                    }
                }
            }
            Body::Run(_) => {
                let Some(script) = run_script(inst) else {
                    continue;
                };
                for (name, cmd) in named_commands(&script) {
                    let extracts = UNPACKERS.contains(&name)
                        || (name == "tar"
                            && cmd.args().iter().enumerate().any(|(i, a)| {
                                let v = a.value.as_str();
                                v == "--extract"
                                    || v == "--get"
                                    || (v.starts_with('-') && v.contains('x'))
                                    // Old-style `tar xzf f.tgz` (hadolint
                                    // misses it).
                                    || (i == 0
                                        && v.contains('x')
                                        && v.chars().all(|c| c.is_ascii_alphabetic()))
                            }));
                    if !extracts {
                        continue;
                    }
                    let named: Vec<&str> = args_no_flags(cmd).into_iter().map(basename).collect();
                    for (_, archive, hit) in archives.iter_mut() {
                        if named.contains(&archive.as_str()) {
                            *hit = true;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    flush(&mut archives, &mut reported);
    for span in reported {
        cx.report(span, RULE.summary);
    }
}

/// End of a stage: keep the COPYs whose archive was extracted. (hadolint
/// forgets every stage but the last; each stage is checked here.)
fn flush(archives: &mut Vec<(Span, String, bool)>, reported: &mut Vec<Span>) {
    for (span, _, hit) in archives.drain(..) {
        if hit && !reported.contains(&span) {
            reported.push(span);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::lines;

    #[test]
    fn copy_then_extract() {
        let text = "FROM a:1\nCOPY x.tar.gz /tmp/\nCOPY y.zip /tmp/\nRUN tar xzf /tmp/x.tar.gz && unzip /tmp/y.zip\n";
        assert_eq!(lines(&RULE, text), vec![2]);
        let text = "FROM a:1\nCOPY x.tar /tmp/\nRUN tar -cf /tmp/x.tar y\n";
        assert!(lines(&RULE, text).is_empty());
        let text = "FROM a:1\nCOPY x /tmp/y.tgz\nRUN gunzip /tmp/y.tgz\n";
        assert_eq!(lines(&RULE, text), vec![2]);
        let text =
            "FROM a:1\nCOPY x.tar /tmp/\nRUN tar -xf /tmp/x.tar\nFROM b:1\nRUN tar -xf x.tar\n";
        assert_eq!(lines(&RULE, text), vec![2]);
    }
}
