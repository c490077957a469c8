use crate::rules::hadolint::scan::label_pairs;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::semantics::{Base, EdgeKind, Target};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3049",
    name: "missing-label",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Label `<label>` is missing.",
    docs: r#"
## What it does
Reports, at its `FROM`, a stage that does not set a label of the label
schema, neither itself nor through the stages it is built `FROM`. Stages
only used as a source of `COPY --from` are not reported: they never
become an image. As in hadolint, a label set in a stage built `FROM`
this one without an alias of its own (`FROM base`, then `LABEL`) counts
for this one too.

Only active with a label schema in the configuration (hadolint's
`label-schema`).

## Configuration
```json
{"label_schema": {"org.opencontainers.image.source": "url"}}
```

## Why is this bad?
A label schema lists what every image must say about itself: where its
source is, which version it is, who maintains it. An image without them
cannot be traced back by registries, scanners or the people on call.

## Example
```dockerfile
FROM alpine:3.20
CMD ["sh"]
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.source="https://github.com/example/app"
CMD ["sh"]
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let schema: Vec<String> = cx.config.label_schema.keys().cloned().collect();
    if schema.is_empty() {
        return;
    }
    let sem = cx.semantics();
    // Labels each stage sets itself.
    let own: Vec<Vec<String>> = sem
        .stages
        .iter()
        .map(|s| {
            s.instructions()
                .flat_map(|i| label_pairs(cx, i).into_iter().map(|(k, _)| k))
                .collect()
        })
        .collect();
    for stage in &sem.stages {
        let copied_from = sem
            .edges
            .iter()
            .any(|e| e.kind == EdgeKind::CopyFrom && e.target == Target::Stage(stage.index));
        if copied_from {
            continue;
        }
        let span = cx.file.instructions[stage.from].span;
        for label in &schema {
            let mut current = stage.index;
            let mut found = own[current].contains(label);
            for _ in 0..sem.stages.len() {
                if found {
                    break;
                }
                match sem.stages[current].base {
                    Base::Stage(p) if p < current => {
                        current = p;
                        found = own[p].contains(label);
                    }
                    _ => break,
                }
            }
            // As hadolint reads it: a stage built `FROM` this one without
            // an alias of its own (`FROM base`) that sets the label counts
            // as setting it for this one.
            let set_by_child = sem.stages.iter().any(|c| {
                c.base == Base::Stage(stage.index)
                    && c.alias.is_none()
                    && own[c.index].contains(label)
            });
            if !found && !set_by_child {
                cx.report(span, format!("Label `{label}` is missing."));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LabelType;
    use crate::testing::{findings_with, lines_with};
    use crate::Config;

    #[test]
    fn missing() {
        let text = "FROM a:1 AS build\nRUN x\nFROM b:1 AS base\nLABEL a=1\nFROM base\nFROM c:1\nCOPY --from=build /x /x\n";
        assert!(findings_with(&RULE, text, &Config::default()).is_empty());
        let mut config = Config::default();
        config.label_schema.insert("a".into(), LabelType::Text);
        let lines = lines_with(&RULE, text, &config);
        assert_eq!(lines, vec![6]);
    }

    #[test]
    fn a_label_set_by_an_unnamed_child_counts_for_its_parent() {
        let mut config = Config::default();
        config.label_schema.insert("a".into(), LabelType::Text);
        let lines = |text: &str| lines_with(&RULE, text, &config);
        assert!(lines("FROM a:1 AS base\nRUN x\nFROM base\nLABEL a=1\n").is_empty());
        // A child with an alias of its own does not count for its parent.
        assert_eq!(
            lines("FROM a:1 AS base\nRUN x\nFROM base AS two\nLABEL a=1\n"),
            vec![1]
        );
    }
}
