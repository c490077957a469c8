use crate::diagnostic::{Edit, Fix};
use crate::rules::buildkit::{exposed_ports, PortSpec};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "ExposeInvalidFormat",
    name: "expose-invalid-format",
    severity: Severity::Warning,
    source: Source::Buildkit,
    fix: FixAvailability::Sometimes,
    summary: "IP address and host-port mapping should not be used in EXPOSE instruction. This will become an error in a future release",
    docs: r#"
## What it does
Reports an `EXPOSE` port written with a host port or an IP address
(`80:80`, `127.0.0.1:80:80`), the syntax of `docker run -p`.

## Why is this bad?
`EXPOSE` only documents which ports the container listens on; it cannot
publish them. BuildKit drops the host part and records the container
port alone, and will reject the syntax in a future release. Publish the
port at run time (`docker run -p 8080:80`) instead.

## Fix
*Safe.* Keeps the container port and its protocol only
(`127.0.0.1:8080:80/udp` → `80/udp`).

- **What changes in the image:** nothing: BuildKit records the container
  port alone today. Where BuildKit rejects the host part (an IP address
  it cannot parse, a host port out of range, a host range for a
  container range of another length) the build failed there: it now
  builds.
- **What must hold:** nothing: `EXPOSE` never published the host port;
  `docker run -p` does.
- **What the fix checks:** the port is written literally, in one word,
  and its container part is a port or a range with no protocol or `tcp`,
  `udp` or `sctp`. A port that comes from a variable, or whose container
  part is not one, is reported without an edit.

## Example
```dockerfile
FROM alpine:3.20
EXPOSE 127.0.0.1:80:80
```

## Use instead
```dockerfile
FROM alpine:3.20
EXPOSE 80
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    for port in exposed_ports(cx) {
        let spec = PortSpec::parse(&port.raw);
        if spec.ip.is_empty() && spec.host.is_empty() {
            continue;
        }
        let message = format!(
            "EXPOSE instruction should not define an IP address or host-port mapping, found '{}'",
            port.raw
        );
        let keep = port.is_literal() && is_port_range(spec.port) && is_proto(spec.proto);
        let fix = keep.then(|| {
            let container = &port.raw[spec.container_at..];
            Fix::safe(
                format!("Expose `{container}` only; publish it with `docker run -p`"),
                vec![Edit::replace(port.word.span, container)],
            )
        });
        cx.report_with(port.instruction.span, message, fix);
    }
}

/// `80` or `8000-8010`.
fn is_port_range(s: &str) -> bool {
    let number = |n: &str| !n.is_empty() && n.len() <= 5 && n.bytes().all(|b| b.is_ascii_digit());
    match s.split_once('-') {
        Some((a, b)) => number(a) && number(b),
        None => number(s),
    }
}

fn is_proto(s: &str) -> bool {
    matches!(s.to_ascii_lowercase().as_str(), "" | "tcp" | "udp" | "sctp")
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, fixes_cleanly, messages};

    #[test]
    fn reports_host_mappings() {
        assert_eq!(
            messages(&RULE, "FROM scratch\nEXPOSE 127.0.0.1:80:80 [::1]:8080:8080 5000:5000 8000\n"),
            [
                "EXPOSE instruction should not define an IP address or host-port mapping, found '127.0.0.1:80:80'",
                "EXPOSE instruction should not define an IP address or host-port mapping, found '[::1]:8080:8080'",
                "EXPOSE instruction should not define an IP address or host-port mapping, found '5000:5000'",
            ]
        );
        assert!(messages(&RULE, "FROM a\nEXPOSE 80 443/tcp 8000-8010/udp\n").is_empty());
    }

    #[test]
    fn fix_keeps_the_container_port() {
        assert_eq!(
            fixes_cleanly(&RULE, "FROM a\nEXPOSE 80:80 [::1]:53:53/udp 9000\n"),
            "FROM a\nEXPOSE 80 53/udp 9000\n"
        );
        // Through a variable: reported, not edited.
        let d = findings(&RULE, "FROM a\nARG P=80:80\nEXPOSE $P\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none());
    }
}
