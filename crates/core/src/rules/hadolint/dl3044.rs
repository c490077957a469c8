use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3044",
    name: "env-self-reference",
    severity: Severity::Error,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Do not refer to an environment variable within the same `ENV` statement where it is defined.",
    docs: r#"
## What it does
Reports an `ENV` that defines a variable and uses it in another of its own
pairs, when the variable was not defined before (by an earlier `ENV` or
`ARG`).

## Why is this bad?
Docker expands every value of one `ENV` instruction before setting any of
them. In `ENV DIR=/opt/app PATH=$DIR/bin:$PATH`, `$DIR` is still empty
when `PATH` is computed, so `PATH` gets `/bin` instead of
`/opt/app/bin`. Split the instruction.

## Example
```dockerfile
FROM alpine:3.20
ENV APP_HOME=/opt/app APP_BIN=$APP_HOME/bin
```

## Use instead
```dockerfile
FROM alpine:3.20
ENV APP_HOME=/opt/app
ENV APP_BIN=$APP_HOME/bin
```
"#,
    check,
};

/// `$name` (not followed by a name character) or `${name}` in `text`.
pub fn references(text: &str, name: &str) -> bool {
    // Read at each `$` (no `${name}` or `$name` pattern built per call).
    let braced = |i: usize| {
        text[i + 1..]
            .strip_prefix('{')
            .and_then(|r| r.strip_prefix(name))
            .is_some_and(|r| r.starts_with('}'))
    };
    if text.match_indices('$').any(|(i, _)| braced(i)) {
        return true;
    }
    // `$name` not followed by a name character; the search goes on after
    // a match that is followed by one.
    let mut from = 0;
    while let Some(k) = text[from..].find('$') {
        let i = from + k;
        match text[i + 1..].strip_prefix(name) {
            Some(after) => {
                if !after
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    return true;
                }
                from = i + 1 + name.len();
            }
            None => from = i + 1,
        }
    }
    false
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    let mut defined: std::collections::HashSet<String> = std::collections::HashSet::new();
    for inst in &file.instructions {
        match &inst.body {
            Body::Env(pairs) => {
                let bad = pairs.iter().enumerate().any(|(i, kv)| {
                    let name = kv.key.text.as_str();
                    !defined.contains(name)
                        && pairs.iter().enumerate().any(|(j, other)| {
                            j != i
                                && other
                                    .value
                                    .as_ref()
                                    .is_some_and(|v| references(&v.text, name))
                        })
                });
                defined.extend(pairs.iter().map(|kv| kv.key.text.clone()));
                if bad {
                    cx.report(inst.span, RULE.summary);
                }
            }
            Body::Arg(pairs) => defined.extend(pairs.iter().map(|kv| kv.key.text.clone())),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::lines;

    #[test]
    fn same_statement() {
        let text = "FROM a:1\nENV A=1 B=$A\nENV C=1 D=${C}\nENV E=1 F=$EE\nENV PATH=/x:$PATH\nARG G\nENV G=1 H=$G\nENV I=1\nENV I=2 J=$I\n";
        assert_eq!(lines(&RULE, text), vec![2, 3]);
    }
}
