use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3011",
    name: "invalid-port",
    severity: Severity::Error,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Valid UNIX ports range from 0 to 65535",
    docs: r#"
## What it does
Reports an `EXPOSE` with a port (or a port range bound) above 65535.

## Why is this bad?
TCP and UDP ports are 16-bit numbers. A larger number is a typo, and
`docker run -P` or an orchestrator reading the image's exposed ports will
reject it or map something else.

## Example
```dockerfile
FROM nginx:1.27
EXPOSE 80800
```

## Use instead
```dockerfile
FROM nginx:1.27
EXPOSE 8080
```
"#,
    check,
};

/// True when a port spec (`80`, `80/tcp`, `8000-8010/udp`) names a number
/// above 65535. Variables and other non-numbers are not judged.
pub fn out_of_range(spec: &str) -> bool {
    let port = spec.split('/').next().unwrap_or("");
    port.split('-').any(|p| {
        !p.is_empty()
            && p.chars().all(|c| c.is_ascii_digit())
            && p.parse::<u64>().map_or(true, |n| n > 65535)
    })
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    for inst in &file.instructions {
        let Body::Expose(ports) = &inst.body else {
            continue;
        };
        if ports.iter().any(|p| out_of_range(p.text.trim_matches('"'))) {
            cx.report(inst.span, RULE.summary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::lines;

    #[test]
    fn ports() {
        let text = "FROM a:1\nEXPOSE 80 443/tcp\nEXPOSE 65536\nEXPOSE 8000-70000/udp\nEXPOSE $PORT\nEXPOSE 65535\n";
        assert_eq!(lines(&RULE, text), vec![3, 4]);
    }
}
