use crate::rules::buildkit::fold_stages;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::{go_quote, Body};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "WorkdirRelativePath",
    name: "workdir-relative-path",
    severity: Severity::Warning,
    source: Source::Buildkit,
    fix: FixAvailability::Never,
    summary: "Relative workdir without an absolute workdir declared within the build can have unexpected results if the base image changes",
    docs: r#"
## What it does
Reports the first `WORKDIR` of a stage when its path is relative and no
earlier `WORKDIR` of the build set one (in the stage, or in the stage it
is built `FROM`). Later relative `WORKDIR`s are not reported: fixing the
first fixes them. Variables are expanded first; a path that starts with
a variable whose value is unknown is not judged. hadolint's DL3000
reports every relative `WORKDIR` under its own code.

## Why is this bad?
A relative `WORKDIR` is relative to the base image's working directory,
which the Dockerfile does not control: if the image changes it upstream,
every path of the stage moves with it. Which absolute directory was
meant is the author's choice, so no edit is offered.

## Example
```dockerfile
FROM nginx:1.27 AS web
WORKDIR usr/share/nginx/html
COPY public .
```

## Use instead
```dockerfile
FROM nginx:1.27 AS web
WORKDIR /usr/share/nginx/html
COPY public .
```
"#,
    check,
};

/// `/x`, and Windows' `\x`, `C:\x`, `C:/x`.
fn is_absolute(path: &str) -> bool {
    let b = path.as_bytes();
    path.starts_with(['/', '\\'])
        || (b.len() >= 3
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && matches!(b[2], b'/' | b'\\'))
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    // The state: whether a WORKDIR was set.
    fold_stages(
        cx.semantics(),
        |_| false,
        |stage, set| {
            for i in stage.instructions() {
                let Body::Workdir(word) = &file.instructions[i].body else {
                    continue;
                };
                if !*set {
                    let r = cx.resolve(i, &word.text);
                    let unknown_start = !r.is_complete() && r.value.starts_with('$');
                    if !unknown_start && !is_absolute(&r.value) {
                        cx.report(
                        file.instructions[i].span,
                        format!(
                            "Relative workdir {} can have unexpected results if the base image changes",
                            go_quote(&r.value)
                        ),
                    );
                    }
                }
                *set = true;
            }
        },
    );
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::messages;

    #[test]
    fn reports_the_first_relative_workdir() {
        assert_eq!(
            messages(&RULE, "FROM scratch\nWORKDIR app/\nWORKDIR src\n"),
            ["Relative workdir \"app/\" can have unexpected results if the base image changes"]
        );
        assert_eq!(
            messages(&RULE, "FROM a\nARG D=app\nWORKDIR $D/src\n"),
            ["Relative workdir \"app/src\" can have unexpected results if the base image changes"]
        );
    }

    #[test]
    fn absolute_or_inherited_workdirs_are_fine() {
        for text in [
            "FROM scratch AS a\nWORKDIR /app\nFROM a AS b\nWORKDIR subdir/\n",
            "FROM a\nWORKDIR /app\nWORKDIR src\n",
            "FROM a\nENV D=/srv\nWORKDIR ${D}/x\n",
            "FROM a\nWORKDIR $HOME/x\n",
            "FROM a\nWORKDIR C:\\\\app\n",
            "FROM a\nWORKDIR \"/quoted path\"\n",
        ] {
            assert!(messages(&RULE, text).is_empty(), "{text}");
        }
        // Another stage's WORKDIR does not count.
        let text = "FROM a AS x\nWORKDIR /app\nFROM b\nWORKDIR rel\n";
        assert_eq!(messages(&RULE, text).len(), 1);
    }
}
