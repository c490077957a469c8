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
nor through the stages it is built `FROM`. As in hadolint, a
`HEALTHCHECK` in a stage built on this one counts for this one too (and
for the stages this one is built on).

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
    let parent = |s: usize| match sem.stages[s].base {
        Base::Stage(p) if p < s => Some(p),
        _ => None,
    };
    // hadolint's reading, in file order: a stage starts good when the stage
    // it is built on is good at that point; a `HEALTHCHECK` makes its stage
    // good, and every stage that one is built on.
    let mut good = vec![false; sem.stages.len()];
    for stage in &sem.stages {
        good[stage.index] = parent(stage.index).is_some_and(|p| good[p]);
        for i in stage.instructions() {
            if file.instructions[i].keyword != Keyword::Healthcheck {
                continue;
            }
            let mut current = Some(stage.index);
            for _ in 0..=sem.stages.len() {
                let Some(s) = current else { break };
                good[s] = true;
                current = parent(s);
            }
        }
    }
    for stage in &sem.stages {
        if !good[stage.index] {
            cx.report(file.instructions[stage.from].span, RULE.summary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings_with, lines_with};
    use crate::Config;

    #[test]
    fn stages_without_healthcheck() {
        let text = "FROM a:1 AS base\nHEALTHCHECK CMD x\nFROM base AS two\nFROM b:1\nRUN y\n";
        assert!(findings_with(&RULE, text, &Config::default()).is_empty());
        let mut config = Config::default();
        config.set_override("DL3057", "info");
        let lines = lines_with(&RULE, text, &config);
        assert_eq!(lines, vec![4]);
    }

    #[test]
    fn a_childs_healthcheck_counts_for_its_parents() {
        let mut config = Config::default();
        config.set_override("DL3057", "info");
        let lines = |text: &str| lines_with(&RULE, text, &config);
        // `one` and `base` are good through `two`; `other` was built on
        // `base` before that was known, as hadolint reads it.
        let text = "FROM a:1 AS base\nFROM base AS other\nFROM base AS one\nFROM one AS two\nHEALTHCHECK CMD x\nFROM base AS three\n";
        assert_eq!(lines(text), vec![2]);
    }
}
