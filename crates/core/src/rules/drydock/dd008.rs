use crate::diagnostic::Fix;
use crate::rules::drydock::lineage::{self, Family};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::{Body, Keyword};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DD008",
    name: "expose-without-healthcheck",
    severity: Severity::Info,
    source: Source::Drydock,
    fix: FixAvailability::Never,
    summary: "The final image exposes a port but has no `HEALTHCHECK`",
    docs: r#"
## What it does
Reports a final image that declares a service port with `EXPOSE` (in its
stage or a stage it is built `FROM`) and no `HEALTHCHECK`. An explicit
`HEALTHCHECK NONE` is a choice and is not reported.

## Why is this bad?
Without a health check, Docker only knows whether the process is
running, not whether it answers: a server stuck on a dead database
connection or a deadlock stays "Up" while every request times out.
`HEALTHCHECK` runs a command inside the container periodically; Docker
marks the container `unhealthy` after `--retries` failures, and Docker
Swarm, Compose (`depends_on: condition: service_healthy`) and other
orchestrators act on that status.

This is information, not a warning: Kubernetes ignores `HEALTHCHECK`
(it uses liveness and readiness probes), so images deployed there do not
need one. The explanation suggests a command for the image: Python's
`urllib` in Python images (no `curl` needed), BusyBox `wget` on Alpine,
`curl` elsewhere (install it, or use a tool the image has). Point it at
an endpoint that really checks the service.

## Example
```dockerfile
FROM python:3.13.1-slim
COPY . /app
EXPOSE 8000
CMD ["python", "/app/main.py"]
```

## Use instead
```dockerfile
FROM python:3.13.1-slim
COPY . /app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=40s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8000/health')"
CMD ["python", "/app/main.py"]
```
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    let insts = lineage::final_instructions(cx.semantics());
    if insts
        .iter()
        .any(|&i| file.instructions[i].keyword == Keyword::Healthcheck)
    {
        return;
    }
    let Some(&at) = insts
        .iter()
        .find(|&&i| matches!(&file.instructions[i].body, Body::Expose(ports) if !ports.is_empty()))
    else {
        return;
    };
    let Body::Expose(ports) = &file.instructions[at].body else {
        return;
    };
    let port = cx.resolve(at, &ports[0].text).value;
    let port = port.split('/').next().unwrap_or(&port).to_string();
    let message = format!(
        "Port {port} is exposed but the image has no `HEALTHCHECK`: Docker cannot tell a running container from a working one"
    );
    let fix = Fix::manual(format!(
        "Add a health check that queries the service, e.g. `HEALTHCHECK --interval=30s --timeout=10s --retries=3 CMD {}` (adapt the path; not needed on Kubernetes, which uses probes)",
        probe(cx, &port)
    ));
    cx.report_fix(file.instructions[at].span, message, fix);
}

/// A command that fails when nothing answers HTTP on `port`, with a tool
/// the image is likely to have.
fn probe(cx: &Checker, port: &str) -> String {
    let sem = cx.semantics();
    let url = format!("http://localhost:{port}/");
    match lineage::final_official(sem) {
        Some("python") => format!(
            "python -c \"import urllib.request; urllib.request.urlopen('{url}')\""
        ),
        Some("node") => format!(
            "node -e \"require('http').get('{url}', r => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))\""
        ),
        _ if lineage::family(cx.file, sem) == Family::Alpine => {
            format!("wget -q --spider {url} || exit 1")
        }
        _ => format!("curl -fsS {url} || exit 1"),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, lines};

    #[test]
    fn exposed_final_image_without_healthcheck() {
        let text = "FROM python:3.13.1\nWORKDIR /app\nCOPY . .\nRUN pip install -r r.txt\nEXPOSE 1234\nCMD [\"python\", \"./main.py\"]\n";
        assert_eq!(lines(&RULE, text), vec![5]);
        // Inherited from a stage the final one is built FROM.
        assert_eq!(
            lines(&RULE, "FROM nginx:1.27 AS web\nEXPOSE 80\nFROM web\n"),
            vec![2]
        );
        for good in [
            "FROM nginx:1.27\nEXPOSE 80\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n",
            "FROM nginx:1.27\nEXPOSE 80\nHEALTHCHECK NONE\n",
            "FROM nginx:1.27 AS web\nHEALTHCHECK CMD true\nFROM web\nEXPOSE 80\n",
            // A builder stage's EXPOSE is not in the final image.
            "FROM node:20 AS build\nEXPOSE 3000\nFROM nginx:1.27\nCOPY --from=build /a /a\n",
            "FROM alpine:3.20\nCMD [\"true\"]\n",
        ] {
            assert!(lines(&RULE, good).is_empty(), "{good}");
        }
    }

    #[test]
    fn suggests_a_probe_the_image_can_run() {
        let fix = |text: &str| findings(&RULE, text)[0].fix.clone().unwrap().message;
        assert!(fix("FROM python:3.12-slim\nEXPOSE 8000/tcp\n")
            .contains("urllib.request.urlopen('http://localhost:8000/')"));
        assert!(fix("FROM node:20\nEXPOSE 3000\n").contains("require('http')"));
        assert!(fix("FROM alpine:3.20\nEXPOSE 80\n").contains("wget -q --spider"));
        assert!(fix("FROM debian:12\nARG P=9000\nEXPOSE $P\n")
            .contains("curl -fsS http://localhost:9000/"));
        let d = findings(&RULE, "FROM debian:12\nEXPOSE 80\n");
        assert_eq!(d[0].severity, crate::Severity::Info);
        assert!(d[0].fix.as_ref().unwrap().edits.is_empty());
    }
}
