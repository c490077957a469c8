use crate::rules::pkg::{runs, unquote};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::syntax::Body;
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DD022",
    name: "docker-socket",
    severity: Severity::Warning,
    source: Source::Drydock,
    fix: FixAvailability::Never,
    summary: "The Docker daemon's socket is mounted or used: whoever controls the container controls the host.",
    docs: r#"
## What it does
Reports the Docker daemon's socket (`/var/run/docker.sock`,
`/run/docker.sock`) named by a `VOLUME`, mounted into a `RUN`
(`--mount=…,target=/var/run/docker.sock`), set as `DOCKER_HOST` in an
`ENV`, or used by a `RUN` command (`chmod 666 /var/run/docker.sock`).

Also reported by Semgrep's `dockerfile-dockerd-socket-mount`.

## Why is this bad?
The socket is the Docker API without authentication: a process that can
write to it can start a privileged container that mounts the host's
root file system, so it is root on the host. An image that expects the
socket (a `VOLUME` for it, a `DOCKER_HOST` pointing at it) asks whoever
runs it to hand over the host.

## Fix
*Manual.* Let the container reach a Docker API that is not the host's:
a rootless daemon, a Docker-in-Docker sidecar with TLS, or a socket
proxy that allows only the calls the container needs. To build images
inside a container, use a builder that needs no daemon (BuildKit's
rootless mode, Kaniko, Buildah).

## Example
```dockerfile
FROM docker:27-cli
VOLUME /var/run/docker.sock
```

## Use instead
```dockerfile
FROM docker:27-cli
ENV DOCKER_HOST=tcp://docker:2376 DOCKER_TLS_VERIFY=1
```
"#,
    check,
};

/// `text` names the Docker socket.
fn names_socket(text: &str) -> bool {
    const SOCKET: &str = "/run/docker.sock";
    // Most words are shorter: no search set up for them.
    text.len() >= SOCKET.len() && text.contains(SOCKET)
}

fn check(cx: &mut Checker) {
    let file = cx.file;
    for (i, inst) in file.instructions.iter().enumerate() {
        match &inst.body {
            Body::Volume { paths, .. } => {
                for p in paths {
                    if names_socket(&cx.resolve(i, unquote(&p.text)).value) {
                        cx.report(
                            p.span,
                            "A `VOLUME` for the Docker socket asks to be run with the host's \
                             daemon mounted: root on the host",
                        );
                    }
                }
            }
            Body::Env(pairs) => {
                for pair in pairs {
                    let Some(value) = &pair.value else { continue };
                    if pair.key.text.eq_ignore_ascii_case("DOCKER_HOST")
                        && names_socket(&cx.resolve(i, &value.text).value)
                    {
                        cx.report(
                            pair.span,
                            "`DOCKER_HOST` points at the host's Docker socket: the container \
                             would control the host",
                        );
                    }
                }
            }
            _ => {}
        }
    }
    let runs: Vec<_> = runs(cx).collect();
    for run in runs {
        let mounted = run
            .run
            .flags
            .iter()
            .filter(|f| f.name.eq_ignore_ascii_case("mount"))
            .any(|f| names_socket(&f.text));
        let used = run
            .commands
            .iter()
            .any(|c| c.words.iter().skip(1).any(|w| names_socket(&w.value)));
        if mounted || used {
            cx.report(
                run.inst.span,
                if mounted {
                    "This `RUN` mounts the Docker socket: the build step controls the host's daemon"
                } else {
                    "This `RUN` uses the Docker socket: a container that has it controls the host"
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports;

    #[test]
    fn reports_the_socket() {
        for text in [
            "FROM a\nVOLUME /var/run/docker.sock\n",
            "FROM a\nVOLUME [\"/var/run/docker.sock\"]\n",
            "FROM a\nENV DOCKER_HOST=unix:///var/run/docker.sock\n",
            "FROM a\nRUN chmod 666 /var/run/docker.sock\n",
            "FROM a\nRUN --mount=type=bind,source=/var/run/docker.sock,target=/var/run/docker.sock docker ps\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn leaves_other_daemons_alone() {
        for text in [
            "FROM a\nVOLUME /var/lib/docker\n",
            "FROM a\nENV DOCKER_HOST=tcp://docker:2376\n",
            "FROM a\nRUN docker --version\n",
            "FROM a\n# mount /var/run/docker.sock when running\nRUN true\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }
}
