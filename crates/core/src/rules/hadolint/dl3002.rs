use crate::rules::shared::is_root;
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::{Body, Span};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3002",
    name: "last-user-root",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Last USER should not be root",
    docs: r#"
## What it does
Reports a stage whose last `USER` instruction switches to `root` (or UID
`0`).

## Why is this bad?
The last `USER` of a stage is the user its container runs as. A process
running as root inside a container is one kernel bug or one misconfigured
mount away from root on the host. Switch back to an unprivileged user
after the steps that need root. Like hadolint, Drydock checks every stage
that sets `USER`, not only the final one; a stage that never sets `USER`
is not reported (the base image decides).

## Example
```dockerfile
FROM node:20
USER root
RUN npm install -g pm2
```

## Use instead
```dockerfile
FROM node:20
USER root
RUN npm install -g pm2
USER node
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    // The last `USER root` of the current stage, if no later USER undid it.
    let mut in_stage = false;
    let mut pending: Vec<Span> = Vec::new();
    let mut current: Option<Span> = None;
    for inst in &file.instructions {
        match &inst.body {
            Body::From(_) => {
                pending.extend(current.take());
                in_stage = true;
            }
            Body::User(user) if in_stage => {
                current = is_root(&user.text).then_some(inst.span);
            }
            _ => {}
        }
    }
    pending.extend(current);
    for span in pending {
        cx.report(span, "Last USER should not be root");
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::lines;

    #[test]
    fn per_stage() {
        let text = "FROM a:1 AS b\nUSER root\nFROM c:1\nUSER 0:0\nRUN x\nFROM d:1\nUSER root\nUSER app\nFROM e:1\n";
        assert_eq!(lines(&RULE, text), vec![2, 4]);
        assert!(lines(&RULE, "USER root\nFROM a:1\n").is_empty());
        assert!(lines(&RULE, "FROM a:1\nUSER rooted\n").is_empty());
    }
}
