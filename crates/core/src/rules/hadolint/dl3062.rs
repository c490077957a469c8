use crate::diagnostic::Fix;
use crate::rules::pkg::{runs, CommandExt, Run};
use crate::rules::{Checker, FixAvailability, Rule, Source};
use crate::Severity;

pub static RULE: Rule = Rule {
    code: "DL3062",
    name: "go-pin-versions",
    severity: Severity::Warning,
    source: Source::Hadolint,
    fix: FixAvailability::Never,
    summary: "Pin versions in go. Instead of `go install <package>` use `go install <package>@<version>`.",
    docs: r#"
## What it does
Reports `go install`, `go get` and `go run` of a package without a
version (`pkg@v1.2.3`), or at the moving `@latest`/`@none`. Local
packages (`.`, `./cmd/app`, `/src/app`) are accepted. When a `RUN` has a
`go run`, only what it runs is checked (as hadolint does).

## Why is this bad?
Without a version, `go install` fetches whatever the module's default
branch or latest tag is on the day of the build: rebuilds differ and a
breaking release slips in unnoticed. `@latest` says the same thing
explicitly. The version is a human choice: no automatic fix.

## Example
```dockerfile
FROM golang:1.23
RUN go install golang.org/x/tools/gopls@latest
```

## Use instead
```dockerfile
FROM golang:1.23
RUN go install golang.org/x/tools/gopls@v0.16.2
```
"#,
    check,
};

const MESSAGE: &str =
    "Pin versions in go. Instead of `go install <package>` use `go install <package>@<version>`";

fn packages<'r>(run: &'r Run) -> Vec<&'r str> {
    // The package of each `go run`: the first positional after `run`.
    let runs: Vec<&str> = run
        .commands
        .iter()
        .filter(|c| c.runs_with(&["go"], &["run"]))
        .flat_map(|c| {
            c.positionals(&[])
                .into_iter()
                .take(2)
                .map(|w| w.value.as_str())
                .filter(|a| *a != "run")
        })
        .collect();
    if !runs.is_empty() {
        return runs;
    }
    run.commands
        .iter()
        .filter(|c| c.runs_with(&["go"], &["install", "get"]))
        .flat_map(|c| c.positionals(&[]))
        .map(|w| w.value.as_str())
        .filter(|a| !["install", "get", "tool"].contains(a))
        .collect()
}

fn pinned(package: &str) -> bool {
    let local = package == "." || package.starts_with('/') || package.starts_with('.');
    local || (package.contains('@') && !package.ends_with("@latest") && !package.ends_with("@none"))
}

/// What a human does about it (the fix is manual: a choice).
const HOW: &str = "Pin each module to the version you tested: `go install <package>@<version>`";

fn check(cx: &mut Checker) {
    for run in runs(cx) {
        if packages(run).iter().any(|p| !pinned(p)) {
            cx.report_fix(run.inst.span, MESSAGE, Fix::manual(HOW));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::reports;

    #[test]
    fn reports_unpinned() {
        for text in [
            "RUN go install github.com/x/y\n",
            "RUN go install github.com/x/y@latest\n",
            "RUN go get -u github.com/x/y\n",
            "RUN go run github.com/x/y arg\n",
            "RUN go install a@v1 b\n",
            "ONBUILD RUN go install github.com/x/y\n",
        ] {
            assert_eq!(reports(&RULE, text), 1, "{text}");
        }
    }

    #[test]
    fn accepts_pinned_and_local() {
        for text in [
            "RUN go install github.com/x/y@v1.2.3\n",
            "RUN go install ./...\n",
            "RUN go install .\n",
            "RUN go install -ldflags=-s /src/cmd/app\n",
            "RUN go run ./cmd/gen unpinned-arg\n",
            "RUN go run github.com/x/y@v1.0.0 some/arg\n",
            "RUN go build -o /app .\n",
            "RUN go mod download\n",
        ] {
            assert_eq!(reports(&RULE, text), 0, "{text}");
        }
    }
}
