use crate::rules::buildkit::{exposed_ports, rewrite, PortSpec};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Span;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "ExposeProtoCasing",
    name: "expose-proto-casing",
    severity: Severity::Warning,
    source: Source::Buildkit,
    fix: FixAvailability::Sometimes,
    summary: "Protocol in EXPOSE instruction should be lowercase",
    docs: r#"
## What it does
Reports an `EXPOSE` port whose protocol is not lowercase (`80/TCP`,
`53/Udp`). Ports are read after variables are expanded, as BuildKit
does.

## Why is this bad?
BuildKit lowercases the protocol anyway, so `80/TCP` and `80/tcp` are
the same port; writing it lowercase keeps the file consistent with what
the image records.

## Fix
*Safe.* Lowercases the protocol as written (`80/TCP` → `80/tcp`).

- **What changes in the image:** nothing: BuildKit records the port with
  its protocol lowercased either way.
- **What must hold:** nothing.
- **What the fix checks:** the port is written literally, in one word:
  one that comes from a variable (`EXPOSE $PORT`) is reported without an
  edit.

## Example
```dockerfile
FROM alpine:3.20
EXPOSE 80/TcP
```

## Use instead
```dockerfile
FROM alpine:3.20
EXPOSE 80/tcp
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    for port in exposed_ports(cx) {
        let spec = PortSpec::parse(&port.raw);
        let lower = spec.proto.to_lowercase();
        if spec.proto == lower {
            continue;
        }
        let message = format!(
            "Defined protocol '{}' in EXPOSE instruction should be lowercase",
            port.raw
        );
        let fix = port.is_literal().then(|| {
            let end = port.word.span.end;
            rewrite(Span::new(end - spec.proto.len(), end), lower)
        });
        cx.report_with(port.instruction.span, message, fix);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, fixes_cleanly, messages};

    #[test]
    fn reports_uppercase_protocols() {
        assert_eq!(
            messages(&RULE, "FROM scratch\nEXPOSE 80/TcP 8080/TCP 8080/udp 90\n"),
            [
                "Defined protocol '80/TcP' in EXPOSE instruction should be lowercase",
                "Defined protocol '8080/TCP' in EXPOSE instruction should be lowercase",
            ]
        );
        let text = "FROM a\nARG P=53/UDP\nEXPOSE $P\nEXPOSE $UNKNOWN\n";
        let d = findings(&RULE, text);
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn fix_lowercases_the_protocol() {
        assert_eq!(
            fixes_cleanly(&RULE, "FROM a\nEXPOSE 80/TCP 127.0.0.1:53:53/Udp\n"),
            "FROM a\nEXPOSE 80/tcp 127.0.0.1:53:53/udp\n"
        );
    }
}
