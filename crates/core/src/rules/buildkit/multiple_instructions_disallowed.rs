use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Keyword;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "MultipleInstructionsDisallowed",
    name: "multiple-instructions-disallowed",
    severity: Severity::Warning,
    source: Source::Buildkit,
    fix: FixAvailability::Never,
    summary: "Multiple instructions of the same type should not be used in the same stage",
    docs: r#"
## What it does
Reports a `CMD`, `ENTRYPOINT` or `HEALTHCHECK` that a later one of the
same kind in the same stage replaces. As in BuildKit, the finding is on
the earlier instruction, the one that has no effect. A stage built
`FROM` another stage may set its own without a finding. hadolint's
DL4003, DL4004 and DL3012 report repeated ones under their own codes.

## Why is this bad?
An image has one command, one entrypoint and one health check: only the
last instruction counts, so the earlier one is dead code that readers
take for part of the image's behaviour.

## Example
```dockerfile
FROM alpine:3.20
ENTRYPOINT ["echo", "Hello, Norway!"]
ENTRYPOINT ["echo", "Hello, Sweden!"]
```

## Use instead
```dockerfile
FROM alpine:3.20
ENTRYPOINT ["echo", "Hello, Norway!\nHello, Sweden!"]
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    for stage in &cx.semantics().stages {
        let mut last: [Option<usize>; 3] = [None; 3];
        for i in stage.instructions() {
            let inst = &file.instructions[i];
            let slot = match inst.keyword {
                Keyword::Cmd => 0,
                Keyword::Entrypoint => 1,
                Keyword::Healthcheck => 2,
                _ => continue,
            };
            if let Some(prev) = last[slot] {
                cx.report(
                    file.instructions[prev].span,
                    format!(
                        "Multiple {} instructions should not be used in the same stage because only the last one will be used",
                        inst.keyword_word.text
                    ),
                );
            }
            last[slot] = Some(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, lines};

    #[test]
    fn reports_the_replaced_instruction() {
        let text = "FROM scratch\nENTRYPOINT [\"a\"]\nENTRYPOINT [\"b\"]\nCMD [\"a\"]\nCMD [\"b\"]\nHEALTHCHECK CMD [\"a\"]\nHEALTHCHECK CMD [\"b\"]\n";
        assert_eq!(lines(&RULE, text), vec![2, 4, 6]);
        let msg = &findings(&RULE, "FROM a\nCMD x\ncmd y\n")[0].message;
        assert_eq!(
            msg,
            "Multiple cmd instructions should not be used in the same stage because only the last one will be used"
        );
    }

    #[test]
    fn stages_are_separate() {
        let text = "FROM scratch AS a\nCMD [\"a\"]\nFROM a AS b\nCMD [\"b\"]\nONBUILD CMD x\n";
        assert!(lines(&RULE, text).is_empty());
        let text = "FROM a\nHEALTHCHECK CMD curl x\nCMD [\"python\"]\n";
        assert!(lines(&RULE, text).is_empty());
    }
}
