use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::suppression::check::comments_above;
use crate::syntax::{Body, ItemKind};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "InvalidDefinitionDescription",
    name: "invalid-definition-description",
    severity: Severity::Warning,
    source: Source::Buildkit,
    fix: FixAvailability::Never,
    summary: "Comment for build stage or argument should follow the format: `# <arg/stage name> <description>`. If this is not intended to be a description comment, add an empty line or comment between the instruction and the comment.",
    docs: r#"
## What it does
Reports a comment right above a named `FROM … AS name` or an `ARG` that
does not start with the stage's or argument's name, when
`# check=experimental=InvalidDefinitionDescription` (or
`experimental=all`) enables this check: it is experimental in BuildKit
and off by default, here too. A blank line, or an empty `#` line,
between the comment and the instruction detaches it, as the BuildKit
documentation describes.

## Why is this bad?
`docker buildx build --call=outline` and `--call=targets` print the
comment right above a stage or argument as its description, when it
starts with the name (`# VERSION sets the release`). Any other comment
there is shown as a broken description. Whether to rewrite the comment
or separate it is the author's choice, so no edit is offered.

## Example
```dockerfile
# check=experimental=InvalidDefinitionDescription
# a non-descriptive comment
FROM scratch AS base
```

## Use instead
```dockerfile
# check=experimental=InvalidDefinitionDescription
# base is a stage for compiling source
FROM scratch AS base
# VERSION This is the version number.
ARG VERSION=1
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    for (n, item) in file.items.iter().enumerate() {
        let ItemKind::Instruction(i) = item.kind else {
            continue;
        };
        let Some(inst) = file.instructions.get(i) else {
            continue;
        };
        let (what, keys): (&str, Vec<String>) = match &inst.body {
            Body::From(from) => match &from.alias {
                Some(alias) => ("FROM", vec![alias.text.to_lowercase()]),
                None => continue,
            },
            Body::Arg(pairs) => ("ARG", pairs.iter().map(|kv| kv.key.text.clone()).collect()),
            _ => continue,
        };
        let comments = comments_above(file, n, true);
        let (Some(last), Some(first_key)) = (comments.last(), keys.first()) else {
            continue;
        };
        let first_word = last.split(' ').next().unwrap_or_default();
        if keys.iter().any(|k| k == first_word) {
            continue;
        }
        let example = if keys.len() > 1 {
            "<arg_key>"
        } else {
            first_key.as_str()
        };
        cx.report(
            inst.span,
            format!("Comment for {what} should follow the format: `# {example} <description>`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::messages;

    #[test]
    fn buildkit_cases() {
        let text = "# bar this is the bar\nARG foo=bar\n# BasE this is the BasE image\nFROM scratch AS base\n# definitely a bad comment\nARG version=latest\n# definitely a bad comment\nARG foo=baz bar=qux baz=quux\n";
        assert_eq!(
            messages(&RULE, text),
            [
                "Comment for ARG should follow the format: `# foo <description>`",
                "Comment for FROM should follow the format: `# base <description>`",
                "Comment for ARG should follow the format: `# version <description>`",
                "Comment for ARG should follow the format: `# <arg_key> <description>`",
            ]
        );
        let text = "# foo this is the foo\nARG foo=bar\n\n# base this is the base image\nFROM scratch AS base\n# version this is the version number\nARG version=latest\n# baz this is the baz\nARG foo=baz bar=qux baz=quux\n#\nARG bit=bat\n# comment for something other than ARG or FROM\nCOPY Dockerfile .\n";
        assert!(messages(&RULE, text).is_empty());
    }

    #[test]
    fn the_last_comment_line_counts() {
        assert!(messages(&RULE, "# notes\n# foo does this\nARG foo\n").is_empty());
        assert_eq!(
            messages(&RULE, "# foo does this\n# notes\nARG foo\n").len(),
            1
        );
        assert!(messages(&RULE, "# unrelated\n\nFROM a AS b\nFROM c\n").is_empty());
    }
}
