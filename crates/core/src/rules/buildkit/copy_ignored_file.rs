use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::semantics::dockerignore::{clean, Dockerignore};
use crate::syntax::{go_quote, Body};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "CopyIgnoredFile",
    name: "copy-ignored-file",
    severity: Severity::Warning,
    source: Source::Buildkit,
    fix: FixAvailability::Never,
    summary: "Attempting to Copy file that is excluded by .dockerignore",
    docs: r#"
## What it does
Reports a `COPY` or `ADD` source from the build context that the
`.dockerignore` excludes (the file itself or a directory above it), with
Docker's pattern matching. Needs the `.dockerignore`: the CLI reads the
one beside the Dockerfile (`<Dockerfile>.dockerignore` first), the
playground the one pasted in its settings; without one nothing is
reported. As in BuildKit, nothing is reported when the `.dockerignore`
has `!` exceptions (what reaches the context then cannot be decided from
the patterns alone), for `COPY --from`, or for URLs; copying the whole
context (`.`) is reported only when a pattern such as `*` excludes every
entry.

## Why is this bad?
Excluded files never reach the builder: the copy fails with "not found",
or copies less than it seems to. Either stop ignoring the file or stop
copying it; which one is the author's choice, so no edit is offered.

## Configuration
The examples below are checked with this `.dockerignore`:
```dockerignore
tmp/
```

## Example
```dockerfile
FROM scratch
COPY ./tmp/helloworld.txt /helloworld.txt
```

## Use instead
```dockerfile
FROM scratch
COPY ./forever/helloworld.txt /helloworld.txt
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let Some(text) = cx.dockerignore() else {
        return;
    };
    let ignore = Dockerignore::parse(text);
    if ignore.patterns.is_empty() || ignore.has_exclusions() {
        return;
    }
    let file = cx.file;
    for (i, inst) in file.instructions.iter().enumerate() {
        let (what, body) = match &inst.body {
            Body::Copy(body) if inst.flag("from").is_none() => ("Copy", body),
            Body::Add(body) => ("Add", body),
            _ => continue,
        };
        for source in &body.sources {
            if source.text.starts_with("<<") || source.text.contains("://") {
                continue;
            }
            let resolved = cx.resolve(i, &source.text);
            if !resolved.is_complete() {
                continue;
            }
            let path = clean(&resolved.value);
            let relative = path.trim_start_matches('/');
            let excluded = if relative.is_empty() || relative == "." {
                ignore.excludes_root()
            } else {
                ignore.excludes(relative)
            };
            if excluded {
                cx.report(
                    inst.span,
                    format!(
                        "Attempting to {what} file {} that is excluded by .dockerignore",
                        go_quote(&path)
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;

    fn messages(ignore: &str, text: &str) -> Vec<String> {
        crate::lint_with(
            text,
            &crate::Config::default(),
            &crate::Inputs {
                dockerignore: Some(ignore),
            },
        )
        .into_iter()
        .filter(|d| d.code == RULE.code)
        .map(|d| d.message)
        .collect()
    }

    #[test]
    fn reports_ignored_sources() {
        let text = "FROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n";
        assert_eq!(
            messages("\nDockerfile\n", text),
            [
                "Attempting to Copy file \"Dockerfile\" that is excluded by .dockerignore",
                "Attempting to Add file \"Dockerfile\" that is excluded by .dockerignore",
            ]
        );
        assert_eq!(
            messages(
                "build/\n",
                "FROM a\nARG D=build\nCOPY ./${D}/out/app /app\n"
            ),
            ["Attempting to Copy file \"build/out/app\" that is excluded by .dockerignore"]
        );
    }

    #[test]
    fn what_buildkit_leaves_alone() {
        // A stage's files, exceptions, the whole context, URLs.
        let text = "FROM scratch AS base\nCOPY Dockerfile /foobar\nFROM base\nCOPY --from=base /foobar /Dockerfile\n";
        assert!(messages("foobar\n", text).is_empty());
        assert!(messages("**\n!Dockerfile\n", "FROM scratch\nCOPY ./Dockerfile .\n").is_empty());
        assert!(messages(".*\n", "FROM scratch\nCOPY . .\n").is_empty());
        assert!(messages("*\n", "FROM scratch\nADD https://example.com/x.tgz /\n").is_empty());
        assert_eq!(messages("*\n", "FROM scratch\nCOPY . .\n").len(), 1);
        assert!(messages("", "FROM scratch\nCOPY x .\n").is_empty());
    }

    #[test]
    fn nothing_without_a_dockerignore() {
        assert!(
            crate::lint("FROM a\nCOPY tmp/x .\n", &crate::Config::default())
                .iter()
                .all(|d| d.code != RULE.code)
        );
    }
}
