use crate::rules::hadolint::scan::{named_commands, run_script, with_onbuild};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3001",
    name: "pointless-command",
    severity: Severity::Info,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "For some bash commands it makes no sense running them in a Docker container like `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig`",
    docs: r#"
## What it does
Reports a `RUN` that calls `free`, `kill`, `mount`, `ps`, `service`,
`shutdown`, `ssh`, `top` or `vim` (also inside `ONBUILD RUN`).

## Why is this bad?
A build step runs once, without a terminal and without the services of a
running system. Interactive tools (`vim`, `top`), process and service
management (`service`, `kill`, `ps`, `shutdown`) and mounts do nothing
useful there, or do something that does not survive into the image: a
service "started" in a `RUN` is gone when the step ends. Start processes
from `CMD`/`ENTRYPOINT`, and do interactive work outside the build.

## Example
```dockerfile
FROM debian:12
RUN service nginx start
```

## Use instead
```dockerfile
FROM debian:12
CMD ["nginx", "-g", "daemon off;"]
```
"#,
    check,
};

const POINTLESS: &[&str] = &[
    "free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim",
];

fn check(cx: &mut Checker) {
    let file = cx.file;
    for (outer, inst) in with_onbuild(file) {
        let Some(script) = run_script(inst) else {
            continue;
        };
        if named_commands(&script).any(|(name, _)| POINTLESS.contains(&name)) {
            cx.report(outer.span, RULE.summary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::lines;

    #[test]
    fn finds_commands_anywhere() {
        let text = "FROM a:1\nRUN apt-get install -y vim\nRUN vim x\nRUN echo $(ps aux)\nONBUILD RUN service x start\nRUN ifconfig\nRUN echo kill\n";
        assert_eq!(lines(&RULE, text), vec![3, 4, 5]);
    }
}
