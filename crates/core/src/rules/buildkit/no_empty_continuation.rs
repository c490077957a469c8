use crate::diagnostic::{Edit, Fix};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "NoEmptyContinuation",
    name: "no-empty-continuation",
    severity: Severity::Warning,
    source: Source::Buildkit,
    fix: FixAvailability::Always,
    summary: "Empty continuation lines will become errors in a future release",
    docs: r#"
## What it does
Reports an instruction continued (`\`) over an empty or whitespace-only
line. A comment line inside a continuation is not empty. The finding is
on the instruction's last line, where BuildKit reports it.

## Why is this bad?
BuildKit skips such lines today but has deprecated them: a future
Dockerfile syntax will reject the file. An empty line also looks like
the end of the instruction when it is not, so the next lines are easy to
misread.

## Fix
*Safe.* Deletes the empty lines, with their line breaks.

- **What changes in the image:** nothing: BuildKit skips those lines, so
  the instruction reads the same.
- **What must hold:** nothing.
- **What the fix checks:** only lines that are empty or hold nothing but
  blanks inside the instruction's continuation are deleted; comment lines
  stay.

## Example
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache \

    curl
```

## Use instead
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache \
    curl
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let source = cx.source();
    for inst in &cx.file.instructions {
        if inst.empty_continuation_lines.is_empty() {
            continue;
        }
        let edits = inst
            .empty_continuation_lines
            .iter()
            .map(|line| Edit::delete(with_newline(source, *line)))
            .collect();
        let fix = Fix::safe("Delete the empty continuation lines", edits);
        cx.report_fix(last_line(source, inst), "Empty continuation line", fix);
    }
}

/// The instruction's last line, heredoc bodies left out: where BuildKit
/// reports the warning (its parser knows the line only once it has read
/// the whole instruction).
fn last_line(source: &str, inst: &crate::syntax::Instruction) -> Span {
    let end = inst.heredocs.first().map_or(inst.span.end, |h| {
        source[..h.body_span.start.min(source.len())]
            .trim_end_matches(['\n', '\r'])
            .len()
    });
    let start = source[..end].rfind('\n').map_or(0, |p| p + 1);
    Span::new(start.max(inst.span.start), end)
}

/// `line` (without its end) extended over the line break that ends it.
fn with_newline(source: &str, line: Span) -> Span {
    let rest = &source[line.end..];
    let nl = if rest.starts_with("\r\n") {
        2
    } else {
        usize::from(rest.starts_with('\n'))
    };
    Span::new(line.start, line.end + nl)
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, fixes_cleanly};

    #[test]
    fn reports_once_per_instruction() {
        let text = "FROM a\nCOPY a \\\n\n  \\\n.\nCOPY a \\\n# note\n.\n";
        let d = findings(&RULE, text);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].message, "Empty continuation line");
    }

    #[test]
    fn reported_on_the_last_line_as_buildkit_does() {
        let text = "FROM a\nRUN a \\\n\n  b \\\n  c\nRUN <<EOF \\\n\n  x\ny\nEOF\n";
        let d = findings(&RULE, text);
        let lines: Vec<&str> = d.iter().map(|d| &text[d.span.start..d.span.end]).collect();
        assert_eq!(lines, ["  c", "  x"]);
    }

    #[test]
    fn fix_deletes_the_empty_lines() {
        let text = "FROM a\r\nRUN a \\\r\n\r\n   \r\n    b\r\n";
        assert_eq!(
            fixes_cleanly(&RULE, text),
            "FROM a\r\nRUN a \\\r\n    b\r\n"
        );
        let text = "FROM a\nEXPOSE \\\n\n80\n";
        let out = fixes_cleanly(&RULE, text);
        assert_eq!(out, "FROM a\nEXPOSE \\\n80\n");
        let before = crate::syntax::parse(text);
        let after = crate::syntax::parse(&out);
        assert_eq!(
            before.instructions[1].args.text,
            after.instructions[1].args.text
        );
    }
}
