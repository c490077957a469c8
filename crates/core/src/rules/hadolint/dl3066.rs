use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3066",
    name: "non-numeric-user",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Non-numeric user-id may not be resolvable by host system",
    docs: r#"
## What it does
Reports a `USER` given by name (`USER app`) rather than by numeric UID
(`USER 10001`). Variables are resolved: `USER $UID` is accepted when
`$UID` is numeric, or when its value comes from a build argument that
has no default.

## Why is this bad?
A user name only means something inside the image's `/etc/passwd`.
Orchestrators such as Kubernetes check `runAsNonRoot` against the UID
and cannot verify a name; volume permissions on the host are also set by
number. A numeric UID (and GID) states exactly who runs the process.

## Example
```dockerfile
FROM node:20
USER node
```

## Use instead
```dockerfile
FROM node:20
USER 1000:1000
```
"#,
    check,
};

fn numeric(uid: &str) -> bool {
    uid.chars().all(|c| c.is_ascii_digit())
}

fn uid_part(user: &str) -> &str {
    user.split(':').next().unwrap_or("")
}

/// `$name` or `${name}` appears in `text` (hadolint's test).
fn mentions(text: &str, name: &str) -> bool {
    text.contains(&format!("${{{name}}}")) || text.contains(&format!("${name}"))
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    let mut args: Vec<String> = Vec::new();
    for (i, inst) in file.instructions.iter().enumerate() {
        match &inst.body {
            Body::Arg(pairs) => args.extend(pairs.iter().map(|kv| kv.key.text.clone())),
            Body::User(user) => {
                let text = user.text.trim();
                if numeric(uid_part(text)) {
                    continue;
                }
                let bad = if text.contains('$') {
                    let resolved = cx.resolve(i, text);
                    if resolved.is_complete() {
                        !numeric(uid_part(&resolved.value))
                    } else {
                        // Unknown at lint time: accepted when it comes from a
                        // build argument, as hadolint does.
                        !args.iter().any(|a| mentions(text, a))
                    }
                } else {
                    true
                };
                if bad {
                    cx.report(inst.span, RULE.summary);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::hadolint::scan::check::lines;

    #[test]
    fn users() {
        let text = "FROM a:1\nUSER app\nUSER 1000\nUSER 1000:1000\nUSER app:1000\nARG UID\nUSER $UID\nENV N=1001\nUSER ${N}\nENV M=bob\nUSER $M\nUSER $FROM_BASE\n";
        assert_eq!(lines(&RULE, text), vec![2, 5, 11, 12]);
    }
}
