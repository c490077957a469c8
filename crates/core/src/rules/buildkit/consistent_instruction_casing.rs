use crate::rules::buildkit::{is_self_consistent, rewrite, stage_instructions};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Keyword;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "ConsistentInstructionCasing",
    name: "consistent-instruction-casing",
    severity: Severity::Warning,
    source: Source::Buildkit,
    fix: FixAvailability::Sometimes,
    summary:
        "All commands within the Dockerfile should use the same casing (either upper or lower)",
    docs: r#"
## What it does
Reports an instruction keyword that is not written in the case most of
the file's keywords use: `copy` among `COPY`s, `FROM` in a lowercase
file, and any keyword in mixed case (`From`, `EntryPoint`). As in
BuildKit, the majority is counted over the instructions from the first
`FROM` on (keywords in mixed case do not count); a tie means uppercase.

## Why is this bad?
Keywords are case-insensitive, but a file that mixes cases is harder to
scan, and a mixed-case keyword reads like an identifier.

## Fix
*Safe.* Writes the keyword in the majority's case.

- **What changes in the image:** nothing: BuildKit reads keywords in any
  case.
- **What must hold:** nothing.
- **What the fix checks:** the keyword is written in one piece: one split
  by a line continuation is reported without an edit. Only the
  instruction's own keyword is rewritten (`ONBUILD`, not the instruction
  it wraps).

## Example
```dockerfile
FROM alpine
run echo hello > /greeting.txt
EntryPoint ["cat", "/greeting.txt"]
```

## Use instead
```dockerfile
FROM alpine
RUN echo hello > /greeting.txt
ENTRYPOINT ["cat", "/greeting.txt"]
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let insts = stage_instructions(cx.file);
    let known = || insts.iter().filter(|i| i.keyword != Keyword::Unknown);
    let (mut lower, mut upper) = (0, 0);
    for inst in known() {
        let kw = inst.keyword_word.text.as_str();
        if is_self_consistent(kw) {
            // Known keywords are ASCII.
            if !kw.bytes().any(|b| b.is_ascii_uppercase()) {
                lower += 1;
            } else {
                upper += 1;
            }
        }
    }
    let majority_lower = lower > upper;
    for inst in known() {
        let word = &inst.keyword_word;
        let consistent = if majority_lower {
            !word.text.bytes().any(|b| b.is_ascii_uppercase())
        } else {
            !word.text.bytes().any(|b| b.is_ascii_lowercase())
        };
        if consistent {
            continue;
        }
        let wanted = if majority_lower {
            word.text.to_lowercase()
        } else {
            word.text.to_uppercase()
        };
        if word.text == wanted {
            continue;
        }
        let casing = if majority_lower {
            "lowercase"
        } else {
            "uppercase"
        };
        let message = format!(
            "Command '{}' should match the case of the command majority ({casing})",
            word.text
        );
        let fix = (word.span.len() == word.text.len()).then(|| rewrite(word.span, wanted));
        cx.report_with(inst.span, message, fix);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{fixes_cleanly, messages};

    #[test]
    fn reports_against_the_majority() {
        assert_eq!(
            messages(&RULE, "FROM scratch\ncopy a /foo\nCOPY b /bar\n"),
            ["Command 'copy' should match the case of the command majority (uppercase)"]
        );
        assert_eq!(
            messages(
                &RULE,
                "FROM scratch\ncopy a /foo\ncopy a /bar\ncopy a /baz\n"
            ),
            ["Command 'FROM' should match the case of the command majority (lowercase)"]
        );
        assert_eq!(
            messages(&RULE, "frOM scratch as base\nfrom scratch as b2\n"),
            ["Command 'frOM' should match the case of the command majority (lowercase)"]
        );
        // A tie is uppercase; global ARGs and heredoc bodies do not count.
        assert_eq!(messages(&RULE, "arg A=1\nfrom a\nRUN x\n").len(), 1);
        assert!(messages(&RULE, "from a\nrun <<EOF\nENV x\nEOF\n").is_empty());
        assert!(messages(&RULE, "FROM a\nCOPY x /y\n").is_empty());
    }

    #[test]
    fn fix_recases_keywords() {
        let text = "From alpine\nRun echo hi\nEntRYpOiNT [\"cat\"]\n";
        assert_eq!(
            fixes_cleanly(&RULE, text),
            "FROM alpine\nRUN echo hi\nENTRYPOINT [\"cat\"]\n"
        );
        let text = "from a\n# note\nCOPY x /y\nrun z\n";
        assert_eq!(
            fixes_cleanly(&RULE, text),
            "from a\n# note\ncopy x /y\nrun z\n"
        );
    }
}
