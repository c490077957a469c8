use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DD017",
    name: "ssh-port-exposed",
    severity: Severity::Warning,
    source: Source::Drydock,
    fix: FixAvailability::Never,
    summary: "`EXPOSE 22`: the image offers SSH.",
    docs: r#"
## What it does
Reports an `EXPOSE` of port 22 (`22`, `22/tcp`, `22/udp`, or a range
that contains it, variables resolved).

Also reported by Trivy DS-0004 and Checkov CKV_DOCKER_1.

## Why is this bad?
An SSH server in a container is one more service to keep patched, one
more set of credentials to manage, and a way in that bypasses the
container runtime's own access (`docker exec`, `kubectl exec`), which is
logged and governed by the platform's permissions.

## Fix
*Manual.* Drop the port and the SSH server; use `docker exec` or
`kubectl exec` to get a shell in a running container. An image whose
purpose is to be an SSH server (a bastion, a Git server) can ignore this
rule with `# drydock ignore=DD017`.

## Example
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends openssh-server
EXPOSE 22 8080
```

## Use instead
```dockerfile
FROM debian:12
EXPOSE 8080
```
"#,
    check,
};

/// The port range of one `EXPOSE` word (`22`, `22/tcp`, `20-30`).
fn covers_22(word: &str) -> bool {
    let port = word.split('/').next().unwrap_or(word);
    let (lo, hi) = port.split_once('-').unwrap_or((port, port));
    match (lo.trim().parse::<u32>(), hi.trim().parse::<u32>()) {
        (Ok(lo), Ok(hi)) => lo <= 22 && 22 <= hi,
        _ => false,
    }
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    for (i, inst) in file.instructions.iter().enumerate() {
        let words = match &inst.body {
            Body::Expose(words) => words,
            Body::Onbuild(inner) => match &inner.body {
                Body::Expose(words) => words,
                _ => continue,
            },
            _ => continue,
        };
        for w in words {
            let value = cx.resolve(i, &w.text).value;
            // A variable can hold several ports.
            if value.split_whitespace().any(covers_22) {
                cx.report(
                    w.span,
                    format!(
                        "`EXPOSE {}` offers SSH: get a shell with `docker exec` instead",
                        w.text
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports;

    #[test]
    fn reports_port_22() {
        for text in [
            "FROM a\nEXPOSE 22\n",
            "FROM a\nEXPOSE 80 22/tcp\n",
            "FROM a\nARG P=22\nEXPOSE $P\n",
            "FROM a\nEXPOSE 20-30\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn leaves_other_ports_alone() {
        for text in [
            "FROM a\nEXPOSE 2222\n",
            "FROM a\nEXPOSE 8022/tcp 220\n",
            "FROM a\nEXPOSE $PORT\n",
            "FROM a\nRUN echo 22\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }
}
