use crate::rules::hadolint::scan::enabled_by_override;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::semantics::Base;
use crate::syntax::Keyword;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3057",
    name: "missing-healthcheck",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "`HEALTHCHECK` instruction missing.",
    docs: r#"
## What it does
Reports a stage (at its `FROM`) that has no `HEALTHCHECK`, neither itself
nor through the stages it is built `FROM`.

Off by default, as in hadolint: enable it by giving it a severity in the
configuration.

## Configuration
```json
{"severity_overrides": {"DL3057": "info"}}
```

## Why is this bad?
Without a health check Docker only knows whether the process is running,
not whether it works: a deadlocked server stays "up". Orchestrators that
honour the image's `HEALTHCHECK` (Docker, Swarm, Compose
`depends_on: condition: service_healthy`) can restart or hold back an
unhealthy container. Images based on a scratch or distroless base may
have no tool to probe with; there the orchestrator's own probes are the
better place.

## Example
```dockerfile
FROM nginx:1.27
COPY site/ /usr/share/nginx/html/
```

## Use instead
```dockerfile
FROM nginx:1.27
COPY site/ /usr/share/nginx/html/
HEALTHCHECK CMD curl -fsS http://localhost/ || exit 1
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    if !enabled_by_override(cx, RULE.code) {
        return;
    }
    let file = cx.file;
    let sem = cx.semantics();
    let has_own: Vec<bool> = sem
        .stages
        .iter()
        .map(|s| {
            s.instructions()
                .any(|i| file.instructions[i].keyword == Keyword::Healthcheck)
        })
        .collect();
    for stage in &sem.stages {
        // Walk the chain of parent stages (bounded by the stage count).
        let mut current = stage.index;
        let mut good = has_own[current];
        for _ in 0..sem.stages.len() {
            if good {
                break;
            }
            match sem.stages[current].base {
                Base::Stage(p) if p < current => {
                    current = p;
                    good = has_own[p];
                }
                _ => break,
            }
        }
        if !good {
            cx.report(file.instructions[stage.from].span, RULE.summary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::position::LineIndex;
    use crate::rules::testing::codes_with;
    use crate::Config;

    #[test]
    fn stages_without_healthcheck() {
        let text = "FROM a:1 AS base\nHEALTHCHECK CMD x\nFROM base AS two\nFROM b:1\nRUN y\n";
        assert!(codes_with(&RULE, text, &Config::default()).is_empty());
        let mut config = Config::default();
        config.set_override("DL3057", "info");
        let index = LineIndex::new(text);
        let lines: Vec<usize> = codes_with(&RULE, text, &config)
            .iter()
            .map(|d| index.line(d.span.start))
            .collect();
        assert_eq!(lines, vec![4]);
    }
}
