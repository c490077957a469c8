use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Keyword;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3023",
    name: "copy-from-own-stage",
    severity: Severity::Error,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "`COPY --from` cannot reference its own `FROM` alias",
    docs: r#"
## What it does
Reports `COPY --from=name` inside the stage that is itself named `name`
(variables resolved).

## Why is this bad?
A stage cannot copy from itself: it does not exist yet while it is being
built. BuildKit rejects the build (a circular dependency), or, when the
name also exists as an image, silently copies from that image instead.

## Example
```dockerfile
FROM node:20 AS build
COPY --from=build /app/dist /srv
```

## Use instead
```dockerfile
FROM node:20 AS build
RUN npm run build
FROM nginx:1.27
COPY --from=build /app/dist /usr/share/nginx/html
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    let sem = cx.semantics();
    for (i, inst) in file.instructions.iter().enumerate() {
        if inst.keyword != Keyword::Copy {
            continue;
        }
        let Some(value) = inst.flag("from").and_then(|f| f.value.as_ref()) else {
            continue;
        };
        let Some(alias) = sem.stage_of(i).and_then(|s| s.alias.as_deref()) else {
            continue;
        };
        let resolved = cx.resolve(i, &value.text);
        if resolved.is_complete() && resolved.value.eq_ignore_ascii_case(alias) {
            cx.report(inst.span, RULE.summary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::lines;

    #[test]
    fn own_alias() {
        let text = "FROM a:1 AS one\nCOPY --from=one /x /x\nFROM b:1 AS two\nCOPY --from=one /x /x\nCOPY --from=Two /x /x\n";
        assert_eq!(lines(&RULE, text), vec![2, 5]);
    }
}
