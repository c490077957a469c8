use crate::diagnostic::{Edit, Fix};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::{Body, Instruction, KeyValue, Span};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "LegacyKeyValueFormat",
    name: "legacy-key-value-format",
    severity: Severity::Warning,
    source: Source::Buildkit,
    fix: FixAvailability::Sometimes,
    summary: "Legacy key/value format with whitespace separator should not be used",
    docs: r#"
## What it does
Reports `ENV key value` and `LABEL key value`, the legacy form with a
space instead of `=`, and `ARG key value`.

## Why is this bad?
The legacy form is deprecated. It also reads differently from what it
does: everything after the key, spaces included, is one value, so `ENV
A 1 B 2` sets `A` to `1 B 2`. And `ARG key value` is not legacy syntax
at all: BuildKit reads it as two build arguments, `key` and `value`
(which is why it reports nothing for it; the BuildKit documentation
lists it as a mistake, and so do we).

## Fix
*Safe*, for `ENV` and `LABEL`: writes `key=value`.

- **What changes in the image:** nothing: the value stays exactly what
  BuildKit sets today. Unquoted spaces are kept by putting the value in
  double quotes, or, when it already has quotes or escapes, by escaping
  each space with the escape character (`\` or the `# escape=` one);
  variables, quotes and escapes are left as they are.
- **What must hold:** the value read today is the one meant.
- **What the fix checks:** no comment or empty line sits between the key
  and its value, and the value does not start with `=`: `LABEL a = "x"`
  is a label `a` whose value is `= "x"`, a mistake that keeping the value
  would keep, so only the explanation is given. For `ARG key value` what
  was meant is a choice (a default, or two arguments): no edit.

## Example
```dockerfile
FROM alpine:3.20
ENV DEPS curl git make
LABEL description A small image
```

## Use instead
```dockerfile
FROM alpine:3.20
ENV DEPS="curl git make"
LABEL description="A small image"
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    for inst in &file.instructions {
        let kw = &inst.keyword_word.text;
        let message = || {
            format!("\"{kw} key=value\" should be used instead of legacy \"{kw} key value\" format")
        };
        match &inst.body {
            Body::Env(pairs) | Body::Label(pairs) => {
                let Some(kv) = pairs.iter().find(|kv| kv.legacy) else {
                    continue;
                };
                // `LABEL a = "x" b = "y"` is one label `a` whose value is
                // `= "x" b = "y"`: keeping that value would keep the
                // mistake; what was meant is for the author to confirm.
                let meant_pairs = kv
                    .value
                    .as_ref()
                    .is_some_and(|v| v.text.trim_start().starts_with('='));
                let fix = if !cx.wants_fixes() {
                    None
                } else if meant_pairs {
                    Some(Fix::manual(format!(
                        "This is one {kw} named `{}` whose value starts with `=`: the spaces \
                         around `=` make it the legacy form. Write each pair as `key=value` \
                         (no spaces around `=`): that changes the image's {kw}s to what was \
                         meant",
                        kv.key.text
                    )))
                } else {
                    modern_form(cx.source(), inst, kv, file.escape)
                        .map(|edits| Fix::safe("Write `key=value`", edits))
                };
                cx.report_with(inst.span, message(), fix);
            }
            Body::Arg(pairs) if pairs.len() == 2 && pairs.iter().all(|kv| kv.value.is_none()) => {
                let d = cx.report(inst.span, message());
                d.fix = Some(Fix::manual(format!(
                    "BuildKit reads this as two build arguments, `{0}` and `{1}`: write `ARG {0}={1}` if `{1}` is the default, or declare each on its own line",
                    pairs[0].key.text, pairs[1].key.text
                )));
            }
            _ => {}
        }
    }
}

/// The edits that turn legacy `KEY value` into `KEY=value` with the same
/// value (see the docs). `None` when the text between key and value holds
/// a comment or an empty line, or the value ends with an escape.
fn modern_form(source: &str, inst: &Instruction, kv: &KeyValue, escape: char) -> Option<Vec<Edit>> {
    let value = kv.value.as_ref()?;
    let sep = Span::new(kv.key.span.end, value.span.start);
    let between = source.get(sep.start..sep.end)?;
    if between.contains('#') || has_empty_line(between) || value.text.ends_with(escape) {
        return None;
    }
    // The value is the end of the instruction's arguments.
    let args = &inst.args;
    let value_at = args.text.len().checked_sub(value.text.len())?;
    if args.text.get(value_at..)? != value.text {
        return None;
    }
    let spaces = unquoted_spaces(&value.text, escape);
    if spaces.is_empty() {
        return Some(vec![Edit::replace(sep, "=")]);
    }
    if !value.text.contains(['"', '\'', escape]) {
        return Some(vec![
            Edit::replace(sep, "=\""),
            Edit::insert(value.span.end, "\""),
        ]);
    }
    let mut edits = vec![Edit::replace(sep, "=")];
    for at in spaces {
        edits.push(Edit::insert(
            args.to_source(value_at + at),
            escape.to_string(),
        ));
    }
    Some(edits)
}

/// A line holding only spaces or tabs between two line breaks.
fn has_empty_line(text: &str) -> bool {
    let lines: Vec<&str> = text.split('\n').collect();
    lines.len() > 2
        && lines[1..lines.len() - 1]
            .iter()
            .any(|l| l.trim().is_empty())
}

/// Byte offsets of the white space outside quotes and escapes: where
/// BuildKit's word splitting would cut `key=value`.
fn unquoted_spaces(text: &str, escape: char) -> Vec<usize> {
    let mut out = Vec::new();
    let mut quote: Option<char> = None;
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match quote {
            Some('\'') if c == '\'' => quote = None,
            Some('\'') => {}
            Some(_) if c == escape => {
                chars.next();
            }
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == escape => {
                chars.next();
            }
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c.is_whitespace() => out.push(i),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::syntax::Body;
    use crate::testing::{findings, fixes_cleanly, messages};

    #[test]
    fn reports_legacy_pairs() {
        assert_eq!(
            messages(&RULE, "FROM scratch\nENV testkey value\nLABEL key value\n"),
            [
                "\"ENV key=value\" should be used instead of legacy \"ENV key value\" format",
                "\"LABEL key=value\" should be used instead of legacy \"LABEL key value\" format",
            ]
        );
        assert!(messages(
            &RULE,
            "FROM a\nENV k=v\nLABEL k=v a=\"b c\"\nARG foo=bar\nARG A B C\n"
        )
        .is_empty());
        let d = findings(&RULE, "FROM a\nARG foo bar\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.as_ref().is_some_and(|f| f.edits.is_empty()));
    }

    /// The value BuildKit sets for each ENV of `text`, in order: the
    /// value as written, unquoted.
    fn values(text: &str) -> Vec<String> {
        let file = crate::syntax::parse(text);
        file.instructions
            .iter()
            .filter_map(|i| match &i.body {
                Body::Env(pairs) => Some(pairs),
                _ => None,
            })
            .flatten()
            .map(|kv| {
                kv.value
                    .as_ref()
                    .map(|v| v.unquoted(file.escape))
                    .unwrap_or_default()
            })
            .collect()
    }

    #[test]
    fn fix_keeps_the_value() {
        for (text, want) in [
            ("FROM a\nENV A b\n", "FROM a\nENV A=b\n"),
            (
                "FROM a\nENV A hello   world\n",
                "FROM a\nENV A=\"hello   world\"\n",
            ),
            (
                "FROM a\nENV A $B/bin:${C:-x}\n",
                "FROM a\nENV A=$B/bin:${C:-x}\n",
            ),
            (
                "FROM a\nENV A \"quoted value\"\n",
                "FROM a\nENV A=\"quoted value\"\n",
            ),
            ("FROM a\nENV A \"x y\" z\n", "FROM a\nENV A=\"x y\"\\ z\n"),
            ("FROM a\nENV A a\\tb c\n", "FROM a\nENV A=a\\tb\\ c\n"),
            (
                "# escape=`\nFROM a\nENV A C:\\x 'y z' w\n",
                "# escape=`\nFROM a\nENV A=C:\\x` 'y z'` w\n",
            ),
            (
                "FROM a\nENV DEPS \\\n    curl \\\n    git\n",
                "FROM a\nENV DEPS=\"curl \\\n    git\"\n",
            ),
            (
                "FROM a\nLABEL description A small image\n",
                "FROM a\nLABEL description=\"A small image\"\n",
            ),
        ] {
            let out = fixes_cleanly(&RULE, text);
            assert_eq!(out, want, "{text}");
            assert_eq!(values(&out), values(text), "{text}");
        }
    }

    #[test]
    fn no_edit_for_pairs_written_with_spaces_around_equals() {
        let text = "FROM a\nLABEL org.label-schema.name = \"x\" \\\n      org.label-schema.url = \"https://x\"\n";
        let d = findings(&RULE, text);
        assert_eq!(d.len(), 1);
        let fix = d[0].fix.as_ref().unwrap();
        assert!(fix.edits.is_empty());
        assert!(
            fix.message.contains("`org.label-schema.name`"),
            "{}",
            fix.message
        );
    }

    #[test]
    fn no_fix_over_a_comment() {
        let text = "FROM a\nENV A \\\n# note\n  b c\n";
        let d = findings(&RULE, text);
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none());
    }
}
